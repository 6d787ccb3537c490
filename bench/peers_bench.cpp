// Huashu's ranking against what a shop could use instead, on the 478 labelled buyer utterances
// of tests/data/intents.tsv:
//
// - huashu: SuggestionEngine::classify (normalise + synonyms + ICU words/bigrams/characters, BM25).
// - fts5: SQLite FTS5 in an in-memory database, tokenize='trigram', one row per entry whose text
//   is the entry's keywords and examples (each normalised with huashu's Normalizer, so scripts and
//   widths match; joined with '\n'), ranked with ORDER BY bm25(). The query is the buyer text
//   normalised the same way, cut into runs of letters/digits/Han (punctuation, spaces and emoji
//   end a run), and every 3-character substring of every run, each quoted as a phrase, joined
//   with OR: the most recall FTS5's trigram index can give (it cannot match a term shorter than
//   3 characters, so a message whose runs are all shorter, e.g. "在吗", "hi", gets no answer).
//   bm25() weighs each matching trigram by its idf, so longer shared substrings, which share
//   more trigrams, count more.
// - substring: a quick-phrase box. An entry matches when any of its keywords (normalised) is a
//   substring of the normalised text; entries rank by the total length in characters of their
//   matching keywords, then by how many match, then phrasebook order. Examples are not used.
// - "+ synonyms" rows: the same peers, with huashu's [synonyms] applied to both the indexed text
//   and the query (as the engine does), to separate what synonyms give from what ranking gives.
//
// For each: top-1 intent accuracy (the first intent is one of the labels), top-3 accuracy (every
// labelled intent is among the first 3 distinct intents, so a two-part question needs both), and
// latency per query over all timed passes (steady_clock around one ranker call, which includes
// normalisation and, for FTS5, building the query and stepping until 3 distinct intents).
//
// Run: build/release/bench/huashu_peers_bench [--passes N] [--no-10k]
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "huashu/engine/suggestion_engine.h"
#include "huashu/text/phrase_matcher.h"

namespace {

using namespace huashu;
using phrasebook::Intent;
using Clock = std::chrono::steady_clock;

struct Labelled {
    std::vector<Intent> intents;
    std::string text;
};

std::vector<Labelled> labelled_set() {
    std::ifstream in(HUASHU_SOURCE_DIR "/tests/data/intents.tsv");
    std::vector<Labelled> set;
    for (std::string line; std::getline(in, line);) {
        const auto tab = line.find('\t');
        if (line.empty() || line[0] == '#' || tab == std::string::npos) continue;
        Labelled item;
        item.text = line.substr(tab + 1);
        std::stringstream ids(line.substr(0, tab));
        for (std::string id; std::getline(ids, id, ',');) {
            const auto intent = phrasebook::parse_intent(id);
            if (!intent) throw std::runtime_error("intents.tsv: unknown intent '" + id + "'");
            item.intents.push_back(*intent);
        }
        set.push_back(std::move(item));
    }
    if (set.empty()) throw std::runtime_error("no labelled utterances");
    return set;
}

std::shared_ptr<const phrasebook::Phrasebook> load(const std::string& dir) {
    auto report = phrasebook::load_directory(dir);
    if (!report.ok()) throw std::runtime_error(dir + ": " + report.problems.front().to_string());
    return std::make_shared<const phrasebook::Phrasebook>(std::move(*report.phrasebook));
}

// Normalisation, and optionally the phrasebook's synonyms, exactly as the engine prepares text.
class Preparer {
public:
    Preparer(std::shared_ptr<const text::Normalizer> normalizer, const phrasebook::Phrasebook& book, bool synonyms)
        : normalizer_(std::move(normalizer)) {
        if (!synonyms) return;
        for (const phrasebook::Synonym& synonym : book.synonyms) {
            const std::size_t id = canonical_.size();
            canonical_.push_back(normalizer_->normalize(synonym.canonical));
            for (const std::string& variant : synonym.variants) synonyms_.add(normalizer_->normalize(variant), id);
        }
    }
    std::string operator()(std::string_view raw) const {
        std::string normalized = normalizer_->normalize(raw);
        return synonyms_.empty() ? normalized : synonyms_.replace_all(normalized, canonical_);
    }

private:
    std::shared_ptr<const text::Normalizer> normalizer_;
    text::PhraseMatcher synonyms_;
    std::vector<std::string> canonical_;
};

// Byte length of the UTF-8 sequence starting with `lead` (input is valid UTF-8).
std::size_t sequence_length(unsigned char lead) {
    if (lead < 0x80) return 1;
    if (lead < 0xE0) return 2;
    if (lead < 0xF0) return 3;
    return 4;
}

char32_t decode(std::string_view s, std::size_t at, std::size_t length) {
    const auto byte = [&](std::size_t i) { return static_cast<char32_t>(static_cast<unsigned char>(s[at + i])); };
    switch (length) {
        case 1: return byte(0);
        case 2: return ((byte(0) & 0x1F) << 6) | (byte(1) & 0x3F);
        case 3: return ((byte(0) & 0x0F) << 12) | ((byte(1) & 0x3F) << 6) | (byte(2) & 0x3F);
        default: return ((byte(0) & 0x07) << 18) | ((byte(1) & 0x3F) << 12) | ((byte(2) & 0x3F) << 6) | (byte(3) & 0x3F);
    }
}

// Letters, digits and Han continue a run; ASCII punctuation and spaces, general and CJK
// punctuation, symbols, arrows, dingbats, variation selectors, full-width punctuation and emoji
// end it. Good enough for normalised chat text.
bool is_word_character(char32_t cp) {
    if (cp < 0x80) return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    if (cp <= 0xBF) return false;
    if (cp >= 0x2000 && cp <= 0x2BFF) return false;
    if (cp >= 0x3000 && cp <= 0x303F) return false;
    if (cp >= 0xFE00 && cp <= 0xFE6F) return false;
    if (cp >= 0xFF00 && cp <= 0xFF65) return false;
    if (cp >= 0x1F000) return false;
    return true;
}

std::size_t code_points(std::string_view s) {
    std::size_t n = 0;
    for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

// The FTS5 query for normalised text: every distinct 3-character substring of every word run,
// quoted, joined with OR. Empty when no run is 3 characters long.
std::string trigram_query(std::string_view text) {
    std::vector<std::string> trigrams;
    std::vector<std::size_t> run;  // byte offsets of the run's characters, plus its end
    auto flush = [&](std::size_t end) {
        if (run.size() >= 3) {
            run.push_back(end);
            for (std::size_t i = 0; i + 3 < run.size(); ++i) {
                trigrams.emplace_back(text.substr(run[i], run[i + 3] - run[i]));
            }
        }
        run.clear();
    };
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t length = sequence_length(static_cast<unsigned char>(text[at]));
        if (is_word_character(decode(text, at, length))) {
            run.push_back(at);
        } else {
            flush(at);
        }
        at += length;
    }
    flush(text.size());
    std::unordered_set<std::string> seen;
    std::string query;
    for (const std::string& trigram : trigrams) {
        if (!seen.insert(trigram).second) continue;
        if (!query.empty()) query += " OR ";
        query += '"';
        query += trigram;  // word characters only: never a '"' to escape
        query += '"';
    }
    return query;
}

// Answers the first `k` distinct intents for a buyer message, best first.
class Ranker {
public:
    virtual ~Ranker() = default;
    virtual void top_intents(std::string_view text, std::size_t k, std::vector<Intent>& out) = 0;
};

class HuashuRanker : public Ranker {
public:
    HuashuRanker(std::shared_ptr<const phrasebook::Phrasebook> book, std::shared_ptr<const text::Normalizer> normalizer)
        : engine_(engine::SuggestionEngine::build(std::move(book), std::move(normalizer))) {}
    void top_intents(std::string_view text, std::size_t k, std::vector<Intent>& out) override {
        out.clear();
        for (const engine::IntentScore& s : engine_->classify(text)) {
            if (out.size() == k) break;
            out.push_back(s.intent);
        }
    }

private:
    std::shared_ptr<const engine::SuggestionEngine> engine_;
};

class Fts5Ranker : public Ranker {
public:
    Fts5Ranker(const phrasebook::Phrasebook& book, Preparer prepare) : prepare_(std::move(prepare)) {
        check(sqlite3_open(":memory:", &db_));
        exec("CREATE VIRTUAL TABLE entries USING fts5(body, tokenize='trigram')");
        exec("BEGIN");
        sqlite3_stmt* insert = nullptr;
        check(sqlite3_prepare_v2(db_, "INSERT INTO entries(rowid, body) VALUES(?1, ?2)", -1, &insert, nullptr));
        for (const phrasebook::Entry& entry : book.entries) {
            std::string body;
            for (const auto* triggers : {&entry.keywords, &entry.examples}) {
                for (const std::string& trigger : *triggers) {
                    if (!body.empty()) body += '\n';
                    body += prepare_(trigger);
                }
            }
            category_of_row_.push_back(entry.category);
            sqlite3_bind_int64(insert, 1, static_cast<sqlite3_int64>(category_of_row_.size()));  // rowid = index + 1
            sqlite3_bind_text(insert, 2, body.data(), static_cast<int>(body.size()), SQLITE_TRANSIENT);
            if (sqlite3_step(insert) != SQLITE_DONE) fail("insert");
            sqlite3_reset(insert);
        }
        sqlite3_finalize(insert);
        exec("COMMIT");
        check(sqlite3_prepare_v2(db_, "SELECT rowid FROM entries WHERE entries MATCH ?1 ORDER BY bm25(entries)", -1, &query_,
                                 nullptr));
    }
    ~Fts5Ranker() override {
        sqlite3_finalize(query_);
        sqlite3_close(db_);
    }
    Fts5Ranker(const Fts5Ranker&) = delete;
    Fts5Ranker& operator=(const Fts5Ranker&) = delete;

    void top_intents(std::string_view text, std::size_t k, std::vector<Intent>& out) override {
        out.clear();
        const std::string match = trigram_query(prepare_(text));
        if (match.empty()) return;
        sqlite3_bind_text(query_, 1, match.data(), static_cast<int>(match.size()), SQLITE_STATIC);
        int rc;
        while (out.size() < k && (rc = sqlite3_step(query_)) == SQLITE_ROW) {
            const Intent intent = category_of_row_[static_cast<std::size_t>(sqlite3_column_int64(query_, 0) - 1)];
            if (std::find(out.begin(), out.end(), intent) == out.end()) out.push_back(intent);
        }
        sqlite3_reset(query_);
        sqlite3_clear_bindings(query_);
    }

private:
    void exec(const char* sql) {
        if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) fail(sql);
    }
    void check(int rc) {
        if (rc != SQLITE_OK) fail("sqlite");
    }
    [[noreturn]] void fail(const std::string& what) {
        throw std::runtime_error(what + ": " + (db_ != nullptr ? sqlite3_errmsg(db_) : "cannot open"));
    }

    Preparer prepare_;
    sqlite3* db_ = nullptr;
    sqlite3_stmt* query_ = nullptr;
    std::vector<Intent> category_of_row_;
};

class SubstringRanker : public Ranker {
public:
    SubstringRanker(const phrasebook::Phrasebook& book, Preparer prepare) : prepare_(std::move(prepare)) {
        for (const phrasebook::Entry& entry : book.entries) {
            std::vector<Keyword> keywords;
            for (const std::string& keyword : entry.keywords) {
                std::string prepared = prepare_(keyword);
                if (prepared.empty()) continue;
                const std::size_t length = code_points(prepared);
                keywords.push_back({std::move(prepared), length});
            }
            entries_.push_back({entry.category, std::move(keywords)});
        }
    }
    void top_intents(std::string_view raw, std::size_t k, std::vector<Intent>& out) override {
        out.clear();
        const std::string text = prepare_(raw);
        hits_.clear();
        for (std::uint32_t e = 0; e < entries_.size(); ++e) {
            Hit hit{0, 0, e};
            for (const Keyword& keyword : entries_[e].keywords) {
                if (text.find(keyword.text) != std::string::npos) {
                    hit.length += keyword.length;
                    ++hit.count;
                }
            }
            if (hit.count > 0) hits_.push_back(hit);
        }
        std::sort(hits_.begin(), hits_.end(), [](const Hit& a, const Hit& b) {
            if (a.length != b.length) return a.length > b.length;
            if (a.count != b.count) return a.count > b.count;
            return a.entry < b.entry;
        });
        for (const Hit& hit : hits_) {
            if (out.size() == k) break;
            const Intent intent = entries_[hit.entry].category;
            if (std::find(out.begin(), out.end(), intent) == out.end()) out.push_back(intent);
        }
    }

private:
    struct Keyword {
        std::string text;
        std::size_t length;  // code points
    };
    struct Entry {
        Intent category;
        std::vector<Keyword> keywords;
    };
    struct Hit {
        std::size_t length;
        std::size_t count;
        std::uint32_t entry;
    };
    Preparer prepare_;
    std::vector<Entry> entries_;
    std::vector<Hit> hits_;
};

struct Outcome {
    double top1 = 0;
    double top3 = 0;
    std::size_t unanswered = 0;
    double p50_us = 0;
    double p99_us = 0;
    double mean_us = 0;
};

double percentile(const std::vector<double>& sorted, double q) {
    const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size())));
    return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

// One untimed pass for accuracy (and warm-up), then `passes` timed passes.
Outcome evaluate(Ranker& ranker, const std::vector<Labelled>& set, int passes) {
    Outcome outcome;
    std::vector<Intent> top;
    std::size_t top1 = 0;
    std::size_t top3 = 0;
    for (const Labelled& item : set) {
        ranker.top_intents(item.text, 3, top);
        if (top.empty()) {
            ++outcome.unanswered;
            continue;
        }
        if (std::find(item.intents.begin(), item.intents.end(), top.front()) != item.intents.end()) ++top1;
        if (std::all_of(item.intents.begin(), item.intents.end(),
                        [&](Intent i) { return std::find(top.begin(), top.end(), i) != top.end(); })) {
            ++top3;
        }
    }
    outcome.top1 = static_cast<double>(top1) / static_cast<double>(set.size());
    outcome.top3 = static_cast<double>(top3) / static_cast<double>(set.size());

    std::vector<double> micros;
    micros.reserve(set.size() * static_cast<std::size_t>(passes));
    for (int pass = 0; pass < passes; ++pass) {
        for (const Labelled& item : set) {
            const auto t0 = Clock::now();
            ranker.top_intents(item.text, 3, top);
            const auto t1 = Clock::now();
            micros.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
        }
    }
    std::sort(micros.begin(), micros.end());
    double total = 0;
    for (double m : micros) total += m;
    outcome.p50_us = percentile(micros, 0.50);
    outcome.p99_us = percentile(micros, 0.99);
    outcome.mean_us = total / static_cast<double>(micros.size());
    return outcome;
}

template <typename Make>
void run(const std::string& book_name, const std::string& method, Make make, const std::vector<Labelled>& set, int passes) {
    const auto t0 = Clock::now();
    std::unique_ptr<Ranker> ranker = make();
    const double build_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    const Outcome o = evaluate(*ranker, set, passes);
    char line[256];
    std::snprintf(line, sizeof line, "| %s | %s | %.1f %% | %.1f %% | %zu | %.1f | %.1f | %.1f | %.0f |", book_name.c_str(),
                  method.c_str(), 100 * o.top1, 100 * o.top3, o.unanswered, o.p50_us, o.p99_us, o.mean_us, build_ms);
    std::cout << line << std::endl;
}

void compare(const std::string& book_name, const std::string& dir, const std::vector<Labelled>& set, int passes) {
    const auto book = load(dir);
    const std::shared_ptr<const text::Normalizer> normalizer = *text::Normalizer::create();
    const std::string name = book_name + " (" + std::to_string(book->entries.size()) + ")";
    run(name, "huashu", [&] { return std::make_unique<HuashuRanker>(book, normalizer); }, set, passes);
    run(name, "fts5 trigram bm25", [&] { return std::make_unique<Fts5Ranker>(*book, Preparer(normalizer, *book, false)); }, set,
        passes);
    run(name, "fts5 trigram bm25 + synonyms",
        [&] { return std::make_unique<Fts5Ranker>(*book, Preparer(normalizer, *book, true)); }, set, passes);
    run(name, "substring", [&] { return std::make_unique<SubstringRanker>(*book, Preparer(normalizer, *book, false)); }, set,
        passes);
    run(name, "substring + synonyms",
        [&] { return std::make_unique<SubstringRanker>(*book, Preparer(normalizer, *book, true)); }, set, passes);
}

}  // namespace

int main(int argc, char** argv) {
    int passes = 3;
    bool large = true;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--passes") == 0 && i + 1 < argc) {
            passes = std::max(1, std::atoi(argv[++i]));
        } else if (std::strcmp(argv[i], "--no-10k") == 0) {
            large = false;
        } else {
            std::cerr << "usage: huashu_peers_bench [--passes N] [--no-10k]\n";
            return 2;
        }
    }
    try {
        const auto set = labelled_set();
        std::size_t two_part = 0;
        for (const auto& item : set) two_part += item.intents.size() > 1;
        std::cout << "labelled utterances: " << set.size() << " (" << two_part << " two-part), timed passes: " << passes
                  << ", SQLite " << sqlite3_libversion() << "\n\n"
                  << "| phrasebook (entries) | method | top-1 | top-3 | no answer | p50 µs | p99 µs | mean µs | build ms |\n"
                  << "| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n";
        compare("bundled", HUASHU_SOURCE_DIR "/phrasebook", set, passes);
        if (large) compare("generated 10k", HUASHU_BENCH_DATA_DIR "/large_phrasebook_10k", set, passes);
    } catch (const std::exception& e) {
        std::cerr << "huashu_peers_bench: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
