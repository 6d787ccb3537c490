#!/usr/bin/python3
"""Every bundled scenario on autopilot against a real `huashu serve`: `huashu-sim run
--autopilot` answers each buyer turn with the service's top suggestion and must reach an ending
(a good one: the phrasebook's best answers are what the scenarios were written to reward).
Also replays a conversation logged by that server with `huashu-sim replay`.
"""
import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import unittest

import websockets

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

    def test_supervisors_see_every_score_card(self):
        done = self.sim("run", "--scenario", "wrong_colour", "--autopilot", "--speed", "200", "--json")
        self.assertEqual(done.returncode, 0, done.stderr)
        db = os.path.join(self.server.folder, "var", "huashu.db")
        listed = subprocess.run([ARGS.huashu, "scores", "--db", db, "--format", "json"], capture_output=True, text=True,
                                timeout=60, check=True)
        cards = json.loads(listed.stdout)
        mine = [c for c in cards if c["score"]["scenario"] == "wrong_colour"]
        self.assertTrue(mine, cards)
        self.assertEqual(mine[-1]["user"], "demo-simulator")
        self.assertEqual(mine[-1]["score"], json.loads(done.stdout)["score"])
        table = subprocess.run([ARGS.huashu, "scores", "--db", db], capture_output=True, text=True, timeout=60, check=True)
        self.assertIn("wrong_colour", table.stdout)

    def test_the_transcript_shows_the_conversation_and_the_score(self):
        done = self.sim("run", "--scenario", "parcel_missing", "--autopilot", "--speed", "200")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("buyer: ", done.stdout)
        self.assertIn("agent: ", done.stdout)
        self.assertIn("ending: resolved (good)", done.stdout)

    def test_a_trainee_who_gives_up_in_the_terminal_gets_a_score_card(self):
        # End of input is the trainee walking away: the conversation is stopped and scored.
        done = subprocess.run([ARGS.huashu_sim, "practice", "--url", self.server.url, "--token-file", self.tokens,
                               "--scenario", "hesitant_buyer", "--seed", "5"],
                              stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("practice hesitant_buyer", done.stdout)
        self.assertIn("ending: left (bad)", done.stdout)
        self.assertIn("score:", done.stdout)

    def test_unknown_scenarios_and_missing_autopilot_are_clear_errors(self):
        unknown = self.sim("run", "--scenario", "no_such_buyer", "--autopilot")
        self.assertEqual(unknown.returncode, 1)
        self.assertIn("no scenario 'no_such_buyer'", unknown.stderr)
        manual = self.sim("run", "--scenario", "bargainer")
        self.assertEqual(manual.returncode, 2)
        self.assertIn("--autopilot", manual.stderr)


def exported(event_id, time_ms, type_, conversation, payload):
    """One record as `huashu export --format jsonl` writes it."""
    return json.dumps({"event_id": event_id, "server_time_ms": time_ms, "direction": "received", "type": type_,
                       "role": "agent", "user": "xiaomei", "conversation_id": conversation, "client_event_id": None,
                       "suggestion_id": payload.get("suggestion_id"), "payload": payload}, ensure_ascii=False)


class ReplayEndToEnd(unittest.TestCase):
    def replay(self, *args):
        return subprocess.run([ARGS.huashu_sim, "replay", *args], stdin=subprocess.DEVNULL, capture_output=True,
                              text=True, timeout=60)

    def test_an_export_replays_with_its_original_timing(self):
        t0 = 1_767_600_000_000
        records = [
            exported(1, t0, "buyer_message", "c1", {"type": "buyer_message", "text": "在吗"}),
            exported(2, t0 + 4_000, "buyer_message", "c1", {"type": "buyer_message", "text": "包邮吗"}),
            exported(3, t0 + 20_000, "agent_message", "c1",
                     {"type": "agent_message", "text": "亲，满99包邮~", "suggestion_id": "shipping_fee.free#1"}),
            exported(4, t0 + 65_000, "buyer_message", "c1", {"type": "buyer_message", "text": "那发什么快递"}),
        ]
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as out:
            out.write("\n".join(records) + "\n")
        try:
            done = self.replay("--jsonl", out.name, "--conversation", "c1", "--speed", "1000", "--grace", "1")
        finally:
            os.unlink(out.name)
        self.assertEqual(done.returncode, 0, done.stderr)
        shown = [line for line in done.stdout.splitlines() if " buyer: " in line]
        self.assertEqual(shown, ["[+00:00] buyer: 在吗", "[+00:04] buyer: 包邮吗", "[+01:05] buyer: 那发什么快递"])
        self.assertIn("20.0 s", done.stdout)  # the original agent's wait in round 1
        self.assertIn("original: 亲，满99包邮~", done.stdout)

    def test_a_conversation_from_the_event_log_replays_in_order(self):
        server = huashu_server.Server(ARGS.huashu, ARGS.phrasebook)
        try:
            async def log_conversation():
                async with websockets.connect(server.url) as ws:
                    await ws.send(server.hello())
                    await ws.recv()
                    for frame in ({"type": "buyer_message", "conversation_id": "r1", "buyer_id": "b", "text": "在吗"},
                                  {"type": "buyer_message", "conversation_id": "r1", "buyer_id": "b", "text": "包邮吗"},
                                  {"type": "agent_message", "conversation_id": "r1", "text": "亲，满99包邮~"}):
                        await ws.send(json.dumps(frame, ensure_ascii=False))
                        while json.loads(await asyncio.wait_for(ws.recv(), timeout=10))["type"] != "ack":
                            pass
            asyncio.run(log_conversation())
            db = os.path.join(server.folder, "var", "huashu.db")
            done = self.replay("--db", db, "--conversation", "r1", "--speed", "1000", "--grace", "1")
            self.assertEqual(done.returncode, 0, done.stderr)
            shown = [line.split(" buyer: ")[1] for line in done.stdout.splitlines() if " buyer: " in line]
            self.assertEqual(shown, ["在吗", "包邮吗"])
            self.assertIn("original: 亲，满99包邮~", done.stdout)
            missing = self.replay("--db", db, "--conversation", "nobody")
            self.assertEqual(missing.returncode, 1)
            self.assertIn("conversation 'nobody' has no buyer message", missing.stderr)
        finally:
            self.assertEqual(server.stop(), 0)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--huashu", required=True)
    parser.add_argument("--huashu-sim", dest="huashu_sim", required=True)
    parser.add_argument("--phrasebook", required=True)
    parser.add_argument("--scenarios", required=True)
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
