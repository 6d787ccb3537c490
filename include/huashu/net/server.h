// The network front: one port serving `GET /healthz` over HTTP and the protocol over WebSocket
// at `/ws`, on a pool of threads, each connection on its own strand.
//
//   Server server(options, service);
//   auto endpoint = server.start();          // binds; port 0 picks a free one
//   server.run();                            // returns after stop()
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "huashu/core/result.h"
#include "huashu/service/service.h"

namespace huashu::net {

struct ServerOptions {
    // Loopback by default: the service runs beside the agent's chat client, not on the internet.
    std::string host = "127.0.0.1";
    std::uint16_t port = 8765;
    std::size_t threads = 2;
    // Hard WebSocket message limit: above it the connection is closed with 1009 (too big).
    // Frames between protocol::Limits::max_frame_bytes and this get an error frame instead.
    std::size_t max_message_bytes = 1024 * 1024;
    // Backpressure: once this many frames wait to be written to a client, the service stops
    // reading that client's frames until half of them are written. A client that sends faster
    // than it reads is slowed down (its own sends wait), never dropped, and nothing is lost.
    std::size_t pause_reading_at_queued_frames = 64;
    // Frames the service sends unasked (nudges, practice lines) still queue while reading is
    // paused: a client that stops reading altogether is disconnected (1008) once this many
    // wait for it, so that it cannot make the service hold unbounded memory.
    std::size_t max_queued_frames = 1024;
    // Browser pages may connect only from these origins (exact match, e.g. "http://127.0.0.1:8765").
    // Empty: the service's own http://HOST:PORT and http://localhost:PORT. Clients that send no
    // Origin header (non-browser programs) are always allowed; they authenticate with tokens.
    std::vector<std::string> allowed_origins;
    std::chrono::seconds handshake_timeout{10};
};

struct BoundEndpoint {
    std::string host;
    std::uint16_t port = 0;
    std::string websocket_url() const { return "ws://" + host + ":" + std::to_string(port) + "/ws"; }
};

class Server {
public:
    Server(ServerOptions options, service::Service& service);
    ~Server();

    // Binds and starts accepting. Fails with a clear message (address in use, bad host).
    Result<BoundEndpoint> start();
    // Runs the I/O threads until stop(); closes every connection with 1001 on the way out.
    void run();
    // Thread-safe and async-signal-safe to request from a signal handler's strand.
    void stop();

    // Runs service tasks (nudges) on the server's I/O threads at steady-clock times.
    service::Scheduler& scheduler();

    class State;

private:
    std::shared_ptr<State> state_;
};

}  // namespace huashu::net
