// Reads an agent's reply the way a buyer would: which question it answers, whether it uses a
// closing technique, offers something or apologises, and which lint rules it trips. The
// simulator's buyers react to this verdict; it comes from the same phrasebook and engine that
// suggest replies, so practice and real work judge a reply alike.
//
//   auto classifier = ReplyClassifier::build(phrasebook, normalizer, linter);
//   ReplyVerdict verdict = classifier->classify("亲，黑色和白色都有货，您喜欢哪个颜色呢？");
//   verdict.technique;   // alternative_choice
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "huashu/engine/draft_linter.h"
#include "huashu/engine/suggestion_engine.h"

namespace huashu::engine {

struct ReplyVerdict {
    std::vector<phrasebook::Intent> intents;  // what the reply answers, best first; empty if nothing
    std::optional<phrasebook::Technique> technique;
    std::string entry_id;  // the phrasebook entry the reply is, or is most like; empty if none
    bool concession = false;
    bool apology = false;
    std::vector<LintIssue> lint;
};

class ReplyClassifier {
public:
    // `linter` must have been built from the same phrasebook.
    static std::shared_ptr<const ReplyClassifier> build(std::shared_ptr<const phrasebook::Phrasebook> book,
                                                        std::shared_ptr<const text::Normalizer> normalizer,
                                                        std::shared_ptr<const DraftLinter> linter);
    ~ReplyClassifier();

    // A reply sent from a suggestion ("<entry id>#<n>") is that entry's; a typed reply is
    // matched against every reply of the phrasebook. REQUIRES: valid UTF-8. Thread-safe.
    ReplyVerdict classify(std::string_view reply, std::optional<std::string_view> suggestion_id = std::nullopt) const;

    class Parts;

private:
    explicit ReplyClassifier(std::unique_ptr<Parts> parts);
    std::unique_ptr<Parts> parts_;
};

}  // namespace huashu::engine
