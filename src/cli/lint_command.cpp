#include <iostream>

#include "arguments.h"
#include "commands.h"
#include "engine_loading.h"
#include "huashu/protocol/frames.h"

namespace huashu::cli {

namespace {
constexpr const char* kLintUsage = R"(usage: huashu lint [--phrasebook DIR] [--json] DRAFT

Checks an agent's draft against the phrasebook's forbidden phrases (禁语) and prints each issue
with its position (in characters), the rule, why, and a tactful rewrite. Exit code 0 for a clean
draft, 1 when it has an issue of severity error, 0 with only warnings.
  --json   print the same object as the service's `lint` frame
)";
}  // namespace

int lint_command(const std::vector<std::string>& args) {
    Arguments arguments(args, {"--phrasebook"}, {"--json", "--help"});
    if (arguments.flag("--help")) {
        std::cout << kLintUsage;
        return 0;
    }
    if (!arguments.ok() || arguments.positionals().size() != 1) {
        if (!arguments.ok()) std::cerr << "huashu lint: " << arguments.error() << '\n';
        std::cerr << kLintUsage;
        return 2;
    }
    const std::string& draft = arguments.positionals().front();
    if (!text::is_valid_utf8(draft)) {
        std::cerr << "huashu lint: DRAFT is not valid UTF-8\n";
        return 2;
    }
    auto assistant = load_assistant(arguments.value("--phrasebook").value_or("phrasebook"), std::cerr);
    if (!assistant) return 1;
    const auto issues = assistant->linter->lint(draft);
    bool has_error = false;
    for (const auto& issue : issues) has_error = has_error || issue.severity == phrasebook::Severity::error;
    if (arguments.flag("--json")) {
        std::cout << protocol::lint_frame("", issues, std::nullopt) << '\n';
        return has_error ? 1 : 0;
    }
    if (issues.empty()) std::cout << "clean\n";
    for (const auto& issue : issues) {
        std::cout << issue.start << "-" << issue.end << " 「" << issue.text << "」 " << phrasebook::to_string(issue.severity)
                  << " " << phrasebook::to_string(issue.rule) << " (" << issue.rule_id << ")\n  " << issue.message
                  << "\n  → " << issue.rewrite << '\n';
    }
    return has_error ? 1 : 0;
}

}  // namespace huashu::cli
