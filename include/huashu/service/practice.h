// A practice conversation: a simulated buyer (simulator::BuyerRun) talking to a trainee over the
// trainee's own connection. Buyer lines go out as buyer_message frames marked "practice" when
// the buyer has finished typing them, with suggestions unless it is an exam; the trainee's
// agent_message replies are read by the service's own ReplyClassifier; nudges and the buyer
// leaving run on the service's Scheduler. At the end the trainee gets the score card, and the
// event log keeps it.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "huashu/engine/conversation_context.h"
#include "huashu/simulator/buyer_run.h"
#include "huashu/simulator/scenario.h"
#include "huashu/simulator/score.h"

namespace huashu::service {

class Service;
class FrameSink;

struct PracticeOptions {
    std::shared_ptr<const simulator::ScenarioFolder> scenarios;  // none: practice is unavailable
    simulator::ScoreWeights weights;
    simulator::ScoreThresholds thresholds;
    std::size_t max_per_connection = 4;
};

class PracticeSession : public std::enable_shared_from_this<PracticeSession> {
public:
    struct Trainee {
        std::weak_ptr<FrameSink> sink;
        std::string user;
        std::string role;
    };

    PracticeSession(Service& service, Trainee trainee, std::shared_ptr<const simulator::Scenario> scenario,
                    std::string conversation_id, std::uint64_t seed, bool exam, double speed = 1);

    // The buyer starts typing. REQUIRES: the service has a scheduler.
    void begin();
    // The trainee replied (not an auto-reply); `suggestion_id` when it came from a suggestion.
    void reply(const std::string& text, const std::optional<std::string>& suggestion_id);
    // The trainee gave up: scored as it stands, the buyer counted as gone.
    void stop();
    bool finished() const;

    const std::string& conversation_id() const { return conversation_id_; }

private:
    // The buyer lives on a clock `speed_` times faster than the service's steady clock, from the
    // start: reply times on the score card are the buyer's, so a sped-up run scores alike.
    std::int64_t buyer_now() const;
    std::int64_t service_time(std::int64_t buyer_ms) const;

    // REQUIRES: mutex_ held for all of these.
    void queue_lines(std::vector<simulator::BuyerLine> lines);
    void arm_deadline();
    void deliver_due(std::int64_t now_ms);
    void apply(const simulator::ReplyTraits& reply);
    void deliver(const simulator::BuyerLine& line);
    void finish_if_done();
    void log_sent(std::string type, std::string frame);
    void on_deadline();
    void on_line_due();

    Service& service_;
    Trainee trainee_;
    std::string conversation_id_;
    std::string buyer_id_;
    bool exam_;
    double speed_;
    std::int64_t started_steady_ms_ = 0;
    mutable std::mutex mutex_;
    simulator::BuyerRun run_;                    // GUARDED_BY(mutex_)
    std::deque<simulator::BuyerLine> pending_;  // GUARDED_BY(mutex_): typed, not yet sent
    // Replies sent while the buyer was still typing: they answer what the trainee has seen,
    // so they reach the buyer only once the buyer's lines are out.
    std::deque<simulator::ReplyTraits> held_;   // GUARDED_BY(mutex_)
    engine::ConversationContext context_;       // GUARDED_BY(mutex_)
    bool scored_ = false;                       // GUARDED_BY(mutex_)
    bool stopped_ = false;                      // GUARDED_BY(mutex_)
};

}  // namespace huashu::service
