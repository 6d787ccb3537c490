#include "huashu/engine/assistant.h"

namespace huashu::engine {

Result<std::shared_ptr<const Assistant>> Assistant::build(std::shared_ptr<const phrasebook::Phrasebook> book,
                                                          std::shared_ptr<const text::Normalizer> normalizer) {
    auto assistant = std::make_shared<Assistant>();
    assistant->phrasebook = book;
    assistant->suggestions = SuggestionEngine::build(book, normalizer);
    assistant->linter = DraftLinter::build(book, normalizer);
    assistant->replies = ReplyClassifier::build(book, normalizer, assistant->linter);
    auto shortcuts = ShortcutSearch::build(book, normalizer);
    if (!shortcuts) return shortcuts.error();
    assistant->shortcuts = std::move(*shortcuts);
    return std::shared_ptr<const Assistant>(std::move(assistant));
}

namespace {

std::vector<phrasebook::Intent> intents_of(const std::vector<IntentScore>& scored) {
    std::vector<phrasebook::Intent> intents;
    for (const IntentScore& s : scored) intents.push_back(s.intent);
    return intents;
}

}  // namespace

Assistant::BuyerReading Assistant::read_buyer(std::string_view text, const ConversationContext& context) const {
    return {intents_of(suggestions->classify(text, context)), suggestions->normalize(text)};
}

std::vector<Suggestion> Assistant::answer_buyer(std::string_view text, std::size_t limit, const ConversationContext& before,
                                                const std::function<ConversationContext(const BuyerReading&)>& advance) const {
    BuyerReading reading{{}, suggestions->normalize(text)};
    return suggestions
        ->answer(text, limit, before,
                 [&](const std::vector<IntentScore>& scored) {
                     reading.intents = intents_of(scored);
                     return advance(reading);
                 })
        .suggestions;
}

std::vector<Suggestion> Assistant::suggest(std::string_view text, std::size_t limit, const ConversationContext& context) const {
    if (ShortcutSearch::is_shortcut(text)) return shortcuts->find(text, limit);
    return suggestions->suggest(text, limit, context);
}

}  // namespace huashu::engine
