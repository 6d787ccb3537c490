// What simulated buyers say when no scenario drives them: a built-in list of typical lines, or
// every `say` line of a folder of scenario files (simulator/README.md), without running them.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "huashu/core/result.h"

namespace huashu::simulator::tools {

// About thirty everyday buyer questions, in simplified and traditional script.
const std::vector<std::string>& builtin_buyer_lines();

// Every string in the `say` of every state of every `*.json` file in `folder`, files in name
// order. Only `states.*.say` is read: a variant is a string or an array of strings. Fails on a
// missing folder, a file that is not JSON, or a folder that yields no line at all.
Result<std::vector<std::string>> scenario_buyer_lines(const std::filesystem::path& folder);

}  // namespace huashu::simulator::tools
