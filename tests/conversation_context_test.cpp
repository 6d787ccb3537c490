#include <gtest/gtest.h>

#include <algorithm>

#include "huashu/engine/suggestion_engine.h"
#include "labelled_data.h"

namespace huashu::engine {
namespace {

using phrasebook::Intent;

TEST(FindOptions, NamesColoursAndSizesInOrder) {
    EXPECT_EQ(find_options("白色和卡其色哪个好看"), (std::vector<std::string>{"白色", "卡其色"}));
    EXPECT_EQ(find_options("m和l选哪个,38码有吗"), (std::vector<std::string>{"m码", "l码", "38码"}));
    EXPECT_EQ(find_options("xl还是xxl"), (std::vector<std::string>{"xl", "xxl"}));
}

TEST(FindOptions, IgnoresWordsThatOnlyEndInColour) {
    EXPECT_TRUE(find_options("什么颜色好看,会掉色吗").empty());
    EXPECT_TRUE(find_options("ok的亲").empty());
}

TEST(ConversationContext, StageMovesThroughTheSaleAndJumpsToAfterSale) {
    ConversationContext context;
    context.observe_buyer({Intent::greeting}, "在吗");
    EXPECT_EQ(context.stage, Stage::greeting);
    context.observe_buyer({Intent::product_info}, "什么面料");
    EXPECT_EQ(context.stage, Stage::inquiry);
    context.observe_buyer({Intent::bargain}, "太贵了");
    EXPECT_EQ(context.stage, Stage::negotiating);
    EXPECT_TRUE(context.hesitating());
    context.observe_order("placed");
    EXPECT_EQ(context.stage, Stage::ordered);
    context.observe_order("paid");
    EXPECT_EQ(context.stage, Stage::paid);
    context.observe_buyer({Intent::refund}, "怎么还没退款");
    EXPECT_EQ(context.stage, Stage::after_sale);
    EXPECT_FALSE(context.hesitating());
    context.observe_buyer({Intent::bargain}, "便宜点");
    EXPECT_EQ(context.stage, Stage::after_sale);  // never back to selling
}

TEST(ConversationContext, RemembersTheLastOptionsNamedWithoutRepeats) {
    ConversationContext context;
    context.observe_buyer({Intent::stock}, "白色有货吗");
    context.observe_buyer({Intent::stock}, "黑色呢");
    context.observe_buyer({Intent::stock}, "白色还有吗");
    EXPECT_EQ(std::vector<std::string>(context.options.begin(), context.options.end()),
              (std::vector<std::string>{"黑色", "白色"}));
}

class ContextualSuggestions : public ::testing::Test {
protected:
    static std::shared_ptr<const SuggestionEngine> engine() {
        static const std::shared_ptr<const SuggestionEngine> built = [] {
            auto report = phrasebook::load_directory(testing::source_path("phrasebook"));
            EXPECT_TRUE(report.ok());
            return SuggestionEngine::build(std::make_shared<const phrasebook::Phrasebook>(std::move(*report.phrasebook)),
                                           *text::Normalizer::create());
        }();
        return built;
    }

    // Feeds the buyer's messages into a context the way the service does, then suggests.
    static std::vector<Suggestion> converse(const std::vector<std::string>& messages, ConversationContext& context) {
        std::vector<Suggestion> last;
        for (const std::string& message : messages) {
            std::vector<Intent> intents;
            for (const auto& scored : engine()->classify(message, context)) intents.push_back(scored.intent);
            context.observe_buyer(intents, engine()->normalize(message));
            last = engine()->suggest(message, 5, context);
        }
        return last;
    }

    static std::size_t techniques(const std::vector<Suggestion>& suggestions) {
        return static_cast<std::size_t>(
            std::count_if(suggestions.begin(), suggestions.end(), [](const Suggestion& s) { return s.technique.has_value(); }));
    }
};

TEST_F(ContextualSuggestions, APriceObjectionBringsClosingTechniques) {
    ConversationContext context;
    const auto answer = converse({"这件衣服什么面料", "太贵了"}, context);
    ASSERT_FALSE(answer.empty());
    EXPECT_EQ(answer.front().category, Intent::bargain);
    EXPECT_GE(techniques(answer), 2U);
}

TEST_F(ContextualSuggestions, AfterSaleConversationsGetNoSalesPush) {
    ConversationContext context;
    const auto answer = converse({"收到的衣服破了个洞", "我再考虑考虑要不要退"}, context);
    EXPECT_EQ(context.stage, Stage::after_sale);
    EXPECT_EQ(techniques(answer), 0U);
}

TEST_F(ContextualSuggestions, AlternativeChoiceOffersExactlyTheTwoOptionsNamed) {
    ConversationContext context;
    const auto answer = converse({"白色和卡其色我都喜欢", "纠结,再想想"}, context);
    const auto alternative = std::find_if(answer.begin(), answer.end(), [](const Suggestion& s) {
        return s.technique == phrasebook::Technique::alternative_choice;
    });
    ASSERT_NE(alternative, answer.end());
    EXPECT_NE(alternative->text.find("白色"), std::string::npos) << alternative->text;
    EXPECT_NE(alternative->text.find("卡其色"), std::string::npos) << alternative->text;
    EXPECT_EQ(alternative->text.find("选项"), std::string::npos) << alternative->text;
}

TEST_F(ContextualSuggestions, ATwoPartQuestionGetsAnAnswerForEachPart) {
    const auto answer = engine()->suggest("包邮吗?什么时候发货", 5);
    ASSERT_GE(answer.size(), 2U);
    std::vector<Intent> first_two = {answer[0].category, answer[1].category};
    EXPECT_NE(std::find(first_two.begin(), first_two.end(), Intent::shipping_fee), first_two.end());
    EXPECT_NE(std::find(first_two.begin(), first_two.end(), Intent::shipping_time), first_two.end());
}

TEST_F(ContextualSuggestions, AfterAnOrderPaymentRepliesRankHigher) {
    ConversationContext ordered;
    ordered.observe_order("placed");
    const auto payment_score = [](const std::vector<IntentScore>& ranked) {
        const auto found = std::find_if(ranked.begin(), ranked.end(), [](const IntentScore& s) { return s.intent == Intent::payment; });
        return found == ranked.end() ? 0.0 : found->score;
    };
    const std::string text = "好的,怎么付款";
    const double neutral = payment_score(engine()->classify(text));
    ASSERT_GT(neutral, 0.0);
    EXPECT_GT(payment_score(engine()->classify(text, ordered)), neutral);
}

}  // namespace
}  // namespace huashu::engine
