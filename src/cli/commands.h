// The subcommands of `huashu`. Each takes the arguments after its name and returns the exit code:
// 0 success, 1 the work failed (bad phrasebook, port in use…), 2 the command line was wrong.
#pragma once

#include <string>
#include <vector>

namespace huashu::cli {

int serve_command(const std::vector<std::string>& args);
int suggest_command(const std::vector<std::string>& args);
int phrasebook_command(const std::vector<std::string>& args);
int lint_command(const std::vector<std::string>& args);
int export_command(const std::vector<std::string>& args);
int kpi_command(const std::vector<std::string>& args);
int scores_command(const std::vector<std::string>& args);

}  // namespace huashu::cli
