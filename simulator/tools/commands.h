// The subcommands of `huashu-sim`. Each takes the arguments after its name and returns the exit
// code: 0 success, 1 the run found a problem (errors, unanswered messages, no connection),
// 2 the command line was wrong.
#pragma once

#include <string>
#include <vector>

namespace huashu::simulator::tools {

int load_command(const std::vector<std::string>& args);
int run_command(const std::vector<std::string>& args);
int replay_command(const std::vector<std::string>& args);
int practice_command(const std::vector<std::string>& args);

}  // namespace huashu::simulator::tools
