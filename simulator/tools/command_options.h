// What the huashu-sim commands read from their command lines alike: the connection (--url, and
// who to say hello as: --token-file FILE, or --user U --token T, with --role) and numbers.
#pragma once

#include <optional>
#include <string>

#include "cli/arguments.h"
#include "huashu/simulator/client.h"

namespace huashu::simulator::tools {

// The option names these read, for cli::Arguments.
inline constexpr const char* kConnectionOptions[] = {"--url", "--token-file", "--user", "--token", "--role"};

// Returns the complaint, or "" when the options are fine.
std::string read_connection(const cli::Arguments& arguments, const std::string& default_role, std::string& url_text,
                            Credentials& credentials);

// The usage lines of these options, naming the default role.
std::string connection_usage(const std::string& default_role);

// Reads an optional whole number within [low, high]; an absent value leaves `out` unchanged.
template <typename Number>
bool read_number(const std::optional<std::string>& text, Number& out, Number low, Number high);

}  // namespace huashu::simulator::tools
