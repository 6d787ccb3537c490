#include "huashu/metrics/kpis.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <unordered_map>

namespace huashu::metrics {

namespace {

constexpr std::int64_t kDayMs = 24 * 3600 * 1000;
constexpr std::int64_t kMinuteMs = 60'000;

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0); }

Distribution distribution(std::vector<std::int64_t> values) {
    Distribution d;
    d.count = static_cast<std::int64_t>(values.size());
    if (values.empty()) return d;
    std::sort(values.begin(), values.end());
    double sum = 0;
    for (std::int64_t v : values) sum += static_cast<double>(v);
    d.mean_ms = sum / static_cast<double>(values.size());
    // Nearest rank: the smallest value with at least q of the values at or below it.
    const auto rank = [&](double q) {
        const auto index = static_cast<std::size_t>(std::max(0.0, std::ceil(q * static_cast<double>(values.size())) - 1));
        return static_cast<double>(values[std::min(index, values.size() - 1)]);
    };
    d.median_ms = rank(0.5);
    d.p90_ms = rank(0.9);
    return d;
}

double ratio(std::int64_t part, std::int64_t whole) { return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole); }

// Raw observations of one agent (or of the team), turned into AgentKpis at the end.
struct Accumulator {
    std::set<std::string> conversations;
    std::set<std::string> buyers_asked;
    std::set<std::string> buyers_served;
    std::set<std::string> buyers_invalid;  // some message unanswered, or answered after 1 h
    std::set<std::string> buyers_ordered;
    std::set<std::string> buyers_paid;
    std::vector<std::int64_t> first_responses;
    std::vector<std::int64_t> rounds;
    std::vector<std::int64_t> rounds_service;
    std::int64_t unanswered_rounds = 0;
    std::int64_t rounds_in_service_hours = 0;
    std::int64_t rounds_within_three_minutes = 0;
    std::int64_t messages_in_service_hours = 0;
    std::int64_t messages_within_thirty_seconds = 0;
    std::int64_t overtime = 0;
    std::int64_t severe_overtime = 0;

    AgentKpis finish(const std::string& agent) const {
        AgentKpis k;
        k.agent = agent;
        k.conversations = static_cast<std::int64_t>(conversations.size());
        k.buyers_asked = static_cast<std::int64_t>(buyers_asked.size());
        k.buyers_served = static_cast<std::int64_t>(buyers_served.size());
        k.first_response = distribution(first_responses);
        k.response = distribution(rounds);
        k.response_service_hours = distribution(rounds_service);
        k.rounds = static_cast<std::int64_t>(rounds.size());
        k.unanswered_rounds = unanswered_rounds;
        k.rounds_in_service_hours = rounds_in_service_hours;
        k.three_minute_rate = ratio(rounds_within_three_minutes, rounds_in_service_hours);
        k.messages_in_service_hours = messages_in_service_hours;
        k.thirty_second_rate = ratio(messages_within_thirty_seconds, messages_in_service_hours);
        k.overtime = overtime;
        k.severe_overtime = severe_overtime;
        std::int64_t valid = 0;
        for (const auto& buyer : buyers_asked) valid += buyers_invalid.contains(buyer) ? 0 : 1;
        k.effective_reply_rate = ratio(valid, k.buyers_asked);
        k.buyers_ordered = static_cast<std::int64_t>(buyers_ordered.size());
        k.buyers_paid = static_cast<std::int64_t>(buyers_paid.size());
        k.inquiry_conversion = ratio(k.buyers_paid, k.buyers_asked);
        k.order_to_paid = ratio(k.buyers_paid, k.buyers_ordered);
        return k;
    }
};

struct Conversation {
    std::string agent;
    std::string buyer;
    std::optional<std::int64_t> round_start;    // a buyer is waiting since
    std::vector<std::int64_t> waiting;          // buyer messages since the last manual reply
    std::optional<std::int64_t> first_message;  // of this agent's stint, for first response
    bool first_response_done = false;
};

class Calculator {
public:
    Calculator(const KpiConfig& config, KpiBreakdown breakdown) : config_(config), breakdown_(breakdown) {}

    void take(const TimelineEvent& e) {
        Conversation& c = conversations_[e.conversation_id];
        if (c.agent.empty()) c.agent = e.agent;
        if (c.buyer.empty()) c.buyer = e.buyer;
        switch (e.kind) {
            case EventKind::buyer_message: buyer_message(e, c); break;
            case EventKind::agent_reply: manual_reply(e, c); break;
            case EventKind::auto_reply: break;  // never ends a wait
            case EventKind::transfer: transfer(e, c); break;
            case EventKind::order_placed:
                each(e.conversation_id, c.agent, e.time_ms, [&](Accumulator& a) { a.buyers_ordered.insert(c.buyer); });
                break;
            case EventKind::order_paid:
                each(e.conversation_id, c.agent, e.time_ms, [&](Accumulator& a) { a.buyers_paid.insert(c.buyer); });
                break;
            case EventKind::order_cancelled:
            case EventKind::order_refunded: break;  // conversion counts buyers who paid at some point
        }
    }

    KpiReport finish() {
        for (auto& [id, c] : conversations_) {
            if (c.round_start) {
                // Never answered: counted as the cap, and as a severe overtime if it was the first.
                close_round(id, c, *c.round_start + config_.round_cap_ms, /*answered=*/false);
            }
            if (c.first_message && !c.first_response_done) {
                each(id, c.agent, *c.first_message, [](Accumulator& a) { ++a.severe_overtime; });
            }
            for (std::int64_t m : c.waiting) {
                each(id, c.agent, m, [&](Accumulator& a) {
                    if (in_service_hours(m, config_)) ++a.messages_in_service_hours;
                    a.buyers_invalid.insert(c.buyer);
                });
            }
        }
        KpiReport report;
        for (const auto& [agent, acc] : agents_) report.agents.push_back(acc.finish(agent));
        report.team = team_.finish("*");
        for (const auto& [day_number, day] : days_) {
            DayKpis& out = report.days.emplace_back();
            out.date = local_date(day_number * kDayMs - config_.utc_offset_minutes * kMinuteMs, config_);
            for (const auto& [agent, acc] : day.agents) out.agents.push_back(acc.finish(agent));
            out.team = day.team.finish("*");
        }
        for (const auto& [id, acc] : conversation_totals_) {
            report.conversations.push_back({id, acc.finish(conversations_.at(id).agent)});
        }
        return report;
    }

private:
    // Applies one observation to every group it belongs to: the agent, the team and, when that
    // breakdown is asked for, the agent's and the team's day (of `when`) or the conversation.
    template <typename F>
    void each(const std::string& conversation_id, const std::string& agent, std::int64_t when, F f) {
        f(agents_[agent]);
        f(team_);
        if (breakdown_ == KpiBreakdown::day) {
            Day& day = days_[floor_div(when + config_.utc_offset_minutes * kMinuteMs, kDayMs)];
            f(day.agents[agent]);
            f(day.team);
        } else if (breakdown_ == KpiBreakdown::conversation) {
            f(conversation_totals_[conversation_id]);
        }
    }

    void buyer_message(const TimelineEvent& e, Conversation& c) {
        each(e.conversation_id, c.agent, e.time_ms, [&](Accumulator& a) {
            a.conversations.insert(e.conversation_id);
            a.buyers_asked.insert(c.buyer);
        });
        if (!c.round_start) c.round_start = e.time_ms;  // later messages join the open round
        if (!c.first_message) c.first_message = e.time_ms;
        c.waiting.push_back(e.time_ms);
    }

    void manual_reply(const TimelineEvent& e, Conversation& c) {
        c.agent = e.agent;  // whoever replies handles the conversation from here
        each(e.conversation_id, c.agent, e.time_ms, [&](Accumulator& a) {
            a.conversations.insert(e.conversation_id);
            if (!c.buyer.empty() && c.first_message) a.buyers_served.insert(c.buyer);
        });
        if (c.first_message && !c.first_response_done) {
            const std::int64_t first = e.time_ms - *c.first_message;
            each(e.conversation_id, c.agent, *c.first_message, [&](Accumulator& a) {
                a.first_responses.push_back(first);
                if (first > config_.overtime_ms) ++a.overtime;
                if (first > config_.severe_overtime_ms) ++a.severe_overtime;
            });
            c.first_response_done = true;
        }
        if (c.round_start) close_round(e.conversation_id, c, e.time_ms, /*answered=*/true);
        for (std::int64_t m : c.waiting) {
            const std::int64_t wait = e.time_ms - m;
            each(e.conversation_id, c.agent, m, [&](Accumulator& a) {
                if (in_service_hours(m, config_)) {
                    ++a.messages_in_service_hours;
                    if (wait <= config_.fast_reply_ms) ++a.messages_within_thirty_seconds;
                }
                if (wait > config_.effective_reply_max_ms) a.buyers_invalid.insert(c.buyer);
            });
        }
        c.waiting.clear();
    }

    // A new round starts for the agent who takes the buyer over; the previous agent's open
    // round is not held against them (they handed the buyer on), and waits restart now.
    void transfer(const TimelineEvent& e, Conversation& c) {
        c.agent = e.agent;
        each(e.conversation_id, c.agent, e.time_ms, [&](Accumulator& a) {
            a.conversations.insert(e.conversation_id);
            if (!c.waiting.empty()) a.buyers_asked.insert(c.buyer);
        });
        c.first_response_done = false;
        c.first_message.reset();
        if (c.round_start) {
            c.round_start = e.time_ms;
            c.first_message = e.time_ms;
            for (std::int64_t& m : c.waiting) m = e.time_ms;
        }
    }

    void close_round(const std::string& conversation_id, Conversation& c, std::int64_t end_ms, bool answered) {
        const std::int64_t start = *c.round_start;
        const std::int64_t duration = std::min(end_ms - start, config_.round_cap_ms);
        const std::int64_t service = std::min(service_hours_overlap_ms(start, end_ms, config_), config_.round_cap_ms);
        const bool counted_in_service_hours = in_service_hours(start, config_);
        each(conversation_id, c.agent, start, [&](Accumulator& a) {
            a.rounds.push_back(answered ? duration : config_.round_cap_ms);
            a.rounds_service.push_back(answered ? service : config_.round_cap_ms);
            if (!answered) ++a.unanswered_rounds;
            if (counted_in_service_hours) {
                ++a.rounds_in_service_hours;
                if (answered && end_ms - start <= config_.three_minute_ms) ++a.rounds_within_three_minutes;
            }
        });
        c.round_start.reset();
    }

    struct Day {
        std::map<std::string, Accumulator> agents;
        Accumulator team;
    };

    const KpiConfig& config_;
    const KpiBreakdown breakdown_;
    std::unordered_map<std::string, Conversation> conversations_;
    std::map<std::string, Accumulator> agents_;
    Accumulator team_;
    std::map<std::int64_t, Day> days_;  // by local day number since the epoch
    std::map<std::string, Accumulator> conversation_totals_;
};

}  // namespace

bool in_service_hours(std::int64_t time_ms, const KpiConfig& config) {
    const std::int64_t local = time_ms + config.utc_offset_minutes * kMinuteMs;
    const std::int64_t minute_of_day = (local - floor_div(local, kDayMs) * kDayMs) / kMinuteMs;
    return minute_of_day >= config.service_start_minute && minute_of_day < config.service_end_minute;
}

std::int64_t service_hours_overlap_ms(std::int64_t start_ms, std::int64_t end_ms, const KpiConfig& config) {
    if (end_ms <= start_ms) return 0;
    const std::int64_t offset = config.utc_offset_minutes * kMinuteMs;
    const std::int64_t local_start = start_ms + offset;
    const std::int64_t local_end = end_ms + offset;
    std::int64_t total = 0;
    for (std::int64_t day = floor_div(local_start, kDayMs); day * kDayMs < local_end; ++day) {
        const std::int64_t open = day * kDayMs + config.service_start_minute * kMinuteMs;
        const std::int64_t close = day * kDayMs + config.service_end_minute * kMinuteMs;
        total += std::max<std::int64_t>(0, std::min(close, local_end) - std::max(open, local_start));
    }
    return total;
}

std::string local_date(std::int64_t time_ms, const KpiConfig& config) {
    // Civil date from a day count (Howard Hinnant's days_from_civil inverse), to stay free of
    // the C library's time zone state.
    std::int64_t z = floor_div(time_ms + config.utc_offset_minutes * kMinuteMs, kDayMs) + 719468;
    const std::int64_t era = floor_div(z, 146097);
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const std::int64_t day = doy - (153 * mp + 2) / 5 + 1;
    const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    char text[48];
    std::snprintf(text, sizeof text, "%04lld-%02lld-%02lld", static_cast<long long>(year), static_cast<long long>(month),
                  static_cast<long long>(day));
    return text;
}

void restrict_to_agent(KpiReport& report, const std::string& agent) {
    const auto keep_only = [&](std::vector<AgentKpis>& agents, AgentKpis& team) {
        std::erase_if(agents, [&](const AgentKpis& k) { return k.agent != agent; });
        if (agents.empty()) {
            AgentKpis none;
            none.agent = agent;
            agents.push_back(std::move(none));
        }
        team = agents.front();
    };
    keep_only(report.agents, report.team);
    std::erase_if(report.days, [&](const DayKpis& day) {
        return std::none_of(day.agents.begin(), day.agents.end(), [&](const AgentKpis& k) { return k.agent == agent; });
    });
    for (DayKpis& day : report.days) keep_only(day.agents, day.team);
    std::erase_if(report.conversations, [&](const ConversationKpis& c) { return c.kpis.agent != agent; });
}

KpiReport compute_kpis(const std::vector<TimelineEvent>& events, const KpiConfig& config, KpiBreakdown breakdown) {
    Calculator calculator(config, breakdown);
    for (const TimelineEvent& e : events) calculator.take(e);
    return calculator.finish();
}

}  // namespace huashu::metrics
