// Follows Beast's asynchronous WebSocket client: resolve, connect, upgrade, then one read
// always pending and one write in flight with the rest queued, all on the connection's strand.
// The blocking Client is a Connection on a private io_context and thread.
#include "huashu/simulator/client.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <charconv>
#include <condition_variable>
#include <deque>
#include <fstream>
#include <future>
#include <mutex>
#include <sstream>
#include <thread>

namespace huashu::simulator {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using nlohmann::json;

namespace {
// The request_id of our hello, so that the welcome (and a refusal) can be recognised.
constexpr const char* kHelloRequestId = "huashu-sim-hello";
}  // namespace

Result<WebsocketUrl> parse_websocket_url(std::string_view url) {
    const std::string shown = "'" + std::string(url) + "'";
    constexpr std::string_view kScheme = "ws://";
    if (url.rfind("wss://", 0) == 0) {
        return make_error(ErrorCode::invalid_argument, "URL " + shown + ": wss:// is not supported; huashu serves plain ws://");
    }
    if (url.rfind(kScheme, 0) != 0) {
        return make_error(ErrorCode::invalid_argument, "URL " + shown + " must start with ws://, e.g. ws://127.0.0.1:8765/ws");
    }
    std::string_view rest = url.substr(kScheme.size());
    const std::size_t slash = rest.find_first_of("/?#");
    std::string_view authority = rest.substr(0, slash);
    WebsocketUrl result;
    if (slash != std::string_view::npos) {
        if (rest[slash] == '#') return make_error(ErrorCode::invalid_argument, "URL " + shown + ": a WebSocket URL has no #fragment");
        result.target = std::string(rest.substr(slash));
        if (result.target.front() == '?') result.target.insert(0, "/");
    }
    if (authority.find('@') != std::string_view::npos) {
        return make_error(ErrorCode::invalid_argument, "URL " + shown + ": user:password@ is not supported; use a token");
    }
    std::string_view port_text;
    if (!authority.empty() && authority.front() == '[') {
        const std::size_t close = authority.find(']');
        if (close == std::string_view::npos) return make_error(ErrorCode::invalid_argument, "URL " + shown + ": '[' without ']'");
        result.host = std::string(authority.substr(1, close - 1));
        std::string_view after = authority.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':') return make_error(ErrorCode::invalid_argument, "URL " + shown + ": expected ':PORT' after ']'");
            port_text = after.substr(1);
            if (port_text.empty()) return make_error(ErrorCode::invalid_argument, "URL " + shown + ": empty port after ':'");
        }
    } else {
        const std::size_t colon = authority.rfind(':');
        result.host = std::string(authority.substr(0, colon));
        if (colon != std::string_view::npos) {
            port_text = authority.substr(colon + 1);
            if (port_text.empty()) return make_error(ErrorCode::invalid_argument, "URL " + shown + ": empty port after ':'");
        }
    }
    if (result.host.empty()) return make_error(ErrorCode::invalid_argument, "URL " + shown + " has no host");
    if (!port_text.empty()) {
        unsigned int port = 0;
        const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
        if (ec != std::errc() || end != port_text.data() + port_text.size() || port == 0 || port > 65535) {
            return make_error(ErrorCode::invalid_argument,
                              "URL " + shown + ": port '" + std::string(port_text) + "' is not a number from 1 to 65535");
        }
        result.port = static_cast<std::uint16_t>(port);
    }
    return result;
}

Result<Credentials> read_credentials(const std::filesystem::path& tokens_file, std::string_view role) {
    std::ifstream in(tokens_file);
    if (!in) return make_error(ErrorCode::not_found, "cannot read tokens file " + tokens_file.string());
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        std::istringstream words(line);
        Credentials found;
        if (!(words >> found.role) || found.role.front() == '#') continue;
        std::string extra;
        if (!(words >> found.user >> found.token) || (words >> extra)) {
            return make_error(ErrorCode::parse_error,
                              tokens_file.string() + ":" + std::to_string(number) + ": expected 'ROLE USER TOKEN'");
        }
        if (found.role == role) return found;
    }
    return make_error(ErrorCode::not_found, tokens_file.string() + " has no line for role '" + std::string(role) + "'");
}

class Connection::Impl final : public std::enable_shared_from_this<Impl> {
public:
    Impl(asio::io_context& io, ClientOptions options)
        : strand_(asio::make_strand(io)), resolver_(strand_), ws_(strand_), hello_timer_(strand_), options_(std::move(options)) {}

    void set_frame_handler(FrameHandler handler) {
        asio::post(strand_, [self = shared_from_this(), handler = std::move(handler)]() mutable {
            self->frame_handler_ = std::move(handler);
        });
    }

    void set_close_handler(CloseHandler handler) {
        asio::post(strand_, [self = shared_from_this(), handler = std::move(handler)]() mutable {
            self->close_handler_ = std::move(handler);
        });
    }

    void connect(const WebsocketUrl& url, const Credentials& credentials, WelcomeHandler on_welcome) {
        asio::post(strand_, [self = shared_from_this(), url, credentials, on_welcome = std::move(on_welcome)]() mutable {
            self->start_connect(std::move(url), std::move(credentials), std::move(on_welcome));
        });
    }

    void send_text(std::string frame) {
        asio::post(strand_, [self = shared_from_this(), frame = std::move(frame)]() mutable {
            if (self->close_requested_ || self->ended_) return;
            self->queue_.push_back(std::move(frame));
            if (self->upgraded_ && !self->writing_) self->do_write();
        });
    }

    void close() {
        asio::post(strand_, [self = shared_from_this()] { self->request_close(); });
    }

private:
    void start_connect(WebsocketUrl url, Credentials credentials, WelcomeHandler on_welcome) {
        welcome_handler_ = std::move(on_welcome);
        if (close_requested_) return abort_connect("closed before it was connected");
        url_ = std::move(url);
        // Built now so that the credentials need not be kept.
        hello_ = json{{"type", "hello"}, {"request_id", kHelloRequestId}, {"role", credentials.role},
                      {"user", credentials.user}, {"token", credentials.token}}
                     .dump();
        // One deadline covers resolve, connect and upgrade, as ClientOptions promises.
        connect_deadline_ = std::chrono::steady_clock::now() + options_.connect_timeout;
        hello_timer_.expires_at(connect_deadline_);
        hello_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
            if (!ec && !self->upgraded_) self->abort_connect("timed out connecting to " + self->where());
        });
        resolver_.async_resolve(url_.host, std::to_string(url_.port),
                                beast::bind_front_handler(&Impl::on_resolve, shared_from_this()));
    }

    std::string where() const {
        const bool ipv6 = url_.host.find(':') != std::string::npos;
        return (ipv6 ? "[" + url_.host + "]" : url_.host) + ":" + std::to_string(url_.port);
    }

    void on_resolve(beast::error_code ec, tcp::resolver::results_type results) {
        if (!welcome_handler_) return;
        if (ec) return abort_connect("cannot resolve " + url_.host + ": " + ec.message());
        beast::get_lowest_layer(ws_).expires_at(connect_deadline_);
        beast::get_lowest_layer(ws_).async_connect(results, beast::bind_front_handler(&Impl::on_connect, shared_from_this()));
    }

    void on_connect(beast::error_code ec, const tcp::endpoint&) {
        if (!welcome_handler_) return;
        if (ec) return abort_connect("cannot connect to " + where() + ": " + ec.message());
        beast::get_lowest_layer(ws_).socket().set_option(tcp::no_delay(true), ec);
        // Beast's own timeouts take over from the TCP stream's once the upgrade starts.
        beast::get_lowest_layer(ws_).expires_never();
        websocket::stream_base::timeout timeouts{};
        timeouts.handshake_timeout = std::max<std::chrono::steady_clock::duration>(
            connect_deadline_ - std::chrono::steady_clock::now(), std::chrono::milliseconds(1));
        timeouts.idle_timeout = websocket::stream_base::none();
        timeouts.keep_alive_pings = false;
        ws_.set_option(timeouts);
        ws_.set_option(websocket::stream_base::decorator([user_agent = options_.user_agent, origin = options_.origin](
                                                             websocket::request_type& request) {
            request.set(http::field::user_agent, user_agent);
            if (origin) request.set(http::field::origin, *origin);
        }));
        ws_.read_message_max(options_.max_message_bytes);
        ws_.async_handshake(upgrade_response_, where(), url_.target,
                            beast::bind_front_handler(&Impl::on_upgrade, shared_from_this()));
    }

    void on_upgrade(beast::error_code ec) {
        if (!welcome_handler_) return;
        if (ec) {
            std::string message = "WebSocket upgrade at " + where() + url_.target + " failed: ";
            if (ec == websocket::error::upgrade_declined && upgrade_response_.result_int() != 0) {
                message += "HTTP " + std::to_string(upgrade_response_.result_int()) + " " + upgrade_response_.body();
            } else {
                message += ec.message();
            }
            return abort_connect(message);
        }
        upgraded_ = true;
        hello_timer_.expires_after(options_.hello_timeout);
        hello_timer_.async_wait([self = shared_from_this()](beast::error_code wait_error) {
            if (!wait_error && self->welcome_handler_) {
                self->abort_connect("no welcome within " + std::to_string(self->options_.hello_timeout.count()) + " ms");
            }
        });
        queue_.push_front(std::move(hello_));
        do_write();
        do_read();
    }

    void do_read() { ws_.async_read(read_buffer_, beast::bind_front_handler(&Impl::on_read, shared_from_this())); }

    void on_read(beast::error_code ec, std::size_t) {
        if (ec) return end(ec);
        const char* begin = static_cast<const char*>(read_buffer_.data().data());
        json frame = json::parse(begin, begin + read_buffer_.size(), nullptr, false);
        read_buffer_.consume(read_buffer_.size());
        if (frame.is_discarded() || !frame.is_object()) {
            if (welcome_handler_) return abort_connect("the server sent a frame that is not a JSON object");
            // Clients must ignore what they do not understand (docs/protocol.md, Versioning);
            // a frame that is not even JSON is passed on for the caller to count.
            frame = json{{"type", "invalid_frame"}};
        }
        if (welcome_handler_) {
            if (!receive_welcome(frame)) return;
        } else if (frame_handler_) {
            frame_handler_(std::move(frame));
        }
        do_read();
    }

    // False when the connection failed.
    bool receive_welcome(const json& frame) {
        const std::string type = frame.value("type", "");
        if (type == "welcome") {
            hello_timer_.cancel();
            auto handler = std::exchange(welcome_handler_, nullptr);
            handler(frame);
            return true;
        }
        if (type == "error") {
            abort_connect("hello refused: " + frame.value("code", "?") + ": " + frame.value("message", ""));
        } else {
            abort_connect("expected 'welcome' after hello, got '" + type + "'");
        }
        return false;
    }

    void do_write() {
        writing_ = true;
        ws_.text(true);
        ws_.async_write(asio::buffer(queue_.front()), beast::bind_front_handler(&Impl::on_write, shared_from_this()));
    }

    void on_write(beast::error_code ec, std::size_t) {
        writing_ = false;
        queue_.pop_front();
        if (ec) {
            queue_.clear();
            return;  // the pending read reports the failure
        }
        if (!queue_.empty()) {
            do_write();
        } else if (close_requested_) {
            do_close();
        }
    }

    void request_close() {
        if (close_requested_) return;
        close_requested_ = true;
        if (welcome_handler_ && !upgraded_) return abort_connect("closed before it was connected");
        if (upgraded_ && !writing_) do_close();
    }

    void do_close() {
        if (close_sent_ || ended_) return;
        close_sent_ = true;
        ws_.async_close(websocket::close_code::normal, [self = shared_from_this()](beast::error_code ec) {
            // The pending read ends with `closed` once the server answers; if the close could
            // not be sent at all, the socket is finished.
            if (ec) self->shutdown_socket();
        });
    }

    void abort_connect(const std::string& message) {
        if (auto handler = std::exchange(welcome_handler_, nullptr)) {
            close_requested_ = true;
            shutdown_socket();
            release_handlers();
            handler(make_error(ErrorCode::io_error, message));
        }
    }

    void end(beast::error_code ec) {
        if (ended_) return;
        ended_ = true;
        hello_timer_.cancel();
        if (welcome_handler_) {
            std::string message = "connection to " + where() + " ended before the welcome: ";
            message += ec == websocket::error::closed ? close_description() : ec.message();
            return abort_connect(message);
        }
        Status why;
        // After our own close, Beast ends the pending read with `closed`, or with
        // `operation_aborted` when the close handshake completes first.
        const bool we_closed = close_requested_ && (ec == websocket::error::closed || ec == asio::error::operation_aborted);
        if (!we_closed) {
            const std::string cause = ec == websocket::error::closed ? close_description() : ec.message();
            why = make_error(ErrorCode::io_error, "connection to " + where() + " ended: " + cause);
        }
        auto handler = std::move(close_handler_);
        release_handlers();
        shutdown_socket();
        if (handler) handler(why);
    }

    std::string close_description() const {
        const websocket::close_reason& reason = ws_.reason();
        std::string text = "closed by the server with code " + std::to_string(reason.code);
        if (!reason.reason.empty()) text += " (" + std::string(reason.reason.data(), reason.reason.size()) + ")";
        return text;
    }

    // Handlers may hold the Connection; dropping them breaks that cycle once nothing more can come.
    void release_handlers() {
        frame_handler_ = nullptr;
        close_handler_ = nullptr;
    }

    void shutdown_socket() {
        beast::error_code ignored;
        resolver_.cancel();
        hello_timer_.cancel();
        auto& socket = beast::get_lowest_layer(ws_).socket();
        if (socket.is_open()) {
            socket.shutdown(tcp::socket::shutdown_both, ignored);
            socket.close(ignored);
        }
    }

    asio::strand<asio::io_context::executor_type> strand_;
    tcp::resolver resolver_;
    websocket::stream<beast::tcp_stream> ws_;
    asio::steady_timer hello_timer_;
    ClientOptions options_;
    WebsocketUrl url_;
    std::string hello_;
    std::chrono::steady_clock::time_point connect_deadline_;
    websocket::response_type upgrade_response_;
    beast::flat_buffer read_buffer_;
    std::deque<std::string> queue_;
    WelcomeHandler welcome_handler_;  // set from connect() until the welcome or the failure
    FrameHandler frame_handler_;
    CloseHandler close_handler_;
    bool upgraded_ = false;
    bool writing_ = false;
    bool close_requested_ = false;
    bool close_sent_ = false;
    bool ended_ = false;
};

std::shared_ptr<Connection> Connection::create(asio::io_context& io, ClientOptions options) {
    return std::shared_ptr<Connection>(new Connection(std::make_shared<Impl>(io, std::move(options))));
}

Connection::Connection(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
Connection::~Connection() { impl_->close(); }
void Connection::on_frame(FrameHandler handler) { impl_->set_frame_handler(std::move(handler)); }
void Connection::on_close(CloseHandler handler) { impl_->set_close_handler(std::move(handler)); }
void Connection::connect(const WebsocketUrl& url, const Credentials& credentials, WelcomeHandler on_welcome) {
    impl_->connect(url, credentials, std::move(on_welcome));
}
void Connection::send(const json& frame) { impl_->send_text(frame.dump()); }
void Connection::send_text(std::string frame) { impl_->send_text(std::move(frame)); }
void Connection::close() { impl_->close(); }

struct Client::State {
    // Declared first so that it is destroyed last: the connection's handlers live in it.
    asio::io_context io;
    asio::executor_work_guard<asio::io_context::executor_type> work{io.get_executor()};
    std::thread thread;
    std::shared_ptr<Connection> connection;
    json welcome;

    std::mutex mutex;
    std::condition_variable changed;
    std::deque<json> frames;          // GUARDED_BY(mutex)
    std::optional<Status> ended;      // GUARDED_BY(mutex)

    ~State() {
        connection.reset();
        work.reset();
        io.stop();
        if (thread.joinable()) thread.join();
    }
};

Result<Client> Client::connect(std::string_view url, const Credentials& credentials, ClientOptions options) {
    auto parsed = parse_websocket_url(url);
    if (!parsed) return parsed.error();
    auto state = std::make_unique<State>();
    State* shared = state.get();
    state->connection = Connection::create(state->io, std::move(options));
    state->connection->on_frame([shared](json frame) {
        std::lock_guard lock(shared->mutex);
        shared->frames.push_back(std::move(frame));
        shared->changed.notify_all();
    });
    state->connection->on_close([shared](Status why) {
        std::lock_guard lock(shared->mutex);
        shared->ended = std::move(why);
        shared->changed.notify_all();
    });
    std::promise<Result<json>> welcomed;
    state->connection->connect(*parsed, credentials, [&welcomed](Result<json> welcome) { welcomed.set_value(std::move(welcome)); });
    state->thread = std::thread([shared] { shared->io.run(); });
    // No timeout here: the connection enforces connect_timeout and hello_timeout itself.
    Result<json> welcome = welcomed.get_future().get();
    if (!welcome) return welcome.error();
    state->welcome = std::move(*welcome);
    return Client(std::move(state));
}

Client::Client(std::unique_ptr<State> state) : state_(std::move(state)) {}
Client::Client(Client&&) noexcept = default;
Client& Client::operator=(Client&&) noexcept = default;
Client::~Client() {
    if (state_) close();
}

const json& Client::welcome() const { return state_->welcome; }

Status Client::send(const json& frame) {
    {
        std::lock_guard lock(state_->mutex);
        if (state_->ended) return make_error(ErrorCode::io_error, "the connection has ended");
    }
    state_->connection->send(frame);
    return {};
}

Result<json> Client::receive(std::chrono::milliseconds timeout) {
    std::unique_lock lock(state_->mutex);
    state_->changed.wait_for(lock, timeout, [this] { return !state_->frames.empty() || state_->ended; });
    if (!state_->frames.empty()) {
        json frame = std::move(state_->frames.front());
        state_->frames.pop_front();
        return frame;
    }
    if (state_->ended) {
        return state_->ended->ok() ? make_error(ErrorCode::io_error, "the connection was closed") : state_->ended->error();
    }
    return make_error(ErrorCode::timeout, "no frame within " + std::to_string(timeout.count()) + " ms");
}

void Client::close(std::chrono::milliseconds timeout) {
    state_->connection->close();
    std::unique_lock lock(state_->mutex);
    state_->changed.wait_for(lock, timeout, [this] { return state_->ended.has_value(); });
}

}  // namespace huashu::simulator
