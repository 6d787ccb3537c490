// The interaction log: every frame received and every answer sent, in order, durably.
//
//   auto store = SqliteEventStore::open("var/huashu.db");
//   (*store)->append(event, [](Result<std::int64_t> id) { ... });
//
// The interface is asynchronous because a durable store batches commits: `on_committed` runs
// once the event is on disk (or failed to get there), possibly on another thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "huashu/core/result.h"

namespace huashu::storage {

enum class Direction : unsigned char { received, sent };

struct Event {
    std::int64_t server_time_ms = 0;  // Unix epoch milliseconds, from the service's Clock
    Direction direction = Direction::received;
    std::string type;                 // protocol frame type, e.g. "buyer_message"
    std::string role;                 // role of the connection's user; empty before hello
    std::string user;
    std::string conversation_id;      // empty when the frame concerns no conversation
    std::optional<std::string> client_event_id;
    std::string payload_json;         // the whole frame as JSON text
    std::optional<std::string> suggestion_id = std::nullopt;  // the reply an agent_message used
};

// How often agents sent one phrasebook reply ("<entry id>#<variant>").
struct SuggestionUse {
    std::string suggestion_id;
    std::int64_t uses = 0;
    std::int64_t last_used_ms = 0;
};

struct StoredEvent {
    std::int64_t event_id = 0;
    Event event;
};

struct EventQuery {
    std::optional<std::string> conversation_id = std::nullopt;
    std::optional<std::int64_t> from_ms = std::nullopt;  // inclusive
    std::optional<std::int64_t> to_ms = std::nullopt;    // exclusive
    std::int64_t after_event_id = 0;      // for paging: only events with a larger id
    std::size_t limit = 10'000;
};

class EventStore {
public:
    using AppendCallback = std::function<void(Result<std::int64_t>)>;
    virtual ~EventStore() = default;

    // Stores the event; `on_committed` receives its event_id once durable, or the error.
    // Thread-safe.
    virtual void append(Event event, AppendCallback on_committed) = 0;

    // Events matching the query in event_id order. Thread-safe.
    virtual Result<std::vector<StoredEvent>> query(const EventQuery& query) const = 0;

    // Use counts of every suggestion id that agent messages named. Thread-safe.
    virtual Result<std::vector<SuggestionUse>> suggestion_usage() const = 0;
};

struct SqliteOptions {
    // FULL makes a commit survive power loss, not only a process crash.
    bool synchronous_full = true;
    int busy_timeout_ms = 5'000;
    // Most events committed in one transaction; a batch holds what queued during the previous
    // commit, so under light load it is one event and acks come at once.
    std::size_t max_batch_events = 4096;
    // How often a background connection copies the WAL into the database file.
    std::chrono::milliseconds checkpoint_interval{200};
};


// Opens or creates the database at `path` (its folder too) and brings its schema up to date.
// A file that is not a Huashu database, or is damaged, is reported and never overwritten.
// Appends are group-committed by a writer thread: callbacks run on that thread, after the
// event's transaction is durable. Destroying the store writes everything still queued.
Result<std::unique_ptr<EventStore>> open_sqlite_event_store(const std::string& path, SqliteOptions options = {});

// Calls `visit` for every event matching `query`, in event_id order, a page at a time so that
// memory stays bounded however large the log is (query.limit is the page size).
Status for_each_event(const EventStore& store, EventQuery query, const std::function<void(const StoredEvent&)>& visit);

// The schema version this build writes; stored in PRAGMA user_version.
int current_schema_version();

// What every store answers when a user's client_event_id is reused for a different event
// (another type or conversation): a client bug, not a retry. Code: invalid_argument.
Error reused_client_event_id_error(const std::string& client_event_id);

// An in-memory store for tests of code that logs events.
class MemoryEventStore final : public EventStore {
public:
    void append(Event event, AppendCallback on_committed) override;
    Result<std::vector<StoredEvent>> query(const EventQuery& query) const override;
    Result<std::vector<SuggestionUse>> suggestion_usage() const override;
    std::vector<StoredEvent> all() const;

private:
    mutable std::mutex mutex_;
    std::vector<StoredEvent> events_;  // GUARDED_BY(mutex_)
};

}  // namespace huashu::storage
