#include <gtest/gtest.h>

#include <sstream>

#include "huashu/simulator/buyer_run.h"
#include "huashu/simulator/replay.h"
#include "huashu/simulator/scenario.h"
#include "huashu/simulator/score.h"
#include "labelled_data.h"

namespace huashu::simulator {
namespace {

using phrasebook::Intent;
using phrasebook::Technique;

ParsedScenario parse(const std::string& text, const std::string& file = "shop.json") { return parse_scenario(text, file); }

// A small shop conversation: ask, then a closing technique wins the order.
constexpr const char* kShop = R"({
  "format": 1, "id": "shop", "title": "t", "rewards_techniques": true,
  "persona": {"name": "小周", "goal": "买外套", "patience_s": 30, "typing_cps": 2, "script": "simplified",
              "nudges": ["在吗？", "人呢"], "max_nudges": 2},
  "start": "ask",
  "states": {
    "ask": {"say": ["能便宜点吗"], "asks": ["bargain"],
            "on": [{"when": {"lint": true}, "to": "angry"},
                   {"when": {"technique": "any"}, "to": "buy"},
                   {"when": {"answered": true, "slower_than_s": 60}, "to": "gone"},
                   {"when": {"answered": true}, "to": "unsure"}],
            "on_timeout": "gone"},
    "unsure": {"say": [["我再想想", "有点贵"]], "asks": ["hesitation"],
               "on": [{"when": {"concession": true}, "to": "buy"}, {"to": "gone"}]},
    "buy": {"end": "ordered", "say": ["那我拍了"]},
    "angry": {"end": "bad_review", "say": ["什么态度"]},
    "gone": {"end": "left"}
  }
})";

ReplyTraits reply(std::vector<Intent> intents, std::optional<Technique> technique = std::nullopt) {
    ReplyTraits traits;
    traits.text = "…";
    traits.intents = std::move(intents);
    traits.technique = technique;
    return traits;
}

TEST(Scenario, EveryBundledScenarioLoadsAndTheListIsCovered) {
    const ScenarioFolder folder = load_scenario_folder(testing::source_path("simulator/scenarios"));
    for (const std::string& problem : folder.problems) ADD_FAILURE() << problem;
    EXPECT_GE(folder.scenarios.size(), 12U);
    int traditional = 0;
    for (const auto& scenario : folder.scenarios) traditional += scenario->persona.script == Script::traditional ? 1 : 0;
    EXPECT_GE(traditional, 2);
    for (const char* id : {"material_size", "shipping_courier", "bargainer", "multi_address", "unpaid_order", "hesitant_buyer",
                           "wrong_colour", "seven_day_return", "parcel_missing", "angry_bad_review", "repeat_customer",
                           "impatient_multi_message"}) {
        EXPECT_NE(folder.find(id), nullptr) << id;
    }
}

struct BrokenScenario {
    const char* name;
    std::string from;  // replaced in kShop
    std::string to;
    const char* expected;  // a whole problem line
};

void PrintTo(const BrokenScenario& broken, std::ostream* out) { *out << broken.name; }

class BrokenScenarios : public ::testing::TestWithParam<BrokenScenario> {};

TEST_P(BrokenScenarios, AreRejectedWithFileStateAndReason) {
    std::string text = kShop;
    const std::size_t at = text.find(GetParam().from);
    ASSERT_NE(at, std::string::npos) << GetParam().from;
    text.replace(at, GetParam().from.size(), GetParam().to);
    const ParsedScenario parsed = parse(text);
    EXPECT_EQ(parsed.scenario, nullptr);
    EXPECT_NE(std::find(parsed.problems.begin(), parsed.problems.end(), GetParam().expected), parsed.problems.end())
        << "got:\n" << ::testing::PrintToString(parsed.problems);
}

INSTANTIATE_TEST_SUITE_P(
    Loader, BrokenScenarios,
    ::testing::Values(
        BrokenScenario{"UnknownTarget", R"("to": "buy"})", R"("to": "bye"})",
                       "shop.json: ask: transition 2 goes to unknown state \"bye\""},
        BrokenScenario{"UnknownIntent", R"("asks": ["bargain"])", R"("asks": ["haggle"])",
                       "shop.json: ask: \"asks\" names unknown intent \"haggle\""},
        BrokenScenario{"UnknownTechnique", R"("technique": "any")", R"("technique": "flattery")",
                       "shop.json: ask: transition 2: unknown technique \"flattery\""},
        BrokenScenario{"UnknownKey", R"("asks": ["hesitation"])", R"("asks": ["hesitation"], "mood": "sad")",
                       "shop.json: unsure: unknown key \"mood\" (known: say, asks, on, patience_s, on_timeout)"},
        BrokenScenario{"UnknownEnding", R"("end": "ordered")", R"("end": "happy")",
                       "shop.json: buy: \"end\" must be ordered, paid, resolved, left or bad_review"},
        BrokenScenario{"NoLines", R"("say": [["我再想想", "有点贵"]], )", "",
                       "shop.json: unsure: a talking state needs \"say\" with at least one line"},
        BrokenScenario{"Unreachable", R"("gone": {"end": "left"})", R"("gone": {"end": "left"}, "island": {"end": "left"})",
                       "shop.json: island: cannot be reached from \"start\""},
        BrokenScenario{"NoGoodEnding", R"("end": "ordered")", R"("end": "left")",
                       "shop.json: no good ending (ordered, paid or resolved) can be reached"},
        BrokenScenario{"WrongFormat", R"("format": 1)", R"("format": 2)", "shop.json: \"format\" must be 1"},
        BrokenScenario{"IdNotFileName", R"("id": "shop")", R"("id": "store")",
                       "shop.json: \"id\" is \"store\" but the file is shop.json"},
        BrokenScenario{"BadPatience", R"("patience_s": 30)", R"("patience_s": -5)",
                       "shop.json: persona: \"patience_s\" must be a positive number"}));

TEST(Scenario, NotJsonIsAClearProblem) {
    const ParsedScenario parsed = parse("{\"format\": 1,");
    ASSERT_EQ(parsed.problems.size(), 1U);
    EXPECT_EQ(parsed.problems.front().rfind("shop.json: not valid JSON: ", 0), 0U) << parsed.problems.front();
}

std::shared_ptr<const Scenario> shop() {
    ParsedScenario parsed = parse(kShop);
    for (const auto& p : parsed.problems) ADD_FAILURE() << p;
    return parsed.scenario;
}

TEST(BuyerRun, LinesTakeTypingTimeAndATechniqueWinsTheOrder) {
    BuyerRun run(shop(), 1);
    const auto first = run.start(1'000'000);
    ASSERT_EQ(first.size(), 1U);
    EXPECT_EQ(first[0].text, "能便宜点吗");
    EXPECT_EQ(first[0].send_at_ms, 1'000'000 + 5 * 500);  // five characters at two a second
    EXPECT_TRUE(first[0].last_of_turn);
    EXPECT_EQ(run.next_deadline_ms(), first[0].send_at_ms + 30'000);

    const auto last = run.reply(reply({Intent::bargain}, Technique::alternative_choice), first[0].send_at_ms + 12'000);
    ASSERT_EQ(last.size(), 1U);
    EXPECT_EQ(last[0].text, "那我拍了");
    EXPECT_EQ(run.ending(), Ending::ordered);
    ASSERT_EQ(run.turns().size(), 1U);
    EXPECT_EQ(run.turns()[0].first_reply_ms, 12'000);
    EXPECT_TRUE(run.turns()[0].answered);

    const ScoreCard card = score_run(run, ScoreWeights{}, ScoreThresholds{});
    EXPECT_TRUE(card.good_ending);
    EXPECT_EQ(card.techniques_used, std::vector<std::string>{"alternative_choice"});
    EXPECT_DOUBLE_EQ(card.total, 100.0);  // fast, answered, technique, polite, ordered
}

TEST(BuyerRun, AnUnansweredBuyerNudgesThenLeaves) {
    BuyerRun run(shop(), 1);
    const std::int64_t sent = run.start(0).back().send_at_ms;
    auto nudge = run.tick(*run.next_deadline_ms());
    ASSERT_EQ(nudge.size(), 1U);
    EXPECT_EQ(nudge[0].text, "在吗？");
    EXPECT_TRUE(nudge[0].nudge);
    EXPECT_TRUE(run.tick(nudge[0].send_at_ms).empty());  // not due yet: patience restarts at the nudge
    nudge = run.tick(*run.next_deadline_ms());
    ASSERT_EQ(nudge.size(), 1U);
    EXPECT_EQ(nudge[0].text, "人呢");
    EXPECT_FALSE(run.finished());
    EXPECT_TRUE(run.tick(*run.next_deadline_ms()).empty());  // "gone" says nothing
    EXPECT_EQ(run.ending(), Ending::left);
    EXPECT_GT(run.finished_ms(), sent + 90'000);

    const ScoreCard card = score_run(run, ScoreWeights{}, ScoreThresholds{});
    EXPECT_FALSE(card.good_ending);
    EXPECT_EQ(card.unanswered_questions, 1);
    EXPECT_EQ(card.overtime_replies, 1);
    ASSERT_EQ(card.turns.size(), 1U);
    EXPECT_EQ(card.turns[0].nudges, 2);
    EXPECT_DOUBLE_EQ(card.total, 100.0 * (20 * 0 + 30 * 0 + 10 * 1 + 10 * 0) / 100);  // only manners
}

TEST(BuyerRun, ASlowOrRudeReplyTakesTheBadBranch) {
    BuyerRun slow(shop(), 1);
    const std::int64_t asked = slow.start(0).back().send_at_ms;
    slow.reply(reply({Intent::bargain}), asked + 61'000);
    EXPECT_EQ(slow.ending(), Ending::left);

    BuyerRun rude(shop(), 1);
    const std::int64_t t = rude.start(0).back().send_at_ms;
    ReplyTraits insult = reply({Intent::bargain});
    insult.lint_rules = {"forbidden_phrase.take_it_or_leave_it"};
    const auto lines = rude.reply(insult, t + 5'000);
    ASSERT_EQ(lines.size(), 1U);
    EXPECT_EQ(lines[0].text, "什么态度");
    EXPECT_EQ(rude.ending(), Ending::bad_review);
    const ScoreCard card = score_run(rude, ScoreWeights{}, ScoreThresholds{});
    EXPECT_EQ(card.lint_hits, 1);
    EXPECT_DOUBLE_EQ(card.manners, 0.5);
}

TEST(BuyerRun, SeveralLinesInARowAndAConcessionInTheSecondTurn) {
    BuyerRun run(shop(), 1);
    const std::int64_t t = run.start(0).back().send_at_ms;
    const auto lines = run.reply(reply({Intent::bargain}), t + 3'000);
    ASSERT_EQ(lines.size(), 2U);
    EXPECT_FALSE(lines[0].last_of_turn);
    EXPECT_TRUE(lines[1].last_of_turn);
    EXPECT_EQ(lines[1].send_at_ms, lines[0].send_at_ms + 1'500);  // 有点贵: three characters
    ReplyTraits coupon = reply({Intent::coupon_promotion});
    coupon.concession = true;
    run.reply(coupon, lines[1].send_at_ms + 40'000);
    EXPECT_EQ(run.ending(), Ending::ordered);
    const ScoreCard card = score_run(run, ScoreWeights{}, ScoreThresholds{});
    ASSERT_EQ(card.turns.size(), 2U);
    EXPECT_EQ(card.turns[1].reply_ms, 40'000 + 1'500 + 0);  // from the first line of the turn
    EXPECT_DOUBLE_EQ(card.turns[1].speed, 0.6);
    EXPECT_FALSE(card.turns[1].answered);  // a coupon does not answer "let me think"
    EXPECT_EQ(card.unanswered_questions, 1);
}

TEST(BuyerRun, TheSeedFixesEveryChoice) {
    const ScenarioFolder folder = load_scenario_folder(testing::source_path("simulator/scenarios"));
    for (const auto& scenario : folder.scenarios) {
        std::vector<std::string> a, b;
        BuyerRun first(scenario, 42), second(scenario, 42);
        for (const auto& line : first.start(0)) a.push_back(line.text);
        for (const auto& line : second.start(0)) b.push_back(line.text);
        EXPECT_EQ(a, b) << scenario->id;
    }
}

// Records as `huashu export --format jsonl` writes them.
std::string exported(std::int64_t event_id, std::int64_t time, const char* direction, const char* type, const char* conversation,
                     const std::string& payload) {
    return R"({"event_id":)" + std::to_string(event_id) + R"(,"server_time_ms":)" + std::to_string(time) +
           R"(,"direction":")" + direction + R"(","type":")" + type + R"(","role":"agent","user":"xiaomei","conversation_id":")" +
           conversation + R"(","client_event_id":null,"suggestion_id":null,"payload":)" + payload + "}\n";
}

std::istringstream logged_conversation() {
    const std::int64_t t0 = 1'767'600'000'000;
    std::string jsonl;
    jsonl += exported(1, t0, "received", "buyer_message", "c1", R"({"type":"buyer_message","text":"在吗"})");
    jsonl += exported(2, t0 + 10, "sent", "suggestions", "c1", R"({"type":"suggestions","items":[]})");
    jsonl += exported(3, t0 + 4'000, "received", "buyer_message", "c1", R"({"type":"buyer_message","text":"包邮吗"})");
    jsonl += exported(4, t0 + 5'000, "received", "agent_message", "c1", R"({"type":"agent_message","text":"自动回复","auto":true})");
    jsonl += exported(5, t0 + 6'000, "received", "buyer_message", "other", R"({"type":"buyer_message","text":"别的会话"})");
    jsonl += exported(6, t0 + 20'000, "received", "agent_message", "c1",
                      R"({"type":"agent_message","text":"亲，满99包邮~","suggestion_id":"shipping_fee.free#1"})");
    jsonl += exported(7, t0 + 60'000, "received", "buyer_message", "c1", R"({"type":"buyer_message","text":"那发什么快递"})");
    jsonl += exported(8, t0 + 75'000, "received", "agent_message", "c1", R"({"type":"agent_message","text":"默认中通哦"})");
    return std::istringstream(jsonl);
}

TEST(Replay, ALoggedConversationComesBackWithItsLinesAndTiming) {
    auto stream = logged_conversation();
    auto log = read_logged_conversation(stream, "c1");
    ASSERT_TRUE(log.ok()) << log.error().message;
    Replay replay(*log);
    const auto lines = replay.start(500);
    ASSERT_EQ(lines.size(), 3U);
    EXPECT_EQ(lines[0].text, "在吗");
    EXPECT_EQ(lines[0].send_at_ms, 500);
    EXPECT_FALSE(lines[0].last_of_turn);
    EXPECT_EQ(lines[1].text, "包邮吗");
    EXPECT_EQ(lines[1].send_at_ms, 4'500);
    EXPECT_TRUE(lines[1].last_of_turn);  // the auto-reply follows, which a trainee answers anyway
    EXPECT_EQ(lines[2].text, "那发什么快递");
    EXPECT_EQ(lines[2].send_at_ms, 60'500);

    ASSERT_EQ(replay.rounds().size(), 2U);
    EXPECT_EQ(replay.rounds()[0].buyer_lines, (std::vector<std::string>{"在吗", "包邮吗"}));
    EXPECT_EQ(replay.rounds()[0].original_wait_ms, 20'000);  // the auto-reply ended nothing
    EXPECT_EQ(replay.rounds()[1].started_ms, 60'000);
    EXPECT_EQ(replay.rounds()[1].original_wait_ms, 15'000);

    replay.reply("亲，满99包邮哦", std::string("shipping_fee.free#1"), 500 + 9'000);
    EXPECT_FALSE(replay.finished(500 + 30'000, 60'000));
    replay.reply("好的", std::nullopt, 500 + 59'000);  // before the next round: nothing left to answer
    replay.reply("亲，我们发中通快递", std::nullopt, 500 + 70'000);
    EXPECT_TRUE(replay.finished(500 + 70'000, 60'000));
    EXPECT_EQ(replay.rounds()[0].trainee_wait_ms, 9'000);
    EXPECT_TRUE(replay.rounds()[0].same_reply());  // the same phrasebook reply
    EXPECT_EQ(replay.rounds()[1].trainee_wait_ms, 10'000);
    EXPECT_FALSE(replay.rounds()[1].same_reply());
}

TEST(Replay, AConversationWithoutBuyerOrABrokenRecordIsAClearError) {
    auto stream = logged_conversation();
    const auto missing = read_logged_conversation(stream, "nobody");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().message, "conversation 'nobody' has no buyer message in the log");
    std::istringstream broken("{\"event_id\":1}\nnot json\n");
    const auto bad = read_logged_conversation(broken, "c1");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().message, "line 1: not an exported event record");
}

}  // namespace
}  // namespace huashu::simulator
