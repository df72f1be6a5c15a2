"""Black-box harness for Pharos integration tests (Python standard library only).

Starts the real `pharos` binary (env PHAROS_BIN) on a free loopback port with a temporary data
directory, waits until `GET /` answers, and gives a small HTTP client. Processes and temporary
directories are always cleaned up (unittest cleanups plus an atexit hook), and the last lines of
the server's stderr are printed next to every failing test.

Usage in a test file:

    import pharos_harness as ph

    class MyTest(ph.PharosTestCase):       # one server per class, shared by its tests
        def test_x(self):
            status, headers, body = self.server.request("GET", "/")

    if __name__ == "__main__":
        ph.main()
"""

from __future__ import annotations

import atexit
import gzip
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.parse
import zlib

READY_TIMEOUT_S = 30.0
DEFAULT_REQUEST_TIMEOUT_S = 60.0

_live_servers: list["PharosServer"] = []
_live_lock = threading.Lock()


def binary_path() -> str:
    path = os.environ.get("PHAROS_BIN")
    if not path:
        here = os.path.dirname(os.path.abspath(__file__))
        for candidate in ("../../build/pharos", "../../build-tests/pharos"):
            full = os.path.normpath(os.path.join(here, candidate))
            if os.path.exists(full):
                return full
        raise RuntimeError("PHAROS_BIN is not set and no build/pharos was found")
    return path


def free_port() -> int:
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
    finally:
        s.close()


class ServerDied(RuntimeError):
    pass


class Response(tuple):
    """(status, headers, body). headers: dict with lower-case names; body: parsed JSON, else text."""

    @property
    def status(self):
        return self[0]

    @property
    def headers(self):
        return self[1]

    @property
    def body(self):
        return self[2]


def decode_body(raw: bytes, headers: dict):
    if headers.get("content-encoding", "").lower() == "gzip":
        raw = gzip.decompress(raw)
    ctype = headers.get("content-type", "")
    text = raw.decode("utf-8", errors="replace")
    stripped = text.lstrip()
    if "json" in ctype or (stripped[:1] in ("{", "[") and "text/plain" not in ctype):
        try:
            return json.loads(text)
        except ValueError:
            return text
    return text


def encode_body(body, headers: dict) -> bytes | None:
    if body is None:
        return None
    if isinstance(body, (dict, list)):
        headers.setdefault("Content-Type", "application/json")
        return json.dumps(body).encode("utf-8")
    if isinstance(body, str):
        headers.setdefault("Content-Type", "application/json")
        return body.encode("utf-8")
    if isinstance(body, (bytes, bytearray)):
        headers.setdefault("Content-Type", "application/json")
        return bytes(body)
    raise TypeError(f"unsupported body type {type(body)}")


def build_path(path: str, params: dict | None) -> str:
    if not params:
        return path
    parts = []
    for k, v in params.items():
        if isinstance(v, bool):
            v = "true" if v else "false"
        elif isinstance(v, (list, tuple)):
            v = ",".join(str(x) for x in v)
        parts.append((k, str(v)))
    sep = "&" if "?" in path else "?"
    return path + sep + urllib.parse.urlencode(parts)


def ndjson(lines) -> bytes:
    """Items (dicts or pre-serialized strings) → NDJSON bytes with a trailing newline."""
    out = []
    for item in lines:
        out.append(item if isinstance(item, str) else json.dumps(item))
    return ("\n".join(out) + "\n").encode("utf-8")


class PharosServer:
    """One pharos process. Not thread-safe for start/stop; request() is thread-safe."""

    def __init__(self, data_dir: str | None = None, extra_args=(), env=None, log_level="warn"):
        self.bin = binary_path()
        self._own_data_dir = data_dir is None
        self.work_dir = tempfile.mkdtemp(prefix="pharos-it-")
        self.data_dir = data_dir or os.path.join(self.work_dir, "data")
        os.makedirs(self.data_dir, exist_ok=True)
        self.extra_args = list(extra_args)
        self.env = env
        self.log_level = log_level
        self.port = None
        self.proc: subprocess.Popen | None = None
        self._stderr_path = os.path.join(self.work_dir, "stderr.log")
        self._stdout_path = os.path.join(self.work_dir, "stdout.log")
        self._stderr_file = None
        self._stdout_file = None
        self.starts = 0
        with _live_lock:
            _live_servers.append(self)

    # ---- lifecycle ------------------------------------------------------------------------
    def start(self, timeout: float = READY_TIMEOUT_S) -> "PharosServer":
        assert self.proc is None or self.proc.poll() is not None, "server already running"
        # A new port each start, never the previous one: a client still holding the old port
        # must fail instead of reaching the restarted server.
        old = self.port
        self.port = free_port()
        while self.port == old:
            self.port = free_port()
        self._close_logs()
        # Append so that stderr of earlier runs (before a kill) stays visible on failure.
        self._stderr_file = open(self._stderr_path, "ab")
        self._stdout_file = open(self._stdout_path, "ab")
        marker = f"\n==== start #{self.starts + 1} port {self.port} ====\n".encode()
        self._stderr_file.write(marker)
        self._stderr_file.flush()
        cmd = [self.bin, "--host", "127.0.0.1", "--port", str(self.port),
               "--data", self.data_dir, "--log-level", self.log_level] + self.extra_args
        env = dict(os.environ)
        if self.env:
            env.update(self.env)
        self.proc = subprocess.Popen(cmd, stdout=self._stdout_file, stderr=self._stderr_file,
                                     stdin=subprocess.DEVNULL, env=env, cwd=self.work_dir)
        self.starts += 1
        self.wait_ready(timeout)
        return self

    def wait_ready(self, timeout: float = READY_TIMEOUT_S):
        deadline = time.monotonic() + timeout
        last_err = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise ServerDied(f"pharos exited with code {self.proc.returncode} during startup\n"
                                 + self.stderr_tail())
            try:
                status, _, _ = self.request("GET", "/", timeout=2)
                if status == 200:
                    return
                last_err = f"GET / answered {status}"
            except (OSError, http.client.HTTPException) as e:
                last_err = repr(e)
            time.sleep(0.05)
        raise TimeoutError(f"pharos not ready after {timeout}s ({last_err})\n" + self.stderr_tail())

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def kill9(self):
        """SIGKILL (a real `kill -9`) and reap."""
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def terminate(self, sig=signal.SIGTERM, timeout: float = 30.0) -> int:
        """Graceful stop; returns the exit code. Falls back to SIGKILL after `timeout` (returns None)."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill9()
                return None
        return self.proc.returncode

    def restart(self, kill: bool = False, timeout: float = READY_TIMEOUT_S) -> "PharosServer":
        """Stops (SIGKILL when kill=True, else SIGTERM) and starts again on the same data dir."""
        if kill:
            self.kill9()
        else:
            self.terminate()
        return self.start(timeout)

    def cleanup(self):
        try:
            self.kill9()
        finally:
            self._close_logs()
            if os.path.isdir(self.work_dir):
                shutil.rmtree(self.work_dir, ignore_errors=True)
            with _live_lock:
                if self in _live_servers:
                    _live_servers.remove(self)

    def _close_logs(self):
        for f in (self._stderr_file, self._stdout_file):
            if f is not None:
                try:
                    f.close()
                except OSError:
                    pass
        self._stderr_file = self._stdout_file = None

    def stderr_tail(self, lines: int = 40) -> str:
        try:
            with open(self._stderr_path, "rb") as f:
                f.seek(0, os.SEEK_END)
                size = f.tell()
                f.seek(max(0, size - 64 * 1024))
                data = f.read().decode("utf-8", errors="replace")
        except OSError:
            return "(no stderr captured)"
        tail = data.splitlines()[-lines:]
        return "---- pharos stderr (last %d lines) ----\n%s" % (len(tail), "\n".join(tail))

    # ---- HTTP -----------------------------------------------------------------------------
    def connection(self, timeout: float = DEFAULT_REQUEST_TIMEOUT_S) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def request(self, method: str, path: str, body=None, headers=None, params=None,
                timeout: float = DEFAULT_REQUEST_TIMEOUT_S, conn=None) -> Response:
        """→ (status, headers {lower-case: value}, parsed JSON or text). Bodies: dict/list → JSON,
        str/bytes sent raw (Content-Type application/json unless given)."""
        hdrs = dict(headers or {})
        data = encode_body(body, hdrs)
        url = build_path(path, params)
        own = conn is None
        c = conn or self.connection(timeout)
        try:
            c.request(method, url, body=data, headers=hdrs)
            resp = c.getresponse()
            raw = resp.read()
            rh = {k.lower(): v for k, v in resp.getheaders()}
            if method == "HEAD":
                return Response((resp.status, rh, None))
            return Response((resp.status, rh, decode_body(raw, rh)))
        finally:
            if own:
                c.close()

    def json(self, method, path, body=None, expect=None, **kw):
        """request() that asserts the status (int or tuple) and returns only the body."""
        status, _, parsed = self.request(method, path, body, **kw)
        if expect is not None:
            ok = status in expect if isinstance(expect, (tuple, list, set)) else status == expect
            if not ok:
                raise AssertionError(f"{method} {path} → {status}, expected {expect}: "
                                     f"{json.dumps(parsed)[:2000] if not isinstance(parsed, str) else parsed[:2000]}")
        return parsed

    def bulk(self, lines, params=None, content_type="application/x-ndjson", timeout=120, path="/_bulk"):
        body = lines if isinstance(lines, (bytes, bytearray)) else ndjson(lines)
        return self.request("POST", path, body, headers={"Content-Type": content_type},
                            params=params, timeout=timeout)


def _cleanup_all():
    with _live_lock:
        servers = list(_live_servers)
    for s in servers:
        try:
            s.cleanup()
        except Exception:  # noqa: BLE001 - best effort at interpreter exit
            pass


atexit.register(_cleanup_all)


def _on_signal(signum, frame):  # ctest timeout sends SIGTERM; never leave servers behind
    _cleanup_all()
    sys.exit(128 + signum)


for _sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
    try:
        signal.signal(_sig, _on_signal)
    except (ValueError, OSError):
        pass


class PharosTestCase(unittest.TestCase):
    """Starts one server per test class (self.server / cls.server)."""

    server_args: tuple = ()

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = PharosServer(extra_args=cls.server_args)
        cls.addClassCleanup(cls.server.cleanup)
        cls.server.start()

    # Short helpers --------------------------------------------------------------------------
    def req(self, method, path, body=None, **kw):
        return self.server.request(method, path, body, **kw)

    def ok(self, method, path, body=None, expect=(200, 201), **kw):
        return self.server.json(method, path, body, expect=expect, **kw)

    def index_name(self, suffix: str = "") -> str:
        """A unique lower-case index name per test, so tests sharing a server never collide."""
        name = self.id().split(".")[-1].lower().replace("test_", "t-")
        return (name + ("-" + suffix if suffix else ""))[:200]

    def assertError(self, resp, status: int, etype: str | tuple, reason_contains: str | None = None):
        """OpenSearch error envelope: {"error":{"root_cause":[..],"type":..,"reason":..},"status":N}."""
        st, _, body = resp
        self.assertEqual(st, status, f"status {st} != {status}: {body}")
        self.assertIsInstance(body, dict, f"error body is not JSON: {body!r}")
        self.assertEqual(body.get("status"), status, body)
        err = body.get("error")
        self.assertIsInstance(err, dict, body)
        types = (etype,) if isinstance(etype, str) else etype
        self.assertIn(err.get("type"), types, body)
        self.assertIsInstance(err.get("reason"), str, body)
        self.assertIsInstance(err.get("root_cause"), list, body)
        self.assertGreaterEqual(len(err["root_cause"]), 1, body)
        self.assertIsInstance(err["root_cause"][0], dict, body)
        self.assertIsInstance(err["root_cause"][0].get("type"), str, body)
        self.assertIsInstance(err["root_cause"][0].get("reason"), str, body)
        if reason_contains is not None:
            self.assertIn(reason_contains, err["reason"], body)
        return err


class _ResultWithServerLogs(unittest.TextTestResult):
    def _with_logs(self, test, err):
        logs = []
        with _live_lock:
            servers = list(_live_servers)
        for s in servers:
            logs.append(s.stderr_tail(25))
        if logs:
            self.stream.writeln("\n".join(logs))

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._with_logs(test, err)

    def addError(self, test, err):
        super().addError(test, err)
        self._with_logs(test, err)


def main():
    """unittest main with verbosity 2, server stderr on failures, a closing line, exit code."""
    started = time.monotonic()
    name = os.path.basename(sys.argv[0])
    try:
        bin_ = binary_path()
    except RuntimeError as e:
        print(f"{name}: FAILED: {e}")
        sys.exit(2)
    if not os.access(bin_, os.X_OK):
        print(f"{name}: FAILED: PHAROS_BIN={bin_} is not an executable")
        sys.exit(2)
    prog = unittest.main(module="__main__", verbosity=2, exit=False,
                         testRunner=unittest.TextTestRunner(resultclass=_ResultWithServerLogs,
                                                            verbosity=2))
    r = prog.result
    elapsed = time.monotonic() - started
    ok = r.wasSuccessful()
    print(f"{name}: {'PASSED' if ok else 'FAILED'}: {r.testsRun} tests, {len(r.failures)} failures, "
          f"{len(r.errors)} errors, {len(r.skipped)} skipped in {elapsed:.1f}s")
    _cleanup_all()
    sys.exit(0 if ok else 1)
