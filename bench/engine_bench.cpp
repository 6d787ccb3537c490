// Normalisation and ranking on the bundled phrasebook, over the labelled buyer utterances.
// Run: build/release/bench/huashu_engine_bench
#include <benchmark/benchmark.h>

#include <fstream>
#include <stdexcept>

#include "huashu/engine/suggestion_engine.h"

namespace {

using namespace huashu;

std::vector<std::string> labelled_utterances() {
    std::ifstream in(HUASHU_SOURCE_DIR "/tests/data/intents.tsv");
    std::vector<std::string> texts;
    for (std::string line; std::getline(in, line);) {
        const auto tab = line.find('\t');
        if (line.empty() || line[0] == '#' || tab == std::string::npos) continue;
        texts.push_back(line.substr(tab + 1));
    }
    if (texts.empty()) throw std::runtime_error("no labelled utterances");
    return texts;
}

std::shared_ptr<const text::Normalizer> normalizer(text::ScriptConversion conversion) {
    return *text::Normalizer::create({conversion});
}

std::shared_ptr<const engine::SuggestionEngine> bundled_engine() {
    auto report = phrasebook::load_directory(HUASHU_SOURCE_DIR "/phrasebook");
    if (!report.ok()) throw std::runtime_error(report.problems.front().to_string());
    return engine::SuggestionEngine::build(std::make_shared<const phrasebook::Phrasebook>(std::move(*report.phrasebook)),
                                           normalizer(text::ScriptConversion::table));
}

void BM_NormalizeTable(benchmark::State& state) {
    const auto texts = labelled_utterances();
    const auto n = normalizer(text::ScriptConversion::table);
    std::size_t i = 0;
    for (auto _ : state) benchmark::DoNotOptimize(n->normalize(texts[i++ % texts.size()]));
}
BENCHMARK(BM_NormalizeTable);

void BM_NormalizeIcuTransliterator(benchmark::State& state) {
    const auto texts = labelled_utterances();
    const auto n = normalizer(text::ScriptConversion::icu_transliterator);
    std::size_t i = 0;
    for (auto _ : state) benchmark::DoNotOptimize(n->normalize(texts[i++ % texts.size()]));
}
BENCHMARK(BM_NormalizeIcuTransliterator);

void BM_SuggestBundled(benchmark::State& state) {
    const auto texts = labelled_utterances();
    const auto engine = bundled_engine();
    std::size_t i = 0;
    for (auto _ : state) benchmark::DoNotOptimize(engine->suggest(texts[i++ % texts.size()], 5));
}
BENCHMARK(BM_SuggestBundled);

}  // namespace

BENCHMARK_MAIN();
