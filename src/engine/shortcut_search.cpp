#include "huashu/engine/shortcut_search.h"

#include <algorithm>

#include "huashu/text/pinyin.h"

namespace huashu::engine {

namespace {

// How well a query matches, higher first.
enum Match : int { kNone = 0, kContains = 1, kPrefix = 2, kExact = 3 };

Match compare(std::string_view key, std::string_view query) {
    if (key.empty() || query.empty()) return kNone;
    if (key == query) return kExact;
    if (key.starts_with(query)) return kPrefix;
    return key.find(query) != std::string_view::npos ? kContains : kNone;
}

}  // namespace

class ShortcutSearch::Index {
public:
    struct Keys {
        std::vector<std::string> pinyin;    // per keyword: "tuihuo"
        std::vector<std::string> initials;  // per keyword: "th"
        std::vector<std::string> text;      // normalised keywords, replies and the entry id
    };
    std::shared_ptr<const phrasebook::Phrasebook> book;
    std::shared_ptr<const text::Normalizer> normalizer;
    std::vector<Keys> keys;  // per entry

    Match best(std::size_t e, std::string_view query) const {
        Match found = kNone;
        for (const auto& key : keys[e].initials) found = std::max(found, compare(key, query));
        for (const auto& key : keys[e].pinyin) found = std::max(found, compare(key, query));
        for (const auto& key : keys[e].text) found = std::max(found, compare(key, query) == kNone ? kNone : kContains);
        return found;
    }
};

ShortcutSearch::ShortcutSearch(std::unique_ptr<Index> index) : index_(std::move(index)) {}
ShortcutSearch::~ShortcutSearch() = default;

Result<std::shared_ptr<const ShortcutSearch>> ShortcutSearch::build(std::shared_ptr<const phrasebook::Phrasebook> book,
                                                                    std::shared_ptr<const text::Normalizer> normalizer) {
    auto pinyin = text::Pinyin::create();
    if (!pinyin) return pinyin.error();
    auto index = std::make_unique<Index>();
    index->book = std::move(book);
    index->normalizer = std::move(normalizer);
    for (const phrasebook::Entry& entry : index->book->entries) {
        Index::Keys keys;
        for (const std::string& keyword : entry.keywords) {
            const std::string normalized = index->normalizer->normalize(keyword);
            std::string full;
            std::string initials;
            for (const std::string& syllable : (*pinyin)->syllables(normalized)) {
                full += syllable;
                initials += syllable.front();
            }
            if (!full.empty()) {
                keys.pinyin.push_back(std::move(full));
                keys.initials.push_back(std::move(initials));
            }
            keys.text.push_back(normalized);
        }
        for (const std::string& reply : entry.replies) keys.text.push_back(index->normalizer->normalize(reply));
        keys.text.push_back(entry.id);
        index->keys.push_back(std::move(keys));
    }
    return std::shared_ptr<const ShortcutSearch>(new ShortcutSearch(std::move(index)));
}

std::vector<Suggestion> ShortcutSearch::find(std::string_view query, std::size_t limit) const {
    if (query.starts_with('/')) query.remove_prefix(1);
    const std::string normalized = index_->normalizer->normalize(query);
    std::string compact;  // "tui huo" and "tuihuo" alike
    std::copy_if(normalized.begin(), normalized.end(), std::back_inserter(compact), [](char c) { return c != ' '; });
    std::vector<std::pair<Match, std::size_t>> hits;
    for (std::size_t e = 0; e < index_->keys.size(); ++e) {
        if (const Match m = index_->best(e, compact); m != kNone) hits.emplace_back(m, e);
    }
    std::stable_sort(hits.begin(), hits.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    const phrasebook::Phrasebook& book = *index_->book;
    auto value_of = [&](std::string_view name) -> std::optional<std::string_view> {
        if (auto found = book.placeholders.find(name); found != book.placeholders.end()) return found->second;
        return std::nullopt;
    };
    std::vector<Suggestion> out;
    // Every matching entry's first reply before any entry's second.
    for (std::size_t variant = 0; out.size() < limit; ++variant) {
        bool any = false;
        for (const auto& [match, e] : hits) {
            const phrasebook::Entry& entry = book.entries[e];
            if (variant >= entry.replies.size() || out.size() >= limit) continue;
            any = true;
            out.push_back({entry.id + "#" + std::to_string(variant + 1), entry.category, entry.technique,
                           phrasebook::fill_placeholders(entry.replies[variant], value_of), static_cast<double>(match)});
        }
        if (!any) break;
    }
    return out;
}

}  // namespace huashu::engine
