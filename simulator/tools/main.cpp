// `huashu-sim` — drives simulated buyers against a running `huashu serve` over WebSocket.
// One entry per subcommand in kSubcommands; the usage text is built from it.
#include <iomanip>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "commands.h"

namespace {

using SubcommandFunction = int (*)(const std::vector<std::string>& args);

struct Subcommand {
    std::string_view name;
    std::string_view summary;
    SubcommandFunction run;
};

constexpr Subcommand kSubcommands[] = {
    {"practice", "a practice chat with a simulated buyer in the terminal, scored at the end",
     huashu::simulator::tools::practice_command},
    {"replay", "a logged conversation again, at its original pace, compared with the original agent",
     huashu::simulator::tools::replay_command},
    {"run", "one scenario on the service, every buyer turn answered with the top suggestion",
     huashu::simulator::tools::run_command},
    {"load", "N concurrent buyers at a fixed total message rate; round-trip percentiles",
     huashu::simulator::tools::load_command},
};

void print_usage(std::ostream& out) {
    out << "usage: huashu-sim COMMAND [OPTIONS]\n\ncommands:\n";
    for (const Subcommand& command : kSubcommands) {
        out << "  " << std::left << std::setw(10) << command.name << command.summary << "\n";
    }
    out << "  " << std::left << std::setw(10) << "help"
        << "show this text; `huashu-sim COMMAND --help` shows a command's options\n";
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
        print_usage(std::cout);
        return args.empty() ? 2 : 0;
    }
    if (args[0] == "--version") {
        std::cout << "huashu-sim 0.1.0\n";
        return 0;
    }
    const std::string name = args[0];
    args.erase(args.begin());
    for (const Subcommand& command : kSubcommands) {
        if (command.name == name) return command.run(args);
    }
    std::cerr << "huashu-sim: unknown command '" << name << "'\n";
    print_usage(std::cerr);
    return 2;
}
