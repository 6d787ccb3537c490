// Event-log throughput and ack latency with group commit, synchronous=FULL, on a real file.
// Run: build/release/bench/huashu_event_store_bench [--seconds S]
//
// 1. Throughput: 8 producers append as fast as they can for S seconds; events acknowledged/s.
// 2. Latency: one paced producer at half that rate, then at 5,000/s and 500/s; p50/p99/max
//    from append() to its ack.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "huashu/storage/event_store.h"

namespace {

using namespace huashu;
using Clock = std::chrono::steady_clock;

storage::Event sample_event(int producer, long n) {
    storage::Event e;
    e.server_time_ms = n;
    e.type = n % 2 == 0 ? "buyer_message" : "agent_message";
    e.role = "agent";
    e.user = "bench-" + std::to_string(producer);
    e.conversation_id = "c" + std::to_string(n % 1000);
    e.client_event_id = std::to_string(producer) + "-" + std::to_string(n);
    e.payload_json = R"({"type":"buyer_message","conversation_id":"c1","buyer_id":"b1","text":"亲，这款包邮吗？什么时候发货呀"})";
    return e;
}

std::string fresh_path() {
    const auto folder = std::filesystem::temp_directory_path() / "huashu-store-bench";
    std::filesystem::remove_all(folder);
    std::filesystem::create_directories(folder);
    return (folder / "bench.db").string();
}

double throughput(double seconds) {
    auto store = storage::open_sqlite_event_store(fresh_path());
    if (!store) {
        std::fprintf(stderr, "%s\n", store.error().message.c_str());
        std::exit(1);
    }
    std::atomic<long> acked{0};
    std::atomic<long> failed{0};
    std::atomic<bool> stop{false};
    constexpr int kProducers = 8;
    constexpr long kMaxInFlight = 4096;  // per producer: a client does not queue without bound
    std::vector<std::thread> producers;
    std::vector<std::atomic<long>> in_flight(kProducers);
    const auto start = Clock::now();
    for (int p = 0; p < kProducers; ++p) {
        producers.emplace_back([&, p] {
            for (long n = 0; !stop; ++n) {
                while (in_flight[p].load() >= kMaxInFlight && !stop) std::this_thread::yield();
                ++in_flight[p];
                (*store)->append(sample_event(p, n), [&, p](Result<std::int64_t> stored) {
                    (stored ? acked : failed) += 1;
                    --in_flight[p];
                });
            }
        });
    }
    while (Clock::now() - start < std::chrono::duration<double>(seconds)) std::this_thread::yield();
    const long acked_in_window = acked.load();
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    stop = true;
    for (auto& t : producers) t.join();
    store->reset();
    if (failed > 0) std::fprintf(stderr, "%ld appends failed\n", failed.load());
    return static_cast<double>(acked_in_window) / elapsed;
}

void latency(double rate, double seconds) {
    auto store = storage::open_sqlite_event_store(fresh_path());
    std::mutex mutex;
    std::vector<double> micros;
    const auto start = Clock::now();
    const auto interval = std::chrono::duration<double>(1.0 / rate);
    long n = 0;
    while (Clock::now() - start < std::chrono::duration<double>(seconds)) {
        const auto due = start + std::chrono::duration_cast<Clock::duration>(interval * static_cast<double>(n));
        while (Clock::now() < due) {
        }
        const auto sent = Clock::now();
        (*store)->append(sample_event(0, n++), [&, sent](Result<std::int64_t>) {
            const double us = std::chrono::duration<double, std::micro>(Clock::now() - sent).count();
            std::lock_guard lock(mutex);
            micros.push_back(us);
        });
    }
    store->reset();
    std::sort(micros.begin(), micros.end());
    const auto at = [&](double q) { return micros[static_cast<std::size_t>(q * static_cast<double>(micros.size() - 1))]; };
    std::printf("ack latency at %.0f events/s (%zu events): p50 %.0f us, p99 %.0f us, p99.9 %.0f us, max %.0f us\n", rate,
                micros.size(), at(0.5), at(0.99), at(0.999), micros.back());
}

}  // namespace

int main(int argc, char** argv) {
    double seconds = 5;
    if (argc == 3 && std::strcmp(argv[1], "--seconds") == 0) seconds = std::stod(argv[2]);
    const double rate = throughput(seconds);
    std::printf("throughput: %.0f acknowledged events/s (8 producers, synchronous=FULL, group commit)\n", rate);
    latency(rate / 2, seconds);
    // Lighter loads, as a shop sees them: latency is then about one fsync.
    latency(25'000, seconds);  // half the 50,000/s target
    latency(5'000, seconds);
    latency(500, seconds);
    return 0;
}
