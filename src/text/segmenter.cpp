#include "huashu/text/segmenter.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <bitset>
#include <memory>

namespace huashu::text {

namespace {

// ICU break iterators keep per-text state, so each thread gets its own clone of one prototype.
icu::BreakIterator* thread_word_iterator() {
    static const std::unique_ptr<icu::BreakIterator> prototype = [] {
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<icu::BreakIterator> it(icu::BreakIterator::createWordInstance(icu::Locale::getChinese(), status));
        return U_SUCCESS(status) ? std::move(it) : nullptr;
    }();
    thread_local std::unique_ptr<icu::BreakIterator> local(prototype ? prototype->clone() : nullptr);
    return local.get();
}

bool is_han_per_icu(UChar32 cp) {
    UErrorCode status = U_ZERO_ERROR;
    return uscript_getScript(cp, &status) == USCRIPT_HAN;
}

// Calls visit(run) for each maximal run of Han code points, each run as a vector of UTF-8 strings.
template <typename Visit>
void for_each_han_run(std::string_view utf8, Visit visit) {
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(utf8.data());
    const auto length = static_cast<std::int32_t>(utf8.size());
    std::vector<std::string_view> run;
    std::int32_t i = 0;
    while (i < length) {
        const std::int32_t start = i;
        UChar32 cp;
        U8_NEXT_UNSAFE(bytes, i, cp);
        if (is_han(static_cast<char32_t>(cp))) {
            run.push_back(utf8.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start)));
        } else if (!run.empty()) {
            visit(run);
            run.clear();
        }
    }
    if (!run.empty()) visit(run);
}

}  // namespace

bool is_han(char32_t code_point) {
    // uscript_getScript is a property-trie lookup through a library call; the ranking asks
    // about every character of every message, so the BMP answers are computed once.
    static const auto* const bmp_han = [] {
        auto* table = new std::bitset<0x10000>();
        for (UChar32 cp = 0; cp < 0x10000; ++cp) (*table)[static_cast<std::size_t>(cp)] = is_han_per_icu(cp);
        return table;
    }();
    if (code_point < 0x10000) return (*bmp_han)[code_point];
    return is_han_per_icu(static_cast<UChar32>(code_point));
}

void segment_word_spans(std::string_view utf8, std::vector<WordSpan>& words) {
    icu::BreakIterator* it = thread_word_iterator();
    if (it == nullptr) return;
    // A UTF-8 UText lets ICU read the text where it is, and makes break positions byte offsets.
    // The UText is reused so that only a thread's first call allocates its buffer.
    struct ThreadText {
        UText text = UTEXT_INITIALIZER;
        ~ThreadText() { utext_close(&text); }
    };
    thread_local ThreadText reused;
    UErrorCode status = U_ZERO_ERROR;
    utext_openUTF8(&reused.text, utf8.data(), static_cast<std::int64_t>(utf8.size()), &status);
    if (U_FAILURE(status)) return;
    it->setText(&reused.text, status);
    if (U_FAILURE(status)) return;
    std::int32_t start = it->first();
    for (std::int32_t end = it->next(); end != icu::BreakIterator::DONE; start = end, end = it->next()) {
        if (it->getRuleStatus() < UBRK_WORD_NONE_LIMIT) continue;  // spaces, punctuation, symbols
        words.push_back({static_cast<std::size_t>(start), static_cast<std::size_t>(end)});
    }
}

void cut_into_independent_pieces(std::string_view utf8, std::vector<std::string_view>& pieces) {
    const std::size_t first_piece = pieces.size();
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(utf8.data());
    const auto length = static_cast<std::int32_t>(utf8.size());
    std::size_t piece_start = 0;
    bool in_han = false;
    for (std::int32_t i = 0; i < length;) {
        const auto start = static_cast<std::size_t>(i);
        UChar32 cp;
        U8_NEXT_UNSAFE(bytes, i, cp);
        const bool han = is_han(static_cast<char32_t>(cp));
        if (!han && (cp < 0x20 || cp > 0x7E)) {
            // Kana, combining marks, CJK punctuation…: ICU may join them with a Han
            // neighbour, so the text is segmented whole.
            pieces.resize(first_piece);
            pieces.push_back(utf8);
            return;
        }
        if (start > 0 && han != in_han) {
            pieces.push_back(utf8.substr(piece_start, start - piece_start));
            piece_start = start;
        }
        in_han = han;
    }
    if (piece_start < utf8.size()) pieces.push_back(utf8.substr(piece_start));
}

std::vector<std::string> segment_words(std::string_view utf8) {
    std::vector<WordSpan> spans;
    segment_word_spans(utf8, spans);
    std::vector<std::string> words;
    words.reserve(spans.size());
    for (const WordSpan& span : spans) words.emplace_back(utf8.substr(span.begin, span.end - span.begin));
    return words;
}

std::vector<std::string> han_bigrams(std::string_view utf8) {
    std::vector<std::string> bigrams;
    for_each_han_run(utf8, [&](const std::vector<std::string_view>& run) {
        for (std::size_t i = 0; i + 1 < run.size(); ++i) {
            std::string pair(run[i]);
            pair.append(run[i + 1]);
            bigrams.push_back(std::move(pair));
        }
    });
    return bigrams;
}

std::vector<std::string> han_characters(std::string_view utf8) {
    std::vector<std::string> characters;
    for_each_han_run(utf8, [&](const std::vector<std::string_view>& run) {
        for (std::string_view c : run) characters.emplace_back(c);
    });
    return characters;
}

}  // namespace huashu::text
