// Service hours and thresholds, from a small `key = value` file, because platforms differ
// (JD counts from 09:00, Kuaishou judges the 3-minute rate). The bundled huashu.conf lists
// every key with its default.
//
//   auto settings = huashu::config::load_settings("huashu.conf");
//   if (!settings) std::cerr << settings.error().message;   // "huashu.conf:3: …"
#pragma once

#include <cstdint>
#include <filesystem>
#include <string_view>

#include "huashu/core/result.h"
#include "huashu/metrics/kpis.h"
#include "huashu/simulator/score.h"

namespace huashu::config {

struct Settings {
    metrics::KpiConfig kpis;
    // When the waiting agent is nudged, from the first unanswered message.
    std::int64_t nudge_reply_now_ms = 20'000;
    std::int64_t nudge_overtime_ms = 60'000;
    std::int64_t nudge_soothe_ms = 240'000;
    // How a practice score card weighs its parts (a total out of 100): shops that sell weigh
    // the outcome, service-minded shops the speed.
    simulator::ScoreWeights score_weights;
};

// Unknown keys, bad values and repeated keys are errors naming file and line.
Result<Settings> parse_settings(std::string_view text, const std::string& file_name);
Result<Settings> load_settings(const std::filesystem::path& file);

}  // namespace huashu::config
