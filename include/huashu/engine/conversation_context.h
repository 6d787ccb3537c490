// Where a conversation stands, as far as choosing replies is concerned.
//
//   ConversationContext context;                       // one per conversation, kept by the service
//   context.observe_buyer(intents_of_message, text);   // after each buyer message
//   engine->suggest(text, 5, context);
//
// The stage only moves forward through the sale (greeting → inquiry → negotiating → ordered →
// paid) and jumps to after_sale as soon as the buyer raises a return, refund, logistics
// problem, quality complaint or review; a conversation in after-sale never gets a sales push.
#pragma once

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "huashu/phrasebook/vocabulary.h"

namespace huashu::engine {

enum class Stage : unsigned char { greeting, inquiry, negotiating, ordered, paid, after_sale };
std::string_view to_string(Stage stage);

// Options a buyer names — colours (白色, 卡其色) and sizes (xl, 38码) — in the order named,
// from normalised text.
std::vector<std::string> find_options(std::string_view normalized_text);

struct ConversationContext {
    Stage stage = Stage::greeting;
    std::deque<phrasebook::Intent> recent_intents;  // newest last, at most kRecentIntents
    std::deque<std::string> options;                // distinct options named, newest last, at most kRecentOptions
    static constexpr std::size_t kRecentIntents = 6;
    static constexpr std::size_t kRecentOptions = 4;

    // Takes in the intents of one buyer message (best first) and its normalised text.
    void observe_buyer(const std::vector<phrasebook::Intent>& intents, std::string_view normalized_text);
    // An order event from the shop system: "placed", "paid", "cancelled" or "refunded".
    void observe_order(std::string_view event);

    // The buyer objected to the price or hesitated recently: closing techniques may help.
    bool hesitating() const;
    bool after_sale() const { return stage == Stage::after_sale; }
};

}  // namespace huashu::engine
