#include <gtest/gtest.h>

#include "huashu/engine/assistant.h"
#include "bundled_assistant.h"
#include "labelled_data.h"

namespace huashu::engine {
namespace {

using phrasebook::Intent;

std::shared_ptr<const Assistant> bundled() { return testing::bundled_assistant(); }

class ReturnShortcuts : public ::testing::TestWithParam<const char*> {};

TEST_P(ReturnShortcuts, FindReturnRepliesFirst) {
    const auto found = bundled()->suggest(GetParam(), 3);
    ASSERT_FALSE(found.empty()) << GetParam();
    EXPECT_EQ(found.front().category, Intent::return_exchange) << GetParam();
}

INSTANTIATE_TEST_SUITE_P(ByKeywordPinyinAndInitials, ReturnShortcuts,
                         ::testing::Values("/th", "/tuihuo", "/tui huo", "/退货", "/退貨", "/TH"));

TEST(ShortcutSearch, AShortcutIsNotRankedAsABuyerMessage) {
    EXPECT_TRUE(ShortcutSearch::is_shortcut("/by"));
    EXPECT_FALSE(ShortcutSearch::is_shortcut("/"));
    EXPECT_FALSE(ShortcutSearch::is_shortcut("包邮/不包邮"));
    const auto found = bundled()->suggest("/baoyou", 5);
    ASSERT_FALSE(found.empty());
    EXPECT_EQ(found.front().category, Intent::shipping_fee);
}

TEST(ShortcutSearch, UnknownShortcutFindsNothing) { EXPECT_TRUE(bundled()->suggest("/zzzzzz", 5).empty()); }

}  // namespace
}  // namespace huashu::engine
