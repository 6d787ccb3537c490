// Loading the phrasebook and building the assistant (ranking + lint), shared by the commands that need both.
#pragma once

#include <iosfwd>
#include <memory>
#include <string>

#include "huashu/engine/assistant.h"

namespace huashu::cli {

// Loads `directory`; on failure prints every problem (file:line: entry: reason) to `errors`
// and returns null.
std::shared_ptr<const engine::Assistant> load_assistant(const std::string& directory, std::ostream& errors,
                                                        std::shared_ptr<const text::Normalizer> normalizer = nullptr);

}  // namespace huashu::cli
