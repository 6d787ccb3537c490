// Time as a dependency: production code asks a Clock, tests move a ManualClock by hand,
// so no test ever sleeps to wait for time to pass.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace huashu {

class Clock {
public:
    virtual ~Clock() = default;
    // Wall-clock time in milliseconds since the Unix epoch: what the event store records.
    virtual std::int64_t now_unix_ms() const = 0;
    // Monotonic time in milliseconds: what durations and timers are measured with.
    virtual std::int64_t now_steady_ms() const = 0;
};

class SystemClock final : public Clock {
public:
    std::int64_t now_unix_ms() const override;
    std::int64_t now_steady_ms() const override;
};

// Thread-safe: tests may advance it from one thread while the service reads it on another.
class ManualClock final : public Clock {
public:
    explicit ManualClock(std::int64_t start_unix_ms = 1'767'225'600'000)  // 2026-01-01T00:00:00Z
        : unix_ms_(start_unix_ms) {}
    std::int64_t now_unix_ms() const override { return unix_ms_.load(); }
    std::int64_t now_steady_ms() const override { return steady_ms_.load(); }
    void advance_ms(std::int64_t ms) {
        unix_ms_ += ms;
        steady_ms_ += ms;
    }

private:
    std::atomic<std::int64_t> unix_ms_;
    std::atomic<std::int64_t> steady_ms_{0};
};

}  // namespace huashu
