// Checks an agent's draft against the phrasebook's forbidden phrases (禁语) before it is sent,
// and against the built-in detectors its rules name (a buyer's phone, ID or street address).
//
//   auto linter = DraftLinter::build(phrasebook, normalizer);
//   for (const LintIssue& issue : linter->lint("这不是我们的问题，找快递去")) ...
//
// Matching runs on normalised text, so traditional script, full-width forms and letter case
// make no difference; offsets point into the draft exactly as the agent typed it.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "huashu/phrasebook/phrasebook.h"
#include "huashu/text/normalizer.h"

namespace huashu::engine {

struct LintIssue {
    // Code point offsets into the original draft, end exclusive (what Python's str slicing and
    // JavaScript's Array.from(text).slice use).
    std::size_t start = 0;
    std::size_t end = 0;
    std::string text;     // the offending part of the draft as typed
    std::string rule_id;  // the [forbidden ID] that matched
    phrasebook::LintRule rule = phrasebook::LintRule::forbidden_phrase;
    phrasebook::Severity severity = phrasebook::Severity::error;
    std::string message;
    std::string rewrite;
};

class DraftLinter {
public:
    static std::shared_ptr<const DraftLinter> build(std::shared_ptr<const phrasebook::Phrasebook> book,
                                                    std::shared_ptr<const text::Normalizer> normalizer);
    ~DraftLinter();

    // Issues in draft order; empty for a clean draft. REQUIRES: valid UTF-8. Thread-safe.
    std::vector<LintIssue> lint(std::string_view draft) const;

    class Rules;

private:
    explicit DraftLinter(std::unique_ptr<Rules> rules);
    std::unique_ptr<Rules> rules_;
};

}  // namespace huashu::engine
