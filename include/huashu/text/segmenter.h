// Splitting normalised text into the units the ranking matches on.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace huashu::text {

// Words per ICU's dictionary-based word BreakIterator (Chinese dictionary for Han, rules for the
// rest), in order; spaces, punctuation and symbols are dropped. REQUIRES: valid UTF-8. Thread-safe.
std::vector<std::string> segment_words(std::string_view utf8);

// Every pair of adjacent Han characters inside each run of Han characters, in order
// ("包邮吗" → "包邮", "邮吗"). A run of one character yields nothing. REQUIRES: valid UTF-8.
std::vector<std::string> han_bigrams(std::string_view utf8);

// The Han characters of the text, each as its own string, in order. REQUIRES: valid UTF-8.
std::vector<std::string> han_characters(std::string_view utf8);

}  // namespace huashu::text
