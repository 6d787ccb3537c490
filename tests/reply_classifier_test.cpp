#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iostream>

#include "huashu/engine/assistant.h"
#include "bundled_assistant.h"
#include "labelled_data.h"

namespace huashu::engine {
namespace {

using phrasebook::Intent;
using phrasebook::Technique;

std::shared_ptr<const Assistant> bundled() { return testing::bundled_assistant(); }

std::string filled(const phrasebook::Phrasebook& book, const std::string& reply) {
    return phrasebook::fill_placeholders(reply, [&](std::string_view name) -> std::optional<std::string_view> {
        return book.placeholders.find(name)->second;
    });
}

TEST(ReplyClassifier, AReplySentFromASuggestionIsThatEntrys) {
    const auto& book = *bundled()->phrasebook;
    const auto technique_entry = std::find_if(book.entries.begin(), book.entries.end(),
                                              [](const phrasebook::Entry& e) { return e.technique.has_value(); });
    ASSERT_NE(technique_entry, book.entries.end());
    const ReplyVerdict verdict = bundled()->replies->classify("随便什么字", technique_entry->id + "#1");
    EXPECT_EQ(verdict.entry_id, technique_entry->id);
    ASSERT_EQ(verdict.intents.size(), 1U);
    EXPECT_EQ(verdict.intents.front(), technique_entry->category);
    EXPECT_EQ(verdict.technique, technique_entry->technique);
    // An id the phrasebook does not have falls back to reading the text.
    EXPECT_NE(bundled()->replies->classify("好的", std::string_view("no.such#1")).entry_id, "no.such");
}

// Typed out in full, every reply of the phrasebook is recognised as its own entry's topic, and
// a closing technique as that technique: the floor catches a classifier that stops reading.
TEST(ReplyClassifier, EveryPhrasebookReplyTypedOutIsReadAsItsOwnTopic) {
    const auto& book = *bundled()->phrasebook;
    int replies = 0, topic_right = 0, techniques = 0, technique_right = 0;
    for (const phrasebook::Entry& entry : book.entries) {
        for (const std::string& reply : entry.replies) {
            const ReplyVerdict verdict = bundled()->replies->classify(filled(book, reply));
            ++replies;
            if (!verdict.intents.empty() && verdict.intents.front() == entry.category) ++topic_right;
            if (entry.technique) {
                ++techniques;
                if (verdict.technique == entry.technique) ++technique_right;
            }
        }
    }
    const double topic = static_cast<double>(topic_right) / replies;
    const double technique = static_cast<double>(technique_right) / techniques;
    std::cout << "reply topic " << topic << " over " << replies << ", technique " << technique << " over " << techniques
              << '\n';
    EXPECT_GE(topic, 0.95);
    EXPECT_GE(technique, 0.90);
}

struct ReplyQuality {
    int replies = 0;
    double topic = 0;
    double technique = 0;
    double concession_precision = 0;
    double concession_recall = 0;
    double apology_precision = 0;
    double apology_recall = 0;
};

// Reads a labelled replies file of tests/data/ (intent, technique or -, signals, reply) back
// through the bundled classifier. HUASHU_SHOW_MISSES=1 lists every reply read wrongly.
ReplyQuality measure_replies(const std::string& file) {
    std::ifstream in(testing::source_path("tests/data/" + file));
    EXPECT_TRUE(in) << file;
    ReplyQuality quality;
    int topic_right = 0, technique_right = 0;
    int signal_true_positive[2] = {0, 0}, signal_false_positive[2] = {0, 0}, signal_false_negative[2] = {0, 0};
    const bool show_misses = std::getenv("HUASHU_SHOW_MISSES") != nullptr;
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> fields;
        for (std::size_t start = 0;;) {
            const std::size_t tab = line.find('\t', start);
            fields.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
            if (tab == std::string::npos) break;
            start = tab + 1;
        }
        EXPECT_EQ(fields.size(), 4U) << file << ": " << line;
        if (fields.size() != 4) continue;
        const auto intent = phrasebook::parse_intent(fields[0]);
        EXPECT_TRUE(intent) << file << ": " << line;
        if (!intent) continue;
        // Techniques as numbers, -1 for none (GCC 12 misreads comparisons of optional enums).
        const auto parsed_technique = phrasebook::parse_technique(fields[1]);
        EXPECT_TRUE(fields[1] == "-" || parsed_technique) << file << ": " << line;
        const int technique = parsed_technique ? static_cast<int>(*parsed_technique) : -1;
        const bool concession = fields[2].find("concession") != std::string::npos;
        const bool apology = fields[2].find("apology") != std::string::npos;
        const ReplyVerdict verdict = bundled()->replies->classify(fields[3]);
        const int read_technique = verdict.technique ? static_cast<int>(*verdict.technique) : -1;
        ++quality.replies;
        const bool topic_ok = !verdict.intents.empty() && verdict.intents.front() == *intent;
        topic_right += topic_ok ? 1 : 0;
        technique_right += read_technique == technique ? 1 : 0;
        const bool expected[2] = {concession, apology};
        const bool found[2] = {verdict.concession, verdict.apology};
        for (int k = 0; k < 2; ++k) {
            if (found[k] && expected[k]) ++signal_true_positive[k];
            if (found[k] && !expected[k]) ++signal_false_positive[k];
            if (!found[k] && expected[k]) ++signal_false_negative[k];
        }
        if (show_misses && (!topic_ok || read_technique != technique)) {
            std::cout << file << ": " << fields[0] << '/' << fields[1] << " read as "
                      << (verdict.intents.empty() ? std::string("nothing") : std::string(phrasebook::to_string(verdict.intents.front())))
                      << '/' << (verdict.technique ? std::string(phrasebook::to_string(*verdict.technique)) : "-") << ": "
                      << fields[3] << '\n';
        }
        if (show_misses && (found[0] != expected[0] || found[1] != expected[1])) {
            std::cout << file << ": signals " << fields[2] << " read as " << (found[0] ? "concession " : "")
                      << (found[1] ? "apology" : "") << ": " << fields[3] << '\n';
        }
    }
    const auto ratio = [](int part, int whole) { return whole == 0 ? 0.0 : static_cast<double>(part) / whole; };
    quality.topic = ratio(topic_right, quality.replies);
    quality.technique = ratio(technique_right, quality.replies);
    quality.concession_recall = ratio(signal_true_positive[0], signal_true_positive[0] + signal_false_negative[0]);
    quality.concession_precision = ratio(signal_true_positive[0], signal_true_positive[0] + signal_false_positive[0]);
    quality.apology_recall = ratio(signal_true_positive[1], signal_true_positive[1] + signal_false_negative[1]);
    quality.apology_precision = ratio(signal_true_positive[1], signal_true_positive[1] + signal_false_positive[1]);
    std::cout << file << " (" << quality.replies << "): topic " << quality.topic << ", technique (or none) " << quality.technique
              << ", concession P " << quality.concession_precision << " R " << quality.concession_recall << ", apology P "
              << quality.apology_precision << " R " << quality.apology_recall << '\n';
    return quality;
}

// Each measure of a ReplyQuality against its floor; every labelled file has at least 150 replies.
void expect_floors(const ReplyQuality& quality, const ReplyQuality& floors) {
    EXPECT_GE(quality.replies, 150);
    EXPECT_GE(quality.topic, floors.topic);
    EXPECT_GE(quality.technique, floors.technique);
    EXPECT_GE(quality.apology_precision, floors.apology_precision);
    EXPECT_GE(quality.apology_recall, floors.apology_recall);
    EXPECT_GE(quality.concession_precision, floors.concession_precision);
    EXPECT_GE(quality.concession_recall, floors.concession_recall);
}

// tests/data/replies.tsv: agent replies written without seeing the phrasebook, labelled with
// the topic they answer, the technique they use and what they offer or apologise for. Its signal
// misses guided the concession and apology phrases in session 8, so it is a development set now.
TEST(ReplyClassifier, RepliesWrittenElsewhereAreReadForTopicTechniqueAndSignals) {
    expect_floors(measure_replies("replies.tsv"), {.topic = HUASHU_REPLY_TOPIC_FLOOR,
                                                   .technique = HUASHU_REPLY_TECHNIQUE_FLOOR,
                                                   .concession_precision = HUASHU_REPLY_CONCESSION_PRECISION_FLOOR,
                                                   .concession_recall = HUASHU_REPLY_CONCESSION_RECALL_FLOOR,
                                                   .apology_precision = HUASHU_REPLY_APOLOGY_FLOOR,
                                                   .apology_recall = HUASHU_REPLY_APOLOGY_FLOOR});
}

// tests/data/replies_blind.tsv: written in session 8 by someone who saw neither the phrasebook's
// entries nor its signal phrases nor replies.tsv; never used for tuning.
TEST(ReplyClassifier, BlindRepliesAreReadForTopicTechniqueAndSignals) {
    expect_floors(measure_replies("replies_blind.tsv"), {.topic = HUASHU_BLIND_REPLY_TOPIC_FLOOR,
                                                         .technique = HUASHU_BLIND_REPLY_TECHNIQUE_FLOOR,
                                                         .concession_precision = HUASHU_BLIND_REPLY_SIGNAL_FLOOR,
                                                         .concession_recall = HUASHU_BLIND_REPLY_SIGNAL_FLOOR,
                                                         .apology_precision = HUASHU_BLIND_REPLY_SIGNAL_FLOOR,
                                                         .apology_recall = HUASHU_BLIND_REPLY_SIGNAL_FLOOR});
}

TEST(ReplyClassifier, ConcessionsAndApologiesAreFoundInEitherScript) {
    const auto& classifier = *bundled()->replies;
    EXPECT_TRUE(classifier.classify("亲，真抱歉让您久等了").apology);
    EXPECT_TRUE(classifier.classify("親，真的很對不起").apology);
    EXPECT_FALSE(classifier.classify("亲，在的，请问有什么可以帮您？").apology);
    EXPECT_TRUE(classifier.classify("亲，价格改不了，不过可以送您一张5元优惠券哦").concession);
    EXPECT_TRUE(classifier.classify("這單給您包郵吧").concession);
    EXPECT_FALSE(classifier.classify("亲，这款是纯棉的，透气不闷").concession);
}

TEST(ReplyClassifier, LintAndTopicComeTogether) {
    const auto& classifier = *bundled()->replies;
    const ReplyVerdict rude = classifier.classify("这不是我们的问题，你自己找快递");
    EXPECT_FALSE(rude.lint.empty());
    const ReplyVerdict polite = classifier.classify("亲，我们默认发中通快递，下单后48小时内发出哦~");
    EXPECT_TRUE(polite.lint.empty());
    ASSERT_FALSE(polite.intents.empty());
    EXPECT_TRUE(polite.intents.front() == Intent::courier || polite.intents.front() == Intent::shipping_time);
    EXPECT_FALSE(classifier.classify("嗯").technique.has_value());
}

}  // namespace
}  // namespace huashu::engine
