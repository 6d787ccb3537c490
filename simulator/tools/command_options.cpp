#include "command_options.h"

#include <charconv>
#include <cstdint>

namespace huashu::simulator::tools {

std::string read_connection(const cli::Arguments& arguments, const std::string& default_role, std::string& url_text,
                            Credentials& credentials) {
    url_text = arguments.value("--url").value_or("ws://127.0.0.1:8765/ws");
    if (auto url = parse_websocket_url(url_text); !url) return url.error().message;
    const std::string role = arguments.value("--role").value_or(default_role);
    const auto token_file = arguments.value("--token-file");
    const auto user = arguments.value("--user");
    const auto token = arguments.value("--token");
    if (token_file && (user || token)) return "give either --token-file or --user and --token, not both";
    if (token_file) {
        auto read = read_credentials(*token_file, role);
        if (!read) return read.error().message;
        credentials = *read;
    } else if (token) {
        credentials = Credentials{role, user.value_or("demo-" + role), *token};
    } else {
        return "give --token-file FILE, or --user U and --token T";
    }
    return "";
}

std::string connection_usage(const std::string& default_role) {
    return R"(  --url URL            the service (default ws://127.0.0.1:8765/ws)
  --token-file FILE    a tokens file of 'ROLE USER TOKEN' lines (huashu serve writes var/tokens);
                       the first line of --role is used
  --user U --token T   the credentials themselves, instead of --token-file (--token alone:
                       the demo user demo-ROLE)
  --role ROLE          the role to say hello as (default )" +
           default_role + ")\n";
}


template <typename Number>
bool read_number(const std::optional<std::string>& text, Number& out, Number low, Number high) {
    if (!text) return true;
    Number value{};
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc() || end != text->data() + text->size() || value < low || value > high) return false;
    out = value;
    return true;
}

template bool read_number<int>(const std::optional<std::string>&, int&, int, int);
template bool read_number<std::uint64_t>(const std::optional<std::string>&, std::uint64_t&, std::uint64_t, std::uint64_t);

}  // namespace huashu::simulator::tools
