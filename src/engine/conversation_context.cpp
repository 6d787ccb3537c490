#include "huashu/engine/conversation_context.h"

#include <algorithm>
#include <array>

namespace huashu::engine {

using phrasebook::Intent;

std::string_view to_string(Stage stage) {
    static constexpr std::array<std::string_view, 6> kNames = {"greeting", "inquiry",  "negotiating",
                                                               "ordered",  "paid",     "after_sale"};
    return kNames[static_cast<std::size_t>(stage)];
}

namespace {

bool is_after_sale(Intent intent) {
    switch (intent) {
        case Intent::return_exchange:
        case Intent::refund:
        case Intent::logistics_problem:
        case Intent::quality_complaint:
        case Intent::bad_review: return true;
        default: return false;
    }
}

bool is_ascii_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// The UTF-8 code point that ends just before `end`.
std::string_view code_point_before(std::string_view text, std::size_t end) {
    std::size_t start = end;
    while (start > 0) {
        --start;
        if ((static_cast<unsigned char>(text[start]) & 0xC0) != 0x80) break;
    }
    return text.substr(start, end - start);
}

bool is_han_character(std::string_view cp) {
    // CJK Unified Ideographs and Extension A, three bytes in UTF-8.
    if (cp.size() != 3) return false;
    const unsigned value = ((static_cast<unsigned char>(cp[0]) & 0x0F) << 12) |
                           ((static_cast<unsigned char>(cp[1]) & 0x3F) << 6) | (static_cast<unsigned char>(cp[2]) & 0x3F);
    return (value >= 0x4E00 && value <= 0x9FFF) || (value >= 0x3400 && value <= 0x4DBF);
}

void add_option(std::vector<std::string>& options, std::string option) {
    if (std::find(options.begin(), options.end(), option) == options.end()) options.push_back(std::move(option));
}

}  // namespace

std::vector<std::string> find_options(std::string_view text) {
    // Words ending in 色 that name no colour: "what colour", "the colour", "other colours".
    static constexpr std::array<std::string_view, 9> kNotColours = {"颜色", "什么色", "哪个色", "啥色", "其他色",
                                                                    "别的色", "同色", "掉色", "褪色"};
    static constexpr std::array<std::string_view, 9> kSizes = {"xxxl", "xxl", "xl", "xs", "s", "m", "l", "2xl", "3xl"};
    std::vector<std::string> options;
    for (std::size_t i = 0; i < text.size();) {
        if (text.compare(i, 3, "色") == 0) {
            // One or two Han characters before 色: 白色, 卡其色, 酒红色.
            std::size_t start = i;
            for (int taken = 0; taken < 2; ++taken) {
                const std::string_view before = code_point_before(text, start);
                if (!is_han_character(before) || before == "色" || before == "的" || before == "个") break;
                start -= before.size();
            }
            std::string word(text.substr(start, i + 3 - start));
            const bool excluded = std::any_of(kNotColours.begin(), kNotColours.end(),
                                              [&](std::string_view no) { return word.ends_with(no); });
            if (start < i && !excluded) add_option(options, std::move(word));
            i += 3;
            continue;
        }
        if (is_ascii_alnum(text[i]) && (i == 0 || !is_ascii_alnum(text[i - 1]))) {
            std::size_t end = i;
            while (end < text.size() && is_ascii_alnum(text[end])) ++end;
            std::string word(text.substr(i, end - i));
            const bool size_letter = std::find(kSizes.begin(), kSizes.end(), word) != kSizes.end();
            const bool shoe_size = word.size() == 2 && std::isdigit(static_cast<unsigned char>(word[0])) &&
                                   std::isdigit(static_cast<unsigned char>(word[1])) && text.compare(end, 3, "码") == 0;
            if (size_letter) add_option(options, word == "s" || word == "m" || word == "l" ? word + "码" : word);
            if (shoe_size) add_option(options, word + "码");
            i = end;
            continue;
        }
        ++i;
    }
    return options;
}

void ConversationContext::observe_buyer(const std::vector<Intent>& intents, std::string_view normalized_text) {
    for (Intent intent : intents) {
        recent_intents.push_back(intent);
        if (recent_intents.size() > kRecentIntents) recent_intents.pop_front();
    }
    for (std::string& option : find_options(normalized_text)) {
        std::erase(options, option);
        options.push_back(std::move(option));
        if (options.size() > kRecentOptions) options.pop_front();
    }
    if (intents.empty()) return;
    const Intent top = intents.front();
    if (std::any_of(intents.begin(), intents.end(), is_after_sale) && is_after_sale(top)) {
        stage = Stage::after_sale;
        return;
    }
    if (stage == Stage::after_sale || stage == Stage::ordered || stage == Stage::paid) return;
    if (top == Intent::bargain || top == Intent::hesitation) {
        stage = Stage::negotiating;
    } else if (top != Intent::greeting && stage == Stage::greeting) {
        stage = Stage::inquiry;
    }
}

void ConversationContext::observe_order(std::string_view event) {
    if (event == "placed" && stage != Stage::paid && stage != Stage::after_sale) stage = Stage::ordered;
    if (event == "paid" && stage != Stage::after_sale) stage = Stage::paid;
    if (event == "refunded") stage = Stage::after_sale;
    if (event == "cancelled" && (stage == Stage::ordered || stage == Stage::paid)) stage = Stage::negotiating;
}

bool ConversationContext::hesitating() const {
    if (stage == Stage::after_sale) return false;
    const std::size_t window = std::min<std::size_t>(recent_intents.size(), 3);
    return std::any_of(recent_intents.end() - static_cast<std::ptrdiff_t>(window), recent_intents.end(),
                       [](Intent i) { return i == Intent::bargain || i == Intent::hesitation; });
}

}  // namespace huashu::engine
