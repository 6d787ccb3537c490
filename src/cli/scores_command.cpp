#include <iomanip>
#include <iostream>

#include <nlohmann/json.hpp>

#include "arguments.h"
#include "commands.h"
#include "dates.h"
#include "event_log.h"
#include "huashu/protocol/records.h"

namespace huashu::cli {

namespace {

constexpr const char* kScoresUsage = R"(usage: huashu scores [--db FILE] [--user U] [--from YYYY-MM-DD --to YYYY-MM-DD]
                     [--format table|json|csv]

Practice score cards from the event log, oldest first: who practised which scenario, how it
ended, the total out of 100 and its parts, techniques used, lint hits and unanswered questions.
The whole card of each practice is in `huashu export` (type practice_result).
Defaults: --db var/huashu.db, --format table.
)";

// One practice_result event, flattened for a supervisor's list.
struct ScoreRow {
    std::int64_t time_ms = 0;
    std::string user;
    std::string conversation_id;
    nlohmann::json score;
};


}  // namespace

int scores_command(const std::vector<std::string>& args) {
    Arguments arguments(args, {"--db", "--user", "--from", "--to", "--format"}, {"--help"});
    if (arguments.flag("--help")) {
        std::cout << kScoresUsage;
        return 0;
    }
    const std::string format = arguments.value("--format").value_or("table");
    if (!arguments.ok() || !arguments.positionals().empty() || (format != "table" && format != "json" && format != "csv")) {
        if (!arguments.ok()) std::cerr << "huashu scores: " << arguments.error() << '\n';
        std::cerr << kScoresUsage;
        return 2;
    }
    storage::EventQuery query;
    if (!read_day_range(arguments, query, std::cerr)) return 2;
    auto store = open_existing_event_log(arguments.value("--db").value_or("var/huashu.db"), "scores", std::cerr);
    if (!store) return 1;
    const auto user = arguments.value("--user");
    std::vector<ScoreRow> rows;
    const bool read = for_each_event(
        *store, query,
        [&](const storage::StoredEvent& stored) {
            if (stored.event.type != "practice_result" || stored.event.direction != storage::Direction::sent) return;
            if (user && stored.event.user != *user) return;
            const auto frame = nlohmann::json::parse(stored.event.payload_json, nullptr, /*allow_exceptions=*/false);
            if (!frame.is_object() || !frame.contains("score")) return;
            rows.push_back({stored.event.server_time_ms, stored.event.user, stored.event.conversation_id, frame["score"]});
        },
        "scores", std::cerr);
    if (!read) return 1;
    if (format == "json") {
        nlohmann::json list = nlohmann::json::array();
        for (const ScoreRow& row : rows) {
            list.push_back({{"time_ms", row.time_ms}, {"user", row.user}, {"conversation_id", row.conversation_id}, {"score", row.score}});
        }
        std::cout << list.dump(2) << '\n';
        return 0;
    }
    if (format == "csv") {
        std::cout << "time_ms,user,conversation_id,scenario,ending,good_ending,total,speed,outcome,answers,techniques,manners,"
                     "techniques_used,lint_hits,unanswered_questions\n";
        for (const ScoreRow& row : rows) {
            const nlohmann::json& s = row.score;
            const nlohmann::json& c = s["components"];
            std::cout << row.time_ms << ',' << protocol::csv_field(row.user) << ',' << protocol::csv_field(row.conversation_id) << ','
                      << protocol::csv_field(s.value("scenario", "")) << ',' << s.value("ending", "") << ','
                      << (s.value("good_ending", false) ? "true" : "false") << ',' << s["total"].dump() << ','
                      << c["speed"].dump() << ',' << c["outcome"].dump() << ',' << c["answers"].dump() << ','
                      << (c["techniques"].is_null() ? std::string() : c["techniques"].dump()) << ',' << c["manners"].dump()
                      << ',' << protocol::csv_field(s["techniques_used"].dump()) << ',' << s.value("lint_hits", 0) << ','
                      << s.value("unanswered_questions", 0) << '\n';
        }
        return 0;
    }
    std::cout << std::left << std::setw(18) << "user" << std::setw(26) << "scenario" << std::setw(12) << "ending" << std::setw(8)
              << "total" << "lint  unanswered  techniques\n";
    for (const ScoreRow& row : rows) {
        const nlohmann::json& s = row.score;
        std::cout << std::left << std::setw(18) << row.user << std::setw(26) << s.value("scenario", "") << std::setw(12)
                  << s.value("ending", "") << std::setw(8) << std::fixed << std::setprecision(1) << s.value("total", 0.0)
                  << std::setw(6) << s.value("lint_hits", 0) << std::setw(12) << s.value("unanswered_questions", 0)
                  << (s["techniques_used"].empty() ? std::string("-") : s["techniques_used"].dump()) << '\n';
    }
    if (rows.empty()) std::cout << "(no practice yet)\n";
    return 0;
}

}  // namespace huashu::cli
