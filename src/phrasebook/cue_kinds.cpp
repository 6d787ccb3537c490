#include "huashu/phrasebook/cue_kinds.h"

#include <array>
#include <bit>
#include <string>
#include <utility>

namespace huashu::phrasebook {

namespace {

using namespace cue;

// The one mapping between the names a [clause_cues] line uses and the bits the scorer's rules
// test, in bit order.
constexpr std::array<std::pair<std::string_view, Kind>, kCueKindCount> kKindNames = {{
    {"person", kPerson},           {"fault", kFault},
    {"self_fault", kSelfFault},    {"modality", kModality},
    {"our_fault", kOurFault},      {"help", kHelp},
    {"condition", kCondition},     {"question", kQuestion},
    {"refusal", kRefusal},         {"softener", kSoftener},
    {"apology", kApology},         {"rude", kRude},
    {"review", kReview},           {"review_change", kReviewChange},
    {"review_lever", kReviewLever}, {"review_safe", kReviewSafe},
    {"channel", kChannel},         {"weak_channel", kWeakChannel},
    {"reach", kReach},             {"privately", kPrivately},
    {"negation", kNegation},       {"on_platform", kOnPlatform},
    {"superlative", kSuperlative}, {"absolute", kAbsolute},
    {"effect", kEffect},           {"ability", kAbility},
    {"hedge", kHedge},             {"pressure", kPressure},
    {"dont_know", kDontKnow},      {"third_party", kThirdParty},
    {"reassure", kReassure},       {"not_needed", kNotNeeded},
    {"shift", kShift},             {"we_do", kWeDo},
    {"bare_no", kBareNo},          {"add_verb", kAddVerb},
    {"own", kOwn},                 {"done", kDone},
    {"do_now", kDoNow},            {"with", kWith},
    {"us", kUs},                   {"disclaim", kDisclaim},
    {"others", kOthers},           {"fine", kFine},
    {"trait", kTrait},             {"its_you", kItsYou},
    {"normally", kNormally},       {"price_doubt", kPriceDoubt},
    {"no_force", kNoForce},        {"cancel", kCancel},
    {"elsewhere", kElsewhere},     {"bad_review", kBadReview},
    {"problem", kProblem},
}};
constexpr std::string_view kNeutralName = "neutral";

// Every bit named once, in order, so that to_string can index the table by bit.
constexpr bool names_every_bit_in_order() {
    for (std::size_t i = 0; i < kKindNames.size(); ++i) {
        if (kKindNames[i].first.empty() || kKindNames[i].second != (1ULL << i)) return false;
    }
    return true;
}
static_assert(names_every_bit_in_order(), "kKindNames must name bit i at index i, every bit of cue::Kind");
static_assert(kProblem == 1ULL << (kCueKindCount - 1), "kCueKindCount must count every bit of cue::Kind");

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

}  // namespace

std::string_view to_string(Kind kind) {
    return kind == kNeutral ? kNeutralName : kKindNames[static_cast<std::size_t>(std::countr_zero(static_cast<std::uint64_t>(kind)))].first;
}

Result<std::uint64_t> parse_cue_kinds(std::string_view names) {
    const auto wrong = [](std::string reason) { return Error{ErrorCode::parse_error, std::move(reason)}; };
    std::uint64_t kinds = 0;
    bool neutral = false;
    std::size_t count = 0;
    for (std::size_t start = 0;; ++count) {
        const std::size_t plus = names.find('+', start);
        const std::string_view name = trim(names.substr(start, plus == std::string_view::npos ? plus : plus - start));
        if (name.empty()) return wrong("kinds '" + std::string(names) + "' have an empty name (check the '+' separators)");
        if (name == kNeutralName) {
            neutral = true;
        } else if (name == to_string(kItsYou)) {
            return wrong("kind 'its_you' is set by the scan (是 right before 您/你), not by a cue word");
        } else {
            bool known = false;
            for (const auto& [known_name, bit] : kKindNames) {
                if (known_name != name) continue;
                kinds |= bit;
                known = true;
                break;
            }
            if (!known) return wrong("unknown cue kind '" + std::string(name) + "' (the kinds are listed in phrasebook/README.md)");
        }
        if (plus == std::string_view::npos) break;
        start = plus + 1;
    }
    if (neutral && count > 0) return wrong("'neutral' cannot be joined with other kinds: a neutral cue says nothing");
    return kinds;
}

}  // namespace huashu::phrasebook
