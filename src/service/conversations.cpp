#include "huashu/service/conversations.h"

#include <algorithm>

namespace huashu::service {

engine::ConversationContext Conversations::get(const std::string& conversation_id) const {
    std::lock_guard lock(mutex_);
    const auto found = slots_.find(conversation_id);
    return found == slots_.end() ? engine::ConversationContext{} : found->second.context;
}

engine::ConversationContext Conversations::update(const std::string& conversation_id, std::int64_t now_ms,
                                                  const std::function<void(engine::ConversationContext&)>& change) {
    std::lock_guard lock(mutex_);
    if (!slots_.contains(conversation_id) && slots_.size() >= capacity_) {
        // Rare (a full table): one linear pass to forget the stalest conversation.
        const auto stalest = std::min_element(slots_.begin(), slots_.end(), [](const auto& a, const auto& b) {
            return a.second.touched_ms < b.second.touched_ms;
        });
        if (stalest != slots_.end()) slots_.erase(stalest);
    }
    Slot& slot = slots_[conversation_id];
    slot.touched_ms = now_ms;
    change(slot.context);
    return slot.context;
}

std::size_t Conversations::size() const {
    std::lock_guard lock(mutex_);
    return slots_.size();
}

}  // namespace huashu::service
