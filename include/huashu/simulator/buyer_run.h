// One simulated buyer playing a scenario, on a clock the caller drives: no threads, no timers,
// so a practice session in the service (Asio timers), huashu-sim (its own loop) and the tests
// (a virtual clock) run exactly the same buyer.
//
//   BuyerRun run(scenario, /*seed=*/7);
//   send(run.start(now));                       // the buyer's first lines, each with its send time
//   send(run.reply(traits_of_agent_reply, now)); // what the buyer says next
//   if (auto due = run.next_deadline_ms()) at(*due, [&] { send(run.tick(*due)); });
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "huashu/simulator/scenario.h"

namespace huashu::simulator {

// What the service's engine found in an agent's reply (engine::ReplyVerdict, as the simulator
// needs it).
struct ReplyTraits {
    std::string text;
    std::vector<phrasebook::Intent> intents;
    std::optional<phrasebook::Technique> technique;
    bool concession = false;
    bool apology = false;
    std::vector<std::string> lint_rules;  // one per lint issue, the rule id that matched
};

struct BuyerLine {
    std::string text;
    std::int64_t send_at_ms = 0;  // when the buyer finishes typing it
    bool nudge = false;           // sent because nobody answered
    bool last_of_turn = false;    // no further line of this turn follows
};

// One visit to a talking state: what the buyer said and how the agent answered.
struct Turn {
    std::string state;
    std::vector<phrasebook::Intent> asks;
    std::vector<std::string> buyer_lines;
    std::int64_t waiting_since_ms = 0;         // the first unanswered line, as a platform counts a round
    std::optional<std::int64_t> first_reply_ms;  // how long the buyer waited for the first reply
    std::vector<ReplyTraits> replies;
    int nudges = 0;
    bool answered = false;  // some reply answered what the buyer asked (or nothing was asked)
    bool timed_out = false;
};

class BuyerRun {
public:
    BuyerRun(std::shared_ptr<const Scenario> scenario, std::uint64_t seed);

    std::vector<BuyerLine> start(std::int64_t now_ms);
    // The agent replied at now_ms. Lines already returned are the caller's to send.
    std::vector<BuyerLine> reply(const ReplyTraits& reply, std::int64_t now_ms);
    // Call at (or after) next_deadline_ms(): a nudge, or the buyer gives up.
    std::vector<BuyerLine> tick(std::int64_t now_ms);
    std::optional<std::int64_t> next_deadline_ms() const;

    bool finished() const { return ending_.has_value(); }
    std::optional<Ending> ending() const { return ending_; }
    const std::vector<Turn>& turns() const { return turns_; }
    const Scenario& scenario() const { return *scenario_; }
    std::int64_t started_ms() const { return started_ms_; }
    std::int64_t finished_ms() const { return finished_ms_; }
    const std::string& state() const;

private:
    std::vector<BuyerLine> enter(std::size_t state, std::int64_t now_ms);
    std::vector<BuyerLine> say(const std::vector<std::string>& lines, std::int64_t now_ms, bool nudge);
    bool holds(const Condition& condition, const ReplyTraits& reply, const Turn& turn, std::int64_t now_ms) const;
    std::int64_t patience_ms() const;

    std::shared_ptr<const Scenario> scenario_;
    std::mt19937_64 random_;
    std::size_t state_ = 0;
    std::optional<Ending> ending_;
    std::vector<Turn> turns_;
    std::int64_t last_line_ms_ = 0;      // when the buyer's latest line is sent
    std::int64_t clock_started_ms_ = 0;  // the patience clock runs from here
    int nudges_sent_ = 0;
    std::int64_t started_ms_ = 0;
    std::int64_t finished_ms_ = 0;
};

}  // namespace huashu::simulator
