#include "huashu/service/practice.h"

#include "huashu/service/service.h"

#include <cmath>

namespace huashu::service {

namespace {

simulator::ReplyTraits traits_of(const engine::ReplyVerdict& verdict, const std::string& text) {
    simulator::ReplyTraits traits;
    traits.text = text;
    traits.intents = verdict.intents;
    traits.technique = verdict.technique;
    traits.concession = verdict.concession;
    traits.apology = verdict.apology;
    for (const engine::LintIssue& issue : verdict.lint) traits.lint_rules.push_back(issue.rule_id);
    return traits;
}

}  // namespace

PracticeSession::PracticeSession(Service& service, Trainee trainee, std::shared_ptr<const simulator::Scenario> scenario,
                                 std::string conversation_id, std::uint64_t seed, bool exam, double speed)
    : service_(service),
      trainee_(std::move(trainee)),
      conversation_id_(std::move(conversation_id)),
      buyer_id_("sim-" + scenario->id),
      exam_(exam),
      speed_(speed),
      started_steady_ms_(service.clock_.now_steady_ms()),
      run_(std::move(scenario), seed) {}

std::int64_t PracticeSession::buyer_now() const {
    return started_steady_ms_ + std::llround(static_cast<double>(service_.clock_.now_steady_ms() - started_steady_ms_) * speed_);
}

std::int64_t PracticeSession::service_time(std::int64_t buyer_ms) const {
    // Rounded up, so that a task never fires before the buyer's moment has come.
    return started_steady_ms_ + static_cast<std::int64_t>(std::ceil(static_cast<double>(buyer_ms - started_steady_ms_) / speed_));
}

void PracticeSession::begin() {
    std::lock_guard lock(mutex_);
    queue_lines(run_.start(buyer_now()));
    arm_deadline();
}

void PracticeSession::reply(const std::string& text, const std::optional<std::string>& suggestion_id) {
    const engine::ReplyVerdict verdict = service_.assistant()->replies->classify(text, suggestion_id);
    std::lock_guard lock(mutex_);
    if (run_.finished() || stopped_) return;
    if (!pending_.empty()) {
        held_.push_back(traits_of(verdict, text));
        return;
    }
    apply(traits_of(verdict, text));
}

void PracticeSession::apply(const simulator::ReplyTraits& reply) {
    queue_lines(run_.reply(reply, buyer_now()));
    arm_deadline();
    finish_if_done();
}

void PracticeSession::stop() {
    std::lock_guard lock(mutex_);
    if (scored_) return;
    stopped_ = true;
    pending_.clear();
    finish_if_done();
}

bool PracticeSession::finished() const {
    std::lock_guard lock(mutex_);
    return scored_;
}

void PracticeSession::queue_lines(std::vector<simulator::BuyerLine> lines) {
    for (simulator::BuyerLine& line : lines) {
        // Timers may fire in any order on several threads; the queue keeps the buyer's order.
        service_.scheduler_->at(service_time(line.send_at_ms), [weak = weak_from_this()] {
            if (auto self = weak.lock()) self->on_line_due();
        });
        pending_.push_back(std::move(line));
    }
}

void PracticeSession::arm_deadline() {
    if (const auto due = run_.next_deadline_ms()) {
        service_.scheduler_->at(service_time(*due), [weak = weak_from_this()] {
            if (auto self = weak.lock()) self->on_deadline();
        });
    }
}

void PracticeSession::on_line_due() {
    std::lock_guard lock(mutex_);
    deliver_due(buyer_now());
    while (pending_.empty() && !held_.empty() && !run_.finished() && !stopped_) {
        const simulator::ReplyTraits reply = std::move(held_.front());
        held_.pop_front();
        apply(reply);
    }
    finish_if_done();
}

void PracticeSession::on_deadline() {
    std::lock_guard lock(mutex_);
    if (run_.finished() || stopped_) return;
    const std::int64_t now = buyer_now();
    const auto due = run_.next_deadline_ms();
    if (!due || now < *due) return;  // an earlier deadline, moved on by a reply since
    queue_lines(run_.tick(now));
    arm_deadline();
    finish_if_done();
}

void PracticeSession::deliver_due(std::int64_t now_ms) {
    while (!pending_.empty() && pending_.front().send_at_ms <= now_ms) {
        const simulator::BuyerLine line = std::move(pending_.front());
        pending_.pop_front();
        deliver(line);
    }
}

void PracticeSession::deliver(const simulator::BuyerLine& line) {
    const std::string frame =
        protocol::practice_buyer_frame(conversation_id_, buyer_id_, line.text, line.nudge, !line.last_of_turn);
    if (auto sink = trainee_.sink.lock()) sink->send_text(frame);
    log_sent("practice_buyer", frame);
    if (exam_ || run_.finished()) return;  // the buyer's last words need no answer
    const auto assistant = service_.assistant();
    const auto reading = assistant->read_buyer(line.text, context_);
    context_.observe_buyer(reading.intents, reading.normalized);
    const std::string answer = protocol::suggestions_frame(
        conversation_id_, assistant->suggestions->suggest(line.text, service_.options_.default_suggestions, context_),
        std::nullopt);
    if (auto sink = trainee_.sink.lock()) sink->send_text(answer);
    log_sent("suggestions", answer);
}

// Scored once the buyer has reached an ending and said their last words (or the trainee stopped).
void PracticeSession::finish_if_done() {
    if (scored_ || !(stopped_ || (run_.finished() && pending_.empty()))) return;
    scored_ = true;
    const simulator::ScoreCard card =
        simulator::score_run(run_, service_.options_.practice.weights, service_.options_.practice.thresholds);
    const std::string frame = protocol::practice_result_frame(conversation_id_, simulator::score_card_json(card));
    if (auto sink = trainee_.sink.lock()) sink->send_text(frame);
    log_sent("practice_result", frame);
}

void PracticeSession::log_sent(std::string type, std::string frame) {
    storage::Event event;
    event.server_time_ms = service_.clock_.now_unix_ms();
    event.direction = storage::Direction::sent;
    event.type = std::move(type);
    event.role = trainee_.role;
    event.user = trainee_.user;
    event.conversation_id = conversation_id_;
    event.payload_json = std::move(frame);
    service_.store_.append(std::move(event), [&service = service_](Result<std::int64_t> stored) { service.note_stored(stored); });
}

}  // namespace huashu::service
