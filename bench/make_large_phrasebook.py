#!/usr/bin/python3
"""Generates a large, valid phrasebook folder for the benchmarks, the way a big shop's grows.

    bench/make_large_phrasebook.py --entries 10000 --seed 1 OUT_DIR

OUT_DIR receives:
- the bundled phrasebook/*.phrases files unchanged: shop.phrases with its placeholders and
  synonyms, and the files holding the 78 hand-written entries (files with only [forbidden]
  rules or [clause_cues] words are left out: the ranker never reads them, and they are no part
  of what is measured);
- gen_<category>_<nn>.phrases files holding the generated entries, up to --entries in total.

A big shop's phrasebook is not 78 topics: it is the same generic topics repeated per product
("羽绒服包邮吗", "白色连衣裙还有m码吗"), plus shop-specific topics (live-stream links, member
points, gift boxes, invoice titles…). The generated entries are made that way:
- ~75 % are variants of a bundled entry (same category and technique): a sample of its keywords
  and examples, some anchored to a product, colour or size, and its replies with the product
  named; products follow a Zipf-like popularity so a few products have many entries;
- ~25 % are shop-specific topics drawn from a per-category list, again mixed with products.
So common words and bigrams get long posting lists, product names become the discriminating
terms, and every category keeps a realistic share: this stresses the ranker as a real large
phrasebook would. Output is deterministic for a given --seed and --entries (stdlib only).

Any *.phrases file already in OUT_DIR is removed first; nothing else there is touched.
"""

import argparse
import pathlib
import random
import re
import sys

CATEGORIES = [
    "greeting", "product_info", "size_fit", "stock", "bargain", "coupon_promotion", "shipping_fee",
    "shipping_time", "courier", "order_change", "payment", "hesitation", "return_exchange", "refund",
    "logistics_problem", "quality_complaint", "bad_review", "thanks_farewell",
]

ENTRIES_PER_FILE = 2500  # keeps every file far below the loader's 16 MiB limit

# ---------------------------------------------------------------------------------------------
# Catalogue of a mid-to-large apparel and home-textile shop.

MODIFIERS = [
    "纯棉", "冰丝", "加绒", "宽松", "修身", "法式", "复古", "韩版", "高腰", "针织", "雪纺", "羊毛",
    "真丝", "牛仔", "灯芯绒", "华夫格", "莫代尔", "亚麻", "oversize", "美式", "国风", "新中式",
    "学院风", "工装", "运动", "防晒", "速干", "加厚", "薄款", "碎花", "条纹", "格子", "纯色",
    "刺绣", "印花", "拼接", "小香风", "重磅", "水洗", "天丝",
]

# type name → size kind
PRODUCT_TYPES = {
    "T恤": "top", "衬衫": "top", "卫衣": "top", "毛衣": "top", "开衫": "top", "打底衫": "top",
    "背心": "top", "吊带": "top", "polo衫": "top", "连帽衫": "top", "马甲": "top",
    "连衣裙": "dress", "半身裙": "dress", "吊带裙": "dress", "百褶裙": "dress", "旗袍": "dress",
    "阔腿裤": "bottom", "牛仔裤": "bottom", "西装裤": "bottom", "运动裤": "bottom", "短裤": "bottom",
    "工装裤": "bottom", "打底裤": "bottom", "喇叭裤": "bottom", "瑜伽裤": "bottom",
    "羽绒服": "outer", "风衣": "outer", "西装外套": "outer", "夹克": "outer", "大衣": "outer",
    "棉服": "outer", "冲锋衣": "outer", "防晒衣": "outer", "皮衣": "outer",
    "睡衣": "top", "家居服": "top", "情侣装": "top", "亲子装": "top",
    "帆布鞋": "shoes", "小白鞋": "shoes", "老爹鞋": "shoes", "乐福鞋": "shoes", "拖鞋": "shoes",
    "袜子": "free", "帽子": "free", "围巾": "free", "双肩包": "free", "托特包": "free", "发夹": "free",
    "四件套": "bed", "床单": "bed", "被套": "bed", "夏凉被": "bed", "枕套": "bed", "毛毯": "bed",
}

COLOURS = [
    "白色", "黑色", "米白", "杏色", "卡其", "藏青", "酒红", "雾霾蓝", "牛油果绿", "奶茶色", "焦糖色",
    "浅灰", "深灰", "粉色", "浅蓝", "燕麦色", "军绿", "咖啡色", "香芋紫", "姜黄", "墨绿", "米黄",
    "花灰", "藕粉", "天蓝", "砖红", "豆沙色", "奶白", "炭黑", "雾粉",
]

SIZES = {
    "top": ["s", "m", "l", "xl", "xxl", "3xl", "均码", "160/84a", "165/88a", "170/92a", "175/96a"],
    "dress": ["s", "m", "l", "xl", "均码", "155", "160", "165"],
    "bottom": ["s", "m", "l", "xl", "26码", "27码", "28码", "29码", "30码", "31码", "32码"],
    "outer": ["s", "m", "l", "xl", "xxl", "3xl", "165/88a", "170/92a", "175/96a", "180/100a"],
    "shoes": ["35码", "36码", "37码", "38码", "39码", "40码", "41码", "42码", "43码", "44码"],
    "free": ["均码"],
    "bed": ["1.2米床", "1.5米床", "1.8米床", "2米床", "单人", "双人"],
}

CITIES = [
    "北京", "上海", "广州", "深圳", "杭州", "成都", "重庆", "武汉", "西安", "南京", "长沙", "郑州",
    "沈阳", "哈尔滨", "昆明", "南宁", "乌鲁木齐", "拉萨", "西宁", "呼和浩特", "海口", "厦门", "青岛",
    "苏州", "天津", "合肥", "福州", "贵阳", "兰州", "银川",
]

# Shop-specific topics. Tokens in templates: %P product, %C colour, %S size, %CITY city,
# %N live-stream link number. {placeholders} are phrasebook placeholders declared in shop.phrases.
TOPICS = {
    "greeting": [
        ("live_viewer", ["直播间过来的", "看直播来的", "主播推荐", "直播间", "刚看完直播", "从直播间来"],
         ["刚从直播间过来的", "看直播来的 %P还有吗", "主播推荐的%P在哪拍"],
         ["亲，欢迎从直播间过来～😊 %P在直播间%N号链接，有什么想了解的直接问我哦~"]),
        ("friend_referral", ["朋友推荐", "闺蜜推荐", "同事推荐", "别人推荐", "种草", "小红书看到"],
         ["朋友推荐来的", "小红书上看到你家%P", "闺蜜说你家%P好看"],
         ["亲，谢谢朋友的推荐和您的信任❤ %P是店里的热卖款，有任何问题都可以问我~"]),
    ],
    "product_info": [
        ("details", ["细节图", "口袋", "拉链", "内衬", "里衬", "有弹力吗", "弹力", "有没有口袋", "有内衬吗", "透不透"],
         ["%P有口袋吗", "这款%P有内衬吗", "%C的%P透不透", "%P有弹力吗"],
         ["亲，%P的细节在详情页第二屏都有实拍哦😊 面料成分是{material_info}，您还想了解哪个细节，我帮您看~"]),
        ("origin_label", ["产地", "哪里生产", "吊牌", "品牌", "厂家", "是国产吗", "合格证"],
         ["%P产地是哪里", "%P有吊牌和合格证吗", "这个品牌是哪家的"],
         ["亲，{shop_name}的%P都有吊牌和合格证，产地信息在吊牌上有写明哦😊"]),
        ("gift_box", ["礼盒", "礼品包装", "包装盒", "送礼包装", "贺卡", "手提袋", "礼袋"],
         ["%P有礼盒包装吗", "送人的 能帮我包装一下吗", "可以写贺卡吗"],
         ["亲，送礼的话可以备注礼盒包装哦😊 %P我们会仔细包装好，贺卡内容您发给我，我帮您备注~"]),
    ],
    "size_fit": [
        ("model_size", ["模特穿", "模特多高", "模特身高", "模特穿什么码", "模特体重", "模特几码"],
         ["模特穿的是%P什么码", "图上模特多高", "%P模特穿的%S吗"],
         ["亲，%P的模特信息在详情页尺码表下方哦😊 您说一下身高体重，我按{fit_note}帮您推荐~"]),
        ("body_shape", ["梨形身材", "胯宽", "腿粗", "肩宽", "手臂粗", "小个子", "高个子", "大体重", "胸大"],
         ["胯宽穿%P好看吗", "小个子能穿%P吗", "腿粗适合这条%P吗", "我肩宽 %P选%S可以吗"],
         ["亲，%P的版型是{fit_note}～您方便说下身高体重，我按您的身材帮您挑尺码😊"]),
    ],
    "stock": [
        ("live_link", ["几号链接", "直播间同款", "链接在哪", "直播间链接", "号链接", "同款链接"],
         ["%N号链接的%P还有吗", "直播间同款%P在哪拍", "主播穿的%C%P链接发我"],
         ["亲，%P在直播间%N号链接哦～库存以页面可选规格为准，需要的话我帮您查%C%S的库存😊"]),
        ("colour_size_stock", ["%C还有吗", "%S还有吗", "%C%S", "有没有%S", "%C的还有没有"],
         ["%C%P%S还有吗", "%P%C的还有货吗", "%P有没有%S"],
         ["亲，%C的%P%S我帮您查一下库存，稍等哦😊 页面能选的规格都是有货的~"]),
    ],
    "bargain": [
        ("live_price", ["直播间价格", "直播价", "直播间便宜", "主播说的价格", "和直播间一样"],
         ["直播间价格能给吗", "%P直播价多少", "为什么比直播间贵"],
         ["亲，直播间价格是限时活动价哦，活动期间在直播间链接下单就能享受😊 %P现在的价格以页面为准~"]),
        ("set_price", ["一套多少钱", "套装价", "上下装一起", "搭配购买", "一起拍便宜"],
         ["%P和裤子一起拍便宜吗", "一套多少钱", "搭配一起买能优惠吗"],
         ["亲，%P搭配购买可以享受{multi_buy_offer}哦😊 加入购物车一起结算，系统自动计算~"]),
    ],
    "coupon_promotion": [
        ("member_points", ["会员积分", "积分", "积分兑换", "积分抵扣", "入会", "会员卡", "店铺会员"],
         ["积分怎么用", "入会有什么福利", "积分能抵钱吗"],
         ["亲，加入{shop_name}会员可以累积积分，积分能在会员中心兑换优惠券哦😊"]),
        ("platform_subsidy", ["百亿补贴", "官方补贴", "消费券", "国补", "津贴", "购物津贴", "跨店满减"],
         ["%P参加百亿补贴吗", "能用购物津贴吗", "跨店满减能用吗"],
         ["亲，平台活动以活动页面规则为准哦😊 %P目前参加的活动是{promotion_name}~"]),
    ],
    "shipping_fee": [
        ("city_free", ["包邮到%CITY", "%CITY包邮", "寄%CITY运费", "%CITY运费"],
         ["寄%CITY包邮吗", "%P寄到%CITY运费多少", "%CITY能包邮吗"],
         ["亲，%CITY满{free_shipping_threshold}元包邮哦😊（{remote_areas}除外）~"]),
    ],
    "shipping_time": [
        ("custom_made", ["定制", "现做", "定做", "手工", "做好发", "工期", "制作周期"],
         ["%P是现做的吗 几天发", "定制的%P要多久", "工期多久"],
         ["亲，%P是下单后现做的，制作周期以详情页为准，做好后{ship_within_hours}小时内发出哦😊"]),
        ("city_days", ["到%CITY几天", "%CITY几天到", "发%CITY多久", "寄%CITY要几天"],
         ["到%CITY要几天", "寄%CITY多久能到", "%P发%CITY几天到"],
         ["亲，发往%CITY一般发货后{delivery_days}天送达哦😊 具体以快递派送为准~"]),
    ],
    "courier": [
        ("other_couriers", ["发韵达", "发极兔", "发德邦", "发京东", "极兔", "德邦", "韵达", "申通", "京东物流"],
         ["能发极兔吗", "%P发德邦吗", "可以走京东物流吗"],
         ["亲，我们默认发{default_courier}，需要其他快递的话告诉我，我帮您确认能否安排😊"]),
    ],
    "order_change": [
        ("merge_orders", ["合并订单", "一起发", "合并发货", "两个订单", "分开拍的", "合单"],
         ["两个订单能一起发吗", "我分开拍的%P能合并发货吗", "能合单吗"],
         ["亲，同一个地址、都还没发货的订单可以合并发出哦😊 我帮您备注好~"]),
        ("change_item", ["改成%C", "换成%S", "改成%S", "换成%C", "%C改%S"],
         ["%P帮我改成%C", "%P换成%S", "我拍的%P改成%C%S"],
         ["亲，收到～%P改成%C%S，我这就帮您备注修改，改好回复您确认😊"]),
    ],
    "payment": [
        ("instalment", ["分期", "花呗分期", "免息", "信用卡分期", "分三期", "分期免息", "先用后付"],
         ["%P能分期吗", "支持花呗分期免息吗", "可以先用后付吗"],
         ["亲，支持花呗分期哦，结算页可以选分期数，是否免息以页面显示为准😊"]),
        ("company_pay", ["对公转账", "公司付款", "发票抬头", "税号", "专票", "增值税发票", "企业采购"],
         ["能对公转账吗", "公司采购要开专票", "发票抬头怎么填"],
         ["亲，{invoice_policy}～企业采购的需求您告诉我数量，我帮您联系主管😊"]),
    ],
    "hesitation": [
        ("ask_family", ["问问老公", "问问家里人", "问问我妈", "跟男朋友商量", "回去商量", "问下朋友"],
         ["我问问老公再说", "回去跟家里人商量一下", "问下朋友觉得%P怎么样"],
         ["亲，没问题～您可以把%P的链接发给家人看看😊 有问题随时回来问我~"]),
    ],
    "return_exchange": [
        ("exchange_colour_size", ["换成%C", "换%S", "%C换", "换个%S"],
         ["%P能换成%C吗", "%P想换%S", "收到的%P换个颜色"],
         ["亲，%P在{return_days}天内、不影响二次销售可以换成%C%S哦😊 我帮您先确认库存~"]),
    ],
    "refund": [
        ("refund_only", ["仅退款", "只退款", "不退货退款", "退款不退货", "直接退款"],
         ["能仅退款吗", "%P不想寄回了 能直接退款吗", "不退货能退款吗"],
         ["亲，仅退款需要按平台规则处理哦🙏 麻烦把%P的问题拍照发我，我帮您看怎么处理~"]),
    ],
    "logistics_problem": [
        ("city_stuck", ["%CITY不动", "卡在%CITY", "%CITY中转", "在%CITY好几天"],
         ["物流卡在%CITY好几天了", "%P在%CITY中转不动了", "快递到%CITY就不动了"],
         ["亲，抱歉让您久等🙏 我马上联系{default_courier}查一下%CITY这边的情况，{followup_hours}小时内回复您~"]),
    ],
    "quality_complaint": [
        ("colour_defect", ["%C掉色", "%C有色差", "%C染色", "%C脏了", "%C发黄"],
         ["%C的%P掉色", "%P收到%C发黄了", "%C%P有色差"],
         ["亲，真抱歉让您遇到这个问题🙏 麻烦拍一下%P的照片，我马上为您处理~"]),
        ("hardware", ["拉链坏了", "扣子掉了", "拉链拉不上", "线头多", "鞋底开胶", "开胶", "断线"],
         ["%P拉链坏了", "%P扣子掉了", "%P开胶了"],
         ["亲，真是对不起🙏 %P出现这种问题我们一定负责，麻烦拍照发我，给您换新或退款~"]),
    ],
    "bad_review": [
        ("review_photo", ["晒图", "追评", "买家秀", "评价晒图", "视频评价"],
         ["晒图%P有奖励吗", "追评怎么写", "我给%P写了买家秀"],
         ["亲，谢谢您愿意分享%P的真实感受❤ 评价按您的真实体验写就好哦~"]),
    ],
    "thanks_farewell": [
        ("love_product", ["%P很喜欢", "%P好看", "%P超赞", "%P很舒服", "%C好看"],
         ["%P收到了很喜欢", "%C的%P好好看", "%P穿着很舒服 谢谢"],
         ["亲，收到您的喜欢太开心啦❤ 谢谢您选择{shop_name}的%P，下次再来哦~"]),
    ],
}

# How a buyer names a product in front of a bundled example.
EXAMPLE_PREFIXES = ["%P ", "这款%P ", "%C的%P ", "那个%P ", "%N号链接的%P ", "%P %S ", "%C%P "]
EXAMPLE_SUFFIXES = [" %C的", " %S", " （%P）", " 我要的%C%S", " %P"]
REPLY_SUFFIXES = ["（%P）", " 这款%P是店里的热卖款～", " %C和%P其他颜色都可以看看哦~", ""]


class Entry:
    def __init__(self, entry_id):
        self.id = entry_id
        self.category = None
        self.technique = None
        self.keywords = []
        self.examples = []
        self.replies = []


def parse_entries(path):
    """The [entry] sections of one bundled file (enough of the grammar for well-formed input),
    and the kinds of all its sections."""
    entries = []
    kinds = set()
    current = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        header = re.fullmatch(r"\[(\w+)(?:\s+(\S+))?\]", line)
        if header:
            kinds.add(header.group(1))
            current = Entry(header.group(2)) if header.group(1) == "entry" else None
            if current is not None:
                entries.append(current)
            continue
        if current is None or "=" not in line:
            continue
        key, value = (part.strip() for part in line.split("=", 1))
        if key == "category":
            current.category = value
        elif key == "technique":
            current.technique = value
        elif key == "keywords":
            current.keywords += [k.strip() for k in value.split("|") if k.strip()]
        elif key == "example":
            current.examples.append(value)
        elif key == "reply":
            current.replies.append(value)
    return entries, kinds


class Catalogue:
    def __init__(self, rng, product_count):
        pairs = [(m, t) for m in MODIFIERS for t in PRODUCT_TYPES]
        rng.shuffle(pairs)
        self.products = [(m + t, PRODUCT_TYPES[t]) for m, t in pairs[:product_count]]
        # Zipf-like popularity: a few best-sellers get many entries, the long tail few.
        self.weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(self.products))]

    def pick(self, rng):
        name, kind = rng.choices(self.products, weights=self.weights)[0]
        return {
            "%P": name,
            "%C": rng.choice(COLOURS),
            "%S": rng.choice(SIZES[kind]),
            "%CITY": rng.choice(CITIES),
            "%N": str(rng.randint(1, 120)),
        }


def fill(template, values):
    # %CITY before %C: the longer token first.
    for token in ("%CITY", "%P", "%C", "%S", "%N"):
        template = template.replace(token, values[token])
    return template


def unique(items):
    seen = set()
    return [x for x in items if x and not (x in seen or seen.add(x))]


def sample_in_order(rng, items, count):
    if not items:  # an entry may have keywords and no example, or the reverse
        return []
    count = max(1, min(count, len(items)))
    picked = sorted(rng.sample(range(len(items)), count))
    return [items[i] for i in picked]


def vary_bundled(rng, base, values, topic_words):
    """A product-specific variant of a bundled entry."""
    product = values["%P"]
    keywords = sample_in_order(rng, base.keywords, round(len(base.keywords) * rng.uniform(0.35, 0.8)))
    anchored = [product + k for k in rng.sample(keywords, min(len(keywords), rng.randint(1, 3)))]
    identity = [product]
    if base.category in ("size_fit", "stock", "order_change", "return_exchange", "quality_complaint"):
        identity.append(fill(rng.choice(["%C%P", "%P%S", "%C%S"]), values))
    extra = rng.sample(topic_words, min(len(topic_words), rng.randint(0, 2)))
    keywords = unique(keywords + anchored + identity + extra)

    examples = []
    for example in sample_in_order(rng, base.examples, rng.randint(2, 4)):
        roll = rng.random()
        replaced = re.sub(r"这个|这款|这件|衣服", "这款" + product, example, count=1)
        if replaced != example and roll < 0.7:  # "这个是现货吗" → "这款羽绒服是现货吗"
            examples.append(replaced)
        elif roll < 0.7:
            examples.append(fill(rng.choice(EXAMPLE_PREFIXES), values) + example)
        else:
            examples.append(example + fill(rng.choice(EXAMPLE_SUFFIXES), values))

    replies = []
    for reply in sample_in_order(rng, base.replies, rng.randint(1, 3)):
        reply = reply.replace("{product_name}", product) if rng.random() < 0.5 else reply
        replies.append(reply + fill(rng.choice(REPLY_SUFFIXES), values))
    return keywords, unique(examples), unique(replies)


def shop_topic(rng, topic, values, generic_words):
    """A shop-specific topic entry, mixed with the product and some generic category words."""
    _, words, examples, replies = topic
    keywords = [fill(w, values) for w in sample_in_order(rng, words, rng.randint(3, len(words)))]
    keywords += [values["%P"] + fill(rng.choice(words), values), values["%P"]]
    keywords += rng.sample(generic_words, min(len(generic_words), rng.randint(1, 4)))
    chosen_examples = [fill(e, values) for e in sample_in_order(rng, examples, rng.randint(2, len(examples)))]
    chosen_replies = [fill(r, values) for r in replies]
    return unique(keywords), unique(chosen_examples), unique(chosen_replies)


def render(entry_id, category, technique, keywords, examples, replies):
    lines = [f"[entry {entry_id}]", f"category = {category}"]
    if technique:
        lines.append(f"technique = {technique}")
    lines.append("keywords = " + " | ".join(keywords))
    lines += [f"example = {e}" for e in examples]
    lines += [f"reply = {r}" for r in replies]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=pathlib.Path, help="folder to write (created if missing)")
    parser.add_argument("--entries", type=int, required=True, help="total entries, bundled ones included")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1); same seed, same output")
    parser.add_argument("--source", type=pathlib.Path,
                        default=pathlib.Path(__file__).resolve().parent.parent / "phrasebook",
                        help="the bundled phrasebook folder (default: ../phrasebook)")
    parser.add_argument("--shop-topic-share", type=float, default=0.25,
                        help="share of generated entries that are shop-specific topics (default 0.25)")
    args = parser.parse_args()

    # Files holding only lint data ([forbidden] rules, [clause_cues] words) are left out: the
    # ranker never reads them.
    parsed = [(p, *parse_entries(p)) for p in sorted(args.source.glob("*.phrases"))]
    sources = [p for p, _, kinds in parsed if kinds - {"forbidden", "clause_cues"}]
    if not any(p.name == "shop.phrases" for p in sources):
        sys.exit(f"{args.source}: no shop.phrases")
    bundled = [e for _, entries, _ in parsed for e in entries]
    if args.entries < len(bundled):
        sys.exit(f"--entries must be at least the {len(bundled)} bundled entries")
    missing = set(CATEGORIES) - {e.category for e in bundled}
    if missing:
        sys.exit(f"bundled phrasebook lacks categories: {sorted(missing)}")

    rng = random.Random(args.seed)
    generated_count = args.entries - len(bundled)
    catalogue = Catalogue(rng, product_count=min(600, max(40, generated_count // 40)))
    generic_words = {c: unique([k for e in bundled if e.category == c for k in e.keywords]) for c in CATEGORIES}
    topic_words = {c: unique([w for t in TOPICS.get(c, []) for w in t[1] if "%" not in w]) for c in CATEGORIES}

    by_category = {c: [] for c in CATEGORIES}
    base_cycle = []
    for n in range(generated_count):
        values = catalogue.pick(rng)
        if rng.random() < args.shop_topic_share:
            category = rng.choice([c for c in CATEGORIES if c in TOPICS])
            topic = rng.choice(TOPICS[category])
            entry_id = f"{category}.shop_{topic[0]}.g{n:06d}"
            text = render(entry_id, category, None, *shop_topic(rng, topic, values, generic_words[category]))
        else:
            if not base_cycle:  # every bundled entry gets its share, in shuffled rounds
                base_cycle = list(bundled)
                rng.shuffle(base_cycle)
            base = base_cycle.pop()
            category = base.category
            entry_id = f"{base.id}.g{n:06d}"
            text = render(entry_id, category, base.technique,
                          *vary_bundled(rng, base, values, topic_words[category]))
        by_category[category].append(text)

    args.out_dir.mkdir(parents=True, exist_ok=True)
    for old in args.out_dir.glob("*.phrases"):
        old.unlink()
    for source in sources:
        (args.out_dir / source.name).write_bytes(source.read_bytes())
    header = (f"# Generated by bench/make_large_phrasebook.py --entries {args.entries} --seed {args.seed}; "
              "do not edit.\n\n")
    for category, texts in by_category.items():
        for chunk in range(0, len(texts), ENTRIES_PER_FILE):
            name = f"gen_{category}_{chunk // ENTRIES_PER_FILE:02d}.phrases"
            (args.out_dir / name).write_text(header + "\n".join(texts[chunk:chunk + ENTRIES_PER_FILE]),
                                             encoding="utf-8")
    print(f"{args.out_dir}: {len(bundled)} bundled + {generated_count} generated entries, "
          f"{len(catalogue.products)} products")


if __name__ == "__main__":
    main()
