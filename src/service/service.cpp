#include "huashu/service/service.h"

#include "huashu/protocol/records.h"

#include <iostream>

namespace huashu::service {

using protocol::ClientFrame;
using protocol::ProtocolError;
namespace error_code = protocol::error_code;

namespace {

// Records whether the last write reached the disk, and says so on stderr when that changes:
// an operator must notice a full disk before the agents do.
void note_storage(std::atomic<bool>& storage_ok, const Result<std::int64_t>& stored) {
    if (!stored && stored.error().code != ErrorCode::storage_unavailable) return;  // not a disk fault
    const bool ok = stored.ok();
    if (storage_ok.exchange(ok) == ok) return;
    if (ok) {
        std::cerr << "huashu: event log writable again; events are acknowledged again" << std::endl;
    } else {
        std::cerr << "huashu: EVENT LOG UNAVAILABLE: " << stored.error().message
                  << " — events are refused with storage_unavailable (not acknowledged) until it recovers" << std::endl;
    }
}

void send_to(const std::weak_ptr<FrameSink>& sink, std::string frame) {
    if (auto live = sink.lock()) live->send_text(std::move(frame));
}

// What a client is told when an event it sent was not stored.
ProtocolError storage_error(const Error& error, std::optional<std::string> request_id, std::string type) {
    switch (error.code) {
        case ErrorCode::invalid_argument: return {error_code::bad_field, error.message, std::move(request_id), std::move(type)};
        case ErrorCode::storage_unavailable:
            return {error_code::storage_unavailable, "the event was not stored (" + error.message + "); send it again later",
                    std::move(request_id), std::move(type)};
        default:
            return {error_code::internal, "the event was not stored: " + error.message, std::move(request_id), std::move(type)};
    }
}

}  // namespace

Service::Service(ServiceOptions options, TokenTable tokens, std::shared_ptr<const engine::Assistant> assistant,
                 storage::EventStore& store, const Clock& clock)
    : options_(std::move(options)),
      tokens_(std::move(tokens)),
      store_(store),
      clock_(clock),
      started_steady_ms_(clock.now_steady_ms()),
      assistant_(std::move(assistant)) {
    // What agents chose before this start keeps shaping the ranking.
    if (auto uses = store_.suggestion_usage()) {
        for (const storage::SuggestionUse& use : *uses) {
            assistant_->suggestions->record_use(use.suggestion_id, static_cast<std::uint32_t>(use.uses));
        }
    }
}

std::unique_ptr<ClientSession> Service::open_session(std::weak_ptr<FrameSink> sink) {
    return std::make_unique<ClientSession>(*this, std::move(sink));
}

void Service::replace_assistant(std::shared_ptr<const engine::Assistant> assistant) {
    std::lock_guard lock(assistant_mutex_);
    // Usage carries over for every reply id the new phrasebook still has.
    for (const auto& [id, uses] : assistant_->suggestions->usage()) assistant->suggestions->record_use(id, uses);
    assistant_ = std::move(assistant);
}

std::shared_ptr<const engine::Assistant> Service::assistant() const {
    std::lock_guard lock(assistant_mutex_);
    return assistant_;
}

void Service::register_agent(const std::string& user, std::weak_ptr<FrameSink> sink) {
    std::lock_guard lock(agents_mutex_);
    std::erase_if(agent_sinks_, [](const auto& entry) { return entry.second.expired(); });
    agent_sinks_.emplace(user, std::move(sink));
}

void Service::schedule_nudges(const Wait& wait) {
    if (scheduler_ == nullptr) return;
    for (std::size_t i = 0; i < options_.nudges.size(); ++i) {
        scheduler_->at(wait.since_steady_ms + options_.nudges[i].after_ms,
                       [this, conversation = wait.conversation_id, round = wait.round, i] { nudge(conversation, round, i); });
    }
}

void Service::nudge(const std::string& conversation, std::uint64_t round, std::size_t which) {
    const auto wait = waiting_.current(conversation, round);
    if (!wait) return;  // answered, or handed on, since the nudge was scheduled
    const ServiceOptions::Nudge& nudge = options_.nudges[which];
    const std::string frame = protocol::timer_frame(conversation, wait->buyer, nudge.level,
                                                    clock_.now_steady_ms() - wait->since_steady_ms, wait->since_unix_ms,
                                                    nudge.message);
    std::vector<std::shared_ptr<FrameSink>> sinks;
    {
        std::lock_guard lock(agents_mutex_);
        auto [begin, end] = agent_sinks_.equal_range(wait->agent);
        for (auto it = begin; it != end; ++it) {
            if (auto sink = it->second.lock()) sinks.push_back(std::move(sink));
        }
    }
    for (const auto& sink : sinks) sink->send_text(frame);
    storage::Event event;
    event.server_time_ms = clock_.now_unix_ms();
    event.direction = storage::Direction::sent;
    event.type = "timer";
    event.role = "agent";
    event.user = wait->agent;
    event.conversation_id = conversation;
    event.payload_json = frame;
    store_.append(std::move(event), [this](Result<std::int64_t> stored) { note_storage(storage_ok_, stored); });
}

void Service::set_phrasebook_problems(std::vector<phrasebook::LoadProblem> problems) {
    std::lock_guard lock(assistant_mutex_);
    phrasebook_problems_ = std::move(problems);
}

std::string Service::health_json() const {
    protocol::Health health;
    {
        std::lock_guard lock(assistant_mutex_);
        for (const auto& problem : phrasebook_problems_) health.phrasebook_problems.push_back(problem.to_string());
    }
    health.phrasebook_entries = assistant()->suggestions->entry_count();
    health.uptime_ms = clock_.now_steady_ms() - started_steady_ms_;
    health.connections = connections_.load();
    health.connections_reading_paused = connections_reading_paused_.load();
    health.server_version = options_.server_version;
    health.storage_ok = storage_ok_.load();
    return protocol::health_json(health);
}

ClientSession::ClientSession(Service& service, std::weak_ptr<FrameSink> sink) : service_(service), sink_(std::move(sink)) {
    ++service_.connections_;
}

ClientSession::~ClientSession() {
    set_reading_paused(false);
    --service_.connections_;
}

void ClientSession::set_reading_paused(bool paused) {
    if (paused == reading_paused_) return;
    reading_paused_ = paused;
    if (paused) {
        ++service_.connections_reading_paused_;
    } else {
        --service_.connections_reading_paused_;
    }
}

void ClientSession::send(std::string frame) { send_to(sink_, std::move(frame)); }

void ClientSession::send_error(const ProtocolError& error) { send(protocol::error_frame(error)); }

void ClientSession::close(std::uint16_t code, std::string reason) {
    if (auto live = sink_.lock()) live->close(code, std::move(reason));
}

void ClientSession::on_frame(std::string_view raw) {
    protocol::ParsedFrame parsed = protocol::parse_client_frame(raw, service_.options_.limits);
    if (auto* error = std::get_if<ProtocolError>(&parsed)) {
        send_error(*error);
        return;
    }
    const ClientFrame& frame = std::get<ClientFrame>(parsed);
    if (!authenticated() && frame.type != "hello") {
        send_error({error_code::not_authenticated, "the first frame must be 'hello' with role, user and token",
                    frame.request_id, frame.type});
        close(kClosePolicyViolation, "not authenticated");
        return;
    }
    if (authenticated() && frame.type == "hello") {
        send_error({error_code::already_authenticated, "this connection already said hello", frame.request_id, frame.type});
        return;
    }
    if (!may_send(frame)) {
        send_error({error_code::forbidden,
                    "role '" + std::string(to_string(*role_)) + "' may not send '" + frame.type + "'",
                    frame.request_id, frame.type});
        return;
    }
    std::visit([&](const auto& message) { handle(frame, message); }, frame.message);
}

// Which roles may send what; docs/protocol.md has the same table.
bool ClientSession::may_send(const ClientFrame& frame) const {
    if (!role_) return true;  // only hello gets here unauthenticated
    const Role role = *role_;
    // Anyone answers their own practice buyer; real conversations are agents' and simulators'.
    if (const auto* reply = std::get_if<protocol::AgentMessage>(&frame.message); reply && practice(reply->conversation_id)) {
        return true;
    }
    if (frame.type == "buyer_message" || frame.type == "agent_message" || frame.type == "order_event" ||
        frame.type == "transfer") {
        return role == Role::agent || role == Role::simulator;
    }
    if (frame.type == "metrics") return role == Role::agent || role == Role::supervisor;
    return true;  // suggest, draft, ping and practice: every role
}

void ClientSession::handle(const ClientFrame& frame, const protocol::Hello& hello) {
    const auto role = parse_role(hello.role);
    if (!role || !service_.tokens_.allows(*role, hello.user, hello.token)) {
        // One message for every failure, so that a caller cannot probe which users exist.
        send_error({error_code::not_authenticated, "unknown role, user or token", frame.request_id, frame.type});
        close(kClosePolicyViolation, "authentication failed");
        return;
    }
    role_ = role;
    user_ = hello.user;
    if (*role == Role::agent) service_.register_agent(user_, sink_);
    protocol::Welcome welcome{hello.role, hello.user, service_.options_.server_version,
                              service_.assistant()->suggestions->entry_count(), service_.options_.limits};
    send(protocol::welcome_frame(welcome, frame.request_id));
}

void ClientSession::handle(const ClientFrame& frame, const protocol::BuyerMessage& message) {
    const auto assistant = service_.assistant();
    // The message moves the conversation on (stage, intents, options named) before the answer
    // is chosen, so that "太贵了" already brings closing techniques. It is ranked outside the
    // conversations' lock, which every connection shares, and once for both uses.
    const auto suggestions = assistant->answer_buyer(
        message.text, message.limit.value_or(service_.options_.default_suggestions),
        service_.conversations_.get(message.conversation_id), [&](const engine::Assistant::BuyerReading& reading) {
            return service_.conversations_.update(message.conversation_id, service_.clock_.now_unix_ms(),
                                                  [&](engine::ConversationContext& c) { c.observe_buyer(reading.intents, reading.normalized); });
        });
    const std::string answer = protocol::suggestions_frame(message.conversation_id, suggestions, frame.request_id);
    // Suggestions go out first: the agent needs them now, the disk can follow.
    send(answer);
    if (auto wait = service_.waiting_.buyer_wrote(message.conversation_id, user_, message.buyer_id, service_.clock_)) {
        service_.schedule_nudges(*wait);
    }
    log_received(frame, message.conversation_id, message.client_event_id, true);
    log_sent("suggestions", message.conversation_id, answer);
}

void ClientSession::handle(const ClientFrame& frame, const protocol::AgentMessage& message) {
    if (auto session = practice(message.conversation_id)) {
        // Practice replies are logged apart: they must never count in an agent's KPIs.
        log_received(frame, message.conversation_id, message.client_event_id, true, message.suggestion_id, "practice_reply");
        if (!message.auto_reply) session->reply(message.text, message.suggestion_id);
        return;
    }
    // Auto-replies say nothing about which phrases agents prefer.
    if (message.suggestion_id && !message.auto_reply) service_.assistant()->suggestions->record_use(*message.suggestion_id);
    if (!message.auto_reply) service_.waiting_.replied(message.conversation_id);  // an auto-reply ends no wait
    log_received(frame, message.conversation_id, message.client_event_id, true, message.suggestion_id);
}

void ClientSession::handle(const ClientFrame& frame, const protocol::SuggestQuery& query) {
    const std::string conversation = query.conversation_id.value_or("");
    const engine::ConversationContext context =
        conversation.empty() ? engine::ConversationContext{} : service_.conversations_.get(conversation);
    const std::string answer = protocol::suggestions_frame(
        conversation,
        service_.assistant()->suggest(query.text, query.limit.value_or(service_.options_.default_suggestions), context),
        frame.request_id);
    send(answer);
    log_received(frame, conversation, std::nullopt, false);
    log_sent("suggestions", conversation, answer);
}

void ClientSession::handle(const ClientFrame& frame, const protocol::Draft& draft) {
    const std::string conversation = draft.conversation_id.value_or("");
    const std::string answer =
        protocol::lint_frame(conversation, service_.assistant()->linter->lint(draft.text), frame.request_id);
    send(answer);
    log_received(frame, conversation, std::nullopt, false);
    log_sent("lint", conversation, answer);
}

void ClientSession::handle(const ClientFrame& frame, const protocol::OrderEvent& event) {
    service_.conversations_.update(event.conversation_id, service_.clock_.now_unix_ms(),
                                   [&](engine::ConversationContext& c) { c.observe_order(event.event); });
    log_received(frame, event.conversation_id, event.client_event_id, true);
}

void ClientSession::handle(const ClientFrame& frame, const protocol::Transfer& transfer) {
    if (auto wait = service_.waiting_.transferred(transfer.conversation_id, transfer.to_agent, service_.clock_)) {
        service_.schedule_nudges(*wait);
    }
    log_received(frame, transfer.conversation_id, transfer.client_event_id, true);
}

void ClientSession::handle(const ClientFrame& frame, const protocol::QueueRequest&) {
    std::vector<protocol::QueueItem> items;
    const std::int64_t now = service_.clock_.now_steady_ms();
    for (const Wait& wait : service_.waiting_.waiting_for(user_)) {
        items.push_back({wait.conversation_id, wait.buyer, now - wait.since_steady_ms, wait.since_unix_ms});
    }
    send(protocol::queue_frame(items, frame.request_id));
}

void ClientSession::handle(const ClientFrame& frame, const protocol::MetricsQuery& query) {
    // Agents see their own figures; supervisors see anyone's and the team's.
    std::optional<std::string> agent = query.agent;
    if (*role_ != Role::supervisor) {
        if (agent && *agent != user_) {
            send_error({error_code::forbidden, "only a supervisor may see another agent's metrics", frame.request_id, frame.type});
            return;
        }
        agent = user_;
    }
    std::vector<metrics::TimelineEvent> timeline;
    storage::EventQuery events;
    events.from_ms = query.from_ms;
    events.to_ms = query.to_ms;
    const Status read = storage::for_each_event(service_.store_, events, [&](const storage::StoredEvent& stored) {
        if (auto event = protocol::timeline_event(stored)) timeline.push_back(std::move(*event));
    });
    if (!read) {
        send_error({error_code::storage_unavailable, "the event log cannot be read: " + read.error().message,
                    frame.request_id, frame.type});
        return;
    }
    const auto breakdown = protocol::parse_kpi_breakdown(query.by).value_or(protocol::KpiBreakdown::none);
    metrics::KpiReport report = metrics::compute_kpis(timeline, service_.options_.kpis, breakdown);
    if (agent) metrics::restrict_to_agent(report, *agent);  // nothing logged yet: zeros, not an error
    send(protocol::metrics_frame(protocol::kpi_report_json(report, breakdown), frame.request_id));
}

void ClientSession::handle(const ClientFrame& frame, const protocol::Ping&) { send(protocol::pong_frame(frame.request_id)); }

std::shared_ptr<PracticeSession> ClientSession::practice(std::string_view conversation_id) const {
    const auto found = practices_.find(conversation_id);
    return found == practices_.end() ? nullptr : found->second;
}

void ClientSession::handle(const ClientFrame& frame, const protocol::PracticeStart& start) {
    const PracticeOptions& options = service_.options_.practice;
    const auto scenario = options.scenarios ? options.scenarios->find_shared(start.scenario) : nullptr;
    if (scenario == nullptr || service_.scheduler_ == nullptr) {
        std::string known;
        if (options.scenarios) {
            for (const auto& s : options.scenarios->scenarios) known += (known.empty() ? "" : ", ") + s->id;
        }
        send_error({error_code::bad_field,
                    scenario == nullptr ? "no scenario '" + start.scenario + "' (known: " + known + ")"
                                        : std::string("practice needs the service's timers"),
                    frame.request_id, frame.type});
        return;
    }
    std::erase_if(practices_, [](const auto& entry) { return entry.second->finished(); });
    if (practices_.size() >= options.max_per_connection) {
        send_error({error_code::bad_field,
                    "at most " + std::to_string(options.max_per_connection) + " practice conversations at once; finish one first",
                    frame.request_id, frame.type});
        return;
    }
    const std::uint64_t number = ++service_.practices_started_;
    const std::string conversation_id = "practice-" + std::to_string(service_.clock_.now_unix_ms()) + "-" + std::to_string(number);
    const std::uint64_t seed = start.seed.value_or(static_cast<std::uint64_t>(service_.clock_.now_unix_ms()) ^ (number << 32));
    auto session = std::make_shared<PracticeSession>(
        service_, PracticeSession::Trainee{sink_, user_, std::string(to_string(*role_))}, scenario, conversation_id, seed,
        start.exam, start.speed);
    practices_.emplace(conversation_id, session);
    log_received(frame, conversation_id, std::nullopt, false);
    send(protocol::practice_started_frame(
        {conversation_id, scenario->id, scenario->title, scenario->persona.name, scenario->persona.goal, start.exam, seed,
         start.speed},
        frame.request_id));
    session->begin();
}

void ClientSession::handle(const ClientFrame& frame, const protocol::PracticeStop& stop) {
    const auto session = practice(stop.conversation_id);
    if (!session) {
        send_error({error_code::bad_field, "no practice conversation '" + stop.conversation_id + "' on this connection",
                    frame.request_id, frame.type});
        return;
    }
    log_received(frame, stop.conversation_id, std::nullopt, false);
    session->stop();
}

void ClientSession::log_received(const ClientFrame& frame, std::string_view conversation_id,
                                 const std::optional<std::string>& client_event_id, bool acknowledge,
                                 const std::optional<std::string>& suggestion_id, std::string_view logged_type) {
    storage::Event event;
    event.server_time_ms = service_.clock_.now_unix_ms();
    event.direction = storage::Direction::received;
    event.type = logged_type.empty() ? frame.type : std::string(logged_type);
    event.role = std::string(to_string(*role_));
    event.user = user_;
    event.conversation_id = std::string(conversation_id);
    event.client_event_id = client_event_id;
    event.payload_json = frame.raw;
    event.suggestion_id = suggestion_id;
    // The callback may run later on another thread: it holds the service (which outlives every
    // session) and the sink weakly, never this session.
    service_.store_.append(std::move(event), [&service = service_, sink = sink_, acknowledge, request_id = frame.request_id,
                                              type = frame.type](Result<std::int64_t> stored) {
        note_storage(service.storage_ok_, stored);
        if (!acknowledge) return;
        send_to(sink, stored ? protocol::ack_frame(*stored, request_id)
                             : protocol::error_frame(storage_error(stored.error(), request_id, type)));
    });
}

void Service::note_stored(const Result<std::int64_t>& stored) { note_storage(storage_ok_, stored); }

void ClientSession::log_sent(std::string_view type, std::string_view conversation_id, const std::string& frame) {
    storage::Event event;
    event.server_time_ms = service_.clock_.now_unix_ms();
    event.direction = storage::Direction::sent;
    event.type = std::string(type);
    event.role = std::string(to_string(*role_));
    event.user = user_;
    event.conversation_id = std::string(conversation_id);
    event.payload_json = frame;
    service_.store_.append(std::move(event),
                           [&service = service_](Result<std::int64_t> stored) { note_storage(service.storage_ok_, stored); });
}

}  // namespace huashu::service
