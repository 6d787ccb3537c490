// The settings file of a command: --config FILE, else ./huashu.conf when present, else defaults.
#pragma once

#include <iosfwd>
#include <optional>

#include "arguments.h"
#include "huashu/config/settings.h"

namespace huashu::cli {

// nullopt, with the file:line problem on `errors`, when the file does not read.
std::optional<config::Settings> load_command_settings(const Arguments& arguments, std::ostream& errors);

}  // namespace huashu::cli
