#include <gtest/gtest.h>

#include "huashu/config/settings.h"
#include "huashu/metrics/kpis.h"

namespace huashu::metrics {
namespace {

// 2026-01-05 00:00 in Asia/Shanghai is 2026-01-04 16:00 UTC.
constexpr std::int64_t kDayStartMs = 1'767'542'400'000;

std::int64_t at(int hour, int minute, int second = 0) {
    return kDayStartMs + ((hour * 60 + minute) * 60 + second) * 1000LL;
}

TimelineEvent event(std::int64_t time, EventKind kind, const char* conversation, const char* agent, const char* buyer) {
    return {time, kind, conversation, agent, buyer};
}

const AgentKpis& agent(const KpiReport& report, const std::string& name) {
    for (const AgentKpis& k : report.agents) {
        if (k.agent == name) return k;
    }
    throw std::runtime_error("no agent " + name);
}

// A scripted day, every figure computed by hand (docs/metrics.md walks through it).
std::vector<TimelineEvent> scripted_day_events() {
    using K = EventKind;
    return {
            // c1: two messages in one round, an auto-reply between them that ends nothing.
            event(at(10, 0, 0), K::buyer_message, "c1", "xiaomei", "b1"),
            event(at(10, 0, 5), K::auto_reply, "c1", "xiaomei", "b1"),
            event(at(10, 0, 10), K::buyer_message, "c1", "xiaomei", "b1"),
            event(at(10, 0, 20), K::agent_reply, "c1", "xiaomei", "b1"),      // round 20 s
            event(at(10, 5, 0), K::buyer_message, "c1", "xiaomei", "b1"),
            event(at(10, 6, 30), K::agent_reply, "c1", "xiaomei", "b1"),      // round 90 s
            event(at(10, 7, 0), K::order_placed, "c1", "xiaomei", "b1"),
            event(at(10, 8, 0), K::order_paid, "c1", "xiaomei", "b1"),
            // c3: handed over after two minutes; the new agent's round starts at the transfer.
            event(at(14, 0, 0), K::buyer_message, "c3", "xiaomei", "b3"),
            event(at(14, 2, 0), K::transfer, "c3", "laowang", "b3"),
            event(at(14, 2, 40), K::agent_reply, "c3", "laowang", "b3"),      // round 40 s, for laowang
            // c2: one minute before closing time, answered 21 minutes later.
            event(at(22, 59, 0), K::buyer_message, "c2", "xiaomei", "b2"),
            event(at(23, 20, 0), K::agent_reply, "c2", "xiaomei", "b2"),      // 1260 s, capped at 600 s
            // c4: never answered.
            event(at(23, 30, 0), K::buyer_message, "c4", "laowang", "b4"),  // outside service hours
    };
}

KpiReport scripted_day(KpiBreakdown breakdown = KpiBreakdown::none) {
    return compute_kpis(scripted_day_events(), KpiConfig{}, breakdown);
}

TEST(Kpis, ServiceHoursAreLocalAndConfigurable) {
    const KpiConfig config;
    EXPECT_TRUE(in_service_hours(at(8, 0), config));
    EXPECT_FALSE(in_service_hours(at(7, 59, 59), config));
    EXPECT_FALSE(in_service_hours(at(23, 0), config));
    EXPECT_EQ(service_hours_overlap_ms(at(22, 59), at(23, 20), config), 60'000);
    EXPECT_EQ(service_hours_overlap_ms(at(22, 0), at(22, 0) + 24 * 3600'000, config), 15 * 3600'000);
    KpiConfig jd = config;
    jd.service_start_minute = 9 * 60;  // JD counts from 09:00
    EXPECT_FALSE(in_service_hours(at(8, 30), jd));
}

TEST(Kpis, RoundsFirstResponsesAndRatesMatchTheHandComputedDay) {
    const KpiReport report = scripted_day();
    const AgentKpis& xiaomei = agent(report, "xiaomei");
    EXPECT_EQ(xiaomei.conversations, 3);
    EXPECT_EQ(xiaomei.buyers_asked, 3);   // b1, b2, b3 (before the transfer)
    EXPECT_EQ(xiaomei.buyers_served, 2);  // b1, b2
    EXPECT_EQ(xiaomei.first_response.count, 2);
    EXPECT_DOUBLE_EQ(xiaomei.first_response.mean_ms, (20'000 + 1'260'000) / 2.0);
    EXPECT_EQ(xiaomei.rounds, 3);
    EXPECT_EQ(xiaomei.unanswered_rounds, 0);
    EXPECT_DOUBLE_EQ(xiaomei.response.mean_ms, (20'000 + 90'000 + 600'000) / 3.0);  // capped at 10 min
    EXPECT_DOUBLE_EQ(xiaomei.response.median_ms, 90'000);
    EXPECT_DOUBLE_EQ(xiaomei.response.p90_ms, 600'000);
    EXPECT_DOUBLE_EQ(xiaomei.response_service_hours.mean_ms, (20'000 + 90'000 + 60'000) / 3.0);  // 22:59–23:00 only
    EXPECT_EQ(xiaomei.rounds_in_service_hours, 3);
    EXPECT_DOUBLE_EQ(xiaomei.three_minute_rate, 2.0 / 3);
    EXPECT_EQ(xiaomei.messages_in_service_hours, 4);
    EXPECT_DOUBLE_EQ(xiaomei.thirty_second_rate, 2.0 / 4);  // 20 s and 10 s; not 90 s, not 21 min
    EXPECT_EQ(xiaomei.overtime, 1);
    EXPECT_EQ(xiaomei.severe_overtime, 1);
    EXPECT_DOUBLE_EQ(xiaomei.effective_reply_rate, 1.0);
    EXPECT_EQ(xiaomei.buyers_paid, 1);
    EXPECT_DOUBLE_EQ(xiaomei.inquiry_conversion, 1.0 / 3);
    EXPECT_DOUBLE_EQ(xiaomei.order_to_paid, 1.0);
}

TEST(Kpis, TransfersStartANewRoundAndUnansweredRoundsCountAsTheCap) {
    const KpiReport report = scripted_day();
    const AgentKpis& laowang = agent(report, "laowang");
    EXPECT_EQ(laowang.buyers_asked, 2);  // b3 (taken over while waiting), b4
    EXPECT_EQ(laowang.buyers_served, 1);
    EXPECT_EQ(laowang.first_response.count, 1);
    EXPECT_DOUBLE_EQ(laowang.first_response.mean_ms, 40'000);  // from the transfer, not from 14:00
    EXPECT_EQ(laowang.rounds, 2);
    EXPECT_EQ(laowang.unanswered_rounds, 1);
    EXPECT_DOUBLE_EQ(laowang.response.mean_ms, (40'000 + 600'000) / 2.0);
    EXPECT_EQ(laowang.rounds_in_service_hours, 1);  // 23:30 is after closing
    EXPECT_DOUBLE_EQ(laowang.three_minute_rate, 1.0);
    EXPECT_EQ(laowang.messages_in_service_hours, 1);
    EXPECT_DOUBLE_EQ(laowang.thirty_second_rate, 0.0);  // 40 s
    EXPECT_EQ(laowang.overtime, 0);
    EXPECT_EQ(laowang.severe_overtime, 1);               // never answered
    EXPECT_DOUBLE_EQ(laowang.effective_reply_rate, 0.5);  // b4 never got an answer
}

TEST(Kpis, TheTeamFiguresPoolEveryAgent) {
    const AgentKpis team = scripted_day().team;
    EXPECT_EQ(team.agent, "*");
    EXPECT_EQ(team.rounds, 5);
    EXPECT_EQ(team.first_response.count, 3);
    EXPECT_EQ(team.buyers_asked, 4);
    EXPECT_EQ(team.severe_overtime, 2);
}

TEST(Kpis, DatesAreLocalDays) {
    const KpiConfig config;
    EXPECT_EQ(local_date(kDayStartMs, config), "2026-01-05");
    EXPECT_EQ(local_date(kDayStartMs - 1, config), "2026-01-04");
    EXPECT_EQ(local_date(at(23, 59, 59), config), "2026-01-05");
    EXPECT_EQ(local_date(0, config), "1970-01-01");
    EXPECT_EQ(local_date(951'782'400'000, KpiConfig{.utc_offset_minutes = 0}), "2000-02-29");
}

TEST(Kpis, EachDayCountsWhatBelongsToIt) {
    using K = EventKind;
    std::vector<TimelineEvent> timeline = scripted_day_events();
    // The next day: a round that starts at 07:50 (before service hours) and one at 09:00.
    const std::int64_t next = 24 * 3600'000;
    timeline.push_back(event(next + at(7, 50), K::buyer_message, "c5", "xiaomei", "b5"));
    timeline.push_back(event(next + at(8, 1), K::agent_reply, "c5", "xiaomei", "b5"));
    timeline.push_back(event(next + at(9, 0), K::buyer_message, "c5", "xiaomei", "b5"));
    timeline.push_back(event(next + at(9, 0, 25), K::agent_reply, "c5", "xiaomei", "b5"));
    const KpiReport report = compute_kpis(timeline, KpiConfig{}, KpiBreakdown::day);
    ASSERT_EQ(report.days.size(), 2U);
    EXPECT_EQ(report.days[0].date, "2026-01-05");
    EXPECT_EQ(report.days[1].date, "2026-01-06");
    // The first day is exactly the scripted day.
    EXPECT_EQ(report.days[0].team.rounds, 5);
    EXPECT_DOUBLE_EQ(report.days[0].team.response.mean_ms, scripted_day().team.response.mean_ms);
    ASSERT_EQ(report.days[1].agents.size(), 1U);
    const AgentKpis& second = report.days[1].agents.front();
    EXPECT_EQ(second.agent, "xiaomei");
    EXPECT_EQ(second.rounds, 2);
    EXPECT_DOUBLE_EQ(second.response.mean_ms, (600'000 + 25'000) / 2.0);  // 11 min, capped at 10; 25 s
    EXPECT_EQ(second.rounds_in_service_hours, 1);  // 07:50 is before opening
    EXPECT_DOUBLE_EQ(second.first_response.mean_ms, 660'000);
    EXPECT_EQ(second.overtime, 1);
    // The totals pool both days.
    EXPECT_EQ(agent(report, "xiaomei").rounds, 3 + 2);
}

TEST(Kpis, EachConversationHasItsOwnFigures) {
    const KpiReport report = scripted_day(KpiBreakdown::conversation);
    ASSERT_EQ(report.conversations.size(), 4U);
    const ConversationKpis& c1 = report.conversations[0];
    EXPECT_EQ(c1.conversation_id, "c1");
    EXPECT_EQ(c1.kpis.agent, "xiaomei");
    EXPECT_EQ(c1.kpis.rounds, 2);
    EXPECT_DOUBLE_EQ(c1.kpis.response.mean_ms, (20'000 + 90'000) / 2.0);
    EXPECT_EQ(c1.kpis.buyers_paid, 1);
    const ConversationKpis& c3 = report.conversations[2];
    EXPECT_EQ(c3.conversation_id, "c3");
    EXPECT_EQ(c3.kpis.agent, "laowang");  // handled last by the agent who took it over
    EXPECT_DOUBLE_EQ(c3.kpis.first_response.mean_ms, 40'000);
    EXPECT_EQ(report.conversations[3].kpis.unanswered_rounds, 1);
}

TEST(Kpis, RestrictingToAnAgentKeepsTheirRowsEverywhere) {
    KpiReport report = scripted_day(KpiBreakdown::day);
    restrict_to_agent(report, "laowang");
    ASSERT_EQ(report.agents.size(), 1U);
    EXPECT_EQ(report.team.agent, "laowang");
    EXPECT_EQ(report.team.rounds, 2);
    ASSERT_EQ(report.days.size(), 1U);
    EXPECT_EQ(report.days[0].team.agent, "laowang");
    KpiReport by_conversation = scripted_day(KpiBreakdown::conversation);
    restrict_to_agent(by_conversation, "laowang");
    ASSERT_EQ(by_conversation.conversations.size(), 2U);  // c3 and c4
    EXPECT_EQ(by_conversation.conversations[0].conversation_id, "c3");

    for (KpiBreakdown breakdown : {KpiBreakdown::day, KpiBreakdown::conversation}) {
        KpiReport nobody = scripted_day(breakdown);
        restrict_to_agent(nobody, "newcomer");
        EXPECT_EQ(nobody.team.agent, "newcomer");
        EXPECT_EQ(nobody.team.rounds, 0);
        EXPECT_TRUE(nobody.days.empty());
        EXPECT_TRUE(nobody.conversations.empty());
    }
}

TEST(Kpis, ABreakdownIsComputedOnlyWhenAskedFor) {
    const KpiReport plain = scripted_day();
    EXPECT_TRUE(plain.days.empty());
    EXPECT_TRUE(plain.conversations.empty());
    // The totals do not depend on the breakdown.
    EXPECT_DOUBLE_EQ(plain.team.response.mean_ms, scripted_day(KpiBreakdown::day).team.response.mean_ms);
    EXPECT_EQ(plain.team.rounds, scripted_day(KpiBreakdown::conversation).team.rounds);
}

TEST(Kpis, AnEmptyTimelineGivesZeroesNotNaN) {
    const KpiReport report = compute_kpis({}, KpiConfig{});
    EXPECT_TRUE(report.agents.empty());
    EXPECT_EQ(report.team.thirty_second_rate, 0.0);
    EXPECT_EQ(report.team.response.count, 0);
}

TEST(Settings, TheBundledFileStatesTheDefaults) {
    auto settings = config::load_settings(std::string(HUASHU_SOURCE_DIR) + "/huashu.conf");
    ASSERT_TRUE(settings.ok()) << settings.error().message;
    const KpiConfig defaults;
    EXPECT_EQ(settings->kpis.service_start_minute, defaults.service_start_minute);
    EXPECT_EQ(settings->kpis.service_end_minute, defaults.service_end_minute);
    EXPECT_EQ(settings->kpis.utc_offset_minutes, defaults.utc_offset_minutes);
    EXPECT_EQ(settings->kpis.round_cap_ms, defaults.round_cap_ms);
    EXPECT_EQ(settings->kpis.severe_overtime_ms, defaults.severe_overtime_ms);
    EXPECT_EQ(settings->nudge_soothe_ms, config::Settings{}.nudge_soothe_ms);
}

TEST(Settings, APlatformsOwnHoursChangeTheRates) {
    auto jd = config::parse_settings("service_hours = 09:00-23:00\n", "jd.conf");
    ASSERT_TRUE(jd.ok());
    // A message at 08:30 counts for the default hours, not for JD's.
    const std::vector<TimelineEvent> day = {event(at(8, 30), EventKind::buyer_message, "c", "a", "b"),
                                            event(at(8, 30, 10), EventKind::agent_reply, "c", "a", "b")};
    EXPECT_EQ(compute_kpis(day, KpiConfig{}).team.messages_in_service_hours, 1);
    EXPECT_EQ(compute_kpis(day, jd->kpis).team.messages_in_service_hours, 0);
}

TEST(Settings, MistakesNameTheFileAndLine) {
    EXPECT_EQ(config::parse_settings("# ok\nservice_hours = 23:00-08:00\n", "h.conf").error().message,
              "h.conf:2: service_hours takes HH:MM-HH:MM, start before end, not '23:00-08:00'");
    EXPECT_EQ(config::parse_settings("overtime = 60\n", "h.conf").error().message, "h.conf:1: unknown key 'overtime'");
    EXPECT_EQ(config::parse_settings("overtime_seconds = 1m\n", "h.conf").error().message,
              "h.conf:1: overtime_seconds takes whole seconds, not '1m'");
    EXPECT_EQ(config::parse_settings("utc_offset = +08:00\nutc_offset = +09:00\n", "h.conf").error().message,
              "h.conf:2: key 'utc_offset' given twice");
}

}  // namespace
}  // namespace huashu::metrics
