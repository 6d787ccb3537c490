#!/usr/bin/python3
"""Crash safety: an acknowledged event is never lost.

Drives `huashu serve` with several clients sending buyer and agent messages (each with a
client_event_id) as fast as acks come back, kills the server with SIGKILL at a random moment,
restarts it on the same database, and checks:
  - every acknowledged event_id is in the database with the client_event_id it was acked for;
  - no client_event_id is stored twice, even after the clients resend every event whose ack they
    did not see (a retry gets the event_id of the first copy);
  - PRAGMA integrity_check is ok.
Repeated ROUNDS times on one database. Random choices come from --seed (printed on failure).
"""
import argparse
import asyncio
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading

import websockets

ARGS = None


def start_server(folder):
    process = subprocess.Popen(
        [ARGS.huashu, "serve", "--listen", "127.0.0.1:0", "--phrasebook", ARGS.phrasebook,
         "--db", os.path.join(folder, "huashu.db"), "--threads", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    for line in process.stdout:
        match = re.search(r"serving (ws://\S+/ws)", line)
        if match:
            threading.Thread(target=lambda: [None for _ in process.stdout], daemon=True).start()
            return process, match.group(1)
    raise RuntimeError("server did not start")


def token(folder):
    with open(os.path.join(folder, "tokens"), encoding="utf-8") as tokens:
        for line in tokens:
            if line.startswith("agent "):
                return line.split()[2]
    raise RuntimeError("no agent token")


async def client(url, secret, name, rng, sent, acked, stop):
    """Sends events until the connection dies; records what was sent and what was acked."""
    try:
        async with websockets.connect(url) as ws:
            await ws.send(json.dumps({"type": "hello", "role": "agent", "user": "demo-agent", "token": secret}))
            await ws.recv()
            n = 0
            while not stop.is_set():
                n += 1
                client_event_id = f"{name}-{n}"
                conversation = f"{name}-conv-{n % 5}"
                if rng.random() < 0.5:
                    frame = {"type": "buyer_message", "conversation_id": conversation, "buyer_id": "b",
                             "text": rng.choice(["包邮吗", "什么时候发货", "太贵了", "有优惠券吗"])}
                else:
                    frame = {"type": "agent_message", "conversation_id": conversation, "text": "亲，在的~"}
                frame["client_event_id"] = client_event_id
                frame["request_id"] = client_event_id
                sent[client_event_id] = frame
                await ws.send(json.dumps(frame, ensure_ascii=False))
                while True:  # read until this event's ack (buyer messages get suggestions first)
                    answer = json.loads(await ws.recv())
                    if answer.get("type") == "ack" and answer.get("request_id") == client_event_id:
                        acked[client_event_id] = answer["event_id"]
                        break
                    if answer.get("type") == "error":
                        raise AssertionError(f"unexpected error: {answer}")
    except (websockets.ConnectionClosed, ConnectionError, OSError):
        pass  # the server was killed


async def load_then_kill(url, secret, process, rng, sent, acked):
    stop = asyncio.Event()
    tasks = [asyncio.create_task(client(url, secret, f"r{ARGS.round}c{i}", random.Random(rng.random()), sent, acked, stop))
             for i in range(ARGS.clients)]
    await asyncio.sleep(rng.uniform(0.3, 1.5))  # the kill lands at a random point of the load
    process.send_signal(signal.SIGKILL)
    process.wait()
    stop.set()
    await asyncio.gather(*tasks)


async def resend(url, secret, sent, acked):
    """A client that lost its connection resends everything; retries must not duplicate."""
    async with websockets.connect(url) as ws:
        await ws.send(json.dumps({"type": "hello", "role": "agent", "user": "demo-agent", "token": secret}))
        await ws.recv()
        for client_event_id, frame in sent.items():
            await ws.send(json.dumps(frame, ensure_ascii=False))
            while True:
                answer = json.loads(await ws.recv())
                if answer.get("type") == "ack" and answer.get("request_id") == client_event_id:
                    if client_event_id in acked and acked[client_event_id] != answer["event_id"]:
                        raise AssertionError(f"{client_event_id} acked as {acked[client_event_id]}, "
                                             f"then as {answer['event_id']} on retry")
                    acked[client_event_id] = answer["event_id"]
                    break
                if answer.get("type") == "error":
                    raise AssertionError(f"retry refused: {answer}")


def check_database(path, acked):
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok", "integrity_check failed"
        stored = dict(db.execute(
            "SELECT client_event_id, event_id FROM events WHERE client_event_id IS NOT NULL").fetchall())
        duplicates = db.execute("SELECT count(*) - count(DISTINCT user_id || '/' || client_event_id) FROM events "
                                "WHERE client_event_id IS NOT NULL").fetchone()[0]
    finally:
        db.close()
    assert duplicates == 0, f"{duplicates} duplicated client events"
    missing = [c for c, e in acked.items() if stored.get(c) != e]
    assert not missing, f"{len(missing)} acknowledged events missing or renumbered, e.g. {missing[:3]}"
    return len(stored)


def main():
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("--huashu", required=True)
    parser.add_argument("--phrasebook", required=True)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seed", type=int, default=random.SystemRandom().randrange(1 << 30))
    ARGS = parser.parse_args()
    rng = random.Random(ARGS.seed)
    folder = tempfile.mkdtemp(prefix="huashu-crash-")
    try:
        total_acked = 0
        for ARGS.round in range(ARGS.rounds):
            process, url = start_server(folder)
            secret = token(folder)
            sent, acked = {}, {}
            asyncio.run(load_then_kill(url, secret, process, rng, sent, acked))
            acked_before_kill = dict(acked)
            stored = check_database(os.path.join(folder, "huashu.db"), acked_before_kill)
            process, url = start_server(folder)  # restart on the same, possibly torn, database
            asyncio.run(resend(url, secret, sent, acked))
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=30) == 0, "clean shutdown after the retries"
            check_database(os.path.join(folder, "huashu.db"), acked)
            total_acked += len(acked_before_kill)
            print(f"round {ARGS.round}: {len(acked_before_kill)} acked before SIGKILL, {len(sent)} sent, "
                  f"{stored} stored; all acked present, retries not duplicated, integrity ok")
            assert acked_before_kill, "the load produced no acknowledged event before the kill"
        print(f"ok: {ARGS.rounds} kills, {total_acked} acknowledged events checked (seed {ARGS.seed})")
    except BaseException:
        print(f"FAILED with seed {ARGS.seed}", file=sys.stderr)
        raise
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
