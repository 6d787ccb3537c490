#include "huashu/simulator/replay.h"

#include <nlohmann/json.hpp>

namespace huashu::simulator {

std::optional<LoggedMessage> logged_message(std::string_view type, std::string_view direction, std::int64_t time_ms,
                                            std::string_view payload_json) {
    if (direction != "received" || (type != "buyer_message" && type != "agent_message")) return std::nullopt;
    const auto payload = nlohmann::json::parse(payload_json, nullptr, /*allow_exceptions=*/false);
    if (!payload.is_object()) return std::nullopt;
    LoggedMessage message;
    message.time_ms = time_ms;
    message.from_buyer = type == "buyer_message";
    message.auto_reply = payload.value("auto", false);
    message.text = payload.value("text", "");
    if (payload.contains("suggestion_id") && payload["suggestion_id"].is_string()) {
        message.suggestion_id = payload["suggestion_id"].get<std::string>();
    }
    return message;
}

Result<std::vector<LoggedMessage>> read_logged_conversation(std::istream& jsonl, const std::string& conversation_id) {
    using json = nlohmann::json;
    std::vector<LoggedMessage> messages;
    bool any_buyer = false;
    std::string line;
    for (int number = 1; std::getline(jsonl, line); ++number) {
        if (line.empty()) continue;
        const json record = json::parse(line, nullptr, /*allow_exceptions=*/false);
        if (!record.is_object() || !record.contains("payload") || !record["payload"].is_object()) {
            return make_error(ErrorCode::parse_error, "line " + std::to_string(number) + ": not an exported event record");
        }
        if (record.value("conversation_id", "") != conversation_id) continue;
        auto message = logged_message(record.value("type", ""), record.value("direction", ""),
                                      record.value("server_time_ms", std::int64_t{0}), record["payload"].dump());
        if (!message) continue;
        any_buyer = any_buyer || message->from_buyer;
        messages.push_back(std::move(*message));
    }
    if (!any_buyer) {
        return make_error(ErrorCode::not_found, "conversation '" + conversation_id + "' has no buyer message in the log");
    }
    return messages;
}

bool ReplayRound::same_reply() const {
    if (!original_wait_ms || !trainee_wait_ms) return false;
    if (original_suggestion_id && trainee_suggestion_id) return *original_suggestion_id == *trainee_suggestion_id;
    return original_reply == trainee_reply;
}

Replay::Replay(std::vector<LoggedMessage> log) : log_(std::move(log)) {
    std::int64_t first = 0;
    for (const LoggedMessage& m : log_) {
        if (m.from_buyer) {
            first = m.time_ms;
            break;
        }
    }
    ReplayRound* open = nullptr;
    for (const LoggedMessage& m : log_) {
        if (m.from_buyer) {
            if (open == nullptr) {
                rounds_.emplace_back();
                open = &rounds_.back();
                open->started_ms = m.time_ms - first;
            }
            open->buyer_lines.push_back(m.text);
        } else if (!m.auto_reply && open != nullptr) {
            open->original_wait_ms = m.time_ms - first - open->started_ms;
            open->original_reply = m.text;
            open->original_suggestion_id = m.suggestion_id;
            open = nullptr;
        }
    }
}

std::vector<BuyerLine> Replay::start(std::int64_t now_ms) {
    started_ms_ = now_ms;
    std::vector<BuyerLine> lines;
    std::int64_t first = -1;
    for (const LoggedMessage& m : log_) {
        if (!m.from_buyer) continue;
        if (first < 0) first = m.time_ms;
        lines.push_back({m.text, now_ms + (m.time_ms - first), false, true});
    }
    // A line is the last of its turn when the next logged message is not the buyer's.
    std::size_t line = 0;
    for (std::size_t i = 0; i < log_.size(); ++i) {
        if (!log_[i].from_buyer) continue;
        const bool next_is_buyer = i + 1 < log_.size() && log_[i + 1].from_buyer;
        lines[line++].last_of_turn = !next_is_buyer;
    }
    return lines;
}

void Replay::reply(const std::string& text, const std::optional<std::string>& suggestion_id, std::int64_t now_ms) {
    const std::int64_t offset = now_ms - started_ms_;
    for (ReplayRound& round : rounds_) {
        if (round.started_ms > offset) break;
        if (round.trainee_wait_ms) continue;
        round.trainee_wait_ms = offset - round.started_ms;
        round.trainee_reply = text;
        round.trainee_suggestion_id = suggestion_id;
        return;
    }
}

std::int64_t Replay::last_line_offset_ms() const {
    std::int64_t first = -1, last = 0;
    for (const LoggedMessage& m : log_) {
        if (!m.from_buyer) continue;
        if (first < 0) first = m.time_ms;
        last = m.time_ms - first;
    }
    return last;
}

bool Replay::finished(std::int64_t now_ms, std::int64_t grace_ms) const {
    const std::int64_t offset = now_ms - started_ms_;
    if (offset < last_line_offset_ms()) return false;
    if (rounds_.back().trainee_wait_ms) return true;
    return offset > last_line_offset_ms() + grace_ms;
}

}  // namespace huashu::simulator
