// Ranks the phrasebook's replies for a buyer message.
//
//   auto engine = SuggestionEngine::build(phrasebook, normalizer);
//   for (const Suggestion& s : engine->suggest("包郵嗎？", 5)) show(s.text);
//
// The engine is immutable after build() and safe to call from many threads at once; the service
// builds a new one when the phrasebook changes and swaps the shared_ptr.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <utility>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "huashu/engine/conversation_context.h"
#include "huashu/phrasebook/phrasebook.h"
#include "huashu/text/normalizer.h"

namespace huashu::engine {

struct Suggestion {
    std::string id;  // "<entry id>#<variant number, from 1>": stable while the phrasebook is unchanged
    phrasebook::Intent category = phrasebook::Intent::greeting;
    std::optional<phrasebook::Technique> technique;
    std::string text;  // the reply with its placeholders filled
    double score = 0;  // relevance, higher is better; comparable within one answer only
};

struct IntentScore {
    phrasebook::Intent intent = phrasebook::Intent::greeting;
    double score = 0;
};

struct EntryScore {
    std::size_t entry = 0;  // index into phrasebook().entries
    double score = 0;
};

struct EngineOptions {
    // Entries scoring below this share of the best entry's score are left out of an answer:
    // a weak second topic is noise to an agent who must read fast.
    double relative_cutoff = 0.3;
    // BM25 term-frequency saturation and length normalisation (Robertson's usual values).
    double bm25_k1 = 1.2;
    double bm25_b = 0.75;
    // Sums every posting of every clause and ranks every entry above the cut-off, instead of
    // the search shortcuts a big phrasebook takes (decisions 46 and 50). They are exact, so
    // the answers must be the same, only slower: this is how the tests check that they are.
    bool exhaustive = false;
};

class SuggestionEngine {
public:
    static std::shared_ptr<const SuggestionEngine> build(std::shared_ptr<const phrasebook::Phrasebook> book,
                                                         std::shared_ptr<const text::Normalizer> normalizer,
                                                         EngineOptions options = {});
    ~SuggestionEngine();

    // At most `limit` replies in the order an agent should see them: the answer to each part
    // of the message, closing techniques for a hesitant buyer (never in after-sale), then
    // other plausible topics and variants. REQUIRES: text is valid UTF-8. Thread-safe.
    std::vector<Suggestion> suggest(std::string_view text, std::size_t limit,
                                    const ConversationContext& context = {}) const;

    // A buyer message read once for both things the service needs of it: its intents in the
    // conversation as it was (`before`), which move the conversation on, and the replies for
    // the conversation as `advance(intents)` leaves it. The same as classify(text, before) and
    // then suggest(text, limit, advance(...)), with one ranking instead of two unless the stage
    // change alters scores (into or out of after-sale or ordered). `advance` must not call
    // this engine. Thread-safe.
    struct BuyerAnswer {
        std::vector<IntentScore> intents;
        std::vector<Suggestion> suggestions;
    };
    BuyerAnswer answer(std::string_view text, std::size_t limit, const ConversationContext& before,
                       const std::function<ConversationContext(const std::vector<IntentScore>&)>& advance) const;
    // Intents in the same order (each clause's intent first, then by score); empty when
    // nothing matches.
    std::vector<IntentScore> classify(std::string_view text, const ConversationContext& context = {}) const;

    // The best-matching entries by plain relevance, without the reordering suggest() does for
    // an agent (closing techniques, one reply per topic): what the text is most like.
    std::vector<EntryScore> best_entries(std::string_view text, std::size_t limit) const;

    // Counts one more use of a reply ("<entry id>#<n>", as in Suggestion::id) by an agent:
    // used replies rank slightly higher and come first among their entry's variants. False for
    // an id this phrasebook does not have. Thread-safe, lock-free.
    bool record_use(std::string_view suggestion_id, std::uint32_t times = 1) const;

    // Every reply used at least once, with its count, sorted by id.
    std::vector<std::pair<std::string, std::uint32_t>> usage() const;

    // The normalised form the engine matches on (what ConversationContext::observe_buyer takes).
    std::string normalize(std::string_view text) const;

    const phrasebook::Phrasebook& phrasebook() const;
    std::size_t entry_count() const;

    class Index;

private:
    explicit SuggestionEngine(std::unique_ptr<Index> index);
    std::unique_ptr<Index> index_;
};

}  // namespace huashu::engine
