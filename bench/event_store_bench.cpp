// Event-log throughput and ack latency with group commit, synchronous=FULL, on a real file.
// Run: build/release/bench/huashu_event_store_bench [--seconds S] [--latency-at R]
//
// 1. Throughput: 8 producers append as fast as they can for S seconds; events acknowledged/s.
// 2. Latency: one paced producer at half that rate, then at 25,000/s, 5,000/s and 500/s;
//    p50/p99/max from when an event fell due to its ack, and the WAL file's peak size.
// First, the raw fdatasync distribution of the same disk, to read the latencies against.
#include <fcntl.h>
#include <unistd.h>

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

// The largest size the WAL file reached, sampled every 10 ms while `work` runs: it must stay
// bounded under steady load (every commit's fsync also flushes a growing file's size).
template <class Work>
std::uintmax_t max_wal_bytes_while(const std::string& db_path, Work&& work) {
    std::atomic<bool> done{false};
    std::uintmax_t largest = 0;
    std::thread sampler([&] {
        const std::string wal = db_path + "-wal";
        while (!done) {
            std::error_code ignored;
            largest = std::max(largest, std::filesystem::exists(wal, ignored) ? std::filesystem::file_size(wal, ignored) : 0);
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    });
    work();
    done = true;
    sampler.join();
    return largest;
}

// One producer at a fixed rate. Frames reach a server in bursts, one read at a time, so the
// producer wakes every 200 µs and appends the events that fell due since; it sleeps in
// between instead of spinning, which on two cores would take one away from the writer and from
// the kernel threads that complete an fsync. Latency runs from when an event fell due, so a late
// producer counts against the store, not for it.
void latency(double rate, double seconds) {
    const std::string path = fresh_path();
    auto store = storage::open_sqlite_event_store(path);
    std::mutex mutex;
    std::vector<double> micros;
    const auto interval = std::chrono::duration<double>(1.0 / rate);
    const std::uintmax_t wal_bytes = max_wal_bytes_while(path, [&] {
        const auto start = Clock::now();
        long n = 0;
        for (auto tick = start; tick - start < std::chrono::duration<double>(seconds); tick += std::chrono::microseconds(200)) {
            std::this_thread::sleep_until(tick);
            const auto now = Clock::now();
            for (auto due = start + std::chrono::duration_cast<Clock::duration>(interval * static_cast<double>(n)); due <= now;
                 due = start + std::chrono::duration_cast<Clock::duration>(interval * static_cast<double>(n))) {
                (*store)->append(sample_event(0, n++), [&, due](Result<std::int64_t>) {
                    const double us = std::chrono::duration<double, std::micro>(Clock::now() - due).count();
                    std::lock_guard lock(mutex);
                    micros.push_back(us);
                });
            }
        }
        store->reset();
    });
    std::sort(micros.begin(), micros.end());
    const auto at = [&](double q) { return micros[static_cast<std::size_t>(q * static_cast<double>(micros.size() - 1))]; };
    std::printf("ack latency at %.0f events/s (%zu events): p50 %.0f us, p99 %.0f us, p99.9 %.0f us, max %.0f us; WAL peak %.1f MiB\n",
                rate, micros.size(), at(0.5), at(0.99), at(0.999), micros.back(), static_cast<double>(wal_bytes) / (1 << 20));
}

// What the disk itself gives: fdatasync after appending 32 KiB (about one batch at 25,000/s),
// so that an ack-latency figure can be read against the fsync tail of the same minute.
void raw_fsync_probe() {
    const std::string path = fresh_path() + ".probe";
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) return;
    const std::string chunk(32 * 1024, 'x');
    std::vector<double> micros;
    for (int i = 0; i < 2000; ++i) {
        if (::write(fd, chunk.data(), chunk.size()) != static_cast<ssize_t>(chunk.size())) break;
        const auto t0 = Clock::now();
        ::fdatasync(fd);
        micros.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
    }
    ::close(fd);
    std::filesystem::remove(path);
    if (micros.empty()) return;
    std::sort(micros.begin(), micros.end());
    const auto at = [&](double q) { return micros[static_cast<std::size_t>(q * static_cast<double>(micros.size() - 1))]; };
    std::printf("raw fdatasync after a 32 KiB append (%zu): p50 %.0f us, p99 %.0f us, p99.9 %.0f us, max %.0f us\n", micros.size(),
                at(0.5), at(0.99), at(0.999), micros.back());
}

}  // namespace

int main(int argc, char** argv) {
    double seconds = 5;
    double only_rate = 0;  // --latency-at R: the fsync probe and one latency run at R events/s
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--seconds") == 0) seconds = std::stod(argv[i + 1]);
        if (std::strcmp(argv[i], "--latency-at") == 0) only_rate = std::stod(argv[i + 1]);
    }
    raw_fsync_probe();
    if (only_rate > 0) {
        latency(only_rate, seconds);
        return 0;
    }
    const double rate = throughput(seconds);
    std::printf("throughput: %.0f acknowledged events/s (8 producers, synchronous=FULL, group commit)\n", rate);
    latency(rate / 2, seconds);
    // Lighter loads, as a shop sees them: latency is then about one fsync.
    latency(25'000, seconds);  // half the 50,000/s target
    latency(5'000, seconds);
    latency(500, seconds);
    return 0;
}
