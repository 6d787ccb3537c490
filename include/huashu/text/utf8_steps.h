// Stepping through well-formed UTF-8 by byte offset: the matchers and detectors work on
// normalised text (valid UTF-8 by construction) and report offsets into it.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string_view>

namespace huashu::text {

constexpr bool is_utf8_continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Where the code point after the one starting at `byte_offset` starts (text.size() at the end).
constexpr std::size_t next_code_point_offset(std::string_view text, std::size_t byte_offset) {
    std::size_t i = byte_offset + 1;
    while (i < text.size() && is_utf8_continuation_byte(text[i])) ++i;
    return std::min(i, text.size());
}

// Where the code point before `byte_offset` starts; `byte_offset` must be above 0.
constexpr std::size_t previous_code_point_offset(std::string_view text, std::size_t byte_offset) {
    std::size_t i = byte_offset - 1;
    while (i > 0 && is_utf8_continuation_byte(text[i])) --i;
    return i;
}

// How many code points start before `byte_offset`.
constexpr std::size_t code_points_before(std::string_view text, std::size_t byte_offset) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < byte_offset && i < text.size(); ++i) {
        if (!is_utf8_continuation_byte(text[i])) ++count;
    }
    return count;
}

}  // namespace huashu::text
