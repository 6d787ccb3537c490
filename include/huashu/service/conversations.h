// Per-conversation state the service keeps between messages: where the sale stands, recent
// intents and the options the buyer named. Thread-safe; bounded in size.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>

#include "huashu/engine/conversation_context.h"

namespace huashu::service {

class Conversations {
public:
    // Beyond this many conversations the least recently touched is forgotten: its context only
    // tunes suggestions, and a shop's day has far fewer open chats.
    explicit Conversations(std::size_t capacity = 100'000) : capacity_(capacity) {}

    // A copy of the conversation's context (a fresh one for an unknown id).
    engine::ConversationContext get(const std::string& conversation_id) const;

    // Applies `change` to the conversation's context under the lock and returns the result.
    engine::ConversationContext update(const std::string& conversation_id, std::int64_t now_ms,
                                       const std::function<void(engine::ConversationContext&)>& change);

    std::size_t size() const;

private:
    struct Slot {
        engine::ConversationContext context;
        std::int64_t touched_ms = 0;
    };
    std::size_t capacity_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, Slot> slots_;  // GUARDED_BY(mutex_)
};

}  // namespace huashu::service
