// Normalisation and ranking over the labelled buyer utterances, on the bundled phrasebook and on
// the generated 10k and 100k-entry ones (bench/make_large_phrasebook.py; the build generates
// them next to this program, in large_phrasebook_10k/ and large_phrasebook_100k/).
//
// Run: build/release/bench/huashu_engine_bench
//
// - BM_LoadAndBuild/<book>: load_directory + SuggestionEngine::build. Counters: load_ms and
//   build_ms (mean per iteration); rss_book_MiB, rss_engine_MiB: growth of the resident set
//   (/proc/self/statm) over the first load and the first load+build; live_engine_MiB: the same
//   after malloc_trim(0), i.e. without freed heap glibc kept.
// - BM_SuggestLatency/<book>: one iteration is one pass of suggest(text, 5) (normalise +
//   synonyms + segment + BM25 + 5 replies) over the 478 utterances; each call is timed with
//   steady_clock, and p50_us/p99_us/mean_us/max_us are over every call of every pass;
//   cpu_p50_us/cpu_p99_us are the same percentiles of the thread's CPU time per call, which
//   leave out time the thread was preempted (the wall-clock figures are what a buyer waits).
// - BM_LintBundled: DraftLinter::lint with the bundled rules over tests/data/drafts.tsv.
// - BM_ToSimplified/<conversion>/<messages>: Normalizer::to_simplified alone on 40-character
//   messages cut from the labelled utterances (all of them, or only those that contain
//   traditional characters).
#include <benchmark/benchmark.h>
#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <ctime>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "huashu/core/huge_pages.h"
#include "huashu/engine/draft_linter.h"
#include "huashu/engine/suggestion_engine.h"

namespace {

using namespace huashu;
using Clock = std::chrono::steady_clock;

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

// "bundled", "10k" or "100k".
std::string phrasebook_dir(const std::string& book) {
    if (book == "bundled") return HUASHU_SOURCE_DIR "/phrasebook";
    return std::string(HUASHU_BENCH_DATA_DIR "/large_phrasebook_") + book;
}

phrasebook::Phrasebook load(const std::string& book) {
    auto report = phrasebook::load_directory(phrasebook_dir(book));
    if (!report.ok()) {
        throw std::runtime_error(phrasebook_dir(book) + ": " + report.problems.front().to_string() +
                                 " (the build generates the large phrasebooks: build the huashu_large_phrasebooks target)");
    }
    return std::move(*report.phrasebook);
}

// Engines built once per process and shared by the latency benchmarks. BM_LoadAndBuild leaves
// its last engine here, so that the 100k engine is not built twice.
std::map<std::string, std::shared_ptr<const engine::SuggestionEngine>>& engine_cache() {
    static std::map<std::string, std::shared_ptr<const engine::SuggestionEngine>> cache;
    return cache;
}

std::shared_ptr<const engine::SuggestionEngine> cached_engine(const std::string& book) {
    auto& engine = engine_cache()[book];
    if (!engine) {
        engine = engine::SuggestionEngine::build(std::make_shared<const phrasebook::Phrasebook>(load(book)),
                                                 normalizer(text::ScriptConversion::table));
    }
    return engine;
}

double resident_mib() {
    std::ifstream statm("/proc/self/statm");
    long size = 0;
    long resident = 0;
    statm >> size >> resident;
    return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

// CPU time of this thread: unlike steady_clock, it does not count time the thread spent
// preempted, so percentiles stay readable on a shared machine.
double thread_cpu_micros() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) * 1e6 + static_cast<double>(now.tv_nsec) / 1e3;
}

double milliseconds(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// Nearest-rank percentile of sorted samples.
double percentile(const std::vector<double>& sorted, double q) {
    if (sorted.empty()) return 0;
    const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size())));
    return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

// ---------------------------------------------------------------------------------------------
// Unchanged since the first version, so that docs/benchmarks.md stays comparable.

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

// DraftLinter::lint on the bundled rules, over the development drafts (tests/data/drafts.tsv):
// a draft frame is linted as the agent types, and every practice reply is linted too.
void BM_LintBundled(benchmark::State& state) {
    std::ifstream in(HUASHU_SOURCE_DIR "/tests/data/drafts.tsv");
    std::vector<std::string> drafts;
    for (std::string line; std::getline(in, line);) {
        const auto tab = line.find('\t');
        if (!line.empty() && line[0] != '#' && tab != std::string::npos) drafts.push_back(line.substr(tab + 1));
    }
    auto report = phrasebook::load_directory(HUASHU_SOURCE_DIR "/phrasebook");
    if (!report.ok() || drafts.empty()) throw std::runtime_error("no bundled phrasebook or drafts");
    const auto linter = engine::DraftLinter::build(std::make_shared<const phrasebook::Phrasebook>(std::move(*report.phrasebook)),
                                                   normalizer(text::ScriptConversion::table));
    std::size_t i = 0;
    for (auto _ : state) benchmark::DoNotOptimize(linter->lint(drafts[i++ % drafts.size()]));
}
BENCHMARK(BM_LintBundled);

// ---------------------------------------------------------------------------------------------
// Traditional → simplified alone.

// The labelled utterances run together and cut into messages of `length` code points; with
// `traditional_only`, only the utterances that to_simplified changes.
std::vector<std::string> messages_of(std::size_t length, bool traditional_only) {
    const auto table = normalizer(text::ScriptConversion::table);
    std::string stream;
    for (const std::string& text : labelled_utterances()) {
        if (!traditional_only || table->to_simplified(text) != text) stream += text;
    }
    std::vector<std::string> messages;
    std::string current;
    std::size_t code_points = 0;
    for (char c : stream) {
        const bool starts_code_point = (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        if (starts_code_point && code_points == length) {
            messages.push_back(std::move(current));
            current.clear();
            code_points = 0;
        }
        current += c;
        if (starts_code_point) ++code_points;
    }
    return messages;  // the last, shorter piece is dropped
}

void BM_ToSimplified(benchmark::State& state, text::ScriptConversion conversion, bool traditional_only) {
    const auto messages = messages_of(40, traditional_only);
    const auto n = normalizer(conversion);
    std::size_t i = 0;
    std::size_t bytes = 0;
    for (auto _ : state) {
        const std::string& message = messages[i++ % messages.size()];
        bytes += message.size();
        benchmark::DoNotOptimize(n->to_simplified(message));
    }
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
    state.counters["messages"] = static_cast<double>(messages.size());
}
BENCHMARK_CAPTURE(BM_ToSimplified, table/all, text::ScriptConversion::table, false);
BENCHMARK_CAPTURE(BM_ToSimplified, icu_transliterator/all, text::ScriptConversion::icu_transliterator, false);
BENCHMARK_CAPTURE(BM_ToSimplified, table/traditional, text::ScriptConversion::table, true);
BENCHMARK_CAPTURE(BM_ToSimplified, icu_transliterator/traditional, text::ScriptConversion::icu_transliterator, true);

// ---------------------------------------------------------------------------------------------
// Phrasebook size: load + build time, resident memory, suggest latency percentiles.

void BM_LoadAndBuild(benchmark::State& state, const std::string& book) {
    const auto n = normalizer(text::ScriptConversion::table);  // built once at service start-up
    const std::string dir = phrasebook_dir(book);
    Clock::duration load_time{};
    Clock::duration build_time{};
    std::shared_ptr<const engine::SuggestionEngine> last;
    malloc_trim(0);
    const double rss_before = resident_mib();
    double rss_book = 0;
    double rss_engine = 0;
    double live_engine = 0;
    bool first = true;
    for (auto _ : state) {
        const auto t0 = Clock::now();
        auto report = phrasebook::load_directory(dir);
        const auto t1 = Clock::now();
        if (!report.ok()) {
            state.SkipWithError((dir + ": " + report.problems.front().to_string()).c_str());
            break;
        }
        if (first) {
            state.PauseTiming();
            rss_book = resident_mib() - rss_before;
            state.ResumeTiming();
        }
        const auto t2 = Clock::now();
        auto engine =
            engine::SuggestionEngine::build(std::make_shared<const phrasebook::Phrasebook>(std::move(*report.phrasebook)), n);
        const auto t3 = Clock::now();
        load_time += t1 - t0;
        build_time += t3 - t2;
        state.PauseTiming();
        if (first) {
            rss_engine = resident_mib() - rss_before;
            malloc_trim(0);
            live_engine = resident_mib() - rss_before;
            first = false;
        }
        last = std::move(engine);  // the previous engine is freed outside the timing
        state.ResumeTiming();
    }
    if (!last) return;
    const auto iterations = static_cast<double>(state.iterations());
    state.counters["entries"] = static_cast<double>(last->entry_count());
    state.counters["load_ms"] = milliseconds(load_time) / iterations;
    state.counters["build_ms"] = milliseconds(build_time) / iterations;
    state.counters["rss_book_MiB"] = rss_book;
    state.counters["rss_engine_MiB"] = rss_engine;
    state.counters["live_engine_MiB"] = live_engine;
    engine_cache().try_emplace(book, std::move(last));
}
BENCHMARK_CAPTURE(BM_LoadAndBuild, bundled, std::string("bundled"))->Unit(benchmark::kMillisecond)->Iterations(50);
BENCHMARK_CAPTURE(BM_LoadAndBuild, 10k, std::string("10k"))->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK_CAPTURE(BM_LoadAndBuild, 100k, std::string("100k"))->Unit(benchmark::kMillisecond)->Iterations(1);

void BM_SuggestLatency(benchmark::State& state, const std::string& book) {
    const auto texts = labelled_utterances();
    std::shared_ptr<const engine::SuggestionEngine> engine;
    try {
        engine = cached_engine(book);
    } catch (const std::exception& e) {
        state.SkipWithError(e.what());
        return;
    }
    std::vector<double> micros;
    std::vector<double> cpu_micros;
    for (auto _ : state) {
        for (const std::string& text : texts) {
            const double cpu0 = thread_cpu_micros();
            const auto t0 = Clock::now();
            auto suggestions = engine->suggest(text, 5);
            const auto t1 = Clock::now();
            const double cpu1 = thread_cpu_micros();
            benchmark::DoNotOptimize(suggestions);
            micros.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
            cpu_micros.push_back(cpu1 - cpu0);
        }
    }
    std::sort(micros.begin(), micros.end());
    std::sort(cpu_micros.begin(), cpu_micros.end());
    double total = 0;
    for (double m : micros) total += m;
    state.SetItemsProcessed(static_cast<std::int64_t>(micros.size()));
    state.counters["entries"] = static_cast<double>(engine->entry_count());
    state.counters["p50_us"] = percentile(micros, 0.50);
    state.counters["p99_us"] = percentile(micros, 0.99);
    state.counters["mean_us"] = micros.empty() ? 0 : total / static_cast<double>(micros.size());
    state.counters["max_us"] = micros.empty() ? 0 : micros.back();
    state.counters["cpu_p50_us"] = percentile(cpu_micros, 0.50);
    state.counters["cpu_p99_us"] = percentile(cpu_micros, 0.99);
}
BENCHMARK_CAPTURE(BM_SuggestLatency, bundled, std::string("bundled"))->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK_CAPTURE(BM_SuggestLatency, 10k, std::string("10k"))->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK_CAPTURE(BM_SuggestLatency, 100k, std::string("100k"))->Unit(benchmark::kMillisecond)->Iterations(2);

}  // namespace

// Relaunched with a huge-page heap first, as the service is (decision 49), so that the load and
// build figures are the service's.
int main(int argc, char** argv) {
    huashu::relaunch_with_huge_page_heap(argv);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
