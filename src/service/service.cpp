#include "huashu/service/service.h"

#include <type_traits>

namespace huashu::service {

using protocol::ClientFrame;
using protocol::ProtocolError;
namespace error_code = protocol::error_code;

Service::Service(ServiceOptions options, TokenTable tokens, std::shared_ptr<const engine::SuggestionEngine> engine,
                 storage::EventStore& store, const Clock& clock)
    : options_(std::move(options)),
      tokens_(std::move(tokens)),
      store_(store),
      clock_(clock),
      started_steady_ms_(clock.now_steady_ms()),
      engine_(std::move(engine)) {}

std::unique_ptr<ClientSession> Service::open_session(FrameSink& sink) {
    return std::make_unique<ClientSession>(*this, sink);
}

void Service::replace_engine(std::shared_ptr<const engine::SuggestionEngine> engine) {
    std::lock_guard lock(engine_mutex_);
    engine_ = std::move(engine);
}

std::shared_ptr<const engine::SuggestionEngine> Service::engine() const {
    std::lock_guard lock(engine_mutex_);
    return engine_;
}

std::string Service::health_json() const {
    protocol::Health health;
    health.phrasebook_entries = engine()->entry_count();
    health.uptime_ms = clock_.now_steady_ms() - started_steady_ms_;
    health.connections = connections_.load();
    health.server_version = options_.server_version;
    health.storage_ok = storage_ok_.load();
    return protocol::health_json(health);
}

ClientSession::ClientSession(Service& service, FrameSink& sink) : service_(service), sink_(sink) {
    ++service_.connections_;
}

ClientSession::~ClientSession() { --service_.connections_; }

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
        sink_.close(kClosePolicyViolation, "not authenticated");
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
    if (frame.type == "buyer_message" || frame.type == "agent_message") {
        return role == Role::agent || role == Role::simulator;
    }
    return true;  // suggest and ping: every role
}

void ClientSession::send_error(const ProtocolError& error) { sink_.send_text(protocol::error_frame(error)); }

void ClientSession::handle(const ClientFrame& frame, const protocol::Hello& hello) {
    const auto role = parse_role(hello.role);
    if (!role || !service_.tokens_.allows(*role, hello.user, hello.token)) {
        // One message for every failure, so that a caller cannot probe which users exist.
        send_error({error_code::not_authenticated, "unknown role, user or token", frame.request_id, frame.type});
        sink_.close(kClosePolicyViolation, "authentication failed");
        return;
    }
    role_ = role;
    user_ = hello.user;
    protocol::Welcome welcome{hello.role, hello.user, service_.options_.server_version,
                              service_.engine()->entry_count(), service_.options_.limits};
    sink_.send_text(protocol::welcome_frame(welcome, frame.request_id));
}

void ClientSession::handle(const ClientFrame& frame, const protocol::BuyerMessage& message) {
    const auto engine = service_.engine();
    const std::string answer = protocol::suggestions_frame(
        message.conversation_id, engine->suggest(message.text, message.limit.value_or(service_.options_.default_suggestions)),
        frame.request_id);
    // Suggestions go out first: the agent needs them now, the disk can follow.
    sink_.send_text(answer);
    log_received(frame, message.conversation_id, message.client_event_id, true);
    log_sent("suggestions", message.conversation_id, answer);
}

void ClientSession::handle(const ClientFrame& frame, const protocol::AgentMessage& message) {
    log_received(frame, message.conversation_id, message.client_event_id, true);
}

void ClientSession::handle(const ClientFrame& frame, const protocol::SuggestQuery& query) {
    const auto engine = service_.engine();
    const std::string conversation = query.conversation_id.value_or("");
    const std::string answer = protocol::suggestions_frame(
        conversation, engine->suggest(query.text, query.limit.value_or(service_.options_.default_suggestions)),
        frame.request_id);
    sink_.send_text(answer);
    log_received(frame, conversation, std::nullopt, false);
    log_sent("suggestions", conversation, answer);
}

void ClientSession::handle(const ClientFrame& frame, const protocol::Ping&) {
    sink_.send_text(protocol::pong_frame(frame.request_id));
}

void ClientSession::log_received(const ClientFrame& frame, std::string_view conversation_id,
                                 const std::optional<std::string>& client_event_id, bool acknowledge) {
    storage::Event event;
    event.server_time_ms = service_.clock_.now_unix_ms();
    event.direction = storage::Direction::received;
    event.type = frame.type;
    event.role = std::string(to_string(*role_));
    event.user = user_;
    event.conversation_id = std::string(conversation_id);
    event.client_event_id = client_event_id;
    event.payload_json = frame.raw;
    service_.store_.append(std::move(event), [this, acknowledge, request_id = frame.request_id,
                                              type = frame.type](Result<std::int64_t> stored) {
        if (stored || stored.error().code == ErrorCode::storage_unavailable) service_.storage_ok_ = stored.ok();
        if (!acknowledge) return;
        if (stored) {
            sink_.send_text(protocol::ack_frame(*stored, request_id));
        } else if (stored.error().code == ErrorCode::invalid_argument) {
            send_error({error_code::bad_field, stored.error().message, request_id, type});
        } else if (stored.error().code == ErrorCode::storage_unavailable) {
            send_error({error_code::storage_unavailable,
                        "the event was not stored (" + stored.error().message + "); send it again later",
                        request_id, type});
        } else {
            send_error({error_code::internal, "the event was not stored: " + stored.error().message, request_id, type});
        }
    });
}

void ClientSession::log_sent(std::string_view type, std::string_view conversation_id, const std::string& frame) {
    storage::Event event;
    event.server_time_ms = service_.clock_.now_unix_ms();
    event.direction = storage::Direction::sent;
    event.type = std::string(type);
    event.role = std::string(to_string(*role_));
    event.user = user_;
    event.conversation_id = std::string(conversation_id);
    event.payload_json = frame;
    service_.store_.append(std::move(event), [this](Result<std::int64_t> stored) {
        if (stored || stored.error().code == ErrorCode::storage_unavailable) service_.storage_ok_ = stored.ok();
    });
}

}  // namespace huashu::service
