// The draft lint's clause cue scorer: reads the shape of each clause of a draft instead of
// looking for listed sentences. A draft is cut into clauses; every clause gets the cues it holds
// (a second-person reference, a fault, a refusal head, a contact channel, an absolute word…), the
// draft as a whole gets its softeners and blockers (an apology, a reason, an alternative, a
// warning against private payment), and each family combines them by its own rule. Word lists
// alone caught 37 % of drafts written after they were tuned; combinations of a few hundred cue
// words catch sentences nobody listed. See docs/decisions.md, entries 41 and 57: the cue words
// are phrasebook text ([clause_cues] lines), their kinds and the rules that combine them are code.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "huashu/phrasebook/phrasebook.h"
#include "huashu/phrasebook/vocabulary.h"
#include "huashu/text/normalizer.h"

namespace huashu::engine {

struct CueFinding {
    std::size_t begin = 0;  // byte offsets into the normalised text
    std::size_t end = 0;
    phrasebook::LintRule family = phrasebook::LintRule::forbidden_phrase;
};

class ClauseCueScorer {
public:
    // Cue words are written in simplified Chinese and normalised like drafts, so traditional
    // script, full-width forms and letter case in a draft make no difference. A line the loader
    // would reject (a malformed set, a `*` gap) is skipped. Keeps no reference to `lines`.
    ClauseCueScorer(const std::vector<phrasebook::CueLine>& lines, const text::Normalizer& normalizer);

    // At most one finding per clause and family, in text order. REQUIRES: normalised text.
    std::vector<CueFinding> find(std::string_view normalised) const;

    struct Cue {
        std::string spelling;
        std::uint64_t kinds = 0;
    };

private:
    // Cues by the bytes of their first code point, longest first, so that a scan tries only the
    // few cues that can start at a position and takes the longest (不可以 before 可以).
    std::unordered_map<std::uint32_t, std::vector<Cue>> cues_by_first_code_point_;
};

}  // namespace huashu::engine
