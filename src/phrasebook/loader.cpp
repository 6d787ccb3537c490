#include <algorithm>
#include <array>
#include <fstream>
#include <cstdint>
#include <string>
#include <unordered_map>

#include "huashu/phrasebook/cue_kinds.h"
#include "huashu/phrasebook/phrasebook.h"
#include "huashu/text/normalizer.h"

namespace huashu::phrasebook {

std::string LoadProblem::to_string() const {
    std::string out = file;
    if (line > 0) out += ":" + std::to_string(line);
    out += ": ";
    if (!entry.empty()) out += entry + ": ";
    out += reason;
    return out;
}

namespace {

constexpr std::size_t kMaxFileBytes = 16 * 1024 * 1024;
// An entry with its id, category, a keyword and a reply is rarely under this; real ones with
// examples and several replies are 500 bytes and more.
constexpr std::size_t kMinBytesPerEntry = 128;

std::string_view trim(std::string_view s) {
    const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

bool is_id(std::string_view id) {
    return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    });
}

bool is_placeholder_name(std::string_view name) {
    if (name.empty() || !((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_')) return false;
    return std::all_of(name.begin(), name.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

// The items of a `a | b | c` value, appended to `items`.
void split_list(std::string_view value, std::vector<std::string>& items, bool& had_empty_item) {
    had_empty_item = false;
    std::size_t start = 0;
    while (true) {
        const std::size_t bar = value.find('|', start);
        const std::string_view item = trim(value.substr(start, bar == std::string_view::npos ? bar : bar - start));
        if (item.empty()) {
            had_empty_item = true;
        } else {
            items.emplace_back(item);
        }
        if (bar == std::string_view::npos) break;
        start = bar + 1;
    }
}

std::vector<std::string> split_list(std::string_view value, bool& had_empty_item) {
    std::vector<std::string> items;
    split_list(value, items, had_empty_item);
    return items;
}

constexpr std::array<std::string_view, kDetectorCount> kDetectorIds = {"mobile_number", "id_card_number", "street_address",
                                                                         "landline_number", "email_address"};

std::string detector_list() {
    std::string list;
    for (std::size_t i = 0; i < kDetectorIds.size(); ++i) {
        if (i > 0) list += i + 1 == kDetectorIds.size() ? " or " : ", ";
        list += kDetectorIds[i];
    }
    return list;
}

enum class SectionKind { none, entry, forbidden, synonyms, placeholders, signals, clause_cues };

// A {placeholder} in a reply, checked once every file is read (the [placeholders] section may
// come later). Kept small: a big phrasebook has one for every few replies.
struct PlaceholderUse {
    std::string name;
    std::uint32_t entry = 0;  // index in Phrasebook::entries of the entry whose reply it is
    std::uint32_t file = 0;   // index in Phrasebook::files
    int line = 0;
};

// Where an id was first defined: a file as its index in Phrasebook::files.
struct IdLocation {
    std::uint32_t file = 0;
    int line = 0;
};

// A `cues = clause` line, checked once every file is read (the [clause_cues] words may come in a
// later file).
struct ClauseCuesUse {
    std::string rule;         // the forbidden rule's id
    std::uint32_t file = 0;   // index in Phrasebook::files
    int line = 0;
};

// Single-valued keys, as bits of a section's set of keys seen.
enum KeyBit : unsigned { kCategory = 1, kTechnique = 2, kRule = 4, kSeverity = 8, kMessage = 16, kRewrite = 32 };

// Parses one file into `book`, appending problems. Cross-file checks happen in Checker::finish.
class Checker {
public:
    void parse_file(const std::string& file, std::string_view contents) {
        if (!begin_file(file, contents.size())) return;
        std::size_t start = 0;
        while (true) {
            const std::size_t newline = contents.find('\n', start);
            if (newline == std::string_view::npos) break;
            next_line(contents.substr(start, newline - start));
            start = newline + 1;
        }
        end_file(contents.substr(start));
    }

    // A file read piece by piece: begin_file(), then next_line() for each line that ends in
    // '\n', then end_file() with what follows the last '\n'. begin_file() returns false for a
    // file that is not to be parsed (too large; the problem is reported).
    bool begin_file(const std::string& file, std::size_t size) {
        file_ = file;
        book_.files.push_back(file);
        line_number_ = 0;
        if (size > kMaxFileBytes) {
            problem(0, "", "file is larger than 16 MiB");
            return false;
        }
        return true;
    }

    void next_line(std::string_view raw) {
        if (line_number_ == 0 && raw.substr(0, 3) == "\xEF\xBB\xBF") raw.remove_prefix(3);  // byte-order mark
        parse_line(++line_number_, raw);
    }

    void end_file(std::string_view last_line) {
        next_line(last_line);
        close_section();
        section_ = SectionKind::none;
    }

    // Room for the entries of files of `bytes` bytes in all, so that the entry array is not
    // copied again and again as it grows. The estimate errs high: pages never written cost
    // nothing.
    void expect_bytes(std::size_t bytes) { book_.entries.reserve(book_.entries.size() + bytes / kMinBytesPerEntry); }

    LoadReport finish() {
        // Synonyms are applied in one pass, so a canonical word that is also another line's
        // variant would never be reached from its own variants.
        for (const Synonym& synonym : book_.synonyms) {
            if (auto owner = variant_owner_.find(synonym.canonical); owner != variant_owner_.end()) {
                problems_.push_back({synonym.where.file, synonym.where.line, "[synonyms]",
                                     "'" + synonym.canonical + "' is a canonical word here but a variant of '" +
                                         owner->second.first + "' at " + owner->second.second.file + ":" +
                                         std::to_string(owner->second.second.line) + "; chains are not followed"});
            }
        }
        for (const PlaceholderUse& use : placeholder_uses_) {
            if (!book_.placeholders.contains(use.name)) {
                problems_.push_back({book_.files[use.file], use.line, "entry '" + book_.entries[use.entry].id + "'",
                                     "reply uses placeholder {" + use.name +
                                         "} that no [placeholders] line declares"});
            }
        }
        // Without cue words the scorer would find nothing, and the rule would quietly stop working.
        // (Cue lines that are there but broken have their own problems.)
        if (cue_lines_read_ == 0) {
            for (const ClauseCuesUse& use : clause_cues_uses_) {
                problems_.push_back({book_.files[use.file], use.line, "forbidden '" + use.rule + "'",
                                     "cues = clause, but no [clause_cues] section gives the scorer its cue words "
                                     "(copy the bundled phrasebook/clause_cues.phrases into the folder)"});
            }
        }
        if (book_.entries.empty() && problems_.empty()) {
            problems_.push_back({book_.files.empty() ? std::string("(phrasebook)") : book_.files.front(), 0, "",
                                 "the phrasebook has no [entry] sections"});
        }
        LoadReport report;
        report.problems = std::move(problems_);
        std::stable_sort(report.problems.begin(), report.problems.end(), [](const LoadProblem& a, const LoadProblem& b) {
            return a.file != b.file ? a.file < b.file : a.line < b.line;
        });
        if (report.problems.empty()) report.phrasebook = std::move(book_);
        return report;
    }

private:
    void problem(int line, std::string section, std::string reason) {
        problems_.push_back({file_, line, std::move(section), std::move(reason)});
    }

    std::string section_label() const {
        switch (section_) {
            case SectionKind::entry: return "entry '" + section_name_ + "'";
            case SectionKind::forbidden: return "forbidden '" + section_name_ + "'";
            case SectionKind::synonyms: return "[synonyms]";
            case SectionKind::placeholders: return "[placeholders]";
            case SectionKind::signals: return "[signals]";
            case SectionKind::clause_cues: return "[clause_cues]";
            case SectionKind::none: return "";
        }
        return "";
    }

    void parse_line(int line, std::string_view raw) {
        if (!text::is_valid_utf8(raw)) {
            problem(line, section_label(), "line is not valid UTF-8 (save the file as UTF-8)");
            return;
        }
        const std::string_view content = trim(raw);
        if (content.empty() || content.front() == '#') return;
        if (content.front() == '[') {
            parse_header(line, content);
            return;
        }
        const std::size_t equals = content.find('=');
        if (equals == std::string_view::npos) {
            problem(line, section_label(), "expected 'key = value', a [section] header or a # comment");
            return;
        }
        const std::string_view key = trim(content.substr(0, equals));
        const std::string_view value = trim(content.substr(equals + 1));
        if (section_ == SectionKind::none) {
            problem(line, "", "'" + std::string(key) + " = …' appears before any [section] header");
            return;
        }
        if (key.empty()) {
            problem(line, section_label(), "a line starts with '=': the key is missing");
            return;
        }
        if (value.empty()) {
            problem(line, section_label(), "key '" + std::string(key) + "' has an empty value");
            return;
        }
        if (skip_section_) return;  // header was broken; its problem is already reported
        switch (section_) {
            case SectionKind::entry: entry_key(line, key, value); break;
            case SectionKind::forbidden: forbidden_key(line, key, value); break;
            case SectionKind::synonyms: synonym_line(line, key, value); break;
            case SectionKind::placeholders: placeholder_line(line, key, value); break;
            case SectionKind::signals: signal_line(line, key, value); break;
            case SectionKind::clause_cues: cue_line(line, key, value); break;
            case SectionKind::none: break;
        }
    }

    void parse_header(int line, std::string_view header) {
        close_section();
        section_ = SectionKind::none;
        skip_section_ = false;
        if (header.back() != ']') {
            problem(line, "", "section header must end with ']'");
            return;
        }
        const std::string_view inside = trim(header.substr(1, header.size() - 2));
        const std::size_t space = inside.find(' ');
        const std::string_view kind = inside.substr(0, space);
        const std::string_view name = space == std::string_view::npos ? std::string_view{} : trim(inside.substr(space + 1));
        section_line_ = line;
        section_name_ = std::string(name);
        seen_keys_ = 0;
        if (kind == "synonyms" || kind == "placeholders" || kind == "signals" || kind == "clause_cues") {
            section_ = kind == "synonyms"       ? SectionKind::synonyms
                       : kind == "placeholders" ? SectionKind::placeholders
                       : kind == "signals"      ? SectionKind::signals
                                                : SectionKind::clause_cues;
            if (!name.empty()) problem(line, section_label(), "[" + std::string(kind) + "] takes no name");
            return;
        }
        if (kind != "entry" && kind != "forbidden") {
            problem(line, "", "unknown section kind '" + std::string(kind) +
                                  "' (expected entry, forbidden, synonyms, placeholders, signals or clause_cues)");
            section_ = SectionKind::synonyms;  // keep reading lines without attributing them
            skip_section_ = true;
            return;
        }
        section_ = kind == "entry" ? SectionKind::entry : SectionKind::forbidden;
        if (!is_id(name)) {
            problem(line, "", "[" + std::string(kind) + " " + std::string(name) +
                                  "]: id must be lowercase ASCII letters, digits, '_', '.' or '-'");
            skip_section_ = true;
            return;
        }
        auto& ids = section_ == SectionKind::entry ? entry_ids_ : forbidden_ids_;
        if (auto [it, inserted] = ids.emplace(section_name_, IdLocation{static_cast<std::uint32_t>(book_.files.size() - 1), line});
            !inserted) {
            problem(line, section_label(), "duplicate id; first defined at " + book_.files[it->second.file] + ":" +
                                               std::to_string(it->second.line));
            skip_section_ = true;
            return;
        }
        if (section_ == SectionKind::entry) {
            entry_ = Entry{};
            entry_.id = section_name_;
            entry_.where = {file_, line};
        } else {
            forbidden_ = ForbiddenRule{};
            forbidden_.id = section_name_;
            forbidden_.where = {file_, line};
        }
    }

    static unsigned key_bit(std::string_view key) {
        if (key == "category") return kCategory;
        if (key == "technique") return kTechnique;
        if (key == "rule") return kRule;
        if (key == "severity") return kSeverity;
        if (key == "message") return kMessage;
        if (key == "rewrite") return kRewrite;
        return 0;
    }

    // True when `key` may be set here; reports a repeated single-valued key.
    bool first_time(int line, std::string_view key) {
        const unsigned bit = key_bit(key);
        const bool seen = (seen_keys_ & bit) != 0;
        seen_keys_ |= bit;
        if (seen) {
            problem(line, section_label(), "key '" + std::string(key) + "' given twice (only one is allowed)");
            return false;
        }
        return true;
    }

    void entry_key(int line, std::string_view key, std::string_view value) {
        if (key == "category") {
            if (!first_time(line, key)) return;
            if (auto intent = parse_intent(value)) {
                entry_.category = *intent;
            } else {
                problem(line, section_label(), "unknown category '" + std::string(value) + "'");
            }
            has_category_ = true;
        } else if (key == "technique") {
            if (!first_time(line, key)) return;
            if (auto technique = parse_technique(value)) {
                entry_.technique = technique;
            } else {
                problem(line, section_label(), "unknown technique '" + std::string(value) + "'");
            }
        } else if (key == "keywords") {
            bool had_empty = false;
            split_list(value, entry_.keywords, had_empty);
            if (had_empty) problem(line, section_label(), "keywords list has an empty item (check the '|' separators)");
        } else if (key == "example") {
            entry_.examples.emplace_back(value);
        } else if (key == "reply") {
            for (std::string& name : placeholder_names(value)) {
                placeholder_uses_.push_back({std::move(name), static_cast<std::uint32_t>(book_.entries.size()),
                                             static_cast<std::uint32_t>(book_.files.size() - 1), line});
            }
            entry_.replies.emplace_back(value);
        } else {
            problem(line, section_label(), "unknown key '" + std::string(key) +
                                               "' (entry keys: category, technique, keywords, example, reply)");
        }
    }

    void forbidden_key(int line, std::string_view key, std::string_view value) {
        if (key == "rule") {
            if (!first_time(line, key)) return;
            if (auto rule = parse_lint_rule(value)) {
                forbidden_.rule = *rule;
            } else {
                problem(line, section_label(), "unknown rule '" + std::string(value) + "'");
            }
        } else if (key == "severity") {
            if (!first_time(line, key)) return;
            if (auto severity = parse_severity(value)) {
                forbidden_.severity = *severity;
            } else {
                problem(line, section_label(), "unknown severity '" + std::string(value) + "' (error or warning)");
            }
        } else if (key == "phrase") {
            check_spellings(line, key, value);
            forbidden_.phrases.emplace_back(value);
        } else if (key == "detect") {
            bool had_empty = false;
            for (const std::string& name : split_list(value, had_empty)) {
                if (auto detector = parse_detector(name)) {
                    forbidden_.detectors.push_back(*detector);
                } else {
                    problem(line, section_label(), "unknown detector '" + name + "' (" + detector_list() + ")");
                }
            }
            if (had_empty) problem(line, section_label(), "detect list has an empty item (check the '|' separators)");
        } else if (key == "except") {
            check_spellings(line, key, value);
            forbidden_.exceptions.emplace_back(value);
        } else if (key == "cues") {
            if (value == "clause") {
                forbidden_.clause_cues = true;
                clause_cues_uses_.push_back({section_name_, static_cast<std::uint32_t>(book_.files.size() - 1), line});
            } else {
                problem(line, section_label(), "unknown cues '" + std::string(value) + "' (clause)");
            }
        } else if (key == "excused_by") {
            bool had_empty = false;
            split_list(value, forbidden_.excused_by, had_empty);
            if (had_empty) problem(line, section_label(), "excused_by list has an empty item (check the '|' separators)");
        } else if (key == "message") {
            if (first_time(line, key)) forbidden_.message = std::string(value);
        } else if (key == "rewrite") {
            if (first_time(line, key)) forbidden_.rewrite = std::string(value);
        } else {
            problem(line, section_label(), "unknown key '" + std::string(key) +
                                               "' (forbidden keys: rule, severity, phrase, detect, cues, except, excused_by, message, rewrite)");
        }
    }

    void check_spellings(int line, std::string_view key, std::string_view value) {
        if (auto parts = phrase_parts(value); !parts) {
            problem(line, section_label(), std::string(key) + " '" + std::string(value) + "': " + parts.error().message);
        } else if (key == "except" && parts->size() > 1) {
            problem(line, section_label(), "except '" + std::string(value) + "': a '*' gap works only in a phrase");
        }
    }

    void synonym_line(int line, std::string_view canonical, std::string_view value) {
        bool had_empty = false;
        Synonym synonym{std::string(canonical), split_list(value, had_empty), {file_, line}};
        if (had_empty) problem(line, section_label(), "variant list has an empty item (check the '|' separators)");
        for (const std::string& variant : synonym.variants) {
            if (variant == synonym.canonical) {
                problem(line, section_label(), "'" + variant + "' is listed as a variant of itself");
                continue;
            }
            auto [it, inserted] = variant_owner_.emplace(variant, std::make_pair(synonym.canonical, SourceLocation{file_, line}));
            if (!inserted && it->second.first != synonym.canonical) {
                problem(line, section_label(), "'" + variant + "' is already a variant of '" + it->second.first +
                                                   "' at " + it->second.second.file + ":" +
                                                   std::to_string(it->second.second.line));
            }
        }
        book_.synonyms.push_back(std::move(synonym));
    }

    void signal_line(int line, std::string_view name, std::string_view value) {
        const auto signal = parse_reply_signal(name);
        if (!signal) {
            problem(line, section_label(), "unknown signal '" + std::string(name) + "' (concession or apology)");
            return;
        }
        bool had_empty = false;
        SignalPhrases phrases{*signal, split_list(value, had_empty), {file_, line}};
        if (had_empty) problem(line, section_label(), "phrase list has an empty item (check the '|' separators)");
        book_.signals.push_back(std::move(phrases));
    }

    // `kinds = spellings`: what phrase_parts accepts for one part (no `*` gap), and nothing
    // outside a set but text, so that `a | b` is not taken for a list it is not.
    void cue_line(int line, std::string_view kinds, std::string_view spellings) {
        ++cue_lines_read_;
        const auto wrong = [&](const std::string& reason) {
            problem(line, section_label(), "cue '" + std::string(spellings) + "': " + reason);
        };
        auto parsed_kinds = parse_cue_kinds(kinds);
        if (!parsed_kinds) {
            problem(line, section_label(), parsed_kinds.error().message);
            return;
        }
        auto parts = phrase_parts(spellings);
        if (!parts) return wrong(parts.error().message);
        if (parts->size() > 1) return wrong("a '*' gap works only in a phrase");
        bool in_set = false;
        for (const char c : spellings) {
            if (c == '{' || c == '}') in_set = c == '{';
            if (c == '|' && !in_set) return wrong("a '|' outside a set; write alternatives as a set, {a|b}");
        }
        book_.clause_cues.push_back({*parsed_kinds, std::string(spellings), {file_, line}});
    }

    void placeholder_line(int line, std::string_view name, std::string_view value) {
        if (!is_placeholder_name(name)) {
            problem(line, section_label(), "placeholder name '" + std::string(name) +
                                               "' must be lowercase ASCII letters, digits or '_'");
            return;
        }
        if (!book_.placeholders.emplace(std::string(name), std::string(value)).second) {
            problem(line, section_label(), "placeholder '" + std::string(name) + "' declared twice");
        }
    }

    void close_section() {
        if (skip_section_) {
            skip_section_ = false;
            return;
        }
        if (section_ == SectionKind::entry) {
            const std::string label = section_label();
            if (!has_category_) problem(section_line_, label, "missing 'category'");
            if (entry_.replies.empty()) problem(section_line_, label, "has no 'reply' line");
            if (entry_.keywords.empty() && entry_.examples.empty()) {
                problem(section_line_, label, "needs 'keywords' or 'example' lines to be found");
            }
            book_.entries.push_back(std::move(entry_));
            has_category_ = false;
        } else if (section_ == SectionKind::forbidden) {
            const std::string label = section_label();
            for (const char* key : {"rule", "severity", "message", "rewrite"}) {
                if ((seen_keys_ & key_bit(key)) == 0) problem(section_line_, label, std::string("missing '") + key + "'");
            }
            if (forbidden_.phrases.empty() && forbidden_.detectors.empty() && !forbidden_.clause_cues) {
                problem(section_line_, label, "has no 'phrase', 'detect' or 'cues' line");
            }
            book_.forbidden.push_back(std::move(forbidden_));
        }
    }

    Phrasebook book_;
    std::vector<LoadProblem> problems_;
    std::vector<PlaceholderUse> placeholder_uses_;
    std::vector<ClauseCuesUse> clause_cues_uses_;
    std::size_t cue_lines_read_ = 0;  // [clause_cues] lines with a value, broken ones included
    std::unordered_map<std::string, IdLocation> entry_ids_;
    std::unordered_map<std::string, IdLocation> forbidden_ids_;
    std::unordered_map<std::string, std::pair<std::string, SourceLocation>> variant_owner_;

    std::string file_;
    int line_number_ = 0;
    SectionKind section_ = SectionKind::none;
    bool skip_section_ = false;
    int section_line_ = 0;
    std::string section_name_;
    unsigned seen_keys_ = 0;  // KeyBit values of the single-valued keys this section set
    bool has_category_ = false;
    Entry entry_;
    ForbiddenRule forbidden_;
};

}  // namespace

std::string_view to_string(Detector detector) { return kDetectorIds[static_cast<std::size_t>(detector)]; }

std::optional<Detector> parse_detector(std::string_view id) {
    for (std::size_t i = 0; i < kDetectorIds.size(); ++i) {
        if (kDetectorIds[i] == id) return static_cast<Detector>(i);
    }
    return std::nullopt;
}

std::string fill_placeholders(std::string_view reply,
                              const std::function<std::optional<std::string_view>(std::string_view)>& value_of) {
    std::string out;
    out.reserve(reply.size());
    std::size_t copied = 0;
    for (std::size_t open = reply.find('{'); open != std::string_view::npos; open = reply.find('{', open + 1)) {
        const std::size_t close = reply.find('}', open + 1);
        if (close == std::string_view::npos) break;
        const std::string_view name = reply.substr(open + 1, close - open - 1);
        if (!is_placeholder_name(name)) continue;
        const auto value = value_of(name);
        if (!value) continue;
        out.append(reply.substr(copied, open - copied));
        out.append(*value);
        copied = close + 1;
        open = close;
    }
    out.append(reply.substr(copied));
    return out;
}

std::vector<std::string> placeholder_names(std::string_view reply) {
    std::vector<std::string> names;
    fill_placeholders(reply, [&](std::string_view name) -> std::optional<std::string_view> {
        names.emplace_back(name);
        return std::nullopt;
    });
    return names;
}

Result<std::vector<std::vector<std::string>>> phrase_parts(std::string_view phrase) {
    const auto malformed = [](std::string reason) { return Error{ErrorCode::parse_error, std::move(reason)}; };
    std::vector<std::vector<std::string>> parts;
    std::vector<std::string> spellings{""};  // of the part being read
    std::size_t at = 0;
    while (at < phrase.size()) {
        if (phrase[at] == '}') return malformed("'}' without a '{' before it");
        if (phrase[at] == '*') {
            parts.push_back(std::move(spellings));
            spellings = {""};
            ++at;
            continue;
        }
        if (phrase[at] != '{') {
            const std::size_t next = std::min(phrase.find_first_of("{}*", at), phrase.size());
            for (std::string& spelling : spellings) spelling.append(phrase.substr(at, next - at));
            at = next;
            continue;
        }
        const std::size_t close = phrase.find('}', at + 1);
        if (close == std::string_view::npos) return malformed("'{' is never closed");
        const std::string_view set = phrase.substr(at + 1, close - at - 1);
        if (set.find('{') != std::string_view::npos) return malformed("sets cannot be nested");
        if (set.find('*') != std::string_view::npos) return malformed("a '*' gap cannot be inside a set");
        bool had_empty = false;
        const std::vector<std::string> alternatives = split_list(set, had_empty);
        if (had_empty) return malformed("a set has an empty alternative (check the '|' separators)");
        if (spellings.size() * alternatives.size() > kMaxPhraseSpellings) {
            return malformed("a part stands for more than " + std::to_string(kMaxPhraseSpellings) +
                             " spellings; split it into several lines");
        }
        std::vector<std::string> longer;
        longer.reserve(spellings.size() * alternatives.size());
        for (const std::string& spelling : spellings) {
            for (const std::string& alternative : alternatives) longer.push_back(spelling + alternative);
        }
        spellings = std::move(longer);
        at = close + 1;
    }
    parts.push_back(std::move(spellings));
    return parts;
}

LoadReport load_texts(const std::vector<std::pair<std::string, std::string>>& files) {
    Checker checker;
    for (const auto& [name, contents] : files) checker.parse_file(name, contents);
    return checker.finish();
}

LoadReport load_directory(const std::filesystem::path& directory) {
    LoadReport failed;
    std::error_code ec;
    if (!std::filesystem::is_directory(directory, ec)) {
        failed.problems.push_back({directory.string(), 0, "", "is not a readable directory"});
        return failed;
    }
    std::vector<std::filesystem::path> paths;
    for (const auto& item : std::filesystem::directory_iterator(directory, ec)) {
        if (item.path().extension() == ".phrases" && item.is_regular_file()) paths.push_back(item.path());
    }
    if (ec) {
        failed.problems.push_back({directory.string(), 0, "", "cannot list the directory: " + ec.message()});
        return failed;
    }
    std::sort(paths.begin(), paths.end());
    if (paths.empty()) {
        failed.problems.push_back({directory.string(), 0, "", "contains no *.phrases files"});
        return failed;
    }
    // Each file is parsed as it is read, a chunk at a time, through one buffer: the whole
    // phrasebook's text is never in memory at once, and a big phrasebook's load touches little
    // memory besides what the Phrasebook keeps (fresh pages are costly).
    Checker checker;
    std::size_t total_bytes = 0;
    for (const auto& path : paths) {
        const auto size = std::filesystem::file_size(path, ec);
        if (!ec) total_bytes += static_cast<std::size_t>(std::min<std::uintmax_t>(size, kMaxFileBytes));
    }
    checker.expect_bytes(total_bytes);
    constexpr std::size_t kChunk = 64 * 1024;
    std::string buffer;  // the unfinished last line of the previous chunk, then the next chunk
    for (const auto& path : paths) {
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            failed.problems.push_back({path.string(), 0, "", "cannot be read"});
            continue;
        }
        const auto size = std::filesystem::file_size(path, ec);
        if (!checker.begin_file(path.string(), ec ? 0 : static_cast<std::size_t>(size))) continue;
        buffer.clear();
        while (in) {
            const std::size_t kept = buffer.size();
            buffer.resize(kept + kChunk);
            in.read(buffer.data() + kept, static_cast<std::streamsize>(kChunk));
            buffer.resize(kept + static_cast<std::size_t>(in.gcount()));
            std::size_t start = 0;
            for (std::size_t newline = buffer.find('\n'); newline != std::string::npos; newline = buffer.find('\n', start)) {
                checker.next_line(std::string_view(buffer).substr(start, newline - start));
                start = newline + 1;
            }
            buffer.erase(0, start);
        }
        if (in.bad()) {
            failed.problems.push_back({path.string(), 0, "", "cannot be read"});
            continue;
        }
        checker.end_file(buffer);
    }
    if (!failed.problems.empty()) return failed;
    return checker.finish();
}

}  // namespace huashu::phrasebook
