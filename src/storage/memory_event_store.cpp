#include <algorithm>

#include "huashu/storage/event_store.h"

namespace huashu::storage {

void MemoryEventStore::append(Event event, AppendCallback on_committed) {
    std::int64_t id = 0;
    {
        std::unique_lock lock(mutex_);
        if (event.client_event_id) {
            for (const StoredEvent& stored : events_) {
                if (stored.event.user != event.user || stored.event.client_event_id != event.client_event_id) continue;
                if (stored.event.type != event.type || stored.event.conversation_id != event.conversation_id) {
                    lock.unlock();
                    if (on_committed) on_committed(reused_client_event_id_error(*event.client_event_id));
                    return;
                }
                id = stored.event_id;
            }
        }
        if (id == 0) {
            id = static_cast<std::int64_t>(events_.size()) + 1;
            events_.push_back({id, std::move(event)});
        }
    }
    if (on_committed) on_committed(id);
}

Result<std::vector<StoredEvent>> MemoryEventStore::query(const EventQuery& q) const {
    std::lock_guard lock(mutex_);
    std::vector<StoredEvent> rows;
    for (const StoredEvent& stored : events_) {
        if (stored.event_id <= q.after_event_id) continue;
        if (q.conversation_id && stored.event.conversation_id != *q.conversation_id) continue;
        if (q.from_ms && stored.event.server_time_ms < *q.from_ms) continue;
        if (q.to_ms && stored.event.server_time_ms >= *q.to_ms) continue;
        if (rows.size() >= q.limit) break;
        rows.push_back(stored);
    }
    return rows;
}

Status for_each_event(const EventStore& store, EventQuery query, const std::function<void(const StoredEvent&)>& visit) {
    if (query.limit == 0) query.limit = 10'000;
    while (true) {
        auto page = store.query(query);
        if (!page) return page.error();
        for (const StoredEvent& stored : *page) visit(stored);
        if (page->size() < query.limit) return {};
        query.after_event_id = page->back().event_id;
    }
}

Result<std::vector<SuggestionUse>> MemoryEventStore::suggestion_usage() const {
    std::lock_guard lock(mutex_);
    std::vector<SuggestionUse> uses;
    for (const StoredEvent& stored : events_) {
        if (!stored.event.suggestion_id || stored.event.type != "agent_message") continue;
        auto found = std::find_if(uses.begin(), uses.end(), [&](const SuggestionUse& u) { return u.suggestion_id == *stored.event.suggestion_id; });
        if (found == uses.end()) found = uses.insert(uses.end(), {*stored.event.suggestion_id, 0, 0});
        found->uses += 1;
        found->last_used_ms = std::max(found->last_used_ms, stored.event.server_time_ms);
    }
    return uses;
}

std::vector<StoredEvent> MemoryEventStore::all() const {
    std::lock_guard lock(mutex_);
    return events_;
}

}  // namespace huashu::storage
