// The score card at the end of a practice or replay: reply times against the platform
// thresholds, the outcome, techniques, lint hits and unanswered questions, weighted into a
// total out of 100 by the shop's scorecard weights (huashu.conf).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "huashu/simulator/buyer_run.h"

namespace huashu::simulator {

struct ScoreWeights {
    double speed = 30;
    double outcome = 30;
    double answers = 20;
    double techniques = 10;  // only in scenarios that reward them
    double manners = 10;     // no lint hits
};

struct ScoreThresholds {
    std::int64_t fast_reply_ms = 30'000;  // full marks for a turn
    std::int64_t overtime_ms = 60'000;
    std::int64_t slow_ms = 180'000;       // beyond this a reply earns nothing
};

struct ScoredTurn {
    std::string state;
    std::vector<std::string> buyer_lines;
    std::optional<std::int64_t> reply_ms;  // none: never answered
    double speed = 0;                      // 1 fast, 0.6 within overtime, 0.3 within slow, else 0
    bool asked = false;                    // the buyer asked something
    bool answered = false;
    std::optional<std::string> technique;
    std::vector<std::string> lint_rules;
    int nudges = 0;
};

struct ScoreCard {
    std::string scenario;
    Ending ending = Ending::left;
    bool good_ending = false;
    std::vector<ScoredTurn> turns;
    std::vector<std::string> techniques_used;  // distinct, in order of first use
    int lint_hits = 0;
    int unanswered_questions = 0;
    int fast_replies = 0;      // within fast_reply_ms
    int overtime_replies = 0;  // slower than overtime_ms, or never
    double speed = 0, outcome = 0, answers = 0, manners = 0;  // each 0..1
    std::optional<double> techniques;  // none when the scenario does not reward them
    double total = 0;                  // 0..100
};

// REQUIRES: run.finished().
ScoreCard score_run(const BuyerRun& run, const ScoreWeights& weights, const ScoreThresholds& thresholds);

// {"scenario":…,"ending":…,"good_ending":…,"total":…,"components":{…},"turns":[…],…}
std::string score_card_json(const ScoreCard& card);

}  // namespace huashu::simulator
