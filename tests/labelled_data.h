// The labelled evaluation sets in tests/data/, read once per test program.
#pragma once

#include <string>
#include <vector>

#include "huashu/phrasebook/vocabulary.h"

namespace huashu::testing {

struct LabelledUtterance {
    std::vector<phrasebook::Intent> intents;  // one, or two for a two-part question
    std::string text;
    int line = 0;
};

// One line of a labelled file: `<label>[,<label>]<TAB><text>`.
struct LabelledLine {
    std::vector<std::string> labels;
    std::string text;
    int line = 0;
};

// Every labelled line of tests/data/<file>, skipping blank and '#' lines; fails the calling test
// (ADD_FAILURE) on a line without a tab.
std::vector<LabelledLine> load_labelled_lines(const std::string& file);

// A labelled set in tests/data/ (intents.tsv, intents_holdout.tsv); fails the calling test
// (ADD_FAILURE) on a malformed line.
std::vector<LabelledUtterance> load_labelled_intents(const std::string& file = "intents.tsv");

std::string source_path(const std::string& relative);

}  // namespace huashu::testing
