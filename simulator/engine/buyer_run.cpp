#include "huashu/simulator/buyer_run.h"

#include <algorithm>
#include <cmath>

namespace huashu::simulator {

namespace {

std::size_t code_points(const std::string& text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

}  // namespace

BuyerRun::BuyerRun(std::shared_ptr<const Scenario> scenario, std::uint64_t seed)
    : scenario_(std::move(scenario)), random_(seed) {}

const std::string& BuyerRun::state() const { return scenario_->states[state_].id; }

std::int64_t BuyerRun::patience_ms() const {
    return scenario_->states[state_].patience_ms.value_or(scenario_->persona.patience_ms);
}

std::vector<BuyerLine> BuyerRun::start(std::int64_t now_ms) {
    started_ms_ = now_ms;
    last_line_ms_ = now_ms;
    return enter(scenario_->start, now_ms);
}

std::vector<BuyerLine> BuyerRun::say(const std::vector<std::string>& lines, std::int64_t now_ms, bool nudge) {
    std::vector<BuyerLine> out;
    std::int64_t at = std::max(now_ms, last_line_ms_);
    for (const std::string& line : lines) {
        // Typing takes time: a buyer who types three characters a second needs four seconds for
        // a twelve-character question.
        at += std::llround(static_cast<double>(code_points(line)) * 1000.0 / scenario_->persona.typing_chars_per_second);
        out.push_back({line, at, nudge, false});
    }
    if (!out.empty()) out.back().last_of_turn = true;
    last_line_ms_ = at;
    return out;
}

std::vector<BuyerLine> BuyerRun::enter(std::size_t state_index, std::int64_t now_ms) {
    state_ = state_index;
    nudges_sent_ = 0;
    const State& state = scenario_->states[state_];
    std::vector<BuyerLine> lines;
    if (!state.say.empty()) lines = say(state.say[random_() % state.say.size()], now_ms, false);
    if (state.ending) {
        ending_ = state.ending;
        finished_ms_ = std::max(now_ms, last_line_ms_);
        return lines;
    }
    Turn turn;
    turn.state = state.id;
    turn.asks = state.asks;
    turn.answered = state.asks.empty();
    for (const BuyerLine& line : lines) turn.buyer_lines.push_back(line.text);
    turn.waiting_since_ms = lines.empty() ? now_ms : lines.front().send_at_ms;
    turns_.push_back(std::move(turn));
    clock_started_ms_ = last_line_ms_;
    return lines;
}

namespace {
Condition answers_the_question() {
    Condition c;
    c.answered = true;
    return c;
}
}  // namespace

bool BuyerRun::holds(const Condition& c, const ReplyTraits& reply, const Turn& turn, std::int64_t now_ms) const {
    const State& state = scenario_->states[state_];
    const bool answers = state.asks.empty() || std::any_of(reply.intents.begin(), reply.intents.end(), [&](auto intent) {
                             return std::find(state.asks.begin(), state.asks.end(), intent) != state.asks.end();
                         });
    if (c.answered && *c.answered != answers) return false;
    if (!c.intents.empty() && std::none_of(reply.intents.begin(), reply.intents.end(), [&](auto intent) {
            return std::find(c.intents.begin(), c.intents.end(), intent) != c.intents.end();
        })) {
        return false;
    }
    switch (c.technique_test) {
        case Condition::TechniqueTest::unspecified: break;
        case Condition::TechniqueTest::any:
            if (!reply.technique) return false;
            break;
        case Condition::TechniqueTest::none:
            if (reply.technique) return false;
            break;
        case Condition::TechniqueTest::one_of:
            if (!reply.technique || std::find(c.techniques.begin(), c.techniques.end(), *reply.technique) == c.techniques.end()) {
                return false;
            }
            break;
    }
    if (c.concession && *c.concession != reply.concession) return false;
    if (c.apology && *c.apology != reply.apology) return false;
    if (c.lint && *c.lint != !reply.lint_rules.empty()) return false;
    if (c.slower_than_ms && now_ms - turn.waiting_since_ms <= *c.slower_than_ms) return false;
    return true;
}

std::vector<BuyerLine> BuyerRun::reply(const ReplyTraits& reply, std::int64_t now_ms) {
    if (finished() || turns_.empty()) return {};
    Turn& turn = turns_.back();
    if (!turn.first_reply_ms) turn.first_reply_ms = std::max<std::int64_t>(0, now_ms - turn.waiting_since_ms);
    turn.replies.push_back(reply);
    const State& state = scenario_->states[state_];
    for (const Transition& transition : state.on) {
        if (transition.when && !holds(*transition.when, reply, turn, now_ms)) continue;
        if (!turn.answered && holds(answers_the_question(), reply, turn, now_ms)) turn.answered = true;
        return enter(transition.to, now_ms);
    }
    if (holds(answers_the_question(), reply, turn, now_ms)) turn.answered = true;
    // Nothing fits: the buyer keeps waiting for a better answer, patient again.
    clock_started_ms_ = std::max(now_ms, last_line_ms_);
    nudges_sent_ = 0;
    return {};
}

std::optional<std::int64_t> BuyerRun::next_deadline_ms() const {
    if (finished()) return std::nullopt;
    return clock_started_ms_ + patience_ms();
}

std::vector<BuyerLine> BuyerRun::tick(std::int64_t now_ms) {
    const auto deadline = next_deadline_ms();
    if (!deadline || now_ms < *deadline) return {};
    const State& state = scenario_->states[state_];
    const Persona& persona = scenario_->persona;
    Turn& turn = turns_.back();
    if (nudges_sent_ < persona.max_nudges) {
        const std::string& nudge = persona.nudges[static_cast<std::size_t>(nudges_sent_) % persona.nudges.size()];
        ++nudges_sent_;
        ++turn.nudges;
        std::vector<BuyerLine> lines = say({nudge}, now_ms, true);
        turn.buyer_lines.push_back(nudge);
        clock_started_ms_ = last_line_ms_;
        return lines;
    }
    turn.timed_out = true;
    if (state.on_timeout) return enter(*state.on_timeout, now_ms);
    ending_ = Ending::left;
    finished_ms_ = now_ms;
    return {};
}

}  // namespace huashu::simulator
