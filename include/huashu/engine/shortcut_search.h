// The agent's quick-phrase box: `/退货`, `/tuihuo` or `/th` find the return replies, the way
// agents already type shortcuts in their chat clients, but across the whole phrasebook.
//
//   auto search = ShortcutSearch::build(phrasebook, normalizer);
//   search->find("/th", 5);
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

#include "huashu/engine/suggestion_engine.h"

namespace huashu::engine {

class ShortcutSearch {
public:
    static Result<std::shared_ptr<const ShortcutSearch>> build(std::shared_ptr<const phrasebook::Phrasebook> book,
                                                               std::shared_ptr<const text::Normalizer> normalizer);
    ~ShortcutSearch();

    // `query` with or without its leading '/'. Matches, best first: a keyword's pinyin initials
    // or full pinyin equal to the query, then starting with it, then a keyword, reply or entry id
    // containing it. At most `limit` replies. Thread-safe.
    std::vector<Suggestion> find(std::string_view query, std::size_t limit) const;

    // True for suggest texts that ask for a shortcut search rather than a ranking.
    static bool is_shortcut(std::string_view text) { return text.size() > 1 && text.front() == '/'; }

    class Index;

private:
    explicit ShortcutSearch(std::unique_ptr<Index> index);
    std::unique_ptr<Index> index_;
};

}  // namespace huashu::engine
