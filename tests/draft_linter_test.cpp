#include <gtest/gtest.h>

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

std::shared_ptr<const DraftLinter> linter_for(const std::string& phrases) {
    auto report = phrasebook::load_texts({{"t.phrases", "[entry e]\ncategory = greeting\nkeywords = 在吗\nreply = 在的\n" + phrases}});
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

TEST(DraftLinter, ACleanPoliteDraftHasNoIssues) {
    EXPECT_TRUE(bundled_linter()->lint("亲，您好😊 这款现在有货，今天16点前付款当天就能发出哦~").empty());
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
        for (const LintIssue& issue : bundled_linter()->lint(labelled.text)) {
            found.insert(std::string(phrasebook::to_string(issue.rule)));
        }
        ++drafts;
        for (const auto& rule : found) (expected.contains(rule) ? true_positives : false_positives) += 1;
        for (const auto& rule : expected) false_negatives += found.contains(rule) ? 0 : 1;
        if (found != expected && std::getenv("HUASHU_SHOW_MISSES") != nullptr) {
            std::cout << file << ":" << labelled.line << " expected";
            for (const auto& rule : expected) std::cout << ' ' << rule;
            std::cout << ", found";
            for (const auto& rule : found) std::cout << ' ' << rule;
            std::cout << ": " << labelled.text << '\n';
        }
    }
    const double precision = true_positives / static_cast<double>(std::max(1, true_positives + false_positives));
    const double recall = true_positives / static_cast<double>(std::max(1, true_positives + false_negatives));
    std::cout << file << ": " << drafts << " drafts, lint precision " << precision << ", recall " << recall << '\n';
    return {drafts, precision, recall};
}

// drafts.tsv and drafts_holdout.tsv are development sets: their misses guided the rules
// (drafts_holdout.tsv was blind until the rules were tuned on it in November 2026).
// drafts_blind.tsv was written by someone who never saw the rules, and is never used for tuning:
// it is the honest measure.
TEST(DraftLinter, DevelopmentDraftsHoldThePrecisionAndRecallFloors) {
    const Quality quality = measure("drafts.tsv");
    EXPECT_GE(quality.drafts, 60);
    EXPECT_GE(quality.precision, HUASHU_LINT_FLOOR);
    EXPECT_GE(quality.recall, HUASHU_LINT_FLOOR);
}

TEST(DraftLinter, SecondDevelopmentDraftsHoldThePrecisionAndRecallFloors) {
    const Quality quality = measure("drafts_holdout.tsv");
    EXPECT_GE(quality.drafts, 60);
    EXPECT_GE(quality.precision, HUASHU_HOLDOUT_LINT_FLOOR);
    EXPECT_GE(quality.recall, HUASHU_HOLDOUT_LINT_FLOOR);
}

TEST(DraftLinter, BlindDraftsHoldThePrecisionAndRecallFloors) {
    const Quality quality = measure("drafts_blind.tsv");
    std::cout << "blind drafts: precision " << quality.precision << ", recall " << quality.recall << " over "
              << quality.drafts << '\n';
    EXPECT_GE(quality.drafts, 120);
    EXPECT_GE(quality.precision, HUASHU_BLIND_LINT_PRECISION_FLOOR);
    EXPECT_GE(quality.recall, HUASHU_BLIND_LINT_RECALL_FLOOR);
}

// drafts_blind2.tsv: a second blind set, written in session 8 by someone who saw neither the rules
// nor the other sets, after the first blind set had shown which families were missing.
TEST(DraftLinter, SecondBlindDraftsHoldThePrecisionAndRecallFloors) {
    const Quality quality = measure("drafts_blind2.tsv");
    std::cout << "second blind drafts: precision " << quality.precision << ", recall " << quality.recall << " over "
              << quality.drafts << '\n';
    EXPECT_GE(quality.drafts, 160);
    EXPECT_GE(quality.precision, HUASHU_BLIND2_LINT_PRECISION_FLOOR);
    EXPECT_GE(quality.recall, HUASHU_BLIND2_LINT_RECALL_FLOOR);
}
}  // namespace
}  // namespace huashu::engine
