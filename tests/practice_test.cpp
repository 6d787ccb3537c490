#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "huashu/protocol/records.h"
#include "huashu/service/service.h"
#include "bundled_assistant.h"
#include "labelled_data.h"

namespace huashu::service {
namespace {

using nlohmann::json;

constexpr const char* kToken = "0123456789abcdef0123";

class RecordingSink final : public FrameSink {
public:
    void send_text(std::string frame) override { frames.push_back(json::parse(frame)); }
    void close(std::uint16_t, std::string) override {}
    std::vector<json> frames;
};

using testing::bundled_assistant;

ServiceOptions practice_options() {
    ServiceOptions options;
    options.practice.scenarios = std::make_shared<simulator::ScenarioFolder>(
        simulator::load_scenario_folder(testing::source_path("simulator/scenarios")));
    return options;
}

// How a trainee answers: given the buyer's line and the suggestions shown, the reply frame's
// text and suggestion_id, or nothing to stay silent.
struct Reply {
    std::string text;
    std::optional<std::string> suggestion_id;
};
using Policy = std::function<std::optional<Reply>(const std::string& buyer_line, const json& suggestions)>;

Policy autopilot() {
    return [](const std::string&, const json& suggestions) -> std::optional<Reply> {
        if (suggestions.is_null() || suggestions["items"].empty()) return Reply{"亲，您稍等，我帮您看一下哦~", std::nullopt};
        const json& top = suggestions["items"][0];
        return Reply{top["text"].get<std::string>(), top["id"].get<std::string>()};
    };
}

Policy rude() {
    return [](const std::string&, const json&) -> std::optional<Reply> { return Reply{"不知道，爱买不买", std::nullopt}; };
}

Policy silent() {
    return [](const std::string&, const json&) -> std::optional<Reply> { return std::nullopt; };
}

struct Played {
    json started;
    json result;  // the practice_result frame; null if none came
    std::vector<std::string> buyer_lines;
    int suggestion_frames = 0;
};

class PracticeTest : public ::testing::Test {
protected:
    PracticeTest()
        : service_(practice_options(),
                   *TokenTable::parse(std::string("trainee xiaoli ") + kToken + "\nsupervisor boss " + kToken + "\n", "tokens"),
                   bundled_assistant(), store_, clock_) {
        service_.set_scheduler(&scheduler_);
    }

    std::unique_ptr<ClientSession> connect(std::shared_ptr<RecordingSink>& sink) {
        sink = std::make_shared<RecordingSink>();
        auto session = service_.open_session(sink);
        session->on_frame(json{{"type", "hello"}, {"role", "trainee"}, {"user", "xiaoli"}, {"token", kToken}}.dump());
        sink->frames.clear();
        return session;
    }

    // Plays one practice conversation on the virtual clock: the trainee answers each finished
    // buyer turn `reply_after_ms` later, as `policy` says.
    Played play(const std::string& scenario, const Policy& policy, std::int64_t reply_after_ms = 8'000, bool exam = false,
                int speed = 1) {
        std::shared_ptr<RecordingSink> sink;
        auto session = connect(sink);
        session->on_frame(
            json{{"type", "practice_start"}, {"scenario", scenario}, {"seed", 7}, {"exam", exam}, {"speed", speed}}.dump());
        Played played;
        played.started = sink->frames.at(0);
        EXPECT_EQ(played.started["type"], "practice_started") << played.started.dump();
        if (played.started["type"] != "practice_started") return played;
        const std::string conversation = played.started["conversation_id"];
        std::size_t seen = 1;
        std::int64_t reply_at = -1;  // when the trainee answers; -1: nothing to answer
        std::string last_line;
        json last_suggestions;
        for (int step = 0; step < 4 * 3600 && played.result.is_null(); ++step) {  // at most an hour of virtual time
            clock_.advance_ms(250);
            scheduler_.run_due();
            for (; seen < sink->frames.size(); ++seen) {
                const json& frame = sink->frames[seen];
                if (frame["type"] == "buyer_message") {
                    EXPECT_EQ(frame["conversation_id"], conversation);
                    EXPECT_TRUE(frame["practice"].get<bool>());
                    played.buyer_lines.push_back(frame["text"]);
                    last_line = frame["text"];
                    last_suggestions = nullptr;
                    if (!frame["more"].get<bool>()) reply_at = clock_.now_steady_ms() + reply_after_ms;
                } else if (frame["type"] == "suggestions") {
                    ++played.suggestion_frames;
                    last_suggestions = frame;
                } else if (frame["type"] == "practice_result") {
                    played.result = frame;
                }
            }
            if (reply_at >= 0 && clock_.now_steady_ms() >= reply_at && played.result.is_null()) {
                reply_at = -1;
                if (auto reply = policy(last_line, last_suggestions)) {
                    json frame = {{"type", "agent_message"}, {"conversation_id", conversation}, {"text", reply->text}};
                    if (reply->suggestion_id) frame["suggestion_id"] = *reply->suggestion_id;
                    session->on_frame(frame.dump());
                }
            }
        }
        return played;
    }

    storage::MemoryEventStore store_;
    ManualClock clock_;
    ManualScheduler scheduler_{clock_};
    Service service_;
};

TEST_F(PracticeTest, EveryBundledScenarioEndsWellOnAutopilotAndBadlyWhenNobodyAnswers) {
    const auto& scenarios = service_.options().practice.scenarios->scenarios;
    ASSERT_GE(scenarios.size(), 12U);
    for (const auto& scenario : scenarios) {
        const Played good = play(scenario->id, autopilot());
        ASSERT_FALSE(good.result.is_null()) << scenario->id << " never ended";
        EXPECT_TRUE(good.result["score"]["good_ending"].get<bool>())
            << scenario->id << " ended " << good.result["score"]["ending"] << " on autopilot: " << good.result.dump();
        const Played ignored = play(scenario->id, silent());
        ASSERT_FALSE(ignored.result.is_null()) << scenario->id;
        EXPECT_FALSE(ignored.result["score"]["good_ending"].get<bool>()) << scenario->id;
        EXPECT_LT(ignored.result["score"]["total"].get<double>(), good.result["score"]["total"].get<double>()) << scenario->id;
        std::cout << scenario->id << ": autopilot " << good.result["score"]["ending"] << " "
                  << good.result["score"]["total"] << ", silent " << ignored.result["score"]["ending"] << " "
                  << ignored.result["score"]["total"] << '\n';
    }
}

TEST_F(PracticeTest, GoodAndRudeHandlingEndDifferentlyAndScoreApart) {
    for (const char* id : {"bargainer", "angry_bad_review", "hesitant_buyer", "seven_day_return"}) {
        const Played good = play(id, autopilot());
        const Played bad = play(id, rude());
        ASSERT_FALSE(good.result.is_null() || bad.result.is_null()) << id;
        const json& g = good.result["score"];
        const json& b = bad.result["score"];
        EXPECT_TRUE(g["good_ending"].get<bool>()) << id << ' ' << g.dump();
        EXPECT_FALSE(b["good_ending"].get<bool>()) << id << ' ' << b.dump();
        EXPECT_NE(g["ending"], b["ending"]) << id;
        EXPECT_GE(b["lint_hits"].get<int>(), 1) << id;
        EXPECT_EQ(g["lint_hits"].get<int>(), 0) << id;
        EXPECT_GT(g["total"].get<double>(), b["total"].get<double>() + 30) << id;
    }
}

TEST_F(PracticeTest, TheSameSeedPlaysTheSameBuyer) {
    const Played first = play("impatient_multi_message", autopilot());
    const Played second = play("impatient_multi_message", autopilot());
    EXPECT_EQ(first.buyer_lines, second.buyer_lines);
    EXPECT_GT(first.buyer_lines.size(), 3U);
}

TEST_F(PracticeTest, ASpedUpBuyerPlaysTheSameConversationOnItsOwnClock) {
    const Played normal = play("shipping_courier", autopilot(), 8'000);
    const std::int64_t started = clock_.now_steady_ms();
    const Played fast = play("shipping_courier", autopilot(), 400, false, /*speed=*/20);
    EXPECT_EQ(normal.buyer_lines, fast.buyer_lines);
    ASSERT_FALSE(fast.result.is_null());
    EXPECT_EQ(fast.result["score"]["ending"], normal.result["score"]["ending"]);
    // 400 ms of service time is 8 s for a buyer twenty times faster: the same reply times.
    ASSERT_EQ(fast.result["score"]["turns"].size(), normal.result["score"]["turns"].size());
    for (std::size_t i = 0; i < fast.result["score"]["turns"].size(); ++i) {
        const std::int64_t f = fast.result["score"]["turns"][i]["reply_ms"];
        const std::int64_t n = normal.result["score"]["turns"][i]["reply_ms"];
        EXPECT_NEAR(static_cast<double>(f), static_cast<double>(n), 20 * 250.0) << i;  // one 250 ms step, sped up
    }
    EXPECT_LT(clock_.now_steady_ms() - started, 60'000);
}

TEST_F(PracticeTest, AReplyWhileTheBuyerIsStillTypingWaitsForTheirLine) {
    std::shared_ptr<RecordingSink> sink;
    auto session = connect(sink);
    session->on_frame(R"({"type":"practice_start","scenario":"bargainer","seed":7})");
    const std::string conversation = sink->frames.at(0)["conversation_id"];
    // Nothing has been said yet: an answer now cannot move the buyer on.
    session->on_frame(json{{"type", "agent_message"}, {"conversation_id", conversation}, {"text", "不知道，爱买不买"}}.dump());
    for (const json& frame : sink->frames) {
        EXPECT_NE(frame["type"], "buyer_message");  // the buyer has not said anything yet…
        EXPECT_NE(frame["type"], "practice_result");  // …so nothing can have ended
    }
    for (int step = 0; step < 200; ++step) {
        clock_.advance_ms(250);
        scheduler_.run_due();
    }
    // After the first line came out, the held rude reply was read: the buyer is offended.
    const json& last = sink->frames.back();
    ASSERT_EQ(last["type"], "practice_result") << last.dump();
    EXPECT_FALSE(last["score"]["good_ending"].get<bool>());
    EXPECT_LE(last["score"]["turns"][0]["reply_ms"].get<int>(), 250);  // the moment it was seen (one clock step)
}

TEST_F(PracticeTest, AnExamShowsNoSuggestions) {
    const Played exam = play("bargainer", rude(), 8'000, /*exam=*/true);
    EXPECT_EQ(exam.suggestion_frames, 0);
    EXPECT_TRUE(exam.started["exam"].get<bool>());
    ASSERT_FALSE(exam.result.is_null());
}

TEST_F(PracticeTest, ScoresAreLoggedAndPracticeNeverCountsInKpis) {
    const Played good = play("bargainer", autopilot());
    ASSERT_FALSE(good.result.is_null());
    auto events = store_.query({});
    ASSERT_TRUE(events.ok());
    int results = 0, replies = 0;
    std::vector<metrics::TimelineEvent> timeline;
    for (const auto& stored : *events) {
        results += stored.event.type == "practice_result" ? 1 : 0;
        replies += stored.event.type == "practice_reply" ? 1 : 0;
        if (auto event = protocol::timeline_event(stored)) timeline.push_back(*event);
    }
    EXPECT_EQ(results, 1);
    EXPECT_GE(replies, 1);
    EXPECT_TRUE(timeline.empty());  // a practice buyer is nobody's real buyer
}

TEST_F(PracticeTest, UnknownScenariosAndStrangersRepliesAreRefused) {
    std::shared_ptr<RecordingSink> sink;
    auto session = connect(sink);
    session->on_frame(R"({"type":"practice_start","scenario":"no_such_buyer","request_id":1})");
    ASSERT_EQ(sink->frames.size(), 1U);
    EXPECT_EQ(sink->frames[0]["code"], "bad_field");
    EXPECT_NE(sink->frames[0]["message"].get<std::string>().find("bargainer"), std::string::npos);  // lists the known ones
    // A trainee may answer only their own practice buyer.
    session->on_frame(R"({"type":"agent_message","conversation_id":"c1","text":"亲，在的"})");
    EXPECT_EQ(sink->frames.back()["code"], "forbidden");
    session->on_frame(R"({"type":"practice_stop","conversation_id":"practice-1"})");
    EXPECT_EQ(sink->frames.back()["code"], "bad_field");
}

TEST_F(PracticeTest, StoppingScoresTheConversationAsItStands) {
    std::shared_ptr<RecordingSink> sink;
    auto session = connect(sink);
    session->on_frame(R"({"type":"practice_start","scenario":"bargainer","seed":3})");
    const std::string conversation = sink->frames.at(0)["conversation_id"];
    session->on_frame(json{{"type", "practice_stop"}, {"conversation_id", conversation}}.dump());
    ASSERT_EQ(sink->frames.back()["type"], "practice_result");
    EXPECT_FALSE(sink->frames.back()["score"]["good_ending"].get<bool>());
    const std::size_t frames = sink->frames.size();
    clock_.advance_ms(600'000);
    scheduler_.run_due();
    EXPECT_EQ(sink->frames.size(), frames);  // the stopped buyer says nothing more
}

}  // namespace
}  // namespace huashu::service
