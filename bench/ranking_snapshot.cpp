// Prints every answer the engine gives to the labelled utterances, so that a speed change can be
// shown to rank exactly as before: run it before and after, and diff the outputs.
//
//   build/release/bench/huashu_ranking_snapshot <phrasebook dir> > before.txt
//   ... change the engine, rebuild ...
//   build/release/bench/huashu_ranking_snapshot <phrasebook dir> > after.txt && diff before.txt after.txt
//
// Each utterance of tests/data/intents.tsv and intents_holdout.tsv is ranked in four
// conversation contexts (new, ordered, hesitating buyer, after-sale); for each, the five
// suggestions of suggest() (id and score) and every intent of classify() are printed. Then some
// replies are recorded as used, and every utterance is suggested for again.
//
// With --repeat N it prints nothing and only calls suggest() N times over the utterances, as a
// steady load for a profiler (perf record).
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "huashu/engine/suggestion_engine.h"

namespace {

using namespace huashu;

std::vector<std::string> utterances_of(const std::string& file) {
    std::ifstream in(std::string(HUASHU_SOURCE_DIR "/tests/data/") + file);
    std::vector<std::string> texts;
    for (std::string line; std::getline(in, line);) {
        const auto tab = line.find('\t');
        if (line.empty() || line[0] == '#' || tab == std::string::npos) continue;
        texts.push_back(line.substr(tab + 1));
    }
    if (texts.empty()) throw std::runtime_error("no labelled utterances in " + file);
    return texts;
}

std::vector<std::pair<std::string, engine::ConversationContext>> contexts() {
    std::vector<std::pair<std::string, engine::ConversationContext>> out;
    out.emplace_back("new", engine::ConversationContext{});
    engine::ConversationContext ordered;
    ordered.stage = engine::Stage::ordered;
    out.emplace_back("ordered", ordered);
    engine::ConversationContext hesitating;
    hesitating.stage = engine::Stage::negotiating;
    hesitating.recent_intents = {phrasebook::Intent::hesitation};
    out.emplace_back("hesitating", hesitating);
    engine::ConversationContext after_sale;
    after_sale.stage = engine::Stage::after_sale;
    out.emplace_back("after_sale", after_sale);
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: huashu_ranking_snapshot <phrasebook dir> [--repeat N]\n";
        return 2;
    }
    auto report = phrasebook::load_directory(argv[1]);
    if (!report.ok()) {
        std::cerr << report.problems.front().to_string() << "\n";
        return 1;
    }
    auto normalizer = text::Normalizer::create();
    if (!normalizer) return 1;
    const auto engine = engine::SuggestionEngine::build(
        std::make_shared<const phrasebook::Phrasebook>(std::move(*report.phrasebook)), *normalizer);

    std::vector<std::string> texts = utterances_of("intents.tsv");
    for (std::string& text : utterances_of("intents_holdout.tsv")) texts.push_back(std::move(text));

    if (argc >= 4 && std::string(argv[2]) == "--repeat") {
        const long repeat = std::atol(argv[3]);
        std::size_t replies = 0;
        for (long r = 0; r < repeat; ++r) {
            for (const std::string& text : texts) replies += engine->suggest(text, 5).size();
        }
        std::cout << replies << " replies\n";
        return 0;
    }

    std::cout << std::setprecision(9);  // a changed sum of floats shows, not only a changed order
    for (const auto& [name, context] : contexts()) {
        for (const std::string& text : texts) {
            std::cout << name << "\t" << text << "\n  suggest:";
            for (const engine::Suggestion& s : engine->suggest(text, 5, context)) std::cout << " " << s.id << "=" << s.score;
            std::cout << "\n  classify:";
            for (const engine::IntentScore& i : engine->classify(text, context)) {
                std::cout << " " << phrasebook::to_string(i.intent) << "=" << i.score;
            }
            std::cout << "\n";
        }
    }
    // Then once more after agents used some replies: usage lifts scores and reorders variants.
    for (std::size_t i = 0; i < texts.size(); i += 7) {
        const auto suggestions = engine->suggest(texts[i], 5);
        if (!suggestions.empty()) engine->record_use(suggestions.back().id, static_cast<std::uint32_t>(1 + i % 40));
    }
    for (const std::string& text : texts) {
        std::cout << "used\t" << text << "\n  suggest:";
        for (const engine::Suggestion& s : engine->suggest(text, 5)) std::cout << " " << s.id << "=" << s.score;
        std::cout << "\n";
    }
    return 0;
}
