#include "arguments.h"

#include <algorithm>

namespace huashu::cli {

Arguments::Arguments(const std::vector<std::string>& args, std::vector<std::string> value_options,
                     std::vector<std::string> flags) {
    const auto known = [](const std::vector<std::string>& list, const std::string& name) {
        return std::find(list.begin(), list.end(), name) != list.end();
    };
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--") {
            positionals_.insert(positionals_.end(), args.begin() + static_cast<std::ptrdiff_t>(i) + 1, args.end());
            break;
        }
        if (arg.size() < 3 || arg.compare(0, 2, "--") != 0) {
            positionals_.push_back(arg);
            continue;
        }
        const std::size_t equals = arg.find('=');
        const std::string name = arg.substr(0, equals);
        if (known(flags, name) && equals == std::string::npos) {
            flags_.push_back(name);
        } else if (known(value_options, name)) {
            if (equals != std::string::npos) {
                values_.emplace_back(name, arg.substr(equals + 1));
            } else if (i + 1 < args.size()) {
                values_.emplace_back(name, args[++i]);
            } else {
                error_ = "option " + name + " needs a value";
                return;
            }
        } else {
            error_ = "unknown option " + name;
            return;
        }
    }
}

std::optional<std::string> Arguments::value(const std::string& name) const {
    std::optional<std::string> found;
    for (const auto& [key, value] : values_) {
        if (key == name) found = value;
    }
    return found;
}

std::vector<std::string> Arguments::values(const std::string& name) const {
    std::vector<std::string> found;
    for (const auto& [key, value] : values_) {
        if (key == name) found.push_back(value);
    }
    return found;
}

bool Arguments::flag(const std::string& name) const { return std::find(flags_.begin(), flags_.end(), name) != flags_.end(); }

}  // namespace huashu::cli
