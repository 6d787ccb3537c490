// The phrasebook (话术库) as loaded from `*.phrases` files; format in phrasebook/README.md.
//
//   huashu::phrasebook::LoadReport report = huashu::phrasebook::load_directory("phrasebook");
//   if (!report.ok()) { for (auto& p : report.problems) std::cerr << p.to_string() << '\n'; }
//
// A Phrasebook is immutable once loaded; the service shares it between threads as
// shared_ptr<const Phrasebook> and swaps in a new one on reload.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "huashu/core/result.h"
#include "huashu/phrasebook/vocabulary.h"

namespace huashu::phrasebook {

struct SourceLocation {
    std::string file;  // as given to the loader, e.g. "phrasebook/shipping.phrases"
    int line = 0;      // 1-based
};

struct Entry {
    std::string id;
    Intent category = Intent::greeting;
    std::optional<Technique> technique;
    std::vector<std::string> keywords;  // one string per keyword, `|` lists already split
    std::vector<std::string> examples;  // whole buyer utterances
    std::vector<std::string> replies;   // at least one; may contain {placeholders}
    SourceLocation where;
};

// Built-in finders for what a phrase list cannot spell out: digit patterns and street addresses
// (`detect = …` in a [forbidden] section). Each finds one kind of a buyer's personal data.
enum class Detector : unsigned char {
    mobile_number,   // 11-digit mainland mobile (138 1234 5678, +86…), 10-digit Taiwan mobile (09…)
    id_card_number,  // mainland resident ID (18 or old 15 digits) with a real birth date; Taiwan and Hong Kong IDs
    street_address,  // a street and house number (文三路369号, 忠孝东路四段100号) or building + unit/room
    landline_number,  // mainland and Taiwan landlines with their area code (0571-88886666, (02)2345-6789), +852 numbers
    email_address,    // name@domain.tld (123456@qq.com)
};
inline constexpr std::size_t kDetectorCount = 5;

std::string_view to_string(Detector detector);
std::optional<Detector> parse_detector(std::string_view id);

struct ForbiddenRule {
    std::string id;
    LintRule rule = LintRule::forbidden_phrase;
    Severity severity = Severity::error;
    std::vector<std::string> phrases;
    // Built-in detectors whose findings also trip the rule.
    std::vector<Detector> detectors;
    // `cues = clause`: the lint's clause cue scorer reports the shapes of this rule's family
    // (rule) under this rule; a rule needs phrases, detectors or this.
    bool clause_cues = false;
    // Longer phrases around a match that make it harmless (不行的话 for 不行); optional.
    std::vector<std::string> exceptions;
    // Phrases that, anywhere in the draft, make the rule not apply: a refusal followed by
    // 不过/建议您 offers an alternative and is not blunt; optional.
    std::vector<std::string> excused_by;
    std::string message;
    std::string rewrite;
    SourceLocation where;
};

struct Synonym {
    std::string canonical;
    std::vector<std::string> variants;
    SourceLocation where;
};

// Phrases that show a reply offers something or apologises ([signals] in the files).
struct SignalPhrases {
    ReplySignal signal = ReplySignal::concession;
    std::vector<std::string> phrases;
    SourceLocation where;
};

// A `[clause_cues]` line: cue words of the draft lint's clause cue scorer and what they say
// about their clause (huashu/phrasebook/cue_kinds.h).
struct CueLine {
    std::uint64_t kinds = 0;  // cue::Kind bits; 0 for a neutral cue
    std::string spellings;    // in the set notation of `phrase` values, without `*` gaps
    SourceLocation where;
};

struct Phrasebook {
    std::vector<Entry> entries;
    std::vector<ForbiddenRule> forbidden;
    std::vector<Synonym> synonyms;
    std::vector<SignalPhrases> signals;
    // The clause cue scorer's words, from every file in load order; required when a forbidden
    // rule has `cues = clause`, otherwise may be empty (the lint then has no clause cues).
    std::vector<CueLine> clause_cues;
    std::map<std::string, std::string, std::less<>> placeholders;  // name → default value
    std::vector<std::string> files;                                 // what was loaded, in order
};

// One thing wrong with a phrasebook, precise enough to fix without reading code.
struct LoadProblem {
    std::string file;
    int line = 0;        // 0 when the problem concerns the whole file or folder
    std::string entry;   // "entry 'id'", "forbidden 'id'", "[synonyms]"…; empty outside sections
    std::string reason;
    // "file:line: entry 'id': reason"
    std::string to_string() const;
};

struct LoadReport {
    std::optional<Phrasebook> phrasebook;  // set only when problems is empty
    std::vector<LoadProblem> problems;     // every problem found, in file and line order
    bool ok() const { return phrasebook.has_value(); }
};

// Replaces every `{name}` in `reply` for which `value_of(name)` returns a value; braces that do
// not enclose a placeholder name are copied as they are. The loader checks placeholders with
// the same scanner, so what it accepts is exactly what gets filled.
std::string fill_placeholders(std::string_view reply,
                              const std::function<std::optional<std::string_view>(std::string_view)>& value_of);

// The `{name}` placeholders of a reply, in order.
std::vector<std::string> placeholder_names(std::string_view reply);

// The most spellings one part of a `phrase` or `except` value may stand for: more is almost
// always a set written by mistake, and each spelling costs matching time.
inline constexpr std::size_t kMaxPhraseSpellings = 512;

// A `phrase` or `except` value read as its parts between `*` gaps (one part when it has none),
// each with every spelling it stands for. A set {你|妳|您} takes each of its alternatives in
// turn, so 是{你|妳}的错 stands for 是你的错 and 是妳的错, and sets in a part multiply
// ({你|妳}{没|沒}看 has four spellings); `{你|妳}*没看` is the parts {你, 妳} and {没看}. A part
// before a leading or after a trailing `*` is the one empty spelling. An error names what is
// malformed: an unclosed, unopened or nested set, an empty alternative, a `*` inside a set, or a
// part with more than kMaxPhraseSpellings spellings.
Result<std::vector<std::vector<std::string>>> phrase_parts(std::string_view phrase);

// Loads every `*.phrases` file of `directory` in file-name order and checks the whole.
LoadReport load_directory(const std::filesystem::path& directory);

// Parses and checks files given as (name, contents) pairs, as load_directory does after reading.
LoadReport load_texts(const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace huashu::phrasebook
