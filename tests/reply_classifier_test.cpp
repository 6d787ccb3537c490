#include <gtest/gtest.h>

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
