// Everything built from one phrasebook, swapped as a unit when the phrasebook changes: the
// suggestion ranking and the draft lint never disagree about which phrasebook they serve.
//
//   auto assistant = Assistant::build(phrasebook, normalizer);
//   assistant->suggestions->suggest(text, 5, context);
//   assistant->linter->lint(draft);
#pragma once

#include <functional>
#include <memory>

#include "huashu/engine/draft_linter.h"
#include "huashu/engine/reply_classifier.h"
#include "huashu/engine/shortcut_search.h"
#include "huashu/engine/suggestion_engine.h"

namespace huashu::engine {

struct Assistant {
    std::shared_ptr<const phrasebook::Phrasebook> phrasebook;
    std::shared_ptr<const SuggestionEngine> suggestions;
    std::shared_ptr<const DraftLinter> linter;
    std::shared_ptr<const ShortcutSearch> shortcuts;
    std::shared_ptr<const ReplyClassifier> replies;

    // What one buyer message says for the conversation's context (ConversationContext::
    // observe_buyer takes it): its intents, read in the context so far, and its normalised text.
    struct BuyerReading {
        std::vector<phrasebook::Intent> intents;
        std::string normalized;
    };
    BuyerReading read_buyer(std::string_view text, const ConversationContext& context) const;

    // read_buyer() in `before`, then the replies for the context `advance(reading)` returns,
    // with one ranking (SuggestionEngine::answer). `advance` must not call this assistant.
    std::vector<Suggestion> answer_buyer(std::string_view text, std::size_t limit, const ConversationContext& before,
                                         const std::function<ConversationContext(const BuyerReading&)>& advance) const;

    // Ranking for buyer messages; shortcut search for texts starting with '/'.
    std::vector<Suggestion> suggest(std::string_view text, std::size_t limit, const ConversationContext& context = {}) const;

    static Result<std::shared_ptr<const Assistant>> build(std::shared_ptr<const phrasebook::Phrasebook> book,
                                                  std::shared_ptr<const text::Normalizer> normalizer);
};

}  // namespace huashu::engine
