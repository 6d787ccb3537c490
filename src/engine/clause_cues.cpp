#include "clause_cues.h"

#include <algorithm>
#include <array>
#include <string>

#include "huashu/phrasebook/phrasebook.h"
#include "huashu/text/utf8_steps.h"

namespace huashu::engine {

namespace {

using text::next_code_point_offset;

// What a cue says about its clause. A cue may say several things (自己弄 is both a reference to
// the buyer and a fault); a neutral cue (还没, 能不能) says nothing and is there only to swallow
// the words inside it, because the scan takes the longest cue at each place.
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

// The cue lexicon, in the phrasebook's set notation ({a|b}c is ac and bc). Simplified script;
// Taiwan and Hong Kong words without a mainland spelling (妳, 冇, 唔) are listed as they are.
struct CueLine {
    std::uint64_t kinds;
    std::string_view spellings;
};

constexpr std::array kCueLines = {
    // --- blame_buyer ---
    CueLine{kPerson, "{你|您|妳|亲|买家|顾客|你们|您们|妳们|宝子}"},
    CueLine{kPerson | kOwn, "自己"},
    CueLine{kFault, "{没|不|没有|不去|没去|都没|都不|也不|也没|根本没|根本不|从来不|冇|都冇|没当面|不当面|没有当面}{看|看清|看清楚|仔细看|仔细|认真看|注意|留意|量|核对|检查|验货|验|确认|选|填|充|按|问|试|打开|拆开|试穿|试用|参考|对照|勾选|勾|开通}"},
    CueLine{kFault, "{没|不|没有|都没|都不|也不|也没|根本没|根本不|从来不|冇|都冇}{翻|翻过|翻开|读|读过}"},
    CueLine{kFault, "{拍|选|买|填|写|下|点|按|装|用|洗|穿|放|弄|搞|记|报|留}错"},
    CueLine{kFault, "{拍|选|买|下}{小|大|反}了"},
    CueLine{kFault, "{装|穿|戴|插}反"},
    CueLine{kFault, "才{坏|缩|掉|破|裂|断|开胶|起球|褪色|掉色|变形|退回|丢|漏|脱|松|寄错|送错|没到|过期}"},
    CueLine{kFault, "{不在家|没在家|不接电话|没接电话|电话打不通|空号|拒收|没取件|不取件|没去取|剪了|剪掉|拆了|撕了|洗过|穿过|戴过}"},
    CueLine{kFault, "{就该|早该|应该先|就应该|应该提前|早点|之前就该|当初就该|当时就该}{问|看|量|确认|核对|检查|说|想}"},
    CueLine{kFault, "才{联系不上|收不到|没收到|送不到|被退回|没法|无法|用不了|打不开|不能用|坏了|退不了}"},
    CueLine{kModality, "{都是因为你|都是因为您|就是因为你|就是因为您|还不是因为|都怪你|都怪您}"},
    CueLine{kFault, "{写的不全|写得不全|填的不全|填得不全|没写全|没填全}"},
    CueLine{kFault, "{太晚了|下单太晚|来晚了|太迟了}"},
    // a trait or habit of the buyer, theirs or their child's or pet's (您家猫比较挑, 您皮肤太敏感了)
    CueLine{kTrait, "{挑食|比较挑|太挑|嘴挑|太敏感|比较敏感|很敏感|敏感肌|没穿惯|还没穿惯|不习惯|没适应|还没适应|体质特殊|体质不好|身材比较特殊|身材特殊|太能折腾|太调皮|太皮了|太好动|力气太大|太用力了|肤质|体质|发质|脚型特殊|脚太宽|脚太肥|太胖|太壮}"},
    CueLine{kCondition, "{如果是|要是是|若是|假如是|万一是}"},
    CueLine{kProblem | kDone, "{的问题|的原因|的缘故|导致的|造成的|引起的}"},
    CueLine{kNormally, "{按理说|按道理|按道理说|照理说}"},
    CueLine{kDone, "{经常|平时|总是|老是|天天}"},
    CueLine{kNormally, "{正常使用|正常用|正常穿|正常洗|正常戴|正常吃|正常放|正常操作|正常情况下|正常来说|一般来说|正常走路|正常坐|正常骑|正常开}{都不会|是不会|不会|都没事|没事|不至于}"},
    CueLine{kFault, "{网不好|网络不好|信号不好|网速慢}"},
    CueLine{kSelfFault, "{要是早点说|如果早点说|要是早说|如果早说|要是早点告诉|早点告诉我们|早点说}"},
    CueLine{kFault, "{关机|停机|一直不接|打不通}"},
    CueLine{kFault, "{没备注|没有备注|没写备注|没留言}"},
    CueLine{kFault, "{烧坏|烧了|短路|泡水|进水|受潮|发霉|漂白剂|消毒液}"},
    CueLine{kFault, "{用热水|热水烫|开水烫|暴晒|用力拉|硬拉|硬扯|乱按|乱拆|乱动|硬掰|硬折|硬拽|硬塞|硬扳|强行|一起洗|混洗|混着洗|放一起洗}"},
    CueLine{kFault, "{倒|放|加|铺|涂|抹|装|拧|塞|压|泡|晒|洗|烤|煮}得太{薄|厚|多|少|满|紧|松|用力|久|热|烫}"},
    CueLine{kModality, "{非要|偏要|硬要|非得|现在才}"},
    CueLine{kFault, "才{打开|拆开|拆|反馈|说|来找|来说|发现|申请|联系|找我们}"},
    CueLine{kSelfFault, "{看清楚再说|搞清楚再说|看清楚了再说|看仔细了再|弄清楚再说|看清楚再来|先看清楚再}"},
    CueLine{kPerson | kSelfFault, "{您|你|妳}{看清楚|搞清楚|看仔细|弄清楚}{再说|了再说|再来|再问}"},
    CueLine{kFault, "{不先|没先|没有先}{确认|看|问|量|核对|检查}"},
    CueLine{kSelfFault, "{个人的使用|习惯问题|习惯不好|个人问题|您个人的|你个人的|个人体质}"},
    CueLine{kFault, "{太用力|用力过猛|太大力|不小心|没小心|没及时|不及时|没按时|太久}"},
    CueLine{kFault, "{弄|用|洗|穿|摔|扯|玩|拆|磕|碰|泡|烫|晒|搞|踩|咬|抓|挠|压|坐|踢|撕|掰|拉|扔|按|砸|冻|烧|充}{坏|破|烂|丢|变形|缩水|掉色|花|断|裂}"},
    CueLine{kFault, "{磕|碰|摔|刮|压|扯|咬|抓}的"},
    CueLine{kFault, "{不会|不懂|不识|唔识|唔会}{看|用|操作|装|安装|组装|调|设置|搭配|穿|洗}"},
    CueLine{kFault, "{一页都没|一个字都没|一眼都没|一次都没}{看|翻|读}"},
    // the buyer's own choice pointed at (您选的就是卡其色，系统记录得清清楚楚): counts as a trait
    CueLine{kTrait, "{选的就是|拍的就是|买的就是|填的就是|勾的就是|写的就是|点的就是|下的就是}"},
    CueLine{kFault, "{电压不稳|电压不稳定|水质太硬|水质不好|水压太大|水压不够|插座接触不良|家里电压|家里的网|家里网络}"},
    CueLine{kSelfFault, "{操作|使用|保存|安装|清洗|保管}{有问题|出了问题|不规范|有误}"},
    CueLine{kSelfFault, "{特意提醒过|特别提醒过|专门提醒过|提醒过您|提醒过你|跟您说过要|和您说过要|告诉过您要|跟你说过要|已经提醒过}"},
    CueLine{kFault, "{填|写|说|标|讲}{得不清楚|的不清楚|得不对|得不全|得不准}"},
    CueLine{kTrait, "{这样洗|这么洗|这样用|这么用|这样穿|这么穿|这样弄|这么弄|这样放|这么放|这样装|这么装}"},
    CueLine{kFault, "{太阳下晒|太阳底下晒|放太阳下|放在太阳下|晒太阳}"},
    CueLine{kFault, "{剪标|剪了标|剪吊牌|拆吊牌|撕标签|撕了膜|接反|放反|拿反|贴反|没插电|没通电|没开机|没预热|没解冻|没拧紧|没摇匀}"},
    CueLine{kModality, "{不试就|不看就|不问就|不量就|没试就|没看就|没问就|出厂都|出厂都测|出厂都检测}"},
    CueLine{kSelfFault, "{就您这里|就你这里|只有您这里|只有你这里|就您那里|就你那里}"},
    CueLine{kFault, "{网络不行|网不行|信号不行|网络差|网络有问题|wifi不行|路由器不行|插座不行}"},
    CueLine{kFault, "{洗衣机洗|机洗了|机洗的|扔洗衣机|丢洗衣机|放洗衣机|烘干机烘|漂白水|边充边用|边充电边用|充一整夜|整夜充电|剧烈运动|作息不规律|作息不好|天天熬夜|经常熬夜}"},
    CueLine{kSelfFault, "{签收了|签收后|收货了|收货后|用过了|穿过了|洗过了|拆封了}再{说|来说|反馈|讲}"},
    CueLine{kSelfFault, "{不能怪到|怪不到|不能赖到|赖不到|不能算到|算不到}"},
    CueLine{kModality, "{很耐摔|很结实|很耐用|很牢固|很耐磨|都贴脸上|贴脸上|写在脸上|都摆在|都写在|本身没问题|本身没有问题|本身没毛病|本身是好的|本身很结实|本身很牢固|本身质量没问题|质量是没问题的|质量没问题的}"},
    CueLine{kFault, "{乱|瞎|随便}{用|洗|弄|搞|拆|填|拍|穿}"},
    CueLine{kFault, "{用了|用的是|放进|放在|丢进}{热水|洗衣机|烘干机|微波炉|太阳底下}"},
    CueLine{kFault, "{才坏|才缩|才变形|才开胶|才起球|才褪色|才退回|才没|才会坏|才会}"},
    CueLine{kFault, "{怎么穿的|怎么用的|怎么洗的|怎么弄的|怎么搞的}"},
    CueLine{kFault, "{怪|赖}不了"},
    CueLine{kFault, "{不检查|不验|不看清楚|不仔细}"},
    CueLine{kNeutral, "{看没看|看不看|量没量|有没有看|懂不懂|会不会用|不包括|不怪|不能怪|怪我们|赖我们|不能说|不能讲}"},
    CueLine{kSelfFault, "{不能怪|怪不得|怨不得|不能赖|别怪}{快递|我们|别人|产品|商家|店家|店铺|质量|物流}"},
    CueLine{kSelfFault, "{是您要求|是你要求|您自己要求|您当时说|你当时说|是您说不用|是你说不用|是新手吧|新手吧|第一次网购吧|第一次用吧|不懂吧|不会用吧}"},
    CueLine{kFault, "{没|没有|不}{摇|插|拧|关|放|装|洗|晾|贴|充|卸|盖|锁|扣}{匀|好|紧|干|对|全|满|上}"},
    CueLine{kSelfFault, "{使用方法|操作方法|使用方式}{不当|不对|错误|有误}"},
    CueLine{kSelfFault, "{不当造成|不当导致|不当引起}"},
    CueLine{kSelfFault, "{当然慢了|当然慢|当然坏了|当然会坏|当然不行|当然用不了|当然没效果|当然不能退|当然不合适}"},
    CueLine{kSelfFault, "{本来就不该|本来就不应该|就不该|本就不该|不该给}"},
    CueLine{kFault, "{太旧了|太老了|版本太低|系统太旧|不兼容}"},
    CueLine{kSelfFault, "{怎么能怪|怎么怪|凭什么怪|现在又说|现在才说|现在说没|现在来说|现在又催|现在又要}"},
    CueLine{kSelfFault, "{您|你|妳|亲}{家里|家|那边|自己|个人}的{原因|问题}"},
    CueLine{kSelfFault, "是{您|你|妳}的{原因|问题}"},
    CueLine{kSelfFault, "{您|你|妳|亲}{那边|那里|家里|手上}{出了问题|出的问题|出问题}"},
    CueLine{kModality, "{不是产品的问题|产品本身没有问题|产品没有问题|产品没问题|不是质量问题}"},
    CueLine{kFault, "{扔了|弄丢|忘了|忘记}"},
    // blame by implication: a fault stated as the usual cause, other buyers being fine, or the
    // instructions having said so (decision 48)
    CueLine{kModality, "{一般都是|一般是|通常是|通常都是|多半是|大多是|基本都是|基本上是|一看就|肯定是|应该是|多数是|大部分是|八成是}"},
    CueLine{kModality, "{写了|写明|注明|有写|有提醒|有说明|标注了|都有写|都有提醒|都提醒了|写的是|写着是|说明里|说明书里|说明书上|说明书|照着做|照著做|按说明书}"},
    CueLine{kModality, "{就说|就来说|就来投诉|就给差评|就说是|就说坏|又说|还说}"},
    CueLine{kModality, "{穿法|洗法|手法}"},
    CueLine{kFault, "{不会出现这个问题|不会出现这种|不会出现这样|不会这样|不会有这种|不会发生这种|就不会坏|不会出这种|不会出这个}"},
    CueLine{kFault, "{磨成这样|碎成这样|坏成这样|弄成这样|洗成这样|穿成这样|用成这样|搞成这样|摔成这样|烫成这样}"},
    CueLine{kFault, "{摔过|磕过|碰过|压过|泡过|摔到|摔了|掉地上|掉到地上|磕到了|压到了|进过水}"},
    CueLine{kFault, "{塞|放|装|洗|加}{那么多|这么多|太多|太满}"},
    CueLine{kFault, "{用杂牌|用了杂牌|杂牌的|杂牌|非原装|不是原装|山寨的}"},
    CueLine{kFault, "{放常温|常温放|放太久|放外面|没冷藏|没放冰箱|不放冰箱|泡太久|晒太久|煮太久}"},
    CueLine{kSelfFault, "{得你一个|得您一个|只有你一个|只有您一个|就你一个|就您一个|就你这边|就您这边|只有你这边|只有您这边}"},
    CueLine{kSelfFault, "{穿法|用法|洗法|手法}{有问题|不当}"},
    CueLine{kSelfFault, "{方式|方法|姿势}不当"},
    CueLine{kSelfFault, "{咁都|这都|这样都}{不会|唔识|不懂}{用|看}"},
    CueLine{kSelfFault, "{不会用|唔识用}就{别|不要|唔好}"},
    CueLine{kSelfFault, "{拍的时候|下单的时候|买的时候|下单时|拍之前|下单前|落单前|落单时}{要|得|就要|就得|应该|就应该}{看|注意|看好|看清|问|确认|选好|对好|核对}"},
    CueLine{kFault, "{唔识用|冇睇|冇看|冇睇清楚|揀错|拣错|攞错}"},
    CueLine{kOthers, "{其他人|别人|其他买家|其他客人|其他顾客|大家|别的买家|人家|其他亲|好多客人|很多客人|好多买家|很多买家|好多人|很多人|大部分人|大部分买家|其他客户|别的客户|好多客|其他用户}"},
    CueLine{kOthers, "{别的|其他|别家|人家}{宝宝|孩子|小孩|猫|狗|猫咪|狗狗|小朋友}"},
    CueLine{kNeutral, "{老人家|人家说}"},
    CueLine{kFine, "{好好的|好地地|好好地|都没问题|都没事|都正常|都冇问题|都冇事|用得好好|穿得好好|都好好|没出过问题|没出现过|都没反馈|没人反馈|没有人反馈|都说很好|都说不错|都很好|都喜欢|都爱吃|都反馈很好|反馈都很好|都反馈不错|反馈都不错|评价都很好|都说好用|都能装上|都装得上|都能用|都会用|都能穿|都挺合身|都合身|都很合身|都挺合适|都挺好}"},
    CueLine{kSelfFault, "{就您|就你|就妳|只有您|只有你|只有妳|得你|得您}{说|觉得|话|一个人说|遇到|有问题|说有问题|出问题}"},
    CueLine{kSelfFault, "{到您|到你|到妳}{那边|手上|手里|那里|手}{怎么就|就|才|怎么}"},
    CueLine{kSelfFault, "{就不会有这事|就不会有这种事|就不会出这种事|就不会搞成这样|就不会弄成这样}"},
    CueLine{kSelfFault, "{使用过程中|使用当中|用的过程中|穿的过程中|使用中|后期使用}{造成|导致|弄|产生|出现的}"},
    CueLine{kModality, "{系统不会错|系统没错|我们没发错|仓库不会错|不会发错|出厂就有|出厂前|出库前|发货前|发出前|出厂时|完好无损|都检查过|都检测过|都有检测|都有检查|都拍了视频|肯定会|当然会|自然会|难免会}"},
    CueLine{kFault, "{放了一个月|放了很久|放了好久|放了几个月|才吃|才用|才喝|才穿|才洗|整污糟|弄脏|搞脏|整烂|整坏|整花|搞花|弄花}"},
    CueLine{kSelfFault | kRude, "{睇清楚先|睇清楚再|看清楚先问|看清楚再问|好心你|好心您}"},
    CueLine{kFault, "{跳过了|跳过|漏了一步|漏掉|漏装|少装|没跟步骤|冇跟步骤|没按步骤|不按步骤|冇跟|冇按|放在潮湿|放潮湿|放在阳光下|放在车里|没扣就|没系就|没戴就|没锁就|没插就|穿鞋量|穿着鞋量|穿着衣服量|隔着衣服量|都是灰|全是灰|好多灰|积灰|进灰|戴着洗澡|戴着游泳|戴着泡澡|拿去洗澡|没换|没清理|没清洗|没保养|没维护|拿去玩|拿来玩|玩水|泡水了|进水了}"},
    CueLine{kNeutral, "{没换货|没换成|没扣款|没扣钱|没扣费}"},
    CueLine{kNeutral, "{退款申请|退货申请|售后申请|换货申请|申请已}"},
    CueLine{kSelfFault, "{还怪|就怪|又怪|反倒怪|倒怪|怪起}"},
    CueLine{kModality, "{肯定不准|当然不准|肯定不对|当然不对|难怪|页面说过|页面上说过|详情页说过|详情里说过|说明里说过|页面写过|之前说过|不等于|当然养不活}"},
    CueLine{kDisclaim | kRefusal, "{我们也没办法|我们也没法|我们也没辙|我也没办法|咱们也没办法}"},
    CueLine{kDisclaim, "{不负责|概不负责|不在保修|不保修|不属于质量问题|不算质量问题|不予理赔|只能您自己承担|只能你自己承担|自己承担|后果自负}"},
    CueLine{kFault, "{没有|没|不}{及时|按时|仔细|认真|提前}"},
    CueLine{kSelfFault, "{不然不会|否则不会|要不然不会|不然怎么会}"},
    CueLine{kThirdParty, "{快递|物流|仓库|系统|厂家|工厂|司机|快递员|师傅|运输|我们}"},
    CueLine{kUs, "{我们|本店|店里|店铺|商家|我们店|我们家|我}"},
    CueLine{kWith, "{跟|和|与|同}"},
    CueLine{kReassure, "{也正常|很正常|不要紧|没关系|也没关系|都没关系|也不要紧|别担心|不用担心|不怪|别着急|不用着急|别急|眼光|很衬|真好看|很好看|选得好|选得真好|有品位|无关}"},
    CueLine{kNotNeeded, "{不用|不必|无需|不需要|不用您|不用你}"},
    CueLine{kNotNeeded, "{你|您|妳|亲}{不用|不必|无需|不需要}"},
    CueLine{kSelfFault, "{操作|使用|保存|保管|安装|清洗|洗涤}{不当|不对|有误|错误|方法不对|方式不对}"},
    CueLine{kSelfFault, "{用法|洗法|方式|方法|姿势}{不对|错了|不正确}"},
    CueLine{kSelfFault, "{人为|个人原因|自身原因}"},
    CueLine{kSelfFault, "{怪谁|早说|早干嘛|早干什么|谁让你|谁让您|谁叫你|谁叫您}"},
    CueLine{kSelfFault, "{自己弄|自己摔|自己扯|自己没|自己洗坏|自己用坏|自己弄坏}"},
    CueLine{kSelfFault, "{肯定是自己|本来就应该|本来就该|早就应该|早该|本该|自己的问题|自己的原因|自己皮肤|自身的问题|体质问题|乱给|恶意差评|恶意退款|恶意}"},
    CueLine{kNeutral, "{不是|并不是|又不是}{我们|本店|我}"},
    CueLine{kModality, "{还来找|还好意思|还来问|还要退|还怪|还说}"},
    CueLine{kModality, "{一看就是|明显是|分明是|明摆着|明明|本来|应该|早就|当然|清清楚楚|写得很清楚|都写了|都写着|写着|标了|标着|说明书上|详情页|页面上}"},
    CueLine{kOurFault, "{我们的问题|我们的错|我们的原因|我们的疏失|我们的失误|是我们|我们没|我们发错|我们写错|我们弄错|我们这边的问题|我们疏忽}"},
    CueLine{kOurFault, "{不是|并不是|不怪|别怪|不关|不能怪}{你|您|妳|亲|自己}"},
    CueLine{kHelp, "{麻烦|建议|请|请问|提醒|辛苦|帮|给|替|为|让我帮|方便|欢迎|告诉|教}{你|您|妳|亲}"},
    CueLine{kHelp | kWeDo, "{我帮您|我帮你|我给您|我给你|我来帮|我们帮您|我们给您|我为您}"},
    CueLine{kHelp, "{先别|先不要|千万别|千万不要|记得别|注意别|暂时别|请先别}"},
    CueLine{kHelp, "{您最好|你最好|亲最好|最好先|最好在|最好是|最好还是}"},
    CueLine{kNeutral, "{不会用于|不会用在|不会用来}"},
    CueLine{kHelp, "{都行|都可以|随您|随你|看您|由您|您定|都好|决定|喜欢|斟酌|权衡|考虑|建议}"},
    CueLine{kDone, "{了|的|过}"},
    CueLine{kDoNow, "{一下|去|看看|试试|自己的}"},
    CueLine{kHelp, "{你|您|妳|亲}{可以|也可以|不用|不必|无需|放心|别担心|不要担心|方便|先|可先}"},
    CueLine{kCondition, "{如果|要是|假如|万一|若是|的话|以防|免得|避免}"},
    CueLine{kQuestion, "{可唔可以|得唔得|使唔使|要唔要|有冇|系咪|好唔好|是不是|是否|有没有|能不能|可不可以|行不行|会不会|要不要|还没|还未|尚未|还是}"},
    // --- blunt_refusal ---
    CueLine{kRefusal, "{不能|不可以|没了|没有了|卖完了|卖光了|断货了|售罄|没货了|没货}"},
    CueLine{kRefusal, "{自己出运费|自己付运费|运费自理|自费|冇货|不接|不收|不做|不卖|不拆|不寄|不修}"},
    CueLine{kRefusal, "{不处理|不受理|不退不换|不予退换|恕不|概不|一律不|无法处理|处理不了|没有优惠|没优惠|没有赠品|没有活动|没活动|没库存|不预留|不保留|做不了|弄不了|办不了|搞不了|帮不了}"},
    CueLine{kRefusal, "{无法|没法|没办法}{更改|修改|退|换|处理|取消|改|退款|发货|便宜|优惠|加急|开票}"},
    CueLine{kRefusal, "{不能少|少不了|不能再少|一分不少}"},
    CueLine{kRefusal, "{不行|没办法|办不到|做不到|不可能|不接受|不支持|不提供|不议价|不讲价|不砍价|免谈}"},
    CueLine{kRefusal, "{不|不能|不可以|不给|没法|不接受}{退|换|退换|退货|退款|改|便宜|优惠|包邮|打折|降价|开票|开发票|补|赔|送|拆单|单独|议价|讲价|处理|发|寄}"},
    CueLine{kRefusal, "{退|换|改|补|便宜|少|开|发|寄|赔|修}{不了|不到|不成}"},
    CueLine{kRefusal, "{冇得|唔得|唔可以|冇办法|木有办法|木办法|没有办法|唔退|唔换|唔得退|唔平}"},
    CueLine{kRefusal, "{不予受理|不予处理|不予办理|不予退款|不予退货|不予支持|不予理会|恕难从命|恕难|爱莫能助|无能为力|无可奉告|没得商量|没商量}"},
    CueLine{kRefusal, "{已经送完|已经发完|已经卖完|已经没有|已经没货|已经领完|已经售罄|已经截止|已经抢完|送完了|发完了|领完了|抢完了}"},
    CueLine{kRefusal, "{就不管了|不管了|一概不管}"},
    CueLine{kRefusal, "{不单卖|不单独卖|不拆卖|不零卖|不散卖}"},
    CueLine{kRefusal, "{只能这样|就只能这样|也只能这样}"},
    CueLine{kRefusal, "{已拒绝|已驳回|驳回了|不予通过|审核不通过}"},
    CueLine{kRefusal, "{没有办法|没办法|没法|无法}{帮您|帮你|给您|给你|为您|替您}"},
    CueLine{kRefusal, "{无法|没法|没办法|不能|不会}{配合|满足|答应|同意|安排|提供|接受}"},
    CueLine{kRefusal, "{满足|答应|同意|安排|配合|接受|弄|办|做|搞|给|送|退运费|决定|拿|批|卖|单卖|保留|预留|减|降}{不了}"},
    CueLine{kRefusal, "{无法|没法|没办法|不能}{单卖|单独卖|拆开卖|拆卖|单发|分开卖|卖|拿|批}"},
    CueLine{kRefusal, "{价格就这样|价钱就这样|就这个价|就这价|只能这个价|最多这样|价格就这些|就是这个价}"},
    CueLine{kRefusal, "{没有别的|没别的|没有其他|没其他|没有了|不包}"},
    CueLine{kDontKnow, "{不知道|不清楚|不晓得|没空|没时间|在忙}"},
    CueLine{kSoftener, "{因为|由于|所以|不过|但|可是|只是|建议|或者|要不|您看|你看|换成|换个|推荐|其他|别的款|同款|试试|申请|备注|理解|谅解|稍等|已经|成本|利润|底价|活动价|规定|规则|政策|拆封|定制|卫生|二次销售|下次|先|为了|帮您|给您|为您|替您|帮你|给你|可以|免运|包邮|送您|您放心|放心|查|问一下|确认|核实|通知|到货|补货|预订|预售|登记|认准|请|谢谢您|感谢您|谢谢亲|感谢亲}"},
    CueLine{kApology, "{抱歉|不好意思|对不起|见谅|唔好意思|失礼|请原谅|歉意}"},
    // harmless words around 不/能/没 that must not be read as a refusal head
    CueLine{kBareNo, "{不|没|没有|冇|无|唔}"},
    CueLine{kNeutral, "{不是|没有问题|无门槛|无理由|无忧|没关系的|不客气的|不谢}"},
    CueLine{kNeutral, "{不好|不错|不客气|不用|不必|不会|不怕|不着急|不急|不贵|不多|不少|不大|不小|不一样|不同|不含|不影响|不过|不然|不满|不管|不如|不仅}"},
    CueLine{kNeutral, "{能用|能穿|能到|能发|能退|能换|可能|没问题|没事|没错|不可能比}"},
    CueLine{kNeutral, "{不能保证|不敢保证|无法保证|不能确定|不能代替|不能替代|无法代替|不能用|不能放|不能碰|不能晒|不能吃|不能泡|不能机洗|不能暴晒|不能高温|不能内服|不能外用|不能水洗|不能进水|不能喝|不能烘|不能熨|不能微波|不能干洗|不能漂白|不能给}"},
    // --- forbidden_phrase: impatient, dismissive, sarcastic, insulting, shifting blame ---
    CueLine{kRude, "{说了|讲了|说过|讲过|回了|回答过|解释过}{八百|一百|几百|好几|无数|很多|多少|n|几}{遍|次}"},
    CueLine{kRude, "{说了|讲了|说过|讲过|回答过}{几遍|几次|多少遍|多少次|很多遍|很多次|好多遍|好多次|两遍|三遍|三次|五次}"},
    CueLine{kRude, "{第二|第三|第四|第五|第六|第十|第n}{次|遍}{了|问|问了}"},
    CueLine{kRude, "{别再问|不要再问|别问了|别催|催也没用|催什么|急什么|等着吧|等着就|烦不烦|有完没完|还有完没完|烦死|哪有空|没空理|没空回|没时间陪|别浪费我|浪费我时间|别烦}"},
    CueLine{kRude, "{爱买不买|爱要不要|爱退不退|爱咋咋|爱怎么|随便你|随便您|随你|随您便|你看着办|您看着办|不买拉倒|不买就算|不买别|不要拉倒|不差你|不差您|不缺你|不缺您|不差这一单|不缺这一单|到底买不买|买不起|别买|别网购|去别家|去别的店|别家去|去批发市场|去专柜|去实体店买}"},
    CueLine{kRude, "{呵呵|想得美|想啥呢|想什么呢|真会算|好意思砍|好意思要|也好意思|可真会|可真能|您可真|你可真|您这么懂|你这么懂|倒贴|白嫖|这都不懂|这都不会|这种问题也|这么简单|自己看|自己查|自己去看|自己去查|搞不懂你们|你们这些|你们这种}"},
    CueLine{kRude, "{说了|说过|讲过|讲了}{很多|好多|无数|n次|n遍}"},
    CueLine{kRude, "{别再|不要再}{问|发|传|催|找|说|刷|来|烦}"},
    CueLine{kRude, "{我在忙|在忙呢|忙着呢|又是你|又是您|又有什么事|又怎么了|又咋了|不是我说|也值得|至于吗|至于嘛|想得挺美|想得倒美|想太多|这么会挑|这么能挑|去百货公司|买专柜|不背|背锅|甩锅|讹}"},
    CueLine{kRude, "网购{可能|也许|恐怕}{不太|不}适合"},
    CueLine{kRude, "网购{不太|不}适合"},
    CueLine{kRude, "{跟|和|与|同}{我们|店里|本店|我|我们店|店铺|商家}{无关|没关系|没有关系|没啥关系|没什么关系}"},
    CueLine{kRude, "{这么点钱|这点钱|这几块钱|讲半天|磨叽|墨迹|啰嗦|闲得慌|闲的|一直问|老是问|反复问|问个不停|同一个问题|同样的问题|懒得|什么人都有|没人逼|还要我怎样|要我怎样}"},
    CueLine{kShift, "{找|问|联系|投诉|去找|去问}{快递|物流|厂家|厂商|快递公司|物流公司|品牌方|平台}"},
    CueLine{kWeDo, "{我来|我们来|我这边|我们这边|我去|我帮|我们帮|我们会|我会|已|已经|马上|帮您|给您|为您|替您}"},
    CueLine{kRude, "{都跟你|都跟您|都和你|都和您|都说过|都讲过|早就说过|早说过了|不是说过了|说过了吗|讲过了吗|都告诉过|跟你说过了|跟你讲过了}"},
    CueLine{kRude, "{你这样的客户|你这样的人|你这种人|你这种客户|这种客户|不伺候|伺候不了|伺候不起|惹不起|爱信不信|爱用不用|你等着|等着瞧|走着瞧|再闹|别闹了|无理取闹|胡搅蛮缠|找茬|找碴|挑刺|碰瓷|敲诈|告你|报警|随便投诉|你去投诉|投诉也没用|有本事|你行你上|自己想办法|一天到晚|穷就别|没钱就别|没钱别}"},
    CueLine{kRude, "{别在我们家买|别在我家买|别来我们家|别来买|就别买|别家买|这种价格还|这个价还|这价格还|这么便宜还|几块钱还|还想要什么|说了算}"},
    CueLine{kShift, "{打|拨|问}{快递|物流}{电话|客服}"},
    CueLine{kShift, "{自己打去问|自己打电话问|自己去问|自己打去|您自己问|你自己问}"},
    CueLine{kShift, "是{快递|物流|黑猫|顺丰|中通|圆通|韵达|快递公司|物流公司|宅配|邮局}的{问题|责任|错}"},
    CueLine{kNeutral, "{如果|要是|若|假如}是{快递|物流|黑猫|顺丰|中通|圆通|韵达|快递公司|物流公司|宅配|邮局}"},
    CueLine{kShift, "{自己跟他|自己跟快递|自己联系快递|自己去沟通|自己沟通|你自己跟|您自己跟}"},
    CueLine{kRude, "{看你可怜|可怜你|施舍|赏你|出气筒|撒气|拿我撒气}"},
    CueLine{kRude, "{别来|就这服务|不满意就别|不满意别|鸡蛋里挑骨头|挑骨头|挑三拣四|吹毛求疵|小题大做|大惊小怪|玻璃心}"},
    CueLine{kNeutral, "{不会拉黑|不会不卖|绝不会拉黑|不会因为}"},
    CueLine{kRude, "{太挑剔|也太挑|这么点小问题|这点小问题|不识货|不懂货|不会欣赏|没眼光|眼光不行|再问也|再问我也|问多少遍也|问几遍也|说明白了|讲明白了|说得很明白|讲得很清楚了}"},
    CueLine{kRude, "{又要解释|又得解释|再解释一遍|解释一遍|能不能认真|能不能仔细|能不能好好|也要计较|也计较|真是服了|真服了|服了你|无语}"},
    CueLine{kRude, "{又不是上帝|不是上帝|别提这么多|这么多要求|要求这么多|要求真多|干涉不了|管不着|多担待}"},
    CueLine{kRude, "{和|跟|、}{地址|手机号|电话|身份证|住址|家庭住址|个人信息}{我们都有|我们这边都有|我们手上都有|我们都查得到}"},
    CueLine{kRude, "{地址|手机号|电话|身份证|住址|家庭住址|个人信息}{我们都有|我们这边都有|我们手上都有|我们都查得到}"},
    CueLine{kRude, "{别给差评|不要给差评|别给中差评|别打差评|请勿差评|还请别给|别给中评|别给负评}"},
    CueLine{kNeutral, "{别急着|先别急着|也就没了|每个人的使用|每个人的体质}"},
    CueLine{kRude, "{我不管|问我我问谁|我问谁去|就这态度|找领导去|找老板去|不是告诉你了吗|不是跟你说了|不是说了吗|你听清楚|听清楚了|你到底要不要|这不归我管|你怎么这么|怎么这么啰嗦|没看我正忙}"},
    CueLine{kRude, "{又来问|又来找|又来说|又说不要|又说不合适|太天真|开玩笑吧|逗我呢|搞笑|可笑|笑死|爱找谁找谁|爱去哪去哪|随便你投诉|投诉去吧|你投诉吧|去投诉吧|不服就|不爽就|有意见就|谁惯的|惯着你|宠坏了}"},
    CueLine{kRude, "{回你|回复你|回您|回复您|告诉你|告诉过你|跟你说了}{两次|三次|四次|五次|几次|好几次|很多次|多少次|几遍|好几遍|很多遍|三遍|两遍|n遍|n次}"},
    CueLine{kRude, "{又是这个问题|别想要|不然别想|否则别想|要不然别想}"},
    CueLine{kRude, "{解释得很清楚|说得很清楚了|自己理解一下|没话说|无话可说|没什么好说|不信拉倒|爱买哪|爱去哪|爱找谁|爱怎样|还指望}"},
    CueLine{kRude, "{做个诚实|诚实的人|不诚实|撒谎|说谎}"},
    CueLine{kRude, "{过分了|太过分|有点过分|无理要求|要求过分|没空一个个|没空解释|没时间解释|一个个解释}"},
    CueLine{kRude, "{慈善家|慈善机构|做慈善|爱咋|就您一个人|就你一个人|只有你一个|只有您一个|别人都没问题|别人用都没事|伺候你|伺候您}"},
    CueLine{kRude, "{问别人去|问别人吧|你问别人|各种事|想多了}"},
    CueLine{kRude, "{你|您|妳}{这种|这样的}{要求|买家|人|客户|顾客}"},
    CueLine{kRude, "{有意见|不满意|不服|不爽}{去投诉|就投诉|你投诉|随便投诉|尽管投诉|就去投诉}"},
    CueLine{kRude, "{反正价格|反正就这|反正就是|就这个态度|就这态度|我就这样|又不是神仙|不是神仙|又不是机器人|又不是算命|不是你保姆|又不是你家|咁多嘢问|问这么多|问那么多|咁多问题|买唔买先|买不买先|要不要买先|买唔买啊}"},
    CueLine{kRude, "{嫌贵|嫌慢|嫌麻烦|嫌差|嫌小|嫌少}{就别|就不要|就唔好|别买|唔好买|就去|可以去别家|就别买|不要来|别来|就别来|唔好嚟}"},
    CueLine{kRude, "{要求有点多|要求太多|要求也太多|要求有点高|要求太高了|自己研究吧|自己慢慢研究|慢慢研究吧|自己琢磨吧|自己摸索吧|不喜欢就算|唔钟意就算|唔买就算|不要就算|唔要就算}"},
    CueLine{kRude, "{觉得贵|嫌贵|嫌慢|嫌差|嫌麻烦|嫌远}{可以不买|就不买|可以不要|就别买|就不要买|可以别买|不买就是了|就算了}"},
    CueLine{kRude, "{说了|讲了|说过|讲过|回了|回答过|解释过|答了}{两|三|四|五|十|n}{遍|次}"},
    CueLine{kRude, "{发了|发过|给您发了|给你发了}{两|三|四|五|好几|几|n|很多}{次|遍}"},
    CueLine{kRude, "{自己点开|自己点进去看|自己翻|自己来仓库|自己去仓库|自己来厂里|自己去厂里|自己来工厂|自己去工厂|自己去开个厂|问得很奇怪|问得好奇怪|问得真奇怪|奇怪的问题|问得莫名其妙|莫名其妙}"},
    CueLine{kRude, "{说话|讲话|讲嘢|打字}{能不能|可不可以|可唔可以}"},
    CueLine{kRude, "{无所谓|随便吧|随你便|爱退就退|退就退呗|退就退吧|要退就退|想退就退|冇所谓|第一次网购|没网购过|服咗|真系服}"},
    CueLine{kRude, "{你再|您再|再}{催|问|闹|骂|投诉}{一次试试|一下试试|一句试试|一遍试试|试试|试试看}"},
    CueLine{kRude, "{说话真累|跟你说话真|跟你沟通真|心累}"},
    CueLine{kRude, "{白拿|白送给你|干脆送你|砍到这份上|记不住|记性|听不懂|看不懂|听不明白}"},
    CueLine{kRude, "{还不够|还想退几次|想退几次|退几次|还想怎样|还想怎么样|不卖给你|不卖给您|拉黑你|拉黑您}"},
    CueLine{kRude, "{这么多事|事儿多|多事|没见过这么|没见过你这样|自己不会算|自己不会看|自己不会查}"},
    CueLine{kRude, "{也来问|也要问|还要问|都要问|这么基础|这么简单的|这么明显|这种小事|这点小事|一点小事|找别人|找别家|找更好的|去找更好|换一家|换家店|另请高明|另找|说不清楚|讲不通|说不通|没法沟通|做梦吧|想都别想|门都没有|没门|老说|老是说|总是说|天天说|每次都说}"},
    CueLine{kRude, "{有病|脑子|神经病|智障|穷鬼|难搞|事多|事儿多|矫情|奇葩|没素质|不要脸|滚}"},
    CueLine{kRude, "{管不了|不归我们|不归我|不关我们|跟我们没|和我们没|与我们无关|跟我们店没|跟本店没|不负责|概不负责|我们不管|找快递去|去找快递|去投诉快递|找厂商|找厂家|去问厂|找物流去|自己找快递|自己去找}"},
    // sarcasm, mockery and brush-offs written without the usual words (decision 53)
    CueLine{kRude, "{问得挺有意思|问得很有意思|问得真有意思|问得好有意思|问得挺好|看得懂中文|看不懂中文|识字吗|认字吗|识唔识字|不识字|看得懂字|说得都对|说的都对|讲得都对|您最懂|你最懂|您最专业|你最专业|您懂得多|你懂得多|我也是佩服|真是佩服|佩服您|佩服你|也是醉了|懂的都懂|懂的人都懂|不懂的别问|不懂别问|不懂就别问|大家评评理|大家来评评理|评评理|反过来给差评|倒打一耙|反咬一口|就想买到|就想用到|就想要到|只负责把货|只负责发货|只管发货|只负责发出去}"},
    CueLine{kRude, "{还来怪|还要怪|反过来怪|倒过来怪|还赖|还来赖}{我们|我|店家|商家|卖家|我哋}"},
    CueLine{kRude, "{关我们什么事|关我什么事|关我哋咩事|关我咩事|关我们啥事|关我啥事|与我何干|关我们屁事|关我屁事}"},
    CueLine{kRude, "{钟意点投诉|喜欢怎么投诉|爱怎么投诉|想怎么投诉|钟意点就点|中意点投诉}"},
    CueLine{kRude, "{烦唔烦|烦晤烦|烦不烦啊}"},
    CueLine{kRude, "{讲咗|说咗|讲左|讲过|说过|讲了|说了}{好多|几多|n|好几|成日|无数}{次|遍|咁多次}"},
    CueLine{kRude, "{回答|回复|解释|答|重复}{了|过}{两|三|四|五|十|n|好几|几|很多|无数}{遍|次}"},
    CueLine{kRude, "{回答|回复|解释|答|重复}{两|三|四|五|十|n|好几|很多|无数}{遍|次}"},
    CueLine{kRude, "{逐个字|逐字|一个字一个字|一字一句}{解释|讲|说|教}"},
    CueLine{kRude, "{到底会不会|到底识唔识|到底懂不懂|到底会唔会|到底识不识|到底识唔识用|到底会不会用}"},
    CueLine{kRude, "{你哋呢啲|呢啲客|这种客人|这种客|你们这些客|这些客人我}"},
    CueLine{kRude, "{我现在很忙|我很忙|我现在忙|有空再回|有空再回复|等我有空|有空再理|得闲再回|得闲先回}"},
    CueLine{kRude, "{别在这浪费时间|别浪费时间|不要浪费时间|浪费大家时间|别在这里浪费|别在这边浪费}"},
    CueLine{kRude, "{没空一个一个|没时间一个一个|一个一个回复|一个个回复|别发了|不要再发了|别刷屏|知道了知道了|说什么就是什么|您开心就好|你开心就好|您高兴就好|你高兴就好}"},
    CueLine{kRude, "{没听进去|听不进去|一句都没听|当耳边风|耳边风|要啥自行车|还想要啥|又不是只服务|不是只服务|能不能有点耐心|有点耐心好吗}"},
    CueLine{kRude, "{爱给几星|爱打几星|爱给什么评价|爱怎么评|爱评不评|爱给差评就给}"},
    CueLine{kRude, "{别冲我发火|别冲我发脾气|冲我发火|冲我撒气|别对我发火|我只是个客服|我就是个客服|我就是个打工的|我只是打工的|去菜市场|这么会砍价|这么能砍价|这么会讲价}"},
    CueLine{kRude, "{来做调研|做调研的|查户口|问这么细|问得这么细|还不是嫌贵|说到底还不是|不就是嫌贵|无非是嫌贵|还不是想便宜}"},
    CueLine{kRude, "{一直敲|一直刷屏|狂敲|别敲了|一直发消息|不停地发|不停发}"},
    CueLine{kPriceDoubt, "{觉得不值|觉得贵|嫌贵|觉得不划算|嫌不值|觉得太贵}"},
    CueLine{kNoForce, "{不用勉强|不必勉强|别勉强|不要勉强|没人逼|没有人逼|可以不买|不买就是了|不买也行|不买也没关系}"},
    CueLine{kReview, "{好评|评价|追评|五星|5星|晒图评价|评论}"},
    CueLine{kReview | kBadReview, "{差评|中评|负评|一星|1星|两星|二星}"},
    CueLine{kReviewChange, "{删|撤|改成|改为|改一下|修改|去掉|拿掉|取消|追加|补个|给个|打个|给五星|给5星|不改|不删|不撤}"},
    CueLine{kReviewLever, "{运费|邮费|退款|退运费|补发|换新|退差价|售后|就不处理|不处理|不给退|不给换|就算了|只能按规定|不退|马上退|再退|才退|才给|才能退|退您|退你|送你|送您|券|红包|返现|赠品|补上|给你补|给您补|补给|就给|再给|就送|再送|优惠|返|补你|补您|给你多|多给}"},
    CueLine{kReview | kReviewChange, "{给|打|改成|改为|改|刷}{五星|5星|好评|满分|一个好评|个好评}"},
    CueLine{kReviewChange, "{写好|写好一点|好好写|写好点|写得好}"},
    CueLine{kReview | kReviewChange, "{五星好评|晒图好评|晒图评价|带图好评|好评晒图|晒图|带图|晒单|追评带图|晒个|晒一下}"},
    CueLine{kReviewLever, "{少算|少收|减免|打折|八折|九折|七折|八五折|九五折|改价便宜|给您改价|给你改价|直接改价|便宜|多塞|多送|塞一|送一|小礼物|礼物|礼品|赠送|小样}"},
    CueLine{kReviewLever, "{不卖|下次不|拉黑}"},
    // a reward on the next order for a review (下次购物直接给您减10元, 可以领一包湿巾, 下次拿货每件给您让5毛)
    CueLine{kReviewLever, "{减|立减|领|给您让|给你让|每件让|让利}"},
    CueLine{kReviewChange, "{好评满|评价满|好评写满|评价写满}"},
    CueLine{kReviewChange | kReviewLever, "{不给售后|一律不给|不给退|不给处理|不予售后|不予处理}"},
    CueLine{kReviewSafe, "{不影响|是您的权利|是你的权利|您的权利|照常|不管您|不要求|不强求|随意|自愿|由您|您决定|您愿意|你愿意|方便的话|能否|改不改|都没关系|也没关系|如果满意|满意的话|若满意|觉得满意|如果喜欢|喜欢的话|觉得好的话}"},
    // --- off_platform ---
    CueLine{kChannel, "{拼多多|淘宝|京东|抖音|快手|天猫|唯品会|虾皮|小红书|闲鱼}{店|店铺|小店|那边|也有店|还有个店|还有店}"},
    CueLine{kChannel, "{拼多多|淘宝|京东|抖音|快手|天猫|唯品会|虾皮|小红书|闲鱼}"},
    CueLine{kOnPlatform, "{透过|通过}{拼多多|淘宝|京东|抖音|快手|天猫|唯品会|虾皮|小红书|闲鱼}"},
    CueLine{kOnPlatform, "{拼多多|淘宝|京东|抖音|快手|天猫|唯品会|虾皮|小红书|闲鱼}{聊聊|客服|旺旺|官方|平台}"},
    CueLine{kChannel, "{另一个|另外一个|别的|其他|我们的另一个}{店铺|平台|小店}"},
    CueLine{kChannel, "{小程序|公众号|app|官方商城|自营商城|视频号|群里|接龙|团购群|社群}"},
    CueLine{kChannel, "{自己的网店|自己的商城|自己的网站|自家网店|自家商城|线下店|实体门店}"},
    CueLine{kChannel, "{微博|钉钉|whatsapp|telegram|facebook|instagram|推特|twitter|陌陌|paypal|街口|转数快|payme|云闪付|line pay}"},
    CueLine{kChannel, "{购物群|会员群|vip群|客户群|买家群|我发的码|扫我发的}"},
    CueLine{kChannel, "{官方网站|品牌网站|品牌官网}"},
    CueLine{kChannel, "{外面的网站|外部网站|外部链接|站外|外链|其他网站|别的网站|这个网站|独立站|工厂店|仓库直接提|线下交易|线下买}"},
    CueLine{kChannel, "{微我|企鹅|个人号|个人微|私人微}"},
    CueLine{kChannel, "{外面那个|外面的店|外面买|外面那家|外边那个|外边的店|抖店|抖音小店|快手小店|视频号小店|小红书店|微店|头像里的码|头像上的码|头像的码|主页里的码|主页的码|头像二维码|我的v|我的wx|我的vx|我的q|赖id|赖群|赖账号}"},
    CueLine{kChannel | kReach, "{加我赖|加赖|加下我的v|加我的v}"},
    CueLine{kChannel | kReach, "{扣我|扣扣我|滴滴我}"},
    CueLine{kChannel, "{呢个户口|我个户口|我嘅户口|我的户口|这个户口}"},
    CueLine{kPrivately, "{聊不方便|这边不方便说|这里不方便说|这边说话不方便|这里说话不方便|在这聊不方便}"},
    CueLine{kChannel, "{现场付款|到店付|门店自提|到店自提|收款账户|收款帐户|收款账号|收款帐号|收款信息}"},
    CueLine{kOnPlatform, "{在我们店里|在本店|在我们店|店里下单}"},
    CueLine{kReach, "{转过来|汇过来|过数|入数|入群|入我|入我哋|加入|嚟我|来我|搵我|揾我|传到|传给我|发到我}"},
    CueLine{kChannel, "{闲置平台|二手平台|闲置app|小红薯|某书|某红书|某手|收款链接|收钱链接|个人收款}"},
    CueLine{kPrivately, "{拍下不付款|拍了别付|拍下先别付}"},
    CueLine{kChannel | kPrivately, "{打到这个卡|转到这个卡|打到卡上|汇到这个卡|打到这张卡|转到这张卡|打到我卡}"},
    CueLine{kPrivately | kReach, "{私我|戳我私聊|私戳}"},
    CueLine{kChannel | kReach, "{加我个赖|加个赖|个赖|赖一下}"},
    CueLine{kChannel | kPrivately, "{不用在线付|不用在线支付|不用线上付|不用线上支付|不用网上付}"},
    CueLine{kPrivately, "{现金结算|现金交易|仓库拿货|来仓库拿|厂里拿货}"},
    CueLine{kChannel, "{不在这个店|不是这个店的|不在本店|别家的链接|别的店的链接}"},
    CueLine{kChannel, "{官方小店|会员小店|这个号|这个id|我的号|我的id|这个微信号}"},
    CueLine{kChannel, "{飞机号|纸飞机|电报号|tg号|企业微信|企微|朋友圈|直播间|抖音直播}"},
    CueLine{kChannel | kPrivately, "{我的line|我的ig|我的whatsapp|我whatsapp|我嘅whatsapp|我嘅line}"},
    CueLine{kCancel, "{先取消|这单取消|这单先取消|这单您先取消|取消这单|把这单取消|这单退掉|先退掉这单|先申请退款}"},
    CueLine{kElsewhere | kReach, "{去那边拍|去那边下单|去那边买|去那边付|在那边拍|那边拍|那边下单|那边付款|那个链接拍|那条链接拍}"},
    CueLine{kChannel, "{wei xin|weixin|wei信|威x|薇x|微x|v:|v号|vx号|wx号|微号|加我小号|我的小号|我小号|私人小号|小号私聊|小号聊|绿色软件|绿色app|绿泡泡|小绿书|某鱼|某宝|某多多|某音|某东|咸鱼|海鲜市场}"},
    CueLine{kChannel, "{另一间|另一家|另外一家|另外一间|另一个|我哋另一间|我们另一家}{网店|店|铺头|网铺|店铺}"},
    CueLine{kPrivately | kWeakChannel, "{线下付|线下付款|线下支付|线下转账|给我打款|打款给我|给我汇款|汇款给我|汇给我|付给我|钱转给我|转俾我|过数俾我|入数俾我|俾钱我|畀钱我|转畀我}"},
    CueLine{kPrivately, "{线下交易|唔使喺度|唔使喺呢度|唔使落单|这里拍不|这边拍不|在这里拍不|在这拍不|在这里买不|在这边拍不|这里下单不|这里买不}"},
    CueLine{kReach, "{打过来|打过去|直接打|打给我|打我电话|call我|俾我|畀我}"},
    CueLine{kChannel, "{这个|我的|对公|私人|个人}{账户|帐户|账号|帐号}"},
    CueLine{kChannel, "{微信|威信|薇信|徽信|v信|vx|wx|weixin|wechat|加v|加薇|薇|扣扣|qq|q号|q我|line|ig|私域|粉丝群|优惠群|福利群|内部群|进群|拉群|收款码|二维码|银行卡号|卡号|对公账户|闲鱼|官网|抖音号|快手号|小红书号|私人号|私号|门市电话|店里电话}"},
    CueLine{kWeakChannel, "{支付宝|手机号|手机|电话|号码|红包|转账|汇款|打款|私信|私聊|短信}"},
    CueLine{kReach | kAddVerb, "{加|加我|加一下|添加|加个|搜|搜一下|搜索}"},
    CueLine{kReach, "{加|加我|搜|搜一下|扫|扫码|扫一下|转|转给|转我|转您|转你|进|拉|留|留个|发我|发你|发您|联系我|找我|聊|细聊|私聊|下单|去下单|拍|付|付款|汇|打给|打我|打到|领取|关注|来|去|买|提货|点进去|那边}"},
    CueLine{kPrivately, "{业务员|私下联系|联系下单|线下下单}"},
    CueLine{kChannel, "{那个平台|别的平台|其他平台|另一个平台|外面平台}"},
    CueLine{kPrivately, "{走支付宝|走微信|支付宝扫码|微信扫码|扫码付款|扫码支付}"},
    CueLine{kPrivately, "{你加我|加我一下|加我好友|加个好友|加好友|批发价|私人价|员工价}"},
    CueLine{kPrivately, "{直接给我发地址|货到付款寄你|货到付款寄给你|不用下单我寄|联系我本人|找我本人|我本人|私人电话}"},
    CueLine{kPrivately, "{给我转|直接给我转|转我|转到我|打我卡|转我卡|转到卡上}"},
    CueLine{kNeutral, "{转我们|转给我们|转我们的}"},
    CueLine{kChannel, "{门店的人|门店会|店员会联系|线下门店|门店}"},
    CueLine{kPrivately, "{上门卖|上门交易|当面交易|面交|直接打电话|打电话订|电话订货|微信订货|直接找我买|找我私下}"},
    CueLine{kPrivately, "{私下|不走平台|不用走平台|不走淘宝|不经过平台|绕过平台|省得走|不用走流程|省手续费|不用在这|不用在店|不用在网上|不用透过|不用通过|不用在平台|直接转|转你|转您|给你转|给您转|发你红包|发您红包|返您|返你|私聊跟|私下给|内部价|私域|线下交易}"},
    CueLine{kNegation, "{唔会|唔好|唔使|唔可以|唔会叫|不会叫|不会让}"},
    CueLine{kNegation, "{不要|不用加|请勿|切勿|谨防|不支持|不接受|不走私下|不需要|无需|不会|不能|别|不提供|禁止|严禁|小心|防止|以防|不可以|没有|没法|无法|不方便|自称|冒充|不是|我们没有|我们没|本店没有}"},
    CueLine{kOnPlatform, "{结帐页|结账页|结帐时|结账时|付款页|支付页|收银台|微信支付|支付宝支付|支付宝付款|在订单|订单页|订单里|结算页|平台内|平台上|在平台|平台保障|旺旺|店铺客服|在线客服|官方客服|平台客服|快递员|派送|配送|收件|收货|售后都在|下单时|在这里|都在这里|这里留言|认准|聊天窗口|原路|在店铺里|在店铺下单|店铺里下单}"},
    // --- absolute_claim ---
    CueLine{kSuperlative, "{最好的|最好用|最纯|最高|最强|最安全|最有效|最牛|最正宗|最健康|最天然|全网最|全国最|全球最|世界最|行业最|业界最|史上最|最火|最顶|最棒|最优}"},
    CueLine{kSuperlative, "{碾压|秒杀所有|秒杀同类|吊打|完爆|甩同行|所有同类|同类产品中最|神器|神药|特效药|万能|立竿见影|药到病除}"},
    CueLine{kAbsolute | kEffect, "{一用就|一抹就|一喝就|一吃就|一贴就|一擦就|一涂就|马上见效|当天见效|立刻见效}"},
    CueLine{kSuperlative, "{第一品牌|第一名|排名第一|销量第一|国内第一|国内第一|全国第一|全网第一|行业第一|业界第一|世界第一|no.1|no1|top1|顶级|顶尖|之最|没有之一|独一无二|无人能比|遥遥领先|天花板|国家级|最高级|极品}"},
    CueLine{kNeutral, "{显瘦|偏瘦|较瘦|比较瘦|瘦的话|瘦一点|最低折扣|卖得最好|卖最好|卖得最火|评价最好|口碑最好的一款|最火的款式之一|最好的办法|最好的方法}"},
    CueLine{kAbsolute | kEffect, "{都不会|永远不会|永不|绝不会|绝对不会|从来不会|保证不会|肯定不会}{黑|晒黑|脱妆|掉妆|坏|变形|褪色|掉色|起球|漏|漏水|生锈|断|裂|坏掉|过敏|掉|缩水|发热|反弹|复发|长胖|碎|坏的}"},
    CueLine{kAbsolute | kEffect, "{不会胖|不长胖|不发胖|零卡|零热量|随便吃都}"},
    CueLine{kAbsolute | kEffect, "{一根头发|一点灰|一粒灰|一丝灰|一点刺激|一点副作用|一点异味|一点残留|一滴水|一点痕迹}{都不|也不|都没|也没}"},
    CueLine{kAbsolute | kEffect, "{马上变好|立刻变好|即刻变好|马上好转|立刻好转|不会黑|晒不黑|不会晒黑|唔会黑}"},
    CueLine{kAbsolute | kEffect, "{没有人能|没人能|没有任何人能|谁也}{撬开|撬|破解|打开|弄坏|仿}"},
    CueLine{kSuperlative, "{没有人不|没人不|冇人唔}{喜欢|爱|说好|满意|钟意}"},
    CueLine{kSuperlative, "{人人都爱|人人都喜欢|谁用谁知道|谁用谁说好}"},
    CueLine{kSuperlative, "{别家|别人家|其他家|同行}{的都是|都是}{垃圾|假货|次品|智商税|坑人|仿的|仿品|假的|山寨|高仿|冒牌}"},
    CueLine{kAbsolute, "{福音|克星|救星|不会再|唔会再|绝无问题|绝无|绝不|绝对没问题|毫无问题}"},
    CueLine{kEffect, "{长回来|长回去|长满|除干净|去干净|清除干净|除甲醛|除醛|去甲醛|甲醛|除菌|除螨|变亮|变浓密|变顺滑|变光亮|变白|变瘦|变美|变年轻|寿命延长|延长寿命|延长一倍|提升一倍|翻一倍|成绩|提分|考高分|变聪明}"},
    CueLine{kSuperlative, "{全球唯一|世界唯一|唯一获得|唯一通过|唯一拥有|唯一一家|全行业只有|整个行业只有|全网只有|全国只有|全世界只有|市面上只有|天下第一}"},
    CueLine{kAbsolute | kEffect, "{保用|包用|用|穿|能用|可以用}{一百年|几十年|一辈子|一万年|终身|二十年}"},
    CueLine{kAbsolute | kEffect, "{不长肉|想吃多少吃多少|随便吃|剥了壳的鸡蛋|剥壳鸡蛋|甩头发|甩发}"},
    CueLine{kSuperlative, "{榜首|榜一|霸榜|销冠|销量之王|性价比之王|之王|无可取代|无可替代|无人能及|公认第一}"},
    CueLine{kNeutral, "{质量没话说|品质没话说|效果没话说|做工没话说|服务没话说|没话说的}"},
    CueLine{kNeutral, "{不是万能|并非万能|并不是万能|也不是万能}"},
    CueLine{kNeutral, "{店|店里|店内|本店|店铺}{销量最好|评价最好|口碑最好|卖得最好}"},
    CueLine{kNeutral, "{回购率最高|复购率最高|好评率最高|回购最高|评分最高}"},
    CueLine{kHedge, "{每个人|每人|每个人的}{发质|肤质|体质|肤色|情况|脚型|身材}{不同|不一样}"},
    CueLine{kHedge, "{效果会有差异|效果因人|效果不一定}"},
    CueLine{kAbsolute | kEffect, "{敲不坏|按不坏|坐不坏|压不坏|穿不坏|戴不坏|摔不碎|摔不烂|摔不破|砸不烂|砸不坏|踩不坏|扯不断|拉不断|穿不破|用不坏|洗不坏|随便摔|随便踩|随便砸|随便扯|白发变黑|白发转黑|变黑发|长出黑发|头发变黑|全消|一扫而光|无影无踪|白返|白回来}"},
    CueLine{kSuperlative, "{比任何|比所有|比市面上|胜过所有|超过所有|好过所有|比国家标准|比国标|比欧盟标准}"},
    CueLine{kSuperlative, "{好|强|高|棒|耐用|安全|环保}{一百倍|百倍|千倍|几百倍|几十倍|十倍|一万倍}"},
    CueLine{kSuperlative, "{用过的|买过的|吃过的|穿过的|试过的}{都说好|没有说不好|都回购}"},
    CueLine{kSuperlative, "{从来没有人|从没有人|从没人|没有一个人|没一个人|冇人}{退|退过|差评|投诉|说不好|给过差评}"},
    CueLine{kEffect, "{睡得好|睡得香|瞓得好|瞓得着|好睡|一觉到天亮|睡个好觉}"},
    CueLine{kAbility, "{一倍|两倍|三倍|翻倍|全正常|全部正常|都正常了|全好了|恢复正常|用完|吃完|喝完|涂完|搽完|抹完|疗程|即刻|即时|立马|立即|就降|就能降|就会降|就消|就退了}"},
    CueLine{kPressure, "{现在不下单|这会不下单|现在不付款|今天不付款}"},
    CueLine{kPressure, "{今天不拍|今天不抢|现在不拍|现在不买|再不拍|不拍就|今日不拍|今晚不拍}"},
    CueLine{kPressure, "{两|三|几|双|翻}倍{价|价格|的价}"},
    CueLine{kNeutral, "{睡着不|躺着不|穿着不|用着不|试睡}"},
    CueLine{kSuperlative, "{闭着眼|闭眼入|闭眼买|无脑入|零差评}"},
    CueLine{kNeutral, "最佳{穿着|穿|季节|时间|温度|搭配|尺寸|角度|赏味|食用|使用|保存|饮用|方案|办法}"},
    CueLine{kSuperlative, "{世界级|最佳|最具|最优秀|最先进|最大程度|首选|全国首家|全网首发|首家|极致|王牌|领袖品牌|销量冠军|金牌|无敌|史无前例|前无古人|绝无仅有|国家免检|驰名商标|祖传|万能}"},
    CueLine{kSuperlative, "{业内|同行|同类|国内|全球|全国|全网|行业|业界|世界|市场|全港|全台|全澳|全城|全省|全市|亚洲|全亚洲|香港|台湾}{第一|最好|领先|顶尖|no.1|冠军}"},
    CueLine{kSuperlative, "{所有产品都好|所有产品都强|所有同类都好|所有同类都强|所有产品都比不上|任何产品都比不上|都比不上我们|都不如我们|都没我们好}"},
    CueLine{kSuperlative, "{就我们一家|独此一家|最全面|最完美|最权威|最科学}"},
    CueLine{kAbsolute | kEffect, "{不生病|少生病|百病不侵}"},
    CueLine{kSuperlative, "{行业标杆|业界标杆|行业龙头|行业领跑|领跑者|独一份|找不到比这更|找不到比这个更|找不到比我们更|找不到更好|没有比这更好|没有比这个更好|没有比我们更好|没有比我们家更|再也找不到这么好}"},
    CueLine{kSuperlative, "{唯一正宗|独家正宗|唯一真品|只有我们是正宗|只有我们家是正宗|只有我们是真}"},
    CueLine{kAbsolute | kEffect, "{个子蹭蹭|蹭蹭长|噌噌长|撬不开|撬不动|都绕道}"},
    CueLine{kAbsolute, "{保准|准保|包准}"},
    CueLine{kAbility, "{就稳了|就稳定了|就正常了|就下来了}"},
    CueLine{kAbsolute | kEffect, "{即刻白|马上白|立刻白|一用就白|即刻变白|即刻见效|一晚见效}"},
    CueLine{kSuperlative, "{行业唯一|全国唯一|全网唯一|唯一推荐|唯一指定|指定品牌|国家认证|国家推荐|独一家}"},
    CueLine{kSuperlative, "{最接近|最聪明|最营养|最放心|最有营养}"},
    CueLine{kAbsolute | kEffect, "{包你满意|包您满意|保证满意|不满意全额退款|全额退款还送}"},
    CueLine{kPressure, "被{别人|人|别家}{抢|买|拍}{走|光|完}"},
    CueLine{kPressure, "{就被买走|马上就没|马上没了}"},
    CueLine{kPressure, "{过后就|今天过后|不可能再有|不会再有|再也不会有|以后不会再有}"},
    CueLine{kAbsolute, "{再也不会|再也不|从此不|从此告别}"},
    CueLine{kAbsolute | kEffect, "{怎么|随便|随意|再怎么}{摔|洗|用|折|踩|拉|扯|泡|晒|穿}都不"},
    CueLine{kAbsolute, "{一万年|一百年|几十年|二十年|永不|都不会|绝不会|从来不会}"},
    CueLine{kAbsolute, "{绝对|保证|包你|包您|打包票|百分百|百分之百|100%|永远|永久|彻底|一辈子|终身|终生|十年|零风险|零添加|无任何|任何副作用|完全|根治|全部|所有|一定|肯定|无效退款|无效全额|假一赔}"},
    CueLine{kEffect, "{美白|瘦|减肥|燃脂|治|治疗|调理|降血|降压|降糖|长高|祛|消除|去除|杀灭|杀死|抗癌|防癌|排毒|生发|白发|增高|丰胸|壮阳|不过敏|不晒黑|不粘|不漏|不褪色|不掉色|不起球|不变形|不发热|不会坏|摔不坏|不复发|痊愈|见效|显效|疗效|副作用|聪明|三高|失眠|睡着|不反弹|消失|全消|血压|血糖|血脂|降下来|全没了|都没了|管用|好使|上火|感冒|长痘}"},
    CueLine{kAbsolute | kEffect, "{绝对|保证|百分百|100%|一定|肯定}{有效|管用|见效}"},
    CueLine{kNeutral, "{有效期|有效日期|无效|有效果吗|管用吗}"},
    CueLine{kEffect, "{骨质疏松|焦虑|抑郁|高血压|糖尿病|关节炎|颈椎病|腰椎|湿疹|皮炎|脚气|鼻炎|咽炎|胃病|痛风|脱发|秃头|近视|癌|肿瘤|皱纹|斑|痘|黑头|妊娠纹|疤|便秘|失眠|掉发|白发|预防|心脏病|心脑血管|中风|痴呆|免疫力|嫩得|变嫩|白嫩|水嫩|年轻十岁|像婴儿|紧致|抗衰|去皱|逆龄|冻龄|痔疮|妇科|前列腺|结石|囊肿|增生|炎症|哮喘|贫血|治愈|根除|消炎|止痛|杀菌|抗菌|抑菌|长出来|增肌|长肌肉|腰痛|腰疼|头痛|头疼|关节痛|颈椎|肩周}"},
    CueLine{kAbility, "{就好了|都好了|就能好|会好|能|就能|都能|可以|会|一周|一个月|三天|七天|7天|几天|一次|当晚|当天|立刻|马上|至少|坚持}"},
    CueLine{kHedge, "{我们|我|我这边|我们这边}{没法保证|无法保证|不能保证|不敢保证|不敢打包票|没法打包票|不敢承诺}"},
    CueLine{kHedge, "{因人而异|不敢保证|不能保证|无法保证|没法保证|保证不了|不敢承诺|不打包票|没法打包票|不敢打包票|以实际为准|为准|仅供参考|不具备|不具有|没有治疗|不是药|并非药|不能代替|咨询医生|遵医嘱|看医生|诊断}"},
    CueLine{kNeutral, "{不会错过|以免错过|避免错过|不要错过|别错过}"},
    CueLine{kPressure, "{价格翻倍|机不可失|就要涨|马上恢复原价}"},
    CueLine{kPressure, "{错过今天|错过这次|错过这波|错过本次|再等一年|要等一年|错过要等|错过就要等|抢到就是赚到|就是赚到}"},
    CueLine{kPressure, "{再也买不到|再也没有|就买不到|买不到这个价|过了今天|不下单就|今天不买|今天不下单|以后就没}"},
    CueLine{kPressure, "{就没了|就没有了|不买后悔|后悔一辈子|手慢无|仅此一天|仅此一次|最后机会|再不买|错过就|错过再等|过时不候|恢复原价三倍}"},
    CueLine{kPressure, "{就被抢|被人抢|被别人抢|分钟内不拍|被抢走|被抢光|立刻涨|就涨价|马上涨|后就涨|机会就这|过了这村|错过就没|不拍就没}"},
    // helpful comparatives and time words that look like absolutes (decision 41)
    CueLine{kNeutral, "{最快|最晚|最迟|最近|最划算|最合适|最适合|最省|最多|最少|最大|最小|最长|最短|最新|最后|最好先|最好别|最好不要|最好还是|第一时间|第一次|第一步|第一天|第一件|第一单|第一批|一定注意|一定要|一定会尽|一定给您|一定帮您|肯定会帮|肯定给您|百分百用心|用心}"},
};

// What phrase_parts would reject, checked at compile time so that a malformed line cannot lose its
// cues without a word: an unclosed, unopened or nested set, an empty alternative, a gap.
constexpr bool is_well_formed(std::string_view spellings) {
    bool in_set = false;
    bool alternative_empty = false;
    for (const char c : spellings) {
        if (c == '*') return false;
        if (c == '{') {
            if (in_set) return false;
            in_set = true;
            alternative_empty = true;
        } else if (c == '|' || c == '}') {
            if (!in_set || alternative_empty) return false;
            if (c == '}') in_set = false;
            alternative_empty = c == '|';
        } else {
            alternative_empty = false;
        }
    }
    return !in_set && !spellings.empty();
}
// How many spellings a line stands for: phrase_parts rejects a line of more than
// kMaxPhraseSpellings, and a rejected line would lose all its cues without a word.
constexpr std::size_t spelling_count(std::string_view spellings) {
    std::size_t total = 1;
    std::size_t alternatives = 0;
    bool in_set = false;
    for (const char c : spellings) {
        if (c == '{') {
            in_set = true;
            alternatives = 1;
        } else if (c == '|' && in_set) {
            ++alternatives;
        } else if (c == '}') {
            in_set = false;
            total *= alternatives;
        }
    }
    return total;
}
constexpr bool all_well_formed() {
    for (const CueLine& line : kCueLines) {
        if (!is_well_formed(line.spellings) || spelling_count(line.spellings) > phrasebook::kMaxPhraseSpellings) return false;
    }
    return true;
}
static_assert(all_well_formed(), "a cue line has an unbalanced set, an empty alternative, a '*' or too many spellings");

std::uint32_t first_code_point_key(std::string_view text, std::size_t at) {
    const std::size_t end = next_code_point_offset(text, at);
    std::uint32_t key = 0;
    for (std::size_t i = at; i < end; ++i) key = (key << 8) | static_cast<unsigned char>(text[i]);
    return key;
}

bool ends_clause(std::string_view text, std::size_t at) {
    const auto is_digit_at = [&](std::size_t i) { return i < text.size() && text[i] >= '0' && text[i] <= '9'; };
    if (text[at] == '.' && at > 0 && is_digit_at(at - 1) && is_digit_at(at + 1)) return false;
    for (std::string_view stop : {",", ".", "!", "?", ";", " ", "。", "、", "~", "\n", "…"}) {
        if (text.substr(at, stop.size()) == stop) return true;
    }
    return false;
}

// Opening and closing quotation marks: what is inside quotes is the buyer's own words read back
// (您说“倒得太薄”是什么意思), not what the agent says, so no cue is read there.
bool opens_quote(std::string_view text, std::size_t at) {
    return text.substr(at, 3) == "“" || text.substr(at, 3) == "「" || text.substr(at, 3) == "『";
}
bool closes_quote(std::string_view text, std::size_t at) {
    return text.substr(at, 3) == "”" || text.substr(at, 3) == "」" || text.substr(at, 3) == "』";
}

bool is_id_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'; }

// Where a run of at least five id characters with a letter and a digit, or of at least six
// digits, that starts at `at` ends; `at` when there is none (or the run starts mid-word).
std::size_t account_id_end(std::string_view text, std::size_t at) {
    if (!is_id_char(text[at]) || (at > 0 && is_id_char(text[at - 1]))) return at;
    std::size_t end = at;
    bool letter = false;
    bool digit = false;
    while (end < text.size() && is_id_char(text[end])) {
        letter |= text[end] >= 'a' && text[end] <= 'z';
        digit |= text[end] >= '0' && text[end] <= '9';
        ++end;
    }
    const std::size_t length = end - at;
    return (length >= 5 && letter && digit) || (length >= 6 && digit && !letter) ? end : at;
}

// Where a phone number spelled in Chinese numerals (一三八 五六七八 九零一二: a contact written so
// that no digit filter sees it) that starts at `at` ends; `at` when there is none. At least seven
// numerals, with spaces or dashes between groups.
bool is_numeral(std::string_view text, std::size_t at) {
    if (at + 3 > text.size()) return false;
    const std::uint32_t key = (static_cast<unsigned char>(text[at]) << 16) | (static_cast<unsigned char>(text[at + 1]) << 8) |
                              static_cast<unsigned char>(text[at + 2]);
    // 零 〇 幺 一 二 三 四 五 六 七 八 九 in UTF-8
    constexpr std::array<std::uint32_t, 12> kNumerals = {0xE99BB6, 0xE38087, 0xE5B9BA, 0xE4B880, 0xE4BA8C, 0xE4B889,
                                                         0xE59B9B, 0xE4BA94, 0xE585AD, 0xE4B883, 0xE585AB, 0xE4B99D};
    return std::find(kNumerals.begin(), kNumerals.end(), key) != kNumerals.end();
}

std::size_t numeral_number_end(std::string_view text, std::size_t at) {
    if (!is_numeral(text, at)) return at;
    std::size_t end = at;
    std::size_t numerals = 0;
    for (std::size_t i = at; i < text.size();) {
        if (is_numeral(text, i)) {
            ++numerals;
            i += 3;
            end = i;
        } else if (text[i] == ' ' || text[i] == '-' || text[i] == ',') {
            ++i;
        } else {
            break;
        }
    }
    return numerals >= 7 ? end : at;
}

// At most a separator or two (":", " ", "：" is normalised to ":") between 加/微信 and the id.
constexpr std::size_t kMaxBytesBeforeId = 3;

// Or, after a channel word, a few code points that are no letters of a word: symbols, emoji,
// spaces and 是/係/为/号 (我的V❤是 lily0823, 薇信号为：abc123).
constexpr std::size_t kMaxCodePointsBeforeId = 4;
bool only_glue_between(std::string_view text, std::size_t from, std::size_t to) {
    std::size_t code_points = 0;
    for (std::size_t at = from; at < to; at = next_code_point_offset(text, at)) {
        if (++code_points > kMaxCodePointsBeforeId || (text[at] != ' ' && ends_clause(text, at))) return false;
        const std::string_view c = text.substr(at, next_code_point_offset(text, at) - at);
        if (c == "是" || c == "係" || c == "系" || c == "为" || c == "号" || c == ":" || c == " ") continue;
        const unsigned char lead = static_cast<unsigned char>(c[0]);
        if (c.size() == 1 && lead < 0x80 && !is_id_char(c[0])) continue;  // ASCII punctuation
        // CJK ideographs (U+3400..U+9FFF: E3 90 80 .. E9 BF BF) and letters or digits are words
        if (c.size() == 3 && lead >= 0xE3 && lead <= 0xE9) return false;
        if (c.size() == 1) return false;
    }
    return true;
}

struct Hit {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::uint64_t kinds = 0;
};

struct Clause {
    std::size_t first_hit = 0;  // [first_hit, end_hit) in the draft's hits
    std::size_t end_hit = 0;
    std::uint64_t kinds = 0;
    std::size_t begin = 0;  // byte offset of its first character
};

// A bare 不/没 refuses only as the head of its clause: 不改价, 这个没有; not 绝不后悔, 讲不通.
constexpr std::size_t kMaxBytesBeforeHead = 6;
bool starts_with_bare_no(const std::vector<Hit>& hits, const Clause& clause) {
    return clause.end_hit > clause.first_hit && (hits[clause.first_hit].kinds & kBareNo) != 0 &&
           hits[clause.first_hit].begin - clause.begin <= kMaxBytesBeforeHead;
}

// The span from the first to the last hit of the clause that has one of `kinds`.
bool span_of(const std::vector<Hit>& hits, const Clause& clause, std::uint64_t kinds, CueFinding& finding) {
    bool any = false;
    for (std::size_t h = clause.first_hit; h < clause.end_hit; ++h) {
        if ((hits[h].kinds & kinds) == 0) continue;
        if (!any) finding.begin = hits[h].begin;
        finding.end = hits[h].end;
        any = true;
    }
    return any;
}

// Whether a hit with `kinds` comes before the first hit with `later` in the clause.
bool comes_before(const std::vector<Hit>& hits, const Clause& clause, std::uint64_t kinds, std::uint64_t later) {
    for (std::size_t h = clause.first_hit; h < clause.end_hit; ++h) {
        if (hits[h].kinds & later) return false;
        if (hits[h].kinds & kinds) return true;
    }
    return false;
}

bool has(std::uint64_t kinds, std::uint64_t wanted) { return (kinds & wanted) != 0; }

// 跟 right before 我们/本店, and 没关系 or 无关 later in the clause: the shop disowns the matter.
bool disowns(const std::vector<Hit>& hits, const Clause& clause) {
    bool with_us = false;
    for (std::size_t h = clause.first_hit; h < clause.end_hit; ++h) {
        const std::uint64_t kinds = hits[h].kinds;
        if (with_us && has(kinds, kReassure)) return true;
        if (has(kinds, kUs) && h > clause.first_hit && has(hits[h - 1].kinds, kWith) && hits[h - 1].end == hits[h].begin) with_us = true;
    }
    return false;
}

// 跟 before 没关系 or 无关 with no reference to the buyer between them (跟龙头本身没关系): the matter
// is said to have nothing to do with something, which reassures nobody; 跟您没关系 still does.
bool unrelated(const std::vector<Hit>& hits, const Clause& clause) {
    bool with = false;
    for (std::size_t h = clause.first_hit; h < clause.end_hit; ++h) {
        const std::uint64_t kinds = hits[h].kinds;
        if (with && has(kinds, kReassure)) return true;
        if (has(kinds, kPerson)) with = false;
        if (has(kinds, kWith)) with = true;
    }
    return false;
}

// 您…自己…了/的 in one clause tells what the buyer did themselves (你自己忘了领券, 您收货时自己签的
// 字); 您自己量一下, 你自己去看看 and 您自己的权利 ask or describe instead.
bool person_then_own(const std::vector<Hit>& hits, const Clause& clause) {
    bool person = false;
    bool own = false;
    bool done = false;
    for (std::size_t h = clause.first_hit; h < clause.end_hit; ++h) {
        const std::uint64_t kinds = hits[h].kinds;
        if (own && has(kinds, kDoNow)) return false;
        if (own && has(kinds, kDone)) done = true;
        if (has(kinds, kOwn) && person) own = true;
        person |= has(kinds, kPerson) && !has(kinds, kOwn);
    }
    return done;
}

// A refusal with nothing around it is blunt; a longer draft almost always explains itself in words
// no list holds. 不知道 is a refusal only as the whole answer.
constexpr std::size_t kShortDraftCodePoints = 24;
constexpr std::size_t kBareAnswerCodePoints = 8;

// A draft of nothing but an interjection (哦。 嗯嗯 呵呵) answers nothing.
constexpr std::size_t kBareAckCodePoints = 4;
bool is_bare_ack(std::string_view text) {
    bool any = false;
    for (std::size_t at = 0; at < text.size(); at = next_code_point_offset(text, at)) {
        const std::string_view c = text.substr(at, next_code_point_offset(text, at) - at);
        if (c == "哦" || c == "嗯" || c == "噢" || c == "喔" || c == "呵" || c == "额" || c == "呃") {
            any = true;
        } else if (!ends_clause(text, at)) {
            return false;
        }
    }
    return any;
}

}  // namespace

ClauseCueScorer::ClauseCueScorer(const text::Normalizer& normalizer) {
    std::unordered_map<std::string, std::uint64_t> kinds_of;
    for (const CueLine& line : kCueLines) {
        auto parts = phrasebook::phrase_parts(line.spellings);
        if (!parts || parts->size() != 1) continue;  // ruled out at compile time (all_well_formed)
        for (const std::string& spelling : parts->front()) {
            std::string normalised = normalizer.normalize(spelling);
            if (normalised.empty()) continue;
            std::uint64_t kinds = line.kinds;
            // A fault or refusal spelled with 不/没 at its head (不拆开, 没货) also heads a bare
            // refusal, which the longer cue would otherwise hide.
            if (has(kinds, kFault | kRefusal) && (normalised.starts_with("不") || normalised.starts_with("没"))) kinds |= kBareNo;
            kinds_of[normalised] |= kinds;
        }
    }
    for (auto& [spelling, kinds] : kinds_of) {
        cues_by_first_code_point_[first_code_point_key(spelling, 0)].push_back({spelling, kinds});
    }
    for (auto& [key, cues] : cues_by_first_code_point_) {
        std::sort(cues.begin(), cues.end(), [](const Cue& a, const Cue& b) { return a.spelling.size() > b.spelling.size(); });
    }
}

std::vector<CueFinding> ClauseCueScorer::find(std::string_view text) const {
    // One scan: the longest cue at each place, then on past it; clauses by their punctuation.
    std::vector<Hit> hits;
    std::vector<Clause> clauses(1);
    std::size_t code_points = 0;
    bool quoted = false;
    for (std::size_t at = 0; at < text.size();) {
        ++code_points;
        if (quoted || opens_quote(text, at)) {
            quoted = !closes_quote(text, at);
            at = next_code_point_offset(text, at);
            continue;
        }
        if (ends_clause(text, at)) {
            at = next_code_point_offset(text, at);
            if (clauses.back().end_hit > clauses.back().first_hit) clauses.push_back({hits.size(), hits.size(), 0, at});
            clauses.back().begin = at;
            continue;
        }
        if (const std::size_t number_end = numeral_number_end(text, at); number_end != at) {
            hits.push_back({at, number_end, kChannel});
            clauses.back().end_hit = hits.size();
            clauses.back().kinds |= kChannel;
            code_points += text::code_points_before(text.substr(at, number_end - at), number_end - at) - 1;
            at = number_end;
            continue;
        }
        const Cue* longest = nullptr;
        if (const auto it = cues_by_first_code_point_.find(first_code_point_key(text, at)); it != cues_by_first_code_point_.end()) {
            for (const Cue& cue : it->second) {
                if (text.substr(at, cue.spelling.size()) == cue.spelling) {
                    longest = &cue;
                    break;
                }
            }
        }
        if (longest == nullptr) {
            // An account id (hs2026, wx_shop88) right after 加/搜 or a channel word is a contact
            // handed out, whatever the channel is called.
            if (const std::size_t id_end = account_id_end(text, at); id_end != at) {
                if (!hits.empty() && has(hits.back().kinds, kAddVerb | kChannel) &&
                    (at - hits.back().end <= kMaxBytesBeforeId || (has(hits.back().kinds, kChannel) && only_glue_between(text, hits.back().end, at)))) {
                    // An id handed out after a channel word (威x：abc123) is a private direction itself.
                    const std::uint64_t kinds = has(hits.back().kinds, kChannel) ? kChannel | kPrivately : kChannel;
                    hits.push_back({at, id_end, kinds});
                    clauses.back().end_hit = hits.size();
                    clauses.back().kinds |= kinds;
                }
                code_points += id_end - at - 1;
                at = id_end;
                continue;
            }
            at = next_code_point_offset(text, at);
            continue;
        }
        std::uint64_t kinds = longest->kinds;
        // 是 right before 您/你, not inside a longer cue (如果是您): "it is you who…"
        if (has(kinds, kPerson) && at >= 3 && text.substr(at - 3, 3) == "是" && (hits.empty() || hits.back().end != at)) kinds |= kItsYou;
        // 最高22.5W, 最大600ml: a superlative right before a number is a specification's limit
        if (has(kinds, kSuperlative) && at + longest->spelling.size() < text.size()) {
            const char next = text[at + longest->spelling.size()];
            if (next >= '0' && next <= '9') kinds &= ~kSuperlative;
        }
        if (kinds != kNeutral) {
            hits.push_back({at, at + longest->spelling.size(), kinds});
            clauses.back().end_hit = hits.size();
            clauses.back().kinds |= kinds;
        }
        code_points += text::code_points_before(longest->spelling, longest->spelling.size()) - 1;
        at += longest->spelling.size();
    }
    // 跟我们(的路由器)没关系 disowns: it is rudeness, and its 没关系 reassures nobody.
    std::vector<bool> disowning(clauses.size(), false);
    std::uint64_t draft = 0;
    for (std::size_t c = 0; c < clauses.size(); ++c) {
        disowning[c] = disowns(hits, clauses[c]);
        draft |= disowning[c] || unrelated(hits, clauses[c]) ? (clauses[c].kinds & ~kReassure) : clauses[c].kinds;
    }

    std::vector<CueFinding> findings;
    const auto report = [&](const Clause& clause, std::uint64_t kinds, phrasebook::LintRule family) {
        CueFinding finding;
        finding.family = family;
        if (span_of(hits, clause, kinds, finding)) findings.push_back(finding);
    };
    using phrasebook::LintRule;
    std::vector<std::size_t> review_trades;  // findings that trade a review for service or a reward
    bool off_platform = false;               // the draft moves contact or money off the platform
    std::uint64_t previous = 0;  // the kinds of the clause before, whose subject a clause may carry on
    bool blamed = false;         // an earlier clause pinned a fault on the buyer
    for (std::size_t c = 0; c < clauses.size(); ++c) {
        const Clause& clause = clauses[c];
        const std::uint64_t k = clause.kinds;
        if (disowning[c]) report(clause, kWith | kUs | kReassure, LintRule::forbidden_phrase);
        // Chinese carries a subject over to the next clause (你用的充电器不对，把电池充坏了).
        const bool buyer_is_subject =
            has(k, kPerson) || (has(previous, kPerson) && has(previous, kFault | kDone) && !has(previous | k, kHelp | kCondition | kQuestion));
        previous = k;

        // blame_buyer: a fault pinned on the buyer, stated rather than asked or supposed, in a
        // draft where the shop does not take the blame itself.
        // A fault with the instructions, "usually" or a disclaimer elsewhere in the draft is pinned on
        // the buyer by implication (说明书写了要冷藏，放常温坏了我们也没办法).
        const bool names_buyer = has(k, kSelfFault) || (has(k, kOthers) && has(k, kFine)) ||
                                 (has(k, kFault) && (buyer_is_subject || has(k, kModality) || has(draft, kModality | kDisclaim))) ||
                                 person_then_own(hits, clause);
        const bool softened = has(k, kHelp | kCondition | kApology) || (has(k, kQuestion) && !has(k, kSelfFault | kModality)) ||
                              comes_before(hits, clause, kThirdParty, kFault | kSelfFault);
        const bool reproach = has(k, kSelfFault | kModality);
        // Pinned on the buyer without a fault word: "it is you" with a fault or a trait (没效果的话是您
        //自己作息不规律, 是您家猫比较挑), a trait after "usually" (一般是您还没穿惯), or "normal use would
        // not do this" with a question about what the buyer did (您是不是用了漂白水？正常洗不会这样).
        const bool pinned = (has(k, kItsYou) && has(k, kFault | kTrait) && !has(k, kApology | kHelp)) ||
                            (has(draft, kNormally) && has(k, kPerson) && has(k, kQuestion) && has(k, kFault | kDone) && !has(k, kHelp)) ||
                            // a question that names a fault, in a draft that says the product left us fine (您是不是接反了？出厂都测过)
                            (has(k, kPerson) && has(k, kQuestion) && has(k, kFault) && has(draft, kModality) && !has(draft, kHelp));
        // …的问题 pinned on the buyer after 是 or "usually" (应该是您肤质的问题), in a draft that offers no help
        const bool cause_named = has(k, kProblem) && has(k, kPerson) && has(k, kItsYou | kModality) &&
                                 !has(k, kQuestion | kCondition) && !has(draft, kHelp | kApology);
        const bool trait_blamed = cause_named || (has(k, kTrait) && buyer_is_subject && has(draft, kModality) && !softened);
        if ((names_buyer && !softened && !has(draft, kOurFault | kReassure) && (reproach || !has(draft, kApology | kHelp))) ||
            ((pinned || trait_blamed) && !has(draft, kOurFault | kReassure | kApology))) {
            report(clause, kPerson | kFault | kSelfFault | kModality | kOthers | kFine, LintRule::blame_buyer);
            blamed = true;
        }

        // blunt_refusal: a refusal head in a short draft that gives no reason, alternative or
        // apology anywhere.
        const bool refuses = has(k, kRefusal) || ((has(k, kDontKnow) || starts_with_bare_no(hits, clause)) && code_points <= kBareAnswerCodePoints);
        // 我们也没办法 after a fault the draft pins on the buyer disclaims it; that is the blame.
        const bool blames = has(k, kSelfFault) || (has(k, kFault) && has(k, kPerson)) ||
                            (has(k, kDisclaim) && (blamed || has(draft, kFault | kSelfFault | kFine)));
        if (refuses && !blames && !has(k, kQuestion | kPressure) && !has(draft, kRude) && !has(draft, kSoftener | kHelp | kCondition) &&
            code_points <= kShortDraftCodePoints) {
            report(clause, kRefusal | kDontKnow | kBareNo, LintRule::blunt_refusal);
        }

        // forbidden_phrase: rudeness in any form, or a review traded for service.
        if (has(k, kRude) && !comes_before(hits, clause, kNotNeeded, kRude)) {
            report(clause, kRude, LintRule::forbidden_phrase);
        } else if (has(k, kNoForce) && has(draft, kPriceDoubt)) {
            // 觉得不值的话不用勉强: the buyer's doubt about the price answered with "then don't buy"
            report(clause, kNoForce | kPriceDoubt, LintRule::forbidden_phrase);
        } else if (has(k, kShift) && !has(k, kCondition | kQuestion) && !comes_before(hits, clause, kNotNeeded | kHelp | kWeDo, kShift) &&
                   !has(draft, kWeDo | kApology)) {
            report(clause, kShift, LintRule::forbidden_phrase);
        }
        if (has(k, kReview | kReviewChange | kReviewLever) && has(draft, kReview) && has(draft, kReviewChange) &&
            has(draft, kReviewLever) && !has(draft, kReviewSafe)) {
            const std::size_t before = findings.size();
            report(clause, kReview | kReviewChange | kReviewLever, LintRule::forbidden_phrase);
            if (findings.size() > before) review_trades.push_back(before);
        }

        // off_platform: a channel around the platform that the draft asks the buyer to use, not
        // one it warns against.
        const bool strong = has(k, kChannel) && (has(draft, kReach) || has(draft, kPrivately));
        const bool weak = has(k, kWeakChannel) && has(draft, kPrivately);
        const bool bypass = has(k, kPrivately) && has(draft, kChannel | kWeakChannel | kReach);
        if ((strong || weak || bypass) && !comes_before(hits, clause, kNegation, kChannel | kWeakChannel | kPrivately) &&
            !has(draft, kOnPlatform)) {
            const std::size_t before = findings.size();
            report(clause, kChannel | kWeakChannel | kReach | kPrivately, LintRule::off_platform);
            off_platform |= findings.size() > before;
        } else if (has(k, kElsewhere) && has(draft, kCancel) && !has(draft, kOnPlatform)) {
            // 这单您先取消，我发个链接您去那边拍: the platform's order undone and placed elsewhere
            report(clause, kElsewhere, LintRule::off_platform);
            off_platform = true;
        }

        // absolute_claim: a superlative about the product, an absolute with an effect, or an
        // effect stated as certain; unless the draft qualifies it.
        if (!has(draft, kHedge)) {
            if (has(k, kSuperlative) || has(k, kPressure)) {
                report(clause, kSuperlative | kPressure, LintRule::absolute_claim);
            } else if (has(k, kEffect) && has(k, kAbsolute | kAbility)) {
                report(clause, kAbsolute | kEffect | kAbility, LintRule::absolute_claim);
            }
        }
    }
    // A good review paid for off the platform (好评截图发我微信，返您5元) is off_platform, and only
    // that; kept on the platform (好评送小样, 晒图好评改价便宜) it is forbidden_phrase. Pressing the
    // buyer to take back a complaint (删差评) is forbidden_phrase wherever the money goes (decision 53).
    if ((off_platform || has(draft, kChannel | kWeakChannel)) && !has(draft, kBadReview)) {
        for (auto it = review_trades.rbegin(); it != review_trades.rend(); ++it) findings.erase(findings.begin() + static_cast<std::ptrdiff_t>(*it));
    }
    // A draft that is nothing but 哦 or 嗯 brushes the buyer off.
    if (code_points <= kBareAckCodePoints && findings.empty() && is_bare_ack(text)) {
        findings.push_back({0, text.size(), LintRule::forbidden_phrase});
    }
    std::sort(findings.begin(), findings.end(), [](const CueFinding& a, const CueFinding& b) { return a.begin < b.begin; });
    return findings;
}

}  // namespace huashu::engine
