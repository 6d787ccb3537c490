#include "settings_loading.h"

#include <filesystem>
#include <ostream>

namespace huashu::cli {

std::optional<config::Settings> load_command_settings(const Arguments& arguments, std::ostream& errors) {
    std::optional<std::string> file = arguments.value("--config");
    std::error_code ec;
    if (!file && std::filesystem::exists("huashu.conf", ec)) file = "huashu.conf";
    if (!file) return config::Settings{};
    auto settings = config::load_settings(*file);
    if (!settings) {
        errors << "huashu: " << settings.error().message << '\n';
        return std::nullopt;
    }
    return *settings;
}

}  // namespace huashu::cli
