#include <gtest/gtest.h>

#include <fstream>

#include "huashu/text/normalizer.h"
#include "huashu/text/phrase_matcher.h"
#include "huashu/text/segmenter.h"

namespace huashu::text {
namespace {

std::shared_ptr<const Normalizer> make(ScriptConversion conversion = ScriptConversion::table) {
    auto normalizer = Normalizer::create({conversion});
    EXPECT_TRUE(normalizer.ok()) << normalizer.error().message;
    return *normalizer;
}

TEST(Utf8, AcceptsWellFormedText) {
    EXPECT_TRUE(is_valid_utf8(""));
    EXPECT_TRUE(is_valid_utf8("包邮吗?"));
    EXPECT_TRUE(is_valid_utf8("在嗎😊"));
}

TEST(Utf8, RejectsIllFormedSequences) {
    EXPECT_FALSE(is_valid_utf8("\xff"));
    EXPECT_FALSE(is_valid_utf8("\xc0\xaf"));          // overlong '/'
    EXPECT_FALSE(is_valid_utf8("\xed\xa0\x80"));      // UTF-16 surrogate
    EXPECT_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));  // past U+10FFFF
    EXPECT_FALSE(is_valid_utf8("包\xe9\x82"));        // truncated
}

struct Pair {
    const char* input;
    const char* expected;
};

// Names the case by its input, so test names stay the same from build to build.
void PrintTo(const Pair& pair, std::ostream* out) { *out << pair.input; }

class NormalizationPairs : public ::testing::TestWithParam<Pair> {};

TEST_P(NormalizationPairs, NormalisesToTheSameKey) {
    EXPECT_EQ(make()->normalize(GetParam().input), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Pairs, NormalizationPairs,
    ::testing::Values(Pair{"包郵嗎", "包邮吗"},                      // traditional → simplified
                      Pair{"包邮吗？", "包邮吗?"},                   // full-width question mark
                      Pair{"ＯＫ，Ｍ碼有貨嗎！", "ok,m码有货吗!"},    // full-width letters, case folding
                      Pair{"  請問   運費\t多少  ", "请问 运费 多少"},  // whitespace collapsed and trimmed
                      Pair{"發貨時間", "发货时间"},
                      Pair{"退貨退款", "退货退款"},
                      Pair{"ＸＸＬ尺寸", "xxl尺寸"},
                      Pair{"１２３元", "123元"},
                      Pair{"在嗎😊😊", "在吗😊😊"},                // emoji kept
                      Pair{"\u3000親\u3000", "亲"}));              // ideographic space

TEST(Normalizer, TableMatchesIcuTransliteratorOnEveryLabelledUtterance) {
    const auto table = make(ScriptConversion::table);
    const auto icu = make(ScriptConversion::icu_transliterator);
    EXPECT_GT(table->conversion_table_size(), 1000U);
    std::ifstream in(std::string(HUASHU_SOURCE_DIR) + "/tests/data/intents.tsv");
    int compared = 0;
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') continue;
        EXPECT_EQ(table->normalize(line), icu->normalize(line)) << line;
        EXPECT_EQ(table->to_simplified(line), icu->to_simplified(line)) << line;
        EXPECT_EQ(table->normalize_mapped(line).text, icu->normalize_mapped(line).text) << line;
        ++compared;
    }
    EXPECT_GT(compared, 100);
}

TEST(Normalizer, MappedOffsetsPointIntoTheOriginal) {
    const auto normalizer = make();
    const std::string original = "ＯＫ，不關我們的事";
    const MappedText mapped = normalizer->normalize_mapped(original);
    EXPECT_EQ(mapped.text, normalizer->normalize(original));
    ASSERT_EQ(mapped.source_offset.size(), mapped.text.size() + 1);
    const std::size_t at = mapped.text.find("不关");
    ASSERT_NE(at, std::string::npos);
    EXPECT_EQ(original.substr(mapped.source_offset[at], 6), "不關");
    EXPECT_EQ(mapped.source_offset.back(), original.size());
}

TEST(Segmenter, SplitsChineseIntoWordsAndDropsPunctuation) {
    const auto words = segment_words("请问什么时候发货?谢谢");
    EXPECT_NE(std::find(words.begin(), words.end(), "什么时候"), words.end());
    EXPECT_NE(std::find(words.begin(), words.end(), "谢谢"), words.end());
    EXPECT_EQ(std::find(words.begin(), words.end(), "?"), words.end());
}

TEST(Segmenter, BigramsStayInsideHanRuns) {
    EXPECT_EQ(han_bigrams("包邮吗?发货"), (std::vector<std::string>{"包邮", "邮吗", "发货"}));
    EXPECT_TRUE(han_bigrams("ok").empty());
    EXPECT_EQ(han_characters("a包b"), (std::vector<std::string>{"包"}));
}

TEST(PhraseMatcher, FindsLeftmostLongestOnCodePointBoundaries) {
    PhraseMatcher matcher;
    matcher.add("免邮", 0);
    matcher.add("免运费", 1);
    matcher.add("运费", 2);
    const auto hits = matcher.find_all("能免运费吗,免邮吗");
    ASSERT_EQ(hits.size(), 2U);
    EXPECT_EQ(hits[0].id, 1U);
    EXPECT_EQ(hits[1].id, 0U);
    EXPECT_EQ(matcher.replace_all("能免运费吗", {"包邮", "包邮", "运费"}), "能包邮吗");
}

TEST(PhraseMatcher, LatinPhrasesMatchWholeWordsOnly) {
    PhraseMatcher matcher;
    matcher.add("hi", 0);
    matcher.add("qq", 1);
    EXPECT_TRUE(matcher.find_all("this is it").empty());
    EXPECT_TRUE(matcher.find_all("qqq").empty());
    EXPECT_EQ(matcher.find_all("hi 在吗").size(), 1U);
    EXPECT_EQ(matcher.find_all("加qq吧").size(), 1U);  // Chinese around it is a word edge
}

}  // namespace
}  // namespace huashu::text
