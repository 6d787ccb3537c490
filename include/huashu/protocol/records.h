// Event-log records as exported (`huashu export`): one JSON object per line, or CSV rows.
#pragma once

#include <optional>
#include <string>

#include "huashu/metrics/kpis.h"
#include "huashu/storage/event_store.h"

namespace huashu::protocol {

// {"event_id":…,"server_time_ms":…,"direction":…,"type":…,"role":…,"user":…,"conversation_id":…,
//  "client_event_id":…|null,"suggestion_id":…|null,"payload":{the frame}}
std::string event_json_line(const storage::StoredEvent& stored);

// RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled. The payload
// column holds the frame's JSON text.
std::string event_csv_header();
std::string event_csv_row(const storage::StoredEvent& stored);

// What a logged client frame means for the KPIs: buyer messages, manual or automatic replies,
// transfers and order events; nullopt for everything else (suggestions, lint, queries).
std::optional<metrics::TimelineEvent> timeline_event(const storage::StoredEvent& stored);

// KPI reports as JSON (one object, agents and team) or CSV (one row per agent, then the team).
std::string kpi_report_json(const metrics::KpiReport& report);
std::string kpi_report_csv(const metrics::KpiReport& report);

}  // namespace huashu::protocol
