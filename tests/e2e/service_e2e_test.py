#!/usr/bin/python3
"""End-to-end test: starts `huashu serve` on a free port and drives it with Debian's
python3-websockets, a WebSocket client this project did not write.

Checks: /healthz, hello/welcome, the same suggestions for 包郵嗎 and 包邮吗, every bad input
answered with its error frame while a second connection keeps working, auth failure closing
with 1008, an oversized message closing with 1009, and a clean exit on SIGTERM.
"""
import argparse
import asyncio
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

import websockets

import huashu_server

ARGS = None


def Server(phrasebook=None, **options):
    return huashu_server.Server(ARGS.huashu, phrasebook or ARGS.phrasebook, **options)


async def call(ws, frame):
    await ws.send(frame if isinstance(frame, (str, bytes)) else json.dumps(frame, ensure_ascii=False))
    return json.loads(await asyncio.wait_for(ws.recv(), timeout=10))


class ServiceEndToEnd(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server()

    @classmethod
    def tearDownClass(cls):
        code = cls.server.stop()
        if code != 0:
            raise AssertionError(f"huashu serve must exit 0 on SIGTERM, exited {code}")

    # A guard against a hang, not a speed check: the heaviest scenario answers 6,000 requests,
    # which under AddressSanitizer on a busy two-core machine has taken up to a minute.
    def run_async(self, coroutine, timeout=60):
        return asyncio.run(asyncio.wait_for(coroutine, timeout=timeout))

    def test_healthz_reports_entries(self):
        with urllib.request.urlopen(f"http://127.0.0.1:{self.server.port}/healthz", timeout=10) as response:
            self.assertEqual(response.status, 200)
            self.assertEqual(response.headers["Content-Type"], "application/json")
            health = json.load(response)
        self.assertEqual(health["phrasebook_entries"], self.server.entries)
        self.assertGreater(health["phrasebook_entries"], 0)
        self.assertIn("uptime_ms", health)

    def test_same_suggestions_in_both_scripts(self):
        async def scenario():
            async with websockets.connect(self.server.url) as ws:
                welcome = await call(ws, self.server.hello(request_id="h1"))
                self.assertEqual(welcome["type"], "welcome")
                self.assertEqual(welcome["request_id"], "h1")
                answers = []
                for text in ("包郵嗎", "包邮吗"):
                    answer = await call(ws, {"type": "buyer_message", "conversation_id": "e2e-1",
                                             "buyer_id": "b1", "text": text, "request_id": text})
                    self.assertEqual(answer["type"], "suggestions")
                    self.assertEqual(answer["request_id"], text)
                    ack = json.loads(await ws.recv())
                    self.assertEqual(ack["type"], "ack")
                    self.assertIsInstance(ack["event_id"], int)
                    answers.append(answer["items"])
                self.assertEqual(answers[0], answers[1])
                self.assertEqual(len(answers[0]), 5)
                self.assertEqual(answers[0][0]["category"], "shipping_fee")
                for item in answers[0]:
                    self.assertEqual(set(item), {"id", "category", "text", "technique", "score"})
        self.run_async(scenario())

    def test_bad_frames_get_errors_while_another_connection_keeps_working(self):
        async def scenario():
            async with websockets.connect(self.server.url) as bad, websockets.connect(self.server.url) as good:
                self.assertEqual((await call(bad, self.server.hello()))["type"], "welcome")
                self.assertEqual((await call(good, self.server.hello()))["type"], "welcome")
                cases = [
                    ("{not json", "bad_json"),
                    ("[1, 2, 3]", "bad_frame"),
                    (json.dumps({"type": "fly_to_moon"}), "unknown_type"),
                    (json.dumps({"type": "buyer_message", "conversation_id": "c"}), "missing_field"),
                    (json.dumps({"type": "suggest", "text": 5}), "bad_field"),
                    (b'{"type":"suggest","text":"\xff\xfe"}', "bad_text"),  # binary frame, invalid UTF-8
                    (json.dumps({"type": "suggest", "text": "\ud800"}, ensure_ascii=True), "bad_text"),
                    (json.dumps({"type": "suggest", "text": "x" * 70000}), "too_large"),
                    (json.dumps({"type": "hello", "role": "agent", "user": "u", "token": "t"}), "already_authenticated"),
                ]
                for frame, code in cases:
                    answer = await call(bad, frame)
                    self.assertEqual((answer["type"], answer["code"]), ("error", code), frame[:60])
                    # After every bad frame, the other connection is answered as if nothing happened.
                    answer = await call(good, {"type": "suggest", "text": "什麼時候發貨", "request_id": code})
                    self.assertEqual(answer["type"], "suggestions")
                    self.assertEqual(answer["request_id"], code)
                    self.assertTrue(answer["items"])
                # The bad connection itself is still usable.
                self.assertEqual((await call(bad, {"type": "ping", "request_id": 1}))["type"], "pong")
        self.run_async(scenario())

    def test_binary_json_frame_is_accepted(self):
        async def scenario():
            async with websockets.connect(self.server.url) as ws:
                await call(ws, self.server.hello())
                answer = await call(ws, json.dumps({"type": "suggest", "text": "包邮吗"}).encode())
                self.assertEqual(answer["type"], "suggestions")
        self.run_async(scenario())

    def test_invalid_utf8_in_a_text_frame_closes_with_1007(self):
        """RFC 6455 8.1: invalid UTF-8 in a *text* frame fails the connection (1007); the
        same bytes in a binary frame get a bad_text error instead (see the test above)."""
        async def scenario():
            # websockets refuses to send invalid UTF-8 as text, so write the raw frame ourselves.
            reader, writer = await asyncio.open_connection("127.0.0.1", self.server.port)
            writer.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
            await writer.drain()
            self.assertIn(b"101", await reader.readuntil(b"\r\n\r\n"))

            def masked_text_frame(payload):
                mask = b"\x01\x02\x03\x04"
                body = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
                if len(payload) < 126:
                    return bytes([0x81, 0x80 | len(payload)]) + mask + body
                return bytes([0x81, 0x80 | 126]) + len(payload).to_bytes(2, "big") + mask + body

            writer.write(masked_text_frame(self.server.hello().encode()))
            await writer.drain()
            frames = []
            header = await reader.readexactly(2)
            length = header[1] & 0x7F
            if length == 126:
                length = int.from_bytes(await reader.readexactly(2), "big")
            frames.append((header[0] & 0x0F, await reader.readexactly(length)))
            writer.write(masked_text_frame(b'{"type":"suggest","text":"\xff"}'))
            await writer.drain()
            while True:
                header = await reader.readexactly(2)
                length = header[1] & 0x7F
                if length == 126:
                    length = int.from_bytes(await reader.readexactly(2), "big")
                payload = await reader.readexactly(length)
                frames.append((header[0] & 0x0F, payload))
                if header[0] & 0x0F == 0x8:
                    break
            writer.close()
            return frames
        frames = self.run_async(scenario())
        self.assertEqual(json.loads(frames[0][1])["type"], "welcome")
        self.assertEqual(frames[-1][0], 0x8)
        # Beast fails the connection with 1002 (protocol error); RFC 6455 suggests 1007. Either
        # way the connection is failed, not answered, and the service goes on (next test).
        self.assertIn(int.from_bytes(frames[-1][1][:2], "big"), (1002, 1007))

    def test_wrong_token_closes_with_policy_violation(self):
        async def scenario():
            async with websockets.connect(self.server.url) as ws:
                answer = await call(ws, {"type": "hello", "role": "agent", "user": "demo-agent", "token": "guess-guess-guess"})
                self.assertEqual(answer["code"], "not_authenticated")
                with self.assertRaises(websockets.ConnectionClosed) as closed:
                    await asyncio.wait_for(ws.recv(), timeout=10)
                self.assertEqual(closed.exception.rcvd.code, 1008)
        self.run_async(scenario())

    def test_frame_before_hello_closes_with_policy_violation(self):
        async def scenario():
            async with websockets.connect(self.server.url) as ws:
                answer = await call(ws, {"type": "suggest", "text": "在吗"})
                self.assertEqual(answer["code"], "not_authenticated")
                with self.assertRaises(websockets.ConnectionClosed) as closed:
                    await asyncio.wait_for(ws.recv(), timeout=10)
                self.assertEqual(closed.exception.rcvd.code, 1008)
        self.run_async(scenario())

    def test_message_over_the_hard_limit_closes_with_1009(self):
        async def scenario():
            async with websockets.connect(self.server.url, max_size=None) as ws:
                await call(ws, self.server.hello())
                with self.assertRaises(websockets.ConnectionClosed) as closed:
                    # The server may close while the client is still sending.
                    await ws.send("x" * (2 * 1024 * 1024))
                    await asyncio.wait_for(ws.recv(), timeout=10)
                self.assertEqual(closed.exception.rcvd.code, 1009)
            async with websockets.connect(self.server.url) as ws:  # and the service is still there
                self.assertEqual((await call(ws, self.server.hello()))["type"], "welcome")
        self.run_async(scenario())

    def test_a_client_that_sends_without_reading_is_slowed_down_not_dropped(self):
        async def scenario():
            slow = await websockets.connect(self.server.url, max_queue=1, read_limit=1024, write_limit=1 << 30)
            await call(slow, self.server.hello())
            request = {"type": "suggest", "text": "包邮吗?什么时候发货?有优惠券吗?", "limit": 20}
            # Thousands of large answers the client does not read yet: far more than the kernel's
            # socket buffers hold. The service stops reading this client instead of queueing them.
            sent = 6000
            for n in range(sent):
                await slow.send(json.dumps({**request, "request_id": f"s{n}"}))
            async with websockets.connect(self.server.url) as ws:
                self.assertEqual((await call(ws, self.server.hello()))["type"], "welcome")
                answer = await call(ws, {"type": "suggest", "text": "在吗"})
                self.assertEqual(answer["type"], "suggestions")
            # Once the client reads, every request is answered, in order, and nothing is lost.
            for n in range(sent):
                answer = json.loads(await asyncio.wait_for(slow.recv(), timeout=60))
                self.assertEqual((answer["type"], answer["request_id"]), ("suggestions", f"s{n}"))
            await slow.close()
        self.run_async(scenario(), timeout=240)
        self.assertIsNone(self.server.process.poll(), "the service must still be running")

    def test_foreign_browser_origin_is_refused(self):
        async def scenario():
            with self.assertRaises(websockets.InvalidStatusCode) as refused:
                async with websockets.connect(self.server.url, origin="http://evil.example"):
                    pass
            self.assertEqual(refused.exception.status_code, 403)
            async with websockets.connect(self.server.url, origin=f"http://127.0.0.1:{self.server.port}") as ws:
                self.assertEqual((await call(ws, self.server.hello()))["type"], "welcome")
        self.run_async(scenario())


def health(port):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as response:
        return json.load(response)


def wait_for(condition, deadline_seconds=20):
    """Polls until condition() is true: the reload happens on the server's own schedule."""
    end = time.monotonic() + deadline_seconds
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    return condition()


class UsageEndToEnd(unittest.TestCase):
    def test_replies_agents_send_show_in_phrasebook_stats(self):
        server = Server()
        try:
            async def use_replies():
                async with websockets.connect(server.url) as ws:
                    await call(ws, server.hello())
                    answer = await call(ws, {"type": "buyer_message", "conversation_id": "u1", "buyer_id": "b",
                                             "text": "包邮吗"})
                    await ws.recv()  # ack
                    chosen = answer["items"][0]["id"]
                    for _ in range(3):
                        ack = await call(ws, {"type": "agent_message", "conversation_id": "u1",
                                              "text": answer["items"][0]["text"], "suggestion_id": chosen})
                        self.assertEqual(ack["type"], "ack")
                    return chosen
            chosen = asyncio.run(use_replies())
        finally:
            self.assertEqual(server.stop(keep_folder=True), 0)
        try:
            stats = subprocess.run([ARGS.huashu, "phrasebook", "stats", "--phrasebook", ARGS.phrasebook, "--db",
                                    os.path.join(server.folder, "var", "huashu.db"), "--top", "3"],
                                   capture_output=True, text=True, timeout=60)
            self.assertEqual(stats.returncode, 0, stats.stderr)
            most_used = stats.stdout.split("least used")[0]
            self.assertRegex(most_used, r"\s3\s+" + re.escape(chosen))

            db = os.path.join(server.folder, "var", "huashu.db")
            lines = subprocess.run([ARGS.huashu, "export", "--db", db, "--conversation", "u1"],
                                   capture_output=True, text=True, timeout=60, check=True).stdout.splitlines()
            records = [json.loads(line) for line in lines]
            self.assertEqual([r["type"] for r in records],
                             ["buyer_message", "suggestions"] + ["agent_message"] * 3)
            self.assertEqual([r["event_id"] for r in records], sorted(r["event_id"] for r in records))
            self.assertEqual(records[0]["payload"]["text"], "包邮吗")
            self.assertEqual(records[2]["suggestion_id"], chosen)
            rows = list(csv.reader(io.StringIO(subprocess.run(
                [ARGS.huashu, "export", "--db", db, "--format", "csv"],
                capture_output=True, text=True, timeout=60, check=True).stdout)))
            self.assertEqual(rows[0][0], "event_id")
            self.assertEqual(len(rows) - 1, len(records))  # only this conversation was logged
            self.assertEqual(json.loads(rows[1][9])["text"], "包邮吗")

            kpi = json.loads(subprocess.run([ARGS.huashu, "kpi", "--db", db, "--format", "json"],
                                            capture_output=True, text=True, timeout=60, check=True).stdout)
            agent = kpi["agents"][0]
            self.assertEqual(agent["agent"], "demo-agent")
            self.assertEqual((agent["buyers_asked"], agent["buyers_served"], agent["rounds"]), (1, 1, 1))
            self.assertEqual(agent["unanswered_rounds"], 0)
            self.assertEqual(agent["first_response"]["count"], 1)
            self.assertGreaterEqual(agent["first_response"]["mean_ms"], 0)
            today = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 8 * 3600))  # Asia/Shanghai
            by_day = list(csv.reader(io.StringIO(subprocess.run(
                [ARGS.huashu, "kpi", "--db", db, "--by", "day", "--format", "csv"],
                capture_output=True, text=True, timeout=60, check=True).stdout)))
            self.assertEqual(by_day[0][:2], ["day", "agent"])
            self.assertEqual([row[:2] for row in by_day[1:]], [[today, "demo-agent"], ["*", "demo-agent"], ["*", "*"]])
        finally:
            shutil.rmtree(server.folder, ignore_errors=True)


class StorageFaultEndToEnd(unittest.TestCase):
    """A full disk, simulated with a file-size limit (prlimit --fsize) that is lifted later."""

    def test_full_disk_refuses_events_keeps_suggesting_and_recovers(self):
        server = Server(prefix=("prlimit", f"--fsize={1 << 20}:unlimited", "--"))  # soft limit only, so it can be lifted
        try:
            async def fill_then_recover():
                async with websockets.connect(server.url) as ws:
                    await call(ws, server.hello())
                    big = "亲，这件衣服包邮吗？" * 200  # ~6 KB: the 1 MiB limit is reached in a few hundred events
                    refused = None
                    for n in range(5000):
                        await ws.send(json.dumps({"type": "buyer_message", "conversation_id": "full",
                                                  "buyer_id": "b", "text": big, "request_id": n}))
                        suggestions = json.loads(await ws.recv())
                        self.assertEqual(suggestions["type"], "suggestions")  # suggesting never stops
                        self.assertTrue(suggestions["items"])
                        answer = json.loads(await ws.recv())
                        if answer["type"] == "error":
                            refused = answer
                            break
                        self.assertEqual(answer["type"], "ack")
                    self.assertIsNotNone(refused, "the file-size limit was never reached")
                    self.assertEqual(refused["code"], "storage_unavailable")
                    # (/healthz follows the last write; near the limit a small write can still
                    # fit, so it may already say ok here. The stderr report is checked below.)

                    subprocess.run(["prlimit", "--pid", str(server.process.pid), "--fsize=unlimited"], check=True)
                    ack = await call(ws, {"type": "agent_message", "conversation_id": "full", "text": "亲，在的~",
                                          "client_event_id": "after-recovery"})
                    self.assertEqual(ack["type"], "ack", ack)
                    self.assertEqual(health(server.port)["storage"], "ok")
            asyncio.run(asyncio.wait_for(fill_then_recover(), timeout=120))
        finally:
            self.assertEqual(server.stop(), 0)
        self.assertTrue(any("EVENT LOG UNAVAILABLE" in line for line in server.output), server.output[-5:])
        self.assertTrue(any("writable again" in line for line in server.output))


class NudgeEndToEnd(unittest.TestCase):
    """The real Asio timers, with nudge times of a few seconds from a config file."""

    def test_nudges_arrive_in_order_and_a_reply_cancels_the_rest(self):
        folder = tempfile.mkdtemp(prefix="huashu-e2e-nudge-")
        config = os.path.join(folder, "fast-nudges.conf")
        with open(config, "w", encoding="utf-8") as out:
            out.write("nudge_reply_now_seconds = 1\nnudge_overtime_seconds = 2\nnudge_soothe_seconds = 3\n")
        server = Server(folder=folder, extra_args=("--config", config))
        try:
            async def nudged():
                async with websockets.connect(server.url) as ws:
                    await call(ws, server.hello())

                    async def next_frame():
                        return json.loads(await asyncio.wait_for(ws.recv(), timeout=15))

                    await ws.send(json.dumps({"type": "buyer_message", "conversation_id": "c1", "buyer_id": "b1",
                                              "text": "在吗"}))
                    self.assertEqual((await next_frame())["type"], "suggestions")
                    self.assertEqual((await next_frame())["type"], "ack")
                    first = await next_frame()
                    self.assertEqual((first["type"], first["conversation_id"], first["level"]), ("timer", "c1", "reply_now"))
                    self.assertGreaterEqual(first["waiting_ms"], 1000)
                    await ws.send(json.dumps({"type": "agent_message", "conversation_id": "c1", "text": "亲，在的~"}))
                    self.assertEqual((await next_frame())["type"], "ack")

                    # c1 was answered: its overtime (2 s) and soothe (3 s) nudges must never come.
                    # c2's three nudges span 3 s, so any c1 nudge would arrive among them.
                    await ws.send(json.dumps({"type": "buyer_message", "conversation_id": "c2", "buyer_id": "b2",
                                              "text": "这件有货吗"}))
                    levels = []
                    while len(levels) < 3:
                        frame = await next_frame()
                        if frame["type"] != "timer":
                            self.assertIn(frame["type"], ("suggestions", "ack"))
                            continue
                        self.assertEqual(frame["conversation_id"], "c2", frame)
                        levels.append((frame["level"], frame["waiting_ms"] >= 1000 * (len(levels) + 1)))
                    self.assertEqual(levels, [("reply_now", True), ("overtime", True), ("soothe", True)])
            asyncio.run(asyncio.wait_for(nudged(), timeout=60))
        finally:
            self.assertEqual(server.stop(), 0)

    def test_a_client_that_stops_reading_is_dropped_once_unasked_frames_pile_up(self):
        # Reading a client pauses while answers wait for it, but frames the service sends unasked
        # (nudges go to every connection of the agent) still queue: past --max-queued-frames the
        # client is disconnected with 1008 rather than make the service hold unbounded memory.
        folder = tempfile.mkdtemp(prefix="huashu-e2e-stuck-")
        config = os.path.join(folder, "fast-nudges.conf")
        with open(config, "w", encoding="utf-8") as out:
            out.write("nudge_reply_now_seconds = 1\nnudge_overtime_seconds = 2\nnudge_soothe_seconds = 3\n")
        server = Server(folder=folder, extra_args=("--config", config, "--max-queued-frames", "80"))
        try:
            async def stuck():
                slow = await websockets.connect(server.url, max_queue=1, read_limit=1024, write_limit=1 << 30)
                await call(slow, server.hello())
                # Large answers the client never reads fill the socket buffers, and reading pauses.
                request = json.dumps({"type": "suggest", "text": "包邮吗?什么时候发货?有优惠券吗?", "limit": 20})
                for _ in range(6000):
                    await slow.send(request)
                # Held back for good once the buffers are full: a pause that lasts through five
                # polls, where room in the buffers would have resumed reading within milliseconds.
                held_polls = 0
                while held_polls < 5:
                    held_polls = held_polls + 1 if health(server.port)["connections_reading_paused"] == 1 else 0
                    await asyncio.sleep(0.2)
                # The same agent's other connection starts 30 waits: 90 nudges reach both.
                async with websockets.connect(server.url) as ws:
                    await call(ws, server.hello())
                    for n in range(30):
                        await ws.send(json.dumps({"type": "buyer_message", "conversation_id": f"w{n}",
                                                  "buyer_id": f"b{n}", "text": "在吗"}))
                    # The service gives up on the slow connection, as it reports, and serves this one.
                    while not any("stopped reading" in line for line in server.output):
                        frame = json.loads(await asyncio.wait_for(ws.recv(), timeout=20))
                        self.assertIn(frame["type"], ("suggestions", "ack", "timer"))
                with self.assertRaises(websockets.ConnectionClosed) as closed:
                    while True:
                        await asyncio.wait_for(slow.recv(), timeout=20)
                self.assertEqual(closed.exception.rcvd.code, 1008)
            asyncio.run(asyncio.wait_for(stuck(), timeout=240))
            self.assertTrue(wait_for(lambda: health(server.port)["connections_reading_paused"] == 0))
            self.assertIsNone(server.process.poll(), "the service must still be running")
        finally:
            self.assertEqual(server.stop(), 0)


def unprivileged():
    """A prefix that runs the server as nobody when the tests run as root: root writes to a
    read-only file regardless of its permissions."""
    return ("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups") if os.geteuid() == 0 else ()


class ReadOnlyDatabaseEndToEnd(unittest.TestCase):
    """A database file that cannot be written (restored with the wrong permissions)."""

    def test_read_only_file_refuses_events_keeps_suggesting_and_recovers(self):
        folder = tempfile.mkdtemp(prefix="huashu-e2e-readonly-")
        os.chmod(folder, 0o777)  # the unprivileged server creates var/ in it
        db = os.path.join(folder, "var", "huashu.db")
        try:
            first = Server(prefix=unprivileged(), folder=folder)
            async def log_one():
                async with websockets.connect(first.url) as ws:
                    await call(ws, first.hello())
                    await call(ws, {"type": "agent_message", "conversation_id": "ro", "text": "亲，在的~"})
            asyncio.run(asyncio.wait_for(log_one(), timeout=30))
            self.assertEqual(first.stop(keep_folder=True), 0)
            os.chmod(db, 0o444)

            server = Server(prefix=unprivileged(), folder=folder)  # it starts: suggesting matters most
            try:
                async def refused_then_recovered():
                    async with websockets.connect(server.url) as ws:
                        await call(ws, server.hello())
                        await ws.send(json.dumps({"type": "buyer_message", "conversation_id": "ro", "buyer_id": "b",
                                                  "text": "包邮吗", "request_id": 1}))
                        suggestions = json.loads(await asyncio.wait_for(ws.recv(), timeout=10))
                        self.assertEqual(suggestions["type"], "suggestions")
                        self.assertTrue(suggestions["items"])
                        refused = json.loads(await asyncio.wait_for(ws.recv(), timeout=10))
                        self.assertEqual(refused["type"], "error", refused)
                        self.assertEqual(refused["code"], "storage_unavailable")
                        self.assertIn("read-only", refused["message"])
                        self.assertEqual(health(server.port)["storage"], "unavailable")

                        os.chmod(db, 0o644)
                        # The writer retries its connection at most once a second: resend (the
                        # same client_event_id, so nothing is doubled) until it is acknowledged.
                        deadline = time.monotonic() + 30
                        while True:
                            answer = await call(ws, {"type": "agent_message", "conversation_id": "ro",
                                                     "text": "亲，满99包邮哦~", "client_event_id": "after-chmod"})
                            if answer["type"] == "ack" or time.monotonic() > deadline:
                                break
                            self.assertEqual(answer["code"], "storage_unavailable")
                            await asyncio.sleep(0.2)  # pacing the retries, not asserting on time
                        self.assertEqual(answer["type"], "ack", answer)
                        self.assertEqual(health(server.port)["storage"], "ok")
                asyncio.run(asyncio.wait_for(refused_then_recovered(), timeout=90))
            finally:
                self.assertEqual(server.stop(keep_folder=True), 0)
            self.assertTrue(any("EVENT LOG UNAVAILABLE" in line and "read-only" in line for line in server.output),
                            server.output[-5:])
            self.assertTrue(any("writable again" in line for line in server.output))
            lines = subprocess.run([ARGS.huashu, "export", "--db", db, "--format", "jsonl"], capture_output=True,
                                   text=True, timeout=60, check=True).stdout.splitlines()
            texts = [json.loads(line)["payload"].get("text") for line in lines]
            self.assertEqual(texts.count("亲，满99包邮哦~"), 1)  # acknowledged once, stored once
            self.assertNotIn("包邮吗", texts)  # refused, so not stored
        finally:
            shutil.rmtree(folder, ignore_errors=True)


class HugePageHeapEndToEnd(unittest.TestCase):
    """The service relaunches itself once with glibc's huge-page heap (decision 49), unless
    GLIBC_TUNABLES already says something about it; other tunables are kept. Seen from outside
    as the huge pages the process holds (glibc rewrites GLIBC_TUNABLES in the process's own
    environment, so /proc/PID/environ cannot tell)."""

    @staticmethod
    def huge_page_kib(server):
        with open(f"/proc/{server.process.pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("AnonHugePages:"):
                    return int(line.split()[1])
        return 0

    def test_the_heap_gets_huge_pages_unless_told_otherwise(self):
        try:
            with open("/sys/kernel/mm/transparent_hugepage/enabled") as setting:
                mode = re.search(r"\[(\w+)\]", setting.read()).group(1)
        except OSError:
            mode = "never"
        if mode == "never":
            self.skipTest("transparent huge pages are off on this machine")
        linked = subprocess.run(["ldd", ARGS.huashu], capture_output=True, text=True).stdout
        if "libasan" in linked:
            self.skipTest("AddressSanitizer's allocator replaces glibc's heap")
        for prefix, expect_huge in [((), True),
                                    (("env", "GLIBC_TUNABLES=glibc.malloc.tcache_count=5"), True),
                                    (("env", "GLIBC_TUNABLES=glibc.malloc.hugetlb=0"), False)]:
            server = Server(prefix=prefix)
            try:
                self.assertEqual(health(server.port)["status"], "ok")
                kib = self.huge_page_kib(server)
                if expect_huge:
                    self.assertGreater(kib, 0, prefix)
                elif mode == "madvise":  # with "always" the kernel uses them anyway
                    self.assertEqual(kib, 0, prefix)
            finally:
                self.assertEqual(server.stop(), 0)


class HotReloadEndToEnd(unittest.TestCase):
    def test_an_edit_is_served_and_a_broken_edit_keeps_the_old_phrasebook(self):
        folder = tempfile.mkdtemp(prefix="huashu-e2e-phrasebook-")
        try:
            for name in os.listdir(ARGS.phrasebook):
                if name.endswith(".phrases"):
                    shutil.copy(os.path.join(ARGS.phrasebook, name), folder)
            server = Server(phrasebook=folder)
            try:
                before = health(server.port)["phrasebook_entries"]
                with open(os.path.join(folder, "zz_new.phrases"), "w", encoding="utf-8") as extra:
                    extra.write("[entry courier.e2e_test]\ncategory = courier\nkeywords = 火星快递\n"
                                "reply = 亲，火星快递暂时不通哦~\n")
                self.assertTrue(wait_for(lambda: health(server.port)["phrasebook_entries"] == before + 1))

                async def ask():
                    async with websockets.connect(server.url) as ws:
                        await call(ws, server.hello())
                        return await call(ws, {"type": "suggest", "text": "能发火星快递吗"})
                answer = asyncio.run(ask())
                self.assertEqual(answer["items"][0]["id"], "courier.e2e_test#1")

                with open(os.path.join(folder, "zz_new.phrases"), "a", encoding="utf-8") as extra:
                    extra.write("[entry broken]\ncategory = teleport\n")
                problems = wait_for(lambda: health(server.port)["phrasebook_problems"])
                self.assertTrue(any("zz_new.phrases:6" in p and "teleport" in p for p in problems), problems)
                self.assertEqual(health(server.port)["phrasebook_entries"], before + 1)
                self.assertEqual(health(server.port)["status"], "degraded")
            finally:
                self.assertEqual(server.stop(), 0)
        finally:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--huashu", required=True)
    parser.add_argument("--phrasebook", required=True)
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
