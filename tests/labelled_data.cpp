#include "labelled_data.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace huashu::testing {

std::string source_path(const std::string& relative) { return std::string(HUASHU_SOURCE_DIR) + "/" + relative; }

std::vector<LabelledLine> load_labelled_lines(const std::string& file) {
    std::ifstream in(source_path("tests/data/" + file));
    EXPECT_TRUE(in) << "tests/data/" << file << " is missing";
    std::vector<LabelledLine> lines;
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        if (line.empty() || line[0] == '#') continue;
        const auto tab = line.find('\t');
        if (tab == std::string::npos) {
            ADD_FAILURE() << file << ":" << number << ": no tab";
            continue;
        }
        LabelledLine labelled{{}, line.substr(tab + 1), number};
        std::stringstream labels(line.substr(0, tab));
        for (std::string label; std::getline(labels, label, ',');) labelled.labels.push_back(label);
        lines.push_back(std::move(labelled));
    }
    return lines;
}

std::vector<LabelledUtterance> load_labelled_intents(const std::string& file) {
    std::vector<LabelledUtterance> set;
    for (LabelledLine& labelled : load_labelled_lines(file)) {
        LabelledUtterance item;
        item.text = std::move(labelled.text);
        item.line = labelled.line;
        for (const std::string& id : labelled.labels) {
            if (auto intent = phrasebook::parse_intent(id)) {
                item.intents.push_back(*intent);
            } else {
                ADD_FAILURE() << file << ":" << labelled.line << ": unknown intent '" << id << "'";
            }
        }
        set.push_back(std::move(item));
    }
    return set;
}

}  // namespace huashu::testing
