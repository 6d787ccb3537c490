// `huashu-sim practice`: the trainee's chat in the terminal. The service plays the buyer; the
// trainee reads each line with its suggestions, answers by number or in their own words, sees
// how long the buyer has been waiting, and gets the score card at the end.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <thread>

#include <nlohmann/json.hpp>

#include "commands.h"
#include "command_options.h"
#include "transcript.h"

namespace huashu::simulator::tools {

namespace {

using nlohmann::json;

std::string usage() {
    return R"(usage: huashu-sim practice --scenario NAME [--exam] [OPTIONS]

A practice chat with a simulated buyer in the terminal. Type a number to send that suggestion,
or type your own answer; /stop gives up (the conversation is scored as it stands). While the
buyer waits, a clock shows how long (on a terminal). The score card comes at the end.

  --scenario NAME      a bundled scenario of the service (e.g. bargainer, seven_day_return)
  --exam               no suggestions: answer alone
  --seed K             fixes every choice the buyer makes
)" + connection_usage("trainee") +
           R"(
Exit code: 0 the conversation ended and was scored; 1 it could not run; 2 the command line was wrong.
)";
}

}  // namespace

int practice_command(const std::vector<std::string>& args) {
    std::vector<std::string> options(std::begin(kConnectionOptions), std::end(kConnectionOptions));
    for (const char* o : {"--scenario", "--seed"}) options.emplace_back(o);
    const cli::Arguments arguments(args, options, {"--exam", "--help"});
    if (arguments.ok() && arguments.flag("--help")) {
        std::cout << usage();
        return 0;
    }
    std::string url;
    Credentials credentials;
    std::string problem = arguments.ok() ? read_connection(arguments, "trainee", url, credentials) : arguments.error();
    const auto scenario = arguments.value("--scenario");
    std::uint64_t seed = static_cast<std::uint64_t>(std::chrono::system_clock::now().time_since_epoch().count());
    if (problem.empty() && !scenario) problem = "--scenario is required";
    if (problem.empty() && !read_number(arguments.value("--seed"), seed, std::uint64_t{0}, UINT64_MAX)) {
        problem = "--seed takes a whole number";
    }
    if (!problem.empty()) {
        std::cerr << "huashu-sim practice: " << problem << "\n\n" << usage();
        return 2;
    }
    auto client = Client::connect(url, credentials);
    if (!client) {
        std::cerr << "huashu-sim practice: " << client.error().message << '\n';
        return 1;
    }
    const bool exam = arguments.flag("--exam");
    if (Status sent = client->send({{"type", "practice_start"},
                                    {"scenario", std::filesystem::path(*scenario).stem().string()},
                                    {"seed", seed},
                                    {"exam", exam}});
        !sent) {
        std::cerr << "huashu-sim practice: " << sent.error().message << '\n';
        return 1;
    }

    std::mutex typed_mutex;
    std::vector<std::string> typed;  // GUARDED_BY(typed_mutex)
    std::atomic<bool> input_closed = false;
    std::thread([&] {
        for (std::string line; std::getline(std::cin, line);) {
            if (line.empty()) continue;
            std::lock_guard lock(typed_mutex);
            typed.push_back(line);
        }
        input_closed = true;
    }).detach();  // std::getline cannot be interrupted; the process ends with the chat

    const bool terminal = isatty(STDOUT_FILENO) != 0;
    Transcript transcript(std::cout, true);
    std::string conversation;
    json suggestions = json::array();
    bool buyer_waiting = false;
    std::chrono::steady_clock::time_point waiting_since{};
    bool stop_sent = false;
    while (true) {
        auto frame = client->receive(std::chrono::milliseconds(250));
        if (frame) {
            const std::string type = frame->value("type", "");
            if (type == "error") {
                std::cerr << "huashu-sim practice: " << frame->value("code", "") << ": " << frame->value("message", "") << '\n';
                if (conversation.empty()) return 1;
            } else if (type == "practice_started") {
                conversation = frame->value("conversation_id", "");
                transcript.opened(*frame);
                std::cout << "type a number to send a suggestion, or your own answer; /stop gives up\n";
            } else if (type == "buyer_message" && frame->value("conversation_id", "") == conversation) {
                if (terminal) std::cout << "\r\033[K";
                transcript.buyer(*frame);
                if (!buyer_waiting) waiting_since = std::chrono::steady_clock::now();
                buyer_waiting = true;
            } else if (type == "suggestions" && frame->value("conversation_id", "") == conversation) {
                suggestions = (*frame)["items"];
                transcript.suggestions(*frame, 3);
            } else if (type == "practice_result" && frame->value("conversation_id", "") == conversation) {
                if (terminal) std::cout << "\r\033[K";
                transcript.result(*frame);
                client->close();
                std::cout << std::flush;
                std::_Exit(0);  // the detached reader may still be blocked in getline
            }
        } else if (!frame && frame.error().code != ErrorCode::timeout) {
            std::cerr << "huashu-sim practice: " << frame.error().message << '\n';
            return 1;
        }
        std::vector<std::string> lines;
        {
            std::lock_guard lock(typed_mutex);
            lines.swap(typed);
        }
        for (const std::string& line : lines) {
            if (conversation.empty()) continue;
            if (line == "/stop") {
                (void)client->send({{"type", "practice_stop"}, {"conversation_id", conversation}});
                stop_sent = true;
                continue;
            }
            json reply = {{"type", "agent_message"}, {"conversation_id", conversation}, {"text", line}};
            std::size_t number = 0;
            if (line.size() == 1 && line[0] >= '1' && line[0] <= '9') number = static_cast<std::size_t>(line[0] - '0');
            if (number > 0) {
                if (number > suggestions.size()) {
                    std::cout << "  (no suggestion " << number << " to send)\n";
                    continue;
                }
                reply["text"] = suggestions[number - 1]["text"];
                reply["suggestion_id"] = suggestions[number - 1]["id"];
            }
            transcript.agent(reply);
            (void)client->send(reply);
            buyer_waiting = false;
        }
        if (input_closed && !stop_sent && !conversation.empty()) {
            (void)client->send({{"type", "practice_stop"}, {"conversation_id", conversation}});
            stop_sent = true;
        }
        if (terminal && buyer_waiting) {
            const auto waited =
                std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - waiting_since).count();
            std::cout << "\r\033[K  buyer waiting " << waited << " s" << (waited >= 30 ? "  (past 30 s!)" : "") << std::flush;
        }
    }
}

}  // namespace huashu::simulator::tools
