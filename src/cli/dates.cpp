#include "dates.h"

#include <charconv>
#include <chrono>
#include <ostream>

namespace huashu::cli {

std::optional<std::int64_t> shanghai_midnight_ms(const std::string& date) {
    int year = 0;
    unsigned month = 0;
    unsigned day = 0;
    if (date.size() != 10 || date[4] != '-' || date[7] != '-') return std::nullopt;
    const char* text = date.data();
    if (std::from_chars(text, text + 4, year).ec != std::errc() || std::from_chars(text + 5, text + 7, month).ec != std::errc() ||
        std::from_chars(text + 8, text + 10, day).ec != std::errc()) {
        return std::nullopt;
    }
    const std::chrono::year_month_day ymd{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
    if (!ymd.ok()) return std::nullopt;
    const auto days = std::chrono::sys_days{ymd}.time_since_epoch();
    return std::chrono::duration_cast<std::chrono::milliseconds>(days - std::chrono::hours(8)).count();
}

bool read_day_range(const Arguments& arguments, storage::EventQuery& query, std::ostream& errors) {
    for (const char* option : {"--from", "--to"}) {
        const auto date = arguments.value(option);
        if (!date) continue;
        const auto ms = shanghai_midnight_ms(*date);
        if (!ms) {
            errors << "huashu: " << option << " takes a date as YYYY-MM-DD\n";
            return false;
        }
        if (std::string_view(option) == "--from") {
            query.from_ms = *ms;
        } else {
            query.to_ms = *ms + 24LL * 3600 * 1000;  // the whole day
        }
    }
    return true;
}

}  // namespace huashu::cli
