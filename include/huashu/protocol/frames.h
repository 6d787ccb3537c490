// Protocol v1: the JSON text frames exchanged over the WebSocket. Full description with an
// example of every frame: docs/protocol.md.
//
//   ParsedFrame parsed = parse_client_frame(raw, limits);
//   if (auto* error = std::get_if<ProtocolError>(&parsed)) send(error_frame(*error));
//
// Only this module (and configuration) knows JSON; the rest of the service sees typed frames.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "huashu/engine/draft_linter.h"
#include "huashu/engine/suggestion_engine.h"

namespace huashu::protocol {

inline constexpr int kProtocolVersion = 1;

struct Limits {
    // A frame above this is answered with a `too_large` error and otherwise ignored; the
    // connection stays open. (The network layer closes with 1009 above a larger hard limit.)
    std::size_t max_frame_bytes = 64 * 1024;
    // Longest `text` of a message, in bytes of UTF-8: a chat message, not a document.
    std::size_t max_text_bytes = 8 * 1024;
    // Longest id (conversation, buyer, user, suggestion, request, client event), in bytes.
    std::size_t max_id_bytes = 128;
    std::size_t max_suggestions = 20;
};

struct Hello {
    std::string role;
    std::string user;
    std::string token;
};

struct BuyerMessage {
    std::string conversation_id;
    std::string buyer_id;
    std::string text;
    std::optional<std::string> client_event_id;
    std::optional<std::size_t> limit;
};

struct AgentMessage {
    std::string conversation_id;
    std::string text;
    std::optional<std::string> suggestion_id;
    bool auto_reply = false;  // "auto": sent by an auto-responder, not typed by the agent
    std::optional<std::string> client_event_id;
};

struct SuggestQuery {
    std::optional<std::string> conversation_id;
    std::string text;
    std::optional<std::size_t> limit;
};

struct Draft {
    std::optional<std::string> conversation_id;
    std::string text;
};

struct OrderEvent {
    std::string conversation_id;
    std::string event;  // placed, paid, cancelled or refunded
    std::optional<std::string> client_event_id;
};

// The conversation passes to another agent of the shop (a sub-account takes the buyer over).
struct Transfer {
    std::string conversation_id;
    std::string to_agent;
    std::optional<std::string> client_event_id;
};

// A trainee starts practising against a simulated buyer (simulator/scenarios/<scenario>.json).
struct PracticeStart {
    std::string scenario;
    bool exam = false;                  // no suggestions: the trainee answers alone
    std::optional<std::uint64_t> seed;  // fixes the buyer's choices; default: from the clock
    double speed = 1;                   // the buyer types and waits this many times faster (1–1000)
};

// The trainee gives up a practice conversation; it is scored as it stands.
struct PracticeStop {
    std::string conversation_id;
};

// KPIs from the event log; absent fields mean every agent and all time.
struct MetricsQuery {
    std::optional<std::string> agent;
    std::optional<std::int64_t> from_ms;  // inclusive, Unix epoch milliseconds
    std::optional<std::int64_t> to_ms;    // exclusive
    std::string by = "agent";             // "agent", "day" or "conversation": the breakdown to add
};

// The agent's waiting buyers, longest wait first.
struct QueueRequest {};

struct Ping {};

using ClientMessage = std::variant<Hello, BuyerMessage, AgentMessage, SuggestQuery, Draft, OrderEvent, Transfer,
                                   MetricsQuery, QueueRequest, Ping, PracticeStart, PracticeStop>;

struct ClientFrame {
    std::string type;
    std::optional<std::string> request_id;  // the client's request_id as JSON text, echoed verbatim
    std::string raw;                        // the frame as received, for the event log
    ClientMessage message;
};

// Wire error codes; docs/protocol.md says when each is sent.
namespace error_code {
inline constexpr std::string_view bad_json = "bad_json";
inline constexpr std::string_view bad_frame = "bad_frame";
inline constexpr std::string_view unknown_type = "unknown_type";
inline constexpr std::string_view missing_field = "missing_field";
inline constexpr std::string_view bad_field = "bad_field";
inline constexpr std::string_view bad_text = "bad_text";
inline constexpr std::string_view too_large = "too_large";
inline constexpr std::string_view not_authenticated = "not_authenticated";
inline constexpr std::string_view already_authenticated = "already_authenticated";
inline constexpr std::string_view forbidden = "forbidden";
inline constexpr std::string_view storage_unavailable = "storage_unavailable";
inline constexpr std::string_view internal = "internal";
}  // namespace error_code

struct ProtocolError {
    std::string_view code;
    std::string message;
    std::optional<std::string> request_id;  // echoed when the frame was readable enough to have one
    std::string type;                       // the frame's type when known
};

using ParsedFrame = std::variant<ClientFrame, ProtocolError>;

// Reads one client text frame. Never throws; every defect becomes a ProtocolError.
ParsedFrame parse_client_frame(std::string_view raw, const Limits& limits);

// Server frames, serialised. `request_id` is JSON text as kept in ClientFrame::request_id.
struct Welcome {
    std::string role;
    std::string user;
    std::string server_version;
    std::size_t phrasebook_entries = 0;
    Limits limits;
};
std::string welcome_frame(const Welcome& welcome, const std::optional<std::string>& request_id);
std::string suggestions_frame(std::string_view conversation_id, const std::vector<engine::Suggestion>& items,
                              const std::optional<std::string>& request_id);
std::string lint_frame(std::string_view conversation_id, const std::vector<engine::LintIssue>& issues,
                       const std::optional<std::string>& request_id);
// {"type":"timer","conversation_id":…,"buyer_id":…,"level":…,"waiting_ms":…,"since_ms":…,"message":…}
std::string timer_frame(std::string_view conversation_id, std::string_view buyer_id, std::string_view level,
                        std::int64_t waiting_ms, std::int64_t since_unix_ms, std::string_view message);
struct QueueItem {
    std::string conversation_id;
    std::string buyer_id;
    std::int64_t waiting_ms = 0;
    std::int64_t since_unix_ms = 0;
};
std::string queue_frame(const std::vector<QueueItem>& waiting, const std::optional<std::string>& request_id);

// {"type":"metrics","agents":[…],"team":{…}}: the fields of huashu kpi --format json.
std::string metrics_frame(const std::string& report_json, const std::optional<std::string>& request_id);
std::string ack_frame(std::int64_t event_id, const std::optional<std::string>& request_id);

// Practice: the session opened, each simulated buyer line, and the score card at the end.
struct PracticeOpened {
    std::string conversation_id;
    std::string scenario;
    std::string title;
    std::string buyer_name;
    std::string buyer_goal;
    bool exam = false;
    std::uint64_t seed = 0;
    double speed = 1;
};
std::string practice_started_frame(const PracticeOpened& opened, const std::optional<std::string>& request_id);
// A buyer_message frame from the server, marked "practice":true; "nudge" when nobody answered,
// "more" when further lines of the same turn follow.
std::string practice_buyer_frame(std::string_view conversation_id, std::string_view buyer_id, std::string_view text,
                                 bool nudge, bool more);
// {"type":"practice_result","conversation_id":…,"score":{score card}}
std::string practice_result_frame(std::string_view conversation_id, const std::string& score_card_json);
std::string pong_frame(const std::optional<std::string>& request_id);
std::string error_frame(const ProtocolError& error);

struct Health {
    std::size_t phrasebook_entries = 0;
    std::int64_t uptime_ms = 0;
    std::size_t connections = 0;
    std::size_t connections_reading_paused = 0;  // held back: answers wait for them (backpressure)
    std::string server_version;
    bool storage_ok = true;
    std::vector<std::string> phrasebook_problems;  // of a rejected reload; the old phrasebook serves
};
std::string health_json(const Health& health);

}  // namespace huashu::protocol
