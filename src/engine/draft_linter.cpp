#include "huashu/engine/draft_linter.h"

#include <algorithm>

#include "huashu/text/phrase_matcher.h"

namespace huashu::engine {

namespace {

bool is_continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

std::size_t code_points_before(std::string_view text, std::size_t byte_offset) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < byte_offset && i < text.size(); ++i) {
        if (!is_continuation_byte(text[i])) ++count;
    }
    return count;
}

std::size_t next_code_point(std::string_view text, std::size_t byte_offset) {
    std::size_t i = byte_offset + 1;
    while (i < text.size() && is_continuation_byte(text[i])) ++i;
    return std::min(i, text.size());
}

// "是你自己*的": parts that must appear in order, each gap at most kMaxGapCodePoints long and
// inside one clause, so that a pattern can catch a whole family of sentences.
struct GapPattern {
    std::vector<std::string> parts;
    std::size_t rule = 0;
};
constexpr std::size_t kMaxGapCodePoints = 8;

bool ends_clause(std::string_view text, std::size_t at) {
    for (std::string_view stop : {",", ".", "!", "?", ";", "。", "、", "~", "\n"}) {
        if (text.substr(at, stop.size()) == stop) return true;
    }
    return false;
}

// Where `part` next starts at or after `from`, within the gap limit and the clause; npos if not.
std::size_t find_within_gap(std::string_view text, std::string_view part, std::size_t from) {
    std::size_t at = from;
    for (std::size_t gap = 0; gap <= kMaxGapCodePoints && at < text.size(); ++gap) {
        if (text.substr(at, part.size()) == part) return at;
        if (ends_clause(text, at)) return std::string_view::npos;
        at = next_code_point(text, at);
    }
    return std::string_view::npos;
}

std::vector<text::PhraseMatcher::Match> find_gap_patterns(std::string_view text, const std::vector<GapPattern>& patterns) {
    std::vector<text::PhraseMatcher::Match> matches;
    for (const GapPattern& pattern : patterns) {
        for (std::size_t start = text.find(pattern.parts[0]); start != std::string_view::npos;
             start = text.find(pattern.parts[0], start + 1)) {
            std::size_t end = start + pattern.parts[0].size();
            for (std::size_t p = 1; p < pattern.parts.size() && end != std::string_view::npos; ++p) {
                const std::size_t found = find_within_gap(text, pattern.parts[p], end);
                end = found == std::string_view::npos ? found : found + pattern.parts[p].size();
            }
            if (end != std::string_view::npos) {
                matches.push_back({start, end, pattern.rule});
                break;  // one report per pattern is enough
            }
        }
    }
    return matches;
}

}  // namespace

class DraftLinter::Rules {
public:
    std::shared_ptr<const phrasebook::Phrasebook> book;
    std::shared_ptr<const text::Normalizer> normalizer;
    text::PhraseMatcher phrases;     // id = index of the rule in book->forbidden
    std::vector<GapPattern> patterns;
    text::PhraseMatcher exceptions;  // id = index of the rule whose match they cancel
    std::vector<text::PhraseMatcher> excused_by;  // per rule: phrases that switch it off for a draft
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
            if (phrase.find('*') == std::string::npos) {
                rules->phrases.add(rules->normalizer->normalize(phrase), r);
                continue;
            }
            GapPattern pattern{{}, r};
            std::size_t start = 0;
            for (std::size_t star = phrase.find('*'); ; star = phrase.find('*', start)) {
                std::string part = rules->normalizer->normalize(phrase.substr(start, star == std::string::npos ? star : star - start));
                if (!part.empty()) pattern.parts.push_back(std::move(part));
                if (star == std::string::npos) break;
                start = star + 1;
            }
            if (!pattern.parts.empty()) rules->patterns.push_back(std::move(pattern));
        }
        for (const std::string& phrase : rule.exceptions) rules->exceptions.add(rules->normalizer->normalize(phrase), r);
        rules->excused_by.emplace_back();
        for (const std::string& phrase : rule.excused_by) rules->excused_by.back().add(rules->normalizer->normalize(phrase), 0);
    }
    return std::shared_ptr<const DraftLinter>(new DraftLinter(std::move(rules)));
}

std::vector<LintIssue> DraftLinter::lint(std::string_view draft) const {
    std::vector<LintIssue> issues;
    if (rules_->phrases.empty() && rules_->patterns.empty()) return issues;
    const text::MappedText mapped = rules_->normalizer->normalize_mapped(draft);
    const auto exceptions = rules_->exceptions.find_all(mapped.text);
    auto matches = rules_->phrases.find_all(mapped.text);
    for (const auto& match : find_gap_patterns(mapped.text, rules_->patterns)) {
        // A pattern adds what the plain phrases missed; where both hit, the phrase is reported.
        const bool overlaps = std::any_of(matches.begin(), matches.end(), [&](const auto& m) {
            return m.begin < match.end && match.begin < m.end;
        });
        if (!overlaps) matches.push_back(match);
    }
    std::sort(matches.begin(), matches.end(), [](const auto& a, const auto& b) { return a.begin < b.begin; });
    for (const text::PhraseMatcher::Match& match : matches) {
        // An exception phrase of the same rule around the match means the wording is harmless
        // here (不行 inside 不行的话, 最好 inside 最好的办法是).
        const bool excused = std::any_of(exceptions.begin(), exceptions.end(), [&](const auto& e) {
            return e.id == match.id && e.begin < match.end && match.begin < e.end;
        });
        if (excused) continue;
        const text::PhraseMatcher& excusing = rules_->excused_by[match.id];
        if (!excusing.empty() && !excusing.find_all(mapped.text).empty()) continue;
        const phrasebook::ForbiddenRule& rule = rules_->book->forbidden[match.id];
        const std::size_t source_begin = mapped.source_offset[match.begin];
        const std::size_t source_end = next_code_point(draft, mapped.source_offset[match.end - 1]);
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
    return issues;
}

}  // namespace huashu::engine
