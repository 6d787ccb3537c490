#include "huashu/core/result.h"

namespace huashu {

const char* to_string(ErrorCode code) {
    switch (code) {
        case ErrorCode::invalid_argument: return "invalid_argument";
        case ErrorCode::parse_error: return "parse_error";
        case ErrorCode::not_found: return "not_found";
        case ErrorCode::io_error: return "io_error";
        case ErrorCode::storage_unavailable: return "storage_unavailable";
        case ErrorCode::corruption: return "corruption";
        case ErrorCode::internal: return "internal";
        case ErrorCode::timeout: return "timeout";
    }
    return "internal";
}

}  // namespace huashu
