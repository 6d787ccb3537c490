// The fixed vocabulary shared by phrasebook files, the ranking and the wire protocol:
// buyer intents, closing techniques and draft-lint rules. Their string ids are part of the
// protocol; never rename one.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace huashu::phrasebook {

enum class Intent : unsigned char {
    greeting, product_info, size_fit, stock, bargain, coupon_promotion, shipping_fee, shipping_time,
    courier, order_change, payment, hesitation, return_exchange, refund, logistics_problem,
    quality_complaint, bad_review, thanks_farewell,
};
inline constexpr std::size_t kIntentCount = 18;

enum class Technique : unsigned char {
    alternative_choice, help_choose, fear_of_missing_out, try_small_first, reverse_question,
    decisive_close, let_go_to_win, humble_learner,
};
inline constexpr std::size_t kTechniqueCount = 8;

enum class LintRule : unsigned char { forbidden_phrase, blunt_refusal, blame_buyer, off_platform, absolute_claim };
inline constexpr std::size_t kLintRuleCount = 5;

enum class Severity : unsigned char { error, warning };

// What an agent's reply does besides answering: offers the buyer something, or apologises.
// The simulator's buyers react to these.
enum class ReplySignal : unsigned char { concession, apology };
inline constexpr std::size_t kReplySignalCount = 2;

std::string_view to_string(Intent intent);
std::string_view to_string(Technique technique);
std::string_view to_string(LintRule rule);
std::string_view to_string(Severity severity);
std::string_view to_string(ReplySignal signal);

std::optional<Intent> parse_intent(std::string_view id);
std::optional<Technique> parse_technique(std::string_view id);
std::optional<LintRule> parse_lint_rule(std::string_view id);
std::optional<Severity> parse_severity(std::string_view id);
std::optional<ReplySignal> parse_reply_signal(std::string_view id);

// Every value, in declaration order.
const std::array<Intent, kIntentCount>& all_intents();
const std::array<Technique, kTechniqueCount>& all_techniques();

}  // namespace huashu::phrasebook
