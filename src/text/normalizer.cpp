#include "huashu/text/normalizer.h"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uniset.h>
#include <unicode/utf8.h>

#include <mutex>
#include <unordered_map>

namespace huashu::text {

bool is_valid_utf8(std::string_view bytes) {
    const auto* s = reinterpret_cast<const std::uint8_t*>(bytes.data());
    const std::int32_t length = static_cast<std::int32_t>(bytes.size());
    if (bytes.size() > static_cast<std::size_t>(INT32_MAX)) return false;
    std::int32_t i = 0;
    while (i < length) {
        UChar32 c;
        U8_NEXT(s, i, length, c);  // yields a negative value for any ill-formed sequence
        if (c < 0) return false;
    }
    return true;
}

namespace {

// Appends code points to the output, collapsing whitespace runs to one space and trimming both
// ends, and records for each output byte where in the original text it came from.
class Emitter {
public:
    explicit Emitter(std::vector<std::size_t>* offsets) : offsets_(offsets) {}

    void emit(UChar32 cp, std::size_t source_offset) {
        if (u_isUWhiteSpace(cp)) {
            if (!text_.empty()) space_pending_ = true;
            space_source_ = source_offset;
            return;
        }
        if (space_pending_) {
            append(U' ', space_source_);
            space_pending_ = false;
        }
        append(cp, source_offset);
    }

    std::string finish(std::size_t source_size) {
        if (offsets_ != nullptr) offsets_->push_back(source_size);
        return std::move(text_);
    }

private:
    void append(UChar32 cp, std::size_t source_offset) {
        char buffer[U8_MAX_LENGTH];
        std::int32_t length = 0;
        U8_APPEND_UNSAFE(buffer, length, cp);
        text_.append(buffer, static_cast<std::size_t>(length));
        if (offsets_ != nullptr) offsets_->insert(offsets_->end(), static_cast<std::size_t>(length), source_offset);
    }

    std::vector<std::size_t>* offsets_;
    std::string text_;
    bool space_pending_ = false;
    std::size_t space_source_ = 0;
};

}  // namespace

class Normalizer::Impl {
public:
    const icu::Normalizer2* nfkc_casefold = nullptr;
    ScriptConversion mode = ScriptConversion::table;
    std::unique_ptr<icu::Transliterator> transliterator;  // GUARDED_BY(transliterator_mutex)
    mutable std::mutex transliterator_mutex;
    std::vector<char32_t> bmp_table;                      // 0 where the code point is unchanged
    std::unordered_map<char32_t, char32_t> astral_table;
    std::size_t table_size = 0;

    Status build_table() {
        icu::UnicodeSet sources;
        transliterator->getSourceSet(sources);
        bmp_table.assign(0x10000, 0);
        for (std::int32_t i = 0; i < sources.size(); ++i) {
            const UChar32 cp = sources.charAt(i);
            icu::UnicodeString converted(cp);
            transliterator->transliterate(converted);
            if (converted.countChar32() != 1) {
                // Hant-Hans maps one code point to one code point; anything else means ICU's data
                // changed shape and the table would silently differ from the transliterator.
                return make_error(ErrorCode::internal, "ICU Hant-Hans maps U+" + std::to_string(cp) +
                                                           " to more than one code point");
            }
            const UChar32 target = converted.char32At(0);
            if (target == cp) continue;
            if (cp < 0x10000) {
                bmp_table[static_cast<std::size_t>(cp)] = static_cast<char32_t>(target);
            } else {
                astral_table.emplace(static_cast<char32_t>(cp), static_cast<char32_t>(target));
            }
            ++table_size;
        }
        return {};
    }

    UChar32 convert(UChar32 cp) const {
        if (mode != ScriptConversion::table) return cp;
        if (cp < 0x10000) {
            const char32_t mapped = bmp_table[static_cast<std::size_t>(cp)];
            return mapped == 0 ? cp : static_cast<UChar32>(mapped);
        }
        const auto found = astral_table.find(static_cast<char32_t>(cp));
        return found == astral_table.end() ? cp : static_cast<UChar32>(found->second);
    }

    void transliterate_if_needed(icu::UnicodeString& text) const {
        if (mode != ScriptConversion::icu_transliterator) return;
        std::lock_guard lock(transliterator_mutex);
        transliterator->transliterate(text);
    }

    // Emits one already-normalised piece whose every code point came from `source_offset`.
    void emit_piece(const icu::UnicodeString& piece, std::size_t source_offset, Emitter& out) const {
        for (std::int32_t i = 0; i < piece.length();) {
            const UChar32 cp = piece.char32At(i);
            out.emit(convert(cp), source_offset);
            i += U16_LENGTH(cp);
        }
    }
};

Normalizer::Normalizer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Normalizer::~Normalizer() = default;

Result<std::shared_ptr<const Normalizer>> Normalizer::create(NormalizerOptions options) {
    auto impl = std::make_unique<Impl>();
    UErrorCode status = U_ZERO_ERROR;
    impl->nfkc_casefold = icu::Normalizer2::getNFKCCasefoldInstance(status);
    if (U_FAILURE(status)) {
        return make_error(ErrorCode::internal, std::string("ICU NFKC_Casefold unavailable: ") + u_errorName(status));
    }
    impl->transliterator.reset(icu::Transliterator::createInstance("Hant-Hans", UTRANS_FORWARD, status));
    if (U_FAILURE(status) || !impl->transliterator) {
        return make_error(ErrorCode::internal, std::string("ICU Hant-Hans transliterator unavailable: ") + u_errorName(status));
    }
    impl->mode = options.script_conversion;
    if (impl->mode == ScriptConversion::table) {
        if (Status built = impl->build_table(); !built) return built.error();
    }
    return std::shared_ptr<const Normalizer>(new Normalizer(std::move(impl)));
}

std::string Normalizer::normalize(std::string_view utf8) const {
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString text = impl_->nfkc_casefold->normalize(
        icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<std::int32_t>(utf8.size()))), status);
    if (U_FAILURE(status)) return {};  // only on allocation failure; valid UTF-8 always normalises
    impl_->transliterate_if_needed(text);
    Emitter out(nullptr);
    impl_->emit_piece(text, 0, out);
    return out.finish(utf8.size());
}

MappedText Normalizer::normalize_mapped(std::string_view utf8) const {
    MappedText result;
    Emitter out(&result.source_offset);
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(utf8.data());
    const auto length = static_cast<std::int32_t>(utf8.size());
    // Normalisation may merge a code point with the ones after it, so the text is cut into
    // pieces only where ICU says a boundary lies; each piece maps to its first byte.
    std::int32_t piece_start = 0;
    std::int32_t i = 0;
    auto flush = [&](std::int32_t piece_end) {
        if (piece_end <= piece_start) return;
        UErrorCode status = U_ZERO_ERROR;
        icu::UnicodeString piece = impl_->nfkc_casefold->normalize(
            icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data() + piece_start, piece_end - piece_start)), status);
        if (U_FAILURE(status)) return;
        impl_->transliterate_if_needed(piece);
        impl_->emit_piece(piece, static_cast<std::size_t>(piece_start), out);
    };
    while (i < length) {
        const std::int32_t at = i;
        UChar32 cp;
        U8_NEXT_UNSAFE(bytes, i, cp);
        if (at > piece_start && impl_->nfkc_casefold->hasBoundaryBefore(cp)) {
            flush(at);
            piece_start = at;
        }
    }
    flush(length);
    result.text = out.finish(utf8.size());
    return result;
}

std::string Normalizer::to_simplified(std::string_view utf8) const {
    icu::UnicodeString text =
        icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<std::int32_t>(utf8.size())));
    if (impl_->mode == ScriptConversion::icu_transliterator) {
        impl_->transliterate_if_needed(text);
        std::string out;
        return text.toUTF8String(out);
    }
    std::string out;
    out.reserve(utf8.size());
    for (std::int32_t i = 0; i < text.length();) {
        const UChar32 cp = text.char32At(i);
        char buffer[U8_MAX_LENGTH];
        std::int32_t n = 0;
        U8_APPEND_UNSAFE(buffer, n, impl_->convert(cp));
        out.append(buffer, static_cast<std::size_t>(n));
        i += U16_LENGTH(cp);
    }
    return out;
}

std::size_t Normalizer::conversion_table_size() const { return impl_->table_size; }

}  // namespace huashu::text
