#include "huashu/engine/assistant.h"

namespace huashu::engine {

std::shared_ptr<const Assistant> Assistant::build(std::shared_ptr<const phrasebook::Phrasebook> book,
                                                  std::shared_ptr<const text::Normalizer> normalizer) {
    auto assistant = std::make_shared<Assistant>();
    assistant->phrasebook = book;
    assistant->suggestions = SuggestionEngine::build(book, normalizer);
    assistant->linter = DraftLinter::build(book, normalizer);
    return assistant;
}

}  // namespace huashu::engine
