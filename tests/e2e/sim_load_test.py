#!/usr/bin/python3
"""End-to-end test of `huashu-sim load`: a real `huashu serve` on a free port in a temporary
folder, eight buyers at 200 messages/s for 3 s, credentials from the server's own var/tokens.

Checks the exit code, that every message got its suggestions and its ack with no error, and
that the percentiles are ordered. No absolute timing is asserted: speed is measured, not tested.
"""
import argparse
import json
import os
import subprocess
import sys
import unittest

import huashu_server

ARGS = None


def run_sim(*args, timeout=120):
    return subprocess.run([ARGS.huashu_sim, *args], capture_output=True, text=True, timeout=timeout)


class SimLoad(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = huashu_server.Server(ARGS.huashu, ARGS.phrasebook)
        cls.token_file = os.path.join(cls.server.folder, "var", "tokens")

    @classmethod
    def tearDownClass(cls):
        code = cls.server.stop()
        if code != 0:
            raise AssertionError(f"huashu serve must exit 0 on SIGTERM, exited {code}")

    def test_every_message_is_answered(self):
        result = run_sim("load", "--url", self.server.url, "--buyers", "8", "--rate", "200", "--duration", "3",
                         "--token-file", self.token_file, "--json")
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        summary = json.loads(result.stdout)
        self.assertEqual(summary["error_count"], 0, summary)
        self.assertEqual(summary["errors"], {})
        self.assertEqual(summary["unanswered"], 0)
        self.assertEqual(summary["planned"], 600)
        self.assertEqual(summary["sent"], summary["planned"])
        self.assertEqual(summary["sent"], summary["suggestions"])
        self.assertEqual(summary["sent"], summary["acks"])
        self.assertTrue(summary["ok"])
        for kind in ("suggestions", "ack"):
            latency = summary["round_trip_ms"][kind]
            self.assertEqual(latency["count"], summary["sent"])
            self.assertLessEqual(0, latency["p50"])
            self.assertLessEqual(latency["p50"], latency["p99"], kind)
            self.assertLessEqual(latency["p99"], latency["p99_9"], kind)
            self.assertLessEqual(latency["p99_9"], latency["max"], kind)

    def test_lines_from_scenarios_and_the_table(self):
        result = run_sim("load", "--url", self.server.url, "--buyers", "2", "--rate", "20", "--duration", "1",
                         "--token-file", self.token_file, "--scenarios", ARGS.scenarios)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("scenario lines", result.stdout)
        self.assertRegex(result.stdout, r"suggestions\s+20\n")
        self.assertIn("ok: every message answered", result.stdout)

    def test_wrong_token_fails_with_exit_code_1(self):
        result = run_sim("load", "--url", self.server.url, "--buyers", "2", "--rate", "10", "--duration", "1",
                         "--user", "demo-simulator", "--token", "0" * 64, "--json")
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        self.assertIn("not_authenticated", result.stderr)
        self.assertEqual(json.loads(result.stdout)["client_problems"]["connect_failed"], 2)

    def test_a_role_that_may_not_send_buyer_messages_gets_forbidden_errors(self):
        result = run_sim("load", "--url", self.server.url, "--buyers", "1", "--rate", "10", "--duration", "1",
                         "--token-file", self.token_file, "--role", "trainee", "--json")
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        summary = json.loads(result.stdout)
        self.assertEqual(summary["errors"], {"forbidden": summary["sent"]})
        self.assertEqual(summary["unanswered"], 0)

    def test_bad_arguments_exit_2_with_usage(self):
        for args in (["load", "--buyers", "0", "--user", "u", "--token", "t" * 16],
                     ["load", "--url", "http://127.0.0.1:1/ws", "--user", "u", "--token", "t" * 16],
                     ["load", "--rate", "fast", "--user", "u", "--token", "t" * 16],
                     ["load"],
                     ["load", "--token-file", os.path.join(self.server.folder, "no-such-file")],
                     ["fly"]):
            result = run_sim(*args)
            self.assertEqual(result.returncode, 2, args)
            self.assertIn("usage: huashu-sim", result.stderr, args)
        result = run_sim("--help")
        self.assertEqual(result.returncode, 0)
        self.assertRegex(result.stdout, r"\n  load +")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--huashu", required=True)
    parser.add_argument("--huashu-sim", dest="huashu_sim", required=True)
    parser.add_argument("--phrasebook", required=True)
    parser.add_argument("--scenarios", required=True, help="a folder of scenario files to take lines from")
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0], *rest], verbosity=2)
