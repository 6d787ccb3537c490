#include <iostream>
#include <map>

#include "arguments.h"
#include "commands.h"
#include "huashu/phrasebook/phrasebook.h"

namespace huashu::cli {

namespace {
constexpr const char* kPhrasebookUsage = R"(usage: huashu phrasebook check DIR

Checks every *.phrases file of DIR and reports each problem as FILE:LINE: SECTION: REASON.
Exit code 0 when the phrasebook loads, 1 when it has problems.
)";
}  // namespace

int phrasebook_command(const std::vector<std::string>& args) {
    Arguments arguments(args, {}, {"--help"});
    if (arguments.flag("--help")) {
        std::cout << kPhrasebookUsage;
        return 0;
    }
    if (!arguments.ok() || arguments.positionals().size() != 2 || arguments.positionals()[0] != "check") {
        std::cerr << kPhrasebookUsage;
        return 2;
    }
    const std::string& directory = arguments.positionals()[1];
    const phrasebook::LoadReport report = phrasebook::load_directory(directory);
    if (!report.ok()) {
        for (const auto& problem : report.problems) std::cout << problem.to_string() << '\n';
        std::cout << report.problems.size() << (report.problems.size() == 1 ? " problem" : " problems") << " in "
                  << directory << '\n';
        return 1;
    }
    const phrasebook::Phrasebook& book = *report.phrasebook;
    std::map<phrasebook::Intent, std::pair<int, int>> per_intent;  // entries, replies
    std::map<phrasebook::Technique, int> per_technique;
    for (const auto& entry : book.entries) {
        per_intent[entry.category].first += 1;
        per_intent[entry.category].second += static_cast<int>(entry.replies.size());
        if (entry.technique) per_technique[*entry.technique] += static_cast<int>(entry.replies.size());
    }
    std::cout << directory << ": ok — " << book.files.size() << " files, " << book.entries.size() << " entries, "
              << book.forbidden.size() << " forbidden-phrase rules, " << book.synonyms.size() << " synonym lines, "
              << book.placeholders.size() << " placeholders\n";
    for (phrasebook::Intent intent : phrasebook::all_intents()) {
        const auto [entries, replies] = per_intent[intent];
        std::cout << "  " << phrasebook::to_string(intent) << ": " << entries << " entries, " << replies << " replies"
                  << (entries == 0 ? "  (warning: buyers asking this get no suggestion)" : "") << '\n';
    }
    for (phrasebook::Technique technique : phrasebook::all_techniques()) {
        const int replies = per_technique[technique];
        std::cout << "  technique " << phrasebook::to_string(technique) << ": " << replies << " replies"
                  << (replies == 0 ? "  (warning: never offered)" : "") << '\n';
    }
    return 0;
}

}  // namespace huashu::cli
