#include "huashu/config/settings.h"

#include <charconv>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

namespace huashu::config {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

std::optional<std::int64_t> number(std::string_view text) {
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
    return value;
}

// "HH:MM" → minutes since midnight.
std::optional<int> clock_time(std::string_view text) {
    if (text.size() != 5 || text[2] != ':') return std::nullopt;
    const auto hours = number(text.substr(0, 2));
    const auto minutes = number(text.substr(3, 2));
    if (!hours || !minutes || *hours > 24 || *minutes > 59 || (*hours == 24 && *minutes != 0)) return std::nullopt;
    return static_cast<int>(*hours * 60 + *minutes);
}

}  // namespace

Result<Settings> parse_settings(std::string_view text, const std::string& file_name) {
    Settings settings;
    using Setter = std::function<bool(std::string_view)>;
    const auto seconds = [](std::int64_t& target) {
        return Setter([&target](std::string_view value) {
            const auto parsed = number(value);
            if (parsed) target = *parsed * 1000;
            return parsed.has_value();
        });
    };
    const auto weight = [](double& target) {
        return Setter([&target](std::string_view value) {
            const auto parsed = number(value);
            if (parsed && *parsed <= 1000) target = static_cast<double>(*parsed);
            return parsed.has_value() && *parsed <= 1000;
        });
    };
    std::map<std::string_view, std::pair<Setter, const char*>> keys = {
        {"service_hours", {[&](std::string_view value) {
                               const auto dash = value.find('-');
                               if (dash == std::string_view::npos) return false;
                               const auto start = clock_time(trim(value.substr(0, dash)));
                               const auto end = clock_time(trim(value.substr(dash + 1)));
                               if (!start || !end || *start >= *end) return false;
                               settings.kpis.service_start_minute = *start;
                               settings.kpis.service_end_minute = *end;
                               return true;
                           },
                           "HH:MM-HH:MM, start before end"}},
        {"utc_offset", {[&](std::string_view value) {
                            if (value.size() != 6 || (value[0] != '+' && value[0] != '-')) return false;
                            const auto minutes = clock_time(value.substr(1));
                            if (!minutes || *minutes > 14 * 60) return false;
                            settings.kpis.utc_offset_minutes = value[0] == '-' ? -*minutes : *minutes;
                            return true;
                        },
                        "+HH:MM or -HH:MM"}},
        {"round_cap_seconds", {seconds(settings.kpis.round_cap_ms), "whole seconds"}},
        {"fast_reply_seconds", {seconds(settings.kpis.fast_reply_ms), "whole seconds"}},
        {"three_minute_seconds", {seconds(settings.kpis.three_minute_ms), "whole seconds"}},
        {"overtime_seconds", {seconds(settings.kpis.overtime_ms), "whole seconds"}},
        {"severe_overtime_seconds", {seconds(settings.kpis.severe_overtime_ms), "whole seconds"}},
        {"effective_reply_seconds", {seconds(settings.kpis.effective_reply_max_ms), "whole seconds"}},
        {"nudge_reply_now_seconds", {seconds(settings.nudge_reply_now_ms), "whole seconds"}},
        {"nudge_overtime_seconds", {seconds(settings.nudge_overtime_ms), "whole seconds"}},
        {"nudge_soothe_seconds", {seconds(settings.nudge_soothe_ms), "whole seconds"}},
        {"score_weight_speed", {weight(settings.score_weights.speed), "a whole number from 0 to 1000"}},
        {"score_weight_outcome", {weight(settings.score_weights.outcome), "a whole number from 0 to 1000"}},
        {"score_weight_answers", {weight(settings.score_weights.answers), "a whole number from 0 to 1000"}},
        {"score_weight_techniques", {weight(settings.score_weights.techniques), "a whole number from 0 to 1000"}},
        {"score_weight_manners", {weight(settings.score_weights.manners), "a whole number from 0 to 1000"}},
    };
    std::set<std::string, std::less<>> seen;
    std::istringstream lines{std::string(text)};
    std::string line;
    for (int number_of_line = 1; std::getline(lines, line); ++number_of_line) {
        const std::string_view content = trim(line);
        if (content.empty() || content.front() == '#') continue;
        const auto where = file_name + ":" + std::to_string(number_of_line) + ": ";
        const std::size_t equals = content.find('=');
        if (equals == std::string_view::npos) return make_error(ErrorCode::parse_error, where + "expected 'key = value'");
        const std::string_view key = trim(content.substr(0, equals));
        const std::string_view value = trim(content.substr(equals + 1));
        const auto found = keys.find(key);
        if (found == keys.end()) return make_error(ErrorCode::parse_error, where + "unknown key '" + std::string(key) + "'");
        if (!seen.insert(std::string(key)).second) {
            return make_error(ErrorCode::parse_error, where + "key '" + std::string(key) + "' given twice");
        }
        if (!found->second.first(value)) {
            return make_error(ErrorCode::parse_error, where + std::string(key) + " takes " + found->second.second + ", not '" +
                                                          std::string(value) + "'");
        }
    }
    return settings;
}

Result<Settings> load_settings(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) return make_error(ErrorCode::not_found, file.string() + ": cannot be read");
    std::ostringstream text;
    text << in.rdbuf();
    return parse_settings(text.str(), file.string());
}

}  // namespace huashu::config
