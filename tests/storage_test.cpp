#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <future>
#include <mutex>
#include <thread>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "huashu/storage/event_store.h"

namespace huashu::storage {
namespace {

// A fresh folder per test, removed afterwards.
class TempDir {
public:
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "huashu-storage-XXXXXX").string();
        path_ = mkdtemp(pattern.data());
    }
    ~TempDir() { std::filesystem::remove_all(path_); }
    std::string file(const std::string& name) const { return (path_ / name).string(); }

private:
    std::filesystem::path path_;
};

Event sample(const std::string& conversation, std::int64_t at_ms) {
    Event e;
    e.server_time_ms = at_ms;
    e.type = "buyer_message";
    e.role = "agent";
    e.user = "xiaomei";
    e.conversation_id = conversation;
    e.payload_json = R"({"type":"buyer_message","text":"包邮吗"})";
    return e;
}

// Appends and waits for the store's answer (the SQLite store answers from its writer thread).
Result<std::int64_t> append_and_wait(EventStore& store, Event event) {
    std::promise<Result<std::int64_t>> answer;
    auto future = answer.get_future();
    store.append(std::move(event), [&](Result<std::int64_t> stored) { answer.set_value(std::move(stored)); });
    return future.get();
}

std::int64_t append_sync(EventStore& store, Event event) {
    Result<std::int64_t> stored = append_and_wait(store, std::move(event));
    EXPECT_TRUE(stored.ok()) << stored.error().message;
    return stored ? *stored : -1;
}

TEST(SqliteEventStore, CreatesItsFolderAndSchemaOnFirstOpen) {
    TempDir dir;
    const std::string path = dir.file("nested/var/huashu.db");
    {
        auto store = open_sqlite_event_store(path);
        ASSERT_TRUE(store.ok()) << store.error().message;
    }
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, nullptr), SQLITE_OK);
    ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
    EXPECT_EQ(sqlite3_column_int(stmt, 0), current_schema_version());
    sqlite3_finalize(stmt);
    ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, nullptr), SQLITE_OK);
    ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
    EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)), "wal");
    sqlite3_finalize(stmt);
    sqlite3_close(db);
}

TEST(SqliteEventStore, StoredEventsSurviveReopeningInOrder) {
    TempDir dir;
    const std::string path = dir.file("huashu.db");
    std::int64_t first = 0;
    std::int64_t second = 0;
    {
        auto store = open_sqlite_event_store(path);
        ASSERT_TRUE(store.ok());
        first = append_sync(**store, sample("c1", 1000));
        second = append_sync(**store, sample("c2", 2000));
        append_sync(**store, sample("c1", 3000));
    }
    auto store = open_sqlite_event_store(path);
    ASSERT_TRUE(store.ok());
    EXPECT_LT(first, second);
    auto c1 = (*store)->query({.conversation_id = "c1"});
    ASSERT_TRUE(c1.ok());
    ASSERT_EQ(c1->size(), 2U);
    EXPECT_EQ((*c1)[0].event_id, first);
    EXPECT_EQ((*c1)[0].event.payload_json, sample("c1", 0).payload_json);
    EXPECT_EQ((*c1)[1].event.server_time_ms, 3000);
    auto window = (*store)->query({.from_ms = 1500, .to_ms = 3000});
    ASSERT_TRUE(window.ok());
    ASSERT_EQ(window->size(), 1U);
    EXPECT_EQ((*window)[0].event.conversation_id, "c2");
}

TEST(SqliteEventStore, RetriedClientEventKeepsItsFirstId) {
    auto store = open_sqlite_event_store(":memory:");
    ASSERT_TRUE(store.ok());
    Event event = sample("c1", 1000);
    event.client_event_id = "phone-42";
    const std::int64_t id = append_sync(**store, event);
    EXPECT_EQ(append_sync(**store, event), id);
    EXPECT_EQ((*store)->query({})->size(), 1U);
}

TEST(SqliteEventStore, AFileThatIsNotADatabaseIsReportedAndLeftUntouched) {
    TempDir dir;
    const std::string path = dir.file("huashu.db");
    const std::string contents(4096, 'x');
    std::ofstream(path) << contents;
    auto store = open_sqlite_event_store(path);
    ASSERT_FALSE(store.ok());
    EXPECT_EQ(store.error().code, ErrorCode::corruption);
    std::ifstream in(path);
    std::stringstream after;
    after << in.rdbuf();
    EXPECT_EQ(after.str(), contents);
}

TEST(SqliteEventStore, AnotherApplicationsDatabaseIsRefusedAndLeftUntouched) {
    TempDir dir;
    const std::string path = dir.file("shop.db");
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE customers (name TEXT)", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
    auto store = open_sqlite_event_store(path);
    ASSERT_FALSE(store.ok());
    EXPECT_EQ(store.error().code, ErrorCode::corruption);
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT group_concat(name) FROM sqlite_master", -1, &stmt, nullptr), SQLITE_OK);
    ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
    EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)), "customers");
    sqlite3_finalize(stmt);
    ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, nullptr), SQLITE_OK);
    ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
    EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)), "delete");
    sqlite3_finalize(stmt);
    sqlite3_close(db);
}

TEST(SqliteEventStore, ARetryLeavesNoReadTransactionOpen) {
    TempDir dir;
    const std::string path = dir.file("huashu.db");
    auto store = open_sqlite_event_store(path);
    ASSERT_TRUE(store.ok());
    Event event = sample("c1", 1000);
    event.client_event_id = "retry-me";
    append_sync(**store, event);
    append_sync(**store, event);  // found as a retry
    // A checkpoint can only truncate the WAL when no statement holds a read snapshot.
    sqlite3* other = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &other), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(other, "SELECT count(*) FROM events", nullptr, nullptr, nullptr), SQLITE_OK);
    int log_frames = -1;
    int checkpointed = -1;
    ASSERT_EQ(sqlite3_wal_checkpoint_v2(other, nullptr, SQLITE_CHECKPOINT_TRUNCATE, &log_frames, &checkpointed), SQLITE_OK);
    EXPECT_EQ(log_frames, 0);
    sqlite3_close(other);
}

TEST(SqliteEventStore, AClientEventIdReusedForAnotherEventIsRefused) {
    auto store = open_sqlite_event_store(":memory:");
    ASSERT_TRUE(store.ok());
    Event first = sample("c1", 1000);
    first.client_event_id = "e1";
    append_sync(**store, first);
    Event other = sample("c2", 2000);
    other.client_event_id = "e1";
    const Result<std::int64_t> stored = append_and_wait(**store, other);
    ASSERT_FALSE(stored.ok());
    EXPECT_EQ(stored.error().code, ErrorCode::invalid_argument);
}

TEST(SqliteEventStore, MigratesASchemaOneDatabaseKeepingItsEvents) {
    TempDir dir;
    const std::string path = dir.file("old.db");
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    // Schema 1 exactly as the first release wrote it.
    ASSERT_EQ(sqlite3_exec(db, R"sql(
CREATE TABLE events (event_id INTEGER PRIMARY KEY, server_time_ms INTEGER NOT NULL,
    direction TEXT NOT NULL CHECK (direction IN ('received', 'sent')), type TEXT NOT NULL, role TEXT NOT NULL,
    user_id TEXT NOT NULL, conversation_id TEXT NOT NULL, client_event_id TEXT, payload TEXT NOT NULL);
CREATE INDEX events_by_conversation ON events (conversation_id, event_id);
CREATE INDEX events_by_time ON events (server_time_ms);
CREATE UNIQUE INDEX events_by_client_event ON events (user_id, client_event_id) WHERE client_event_id IS NOT NULL;
INSERT INTO events VALUES (1, 1000, 'received', 'agent_message', 'agent', 'xiaomei', 'c1', NULL, '{}');
PRAGMA user_version = 1;
)sql", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
    auto store = open_sqlite_event_store(path);
    ASSERT_TRUE(store.ok()) << store.error().message;
    EXPECT_EQ((*store)->query({})->size(), 1U);
    Event used = sample("c1", 2000);
    used.type = "agent_message";
    used.suggestion_id = "shipping_fee.free#1";
    append_sync(**store, used);
    append_sync(**store, used);
    const auto uses = (*store)->suggestion_usage();
    ASSERT_TRUE(uses.ok());
    ASSERT_EQ(uses->size(), 1U);
    EXPECT_EQ((*uses)[0].uses, 2);
    EXPECT_EQ((*uses)[0].last_used_ms, 2000);
}

TEST(SqliteEventStore, ConcurrentAppendsAreGroupCommittedAndAllAcknowledgedOnce) {
    TempDir dir;
    const std::string path = dir.file("huashu.db");
    constexpr int kThreads = 4;
    constexpr int kPerThread = 500;
    std::vector<std::int64_t> ids;
    std::mutex ids_mutex;
    {
        auto store = open_sqlite_event_store(path);
        ASSERT_TRUE(store.ok());
        std::vector<std::thread> writers;
        std::atomic<int> answered{0};
        for (int t = 0; t < kThreads; ++t) {
            writers.emplace_back([&, t] {
                for (int i = 0; i < kPerThread; ++i) {
                    Event event = sample("c" + std::to_string(t), i);
                    event.client_event_id = std::to_string(t) + "-" + std::to_string(i);
                    (*store)->append(std::move(event), [&](Result<std::int64_t> stored) {
                        ASSERT_TRUE(stored.ok()) << stored.error().message;
                        std::lock_guard lock(ids_mutex);
                        ids.push_back(*stored);
                        ++answered;
                    });
                }
            });
        }
        for (auto& w : writers) w.join();
    }  // destroying the store drains its queue
    ASSERT_EQ(ids.size(), static_cast<std::size_t>(kThreads * kPerThread));
    std::sort(ids.begin(), ids.end());
    EXPECT_EQ(std::adjacent_find(ids.begin(), ids.end()), ids.end());  // every ack names its own event
    auto reopened = open_sqlite_event_store(path);
    ASSERT_TRUE(reopened.ok());
    EXPECT_EQ((*reopened)->query({.limit = 100'000})->size(), static_cast<std::size_t>(kThreads * kPerThread));
}

// Under steady load a checkpoint never finds the writer idle. The WAL must still start again
// from its beginning now and then, or it grows by every event ever written (it reached 400 MB in
// a few seconds of the benchmark) and each commit's fsync also flushes the file's new size.
TEST(SqliteEventStore, TheWalStaysBoundedWhileAppendsNeverPause) {
    TempDir dir;
    const std::string path = dir.file("huashu.db");
    constexpr int kThreads = 4;
    constexpr int kPerThread = 8'000;
    constexpr int kMaxInFlight = 128;  // per thread: the queue never runs dry, the writer never idles
    const std::string payload = R"({"type":"buyer_message","text":")" + std::string(1'000, 'x') + R"("})";
    std::atomic<int> failures{0};
    std::vector<std::atomic<int>> in_flight(kThreads);  // outlives the store, whose last acks use it
    {
        auto store = open_sqlite_event_store(path, {.checkpoint_interval = std::chrono::milliseconds(2)});
        ASSERT_TRUE(store.ok());
        std::vector<std::thread> writers;
        for (int t = 0; t < kThreads; ++t) {
            writers.emplace_back([&, t] {
                for (int i = 0; i < kPerThread; ++i) {
                    while (in_flight[t].load() >= kMaxInFlight) std::this_thread::yield();
                    ++in_flight[t];
                    Event event = sample("c" + std::to_string(t), i);
                    event.payload_json = payload;
                    (*store)->append(std::move(event), [&, t](Result<std::int64_t> stored) {
                        if (!stored) ++failures;
                        --in_flight[t];
                    });
                }
            });
        }
        for (auto& w : writers) w.join();
        // The WAL file keeps the largest size it ever had, so its size now is its peak. Without
        // restarts it holds every event written, and more (index pages): 52 MB for these 33 MB.
        const auto wal_bytes = std::filesystem::file_size(path + "-wal");
        const auto written_bytes = static_cast<std::uintmax_t>(kThreads) * kPerThread * payload.size();
        EXPECT_LT(wal_bytes, written_bytes) << "the WAL grew to " << wal_bytes << " bytes for " << written_bytes
                                                << " bytes of events";
    }
    EXPECT_EQ(failures.load(), 0);
}

TEST(SqliteEventStore, AnUnwritableFolderIsAClearError) {
    if (geteuid() == 0) GTEST_SKIP() << "root ignores directory permissions";
    TempDir dir;
    std::filesystem::create_directory(dir.file("locked"));
    std::filesystem::permissions(dir.file("locked"), std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
    auto store = open_sqlite_event_store(dir.file("locked/huashu.db"));
    ASSERT_FALSE(store.ok());
    EXPECT_EQ(store.error().code, ErrorCode::storage_unavailable);
}

TEST(MemoryEventStore, BehavesLikeTheRealOneForIdsAndQueries) {
    MemoryEventStore store;
    Event event = sample("c1", 1000);
    event.client_event_id = "x";
    const std::int64_t id = append_sync(store, event);
    EXPECT_EQ(append_sync(store, event), id);
    append_sync(store, sample("c2", 2000));
    EXPECT_EQ(store.query({.conversation_id = "c2"})->size(), 1U);
    EXPECT_EQ(store.all().size(), 2U);
}

}  // namespace
}  // namespace huashu::storage
