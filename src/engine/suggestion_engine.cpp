#include "huashu/engine/suggestion_engine.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <climits>
#include <limits>
#include <cmath>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <span>
#include <thread>
#include <tuple>
#include <unordered_map>

#include "huashu/text/phrase_matcher.h"
#include "huashu/text/segmenter.h"

namespace huashu::engine {

using phrasebook::Entry;
using phrasebook::Intent;

namespace {

// Matching units and how much each counts. Whole words carry the meaning; bigrams catch what
// the word segmenter splits differently (slang, typos, run-together questions); single Han
// characters rescue very short messages ("贵", "退") but are weak evidence on their own.
enum class FeatureKind : unsigned char { word, bigram, character };
constexpr double kKindWeight[] = {1.0, 1.0, 0.3};
// A keyword is a deliberate choice of the phrasebook author, an example only an illustration.
constexpr float kKeywordTermFrequency = 2.0F;
constexpr float kExampleTermFrequency = 1.0F;
// After an order is placed, payment and order-change answers are the likely ones.
constexpr double kOrderedStageBoost = 1.5;
// A clause must match this well to count as a question of its own.
constexpr double kMinimumClauseScore = 1.0;
// How many closing techniques a hesitant buyer's answer carries.
constexpr std::size_t kClosingSuggestions = 2;
// Usage lifts a score by at most this share, reached at kUsageSaturation uses.
constexpr double kUsageLift = 0.1;
constexpr double kUsageSaturation = 100;
// Common-feature pruning applies from this phrasebook size on; below it every feature counts.
constexpr std::size_t kMinEntriesForPruning = 1000;
constexpr double kCommonShare = 0.05;
// Entries kept in a ranking beyond the best of each intent (an answer shows at most 20).
constexpr std::size_t kMaxRanked = 48;
// A text whose posting lists hold at least 1/kDenseVolumeShare as many postings as there are
// entries is scored densely (see accumulate); a board with more than 1/kDenseResetShare of its
// entries touched is reset with one fill.
constexpr std::size_t kDenseVolumeShare = 2;
constexpr std::size_t kDenseResetShare = 8;
// Posting lists at least this long keep where each intent's part starts and its best impact
// (see SuggestionEngine::Index::IntentSpans); shorter ones are scanned for it when needed.
constexpr std::uint32_t kMinPostingsForSpans = 8;
// A clause whose posting lists hold at least 1/kPrunedVolumeShare as many postings as there
// are entries has its best entry found by best_of_clause() rather than by accumulate().
constexpr std::size_t kPrunedVolumeShare = 16;
// Upper bounds on a score are raised by this share: a float sum of up to a few hundred
// impacts can exceed the exact sum by far less.
constexpr double kBoundSlack = 1.001;

// One matching unit found in prepared text. Words are compared by their bytes, Han bigrams and
// characters by their code points packed into one integer: finding a text's features builds no
// string.
struct Feature {
    FeatureKind kind = FeatureKind::word;
    std::uint32_t begin = 0;  // byte range in the text
    std::uint32_t end = 0;
    std::uint64_t han_key = 0;  // bigrams and characters only
};

std::uint64_t han_key(FeatureKind kind, char32_t first, char32_t second) {
    return (static_cast<std::uint64_t>(kind) << 42) | (static_cast<std::uint64_t>(first) << 21) | second;
}

// Decodes the code point starting at text[at] and advances `at` past it. REQUIRES: valid UTF-8.
char32_t next_code_point(std::string_view text, std::size_t& at) {
    const auto byte = [&](std::size_t i) { return static_cast<char32_t>(static_cast<unsigned char>(text[i])); };
    const char32_t lead = byte(at);
    if (lead < 0x80) {
        at += 1;
        return lead;
    }
    if (lead < 0xE0) {
        at += 2;
        return ((lead & 0x1F) << 6) | (byte(at - 1) & 0x3F);
    }
    if (lead < 0xF0) {
        at += 3;
        return ((lead & 0x0F) << 12) | ((byte(at - 2) & 0x3F) << 6) | (byte(at - 1) & 0x3F);
    }
    at += 4;
    return ((lead & 0x07) << 18) | ((byte(at - 3) & 0x3F) << 12) | ((byte(at - 2) & 0x3F) << 6) | (byte(at - 1) & 0x3F);
}

// The features of prepared text into `out` (cleared first): its words, then the bigrams of each
// Han run, then its Han characters, each group in text order. This order is also the order in
// which scores are summed, so it decides the last bits of every score.
void find_features(std::string_view prepared, std::vector<Feature>& out) {
    out.clear();
    thread_local std::vector<text::WordSpan> words;
    words.clear();
    text::segment_word_spans(prepared, words);
    for (const text::WordSpan& word : words) {
        out.push_back({FeatureKind::word, static_cast<std::uint32_t>(word.begin), static_cast<std::uint32_t>(word.end), 0});
    }
    struct HanCharacter {
        char32_t code_point;
        std::uint32_t begin;
        std::uint32_t end;
        bool follows_han;  // the code point before it is Han too: the two form a bigram
    };
    thread_local std::vector<HanCharacter> han;
    han.clear();
    std::size_t previous_end = SIZE_MAX;
    for (std::size_t at = 0; at < prepared.size();) {
        const std::size_t begin = at;
        const char32_t code_point = next_code_point(prepared, at);
        if (!text::is_han(code_point)) continue;
        han.push_back({code_point, static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(at), begin == previous_end});
        previous_end = at;
    }
    for (std::size_t i = 1; i < han.size(); ++i) {
        if (!han[i].follows_han) continue;
        out.push_back({FeatureKind::bigram, han[i - 1].begin, han[i].end,
                       han_key(FeatureKind::bigram, han[i - 1].code_point, han[i].code_point)});
    }
    for (const HanCharacter& c : han) out.push_back({FeatureKind::character, c.begin, c.end, han_key(FeatureKind::character, 0, c.code_point)});
}

constexpr std::uint32_t kUnknownFeature = UINT32_MAX;

// Numbers distinct texts in order of first appearance: views[i] is text number i. The build
// numbers ~150k triggers and ~75k pieces of a 10k phrasebook this way. An open-addressing table
// of (hash, number) finds a text with about one cache miss, where std::unordered_map's nodes
// cost three, and allocates nothing per text.
class TextNumbering {
public:
    explicit TextNumbering(std::size_t expected) : slots_(std::bit_ceil(std::max<std::size_t>(2 * expected, 64))) {}

    // The number of `text`, and whether it was new (numbers count up from 0).
    std::pair<std::uint32_t, bool> number(std::string_view text) {
        if (2 * (views_.size() + 1) > slots_.size()) grow();
        const std::uint64_t hash = std::hash<std::string_view>{}(text);
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
            Slot& slot = slots_[i];
            if (slot.number == kEmpty) {
                slot = {hash, static_cast<std::uint32_t>(views_.size())};
                views_.push_back(text);
                return {slot.number, true};
            }
            if (slot.hash == hash && views_[slot.number] == text) return {slot.number, false};
        }
    }

    std::vector<std::string_view> take_views() { return std::move(views_); }

private:
    static constexpr std::uint32_t kEmpty = UINT32_MAX;
    struct Slot {
        std::uint64_t hash = 0;
        std::uint32_t number = kEmpty;
    };

    void grow() {
        std::vector<Slot> old(slots_.size() * 2);
        old.swap(slots_);
        const std::size_t mask = slots_.size() - 1;
        for (const Slot& slot : old) {
            if (slot.number == kEmpty) continue;
            std::size_t i = slot.hash & mask;
            while (slots_[i].number != kEmpty) i = (i + 1) & mask;
            slots_[i] = slot;
        }
    }

    std::vector<Slot> slots_;
    std::vector<std::string_view> views_;
};

// Feature ids by feature, looked up for every feature of every message. One open-addressing
// table of 16-byte slots keyed by a Han feature's han_key or by a word's hash (top bit set, which
// no han_key has) and confirmed against the word's bytes: a lookup costs about one cache miss,
// plus one for a word's bytes, where std::unordered_map's bucket and node cost two or three and
// its hash a division. Ids are the caller's; kUnknownFeature is never one.
class FeatureIds {
public:
    std::uint32_t find_han(std::uint64_t han_key) const { return find(han_key, {}); }
    std::uint32_t find_word(std::string_view word) const { return find(word_key(word), word); }

    // REQUIRES: the feature has no id yet.
    void add_han(std::uint64_t han_key, std::uint32_t id) { insert({han_key, id, 0}); }
    void add_word(std::string_view word, std::uint32_t id) {
        insert({word_key(word), id, static_cast<std::uint32_t>(word_start_.size() - 1)});
        word_bytes_.append(word);
        word_start_.push_back(static_cast<std::uint32_t>(word_bytes_.size()));
    }

private:
    static constexpr std::uint64_t kWordBit = 1ULL << 63;
    struct Slot {
        std::uint64_t key = 0;  // 0: free (a han_key is never 0, a word key has kWordBit)
        std::uint32_t id = kUnknownFeature;
        std::uint32_t word = 0;  // a word's number in word_start_
    };

    static std::uint64_t word_key(std::string_view word) { return std::hash<std::string_view>{}(word) | kWordBit; }
    std::size_t home(std::uint64_t key) const { return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> shift_); }
    std::string_view word_of(const Slot& slot) const {
        return std::string_view(word_bytes_).substr(word_start_[slot.word], word_start_[slot.word + 1] - word_start_[slot.word]);
    }

    std::uint32_t find(std::uint64_t key, std::string_view word) const {
        if (slots_.empty()) return kUnknownFeature;
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = home(key);; i = (i + 1) & mask) {
            const Slot& slot = slots_[i];
            if (slot.key == 0) return kUnknownFeature;
            if (slot.key == key && ((key & kWordBit) == 0 || word_of(slot) == word)) return slot.id;
        }
    }

    void insert(const Slot& added) {
        if (2 * (used_ + 1) > slots_.size()) grow();
        const std::size_t mask = slots_.size() - 1;
        std::size_t i = home(added.key);
        while (slots_[i].key != 0) i = (i + 1) & mask;
        slots_[i] = added;
        ++used_;
    }

    void grow() {
        std::vector<Slot> old(std::max<std::size_t>(64, 2 * slots_.size()));
        old.swap(slots_);
        shift_ = 64 - static_cast<unsigned>(std::countr_zero(slots_.size()));
        used_ = 0;
        for (const Slot& slot : old) {
            if (slot.key != 0) insert(slot);
        }
    }

    std::vector<Slot> slots_;
    unsigned shift_ = 64;
    std::size_t used_ = 0;
    std::string word_bytes_;
    std::vector<std::uint32_t> word_start_{0};  // word w's bytes: [word_start_[w], word_start_[w + 1])
};

}  // namespace

class SuggestionEngine::Index {
public:
    std::shared_ptr<const phrasebook::Phrasebook> book;
    std::shared_ptr<const text::Normalizer> normalizer;
    EngineOptions options;

    text::PhraseMatcher synonyms;
    std::vector<std::string> canonical_of_synonym;

    // One entry's share of one feature, precomputed at build time (idf × kind weight × BM25
    // term-frequency saturation), so that ranking is a sum of floats.
    struct Posting {
        std::uint32_t entry;
        float impact;
    };
    FeatureIds feature_ids;
    // Every feature's list, one after another; within a list by intent, then by entry, so that
    // each intent's postings are a run of their own (see best_of_clause).
    std::vector<Posting> postings;
    std::vector<std::uint32_t> posting_start;  // feature f's list: [posting_start[f], posting_start[f + 1])
    // Where each intent's run of one posting list starts, and the largest impact in it.
    struct IntentSpans {
        std::array<std::uint32_t, phrasebook::kIntentCount + 1> begin{};  // intent c's: [begin[c], begin[c + 1])
        std::array<float, phrasebook::kIntentCount> max_impact{};
    };
    // The spans of every list of at least kMinPostingsForSpans postings: spans_slot[f] indexes
    // long_list_spans, or is kNoSpans for a short list.
    static constexpr std::uint32_t kNoSpans = UINT32_MAX;
    std::vector<std::uint32_t> spans_slot;
    std::vector<IntentSpans> long_list_spans;
    // Features found in more than kCommonShare of the entries (吗, 亲, 的 in a big phrasebook),
    // and there single characters, carry little information but the longest posting lists:
    // skipped unless nothing else matches.
    std::vector<bool> common;
    // What ranking needs of each entry, packed so that going over thousands of matched
    // entries does not read their Entry structs.
    std::vector<Intent> category_of;
    std::vector<bool> has_technique;
    // Each block of kBlock entries in phrasebook order: its one intent, or kMixedBlock (see
    // dense_candidates).
    static constexpr std::size_t kBlock = 64;
    static constexpr std::uint8_t kMixedBlock = UINT8_MAX;
    std::vector<std::uint8_t> block_intent;
    // Closing-technique entries per intent, for a hesitant buyer whose words matched none.
    std::array<std::vector<std::uint32_t>, phrasebook::kIntentCount> techniques_for;

    // How often agents sent each reply: atomics, so that counting needs no lock while many
    // threads rank. variant_base[e] is where entry e's variants start in variant_uses.
    // Entries by id (views of the phrasebook's own strings): a reply id "<entry id>#<n>" is
    // parsed, so that a big phrasebook does not keep a string per reply.
    std::unordered_map<std::string_view, std::uint32_t> entry_of_id;
    std::vector<std::size_t> variant_base;
    std::unique_ptr<std::atomic<std::uint32_t>[]> variant_uses;
    std::unique_ptr<std::atomic<std::uint32_t>[]> entry_uses;
    std::atomic<bool> any_use{false};  // set before the first count goes up

    // The index in variant_uses of a reply id "<entry id>#<n>" (n from 1, written as
    // std::to_string writes it), or nullopt when this phrasebook has no such reply.
    std::optional<std::size_t> variant_of_id(std::string_view id) const {
        const std::size_t hash = id.rfind('#');  // entry ids have no '#'
        if (hash == std::string_view::npos) return std::nullopt;
        const std::string_view number = id.substr(hash + 1);
        if (number.empty() || number.size() > 9 || number.front() == '0') return std::nullopt;
        std::size_t n = 0;
        for (char c : number) {
            if (c < '0' || c > '9') return std::nullopt;
            n = n * 10 + static_cast<std::size_t>(c - '0');
        }
        const auto found = entry_of_id.find(id.substr(0, hash));
        if (found == entry_of_id.end() || n > book->entries[found->second].replies.size()) return std::nullopt;
        return variant_base[found->second] + n - 1;
    }

    std::uint32_t uses_of(std::size_t e, std::size_t v) const { return variant_uses[variant_base[e] + v].load(std::memory_order_relaxed); }

    // Replies agents pick more often rank a little higher: enough to order near-equals,
    // never enough to beat a clearly better match.
    double usage_lift(std::size_t e) const {
        const double uses = entry_uses[e].load(std::memory_order_relaxed);
        return 1.0 + kUsageLift * std::min(1.0, std::log1p(uses) / std::log1p(kUsageSaturation));
    }

    // Entry e's variants, most used first (phrasebook order among equals).
    std::vector<std::size_t> variant_order(std::size_t e) const {
        std::vector<std::size_t> order(book->entries[e].replies.size());
        for (std::size_t v = 0; v < order.size(); ++v) order[v] = v;
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return uses_of(e, a) > uses_of(e, b); });
        return order;
    }

    // The front of variant_order(e), without building it.
    std::size_t first_variant(std::size_t e) const {
        std::size_t first = 0;
        for (std::size_t v = 1; v < book->entries[e].replies.size(); ++v) {
            if (uses_of(e, v) > uses_of(e, first)) first = v;
        }
        return first;
    }

    // Normalised text with every synonym variant read as its canonical word.
    std::string prepare(std::string_view raw) const {
        // (Synonyms never cross a clause boundary, so clauses can be cut after this.)
        std::string normalized = normalizer->normalize(raw);
        return synonyms.empty() ? normalized : synonyms.replace_all(normalized, canonical_of_synonym);
    }

    void build_usage() {
        std::size_t variants = 0;
        entry_of_id.reserve(book->entries.size());
        variant_base.reserve(book->entries.size());
        for (std::size_t e = 0; e < book->entries.size(); ++e) {
            variant_base.push_back(variants);
            entry_of_id.emplace(book->entries[e].id, static_cast<std::uint32_t>(e));
            variants += book->entries[e].replies.size();
        }
        variant_uses = std::make_unique<std::atomic<std::uint32_t>[]>(variants);
        entry_uses = std::make_unique<std::atomic<std::uint32_t>[]>(book->entries.size());
    }

    // The id of a feature of `text`, or kUnknownFeature when no entry has it.
    std::uint32_t find_id(const Feature& feature, std::string_view text) const {
        if (feature.kind == FeatureKind::word) return feature_ids.find_word(text.substr(feature.begin, feature.end - feature.begin));
        return feature_ids.find_han(feature.han_key);
    }

    // The id of a feature of `text`, given a new one if it has none.
    std::uint32_t intern(const Feature& feature, std::string_view text, std::vector<FeatureKind>& kind_of_feature) {
        if (const std::uint32_t known = find_id(feature, text); known != kUnknownFeature) return known;
        const auto next = static_cast<std::uint32_t>(kind_of_feature.size());
        if (feature.kind == FeatureKind::word) {
            feature_ids.add_word(text.substr(feature.begin, feature.end - feature.begin), next);
        } else {
            feature_ids.add_han(feature.han_key, next);
        }
        kind_of_feature.push_back(feature.kind);
        return next;
    }

    // Runs work(i, scratch) for every i in [0, count) on up to hardware_concurrency() threads,
    // each thread with its own Scratch: trigger analysis is most of a big phrasebook's build
    // time, and the engine is immutable during the build, so the texts are independent.
    template <typename Scratch, typename Work>
    static void parallel_for(std::size_t count, const Work& work) {
        constexpr std::size_t kChunk = 256;  // items a thread takes at a time: small enough to balance
        std::atomic<std::size_t> next_chunk{0};
        std::exception_ptr failure;
        std::mutex failure_mutex;
        auto run = [&] {
            try {
                Scratch scratch{};
                for (std::size_t begin = next_chunk.fetch_add(kChunk); begin < count; begin = next_chunk.fetch_add(kChunk)) {
                    for (std::size_t i = begin; i < std::min(begin + kChunk, count); ++i) work(i, scratch);
                }
            } catch (...) {
                std::lock_guard lock(failure_mutex);
                if (!failure) failure = std::current_exception();
                next_chunk = count;
            }
        };
        const std::size_t helpers = std::min<std::size_t>(std::max(std::thread::hardware_concurrency(), 1U) - 1, count / (4 * kChunk));
        std::vector<std::jthread> threads;
        for (std::size_t t = 0; t < helpers; ++t) threads.emplace_back(run);
        run();
        threads.clear();  // joins
        if (failure) std::rethrow_exception(failure);
    }

    // Runs work(slice) for every slice, each on a thread of its own but the first, which runs
    // on the calling thread.
    template <typename Slice, typename Work>
    static void run_slices(std::vector<Slice>& slices, const Work& work) {
        std::exception_ptr failure;
        std::mutex failure_mutex;
        auto run = [&](Slice& slice) {
            try {
                work(slice);
            } catch (...) {
                std::lock_guard lock(failure_mutex);
                if (!failure) failure = std::current_exception();
            }
        };
        {
            std::vector<std::jthread> threads;
            for (std::size_t i = 1; i < slices.size(); ++i) threads.emplace_back(run, std::ref(slices[i]));
            run(slices.front());
        }  // joins
        if (failure) std::rethrow_exception(failure);
    }

    void build() {
        build_usage();
        for (const phrasebook::Synonym& synonym : book->synonyms) {
            const std::size_t id = canonical_of_synonym.size();
            canonical_of_synonym.push_back(normalizer->normalize(synonym.canonical));
            for (const std::string& variant : synonym.variants) synonyms.add(normalizer->normalize(variant), id);
        }

        // Every trigger of every entry as an index into the distinct ones, in phrasebook order.
        // Phrasebooks repeat their triggers a lot (a generated 10k book has ~150k triggers,
        // ~45k distinct), so each distinct text is prepared once.
        const std::size_t entry_count = book->entries.size();
        std::vector<std::uint32_t> trigger_first(entry_count + 1, 0);  // entry e's: [first[e], first[e+1])
        std::vector<std::pair<std::uint32_t, float>> triggers;           // distinct index, term frequency
        std::size_t trigger_count = 0;
        for (const Entry& entry : book->entries) trigger_count += entry.keywords.size() + entry.examples.size();
        std::vector<std::string_view> distinct;
        {
            TextNumbering numbering(trigger_count / 2);
            triggers.reserve(trigger_count);
            for (std::uint32_t e = 0; e < entry_count; ++e) {
                const Entry& entry = book->entries[e];
                auto add = [&](std::string_view text, float weight) { triggers.emplace_back(numbering.number(text).first, weight); };
                for (const std::string& keyword : entry.keywords) add(keyword, kKeywordTermFrequency);
                for (const std::string& example : entry.examples) add(example, kExampleTermFrequency);
                trigger_first[e + 1] = static_cast<std::uint32_t>(triggers.size());
                category_of.push_back(entry.category);
                has_technique.push_back(entry.technique.has_value());
                if (entry.technique) techniques_for[static_cast<std::size_t>(entry.category)].push_back(e);
            }
            distinct = numbering.take_views();
        }
        block_intent.assign((entry_count + kBlock - 1) / kBlock, kMixedBlock);
        for (std::size_t b = 0; b < block_intent.size(); ++b) {
            const auto first = category_of.begin() + static_cast<std::ptrdiff_t>(b * kBlock);
            const auto last = category_of.begin() + static_cast<std::ptrdiff_t>(std::min((b + 1) * kBlock, entry_count));
            if (std::all_of(first, last, [&](Intent intent) { return intent == *first; })) block_intent[b] = static_cast<std::uint8_t>(*first);
        }
        // Most triggers are already in normal form: those keep viewing the phrasebook's text,
        // and only the others hold a prepared copy.
        std::vector<std::string> changed(distinct.size());
        std::vector<std::string_view> prepared(distinct.size());
        parallel_for<int>(distinct.size(), [&](std::size_t t, int&) {
            std::string text = prepare(distinct[t]);
            if (text == distinct[t]) {
                prepared[t] = distinct[t];
            } else {
                changed[t] = std::move(text);
                prepared[t] = changed[t];
            }
        });

        // Each prepared trigger as a list of distinct pieces that segment on their own (Han runs
        // and the ASCII between them): the 10k book's ~45k triggers have ~74k Han runs but only
        // ~26k distinct ones, and segmenting is most of the build. A trigger's features are its
        // pieces' features: bigrams never cross a piece either, and the order in which a
        // trigger's features are counted does not matter (term frequencies are small integers).
        std::vector<std::string_view> pieces;
        std::vector<std::uint32_t> piece_first(distinct.size() + 1, 0);  // trigger t's: piece_of[piece_first[t], piece_first[t+1])
        std::vector<std::uint32_t> piece_of;
        {
            TextNumbering numbering(distinct.size());
            std::vector<std::string_view> cut;
            for (std::size_t t = 0; t < prepared.size(); ++t) {
                cut.clear();
                text::cut_into_independent_pieces(prepared[t], cut);
                for (std::string_view piece : cut) piece_of.push_back(numbering.number(piece).first);
                piece_first[t + 1] = static_cast<std::uint32_t>(piece_of.size());
            }
            pieces = numbering.take_views();
        }

        // Feature ids of each distinct piece, one list after another. Pieces are analysed a
        // batch at a time, so that the analyses held at once (and the memory the helper
        // threads' allocators keep after) stay small, whatever the phrasebook's size.
        constexpr std::size_t kBatch = 2048;
        std::vector<FeatureKind> kind_of_feature;
        std::vector<std::uint32_t> feature_first(pieces.size() + 1, 0);
        std::vector<std::uint32_t> piece_features;
        {
            // A piece has at most a word, a bigram and a character per Han code point (3 or 4
            // bytes) and a word per other byte, so never more features than bytes: reserved up
            // front, the array is never copied as it grows.
            std::size_t piece_bytes = 0;
            for (std::string_view piece : pieces) piece_bytes += piece.size();
            piece_features.reserve(piece_bytes);
            std::vector<std::vector<Feature>> analysed(std::min(kBatch, pieces.size()));
            for (std::size_t batch = 0; batch < pieces.size(); batch += kBatch) {
                const std::size_t batch_end = std::min(batch + kBatch, pieces.size());
                parallel_for<std::vector<Feature>>(batch_end - batch, [&](std::size_t i, std::vector<Feature>& scratch) {
                    find_features(pieces[batch + i], scratch);
                    analysed[i].assign(scratch.begin(), scratch.end());
                });
                for (std::size_t p = batch; p < batch_end; ++p) {
                    for (const Feature& feature : analysed[p - batch]) piece_features.push_back(intern(feature, pieces[p], kind_of_feature));
                    feature_first[p + 1] = static_cast<std::uint32_t>(piece_features.size());
                }
            }
        }
        prepared = {};
        changed = {};
        const std::size_t feature_count = kind_of_feature.size();

        // Each entry's term frequency per feature, scattered into a dense scratch array and
        // gathered back, twice: once to count each feature's entries, so that the posting lists
        // can be laid out one after another in one array, and once to fill them. Computing the
        // frequencies twice is cheaper than keeping them: a 10k book has ~1M postings.
        // Entries are taken intent by intent (phrasebook order within one), so that every list
        // comes out grouped by intent and sorted by entry within each group; each thread takes
        // one slice of that order and writes its postings after those of the slices before it,
        // so the lists are the same whatever the number of threads.
        std::vector<std::uint32_t> by_intent(entry_count);
        {
            std::array<std::uint32_t, phrasebook::kIntentCount + 1> intent_first{};
            for (Intent intent : category_of) ++intent_first[static_cast<std::size_t>(intent) + 1];
            for (std::size_t c = 0; c < phrasebook::kIntentCount; ++c) intent_first[c + 1] += intent_first[c];
            for (std::uint32_t e = 0; e < entry_count; ++e) by_intent[intent_first[static_cast<std::size_t>(category_of[e])]++] = e;
        }
        struct Slice {
            std::size_t begin = 0, end = 0;               // of by_intent
            std::vector<float> frequency_of;              // by feature; all zero between entries
            std::vector<std::uint32_t> entry_features;    // the features of the entry being gathered
            std::vector<std::uint32_t> next;              // by feature: pass 1 counts, pass 2 the next slot
        };
        const std::size_t slice_count = entry_count < kMinEntriesForPruning ? 1 : std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 4);
        std::vector<Slice> slices(slice_count);
        for (std::size_t i = 0; i < slice_count; ++i) {
            slices[i].begin = entry_count * i / slice_count;
            slices[i].end = entry_count * (i + 1) / slice_count;
        }
        const auto gather_entry = [&](Slice& slice, std::uint32_t e) {
            slice.entry_features.clear();
            for (std::uint32_t i = trigger_first[e]; i < trigger_first[e + 1]; ++i) {
                const auto [t, weight] = triggers[i];
                for (std::uint32_t k = piece_first[t]; k < piece_first[t + 1]; ++k) {
                    const std::uint32_t piece = piece_of[k];
                    for (std::uint32_t j = feature_first[piece]; j < feature_first[piece + 1]; ++j) {
                        const std::uint32_t f = piece_features[j];
                        if (slice.frequency_of[f] == 0) slice.entry_features.push_back(f);
                        slice.frequency_of[f] += weight;
                    }
                }
            }
        };
        std::vector<double> entry_length(entry_count, 0);
        run_slices(slices, [&](Slice& slice) {
            slice.frequency_of.assign(feature_count, 0.0F);
            slice.next.assign(feature_count, 0);
            for (std::size_t i = slice.begin; i < slice.end; ++i) {
                const std::uint32_t e = by_intent[i];
                gather_entry(slice, e);
                for (std::uint32_t f : slice.entry_features) {
                    entry_length[e] += slice.frequency_of[f];
                    slice.frequency_of[f] = 0;
                    ++slice.next[f];
                }
            }
        });
        posting_start.assign(feature_count + 1, 0);
        for (std::size_t f = 0; f < feature_count; ++f) {
            std::uint32_t at = posting_start[f];
            for (Slice& slice : slices) {
                const std::uint32_t count = slice.next[f];
                slice.next[f] = at;
                at += count;
            }
            posting_start[f + 1] = at;
        }
        postings.resize(posting_start[feature_count]);
        run_slices(slices, [&](Slice& slice) {
            for (std::size_t i = slice.begin; i < slice.end; ++i) {
                const std::uint32_t e = by_intent[i];
                gather_entry(slice, e);
                for (std::uint32_t f : slice.entry_features) {
                    postings[slice.next[f]++] = {e, slice.frequency_of[f]};
                    slice.frequency_of[f] = 0;
                }
            }
        });
        slices = {};

        const double entries = static_cast<double>(std::max<std::size_t>(entry_count, 1));
        double total_length = 0;
        for (double length : entry_length) total_length += length;
        const double average_length = std::max(total_length / entries, 1.0);
        common.assign(feature_count, false);
        for (std::uint32_t f = 0; f < feature_count; ++f) {
            const double df = static_cast<double>(posting_start[f + 1] - posting_start[f]);
            const double idf = std::log(1 + (entries - df + 0.5) / (df + 0.5));
            const double weight = idf * kKindWeight[static_cast<std::size_t>(kind_of_feature[f])];
            // Single characters are the weakest evidence and, in a big phrasebook, the longest
            // lists: there they count only when nothing longer matched.
            common[f] = entry_count >= kMinEntriesForPruning &&
                        (df > kCommonShare * entries || kind_of_feature[f] == FeatureKind::character);
            for (std::uint32_t i = posting_start[f]; i < posting_start[f + 1]; ++i) {
                Posting& p = postings[i];
                const double tf = p.impact;  // still the term frequency here
                const double norm = options.bm25_k1 * (1 - options.bm25_b + options.bm25_b * entry_length[p.entry] / average_length);
                const double term_saturation = tf * (options.bm25_k1 + 1) / (tf + norm);
                p.impact = static_cast<float>(weight * term_saturation);
            }
        }
        spans_slot.assign(feature_count, kNoSpans);
        for (std::uint32_t f = 0; f < feature_count; ++f) {
            if (posting_start[f + 1] - posting_start[f] < kMinPostingsForSpans) continue;
            spans_slot[f] = static_cast<std::uint32_t>(long_list_spans.size());
            long_list_spans.push_back(scan_spans(f));
        }
    }

    // The intent runs of feature f's list, found by reading it.
    IntentSpans scan_spans(std::uint32_t f) const {
        IntentSpans spans;
        std::uint32_t at = posting_start[f];
        for (std::size_t c = 0; c < phrasebook::kIntentCount; ++c) {
            spans.begin[c] = at;
            float max_impact = 0;
            for (; at < posting_start[f + 1] && static_cast<std::size_t>(category_of[postings[at].entry]) == c; ++at) {
                max_impact = std::max(max_impact, postings[at].impact);
            }
            spans.max_impact[c] = max_impact;
        }
        spans.begin[phrasebook::kIntentCount] = at;
        return spans;
    }

    IntentSpans spans_of(std::uint32_t f) const { return spans_slot[f] == kNoSpans ? scan_spans(f) : long_list_spans[spans_slot[f]]; }

    // Scores of one text, by entry. Usually only the `touched` entries are non-zero, so that
    // resetting and ranking cost what the text matched, not the phrasebook's size; a text
    // that matched most of the phrasebook leaves the board `dense` instead, and then any entry
    // may be non-zero. One board per thread and purpose, reused across calls. Invariant
    // between uses: all zero.
    struct ScoreBoard {
        std::vector<float> score;
        // The touched entries are touched_storage[0, touched_count): the storage is as long as
        // the board, so that noting an entry is one store, with no capacity check or branch.
        std::vector<std::uint32_t> touched_storage;
        std::size_t touched_count = 0;
        bool dense = false;  // touched is not kept: every entry below the phrasebook's size counts
        std::span<const std::uint32_t> touched() const { return {touched_storage.data(), touched_count}; }
        // Calls visit(e) for every entry that may have a non-zero score.
        template <typename Visit>
        void for_each_scored(std::size_t entries, const Visit& visit) const {
            if (dense) {
                for (std::uint32_t e = 0; e < entries; ++e) visit(e);
            } else {
                for (std::uint32_t e : touched()) visit(e);
            }
        }
        // Adds a run of postings, noting each entry on its first touch. The entry is written to
        // `touched` always and kept only on its first touch: no branch for the processor to
        // mispredict. (Impacts are positive, so a touched entry's score is never 0.)
        void add(std::span<const Posting> run) {
            for (const Posting& p : run) {
                const float before = score[p.entry];
                touched_storage[touched_count] = p.entry;
                // A score is never -0 or NaN, so "untouched" is all bits zero: an integer test
                // is cheaper than a float comparison, which must rule out NaN.
                touched_count += std::bit_cast<std::uint32_t>(before) == 0 ? 1 : 0;
                score[p.entry] = before + p.impact;
            }
        }
        // Calls visit(e, score) for every touched entry of a sparse board and leaves the board
        // all zero again: one pass, where reading the scores and then prepare() take two.
        template <typename Visit>
        void drain(const Visit& visit) {
            for (std::uint32_t e : touched()) {
                const float drained = score[e];
                score[e] = 0;
                visit(e, drained);
            }
            touched_count = 0;
        }
        void prepare(std::size_t entries) {
            if (dense || touched_count > score.size() / kDenseResetShare) {
                std::fill(score.begin(), score.end(), 0.0F);
            } else {
                for (std::uint32_t e : touched()) score[e] = 0;
            }
            touched_count = 0;
            dense = false;
            if (score.size() < entries) {
                // Whole blocks (see dense_candidates), the last one padded with zeros.
                score.resize((entries + kBlock - 1) / kBlock * kBlock, 0);
                touched_storage.resize(entries + 1);  // + 1: accumulate() writes one past the touched
            }
        }
    };

    // Appends feature ids to a list, each once, keeping their first order. A long message has
    // a hundred or more; searching the list for each one costs quadratic time, a small
    // open-addressing set of the ids already in it does not. Its slots are one thread-local
    // table: one appender at a time per thread.
    class DistinctAppender {
    public:
        explicit DistinctAppender(std::vector<std::uint32_t>& list) : list_(list) {
            slots_.assign(std::bit_ceil(std::max<std::size_t>(64, 2 * (list.size() + 64))), kFree);
            for (std::uint32_t id : list) insert(id);
        }
        void append(std::uint32_t id) {
            if (insert(id)) list_.push_back(id);
        }

    private:
        static constexpr std::uint32_t kFree = UINT32_MAX;  // == kUnknownFeature, never appended
        // Whether `id` was new.
        bool insert(std::uint32_t id) {
            if (2 * (list_.size() + 1) > slots_.size()) grow();
            const std::size_t mask = slots_.size() - 1;
            for (std::size_t i = (id * 0x9E3779B1U) & mask;; i = (i + 1) & mask) {
                if (slots_[i] == id) return false;
                if (slots_[i] == kFree) {
                    slots_[i] = id;
                    return true;
                }
            }
        }
        void grow() {
            std::vector<std::uint32_t> old(2 * slots_.size(), kFree);
            old.swap(slots_);
            const std::size_t mask = slots_.size() - 1;
            for (std::uint32_t id : old) {
                if (id == kFree) continue;
                std::size_t i = (id * 0x9E3779B1U) & mask;
                while (slots_[i] != kFree) i = (i + 1) & mask;
                slots_[i] = id;
            }
        }
        std::vector<std::uint32_t>& list_;
        thread_local static inline std::vector<std::uint32_t> slots_;
    };

    // Appends to `matched` the ids of the features in [begin, end) that some entry has, each
    // once, in the order find_features() gave them.
    static void collect_matched(const std::vector<std::uint32_t>& id_of_feature, const std::vector<Feature>& features,
                                std::size_t begin, std::size_t end, std::vector<std::uint32_t>& matched) {
        DistinctAppender distinct(matched);
        for (std::size_t i = 0; i < features.size(); ++i) {
            const std::uint32_t id = id_of_feature[i];
            if (id == kUnknownFeature || features[i].begin < begin || features[i].end > end) continue;
            distinct.append(id);
        }
    }

    // BM25 score of every entry for a text's matched features, into `board`.
    void accumulate(const std::vector<std::uint32_t>& matched, ScoreBoard& board) const {
        const std::size_t entries = book->entries.size();
        board.prepare(entries);
        bool any_rare = false;
        for (std::uint32_t f : matched) any_rare = any_rare || !common[f];
        std::size_t volume = 0;
        for (std::uint32_t f : matched) {
            if (!(any_rare && common[f])) volume += posting_start[f + 1] - posting_start[f];
        }
        if (volume >= entries / kDenseVolumeShare) {
            // Many postings: noting each entry's first touch is a branch the processor cannot
            // predict, and most entries get touched anyway. Adding blindly is cheaper, and the
            // ranking then reads the whole board in order (ranked() finds the best score with
            // one vectorised pass and takes the entries above the cut-off with another).
            for (std::uint32_t f : matched) {
                if (any_rare && common[f]) continue;
                for (const Posting& p : postings_of(f)) board.score[p.entry] += p.impact;
            }
            board.dense = true;
            return;
        }
        for (std::uint32_t f : matched) {
            if (!(any_rare && common[f])) board.add(postings_of(f));
        }
    }

    std::span<const Posting> postings_of(std::uint32_t f) const {
        return {postings.data() + posting_start[f], postings.data() + posting_start[f + 1]};
    }

    // The features of `matched` that count: all of them, or only the rare ones when there are
    // any (see `common`), as accumulate() counts them. Their order is the order in which
    // scores are summed.
    void counted_features(const std::vector<std::uint32_t>& matched, std::vector<std::uint32_t>& counted) const {
        bool any_rare = false;
        for (std::uint32_t f : matched) any_rare = any_rare || !common[f];
        counted.clear();
        for (std::uint32_t f : matched) {
            if (!(any_rare && common[f])) counted.push_back(f);
        }
    }

    // Whether best_of_clause() is likely cheaper for `counted` than scoring every posting.
    bool worth_pruning(const std::vector<std::uint32_t>& counted) const {
        const std::size_t entries = book->entries.size();
        std::size_t volume = 0;
        for (std::uint32_t f : counted) volume += posting_start[f + 1] - posting_start[f];
        return volume >= entries / kPrunedVolumeShare;
    }

    // A clause's best entry and its score (ties to the earlier entry), found without scoring
    // every entry its lists name. Only the best entry matters: intents are taken in decreasing
    // order of their bound (the sum of the largest impacts of their runs of the clause's lists),
    // and an intent whose bound is below the best score found so far, or below
    // kMinimumClauseScore, is skipped; the others are summed exactly (decision 46, as revised
    // in session 10). The score is 0 when no entry scores above kMinimumClauseScore.
    std::pair<std::uint32_t, float> best_of_clause(std::span<const std::uint32_t> counted) const {
        constexpr std::size_t kIntents = phrasebook::kIntentCount;
        thread_local std::vector<IntentSpans> spans;
        spans.clear();
        for (std::uint32_t f : counted) spans.push_back(spans_of(f));

        // Intents most likely to hold the best entry first: its score lets the others skip.
        std::array<double, kIntents> intent_bound{};
        std::array<std::uint32_t, kIntents> intent_order{};
        for (std::size_t c = 0; c < kIntents; ++c) {
            double sum = 0;
            for (const IntentSpans& s : spans) sum += s.max_impact[c];
            intent_bound[c] = sum * kBoundSlack;
            intent_order[c] = static_cast<std::uint32_t>(c);
        }
        std::stable_sort(intent_order.begin(), intent_order.end(),
                         [&](std::uint32_t a, std::uint32_t b) { return intent_bound[a] > intent_bound[b]; });

        std::uint32_t best = 0;
        float best_score = 0;
        // Below this an entry can be neither the best nor above kMinimumClauseScore.
        double needed = kMinimumClauseScore;
        // Each intent's runs are summed term at a time into a scratch board, in `counted` order,
        // so that every score is the very float accumulate() gives.
        thread_local ScoreBoard intent_board;
        intent_board.prepare(book->entries.size());
        for (const std::uint32_t c : intent_order) {
            if (intent_bound[c] == 0 || intent_bound[c] < needed) continue;
            for (const IntentSpans& s : spans) intent_board.add({postings.data() + s.begin[c], postings.data() + s.begin[c + 1]});
            intent_board.drain([&](std::uint32_t e, float score) {
                if (score > best_score || (score == best_score && e < best)) {
                    best = e;
                    best_score = score;
                }
            });
            needed = std::max<double>(needed, best_score);
        }
        if (best_score <= kMinimumClauseScore) return {0, 0.0F};
        return {best, best_score};
    }

    // The cut-off under a best score: never 0, so that an entry nothing matched is no
    // candidate, on a dense board either.
    float cutoff_under(float best) const {
        return std::max(best * static_cast<float>(options.relative_cutoff), std::numeric_limits<float>::denorm_min());
    }

    // Into candidates[0, n), returning n: every scored entry at or above the cut-off, gathered
    // without a branch (in a big phrasebook about half of them are, in no order the processor
    // could predict).
    std::size_t every_candidate(const ScoreBoard& board, std::vector<std::uint32_t>& candidates) const {
        const std::size_t entries = book->entries.size();
        float best = 0;
        board.for_each_scored(entries, [&](std::uint32_t e) { best = std::max(best, board.score[e]); });
        if (best <= 0) return 0;
        const float cutoff = cutoff_under(best);
        const std::size_t most = board.dense ? entries : board.touched().size();
        if (candidates.size() < most) candidates.resize(most);
        std::size_t count = 0;
        board.for_each_scored(entries, [&](std::uint32_t e) {
            candidates[count] = e;
            count += board.score[e] >= cutoff ? 1 : 0;
        });
        return count;
    }

    // The same for a dense board, where nearly every entry has a score and about half pass the
    // cut-off, but ranked() keeps only the best kMaxRanked and each intent's best: reading the
    // board a block at a time, only the entries that can be one of those are gathered. A
    // block's largest score is found with one vectorised pass. The kMaxRanked-th largest of
    // the blocks' maxima is a score at least kMaxRanked entries reach, so the best kMaxRanked
    // all reach it: a block of one intent whose maximum reaches it gives only its entries that
    // reach it, its intent's best among them. A block below it can still hold its intent's
    // best, and of the blocks of one intent only the one with the largest maximum (the earliest
    // of equals) can: it gives the entries at that maximum. Blocks of several intents give
    // every entry above the cut-off. Exact: the same candidates that matter, so ranked() gives
    // the same answer as from every entry above the cut-off.
    std::size_t dense_candidates(const ScoreBoard& board, std::vector<std::uint32_t>& candidates) const {
        const std::size_t entries = book->entries.size();
        const std::size_t blocks = block_intent.size();
        thread_local std::vector<float> block_max;
        thread_local std::vector<float> ordered_max;
        block_max.resize(blocks);
        float best = 0;
        for (std::size_t b = 0; b < blocks; ++b) {
            // A positive float's bits order as the float does, and an integer maximum of a fixed
            // count is vectorised where a float one (NaN rules) is not.
            const float* block = board.score.data() + b * kBlock;
            std::int32_t largest = 0;
            for (std::size_t i = 0; i < kBlock; ++i) largest = std::max(largest, std::bit_cast<std::int32_t>(block[i]));
            block_max[b] = std::bit_cast<float>(largest);
            best = std::max(best, block_max[b]);
        }
        if (best <= 0) return 0;
        const float cutoff = cutoff_under(best);
        float threshold = cutoff;
        if (blocks > kMaxRanked) {
            ordered_max.assign(block_max.begin(), block_max.end());
            std::nth_element(ordered_max.begin(), ordered_max.begin() + kMaxRanked - 1, ordered_max.end(), std::greater<>());
            threshold = std::max(threshold, ordered_max[kMaxRanked - 1]);
        }
        if (candidates.size() < entries) candidates.resize(entries);
        std::size_t count = 0;
        const auto gather = [&](std::size_t b, float at_least) {
            for (std::uint32_t e = static_cast<std::uint32_t>(b * kBlock); e < std::min((b + 1) * kBlock, entries); ++e) {
                candidates[count] = e;
                count += board.score[e] >= at_least ? 1 : 0;
            }
        };
        constexpr std::size_t kNoBlock = SIZE_MAX;
        std::array<std::size_t, phrasebook::kIntentCount> intent_block;
        intent_block.fill(kNoBlock);
        std::array<float, phrasebook::kIntentCount> intent_block_max{};
        for (std::size_t b = 0; b < blocks; ++b) {
            const float largest = block_max[b];
            if (largest < cutoff) continue;
            if (block_intent[b] == kMixedBlock) {
                gather(b, cutoff);
                continue;
            }
            if (largest >= threshold) {
                gather(b, threshold);
                continue;
            }
            if (largest > intent_block_max[block_intent[b]]) {
                intent_block_max[block_intent[b]] = largest;
                intent_block[block_intent[b]] = b;
            }
        }
        for (std::size_t b : intent_block) {
            if (b != kNoBlock) gather(b, intent_block_max[block_intent[b]]);
        }
        return count;
    }

    // Touched entries with a score above the cut-off, best first (ties by phrasebook order).
    std::vector<std::uint32_t> ranked(const ScoreBoard& board) const {
        std::vector<std::uint32_t> order;
        thread_local std::vector<std::uint32_t> candidates;
        const std::size_t candidate_count =
            board.dense && !options.exhaustive ? dense_candidates(board, candidates) : every_candidate(board, candidates);
        if (candidate_count == 0) return order;
        // Each candidate as one integer that orders like the ranking does: score bits above (a
        // positive float's bits order as the float does), then the entry inverted, so that of
        // equal scores the earlier entry is greater. Sorting these touches no other memory.
        const auto key_of = [&](std::uint32_t e) {
            return (static_cast<std::uint64_t>(std::bit_cast<std::uint32_t>(board.score[e])) << 32) | (UINT32_MAX - e);
        };
        const auto entry_of = [](std::uint64_t key) { return UINT32_MAX - static_cast<std::uint32_t>(key); };
        // The best entry of every intent, plus the best kMaxRanked overall: an answer never
        // needs more, and sorting thousands of weak matches in a big phrasebook costs more
        // than the rest of the ranking.
        std::array<std::uint64_t, phrasebook::kIntentCount> best_of_intent{};
        // The best kMaxRanked keys as a min-heap (weakest on top). An entry below both the
        // weakest kept and its intent's best so far can be neither: two comparisons rule out
        // most of a big phrasebook's candidates before any key is made.
        thread_local std::vector<std::uint64_t> keys;
        keys.clear();
        std::array<float, phrasebook::kIntentCount> best_score_of_intent{};
        float weakest_kept_score = 0;  // 0 until kMaxRanked are kept
        for (std::size_t i = 0; i < candidate_count; ++i) {
            const std::uint32_t e = candidates[i];
            const float score = board.score[e];
            const auto intent = static_cast<std::size_t>(category_of[e]);
            if (score < weakest_kept_score && score < best_score_of_intent[intent]) continue;
            const std::uint64_t key = key_of(e);
            best_of_intent[intent] = std::max(best_of_intent[intent], key);
            best_score_of_intent[intent] = std::max(best_score_of_intent[intent], score);
            if (keys.size() < kMaxRanked) {
                keys.push_back(key);
                std::push_heap(keys.begin(), keys.end(), std::greater<>());
            } else if (key > keys.front()) {
                std::pop_heap(keys.begin(), keys.end(), std::greater<>());
                keys.back() = key;
                std::push_heap(keys.begin(), keys.end(), std::greater<>());
            }
            if (keys.size() == kMaxRanked) weakest_kept_score = std::bit_cast<float>(static_cast<std::uint32_t>(keys.front() >> 32));
        }
        // With fewer than kMaxRanked candidates, every intent's best is kept already.
        if (keys.size() == kMaxRanked) {
            const std::uint64_t weakest_kept = keys.front();
            for (std::uint64_t key : best_of_intent) {
                if (key != 0 && key < weakest_kept) keys.push_back(key);
            }
        }
        std::sort(keys.begin(), keys.end(), std::greater<>());
        order.reserve(keys.size());
        for (std::uint64_t key : keys) order.push_back(entry_of(key));
        return order;
    }

    // Clauses of prepared text, cut at sentence punctuation and spaces: "包邮吗?什么时候发货"
    // asks two things, and each deserves an answer.
    static std::vector<std::string_view> clauses(std::string_view prepared) {
        static constexpr std::string_view kCuts[] = {"?", "!", ",", ".", ";", " ", "~", "。", "、", "…"};
        // Most bytes begin no cut: one table lookup rules them out before any comparison.
        static constexpr auto kMayBeginCut = [] {
            std::array<bool, 256> table{};
            for (std::string_view c : kCuts) table[static_cast<unsigned char>(c.front())] = true;
            return table;
        }();
        std::vector<std::string_view> parts;
        std::size_t start = 0;
        for (std::size_t i = 0; i < prepared.size();) {
            std::size_t cut = 0;
            if (!kMayBeginCut[static_cast<unsigned char>(prepared[i])]) {
                ++i;
                continue;
            }
            for (std::string_view c : kCuts) {
                if (prepared.compare(i, c.size(), c) == 0) cut = c.size();
            }
            if (cut == 0) {
                ++i;
                continue;
            }
            if (i > start) parts.push_back(prepared.substr(start, i - start));
            i += cut;
            start = i;
        }
        if (start < prepared.size()) parts.push_back(prepared.substr(start));
        return parts;
    }

    struct Ranking {
        const ScoreBoard& board;             // per entry, after context adjustments
        std::vector<std::uint32_t> leading;  // the best entry of each clause that asks something else
        std::vector<std::uint32_t> order;    // entries above the cut-off, best first
        double score(std::uint32_t e) const { return e < board.score.size() ? board.score[e] : 0.0; }
    };

    // REQUIRES: the returned Ranking is used on this thread before rank() is called again.
    // All of a conversation's context that scores depend on: after-sale conversations get no
    // sales push, and after an order payment and order questions are the likely ones.
    struct ScoreContext {
        bool after_sale = false;
        bool ordered = false;
        bool operator==(const ScoreContext&) const = default;
    };
    static ScoreContext score_context(const ConversationContext& context) {
        return {context.after_sale(), context.stage == Stage::ordered};
    }

    Ranking rank(std::string_view raw, const ConversationContext& context) const {
        thread_local ScoreBoard whole;
        thread_local ScoreBoard clause;
        thread_local std::vector<Feature> features;
        thread_local std::vector<std::uint32_t> id_of_feature;
        thread_local std::vector<std::uint32_t> matched;
        const std::string prepared = prepare(raw);
        find_features(prepared, features);
        id_of_feature.clear();
        for (const Feature& feature : features) id_of_feature.push_back(find_id(feature, prepared));
        matched.clear();
        collect_matched(id_of_feature, features, 0, prepared.size(), matched);
        accumulate(matched, whole);
        const auto [after_sale, ordered] = score_context(context);
        // In a new conversation with no reply used yet every adjustment below is a no-op, and
        // a big phrasebook's text can touch tens of thousands of entries.
        const bool adjust = after_sale || ordered || any_use.load(std::memory_order_relaxed);
        if (adjust) {
            whole.for_each_scored(book->entries.size(), [&](std::uint32_t e) {
                float& score = whole.score[e];
                if (after_sale && has_technique[e]) score = 0;
                // An unused reply's lift is exactly 1: skipping it saves a log1p per entry.
                if (entry_uses[e].load(std::memory_order_relaxed) != 0) score *= static_cast<float>(usage_lift(e));
                if (ordered && (category_of[e] == Intent::payment || category_of[e] == Intent::order_change)) {
                    score *= static_cast<float>(kOrderedStageBoost);
                }
            });
        }
        Ranking ranking{whole, {}, {}};
        const auto parts = clauses(prepared);
        if (parts.size() > 1) {
            // The clauses are ranked on the whole text's features that lie inside them, which
            // saves segmenting each clause again. That is the clause's own segmentation as long
            // as no word spans a cut ("3.5"): then each clause is segmented on its own.
            const auto offset_of = [&](std::string_view part) { return static_cast<std::size_t>(part.data() - prepared.data()); };
            // Each feature's clause, found by binary search and then grouped by a counting sort
            // that keeps the features' order: a long message with hundreds of clauses costs
            // linear time, not features × clauses.
            constexpr auto kSpansACut = UINT32_MAX;
            thread_local std::vector<std::uint32_t> part_of;
            thread_local std::vector<std::uint32_t> part_first;  // part i's features: by_part[part_first[i], part_first[i + 1])
            thread_local std::vector<std::uint32_t> by_part;
            part_of.clear();
            bool word_spans_a_cut = false;
            for (const Feature& feature : features) {
                const auto after = std::upper_bound(parts.begin(), parts.end(), feature.begin,
                                                    [&](std::size_t at, std::string_view part) { return at < offset_of(part); });
                std::uint32_t part = kSpansACut;
                if (after != parts.begin() && feature.end <= offset_of(*(after - 1)) + (after - 1)->size()) {
                    part = static_cast<std::uint32_t>(after - 1 - parts.begin());
                }
                word_spans_a_cut = word_spans_a_cut || part == kSpansACut;
                part_of.push_back(part);
            }
            part_first.assign(parts.size() + 1, 0);
            for (std::uint32_t part : part_of) {
                if (part != kSpansACut) ++part_first[part + 1];
            }
            for (std::size_t i = 0; i < parts.size(); ++i) part_first[i + 1] += part_first[i];
            by_part.resize(features.size());
            {
                thread_local std::vector<std::uint32_t> fill;
                fill.assign(part_first.begin(), part_first.end() - 1);
                for (std::uint32_t i = 0; i < part_of.size(); ++i) {
                    if (part_of[i] != kSpansACut) by_part[fill[part_of[i]]++] = i;
                }
            }
            thread_local std::vector<Feature> clause_features;
            thread_local std::vector<std::uint32_t> clause_ids;
            thread_local std::vector<std::uint32_t> counted_in_clause;
            // Where each intent's entry sits in ranking.leading: one entry per intent, the strongest
            // over the whole text, so that a weak clause cannot hold an intent's place against a
            // clause that names it clearly.
            constexpr std::size_t kNotLeading = static_cast<std::size_t>(-1);
            std::vector<std::size_t> leading_slot(phrasebook::kIntentCount, kNotLeading);
            for (std::size_t part_index = 0; part_index < parts.size(); ++part_index) {
                const std::string_view part = parts[part_index];
                matched.clear();
                if (word_spans_a_cut) {
                    find_features(part, clause_features);
                    clause_ids.clear();
                    for (const Feature& feature : clause_features) clause_ids.push_back(find_id(feature, part));
                    collect_matched(clause_ids, clause_features, 0, part.size(), matched);
                } else {
                    DistinctAppender distinct(matched);
                    for (std::uint32_t k = part_first[part_index]; k < part_first[part_index + 1]; ++k) {
                        const std::uint32_t id = id_of_feature[by_part[k]];
                        if (id != kUnknownFeature) distinct.append(id);
                    }
                }
                std::uint32_t best = 0;
                float best_score = 0;
                // (A small phrasebook's clause is always summed: nothing to prune.)
                bool prune = false;
                if (book->entries.size() >= kMinEntriesForPruning && !options.exhaustive) {
                    counted_features(matched, counted_in_clause);
                    prune = worth_pruning(counted_in_clause);
                }
                if (prune) {
                    std::tie(best, best_score) = best_of_clause(counted_in_clause);
                } else {
                    accumulate(matched, clause);
                    clause.for_each_scored(book->entries.size(), [&](std::uint32_t e) {
                        if (clause.score[e] > best_score || (clause.score[e] == best_score && e < best)) {
                            best = e;
                            best_score = clause.score[e];
                        }
                    });
                }
                if (best_score <= kMinimumClauseScore || whole.score[best] <= 0) continue;  // weak, or excluded
                const auto intent = static_cast<std::size_t>(category_of[best]);
                if (const std::size_t slot = leading_slot[intent]; slot != kNotLeading) {
                    if (whole.score[best] > whole.score[ranking.leading[slot]]) ranking.leading[slot] = best;
                    continue;
                }
                leading_slot[intent] = ranking.leading.size();
                ranking.leading.push_back(best);
            }
            if (ranking.leading.size() < 2) ranking.leading.clear();
            std::stable_sort(ranking.leading.begin(), ranking.leading.end(),
                             [&](std::uint32_t a, std::uint32_t b) { return whole.score[a] > whole.score[b]; });
        }
        ranking.order = ranked(whole);
        return ranking;
    }

    // The replies for a ranking, in the order an agent should see them (see suggest()).
    std::vector<Suggestion> replies(const Ranking& ranking, std::size_t limit, const ConversationContext& context) const {
        const phrasebook::Phrasebook& book = *this->book;
        const auto score_of = [&](std::uint32_t e) { return ranking.score(e); };

        // The two options the buyer named last fill an alternative-choice reply.
        auto value_of = [&](std::string_view name) -> std::optional<std::string_view> {
            const std::size_t known = context.options.size();
            if (known >= 2 && name == "option_a") return context.options[known - 2];
            if (known >= 2 && name == "option_b") return context.options[known - 1];
            if (auto found = book.placeholders.find(name); found != book.placeholders.end()) return found->second;
            return std::nullopt;
        };

        std::vector<Suggestion> out;
        std::vector<std::pair<std::uint32_t, std::size_t>> used;  // at most `limit`: a linear search is cheapest
        auto add = [&](std::uint32_t e, std::size_t variant, double score) {
            const Entry& entry = book.entries[e];
            if (out.size() >= limit || std::find(used.begin(), used.end(), std::pair{e, variant}) != used.end()) return;
            used.emplace_back(e, variant);
            out.push_back({entry.id + "#" + std::to_string(variant + 1), entry.category, entry.technique,
                           phrasebook::fill_placeholders(entry.replies[variant], value_of), std::round(score * 1000) / 1000});
        };
        // Later variants of one entry rank just below its first, never above another entry's best.
        auto variant_score = [&](std::uint32_t e, std::size_t v) { return score_of(e) * (1.0 - 0.01 * static_cast<double>(v)); };

        // 1. The answer to each part of a two-part question, then the best entry of every other
        //    plausible intent, so that an uncertain question shows each topic once.
        std::vector<bool> intent_shown(phrasebook::kIntentCount, false);
        auto add_first_of_intent = [&](std::uint32_t e) {
            const auto intent = static_cast<std::size_t>(book.entries[e].category);
            if (intent_shown[intent]) return;
            intent_shown[intent] = true;
            add(e, first_variant(e), score_of(e));
        };
        for (std::uint32_t e : ranking.leading) add_first_of_intent(e);
        if (!ranking.order.empty()) add_first_of_intent(ranking.order.front());

        // 2. A buyer who objects to the price or hesitates gets closing techniques right after the
        //    best answer: the best-matching ones, else those written for the buyer's situation.
        const bool wants_closing = !context.after_sale() &&
            (context.hesitating() ||
             (!ranking.order.empty() && (book.entries[ranking.order.front()].category == Intent::bargain ||
                                         book.entries[ranking.order.front()].category == Intent::hesitation)));
        if (wants_closing) {
            std::vector<std::uint32_t> techniques;
            for (std::uint32_t e : ranking.order) {
                if (book.entries[e].technique) techniques.push_back(e);
            }
            const Intent situation = ranking.order.empty() ? Intent::hesitation : book.entries[ranking.order.front()].category;
            for (std::uint32_t e : techniques_for[static_cast<std::size_t>(situation)]) {
                if (techniques.size() >= kClosingSuggestions) break;
                if (std::find(techniques.begin(), techniques.end(), e) == techniques.end()) techniques.push_back(e);
            }
            std::vector<bool> technique_shown(phrasebook::kTechniqueCount, false);
            std::size_t added = 0;
            for (std::uint32_t e : techniques) {
                const auto technique = static_cast<std::size_t>(*book.entries[e].technique);
                if (technique_shown[technique] || added >= kClosingSuggestions) continue;
                technique_shown[technique] = true;
                intent_shown[static_cast<std::size_t>(book.entries[e].category)] = true;
                add(e, first_variant(e), std::max(score_of(e), 0.0));
                ++added;
            }
        }

        // 3. Every other plausible intent, then further variants and entries by score.
        for (std::uint32_t e : ranking.order) add_first_of_intent(e);
        for (std::uint32_t e : ranking.order) {
            if (out.size() >= limit) break;
            const std::vector<std::size_t> variants = variant_order(e);
            for (std::size_t rank = 0; rank < variants.size(); ++rank) add(e, variants[rank], variant_score(e, rank));
        }
        return out;
    }

    // Intents in answer order: each clause's intent first, then the rest by score.
    std::vector<IntentScore> intents(const Ranking& ranking) const {
        std::vector<IntentScore> out;
        std::vector<bool> seen(phrasebook::kIntentCount, false);
        auto take = [&](std::uint32_t e) {
            const Intent intent = book->entries[e].category;
            if (seen[static_cast<std::size_t>(intent)]) return;
            seen[static_cast<std::size_t>(intent)] = true;
            out.push_back({intent, ranking.score(e)});
        };
        for (std::uint32_t e : ranking.leading) take(e);
        for (std::uint32_t e : ranking.order) take(e);
        return out;
    }
};

SuggestionEngine::SuggestionEngine(std::unique_ptr<Index> index) : index_(std::move(index)) {}
SuggestionEngine::~SuggestionEngine() = default;

std::shared_ptr<const SuggestionEngine> SuggestionEngine::build(std::shared_ptr<const phrasebook::Phrasebook> book,
                                                                std::shared_ptr<const text::Normalizer> normalizer,
                                                                EngineOptions options) {
    auto index = std::make_unique<Index>();
    index->book = std::move(book);
    index->normalizer = std::move(normalizer);
    index->options = options;
    index->build();
    return std::shared_ptr<const SuggestionEngine>(new SuggestionEngine(std::move(index)));
}

std::vector<Suggestion> SuggestionEngine::suggest(std::string_view text, std::size_t limit,
                                                  const ConversationContext& context) const {
    return index_->replies(index_->rank(text, context), limit, context);
}

SuggestionEngine::BuyerAnswer SuggestionEngine::answer(std::string_view text, std::size_t limit, const ConversationContext& before,
                                                       const std::function<ConversationContext(const std::vector<IntentScore>&)>& advance) const {
    BuyerAnswer answer;
    const Index::Ranking ranking = index_->rank(text, before);
    answer.intents = index_->intents(ranking);
    const ConversationContext after = advance(answer.intents);
    const bool same_scores = Index::score_context(before) == Index::score_context(after);
    answer.suggestions = same_scores ? index_->replies(ranking, limit, after) : suggest(text, limit, after);
    return answer;
}

std::vector<IntentScore> SuggestionEngine::classify(std::string_view text, const ConversationContext& context) const {
    return index_->intents(index_->rank(text, context));
}

std::vector<EntryScore> SuggestionEngine::best_entries(std::string_view text, std::size_t limit) const {
    const Index::Ranking ranking = index_->rank(text, ConversationContext{});
    std::vector<EntryScore> out;
    for (std::uint32_t e : ranking.order) {
        if (out.size() >= limit) break;
        out.push_back({e, ranking.score(e)});
    }
    return out;
}

bool SuggestionEngine::record_use(std::string_view suggestion_id, std::uint32_t times) const {
    const std::optional<std::size_t> variant = index_->variant_of_id(suggestion_id);
    if (!variant) return false;
    if (times > 0) index_->any_use.store(true, std::memory_order_relaxed);
    index_->variant_uses[*variant].fetch_add(times, std::memory_order_relaxed);
    const auto entry = std::upper_bound(index_->variant_base.begin(), index_->variant_base.end(), *variant) -
                       index_->variant_base.begin() - 1;
    index_->entry_uses[static_cast<std::size_t>(entry)].fetch_add(times, std::memory_order_relaxed);
    return true;
}

std::vector<std::pair<std::string, std::uint32_t>> SuggestionEngine::usage() const {
    std::vector<std::pair<std::string, std::uint32_t>> uses;
    const phrasebook::Phrasebook& book = *index_->book;
    for (std::size_t e = 0; e < book.entries.size(); ++e) {
        for (std::size_t v = 0; v < book.entries[e].replies.size(); ++v) {
            const std::uint32_t count = index_->variant_uses[index_->variant_base[e] + v].load(std::memory_order_relaxed);
            if (count > 0) uses.emplace_back(book.entries[e].id + "#" + std::to_string(v + 1), count);
        }
    }
    std::sort(uses.begin(), uses.end());
    return uses;
}

std::string SuggestionEngine::normalize(std::string_view text) const { return index_->normalizer->normalize(text); }

const phrasebook::Phrasebook& SuggestionEngine::phrasebook() const { return *index_->book; }
std::size_t SuggestionEngine::entry_count() const { return index_->book->entries.size(); }

}  // namespace huashu::engine
