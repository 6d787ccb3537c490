// Finds a fixed set of phrases in text: leftmost-longest, non-overlapping, on code-point
// boundaries, and on word boundaries where a phrase begins or ends with a Latin letter or digit. Used for synonym rewriting and for the draft lint's forbidden phrases.
//
//   PhraseMatcher m;
//   m.add("免邮", 0);
//   m.add("免运费", 0);
//   for (auto& hit : m.find_all("可以免运费吗")) ...   // {begin 6, end 15, id 0}
#pragma once

#include <bitset>
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace huashu::text {

class PhraseMatcher {
public:
    struct Match {
        std::size_t begin = 0;  // byte offsets into the searched text
        std::size_t end = 0;
        std::size_t id = 0;     // the id the phrase was added with
    };

    // An empty phrase is ignored; adding the same phrase twice keeps the first id.
    void add(std::string phrase, std::size_t id);
    bool empty() const { return by_phrase_.empty(); }

    std::vector<Match> find_all(std::string_view text) const;

    // Replaces every match with replacement_of_id[match.id].
    std::string replace_all(std::string_view text, const std::vector<std::string>& replacement_of_id) const;

    // A bit per hash slot of the code points that begin some phrase: most positions of a
    // text are ruled out by one bit test instead of a hash-set lookup.
    static constexpr std::size_t kFilterSlots = 1 << 14;
    static std::size_t filter_slot(std::string_view code_point);

private:
    // Transparent hashing, so that a std::string_view of the text is looked up without a copy.
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    std::bitset<kFilterSlots> may_begin_phrase_;
    std::unordered_map<std::string, std::size_t, Hash, std::equal_to<>> by_phrase_;
    std::unordered_set<std::string, Hash, std::equal_to<>> first_code_points_;
    std::vector<std::size_t> lengths_;  // distinct phrase lengths in bytes, longest first
};

// Many phrase lists in one: a phrase may belong to several ids, and each id gets its own
// leftmost-longest, non-overlapping matches, as if it had a PhraseMatcher of its own, from one
// scan of the text. The draft lint keeps one list per rule (a rule's phrase must not hide another
// rule's overlapping one) and used to scan a draft once per rule.
//
//   PerIdPhraseMatcher m;
//   m.add("不行", 0);
//   m.add("不行的话", 1);
//   m.find_all("不行的话") ...   // {0, 6, id 0} and {0, 12, id 1}
class PerIdPhraseMatcher {
public:
    using Match = PhraseMatcher::Match;

    // An empty phrase is ignored; adding the same phrase and id twice adds it once.
    void add(std::string phrase, std::size_t id);
    bool empty() const { return ids_of_phrase_.empty(); }

    // Every id's matches, ordered by id and then by position.
    std::vector<Match> find_all(std::string_view text) const;

private:
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    std::bitset<PhraseMatcher::kFilterSlots> may_begin_phrase_;
    std::unordered_map<std::string, std::vector<std::size_t>, Hash, std::equal_to<>> ids_of_phrase_;
    std::unordered_set<std::string, Hash, std::equal_to<>> first_code_points_;
    std::vector<std::size_t> lengths_;  // distinct phrase lengths in bytes, longest first
    std::size_t id_count_ = 0;
};

}  // namespace huashu::text
