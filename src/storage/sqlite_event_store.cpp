#include <sqlite3.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <thread>

#include "huashu/storage/event_store.h"

namespace huashu::storage {

namespace {

// Each step brings the schema from version (index) to (index + 1). Never edit a released step;
// add a new one.
constexpr const char* kMigrations[] = {
    R"sql(
CREATE TABLE events (
    event_id        INTEGER PRIMARY KEY,
    server_time_ms  INTEGER NOT NULL,
    direction       TEXT    NOT NULL CHECK (direction IN ('received', 'sent')),
    type            TEXT    NOT NULL,
    role            TEXT    NOT NULL,
    user_id         TEXT    NOT NULL,
    conversation_id TEXT    NOT NULL,
    client_event_id TEXT,
    payload         TEXT    NOT NULL
);
CREATE INDEX events_by_conversation ON events (conversation_id, event_id);
CREATE INDEX events_by_time ON events (server_time_ms);
CREATE UNIQUE INDEX events_by_client_event ON events (user_id, client_event_id)
    WHERE client_event_id IS NOT NULL;
)sql",
    // 2: which phrasebook reply an agent message used, for usage statistics and ranking.
    R"sql(
ALTER TABLE events ADD COLUMN suggestion_id TEXT;
CREATE INDEX events_by_suggestion ON events (suggestion_id) WHERE suggestion_id IS NOT NULL;
)sql",
};

constexpr int kSchemaVersion = static_cast<int>(std::size(kMigrations));

// A WAL this long (4 MiB of 4 KiB pages) is started again even if the writer has to wait for it.
constexpr int kWalFramesBeforeRestart = 1024;

const char* direction_name(Direction d) { return d == Direction::received ? "received" : "sent"; }

// Errors that mean "the disk cannot take this now" rather than "the data is wrong".
bool is_storage_fault(int code) {
    switch (code & 0xFF) {
        case SQLITE_FULL:
        case SQLITE_IOERR:
        case SQLITE_READONLY:
        case SQLITE_CANTOPEN:
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
        case SQLITE_PERM: return true;
        default: return false;
    }
}

void configure_connection(sqlite3* db, const SqliteOptions& options) {
    sqlite3_busy_timeout(db, options.busy_timeout_ms);
    sqlite3_extended_result_codes(db, 1);
    sqlite3_exec(db, options.synchronous_full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL", nullptr, nullptr,
                 nullptr);
}

class Statement {
public:
    Statement(sqlite3* db, const char* sql) { sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr); }
    ~Statement() { sqlite3_finalize(stmt_); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    sqlite3_stmt* get() const { return stmt_; }
    explicit operator bool() const { return stmt_ != nullptr; }

private:
    sqlite3_stmt* stmt_ = nullptr;
};

class ResetOnExit {
public:
    explicit ResetOnExit(sqlite3_stmt* stmt) : stmt_(stmt) {}
    ~ResetOnExit() { sqlite3_reset(stmt_); }
    ResetOnExit(const ResetOnExit&) = delete;
    ResetOnExit& operator=(const ResetOnExit&) = delete;

private:
    sqlite3_stmt* stmt_;
};

void bind_text(sqlite3_stmt* stmt, int index, const std::string& value) {
    sqlite3_bind_text(stmt, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
}

std::string column_text(sqlite3_stmt* stmt, int column) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, column));
    return text == nullptr ? std::string() : std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt, column)));
}

// Group commit: append() queues the event and returns; one writer thread takes everything that
// queued while the previous commit was being synced and commits it as one transaction, then
// hands each caller its event_id. Under load a batch grows to what arrived during one fsync,
// so throughput follows the disk's sync rate times the batch size, not one event per sync.
class SqliteEventStore final : public EventStore {
public:
    SqliteEventStore(sqlite3* db, std::string path, SqliteOptions options)
        : db_(db), path_(std::move(path)), options_(options) {}
    ~SqliteEventStore() override {
        {
            std::lock_guard lock(queue_mutex_);
            stopping_ = true;
        }
        queue_ready_.notify_all();
        checkpoint_wake_.notify_all();
        if (writer_.joinable()) writer_.join();  // drains what is queued first
        if (checkpointer_.joinable()) checkpointer_.join();
        if (checkpoint_db_ != nullptr) {
            sqlite3_wal_checkpoint_v2(checkpoint_db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
            sqlite3_close_v2(checkpoint_db_);
        }
        insert_.reset();
        find_client_event_.reset();
        sqlite3_close_v2(db_);
    }

    void start_writer() { writer_ = std::thread([this] { write_loop(); }); }

    // Moves the WAL into the database file from a second connection and thread, so that the
    // writer never pays for a checkpoint inside a commit: a commit then costs one WAL append and
    // one fsync. Without it, SQLite's automatic checkpoint runs in whichever commit crosses
    // 1000 pages, and that commit's acks wait for it.
    Status start_checkpointer() {
        if (path_ == ":memory:") return {};
        if (sqlite3_open_v2(path_.c_str(), &checkpoint_db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
            return failure("open a checkpoint connection");
        }
        configure_connection(checkpoint_db_, options_);
        if (sqlite3_exec(db_, "PRAGMA wal_autocheckpoint=0", nullptr, nullptr, nullptr) != SQLITE_OK) {
            return failure("turn off automatic checkpoints");
        }
        background_checkpoints_ = true;
        checkpointer_ = std::thread([this] {
            std::unique_lock lock(queue_mutex_);
            while (!stopping_) {
                // Its own condition variable: a notify meant for the writer must never wake this
                // thread instead.
                checkpoint_wake_.wait_for(lock, options_.checkpoint_interval);
                lock.unlock();
                if (sqlite3_db_readonly(checkpoint_db_, "main") == 1) reopen_checkpoint_connection();
                checkpoint();
                lock.lock();
            }
        });
        return {};
    }

    // The writer starts the WAL again from its beginning only when a checkpoint has copied all
    // of it. Under steady load a PASSIVE checkpoint never catches up with the commits made while
    // it ran: the WAL grew by hundreds of MB in seconds, and every commit's fsync then also
    // flushed the file's new size. So once the WAL is past kWalFramesBeforeRestart, the bulk is
    // copied without blocking anyone, and the few frames committed meanwhile are copied with the
    // writer held between two commits; the writer's next commit restarts the WAL.
    void checkpoint() {
        int wal_frames = 0;
        int copied_frames = 0;
        for (int pass = 0; pass < 2; ++pass) {
            if (sqlite3_wal_checkpoint_v2(checkpoint_db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, &wal_frames, &copied_frames) !=
                SQLITE_OK) {
                return;
            }
        }
        if (wal_frames < kWalFramesBeforeRestart) return;
        std::lock_guard writer_paused(mutex_);
        sqlite3_wal_checkpoint_v2(checkpoint_db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, &wal_frames, &copied_frames);
    }

    // Like the writer's, a checkpoint connection opened on a read-only file never writes again.
    // Only the checkpoint thread uses checkpoint_db_.
    void reopen_checkpoint_connection() {
        sqlite3* fresh = nullptr;
        if (sqlite3_open_v2(path_.c_str(), &fresh, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK &&
            sqlite3_db_readonly(fresh, "main") == 0) {
            configure_connection(fresh, options_);
            sqlite3_close_v2(checkpoint_db_);
            checkpoint_db_ = fresh;
            return;
        }
        sqlite3_close_v2(fresh);
    }

    Status prepare() {
        insert_ = std::make_unique<Statement>(
            db_,
            "INSERT OR IGNORE INTO events (server_time_ms, direction, type, role, user_id, conversation_id, client_event_id, payload, "
            "suggestion_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        find_client_event_ = std::make_unique<Statement>(
            db_, "SELECT event_id, type, conversation_id FROM events WHERE user_id = ? AND client_event_id = ?");
        if (!*insert_ || !*find_client_event_) return failure("prepare statements");
        return {};
    }

    void append(Event event, AppendCallback on_committed) override {
        {
            std::unique_lock lock(queue_mutex_);
            if (!stopping_) {
                queue_.push_back({std::move(event), std::move(on_committed)});
                lock.unlock();
                queue_ready_.notify_one();
                return;
            }
        }
        if (on_committed) on_committed(make_error(ErrorCode::storage_unavailable, path_ + ": the event log is closing"));
    }

    Result<std::vector<StoredEvent>> query(const EventQuery& q) const override {
        std::lock_guard lock(mutex_);
        std::string sql =
            "SELECT event_id, server_time_ms, direction, type, role, user_id, conversation_id, client_event_id, payload, "
            "suggestion_id FROM events WHERE event_id > ?1";
        if (q.conversation_id) sql += " AND conversation_id = ?2";
        if (q.from_ms) sql += " AND server_time_ms >= ?3";
        if (q.to_ms) sql += " AND server_time_ms < ?4";
        sql += " ORDER BY event_id LIMIT ?5";
        Statement stmt(db_, sql.c_str());
        if (!stmt) return failure("prepare query");
        sqlite3_bind_int64(stmt.get(), 1, q.after_event_id);
        if (q.conversation_id) bind_text(stmt.get(), 2, *q.conversation_id);
        if (q.from_ms) sqlite3_bind_int64(stmt.get(), 3, *q.from_ms);
        if (q.to_ms) sqlite3_bind_int64(stmt.get(), 4, *q.to_ms);
        sqlite3_bind_int64(stmt.get(), 5, static_cast<sqlite3_int64>(q.limit));
        std::vector<StoredEvent> rows;
        int rc;
        while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
            StoredEvent row;
            row.event_id = sqlite3_column_int64(stmt.get(), 0);
            row.event.server_time_ms = sqlite3_column_int64(stmt.get(), 1);
            row.event.direction = column_text(stmt.get(), 2) == "sent" ? Direction::sent : Direction::received;
            row.event.type = column_text(stmt.get(), 3);
            row.event.role = column_text(stmt.get(), 4);
            row.event.user = column_text(stmt.get(), 5);
            row.event.conversation_id = column_text(stmt.get(), 6);
            if (sqlite3_column_type(stmt.get(), 7) != SQLITE_NULL) row.event.client_event_id = column_text(stmt.get(), 7);
            row.event.payload_json = column_text(stmt.get(), 8);
            if (sqlite3_column_type(stmt.get(), 9) != SQLITE_NULL) row.event.suggestion_id = column_text(stmt.get(), 9);
            rows.push_back(std::move(row));
        }
        if (rc != SQLITE_DONE) return failure("query events");
        return rows;
    }

    Result<std::vector<SuggestionUse>> suggestion_usage() const override {
        std::lock_guard lock(mutex_);
        Statement stmt(db_,
                       "SELECT suggestion_id, count(*), max(server_time_ms) FROM events "
                       "WHERE suggestion_id IS NOT NULL AND type = 'agent_message' GROUP BY suggestion_id");
        if (!stmt) return failure("prepare usage query");
        std::vector<SuggestionUse> uses;
        int rc;
        while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
            uses.push_back({column_text(stmt.get(), 0), sqlite3_column_int64(stmt.get(), 1), sqlite3_column_int64(stmt.get(), 2)});
        }
        if (rc != SQLITE_DONE) return failure("read usage");
        return uses;
    }

private:
    struct Pending {
        Event event;
        AppendCallback done;
    };

    void write_loop() {
        std::vector<Pending> batch;
        while (true) {
            {
                std::unique_lock lock(queue_mutex_);
                queue_ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
                if (queue_.empty()) return;  // stopping, and everything is written
                while (!queue_.empty() && batch.size() < options_.max_batch_events) {
                    batch.push_back(std::move(queue_.front()));
                    queue_.pop_front();
                }
            }
            std::vector<Result<std::int64_t>> results = commit(batch);
            // Callbacks run without any lock held: they may append again.
            for (std::size_t i = 0; i < batch.size(); ++i) {
                if (batch[i].done) batch[i].done(std::move(results[i]));
            }
            batch.clear();
        }
    }

    // One transaction for the whole batch. Per-event refusals (a reused client_event_id) fail
    // only that event; a storage fault fails every event of the batch, none is acknowledged.
    std::vector<Result<std::int64_t>> commit(const std::vector<Pending>& batch) {
        std::lock_guard lock(mutex_);
        std::vector<Result<std::int64_t>> results;
        results.reserve(batch.size());
        const auto fail_all = [&](const Error& error) {
            results.clear();
            for (std::size_t i = 0; i < batch.size(); ++i) results.emplace_back(error);
            return results;
        };
        if (Status writable = reopen_if_read_only(); !writable) return fail_all(writable.error());
        if (sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) return fail_all(failure("begin a transaction"));
        for (const Pending& pending : batch) {
            Result<std::int64_t> stored = insert(pending.event);
            if (!stored && stored.error().code != ErrorCode::invalid_argument) {
                const Error error = stored.error();
                sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
                return fail_all(error);
            }
            results.push_back(std::move(stored));
        }
        if (sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
            const Error error = failure("commit");
            sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
            return fail_all(error);
        }
        return results;
    }

    // SQLite decides once, when it opens the file, whether a connection may write: a database
    // file that was read-only then (wrong permissions after a restore, a file system remounted
    // read-only) stays read-only for that connection even after it is fixed. So the writer opens
    // a fresh connection, at most once a second, until one can write.
    // REQUIRES: mutex_ held.
    Status reopen_if_read_only() {
        if (sqlite3_db_readonly(db_, "main") != 1) return {};
        const auto now = std::chrono::steady_clock::now();
        if (now - last_reopen_attempt_ >= std::chrono::seconds(1)) {
            last_reopen_attempt_ = now;
            sqlite3* fresh = nullptr;
            if (sqlite3_open_v2(path_.c_str(), &fresh, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, nullptr) == SQLITE_OK &&
                sqlite3_db_readonly(fresh, "main") == 0) {
                configure_connection(fresh, options_);
                if (background_checkpoints_) sqlite3_exec(fresh, "PRAGMA wal_autocheckpoint=0", nullptr, nullptr, nullptr);
                insert_.reset();
                find_client_event_.reset();
                sqlite3_close_v2(db_);
                db_ = fresh;
                return prepare();
            }
            sqlite3_close_v2(fresh);
        }
        return make_error(ErrorCode::storage_unavailable,
                          path_ + ": the database file is read-only (check its permissions and the file system); "
                                  "events are refused until it can be written");
    }

    Error failure(const std::string& what) const {
        const int code = sqlite3_extended_errcode(db_);
        return make_error(is_storage_fault(code) ? ErrorCode::storage_unavailable : ErrorCode::internal,
                          path_ + ": cannot " + what + ": " + sqlite3_errmsg(db_));
    }

    // REQUIRES: mutex_ held, inside a transaction.
    Result<std::int64_t> insert(const Event& e) {
        // Insert first: a retry is rare, so the unique index finds it (OR IGNORE leaves the row
        // untouched) instead of a lookup before every insert.
        sqlite3_stmt* stmt = insert_->get();
        {
            const ResetOnExit reset(stmt);
            sqlite3_clear_bindings(stmt);
            // The event outlives the step, so SQLite may read the strings in place.
            const auto bind = [&](int index, const std::string& value) {
                sqlite3_bind_text(stmt, index, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
            };
            sqlite3_bind_int64(stmt, 1, e.server_time_ms);
            sqlite3_bind_text(stmt, 2, direction_name(e.direction), -1, SQLITE_STATIC);
            bind(3, e.type);
            bind(4, e.role);
            bind(5, e.user);
            bind(6, e.conversation_id);
            if (e.client_event_id) bind(7, *e.client_event_id);
            bind(8, e.payload_json);
            if (e.suggestion_id) bind(9, *e.suggestion_id);
            if (sqlite3_step(stmt) != SQLITE_DONE) return failure("store an event");
            if (sqlite3_changes(db_) == 1) return static_cast<std::int64_t>(sqlite3_last_insert_rowid(db_));
        }
        // Ignored: this user already stored this client_event_id. A retry gets the id it was
        // first stored under; the same id for a different event is refused.
        if (!e.client_event_id) return failure("store an event (ignored without a client_event_id)");
        sqlite3_stmt* find = find_client_event_->get();
        // Reset on every way out: a statement left mid-step holds a read transaction open,
        // and the WAL cannot be checkpointed past it.
        const ResetOnExit reset(find);
        bind_text(find, 1, e.user);
        bind_text(find, 2, *e.client_event_id);
        const int rc = sqlite3_step(find);
        if (rc != SQLITE_ROW) return failure("look up a client_event_id");
        if (column_text(find, 1) != e.type || column_text(find, 2) != e.conversation_id) {
            return reused_client_event_id_error(*e.client_event_id);
        }
        return static_cast<std::int64_t>(sqlite3_column_int64(find, 0));
    }

    sqlite3* db_;
    std::string path_;
    SqliteOptions options_;
    mutable std::mutex mutex_;  // the connection
    std::mutex queue_mutex_;
    std::condition_variable queue_ready_;
    std::deque<Pending> queue_;  // GUARDED_BY(queue_mutex_)
    bool stopping_ = false;      // GUARDED_BY(queue_mutex_)
    std::thread writer_;
    std::condition_variable checkpoint_wake_;
    sqlite3* checkpoint_db_ = nullptr;
    std::thread checkpointer_;
    std::unique_ptr<Statement> insert_;             // GUARDED_BY(mutex_)
    std::unique_ptr<Statement> find_client_event_;  // GUARDED_BY(mutex_)
    std::chrono::steady_clock::time_point last_reopen_attempt_;  // GUARDED_BY(mutex_)
    bool background_checkpoints_ = false;  // set before the writer starts, then only read
};

Status exec(sqlite3* db, const std::string& path, const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        const int code = sqlite3_extended_errcode(db);
        std::string text = message != nullptr ? message : sqlite3_errmsg(db);
        sqlite3_free(message);
        ErrorCode kind = is_storage_fault(code) ? ErrorCode::storage_unavailable : ErrorCode::internal;
        if ((code & 0xFF) == SQLITE_NOTADB || (code & 0xFF) == SQLITE_CORRUPT) kind = ErrorCode::corruption;
        return make_error(kind, path + ": " + text);
    }
    return {};
}

Result<int> user_version(sqlite3* db, const std::string& path) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, nullptr) != SQLITE_OK) {
        const int code = sqlite3_extended_errcode(db);
        std::string text = sqlite3_errmsg(db);
        const bool damaged = (code & 0xFF) == SQLITE_NOTADB || (code & 0xFF) == SQLITE_CORRUPT;
        return make_error(damaged ? ErrorCode::corruption : ErrorCode::storage_unavailable, path + ": " + text);
    }
    int version = 0;
    if (sqlite3_step(stmt) == SQLITE_ROW) version = sqlite3_column_int(stmt, 0);
    sqlite3_finalize(stmt);
    return version;
}

Result<int> count_tables(sqlite3* db, const std::string& path) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master", -1, &stmt, nullptr) != SQLITE_OK) {
        return make_error(ErrorCode::corruption, path + ": " + sqlite3_errmsg(db));
    }
    int count = 0;
    if (sqlite3_step(stmt) == SQLITE_ROW) count = sqlite3_column_int(stmt, 0);
    sqlite3_finalize(stmt);
    return count;
}

}  // namespace

int current_schema_version() { return kSchemaVersion; }

Error reused_client_event_id_error(const std::string& client_event_id) {
    return make_error(ErrorCode::invalid_argument,
                      "client_event_id '" + client_event_id + "' was already used for a different event");
}

Result<std::unique_ptr<EventStore>> open_sqlite_event_store(const std::string& path, SqliteOptions options) {
    if (path != ":memory:") {
        std::error_code ec;
        const std::filesystem::path folder = std::filesystem::path(path).parent_path();
        if (!folder.empty()) std::filesystem::create_directories(folder, ec);
        if (ec) return make_error(ErrorCode::storage_unavailable, "cannot create " + folder.string() + ": " + ec.message());
    }
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
        sqlite3_close_v2(db);
        return make_error(ErrorCode::storage_unavailable, path + ": cannot open: " + message);
    }
    auto store = std::make_unique<SqliteEventStore>(db, path, options);
    sqlite3_busy_timeout(db, options.busy_timeout_ms);
    sqlite3_extended_result_codes(db, 1);

    // Reading the header first: a file that is not a database fails here, before any write.
    Result<int> version = user_version(db, path);
    if (!version) return version.error();
    if (*version == 0) {
        // A database with tables but no Huashu schema version belongs to someone else.
        Result<int> tables = count_tables(db, path);
        if (!tables) return tables.error();
        if (*tables > 0) {
            return make_error(ErrorCode::corruption,
                              path + ": is an SQLite database of another application (it has tables but no Huashu "
                                     "schema version); use a new file");
        }
    }
    if (*version > kSchemaVersion) {
        return make_error(ErrorCode::corruption, path + ": schema version " + std::to_string(*version) +
                                                     " is newer than this build understands (" +
                                                     std::to_string(kSchemaVersion) + "); upgrade Huashu");
    }
    if (Status s = exec(db, path, "PRAGMA journal_mode=WAL"); !s) return s.error();
    if (Status s = exec(db, path, options.synchronous_full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL"); !s) {
        return s.error();
    }
    for (int step = *version; step < kSchemaVersion; ++step) {
        const std::string sql = std::string("BEGIN IMMEDIATE;") + kMigrations[step] +
                                "PRAGMA user_version=" + std::to_string(step + 1) + ";COMMIT;";
        if (Status s = exec(db, path, sql.c_str()); !s) {
            (void)exec(db, path, "ROLLBACK");  // the migration error is what matters
            return make_error(s.error().code, "migrating to schema " + std::to_string(step + 1) + ": " + s.error().message);
        }
    }
    if (Status s = store->prepare(); !s) return s.error();
    if (Status s = store->start_checkpointer(); !s) return s.error();
    store->start_writer();
    return std::unique_ptr<EventStore>(std::move(store));
}

}  // namespace huashu::storage
