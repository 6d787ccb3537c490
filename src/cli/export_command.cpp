#include <charconv>
#include <chrono>
#include <filesystem>
#include <iostream>

#include "arguments.h"
#include "commands.h"
#include "dates.h"
#include "huashu/protocol/records.h"
#include "huashu/storage/event_store.h"

namespace huashu::cli {

namespace {

constexpr const char* kExportUsage = R"(usage: huashu export [--db FILE] [--format jsonl|csv] [--conversation ID]
                     [--from YYYY-MM-DD] [--to YYYY-MM-DD]

Writes the event log to standard output, one record per event in event_id order, each with
its event_id. --from and --to are calendar days in Asia/Shanghai time (UTC+8), --to included.
Defaults: --db var/huashu.db, --format jsonl.
)";

}  // namespace

int export_command(const std::vector<std::string>& args) {
    Arguments arguments(args, {"--db", "--format", "--conversation", "--from", "--to"}, {"--help"});
    if (arguments.flag("--help")) {
        std::cout << kExportUsage;
        return 0;
    }
    const std::string format = arguments.value("--format").value_or("jsonl");
    if (!arguments.ok() || !arguments.positionals().empty() || (format != "jsonl" && format != "csv")) {
        if (!arguments.ok()) std::cerr << "huashu export: " << arguments.error() << '\n';
        std::cerr << kExportUsage;
        return 2;
    }
    storage::EventQuery query;
    query.conversation_id = arguments.value("--conversation");
    if (!read_day_range(arguments, query, std::cerr)) return 2;
    const std::string db_path = arguments.value("--db").value_or("var/huashu.db");
    std::error_code ec;
    if (!std::filesystem::exists(db_path, ec)) {
        std::cerr << "huashu export: " << db_path << " does not exist (pass --db FILE)\n";
        return 1;
    }
    auto store = storage::open_sqlite_event_store(db_path);
    if (!store) {
        std::cerr << "huashu export: " << store.error().message << '\n';
        return 1;
    }
    if (format == "csv") std::cout << protocol::event_csv_header() << '\n';
    query.limit = 10'000;
    while (true) {  // page through by event_id so that memory stays bounded
        auto page = (*store)->query(query);
        if (!page) {
            std::cerr << "huashu export: " << page.error().message << '\n';
            return 1;
        }
        for (const auto& stored : *page) {
            std::cout << (format == "csv" ? protocol::event_csv_row(stored) : protocol::event_json_line(stored)) << '\n';
        }
        if (page->size() < query.limit) break;
        query.after_event_id = page->back().event_id;
    }
    return std::cout.good() ? 0 : 1;
}

}  // namespace huashu::cli
