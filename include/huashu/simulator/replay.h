// Replays a logged conversation to a trainee: the buyer's messages come again with their
// original timing, whatever the trainee answers, and at the end each round is compared — how
// long the original agent took and what they sent, against the trainee.
//
//   auto log = read_logged_conversation(jsonl_export, "tb-3948120577");
//   Replay replay(*log);
//   for (const BuyerLine& line : replay.start(now)) show_at(line.send_at_ms, line.text);
//   replay.reply("亲，在的~", std::nullopt, now);
//   for (const ReplayRound& round : replay.rounds()) …
#pragma once

#include <cstdint>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "huashu/core/result.h"
#include "huashu/simulator/buyer_run.h"

namespace huashu::simulator {

struct LoggedMessage {
    std::int64_t time_ms = 0;
    bool from_buyer = false;
    bool auto_reply = false;  // the shop's auto-responder: never ends a round
    std::string text;
    std::optional<std::string> suggestion_id;
};

// One logged event as a message of the conversation: a received buyer_message or agent_message
// (payload: the frame as logged); nullopt for every other event.
std::optional<LoggedMessage> logged_message(std::string_view type, std::string_view direction, std::int64_t time_ms,
                                            std::string_view payload_json);

// The buyer and agent messages of one conversation from `huashu export --format jsonl` records,
// in log order. Fails naming the line when a record is not JSON, or when the conversation has
// no buyer message.
Result<std::vector<LoggedMessage>> read_logged_conversation(std::istream& jsonl, const std::string& conversation_id);

// A round as the platforms count one: from the first unanswered buyer message to the next
// manual reply.
struct ReplayRound {
    std::vector<std::string> buyer_lines;
    std::int64_t started_ms = 0;                   // offset from the conversation's first message
    std::optional<std::int64_t> original_wait_ms;  // none: the original agent never answered
    std::string original_reply;
    std::optional<std::string> original_suggestion_id;
    std::optional<std::int64_t> trainee_wait_ms;
    std::string trainee_reply;
    std::optional<std::string> trainee_suggestion_id;
    // Both sent the same phrasebook reply, or the same text.
    bool same_reply() const;
};

class Replay {
public:
    // REQUIRES: at least one buyer message (read_logged_conversation guarantees it).
    explicit Replay(std::vector<LoggedMessage> log);

    // Every buyer line, at its original distance from the first one, counted from now_ms.
    std::vector<BuyerLine> start(std::int64_t now_ms);
    // The trainee's answer; it belongs to the earliest round that has started and that they
    // have not answered yet.
    void reply(const std::string& text, const std::optional<std::string>& suggestion_id, std::int64_t now_ms);

    // True once every buyer line has been shown and the last round has been answered, or
    // `now_ms` is past the last line by more than `grace_ms`.
    bool finished(std::int64_t now_ms, std::int64_t grace_ms) const;
    const std::vector<ReplayRound>& rounds() const { return rounds_; }
    std::int64_t last_line_offset_ms() const;

private:
    std::vector<LoggedMessage> log_;
    std::vector<ReplayRound> rounds_;
    std::int64_t started_ms_ = 0;
};

}  // namespace huashu::simulator
