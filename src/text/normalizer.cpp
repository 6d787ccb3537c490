#include "huashu/text/normalizer.h"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uniset.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <mutex>
#include <unordered_map>

namespace huashu::text {

namespace {

// How a well-formed sequence may start (Unicode 15, table 3-7), by lead byte: its length and the
// range of its second byte; the bytes after the second are any continuation byte. Length 0: no
// sequence starts with this byte (a continuation byte, C0/C1 (overlong) or F5..FF).
struct LeadByte {
    unsigned char length = 0;
    unsigned char low = 0;
    unsigned char high = 0;
};
constexpr std::array<LeadByte, 256> kLeadBytes = [] {
    std::array<LeadByte, 256> table{};
    for (int b = 0xC2; b <= 0xDF; ++b) table[b] = {2, 0x80, 0xBF};
    for (int b = 0xE0; b <= 0xEF; ++b) table[b] = {3, 0x80, 0xBF};
    table[0xE0].low = 0xA0;   // no overlong forms
    table[0xED].high = 0x9F;  // no surrogates
    for (int b = 0xF0; b <= 0xF4; ++b) table[b] = {4, 0x80, 0xBF};
    table[0xF0].low = 0x90;   // no overlong forms
    table[0xF4].high = 0x8F;  // nothing past U+10FFFF
    return table;
}();

}  // namespace

bool is_valid_utf8(std::string_view bytes) {
    // Checked on every phrasebook line and buyer message: ASCII goes eight bytes at a time, and
    // other sequences by one table lookup and no decoding.
    const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
    const std::size_t length = bytes.size();
    std::size_t i = 0;
    while (i < length) {
        if (s[i] < 0x80) {
            // A phrasebook line is mostly Chinese with short ASCII runs (" = ", " | "): the
            // ASCII bytes before the first other one in the next eight are skipped at once.
            std::uint64_t eight;
            if (i + 8 <= length) {
                std::memcpy(&eight, s + i, 8);
                const std::uint64_t high_bits = eight & 0x8080808080808080ULL;
                if constexpr (std::endian::native == std::endian::little) {
                    i += high_bits == 0 ? 8 : static_cast<std::size_t>(std::countr_zero(high_bits)) / 8;
                } else {
                    i += high_bits == 0 ? 8 : static_cast<std::size_t>(std::countl_zero(high_bits)) / 8;
                }
            } else {
                ++i;
            }
            continue;
        }
        // Most of a Chinese text: three bytes with no constraint beyond the continuation bytes
        // (lead E1 - EC or EE - EF), taken as a run without going back to the ASCII test.
        const std::size_t run_start = i;
        while (i + 3 <= length && static_cast<unsigned>(s[i] - 0xE1) <= 0xEF - 0xE1 && s[i] != 0xED) {
            std::uint16_t tail;
            std::memcpy(&tail, s + i + 1, 2);
            if ((tail & 0xC0C0) != 0x8080) return false;
            i += 3;
        }
        if (i != run_start) continue;
        const LeadByte lead = kLeadBytes[s[i]];
        if (lead.length == 0 || lead.length > length - i) return false;
        if (s[i + 1] < lead.low || s[i + 1] > lead.high) return false;
        for (std::size_t k = 2; k < lead.length; ++k) {
            if ((s[i + k] & 0xC0) != 0x80) return false;
        }
        i += lead.length;
    }
    return true;
}

namespace {

// Appends code points to the output, collapsing whitespace runs to one space and trimming both
// ends, and records for each output byte where in the original text it came from.
class Emitter {
public:
    enum class Spaces { collapse, keep };
    explicit Emitter(std::vector<std::size_t>* offsets, Spaces spaces = Spaces::collapse)
        : offsets_(offsets), spaces_(spaces) {}

    void emit(UChar32 cp, std::size_t source_offset) {
        if (spaces_ == Spaces::collapse && u_isUWhiteSpace(cp)) {
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
    Spaces spaces_;
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

    // ICU's Hant-Hans is a list of rules `source > target;` tried in order at each position,
    // the first that matches winning; most sources are one character, some are phrases whose
    // reading differs from the character's own (拉鍊 → 拉链 but 鍊 → 炼). The table keeps both.
    struct Rule {
        std::u32string source;
        std::u32string target;
    };
    std::vector<char32_t> single_table;  // BMP code point → target, 0 when unchanged
    std::unordered_map<char32_t, char32_t> astral_table;
    // For code points that start at least one phrase rule: all their rules, in ICU's order.
    std::unordered_map<char32_t, std::vector<Rule>> phrase_rules;
    // Whether a BMP code point starts any phrase rule: few do, and this spares a hash lookup
    // for every other character of every message.
    std::vector<bool> starts_phrase_rule;
    std::size_t table_size = 0;
    // BMP code points that NFKC_Casefold leaves as they are and never merges with a neighbour
    // (Normalizer2::isInert). Text made only of them is already normalised, so it skips ICU's
    // UTF-16 round trip: most triggers and buyer messages are Han, lowercase ASCII and digits.
    std::vector<bool> inert;

    void build_inert_table() {
        inert.assign(0x10000, false);
        for (UChar32 cp = 0; cp < 0x10000; ++cp) inert[static_cast<std::size_t>(cp)] = nfkc_casefold->isInert(cp);
    }

    // Decodes `utf8` into `cps` if every code point is inert; false otherwise (`cps` is then
    // unspecified). REQUIRES: valid UTF-8.
    bool decode_if_inert(std::string_view utf8, std::vector<UChar32>& cps) const {
        const auto* bytes = reinterpret_cast<const std::uint8_t*>(utf8.data());
        const auto length = static_cast<std::int32_t>(utf8.size());
        for (std::int32_t i = 0; i < length;) {
            UChar32 cp;
            U8_NEXT_UNSAFE(bytes, i, cp);
            if (cp >= 0x10000 || !inert[static_cast<std::size_t>(cp)]) return false;
            cps.push_back(cp);
        }
        return true;
    }

    static std::u32string to_u32(const icu::UnicodeString& s) {
        std::u32string out;
        for (std::int32_t i = 0; i < s.length(); i += U16_LENGTH(s.char32At(i))) out.push_back(static_cast<char32_t>(s.char32At(i)));
        return out;
    }

    Status build_table() {
        icu::UnicodeString rules;
        transliterator->toRules(rules, false);
        std::vector<Rule> parsed;
        std::int32_t start = 0;
        while (start < rules.length()) {
            std::int32_t end = rules.indexOf(u'\n', start);
            if (end < 0) end = rules.length();
            const icu::UnicodeString line = rules.tempSubStringBetween(start, end);
            start = end + 1;
            if (line.isEmpty()) continue;
            const std::int32_t arrow = line.indexOf(u" > ");
            if (arrow <= 0 || !line.endsWith(u";")) {
                std::string text;
                return make_error(ErrorCode::internal,
                                  "ICU Hant-Hans rule not of the form 'a > b;': " + line.toUTF8String(text));
            }
            parsed.push_back({to_u32(line.tempSubStringBetween(0, arrow)),
                              to_u32(line.tempSubStringBetween(arrow + 3, line.length() - 1))});
        }
        single_table.assign(0x10000, 0);
        for (const Rule& rule : parsed) {
            if (rule.source.size() > 1) phrase_rules[rule.source.front()];
        }
        starts_phrase_rule.assign(0x10000, false);
        for (const auto& [first, rules] : phrase_rules) {
            if (first < 0x10000) starts_phrase_rule[first] = true;
        }
        for (Rule& rule : parsed) {
            const char32_t first = rule.source.front();
            if (rule.source.size() == 1 && rule.target.size() == 1 && rule.target != rule.source) {
                // Only the first single-character rule for a code point can ever fire.
                if (first < 0x10000 && single_table[first] == 0) single_table[first] = rule.target.front();
                if (first >= 0x10000) astral_table.emplace(first, rule.target.front());
                ++table_size;
            }
            if (auto found = phrase_rules.find(first); found != phrase_rules.end()) found->second.push_back(std::move(rule));
        }
        return {};
    }

    UChar32 convert_single(UChar32 cp) const {
        if (cp < 0x10000) {
            const char32_t mapped = single_table[static_cast<std::size_t>(cp)];
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

    // Emits normalised code points, converting scripts in table mode; `offsets[i]` is where
    // code point i came from in the original text.
    void emit_all(const std::vector<UChar32>& cps, const std::vector<std::size_t>& offsets, Emitter& out) const {
        std::size_t i = 0;
        while (i < cps.size()) {
            if (mode == ScriptConversion::table) {
                const bool may_start_phrase = cps[i] >= 0x10000 || starts_phrase_rule[static_cast<std::size_t>(cps[i])];
                if (auto found = may_start_phrase ? phrase_rules.find(static_cast<char32_t>(cps[i])) : phrase_rules.end();
                    found != phrase_rules.end()) {
                    const Rule* match = nullptr;
                    for (const Rule& rule : found->second) {
                        if (i + rule.source.size() > cps.size()) continue;
                        if (std::equal(rule.source.begin(), rule.source.end(), cps.begin() + static_cast<std::ptrdiff_t>(i),
                                       [](char32_t a, UChar32 b) { return static_cast<UChar32>(a) == b; })) {
                            match = &rule;
                            break;
                        }
                    }
                    if (match != nullptr) {
                        for (std::size_t k = 0; k < match->target.size(); ++k) {
                            out.emit(static_cast<UChar32>(match->target[k]), offsets[i + std::min(k, match->source.size() - 1)]);
                        }
                        i += match->source.size();
                        continue;
                    }
                }
                out.emit(convert_single(cps[i]), offsets[i]);
            } else {
                out.emit(cps[i], offsets[i]);
            }
            ++i;
        }
    }

    static void append_code_points(const icu::UnicodeString& text, std::size_t offset, std::vector<UChar32>& cps,
                                   std::vector<std::size_t>& offsets) {
        for (std::int32_t i = 0; i < text.length();) {
            const UChar32 cp = text.char32At(i);
            cps.push_back(cp);
            offsets.push_back(offset);
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
        impl->build_inert_table();
    }
    return std::shared_ptr<const Normalizer>(new Normalizer(std::move(impl)));
}

std::string Normalizer::normalize(std::string_view utf8) const {
    // Reused by the thread's next call: normalising is done on every message.
    thread_local std::vector<UChar32> cps;
    thread_local std::vector<std::size_t> offsets;
    cps.clear();
    offsets.clear();
    // The icu_transliterator mode stays all ICU: tests compare the table mode against it.
    if (impl_->mode == ScriptConversion::table && impl_->decode_if_inert(utf8, cps)) {
        offsets.resize(cps.size(), 0);  // normalize() keeps no offset map
    } else {
        cps.clear();
        UErrorCode status = U_ZERO_ERROR;
        icu::UnicodeString text = impl_->nfkc_casefold->normalize(
            icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<std::int32_t>(utf8.size()))), status);
        if (U_FAILURE(status)) return {};  // only on allocation failure; valid UTF-8 always normalises
        impl_->transliterate_if_needed(text);
        Impl::append_code_points(text, 0, cps, offsets);
    }
    Emitter out(nullptr);
    impl_->emit_all(cps, offsets, out);
    return out.finish(utf8.size());
}

MappedText Normalizer::normalize_mapped(std::string_view utf8) const {
    std::vector<UChar32> cps;
    std::vector<std::size_t> offsets;
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(utf8.data());
    const auto length = static_cast<std::int32_t>(utf8.size());
    // Normalisation may merge a code point with the ones after it, so the text is cut into
    // pieces only where ICU says a boundary lies; each piece maps to its first byte.
    std::int32_t piece_start = 0;
    auto flush = [&](std::int32_t piece_end) {
        if (piece_end <= piece_start) return;
        UErrorCode status = U_ZERO_ERROR;
        icu::UnicodeString piece = impl_->nfkc_casefold->normalize(
            icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data() + piece_start, piece_end - piece_start)), status);
        if (U_FAILURE(status)) return;
        Impl::append_code_points(piece, static_cast<std::size_t>(piece_start), cps, offsets);
    };
    for (std::int32_t i = 0; i < length;) {
        const std::int32_t at = i;
        UChar32 cp;
        U8_NEXT_UNSAFE(bytes, i, cp);
        if (at > piece_start && impl_->nfkc_casefold->hasBoundaryBefore(cp)) {
            flush(at);
            piece_start = at;
        }
    }
    flush(length);
    if (impl_->mode == ScriptConversion::icu_transliterator) {
        // Transliterate the whole text at once so that phrase rules see across pieces; each
        // output code point keeps the offset of the input code point at the same position, or
        // the last one when the output is longer (Hant-Hans keeps lengths).
        icu::UnicodeString whole;
        for (UChar32 cp : cps) whole.append(cp);
        impl_->transliterate_if_needed(whole);
        std::vector<UChar32> converted;
        std::vector<std::size_t> converted_offsets;
        Impl::append_code_points(whole, 0, converted, converted_offsets);
        for (std::size_t i = 0; i < converted.size(); ++i) {
            converted_offsets[i] = offsets.empty() ? 0 : offsets[std::min(i, offsets.size() - 1)];
        }
        cps = std::move(converted);
        offsets = std::move(converted_offsets);
    }
    MappedText result;
    Emitter out(&result.source_offset);
    impl_->emit_all(cps, offsets, out);
    result.text = out.finish(utf8.size());
    return result;
}

std::string Normalizer::to_simplified(std::string_view utf8) const {
    icu::UnicodeString text =
        icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<std::int32_t>(utf8.size())));
    std::string out;
    if (impl_->mode == ScriptConversion::icu_transliterator) {
        impl_->transliterate_if_needed(text);
        return text.toUTF8String(out);
    }
    std::vector<UChar32> cps;
    std::vector<std::size_t> offsets;
    Impl::append_code_points(text, 0, cps, offsets);
    Emitter converted(nullptr, Emitter::Spaces::keep);
    impl_->emit_all(cps, offsets, converted);
    return converted.finish(utf8.size());
}

std::size_t Normalizer::conversion_table_size() const { return impl_->table_size; }

}  // namespace huashu::text
