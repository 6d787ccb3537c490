#include "huashu/service/tokens.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

namespace huashu::service {

namespace {

constexpr std::size_t kMinTokenLength = 16;
// hello frames carry ids of at most 128 bytes (protocol::Limits::max_id_bytes).
constexpr std::size_t kMaxTokenLength = 128;
constexpr std::string_view kRoleIds[] = {"agent", "trainee", "supervisor", "simulator"};

bool equal_in_constant_time(std::string_view a, std::string_view b) {
    unsigned char difference = a.size() == b.size() ? 0 : 1;
    for (std::size_t i = 0; i < b.size(); ++i) {
        difference |= static_cast<unsigned char>(a[i % (a.empty() ? 1 : a.size())] ^ b[i]) | (a.empty() ? 1 : 0);
    }
    return difference == 0;
}

std::string random_token() {
    std::random_device device;  // the kernel's CSPRNG on Linux
    static constexpr char kHex[] = "0123456789abcdef";
    std::string token;
    for (int i = 0; i < 8; ++i) {
        unsigned int word = device();
        for (int nibble = 0; nibble < 8; ++nibble, word >>= 4) token.push_back(kHex[word & 0xF]);
    }
    return token;
}

}  // namespace

std::string_view to_string(Role role) { return kRoleIds[static_cast<std::size_t>(role)]; }

std::optional<Role> parse_role(std::string_view id) {
    for (std::size_t i = 0; i < std::size(kRoleIds); ++i) {
        if (kRoleIds[i] == id) return static_cast<Role>(i);
    }
    return std::nullopt;
}

Result<TokenTable> TokenTable::parse(std::string_view contents, const std::string& file_name) {
    TokenTable table;
    std::istringstream lines{std::string(contents)};
    std::string line;
    for (int number = 1; std::getline(lines, line); ++number) {
        std::istringstream words(line);
        std::string role_id, user, token, extra;
        if (!(words >> role_id) || role_id.front() == '#') continue;
        const auto where = file_name + ":" + std::to_string(number) + ": ";
        if (!(words >> user >> token) || (words >> extra)) {
            return make_error(ErrorCode::parse_error, where + "expected 'ROLE USER TOKEN'");
        }
        const auto role = parse_role(role_id);
        if (!role) {
            return make_error(ErrorCode::parse_error,
                              where + "unknown role '" + role_id + "' (agent, trainee, supervisor or simulator)");
        }
        if (token.size() < kMinTokenLength || token.size() > kMaxTokenLength) {
            return make_error(ErrorCode::parse_error, where + "token must be 16 to 128 characters long");
        }
        if (user.size() > kMaxTokenLength) return make_error(ErrorCode::parse_error, where + "user name is over 128 bytes");
        table.grants_.push_back({*role, user, token});
    }
    if (table.grants_.empty()) return make_error(ErrorCode::parse_error, file_name + ": grants no user");
    return table;
}

Result<TokenTable> TokenTable::load(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) return make_error(ErrorCode::not_found, file.string() + ": cannot be read");
    std::ostringstream contents;
    contents << in.rdbuf();
    return parse(contents.str(), file.string());
}

Result<TokenTable> TokenTable::create_demo_file(const std::filesystem::path& file) {
    std::error_code ec;
    if (std::filesystem::exists(file, ec)) return make_error(ErrorCode::invalid_argument, file.string() + " already exists");
    if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path(), ec);
    std::ostringstream contents;
    contents << "# Huashu demo users, one per role: ROLE USER TOKEN. Created on first start; edit freely.\n";
    for (std::string_view role : kRoleIds) contents << role << " demo-" << role << ' ' << random_token() << '\n';
    // Created readable by its owner only from the first byte, and never over an existing file.
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return make_error(ErrorCode::io_error, file.string() + ": cannot be created: " + std::strerror(errno));
    const std::string text = contents.str();
    const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
    const bool closed = ::close(fd) == 0;
    if (!written || !closed) return make_error(ErrorCode::io_error, file.string() + ": cannot be written");
    return parse(text, file.string());
}

bool TokenTable::allows(Role role, std::string_view user, std::string_view token) const {
    bool allowed = false;
    for (const Grant& grant : grants_) {
        // Every grant is compared, so the time taken does not reveal which user exists.
        const bool match = grant.role == role && grant.user == user && equal_in_constant_time(grant.token, token);
        allowed = allowed || match;
    }
    return allowed;
}

}  // namespace huashu::service
