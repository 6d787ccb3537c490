// Event-log records as exported (`huashu export`): one JSON object per line, or CSV rows.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "huashu/metrics/kpis.h"
#include "huashu/storage/event_store.h"

namespace huashu::protocol {

// {"event_id":…,"server_time_ms":…,"direction":…,"type":…,"role":…,"user":…,"conversation_id":…,
//  "client_event_id":…|null,"suggestion_id":…|null,"payload":{the frame}}
std::string event_json_line(const storage::StoredEvent& stored);

// One CSV field, quoted when it must be (RFC 4180).
std::string csv_field(const std::string& value);

// RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled. The payload
// column holds the frame's JSON text.
std::string event_csv_header();
std::string event_csv_row(const storage::StoredEvent& stored);

// What a logged client frame means for the KPIs: buyer messages, manual or automatic replies,
// transfers and order events; nullopt for everything else (suggestions, lint, queries).
std::optional<metrics::TimelineEvent> timeline_event(const storage::StoredEvent& stored);

using metrics::KpiBreakdown;
std::optional<KpiBreakdown> parse_kpi_breakdown(std::string_view name);  // "agent" (none), "day", "conversation"

// KPI reports as JSON (one object: agents, team, and `days` or `conversations` when asked) or
// CSV (one row per agent, then the team; with a breakdown, a leading day or conversation column
// and that group's rows first).
std::string kpi_report_json(const metrics::KpiReport& report, KpiBreakdown breakdown = KpiBreakdown::none);
std::string kpi_report_csv(const metrics::KpiReport& report, KpiBreakdown breakdown = KpiBreakdown::none);

}  // namespace huashu::protocol
