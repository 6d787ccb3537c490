#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <unistd.h>

#include <filesystem>

#include "huashu/service/service.h"

namespace huashu::service {
namespace {

using nlohmann::json;

class RecordingSink final : public FrameSink {
public:
    void send_text(std::string frame) override {
        if (!closed) frames.push_back(json::parse(frame));
    }
    void close(std::uint16_t code, std::string) override {
        closed = true;
        close_code = code;
    }
    std::vector<json> frames;
    bool closed = false;
    std::uint16_t close_code = 0;
};

// A store whose disk is full: every append fails the way SQLite reports SQLITE_FULL.
class FullDiskStore final : public storage::EventStore {
public:
    void append(storage::Event, AppendCallback done) override {
        done(make_error(ErrorCode::storage_unavailable, "database or disk is full"));
    }
    Result<std::vector<storage::StoredEvent>> query(const storage::EventQuery&) const override {
        return std::vector<storage::StoredEvent>{};
    }
    Result<std::vector<storage::SuggestionUse>> suggestion_usage() const override {
        return make_error(ErrorCode::storage_unavailable, "database or disk is full");
    }
};

constexpr const char* kToken = "0123456789abcdef0123";

std::shared_ptr<const engine::Assistant> small_assistant() {
    auto report = phrasebook::load_texts({{"t.phrases", R"(
[entry shipping_fee.free]
category = shipping_fee
keywords = 包邮 | 运费
reply = 亲，满99元包邮哦~
[entry greeting.hello]
category = greeting
keywords = 在吗 | 你好
reply = 您好亲，在的~
[forbidden blame]
rule = forbidden_phrase
severity = error
phrase = 不是我们的问题
message = 推卸责任
rewrite = 亲，给您添麻烦了
)"}});
    EXPECT_TRUE(report.ok());
    return *engine::Assistant::build(std::make_shared<const phrasebook::Phrasebook>(std::move(*report.phrasebook)),
                                     *text::Normalizer::create());
}

class ServiceTest : public ::testing::Test {
protected:
    ServiceTest(storage::EventStore& store)
        : service_(ServiceOptions{},
                   *TokenTable::parse(std::string("agent xiaomei ") + kToken + "\ntrainee xiaoli " + kToken +
                                          "\nagent laowang " + kToken + "\nsupervisor boss " + kToken + "\n",
                                      "tokens"),
                   small_assistant(), store, clock_) {}
    ServiceTest() : ServiceTest(memory_) {}

    std::unique_ptr<ClientSession> connect(std::shared_ptr<RecordingSink>& sink, const char* role = "agent",
                                           const char* user = "xiaomei") {
        sink = std::make_shared<RecordingSink>();
        auto session = service_.open_session(sink);
        session->on_frame(json{{"type", "hello"}, {"role", role}, {"user", user}, {"token", kToken}}.dump());
        return session;
    }

    storage::MemoryEventStore memory_;
    ManualClock clock_;
    Service service_;
};

TEST_F(ServiceTest, HelloWithAGrantedTokenIsWelcomed) {
    std::shared_ptr<RecordingSink> sink;
    auto session = connect(sink);
    ASSERT_EQ(sink->frames.size(), 1U);
    EXPECT_EQ(sink->frames[0]["type"], "welcome");
    EXPECT_EQ(sink->frames[0]["role"], "agent");
    EXPECT_EQ(sink->frames[0]["phrasebook_entries"], 2);
    EXPECT_FALSE(sink->closed);
}

TEST_F(ServiceTest, AWrongTokenIsRefusedAndClosedWithPolicyViolation) {
    auto sink = std::make_shared<RecordingSink>();
    auto session = service_.open_session(sink);
    session->on_frame(R"({"type":"hello","role":"agent","user":"xiaomei","token":"wrong-token-0000000"})");
    ASSERT_EQ(sink->frames.size(), 1U);
    EXPECT_EQ(sink->frames[0]["code"], "not_authenticated");
    EXPECT_TRUE(sink->closed);
    EXPECT_EQ(sink->close_code, kClosePolicyViolation);
}

TEST_F(ServiceTest, HealthCountsConnectionsHeldBackByBackpressure) {
    const auto paused_count = [&] { return nlohmann::json::parse(service_.health_json())["connections_reading_paused"]; };
    auto first = service_.open_session(std::make_shared<RecordingSink>());
    auto second = service_.open_session(std::make_shared<RecordingSink>());
    EXPECT_EQ(paused_count(), 0);
    first->set_reading_paused(true);
    first->set_reading_paused(true);  // reported twice, counted once
    second->set_reading_paused(true);
    EXPECT_EQ(paused_count(), 2);
    second->set_reading_paused(false);
    EXPECT_EQ(paused_count(), 1);
    first.reset();  // a connection that closes while held back is no longer counted
    EXPECT_EQ(paused_count(), 0);
}

TEST_F(ServiceTest, AnyFrameBeforeHelloIsRefusedAndClosed) {
    auto sink = std::make_shared<RecordingSink>();
    auto session = service_.open_session(sink);
    session->on_frame(R"({"type":"suggest","text":"包邮吗"})");
    ASSERT_EQ(sink->frames.size(), 1U);
    EXPECT_EQ(sink->frames[0]["code"], "not_authenticated");
    EXPECT_TRUE(sink->closed);
}

TEST_F(ServiceTest, BuyerMessageGetsSuggestionsThenAnAckOnceStored) {
    std::shared_ptr<RecordingSink> sink;
    auto session = connect(sink);
    session->on_frame(R"({"type":"buyer_message","conversation_id":"c1","buyer_id":"b1","text":"包郵嗎","request_id":9})");
    ASSERT_EQ(sink->frames.size(), 3U);
    EXPECT_EQ(sink->frames[1]["type"], "suggestions");
    EXPECT_EQ(sink->frames[1]["request_id"], 9);
    EXPECT_EQ(sink->frames[1]["items"][0]["category"], "shipping_fee");
    EXPECT_EQ(sink->frames[2]["type"], "ack");
    const auto stored = memory_.all();
    ASSERT_EQ(stored.size(), 2U);  // the buyer message and the suggestions shown
    EXPECT_EQ(sink->frames[2]["event_id"], stored[0].event_id);
    EXPECT_EQ(stored[0].event.type, "buyer_message");
    EXPECT_EQ(stored[0].event.conversation_id, "c1");
    EXPECT_EQ(stored[0].event.server_time_ms, clock_.now_unix_ms());
    EXPECT_EQ(stored[1].event.type, "suggestions");
    EXPECT_EQ(stored[1].event.direction, storage::Direction::sent);
}

TEST_F(ServiceTest, BadFramesGetErrorsAndTheConnectionStaysUsable) {
    std::shared_ptr<RecordingSink> sink;
    auto session = connect(sink);
    session->on_frame("{not json");
    session->on_frame("{\"type\":\"suggest\",\"text\":\"\xff\"}");
    session->on_frame(R"({"type":"teleport"})");
    session->on_frame(R"({"type":"suggest","text":"在吗"})");
    ASSERT_EQ(sink->frames.size(), 5U);
    EXPECT_EQ(sink->frames[1]["code"], "bad_json");
    EXPECT_EQ(sink->frames[2]["code"], "bad_text");
    EXPECT_EQ(sink->frames[3]["code"], "unknown_type");
    EXPECT_EQ(sink->frames[4]["type"], "suggestions");
    EXPECT_EQ(sink->frames[4]["items"][0]["category"], "greeting");
    EXPECT_FALSE(sink->closed);
}

TEST_F(ServiceTest, ATraineeMayNotLogBuyerMessages) {
    std::shared_ptr<RecordingSink> sink;
    auto session = connect(sink, "trainee", "xiaoli");
    session->on_frame(R"({"type":"buyer_message","conversation_id":"c1","buyer_id":"b1","text":"包邮吗"})");
    EXPECT_EQ(sink->frames.back()["code"], "forbidden");
    EXPECT_TRUE(memory_.all().empty());
}

TEST_F(ServiceTest, AgentMessageIsAcknowledgedWithItsEventId) {
    std::shared_ptr<RecordingSink> sink;
    auto session = connect(sink);
    session->on_frame(R"({"type":"agent_message","conversation_id":"c1","text":"亲，满99元包邮哦~","suggestion_id":"shipping_fee.free#1","client_event_id":"e1"})");
    session->on_frame(R"({"type":"agent_message","conversation_id":"c1","text":"亲，满99元包邮哦~","suggestion_id":"shipping_fee.free#1","client_event_id":"e1"})");
    ASSERT_EQ(sink->frames.size(), 3U);
    EXPECT_EQ(sink->frames[1]["type"], "ack");
    EXPECT_EQ(sink->frames[2]["event_id"], sink->frames[1]["event_id"]);  // a retry is not stored twice
    EXPECT_EQ(memory_.all().size(), 1U);
}

TEST_F(ServiceTest, AClientEventIdReusedForAnotherEventIsRefusedNotSilentlyMerged) {
    std::shared_ptr<RecordingSink> sink;
    auto session = connect(sink);
    session->on_frame(R"({"type":"agent_message","conversation_id":"c1","text":"亲，在的","client_event_id":"e7"})");
    session->on_frame(R"({"type":"buyer_message","conversation_id":"c1","buyer_id":"b","text":"包邮吗","client_event_id":"e7"})");
    ASSERT_EQ(sink->frames.size(), 4U);  // welcome, ack, suggestions, error
    EXPECT_EQ(sink->frames[3]["type"], "error");
    EXPECT_EQ(sink->frames[3]["code"], "bad_field");
}

TEST_F(ServiceTest, ASlowClientQueueLimitIsTheNetworkLayersJobButFramesAreNeverLost) {
    // The service hands every answer to the sink in order; what a sink does with a slow
    // reader is the network layer's policy (tested end to end).
    std::shared_ptr<RecordingSink> sink;
    auto session = connect(sink);
    for (int i = 0; i < 50; ++i) session->on_frame(R"({"type":"ping","request_id":)" + std::to_string(i) + "}");
    ASSERT_EQ(sink->frames.size(), 51U);
    EXPECT_EQ(sink->frames.back()["request_id"], 49);
}

TEST_F(ServiceTest, ADraftIsLintedWithOffsetsIntoTheDraft) {
    std::shared_ptr<RecordingSink> sink;
    auto session = connect(sink);
    session->on_frame(R"({"type":"draft","conversation_id":"c1","text":"亲，這不是我們的問題","request_id":"d1"})");
    session->on_frame(R"({"type":"draft","conversation_id":"c1","text":"亲，马上帮您处理"})");
    ASSERT_EQ(sink->frames.size(), 3U);
    const json& lint = sink->frames[1];
    EXPECT_EQ(lint["type"], "lint");
    EXPECT_EQ(lint["request_id"], "d1");
    ASSERT_EQ(lint["issues"].size(), 1U);
    EXPECT_EQ(lint["issues"][0]["start"], 3);
    EXPECT_EQ(lint["issues"][0]["end"], 10);
    EXPECT_EQ(lint["issues"][0]["text"], "不是我們的問題");
    EXPECT_EQ(lint["issues"][0]["rule"], "forbidden_phrase");
    EXPECT_EQ(lint["issues"][0]["rewrite"], "亲，给您添麻烦了");
    EXPECT_TRUE(sink->frames[2]["issues"].empty());
}

TEST_F(ServiceTest, OrderEventsAreAcknowledgedAndValidated) {
    std::shared_ptr<RecordingSink> sink;
    auto session = connect(sink);
    session->on_frame(R"({"type":"order_event","conversation_id":"c1","event":"placed"})");
    session->on_frame(R"({"type":"order_event","conversation_id":"c1","event":"shipped"})");
    ASSERT_EQ(sink->frames.size(), 3U);
    EXPECT_EQ(sink->frames[1]["type"], "ack");
    EXPECT_EQ(sink->frames[2]["code"], "bad_field");
    EXPECT_EQ(service_.conversations().get("c1").stage, engine::Stage::ordered);
}

TEST_F(ServiceTest, AnswersForAConnectionThatIsGoneAreDropped) {
    auto sink = std::make_shared<RecordingSink>();
    auto session = service_.open_session(sink);
    session->on_frame(json{{"type", "hello"}, {"role", "agent"}, {"user", "xiaomei"}, {"token", kToken}}.dump());
    std::weak_ptr<RecordingSink> watch = sink;
    sink.reset();  // the connection closed
    EXPECT_TRUE(watch.expired());
    session->on_frame(R"({"type":"buyer_message","conversation_id":"c1","buyer_id":"b1","text":"包邮吗"})");
    EXPECT_EQ(memory_.all().size(), 2U);  // still logged, nothing sent anywhere
}

TEST_F(ServiceTest, AnAgentsChoiceIsLoggedAndCounted) {
    std::shared_ptr<RecordingSink> sink;
    auto session = connect(sink);
    session->on_frame(R"({"type":"agent_message","conversation_id":"c1","text":"亲，满99元包邮哦~","suggestion_id":"shipping_fee.free#1"})");
    session->on_frame(R"({"type":"agent_message","conversation_id":"c1","text":"亲在的","suggestion_id":"greeting.hello#1","auto":true})");
    EXPECT_EQ(service_.assistant()->suggestions->usage(),
              (std::vector<std::pair<std::string, std::uint32_t>>{{"shipping_fee.free#1", 1}}));  // auto-replies do not count
    const auto uses = memory_.suggestion_usage();
    ASSERT_TRUE(uses.ok());
    ASSERT_EQ(uses->size(), 2U);  // the log keeps both
    // A restarted service learns the counts back from the log.
    Service restarted(ServiceOptions{}, *TokenTable::parse(std::string("agent xiaomei ") + kToken + "\n", "tokens"),
                      small_assistant(), memory_, clock_);
    EXPECT_EQ(restarted.assistant()->suggestions->usage().size(), 2U);
}

// The store must exist before the Service that reads it at construction (base-from-member).
TEST_F(ServiceTest, MetricsFollowTheClockOfTheLoggedEvents) {
    std::shared_ptr<RecordingSink> agent_sink;
    auto agent_session = connect(agent_sink);
    agent_session->on_frame(R"({"type":"buyer_message","conversation_id":"c1","buyer_id":"b1","text":"包邮吗"})");
    clock_.advance_ms(20'000);
    agent_session->on_frame(R"({"type":"agent_message","conversation_id":"c1","text":"亲，满99包邮~"})");
    agent_session->on_frame(R"({"type":"buyer_message","conversation_id":"c2","buyer_id":"b2","text":"在吗"})");
    clock_.advance_ms(5'000);
    agent_session->on_frame(R"({"type":"transfer","conversation_id":"c2","to_agent":"laowang"})");
    clock_.advance_ms(40'000);
    std::shared_ptr<RecordingSink> other_sink;
    auto other_session = connect(other_sink, "agent", "laowang");
    other_session->on_frame(R"({"type":"agent_message","conversation_id":"c2","text":"您好亲，在的~"})");

    agent_session->on_frame(R"({"type":"metrics","request_id":"m"})");
    const json& mine = agent_sink->frames.back();
    ASSERT_EQ(mine["type"], "metrics");
    EXPECT_EQ(mine["request_id"], "m");
    ASSERT_EQ(mine["agents"].size(), 1U);  // an agent sees only their own figures
    EXPECT_EQ(mine["agents"][0]["agent"], "xiaomei");
    EXPECT_EQ(mine["agents"][0]["first_response"]["mean_ms"], 20'000.0);
    EXPECT_EQ(mine["agents"][0]["rounds"], 1);  // the transferred round is laowang's

    agent_session->on_frame(R"({"type":"metrics","agent":"laowang"})");
    EXPECT_EQ(agent_sink->frames.back()["code"], "forbidden");

    std::shared_ptr<RecordingSink> boss_sink;
    auto boss = connect(boss_sink, "supervisor", "boss");
    boss->on_frame(R"({"type":"metrics"})");
    const json& all = boss_sink->frames.back();
    ASSERT_EQ(all["agents"].size(), 2U);
    EXPECT_EQ(all["agents"][0]["agent"], "laowang");
    EXPECT_EQ(all["agents"][0]["first_response"]["mean_ms"], 40'000.0);  // from the transfer
    EXPECT_EQ(all["team"]["rounds"], 2);
    EXPECT_FALSE(all.contains("days"));  // only when asked for

    boss->on_frame(R"({"type":"metrics","by":"day"})");
    const json& by_day = boss_sink->frames.back();
    ASSERT_EQ(by_day["days"].size(), 1U);
    EXPECT_EQ(by_day["days"][0]["date"].get<std::string>().size(), 10U);  // YYYY-MM-DD
    EXPECT_EQ(by_day["days"][0]["team"]["rounds"], 2);
    EXPECT_EQ(by_day["days"][0]["agents"].size(), 2U);

    boss->on_frame(R"({"type":"metrics","by":"conversation"})");
    const json& by_conversation = boss_sink->frames.back();
    ASSERT_EQ(by_conversation["conversations"].size(), 2U);
    EXPECT_EQ(by_conversation["conversations"][1]["conversation_id"], "c2");
    EXPECT_EQ(by_conversation["conversations"][1]["agent"], "laowang");

    agent_session->on_frame(R"({"type":"metrics","by":"day"})");
    ASSERT_EQ(agent_sink->frames.back()["days"].size(), 1U);
    EXPECT_EQ(agent_sink->frames.back()["days"][0]["agents"].size(), 1U);  // still only their own

    boss->on_frame(R"({"type":"metrics","by":"week"})");
    EXPECT_EQ(boss_sink->frames.back()["code"], "bad_field");

    std::shared_ptr<RecordingSink> trainee_sink;
    auto trainee = connect(trainee_sink, "trainee", "xiaoli");
    trainee->on_frame(R"({"type":"metrics"})");
    EXPECT_EQ(trainee_sink->frames.back()["code"], "forbidden");
}

class NudgeTest : public ServiceTest {
protected:
    NudgeTest() { service_.set_scheduler(&scheduler_); }

    // Moves the manual clock on and fires what is due: no sleeping.
    void pass_ms(std::int64_t ms) {
        clock_.advance_ms(ms);
        scheduler_.run_due();
    }

    static std::vector<json> timers(const RecordingSink& sink) {
        std::vector<json> found;
        for (const json& frame : sink.frames) {
            if (frame["type"] == "timer") found.push_back(frame);
        }
        return found;
    }

    ManualScheduler scheduler_{clock_};
};

TEST_F(NudgeTest, AWaitingBuyerTriggersNudgesAtTheThresholdsUntilAManualReply) {
    std::shared_ptr<RecordingSink> sink;
    auto session = connect(sink);
    session->on_frame(R"({"type":"buyer_message","conversation_id":"c1","buyer_id":"b1","text":"在吗"})");
    pass_ms(19'999);
    EXPECT_TRUE(timers(*sink).empty());
    pass_ms(1);
    ASSERT_EQ(timers(*sink).size(), 1U);
    EXPECT_EQ(timers(*sink)[0]["level"], "reply_now");
    EXPECT_EQ(timers(*sink)[0]["waiting_ms"], 20'000);
    EXPECT_EQ(timers(*sink)[0]["buyer_id"], "b1");
    // More messages and an auto-reply neither restart nor end the wait.
    session->on_frame(R"({"type":"buyer_message","conversation_id":"c1","buyer_id":"b1","text":"人呢"})");
    session->on_frame(R"({"type":"agent_message","conversation_id":"c1","text":"您好，客服马上就来","auto":true})");
    pass_ms(40'000);
    ASSERT_EQ(timers(*sink).size(), 2U);
    EXPECT_EQ(timers(*sink)[1]["level"], "overtime");
    EXPECT_EQ(timers(*sink)[1]["waiting_ms"], 60'000);
    session->on_frame(R"({"type":"agent_message","conversation_id":"c1","text":"亲，在的~"})");
    pass_ms(300'000);
    EXPECT_EQ(timers(*sink).size(), 2U);  // answered: no "soothe" at 4 minutes
}

TEST_F(NudgeTest, ASlowWaitGetsTheSoothingReminderBeforeFiveMinutes) {
    std::shared_ptr<RecordingSink> sink;
    auto session = connect(sink);
    session->on_frame(R"({"type":"buyer_message","conversation_id":"c1","buyer_id":"b1","text":"我的快递呢"})");
    pass_ms(240'000);
    ASSERT_EQ(timers(*sink).size(), 3U);
    EXPECT_EQ(timers(*sink)[2]["level"], "soothe");
}

TEST_F(NudgeTest, ATransferredBuyersNudgesGoToTheNewAgentFromTheHandOver) {
    std::shared_ptr<RecordingSink> first;
    auto xiaomei = connect(first);
    std::shared_ptr<RecordingSink> second;
    auto laowang = connect(second, "agent", "laowang");
    xiaomei->on_frame(R"({"type":"buyer_message","conversation_id":"c1","buyer_id":"b1","text":"在吗"})");
    pass_ms(10'000);
    xiaomei->on_frame(R"({"type":"transfer","conversation_id":"c1","to_agent":"laowang"})");
    pass_ms(15'000);  // 25 s after the message, 15 s after the hand-over
    EXPECT_TRUE(timers(*first).empty());
    EXPECT_TRUE(timers(*second).empty());
    pass_ms(5'000);
    EXPECT_TRUE(timers(*first).empty());  // xiaomei's own nudge was dropped with the hand-over
    ASSERT_EQ(timers(*second).size(), 1U);
    EXPECT_EQ(timers(*second)[0]["waiting_ms"], 20'000);
}

TEST_F(NudgeTest, TheQueueListsTheAgentsWaitingBuyersLongestFirst) {
    std::shared_ptr<RecordingSink> sink;
    auto session = connect(sink);
    session->on_frame(R"({"type":"buyer_message","conversation_id":"c1","buyer_id":"b1","text":"在吗"})");
    pass_ms(5'000);
    session->on_frame(R"({"type":"buyer_message","conversation_id":"c2","buyer_id":"b2","text":"包邮吗"})");
    pass_ms(3'000);
    session->on_frame(R"({"type":"buyer_message","conversation_id":"c3","buyer_id":"b3","text":"有货吗"})");
    session->on_frame(R"({"type":"agent_message","conversation_id":"c3","text":"有的亲"})");
    session->on_frame(R"({"type":"queue","request_id":"q"})");
    const json& queue = sink->frames.back();
    ASSERT_EQ(queue["type"], "queue");
    EXPECT_EQ(queue["request_id"], "q");
    ASSERT_EQ(queue["waiting"].size(), 2U);
    EXPECT_EQ(queue["waiting"][0]["conversation_id"], "c1");
    EXPECT_EQ(queue["waiting"][0]["waiting_ms"], 8'000);
    EXPECT_EQ(queue["waiting"][1]["conversation_id"], "c2");
    EXPECT_EQ(queue["waiting"][1]["waiting_ms"], 3'000);
}

struct FullDiskStoreHolder {
    FullDiskStore full_;
};

class FullDiskServiceTest : private FullDiskStoreHolder, public ServiceTest {
protected:
    FullDiskServiceTest() : ServiceTest(full_) {}
};

TEST_F(FullDiskServiceTest, KeepsSuggestingButNeverAcknowledgesWhatWasNotStored) {
    std::shared_ptr<RecordingSink> sink;
    auto session = connect(sink);
    session->on_frame(R"({"type":"buyer_message","conversation_id":"c1","buyer_id":"b1","text":"包邮吗"})");
    ASSERT_EQ(sink->frames.size(), 3U);
    EXPECT_EQ(sink->frames[1]["type"], "suggestions");
    EXPECT_EQ(sink->frames[2]["type"], "error");
    EXPECT_EQ(sink->frames[2]["code"], "storage_unavailable");
    EXPECT_NE(service_.health_json().find("\"storage\":\"unavailable\""), std::string::npos);
}

}  // namespace
}  // namespace huashu::service

namespace huashu::service {
namespace {

TEST(TokenTable, ParsesGrantsAndNamesTheLineOfAnError) {
    auto table = TokenTable::parse("# users\nagent xiaomei 0123456789abcdef\n\nsupervisor laowang fedcba9876543210\n", "tokens");
    ASSERT_TRUE(table.ok());
    EXPECT_TRUE(table->allows(Role::agent, "xiaomei", "0123456789abcdef"));
    EXPECT_FALSE(table->allows(Role::supervisor, "xiaomei", "0123456789abcdef"));  // wrong role
    EXPECT_FALSE(table->allows(Role::agent, "xiaomei", "0123456789abcdeF"));
    EXPECT_EQ(TokenTable::parse("agent xiaomei short\n", "tokens").error().message,
              "tokens:1: token must be 16 to 128 characters long");
    EXPECT_EQ(TokenTable::parse("admin root 0123456789abcdef\n", "tokens").error().message,
              "tokens:1: unknown role 'admin' (agent, trainee, supervisor or simulator)");
    EXPECT_FALSE(TokenTable::parse("# nobody\n", "tokens").ok());
}

TEST(TokenTable, DemoFileIsPrivateAndNeverOverwritten) {
    const auto path = std::filesystem::temp_directory_path() / ("huashu-tokens-" + std::to_string(::getpid()));
    std::filesystem::remove(path);
    auto created = TokenTable::create_demo_file(path);
    ASSERT_TRUE(created.ok()) << created.error().message;
    EXPECT_EQ(created->grants().size(), 4U);
    EXPECT_EQ(std::filesystem::status(path).permissions() & std::filesystem::perms::all,
              std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    EXPECT_FALSE(TokenTable::create_demo_file(path).ok());
    auto reloaded = TokenTable::load(path);
    ASSERT_TRUE(reloaded.ok());
    EXPECT_EQ(reloaded->grants()[0].token, created->grants()[0].token);
    std::filesystem::remove(path);
}

}  // namespace
}  // namespace huashu::service

#include <fstream>

#include "huashu/service/phrasebook_reloader.h"

namespace huashu::service {
namespace {

constexpr const char* kOneEntry = "[entry greeting.hello]\ncategory = greeting\nkeywords = 在吗\nreply = 您好亲~\n";
constexpr const char* kSecondEntry = "[entry shipping_fee.free]\ncategory = shipping_fee\nkeywords = 包邮\nreply = 满99包邮~\n";

class PhrasebookReloaderTest : public ::testing::Test {
protected:
    PhrasebookReloaderTest() {
        folder_ = std::filesystem::temp_directory_path() / ("huashu-reload-" + std::to_string(::getpid()));
        std::filesystem::remove_all(folder_);
        std::filesystem::create_directories(folder_);
        write(kOneEntry);
        normalizer_ = *text::Normalizer::create();
        auto report = phrasebook::load_directory(folder_);
        auto assistant = engine::Assistant::build(std::make_shared<const phrasebook::Phrasebook>(std::move(*report.phrasebook)),
                                                  normalizer_);
        service_ = std::make_unique<Service>(ServiceOptions{}, *TokenTable::parse("agent a 0123456789abcdef\n", "t"),
                                             *assistant, store_, clock_);
    }
    ~PhrasebookReloaderTest() override { std::filesystem::remove_all(folder_); }

    void write(const std::string& contents) { std::ofstream(folder_ / "main.phrases", std::ios::trunc) << contents; }

    std::filesystem::path folder_;
    std::shared_ptr<const text::Normalizer> normalizer_;
    storage::MemoryEventStore store_;
    ManualClock clock_;
    std::unique_ptr<Service> service_;
};

TEST_F(PhrasebookReloaderTest, SwapsInAGoodEditAndKeepsServingThroughABrokenOne) {
    PhrasebookReloader reloader(folder_, normalizer_, *service_);
    EXPECT_EQ(reloader.check().outcome, PhrasebookReloader::Outcome::unchanged);

    write(std::string(kOneEntry) + kSecondEntry);
    auto report = reloader.check();
    EXPECT_EQ(report.outcome, PhrasebookReloader::Outcome::reloaded);
    EXPECT_EQ(report.entries, 2U);
    EXPECT_EQ(service_->assistant()->suggestions->suggest("包邮吗", 1).at(0).category, phrasebook::Intent::shipping_fee);

    const auto serving = service_->assistant();
    write(std::string(kOneEntry) + "[entry broken]\ncategory = nonsense\nkeywords = x\nreply = y\n");
    report = reloader.check();
    EXPECT_EQ(report.outcome, PhrasebookReloader::Outcome::rejected);
    ASSERT_FALSE(report.problems.empty());
    EXPECT_EQ(report.problems[0].line, 6);
    EXPECT_EQ(report.problems[0].reason, "unknown category 'nonsense'");
    EXPECT_EQ(service_->assistant(), serving);  // the previous phrasebook still serves
    EXPECT_NE(service_->health_json().find("unknown category 'nonsense'"), std::string::npos);
    EXPECT_NE(service_->health_json().find("\"status\":\"degraded\""), std::string::npos);
    EXPECT_EQ(reloader.check().outcome, PhrasebookReloader::Outcome::unchanged);  // not retried until edited

    write(kOneEntry);
    EXPECT_EQ(reloader.check().outcome, PhrasebookReloader::Outcome::reloaded);
    EXPECT_NE(service_->health_json().find("\"phrasebook_problems\":[]"), std::string::npos);
}

// The clause cue words are a phrasebook file like the others: a broken edit is reported with its
// file and line and the lint keeps the words it had.
TEST_F(PhrasebookReloaderTest, KeepsTheCueWordsThroughABrokenCueFile) {
    const std::string rule = "[forbidden rude]\nrule = forbidden_phrase\nseverity = error\ncues = clause\nmessage = m\nrewrite = r\n";
    const auto write_cues = [&](const std::string& contents) {
        std::ofstream(folder_ / "cues.phrases", std::ios::trunc) << contents;
    };
    PhrasebookReloader reloader(folder_, normalizer_, *service_);
    write(std::string(kOneEntry) + rule);
    write_cues("[clause_cues]\nrude = {八百|一百}遍\n");
    ASSERT_EQ(reloader.check().outcome, PhrasebookReloader::Outcome::reloaded);
    const auto serving = service_->assistant();
    EXPECT_EQ(serving->linter->lint("说了八百遍了").size(), 1U);

    write_cues("[clause_cues]\nrude = {八百|一百}遍\nrud = 无数遍\n");
    auto report = reloader.check();
    EXPECT_EQ(report.outcome, PhrasebookReloader::Outcome::rejected);
    ASSERT_EQ(report.problems.size(), 1U);
    EXPECT_EQ(report.problems[0].to_string(),
              (folder_ / "cues.phrases").string() + ":3: [clause_cues]: unknown cue kind 'rud' (the kinds are listed in phrasebook/README.md)");
    EXPECT_EQ(service_->assistant(), serving);
    EXPECT_EQ(service_->assistant()->linter->lint("说了一百遍了").size(), 1U);

    write_cues("[clause_cues]\nrude = {八百|一百遍\n");
    report = reloader.check();
    EXPECT_EQ(report.outcome, PhrasebookReloader::Outcome::rejected);
    ASSERT_FALSE(report.problems.empty());
    EXPECT_EQ(report.problems[0].line, 2);
    EXPECT_EQ(report.problems[0].reason, "cue '{八百|一百遍': '{' is never closed");
    EXPECT_EQ(service_->assistant(), serving);

    std::filesystem::remove(folder_ / "cues.phrases");  // the rule still asks for cue words
    report = reloader.check();
    EXPECT_EQ(report.outcome, PhrasebookReloader::Outcome::rejected);
    ASSERT_FALSE(report.problems.empty());
    EXPECT_EQ(report.problems[0].line, 8);
    EXPECT_EQ(service_->assistant(), serving);

    write_cues("[clause_cues]\nrude = {八百|一百|无数}遍\n");
    EXPECT_EQ(reloader.check().outcome, PhrasebookReloader::Outcome::reloaded);
    EXPECT_EQ(service_->assistant()->linter->lint("说了无数遍了").size(), 1U);
}

}  // namespace
}  // namespace huashu::service

namespace huashu::service {
namespace {

TEST(Conversations, ForgetTheStalestWhenFull) {
    Conversations conversations(2);
    conversations.update("a", 1, [](engine::ConversationContext& c) { c.observe_order("placed"); });
    conversations.update("b", 2, [](engine::ConversationContext& c) { c.observe_order("placed"); });
    conversations.update("a", 3, [](engine::ConversationContext&) {});  // a is touched again
    conversations.update("c", 4, [](engine::ConversationContext&) {});  // b, the stalest, goes
    EXPECT_EQ(conversations.size(), 2U);
    EXPECT_EQ(conversations.get("a").stage, engine::Stage::ordered);
    EXPECT_EQ(conversations.get("b").stage, engine::Stage::greeting);  // forgotten: a fresh context
}

}  // namespace
}  // namespace huashu::service
