#include <iomanip>
#include <iostream>

#include "arguments.h"
#include "commands.h"
#include "engine_loading.h"
#include "huashu/protocol/frames.h"

namespace huashu::cli {

namespace {
constexpr const char* kSuggestUsage = R"(usage: huashu suggest [--phrasebook DIR] [--limit N] [--json] TEXT

Prints the replies the service suggests for the buyer message TEXT, best first. A TEXT
starting with '/' is a shortcut search by keyword, pinyin or pinyin initials: /退货, /tuihuo, /th.
  --json   print the same object as the service's `suggestions` frame
)";
}  // namespace

int suggest_command(const std::vector<std::string>& args) {
    Arguments arguments(args, {"--phrasebook", "--limit"}, {"--json", "--help"});
    if (arguments.flag("--help")) {
        std::cout << kSuggestUsage;
        return 0;
    }
    if (!arguments.ok() || arguments.positionals().size() != 1) {
        if (!arguments.ok()) std::cerr << "huashu suggest: " << arguments.error() << '\n';
        std::cerr << kSuggestUsage;
        return 2;
    }
    std::size_t limit = 5;
    if (auto value = arguments.value("--limit")) {
        try {
            limit = static_cast<std::size_t>(std::stoul(*value));
        } catch (const std::exception&) {
            limit = 0;
        }
        if (limit == 0 || limit > 20) {
            std::cerr << "huashu suggest: --limit takes a number from 1 to 20\n";
            return 2;
        }
    }
    const std::string& text = arguments.positionals().front();
    if (!text::is_valid_utf8(text)) {
        std::cerr << "huashu suggest: TEXT is not valid UTF-8\n";
        return 2;
    }
    auto assistant = load_assistant(arguments.value("--phrasebook").value_or("phrasebook"), std::cerr);
    if (!assistant) return 1;
    const auto suggestions = assistant->suggest(text, limit);
    if (arguments.flag("--json")) {
        std::cout << protocol::suggestions_frame("", suggestions, std::nullopt) << '\n';
        return 0;
    }
    if (suggestions.empty()) std::cout << "(no matching reply in the phrasebook)\n";
    int rank = 0;
    for (const auto& s : suggestions) {
        std::cout << ++rank << ". [" << phrasebook::to_string(s.category);
        if (s.technique) std::cout << " / " << phrasebook::to_string(*s.technique);
        std::cout << "] " << s.text << "\n   " << s.id << "  score " << std::fixed << std::setprecision(3) << s.score << '\n';
    }
    return 0;
}

}  // namespace huashu::cli
