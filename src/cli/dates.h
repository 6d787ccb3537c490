// Calendar days on the command line (--from/--to), in the shops' time zone.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>

#include "arguments.h"
#include "huashu/storage/event_store.h"

namespace huashu::cli {

// Milliseconds since the epoch of 00:00 Asia/Shanghai (UTC+8, no daylight saving) on a
// YYYY-MM-DD day; nullopt for anything else.
std::optional<std::int64_t> shanghai_midnight_ms(const std::string& date);

// Sets query.from_ms / to_ms from --from and --to (both days included). False, with a message
// on `errors`, when a date does not read.
bool read_day_range(const Arguments& arguments, storage::EventQuery& query, std::ostream& errors);

}  // namespace huashu::cli
