#include "engine_loading.h"

#include <ostream>

namespace huashu::cli {

std::shared_ptr<const engine::Assistant> load_assistant(const std::string& directory, std::ostream& errors,
                                                        std::shared_ptr<const text::Normalizer> normalizer) {
    phrasebook::LoadReport report = phrasebook::load_directory(directory);
    if (!report.ok()) {
        errors << "huashu: the phrasebook in " << directory << " has " << report.problems.size()
               << (report.problems.size() == 1 ? " problem:\n" : " problems:\n");
        for (const auto& problem : report.problems) errors << "  " << problem.to_string() << '\n';
        return nullptr;
    }
    if (!normalizer) {
        auto created = text::Normalizer::create();
        if (!created) {
            errors << "huashu: " << created.error().message << '\n';
            return nullptr;
        }
        normalizer = *created;
    }
    auto assistant = engine::Assistant::build(
        std::make_shared<const phrasebook::Phrasebook>(std::move(*report.phrasebook)), normalizer);
    if (!assistant) {
        errors << "huashu: " << assistant.error().message << '\n';
        return nullptr;
    }
    return *assistant;
}

}  // namespace huashu::cli
