#include "huashu/engine/suggestion_engine.h"

#include <algorithm>
#include <cmath>
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

template <typename Visit>
void for_each_feature(std::string_view prepared, Visit visit) {
    for (std::string& word : text::segment_words(prepared)) visit(FeatureKind::word, "w:" + word);
    for (std::string& bigram : text::han_bigrams(prepared)) visit(FeatureKind::bigram, "b:" + bigram);
    for (std::string& character : text::han_characters(prepared)) visit(FeatureKind::character, "c:" + character);
}

std::string fill_placeholders(const std::string& reply, const phrasebook::Phrasebook& book) {
    std::string out;
    out.reserve(reply.size());
    std::size_t at = 0;
    while (at < reply.size()) {
        const std::size_t open = reply.find('{', at);
        if (open == std::string::npos) break;
        const std::size_t close = reply.find('}', open + 1);
        if (close == std::string::npos) break;
        out.append(reply, at, open - at);
        const std::string_view name(reply.data() + open + 1, close - open - 1);
        if (auto found = book.placeholders.find(name); found != book.placeholders.end()) {
            out.append(found->second);
        } else {
            out.append(reply, open, close - open + 1);  // literal braces, not a placeholder
        }
        at = close + 1;
    }
    out.append(reply, at, std::string::npos);
    return out;
}

}  // namespace

class SuggestionEngine::Index {
public:
    std::shared_ptr<const phrasebook::Phrasebook> book;
    std::shared_ptr<const text::Normalizer> normalizer;
    EngineOptions options;

    text::PhraseMatcher synonyms;
    std::vector<std::string> canonical_of_synonym;

    struct Posting {
        std::uint32_t entry;
        float term_frequency;
    };
    std::unordered_map<std::string, std::uint32_t> feature_ids;
    std::vector<double> feature_weight;  // idf × kind weight
    std::vector<std::vector<Posting>> postings;
    std::vector<double> length_norm;     // k1 × (1 − b + b × length / average length), per entry

    // Normalised text with every synonym variant read as its canonical word.
    std::string prepare(std::string_view raw) const {
        std::string normalized = normalizer->normalize(raw);
        return synonyms.empty() ? normalized : synonyms.replace_all(normalized, canonical_of_synonym);
    }

    void build() {
        for (const phrasebook::Synonym& synonym : book->synonyms) {
            const std::size_t id = canonical_of_synonym.size();
            canonical_of_synonym.push_back(normalizer->normalize(synonym.canonical));
            for (const std::string& variant : synonym.variants) synonyms.add(normalizer->normalize(variant), id);
        }

        std::vector<FeatureKind> kind_of_feature;
        std::vector<double> entry_length(book->entries.size(), 0);
        for (std::uint32_t e = 0; e < book->entries.size(); ++e) {
            std::unordered_map<std::uint32_t, float> frequencies;
            auto add_text = [&](const std::string& trigger, float weight) {
                for_each_feature(prepare(trigger), [&](FeatureKind kind, std::string feature) {
                    auto [it, inserted] = feature_ids.emplace(std::move(feature), static_cast<std::uint32_t>(postings.size()));
                    if (inserted) {
                        postings.emplace_back();
                        kind_of_feature.push_back(kind);
                    }
                    frequencies[it->second] += weight;
                    entry_length[e] += weight;
                });
            };
            for (const std::string& keyword : book->entries[e].keywords) add_text(keyword, kKeywordTermFrequency);
            for (const std::string& example : book->entries[e].examples) add_text(example, kExampleTermFrequency);
            for (const auto& [feature, frequency] : frequencies) postings[feature].push_back({e, frequency});
        }

        const double entries = static_cast<double>(std::max<std::size_t>(book->entries.size(), 1));
        double total_length = 0;
        for (double length : entry_length) total_length += length;
        const double average_length = std::max(total_length / entries, 1.0);
        length_norm.resize(entry_length.size());
        for (std::size_t e = 0; e < entry_length.size(); ++e) {
            length_norm[e] = options.bm25_k1 * (1 - options.bm25_b + options.bm25_b * entry_length[e] / average_length);
        }
        feature_weight.resize(postings.size());
        for (std::size_t f = 0; f < postings.size(); ++f) {
            const double df = static_cast<double>(postings[f].size());
            const double idf = std::log(1 + (entries - df + 0.5) / (df + 0.5));
            feature_weight[f] = idf * kKindWeight[static_cast<std::size_t>(kind_of_feature[f])];
        }
    }

    // BM25 score of every entry for the text.
    std::vector<double> score(std::string_view raw) const {
        std::vector<double> scores(book->entries.size(), 0);
        std::unordered_set<std::uint32_t> seen;
        for_each_feature(prepare(raw), [&](FeatureKind, const std::string& feature) {
            const auto found = feature_ids.find(feature);
            if (found == feature_ids.end() || !seen.insert(found->second).second) return;
            const double weight = feature_weight[found->second];
            for (const Posting& p : postings[found->second]) {
                const double tf = p.term_frequency;
                scores[p.entry] += weight * tf * (options.bm25_k1 + 1) / (tf + length_norm[p.entry]);
            }
        });
        return scores;
    }

    // Entry indices with a score above the cut-off, best first (ties by phrasebook order).
    std::vector<std::uint32_t> ranked(const std::vector<double>& scores) const {
        std::vector<std::uint32_t> order;
        const double best = scores.empty() ? 0 : *std::max_element(scores.begin(), scores.end());
        if (best <= 0) return order;
        for (std::uint32_t e = 0; e < scores.size(); ++e) {
            if (scores[e] >= best * options.relative_cutoff) order.push_back(e);
        }
        std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return scores[a] > scores[b]; });
        return order;
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

std::vector<Suggestion> SuggestionEngine::suggest(std::string_view text, std::size_t limit) const {
    const std::vector<double> scores = index_->score(text);
    const std::vector<std::uint32_t> order = index_->ranked(scores);
    const phrasebook::Phrasebook& book = *index_->book;

    std::vector<Suggestion> out;
    auto add = [&](std::uint32_t e, std::size_t variant) {
        const Entry& entry = book.entries[e];
        // Later variants of one entry rank just below its first, never above another entry's best.
        const double score = scores[e] * (1.0 - 0.01 * static_cast<double>(variant));
        out.push_back({entry.id + "#" + std::to_string(variant + 1), entry.category, entry.technique,
                       fill_placeholders(entry.replies[variant], book), std::round(score * 1000) / 1000});
    };
    // First the best entry of each distinct intent, so that an uncertain or two-part question
    // shows every plausible topic; then the remaining variants and entries in score order.
    std::vector<bool> intent_shown(phrasebook::kIntentCount, false);
    std::vector<bool> first_used(book.entries.size(), false);
    for (std::uint32_t e : order) {
        if (out.size() >= limit) break;
        const auto intent = static_cast<std::size_t>(book.entries[e].category);
        if (intent_shown[intent]) continue;
        intent_shown[intent] = true;
        first_used[e] = true;
        add(e, 0);
    }
    for (std::uint32_t e : order) {
        for (std::size_t v = first_used[e] ? 1 : 0; v < book.entries[e].replies.size() && out.size() < limit; ++v) add(e, v);
    }
    return out;
}

std::vector<IntentScore> SuggestionEngine::classify(std::string_view text) const {
    const std::vector<double> scores = index_->score(text);
    std::vector<IntentScore> intents;
    std::vector<bool> seen(phrasebook::kIntentCount, false);
    for (std::uint32_t e : index_->ranked(scores)) {
        const Intent intent = index_->book->entries[e].category;
        if (seen[static_cast<std::size_t>(intent)]) continue;
        seen[static_cast<std::size_t>(intent)] = true;
        intents.push_back({intent, scores[e]});
    }
    return intents;
}

const phrasebook::Phrasebook& SuggestionEngine::phrasebook() const { return *index_->book; }
std::size_t SuggestionEngine::entry_count() const { return index_->book->entries.size(); }

}  // namespace huashu::engine
