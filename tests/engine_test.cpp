#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <sstream>

#include "huashu/engine/suggestion_engine.h"
#include "labelled_data.h"

namespace huashu::engine {
namespace {

using phrasebook::Intent;

std::shared_ptr<const SuggestionEngine> bundled_engine() {
    static const std::shared_ptr<const SuggestionEngine> engine = [] {
        auto report = phrasebook::load_directory(testing::source_path("phrasebook"));
        EXPECT_TRUE(report.ok());
        auto normalizer = text::Normalizer::create();
        EXPECT_TRUE(normalizer.ok());
        return SuggestionEngine::build(std::make_shared<const phrasebook::Phrasebook>(std::move(*report.phrasebook)),
                                       *normalizer);
    }();
    return engine;
}

std::vector<std::string> ids(const std::vector<Suggestion>& suggestions) {
    std::vector<std::string> out;
    for (const auto& s : suggestions) out.push_back(s.id);
    return out;
}

TEST(SuggestionEngine, TraditionalAndSimplifiedGetTheSameSuggestions) {
    const auto engine = bundled_engine();
    const auto simplified = engine->suggest("包邮吗", 5);
    ASSERT_FALSE(simplified.empty());
    EXPECT_EQ(simplified.front().category, Intent::shipping_fee);
    EXPECT_EQ(ids(engine->suggest("包郵嗎", 5)), ids(simplified));
    EXPECT_EQ(ids(engine->suggest("包郵嗎？？？", 5)), ids(simplified));
    EXPECT_EQ(ids(engine->suggest("什麼時候發貨", 5)), ids(engine->suggest("什么时候发货", 5)));
}

TEST(SuggestionEngine, AnswersBestFirstWithinTheLimit) {
    const auto suggestions = bundled_engine()->suggest("能便宜点吗", 3);
    ASSERT_EQ(suggestions.size(), 3U);
    // Order is diversified (one per intent first), but the first is always the best match.
    for (const auto& s : suggestions) EXPECT_LE(s.score, suggestions.front().score);
    EXPECT_EQ(suggestions.front().category, Intent::bargain);
}

TEST(SuggestionEngine, FillsDeclaredPlaceholders) {
    for (const auto& s : bundled_engine()->suggest("包邮吗", 5)) {
        EXPECT_EQ(s.text.find("{free_shipping_threshold}"), std::string::npos) << s.text;
    }
}

TEST(SuggestionEngine, OffersClosingTechniquesToAHesitantBuyer) {
    const auto suggestions = bundled_engine()->suggest("我再考虑考虑吧", 5);
    ASSERT_FALSE(suggestions.empty());
    EXPECT_EQ(suggestions.front().category, Intent::hesitation);
    EXPECT_TRUE(std::any_of(suggestions.begin(), suggestions.end(), [](const Suggestion& s) { return s.technique.has_value(); }));
}

TEST(SuggestionEngine, UnrelatedTextGetsNoSuggestion) {
    EXPECT_TRUE(bundled_engine()->suggest("😊😊😊", 5).empty());
    EXPECT_TRUE(bundled_engine()->suggest("。。。", 5).empty());
}

TEST(SuggestionEngine, UsedRepliesComeFirstAmongNearEquals) {
    auto report = phrasebook::load_texts({{"t.phrases", R"(
[entry shipping_fee.a]
category = shipping_fee
keywords = 包邮
reply = A1
reply = A2
[entry shipping_fee.b]
category = shipping_fee
keywords = 包邮
reply = B1
)"}});
    ASSERT_TRUE(report.ok());
    const auto engine = SuggestionEngine::build(std::make_shared<const phrasebook::Phrasebook>(std::move(*report.phrasebook)),
                                                *text::Normalizer::create());
    EXPECT_EQ(ids(engine->suggest("包邮吗", 3)), (std::vector<std::string>{"shipping_fee.a#1", "shipping_fee.a#2", "shipping_fee.b#1"}));
    EXPECT_TRUE(engine->record_use("shipping_fee.b#1", 5));
    EXPECT_TRUE(engine->record_use("shipping_fee.a#2", 1));
    EXPECT_FALSE(engine->record_use("no.such#1"));
    // Only ids the engine itself gives out: "#n" for n from 1 to the entry's replies, as
    // std::to_string writes n.
    for (const char* unknown : {"shipping_fee.a#0", "shipping_fee.a#3", "shipping_fee.a#02", "shipping_fee.a#+1", "shipping_fee.a#1x",
                                "shipping_fee.a", "shipping_fee.a#", "#1", "shipping_fee#1", "shipping_fee.a#99999999999999999999"}) {
        EXPECT_FALSE(engine->record_use(unknown)) << unknown;
    }
    EXPECT_EQ(ids(engine->suggest("包邮吗", 3)), (std::vector<std::string>{"shipping_fee.b#1", "shipping_fee.a#2", "shipping_fee.a#1"}));
    EXPECT_EQ(engine->usage(), (std::vector<std::pair<std::string, std::uint32_t>>{{"shipping_fee.a#2", 1}, {"shipping_fee.b#1", 5}}));
}

TEST(SuggestionEngine, UsageNeverBeatsAClearlyBetterMatch) {
    const auto engine = bundled_engine();
    const auto before = engine->suggest("什么时候发货", 1);
    ASSERT_FALSE(before.empty());
    const auto greeting = engine->suggest("在吗", 1);
    ASSERT_FALSE(greeting.empty());
    // bundled_engine() is shared: count on a throwaway copy of the phrasebook instead.
    auto report = phrasebook::load_directory(testing::source_path("phrasebook"));
    const auto fresh = SuggestionEngine::build(std::make_shared<const phrasebook::Phrasebook>(std::move(*report.phrasebook)),
                                               *text::Normalizer::create());
    fresh->record_use(greeting.front().id, 100000);
    EXPECT_EQ(fresh->suggest("什么时候发货", 1).front().category, before.front().category);
}

std::string intents_of(const std::vector<IntentScore>& intents) {
    std::ostringstream out;
    out.precision(9);
    for (const IntentScore& s : intents) out << phrasebook::to_string(s.intent) << '=' << s.score << ' ';
    return out.str();
}

std::string replies_of(const std::vector<Suggestion>& suggestions) {
    std::ostringstream out;
    out.precision(9);
    for (const Suggestion& s : suggestions) out << s.id << '=' << s.score << ':' << s.text << ' ';
    return out.str();
}

// answer() ranks once where it can; it must say exactly what classify() in the old context and
// suggest() in the new one say, whichever way the stage moves (into after-sale and ordered too,
// where the scores change), with the options the buyer named filled in.
TEST(SuggestionEngine, AnswerIsClassifyThenSuggestInTheAdvancedContext) {
    const auto engine = bundled_engine();
    std::vector<ConversationContext> stages(4);
    stages[1].stage = Stage::negotiating;
    stages[2].stage = Stage::ordered;
    stages[3].stage = Stage::after_sale;
    std::size_t compared = 0;
    for (const auto& item : testing::load_labelled_intents("intents.tsv")) {
        for (const ConversationContext& before : stages) {
            for (ConversationContext after : stages) {
                after.options = {"黑色", "白色"};
                std::vector<IntentScore> seen;
                const auto answer = engine->answer(item.text, 5, before, [&](const std::vector<IntentScore>& intents) {
                    seen = intents;
                    return after;
                });
                const std::string expected_intents = intents_of(engine->classify(item.text, before));
                ASSERT_EQ(intents_of(answer.intents), expected_intents) << item.text;
                ASSERT_EQ(intents_of(seen), expected_intents) << item.text;
                ASSERT_EQ(replies_of(answer.suggestions), replies_of(engine->suggest(item.text, 5, after)))
                    << item.text << " (stage " << to_string(before.stage) << " -> " << to_string(after.stage) << ")";
                ++compared;
            }
        }
    }
    EXPECT_GT(compared, 400U * 16);
}

// A big phrasebook made of copies of the bundled entries, each copy leaving out a different
// share of the triggers and carrying a different number of filler keywords nobody writes, so
// that scores differ between copies (through BM25's length norm) and few are tied: from 1,000
// entries on, the engine takes its search shortcuts (decisions 46 and 50).
phrasebook::Phrasebook big_phrasebook(bool sorted_by_intent) {
    auto report = phrasebook::load_directory(testing::source_path("phrasebook"));
    phrasebook::Phrasebook book = std::move(*report.phrasebook);
    const std::vector<phrasebook::Entry> bundled = book.entries;
    constexpr std::size_t kCopies = 120;
    for (std::size_t copy = 1; copy <= kCopies; ++copy) {
        for (const phrasebook::Entry& original : bundled) {
            phrasebook::Entry entry = original;
            entry.id += ".copy" + std::to_string(copy);
            const auto thin = [&](std::vector<std::string>& triggers) {
                std::vector<std::string> kept;
                for (std::size_t i = 0; i < triggers.size(); ++i) {
                    if ((i + copy) % 3 != 0) kept.push_back(triggers[i]);
                }
                triggers = std::move(kept);
            };
            thin(entry.keywords);
            thin(entry.examples);
            if (entry.keywords.empty() && entry.examples.empty()) entry.keywords = original.keywords;
            for (std::size_t filler = 0; filler < copy % 11; ++filler) entry.keywords.push_back("zzfiller" + std::to_string(filler));
            book.entries.push_back(std::move(entry));
        }
    }
    if (sorted_by_intent) {
        std::stable_sort(book.entries.begin(), book.entries.end(),
                         [](const phrasebook::Entry& a, const phrasebook::Entry& b) { return a.category < b.category; });
    }
    return book;
}

// Forty suggestions: deep enough into the ranking that a shortcut losing any of the best entries
// shows, not only one losing an intent's best.
std::string answer_of(const SuggestionEngine& engine, const std::string& text, const ConversationContext& context) {
    return replies_of(engine.suggest(text, 40, context)) + "| " + intents_of(engine.classify(text, context));
}

// The shortcuts (MaxScore for a clause's best entry, block skipping on a dense board) are
// exact: on a big phrasebook, in phrasebook order (blocks of mixed intents) and sorted by
// intent (blocks of one), every answer equals the one from summing and ranking everything.
TEST(SuggestionEngine, SearchShortcutsGiveTheExhaustiveAnswerOnABigPhrasebook) {
    auto utterances = testing::load_labelled_intents("intents.tsv");
    for (auto& extra : testing::load_labelled_intents("intents_holdout.tsv")) utterances.push_back(std::move(extra));
    std::vector<ConversationContext> contexts(4);
    contexts[1].stage = Stage::negotiating;
    contexts[2].stage = Stage::ordered;
    contexts[3].stage = Stage::after_sale;
    const auto normalizer = *text::Normalizer::create();
    for (const bool sorted : {false, true}) {
        const auto book = std::make_shared<const phrasebook::Phrasebook>(big_phrasebook(sorted));
        ASSERT_GE(book->entries.size(), 9000U);
        const auto fast = SuggestionEngine::build(book, normalizer);
        EngineOptions exhaustive_options;
        exhaustive_options.exhaustive = true;
        const auto exhaustive = SuggestionEngine::build(book, normalizer, exhaustive_options);
        std::size_t compared = 0;
        for (const auto& item : utterances) {
            for (const ConversationContext& context : contexts) {
                const std::string expected = answer_of(*exhaustive, item.text, context);
                ASSERT_EQ(answer_of(*fast, item.text, context), expected) << item.text << " (sorted by intent: " << sorted << ")";
                compared += expected.size() > 2 ? 1 : 0;
            }
        }
        EXPECT_GT(compared, utterances.size() * 3);  // nearly every text gets an answer
    }
}

struct Accuracy {
    std::size_t utterances = 0;
    double top1 = 0;
    double top3 = 0;
};

// Top-1: the first intent is one of the labels. Top-3: every label is among the first three.
Accuracy measure(const std::string& file) {
    const auto engine = bundled_engine();
    const auto set = testing::load_labelled_intents(file);
    int top1 = 0;
    int top3 = 0;
    // HUASHU_SHOW_MISSES=1 lists the top-3 misses, HUASHU_SHOW_MISSES=top1 the top-1 misses.
    const char* show = std::getenv("HUASHU_SHOW_MISSES");
    const bool show_top1_misses = show != nullptr && std::string_view(show) == "top1";
    const bool show_top3_misses = show != nullptr && !show_top1_misses;
    for (const auto& item : set) {
        const auto ranked = engine->classify(item.text);
        const auto first = ranked.begin();
        const auto third = ranked.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(3, ranked.size()));
        const auto within_three = [&](Intent intent) {
            return std::any_of(first, third, [&](const IntentScore& s) { return s.intent == intent; });
        };
        const auto print_miss = [&] {
            std::cout << file << ":" << item.line << ": " << item.text << " → "
                      << (ranked.empty() ? "(nothing)" : std::string(phrasebook::to_string(ranked.front().intent))) << '\n';
        };
        if (!ranked.empty() && std::find(item.intents.begin(), item.intents.end(), ranked.front().intent) != item.intents.end()) {
            ++top1;
        } else if (show_top1_misses) {
            print_miss();
        }
        if (std::all_of(item.intents.begin(), item.intents.end(), within_three)) {
            ++top3;
        } else if (show_top3_misses) {
            print_miss();
        }
    }
    const double n = static_cast<double>(std::max<std::size_t>(set.size(), 1));
    std::cout << file << ": " << set.size() << " utterances, top-1 accuracy " << top1 / n << ", top-3 accuracy "
              << top3 / n << '\n';
    return {set.size(), top1 / n, top3 / n};
}

// Floors, not targets: they fail when a change makes the ranking worse.
void expect_floors(const std::string& file, std::size_t at_least_utterances, double top1_floor, double top3_floor) {
    const Accuracy accuracy = measure(file);
    EXPECT_GE(accuracy.utterances, at_least_utterances) << file;
    EXPECT_GE(accuracy.top1, top1_floor) << file;
    EXPECT_GE(accuracy.top3, top3_floor) << file;
}

// intents.tsv is the development set: misses there guide phrasebook and ranking work.
TEST(SuggestionEngine, DevelopmentSetAccuracyHoldsItsFloor) {
    expect_floors("intents.tsv", 400, HUASHU_TOP1_FLOOR, HUASHU_TOP3_FLOOR);
}

// intents_holdout.tsv was written by someone who saw neither the phrasebook nor the first set;
// it guided work from session 9 on.
TEST(SuggestionEngine, HeldOutSetAccuracyHoldsItsFloor) {
    expect_floors("intents_holdout.tsv", 200, HUASHU_HOLDOUT_TOP1_FLOOR, HUASHU_HOLDOUT_TOP3_FLOOR);
}

// intents_blind.tsv: written in session 9 by someone who saw neither the phrasebook nor the other
// sets. Measured before any change at top-1 78.7 % / top-3 90.7 %; its misses then showed gaps of
// kind (Cantonese, products other than clothes, devices that arrive broken, short farewells), and
// the fixes for those kinds lifted the two older sets too. It has guided work, so it is a
// development set now; the next honest measure needs a new blind set.
TEST(SuggestionEngine, BlindSetAccuracyHoldsItsFloor) {
    expect_floors("intents_blind.tsv", 300, HUASHU_BLIND_TOP1_FLOOR, HUASHU_BLIND_TOP3_FLOOR);
}

// intents_blind2.tsv: written in session 9 after that work, by someone who saw neither the
// phrasebook nor the other sets, over many kinds of goods; only its totals have been read.
TEST(SuggestionEngine, SecondBlindSetAccuracyHoldsItsFloor) {
    expect_floors("intents_blind2.tsv", 300, HUASHU_BLIND2_TOP1_FLOOR, HUASHU_BLIND2_TOP3_FLOOR);
}

// intents_dev4.tsv: written in session 10 before the phrasebook work of branch intents4, over many
// kinds of goods, a third traditional or Cantonese and over a quarter implied meaning (我下周三出国,
// 洗了两次就起球). Measured before any change at top-1 75.6 % / top-3 89.2 %; it guided that work,
// so it is a development set.
TEST(SuggestionEngine, Dev4SetAccuracyHoldsItsFloor) {
    expect_floors("intents_dev4.tsv", 300, HUASHU_DEV4_TOP1_FLOOR, HUASHU_DEV4_TOP3_FLOOR);
}

// intents_blind3.tsv: written in session 10 by someone who saw neither the phrasebook nor the
// other sets (490 messages, many kinds of goods, a third traditional, a quarter implied), and
// committed before anything was measured on it. Measured blind once, after branch intents4, at
// top-1 80.0 % / top-3 90.4 %; its misses then guided the phrasebook work of branch intents5
// (kinds, not sentences: see decision 47), so it is a development set now. The honest measure
// is intents_blind4.tsv.
TEST(SuggestionEngine, ThirdBlindSetAccuracyHoldsItsFloor) {
    expect_floors("intents_blind3.tsv", 450, HUASHU_BLIND3_TOP1_FLOOR, HUASHU_BLIND3_TOP3_FLOOR);
}

// intents_blind4.tsv: written in session 10 by someone who saw neither the phrasebook nor the
// other sets (568 messages from elderly, teenage, reseller, foreign, Hong Kong and Taiwan
// buyers), committed before anything was measured on it. Measured blind: the phrasebook of the
// session's start top-1 69.0 % / top-3 84.9 %; after branch intents4 79.2 / 91.7 %; after
// intents5 84.3 / 94.0 %. Its misses then guided the phrasebook work of branch intents6 (kinds,
// not sentences: decision 52), so it is a development set now. The honest measure is
// intents_blind5.tsv.
TEST(SuggestionEngine, FourthBlindSetAccuracyHoldsItsFloor) {
    expect_floors("intents_blind4.tsv", 500, HUASHU_BLIND4_TOP1_FLOOR, HUASHU_BLIND4_TOP3_FLOOR);
}

// intents_blind5.tsv: written in session 10 by someone who saw neither the phrasebook nor the
// other sets (621 messages: livestream and group buying, second-hand, gifts, B2B invoices,
// cross-border, fresh food, installation, virtual goods), committed before anything was
// measured on it; only its totals are read. The phrasebook of the session's start: top-1
// 62.8 % / top-3 77.8 %; after intents4 and intents5: 77.0 / 89.4 %; after intents6 (tuned on
// blind4): 77.9 / 90.0 %. Its misses then guided the phrasebook work of branch intents7 (kinds,
// not sentences: decision 52), so it is a development set now (77.9 / 90.0 % before that round).
// The honest measure is intents_blind6.tsv.
TEST(SuggestionEngine, FifthBlindSetAccuracyHoldsItsFloor) {
    expect_floors("intents_blind5.tsv", 600, HUASHU_BLIND5_TOP1_FLOOR, HUASHU_BLIND5_TOP3_FLOOR);
}

// intents_blind6.tsv: written in session 10 by someone who saw neither the phrasebook nor the
// other sets (514 everyday messages over common goods), committed before anything was measured
// on it; only its totals are read. The phrasebook of the session's start: top-1 73.5 % / top-3
// 87.4 %; before branch intents7: 87.2 / 93.8 %; after it: 86.8 / 93.8 %.
TEST(SuggestionEngine, SixthBlindSetAccuracyHoldsItsFloor) {
    expect_floors("intents_blind6.tsv", 500, HUASHU_BLIND6_TOP1_FLOOR, HUASHU_BLIND6_TOP3_FLOOR);
}

// intents_blind7.tsv: written in session 11 by someone who saw neither the phrasebook nor the
// other sets, labelled by docs/labelling.md (521 messages over many kinds of shop), committed
// before anything was measured on it; only its totals are read. Measured once, on the
// phrasebook after the guide's alignment (decision 55): top-1 84.3 %, top-3 96.5 %.
TEST(SuggestionEngine, SeventhBlindSetAccuracyHoldsItsFloor) {
    expect_floors("intents_blind7.tsv", 500, HUASHU_BLIND7_TOP1_FLOOR, HUASHU_BLIND7_TOP3_FLOOR);
}

// intents_blind8.tsv: written in session 11 by someone who saw neither the phrasebook nor the
// other sets, labelled by docs/labelling.md (534 messages, many shops and voices), committed
// before anything was measured on it; only its totals are read. Measured once, after branch
// intents8 (decision 56, tuned on blind7): top-1 86.1 %, top-3 95.7 %.
TEST(SuggestionEngine, EighthBlindSetAccuracyHoldsItsFloor) {
    expect_floors("intents_blind8.tsv", 500, HUASHU_BLIND8_TOP1_FLOOR, HUASHU_BLIND8_TOP3_FLOOR);
}

}  // namespace
}  // namespace huashu::engine
