// The service's behaviour, independent of the network: what each client frame does and what
// is sent back. The network layer feeds frames in and delivers what comes out.
//
//   Service service(options, tokens, assistant, store, clock);
//   auto session = service.open_session(sink);    // per connection
//   session->on_frame(R"({"type":"hello",…})");    // answers go to `sink`
#pragma once

#include <atomic>
#include <map>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "huashu/core/clock.h"
#include "huashu/engine/assistant.h"
#include "huashu/metrics/kpis.h"
#include "huashu/protocol/frames.h"
#include "huashu/service/conversations.h"
#include "huashu/service/practice.h"
#include "huashu/service/tokens.h"
#include "huashu/service/waiting.h"
#include "huashu/storage/event_store.h"

namespace huashu::service {

// Where a session's outgoing frames go. Implemented by the network layer (and by tests).
class FrameSink {
public:
    virtual ~FrameSink() = default;
    // Queues one text frame. Thread-safe; may be called after close(), then it does nothing.
    virtual void send_text(std::string frame) = 0;
    // Sends what is queued, then closes the connection with a WebSocket close code. Thread-safe.
    virtual void close(std::uint16_t code, std::string reason) = 0;
};

// WebSocket close codes the service uses (RFC 6455 §7.4.1).
inline constexpr std::uint16_t kClosePolicyViolation = 1008;
inline constexpr std::uint16_t kCloseGoingAway = 1001;

struct ServiceOptions {
    protocol::Limits limits;
    // Suggestions per answer when the frame does not say `limit`.
    std::size_t default_suggestions = 5;
    std::string server_version = "huashu/0.1.0";
    metrics::KpiConfig kpis;

    // Live reminders to the agent while a buyer waits (timer frames), measured from the wait's
    // first message: good agents answer within 20–30 s, 60 s is an overtime, and nobody should
    // wait 5 minutes without at least a soothing message.
    struct Nudge {
        std::int64_t after_ms;
        std::string level;
        std::string message;
    };
    std::vector<Nudge> nudges = {
        {20'000, "reply_now", "买家已等待20秒，请尽快回复（30秒内回复计入30秒应答率）"},
        {60'000, "overtime", "买家已等待超过60秒，已计为一次超时，请立即回复"},
        {240'000, "soothe", "买家已等待4分钟：如需查询，请先发一句安抚的话（如“亲，正在为您查询，请稍等~”），不要让买家等过5分钟"},
    };
    PracticeOptions practice;
};

class ClientSession;

// Shared by all connections. Thread-safe.
class Service {
public:
    Service(ServiceOptions options, TokenTable tokens, std::shared_ptr<const engine::Assistant> assistant,
            storage::EventStore& store, const Clock& clock);

    // One per connection. The session holds `sink` weakly: answers that complete after the
    // connection is gone (a slow disk) are dropped, never sent to a dead connection.
    std::unique_ptr<ClientSession> open_session(std::weak_ptr<FrameSink> sink);

    // Swaps the phrasebook (a reload); answers in progress finish with the old one.
    void replace_assistant(std::shared_ptr<const engine::Assistant> assistant);
    std::shared_ptr<const engine::Assistant> assistant() const;

    std::string health_json() const;
    const ServiceOptions& options() const { return options_; }

    // Where nudges are scheduled. REQUIRES: set before the first connection; null disables nudges.
    void set_scheduler(Scheduler* scheduler) { scheduler_ = scheduler; }
    WaitingBoard& waiting() { return waiting_; }

    // Problems of the last rejected phrasebook edit (empty once a good one loaded), shown in
    // /healthz so that whoever edits the phrasebook sees why the edit is not serving.
    void set_phrasebook_problems(std::vector<phrasebook::LoadProblem> problems);
    Conversations& conversations() { return conversations_; }

private:
    friend class ClientSession;
    friend class PracticeSession;
    void note_stored(const Result<std::int64_t>& stored);

    void register_agent(const std::string& user, std::weak_ptr<FrameSink> sink);
    void schedule_nudges(const Wait& wait);
    void nudge(const std::string& conversation, std::uint64_t round, std::size_t which);

    ServiceOptions options_;
    TokenTable tokens_;
    storage::EventStore& store_;
    const Clock& clock_;
    std::int64_t started_steady_ms_;
    std::atomic<std::size_t> connections_{0};
    std::atomic<std::size_t> connections_reading_paused_{0};
    std::atomic<bool> storage_ok_{true};
    std::atomic<std::uint64_t> practices_started_{0};
    Conversations conversations_;
    WaitingBoard waiting_;
    Scheduler* scheduler_ = nullptr;
    std::mutex agents_mutex_;
    std::multimap<std::string, std::weak_ptr<FrameSink>> agent_sinks_;  // GUARDED_BY(agents_mutex_)
    mutable std::mutex assistant_mutex_;
    std::shared_ptr<const engine::Assistant> assistant_;      // GUARDED_BY(assistant_mutex_)
    std::vector<phrasebook::LoadProblem> phrasebook_problems_;  // GUARDED_BY(assistant_mutex_)
};

// One connection's state. Not thread-safe: the network layer calls it from one strand.
class ClientSession {
public:
    ClientSession(Service& service, std::weak_ptr<FrameSink> sink);
    ~ClientSession();
    ClientSession(const ClientSession&) = delete;
    ClientSession& operator=(const ClientSession&) = delete;

    // One frame from the client. Text and binary frames are read alike, as UTF-8 JSON: the
    // WebSocket layer has already refused invalid UTF-8 in a text frame (RFC 6455 close 1007),
    // so invalid bytes can only arrive in a binary frame, and get a `bad_text` error.
    void on_frame(std::string_view frame);

    bool authenticated() const { return role_.has_value(); }

    // The network layer stopped (true) or resumed (false) reading this connection because
    // answers wait for it; /healthz counts the connections it holds back.
    void set_reading_paused(bool paused);

private:
    void handle(const protocol::ClientFrame& frame, const protocol::Hello& hello);
    void handle(const protocol::ClientFrame& frame, const protocol::BuyerMessage& message);
    void handle(const protocol::ClientFrame& frame, const protocol::AgentMessage& message);
    void handle(const protocol::ClientFrame& frame, const protocol::SuggestQuery& query);
    void handle(const protocol::ClientFrame& frame, const protocol::Draft& draft);
    void handle(const protocol::ClientFrame& frame, const protocol::OrderEvent& event);
    void handle(const protocol::ClientFrame& frame, const protocol::Transfer& transfer);
    void handle(const protocol::ClientFrame& frame, const protocol::MetricsQuery& query);
    void handle(const protocol::ClientFrame& frame, const protocol::QueueRequest& query);
    void handle(const protocol::ClientFrame& frame, const protocol::Ping& ping);
    void handle(const protocol::ClientFrame& frame, const protocol::PracticeStart& start);
    void handle(const protocol::ClientFrame& frame, const protocol::PracticeStop& stop);
    // The practice conversation of this connection with that id, if any.
    std::shared_ptr<PracticeSession> practice(std::string_view conversation_id) const;

    bool may_send(const protocol::ClientFrame& frame) const;
    void send(std::string frame);
    void send_error(const protocol::ProtocolError& error);
    void close(std::uint16_t code, std::string reason);
    // Logs a received frame; with `acknowledge`, answers `ack` once durable, or an error.
    void log_received(const protocol::ClientFrame& frame, std::string_view conversation_id,
                      const std::optional<std::string>& client_event_id, bool acknowledge,
                      const std::optional<std::string>& suggestion_id = std::nullopt,
                      std::string_view logged_type = {});
    void log_sent(std::string_view type, std::string_view conversation_id, const std::string& frame);

    Service& service_;
    std::weak_ptr<FrameSink> sink_;
    bool reading_paused_ = false;
    std::optional<Role> role_;
    std::string user_;
    std::map<std::string, std::shared_ptr<PracticeSession>, std::less<>> practices_;
};

}  // namespace huashu::service
