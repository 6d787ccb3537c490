#include "huashu/phrasebook/vocabulary.h"

namespace huashu::phrasebook {

namespace {

constexpr std::array<std::string_view, kIntentCount> kIntentIds = {
    "greeting", "product_info", "size_fit", "stock", "bargain", "coupon_promotion", "shipping_fee",
    "shipping_time", "courier", "order_change", "payment", "hesitation", "return_exchange", "refund",
    "logistics_problem", "quality_complaint", "bad_review", "thanks_farewell",
};
constexpr std::array<std::string_view, kTechniqueCount> kTechniqueIds = {
    "alternative_choice", "help_choose", "fear_of_missing_out", "try_small_first",
    "reverse_question", "decisive_close", "let_go_to_win", "humble_learner",
};
constexpr std::array<std::string_view, kLintRuleCount> kLintRuleIds = {
    "forbidden_phrase", "blunt_refusal", "blame_buyer", "off_platform", "absolute_claim",
};
constexpr std::array<std::string_view, 2> kSeverityIds = {"error", "warning"};
constexpr std::array<std::string_view, kReplySignalCount> kReplySignalIds = {"concession", "apology"};

template <typename Enum, std::size_t N>
std::optional<Enum> parse(const std::array<std::string_view, N>& ids, std::string_view id) {
    for (std::size_t i = 0; i < N; ++i) {
        if (ids[i] == id) return static_cast<Enum>(i);
    }
    return std::nullopt;
}

template <typename Enum, std::size_t N>
constexpr std::array<Enum, N> enumerate() {
    std::array<Enum, N> values{};
    for (std::size_t i = 0; i < N; ++i) values[i] = static_cast<Enum>(i);
    return values;
}

}  // namespace

std::string_view to_string(Intent intent) { return kIntentIds[static_cast<std::size_t>(intent)]; }
std::string_view to_string(Technique technique) { return kTechniqueIds[static_cast<std::size_t>(technique)]; }
std::string_view to_string(LintRule rule) { return kLintRuleIds[static_cast<std::size_t>(rule)]; }
std::string_view to_string(Severity severity) { return kSeverityIds[static_cast<std::size_t>(severity)]; }
std::string_view to_string(ReplySignal signal) { return kReplySignalIds[static_cast<std::size_t>(signal)]; }

std::optional<Intent> parse_intent(std::string_view id) { return parse<Intent>(kIntentIds, id); }
std::optional<Technique> parse_technique(std::string_view id) { return parse<Technique>(kTechniqueIds, id); }
std::optional<LintRule> parse_lint_rule(std::string_view id) { return parse<LintRule>(kLintRuleIds, id); }
std::optional<Severity> parse_severity(std::string_view id) { return parse<Severity>(kSeverityIds, id); }
std::optional<ReplySignal> parse_reply_signal(std::string_view id) { return parse<ReplySignal>(kReplySignalIds, id); }

const std::array<Intent, kIntentCount>& all_intents() {
    static constexpr auto values = enumerate<Intent, kIntentCount>();
    return values;
}
const std::array<Technique, kTechniqueCount>& all_techniques() {
    static constexpr auto values = enumerate<Technique, kTechniqueCount>();
    return values;
}

}  // namespace huashu::phrasebook
