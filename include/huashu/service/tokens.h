// Who may connect: a tokens file with one line per user, `ROLE USER TOKEN`.
//
//   # comment
//   agent      xiaomei  3f9a…
//   supervisor laowang  b71c…
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "huashu/core/result.h"

namespace huashu::service {

enum class Role : unsigned char { agent, trainee, supervisor, simulator };
std::string_view to_string(Role role);
std::optional<Role> parse_role(std::string_view id);

class TokenTable {
public:
    struct Grant {
        Role role = Role::agent;
        std::string user;
        std::string token;
    };

    // Errors name the file and line. Tokens must be 16 to 128 characters: shorter ones can be
    // guessed, longer ones do not fit a hello frame.
    static Result<TokenTable> load(const std::filesystem::path& file);
    static Result<TokenTable> parse(std::string_view contents, const std::string& file_name);

    // Writes a new file with a random token for a demo user of every role ("demo-agent", …),
    // readable by its owner only. Fails if the file already exists.
    static Result<TokenTable> create_demo_file(const std::filesystem::path& file);

    // True when (role, user, token) is a granted line. Compares tokens in constant time.
    bool allows(Role role, std::string_view user, std::string_view token) const;

    const std::vector<Grant>& grants() const { return grants_; }

private:
    std::vector<Grant> grants_;
};

}  // namespace huashu::service
