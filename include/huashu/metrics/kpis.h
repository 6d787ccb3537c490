// Response-time and conversion KPIs computed the way the platforms compute them
// (definitions in docs/metrics.md, from ../shared/domain.md).
//
//   std::vector<TimelineEvent> timeline = …;           // from the event log, in time order
//   KpiReport report = compute_kpis(timeline, KpiConfig{});
//   for (const AgentKpis& agent : report.agents) …
//
// Pure computation over a timeline: no clock, no storage, so every figure can be checked by hand.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace huashu::metrics {

enum class EventKind : unsigned char {
    buyer_message,  // the buyer wrote
    agent_reply,    // a manual reply by `agent`
    auto_reply,     // an auto-responder or bot: never ends a wait
    transfer,       // the conversation passes to `agent`
    order_placed,
    order_paid,
    order_cancelled,
    order_refunded,
};

struct TimelineEvent {
    std::int64_t time_ms = 0;  // Unix epoch milliseconds
    EventKind kind = EventKind::buyer_message;
    std::string conversation_id;
    std::string agent;  // who handles the conversation (the connection's user)
    std::string buyer;  // buyer id, when the event has one
};

// All thresholds are configuration, not code: platforms differ (Taobao, Pinduoduo, JD, Kuaishou).
struct KpiConfig {
    int service_start_minute = 8 * 60;    // 08:00 local time, inclusive
    int service_end_minute = 23 * 60;     // 23:00 local time, exclusive
    int utc_offset_minutes = 8 * 60;      // Asia/Shanghai, no daylight saving
    std::int64_t round_cap_ms = 10 * 60'000;          // a round counts at most 10 min; unanswered = 10 min
    std::int64_t fast_reply_ms = 30'000;              // the 30-second response rate
    std::int64_t three_minute_ms = 3 * 60'000;        // the 3-minute response rate
    std::int64_t overtime_ms = 60'000;                // first-response overtime
    std::int64_t severe_overtime_ms = 200'000;        // severe overtime
    std::int64_t effective_reply_max_ms = 60 * 60'000;  // a message answered later than this is not validly answered
};

struct Distribution {
    std::int64_t count = 0;
    double mean_ms = 0;
    double median_ms = 0;
    double p90_ms = 0;
};

struct AgentKpis {
    std::string agent;
    std::int64_t conversations = 0;
    std::int64_t buyers_asked = 0;      // distinct buyers who wrote to this agent
    std::int64_t buyers_served = 0;     // … and got at least one manual reply
    Distribution first_response;        // per conversation: first buyer message → first manual reply
    Distribution response;              // per round, capped; an unanswered round counts as the cap
    Distribution response_service_hours;  // the same rounds, counting only time inside service hours
    std::int64_t rounds = 0;
    std::int64_t unanswered_rounds = 0;
    std::int64_t rounds_in_service_hours = 0;
    double three_minute_rate = 0;       // rounds (started in service hours) answered within 3 min
    std::int64_t messages_in_service_hours = 0;
    double thirty_second_rate = 0;      // buyer messages (in service hours) answered manually within 30 s
    std::int64_t overtime = 0;          // first responses over 60 s
    std::int64_t severe_overtime = 0;   // first responses over 200 s, or never
    double effective_reply_rate = 0;    // buyers whose every message got a manual reply within 1 h
    std::int64_t buyers_ordered = 0;
    std::int64_t buyers_paid = 0;
    double inquiry_conversion = 0;      // buyers who asked and then paid / buyers who asked
    double order_to_paid = 0;           // buyers who paid / buyers who ordered
};

// One local day's figures. Each observation counts on the day it belongs to: a round on the day
// it started, a first response on the day of the buyer's first message, an order on its own day.
struct DayKpis {
    std::string date;               // YYYY-MM-DD in the shop's time zone
    std::vector<AgentKpis> agents;  // sorted by agent
    AgentKpis team;
};

struct ConversationKpis {
    std::string conversation_id;
    AgentKpis kpis;  // kpis.agent: the agent who handled the conversation last
};

struct KpiReport {
    std::vector<AgentKpis> agents;  // sorted by agent
    AgentKpis team;                 // every agent together (agent = "*")
    std::vector<DayKpis> days;      // sorted by date
    std::vector<ConversationKpis> conversations;  // sorted by conversation id
};

// Which rows a report adds to the totals per agent and for the team. Each costs an accumulator
// per group, so only what is asked for is computed.
enum class KpiBreakdown : unsigned char { none, day, conversation };

// REQUIRES: events in time order (ties keep their order). `days` or `conversations` of the
// report are filled only for that breakdown.
KpiReport compute_kpis(const std::vector<TimelineEvent>& events, const KpiConfig& config,
                       KpiBreakdown breakdown = KpiBreakdown::none);

// Keeps only `agent`'s figures, in the totals, every day and every conversation they handled;
// the team rows become that agent's. An agent with nothing logged gets rows of zeros.
void restrict_to_agent(KpiReport& report, const std::string& agent);

// The local date of an instant, YYYY-MM-DD.
std::string local_date(std::int64_t time_ms, const KpiConfig& config);

// Milliseconds of [start_ms, end_ms) that fall inside service hours.
std::int64_t service_hours_overlap_ms(std::int64_t start_ms, std::int64_t end_ms, const KpiConfig& config);
bool in_service_hours(std::int64_t time_ms, const KpiConfig& config);

}  // namespace huashu::metrics
