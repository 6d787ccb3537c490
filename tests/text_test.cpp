#include <gtest/gtest.h>

#include <fstream>

#include <unicode/utf8.h>

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

// ICU's decoder as the reference: U8_NEXT yields a negative value for any ill-formed sequence.
bool valid_per_icu(std::string_view bytes) {
    const auto* s = reinterpret_cast<const std::uint8_t*>(bytes.data());
    const auto length = static_cast<std::int32_t>(bytes.size());
    for (std::int32_t i = 0; i < length;) {
        UChar32 c;
        U8_NEXT(s, i, length, c);
        if (c < 0) return false;
    }
    return true;
}

TEST(Utf8, AgreesWithIcuOnEveryShortSequence) {
    // Every sequence of one or two bytes, every three-byte one that starts with a lead byte,
    // and four-byte ones around each boundary, each alone and after eight ASCII bytes (the
    // fast path) and before more text.
    std::vector<std::string> cases;
    for (int a = 0; a < 256; ++a) {
        cases.push_back(std::string(1, static_cast<char>(a)));
        for (int b = 0; b < 256; ++b) cases.push_back({static_cast<char>(a), static_cast<char>(b)});
    }
    const int bytes_of_interest[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF};
    for (int a = 0xE0; a <= 0xFF; ++a) {
        for (int b = 0; b < 256; ++b) {
            for (int c : bytes_of_interest) {
                cases.push_back({static_cast<char>(a), static_cast<char>(b), static_cast<char>(c)});
                if (a >= 0xF0) {
                    for (int d : bytes_of_interest) {
                        cases.push_back({static_cast<char>(a), static_cast<char>(b), static_cast<char>(c), static_cast<char>(d)});
                    }
                }
            }
        }
    }
    for (const std::string& bytes : cases) {
        for (const std::string& text : {bytes, "abcdefgh" + bytes, bytes + "abcdefghij包", "包邮" + bytes + "x"}) {
            ASSERT_EQ(is_valid_utf8(text), valid_per_icu(text)) << ::testing::PrintToString(text);
        }
    }
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

// normalize() skips ICU for text whose every code point NFKC_Casefold leaves alone;
// normalize_mapped() always goes through ICU. Each BMP code point between neighbours it could
// merge with (a base letter, a combining mark, Han) must come out the same both ways.
TEST(Normalizer, InertFastPathMatchesIcuOnEveryBmpCodePoint) {
    const auto table = make(ScriptConversion::table);
    for (char32_t cp = 1; cp < 0x10000; ++cp) {
        if (cp >= 0xD800 && cp <= 0xDFFF) continue;
        std::string encoded;
        if (cp < 0x80) {
            encoded += static_cast<char>(cp);
        } else if (cp < 0x800) {
            encoded += static_cast<char>(0xC0 | (cp >> 6));
            encoded += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            encoded += static_cast<char>(0xE0 | (cp >> 12));
            encoded += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            encoded += static_cast<char>(0x80 | (cp & 0x3F));
        }
        for (const std::string& text : {encoded, "a" + encoded + "亲", "亲" + encoded + "\u0301", encoded + encoded}) {
            ASSERT_EQ(table->normalize(text), table->normalize_mapped(text).text) << "U+" << std::hex << static_cast<std::uint32_t>(cp);
        }
    }
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

// Words of `text` found by segmenting each of its independent pieces on its own.
std::vector<WordSpan> words_piece_by_piece(std::string_view text) {
    std::vector<std::string_view> pieces;
    cut_into_independent_pieces(text, pieces);
    std::string joined;
    std::vector<WordSpan> words;
    for (std::string_view piece : pieces) {
        const std::size_t offset = static_cast<std::size_t>(piece.data() - text.data());
        EXPECT_EQ(offset, joined.size()) << text;
        joined.append(piece);
        std::vector<WordSpan> piece_words;
        segment_word_spans(piece, piece_words);
        for (const WordSpan& word : piece_words) words.push_back({word.begin + offset, word.end + offset});
    }
    EXPECT_EQ(joined, text);
    return words;
}

bool same_words(const std::vector<WordSpan>& a, const std::vector<WordSpan>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](const WordSpan& x, const WordSpan& y) { return x.begin == y.begin && x.end == y.end; });
}

TEST(Segmenter, IndependentPiecesSegmentAsTheWholeText) {
    EXPECT_TRUE(words_piece_by_piece("").empty());
    std::vector<std::string_view> pieces;
    cut_into_independent_pieces("白色连衣裙还有m码吗 3xl", pieces);
    EXPECT_EQ(pieces, (std::vector<std::string_view>{"白色连衣裙还有", "m", "码吗", " 3xl"}));
    pieces.clear();
    cut_into_independent_pieces("好的。谢谢", pieces);  // CJK punctuation: segmented whole
    EXPECT_EQ(pieces, (std::vector<std::string_view>{"好的。谢谢"}));

    // Every line of the bundled phrasebook and the labelled sets, normalised as the engine
    // reads them, then random joins of their Han runs with ASCII that ICU's rules treat
    // specially next to letters and digits (., _, ', :, digits, spaces) and Han-script
    // characters outside the usual block (々, 〇, 𠮷, ⺀).
    const auto normalizer = make();
    std::vector<std::string> texts;
    for (const char* file : {"/tests/data/intents.tsv", "/tests/data/intents_holdout.tsv", "/tests/data/drafts.tsv",
                             "/phrasebook/shop.phrases", "/phrasebook/presale.phrases", "/phrasebook/aftersale.phrases"}) {
        std::ifstream in(std::string(HUASHU_SOURCE_DIR) + file);
        for (std::string line; std::getline(in, line);) {
            if (is_valid_utf8(line)) texts.push_back(normalizer->normalize(line));
        }
    }
    ASSERT_GT(texts.size(), 1000U);
    std::vector<std::string> han_runs;
    for (const std::string& text : texts) {
        for (const std::string& c : han_characters(text)) han_runs.push_back(c);
        for (const std::string& word : segment_words(text)) {
            if (!han_characters(word).empty()) han_runs.push_back(word);
        }
    }
    for (const char* odd : {"々", "〇", "𠮷", "⺀", "丼々", "〇〇"}) han_runs.emplace_back(odd);
    const std::vector<std::string> ascii = {"m", "3xl", " ", "2.5", "a_b", "_", "'", "it's", ":", "1,000", ".", "x.y", "ok ", " 52", "-", "#"};
    std::uint64_t state = 12345;
    auto next = [&](std::size_t n) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<std::size_t>((state >> 33) % n);
    };
    for (int i = 0; i < 20000; ++i) {
        std::string text;
        const std::size_t parts = 1 + next(6);
        for (std::size_t k = 0; k < parts; ++k) {
            text += next(2) == 0 ? han_runs[next(han_runs.size())] : ascii[next(ascii.size())];
            if (next(3) == 0) text += han_runs[next(han_runs.size())];
        }
        texts.push_back(std::move(text));
    }
    std::size_t cut = 0;
    for (const std::string& text : texts) {
        std::vector<WordSpan> whole;
        segment_word_spans(text, whole);
        ASSERT_TRUE(same_words(words_piece_by_piece(text), whole)) << text;
        pieces.clear();
        cut_into_independent_pieces(text, pieces);
        if (pieces.size() > 1) ++cut;
    }
    EXPECT_GT(cut, 10000U);  // the comparison covered texts that were really cut
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

// Each id of a PerIdPhraseMatcher must get exactly what a PhraseMatcher of its own phrases finds.
TEST(PerIdPhraseMatcher, GivesEachIdWhatItsOwnMatcherWouldFind) {
    const std::vector<std::vector<std::string>> phrases_of_id = {
        {"不行", "不行的话", "行"}, {"行不行", "不行"}, {"的话", "话我们"}, {"qq", "加qq"}, {"不"}};
    PerIdPhraseMatcher shared;
    std::vector<PhraseMatcher> own(phrases_of_id.size());
    for (std::size_t id = 0; id < phrases_of_id.size(); ++id) {
        for (const std::string& phrase : phrases_of_id[id]) {
            shared.add(phrase, id);
            own[id].add(phrase, id);
        }
    }
    for (const std::string text : {"不行的话我们换一个，行不行", "不行不行不行", "加qq吧，qqq不算", "话我们的话", ""}) {
        std::vector<PhraseMatcher::Match> expected;
        for (const PhraseMatcher& matcher : own) {
            for (const auto& match : matcher.find_all(text)) expected.push_back(match);
        }
        const auto found = shared.find_all(text);
        ASSERT_EQ(found.size(), expected.size()) << text;
        for (std::size_t i = 0; i < found.size(); ++i) {
            EXPECT_EQ(found[i].begin, expected[i].begin) << text;
            EXPECT_EQ(found[i].end, expected[i].end) << text;
            EXPECT_EQ(found[i].id, expected[i].id) << text;
        }
    }
}

}  // namespace
}  // namespace huashu::text
