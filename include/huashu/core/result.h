// Expected failures as values (after leveldb's Status and absl's StatusOr).
//
//   huashu::Result<Phrasebook> book = load_phrasebook(dir);
//   if (!book) return book.error();
//   use(*book);
//
// Exceptions never cross a module boundary; a function that can fail for a reason the caller
// should handle returns Result<T> (or Status, which is Result<void>).
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace huashu {

enum class ErrorCode {
    invalid_argument,   // the caller passed something malformed (bad text, bad option)
    parse_error,        // a file or frame could not be read as its format
    not_found,          // a named thing does not exist
    io_error,           // the operating system refused a read or write
    storage_unavailable,// the database cannot take writes right now (full disk, read-only)
    corruption,         // stored data is damaged; never overwrite it
    internal,           // a library failed in a way the caller cannot fix
    timeout,            // nothing came within the time allowed; trying again may work
};

const char* to_string(ErrorCode code);

struct Error {
    ErrorCode code = ErrorCode::internal;
    std::string message;
};

template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : state_(std::move(value)) {}
    Result(Error error) : state_(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(state_); }
    explicit operator bool() const { return ok(); }

    // REQUIRES: ok()
    T& value() & { return std::get<T>(state_); }
    const T& value() const& { return std::get<T>(state_); }
    T&& value() && { return std::get<T>(std::move(state_)); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T&& operator*() && { return std::move(*this).value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    // REQUIRES: !ok()
    const Error& error() const { return std::get<Error>(state_); }

private:
    std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : error_(std::move(error)), ok_(false) {}

    bool ok() const { return ok_; }
    explicit operator bool() const { return ok_; }
    const Error& error() const { return error_; }

private:
    Error error_;
    bool ok_ = true;
};

using Status = Result<void>;

inline Error make_error(ErrorCode code, std::string message) {
    return Error{code, std::move(message)};
}

}  // namespace huashu
