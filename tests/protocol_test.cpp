#include <gtest/gtest.h>

#include "huashu/protocol/frames.h"

namespace huashu::protocol {
namespace {

const Limits kLimits;

ProtocolError error_of(std::string_view raw) {
    const ParsedFrame parsed = parse_client_frame(raw, kLimits);
    EXPECT_TRUE(std::holds_alternative<ProtocolError>(parsed)) << raw;
    return std::holds_alternative<ProtocolError>(parsed) ? std::get<ProtocolError>(parsed) : ProtocolError{};
}

ClientFrame frame_of(std::string_view raw) {
    const ParsedFrame parsed = parse_client_frame(raw, kLimits);
    if (const auto* error = std::get_if<ProtocolError>(&parsed)) {
        ADD_FAILURE() << raw << " → " << error->code << ": " << error->message;
        return {};
    }
    return std::get<ClientFrame>(parsed);
}

TEST(ParseClientFrame, ReadsABuyerMessage) {
    const ClientFrame frame =
        frame_of(R"({"type":"buyer_message","conversation_id":"c1","buyer_id":"b1","text":"包郵嗎","request_id":"r-1","limit":3})");
    ASSERT_TRUE(std::holds_alternative<BuyerMessage>(frame.message));
    const auto& message = std::get<BuyerMessage>(frame.message);
    EXPECT_EQ(message.text, "包郵嗎");
    EXPECT_EQ(message.limit, 3U);
    EXPECT_EQ(frame.request_id, "\"r-1\"");
}

TEST(ParseClientFrame, ReadsAnAgentMessageWithAutoFlag) {
    const ClientFrame frame = frame_of(R"({"type":"agent_message","conversation_id":"c1","text":"亲，在的","auto":true,"suggestion_id":"greeting.welcome#1"})");
    const auto& message = std::get<AgentMessage>(frame.message);
    EXPECT_TRUE(message.auto_reply);
    EXPECT_EQ(message.suggestion_id, "greeting.welcome#1");
}

struct BadFrame {
    const char* name;
    std::string raw;
    std::string_view code;
};

// ctest lists a parameterised test with its printed parameter: the name keeps it stable (the
// default printer dumps the struct's bytes, pointers included).
void PrintTo(const BadFrame& frame, std::ostream* out) { *out << frame.name; }

class BadFrames : public ::testing::TestWithParam<BadFrame> {};

TEST_P(BadFrames, GetTheirErrorCode) { EXPECT_EQ(error_of(GetParam().raw).code, GetParam().code) << GetParam().raw; }

INSTANTIATE_TEST_SUITE_P(
    ParseClientFrame, BadFrames,
    ::testing::Values(
        BadFrame{"NotJson", "{type: hello", error_code::bad_json},
        BadFrame{"NumberOverflow", R"({"type":"ping","x":1e400})", error_code::bad_json},
        BadFrame{"DeepNesting", std::string(30000, '[') + std::string(30000, ']'), error_code::bad_frame},
        BadFrame{"NotAnObject", "[1,2]", error_code::bad_frame},
        BadFrame{"NoType", R"({"text":"x"})", error_code::missing_field},
        BadFrame{"UnknownType", R"({"type":"buyer_mesage"})", error_code::unknown_type},
        BadFrame{"MissingText", R"({"type":"buyer_message","conversation_id":"c","buyer_id":"b"})", error_code::missing_field},
        BadFrame{"TextNotString", R"({"type":"suggest","text":42})", error_code::bad_field},
        BadFrame{"EmptyText", R"({"type":"suggest","text":"   "})", error_code::bad_text},
        BadFrame{"ControlCharacter", R"({"type":"suggest","text":"a\u0000b"})", error_code::bad_text},
        BadFrame{"InvalidUtf8", "{\"type\":\"suggest\",\"text\":\"\xff\xfe\"}", error_code::bad_text},
        BadFrame{"LoneSurrogateEscape", R"({"type":"suggest","text":"\ud800"})", error_code::bad_text},
        BadFrame{"TextTooLong", R"({"type":"suggest","text":")" + std::string(9000, 'a') + "\"}", error_code::too_large},
        BadFrame{"FrameTooLarge", R"({"type":"suggest","text":")" + std::string(70000, 'a') + "\"}", error_code::too_large},
        BadFrame{"LimitOutOfRange", R"({"type":"suggest","text":"x","limit":500})", error_code::bad_field},
        BadFrame{"IdTooLong", R"({"type":"agent_message","conversation_id":")" + std::string(200, 'c') + R"(","text":"x"})",
                 error_code::bad_field},
        BadFrame{"RequestIdObject", R"({"type":"ping","request_id":{"a":1}})", error_code::bad_field}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(ParseClientFrame, NullCountsAsAbsent) {
    const ClientFrame frame = frame_of(R"({"type":"suggest","text":"在吗","limit":null,"conversation_id":null,"request_id":null})");
    EXPECT_FALSE(frame.request_id.has_value());
    EXPECT_FALSE(std::get<SuggestQuery>(frame.message).limit.has_value());
    EXPECT_FALSE(std::get<SuggestQuery>(frame.message).conversation_id.has_value());
}

TEST(ParseClientFrame, ErrorsEchoTheRequestIdWhenReadable) {
    const ProtocolError error = error_of(R"({"type":"nope","request_id":7})");
    EXPECT_EQ(error.request_id, "7");
    EXPECT_EQ(error_frame(error), R"({"type":"error","code":"unknown_type","message":"unknown frame type 'nope'","in_reply_to":"nope","request_id":7})");
}

TEST(ServerFrames, SuggestionsCarryEveryField) {
    engine::Suggestion s{"shipping_fee.free#1", phrasebook::Intent::shipping_fee, phrasebook::Technique::decisive_close, "亲，包邮哦", 1.5};
    EXPECT_EQ(suggestions_frame("c1", {s}, "\"r\""),
              R"({"type":"suggestions","conversation_id":"c1","items":[{"id":"shipping_fee.free#1","category":"shipping_fee","text":"亲，包邮哦","technique":"decisive_close","score":1.5}],"request_id":"r"})");
}

}  // namespace
}  // namespace huashu::protocol
