#include <charconv>
#include <chrono>
#include <iostream>

#include "arguments.h"
#include "commands.h"
#include "dates.h"
#include "event_log.h"
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
    auto store = open_existing_event_log(arguments.value("--db").value_or("var/huashu.db"), "export", std::cerr);
    if (!store) return 1;
    if (format == "csv") std::cout << protocol::event_csv_header() << '\n';
    const bool read = for_each_event(
        *store, query,
        [&](const storage::StoredEvent& stored) {
            std::cout << (format == "csv" ? protocol::event_csv_row(stored) : protocol::event_json_line(stored)) << '\n';
        },
        "export", std::cerr);
    if (!read) return 1;
    return std::cout.good() ? 0 : 1;
}

}  // namespace huashu::cli
