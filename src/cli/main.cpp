// `huashu` — one executable, one subcommand per job. Each command is a thin layer over the
// libraries; see `huashu help`.
#include <iostream>
#include <string>
#include <vector>

#include "commands.h"
#include "huashu/core/huge_pages.h"

namespace {

constexpr const char* kUsage = R"(usage: huashu COMMAND [OPTIONS]

commands:
  serve                 run the WebSocket service (ws://127.0.0.1:8765/ws by default)
  suggest TEXT          print the replies the service would suggest for a buyer message
                        (TEXT starting with '/' searches by keyword or pinyin: /tuihuo, /th)
  lint DRAFT            check an agent's draft for forbidden phrases and print rewrites
  phrasebook check DIR  check a phrasebook folder and report every problem
  phrasebook stats      list the most and least used replies (from the event log)
  export                write the event log as JSON lines or CSV
  kpi                   response-time and conversion KPIs per agent, from the event log
  scores                trainees' practice score cards, from the event log
  help                  show this text; `huashu COMMAND --help` shows a command's options
)";

}  // namespace

int main(int argc, char** argv) {
    huashu::relaunch_with_huge_page_heap(argv);
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
        std::cout << kUsage;
        return args.empty() ? 2 : 0;
    }
    const std::string command = args[0];
    args.erase(args.begin());
    if (command == "serve") return huashu::cli::serve_command(args);
    if (command == "suggest") return huashu::cli::suggest_command(args);
    if (command == "phrasebook") return huashu::cli::phrasebook_command(args);
    if (command == "lint") return huashu::cli::lint_command(args);
    if (command == "export") return huashu::cli::export_command(args);
    if (command == "kpi") return huashu::cli::kpi_command(args);
    if (command == "scores") return huashu::cli::scores_command(args);
    if (command == "--version") {
        std::cout << "huashu 0.1.0\n";
        return 0;
    }
    std::cerr << "huashu: unknown command '" << command << "'\n" << kUsage;
    return 2;
}
