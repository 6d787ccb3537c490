#include <algorithm>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "arguments.h"
#include "commands.h"
#include "dates.h"
#include "event_log.h"
#include "settings_loading.h"
#include "huashu/protocol/records.h"

namespace huashu::cli {

namespace {

constexpr const char* kKpiUsage = R"(usage: huashu kpi [--db FILE] [--agent A] [--from YYYY-MM-DD --to YYYY-MM-DD]
                  [--by agent|day|conversation] [--format table|json|csv]

Response-time and conversion KPIs per agent and for the team, computed from the event log the
way the platforms count them (docs/metrics.md): first response time, average human response
time over capped rounds, median and p90, 30-second and 3-minute response rates within service
hours (08:00-23:00 Asia/Shanghai), overtime counts, effective reply rate, inquiry conversion.
--by day adds each day's figures (a round counts on the day it started), --by conversation
each conversation's. Days are local days (the configured time zone), both included. Service hours and thresholds come from --config FILE
(default ./huashu.conf when present). Defaults: --db var/huashu.db, --format table.
)";

std::string seconds(double ms) {
    std::ostringstream out;
    out << std::fixed << std::setprecision(1) << ms / 1000 << " s";
    return out.str();
}

std::string percent(double ratio) {
    std::ostringstream out;
    out << std::fixed << std::setprecision(1) << ratio * 100 << " %";
    return out.str();
}

void print_table(const metrics::KpiReport& report, protocol::KpiBreakdown breakdown, std::ostream& out) {
    std::string indent;
    const auto print = [&](const metrics::AgentKpis& k) {
        out << indent << (k.agent == "*" ? std::string("team") : k.agent) << '\n' << indent
            << "  buyers asked / served        " << k.buyers_asked << " / " << k.buyers_served << '\n'
            << indent << "  first response  mean/median/p90  " << seconds(k.first_response.mean_ms) << " / "
            << seconds(k.first_response.median_ms) << " / " << seconds(k.first_response.p90_ms) << "  ("
            << k.first_response.count << " conversations)\n"
            << indent << "  human response  mean/median/p90  " << seconds(k.response.mean_ms) << " / " << seconds(k.response.median_ms)
            << " / " << seconds(k.response.p90_ms) << "  (" << k.rounds << " rounds, " << k.unanswered_rounds
            << " unanswered; service-hours mean " << seconds(k.response_service_hours.mean_ms) << ")\n"
            << indent << "  30-second rate               " << percent(k.thirty_second_rate) << "  (" << k.messages_in_service_hours
            << " messages in service hours)\n"
            << indent << "  3-minute rate                " << percent(k.three_minute_rate) << "  (" << k.rounds_in_service_hours
            << " rounds in service hours)\n"
            << indent << "  overtime >60 s / severe      " << k.overtime << " / " << k.severe_overtime << '\n'
            << indent << "  effective reply rate         " << percent(k.effective_reply_rate) << '\n'
            << indent << "  inquiry conversion (paid)    " << percent(k.inquiry_conversion) << "  (" << k.buyers_paid << " paid, "
            << k.buyers_ordered << " ordered)\n";
    };
    if (breakdown == protocol::KpiBreakdown::day) {
        for (const auto& day : report.days) {
            out << day.date << '\n';
            indent = "  ";
            for (const auto& k : day.agents) print(k);
            if (day.agents.size() != 1) print(day.team);
            indent.clear();
        }
        out << "all days\n";
    } else if (breakdown == protocol::KpiBreakdown::conversation) {
        for (const auto& c : report.conversations) {
            out << "conversation " << c.conversation_id << '\n';
            indent = "  ";
            print(c.kpis);
            indent.clear();
        }
        out << "all conversations\n";
    }
    for (const auto& k : report.agents) print(k);
    if (report.agents.size() != 1) print(report.team);
}

}  // namespace

int kpi_command(const std::vector<std::string>& args) {
    Arguments arguments(args, {"--db", "--agent", "--from", "--to", "--format", "--config", "--by"}, {"--help"});
    if (arguments.flag("--help")) {
        std::cout << kKpiUsage;
        return 0;
    }
    const std::string format = arguments.value("--format").value_or("table");
    const auto breakdown = protocol::parse_kpi_breakdown(arguments.value("--by").value_or("agent"));
    if (!arguments.ok() || !arguments.positionals().empty() || !breakdown ||
        (format != "table" && format != "json" && format != "csv")) {
        if (!arguments.ok()) std::cerr << "huashu kpi: " << arguments.error() << '\n';
        std::cerr << kKpiUsage;
        return 2;
    }
    storage::EventQuery query;
    if (!read_day_range(arguments, query, std::cerr)) return 2;
    const auto settings = load_command_settings(arguments, std::cerr);
    if (!settings) return 1;
    auto store = open_existing_event_log(arguments.value("--db").value_or("var/huashu.db"), "kpi", std::cerr);
    if (!store) return 1;
    std::vector<metrics::TimelineEvent> timeline;
    const bool read = for_each_event(
        *store, query,
        [&](const storage::StoredEvent& stored) {
            if (auto event = protocol::timeline_event(stored)) timeline.push_back(std::move(*event));
        },
        "kpi", std::cerr);
    if (!read) return 1;
    metrics::KpiReport report = metrics::compute_kpis(timeline, settings->kpis, *breakdown);
    if (auto agent = arguments.value("--agent")) {
        if (std::none_of(report.agents.begin(), report.agents.end(), [&](const auto& k) { return k.agent == *agent; })) {
            std::cerr << "huashu kpi: no events for agent '" << *agent << "'\n";
            return 1;
        }
        metrics::restrict_to_agent(report, *agent);
    }
    if (format == "json") {
        std::cout << protocol::kpi_report_json(report, *breakdown) << '\n';
    } else if (format == "csv") {
        std::cout << protocol::kpi_report_csv(report, *breakdown);
    } else {
        print_table(report, *breakdown, std::cout);
    }
    return 0;
}

}  // namespace huashu::cli
