#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include "huashu/phrasebook/cue_kinds.h"
#include "huashu/phrasebook/phrasebook.h"

namespace huashu::phrasebook {
namespace {

LoadReport load_one(const std::string& contents) { return load_texts({{"test.phrases", contents}}); }

constexpr const char* kPlaceholders = "[placeholders]\nshop_name = 小花家\n";

std::string first_problem(const LoadReport& report) {
    return report.problems.empty() ? std::string("(no problem)") : report.problems.front().to_string();
}

TEST(Loader, ReadsAValidEntry) {
    const auto report = load_one(std::string(kPlaceholders) + R"(
[entry shipping_fee.free]
category = shipping_fee
keywords = 包邮 | 免运费
example = 包邮吗
reply = 亲，{shop_name}满99元包邮哦~
reply = 您好，满99元就包邮啦
)");
    ASSERT_TRUE(report.ok()) << first_problem(report);
    const Entry& entry = report.phrasebook->entries.at(0);
    EXPECT_EQ(entry.id, "shipping_fee.free");
    EXPECT_EQ(entry.category, Intent::shipping_fee);
    EXPECT_EQ(entry.keywords, (std::vector<std::string>{"包邮", "免运费"}));
    EXPECT_EQ(entry.replies.size(), 2U);
    EXPECT_EQ(entry.where.line, 4);
}

struct BrokenCase {
    const char* name;
    const char* contents;
    const char* expected;  // one whole problem line, file:line: section: reason
};

// Names the case by its name, so test names stay the same from build to build.
void PrintTo(const BrokenCase& broken, std::ostream* out) { *out << broken.name; }

class BrokenFiles : public ::testing::TestWithParam<BrokenCase> {};

TEST_P(BrokenFiles, AreRejectedWithFileLineAndReason) {
    const auto report = load_one(GetParam().contents);
    EXPECT_FALSE(report.ok());
    std::vector<std::string> lines;
    for (const auto& problem : report.problems) lines.push_back(problem.to_string());
    EXPECT_NE(std::find(lines.begin(), lines.end(), GetParam().expected), lines.end())
        << "expected: " << GetParam().expected << "\nfirst reported: " << first_problem(report);
}

INSTANTIATE_TEST_SUITE_P(
    Loader, BrokenFiles,
    ::testing::Values(
        BrokenCase{"UnknownCategory", "[entry a]\ncategory = shiping\nkeywords = x\nreply = y\n",
                   "test.phrases:2: entry 'a': unknown category 'shiping'"},
        BrokenCase{"MissingReply", "[entry a]\ncategory = stock\nkeywords = 有货\n", "test.phrases:1: entry 'a': has no 'reply' line"},
        BrokenCase{"NoTriggers", "[entry a]\ncategory = stock\nreply = 有的亲\n",
                   "test.phrases:1: entry 'a': needs 'keywords' or 'example' lines to be found"},
        BrokenCase{"UnknownKey", "[entry a]\ncategory = stock\nkeyword = 有货\nreply = 有\n",
                   "test.phrases:3: entry 'a': unknown key 'keyword' (entry keys: category, technique, keywords, example, reply)"},
        BrokenCase{"UndeclaredPlaceholder", "[entry a]\ncategory = stock\nkeywords = 有货\nreply = 还剩{stock_left}件\n",
                   "test.phrases:4: entry 'a': reply uses placeholder {stock_left} that no [placeholders] line declares"},
        BrokenCase{"DuplicateId", "[entry a]\ncategory = stock\nkeywords = 有货\nreply = 有\n[entry a]\ncategory = stock\nkeywords = x\nreply = y\n",
                   "test.phrases:5: entry 'a': duplicate id; first defined at test.phrases:1"},
        BrokenCase{"EmptyValue", "[entry a]\ncategory =\n", "test.phrases:2: entry 'a': key 'category' has an empty value"},
        BrokenCase{"KeyOutsideSection", "category = stock\n", "test.phrases:1: 'category = …' appears before any [section] header"},
        BrokenCase{"NotKeyValue", "[entry a]\n就这一句\n",
                   "test.phrases:2: entry 'a': expected 'key = value', a [section] header or a # comment"},
        BrokenCase{"BadId", "[entry Bad Id]\n", "test.phrases:1: [entry Bad Id]: id must be lowercase ASCII letters, digits, '_', '.' or '-'"},
        BrokenCase{"UnknownSection", "[entries a]\n", "test.phrases:1: unknown section kind 'entries' (expected entry, forbidden, synonyms, placeholders, signals or clause_cues)"},
        BrokenCase{"InvalidUtf8", "[entry a]\ncategory = stock\nkeywords = \xff\xfe\nreply = y\n",
                   "test.phrases:3: entry 'a': line is not valid UTF-8 (save the file as UTF-8)"},
        BrokenCase{"UnknownTechnique", "[entry a]\ncategory = hesitation\ntechnique = hard_sell\nkeywords = x\nreply = y\n",
                   "test.phrases:3: entry 'a': unknown technique 'hard_sell'"},
        BrokenCase{"RepeatedSingleKey", "[entry a]\ncategory = stock\ncategory = bargain\nkeywords = x\nreply = y\n",
                   "test.phrases:3: entry 'a': key 'category' given twice (only one is allowed)"},
        BrokenCase{"ForbiddenWithoutRewrite", "[forbidden f]\nrule = blame_buyer\nseverity = error\nphrase = 你自己\nmessage = m\n",
                   "test.phrases:1: forbidden 'f': missing 'rewrite'"},
        BrokenCase{"UnknownDetector", "[forbidden f]\nrule = forbidden_phrase\nseverity = error\ndetect = mobile_number | passport\nmessage = m\nrewrite = r\n",
                   "test.phrases:4: forbidden 'f': unknown detector 'passport' (mobile_number, id_card_number, street_address, landline_number or email_address)"},
        BrokenCase{"ForbiddenWithoutPhraseOrDetector", "[forbidden f]\nrule = forbidden_phrase\nseverity = error\nmessage = m\nrewrite = r\n",
                   "test.phrases:1: forbidden 'f': has no 'phrase', 'detect' or 'cues' line"},
        BrokenCase{"UnclosedSet", "[forbidden f]\nrule = blame_buyer\nseverity = error\nphrase = {你|妳没看\nmessage = m\nrewrite = r\n",
                   "test.phrases:4: forbidden 'f': phrase '{你|妳没看': '{' is never closed"},
        BrokenCase{"EmptyAlternative", "[forbidden f]\nrule = blame_buyer\nseverity = error\nphrase = 你\nexcept = {麻烦||请}你\nmessage = m\nrewrite = r\n",
                   "test.phrases:5: forbidden 'f': except '{麻烦||请}你': a set has an empty alternative (check the '|' separators)"},
        BrokenCase{"GapInsideASet", "[forbidden f]\nrule = blame_buyer\nseverity = error\nphrase = {你*没|妳}看\nmessage = m\nrewrite = r\n",
                   "test.phrases:4: forbidden 'f': phrase '{你*没|妳}看': a '*' gap cannot be inside a set"},
        BrokenCase{"GapInAnExcept", "[forbidden f]\nrule = blame_buyer\nseverity = error\nphrase = 你\nexcept = 麻烦*你\nmessage = m\nrewrite = r\n",
                   "test.phrases:5: forbidden 'f': except '麻烦*你': a '*' gap works only in a phrase"},
        BrokenCase{"SynonymTwoOwners", "[synonyms]\n包邮 = 免邮\n运费 = 免邮\n",
                   "test.phrases:3: [synonyms]: '免邮' is already a variant of '包邮' at test.phrases:2"},
        BrokenCase{"SynonymChain", "[synonyms]\n包邮 = 免邮\n免运费 = 包邮\n",
                   "test.phrases:2: [synonyms]: '包邮' is a canonical word here but a variant of '免运费' at test.phrases:3; chains are not followed"},
        BrokenCase{"EmptyListItem", "[entry a]\ncategory = stock\nkeywords = 有货 || 现货\nreply = y\n",
                   "test.phrases:3: entry 'a': keywords list has an empty item (check the '|' separators)"},
        // [clause_cues]: what the compile-time checks of the C++ cue table used to catch, and more
        BrokenCase{"CueUnknownKind", "[clause_cues]\nperson = 你\npersn+own = 自己\n",
                   "test.phrases:3: [clause_cues]: unknown cue kind 'persn' (the kinds are listed in phrasebook/README.md)"},
        BrokenCase{"CueEmptyKindName", "[clause_cues]\nperson+ = 你\n",
                   "test.phrases:2: [clause_cues]: kinds 'person+' have an empty name (check the '+' separators)"},
        BrokenCase{"CueKindSetByTheScan", "[clause_cues]\nits_you = 是你\n",
                   "test.phrases:2: [clause_cues]: kind 'its_you' is set by the scan (是 right before 您/你), not by a cue word"},
        BrokenCase{"CueNeutralJoined", "[clause_cues]\nneutral+person = 你们\n",
                   "test.phrases:2: [clause_cues]: 'neutral' cannot be joined with other kinds: a neutral cue says nothing"},
        BrokenCase{"CueUnclosedSet", "[clause_cues]\nfault = {拍|选错\n",
                   "test.phrases:2: [clause_cues]: cue '{拍|选错': '{' is never closed"},
        BrokenCase{"CueUnopenedSet", "[clause_cues]\nfault = 拍|选}错\n",
                   "test.phrases:2: [clause_cues]: cue '拍|选}错': '}' without a '{' before it"},
        BrokenCase{"CueEmptyAlternative", "[clause_cues]\nfault = {拍||选}错\n",
                   "test.phrases:2: [clause_cues]: cue '{拍||选}错': a set has an empty alternative (check the '|' separators)"},
        BrokenCase{"CueTooManySpellings",
                   "[clause_cues]\nrude = {0|1|2|3|4|5|6|7|8|9}{0|1|2|3|4|5|6|7|8|9}{0|1|2|3|4|5|6|7|8|9}遍\n",
                   "test.phrases:2: [clause_cues]: cue '{0|1|2|3|4|5|6|7|8|9}{0|1|2|3|4|5|6|7|8|9}{0|1|2|3|4|5|6|7|8|9}遍': "
                   "a part stands for more than 512 spellings; split it into several lines"},
        BrokenCase{"CueEmptyBody", "[clause_cues]\nperson = 你\nfault =\n", "test.phrases:3: [clause_cues]: key 'fault' has an empty value"},
        BrokenCase{"CueGap", "[clause_cues]\nfault = 你*没看\n", "test.phrases:2: [clause_cues]: cue '你*没看': a '*' gap works only in a phrase"},
        BrokenCase{"CueBarOutsideASet", "[clause_cues]\nperson = 你 | 您\n",
                   "test.phrases:2: [clause_cues]: cue '你 | 您': a '|' outside a set; write alternatives as a set, {a|b}"},
        BrokenCase{"CueSectionWithAName", "[clause_cues shop]\nperson = 你\n", "test.phrases:1: [clause_cues]: [clause_cues] takes no name"},
        BrokenCase{"CuesWithoutCueWords", "[forbidden f]\nrule = blame_buyer\nseverity = error\ncues = clause\nmessage = m\nrewrite = r\n",
                   "test.phrases:4: forbidden 'f': cues = clause, but no [clause_cues] section gives the scorer its cue words "
                   "(copy the bundled phrasebook/clause_cues.phrases into the folder)"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(Loader, ADetectorAloneMakesAForbiddenRule) {
    const auto report = load_one("[entry a]\ncategory = stock\nkeywords = 有货\nreply = 有\n"
                                 "[forbidden f]\nrule = forbidden_phrase\nseverity = error\n"
                                 "detect = mobile_number | street_address\nmessage = m\nrewrite = r\n");
    ASSERT_TRUE(report.ok()) << first_problem(report);
    ASSERT_EQ(report.phrasebook->forbidden.size(), 1U);
    EXPECT_EQ(report.phrasebook->forbidden[0].detectors,
              (std::vector<Detector>{Detector::mobile_number, Detector::street_address}));
}

using Parts = std::vector<std::vector<std::string>>;

TEST(PhraseParts, ASetTakesEachAlternativeAndSetsInAPartMultiply) {
    EXPECT_EQ(*phrase_parts("没看清"), (Parts{{"没看清"}}));
    EXPECT_EQ(*phrase_parts("是{你|妳}的错"), (Parts{{"是你的错", "是妳的错"}}));
    EXPECT_EQ(*phrase_parts("{你|妳}{没|沒}看"), (Parts{{"你没看", "你沒看", "妳没看", "妳沒看"}}));
    EXPECT_EQ(*phrase_parts("{ 你 | 您 }没看"), (Parts{{"你没看", "您没看"}}));  // spaces around '|' are layout
}

TEST(PhraseParts, GapsSplitAPhraseIntoParts) {
    EXPECT_EQ(*phrase_parts("{你|妳}*{没看|没量}"), (Parts{{"你", "妳"}, {"没看", "没量"}}));
    EXPECT_EQ(*phrase_parts("是你自己*的"), (Parts{{"是你自己"}, {"的"}}));
    EXPECT_EQ(*phrase_parts("qq*"), (Parts{{"qq"}, {""}}));
}

TEST(PhraseParts, RejectsMalformedSets) {
    EXPECT_EQ(phrase_parts("你}没看").error().message, "'}' without a '{' before it");
    EXPECT_EQ(phrase_parts("{你|{妳}}没看").error().message, "sets cannot be nested");
    const std::string ten = "{0|1|2|3|4|5|6|7|8|9}";
    EXPECT_EQ(phrase_parts(ten + ten)->front().size(), 100U);
    EXPECT_EQ(phrase_parts(ten + "*" + ten + "*" + ten)->size(), 3U);  // the limit is per part
    EXPECT_EQ(phrase_parts(ten + ten + ten).error().message, "a part stands for more than 512 spellings; split it into several lines");
}

TEST(Loader, ReadsCueLinesFromAnyFile) {
    const auto report = load_texts({{"a.phrases", "[entry a]\ncategory = stock\nkeywords = 有货\nreply = 有\n"
                                                  "[forbidden f]\nrule = blame_buyer\nseverity = error\ncues = clause\nmessage = m\nrewrite = r\n"},
                                    {"b.phrases", "# shop's own words\n[clause_cues]\nperson + own = 自个儿\nneutral = 还{没|未}\n"}});
    ASSERT_TRUE(report.ok()) << first_problem(report);
    const std::vector<CueLine>& cues = report.phrasebook->clause_cues;
    ASSERT_EQ(cues.size(), 2U);
    EXPECT_EQ(cues[0].kinds, cue::kPerson | cue::kOwn);
    EXPECT_EQ(cues[0].spellings, "自个儿");
    EXPECT_EQ(cues[0].where.file, "b.phrases");
    EXPECT_EQ(cues[0].where.line, 3);
    EXPECT_EQ(cues[1].kinds, 0U);
    EXPECT_EQ(cues[1].spellings, "还{没|未}");
}

TEST(CueKinds, EveryKindHasANameThatReadsBackAndTheReadmeExplainsIt) {
    std::ifstream in(std::string(HUASHU_SOURCE_DIR) + "/phrasebook/README.md");
    const std::string readme((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(to_string(cue::kNeutral), "neutral");
    EXPECT_EQ(*parse_cue_kinds("neutral"), 0U);
    for (std::size_t bit = 0; bit < kCueKindCount; ++bit) {
        const auto kind = static_cast<cue::Kind>(1ULL << bit);
        const std::string name(to_string(kind));
        EXPECT_NE(readme.find("`" + name + "`"), std::string::npos) << name;
        if (kind == cue::kItsYou) continue;  // set by the scan only
        EXPECT_EQ(*parse_cue_kinds(name), 1ULL << bit) << name;
    }
    EXPECT_EQ(to_string(cue::kSelfFault), "self_fault");
    EXPECT_EQ(*parse_cue_kinds(" person+own "), cue::kPerson | cue::kOwn);
    EXPECT_FALSE(parse_cue_kinds("its_you"));
}

TEST(Loader, ReportsEveryProblemNotOnlyTheFirst) {
    const auto report = load_one("[entry a]\ncategory = nope\nkeywords = x\nreply = y\n[entry b]\ncategory = stock\n");
    EXPECT_GE(report.problems.size(), 3U);  // unknown category; b has no reply; b has no triggers
}

// load_directory reads a file a chunk at a time: lines that straddle chunks, a byte-order mark,
// CRLF line ends, a last line without '\n' and problems far into the file must come out as
// load_texts gives them for the whole text.
// `contents` as one file in a fresh folder read by load_directory (in chunks), and the same text
// parsed whole by load_texts under the same file name.
std::pair<LoadReport, LoadReport> load_from_folder_and_from_text(const std::string& contents) {
    const std::filesystem::path folder = std::filesystem::temp_directory_path() / ("huashu_loader_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(folder);
    const std::filesystem::path file = folder / "big.phrases";
    std::ofstream(file, std::ios::binary) << contents;
    LoadReport from_folder = load_directory(folder);
    LoadReport from_text = load_texts({{file.string(), contents}});
    std::filesystem::remove_all(folder);
    return {std::move(from_folder), std::move(from_text)};
}

TEST(Loader, ReadingAFolderMatchesParsingTheWholeText) {
    std::string contents = "\xEF\xBB\xBF# big file\r\n" + std::string(kPlaceholders);
    for (int i = 0; i < 2000; ++i) {
        const std::string id = std::to_string(i);
        contents += "[entry e" + id + "]\r\ncategory = " + (i % 1000 == 999 ? "nonsense" : "greeting") +
                    "\nkeywords = 在吗" + id + " | 你好" + id + "\nexample = 在不在呀" + id + "\r\nreply = 在的{shop_name}" + id +
                    (i % 700 == 699 ? " {undeclared}" : "") + "\n\n";
    }
    contents += "[entry last]\ncategory = greeting\nkeywords = 最后\nreply = 好的";  // no final newline
    ASSERT_GT(contents.size(), 3U * 64 * 1024);
    const auto [from_folder, from_text] = load_from_folder_and_from_text(contents);
    ASSERT_FALSE(from_text.ok());
    std::vector<std::string> problems_from_folder;
    std::vector<std::string> problems_from_text;
    for (const LoadProblem& problem : from_folder.problems) problems_from_folder.push_back(problem.to_string());
    for (const LoadProblem& problem : from_text.problems) problems_from_text.push_back(problem.to_string());
    EXPECT_EQ(problems_from_folder, problems_from_text);
    EXPECT_EQ(problems_from_text.size(), 4U);  // 2 unknown categories, 2 undeclared placeholders
}

TEST(Loader, ReadingAFolderKeepsEveryEntryAndLine) {
    std::string contents = "\xEF\xBB\xBF" + std::string(kPlaceholders);
    for (int i = 0; i < 2000; ++i) {
        contents += "[entry e" + std::to_string(i) + "]\r\ncategory = greeting\nkeywords = 在吗" + std::to_string(i) +
                    " | 你好\nreply = 在的" + std::string(static_cast<std::size_t>(i % 97), 'x') + "\r\n";
    }
    contents += "[entry last]\ncategory = greeting\nkeywords = 最后\nreply = 好的";
    const auto [from_folder, from_text] = load_from_folder_and_from_text(contents);
    ASSERT_TRUE(from_folder.ok()) << first_problem(from_folder);
    ASSERT_TRUE(from_text.ok()) << first_problem(from_text);
    const auto& a = from_folder.phrasebook->entries;
    const auto& b = from_text.phrasebook->entries;
    ASSERT_EQ(a.size(), 2001U);
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a[i].id, b[i].id);
        EXPECT_EQ(a[i].keywords, b[i].keywords);
        EXPECT_EQ(a[i].replies, b[i].replies);
        EXPECT_EQ(a[i].where.line, b[i].where.line);
        EXPECT_EQ(a[i].where.file, b[i].where.file);
    }
    EXPECT_EQ(a.back().replies, std::vector<std::string>{"好的"});
}

TEST(Loader, MissingFolderIsAProblemNotACrash) {
    const auto report = load_directory("/nonexistent/phrasebook");
    ASSERT_FALSE(report.ok());
    EXPECT_EQ(report.problems.front().to_string(), "/nonexistent/phrasebook: is not a readable directory");
}

TEST(BundledPhrasebook, LoadsAndCoversEveryIntentAndTechnique) {
    const auto report = load_directory(std::string(HUASHU_SOURCE_DIR) + "/phrasebook");
    ASSERT_TRUE(report.ok()) << first_problem(report);
    std::map<Intent, std::size_t> replies_per_intent;
    std::map<Technique, std::size_t> replies_per_technique;
    for (const Entry& entry : report.phrasebook->entries) {
        replies_per_intent[entry.category] += entry.replies.size();
        if (entry.technique) replies_per_technique[*entry.technique] += entry.replies.size();
    }
    for (Intent intent : all_intents()) EXPECT_GE(replies_per_intent[intent], 3U) << to_string(intent);
    for (Technique technique : all_techniques()) EXPECT_GE(replies_per_technique[technique], 2U) << to_string(technique);
    std::map<LintRule, std::size_t> rules;
    for (const ForbiddenRule& rule : report.phrasebook->forbidden) rules[rule.rule] += rule.phrases.size();
    for (LintRule rule : {LintRule::forbidden_phrase, LintRule::blunt_refusal, LintRule::blame_buyer, LintRule::off_platform,
                          LintRule::absolute_claim}) {
        EXPECT_GE(rules[rule], 3U) << to_string(rule);
    }
}

TEST(BundledPhrasebook, HoldsTheClauseCueWords) {
    const auto report = load_directory(std::string(HUASHU_SOURCE_DIR) + "/phrasebook");
    ASSERT_TRUE(report.ok()) << first_problem(report);
    const std::vector<CueLine>& cues = report.phrasebook->clause_cues;
    ASSERT_GT(cues.size(), 300U);
    const auto own = std::find_if(cues.begin(), cues.end(), [](const CueLine& line) { return line.spellings == "自己"; });
    ASSERT_NE(own, cues.end());
    EXPECT_EQ(own->kinds, cue::kPerson | cue::kOwn);
    EXPECT_TRUE(own->where.file.ends_with("clause_cues.phrases")) << own->where.file;
    std::uint64_t named = 0;
    for (const CueLine& line : cues) named |= line.kinds;
    EXPECT_EQ(named, ((1ULL << kCueKindCount) - 1) & ~static_cast<std::uint64_t>(cue::kItsYou));  // every kind has words
}

}  // namespace
}  // namespace huashu::phrasebook
