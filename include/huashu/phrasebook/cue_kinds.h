// What a cue word of the draft lint's clause cue scorer says about its clause. The cue words are
// phrasebook text (`[clause_cues]` lines, phrasebook/README.md); their kinds are this fixed
// vocabulary, because the rules that combine them are code (src/engine/clause_cues.cpp).
//
//   huashu::Result<std::uint64_t> kinds = huashu::phrasebook::parse_cue_kinds("person+own");
//   if (kinds && (*kinds & huashu::phrasebook::cue::kOwn)) ...
//
// The names are part of the phrasebook format: never rename one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "huashu/core/result.h"

namespace huashu::phrasebook {

namespace cue {

// A cue may say several things (自己弄 is both a reference to the buyer and a fault); a neutral
// cue (还没, 能不能) says nothing and is there only to swallow the words inside it, because the
// scan takes the longest cue at each place.
enum Kind : std::uint64_t {
    kNeutral = 0,
    // blame_buyer
    kPerson = 1ULL << 0,           // 你, 您, 亲, 买家, 自己
    kFault = 1ULL << 1,            // an omission or misuse that needs a person: 没看, 拍错, 洗坏
    kSelfFault = 1ULL << 2,        // a fault that names the buyer by itself: 使用不当, 怪谁, 早说
    kModality = 1ULL << 3,         // 明明, 本来, 应该, 都写了: turns a fact into a reproach
    kOurFault = 1ULL << 4,         // 我们的问题, 不是您的问题: the shop takes the blame
    kHelp = 1ULL << 5,             // 麻烦您, 建议您, 您可以: the pronoun is addressed politely
    kCondition = 1ULL << 6,        // 如果, 的话: a hypothetical, not an accusation
    kQuestion = 1ULL << 7,         // 是不是, 能不能, 行不行: asks rather than states
    // blunt_refusal
    kRefusal = 1ULL << 8,          // 不行, 不能退, 没办法, 做不到
    kSoftener = 1ULL << 9,         // a reason, an alternative or an offer anywhere in the draft
    kApology = 1ULL << 10,         // 抱歉, 不好意思
    // forbidden_phrase
    kRude = 1ULL << 11,            // impatient, dismissive, sarcastic, insulting, shifting blame
    kReview = 1ULL << 12,          // 好评, 差评, 评价
    kReviewChange = 1ULL << 13,    // 删, 撤, 改成, 给个: what the buyer is pressed to do to a review
    kReviewLever = 1ULL << 14,     // 退款, 补发, 不处理: what is held over the buyer
    kReviewSafe = 1ULL << 15,      // 不影响, 权利: the review is left to the buyer
    // off_platform
    kChannel = 1ULL << 16,         // 微信, vx, 薇, 扣扣, 收款码, 闲鱼: a way around the platform
    kWeakChannel = 1ULL << 17,     // 支付宝, 手机号, 红包: off-platform only with a private direction
    kReach = 1ULL << 18,           // 加, 扫, 搜, 转, 进群: an action that uses the channel
    kPrivately = 1ULL << 19,       // 转你, 发您, 私下, 不走平台: a private direction by itself
    kNegation = 1ULL << 20,        // 不要, 请勿, 不支持: in front of a channel, a warning
    kOnPlatform = 1ULL << 21,      // 微信支付, 在订单页, 平台内: the platform's own flows
    // absolute_claim
    kSuperlative = 1ULL << 22,     // 最好的, 全网最, 第一, 顶级, 没有之一
    kAbsolute = 1ULL << 23,        // 绝对, 保证, 百分百, 永远, 彻底, 一辈子
    kEffect = 1ULL << 24,          // 美白, 瘦, 治, 长高, 不褪色: an effect a product claims
    kAbility = 1ULL << 25,         // 能, 就能, 都能, 一周, 一个月: states the effect as certain
    kHedge = 1ULL << 26,           // 因人而异, 不敢保证, 以…为准: the claim is qualified
    kPressure = 1ULL << 27,        // 就涨价, 被抢走: invented urgency
    kDontKnow = 1ULL << 28,        // 不知道: a refusal only when it is the whole answer
    kThirdParty = 1ULL << 29,      // 快递, 仓库: someone else did the damage
    kReassure = 1ULL << 30,        // 也正常, 不要紧: the buyer is told it is fine
    kNotNeeded = 1ULL << 31,       // 不用, 不必: the buyer is spared a task
    kShift = 1ULL << 32,           // 找快递, 问厂家: sends the buyer to someone else
    kWeDo = 1ULL << 33,            // 我来, 我们这边, 已: the shop does it itself
    kBareNo = 1ULL << 34,          // 不, 没, 冇: a refusal when it is nearly the whole answer
    kAddVerb = 1ULL << 35,         // 加, 搜: what an account id right after it is for
    kOwn = 1ULL << 36,             // 自己: after 您/你 in a statement, "you did it yourself"
    kDone = 1ULL << 37,            // 了, 的, 过: the sentence tells what happened
    kDoNow = 1ULL << 38,           // 一下, 去, 看看: the sentence asks for something to be done
    kWith = 1ULL << 39,            // 跟, 和, 与: 跟我们…没关系 disowns where 没关系 alone reassures
    kUs = 1ULL << 40,              // 我们, 本店, 店里: the shop as the one without a connection
    kDisclaim = 1ULL << 41,        // 不负责, 不在保修, 我们也没办法: the shop declines the consequence of a fault
    kOthers = 1ULL << 42,          // 其他买家, 别人, 好多客人: the buyers who had no problem
    kFine = 1ULL << 43,            // 都好好的, 都没问题: …had no problem, so this one is the buyer's doing
    kTrait = 1ULL << 44,           // 挑食, 太敏感, 没穿惯: a trait or habit of the buyer (or their child or pet)
    kItsYou = 1ULL << 45,          // 是 right before 您/你: "it is you who…" (set by the scan, not a cue word)
    kNormally = 1ULL << 46,        // 正常使用不会, 按理说都不会: normal use would not have done it
    kPriceDoubt = 1ULL << 47,      // 觉得不值, 嫌贵: the buyer's doubt about the price…
    kNoForce = 1ULL << 48,         // 不用勉强, 没人逼你: …answered with "then don't"
    kCancel = 1ULL << 49,          // 先取消, 这单取消: the platform's order undone…
    kElsewhere = 1ULL << 50,       // 去那边拍, 那边下单: …and placed somewhere else
    kBadReview = 1ULL << 51,       // 差评, 一星: a complaint the buyer is pressed to take back
    kProblem = 1ULL << 52,         // 的问题, 的原因: what a clause names as the cause
};

}  // namespace cue

// The kinds with a bit, kPerson (bit 0) to kProblem.
inline constexpr std::size_t kCueKindCount = 53;

// The snake_case name of one kind (`self_fault` for kSelfFault, `neutral` for kNeutral).
// REQUIRES: kNeutral or a single bit below kCueKindCount.
std::string_view to_string(cue::Kind kind);

// Kind names joined by '+' (`person+own`; spaces around a name are allowed) as their bits; 0 for
// `neutral`. An error names what is wrong: an empty or unknown name, `neutral` with other kinds,
// or `its_you`, which the scan sets and no cue word may.
Result<std::uint64_t> parse_cue_kinds(std::string_view names);

}  // namespace huashu::phrasebook
