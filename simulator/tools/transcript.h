// How huashu-sim shows a practice conversation in the terminal: each line with the time since
// the start, then the score card.
#pragma once

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

namespace huashu::simulator::tools {

class Transcript {
public:
    Transcript(std::ostream& out, bool enabled) : out_(out), enabled_(enabled) {}

    void opened(const nlohmann::json& started);
    void buyer(const nlohmann::json& message);
    void agent(const nlohmann::json& reply);
    void suggestions(const nlohmann::json& frame, std::size_t shown);
    void result(const nlohmann::json& practice_result);
    // "[mm:ss]" since the transcript began.
    std::string stamp() const;

private:
    std::ostream& out_;
    bool enabled_;
    std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

}  // namespace huashu::simulator::tools
