// A WebSocket client for the Huashu protocol, for programs that play the buyer's or the
// agent's side (huashu-sim). Two flavours over one implementation:
//
//   // Blocking, one connection, its own I/O thread (scripts, practice, replay):
//   auto client = Client::connect("ws://127.0.0.1:8765/ws", *read_credentials("var/tokens", "simulator"));
//   if (!client) return client.error();
//   client->send({{"type", "buyer_message"}, {"conversation_id", "c1"}, {"buyer_id", "b1"}, {"text", "包邮吗"}});
//   auto suggestions = client->receive(std::chrono::seconds(5));
//
//   // Asynchronous, many connections on one io_context (load):
//   auto connection = Connection::create(io);
//   connection->on_frame([](nlohmann::json frame) { ... });
//   connection->on_close([](Status why) { ... });
//   connection->connect(*parse_websocket_url(url), credentials, [](Result<nlohmann::json> welcome) { ... });
//   io.run();
//
// No Origin header is sent unless ClientOptions::origin says so: the server accepts programs
// without one (they authenticate with tokens), and refuses any Origin it was not told to allow.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "huashu/core/result.h"

namespace boost::asio {
class io_context;
}

namespace huashu::simulator {

// Where to connect: `ws://HOST[:PORT][/PATH]`. IPv6 hosts go in brackets: `ws://[::1]:8765/ws`.
struct WebsocketUrl {
    std::string host;
    std::uint16_t port = 80;
    std::string target = "/";  // path and query, as sent in the request line
};

// Fails with a message naming the part that is wrong (scheme, host, port).
Result<WebsocketUrl> parse_websocket_url(std::string_view url);

struct Credentials {
    std::string role;
    std::string user;
    std::string token;
};

// The first `ROLE USER TOKEN` line of a tokens file (the format `huashu serve` reads) whose
// role is `role`. Blank lines and `#` comments are skipped.
Result<Credentials> read_credentials(const std::filesystem::path& tokens_file, std::string_view role);

struct ClientOptions {
    // Resolving, TCP connect and the WebSocket upgrade together.
    std::chrono::milliseconds connect_timeout{5000};
    // From sending `hello` to the `welcome`.
    std::chrono::milliseconds hello_timeout{5000};
    // Unset: no Origin header, which the server always accepts from non-browser programs.
    std::optional<std::string> origin;
    // Larger incoming messages fail the connection (the server's own hard limit is 1 MiB).
    std::size_t max_message_bytes = 1024 * 1024;
    std::string user_agent = "huashu-sim/0.1.0";
};

// One asynchronous connection. Every handler of one connection runs on that connection's own
// strand, so handlers of one connection never run concurrently; handlers of different
// connections may, when several threads run the io_context.
class Connection {
public:
    using WelcomeHandler = std::function<void(Result<nlohmann::json> welcome)>;
    using FrameHandler = std::function<void(nlohmann::json frame)>;
    // Called once, when a connection that was welcomed ends: ok() after close() on our side,
    // an error naming the cause (the server's close code and reason, a network error) otherwise.
    using CloseHandler = std::function<void(Status why)>;

    // REQUIRES: `io` outlives the Connection and is run by the caller. Destroying the handle
    // closes the connection as close() does.
    static std::shared_ptr<Connection> create(boost::asio::io_context& io, ClientOptions options = {});
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Set both before connect(); frames and the close are reported only after the welcome.
    void on_frame(FrameHandler handler);
    void on_close(CloseHandler handler);

    // Resolves, connects, upgrades, sends `hello` and waits for `welcome`. `on_welcome` gets the
    // welcome frame, or an error: timeout, refused, HTTP refusal of the upgrade (an Origin not
    // allowed gives 403), or the server's `error` frame (code and message). Call once.
    void connect(const WebsocketUrl& url, const Credentials& credentials, WelcomeHandler on_welcome);

    // Thread-safe. Frames are written in the order sent; sends after close() are dropped.
    void send(const nlohmann::json& frame);
    void send_text(std::string frame);
    // Thread-safe. Sends what is queued, then a normal close (1000).
    void close();

private:
    class Impl;
    explicit Connection(std::shared_ptr<Impl> impl);
    std::shared_ptr<Impl> impl_;
};

// One blocking connection with its own I/O thread. Move-only; closes on destruction.
class Client {
public:
    static Result<Client> connect(std::string_view url, const Credentials& credentials, ClientOptions options = {});
    Client(Client&&) noexcept;
    Client& operator=(Client&&) noexcept;
    ~Client();

    const nlohmann::json& welcome() const;
    // Fails only when the connection has already ended.
    Status send(const nlohmann::json& frame);
    // The next frame in arrival order. Fails on timeout (the frame, if it comes later, is kept
    // for the next call) or once the connection has ended and every frame was taken.
    Result<nlohmann::json> receive(std::chrono::milliseconds timeout);
    // Sends a normal close and waits (at most `timeout`) for the server to answer it.
    void close(std::chrono::milliseconds timeout = std::chrono::seconds(2));

private:
    struct State;
    explicit Client(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

}  // namespace huashu::simulator
