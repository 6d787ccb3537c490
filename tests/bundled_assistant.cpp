#include "bundled_assistant.h"

#include <gtest/gtest.h>

#include "labelled_data.h"

namespace huashu::testing {

std::shared_ptr<const engine::Assistant> bundled_assistant() {
    static const std::shared_ptr<const engine::Assistant> assistant = []() -> std::shared_ptr<const engine::Assistant> {
        auto report = phrasebook::load_directory(source_path("phrasebook"));
        if (!report.ok()) {
            ADD_FAILURE() << report.problems.front().to_string();
            return nullptr;
        }
        auto built = engine::Assistant::build(std::make_shared<const phrasebook::Phrasebook>(std::move(*report.phrasebook)),
                                              *text::Normalizer::create());
        if (!built) {
            ADD_FAILURE() << built.error().message;
            return nullptr;
        }
        return *built;
    }();
    return assistant;
}

}  // namespace huashu::testing
