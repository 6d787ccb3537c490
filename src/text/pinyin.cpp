#include "huashu/text/pinyin.h"

#include <unicode/translit.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

namespace huashu::text {

class Pinyin::Impl {
public:
    std::unique_ptr<icu::Transliterator> to_latin;  // GUARDED_BY(mutex): ICU transliterators are not thread-safe
    mutable std::mutex mutex;
};

Pinyin::Pinyin(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Pinyin::~Pinyin() = default;

Result<std::unique_ptr<Pinyin>> Pinyin::create() {
    auto impl = std::make_unique<Impl>();
    UErrorCode status = U_ZERO_ERROR;
    impl->to_latin.reset(icu::Transliterator::createInstance("Han-Latin/Names; Latin-ASCII; Lower", UTRANS_FORWARD, status));
    if (U_FAILURE(status) || !impl->to_latin) {
        return make_error(ErrorCode::internal, std::string("ICU Han-Latin transliterator unavailable: ") + u_errorName(status));
    }
    return std::unique_ptr<Pinyin>(new Pinyin(std::move(impl)));
}

std::vector<std::string> Pinyin::syllables(std::string_view utf8) const {
    std::vector<std::string> out;
    const icu::UnicodeString text =
        icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<std::int32_t>(utf8.size())));
    // One Han character at a time: Han-Latin separates syllables inconsistently inside words.
    for (std::int32_t i = 0; i < text.length();) {
        const UChar32 cp = text.char32At(i);
        i += U16_LENGTH(cp);
        UErrorCode status = U_ZERO_ERROR;
        if (uscript_getScript(cp, &status) != USCRIPT_HAN) continue;
        icu::UnicodeString latin(cp);
        {
            std::lock_guard lock(impl_->mutex);
            impl_->to_latin->transliterate(latin);
        }
        std::string syllable;
        latin.toUTF8String(syllable);
        std::erase_if(syllable, [](char c) { return c < 'a' || c > 'z'; });
        if (!syllable.empty()) out.push_back(std::move(syllable));
    }
    return out;
}

}  // namespace huashu::text
