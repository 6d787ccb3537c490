#include "huashu/simulator/score.h"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

namespace huashu::simulator {

namespace {

double turn_speed(std::optional<std::int64_t> reply_ms, const ScoreThresholds& t) {
    if (!reply_ms) return 0;
    if (*reply_ms <= t.fast_reply_ms) return 1;
    if (*reply_ms <= t.overtime_ms) return 0.6;
    if (*reply_ms <= t.slow_ms) return 0.3;
    return 0;
}

}  // namespace

ScoreCard score_run(const BuyerRun& run, const ScoreWeights& weights, const ScoreThresholds& thresholds) {
    ScoreCard card;
    card.scenario = run.scenario().id;
    card.ending = run.ending().value_or(Ending::left);
    card.good_ending = is_good(card.ending);
    int asked = 0, answered = 0;
    double speed_sum = 0;
    for (const Turn& turn : run.turns()) {
        ScoredTurn scored;
        scored.state = turn.state;
        scored.buyer_lines = turn.buyer_lines;
        scored.reply_ms = turn.first_reply_ms;
        scored.speed = turn_speed(turn.first_reply_ms, thresholds);
        scored.asked = !turn.asks.empty();
        scored.answered = turn.answered;
        scored.nudges = turn.nudges;
        for (const ReplyTraits& reply : turn.replies) {
            if (reply.technique && !scored.technique) scored.technique = std::string(phrasebook::to_string(*reply.technique));
            for (const std::string& rule : reply.lint_rules) scored.lint_rules.push_back(rule);
        }
        if (scored.technique &&
            std::find(card.techniques_used.begin(), card.techniques_used.end(), *scored.technique) == card.techniques_used.end()) {
            card.techniques_used.push_back(*scored.technique);
        }
        card.lint_hits += static_cast<int>(scored.lint_rules.size());
        if (scored.asked) {
            ++asked;
            if (scored.answered) {
                ++answered;
            } else {
                ++card.unanswered_questions;
            }
        }
        if (turn.first_reply_ms && *turn.first_reply_ms <= thresholds.fast_reply_ms) ++card.fast_replies;
        if (!turn.first_reply_ms || *turn.first_reply_ms > thresholds.overtime_ms) ++card.overtime_replies;
        speed_sum += scored.speed;
        card.turns.push_back(std::move(scored));
    }
    card.speed = card.turns.empty() ? 0 : speed_sum / static_cast<double>(card.turns.size());
    card.outcome = card.good_ending ? 1 : 0;
    card.answers = asked == 0 ? 1 : static_cast<double>(answered) / asked;
    card.manners = std::max(0.0, 1.0 - 0.5 * card.lint_hits);
    if (run.scenario().rewards_techniques) card.techniques = card.techniques_used.empty() ? 0.0 : 1.0;
    double weighted = weights.speed * card.speed + weights.outcome * card.outcome + weights.answers * card.answers +
                      weights.manners * card.manners;
    double total_weight = weights.speed + weights.outcome + weights.answers + weights.manners;
    if (card.techniques) {
        weighted += weights.techniques * *card.techniques;
        total_weight += weights.techniques;
    }
    card.total = total_weight > 0 ? 100.0 * weighted / total_weight : 0;
    return card;
}

std::string score_card_json(const ScoreCard& card) {
    using json = nlohmann::json;
    json turns = json::array();
    for (const ScoredTurn& t : card.turns) {
        turns.push_back({{"state", t.state},
                         {"buyer_lines", t.buyer_lines},
                         {"reply_ms", t.reply_ms ? json(*t.reply_ms) : json(nullptr)},
                         {"speed", t.speed},
                         {"asked", t.asked},
                         {"answered", t.answered},
                         {"technique", t.technique ? json(*t.technique) : json(nullptr)},
                         {"lint_rules", t.lint_rules},
                         {"nudges", t.nudges}});
    }
    json components = {{"speed", card.speed}, {"outcome", card.outcome}, {"answers", card.answers}, {"manners", card.manners},
                       {"techniques", card.techniques ? json(*card.techniques) : json(nullptr)}};
    return json{{"scenario", card.scenario},
                {"ending", to_string(card.ending)},
                {"good_ending", card.good_ending},
                {"total", std::round(card.total * 10) / 10},
                {"components", std::move(components)},
                {"techniques_used", card.techniques_used},
                {"lint_hits", card.lint_hits},
                {"unanswered_questions", card.unanswered_questions},
                {"fast_replies", card.fast_replies},
                {"overtime_replies", card.overtime_replies},
                {"turns", std::move(turns)}}
        .dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace huashu::simulator
