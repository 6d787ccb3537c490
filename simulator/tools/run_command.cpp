// `huashu-sim run --autopilot`: starts a practice conversation on the service and answers every
// buyer turn with the service's own top suggestion, until the buyer reaches an ending. CI runs
// every bundled scenario this way against a real `huashu serve`.
#include <chrono>
#include <filesystem>
#include <iomanip>
#include <iostream>

#include <nlohmann/json.hpp>

#include "commands.h"
#include "command_options.h"
#include "transcript.h"

namespace huashu::simulator::tools {

namespace {

using nlohmann::json;

std::string usage() {
    return R"(usage: huashu-sim run --scenario NAME|FILE --autopilot [OPTIONS]

Starts a practice conversation with a simulated buyer on the service and answers each buyer turn
with the top suggestion the service sends, until the buyer orders, pays, is satisfied, leaves or
writes a bad review. Prints the conversation and the score card.

  --scenario NAME|FILE a bundled scenario of the service, by name or by its file
                       (simulator/scenarios/bargainer.json means "bargainer")
  --autopilot          answer with the top suggestion (required: `practice` is for people)
  --seed K             fixes every choice the buyer makes (default 1)
  --speed K            the buyer types and waits K times faster (1-1000, default 1)
  --timeout S          give up after S seconds (default 600)
  --json               print only the practice_result frame, as JSON
)" + connection_usage("simulator") +
           R"(
Exit code: 0 the buyer reached an ending; 1 no ending (timeout, error, lost connection);
2 the command line was wrong.
)";
}

}  // namespace

int run_command(const std::vector<std::string>& args) {
    std::vector<std::string> options(std::begin(kConnectionOptions), std::end(kConnectionOptions));
    for (const char* o : {"--scenario", "--seed", "--speed", "--timeout"}) options.emplace_back(o);
    const cli::Arguments arguments(args, options, {"--autopilot", "--json", "--help"});
    if (arguments.ok() && arguments.flag("--help")) {
        std::cout << usage();
        return 0;
    }
    std::string url;
    Credentials credentials;
    std::string problem = arguments.ok() ? read_connection(arguments, "simulator", url, credentials) : arguments.error();
    const auto scenario = arguments.value("--scenario");
    std::uint64_t seed = 1;
    int speed = 1;
    int timeout_s = 600;
    if (problem.empty() && !scenario) problem = "--scenario is required";
    if (problem.empty() && !arguments.flag("--autopilot")) problem = "run needs --autopilot (a trainee answers with `huashu-sim practice`)";
    if (problem.empty() && !read_number(arguments.value("--seed"), seed, std::uint64_t{0}, UINT64_MAX)) problem = "--seed takes a whole number";
    if (problem.empty() && !read_number(arguments.value("--speed"), speed, 1, 1000)) problem = "--speed takes 1 to 1000";
    if (problem.empty() && !read_number(arguments.value("--timeout"), timeout_s, 1, 86400)) problem = "--timeout takes seconds";
    if (!problem.empty()) {
        std::cerr << "huashu-sim run: " << problem << "\n\n" << usage();
        return 2;
    }
    const std::string scenario_id = std::filesystem::path(*scenario).stem().string();
    auto client = Client::connect(url, credentials);
    if (!client) {
        std::cerr << "huashu-sim run: " << client.error().message << '\n';
        return 1;
    }
    Transcript transcript(std::cout, !arguments.flag("--json"));
    if (Status sent = client->send({{"type", "practice_start"}, {"scenario", scenario_id}, {"seed", seed}, {"speed", speed}});
        !sent) {
        std::cerr << "huashu-sim run: " << sent.error().message << '\n';
        return 1;
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
    std::string conversation;
    bool answer_next_suggestions = false;
    while (true) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            std::cerr << "huashu-sim run: no ending within " << timeout_s << " s\n";
            return 1;
        }
        auto frame = client->receive(left);
        if (!frame) {
            std::cerr << "huashu-sim run: " << frame.error().message << '\n';
            return 1;
        }
        const std::string type = frame->value("type", "");
        if (type == "error") {
            std::cerr << "huashu-sim run: the service refused: " << frame->value("code", "") << ": " << frame->value("message", "")
                      << '\n';
            return 1;
        }
        if (type == "practice_started") {
            conversation = frame->value("conversation_id", "");
            transcript.opened(*frame);
        } else if (type == "buyer_message" && frame->value("conversation_id", "") == conversation) {
            transcript.buyer(*frame);
            answer_next_suggestions = !frame->value("more", false);
        } else if (type == "suggestions" && answer_next_suggestions && frame->value("conversation_id", "") == conversation) {
            answer_next_suggestions = false;
            const json& items = (*frame)["items"];
            json reply = {{"type", "agent_message"}, {"conversation_id", conversation}};
            if (items.empty()) {
                reply["text"] = "亲，您稍等，我帮您看一下哦~";
            } else {
                reply["text"] = items[0]["text"];
                reply["suggestion_id"] = items[0]["id"];
            }
            transcript.agent(reply);
            if (Status sent = client->send(reply); !sent) {
                std::cerr << "huashu-sim run: " << sent.error().message << '\n';
                return 1;
            }
        } else if (type == "practice_result" && frame->value("conversation_id", "") == conversation) {
            if (arguments.flag("--json")) {
                std::cout << frame->dump() << '\n';
            } else {
                transcript.result(*frame);
            }
            client->close();
            return 0;
        }
    }
}

}  // namespace huashu::simulator::tools
