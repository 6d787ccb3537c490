#include "clause_cues.h"

#include <algorithm>
#include <array>
#include <string>

#include "huashu/phrasebook/cue_kinds.h"
#include "huashu/text/utf8_steps.h"

namespace huashu::engine {

namespace {

// The cue words are phrasebook text ([clause_cues] lines, bundled in phrasebook/clause_cues.phrases);
// what each says is a phrasebook::cue::Kind bit, and the rules below combine the bits.
using namespace phrasebook::cue;
using text::next_code_point_offset;

std::uint32_t first_code_point_key(std::string_view text, std::size_t at) {
    const std::size_t end = next_code_point_offset(text, at);
    std::uint32_t key = 0;
    for (std::size_t i = at; i < end; ++i) key = (key << 8) | static_cast<unsigned char>(text[i]);
    return key;
}

bool ends_clause(std::string_view text, std::size_t at) {
    const auto is_digit_at = [&](std::size_t i) { return i < text.size() && text[i] >= '0' && text[i] <= '9'; };
    if (text[at] == '.' && at > 0 && is_digit_at(at - 1) && is_digit_at(at + 1)) return false;
    for (std::string_view stop : {",", ".", "!", "?", ";", " ", "。", "、", "~", "\n", "…"}) {
        if (text.substr(at, stop.size()) == stop) return true;
    }
    return false;
}

// Opening and closing quotation marks: what is inside quotes is the buyer's own words read back
// (您说“倒得太薄”是什么意思), not what the agent says, so no cue is read there.
bool opens_quote(std::string_view text, std::size_t at) {
    return text.substr(at, 3) == "“" || text.substr(at, 3) == "「" || text.substr(at, 3) == "『";
}
bool closes_quote(std::string_view text, std::size_t at) {
    return text.substr(at, 3) == "”" || text.substr(at, 3) == "」" || text.substr(at, 3) == "』";
}

bool is_id_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'; }

// Where a run of at least five id characters with a letter and a digit, or of at least six
// digits, that starts at `at` ends; `at` when there is none (or the run starts mid-word).
std::size_t account_id_end(std::string_view text, std::size_t at) {
    if (!is_id_char(text[at]) || (at > 0 && is_id_char(text[at - 1]))) return at;
    std::size_t end = at;
    bool letter = false;
    bool digit = false;
    while (end < text.size() && is_id_char(text[end])) {
        letter |= text[end] >= 'a' && text[end] <= 'z';
        digit |= text[end] >= '0' && text[end] <= '9';
        ++end;
    }
    const std::size_t length = end - at;
    return (length >= 5 && letter && digit) || (length >= 6 && digit && !letter) ? end : at;
}

// Where a phone number spelled in Chinese numerals (一三八 五六七八 九零一二: a contact written so
// that no digit filter sees it) that starts at `at` ends; `at` when there is none. At least seven
// numerals, with spaces or dashes between groups.
bool is_numeral(std::string_view text, std::size_t at) {
    if (at + 3 > text.size()) return false;
    const std::uint32_t key = (static_cast<unsigned char>(text[at]) << 16) | (static_cast<unsigned char>(text[at + 1]) << 8) |
                              static_cast<unsigned char>(text[at + 2]);
    // 零 〇 幺 一 二 三 四 五 六 七 八 九 in UTF-8
    constexpr std::array<std::uint32_t, 12> kNumerals = {0xE99BB6, 0xE38087, 0xE5B9BA, 0xE4B880, 0xE4BA8C, 0xE4B889,
                                                         0xE59B9B, 0xE4BA94, 0xE585AD, 0xE4B883, 0xE585AB, 0xE4B99D};
    return std::find(kNumerals.begin(), kNumerals.end(), key) != kNumerals.end();
}

std::size_t numeral_number_end(std::string_view text, std::size_t at) {
    if (!is_numeral(text, at)) return at;
    std::size_t end = at;
    std::size_t numerals = 0;
    for (std::size_t i = at; i < text.size();) {
        if (is_numeral(text, i)) {
            ++numerals;
            i += 3;
            end = i;
        } else if (text[i] == ' ' || text[i] == '-' || text[i] == ',') {
            ++i;
        } else {
            break;
        }
    }
    return numerals >= 7 ? end : at;
}

// Where a number written a digit at a time (7 8 9 0 1 2 3, 1-3-8-...: a contact spelled so that no
// number filter sees it) that starts at `at` ends; `at` when there is none. At least seven single
// digits; a phone number in its usual groups (139 1234 5678) or a list of sizes (36 37 38) is no
// disguise.
std::size_t spaced_digits_end(std::string_view text, std::size_t at) {
    const auto digit = [&](std::size_t i) { return i < text.size() && text[i] >= '0' && text[i] <= '9'; };
    if (!digit(at) || (at > 0 && (digit(at - 1) || is_id_char(text[at - 1])))) return at;
    std::size_t end = at;
    std::size_t digits = 0;
    for (std::size_t i = at; digit(i);) {
        std::size_t group = 0;
        while (digit(i)) ++group, ++i;
        if (group > 1) return at;
        digits += group;
        end = i;
        if (i < text.size() && (text[i] == ' ' || text[i] == '-' || text[i] == ',')) ++i;
    }
    return digits >= 7 ? end : at;
}

// At most a separator or two (":", " ", "：" is normalised to ":") between 加/微信 and the id.
constexpr std::size_t kMaxBytesBeforeId = 3;

// Or, after a channel word, a few code points that are no letters of a word: symbols, emoji,
// spaces and 是/係/为/号 (我的V❤是 lily0823, 薇信号为：abc123).
constexpr std::size_t kMaxCodePointsBeforeId = 4;
bool only_glue_between(std::string_view text, std::size_t from, std::size_t to) {
    std::size_t code_points = 0;
    for (std::size_t at = from; at < to; at = next_code_point_offset(text, at)) {
        if (++code_points > kMaxCodePointsBeforeId || (text[at] != ' ' && ends_clause(text, at))) return false;
        const std::string_view c = text.substr(at, next_code_point_offset(text, at) - at);
        if (c == "是" || c == "係" || c == "系" || c == "为" || c == "号" || c == ":" || c == " ") continue;
        const unsigned char lead = static_cast<unsigned char>(c[0]);
        if (c.size() == 1 && lead < 0x80 && !is_id_char(c[0])) continue;  // ASCII punctuation
        // CJK ideographs (U+3400..U+9FFF: E3 90 80 .. E9 BF BF) and letters or digits are words
        if (c.size() == 3 && lead >= 0xE3 && lead <= 0xE9) return false;
        if (c.size() == 1) return false;
    }
    return true;
}

// Whether a digit follows `at` after at most `skip` code points of the same clause.
constexpr std::size_t kMaxCodePointsBeforeLimit = 4;
bool limits_a_number(std::string_view text, std::size_t at, std::size_t skip) {
    for (std::size_t skipped = 0; at < text.size(); ++skipped) {
        if (text[at] >= '0' && text[at] <= '9') return true;
        if (skipped == skip || ends_clause(text, at)) return false;
        at = next_code_point_offset(text, at);
    }
    return false;
}

// 係 (normalised to 系) right before 您/你 is Cantonese for 是; 联系您 and 关系你 are other words.
bool cantonese_its(std::string_view text, std::size_t at) {
    if (at < 3 || (text.substr(at - 3, 3) != "系" && text.substr(at - 3, 3) != "係")) return false;
    return at < 6 || (text.substr(at - 6, 3) != "联" && text.substr(at - 6, 3) != "关" && text.substr(at - 6, 3) != "维");
}

struct Hit {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::uint64_t kinds = 0;
};

struct Clause {
    std::size_t first_hit = 0;  // [first_hit, end_hit) in the draft's hits
    std::size_t end_hit = 0;
    std::uint64_t kinds = 0;
    std::size_t begin = 0;  // byte offset of its first character
};

// A bare 不/没 refuses only as the head of its clause: 不改价, 这个没有; not 绝不后悔, 讲不通.
constexpr std::size_t kMaxBytesBeforeHead = 6;
bool starts_with_bare_no(const std::vector<Hit>& hits, const Clause& clause) {
    return clause.end_hit > clause.first_hit && (hits[clause.first_hit].kinds & kBareNo) != 0 &&
           hits[clause.first_hit].begin - clause.begin <= kMaxBytesBeforeHead;
}

// The span from the first to the last hit of the clause that has one of `kinds`.
bool span_of(const std::vector<Hit>& hits, const Clause& clause, std::uint64_t kinds, CueFinding& finding) {
    bool any = false;
    for (std::size_t h = clause.first_hit; h < clause.end_hit; ++h) {
        if ((hits[h].kinds & kinds) == 0) continue;
        if (!any) finding.begin = hits[h].begin;
        finding.end = hits[h].end;
        any = true;
    }
    return any;
}

// Whether a hit with `kinds` comes before the first hit with `later` in the clause.
bool comes_before(const std::vector<Hit>& hits, const Clause& clause, std::uint64_t kinds, std::uint64_t later) {
    for (std::size_t h = clause.first_hit; h < clause.end_hit; ++h) {
        if (hits[h].kinds & later) return false;
        if (hits[h].kinds & kinds) return true;
    }
    return false;
}

bool has(std::uint64_t kinds, std::uint64_t wanted) { return (kinds & wanted) != 0; }

// 跟 right before 我们/本店, and 没关系 or 无关 later in the clause: the shop disowns the matter.
bool disowns(const std::vector<Hit>& hits, const Clause& clause) {
    bool with_us = false;
    for (std::size_t h = clause.first_hit; h < clause.end_hit; ++h) {
        const std::uint64_t kinds = hits[h].kinds;
        if (with_us && has(kinds, kReassure)) return true;
        if (has(kinds, kUs) && h > clause.first_hit && has(hits[h - 1].kinds, kWith) && hits[h - 1].end == hits[h].begin) with_us = true;
    }
    return false;
}

// 跟 before 没关系 or 无关 with no reference to the buyer between them (跟龙头本身没关系): the matter
// is said to have nothing to do with something, which reassures nobody; 跟您没关系 still does.
bool unrelated(const std::vector<Hit>& hits, const Clause& clause) {
    bool with = false;
    for (std::size_t h = clause.first_hit; h < clause.end_hit; ++h) {
        const std::uint64_t kinds = hits[h].kinds;
        if (with && has(kinds, kReassure)) return true;
        if (has(kinds, kPerson)) with = false;
        if (has(kinds, kWith)) with = true;
    }
    return false;
}

// 您…自己…了/的 in one clause tells what the buyer did themselves (你自己忘了领券, 您收货时自己签的
// 字); 您自己量一下, 你自己去看看 and 您自己的权利 ask or describe instead.
bool person_then_own(const std::vector<Hit>& hits, const Clause& clause) {
    bool person = false;
    bool own = false;
    bool done = false;
    for (std::size_t h = clause.first_hit; h < clause.end_hit; ++h) {
        const std::uint64_t kinds = hits[h].kinds;
        if (own && has(kinds, kDoNow)) return false;
        if (own && has(kinds, kDone)) done = true;
        if (has(kinds, kOwn) && person) own = true;
        person |= has(kinds, kPerson) && !has(kinds, kOwn);
    }
    return done;
}

// A refusal with nothing around it is blunt; a longer draft almost always explains itself in words
// no list holds. 不知道 is a refusal only as the whole answer.
constexpr std::size_t kShortDraftCodePoints = 24;
constexpr std::size_t kBareAnswerCodePoints = 8;

// A draft of nothing but an interjection (哦。 嗯嗯 呵呵) answers nothing.
constexpr std::size_t kBareAckCodePoints = 4;
bool is_bare_ack(std::string_view text) {
    bool any = false;
    for (std::size_t at = 0; at < text.size(); at = next_code_point_offset(text, at)) {
        const std::string_view c = text.substr(at, next_code_point_offset(text, at) - at);
        if (c == "哦" || c == "嗯" || c == "噢" || c == "喔" || c == "呵" || c == "额" || c == "呃") {
            any = true;
        } else if (!ends_clause(text, at)) {
            return false;
        }
    }
    return any;
}

}  // namespace

ClauseCueScorer::ClauseCueScorer(const std::vector<phrasebook::CueLine>& lines, const text::Normalizer& normalizer) {
    std::unordered_map<std::string, std::uint64_t> kinds_of;
    for (const phrasebook::CueLine& line : lines) {
        auto parts = phrasebook::phrase_parts(line.spellings);
        if (!parts || parts->size() != 1) continue;  // the loader rejects such a line
        for (const std::string& spelling : parts->front()) {
            std::string normalised = normalizer.normalize(spelling);
            if (normalised.empty()) continue;
            std::uint64_t kinds = line.kinds;
            // A fault or refusal spelled with 不/没 at its head (不拆开, 没货) also heads a bare
            // refusal, which the longer cue would otherwise hide.
            if (has(kinds, kFault | kRefusal) && (normalised.starts_with("不") || normalised.starts_with("没"))) kinds |= kBareNo;
            kinds_of[normalised] |= kinds;
        }
    }
    for (auto& [spelling, kinds] : kinds_of) {
        cues_by_first_code_point_[first_code_point_key(spelling, 0)].push_back({spelling, kinds});
    }
    for (auto& [key, cues] : cues_by_first_code_point_) {
        std::sort(cues.begin(), cues.end(), [](const Cue& a, const Cue& b) { return a.spelling.size() > b.spelling.size(); });
    }
}

std::vector<CueFinding> ClauseCueScorer::find(std::string_view text) const {
    // One scan: the longest cue at each place, then on past it; clauses by their punctuation.
    std::vector<Hit> hits;
    std::vector<Clause> clauses(1);
    std::size_t code_points = 0;
    bool quoted = false;
    const auto note = [&](std::size_t begin, std::size_t end, std::uint64_t kinds) {
        hits.push_back({begin, end, kinds});
        clauses.back().end_hit = hits.size();
        clauses.back().kinds |= kinds;
    };
    for (std::size_t at = 0; at < text.size();) {
        ++code_points;
        if (quoted || opens_quote(text, at)) {
            quoted = !closes_quote(text, at);
            at = next_code_point_offset(text, at);
            continue;
        }
        if (ends_clause(text, at)) {
            at = next_code_point_offset(text, at);
            if (clauses.back().end_hit > clauses.back().first_hit) clauses.push_back({hits.size(), hits.size(), 0, at});
            clauses.back().begin = at;
            continue;
        }
        if (const std::size_t number_end = spaced_digits_end(text, at); number_end != at) {
            note(at, number_end, kChannel | kPrivately);
            code_points += number_end - at - 1;  // digits and separators: one byte each
            at = number_end;
            continue;
        }
        if (const std::size_t number_end = numeral_number_end(text, at); number_end != at) {
            note(at, number_end, kChannel);
            code_points += text::code_points_before(text.substr(at, number_end - at), number_end - at) - 1;
            at = number_end;
            continue;
        }
        const Cue* longest = nullptr;
        if (const auto it = cues_by_first_code_point_.find(first_code_point_key(text, at)); it != cues_by_first_code_point_.end()) {
            for (const Cue& cue : it->second) {
                if (text.substr(at, cue.spelling.size()) == cue.spelling) {
                    longest = &cue;
                    break;
                }
            }
        }
        if (longest == nullptr) {
            // An account id (hs2026, wx_shop88) right after 加/搜 or a channel word is a contact
            // handed out, whatever the channel is called.
            if (const std::size_t id_end = account_id_end(text, at); id_end != at) {
                if (!hits.empty() && has(hits.back().kinds, kAddVerb | kChannel) &&
                    (at - hits.back().end <= kMaxBytesBeforeId || (has(hits.back().kinds, kChannel) && only_glue_between(text, hits.back().end, at)))) {
                    // An id handed out after a channel word (威x：abc123) is a private direction itself.
                    const std::uint64_t kinds = has(hits.back().kinds, kChannel) ? kChannel | kPrivately : kChannel;
                    note(at, id_end, kinds);
                }
                code_points += id_end - at - 1;
                at = id_end;
                continue;
            }
            at = next_code_point_offset(text, at);
            continue;
        }
        std::uint64_t kinds = longest->kinds;
        // 是 right before 您/你, not inside a longer cue (如果是您): "it is you who…"; so is 因为
        // (是因为您没去取货: "because of you") and Cantonese 係 (normalised to 系; not 联系您, 关系你).
        if (has(kinds, kPerson) && ((at >= 3 && text.substr(at - 3, 3) == "是" && (hits.empty() || hits.back().end != at)) ||
                                    (at >= 6 && text.substr(at - 6, 6) == "因为") || cantonese_its(text, at))) {
            kinds |= kItsYou;
        }
        // 最高22.5W, 最大600ml: a superlative right before a number is a specification's limit, and
        // so is a two-character one a verb or two before it (最高能越过2厘米, 最高可达40度).
        const bool two_characters = text::code_points_before(longest->spelling, longest->spelling.size()) == 2;
        if (has(kinds, kSuperlative) && limits_a_number(text, at + longest->spelling.size(), two_characters ? kMaxCodePointsBeforeLimit : 0)) {
            kinds &= ~kSuperlative;
        }
        if (kinds != kNeutral) note(at, at + longest->spelling.size(), kinds);
        code_points += text::code_points_before(longest->spelling, longest->spelling.size()) - 1;
        at += longest->spelling.size();
    }
    // 跟我们(的路由器)没关系 disowns: it is rudeness, and its 没关系 reassures nobody.
    std::vector<bool> disowning(clauses.size(), false);
    std::uint64_t draft = 0;
    for (std::size_t c = 0; c < clauses.size(); ++c) {
        disowning[c] = disowns(hits, clauses[c]);
        draft |= disowning[c] || unrelated(hits, clauses[c]) ? (clauses[c].kinds & ~kReassure) : clauses[c].kinds;
    }

    std::vector<CueFinding> findings;
    const auto report = [&](const Clause& clause, std::uint64_t kinds, phrasebook::LintRule family) {
        CueFinding finding;
        finding.family = family;
        if (span_of(hits, clause, kinds, finding)) findings.push_back(finding);
    };
    using phrasebook::LintRule;
    std::vector<std::size_t> review_trades;  // findings that trade a review for service or a reward
    bool off_platform = false;               // the draft moves contact or money off the platform
    // A draft that trades a review (五星好评才能参加抽奖，四星以下一律不算) withholds the reward as
    // the trade's lever, which is no refusal of a request.
    const bool trades_review = has(draft, kReview) && has(draft, kReviewChange) && has(draft, kReviewLever) && !has(draft, kReviewSafe);
    std::uint64_t previous = 0;  // the kinds of the clause before, whose subject a clause may carry on
    bool blamed = false;         // an earlier clause pinned a fault on the buyer
    for (std::size_t c = 0; c < clauses.size(); ++c) {
        const Clause& clause = clauses[c];
        const std::uint64_t k = clause.kinds;
        if (disowning[c]) report(clause, kWith | kUs | kReassure, LintRule::forbidden_phrase);
        // Chinese carries a subject over to the next clause (你用的充电器不对，把电池充坏了).
        const bool buyer_is_subject =
            has(k, kPerson) || (has(previous, kPerson) && has(previous, kFault | kDone) && !has(previous | k, kHelp | kCondition | kQuestion));
        previous = k;

        // blame_buyer: a fault pinned on the buyer, stated rather than asked or supposed, in a
        // draft where the shop does not take the blame itself.
        // A fault with the instructions, "usually" or a disclaimer elsewhere in the draft is pinned on
        // the buyer by implication (说明书写了要冷藏，放常温坏了我们也没办法).
        const bool names_buyer = has(k, kSelfFault) || (has(k, kOthers) && has(k, kFine)) ||
                                 (has(k, kFault) && (buyer_is_subject || has(k, kModality) || has(draft, kModality | kDisclaim))) ||
                                 person_then_own(hits, clause);
        const bool softened = has(k, kHelp | kCondition | kApology) || (has(k, kQuestion) && !has(k, kSelfFault | kModality)) ||
                              (has(k, kFault | kSelfFault) && comes_before(hits, clause, kThirdParty, kFault | kSelfFault));
        const bool reproach = has(k, kSelfFault | kModality);
        // Pinned on the buyer without a fault word: "it is you" with a fault or a trait (没效果的话是您
        //自己作息不规律, 是您家猫比较挑), a trait after "usually" (一般是您还没穿惯), or "normal use would
        // not do this" with a question about what the buyer did (您是不是用了漂白水？正常洗不会这样).
        const bool pinned = (has(k, kItsYou) && has(k, kFault | kTrait) && !has(k, kApology) && !has(draft, kHelp)) ||
                            (has(draft, kNormally) && has(k, kPerson) && has(k, kQuestion) && has(k, kFault | kDone) && !has(k, kHelp)) ||
                            // a question that names a fault, in a draft that says the product left us fine (您是不是接反了？出厂都测过)
                            (has(k, kPerson) && has(k, kQuestion) && has(k, kFault) && has(draft, kModality) && !has(draft, kHelp));
        // …的问题 pinned on the buyer after 是 or "usually" (应该是您肤质的问题), in a draft that offers no help
        const bool cause_named = has(k, kProblem) && has(k, kPerson) && has(k, kItsYou | kModality) &&
                                 !has(k, kQuestion | kCondition) && !has(draft, kHelp | kApology);
        const bool trait_blamed = cause_named || (has(k, kTrait) && buyer_is_subject && has(draft, kModality) && !softened);
        if ((names_buyer && !softened && !has(draft, kOurFault | kReassure) && (reproach || !has(draft, kApology | kHelp))) ||
            ((pinned || trait_blamed) && !has(draft, kOurFault | kReassure | kApology))) {
            report(clause, kPerson | kFault | kSelfFault | kModality | kOthers | kFine, LintRule::blame_buyer);
            blamed = true;
        }

        // blunt_refusal: a refusal head in a short draft that gives no reason, alternative or
        // apology anywhere.
        const bool refuses = has(k, kRefusal) || ((has(k, kDontKnow) || starts_with_bare_no(hits, clause)) && code_points <= kBareAnswerCodePoints);
        // 我们也没办法 after a fault the draft pins on the buyer disclaims it; that is the blame.
        const bool blames = has(k, kSelfFault) || (has(k, kFault) && has(k, kPerson)) ||
                            (has(k, kDisclaim) && (blamed || has(draft, kFault | kSelfFault | kFine)));
        if (refuses && !blames && !trades_review && !has(k, kQuestion | kPressure) && !has(draft, kRude) && !has(draft, kSoftener | kHelp | kCondition) &&
            code_points <= kShortDraftCodePoints) {
            report(clause, kRefusal | kDontKnow | kBareNo, LintRule::blunt_refusal);
        }

        // forbidden_phrase: rudeness in any form, or a review traded for service.
        if (has(k, kRude) && !comes_before(hits, clause, kNotNeeded, kRude)) {
            report(clause, kRude, LintRule::forbidden_phrase);
        } else if (has(k, kNoForce) && has(draft, kPriceDoubt)) {
            // 觉得不值的话不用勉强: the buyer's doubt about the price answered with "then don't buy"
            report(clause, kNoForce | kPriceDoubt, LintRule::forbidden_phrase);
        } else if (has(k, kShift) && !has(k, kCondition | kQuestion) && !comes_before(hits, clause, kNotNeeded | kHelp | kWeDo, kShift) &&
                   !has(draft, kWeDo | kApology)) {
            report(clause, kShift, LintRule::forbidden_phrase);
        }
        if (has(k, kReview | kReviewChange | kReviewLever) && has(draft, kReview) && has(draft, kReviewChange) &&
            has(draft, kReviewLever) && !has(draft, kReviewSafe)) {
            const std::size_t before = findings.size();
            report(clause, kReview | kReviewChange | kReviewLever, LintRule::forbidden_phrase);
            if (findings.size() > before) review_trades.push_back(before);
        }

        // off_platform: a channel around the platform that the draft asks the buyer to use, not
        // one it warns against.
        const bool strong = has(k, kChannel) && (has(draft, kReach) || has(draft, kPrivately));
        const bool weak = has(k, kWeakChannel) && has(draft, kPrivately);
        const bool bypass = has(k, kPrivately) && has(draft, kChannel | kWeakChannel | kReach);
        if ((strong || weak || bypass) && !comes_before(hits, clause, kNegation, kChannel | kWeakChannel | kPrivately) &&
            !has(draft, kOnPlatform)) {
            const std::size_t before = findings.size();
            report(clause, kChannel | kWeakChannel | kReach | kPrivately, LintRule::off_platform);
            off_platform |= findings.size() > before;
        } else if (has(k, kElsewhere) && has(draft, kCancel) && !has(draft, kOnPlatform)) {
            // 这单您先取消，我发个链接您去那边拍: the platform's order undone and placed elsewhere
            report(clause, kElsewhere, LintRule::off_platform);
            off_platform = true;
        }

        // absolute_claim: a superlative about the product, an absolute with an effect, or an
        // effect stated as certain; unless the draft qualifies it.
        if (!has(draft, kHedge)) {
            if (has(k, kSuperlative) || has(k, kPressure)) {
                report(clause, kSuperlative | kPressure, LintRule::absolute_claim);
            } else if (has(k, kEffect) && has(k, kAbsolute | kAbility)) {
                report(clause, kAbsolute | kEffect | kAbility, LintRule::absolute_claim);
            }
        }
    }
    // A good review paid for off the platform (好评截图发我微信，返您5元) is off_platform, and only
    // that; kept on the platform (好评送小样, 晒图好评改价便宜) it is forbidden_phrase. Pressing the
    // buyer to take back a complaint (删差评) is forbidden_phrase wherever the money goes (decision 53).
    // A red packet paid in the order (直接在订单里返) stays on the platform.
    if ((off_platform || (has(draft, kChannel | kWeakChannel) && !has(draft, kOnPlatform))) && !has(draft, kBadReview)) {
        for (auto it = review_trades.rbegin(); it != review_trades.rend(); ++it) findings.erase(findings.begin() + static_cast<std::ptrdiff_t>(*it));
    }
    // A draft that is nothing but 哦 or 嗯 brushes the buyer off.
    if (code_points <= kBareAckCodePoints && findings.empty() && is_bare_ack(text)) {
        findings.push_back({0, text.size(), LintRule::forbidden_phrase});
    }
    std::sort(findings.begin(), findings.end(), [](const CueFinding& a, const CueFinding& b) { return a.begin < b.begin; });
    return findings;
}

}  // namespace huashu::engine
