#include <algorithm>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <map>

#include "arguments.h"
#include "commands.h"
#include "event_log.h"
#include "huashu/phrasebook/phrasebook.h"
#include "huashu/storage/event_store.h"

namespace huashu::cli {

namespace {
constexpr const char* kPhrasebookUsage = R"(usage: huashu phrasebook check DIR
       huashu phrasebook stats [--phrasebook DIR] [--db FILE] [--top N]

check  checks every *.phrases file of DIR and reports each problem as FILE:LINE: SECTION: REASON.
       Exit code 0 when the phrasebook loads, 1 when it has problems.
stats  lists the replies agents sent most and least often, from the event log (default
       var/huashu.db) and the phrasebook (default phrasebook); never-used replies come first
       among the least used. --top N rows each (default 10).
)";

std::string shorten(const std::string& text, std::size_t max_code_points) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && ++count > max_code_points) return text.substr(0, i) + "…";
    }
    return text;
}

int stats(const Arguments& arguments) {
    const std::string directory = arguments.value("--phrasebook").value_or("phrasebook");
    const std::string db_path = arguments.value("--db").value_or("var/huashu.db");
    std::size_t top = 10;
    if (auto value = arguments.value("--top")) {
        try {
            top = static_cast<std::size_t>(std::stoul(*value));
        } catch (const std::exception&) {
            std::cerr << "huashu phrasebook stats: --top takes a number\n";
            return 2;
        }
    }
    const phrasebook::LoadReport report = phrasebook::load_directory(directory);
    if (!report.ok()) {
        for (const auto& problem : report.problems) std::cerr << problem.to_string() << '\n';
        return 1;
    }
    auto store = open_existing_event_log(db_path, "phrasebook stats", std::cerr);
    if (!store) return 1;
    auto usage = store->suggestion_usage();
    if (!usage) {
        std::cerr << "huashu phrasebook stats: " << usage.error().message << '\n';
        return 1;
    }
    std::map<std::string, std::int64_t> uses;
    for (const auto& use : *usage) uses[use.suggestion_id] = use.uses;
    struct Row {
        std::string id;
        std::int64_t uses;
        std::string text;
    };
    std::vector<Row> rows;
    for (const auto& entry : report.phrasebook->entries) {
        for (std::size_t v = 0; v < entry.replies.size(); ++v) {
            const std::string id = entry.id + "#" + std::to_string(v + 1);
            rows.push_back({id, uses.contains(id) ? uses[id] : 0, entry.replies[v]});
            uses.erase(id);
        }
    }
    std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.uses > b.uses; });
    const auto print = [](const Row& row) {
        std::cout << "  " << std::setw(6) << row.uses << "  " << row.id << "  " << shorten(row.text, 30) << '\n';
    };
    std::cout << "most used replies:\n";
    for (std::size_t i = 0; i < std::min(top, rows.size()) && rows[i].uses > 0; ++i) print(rows[i]);
    std::cout << "least used replies:\n";
    for (std::size_t i = 0; i < std::min(top, rows.size()); ++i) print(rows[rows.size() - 1 - i]);
    if (!uses.empty()) {
        std::cout << "used but no longer in the phrasebook:\n";
        for (const auto& [id, count] : uses) std::cout << "  " << std::setw(6) << count << "  " << id << '\n';
    }
    return 0;
}
}  // namespace

int phrasebook_command(const std::vector<std::string>& args) {
    Arguments arguments(args, {"--phrasebook", "--db", "--top"}, {"--help"});
    if (arguments.flag("--help")) {
        std::cout << kPhrasebookUsage;
        return 0;
    }
    if (arguments.ok() && arguments.positionals().size() == 1 && arguments.positionals()[0] == "stats") return stats(arguments);
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
              << book.placeholders.size() << " placeholders, " << book.clause_cues.size() << " clause cue lines\n";
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
