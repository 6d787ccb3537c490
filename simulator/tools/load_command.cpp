// `huashu-sim load`: an open-loop load generator. Message k of the run is due at
// start + k / rate and belongs to buyer k mod N, whatever happened to earlier messages, so a
// slow server cannot lower the load it is offered (no coordinated omission in the schedule).
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <condition_variable>
#include <iomanip>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <sstream>
#include <thread>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "buyer_lines.h"
#include "cli/arguments.h"
#include "commands.h"
#include "command_options.h"
#include "huashu/simulator/client.h"

namespace huashu::simulator::tools {

namespace {

namespace asio = boost::asio;
using nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

constexpr const char* kLoadUsage = R"(usage: huashu-sim load [OPTIONS]

Opens one connection per simulated buyer and sends buyer_message frames at a fixed total rate,
on an open-loop schedule: a slow answer never delays the next message. Each message's round trip
is measured from sending it to its `suggestions` frame, and separately to its `ack`.

  --url URL            the service (default ws://127.0.0.1:8765/ws)
  --token-file FILE    a tokens file of 'ROLE USER TOKEN' lines (huashu serve writes var/tokens);
                       the first line of --role is used
  --user U --token T   the credentials themselves, instead of --token-file
  --role ROLE          the role to say hello as (default simulator)
  --buyers N           concurrent buyers, one connection, conversation and buyer id each (default 10)
  --rate R             messages per second, all buyers together (default 100)
  --duration S         seconds to send for (default 10)
  --seed K             chooses each buyer's lines (default 1)
  --scenarios DIR      the buyers' lines are every state's `say` in DIR/*.json
                       (default: about thirty built-in lines, simplified and traditional)
  --answer-timeout S   how long to wait for missing answers after the last message (default 10)
  --threads N          client I/O threads (default 1)
  --json               print the summary as one JSON object

Exit code: 0 every message got its suggestions and its ack and no error came back;
1 otherwise, or a buyer could not connect; 2 the command line was wrong.
)";

constexpr auto kCloseGrace = std::chrono::seconds(5);
// Buyers start together a moment after the last welcome, so the first messages are not late.
constexpr auto kStartDelay = std::chrono::milliseconds(50);
constexpr std::size_t kMaxReportedProblems = 5;

struct LoadPlan {
    std::string url_text;
    WebsocketUrl url;
    Credentials credentials;
    std::size_t buyers = 10;
    double rate = 100;
    double duration_s = 10;
    std::uint64_t seed = 1;
    std::vector<std::string> lines;
    std::string lines_source = "built-in";
    double answer_timeout_s = 10;
    std::size_t threads = 1;
    bool json_output = false;

    std::uint64_t total_messages() const { return std::max<std::uint64_t>(1, std::llround(rate * duration_s)); }
    SteadyClock::duration offset_of(std::uint64_t message) const {
        return std::chrono::duration_cast<SteadyClock::duration>(std::chrono::duration<double>(static_cast<double>(message) / rate));
    }
};

// Things that went wrong on our side of the wire, next to the server's error codes.
struct ClientProblems {
    std::size_t connect_failed = 0;
    std::size_t connection_closed = 0;
    std::size_t unmatched_answers = 0;  // an answer whose request_id we never sent (or sent twice)
};

struct BuyerStats {
    std::uint64_t sent = 0;
    std::uint64_t suggestions = 0;
    std::uint64_t acks = 0;
    std::uint64_t unanswered = 0;
    std::map<std::string, std::uint64_t> errors;  // server error frames, by code
    ClientProblems problems;
    std::vector<double> suggestion_ms;
    std::vector<double> ack_ms;
    double max_send_lag_ms = 0;
    SteadyClock::time_point last_suggestion{};
};

// Shared by every buyer of one run; the main thread waits on it.
struct RunState {
    explicit RunState(const LoadPlan& plan_in) : plan(plan_in) {}

    const LoadPlan& plan;
    SteadyClock::time_point start{};
    std::atomic<std::int64_t> outstanding{0};
    std::atomic<std::size_t> finished_sending{0};
    std::atomic<std::size_t> closed{0};
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<std::string> problem_messages;  // GUARDED_BY(mutex)

    void notify() {
        std::lock_guard lock(mutex);
        changed.notify_all();
    }
    void report_problem(std::string message) {
        std::lock_guard lock(mutex);
        problem_messages.push_back(std::move(message));
        changed.notify_all();
    }
};

// Each buyer its own stream, so that its lines do not depend on how the threads interleave.
std::mt19937_64 seeded_rng(std::uint64_t seed, std::size_t buyer) {
    // seed_seq keeps 32 bits of each value.
    std::seed_seq sequence{seed & 0xffffffffU, seed >> 32, static_cast<std::uint64_t>(buyer)};
    return std::mt19937_64(sequence);
}

// One simulated buyer: one connection, one conversation, its share of the schedule. The timer
// and the connection run on different strands, so `mutex` guards what they share.
class Buyer {
public:
    Buyer(asio::io_context& io, std::size_t index, const std::string& run_tag, RunState& run)
        : index_(index),
          run_(run),
          conversation_id_(run_tag + "-c" + std::to_string(index)),
          buyer_id_(run_tag + "-b" + std::to_string(index)),
          rng_(seeded_rng(run.plan.seed, index)),
          timer_(asio::make_strand(io)),
          connection_(Connection::create(io)) {}

    // `on_done` gets the welcome or the failure.
    void connect(std::function<void(Status)> on_done) {
        connection_->on_frame([this](json frame) { on_frame(frame); });
        connection_->on_close([this](Status why) { on_close(why); });
        connection_->connect(run_.plan.url, run_.plan.credentials, [this, on_done = std::move(on_done)](Result<json> welcome) {
            if (welcome) return on_done({});
            std::lock_guard lock(mutex_);
            ++stats_.problems.connect_failed;
            on_done(welcome.error());
        });
    }

    void start_sending() {
        next_message_ = index_;
        schedule_next();
    }

    void close() { connection_->close(); }

    BuyerStats take_stats() {
        std::lock_guard lock(mutex_);
        stats_.unanswered += pending_.size();
        pending_.clear();
        return std::move(stats_);
    }

private:
    struct Pending {
        SteadyClock::time_point sent_at;
        bool suggested = false;
        bool acked = false;
    };

    bool connection_closed() {
        std::lock_guard lock(mutex_);
        return connection_closed_;
    }

    void schedule_next() {
        if (next_message_ >= run_.plan.total_messages() || connection_closed()) {
            ++run_.finished_sending;
            run_.notify();
            return;
        }
        timer_.expires_at(run_.start + run_.plan.offset_of(next_message_));
        timer_.async_wait([this](boost::system::error_code ec) {
            if (ec) return;
            send_due_message();
            schedule_next();
        });
    }

    void send_due_message() {
        const std::uint64_t message = next_message_;
        next_message_ += run_.plan.buyers;
        const std::string& text = run_.plan.lines[rng_() % run_.plan.lines.size()];
        const json frame = {{"type", "buyer_message"}, {"request_id", message}, {"conversation_id", conversation_id_},
                            {"buyer_id", buyer_id_}, {"text", text}};
        std::string serialised = frame.dump();
        {
            std::lock_guard lock(mutex_);
            if (connection_closed_) return;
            const auto now = SteadyClock::now();
            const double lag_ms = to_ms(now - (run_.start + run_.plan.offset_of(message)));
            stats_.max_send_lag_ms = std::max(stats_.max_send_lag_ms, lag_ms);
            pending_.emplace(message, Pending{now, false, false});
            ++stats_.sent;
            ++run_.outstanding;
        }
        connection_->send_text(std::move(serialised));
    }

    void on_frame(const json& frame) {
        const auto now = SteadyClock::now();
        const std::string type = frame.value("type", "");
        const auto request_id = frame.find("request_id");
        const bool numbered = request_id != frame.end() && request_id->is_number_unsigned();
        std::lock_guard lock(mutex_);
        if (type == "error") ++stats_.errors[frame.value("code", "unknown")];
        if (type != "suggestions" && type != "ack" && type != "error") return;  // other frames are not answers
        const auto found = numbered ? pending_.find(request_id->get<std::uint64_t>()) : pending_.end();
        if (found == pending_.end()) {
            if (type != "error") ++stats_.problems.unmatched_answers;
            return;
        }
        Pending& pending = found->second;
        if (type == "suggestions" && !pending.suggested) {
            pending.suggested = true;
            ++stats_.suggestions;
            stats_.suggestion_ms.push_back(to_ms(now - pending.sent_at));
            stats_.last_suggestion = now;
        } else if (type == "ack" && !pending.acked) {
            pending.acked = true;
            ++stats_.acks;
            stats_.ack_ms.push_back(to_ms(now - pending.sent_at));
        } else if (type != "error") {
            ++stats_.problems.unmatched_answers;
            return;
        }
        // An error answers the message for good: it replaces the ack, or both answers.
        if (type == "error" || (pending.suggested && pending.acked)) {
            pending_.erase(found);
            complete(1);
        }
    }

    void on_close(const Status& why) {
        {
            std::lock_guard lock(mutex_);
            connection_closed_ = true;
            if (!why.ok()) {
                ++stats_.problems.connection_closed;
                // Nothing more can arrive for these; stop waiting for them.
                stats_.unanswered += pending_.size();
                complete(static_cast<std::int64_t>(pending_.size()));
                pending_.clear();
            }
        }
        if (!why.ok()) run_.report_problem("buyer " + std::to_string(index_) + ": " + why.error().message);
        ++run_.closed;
        run_.notify();
    }

    void complete(std::int64_t messages) {
        if (messages > 0 && run_.outstanding.fetch_sub(messages) == messages) run_.notify();
    }

    static double to_ms(SteadyClock::duration duration) { return std::chrono::duration<double, std::milli>(duration).count(); }

    const std::size_t index_;
    RunState& run_;
    const std::string conversation_id_;
    const std::string buyer_id_;
    std::mt19937_64 rng_;               // only the timer strand uses it
    std::uint64_t next_message_ = 0;    // only the timer strand uses it
    asio::steady_timer timer_;
    std::shared_ptr<Connection> connection_;
    std::mutex mutex_;
    std::unordered_map<std::uint64_t, Pending> pending_;  // GUARDED_BY(mutex_)
    BuyerStats stats_;                                    // GUARDED_BY(mutex_)
    bool connection_closed_ = false;                      // GUARDED_BY(mutex_)
};

struct Percentiles {
    std::size_t count = 0;
    double p50 = 0, p99 = 0, p999 = 0, max = 0, mean = 0;
};

// Nearest rank: the smallest sample with at least p of the samples at or below it.
Percentiles percentiles(std::vector<double> samples) {
    Percentiles result;
    result.count = samples.size();
    if (samples.empty()) return result;
    std::sort(samples.begin(), samples.end());
    const auto rank = [&](double p) {
        const auto index = static_cast<std::size_t>(std::ceil(p * static_cast<double>(samples.size())));
        return samples[std::clamp<std::size_t>(index, 1, samples.size()) - 1];
    };
    result.p50 = rank(0.50);
    result.p99 = rank(0.99);
    result.p999 = rank(0.999);
    result.max = samples.back();
    double sum = 0;
    for (double sample : samples) sum += sample;
    result.mean = sum / static_cast<double>(samples.size());
    return result;
}

struct Summary {
    BuyerStats totals;
    Percentiles suggestion;
    Percentiles ack;
    double elapsed_s = 0;     // from the start to the last suggestion, at least the planned duration
    double throughput = 0;    // suggestions received per second over elapsed_s
    std::vector<std::string> problem_messages;

    std::uint64_t error_count() const {
        std::uint64_t count = 0;
        for (const auto& [code, n] : totals.errors) count += n;
        return count;
    }
    bool clean() const {
        const ClientProblems& p = totals.problems;
        return error_count() == 0 && totals.unanswered == 0 && p.connect_failed == 0 && p.connection_closed == 0 &&
               p.unmatched_answers == 0 && totals.suggestions == totals.sent && totals.acks == totals.sent;
    }
};

Summary summarise(std::vector<BuyerStats> per_buyer, const RunState& run, std::vector<std::string> problems) {
    Summary summary;
    BuyerStats& t = summary.totals;
    for (BuyerStats& buyer : per_buyer) {
        t.sent += buyer.sent;
        t.suggestions += buyer.suggestions;
        t.acks += buyer.acks;
        t.unanswered += buyer.unanswered;
        for (const auto& [code, n] : buyer.errors) t.errors[code] += n;
        t.problems.connect_failed += buyer.problems.connect_failed;
        t.problems.connection_closed += buyer.problems.connection_closed;
        t.problems.unmatched_answers += buyer.problems.unmatched_answers;
        t.suggestion_ms.insert(t.suggestion_ms.end(), buyer.suggestion_ms.begin(), buyer.suggestion_ms.end());
        t.ack_ms.insert(t.ack_ms.end(), buyer.ack_ms.begin(), buyer.ack_ms.end());
        t.max_send_lag_ms = std::max(t.max_send_lag_ms, buyer.max_send_lag_ms);
        t.last_suggestion = std::max(t.last_suggestion, buyer.last_suggestion);
    }
    summary.suggestion = percentiles(std::move(t.suggestion_ms));
    summary.ack = percentiles(std::move(t.ack_ms));
    if (t.suggestions > 0) {
        // At least the planned duration: message k is sent at k / rate, so the last one leaves
        // 1 / rate before the end, and a server that keeps up shows exactly the offered rate.
        const auto planned_end = run.start + std::chrono::duration_cast<SteadyClock::duration>(
                                                 std::chrono::duration<double>(run.plan.duration_s));
        summary.elapsed_s = std::chrono::duration<double>(std::max(t.last_suggestion, planned_end) - run.start).count();
        summary.throughput = static_cast<double>(t.suggestions) / summary.elapsed_s;
    }
    summary.problem_messages = std::move(problems);
    return summary;
}

double rounded(double value, int decimals) {
    const double scale = std::pow(10.0, decimals);
    return std::round(value * scale) / scale;
}

json to_json(const LoadPlan& plan, const Summary& summary) {
    const auto latency = [](const Percentiles& p) {
        return json{{"count", p.count}, {"p50", rounded(p.p50, 3)}, {"p99", rounded(p.p99, 3)}, {"p99_9", rounded(p.p999, 3)},
                    {"max", rounded(p.max, 3)}, {"mean", rounded(p.mean, 3)}};
    };
    const BuyerStats& t = summary.totals;
    return json{
        {"url", plan.url_text},
        {"buyers", plan.buyers},
        {"rate", plan.rate},
        {"duration_s", plan.duration_s},
        {"seed", plan.seed},
        {"lines", plan.lines.size()},
        {"lines_source", plan.lines_source},
        {"planned", plan.total_messages()},
        {"sent", t.sent},
        {"suggestions", t.suggestions},
        {"acks", t.acks},
        {"errors", t.errors},
        {"error_count", summary.error_count()},
        {"unanswered", t.unanswered},
        {"client_problems",
         {{"connect_failed", t.problems.connect_failed},
          {"connection_closed", t.problems.connection_closed},
          {"unmatched_answers", t.problems.unmatched_answers}}},
        {"throughput_per_s", rounded(summary.throughput, 1)},
        {"elapsed_s", rounded(summary.elapsed_s, 3)},
        {"max_send_lag_ms", rounded(t.max_send_lag_ms, 3)},
        {"round_trip_ms", {{"suggestions", latency(summary.suggestion)}, {"ack", latency(summary.ack)}}},
        {"ok", summary.clean()},
    };
}

void print_table(std::ostream& out, const LoadPlan& plan, const Summary& summary) {
    const BuyerStats& t = summary.totals;
    out << "huashu-sim load: " << plan.buyers << " buyers, " << plan.rate << " msg/s for " << plan.duration_s
        << " s against " << plan.url_text << " (seed " << plan.seed << ", " << plan.lines.size() << " " << plan.lines_source
        << " lines)\n\n";
    const auto row = [&out](std::string_view name, const auto& value) {
        out << "  " << std::left << std::setw(20) << name << value << "\n";
    };
    row("messages sent", std::to_string(t.sent) + " of " + std::to_string(plan.total_messages()) + " planned");
    row("suggestions", t.suggestions);
    row("acks", t.acks);
    row("errors", summary.error_count());
    for (const auto& [code, n] : t.errors) row("  " + code, n);
    row("unanswered", t.unanswered);
    if (t.problems.connect_failed) row("connect failed", t.problems.connect_failed);
    if (t.problems.connection_closed) row("connections lost", t.problems.connection_closed);
    if (t.problems.unmatched_answers) row("unmatched answers", t.problems.unmatched_answers);
    std::ostringstream throughput;
    throughput << std::fixed << std::setprecision(1) << summary.throughput << " msg/s answered";
    row("throughput", throughput.str());
    std::ostringstream lag;
    lag << std::fixed << std::setprecision(3) << t.max_send_lag_ms << " ms behind schedule at worst";
    row("client send lag", lag.str());

    out << "\n  " << std::left << std::setw(16) << "round trip (ms)" << std::right;
    for (const char* column : {"p50", "p99", "p99.9", "max", "mean"}) out << std::setw(10) << column;
    out << "\n";
    for (const auto& [name, p] : {std::pair{"suggestions", summary.suggestion}, std::pair{"ack", summary.ack}}) {
        out << "  " << std::left << std::setw(16) << name << std::right << std::fixed << std::setprecision(3);
        for (double value : {p.p50, p.p99, p.p999, p.max, p.mean}) out << std::setw(10) << value;
        out << "\n";
    }
    out.unsetf(std::ios::floatfield);
    out << "\n";
    if (summary.clean()) {
        out << "ok: every message answered, no errors\n";
    } else if (t.problems.connect_failed > 0) {
        out << "FAILED: " << t.problems.connect_failed << " of " << plan.buyers << " buyers could not connect\n";
    } else {
        out << "FAILED: errors, unanswered messages or lost connections\n";
    }
}

template <typename Number>
bool parse_number(const std::string& text, Number& out) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
}

// Fills `plan` from the command line; returns the complaint, or "" when it is fine.
std::string read_plan(const cli::Arguments& arguments, LoadPlan& plan) {
    if (!arguments.ok()) return arguments.error();
    if (!arguments.positionals().empty()) return "unexpected argument '" + arguments.positionals().front() + "'";

    if (std::string problem = read_connection(arguments, "simulator", plan.url_text, plan.credentials); !problem.empty()) {
        return problem;
    }
    plan.url = *parse_websocket_url(plan.url_text);

    const auto count = [&](const char* name, std::size_t& out, std::size_t most) -> std::string {
        const auto text = arguments.value(name);
        if (!text) return "";
        if (!parse_number(*text, out) || out < 1 || out > most) {
            return std::string(name) + " takes a whole number from 1 to " + std::to_string(most);
        }
        return "";
    };
    const auto seconds = [&](const char* name, double& out, double most) -> std::string {
        const auto text = arguments.value(name);
        if (!text) return "";
        if (!parse_number(*text, out) || !(out > 0) || out > most) {
            return std::string(name) + " takes a number above 0, at most " + std::to_string(static_cast<long>(most));
        }
        return "";
    };
    for (const std::string& problem :
         {count("--buyers", plan.buyers, 10000), count("--threads", plan.threads, 64), seconds("--rate", plan.rate, 1e6),
          seconds("--duration", plan.duration_s, 86400), seconds("--answer-timeout", plan.answer_timeout_s, 3600)}) {
        if (!problem.empty()) return problem;
    }
    if (const auto seed = arguments.value("--seed"); seed && !parse_number(*seed, plan.seed)) {
        return "--seed takes a whole number from 0 to 2^64-1";
    }
    if (const auto folder = arguments.value("--scenarios")) {
        auto lines = scenario_buyer_lines(*folder);
        if (!lines) return lines.error().message;
        plan.lines = std::move(*lines);
        plan.lines_source = "scenario";
    } else {
        plan.lines = builtin_buyer_lines();
    }
    plan.json_output = arguments.flag("--json");
    return "";
}

// A tag that keeps this run's conversations apart from earlier runs' in the event log.
std::string make_run_tag() {
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    return "load-" + std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(now).count());
}

Summary run_load(const LoadPlan& plan) {
    asio::io_context io;
    auto work = asio::make_work_guard(io);
    RunState run{plan};
    const std::string run_tag = make_run_tag();
    std::vector<std::unique_ptr<Buyer>> buyers;
    for (std::size_t i = 0; i < plan.buyers; ++i) buyers.push_back(std::make_unique<Buyer>(io, i, run_tag, run));

    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < plan.threads; ++i) threads.emplace_back([&io] { io.run(); });

    std::atomic<std::size_t> connected{0};
    std::atomic<std::size_t> connect_failures{0};
    for (std::size_t i = 0; i < buyers.size(); ++i) {
        buyers[i]->connect([&run, &connected, &connect_failures, i](Status status) {
            if (!status) {
                ++connect_failures;
                run.report_problem("buyer " + std::to_string(i) + " could not connect: " + status.error().message);
            }
            ++connected;
            run.notify();
        });
    }
    {
        // Connect and hello timeouts are the connections' own, so this wait always ends.
        std::unique_lock lock(run.mutex);
        run.changed.wait(lock, [&] { return connected == buyers.size(); });
    }

    if (connect_failures == 0) {
        run.start = SteadyClock::now() + kStartDelay;
        for (auto& buyer : buyers) buyer->start_sending();
        std::unique_lock lock(run.mutex);
        run.changed.wait(lock, [&] { return run.finished_sending == buyers.size(); });
        run.changed.wait_for(lock, std::chrono::duration<double>(plan.answer_timeout_s), [&] { return run.outstanding == 0; });
    }

    for (auto& buyer : buyers) buyer->close();
    {
        std::unique_lock lock(run.mutex);
        run.changed.wait_for(lock, kCloseGrace, [&] { return run.closed + connect_failures >= buyers.size(); });
    }
    work.reset();
    io.stop();
    for (std::thread& thread : threads) thread.join();

    std::vector<BuyerStats> per_buyer;
    for (auto& buyer : buyers) per_buyer.push_back(buyer->take_stats());
    std::vector<std::string> problems;
    {
        std::lock_guard lock(run.mutex);
        problems = run.problem_messages;
    }
    return summarise(std::move(per_buyer), run, std::move(problems));
}

}  // namespace

int load_command(const std::vector<std::string>& args) {
    const cli::Arguments arguments(args,
                                   {"--url", "--token-file", "--user", "--token", "--role", "--buyers", "--rate",
                                    "--duration", "--seed", "--scenarios", "--answer-timeout", "--threads"},
                                   {"--json", "--help"});
    if (arguments.ok() && arguments.flag("--help")) {
        std::cout << kLoadUsage;
        return 0;
    }
    LoadPlan plan;
    if (const std::string problem = read_plan(arguments, plan); !problem.empty()) {
        std::cerr << "huashu-sim load: " << problem << "\n\n" << kLoadUsage;
        return 2;
    }
    const Summary summary = run_load(plan);
    for (std::size_t i = 0; i < summary.problem_messages.size() && i < kMaxReportedProblems; ++i) {
        std::cerr << "huashu-sim load: " << summary.problem_messages[i] << "\n";
    }
    if (summary.problem_messages.size() > kMaxReportedProblems) {
        std::cerr << "huashu-sim load: ... and " << summary.problem_messages.size() - kMaxReportedProblems << " more\n";
    }
    if (plan.json_output) {
        std::cout << to_json(plan, summary).dump() << "\n";
    } else {
        print_table(std::cout, plan, summary);
    }
    return summary.clean() ? 0 : 1;
}

}  // namespace huashu::simulator::tools
