#include "huashu/protocol/records.h"

#include <nlohmann/json.hpp>

namespace huashu::protocol {

using json = nlohmann::ordered_json;

namespace {

const char* direction_name(storage::Direction d) { return d == storage::Direction::received ? "received" : "sent"; }


}  // namespace

std::string event_json_line(const storage::StoredEvent& stored) {
    const storage::Event& e = stored.event;
    json payload = json::parse(e.payload_json, nullptr, false);
    json record = {
        {"event_id", stored.event_id},
        {"server_time_ms", e.server_time_ms},
        {"direction", direction_name(e.direction)},
        {"type", e.type},
        {"role", e.role},
        {"user", e.user},
        {"conversation_id", e.conversation_id},
        {"client_event_id", e.client_event_id ? json(*e.client_event_id) : json()},
        {"suggestion_id", e.suggestion_id ? json(*e.suggestion_id) : json()},
        // Stored payloads are the frames as received or sent; should one not parse, it is kept as text.
        {"payload", payload.is_discarded() ? json(e.payload_json) : payload},
    };
    return record.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string csv_field(const std::string& value) {
    if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
    std::string quoted = "\"";
    for (char c : value) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + '"';
}

std::string event_csv_header() {
    return "event_id,server_time_ms,direction,type,role,user,conversation_id,client_event_id,suggestion_id,payload";
}

std::string event_csv_row(const storage::StoredEvent& stored) {
    const storage::Event& e = stored.event;
    return std::to_string(stored.event_id) + "," + std::to_string(e.server_time_ms) + "," + direction_name(e.direction) + "," +
           csv_field(e.type) + "," + csv_field(e.role) + "," + csv_field(e.user) + "," + csv_field(e.conversation_id) + "," +
           csv_field(e.client_event_id.value_or("")) + "," + csv_field(e.suggestion_id.value_or("")) + "," +
           csv_field(e.payload_json);
}

std::optional<metrics::TimelineEvent> timeline_event(const storage::StoredEvent& stored) {
    const storage::Event& e = stored.event;
    if (e.direction != storage::Direction::received) return std::nullopt;
    const json payload = json::parse(e.payload_json, nullptr, false);
    if (!payload.is_object()) return std::nullopt;
    metrics::TimelineEvent out{e.server_time_ms, metrics::EventKind::buyer_message, e.conversation_id, e.user, ""};
    if (e.type == "buyer_message") {
        out.buyer = payload.value("buyer_id", "");
    } else if (e.type == "agent_message") {
        out.kind = payload.value("auto", false) ? metrics::EventKind::auto_reply : metrics::EventKind::agent_reply;
    } else if (e.type == "transfer") {
        out.kind = metrics::EventKind::transfer;
        out.agent = payload.value("to_agent", e.user);
    } else if (e.type == "order_event") {
        const std::string event = payload.value("event", "");
        if (event == "placed") out.kind = metrics::EventKind::order_placed;
        else if (event == "paid") out.kind = metrics::EventKind::order_paid;
        else if (event == "cancelled") out.kind = metrics::EventKind::order_cancelled;
        else if (event == "refunded") out.kind = metrics::EventKind::order_refunded;
        else return std::nullopt;
    } else {
        return std::nullopt;
    }
    return out;
}

namespace {

json distribution_json(const metrics::Distribution& d) {
    return {{"count", d.count}, {"mean_ms", d.mean_ms}, {"median_ms", d.median_ms}, {"p90_ms", d.p90_ms}};
}

json agent_json(const metrics::AgentKpis& k) {
    return {
        {"agent", k.agent},
        {"conversations", k.conversations},
        {"buyers_asked", k.buyers_asked},
        {"buyers_served", k.buyers_served},
        {"first_response", distribution_json(k.first_response)},
        {"response", distribution_json(k.response)},
        {"response_service_hours", distribution_json(k.response_service_hours)},
        {"rounds", k.rounds},
        {"unanswered_rounds", k.unanswered_rounds},
        {"rounds_in_service_hours", k.rounds_in_service_hours},
        {"three_minute_rate", k.three_minute_rate},
        {"messages_in_service_hours", k.messages_in_service_hours},
        {"thirty_second_rate", k.thirty_second_rate},
        {"overtime", k.overtime},
        {"severe_overtime", k.severe_overtime},
        {"effective_reply_rate", k.effective_reply_rate},
        {"buyers_ordered", k.buyers_ordered},
        {"buyers_paid", k.buyers_paid},
        {"inquiry_conversion", k.inquiry_conversion},
        {"order_to_paid", k.order_to_paid},
    };
}

}  // namespace

std::optional<KpiBreakdown> parse_kpi_breakdown(std::string_view name) {
    if (name == "agent") return KpiBreakdown::none;
    if (name == "day") return KpiBreakdown::day;
    if (name == "conversation") return KpiBreakdown::conversation;
    return std::nullopt;
}

std::string kpi_report_json(const metrics::KpiReport& report, KpiBreakdown breakdown) {
    json agents = json::array();
    for (const auto& k : report.agents) agents.push_back(agent_json(k));
    json out = {{"agents", std::move(agents)}, {"team", agent_json(report.team)}};
    if (breakdown == KpiBreakdown::day) {
        json days = json::array();
        for (const auto& day : report.days) {
            json day_agents = json::array();
            for (const auto& k : day.agents) day_agents.push_back(agent_json(k));
            days.push_back({{"date", day.date}, {"agents", std::move(day_agents)}, {"team", agent_json(day.team)}});
        }
        out["days"] = std::move(days);
    } else if (breakdown == KpiBreakdown::conversation) {
        json conversations = json::array();
        for (const auto& c : report.conversations) {
            json row = agent_json(c.kpis);
            row["conversation_id"] = c.conversation_id;
            conversations.push_back(std::move(row));
        }
        out["conversations"] = std::move(conversations);
    }
    return out.dump(2);
}

std::string kpi_report_csv(const metrics::KpiReport& report, KpiBreakdown breakdown) {
    const std::string group_column = breakdown == KpiBreakdown::day            ? "day,"
                                     : breakdown == KpiBreakdown::conversation ? "conversation_id,"
                                                                               : "";
    std::string out = group_column +
        "agent,conversations,buyers_asked,buyers_served,first_response_mean_ms,first_response_median_ms,"
        "first_response_p90_ms,response_mean_ms,response_median_ms,response_p90_ms,response_service_hours_mean_ms,"
        "rounds,unanswered_rounds,three_minute_rate,thirty_second_rate,overtime,severe_overtime,effective_reply_rate,"
        "buyers_ordered,buyers_paid,inquiry_conversion,order_to_paid\n";
    auto row = [&](const std::string& group, const metrics::AgentKpis& k) {
        const auto number = [](double v) { return json(v).dump(); };
        if (!group_column.empty()) out += csv_field(group) + ",";
        out += csv_field(k.agent) + "," + std::to_string(k.conversations) + "," + std::to_string(k.buyers_asked) + "," +
               std::to_string(k.buyers_served) + "," + number(k.first_response.mean_ms) + "," +
               number(k.first_response.median_ms) + "," + number(k.first_response.p90_ms) + "," +
               number(k.response.mean_ms) + "," + number(k.response.median_ms) + "," + number(k.response.p90_ms) + "," +
               number(k.response_service_hours.mean_ms) + "," + std::to_string(k.rounds) + "," +
               std::to_string(k.unanswered_rounds) + "," + number(k.three_minute_rate) + "," +
               number(k.thirty_second_rate) + "," + std::to_string(k.overtime) + "," + std::to_string(k.severe_overtime) +
               "," + number(k.effective_reply_rate) + "," + std::to_string(k.buyers_ordered) + "," +
               std::to_string(k.buyers_paid) + "," + number(k.inquiry_conversion) + "," + number(k.order_to_paid) + "\n";
    };
    if (breakdown == KpiBreakdown::day) {
        for (const auto& day : report.days) {
            for (const auto& k : day.agents) row(day.date, k);
            if (day.agents.size() != 1) row(day.date, day.team);
        }
    } else if (breakdown == KpiBreakdown::conversation) {
        for (const auto& c : report.conversations) row(c.conversation_id, c.kpis);
    }
    // The totals close the file; their group column is "*" (every day, every conversation).
    for (const auto& k : report.agents) row("*", k);
    row("*", report.team);
    return out;
}

}  // namespace huashu::protocol
