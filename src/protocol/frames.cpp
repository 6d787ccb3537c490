#include "huashu/protocol/frames.h"

#include <nlohmann/json.hpp>

#include "huashu/protocol/records.h"
#include "huashu/text/normalizer.h"

namespace huashu::protocol {

using json = nlohmann::ordered_json;

namespace {

ProtocolError fail(std::string_view code, std::string message, const ClientFrame& frame) {
    return ProtocolError{code, std::move(message), frame.request_id, frame.type};
}

// Reads typed fields out of the frame's JSON object, turning each defect into a ProtocolError.
class FieldReader {
public:
    FieldReader(const json& object, const ClientFrame& frame, const Limits& limits)
        : object_(object), frame_(frame), limits_(limits) {}

    std::optional<ProtocolError> error;

    std::string required_id(const char* name) { return id(name, true).value_or(""); }
    std::optional<std::string> optional_id(const char* name) { return id(name, false); }

    std::string required_text(const char* name) {
        const json* value = find(name, true, json::value_t::string, "a string");
        if (value == nullptr) return {};
        const std::string& text = value->get_ref<const std::string&>();
        if (text.size() > limits_.max_text_bytes) {
            set_error(error_code::too_large, std::string("field '") + name + "' is " + std::to_string(text.size()) +
                                                 " bytes; at most " + std::to_string(limits_.max_text_bytes) + " allowed");
            return {};
        }
        if (!has_visible_character(text)) {
            set_error(error_code::bad_text, std::string("field '") + name + "' is empty or only white space");
            return {};
        }
        for (unsigned char c : text) {
            if ((c < 0x20 && c != '\n' && c != '\t' && c != '\r') || c == 0x7F) {
                set_error(error_code::bad_text, std::string("field '") + name + "' contains a control character");
                return {};
            }
        }
        return text;
    }

    std::optional<std::int64_t> optional_time(const char* name) {
        const auto found = object_.find(name);
        if (found == object_.end() || found->is_null() || error) return std::nullopt;
        if (!found->is_number_integer() || found->get<std::int64_t>() < 0) {
            set_error(error_code::bad_field, std::string("field '") + name + "' must be Unix epoch milliseconds");
            return std::nullopt;
        }
        return found->get<std::int64_t>();
    }

    bool optional_bool(const char* name) {
        const json* value = find(name, false, json::value_t::boolean, "true or false");
        return value != nullptr && value->get<bool>();
    }

    std::optional<std::size_t> optional_limit(const char* name) {
        const auto found = object_.find(name);
        if (found == object_.end() || found->is_null() || error) return std::nullopt;
        if (!found->is_number_integer() || found->get<std::int64_t>() < 1 ||
            found->get<std::int64_t>() > static_cast<std::int64_t>(limits_.max_suggestions)) {
            set_error(error_code::bad_field, std::string("field '") + name + "' must be an integer from 1 to " +
                                                 std::to_string(limits_.max_suggestions));
            return std::nullopt;
        }
        return static_cast<std::size_t>(found->get<std::int64_t>());
    }

private:
    static bool has_visible_character(const std::string& text) {
        for (unsigned char c : text) {
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return true;
        }
        return false;
    }

    void set_error(std::string_view code, std::string message) {
        if (!error) error = fail(code, std::move(message), frame_);
    }

    const json* find(const char* name, bool required, json::value_t type, const char* expected) {
        if (error) return nullptr;
        const auto found = object_.find(name);
        if (found == object_.end() || found->is_null()) {
            if (required) set_error(error_code::missing_field, std::string("'") + frame_.type + "' needs field '" + name + "'");
            return nullptr;
        }
        if (found->type() != type) {
            set_error(error_code::bad_field, std::string("field '") + name + "' must be " + expected);
            return nullptr;
        }
        return &*found;
    }

    std::optional<std::string> id(const char* name, bool required) {
        const json* value = find(name, required, json::value_t::string, "a string");
        if (value == nullptr) return std::nullopt;
        const std::string& text = value->get_ref<const std::string&>();
        if (text.empty() || text.size() > limits_.max_id_bytes) {
            set_error(error_code::bad_field, std::string("field '") + name + "' must be 1 to " +
                                                 std::to_string(limits_.max_id_bytes) + " bytes");
            return std::nullopt;
        }
        return text;
    }

    const json& object_;
    const ClientFrame& frame_;
    const Limits& limits_;
};

std::optional<ProtocolError> read_request_id(const json& object, ClientFrame& frame, const Limits& limits) {
    const auto found = object.find("request_id");
    if (found == object.end() || found->is_null()) return std::nullopt;
    if (!found->is_string() && !found->is_number_integer()) {
        return fail(error_code::bad_field, "field 'request_id' must be a string or an integer", frame);
    }
    std::string echoed = found->dump();
    if (echoed.size() > limits.max_id_bytes + 2) {
        return fail(error_code::bad_field, "field 'request_id' is too long", frame);
    }
    frame.request_id = std::move(echoed);
    return std::nullopt;
}

json request_id_value(const std::optional<std::string>& request_id) {
    return request_id ? json::parse(*request_id, nullptr, false) : json();
}

void put_request_id(json& frame, const std::optional<std::string>& request_id) {
    if (request_id) frame["request_id"] = request_id_value(request_id);
}

std::string dump(const json& frame) {
    // Replace instead of throwing: our own strings are valid UTF-8, but a frame must never fail.
    return frame.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

ParsedFrame parse_client_frame(std::string_view raw, const Limits& limits) {
    ClientFrame frame;
    if (raw.size() > limits.max_frame_bytes) {
        return fail(error_code::too_large, "frame is " + std::to_string(raw.size()) + " bytes; at most " +
                                               std::to_string(limits.max_frame_bytes) + " allowed", frame);
    }
    if (!text::is_valid_utf8(raw)) return fail(error_code::bad_text, "frame is not valid UTF-8", frame);

    json object;
    try {
        object = json::parse(raw);
    } catch (const json::parse_error& error) {
        // "\ud800" alone is valid JSON syntax but names no character: it is bad text.
        if (std::string_view(error.what()).find("surrogate") != std::string_view::npos) {
            return fail(error_code::bad_text, "frame escapes an unpaired UTF-16 surrogate", frame);
        }
        return fail(error_code::bad_json, "frame is not valid JSON (byte " + std::to_string(error.byte) + ")", frame);
    } catch (const json::exception&) {
        // Valid syntax the parser still refuses, such as a number too large for a double (1e400).
        return fail(error_code::bad_json, "frame holds a value JSON parsing cannot represent", frame);
    }
    if (!object.is_object()) return fail(error_code::bad_frame, "frame must be a JSON object", frame);
    if (auto error = read_request_id(object, frame, limits)) return *error;

    const auto type = object.find("type");
    if (type == object.end() || !type->is_string()) {
        return fail(error_code::missing_field, "frame needs a string field 'type'", frame);
    }
    frame.type = type->get<std::string>();
    frame.raw = std::string(raw);
    FieldReader read(object, frame, limits);

    if (frame.type == "hello") {
        Hello hello;
        hello.role = read.required_id("role");
        hello.user = read.required_id("user");
        hello.token = read.required_id("token");
        frame.message = std::move(hello);
    } else if (frame.type == "buyer_message") {
        BuyerMessage message;
        message.conversation_id = read.required_id("conversation_id");
        message.buyer_id = read.required_id("buyer_id");
        message.text = read.required_text("text");
        message.client_event_id = read.optional_id("client_event_id");
        message.limit = read.optional_limit("limit");
        frame.message = std::move(message);
    } else if (frame.type == "agent_message") {
        AgentMessage message;
        message.conversation_id = read.required_id("conversation_id");
        message.text = read.required_text("text");
        message.suggestion_id = read.optional_id("suggestion_id");
        message.auto_reply = read.optional_bool("auto");
        message.client_event_id = read.optional_id("client_event_id");
        frame.message = std::move(message);
    } else if (frame.type == "suggest") {
        SuggestQuery query;
        query.conversation_id = read.optional_id("conversation_id");
        query.text = read.required_text("text");
        query.limit = read.optional_limit("limit");
        frame.message = std::move(query);
    } else if (frame.type == "draft") {
        Draft draft;
        draft.conversation_id = read.optional_id("conversation_id");
        draft.text = read.required_text("text");
        frame.message = std::move(draft);
    } else if (frame.type == "order_event") {
        OrderEvent event;
        event.conversation_id = read.required_id("conversation_id");
        event.event = read.required_id("event");
        event.client_event_id = read.optional_id("client_event_id");
        if (!read.error && event.event != "placed" && event.event != "paid" && event.event != "cancelled" &&
            event.event != "refunded") {
            return fail(error_code::bad_field, "field 'event' must be placed, paid, cancelled or refunded", frame);
        }
        frame.message = std::move(event);
    } else if (frame.type == "transfer") {
        Transfer transfer;
        transfer.conversation_id = read.required_id("conversation_id");
        transfer.to_agent = read.required_id("to_agent");
        transfer.client_event_id = read.optional_id("client_event_id");
        frame.message = std::move(transfer);
    } else if (frame.type == "metrics") {
        MetricsQuery query;
        query.agent = read.optional_id("agent");
        query.from_ms = read.optional_time("from_ms");
        query.to_ms = read.optional_time("to_ms");
        query.by = read.optional_id("by").value_or("agent");
        if (!read.error && !parse_kpi_breakdown(query.by)) {
            return fail(error_code::bad_field, "field 'by' must be agent, day or conversation", frame);
        }
        frame.message = std::move(query);
    } else if (frame.type == "practice_start") {
        PracticeStart start;
        start.scenario = read.required_id("scenario");
        start.exam = read.optional_bool("exam");
        if (const auto seed = read.optional_time("seed")) start.seed = static_cast<std::uint64_t>(*seed);
        if (const auto speed = read.optional_time("speed")) {
            if (*speed < 1 || *speed > 1000) return fail(error_code::bad_field, "field 'speed' must be a whole number from 1 to 1000", frame);
            start.speed = static_cast<double>(*speed);
        }
        frame.message = std::move(start);
    } else if (frame.type == "practice_stop") {
        frame.message = PracticeStop{read.required_id("conversation_id")};
    } else if (frame.type == "queue") {
        frame.message = QueueRequest{};
    } else if (frame.type == "ping") {
        frame.message = Ping{};
    } else {
        return fail(error_code::unknown_type, "unknown frame type '" + frame.type + "'", frame);
    }
    if (read.error) return *read.error;
    return frame;
}

std::string welcome_frame(const Welcome& welcome, const std::optional<std::string>& request_id) {
    json frame = {
        {"type", "welcome"},
        {"protocol", kProtocolVersion},
        {"server", welcome.server_version},
        {"role", welcome.role},
        {"user", welcome.user},
        {"phrasebook_entries", welcome.phrasebook_entries},
        {"limits",
         {{"max_frame_bytes", welcome.limits.max_frame_bytes},
          {"max_text_bytes", welcome.limits.max_text_bytes},
          {"max_id_bytes", welcome.limits.max_id_bytes},
          {"max_suggestions", welcome.limits.max_suggestions}}},
    };
    put_request_id(frame, request_id);
    return dump(frame);
}

std::string suggestions_frame(std::string_view conversation_id, const std::vector<engine::Suggestion>& items,
                              const std::optional<std::string>& request_id) {
    json list = json::array();
    for (const engine::Suggestion& s : items) {
        list.push_back({
            {"id", s.id},
            {"category", phrasebook::to_string(s.category)},
            {"text", s.text},
            {"technique", s.technique ? json(phrasebook::to_string(*s.technique)) : json()},
            {"score", s.score},
        });
    }
    json frame = {{"type", "suggestions"}, {"conversation_id", conversation_id}, {"items", std::move(list)}};
    put_request_id(frame, request_id);
    return dump(frame);
}

std::string lint_frame(std::string_view conversation_id, const std::vector<engine::LintIssue>& issues,
                       const std::optional<std::string>& request_id) {
    json list = json::array();
    for (const engine::LintIssue& issue : issues) {
        list.push_back({
            {"start", issue.start},
            {"end", issue.end},
            {"text", issue.text},
            {"rule", phrasebook::to_string(issue.rule)},
            {"rule_id", issue.rule_id},
            {"severity", phrasebook::to_string(issue.severity)},
            {"message", issue.message},
            {"rewrite", issue.rewrite},
        });
    }
    json frame = {{"type", "lint"}, {"conversation_id", conversation_id}, {"issues", std::move(list)}};
    put_request_id(frame, request_id);
    return dump(frame);
}

std::string practice_started_frame(const PracticeOpened& opened, const std::optional<std::string>& request_id) {
    json frame = {{"type", "practice_started"},
                  {"conversation_id", opened.conversation_id},
                  {"scenario", opened.scenario},
                  {"title", opened.title},
                  {"buyer", {{"name", opened.buyer_name}, {"goal", opened.buyer_goal}}},
                  {"exam", opened.exam},
                  {"seed", opened.seed},
                  {"speed", opened.speed}};
    put_request_id(frame, request_id);
    return dump(frame);
}

std::string practice_buyer_frame(std::string_view conversation_id, std::string_view buyer_id, std::string_view text,
                                 bool nudge, bool more) {
    return dump({{"type", "buyer_message"},
                 {"conversation_id", conversation_id},
                 {"buyer_id", buyer_id},
                 {"text", text},
                 {"practice", true},
                 {"nudge", nudge},
                 {"more", more}});
}

std::string practice_result_frame(std::string_view conversation_id, const std::string& score_card_json) {
    return dump({{"type", "practice_result"}, {"conversation_id", conversation_id}, {"score", json::parse(score_card_json)}});
}

std::string timer_frame(std::string_view conversation_id, std::string_view buyer_id, std::string_view level,
                        std::int64_t waiting_ms, std::int64_t since_unix_ms, std::string_view message) {
    return dump({{"type", "timer"},
                 {"conversation_id", conversation_id},
                 {"buyer_id", buyer_id},
                 {"level", level},
                 {"waiting_ms", waiting_ms},
                 {"since_ms", since_unix_ms},
                 {"message", message}});
}

std::string queue_frame(const std::vector<QueueItem>& waiting, const std::optional<std::string>& request_id) {
    json list = json::array();
    for (const QueueItem& item : waiting) {
        list.push_back({{"conversation_id", item.conversation_id},
                        {"buyer_id", item.buyer_id},
                        {"waiting_ms", item.waiting_ms},
                        {"since_ms", item.since_unix_ms}});
    }
    json frame = {{"type", "queue"}, {"waiting", std::move(list)}};
    put_request_id(frame, request_id);
    return dump(frame);
}

std::string metrics_frame(const std::string& report_json, const std::optional<std::string>& request_id) {
    json report = json::parse(report_json, nullptr, false);
    json frame = {{"type", "metrics"}};
    if (report.is_object()) {
        for (auto& [key, value] : report.items()) frame[key] = std::move(value);
    }
    put_request_id(frame, request_id);
    return dump(frame);
}

std::string ack_frame(std::int64_t event_id, const std::optional<std::string>& request_id) {
    json frame = {{"type", "ack"}, {"event_id", event_id}};
    put_request_id(frame, request_id);
    return dump(frame);
}

std::string pong_frame(const std::optional<std::string>& request_id) {
    json frame = {{"type", "pong"}};
    put_request_id(frame, request_id);
    return dump(frame);
}

std::string error_frame(const ProtocolError& error) {
    json frame = {{"type", "error"}, {"code", error.code}, {"message", error.message}};
    if (!error.type.empty()) frame["in_reply_to"] = error.type;
    put_request_id(frame, error.request_id);
    return dump(frame);
}

std::string health_json(const Health& health) {
    const bool healthy = health.storage_ok && health.phrasebook_problems.empty();
    return dump({
        {"status", healthy ? "ok" : "degraded"},
        {"server", health.server_version},
        {"phrasebook_entries", health.phrasebook_entries},
        {"phrasebook_problems", health.phrasebook_problems},
        {"uptime_ms", health.uptime_ms},
        {"connections", health.connections},
        {"connections_reading_paused", health.connections_reading_paused},
        {"storage", health.storage_ok ? "ok" : "unavailable"},
    });
}

}  // namespace huashu::protocol
