// The network layer follows Beast's advanced server: a listener accepts each connection onto
// its own strand; an HTTP session reads requests and either answers them (/healthz) or hands
// the socket to a WebSocket session. A WebSocket session keeps one write in flight, queues the
// rest (bounded), stops reading while too many wait (backpressure), and hands every received
// frame to its service::ClientSession.
#include "huashu/net/server.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <algorithm>
#include <deque>
#include <iostream>
#include <mutex>
#include <thread>

namespace huashu::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

namespace {
constexpr std::size_t kMaxHttpHeaderBytes = 8 * 1024;
constexpr std::size_t kMaxHttpBodyBytes = 8 * 1024;
constexpr auto kShutdownGrace = std::chrono::seconds(3);
constexpr auto kAcceptRetry = std::chrono::milliseconds(200);
}  // namespace

class WebsocketSession;

// Nudges as Asio steady timers: each task gets its own timer, which lives until it fires.
class AsioScheduler final : public service::Scheduler {
public:
    explicit AsioScheduler(asio::io_context& io) : io_(io) {}
    void at(std::int64_t steady_ms, std::function<void()> task) override {
        auto timer = std::make_shared<asio::steady_timer>(
            io_, std::chrono::steady_clock::time_point(std::chrono::milliseconds(steady_ms)));
        timer->async_wait([timer, task = std::move(task)](beast::error_code ec) {
            if (!ec) task();
        });
    }

private:
    asio::io_context& io_;
};

class Server::State {
public:
    State(ServerOptions options_in, service::Service& service_in) : options(std::move(options_in)), service(service_in) {}
    // Sessions still queued in `io` are freed by its destructor and must not touch it then.
    ~State() { destroying = true; }

    // Members above `io` outlive every session, which io's destructor frees with its handlers.
    ServerOptions options;
    service::Service& service;
    std::mutex sessions_mutex;
    std::vector<std::weak_ptr<WebsocketSession>> sessions;  // GUARDED_BY(sessions_mutex)
    std::atomic<bool> stopping{false};
    std::atomic<bool> destroying{false};

    asio::io_context io;
    // Accepting, signals and shutdown all run on this one strand, so that stopping never races
    // an accept in flight on another I/O thread.
    asio::strand<asio::io_context::executor_type> control{io.get_executor()};
    tcp::acceptor acceptor{control};
    asio::signal_set signals{control};
    asio::steady_timer shutdown_deadline{control};
    asio::steady_timer accept_retry{control};
    AsioScheduler scheduler{io};

    bool origin_allowed(std::string_view origin) const {
        return origin.empty() ||
               std::find(options.allowed_origins.begin(), options.allowed_origins.end(), origin) != options.allowed_origins.end();
    }
    void add_session(const std::shared_ptr<WebsocketSession>& session);
    void session_ended();
    void do_accept();
    void begin_stop();
};

class WebsocketSession final : public std::enable_shared_from_this<WebsocketSession>, public service::FrameSink {
public:
    WebsocketSession(tcp::socket&& socket, Server::State& state) : ws_(std::move(socket)), state_(state) {}
    ~WebsocketSession() override {
        client_.reset();
        if (registered_) state_.session_ended();
    }

    void run(http::request<http::string_body> request) {
        ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
        ws_.set_option(websocket::stream_base::decorator([](websocket::response_type& response) {
            response.set(http::field::server, "huashu");
        }));
        ws_.read_message_max(state_.options.max_message_bytes);
        ws_.async_accept(request, beast::bind_front_handler(&WebsocketSession::on_accept, shared_from_this()));
    }

    void send_text(std::string frame) override {
        asio::post(ws_.get_executor(), [self = shared_from_this(), frame = std::move(frame)]() mutable {
            self->enqueue(std::move(frame));
        });
    }

    void close(std::uint16_t code, std::string reason) override {
        asio::post(ws_.get_executor(), [self = shared_from_this(), code, reason = std::move(reason)]() mutable {
            self->request_close(code, std::move(reason));
        });
    }

private:
    void on_accept(beast::error_code ec) {
        if (ec) return;  // handshake failed: nothing was opened, nothing to clean up
        client_ = state_.service.open_session(weak_from_this());
        registered_ = true;
        state_.add_session(shared_from_this());
        if (state_.stopping) {
            request_close(service::kCloseGoingAway, "server shutting down");
        }
        do_read();
    }

    void do_read() { ws_.async_read(buffer_, beast::bind_front_handler(&WebsocketSession::on_read, shared_from_this())); }

    void on_read(beast::error_code ec, std::size_t) {
        // Any read error ends the session: the peer closed, timed out, or broke the protocol
        // (Beast has already answered a too-big message with close code 1009).
        if (ec) return;
        const std::string frame = beast::buffers_to_string(buffer_.data());
        buffer_.consume(buffer_.size());
        if (!close_requested_) client_->on_frame(frame);
        // Answers to earlier frames are still waiting to be written: read no more until the
        // client has taken some of them (on_write resumes), so a fast sender that reads slowly
        // is slowed down by TCP instead of filling the queue.
        if (queue_.size() >= state_.options.pause_reading_at_queued_frames) {
            reading_paused_ = true;
            client_->set_reading_paused(true);
            return;
        }
        do_read();
    }

    void enqueue(std::string frame) {
        if (close_requested_) return;
        if (queue_.size() >= state_.options.max_queued_frames) {
            // The client is not reading; dropping it protects every other connection. The
            // frame being written stays: async_write still reads from it.
            std::cerr << "huashu: disconnecting a client that stopped reading (" << queue_.size() << " frames waiting)\n";
            queue_.erase(writing_ ? std::next(queue_.begin()) : queue_.begin(), queue_.end());
            request_close(websocket::close_code::policy_error, "client too slow to read");
            return;
        }
        queue_.push_back(std::move(frame));
        if (!writing_) do_write();
    }

    void request_close(std::uint16_t code, std::string reason) {
        if (close_requested_) return;
        close_requested_ = true;
        close_reason_ = websocket::close_reason(static_cast<websocket::close_code>(code), reason);
        if (!writing_) do_close();
    }

    void do_write() {
        writing_ = true;
        ws_.text(true);
        ws_.async_write(asio::buffer(queue_.front()), beast::bind_front_handler(&WebsocketSession::on_write, shared_from_this()));
    }

    void on_write(beast::error_code ec, std::size_t) {
        writing_ = false;
        queue_.pop_front();
        if (ec) {
            queue_.clear();
            return;
        }
        if (reading_paused_ && !close_requested_ && queue_.size() <= state_.options.pause_reading_at_queued_frames / 2) {
            reading_paused_ = false;
            client_->set_reading_paused(false);
            do_read();
        }
        if (!queue_.empty()) {
            do_write();
        } else if (close_requested_) {
            do_close();
        }
    }

    void do_close() {
        if (close_sent_) return;
        close_sent_ = true;
        ws_.async_close(close_reason_, [self = shared_from_this()](beast::error_code) {});
    }

    websocket::stream<beast::tcp_stream> ws_;
    beast::flat_buffer buffer_;
    Server::State& state_;
    std::unique_ptr<service::ClientSession> client_;
    std::deque<std::string> queue_;
    bool writing_ = false;
    bool reading_paused_ = false;
    bool close_requested_ = false;
    bool close_sent_ = false;
    bool registered_ = false;
    websocket::close_reason close_reason_;
};

class HttpSession final : public std::enable_shared_from_this<HttpSession> {
public:
    HttpSession(tcp::socket&& socket, Server::State& state) : stream_(std::move(socket)), state_(state) {}

    void run() { asio::dispatch(stream_.get_executor(), beast::bind_front_handler(&HttpSession::do_read, shared_from_this())); }

private:
    void do_read() {
        parser_.emplace();
        parser_->header_limit(kMaxHttpHeaderBytes);
        parser_->body_limit(kMaxHttpBodyBytes);
        stream_.expires_after(state_.options.handshake_timeout);
        http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
    }

    void on_read(beast::error_code ec, std::size_t) {
        if (ec == http::error::end_of_stream) {
            stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
            return;
        }
        if (ec) return;
        http::request<http::string_body> request = parser_->release();
        if (websocket::is_upgrade(request)) {
            if (request.target() != "/ws") return respond(json_response(request, http::status::not_found, "no WebSocket at this path; use /ws"));
            if (!state_.origin_allowed(request[http::field::origin])) {
                return respond(json_response(request, http::status::forbidden, "origin not allowed"));
            }
            stream_.expires_never();
            std::make_shared<WebsocketSession>(stream_.release_socket(), state_)->run(std::move(request));
            return;
        }
        if (request.target() == "/healthz" || request.target() == "/ws") {
            if (request.method() != http::verb::get && request.method() != http::verb::head) {
                return respond(json_response(request, http::status::method_not_allowed, "only GET is allowed here"));
            }
            if (request.target() == "/ws") {
                return respond(json_response(request, http::status::upgrade_required, "this path takes WebSocket connections"));
            }
            auto response = std::make_shared<http::response<http::string_body>>(http::status::ok, request.version());
            response->set(http::field::content_type, "application/json");
            response->body() = state_.service.health_json();
            return respond(finish(request, std::move(response)));
        }
        respond(json_response(request, http::status::not_found, "not found"));
    }

    using Response = std::shared_ptr<http::response<http::string_body>>;

    static Response finish(const http::request<http::string_body>& request, Response response) {
        response->set(http::field::server, "huashu");
        response->set(http::field::cache_control, "no-store");
        response->keep_alive(request.keep_alive());
        response->prepare_payload();
        if (request.method() == http::verb::head) response->body().clear();
        return response;
    }

    static Response json_response(const http::request<http::string_body>& request, http::status status, std::string_view message) {
        auto response = std::make_shared<http::response<http::string_body>>(status, request.version());
        response->set(http::field::content_type, "application/json");
        // `message` is always one of our own ASCII literals, so no escaping is needed.
        response->body() = std::string(R"({"error":")") + std::string(message) + "\"}";
        return finish(request, std::move(response));
    }

    void respond(Response response) {
        const bool keep_alive = response->keep_alive();
        http::async_write(stream_, *response, [self = shared_from_this(), response, keep_alive](beast::error_code ec, std::size_t) {
            if (ec) return;
            if (!keep_alive) {
                self->stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
                return;
            }
            self->do_read();
        });
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    Server::State& state_;
    std::optional<http::request_parser<http::string_body>> parser_;
};

void Server::State::add_session(const std::shared_ptr<WebsocketSession>& session) {
    std::lock_guard lock(sessions_mutex);
    std::erase_if(sessions, [](const auto& weak) { return weak.expired(); });
    sessions.push_back(session);
}

void Server::State::session_ended() {
    if (!stopping || destroying) return;
    std::lock_guard lock(sessions_mutex);
    const bool any_alive = std::any_of(sessions.begin(), sessions.end(), [](const auto& weak) { return !weak.expired(); });
    if (!any_alive) io.stop();
}

void Server::State::do_accept() {
    acceptor.async_accept(asio::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
        if (ec) {
            if (ec == asio::error::operation_aborted || !acceptor.is_open()) return;
            // Out of file descriptors and the like: keep serving the connections we have and
            // try again a little later, instead of spinning on an error that repeats at once.
            std::cerr << "huashu: accept failed: " << ec.message() << "; retrying in " << kAcceptRetry.count() << " ms\n";
            accept_retry.expires_after(kAcceptRetry);
            accept_retry.async_wait([this](beast::error_code wait_error) {
                if (!wait_error && !stopping) do_accept();
            });
            return;
        }
        // Small frames must leave at once: with Nagle's algorithm a suggestion waits for the
        // client's next packet to carry the ACK, which costs each answer up to the gap between
        // a buyer's messages (25 ms at 2000 messages/s, measured with huashu-sim load).
        beast::error_code no_delay_error;
        socket.set_option(tcp::no_delay(true), no_delay_error);
        std::make_shared<HttpSession>(std::move(socket), *this)->run();
        do_accept();
    });
}

void Server::State::begin_stop() {
    if (stopping.exchange(true)) return;
    beast::error_code ignored;
    acceptor.close(ignored);
    signals.cancel(ignored);
    accept_retry.cancel();
    std::vector<std::shared_ptr<WebsocketSession>> live;
    {
        std::lock_guard lock(sessions_mutex);
        for (const auto& weak : sessions) {
            if (auto session = weak.lock()) live.push_back(std::move(session));
        }
    }
    if (live.empty()) {
        io.stop();
        return;
    }
    for (const auto& session : live) session->close(service::kCloseGoingAway, "server shutting down");
    shutdown_deadline.expires_after(kShutdownGrace);
    shutdown_deadline.async_wait([this](beast::error_code ec) {
        if (!ec) io.stop();
    });
}

Server::Server(ServerOptions options, service::Service& service)
    : state_(std::make_shared<State>(std::move(options), service)) {}

Server::~Server() = default;

Result<BoundEndpoint> Server::start() {
    State& s = *state_;
    beast::error_code ec;
    const auto address = asio::ip::make_address(s.options.host, ec);
    if (ec) return make_error(ErrorCode::invalid_argument, "'" + s.options.host + "' is not an IP address");
    const tcp::endpoint endpoint(address, s.options.port);
    const std::string where = s.options.host + ":" + std::to_string(s.options.port);
    s.acceptor.open(endpoint.protocol(), ec);
    if (!ec) s.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) s.acceptor.bind(endpoint, ec);
    if (!ec) s.acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) return make_error(ErrorCode::io_error, "cannot listen on " + where + ": " + ec.message());

    BoundEndpoint bound{s.options.host, s.acceptor.local_endpoint().port()};
    if (s.options.allowed_origins.empty()) {
        const std::string port = std::to_string(bound.port);
        s.options.allowed_origins = {"http://" + bound.host + ":" + port, "http://localhost:" + port,
                                     "http://127.0.0.1:" + port};
    }
    s.signals.add(SIGINT);
    s.signals.add(SIGTERM);
    s.signals.async_wait([&s](beast::error_code ec, int) {
        if (!ec) s.begin_stop();
    });
    asio::dispatch(s.control, [&s] { s.do_accept(); });
    return bound;
}

void Server::run() {
    std::vector<std::thread> extra;
    for (std::size_t i = 1; i < std::max<std::size_t>(state_->options.threads, 1); ++i) {
        extra.emplace_back([this] { state_->io.run(); });
    }
    state_->io.run();
    for (std::thread& t : extra) t.join();
}

service::Scheduler& Server::scheduler() { return state_->scheduler; }

void Server::stop() {
    asio::post(state_->control, [state = state_.get()] { state->begin_stop(); });
}

}  // namespace huashu::net
