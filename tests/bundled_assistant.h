// The bundled phrasebook, loaded and built once per test program.
#pragma once

#include <memory>

#include "huashu/engine/assistant.h"

namespace huashu::testing {

// Fails the calling test (ADD_FAILURE) if the bundled phrasebook does not load.
std::shared_ptr<const engine::Assistant> bundled_assistant();

}  // namespace huashu::testing
