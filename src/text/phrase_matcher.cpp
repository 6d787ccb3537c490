#include "huashu/text/phrase_matcher.h"
#include "huashu/text/utf8_steps.h"

#include <algorithm>
#include <functional>

namespace huashu::text {

namespace {
bool is_ascii_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// A phrase that begins or ends with a Latin letter or digit matches only whole words on that
// side: "hi" must not match inside "this", "qq" not inside "qqq"; Chinese has no such edges.
bool on_word_edges(std::string_view text, std::size_t begin, std::size_t end) {
    if (is_ascii_alnum(text[begin]) && begin > 0 && is_ascii_alnum(text[begin - 1])) return false;
    if (is_ascii_alnum(text[end - 1]) && end < text.size() && is_ascii_alnum(text[end])) return false;
    return true;
}
}  // namespace

std::size_t PhraseMatcher::filter_slot(std::string_view code_point) {
    std::size_t slot = 0;
    for (char c : code_point) slot = slot * 131 + static_cast<unsigned char>(c);
    return slot % kFilterSlots;
}

void PhraseMatcher::add(std::string phrase, std::size_t id) {
    if (phrase.empty()) return;
    const std::size_t length = phrase.size();
    std::size_t first = 1;
    while (first < phrase.size() && is_utf8_continuation_byte(phrase[first])) ++first;
    first_code_points_.insert(phrase.substr(0, first));
    may_begin_phrase_.set(filter_slot(std::string_view(phrase).substr(0, first)));
    if (!by_phrase_.emplace(std::move(phrase), id).second) return;
    if (std::find(lengths_.begin(), lengths_.end(), length) == lengths_.end()) {
        lengths_.push_back(length);
        std::sort(lengths_.begin(), lengths_.end(), std::greater<>());
    }
}

std::vector<PhraseMatcher::Match> PhraseMatcher::find_all(std::string_view text) const {
    std::vector<Match> matches;
    std::size_t at = 0;
    while (at < text.size()) {
        std::size_t next = at + 1;
        while (next < text.size() && is_utf8_continuation_byte(text[next])) ++next;
        // Most positions start no phrase at all: a bit test, then one lookup, rule them out
        // before any length is tried.
        const std::string_view first = text.substr(at, next - at);
        if (!may_begin_phrase_.test(filter_slot(first)) || !first_code_points_.contains(first)) {
            at = next;
            continue;
        }
        bool matched = false;
        for (std::size_t length : lengths_) {
            if (at + length > text.size()) continue;
            if (at + length < text.size() && is_utf8_continuation_byte(text[at + length])) continue;
            if (auto found = by_phrase_.find(text.substr(at, length)); found != by_phrase_.end() && on_word_edges(text, at, at + length)) {
                matches.push_back(Match{at, at + length, found->second});
                at += length;
                matched = true;
                break;
            }
        }
        if (matched) continue;
        ++at;
        while (at < text.size() && is_utf8_continuation_byte(text[at])) ++at;
    }
    return matches;
}

std::string PhraseMatcher::replace_all(std::string_view text, const std::vector<std::string>& replacement_of_id) const {
    std::string out;
    out.reserve(text.size());
    std::size_t copied = 0;
    for (const Match& m : find_all(text)) {
        out.append(text.substr(copied, m.begin - copied));
        out.append(replacement_of_id.at(m.id));
        copied = m.end;
    }
    out.append(text.substr(copied));
    return out;
}

void PerIdPhraseMatcher::add(std::string phrase, std::size_t id) {
    if (phrase.empty()) return;
    std::size_t first = 1;
    while (first < phrase.size() && is_utf8_continuation_byte(phrase[first])) ++first;
    first_code_points_.insert(phrase.substr(0, first));
    may_begin_phrase_.set(PhraseMatcher::filter_slot(std::string_view(phrase).substr(0, first)));
    const std::size_t length = phrase.size();
    std::vector<std::size_t>& ids = ids_of_phrase_[std::move(phrase)];
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    id_count_ = std::max(id_count_, id + 1);
    if (std::find(lengths_.begin(), lengths_.end(), length) == lengths_.end()) {
        lengths_.push_back(length);
        std::sort(lengths_.begin(), lengths_.end(), std::greater<>());
    }
}

std::vector<PerIdPhraseMatcher::Match> PerIdPhraseMatcher::find_all(std::string_view text) const {
    // An id's own scan would stand at every code point from the end of its last match on, and
    // take its longest phrase there: the same as taking, at every code point, the longest phrase
    // of each id that is free again by then.
    std::vector<Match> matches;
    std::vector<std::size_t> free_from(id_count_, 0);
    for (std::size_t at = 0; at < text.size();) {
        std::size_t next = at + 1;
        while (next < text.size() && is_utf8_continuation_byte(text[next])) ++next;
        const std::string_view first = text.substr(at, next - at);
        if (may_begin_phrase_.test(PhraseMatcher::filter_slot(first)) && first_code_points_.contains(first)) {
            for (const std::size_t length : lengths_) {  // longest first
                if (at + length > text.size()) continue;
                if (at + length < text.size() && is_utf8_continuation_byte(text[at + length])) continue;
                const auto found = ids_of_phrase_.find(text.substr(at, length));
                if (found == ids_of_phrase_.end() || !on_word_edges(text, at, at + length)) continue;
                for (const std::size_t id : found->second) {
                    if (free_from[id] > at) continue;  // inside its last match, or matched longer here
                    matches.push_back(Match{at, at + length, id});
                    free_from[id] = at + length;
                }
            }
        }
        at = next;
    }
    std::stable_sort(matches.begin(), matches.end(), [](const Match& a, const Match& b) { return a.id < b.id; });
    return matches;
}

}  // namespace huashu::text
