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

// Cuts text into consecutive pieces that segment_word_spans() segments exactly as it segments
// them inside the text, appended to `pieces` (which is not cleared); together they are the
// text. Text made only of Han characters and printable ASCII is cut wherever a run of Han
// characters meets ASCII: ICU's word rules join a Han character only with Han, kana or a
// following combining mark, so there is always a word boundary there, and its dictionary
// segments each maximal Han run on its own. Any other text is one piece. Lets a caller that
// segments many texts which share runs ("白色连衣裙 包邮吗", "白色连衣裙还有m码吗") segment
// each distinct piece once. REQUIRES: valid UTF-8.
void cut_into_independent_pieces(std::string_view utf8, std::vector<std::string_view>& pieces);

// True for code points of the Han script (ICU's uscript_getScript), answered from a table for
// the Basic Multilingual Plane.
bool is_han(char32_t code_point);

// Every pair of adjacent Han characters inside each run of Han characters, in order
// ("包邮吗" → "包邮", "邮吗"). A run of one character yields nothing. REQUIRES: valid UTF-8.
std::vector<std::string> han_bigrams(std::string_view utf8);

// The Han characters of the text, each as its own string, in order. REQUIRES: valid UTF-8.
std::vector<std::string> han_characters(std::string_view utf8);

}  // namespace huashu::text
