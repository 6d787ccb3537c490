#include "transcript.h"

#include <cstdio>
#include <iomanip>

namespace huashu::simulator::tools {

std::string Transcript::stamp() const {
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started_).count();
    char text[32];
    std::snprintf(text, sizeof text, "[%02lld:%02lld]", static_cast<long long>(seconds / 60), static_cast<long long>(seconds % 60));
    return text;
}

void Transcript::opened(const nlohmann::json& started) {
    if (!enabled_) return;
    out_ << "practice " << started.value("scenario", "") << ": " << started.value("title", "") << '\n'
         << "buyer " << started["buyer"].value("name", "") << " — " << started["buyer"].value("goal", "")
         << (started.value("exam", false) ? "  (exam: no suggestions)" : "") << '\n';
}

void Transcript::buyer(const nlohmann::json& message) {
    if (!enabled_) return;
    out_ << stamp() << " buyer: " << message.value("text", "") << (message.value("nudge", false) ? "  (nudge)" : "") << std::endl;
}

void Transcript::agent(const nlohmann::json& reply) {
    if (!enabled_) return;
    out_ << stamp() << " agent: " << reply.value("text", "") << std::endl;
}

void Transcript::suggestions(const nlohmann::json& frame, std::size_t shown) {
    if (!enabled_) return;
    std::size_t number = 0;
    for (const auto& item : frame["items"]) {
        if (++number > shown) break;
        out_ << "        [" << number << "] " << item.value("text", "");
        if (item.contains("technique") && item["technique"].is_string()) out_ << "  <" << item["technique"].get<std::string>() << ">";
        out_ << '\n';
    }
    out_ << std::flush;
}

void Transcript::result(const nlohmann::json& practice_result) {
    if (!enabled_) return;
    const nlohmann::json& score = practice_result["score"];
    out_ << "\nending: " << score.value("ending", "") << (score.value("good_ending", false) ? " (good)" : " (bad)") << '\n'
         << "score:  " << std::fixed << std::setprecision(1) << score.value("total", 0.0) << " / 100\n";
    for (const auto& [part, value] : score["components"].items()) {
        if (value.is_null()) continue;
        out_ << "  " << std::left << std::setw(11) << part << std::setprecision(2) << value.get<double>() << '\n';
    }
    out_ << "techniques used: " << (score["techniques_used"].empty() ? std::string("none") : score["techniques_used"].dump())
         << "\nlint hits: " << score.value("lint_hits", 0) << ", unanswered questions: " << score.value("unanswered_questions", 0)
         << ", replies within 30 s: " << score.value("fast_replies", 0) << ", overtime: " << score.value("overtime_replies", 0)
         << '\n';
    int turn = 0;
    for (const auto& t : score["turns"]) {
        out_ << "  turn " << ++turn << " (" << t.value("state", "") << "): "
             << (t["reply_ms"].is_null() ? std::string("no reply") : std::to_string(t["reply_ms"].get<std::int64_t>() / 1000) + " s")
             << (t.value("answered", false) ? ", answered" : ", question left open") << '\n';
    }
    out_ << std::flush;
}

}  // namespace huashu::simulator::tools
