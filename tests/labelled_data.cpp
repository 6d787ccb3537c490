#include "labelled_data.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace huashu::testing {

std::string source_path(const std::string& relative) { return std::string(HUASHU_SOURCE_DIR) + "/" + relative; }

std::vector<LabelledUtterance> load_labelled_intents(const std::string& file) {
    std::ifstream in(source_path("tests/data/" + file));
    EXPECT_TRUE(in) << "tests/data/" << file << " is missing";
    std::vector<LabelledUtterance> set;
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        if (line.empty() || line[0] == '#') continue;
        const auto tab = line.find('\t');
        if (tab == std::string::npos) {
            ADD_FAILURE() << file << ":" << number << ": no tab";
            continue;
        }
        LabelledUtterance item;
        item.text = line.substr(tab + 1);
        item.line = number;
        std::stringstream ids(line.substr(0, tab));
        for (std::string id; std::getline(ids, id, ',');) {
            if (auto intent = phrasebook::parse_intent(id)) {
                item.intents.push_back(*intent);
            } else {
                ADD_FAILURE() << file << ":" << number << ": unknown intent '" << id << "'";
            }
        }
        set.push_back(std::move(item));
    }
    return set;
}

}  // namespace huashu::testing
