// The simulator's WebSocket client against the real network layer (huashu::net) in process,
// with an in-memory event log, so that it meets the same upgrade, Origin and hello rules as
// in production.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <fstream>
#include <future>
#include <thread>

#include "huashu/net/server.h"
#include "huashu/simulator/client.h"

namespace huashu::simulator {
namespace {

using nlohmann::json;

constexpr const char* kToken = "0123456789abcdef0123";

TEST(WebsocketUrl, ParsesHostPortAndTarget) {
    auto url = parse_websocket_url("ws://127.0.0.1:8765/ws");
    ASSERT_TRUE(url) << url.error().message;
    EXPECT_EQ(url->host, "127.0.0.1");
    EXPECT_EQ(url->port, 8765);
    EXPECT_EQ(url->target, "/ws");

    url = parse_websocket_url("ws://localhost");
    ASSERT_TRUE(url);
    EXPECT_EQ(url->port, 80);
    EXPECT_EQ(url->target, "/");

    url = parse_websocket_url("ws://[::1]:9000/ws?x=1");
    ASSERT_TRUE(url);
    EXPECT_EQ(url->host, "::1");
    EXPECT_EQ(url->port, 9000);
    EXPECT_EQ(url->target, "/ws?x=1");
}

TEST(WebsocketUrl, NamesWhatIsWrong) {
    const auto message = [](std::string_view url) {
        auto parsed = parse_websocket_url(url);
        return parsed ? std::string("(parsed)") : parsed.error().message;
    };
    EXPECT_NE(message("http://127.0.0.1:8765/ws").find("must start with ws://"), std::string::npos);
    EXPECT_NE(message("wss://example.com/ws").find("wss:// is not supported"), std::string::npos);
    EXPECT_NE(message("ws://:8765/ws").find("has no host"), std::string::npos);
    EXPECT_NE(message("ws://127.0.0.1:/ws").find("empty port"), std::string::npos);
    EXPECT_NE(message("ws://127.0.0.1:99999/ws").find("port '99999' is not a number from 1 to 65535"), std::string::npos);
    EXPECT_NE(message("ws://127.0.0.1:80x/ws").find("port '80x'"), std::string::npos);
    EXPECT_NE(message("ws://[::1/ws").find("'[' without ']'"), std::string::npos);
}

TEST(Credentials, PicksTheFirstLineOfTheRole) {
    const auto file = std::filesystem::path(testing::TempDir()) / "sim_client_test_tokens";
    std::ofstream(file) << "# demo users\n\nagent demo-agent aaaaaaaaaaaaaaaaaaaa\n"
                           "simulator demo-simulator bbbbbbbbbbbbbbbbbbbb\nsimulator second cccccccccccccccccccc\n";
    auto credentials = read_credentials(file, "simulator");
    ASSERT_TRUE(credentials) << credentials.error().message;
    EXPECT_EQ(credentials->role, "simulator");
    EXPECT_EQ(credentials->user, "demo-simulator");
    EXPECT_EQ(credentials->token, "bbbbbbbbbbbbbbbbbbbb");

    auto missing = read_credentials(file, "supervisor");
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().message.find("no line for role 'supervisor'"), std::string::npos);
    EXPECT_FALSE(read_credentials(file.string() + ".absent", "agent"));

    std::ofstream(file) << "simulator only-two-words\n";
    auto broken = read_credentials(file, "simulator");
    ASSERT_FALSE(broken);
    EXPECT_NE(broken.error().message.find(":1: expected 'ROLE USER TOKEN'"), std::string::npos);
}

std::shared_ptr<const engine::Assistant> small_assistant() {
    auto report = phrasebook::load_texts({{"t.phrases", R"(
[entry shipping_fee.free]
category = shipping_fee
keywords = 包邮 | 运费
reply = 亲，满99元包邮哦~
)"}});
    EXPECT_TRUE(report.ok());
    return *engine::Assistant::build(std::make_shared<const phrasebook::Phrasebook>(std::move(*report.phrasebook)),
                                     *text::Normalizer::create());
}

net::ServerOptions loopback_any_port() {
    net::ServerOptions options;
    options.port = 0;
    options.threads = 1;
    return options;
}

// A real server on a free loopback port, run on its own thread.
class LiveServer : public ::testing::Test {
protected:
    LiveServer()
        : service_(service::ServiceOptions{},
                   *service::TokenTable::parse(std::string("simulator sim ") + kToken + "\ntrainee learner " + kToken + "\n",
                                               "tokens"),
                   small_assistant(), store_, clock_),
          server_(loopback_any_port(), service_) {
        auto bound = server_.start();
        EXPECT_TRUE(bound) << bound.error().message;
        port_ = bound->port;
        url_ = bound->websocket_url();
        thread_ = std::thread([this] { server_.run(); });
    }
    ~LiveServer() override {
        stop_server();
    }
    void stop_server() {
        if (!thread_.joinable()) return;
        server_.stop();
        thread_.join();
    }

    Credentials simulator() const { return {"simulator", "sim", kToken}; }

    storage::MemoryEventStore store_;
    SystemClock clock_;
    service::Service service_;
    net::Server server_;
    std::uint16_t port_ = 0;
    std::string url_;
    std::thread thread_;
};

TEST_F(LiveServer, WithoutAnOriginHeaderTheHelloIsWelcomed) {
    auto client = Client::connect(url_, simulator());
    ASSERT_TRUE(client) << client.error().message;
    EXPECT_EQ(client->welcome()["type"], "welcome");
    EXPECT_EQ(client->welcome()["role"], "simulator");
}

TEST_F(LiveServer, BuyerMessageGetsSuggestionsThenAck) {
    auto client = Client::connect(url_, simulator());
    ASSERT_TRUE(client) << client.error().message;
    ASSERT_TRUE(client->send({{"type", "buyer_message"}, {"request_id", 7}, {"conversation_id", "c1"}, {"buyer_id", "b1"},
                              {"text", "包郵嗎"}}));
    auto suggestions = client->receive(std::chrono::seconds(10));
    ASSERT_TRUE(suggestions) << suggestions.error().message;
    EXPECT_EQ((*suggestions)["type"], "suggestions");
    EXPECT_EQ((*suggestions)["request_id"], 7);
    EXPECT_EQ((*suggestions)["items"][0]["category"], "shipping_fee");
    auto ack = client->receive(std::chrono::seconds(10));
    ASSERT_TRUE(ack) << ack.error().message;
    EXPECT_EQ((*ack)["type"], "ack");
    EXPECT_EQ((*ack)["request_id"], 7);
}

TEST_F(LiveServer, ReceiveTimesOutWhenNothingComesAndKeepsTheConnection) {
    auto client = Client::connect(url_, simulator());
    ASSERT_TRUE(client) << client.error().message;
    auto nothing = client->receive(std::chrono::milliseconds(20));
    ASSERT_FALSE(nothing);
    EXPECT_NE(nothing.error().message.find("no frame within 20 ms"), std::string::npos);
    ASSERT_TRUE(client->send({{"type", "ping"}, {"request_id", "p"}}));
    auto pong = client->receive(std::chrono::seconds(10));
    ASSERT_TRUE(pong) << pong.error().message;
    EXPECT_EQ((*pong)["type"], "pong");
}

TEST_F(LiveServer, AnOriginTheServerDoesNotAllowIsRefusedWith403) {
    ClientOptions options;
    options.origin = "http://evil.example";
    auto client = Client::connect(url_, simulator(), options);
    ASSERT_FALSE(client);
    EXPECT_NE(client.error().message.find("HTTP 403"), std::string::npos) << client.error().message;
    EXPECT_NE(client.error().message.find("origin not allowed"), std::string::npos) << client.error().message;

    options.origin = "http://127.0.0.1:" + std::to_string(port_);
    auto allowed = Client::connect(url_, simulator(), options);
    EXPECT_TRUE(allowed) << allowed.error().message;
}

TEST_F(LiveServer, AWrongTokenReportsTheServersErrorCode) {
    auto client = Client::connect(url_, Credentials{"simulator", "sim", "wrong-token-00000000"});
    ASSERT_FALSE(client);
    EXPECT_NE(client.error().message.find("hello refused: not_authenticated"), std::string::npos) << client.error().message;
}

TEST_F(LiveServer, AWrongPathIsReportedWithTheHttpStatus) {
    auto client = Client::connect("ws://127.0.0.1:" + std::to_string(port_) + "/elsewhere", simulator());
    ASSERT_FALSE(client);
    EXPECT_NE(client.error().message.find("HTTP 404"), std::string::npos) << client.error().message;
}

TEST_F(LiveServer, AServerShutdownEndsTheConnectionWithItsCloseCode) {
    auto client = Client::connect(url_, simulator());
    ASSERT_TRUE(client) << client.error().message;
    stop_server();
    auto after = client->receive(std::chrono::seconds(10));
    ASSERT_FALSE(after);
    EXPECT_NE(after.error().message.find("code 1001 (server shutting down)"), std::string::npos) << after.error().message;
    EXPECT_FALSE(client->send({{"type", "ping"}}));
}

TEST_F(LiveServer, ManyAsynchronousConnectionsShareOneIoContext) {
    constexpr int kConnections = 20;
    boost::asio::io_context io;
    std::vector<std::shared_ptr<Connection>> connections;
    std::atomic<int> pongs{0};
    std::atomic<int> failures{0};
    std::atomic<int> closed_cleanly{0};
    for (int i = 0; i < kConnections; ++i) {
        auto connection = Connection::create(io);
        Connection* raw = connection.get();
        connection->on_frame([&, raw](json frame) {
            if (frame["type"] == "pong") {
                ++pongs;
                raw->close();
            }
        });
        connection->on_close([&](Status why) {
            if (why) ++closed_cleanly; else ADD_FAILURE() << why.error().message;
        });
        connection->connect(*parse_websocket_url(url_), simulator(), [&, raw, i](Result<json> welcome) {
            if (!welcome) {
                ++failures;
                return;
            }
            raw->send({{"type", "ping"}, {"request_id", i}});
        });
        connections.push_back(std::move(connection));
    }
    io.run();  // returns once every connection has closed
    EXPECT_EQ(failures, 0);
    EXPECT_EQ(pongs, kConnections);
    EXPECT_EQ(closed_cleanly, kConnections);
}

TEST(Client, AClosedPortIsReportedAsCannotConnect) {
    std::uint16_t port = 0;
    {
        boost::asio::io_context io;
        boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
        port = acceptor.local_endpoint().port();
    }  // closed again: nothing listens there now
    auto client = Client::connect("ws://127.0.0.1:" + std::to_string(port) + "/ws", Credentials{"simulator", "sim", kToken});
    ASSERT_FALSE(client);
    EXPECT_NE(client.error().message.find("cannot connect to 127.0.0.1:" + std::to_string(port)), std::string::npos)
        << client.error().message;
}

}  // namespace
}  // namespace huashu::simulator
