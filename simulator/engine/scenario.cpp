#include "huashu/simulator/scenario.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>
#include <unordered_map>

#include <nlohmann/json.hpp>

namespace huashu::simulator {

namespace {

using json = nlohmann::json;

constexpr std::array<std::string_view, 5> kEndingIds = {"ordered", "paid", "resolved", "left", "bad_review"};

bool is_state_id(std::string_view id) {
    return !id.empty() && id.size() <= 64 &&
           std::all_of(id.begin(), id.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

// Reads one scenario file and collects every problem, each naming the file and the state.
class Reader {
public:
    explicit Reader(std::string file) : file_(std::move(file)) {}

    ParsedScenario read(std::string_view text) {
        json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
        if (doc.is_discarded()) {
            // nlohmann's parser names the byte; the exception-based parse gives the better text.
            try {
                const json again = json::parse(text);
            } catch (const json::parse_error& error) {
                problem("", std::string("not valid JSON: ") + error.what());
            }
            if (problems_.empty()) problem("", "not valid JSON");
            return finish();
        }
        if (!doc.is_object()) {
            problem("", "the file must hold one JSON object");
            return finish();
        }
        known_keys("", doc, {"format", "id", "title", "persona", "start", "states", "rewards_techniques"});
        if (!doc.contains("format") || doc["format"] != 1) problem("", "\"format\" must be 1");
        scenario_.id = string_field("", doc, "id");
        if (!scenario_.id.empty()) {
            if (!is_state_id(scenario_.id)) problem("", "\"id\" must be lowercase letters, digits and '_'");
            const std::string expected = scenario_.id + ".json";
            const std::string base = std::filesystem::path(file_).filename().string();
            if (base != expected) problem("", "\"id\" is \"" + scenario_.id + "\" but the file is " + base);
        }
        scenario_.title = string_field("", doc, "title");
        if (doc.contains("rewards_techniques")) {
            if (doc["rewards_techniques"].is_boolean()) {
                scenario_.rewards_techniques = doc["rewards_techniques"].get<bool>();
            } else {
                problem("", "\"rewards_techniques\" must be true or false");
            }
        }
        read_persona(doc);
        read_states(doc);
        check_graph();
        return finish();
    }

private:
    void problem(const std::string& state, const std::string& reason) {
        problems_.push_back(file_ + ": " + (state.empty() ? std::string() : state + ": ") + reason);
    }

    void known_keys(const std::string& where, const json& object, std::initializer_list<std::string_view> keys) {
        for (const auto& [key, value] : object.items()) {
            if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
                std::string list;
                for (std::string_view k : keys) list += (list.empty() ? "" : ", ") + std::string(k);
                problem(where, "unknown key \"" + key + "\" (known: " + list + ")");
            }
        }
    }

    std::string string_field(const std::string& where, const json& object, const char* key, bool required = true) {
        if (!object.contains(key)) {
            if (required) problem(where, std::string("\"") + key + "\" is missing");
            return {};
        }
        if (!object[key].is_string() || object[key].get<std::string>().empty()) {
            problem(where, std::string("\"") + key + "\" must be a non-empty string");
            return {};
        }
        return object[key].get<std::string>();
    }

    std::optional<double> positive_number(const std::string& where, const json& object, const char* key) {
        if (!object.contains(key)) return std::nullopt;
        if (!object[key].is_number() || object[key].get<double>() <= 0 || !std::isfinite(object[key].get<double>())) {
            problem(where, std::string("\"") + key + "\" must be a positive number");
            return std::nullopt;
        }
        return object[key].get<double>();
    }

    std::vector<std::string> string_list(const std::string& where, const json& value, const char* key) {
        std::vector<std::string> out;
        if (!value.is_array()) {
            problem(where, std::string("\"") + key + "\" must be a list of strings");
            return out;
        }
        for (const json& item : value) {
            if (!item.is_string() || item.get<std::string>().empty()) {
                problem(where, std::string("\"") + key + "\" must hold non-empty strings only");
                continue;
            }
            out.push_back(item.get<std::string>());
        }
        return out;
    }

    void read_persona(const json& doc) {
        if (!doc.contains("persona") || !doc["persona"].is_object()) {
            problem("persona", "\"persona\" must be an object");
            return;
        }
        const json& p = doc["persona"];
        known_keys("persona", p, {"name", "goal", "patience_s", "typing_cps", "script", "nudges", "max_nudges"});
        Persona& persona = scenario_.persona;
        persona.name = string_field("persona", p, "name");
        persona.goal = string_field("persona", p, "goal");
        if (auto patience = positive_number("persona", p, "patience_s")) persona.patience_ms = std::llround(*patience * 1000);
        if (auto cps = positive_number("persona", p, "typing_cps")) persona.typing_chars_per_second = *cps;
        const std::string script = string_field("persona", p, "script");
        if (script == "traditional") {
            persona.script = Script::traditional;
        } else if (!script.empty() && script != "simplified") {
            problem("persona", "\"script\" must be simplified or traditional");
        }
        if (p.contains("nudges")) {
            persona.nudges = string_list("persona", p["nudges"], "nudges");
            if (persona.nudges.empty()) problem("persona", "\"nudges\" needs at least one line");
        }
        if (p.contains("max_nudges")) {
            if (!p["max_nudges"].is_number_integer() || p["max_nudges"].get<int>() < 0 || p["max_nudges"].get<int>() > 10) {
                problem("persona", "\"max_nudges\" must be a whole number from 0 to 10");
            } else {
                persona.max_nudges = p["max_nudges"].get<int>();
            }
        }
    }

    void read_states(const json& doc) {
        if (!doc.contains("states") || !doc["states"].is_object() || doc["states"].empty()) {
            problem("", "\"states\" must be an object with at least one state");
            return;
        }
        // Indexes first, so that transitions may name states defined later.
        for (const auto& [id, value] : doc["states"].items()) {
            if (!is_state_id(id)) problem(id, "state ids must be lowercase letters, digits and '_'");
            index_.emplace(id, scenario_.states.size());
            State state;
            state.id = id;
            scenario_.states.push_back(std::move(state));
        }
        for (const auto& [id, value] : doc["states"].items()) read_state(scenario_.states[index_.at(id)], value);
        const std::string start = string_field("", doc, "start");
        if (!start.empty()) {
            if (auto found = index_.find(start); found != index_.end()) {
                scenario_.start = found->second;
            } else {
                problem("", "\"start\" names unknown state \"" + start + "\"");
            }
        }
    }

    std::optional<std::size_t> target(const std::string& state, const json& value, const std::string& what) {
        if (!value.is_string()) {
            problem(state, what + " must name a state");
            return std::nullopt;
        }
        const auto found = index_.find(value.get<std::string>());
        if (found == index_.end()) {
            problem(state, what + " goes to unknown state \"" + value.get<std::string>() + "\"");
            return std::nullopt;
        }
        return found->second;
    }

    void read_state(State& state, const json& value) {
        const std::string& where = state.id;
        if (!value.is_object()) {
            problem(where, "a state must be an object");
            return;
        }
        if (value.contains("end")) {
            known_keys(where, value, {"end", "say"});
            const auto ending = value["end"].is_string() ? parse_ending(value["end"].get<std::string>()) : std::nullopt;
            if (!ending) problem(where, "\"end\" must be ordered, paid, resolved, left or bad_review");
            state.ending = ending.value_or(Ending::left);
        } else {
            known_keys(where, value, {"say", "asks", "on", "patience_s", "on_timeout"});
        }
        if (value.contains("say")) {
            if (!value["say"].is_array() || value["say"].empty()) {
                problem(where, "\"say\" must be a non-empty list of variants");
            } else {
                for (const json& variant : value["say"]) {
                    if (variant.is_string() && !variant.get<std::string>().empty()) {
                        state.say.push_back({variant.get<std::string>()});
                    } else if (variant.is_array() && !variant.empty()) {
                        state.say.push_back(string_list(where, variant, "say"));
                    } else {
                        problem(where, "each \"say\" variant must be a line or a non-empty list of lines");
                    }
                }
            }
        } else if (!state.ending) {
            problem(where, "a talking state needs \"say\" with at least one line");
        }
        if (state.ending) return;
        if (value.contains("asks")) {
            for (const std::string& id : string_list(where, value["asks"], "asks")) {
                if (auto intent = phrasebook::parse_intent(id)) {
                    state.asks.push_back(*intent);
                } else {
                    problem(where, "\"asks\" names unknown intent \"" + id + "\"");
                }
            }
        }
        if (auto patience = positive_number(where, value, "patience_s")) state.patience_ms = std::llround(*patience * 1000);
        if (value.contains("on_timeout")) state.on_timeout = target(where, value["on_timeout"], "\"on_timeout\"");
        if (!value.contains("on") || !value["on"].is_array() || value["on"].empty()) {
            problem(where, "a talking state needs \"on\" with at least one transition");
            return;
        }
        int number = 0;
        for (const json& item : value["on"]) {
            ++number;
            const std::string what = "transition " + std::to_string(number);
            if (!item.is_object()) {
                problem(where, what + " must be an object");
                continue;
            }
            known_keys(where, item, {"when", "to"});
            Transition transition;
            if (!item.contains("to")) {
                problem(where, what + " has no \"to\"");
                continue;
            }
            const auto to = target(where, item["to"], what);
            if (!to) continue;
            transition.to = *to;
            if (item.contains("when")) transition.when = read_condition(where, what, item["when"]);
            state.on.push_back(std::move(transition));
        }
    }

    std::optional<bool> flag(const std::string& where, const std::string& what, const json& when, const char* key) {
        if (!when.contains(key)) return std::nullopt;
        if (!when[key].is_boolean()) {
            problem(where, what + ": \"" + key + "\" must be true or false");
            return std::nullopt;
        }
        return when[key].get<bool>();
    }

    Condition read_condition(const std::string& where, const std::string& what, const json& when) {
        Condition c;
        if (!when.is_object()) {
            problem(where, what + ": \"when\" must be an object");
            return c;
        }
        known_keys(where, when, {"answered", "intent", "technique", "concession", "apology", "lint", "slower_than_s"});
        c.answered = flag(where, what, when, "answered");
        c.concession = flag(where, what, when, "concession");
        c.apology = flag(where, what, when, "apology");
        c.lint = flag(where, what, when, "lint");
        if (when.contains("intent")) {
            const json& v = when["intent"];
            const std::vector<std::string> ids = v.is_string() ? std::vector<std::string>{v.get<std::string>()}
                                                               : string_list(where, v, "intent");
            for (const std::string& id : ids) {
                if (auto intent = phrasebook::parse_intent(id)) {
                    c.intents.push_back(*intent);
                } else {
                    problem(where, what + ": unknown intent \"" + id + "\"");
                }
            }
        }
        if (when.contains("technique")) {
            const json& v = when["technique"];
            if (v == "any") {
                c.technique_test = Condition::TechniqueTest::any;
            } else if (v == "none") {
                c.technique_test = Condition::TechniqueTest::none;
            } else {
                c.technique_test = Condition::TechniqueTest::one_of;
                const std::vector<std::string> ids = v.is_string() ? std::vector<std::string>{v.get<std::string>()}
                                                                   : string_list(where, v, "technique");
                for (const std::string& id : ids) {
                    if (auto technique = phrasebook::parse_technique(id)) {
                        c.techniques.push_back(*technique);
                    } else {
                        problem(where, what + ": unknown technique \"" + id + "\"");
                    }
                }
            }
        }
        if (when.contains("slower_than_s")) {
            if (auto seconds = positive_number(where, when, "slower_than_s")) c.slower_than_ms = std::llround(*seconds * 1000);
        }
        return c;
    }

    // Every state reachable, an ending reachable from every state, and both a good and a bad
    // ending in the scenario: otherwise a trainee could never win, or never lose.
    void check_graph() {
        if (!problems_.empty() || scenario_.states.empty()) return;
        const auto successors = [&](const State& s) {
            std::vector<std::size_t> next;
            for (const Transition& t : s.on) next.push_back(t.to);
            if (s.on_timeout) next.push_back(*s.on_timeout);
            return next;
        };
        std::vector<bool> reached(scenario_.states.size(), false);
        std::vector<std::size_t> stack = {scenario_.start};
        reached[scenario_.start] = true;
        while (!stack.empty()) {
            const std::size_t s = stack.back();
            stack.pop_back();
            for (std::size_t n : successors(scenario_.states[s])) {
                if (!reached[n]) {
                    reached[n] = true;
                    stack.push_back(n);
                }
            }
        }
        bool good = false, bad = false;
        for (std::size_t s = 0; s < scenario_.states.size(); ++s) {
            const State& state = scenario_.states[s];
            if (!reached[s]) problem(state.id, "cannot be reached from \"start\"");
            if (reached[s] && state.ending) (is_good(*state.ending) ? good : bad) = true;
            // A talking state without on_timeout ends in an implicit "left".
            if (reached[s] && !state.ending && !state.on_timeout) bad = true;
        }
        // Which states can reach an ending: fixed point over the reversed edges.
        std::vector<bool> ends(scenario_.states.size(), false);
        for (std::size_t s = 0; s < scenario_.states.size(); ++s) {
            ends[s] = scenario_.states[s].ending.has_value() || !scenario_.states[s].on_timeout;
        }
        for (bool changed = true; changed;) {
            changed = false;
            for (std::size_t s = 0; s < scenario_.states.size(); ++s) {
                if (ends[s]) continue;
                for (std::size_t n : successors(scenario_.states[s])) {
                    if (ends[n]) {
                        ends[s] = changed = true;
                        break;
                    }
                }
            }
        }
        for (std::size_t s = 0; s < scenario_.states.size(); ++s) {
            if (!ends[s]) problem(scenario_.states[s].id, "no ending can be reached from here");
        }
        if (!good) problem("", "no good ending (ordered, paid or resolved) can be reached");
        if (!bad) problem("", "no bad ending (left or bad_review) can be reached");
    }

    ParsedScenario finish() {
        ParsedScenario parsed;
        parsed.problems = std::move(problems_);
        if (parsed.problems.empty()) {
            scenario_.file = file_;
            parsed.scenario = std::make_shared<const Scenario>(std::move(scenario_));
        }
        return parsed;
    }

    std::string file_;
    Scenario scenario_;
    std::unordered_map<std::string, std::size_t> index_;
    std::vector<std::string> problems_;
};

}  // namespace

std::string_view to_string(Ending ending) { return kEndingIds[static_cast<std::size_t>(ending)]; }

std::optional<Ending> parse_ending(std::string_view id) {
    for (std::size_t i = 0; i < kEndingIds.size(); ++i) {
        if (kEndingIds[i] == id) return static_cast<Ending>(i);
    }
    return std::nullopt;
}

bool is_good(Ending ending) { return ending == Ending::ordered || ending == Ending::paid || ending == Ending::resolved; }

ParsedScenario parse_scenario(std::string_view json_text, const std::string& file_name) {
    return Reader(file_name).read(json_text);
}

const Scenario* ScenarioFolder::find(std::string_view id) const {
    const auto shared = find_shared(id);
    return shared.get();
}

std::shared_ptr<const Scenario> ScenarioFolder::find_shared(std::string_view id) const {
    for (const auto& scenario : scenarios) {
        if (scenario->id == id) return scenario;
    }
    return nullptr;
}

ScenarioFolder load_scenario_folder(const std::filesystem::path& folder) {
    ScenarioFolder out;
    std::error_code ec;
    std::vector<std::filesystem::path> files;
    for (const auto& item : std::filesystem::directory_iterator(folder, ec)) {
        if (item.path().extension() == ".json") files.push_back(item.path());
    }
    if (ec) {
        out.problems.push_back(folder.string() + ": cannot read the folder: " + ec.message());
        return out;
    }
    std::sort(files.begin(), files.end());
    for (const auto& path : files) {
        std::ifstream in(path, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        if (!in) {
            out.problems.push_back(path.string() + ": cannot be read");
            continue;
        }
        ParsedScenario parsed = parse_scenario(text.str(), path.string());
        for (std::string& problem : parsed.problems) out.problems.push_back(std::move(problem));
        if (parsed.scenario) out.scenarios.push_back(std::move(parsed.scenario));
    }
    std::sort(out.scenarios.begin(), out.scenarios.end(), [](const auto& a, const auto& b) { return a->id < b->id; });
    return out;
}

}  // namespace huashu::simulator
