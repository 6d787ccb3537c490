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

Assistant::BuyerReading Assistant::read_buyer(std::string_view text, const ConversationContext& context) const {
    BuyerReading reading;
    for (const IntentScore& scored : suggestions->classify(text, context)) reading.intents.push_back(scored.intent);
    reading.normalized = suggestions->normalize(text);
    return reading;
}

std::vector<Suggestion> Assistant::suggest(std::string_view text, std::size_t limit, const ConversationContext& context) const {
    if (ShortcutSearch::is_shortcut(text)) return shortcuts->find(text, limit);
    return suggestions->suggest(text, limit, context);
}

}  // namespace huashu::engine
