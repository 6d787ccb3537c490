// Splitting normalised text into the units the ranking matches on.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace huashu::text {

// Words per ICU's dictionary-based word BreakIterator (Chinese dictionary for Han, rules for the
// rest), in order; spaces, punctuation and symbols are dropped. REQUIRES: valid UTF-8. Thread-safe.
std::vector<std::string> segment_words(std::string_view utf8);

// A word of segment_words() as the byte range [begin, end) of the text it came from.
struct WordSpan {
    std::size_t begin = 0;
    std::size_t end = 0;
};

// The same words as segment_words(), as byte ranges, appended to `words` (which is not cleared):
// for callers that segment on every message and should not pay for a UTF-16 copy of the text
// and a string per word. REQUIRES: valid UTF-8. Thread-safe.
void segment_word_spans(std::string_view utf8, std::vector<WordSpan>& words);

// True for code points of the Han script (ICU's uscript_getScript), answered from a table for
// the Basic Multilingual Plane.
bool is_han(char32_t code_point);

// Every pair of adjacent Han characters inside each run of Han characters, in order
// ("包邮吗" → "包邮", "邮吗"). A run of one character yields nothing. REQUIRES: valid UTF-8.
std::vector<std::string> han_bigrams(std::string_view utf8);

// The Han characters of the text, each as its own string, in order. REQUIRES: valid UTF-8.
std::vector<std::string> han_characters(std::string_view utf8);

}  // namespace huashu::text
