#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "huashu/engine/draft_linter.h"
#include "labelled_data.h"

namespace huashu::engine {
namespace {

using phrasebook::LintRule;

std::shared_ptr<const DraftLinter> bundled_linter() {
    static const std::shared_ptr<const DraftLinter> linter = [] {
        auto report = phrasebook::load_directory(testing::source_path("phrasebook"));
        EXPECT_TRUE(report.ok());
        return DraftLinter::build(std::make_shared<const phrasebook::Phrasebook>(std::move(*report.phrasebook)),
                                  *text::Normalizer::create());
    }();
    return linter;
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream contents;
    contents << in.rdbuf();
    return contents.str();
}

// A small phrasebook of `phrases`; with `cue_words`, also the bundled clause cue words, which a
// rule with `cues = clause` needs.
std::shared_ptr<const DraftLinter> linter_for(const std::string& phrases, bool cue_words = false) {
    std::vector<std::pair<std::string, std::string>> files = {
        {"t.phrases", "[entry e]\ncategory = greeting\nkeywords = 在吗\nreply = 在的\n" + phrases}};
    if (cue_words) files.emplace_back("clause_cues.phrases", read_file(testing::source_path("phrasebook/clause_cues.phrases")));
    auto report = phrasebook::load_texts(files);
    EXPECT_TRUE(report.ok()) << (report.problems.empty() ? "" : report.problems.front().to_string());
    return DraftLinter::build(std::make_shared<const phrasebook::Phrasebook>(std::move(*report.phrasebook)),
                              *text::Normalizer::create());
}

constexpr const char* kRules = R"(
[forbidden blame]
rule = forbidden_phrase
severity = error
phrase = 不是我们的问题
message = 推卸责任
rewrite = 亲，给您添麻烦了
[forbidden refuse]
rule = blunt_refusal
severity = warning
phrase = 不行
except = 不行的话
message = 生硬
rewrite = 亲，这个确实有难处
)";

TEST(DraftLinter, OffsetsAreCodePointsOfTheDraftAsTyped) {
    const std::string draft = "亲😊，這不是我們的問題";
    const auto issues = linter_for(kRules)->lint(draft);
    ASSERT_EQ(issues.size(), 1U);
    EXPECT_EQ(issues[0].rule_id, "blame");
    EXPECT_EQ(issues[0].start, 4U);  // 亲 😊 ， 這
    EXPECT_EQ(issues[0].end, 11U);
    EXPECT_EQ(issues[0].text, "不是我們的問題");
    EXPECT_EQ(issues[0].rewrite, "亲，给您添麻烦了");
}

TEST(DraftLinter, AnExceptionPhraseExcusesTheMatch) {
    const auto linter = linter_for(kRules);
    EXPECT_TRUE(linter->lint("不行的话我们换个方案").empty());
    const auto issues = linter->lint("不行");
    ASSERT_EQ(issues.size(), 1U);
    EXPECT_EQ(issues[0].severity, phrasebook::Severity::warning);
}

TEST(DraftLinter, AGapPatternStopsAtAClauseButNotAtADecimalPoint) {
    const auto linter = linter_for(R"(
[forbidden virus]
rule = absolute_claim
severity = error
phrase = 杀死*病毒
message = 医疗用语
rewrite = 亲，这款是日常清洁用品
)");
    ASSERT_EQ(linter->lint("能杀死99.9%的病毒").size(), 1U);
    EXPECT_TRUE(linter->lint("能杀死细菌。病毒要靠疫苗").empty());
}

constexpr const char* kSetRules = R"(
[forbidden didnt_read]
rule = blame_buyer
severity = error
phrase = {你|妳|您}*{没|都不}{看|量}
except = {麻烦|建议}{你|您}
message = 指责买家
rewrite = 亲，可能是我们说明得不够清楚
[forbidden your_fault]
rule = blame_buyer
severity = error
phrase = 是{你|妳}的{错|问题}
message = 指责买家
rewrite = 亲，我们一起看看怎么解决
)";

TEST(DraftLinter, ASetInAPhraseStandsForEachOfItsAlternatives) {
    const auto linter = linter_for(kSetRules);
    for (const std::string draft : {"这是你的错", "這是妳的問題", "是你的问题"}) {
        const auto issues = linter->lint(draft);
        ASSERT_EQ(issues.size(), 1U) << draft;
        EXPECT_EQ(issues[0].rule_id, "your_fault");
    }
    EXPECT_TRUE(linter->lint("是我们的错").empty());
}

TEST(DraftLinter, ASetInAGapPatternFindsEveryAlternativeWithOffsetsInCodePoints) {
    const auto linter = linter_for(kSetRules);
    auto issues = linter->lint("亲😊，妳下單前都不量一下的嗎");
    ASSERT_EQ(issues.size(), 1U);
    EXPECT_EQ(issues[0].rule_id, "didnt_read");
    EXPECT_EQ(issues[0].start, 3U);  // 亲 😊 ，
    EXPECT_EQ(issues[0].end, 10U);   // 妳下單前都不量
    EXPECT_EQ(issues[0].text, "妳下單前都不量");
    issues = linter->lint("你自己没看清楚");
    ASSERT_EQ(issues.size(), 1U);
    EXPECT_EQ(issues[0].text, "你自己没看");
    EXPECT_TRUE(linter->lint("你没空的话。看完再说").empty());  // the clause ends before 看
}

TEST(DraftLinter, AnExceptedMatchDoesNotHideALaterOneOfTheSamePattern) {
    const auto linter = linter_for(kSetRules);
    EXPECT_TRUE(linter->lint("麻烦您没看到的话再找我").empty());
    const auto issues = linter->lint("麻烦您没看到的话再找我，你都不看的吗");
    ASSERT_EQ(issues.size(), 1U);
    EXPECT_EQ(issues[0].text, "你都不看");
    EXPECT_EQ(issues[0].start, 12U);
}

TEST(DraftLinter, AGapPatternTriesEveryPlaceOfItsFirstPart) {
    // The first 你 leads to no 没看 within the gap; the second one does.
    const auto issues = linter_for(kSetRules)->lint("你好，这件衣服你没看尺码表吧");
    ASSERT_EQ(issues.size(), 1U);
    EXPECT_EQ(issues[0].text, "你没看");
}

TEST(DraftLinter, RulesDoNotHideOneAnothersMatchesOrExceptions) {
    const auto linter = linter_for(R"(
[forbidden dont_know]
rule = blunt_refusal
severity = warning
phrase = 谁知道
except = 谁知道您
message = 生硬
rewrite = 亲，我帮您查一下
[forbidden doubt]
rule = blame_buyer
severity = error
phrase = 谁知道{你|妳}
phrase = 谁知道{你|妳}*自己弄丢
except = 谁知道您
message = 怀疑买家
rewrite = 亲，我们一起查一下
)");
    // The longer phrase of one rule and the pattern of another overlap the shorter phrase.
    std::vector<std::string> rules;
    for (const LintIssue& issue : linter->lint("誰知道妳是不是自己弄丟的")) rules.push_back(issue.rule_id);
    EXPECT_EQ(rules, (std::vector<std::string>{"dont_know", "doubt"}));
    // The same except in two rules cancels the match of each.
    EXPECT_TRUE(linter->lint("谁知道您会这么喜欢").empty());
}

constexpr const char* kCueRules = R"(
[forbidden rude]
rule = forbidden_phrase
severity = error
cues = clause
message = 不耐烦
rewrite = 亲，我来帮您处理
[forbidden refuse]
rule = blunt_refusal
severity = warning
cues = clause
message = 生硬
rewrite = 亲，这个确实有难处
[forbidden blame]
rule = blame_buyer
severity = error
phrase = 你没看
cues = clause
except = 麻烦您
message = 指责买家
rewrite = 亲，我们一起看看怎么解决
[forbidden contact]
rule = off_platform
severity = error
cues = clause
message = 站外联系
rewrite = 亲，在平台里联系就好
[forbidden claim]
rule = absolute_claim
severity = error
cues = clause
message = 绝对化
rewrite = 亲，以实际为准
)";

std::vector<std::string> rules_of(const std::shared_ptr<const DraftLinter>& linter, const std::string& draft) {
    std::vector<std::string> rules;
    for (const LintIssue& issue : linter->lint(draft)) rules.push_back(issue.rule_id);
    return rules;
}

TEST(DraftLinterCues, ReadTheShapeOfAClauseInEitherScriptWithOffsetsInCodePoints) {
    const auto linter = linter_for(kCueRules, true);
    const auto issues = linter->lint("亲😊，這是您自己洗壞的");
    ASSERT_EQ(issues.size(), 1U);
    EXPECT_EQ(issues[0].rule_id, "blame");
    EXPECT_EQ(issues[0].start, 5U);  // 亲 😊 ， 這 是
    EXPECT_EQ(issues[0].text, "您自己洗壞");
    EXPECT_EQ(issues[0].rewrite, "亲，我们一起看看怎么解决");
}

TEST(DraftLinterCues, BlockersKeepPoliteDraftsClean) {
    const auto linter = linter_for(kCueRules, true);
    EXPECT_EQ(rules_of(linter, "您下单时拍错了颜色"), (std::vector<std::string>{"blame"}));
    EXPECT_TRUE(linter->lint("您拍错颜色也没关系，发货前我帮您改").empty());  // reassurance
    EXPECT_TRUE(linter->lint("不是您的问题，是我们没写清楚").empty());        // the shop takes the blame
    EXPECT_TRUE(linter->lint("您是不是还没点确认收货").empty());              // a question
    EXPECT_EQ(rules_of(linter, "不改价"), (std::vector<std::string>{"refuse"}));
    EXPECT_TRUE(linter->lint("不改价哦，不过可以送您运费险").empty());      // an alternative
    EXPECT_EQ(rules_of(linter, "加我vx：abc123"), (std::vector<std::string>{"contact"}));
    EXPECT_EQ(rules_of(linter, "有事加我hs2026"), (std::vector<std::string>{"contact"}));  // an id after 加
    EXPECT_TRUE(linter->lint("请不要加任何私人微信，付款都在平台上").empty());  // a warning
    EXPECT_EQ(rules_of(linter, "全网最低价"), (std::vector<std::string>{"claim"}));
    EXPECT_TRUE(linter->lint("这几款里组合装最划算，最快明天到").empty());  // helpful comparatives
    EXPECT_EQ(rules_of(linter, "说了八百遍了"), (std::vector<std::string>{"rude"}));
}

TEST(DraftLinterCues, APhraseOfTheSameFamilyAndTheRulesExceptsStillApply) {
    const auto linter = linter_for(kCueRules, true);
    // The phrase 你没看 and the shape 你…没看清 overlap: one issue, the phrase's.
    const auto issues = linter->lint("你没看清楚尺码");
    ASSERT_EQ(issues.size(), 1U);
    EXPECT_EQ(issues[0].text, "你没看");
    EXPECT_TRUE(linter->lint("麻烦您没注意的话再看一下").empty());
}

// The cue words are phrasebook text: a shop extends them with a file of its own, no rebuild.
TEST(DraftLinterCues, AShopExtendsTheCueWordsWithAFileOfItsOwn) {
    const std::filesystem::path folder =
        std::filesystem::temp_directory_path() / ("huashu_cue_words_" + std::to_string(::getpid()));
    std::filesystem::remove_all(folder);
    std::filesystem::copy(testing::source_path("phrasebook"), folder);
    const auto linter_of_folder = [&] {
        auto report = phrasebook::load_directory(folder);
        EXPECT_TRUE(report.ok()) << (report.problems.empty() ? "" : report.problems.front().to_string());
        return DraftLinter::build(std::make_shared<const phrasebook::Phrasebook>(std::move(*report.phrasebook)),
                                  *text::Normalizer::create());
    };
    const std::string draft = "有问题直接加我飞书聊吧";
    EXPECT_TRUE(linter_of_folder()->lint(draft).empty());  // 飞书 is no channel the bundled words know
    std::ofstream(folder / "shop_cues.phrases") << "# 本店补充的线索词\n[clause_cues]\nchannel = {飞书|lark}\n";
    const auto issues = linter_of_folder()->lint(draft);
    std::filesystem::remove_all(folder);
    ASSERT_EQ(issues.size(), 1U);
    EXPECT_EQ(issues[0].rule, LintRule::off_platform);
    EXPECT_EQ(issues[0].rule_id, "off_platform.channel_shape");
    EXPECT_EQ(issues[0].text, "加我飞书聊");
}

// A phrasebook built without the loader may lack cue words: its `cues = clause` rules find
// nothing, and its phrases still work.
TEST(DraftLinterCues, WithoutCueWordsOnlyPhrasesReport) {
    auto report = phrasebook::load_texts({{"t.phrases", "[entry e]\ncategory = greeting\nkeywords = 在吗\nreply = 在的\n" +
                                                            std::string(kCueRules)},
                                          {"c.phrases", read_file(testing::source_path("phrasebook/clause_cues.phrases"))}});
    ASSERT_TRUE(report.ok());
    phrasebook::Phrasebook book = std::move(*report.phrasebook);
    book.clause_cues.clear();
    const auto linter = DraftLinter::build(std::make_shared<const phrasebook::Phrasebook>(std::move(book)), *text::Normalizer::create());
    EXPECT_TRUE(linter->lint("说了八百遍了").empty());
    EXPECT_EQ(rules_of(linter, "你没看尺码"), (std::vector<std::string>{"blame"}));  // the phrase 你没看
}

TEST(DraftLinter, ACleanPoliteDraftHasNoIssues) {
    EXPECT_TRUE(bundled_linter()->lint("亲，您好😊 这款现在有货，今天16点前付款当天就能发出哦~").empty());
}

constexpr const char* kPersonalDataRules = R"(
[forbidden contact]
rule = forbidden_phrase
severity = error
detect = mobile_number | id_card_number | landline_number | email_address
except = 订单号
message = 隐私
rewrite = 亲，您的信息我们会保密
[forbidden address]
rule = forbidden_phrase
severity = error
detect = street_address
message = 隐私
rewrite = 亲，您的信息我们会保密
)";

// The parts of the draft the linter reported, as typed.
std::vector<std::string> reported(const std::string& draft) {
    static const auto linter = linter_for(kPersonalDataRules);
    std::vector<std::string> texts;
    for (const LintIssue& issue : linter->lint(draft)) texts.push_back(issue.text);
    return texts;
}

using Texts = std::vector<std::string>;

TEST(DraftLinterDetectors, FindMobileNumbersAsTheAgentWroteThem) {
    EXPECT_EQ(reported("这位买家电话13812345678"), Texts{"13812345678"});
    EXPECT_EQ(reported("手机138 1234 5678，别想抵赖"), Texts{"138 1234 5678"});
    EXPECT_EQ(reported("电话186-0000-1234"), Texts{"186-0000-1234"});
    EXPECT_EQ(reported("手機+86 13912345678"), Texts{"+86 13912345678"});
    EXPECT_EQ(reported("电话８６１３９１２３４５６７８"), Texts{"８６１３９１２３４５６７８"});  // full width
    EXPECT_EQ(reported("電話是0912-345-678"), Texts{"0912-345-678"});
    EXPECT_EQ(reported("電話0912345678"), Texts{"0912345678"});
}

TEST(DraftLinterDetectors, LeaveOrderTrackingAndShopNumbersAlone) {
    EXPECT_EQ(reported("亲，您的订单号是3691234567891234567"), Texts{});   // 19 digits
    EXPECT_EQ(reported("京东订单号13812345678，我帮您查"), Texts{});       // named just before
    EXPECT_EQ(reported("单号SF13812345678，已经发出"), Texts{});             // letters glued on
    EXPECT_EQ(reported("客服热线400-888-1234"), Texts{});
    EXPECT_EQ(reported("手机尾号1234的是您吗"), Texts{});
    EXPECT_EQ(reported("收件电话138****1234，信息没问题"), Texts{});         // masked
    EXPECT_EQ(reported("20000毫安，能充5次"), Texts{});
    EXPECT_EQ(reported("编号 138 1234 5678 9"), Texts{});                    // part of a longer grouped number
}

TEST(DraftLinterDetectors, FindIdCardNumbersByTheirBirthDate) {
    EXPECT_EQ(reported("身份证号11010519491231002X"), Texts{"11010519491231002X"});
    EXPECT_EQ(reported("身份证320102198501011234，实名过了"), Texts{"320102198501011234"});
    EXPECT_EQ(reported("身分證字號A123456789"), Texts{"A123456789"});
    EXPECT_EQ(reported("订单230815847362910457已发货"), Texts{});  // 18 digits, but no birth date
    EXPECT_EQ(reported("订单号：110105194912310021"), Texts{});     // named as an order number
    EXPECT_EQ(reported("货号AB123456789"), Texts{});
}

TEST(DraftLinterDetectors, FindOldAndHongKongIdCards) {
    EXPECT_EQ(reported("身份证110105491231002，核对一下"), Texts{"110105491231002"});  // 15 digits, born 1949-12-31
    EXPECT_EQ(reported("身份證號碼A123456(3)"), Texts{"A123456(3)"});
    EXPECT_EQ(reported("身份證號碼A123456（3）"), Texts{"A123456（3）"});              // full-width brackets
    EXPECT_EQ(reported("证件a1234563已登记"), Texts{"a1234563"});                       // no brackets, check character right
    EXPECT_EQ(reported("货号AB1234567有货"), Texts{});                                  // check character wrong: a product code
    EXPECT_EQ(reported("单号773012345678901"), Texts{});                                // 15 digits, no birth date
}

TEST(DraftLinterDetectors, FindLandlinesWithTheirAreaCode) {
    EXPECT_EQ(reported("买家座机0571-88886666"), Texts{"0571-88886666"});
    EXPECT_EQ(reported("电话(021)6888 8888"), Texts{"(021)6888 8888"});
    EXPECT_EQ(reported("电话010 62345678"), Texts{"010 62345678"});
    EXPECT_EQ(reported("电话057188886666"), Texts{"057188886666"});
    EXPECT_EQ(reported("市話（02）2345-6789"), Texts{"（02）2345-6789"});
    EXPECT_EQ(reported("電話07-345-6789"), Texts{"07-345-6789"});
    EXPECT_EQ(reported("電話+852 9123 4567"), Texts{"+852 9123 4567"});
}

TEST(DraftLinterDetectors, LeaveHotlinesDatesAndLocalNumbersAlone) {
    EXPECT_EQ(reported("售后热线400-888-1234"), Texts{});
    EXPECT_EQ(reported("拨打88886666就行"), Texts{});            // no area code
    EXPECT_EQ(reported("2024-05-01发货"), Texts{});
    EXPECT_EQ(reported("邮编310000"), Texts{});
    EXPECT_EQ(reported("营业时间08-22点"), Texts{});
    EXPECT_EQ(reported("订单号057188886666已发货"), Texts{});    // named just before
    EXPECT_EQ(reported("重量0.5-1.2公斤"), Texts{});
}

TEST(DraftLinterDetectors, FindEmailAddresses) {
    EXPECT_EQ(reported("买家邮箱zhang.san@163.com，已发"), Texts{"zhang.san@163.com"});
    EXPECT_EQ(reported("邮箱123456789@qq.com。"), Texts{"123456789@qq.com"});
    EXPECT_EQ(reported("郵箱ｗａｎｇ＠ｇｍａｉｌ．ｃｏｍ"), Texts{"ｗａｎｇ＠ｇｍａｉｌ．ｃｏｍ"});  // full width
    EXPECT_EQ(reported("@客服小美 帮忙看下"), Texts{});
    EXPECT_EQ(reported("联系a@b就行"), Texts{});                  // no domain with a dot
    EXPECT_EQ(reported("版本v1@2024.05"), Texts{});               // the last part is not letters
}

TEST(DraftLinterDetectors, FindStreetAddressesButNotADistrictAlone) {
    EXPECT_EQ(reported("该买家住杭州市西湖区文三路369号5栋2单元301，签收了"), Texts{"文三路369号5栋2单元301"});
    EXPECT_EQ(reported("地址為台北市大安區忠孝東路四段100號5樓"), Texts{"忠孝東路四段100號5樓"});
    EXPECT_EQ(reported("上海市浦东新区张江路100弄3号"), Texts{"张江路100弄3号"});
    EXPECT_EQ(reported("小区3号楼502室"), Texts{"3号楼502室"});
    EXPECT_EQ(reported("寄到阳光花园8栋，放门卫"), Texts{"阳光花园8栋"});                // a named estate: one building is enough
    EXPECT_EQ(reported("送到碧桂園3座12樓"), Texts{"碧桂園3座12樓"});
    EXPECT_EQ(reported("亲，已备注送到5栋"), Texts{});                                    // a building alone
    EXPECT_EQ(reported("地址已改好：浙江省杭州市余杭区，收件人王女士"), Texts{});
    EXPECT_EQ(reported("门牌号要写到几栋几单元几室"), Texts{});
    EXPECT_EQ(reported("5月3号发货，从2号仓出"), Texts{});
    EXPECT_EQ(reported("快递在路上，3号能到"), Texts{});
}

TEST(DraftLinterDetectors, OffsetsAreCodePointsOfTheDraftAsTyped) {
    const auto issues = linter_for(kPersonalDataRules)->lint("亲😊，電話１３８１２３４５６７８");
    ASSERT_EQ(issues.size(), 1U);
    EXPECT_EQ(issues[0].rule_id, "contact");
    EXPECT_EQ(issues[0].start, 5U);  // 亲 😊 ， 電 話
    EXPECT_EQ(issues[0].end, 16U);
}

// The families the bundled rules report for a draft, sorted.
std::vector<std::string> families(const std::string& draft) {
    std::set<std::string> found;
    for (const LintIssue& issue : bundled_linter()->lint(draft)) found.insert(std::string(phrasebook::to_string(issue.rule)));
    return {found.begin(), found.end()};
}

using Families = std::vector<std::string>;

// Decision 53: shapes rather than sentences, each with a near-miss that must stay clean.
TEST(DraftLinterCues, BlameWithoutAFaultWord) {
    EXPECT_EQ(families("是您家狗太挑食了，狗粮本身没有问题"), Families{"blame_buyer"});            // it is you + a trait
    EXPECT_EQ(families("您是不是用开水烫了？正常洗都不会变形的"), Families{"blame_buyer"});        // normal use would not
    EXPECT_EQ(families("别的小朋友穿都好好的，您家孩子皮肤太敏感了"), Families{"blame_buyer"});     // others' children fine
    EXPECT_EQ(families("您下单时点的就是灰色，系统记录得清清楚楚"), Families{"blame_buyer"});      // the buyer's own choice
    EXPECT_EQ(families("正常使用不会掉色的，您放心穿"), Families{});
    EXPECT_EQ(families("如果是您家宝宝皮肤比较敏感，建议先在手臂试一下"), Families{});
    EXPECT_EQ(families("页面上能选的就是有货的颜色，灰色的补货后会上架哦"), Families{});
}

TEST(DraftLinterCues, AReviewPaidForOnThePlatformIsForbiddenAndOffItIsOffPlatform) {
    EXPECT_EQ(families("晒图好评的话，下次给您多送一份小样"), Families{"forbidden_phrase"});
    EXPECT_EQ(families("好评返现3元哦"), Families{"forbidden_phrase"});
    EXPECT_EQ(families("好评截图发我微信，返您3元"), Families{"off_platform"});
    EXPECT_EQ(families("差评删了加我微信，给您转20"), (Families{"forbidden_phrase", "off_platform"}));  // a complaint taken back
    EXPECT_EQ(families("这单给您多放了一个小礼物，如果满意麻烦给个好评呀"), Families{});
}

TEST(DraftLinterCues, TheBuyersWordsInQuotesAndSpecificationLimitsAreNoClaims) {
    EXPECT_EQ(families("您说的“全网最好”我们不敢这么说，不过这款口碑确实不错"), Families{});
    EXPECT_EQ(families("这款吹风机最高1800W，三档风速"), Families{});
    EXPECT_EQ(families("我们没法保证百分百不过敏，建议先小面积试用"), Families{});
    EXPECT_EQ(families("全港第一的面膜，一敷即刻白"), Families{"absolute_claim"});
}

TEST(DraftLinterCues, BrushOffsAndDisguisedContacts) {
    EXPECT_EQ(families("嗯。"), Families{"forbidden_phrase"});
    EXPECT_EQ(families("您觉得不值的话不用勉强哈"), Families{"forbidden_phrase"});
    EXPECT_EQ(families("同一个问题我已经回复五次了"), Families{"forbidden_phrase"});
    EXPECT_EQ(families("我的V❤是 tom2026，有事找我"), Families{"off_platform"});
    EXPECT_EQ(families("您先取消这单，去那边下单便宜点"), Families{"off_platform"});
    EXPECT_EQ(families("亲，我们不能加您的微信哦，平台规定沟通都在这里，有问题随时找我"), Families{});
}

// Decision 58's small rules, each with the draft that needs it.
TEST(DraftLinterCues, ALimitAVerbOrTwoBeforeItsNumberIsNoClaim) {
    EXPECT_EQ(families("这款置物架每层最高能承重120公斤，放微波炉没问题"), Families{});
    EXPECT_EQ(families("这款书包最高可以装下15寸的电脑"), Families{});
    EXPECT_EQ(families("这款置物架是最高品质，承重120公斤"), Families{"absolute_claim"});
}

TEST(DraftLinterCues, BecauseRightBeforeTheBuyerCountsLikeItIs) {
    EXPECT_EQ(families("鞋子会挤脚，主要因为您脚型太宽"), Families{"blame_buyer"});
    EXPECT_EQ(families("鞋子会挤脚的话，因为您脚型太宽，建议拍大一码"), Families{});
}

TEST(DraftLinterCues, AReviewTradeWithholdsItsRewardWithoutRefusing) {
    EXPECT_EQ(families("晒图五星好评才送小样，三星以下不送"), Families{"forbidden_phrase"});
}

// The phrasebook's own canned replies are polite drafts written by supervisors: a rule that fires
// on one of them is too broad.
TEST(DraftLinter, TheBundledRepliesPassTheLint) {
    auto report = phrasebook::load_directory(testing::source_path("phrasebook"));
    ASSERT_TRUE(report.ok());
    for (const phrasebook::Entry& entry : report.phrasebook->entries) {
        for (const std::string& reply : entry.replies) {
            for (const LintIssue& issue : bundled_linter()->lint(reply)) {
                ADD_FAILURE() << entry.id << ": " << issue.rule_id << " on '" << issue.text << "' in " << reply;
            }
        }
    }
}

// tests/data/replies.tsv holds good agent replies written for the reply classifier, without the
// lint rules in mind: a second, independent check that the rules leave polite drafts alone.
TEST(DraftLinter, TheReplySetsAgentRepliesPassTheLint) {
    std::ifstream in(testing::source_path("tests/data/replies.tsv"));
    ASSERT_TRUE(in);
    int replies = 0;
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') continue;
        const std::string reply = line.substr(line.rfind('\t') + 1);
        ++replies;
        for (const LintIssue& issue : bundled_linter()->lint(reply)) {
            ADD_FAILURE() << issue.rule_id << " on '" << issue.text << "' in " << reply;
        }
    }
    EXPECT_GE(replies, 100);
}

// tests/data/replies_blind.tsv holds polite agent replies written blind for the reply classifier:
// a third check, on wordings nobody tuned the rules for, that polite drafts stay clean.
TEST(DraftLinter, TheBlindReplySetsAgentRepliesPassTheLint) {
    int replies = 0;
    for (const testing::LabelledLine& labelled : testing::load_labelled_lines("replies_blind.tsv")) {
        const std::string reply = labelled.text.substr(labelled.text.rfind('\t') + 1);
        ++replies;
        for (const LintIssue& issue : bundled_linter()->lint(reply)) {
            ADD_FAILURE() << "replies_blind.tsv:" << labelled.line << ": " << issue.rule_id << " on '" << issue.text << "' in " << reply;
        }
    }
    EXPECT_GE(replies, 100);
}

struct Quality {
    int drafts = 0;
    double precision = 0;
    double recall = 0;
};

// Precision and recall over (draft, rule) pairs of a labelled drafts file in tests/data/.
Quality measure(const std::string& file) {
    int true_positives = 0;
    int false_positives = 0;
    int false_negatives = 0;
    int drafts = 0;
    for (const testing::LabelledLine& labelled : testing::load_labelled_lines(file)) {
        std::set<std::string> expected;
        for (const std::string& label : labelled.labels) {
            if (label != "clean") expected.insert(label);
        }
        std::set<std::string> found;
        std::string reported_by;  // which rules on which words, for the misses printout
        for (const LintIssue& issue : bundled_linter()->lint(labelled.text)) {
            found.insert(std::string(phrasebook::to_string(issue.rule)));
            reported_by += " [" + issue.rule_id + " '" + issue.text + "']";
        }
        ++drafts;
        for (const auto& rule : found) (expected.contains(rule) ? true_positives : false_positives) += 1;
        for (const auto& rule : expected) false_negatives += found.contains(rule) ? 0 : 1;
        if (found != expected && std::getenv("HUASHU_SHOW_MISSES") != nullptr) {
            std::cout << file << ":" << labelled.line << " expected";
            for (const auto& rule : expected) std::cout << ' ' << rule;
            std::cout << ", found";
            for (const auto& rule : found) std::cout << ' ' << rule;
            std::cout << ": " << labelled.text << reported_by << '\n';
        }
    }
    const double precision = true_positives / static_cast<double>(std::max(1, true_positives + false_positives));
    const double recall = true_positives / static_cast<double>(std::max(1, true_positives + false_negatives));
    std::cout << file << ": " << drafts << " drafts, lint precision " << precision << ", recall " << recall << '\n';
    return {drafts, precision, recall};
}

// All five labelled sets are development sets now: their misses guided the rules. drafts.tsv and
// drafts_holdout.tsv were tuned on first; drafts_blind.tsv and drafts_blind2.tsv were written by
// people who never saw the rules and were used only for aggregate figures until the clause cue
// scorer (decision 41), when their lines became development data too; drafts_dev3.tsv was
// written just before that work. The honest measure is a blind set written after the rules.
void expect_floors(const std::string& file, int at_least_drafts, double precision_floor, double recall_floor) {
    const Quality quality = measure(file);
    EXPECT_GE(quality.drafts, at_least_drafts) << file;
    EXPECT_GE(quality.precision, precision_floor) << file;
    EXPECT_GE(quality.recall, recall_floor) << file;
}

TEST(DraftLinter, DevelopmentDraftsHoldThePrecisionAndRecallFloors) {
    expect_floors("drafts.tsv", 60, HUASHU_LINT_FLOOR, HUASHU_LINT_FLOOR);
}

TEST(DraftLinter, SecondDevelopmentDraftsHoldThePrecisionAndRecallFloors) {
    expect_floors("drafts_holdout.tsv", 60, HUASHU_HOLDOUT_LINT_FLOOR, HUASHU_HOLDOUT_LINT_FLOOR);
}

TEST(DraftLinter, BlindDraftsHoldThePrecisionAndRecallFloors) {
    expect_floors("drafts_blind.tsv", 120, HUASHU_BLIND_LINT_PRECISION_FLOOR, HUASHU_BLIND_LINT_RECALL_FLOOR);
}

// drafts_blind2.tsv: written in session 8 by someone who saw neither the rules nor the other sets,
// after the first blind set had shown which families were missing.
TEST(DraftLinter, SecondBlindDraftsHoldThePrecisionAndRecallFloors) {
    expect_floors("drafts_blind2.tsv", 160, HUASHU_BLIND2_LINT_PRECISION_FLOOR, HUASHU_BLIND2_LINT_RECALL_FLOOR);
}

TEST(DraftLinter, ThirdDevelopmentDraftsHoldThePrecisionAndRecallFloors) {
    expect_floors("drafts_dev3.tsv", 120, HUASHU_DEV3_LINT_PRECISION_FLOOR, HUASHU_DEV3_LINT_RECALL_FLOOR);
}

// drafts_probes.tsv: twenty-three small batches written while the cue scorer was built, each measured
// before it was tuned on (its header keeps those first figures).
TEST(DraftLinter, ProbeDraftsHoldThePrecisionAndRecallFloors) {
    expect_floors("drafts_probes.tsv", 500, HUASHU_PROBES_LINT_PRECISION_FLOOR, HUASHU_PROBES_LINT_RECALL_FLOOR);
}

// drafts_dev5.tsv: written in session 10 in four batches, each committed and measured before the rules
// were tuned on it, on wordings that avoid the textbook phrases (implied blame, disguised contacts,
// implicit refusals, sales-ranking claims); first figures in decision 48.
TEST(DraftLinter, FifthDevelopmentDraftsHoldThePrecisionAndRecallFloors) {
    expect_floors("drafts_dev5.tsv", 220, HUASHU_DEV5_LINT_PRECISION_FLOOR, HUASHU_DEV5_LINT_RECALL_FLOOR);
}

// drafts_blind3.tsv: written in session 9 by someone who saw neither the rules nor the other sets,
// committed before any rule change, and never opened by whoever wrote the cue scorer. Session-8
// rules: precision 88.5 %, recall 72.5 %; with the cue scorer: 92.1 / 84.8 %. A development set since
// branch lint5 (decision 53): 92.2 / 86.2 % before it, 97.8 / 97.1 % after.
TEST(DraftLinter, ThirdBlindDraftsHoldThePrecisionAndRecallFloors) {
    expect_floors("drafts_blind3.tsv", 200, HUASHU_BLIND3_LINT_PRECISION_FLOOR, HUASHU_BLIND3_LINT_RECALL_FLOOR);
}

// drafts_blind4.tsv: written in session 10 by someone who saw neither the rules nor the other
// sets (314 drafts; disguised contacts, sarcasm, polite wrappers, near-misses), committed before
// anything was measured on it. Only its totals are read. Before branch lint4: precision 93.2 %,
// recall 79.7 %; after: 92.9 / 82.9 %. A development set since branch lint5 (decision 53): after it
// 98.6 / 98.6 %; drafts_blind5.tsv is the honest measure of that round.
TEST(DraftLinter, FourthBlindDraftsHoldThePrecisionAndRecallFloors) {
    expect_floors("drafts_blind4.tsv", 300, HUASHU_BLIND4_LINT_PRECISION_FLOOR, HUASHU_BLIND4_LINT_RECALL_FLOOR);
}
// drafts_blind5.tsv: written in session 10 by someone who saw neither the rules nor the other
// sets (379 drafts in seven agent voices; hidden channels, implied blame, near-misses),
// committed before anything was measured on it. Before branch lint5: precision 85.4 %, recall
// 73.4 %; after: 86.3 / 76.4 %. A development set since branch lint6 (decision 53): 86.3 / 76.4 %
// before it, 98.1 / 95.2 % after; drafts_blind6.tsv is the honest measure of that round.
TEST(DraftLinter, FifthBlindDraftsHoldThePrecisionAndRecallFloors) {
    expect_floors("drafts_blind5.tsv", 350, HUASHU_BLIND5_LINT_PRECISION_FLOOR, HUASHU_BLIND5_LINT_RECALL_FLOOR);
}
// drafts_blind6.tsv: written in session 10 by someone who saw neither the rules nor the other
// sets (338 everyday drafts over common goods), committed before anything was measured on it.
// Only its totals are read. Before branch lint6: precision 93.6 %, recall 86.6 %; after: 93.7 /
// 87.0 %.
TEST(DraftLinter, SixthBlindDraftsHoldThePrecisionAndRecallFloors) {
    expect_floors("drafts_blind6.tsv", 300, HUASHU_BLIND6_LINT_PRECISION_FLOOR, HUASHU_BLIND6_LINT_RECALL_FLOOR);
}
// drafts_blind7.tsv: written in session 11 by someone who saw neither the rules nor the other
// sets (320 drafts over many kinds of shop and many agent voices), committed before anything was
// measured on it. Only its totals are read. Measured once, on the rules of session 10's end:
// precision 88.7 %, recall 89.1 %.
TEST(DraftLinter, SeventhBlindDraftsHoldThePrecisionAndRecallFloors) {
    expect_floors("drafts_blind7.tsv", 300, HUASHU_BLIND7_LINT_PRECISION_FLOOR, HUASHU_BLIND7_LINT_RECALL_FLOOR);
}
// drafts_blind8.tsv: written in session 11 by someone who saw neither the rules nor the other
// sets (337 drafts, many shops and agent voices), committed before anything was measured on it.
// Only its totals are read. Measured once, on the rules of session 10's end: precision 87.5 %,
// recall 84.4 %.
TEST(DraftLinter, EighthBlindDraftsHoldThePrecisionAndRecallFloors) {
    expect_floors("drafts_blind8.tsv", 300, HUASHU_BLIND8_LINT_PRECISION_FLOOR, HUASHU_BLIND8_LINT_RECALL_FLOOR);
}
// drafts_blind9.tsv: written in session 11 by someone who saw neither the rules nor the other
// sets (331 drafts, many shops and agent voices, filter-dodging spellings), committed before
// anything was measured on it. Only its totals are read. Measured once, after branch lint7
// (decision 58, tuned on blind7 and blind8): precision 90.2 %, recall 88.4 %. A development set since
// branch lint8 (decision 59): 96.1 / 100 % after it.
TEST(DraftLinter, NinthBlindDraftsHoldThePrecisionAndRecallFloors) {
    expect_floors("drafts_blind9.tsv", 300, HUASHU_BLIND9_LINT_PRECISION_FLOOR, HUASHU_BLIND9_LINT_RECALL_FLOOR);
}
// drafts_blind10.tsv: written in session 11 by someone who saw neither the rules nor the other
// sets (340 drafts, a week of many shops and agent voices), committed before anything was
// measured on it. Only its totals are read. Measured once, after branch lint8 (decision 59,
// tuned on blind9): precision 93.6 %, recall 92.2 %.
TEST(DraftLinter, TenthBlindDraftsHoldThePrecisionAndRecallFloors) {
    expect_floors("drafts_blind10.tsv", 300, HUASHU_BLIND10_LINT_PRECISION_FLOOR, HUASHU_BLIND10_LINT_RECALL_FLOOR);
}
}  // namespace
}  // namespace huashu::engine
