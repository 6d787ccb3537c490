// Who is waiting for a reply, since when, and the nudges that remind the agent in time.
//
// A wait (a round) opens at a buyer's first unanswered message and closes at the next manual
// reply; an auto-reply never closes it; a transfer reopens it for the new agent. The Scheduler
// is how nudges fire: Asio steady timers in the server, a ManualScheduler in tests, so that no
// test ever sleeps.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "huashu/core/clock.h"

namespace huashu::service {

// Runs tasks at a steady-clock time. Thread-safe.
class Scheduler {
public:
    virtual ~Scheduler() = default;
    virtual void at(std::int64_t steady_ms, std::function<void()> task) = 0;
};

// A scheduler for tests: tasks run when run_due() is called with the manual clock moved on.
class ManualScheduler final : public Scheduler {
public:
    explicit ManualScheduler(const Clock& clock) : clock_(clock) {}
    void at(std::int64_t steady_ms, std::function<void()> task) override;
    // Runs every task due by the clock's current steady time, earliest first. Returns how many ran.
    int run_due();

private:
    const Clock& clock_;
    std::mutex mutex_;
    std::multimap<std::int64_t, std::function<void()>> tasks_;  // GUARDED_BY(mutex_)
};

struct Wait {
    std::string conversation_id;
    std::string agent;
    std::string buyer;
    std::int64_t since_unix_ms = 0;
    std::int64_t since_steady_ms = 0;
    std::uint64_t round = 0;  // identifies this wait, so a stale nudge for an earlier one is dropped
};

// Thread-safe.
class WaitingBoard {
public:
    // A buyer wrote. Returns the new wait when this message opened one (none was open).
    std::optional<Wait> buyer_wrote(const std::string& conversation, const std::string& agent, const std::string& buyer,
                                    const Clock& clock);
    // A manual reply ends the wait.
    void replied(const std::string& conversation);
    // The conversation passes to `agent`: an open wait restarts for them now.
    std::optional<Wait> transferred(const std::string& conversation, const std::string& agent, const Clock& clock);
    // The wait, if `round` is still the open one.
    std::optional<Wait> current(const std::string& conversation, std::uint64_t round) const;
    // The agent's waiting buyers, longest wait first.
    std::vector<Wait> waiting_for(const std::string& agent) const;

private:
    mutable std::mutex mutex_;
    std::map<std::string, Wait> waits_;  // GUARDED_BY(mutex_)
    std::uint64_t next_round_ = 1;       // GUARDED_BY(mutex_)
};

}  // namespace huashu::service
