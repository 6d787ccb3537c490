// A small command-line reader: `--name VALUE`, `--name=VALUE`, `--flag`, and positionals.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace huashu::cli {

class Arguments {
public:
    // `value_options` take a value; `flags` do not. Anything else starting with "--" is an error.
    Arguments(const std::vector<std::string>& args, std::vector<std::string> value_options, std::vector<std::string> flags);

    bool ok() const { return error_.empty(); }
    const std::string& error() const { return error_; }

    std::optional<std::string> value(const std::string& name) const;     // the last one given
    std::vector<std::string> values(const std::string& name) const;      // every one, in order
    bool flag(const std::string& name) const;
    const std::vector<std::string>& positionals() const { return positionals_; }

private:
    std::vector<std::pair<std::string, std::string>> values_;
    std::vector<std::string> flags_;
    std::vector<std::string> positionals_;
    std::string error_;
};

}  // namespace huashu::cli
