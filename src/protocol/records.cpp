#include "huashu/protocol/records.h"

#include <nlohmann/json.hpp>

namespace huashu::protocol {

using json = nlohmann::ordered_json;

namespace {

const char* direction_name(storage::Direction d) { return d == storage::Direction::received ? "received" : "sent"; }

std::string csv_field(const std::string& value) {
    if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
    std::string quoted = "\"";
    for (char c : value) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + '"';
}

}  // namespace

std::string event_json_line(const storage::StoredEvent& stored) {
    const storage::Event& e = stored.event;
    json payload = json::parse(e.payload_json, nullptr, false);
    json record = {
        {"event_id", stored.event_id},
        {"server_time_ms", e.server_time_ms},
        {"direction", direction_name(e.direction)},
        {"type", e.type},
        {"role", e.role},
        {"user", e.user},
        {"conversation_id", e.conversation_id},
        {"client_event_id", e.client_event_id ? json(*e.client_event_id) : json()},
        {"suggestion_id", e.suggestion_id ? json(*e.suggestion_id) : json()},
        // Stored payloads are the frames as received or sent; should one not parse, it is kept as text.
        {"payload", payload.is_discarded() ? json(e.payload_json) : payload},
    };
    return record.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string event_csv_header() {
    return "event_id,server_time_ms,direction,type,role,user,conversation_id,client_event_id,suggestion_id,payload";
}

std::string event_csv_row(const storage::StoredEvent& stored) {
    const storage::Event& e = stored.event;
    return std::to_string(stored.event_id) + "," + std::to_string(e.server_time_ms) + "," + direction_name(e.direction) + "," +
           csv_field(e.type) + "," + csv_field(e.role) + "," + csv_field(e.user) + "," + csv_field(e.conversation_id) + "," +
           csv_field(e.client_event_id.value_or("")) + "," + csv_field(e.suggestion_id.value_or("")) + "," +
           csv_field(e.payload_json);
}

}  // namespace huashu::protocol
