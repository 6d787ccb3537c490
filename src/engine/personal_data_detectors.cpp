#include "personal_data_detectors.h"

#include <initializer_list>
#include <optional>
#include <string>

#include "huashu/text/utf8_steps.h"

namespace huashu::engine {

namespace {

// Normalised text has ASCII digits and lower-case Latin letters (full-width forms are folded),
// simplified characters, and single spaces, so the scanners only look at those.
using Span = DetectedSpan;


bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_latin_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_alphanumeric(char c) { return is_digit(c) || is_latin_letter(c); }

// Maximal runs of ASCII digits, in text order.
std::vector<Span> digit_runs(std::string_view text) {
    std::vector<Span> runs;
    for (std::size_t i = 0; i < text.size();) {
        if (!is_digit(text[i])) {
            ++i;
            continue;
        }
        const std::size_t begin = i;
        while (i < text.size() && is_digit(text[i])) ++i;
        runs.push_back({begin, i});
    }
    return runs;
}

bool is_group_separator(char c) { return c == ' ' || c == '-'; }

// Digits written as groups, "138 1234 5678" or "0912-345-678": the runs from `first` on whose
// lengths are `layout`, each joined to the next by one space or hyphen.
bool runs_follow_layout(std::string_view text, const std::vector<Span>& runs, std::size_t first,
                        std::initializer_list<std::size_t> layout) {
    if (first + layout.size() > runs.size()) return false;
    std::size_t r = first;
    for (const std::size_t length : layout) {
        if (runs[r].end - runs[r].begin != length) return false;
        if (r > first && !(runs[r].begin == runs[r - 1].end + 1 && is_group_separator(text[runs[r - 1].end]))) return false;
        ++r;
    }
    return true;
}

// A grouped number must not be a piece of a longer grouped number or of a code with letters
// (a tracking number such as sf1381234567890).
bool stands_alone(std::string_view text, Span span) {
    if (span.begin > 0 && is_latin_letter(text[span.begin - 1])) return false;
    if (span.begin >= 2 && is_group_separator(text[span.begin - 1]) && is_digit(text[span.begin - 2])) return false;
    if (span.end < text.size() && is_latin_letter(text[span.end])) return false;
    if (span.end + 1 < text.size() && is_group_separator(text[span.end]) && is_digit(text[span.end + 1])) return false;
    return true;
}

bool is_mainland_mobile(std::string_view digits) {
    return digits.size() == 11 && digits[0] == '1' && digits[1] >= '3' && digits[1] <= '9';
}

std::string concatenated_digits(std::string_view text, const std::vector<Span>& runs, std::size_t first, std::size_t count) {
    std::string digits;
    for (std::size_t r = first; r < first + count; ++r) digits += text.substr(runs[r].begin, runs[r].end - runs[r].begin);
    return digits;
}

// Mainland mobiles (13812345678, 138 1234 5678, 138-1234-5678, +86 / 86 in front) and Taiwan
// mobiles (0912345678, 0912-345-678, 0912 345678). A run of 12 or more digits is an order or
// tracking number, and 400 hotlines and landlines have other layouts, so neither is found.
std::vector<Span> mobile_numbers_in(std::string_view text) {
    std::vector<Span> found;
    const std::vector<Span> runs = digit_runs(text);
    for (std::size_t r = 0; r < runs.size(); ++r) {
        const std::string_view run = text.substr(runs[r].begin, runs[r].end - runs[r].begin);
        std::size_t groups = 0;
        if (is_mainland_mobile(run) || (run.size() == 10 && run.starts_with("09"))) {
            groups = 1;
        } else if (run.size() == 13 && run.starts_with("86") && is_mainland_mobile(run.substr(2))) {
            groups = 1;
        } else if (runs_follow_layout(text, runs, r, {3, 4, 4}) && is_mainland_mobile(concatenated_digits(text, runs, r, 3))) {
            groups = 3;
        } else if ((runs_follow_layout(text, runs, r, {4, 3, 3}) && run.starts_with("09"))) {
            groups = 3;
        } else if (runs_follow_layout(text, runs, r, {4, 6}) && run.starts_with("09")) {
            groups = 2;
        }
        if (groups == 0) continue;
        Span span{runs[r].begin, runs[r + groups - 1].end};
        // "+86 138…" and "86-138…": the country code belongs to the number.
        if (r > 0 && text.substr(runs[r - 1].begin, runs[r - 1].end - runs[r - 1].begin) == "86" &&
            runs[r - 1].end + 1 == span.begin && is_group_separator(text[runs[r - 1].end])) {
            span.begin = runs[r - 1].begin;
        }
        if (span.begin > 0 && text[span.begin - 1] == '+') --span.begin;
        if (!stands_alone(text, span)) continue;
        found.push_back(span);
        r += groups - 1;
    }
    return found;
}

int two_digit_value(std::string_view digits) { return (digits[0] - '0') * 10 + (digits[1] - '0'); }

// An 18-character mainland ID is a 6-digit region code, a birth date YYYYMMDD, three digits and a
// check character (digit or x). The check character is not verified: a made-up number in a
// draft is just as much a problem. The birth date is what tells an ID from an 18-digit order number.
bool looks_like_mainland_id(std::string_view id) {
    if (id.size() != 18 || id[0] < '1' || id[0] > '8') return false;
    const int century = two_digit_value(id.substr(6, 2));
    const int month = two_digit_value(id.substr(10, 2));
    const int day = two_digit_value(id.substr(12, 2));
    return (century == 19 || century == 20) && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

// The first-generation ID, issued until 2004 and still seen: 15 digits, the birth date as YYMMDD.
bool looks_like_old_mainland_id(std::string_view id) {
    if (id.size() != 15 || id[0] < '1' || id[0] > '8') return false;
    const int month = two_digit_value(id.substr(8, 2));
    const int day = two_digit_value(id.substr(10, 2));
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

// How many Latin letters (at most `most`) stand directly before `at`, with no letter or digit
// before them: the prefix of a Taiwan or Hong Kong ID, not the tail of a longer code.
std::size_t letter_prefix_before(std::string_view text, std::size_t at, std::size_t most) {
    std::size_t letters = 0;
    while (letters < most && at > letters && is_latin_letter(text[at - letters - 1])) ++letters;
    if (letters == 0 || (at > letters && is_alphanumeric(text[at - letters - 1]))) return 0;
    return letters;
}

int letter_value(char c) { return 10 + ((c | 0x20) - 'a'); }

// The Hong Kong check character: weights 9..2 over the (space-padded) letters and six digits.
char hong_kong_check_character(std::string_view letters, std::string_view six_digits) {
    int sum = letters.size() == 1 ? 36 * 9 + letter_value(letters[0]) * 8 : letter_value(letters[0]) * 9 + letter_value(letters[1]) * 8;
    for (std::size_t i = 0; i < 6; ++i) sum += (six_digits[i] - '0') * static_cast<int>(7 - i);
    const int check = (11 - sum % 11) % 11;
    return check == 10 ? 'a' : static_cast<char>('0' + check);
}

// Hong Kong IDs: one or two letters, six digits and a check character, usually in brackets
// (a123456(3), ab987654(2)). Written without brackets (a1234563) the check character must be right,
// because a letter and seven digits is also how product codes look.
std::optional<Span> hong_kong_id_at(std::string_view text, Span run) {
    const std::size_t digits = run.end - run.begin;
    if (digits != 6 && digits != 7) return std::nullopt;
    const std::size_t letters = letter_prefix_before(text, run.begin, 2);
    if (letters == 0) return std::nullopt;
    const std::string_view prefix = text.substr(run.begin - letters, letters);
    const std::string_view six = text.substr(run.begin, 6);
    Span span{run.begin - letters, run.end};
    if (digits == 6 && text.substr(run.end, 1) == "(" && run.end + 2 < text.size() && text[run.end + 2] == ')' &&
        (is_digit(text[run.end + 1]) || (text[run.end + 1] | 0x20) == 'a')) {
        span.end = run.end + 3;
        return span;
    }
    char check = 0;
    if (digits == 7) {
        check = text[run.begin + 6];
    } else if (run.end < text.size() && (text[run.end] | 0x20) == 'a') {
        check = 'a';
        ++span.end;
    }
    if (check == 0 || check != hong_kong_check_character(prefix, six)) return std::nullopt;
    if (span.end < text.size() && is_alphanumeric(text[span.end])) return std::nullopt;
    return span;
}

// Mainland resident IDs (11010519491231002x, and the old 15-digit ones), Taiwan IDs (a123456789:
// a letter, 1 or 2, eight digits) and Hong Kong IDs (a123456(3)).
std::vector<Span> id_card_numbers_in(std::string_view text) {
    std::vector<Span> found;
    for (const Span& run : digit_runs(text)) {
        if (const std::optional<Span> hong_kong = hong_kong_id_at(text, run)) {
            found.push_back(*hong_kong);
            continue;
        }
        Span span = run;
        if (run.end - run.begin == 17 && run.end < text.size() && (text[run.end] == 'x' || text[run.end] == 'X')) ++span.end;
        const std::string_view candidate = text.substr(span.begin, span.end - span.begin);
        const bool taiwan = candidate.size() == 9 && (candidate[0] == '1' || candidate[0] == '2') &&
                            letter_prefix_before(text, span.begin, 1) == 1;
        if (taiwan) --span.begin;
        if (!taiwan && !looks_like_mainland_id(candidate) && !looks_like_old_mainland_id(candidate)) continue;
        if ((!taiwan && span.begin > 0 && is_latin_letter(text[span.begin - 1])) ||
            (span.end < text.size() && is_alphanumeric(text[span.end]))) {
            continue;
        }
        found.push_back(span);
    }
    return found;
}

// How many digits a landline's local number has after an area code: `0` when `area` is not one.
// Mainland: 010 and 020–029 are followed by 8 digits, 0xxx by 7 or 8. Taiwan: 02–08 by 7 or 8.
// 09 is not an area code in Taiwan (mobiles) and a mainland 09xx code has four digits.
bool is_area_code(std::string_view area) {
    if (area.size() < 2 || area[0] != '0' || area[1] == '0') return false;
    if (area.size() == 2) return area[1] >= '2' && area[1] <= '8';  // Taiwan
    if (area.size() == 3) return area[1] != '9';                     // 010, 02x; Taiwan 037, 049, 082, 089
    return area.size() == 4 && area[1] >= '3';                        // 0571, 0755, 0991
}

bool is_local_number(std::string_view digits) { return (digits.size() == 7 || digits.size() == 8) && digits[0] >= '2'; }

bool joined_by(std::string_view text, const Span& before, const Span& after, std::string_view separators) {
    return after.begin == before.end + 1 && separators.find(text[before.end]) != std::string_view::npos;
}

// Landlines with their area code: 0571-88886666, (021)6888 8888, 010 12345678, 057188886666,
// Taiwan (02)2345-6789, 07-123-4567, and Hong Kong numbers written with +852. A local number alone
// (88886666) is not found: without its area code it does not identify anyone, and eight digits
// are as often an order's tail or an amount. 400 and 800 hotlines have no area code.
std::vector<Span> landline_numbers_in(std::string_view text) {
    std::vector<Span> found;
    const std::vector<Span> runs = digit_runs(text);
    const auto digits_of = [&](std::size_t r) { return text.substr(runs[r].begin, runs[r].end - runs[r].begin); };
    // The local number from run `r` on, as one run or as two groups (2345-6789, 6888 8888):
    // how many runs it takes, or 0.
    const auto local_number_runs = [&](std::size_t r) -> std::size_t {
        if (is_local_number(digits_of(r))) return 1;
        for (const std::size_t first_group : {std::size_t{3}, std::size_t{4}}) {
            if (runs_follow_layout(text, runs, r, {first_group, 4}) && is_local_number(concatenated_digits(text, runs, r, 2))) return 2;
        }
        return 0;
    };
    for (std::size_t r = 0; r < runs.size(); ++r) {
        const std::string_view run = digits_of(r);
        std::size_t last = r;
        Span span = runs[r];
        if (run == "852" && r + 1 < runs.size() && joined_by(text, runs[r], runs[r + 1], "- )")) {
            const std::string_view next = digits_of(r + 1);
            const bool hong_kong_first_digit = !next.empty() && std::string_view("235679").find(next[0]) != std::string_view::npos;
            const std::size_t taken = next.size() == 8 ? 1 : runs_follow_layout(text, runs, r + 1, {4, 4}) ? 2 : 0;
            const bool has_plus = span.begin > 0 && (text[span.begin - 1] == '+' || text[span.begin - 1] == '(');
            if (taken == 0 || !hong_kong_first_digit || !has_plus) continue;
            last = r + taken;
        } else if (is_area_code(run) && r + 1 < runs.size() && joined_by(text, runs[r], runs[r + 1], "- )")) {
            const std::size_t taken = local_number_runs(r + 1);
            if (taken == 0) continue;
            last = r + taken;
        } else if (run.size() >= 10 && run.size() <= 12 && run[0] == '0' && run[1] != '9') {
            // Written without a break: the area code is the one the length allows.
            const std::size_t area = run[1] == '1' || run[1] == '2' ? 3 : run.size() == 10 ? 2 : 4;
            if (!is_area_code(run.substr(0, area)) || !is_local_number(run.substr(area))) continue;
        } else {
            continue;
        }
        span.end = runs[last].end;
        if (span.begin > 0 && (text[span.begin - 1] == '(' || text[span.begin - 1] == '+')) --span.begin;
        if (!stands_alone(text, span)) continue;
        found.push_back(span);
        r = last;
    }
    return found;
}

bool is_email_local_character(char c) { return is_alphanumeric(c) || c == '.' || c == '_' || c == '-' || c == '+'; }
bool is_domain_character(char c) { return is_alphanumeric(c) || c == '-'; }

// name@domain.tld (123456@qq.com, zhang.san@163.com). The name runs back over the characters
// an address may hold; the domain needs at least one dot and a top-level part of letters, so a
// sentence's full stop after it is not taken.
std::vector<Span> email_addresses_in(std::string_view text) {
    std::vector<Span> found;
    for (std::size_t at = text.find('@'); at != std::string_view::npos; at = text.find('@', at + 1)) {
        std::size_t begin = at;
        while (begin > 0 && is_email_local_character(text[begin - 1])) --begin;
        while (begin < at && text[begin] == '.') ++begin;
        if (begin == at) continue;
        std::size_t end = at + 1;
        std::size_t labels = 0;
        bool last_label_is_letters = false;
        for (std::size_t label = end; label < text.size() && is_domain_character(text[label]);) {
            std::size_t label_end = label;
            bool letters_only = true;
            while (label_end < text.size() && is_domain_character(text[label_end])) {
                letters_only = letters_only && is_latin_letter(text[label_end]);
                ++label_end;
            }
            ++labels;
            end = label_end;
            last_label_is_letters = letters_only && label_end - label >= 2;
            if (label_end + 1 < text.size() && text[label_end] == '.' && is_domain_character(text[label_end + 1])) {
                label = label_end + 1;
            } else {
                break;
            }
        }
        if (labels < 2 || !last_label_is_letters) continue;
        found.push_back({begin, end});
        at = end - 1;
    }
    return found;
}

// Where the word of `markers` at `at` ends, or npos.
std::size_t after_marker(std::string_view text, std::size_t at, std::initializer_list<std::string_view> markers) {
    for (std::string_view marker : markers) {
        if (text.substr(at, marker.size()) == marker) return at + marker.size();
    }
    return std::string_view::npos;
}

std::size_t skip_digits(std::string_view text, std::size_t at) {
    while (at < text.size() && is_digit(text[at])) ++at;
    return at;
}

// "四段", "2段": the section of a long road comes before the house number (忠孝东路四段100号).
std::size_t skip_road_section(std::string_view text, std::size_t at) {
    constexpr std::string_view kSection = "段";
    constexpr std::string_view kNumerals = "一二三四五六七八九十";
    std::size_t end = at;
    for (int n = 0; n < 2 && end < text.size(); ++n) {
        const std::size_t next = text::next_code_point_offset(text, end);
        const std::string_view ch = text.substr(end, next - end);
        if (!is_digit(ch[0]) && (ch.size() < 3 || kNumerals.find(ch) == std::string_view::npos)) break;
        end = next;
    }
    return end > at && text.substr(end, kSection.size()) == kSection ? end + kSection.size() : at;
}

// A road name is the few characters before 路/街 back to the district (杭州市西湖区|文三路).
std::size_t road_name_begin(std::string_view text, std::size_t marker) {
    constexpr std::size_t kLongestRoadName = 6;
    std::size_t begin = marker;
    for (std::size_t n = 0; n < kLongestRoadName && begin > 0; ++n) {
        const std::size_t before = text::previous_code_point_offset(text, begin);
        const std::string_view ch = text.substr(before, begin - before);
        if (ch.size() < 3) break;  // ASCII: punctuation, digits, spaces
        if (std::string_view("省市区县镇乡为是在住址到往寄送。、").find(ch) != std::string_view::npos) break;
        begin = before;
    }
    return begin;
}

// Where the name of a housing estate ending just before `at` begins (阳光花园, 万科城, 碧桂园), or
// `at` when none does: a word for an estate with a name in front of it (小区 alone is no name).
std::size_t named_estate_begin(std::string_view text, std::size_t at) {
    for (std::string_view marker : {"花园", "小区", "家园", "新村", "公寓", "大厦", "广场", "苑", "园", "城", "府", "湾", "庭", "村", "邨"}) {
        if (at < marker.size() || text.substr(at - marker.size(), marker.size()) != marker) continue;
        const std::size_t name_begin = road_name_begin(text, at - marker.size());
        return name_begin < at - marker.size() ? name_begin : at;
    }
    return at;
}

struct BuildingParts {
    std::size_t end = 0;  // where the parts end; where they began when there are none
    int count = 0;
    bool names_a_building = false;  // 栋, 幢, 座, 号楼 or 单元, not only a floor or a room
};

// The building, unit and room parts after a house number, or on their own (5栋2单元301,
// 3号楼502室).
BuildingParts read_building_parts(std::string_view text, std::size_t at) {
    BuildingParts parts{at};
    while (parts.end < text.size() && is_digit(text[parts.end])) {
        const std::size_t digits_end = skip_digits(text, parts.end);
        const std::size_t building_end = after_marker(text, digits_end, {"号楼", "栋", "幢", "座", "单元"});
        const std::size_t unit_end =
            building_end != std::string_view::npos ? building_end : after_marker(text, digits_end, {"楼", "层", "室", "号"});
        if (unit_end == std::string_view::npos) {
            // A bare room number only counts after a building or unit (2单元301).
            if (parts.count > 0 && digits_end - parts.end >= 3) {
                ++parts.count;
                parts.end = digits_end;
            }
            break;
        }
        ++parts.count;
        parts.names_a_building = parts.names_a_building || building_end != std::string_view::npos;
        parts.end = unit_end;
    }
    return parts;
}

// A street with a house number (文三路369号, 张江路100弄3号, 忠孝东路四段100号5楼), or a building
// with its unit or room (5栋2单元301, 3号楼502室). A district alone (浙江省杭州市余杭区) is not
// found: confirming where a parcel goes is normal; the street and door are what identify a home.
std::vector<Span> street_addresses_in(std::string_view text) {
    std::vector<Span> found;
    std::size_t searched_to = 0;
    for (std::size_t at = 0; at < text.size(); at = text::next_code_point_offset(text, at)) {
        if (at < searched_to) continue;
        if (const std::size_t road_end = after_marker(text, at, {"路", "街", "巷", "弄", "大道", "胡同"});
            road_end != std::string_view::npos) {
            constexpr std::size_t kLongestHouseNumber = 5;
            const std::size_t number = skip_road_section(text, road_end);
            const std::size_t digits_end = skip_digits(text, number);
            const std::size_t house_end = digits_end > number && digits_end - number <= kLongestHouseNumber
                                              ? after_marker(text, digits_end, {"号", "弄"})
                                              : std::string_view::npos;
            if (house_end != std::string_view::npos) {
                const Span span{road_name_begin(text, at), read_building_parts(text, house_end).end};
                found.push_back(span);
                searched_to = span.end;
                continue;
            }
        }
        if (is_digit(text[at]) && (at == 0 || !is_alphanumeric(text[at - 1]))) {
            const BuildingParts parts = read_building_parts(text, at);
            // After a named estate one building is enough (阳光花园8栋); on its own a building
            // needs its unit or room (5栋 alone may be anything).
            const std::size_t estate = named_estate_begin(text, at);
            if (parts.names_a_building && (parts.count >= 2 || estate != at)) found.push_back({estate, parts.end});
            searched_to = std::max(parts.end, skip_digits(text, at));
        }
    }
    return found;
}

}  // namespace

std::vector<DetectedSpan> find_mobile_numbers(std::string_view normalised) { return mobile_numbers_in(normalised); }
std::vector<DetectedSpan> find_id_card_numbers(std::string_view normalised) { return id_card_numbers_in(normalised); }
std::vector<DetectedSpan> find_street_addresses(std::string_view normalised) { return street_addresses_in(normalised); }
std::vector<DetectedSpan> find_landline_numbers(std::string_view normalised) { return landline_numbers_in(normalised); }
std::vector<DetectedSpan> find_email_addresses(std::string_view normalised) { return email_addresses_in(normalised); }

std::vector<DetectedSpan> detect(phrasebook::Detector detector, std::string_view normalised) {
    switch (detector) {
        case phrasebook::Detector::mobile_number: return mobile_numbers_in(normalised);
        case phrasebook::Detector::id_card_number: return id_card_numbers_in(normalised);
        case phrasebook::Detector::street_address: return street_addresses_in(normalised);
        case phrasebook::Detector::landline_number: return landline_numbers_in(normalised);
        case phrasebook::Detector::email_address: return email_addresses_in(normalised);
    }
    return {};
}

}  // namespace huashu::engine
