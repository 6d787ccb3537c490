#include "huashu/engine/suggestion_engine.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <climits>
#include <cmath>
#include <cstdint>
#include <unordered_map>
#include <unordered_set>

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

template <typename Visit>
void for_each_feature(std::string_view prepared, Visit visit) {
    for (std::string& word : text::segment_words(prepared)) visit(FeatureKind::word, "w:" + word);
    for (std::string& bigram : text::han_bigrams(prepared)) visit(FeatureKind::bigram, "b:" + bigram);
    for (std::string& character : text::han_characters(prepared)) visit(FeatureKind::character, "c:" + character);
}

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
    std::unordered_map<std::string, std::uint32_t> feature_ids;
    std::vector<std::vector<Posting>> postings;
    // Features found in more than kCommonShare of the entries (吗, 亲, 的 in a big phrasebook),
    // and there single characters, carry little information but the longest posting lists:
    // skipped unless nothing else matches.
    std::vector<bool> common;
    // Closing-technique entries per intent, for a hesitant buyer whose words matched none.
    std::array<std::vector<std::uint32_t>, phrasebook::kIntentCount> techniques_for;

    // How often agents sent each reply: atomics, so that counting needs no lock while many
    // threads rank. variant_base[e] is where entry e's variants start in variant_uses.
    std::unordered_map<std::string, std::size_t> variant_of_id;  // "<entry id>#<n>" → index in variant_uses
    std::vector<std::size_t> variant_base;
    std::unique_ptr<std::atomic<std::uint32_t>[]> variant_uses;
    std::unique_ptr<std::atomic<std::uint32_t>[]> entry_uses;

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

    // Normalised text with every synonym variant read as its canonical word.
    std::string prepare(std::string_view raw) const {
        // (Synonyms never cross a clause boundary, so clauses can be cut after this.)
        std::string normalized = normalizer->normalize(raw);
        return synonyms.empty() ? normalized : synonyms.replace_all(normalized, canonical_of_synonym);
    }

    void build_usage() {
        std::size_t variants = 0;
        for (std::size_t e = 0; e < book->entries.size(); ++e) {
            variant_base.push_back(variants);
            for (std::size_t v = 0; v < book->entries[e].replies.size(); ++v) {
                variant_of_id.emplace(book->entries[e].id + "#" + std::to_string(v + 1), variants + v);
            }
            variants += book->entries[e].replies.size();
        }
        variant_uses = std::make_unique<std::atomic<std::uint32_t>[]>(variants);
        entry_uses = std::make_unique<std::atomic<std::uint32_t>[]>(book->entries.size());
    }

    void build() {
        build_usage();
        for (const phrasebook::Synonym& synonym : book->synonyms) {
            const std::size_t id = canonical_of_synonym.size();
            canonical_of_synonym.push_back(normalizer->normalize(synonym.canonical));
            for (const std::string& variant : synonym.variants) synonyms.add(normalizer->normalize(variant), id);
        }

        std::vector<FeatureKind> kind_of_feature;
        std::vector<std::vector<std::pair<std::uint32_t, float>>> frequencies(book->entries.size());
        std::vector<double> entry_length(book->entries.size(), 0);
        for (std::uint32_t e = 0; e < book->entries.size(); ++e) {
            auto& counts = frequencies[e];
            auto add_text = [&](const std::string& trigger, float weight) {
                for_each_feature(prepare(trigger), [&](FeatureKind kind, std::string feature) {
                    auto found = feature_ids.find(feature);
                    if (found == feature_ids.end()) {
                        found = feature_ids.emplace(std::move(feature), static_cast<std::uint32_t>(postings.size())).first;
                        postings.emplace_back();
                        kind_of_feature.push_back(kind);
                    }
                    const std::uint32_t id = found->second;
                    auto slot = std::find_if(counts.begin(), counts.end(), [&](const auto& c) { return c.first == id; });
                    if (slot == counts.end()) slot = counts.insert(counts.end(), {id, 0.0F});
                    slot->second += weight;
                    entry_length[e] += weight;
                });
            };
            for (const std::string& keyword : book->entries[e].keywords) add_text(keyword, kKeywordTermFrequency);
            for (const std::string& example : book->entries[e].examples) add_text(example, kExampleTermFrequency);
            if (book->entries[e].technique) techniques_for[static_cast<std::size_t>(book->entries[e].category)].push_back(e);
        }
        for (std::uint32_t e = 0; e < frequencies.size(); ++e) {
            for (const auto& [feature, frequency] : frequencies[e]) postings[feature].push_back({e, frequency});
        }

        const double entries = static_cast<double>(std::max<std::size_t>(book->entries.size(), 1));
        double total_length = 0;
        for (double length : entry_length) total_length += length;
        const double average_length = std::max(total_length / entries, 1.0);
        common.assign(postings.size(), false);
        for (std::size_t f = 0; f < postings.size(); ++f) {
            const double df = static_cast<double>(postings[f].size());
            const double idf = std::log(1 + (entries - df + 0.5) / (df + 0.5));
            const double weight = idf * kKindWeight[static_cast<std::size_t>(kind_of_feature[f])];
            // Single characters are the weakest evidence and, in a big phrasebook, the longest
            // lists: there they count only when nothing longer matched.
            common[f] = book->entries.size() >= kMinEntriesForPruning &&
                        (df > kCommonShare * entries || kind_of_feature[f] == FeatureKind::character);
            for (Posting& p : postings[f]) {
                const double tf = p.impact;  // still the term frequency here
                const double norm = options.bm25_k1 * (1 - options.bm25_b + options.bm25_b * entry_length[p.entry] / average_length);
                p.impact = static_cast<float>(weight * tf * (options.bm25_k1 + 1) / (tf + norm));
            }
        }
    }

    // Scores of one text: dense by entry, but only `touched` entries are non-zero, so that
    // resetting and ranking cost what the text matched, not the phrasebook's size. One board
    // per thread and purpose, reused across calls. Invariant between uses: all zero.
    struct ScoreBoard {
        std::vector<float> score;
        std::vector<std::uint32_t> touched;
        void prepare(std::size_t entries) {
            for (std::uint32_t e : touched) score[e] = 0;
            touched.clear();
            if (score.size() < entries) score.resize(entries, 0);
        }
    };

    // BM25 score of every entry for already prepared text, into `board`.
    void accumulate(std::string_view prepared, ScoreBoard& board) const {
        board.prepare(book->entries.size());
        std::vector<std::uint32_t> matched;
        bool any_rare = false;
        for_each_feature(prepared, [&](FeatureKind, const std::string& feature) {
            const auto found = feature_ids.find(feature);
            if (found == feature_ids.end() || std::find(matched.begin(), matched.end(), found->second) != matched.end()) return;
            matched.push_back(found->second);
            any_rare = any_rare || !common[found->second];
        });
        for (std::uint32_t f : matched) {
            if (any_rare && common[f]) continue;
            for (const Posting& p : postings[f]) {
                if (board.score[p.entry] == 0) board.touched.push_back(p.entry);
                board.score[p.entry] += p.impact;
            }
        }
    }

    // Touched entries with a score above the cut-off, best first (ties by phrasebook order).
    std::vector<std::uint32_t> ranked(const ScoreBoard& board) const {
        std::vector<std::uint32_t> order;
        float best = 0;
        for (std::uint32_t e : board.touched) best = std::max(best, board.score[e]);
        if (best <= 0) return order;
        // The best entry of every intent, plus the best kMaxRanked overall: an answer never
        // needs more, and sorting thousands of weak matches in a big phrasebook costs more
        // than the rest of the ranking.
        std::array<std::uint32_t, phrasebook::kIntentCount> best_of_intent;
        best_of_intent.fill(UINT32_MAX);
        const auto better = [&](std::uint32_t a, std::uint32_t b) {
            return board.score[a] != board.score[b] ? board.score[a] > board.score[b] : a < b;
        };
        for (std::uint32_t e : board.touched) {
            if (board.score[e] < best * static_cast<float>(options.relative_cutoff)) continue;
            order.push_back(e);
            std::uint32_t& slot = best_of_intent[static_cast<std::size_t>(book->entries[e].category)];
            if (slot == UINT32_MAX || better(e, slot)) slot = e;
        }
        if (order.size() > kMaxRanked) {
            std::nth_element(order.begin(), order.begin() + kMaxRanked, order.end(), better);
            order.resize(kMaxRanked);
            for (std::uint32_t e : best_of_intent) {
                if (e != UINT32_MAX && std::find(order.begin(), order.end(), e) == order.end()) order.push_back(e);
            }
        }
        std::sort(order.begin(), order.end(), better);
        return order;
    }

    // Clauses of prepared text, cut at sentence punctuation and spaces: "包邮吗?什么时候发货"
    // asks two things, and each deserves an answer.
    static std::vector<std::string_view> clauses(std::string_view prepared) {
        static constexpr std::string_view kCuts[] = {"?", "!", ",", ".", ";", " ", "~", "。", "、", "…"};
        std::vector<std::string_view> parts;
        std::size_t start = 0;
        for (std::size_t i = 0; i < prepared.size();) {
            std::size_t cut = 0;
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
    Ranking rank(std::string_view raw, const ConversationContext& context) const {
        thread_local ScoreBoard whole;
        thread_local ScoreBoard clause;
        const std::string prepared = prepare(raw);
        accumulate(prepared, whole);
        for (std::uint32_t e : whole.touched) {
            const Entry& entry = book->entries[e];
            // After-sale conversations get no sales push; after an order, payment and order
            // questions are the likely ones.
            float& score = whole.score[e];
            if (context.after_sale() && entry.technique) score = 0;
            score *= static_cast<float>(usage_lift(e));
            if (context.stage == Stage::ordered && (entry.category == Intent::payment || entry.category == Intent::order_change)) {
                score *= static_cast<float>(kOrderedStageBoost);
            }
        }
        Ranking ranking{whole, {}, {}};
        const auto parts = clauses(prepared);
        if (parts.size() > 1) {
            std::vector<bool> intent_taken(phrasebook::kIntentCount, false);
            for (std::string_view part : parts) {
                accumulate(part, clause);
                std::uint32_t best = 0;
                float best_score = 0;
                for (std::uint32_t e : clause.touched) {
                    if (clause.score[e] > best_score || (clause.score[e] == best_score && e < best)) {
                        best = e;
                        best_score = clause.score[e];
                    }
                }
                if (best_score <= kMinimumClauseScore || whole.score[best] <= 0) continue;  // weak, or excluded
                const auto intent = static_cast<std::size_t>(book->entries[best].category);
                if (intent_taken[intent]) continue;
                intent_taken[intent] = true;
                ranking.leading.push_back(best);
            }
            if (ranking.leading.size() < 2) ranking.leading.clear();
            std::stable_sort(ranking.leading.begin(), ranking.leading.end(),
                             [&](std::uint32_t a, std::uint32_t b) { return whole.score[a] > whole.score[b]; });
        }
        ranking.order = ranked(whole);
        return ranking;
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
    const Index::Ranking ranking = index_->rank(text, context);
    const phrasebook::Phrasebook& book = *index_->book;
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
        add(e, index_->variant_order(e).front(), score_of(e));
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
        for (std::uint32_t e : index_->techniques_for[static_cast<std::size_t>(situation)]) {
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
            add(e, index_->variant_order(e).front(), std::max(score_of(e), 0.0));
            ++added;
        }
    }

    // 3. Every other plausible intent, then further variants and entries by score.
    for (std::uint32_t e : ranking.order) add_first_of_intent(e);
    for (std::uint32_t e : ranking.order) {
        if (out.size() >= limit) break;
        const std::vector<std::size_t> variants = index_->variant_order(e);
        for (std::size_t rank = 0; rank < variants.size(); ++rank) add(e, variants[rank], variant_score(e, rank));
    }
    return out;
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
    const auto found = index_->variant_of_id.find(std::string(suggestion_id));
    if (found == index_->variant_of_id.end()) return false;
    index_->variant_uses[found->second].fetch_add(times, std::memory_order_relaxed);
    const auto entry = std::upper_bound(index_->variant_base.begin(), index_->variant_base.end(), found->second) -
                       index_->variant_base.begin() - 1;
    index_->entry_uses[static_cast<std::size_t>(entry)].fetch_add(times, std::memory_order_relaxed);
    return true;
}

std::vector<std::pair<std::string, std::uint32_t>> SuggestionEngine::usage() const {
    std::vector<std::pair<std::string, std::uint32_t>> uses;
    for (const auto& [id, v] : index_->variant_of_id) {
        const std::uint32_t count = index_->variant_uses[v].load(std::memory_order_relaxed);
        if (count > 0) uses.emplace_back(id, count);
    }
    std::sort(uses.begin(), uses.end());
    return uses;
}

std::string SuggestionEngine::normalize(std::string_view text) const { return index_->normalizer->normalize(text); }

const phrasebook::Phrasebook& SuggestionEngine::phrasebook() const { return *index_->book; }
std::size_t SuggestionEngine::entry_count() const { return index_->book->entries.size(); }

}  // namespace huashu::engine
