// A training scenario: one buyer persona and the state machine that decides what the buyer says
// next, from simulator/scenarios/*.json (format in simulator/README.md).
//
//   ScenarioFolder folder = load_scenario_folder("simulator/scenarios");
//   for (const std::string& problem : folder.problems) std::cerr << problem << '\n';
//   const Scenario* bargainer = folder.find("bargainer");
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "huashu/phrasebook/vocabulary.h"

namespace huashu::simulator {

enum class Ending : unsigned char { ordered, paid, resolved, left, bad_review };
std::string_view to_string(Ending ending);
std::optional<Ending> parse_ending(std::string_view id);
// ordered, paid and resolved are what a shop wants; left and bad_review are not.
bool is_good(Ending ending);

enum class Script : unsigned char { simplified, traditional };

struct Persona {
    std::string name;
    std::string goal;
    std::int64_t patience_ms = 60'000;
    double typing_chars_per_second = 3;
    Script script = Script::simplified;
    std::vector<std::string> nudges = {"在吗？"};
    int max_nudges = 2;
};

// What an agent's reply must (or must not) do for a transition to be taken. Unset fields do
// not matter.
struct Condition {
    enum class TechniqueTest : unsigned char { unspecified, any, none, one_of };
    std::optional<bool> answered;
    std::vector<phrasebook::Intent> intents;  // empty: any
    TechniqueTest technique_test = TechniqueTest::unspecified;
    std::vector<phrasebook::Technique> techniques;  // for one_of
    std::optional<bool> concession;
    std::optional<bool> apology;
    std::optional<bool> lint;
    std::optional<std::int64_t> slower_than_ms;
};

struct Transition {
    std::optional<Condition> when;  // none: always taken
    std::size_t to = 0;             // index into Scenario::states
};

struct State {
    std::string id;
    std::optional<Ending> ending;  // set for end states
    // Variants; each is one or more lines sent one after another.
    std::vector<std::vector<std::string>> say;
    std::vector<phrasebook::Intent> asks;
    std::vector<Transition> on;
    std::optional<std::int64_t> patience_ms;  // overrides the persona's
    std::optional<std::size_t> on_timeout;    // none: the buyer leaves (Ending::left)
};

struct Scenario {
    std::string id;
    std::string title;
    Persona persona;
    bool rewards_techniques = false;  // a sales scenario: using a closing technique scores
    std::size_t start = 0;
    std::vector<State> states;
    std::string file;  // where it was loaded from, for messages
};

struct ParsedScenario {
    std::shared_ptr<const Scenario> scenario;  // set only when problems is empty
    std::vector<std::string> problems;         // "file: state: reason", every one found
};

// `file_name` names the file in problems and must end in "<id>.json".
ParsedScenario parse_scenario(std::string_view json_text, const std::string& file_name);

struct ScenarioFolder {
    std::vector<std::shared_ptr<const Scenario>> scenarios;  // sorted by id; broken files left out
    std::vector<std::string> problems;
    const Scenario* find(std::string_view id) const;
    std::shared_ptr<const Scenario> find_shared(std::string_view id) const;
};

// Every *.json file of the folder, in name order.
ScenarioFolder load_scenario_folder(const std::filesystem::path& folder);

}  // namespace huashu::simulator
