// `huashu-sim replay`: a logged conversation played again to a trainee in the terminal, the
// buyer's messages at their original times (optionally faster); the trainee types answers, and
// at the end each round is compared with what the original agent did.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <mutex>
#include <thread>

#include "command_options.h"
#include "commands.h"
#include "huashu/simulator/replay.h"
#include "huashu/storage/event_store.h"
#include "cli/arguments.h"
#include "transcript.h"

namespace huashu::simulator::tools {

namespace {

constexpr const char* kReplayUsage = R"(usage: huashu-sim replay (--db FILE | --jsonl FILE) --conversation ID [--speed K] [--grace S]

Plays a logged conversation's buyer messages with their original timing (K times faster with
--speed); type your answers, one line each. When the last message has been shown and answered
(or --grace seconds later, default 60), each round is compared with the original agent's: how
long each of you took and what you sent. Reads the event log (--db) or an export made with
`huashu export --format jsonl` (--jsonl). End of input stops the replay early.

Exit code: 0 the replay ran; 1 the log could not be read or has no such conversation;
2 the command line was wrong.
)";

Result<std::vector<LoggedMessage>> read_from_db(const std::string& path, const std::string& conversation_id) {
    // Opening would create a missing file: a mistyped path must be an error, not an empty log.
    if (!std::filesystem::exists(path)) return make_error(ErrorCode::not_found, path + ": no such event log");
    auto store = storage::open_sqlite_event_store(path);
    if (!store) return store.error();
    std::vector<LoggedMessage> messages;
    storage::EventQuery query;
    query.conversation_id = conversation_id;
    const Status read = storage::for_each_event(**store, query, [&](const storage::StoredEvent& stored) {
        const char* direction = stored.event.direction == storage::Direction::received ? "received" : "sent";
        if (auto message = logged_message(stored.event.type, direction, stored.event.server_time_ms, stored.event.payload_json)) {
            messages.push_back(std::move(*message));
        }
    });
    if (!read) return read.error();
    if (std::none_of(messages.begin(), messages.end(), [](const LoggedMessage& m) { return m.from_buyer; })) {
        return make_error(ErrorCode::not_found, "conversation '" + conversation_id + "' has no buyer message in the log");
    }
    return messages;
}

std::string seconds(std::optional<std::int64_t> ms) {
    if (!ms) return "—";
    char text[32];
    std::snprintf(text, sizeof text, "%.1f s", static_cast<double>(*ms) / 1000.0);
    return text;
}

std::string offset(std::int64_t ms) {
    char text[32];
    std::snprintf(text, sizeof text, "[+%02lld:%02lld]", static_cast<long long>(ms / 60'000),
                  static_cast<long long>((ms / 1000) % 60));
    return text;
}

}  // namespace

int replay_command(const std::vector<std::string>& args) {
    const cli::Arguments arguments(args, {"--db", "--jsonl", "--conversation", "--speed", "--grace"}, {"--help"});
    if (arguments.ok() && arguments.flag("--help")) {
        std::cout << kReplayUsage;
        return 0;
    }
    int speed = 1;
    int grace_s = 60;
    std::string problem = arguments.ok() ? "" : arguments.error();
    const auto conversation = arguments.value("--conversation");
    const auto db = arguments.value("--db");
    const auto jsonl = arguments.value("--jsonl");
    if (problem.empty() && !conversation) problem = "--conversation is required";
    if (problem.empty() && (db.has_value() == jsonl.has_value())) problem = "give one of --db FILE or --jsonl FILE";
    if (problem.empty() && !read_number(arguments.value("--speed"), speed, 1, 1000)) problem = "--speed takes 1 to 1000";
    if (problem.empty() && !read_number(arguments.value("--grace"), grace_s, 0, 3600)) problem = "--grace takes seconds";
    if (!problem.empty()) {
        std::cerr << "huashu-sim replay: " << problem << "\n\n" << kReplayUsage;
        return 2;
    }
    Result<std::vector<LoggedMessage>> log = std::vector<LoggedMessage>{};
    if (db) {
        log = read_from_db(*db, *conversation);
    } else {
        std::ifstream in(*jsonl);
        log = in ? read_logged_conversation(in, *conversation) : Result<std::vector<LoggedMessage>>(make_error(ErrorCode::not_found, *jsonl + ": cannot be read"));
    }
    if (!log) {
        std::cerr << "huashu-sim replay: " << log.error().message << '\n';
        return 1;
    }

    // The replay runs on its own clock, `speed` times faster than the wall clock.
    const auto wall_start = std::chrono::steady_clock::now();
    const auto replay_now = [&] {
        return static_cast<std::int64_t>(
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - wall_start).count() * speed);
    };
    Replay replay(std::move(*log));
    const std::vector<BuyerLine> lines = replay.start(0);
    std::cout << "replaying conversation " << *conversation << ": " << lines.size() << " buyer messages over "
              << seconds(replay.last_line_offset_ms()) << (speed > 1 ? " (x" + std::to_string(speed) + ")" : "")
              << "; type your answers\n"
              << std::flush;

    std::mutex typed_mutex;
    std::vector<std::pair<std::int64_t, std::string>> typed;  // GUARDED_BY(typed_mutex)
    std::atomic<bool> input_closed = false;
    std::thread reader([&] {
        for (std::string line; std::getline(std::cin, line);) {
            if (line.empty()) continue;
            std::lock_guard lock(typed_mutex);
            typed.emplace_back(replay_now(), line);
        }
        input_closed = true;
    });
    reader.detach();  // std::getline cannot be interrupted; the process ends with the replay

    std::size_t shown = 0;
    while (!replay.finished(replay_now(), static_cast<std::int64_t>(grace_s) * 1000)) {
        const std::int64_t now = replay_now();
        for (; shown < lines.size() && lines[shown].send_at_ms <= now; ++shown) {
            std::cout << offset(lines[shown].send_at_ms) << " buyer: " << lines[shown].text << std::endl;
        }
        {
            std::lock_guard lock(typed_mutex);
            for (const auto& [at, text] : typed) {
                replay.reply(text, std::nullopt, at);
                std::cout << offset(at) << " you:   " << text << std::endl;
            }
            typed.clear();
        }
        if (input_closed && shown == lines.size()) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));  // a terminal's pace, not a test's
    }
    for (; shown < lines.size(); ++shown) std::cout << offset(lines[shown].send_at_ms) << " buyer: " << lines[shown].text << '\n';

    std::cout << "\nround  started   original wait  your wait  same reply\n";
    int number = 0;
    for (const ReplayRound& round : replay.rounds()) {
        std::cout << std::left << std::setw(7) << ++number << std::setw(10) << offset(round.started_ms) << std::setw(15)
                  << seconds(round.original_wait_ms) << std::setw(11) << seconds(round.trainee_wait_ms)
                  << (round.same_reply() ? "yes" : "no") << '\n'
                  << "       original: " << (round.original_reply.empty() ? "(no reply)" : round.original_reply) << '\n'
                  << "       yours:    " << (round.trainee_reply.empty() ? "(no reply)" : round.trainee_reply) << '\n';
    }
    std::cout << std::flush;
    std::_Exit(0);  // the detached reader may still be blocked in getline
}

}  // namespace huashu::simulator::tools
