"""A `huashu serve` process for end-to-end tests, shared by the tests in this folder."""
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading


class Server:
    """A `huashu serve` process in its own temporary folder, on a port the OS picks."""

    def __init__(self, huashu, phrasebook, prefix=(), folder=None, extra_args=()):
        self.folder = folder or tempfile.mkdtemp(prefix="huashu-e2e-")
        self.process = subprocess.Popen(
            [*prefix, huashu, "serve", "--listen", "127.0.0.1:0", "--phrasebook", phrasebook,
             "--db", os.path.join(self.folder, "var", "huashu.db"), "--threads", "2", *extra_args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.url = None
        for line in self.process.stdout:  # blocks until the start-up line; no sleeping
            match = re.search(r"serving (ws://127\.0\.0\.1:(\d+)/ws) with (\d+) phrasebook entries", line)
            if match:
                self.url, self.port, self.entries = match.group(1), int(match.group(2)), int(match.group(3))
                break
        if self.url is None:
            raise RuntimeError("huashu serve did not start: " + self.process.stderr.read())
        # Keep draining the server's output so that it can never block on a full pipe.
        self.output = []
        self.drains = [threading.Thread(target=lambda s=stream: self.output.extend(s), daemon=True)
                       for stream in (self.process.stdout, self.process.stderr)]
        for drain in self.drains:
            drain.start()
        self.tokens = {}
        with open(os.path.join(self.folder, "var", "tokens"), encoding="utf-8") as tokens:
            for line in tokens:
                if line.strip() and not line.startswith("#"):
                    role, user, token = line.split()
                    self.tokens[role] = (user, token)

    def hello(self, role="agent", request_id=None):
        user, token = self.tokens[role]
        frame = {"type": "hello", "role": role, "user": user, "token": token}
        if request_id is not None:
            frame["request_id"] = request_id
        return json.dumps(frame)

    def stop(self, keep_folder=False):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                code = self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()  # never leave a server behind; the test still fails
                self.process.wait()
                raise
        else:
            code = self.process.returncode
        for drain in self.drains:  # the output is complete once both pipes reach their end
            drain.join(timeout=10)
        self.process.stdout.close()
        self.process.stderr.close()
        if not keep_folder:
            shutil.rmtree(self.folder, ignore_errors=True)
        return code
