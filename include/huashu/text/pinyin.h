// Pinyin of Chinese text through ICU's Han-Latin transliterator, for shortcut search
// (`/tuihuo`, `/th`). Slow (ICU transliteration): meant for building indexes, not for every
// buyer message.
//
//   auto pinyin = Pinyin::create();
//   (*pinyin)->syllables("退货");   // {"tui", "huo"}
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "huashu/core/result.h"

namespace huashu::text {

class Pinyin {
public:
    static Result<std::unique_ptr<Pinyin>> create();
    ~Pinyin();

    // Toneless lowercase ASCII syllables of the Han characters in `utf8`, in order; other
    // characters are skipped. REQUIRES: valid UTF-8. Thread-safe.
    std::vector<std::string> syllables(std::string_view utf8) const;

    class Impl;

private:
    explicit Pinyin(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace huashu::text
