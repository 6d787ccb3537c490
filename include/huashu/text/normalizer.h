// Text normalisation: the one way every buyer message, draft and phrasebook trigger is read.
//
//   auto normalizer = huashu::text::Normalizer::create();
//   std::string key = (*normalizer)->normalize("包郵嗎？ＯＫ");   // "包邮吗?ok"
//
// Steps, in order: NFKC with case folding (folds full-width letters, digits and punctuation,
// compatibility ideographs and letter case), traditional → simplified Chinese per code point,
// whitespace runs collapsed to one ASCII space and trimmed.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "huashu/core/result.h"

namespace huashu::text {

// True when `bytes` is well-formed UTF-8: no overlong forms, no surrogates, nothing past U+10FFFF.
bool is_valid_utf8(std::string_view bytes);

// How traditional characters become simplified ones.
enum class ScriptConversion {
    // A per-code-point table generated at start-up from ICU's own Hant-Hans transliterator data.
    // Same output as `icu_transliterator` (tests check it), many times faster, lock-free.
    table,
    // ICU's Transliterator itself, serialised behind a mutex. For tests and benchmarks.
    icu_transliterator,
};

struct NormalizerOptions {
    ScriptConversion script_conversion = ScriptConversion::table;
};

// Normalised text together with, for every byte of it, the byte offset in the original text of
// the code point it came from: lets a lint finding on normalised text point at the draft the
// agent actually typed.
struct MappedText {
    std::string text;
    std::vector<std::size_t> source_offset;  // size() == text.size() + 1; last = original size
};

class Normalizer {
public:
    static Result<std::shared_ptr<const Normalizer>> create(NormalizerOptions options = {});
    ~Normalizer();
    Normalizer(const Normalizer&) = delete;
    Normalizer& operator=(const Normalizer&) = delete;

    // REQUIRES: is_valid_utf8(utf8). Thread-safe.
    std::string normalize(std::string_view utf8) const;

    // As normalize(), keeping the offset map. REQUIRES: is_valid_utf8(utf8). Thread-safe.
    MappedText normalize_mapped(std::string_view utf8) const;

    // Traditional → simplified only, nothing else. REQUIRES: is_valid_utf8(utf8). Thread-safe.
    std::string to_simplified(std::string_view utf8) const;

    // Number of code points the generated table maps (0 in icu_transliterator mode).
    std::size_t conversion_table_size() const;

    class Impl;

private:
    explicit Normalizer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace huashu::text
