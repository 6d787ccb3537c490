#include "huashu/service/waiting.h"

#include <algorithm>

namespace huashu::service {

void ManualScheduler::at(std::int64_t steady_ms, std::function<void()> task) {
    std::lock_guard lock(mutex_);
    tasks_.emplace(steady_ms, std::move(task));
}

int ManualScheduler::run_due() {
    int ran = 0;
    while (true) {
        std::function<void()> task;
        {
            std::lock_guard lock(mutex_);
            if (tasks_.empty() || tasks_.begin()->first > clock_.now_steady_ms()) return ran;
            task = std::move(tasks_.begin()->second);
            tasks_.erase(tasks_.begin());
        }
        task();  // without the lock: a task may schedule another
        ++ran;
    }
}

std::optional<Wait> WaitingBoard::buyer_wrote(const std::string& conversation, const std::string& agent,
                                              const std::string& buyer, const Clock& clock) {
    std::lock_guard lock(mutex_);
    if (waits_.contains(conversation)) return std::nullopt;  // later messages join the open wait
    Wait wait{conversation, agent, buyer, clock.now_unix_ms(), clock.now_steady_ms(), next_round_++};
    waits_.emplace(conversation, wait);
    return wait;
}

void WaitingBoard::replied(const std::string& conversation) {
    std::lock_guard lock(mutex_);
    waits_.erase(conversation);
}

std::optional<Wait> WaitingBoard::transferred(const std::string& conversation, const std::string& agent, const Clock& clock) {
    std::lock_guard lock(mutex_);
    const auto found = waits_.find(conversation);
    if (found == waits_.end()) return std::nullopt;
    Wait& wait = found->second;
    wait.agent = agent;
    wait.since_unix_ms = clock.now_unix_ms();
    wait.since_steady_ms = clock.now_steady_ms();
    wait.round = next_round_++;
    return wait;
}

std::optional<Wait> WaitingBoard::current(const std::string& conversation, std::uint64_t round) const {
    std::lock_guard lock(mutex_);
    const auto found = waits_.find(conversation);
    if (found == waits_.end() || found->second.round != round) return std::nullopt;
    return found->second;
}

std::vector<Wait> WaitingBoard::waiting_for(const std::string& agent) const {
    std::vector<Wait> waits;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [id, wait] : waits_) {
            if (wait.agent == agent) waits.push_back(wait);
        }
    }
    std::sort(waits.begin(), waits.end(), [](const Wait& a, const Wait& b) { return a.since_steady_ms < b.since_steady_ms; });
    return waits;
}

}  // namespace huashu::service
