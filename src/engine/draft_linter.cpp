#include "huashu/engine/draft_linter.h"

#include <algorithm>
#include <array>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <initializer_list>
#include <utility>

#include "clause_cues.h"
#include "huashu/text/phrase_matcher.h"
#include "huashu/text/utf8_steps.h"
#include "personal_data_detectors.h"

namespace huashu::engine {

namespace {

using text::code_points_before;
using text::next_code_point_offset;

// Transparent hashing, so that a piece of the text is looked up without a copy.
struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <class Value>
using SpellingMap = std::unordered_map<std::string, Value, TextHash, std::equal_to<>>;

// The distinct byte lengths of some spellings, to look up the text at a position by each.
void add_length(std::vector<std::size_t>& lengths, std::size_t length) {
    if (std::find(lengths.begin(), lengths.end(), length) == lengths.end()) lengths.push_back(length);
}

// One part of a gap pattern. A set may stand for hundreds of spellings, so the text at a
// position is looked up by length rather than compared with each spelling.
struct PatternPart {
    std::vector<std::string> spellings;  // as written: the first that leads to a match wins
    SpellingMap<std::size_t> index_of;   // spelling -> its place in `spellings`
    std::vector<std::size_t> lengths;

    void add(std::string spelling) {
        if (!index_of.emplace(spelling, spellings.size()).second) return;
        add_length(lengths, spelling.size());
        spellings.push_back(std::move(spelling));
    }
    // The places (in `spellings`) of the spellings found at `at`, in written order.
    std::vector<std::size_t> found_at(std::string_view text, std::size_t at) const {
        std::vector<std::size_t> found;
        for (const std::size_t length : lengths) {
            if (at + length > text.size()) continue;
            if (const auto it = index_of.find(text.substr(at, length)); it != index_of.end()) found.push_back(it->second);
        }
        std::sort(found.begin(), found.end());
        return found;
    }
};

// "是你自己*的", "{你|妳}*{没|沒}{看|量}": parts that must appear in order, each gap at most
// kMaxGapCodePoints long and inside one clause, so that a pattern can catch a whole family of
// sentences.
struct GapPattern {
    std::vector<PatternPart> parts;
    std::size_t rule = 0;
};
constexpr std::size_t kMaxGapCodePoints = 8;

// Where each pattern may start: every first-part spelling of every pattern in one map, so that a
// draft is scanned once for all patterns instead of once per spelling.
struct PatternStarts {
    SpellingMap<std::vector<std::size_t>> patterns_of;  // spelling -> patterns it begins
    std::vector<std::size_t> lengths;

    void add(const std::string& spelling, std::size_t pattern) {
        std::vector<std::size_t>& patterns = patterns_of[spelling];
        if (patterns.empty() || patterns.back() != pattern) patterns.push_back(pattern);
        add_length(lengths, spelling.size());
    }
};

bool ends_clause(std::string_view text, std::size_t at) {
    const auto is_digit_at = [&](std::size_t i) { return i < text.size() && text[i] >= '0' && text[i] <= '9'; };
    // A point between digits is a decimal point (杀死99.9%的病毒), not the end of a sentence.
    if (text[at] == '.' && at > 0 && is_digit_at(at - 1) && is_digit_at(at + 1)) return false;
    for (std::string_view stop : {",", ".", "!", "?", ";", "。", "、", "~", "\n"}) {
        if (text.substr(at, stop.size()) == stop) return true;
    }
    return false;
}

// Where a match of parts[part..] that begins within the gap after `from` ends; npos if none.
// Tries every place and spelling (a first 你 that leads nowhere must not hide a second one), so
// a match is found whenever one exists; parts are few and gaps short, so this stays cheap.
std::size_t match_remaining_parts(std::string_view text, const GapPattern& pattern, std::size_t part, std::size_t from) {
    if (part == pattern.parts.size()) return from;
    std::size_t at = from;
    for (std::size_t gap = 0; gap <= kMaxGapCodePoints && at < text.size(); ++gap) {
        const PatternPart& spellings = pattern.parts[part];
        for (const std::size_t found : spellings.found_at(text, at)) {
            const std::size_t end = match_remaining_parts(text, pattern, part + 1, at + spellings.spellings[found].size());
            if (end != std::string_view::npos) return end;
        }
        if (ends_clause(text, at)) return std::string_view::npos;
        at = next_code_point_offset(text, at);
    }
    return std::string_view::npos;
}

// Every non-overlapping match of each pattern, so that a match cancelled by an `except` (麻烦您…)
// does not hide a later one in the same draft.
std::vector<text::PhraseMatcher::Match> find_gap_patterns(std::string_view text, const std::vector<GapPattern>& patterns,
                                                          const PatternStarts& pattern_starts) {
    std::vector<std::vector<std::size_t>> starts(patterns.size());
    for (std::size_t at = 0; at < text.size(); at = next_code_point_offset(text, at)) {
        for (const std::size_t length : pattern_starts.lengths) {
            if (at + length > text.size()) continue;
            const auto it = pattern_starts.patterns_of.find(text.substr(at, length));
            if (it == pattern_starts.patterns_of.end()) continue;
            for (const std::size_t pattern : it->second) {
                if (starts[pattern].empty() || starts[pattern].back() != at) starts[pattern].push_back(at);
            }
        }
    }
    std::vector<text::PhraseMatcher::Match> matches;
    for (std::size_t p = 0; p < patterns.size(); ++p) {
        const PatternPart& first = patterns[p].parts[0];
        std::size_t previous_end = 0;
        for (const std::size_t start : starts[p]) {
            if (start < previous_end) continue;
            for (const std::size_t found : first.found_at(text, start)) {
                const std::size_t end = match_remaining_parts(text, patterns[p], 1, start + first.spellings[found].size());
                if (end == std::string_view::npos) continue;
                matches.push_back({start, end, patterns[p].rule});
                previous_end = end;
                break;
            }
        }
    }
    return matches;
}

// True when text[from, to) is at most kMaxGapCodePoints code points inside one clause.
bool within_gap(std::string_view text, std::size_t from, std::size_t to) {
    std::size_t gap = 0;
    for (std::size_t at = from; at < to; at = next_code_point_offset(text, at), ++gap) {
        if (gap >= kMaxGapCodePoints || ends_clause(text, at)) return false;
    }
    return true;
}

// The parts and spellings of a phrase; the loader rejects malformed sets, so a phrasebook built
// some other way that has one is matched as written rather than dropped.
std::vector<std::vector<std::string>> parts_of(std::string_view phrase) {
    auto parts = phrasebook::phrase_parts(phrase);
    return parts ? std::move(*parts) : std::vector<std::vector<std::string>>{{std::string(phrase)}};
}

// The spans inside quotation marks (“…”, 「…」, 『…』, "…"): the buyer's words read back (您说的“全网最
// 低价”我们没法保证), which no rule but off_platform holds against the agent; a shop name to search
// for in quotes (搜“花束优选”) still leads the buyer away.
std::vector<std::pair<std::size_t, std::size_t>> quoted_spans(std::string_view text) {
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    std::size_t open = std::string_view::npos;
    std::string_view closing;
    for (std::size_t at = 0; at < text.size(); at = next_code_point_offset(text, at)) {
        const std::string_view c = text.substr(at, next_code_point_offset(text, at) - at);
        if (open == std::string_view::npos) {
            if (c == "“") closing = "”";
            else if (c == "「") closing = "」";
            else if (c == "『") closing = "』";
            else if (c == "\"") closing = "\"";
            else continue;
            open = at + c.size();
        } else if (c == closing) {
            spans.emplace_back(open, at);
            open = std::string_view::npos;
        }
    }
    return spans;
}

}  // namespace

class DraftLinter::Rules {
public:
    std::shared_ptr<const phrasebook::Phrasebook> book;
    std::shared_ptr<const text::Normalizer> normalizer;
    // Each rule's phrases (id = index of the rule in book->forbidden), matched for each rule on
    // its own in one scan, so that a phrase of one rule never hides an overlapping phrase, or the
    // same phrase, of another.
    text::PerIdPhraseMatcher phrases;
    std::vector<GapPattern> patterns;
    PatternStarts pattern_starts;
    std::vector<std::pair<phrasebook::Detector, std::size_t>> detectors;  // (detector, rule index)
    text::PerIdPhraseMatcher exceptions;  // per rule, as for phrases: they cancel its matches
    text::PerIdPhraseMatcher excused_by;  // per rule: phrases that switch it off for a draft
    // The rule (index) that reports the clause cue scorer's findings of each family, if any.
    std::array<std::optional<std::size_t>, phrasebook::kLintRuleCount> cue_rule_of_family;
    std::optional<ClauseCueScorer> cues;
};

DraftLinter::DraftLinter(std::unique_ptr<Rules> rules) : rules_(std::move(rules)) {}
DraftLinter::~DraftLinter() = default;

std::shared_ptr<const DraftLinter> DraftLinter::build(std::shared_ptr<const phrasebook::Phrasebook> book,
                                                      std::shared_ptr<const text::Normalizer> normalizer) {
    auto rules = std::make_unique<Rules>();
    rules->book = std::move(book);
    rules->normalizer = std::move(normalizer);
    for (std::size_t r = 0; r < rules->book->forbidden.size(); ++r) {
        const phrasebook::ForbiddenRule& rule = rules->book->forbidden[r];
        for (const std::string& phrase : rule.phrases) {
            const std::vector<std::vector<std::string>> parts = parts_of(phrase);
            if (parts.size() == 1) {
                for (const std::string& spelling : parts[0]) rules->phrases.add(rules->normalizer->normalize(spelling), r);
                continue;
            }
            GapPattern pattern{{}, r};
            for (const std::vector<std::string>& spellings : parts) {
                PatternPart part;
                for (const std::string& spelling : spellings) {
                    std::string normalised = rules->normalizer->normalize(spelling);
                    if (!normalised.empty()) part.add(std::move(normalised));
                }
                if (!part.spellings.empty()) pattern.parts.push_back(std::move(part));
            }
            if (pattern.parts.empty()) continue;
            for (const std::string& spelling : pattern.parts[0].spellings) rules->pattern_starts.add(spelling, rules->patterns.size());
            rules->patterns.push_back(std::move(pattern));
        }
        for (const phrasebook::Detector detector : rule.detectors) rules->detectors.emplace_back(detector, r);
        auto& cue_rule = rules->cue_rule_of_family[static_cast<std::size_t>(rule.rule)];
        if (rule.clause_cues && !cue_rule) cue_rule = r;
        for (const std::string& phrase : rule.exceptions) {
            // The loader allows no `*` gap in an except; one from elsewhere is looked up as written.
            const std::vector<std::vector<std::string>> parts = parts_of(phrase);
            for (const std::string& spelling : parts.size() == 1 ? parts[0] : std::vector<std::string>{phrase}) {
                rules->exceptions.add(rules->normalizer->normalize(spelling), r);
            }
        }
        for (const std::string& phrase : rule.excused_by) rules->excused_by.add(rules->normalizer->normalize(phrase), r);
    }
    // The loader requires cue words when a rule asks for the scorer; a phrasebook built some other
    // way without them gets no clause cues rather than a scorer that finds almost nothing.
    if (!rules->book->clause_cues.empty() &&
        std::any_of(rules->cue_rule_of_family.begin(), rules->cue_rule_of_family.end(), [](const auto& r) { return r.has_value(); })) {
        rules->cues.emplace(rules->book->clause_cues, *rules->normalizer);
    }
    return std::shared_ptr<const DraftLinter>(new DraftLinter(std::move(rules)));
}

std::vector<LintIssue> DraftLinter::lint(std::string_view draft) const {
    std::vector<LintIssue> issues;
    if (rules_->book->forbidden.empty()) return issues;
    const text::MappedText mapped = rules_->normalizer->normalize_mapped(draft);
    // What the phrases, patterns and detectors found, before exceptions and excuses.
    struct Candidate {
        text::PhraseMatcher::Match match;
        bool detected = false;  // by a built-in detector rather than a phrase
        bool by_cues = false;   // by the clause cue scorer
    };
    std::vector<Candidate> candidates;
    for (const auto& match : rules_->phrases.find_all(mapped.text)) candidates.push_back({match});
    const std::size_t phrase_matches = candidates.size();
    const auto overlaps_a_phrase_match_of_its_rule = [&](const text::PhraseMatcher::Match& match) {
        for (std::size_t i = 0; i < phrase_matches; ++i) {
            const text::PhraseMatcher::Match& phrase = candidates[i].match;
            if (phrase.id == match.id && phrase.begin < match.end && match.begin < phrase.end) return true;
        }
        return false;
    };
    // A pattern or detector adds what the plain phrases of its rule missed; where both hit, the
    // phrase is reported. Another rule's phrase does not hide it: 谁知道 may be a blunt answer and
    // 谁知道你是不是自己弄丢的 still an accusation.
    for (const auto& match : find_gap_patterns(mapped.text, rules_->patterns, rules_->pattern_starts)) {
        if (!overlaps_a_phrase_match_of_its_rule(match)) candidates.push_back({match});
    }
    for (const auto& [detector, rule] : rules_->detectors) {
        for (const DetectedSpan& span : detect(detector, mapped.text)) {
            const text::PhraseMatcher::Match match{span.begin, span.end, rule};
            if (!overlaps_a_phrase_match_of_its_rule(match)) candidates.push_back({match, true});
        }
    }
    if (rules_->cues) {
        for (const CueFinding& finding : rules_->cues->find(mapped.text)) {
            if (const auto rule = rules_->cue_rule_of_family[static_cast<std::size_t>(finding.family)]) {
                candidates.push_back({{finding.begin, finding.end, *rule}, false, true});
            }
        }
    }
    // In draft order, ties in the order found (phrases by rule, then patterns, then detectors);
    // the cue scorer's findings after all others, so that where a phrase or pattern of the same
    // family already reported the place, its more specific issue stands.
    std::stable_sort(candidates.begin(), candidates.end(), [](const auto& a, const auto& b) {
        return a.by_cues != b.by_cues ? b.by_cues : a.match.begin < b.match.begin;
    });
    // Every rule's exceptions and excuses, found once for the draft.
    const std::vector<text::PhraseMatcher::Match> exception_matches = rules_->exceptions.find_all(mapped.text);
    std::vector<bool> excused_rule(rules_->book->forbidden.size(), false);
    for (const auto& excuse : rules_->excused_by.find_all(mapped.text)) excused_rule[excuse.id] = true;
    struct Reported {
        std::size_t begin, end;
        phrasebook::LintRule family;
    };
    std::vector<Reported> reported;
    const auto quoted = quoted_spans(mapped.text);
    for (const auto& [match, detected, by_cues] : candidates) {
        // An exception phrase of the same rule around the match means the wording is harmless
        // here (不行 inside 不行的话, 最好 inside 最好的办法是). A detected number has no words
        // of its own, so a phrase shortly before it in the same clause names it instead
        // (订单号 before an order number that looks like an ID number).
        const bool excused = std::any_of(exception_matches.begin(), exception_matches.end(), [&](const auto& e) {
            if (e.id != match.id) return false;
            if (e.begin < match.end && match.begin < e.end) return true;
            return detected && e.end <= match.begin && within_gap(mapped.text, e.end, match.begin);
        });
        if (excused) continue;
        if (excused_rule[match.id]) continue;
        const phrasebook::ForbiddenRule& rule = rules_->book->forbidden[match.id];
        if (!detected && rule.rule != phrasebook::LintRule::off_platform &&
            std::any_of(quoted.begin(), quoted.end(), [&](const auto& q) { return q.first <= match.begin && match.end <= q.second; })) {
            continue;
        }
        if (by_cues && std::any_of(reported.begin(), reported.end(), [&](const Reported& r) {
                return r.family == rule.rule && r.begin < match.end && match.begin < r.end;
            })) {
            continue;
        }
        reported.push_back({match.begin, match.end, rule.rule});
        const std::size_t source_begin = mapped.source_offset[match.begin];
        const std::size_t source_end = next_code_point_offset(draft, mapped.source_offset[match.end - 1]);
        LintIssue issue;
        issue.start = code_points_before(draft, source_begin);
        issue.end = issue.start + code_points_before(draft.substr(source_begin), source_end - source_begin);
        issue.text = std::string(draft.substr(source_begin, source_end - source_begin));
        issue.rule_id = rule.id;
        issue.rule = rule.rule;
        issue.severity = rule.severity;
        issue.message = rule.message;
        issue.rewrite = rule.rewrite;
        issues.push_back(std::move(issue));
    }
    std::stable_sort(issues.begin(), issues.end(), [](const LintIssue& a, const LintIssue& b) { return a.start < b.start; });
    return issues;
}

}  // namespace huashu::engine
