#!/usr/bin/python3
"""Every bundled scenario on autopilot against a real `huashu serve`: `huashu-sim run
--autopilot` answers each buyer turn with the service's top suggestion and must reach an ending
(a good one: the phrasebook's best answers are what the scenarios were written to reward).
Also replays a conversation logged by that server with `huashu-sim replay`.
"""
import argparse
import json
import os
import subprocess
import sys
import unittest

import huashu_server

ARGS = None


class AutopilotEndToEnd(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = huashu_server.Server(ARGS.huashu, ARGS.phrasebook, extra_args=("--scenarios", ARGS.scenarios))
        cls.tokens = os.path.join(cls.server.folder, "var", "tokens")

    @classmethod
    def tearDownClass(cls):
        assert cls.server.stop() == 0

    def sim(self, *args, timeout=120):
        return subprocess.run([ARGS.huashu_sim, *args, "--url", self.server.url, "--token-file", self.tokens],
                              capture_output=True, text=True, timeout=timeout)

    def test_every_scenario_reaches_an_ending_on_autopilot(self):
        scenarios = sorted(name[:-5] for name in os.listdir(ARGS.scenarios) if name.endswith(".json"))
        self.assertGreaterEqual(len(scenarios), 12)
        for scenario in scenarios:
            with self.subTest(scenario=scenario):
                done = self.sim("run", "--scenario", os.path.join(ARGS.scenarios, scenario + ".json"),
                                "--autopilot", "--speed", "200", "--seed", "3", "--json")
                self.assertEqual(done.returncode, 0, done.stderr)
                result = json.loads(done.stdout)
                self.assertEqual(result["type"], "practice_result")
                score = result["score"]
                self.assertEqual(score["scenario"], scenario)
                self.assertIn(score["ending"], ("ordered", "paid", "resolved", "left", "bad_review"))
                self.assertTrue(score["good_ending"], score)
                self.assertGreater(score["total"], 80)

    def test_the_transcript_shows_the_conversation_and_the_score(self):
        done = self.sim("run", "--scenario", "parcel_missing", "--autopilot", "--speed", "200")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("buyer: ", done.stdout)
        self.assertIn("agent: ", done.stdout)
        self.assertIn("ending: resolved (good)", done.stdout)

    def test_unknown_scenarios_and_missing_autopilot_are_clear_errors(self):
        unknown = self.sim("run", "--scenario", "no_such_buyer", "--autopilot")
        self.assertEqual(unknown.returncode, 1)
        self.assertIn("no scenario 'no_such_buyer'", unknown.stderr)
        manual = self.sim("run", "--scenario", "bargainer")
        self.assertEqual(manual.returncode, 2)
        self.assertIn("--autopilot", manual.stderr)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--huashu", required=True)
    parser.add_argument("--huashu-sim", dest="huashu_sim", required=True)
    parser.add_argument("--phrasebook", required=True)
    parser.add_argument("--scenarios", required=True)
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
