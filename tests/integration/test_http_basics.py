"""HTTP surface: GET / and HEAD /, keep-alive, gzip in both directions, body limit (413),
malformed JSON, unknown paths, graceful SIGTERM/SIGINT. Reference: OpenSearch 3.x."""

import gzip
import http.client
import json
import re
import signal
import socket
import time
import unittest
import zlib

import pharos_harness as ph


class RootAndTransport(ph.PharosTestCase):
    def test_root_shape(self):
        status, headers, body = self.req("GET", "/")
        self.assertEqual(status, 200)
        self.assertIn("application/json", headers.get("content-type", ""))
        for key in ("name", "cluster_name", "cluster_uuid", "version", "tagline"):
            self.assertIn(key, body)
        self.assertIsInstance(body["name"], str)
        self.assertTrue(body["name"])
        self.assertIsInstance(body["cluster_name"], str)
        self.assertTrue(body["cluster_uuid"])
        v = body["version"]
        self.assertEqual(v["distribution"], "opensearch")
        self.assertRegex(v["number"], r"^\d+\.\d+\.\d+")
        self.assertGreaterEqual(int(v["number"].split(".")[0]), 2, "clients gate on the major version")
        self.assertTrue(v.get("lucene_version"), "rest-api-spec info test checks version.lucene_version")
        self.assertEqual(body["tagline"], "The OpenSearch Project: https://opensearch.org/")
        # Stable across calls.
        again = self.req("GET", "/")[2]
        self.assertEqual(again["cluster_uuid"], body["cluster_uuid"])

    def test_head_root(self):
        conn = self.server.connection()
        try:
            conn.request("HEAD", "/")
            resp = conn.getresponse()
            self.assertEqual(resp.status, 200)
            self.assertEqual(resp.read(), b"")
        finally:
            conn.close()

    def test_keep_alive_many_requests_one_connection(self):
        idx = self.index_name()
        conn = self.server.connection()
        try:
            first_sock = None
            calls = [("GET", "/", None), ("PUT", f"/{idx}", {"settings": {"number_of_replicas": 0}}),
                     ("PUT", f"/{idx}/_doc/1", {"a": 1}), ("HEAD", f"/{idx}", None),
                     ("GET", f"/{idx}/_doc/1", None), ("GET", f"/{idx}/_doc/nope", None),
                     ("GET", "/", None)]
            expected = [200, 200, 201, 200, 200, 404, 200]
            for (method, path, body), want in zip(calls, expected):
                st, hdrs, parsed = self.server.request(method, path, body, conn=conn)
                self.assertEqual(st, want, f"{method} {path}: {parsed}")
                self.assertNotEqual(hdrs.get("connection", "").lower(), "close",
                                    f"server closed a keep-alive connection after {method} {path}")
                if first_sock is None:
                    first_sock = conn.sock
                self.assertIsNotNone(conn.sock, "connection was closed by the server")
                self.assertIs(conn.sock, first_sock, "http.client had to reconnect: keep-alive broken")
        finally:
            conn.close()

    def test_pipelined_requests_answered_in_order(self):
        s = socket.create_connection(("127.0.0.1", self.server.port), timeout=20)
        try:
            reqs = b"".join(
                f"GET /_cluster/health?x={i} HTTP/1.1\r\nHost: x\r\n\r\n".encode() for i in range(3))
            reqs += b"GET /definitely-missing-index-zz HTTP/1.1\r\nHost: x\r\n\r\n"
            s.sendall(reqs)
            data = b""
            deadline = time.monotonic() + 20
            while data.count(b"HTTP/1.1 ") < 4 and time.monotonic() < deadline:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
            statuses = re.findall(rb"HTTP/1\.1 (\d{3}) ", data)
            self.assertEqual(statuses[:4], [b"200", b"200", b"200", b"404"], data[:2000])
        finally:
            s.close()

    def test_gzip_request_body_bulk(self):
        idx = self.index_name()
        lines = []
        for i in range(3):
            lines.append({"index": {"_index": idx, "_id": str(i)}})
            lines.append({"n": i, "msg": f"gzip doc {i}"})
        body = gzip.compress(ph.ndjson(lines))
        st, _, parsed = self.req("POST", "/_bulk", body,
                                 headers={"Content-Type": "application/x-ndjson", "Content-Encoding": "gzip"})
        self.assertEqual(st, 200, parsed)
        self.assertFalse(parsed["errors"], parsed)
        self.assertEqual(len(parsed["items"]), 3)
        got = self.ok("GET", f"/{idx}/_doc/2", expect=200)
        self.assertEqual(got["_source"], {"n": 2, "msg": "gzip doc 2"})

    def test_gzip_json_body_single_doc(self):
        idx = self.index_name()
        body = gzip.compress(json.dumps({"k": "v" * 100}).encode())
        st, _, parsed = self.req("PUT", f"/{idx}/_doc/1", body,
                                 headers={"Content-Type": "application/json", "Content-Encoding": "gzip"})
        self.assertEqual(st, 201, parsed)
        self.assertEqual(self.ok("GET", f"/{idx}/_source/1", expect=200), {"k": "v" * 100})

    def test_gzip_response(self):
        idx = self.index_name()
        text = " ".join(f"word{i}" for i in range(4000))  # ~35 KB, compresses well
        self.ok("PUT", f"/{idx}/_doc/1", {"text": text}, expect=201)
        conn = self.server.connection()
        try:
            conn.request("GET", f"/{idx}/_doc/1", headers={"Accept-Encoding": "gzip"})
            resp = conn.getresponse()
            raw = resp.read()
            self.assertEqual(resp.status, 200)
            self.assertEqual((resp.getheader("Content-Encoding") or "").lower(), "gzip", resp.getheaders())
            self.assertLess(len(raw), len(text) // 2, "body does not look compressed")
            doc = json.loads(gzip.decompress(raw))
            self.assertEqual(doc["_source"]["text"], text)
            # Without Accept-Encoding: identity.
            conn.request("GET", f"/{idx}/_doc/1")
            resp = conn.getresponse()
            raw = resp.read()
            self.assertIn((resp.getheader("Content-Encoding") or "identity").lower(), ("identity",))
            self.assertEqual(json.loads(raw)["_source"]["text"], text)
        finally:
            conn.close()

    def test_body_over_limit_after_inflate_is_413(self):
        # ~110 MB of zeros gzip to ~110 KB: the limit (http.max_content_length, 100 MB) applies
        # to the inflated body.
        comp = zlib.compressobj(9, zlib.DEFLATED, 31)
        chunk = b"\0" * (1 << 20)
        parts = [comp.compress(chunk) for _ in range(110)]
        parts.append(comp.flush())
        body = b"".join(parts)
        self.assertLess(len(body), 1 << 20)
        try:
            st, _, parsed = self.req("POST", "/_bulk", body, timeout=60,
                                     headers={"Content-Type": "application/x-ndjson", "Content-Encoding": "gzip"})
            self.assertEqual(st, 413, parsed)
        except (ConnectionResetError, BrokenPipeError, http.client.RemoteDisconnected):
            self.fail("server dropped the connection instead of answering 413")
        self.assertEqual(self.req("GET", "/")[0], 200, "server must stay up after an oversized body")

    def test_declared_content_length_over_limit_is_413_without_reading(self):
        s = socket.create_connection(("127.0.0.1", self.server.port), timeout=20)
        try:
            s.sendall(b"POST /_bulk HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\n"
                      b"Content-Length: 209715200\r\n\r\n" + b"{}\n" * 10)
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
            self.assertTrue(data.startswith(b"HTTP/1.1 413"), data[:500])
        finally:
            s.close()
        self.assertEqual(self.req("GET", "/")[0], 200)

    def test_malformed_json_is_400_and_server_survives(self):
        idx = self.index_name()
        for path, method in ((f"/{idx}/_doc/1", "PUT"), (f"/{idx}", "PUT"), ("/_mget", "POST"), ("/_aliases", "POST")):
            st, hdrs, body = self.req(method, path, '{"a": [1, 2,, "x"')
            self.assertEqual(st, 400, f"{method} {path}: {body}")
            self.assertIsInstance(body, dict, body)
            self.assertEqual(body.get("status"), 400, body)
            etype = body["error"]["type"]
            # OpenSearch: mapper_parsing_exception (doc), json_parse_exception / x_content_parse_exception /
            # parse_exception (other bodies).
            self.assertTrue("pars" in etype or etype == "illegal_argument_exception", etype)
            self.assertIn("application/json", hdrs.get("content-type", ""))
        self.assertEqual(self.req("GET", "/")[0], 200)
        # Bodies that are valid UTF-8 garbage or binary garbage.
        st, _, body = self.req("PUT", f"/{idx}/_doc/2", b"\xff\xfe\x00garbage")
        self.assertEqual(st, 400, body)
        st, _, body = self.req("PUT", f"/{idx}/_doc/3", "[1,2,3]")
        self.assertEqual(st, 400, body)
        self.assertEqual(self.req("GET", "/")[0], 200)

    def test_unknown_path_error_shape(self):
        st, hdrs, body = self.req("GET", "/some-index/_no_such_endpoint")
        self.assertIn(st, (400, 404), body)
        self.assertIsInstance(body, dict, f"error must be JSON, got {body!r}")
        self.assertIn("error", body)
        err = body["error"]
        if isinstance(err, str):  # OpenSearch: {"error":"no handler found for uri [..] and method [GET]"}
            self.assertIn("no handler found for uri", err)
        else:
            self.assertIsInstance(err.get("type"), str)
            self.assertIsInstance(err.get("reason"), str)
        self.assertEqual(self.req("GET", "/")[0], 200)

    def test_wrong_method_on_known_path_is_405(self):
        st, _, body = self.req("DELETE", "/")
        self.assertEqual(st, 405, body)
        self.assertIsInstance(body, dict, body)
        self.assertIn("error", body)

    def test_invalid_http_request_does_not_crash(self):
        s = socket.create_connection(("127.0.0.1", self.server.port), timeout=10)
        try:
            s.sendall(b"THIS IS NOT HTTP\r\n\r\n")
            try:
                data = s.recv(4096)
            except (ConnectionResetError, socket.timeout):
                data = b""
            if data:
                self.assertTrue(data.startswith(b"HTTP/1."), data[:200])
                self.assertIn(data.split(b" ")[1][:1], (b"4",), data[:200])
        finally:
            s.close()
        self.assertEqual(self.req("GET", "/")[0], 200)


class GracefulShutdown(unittest.TestCase):
    def _server(self):
        srv = ph.PharosServer()
        self.addCleanup(srv.cleanup)
        srv.start()
        return srv

    def _write_docs(self, srv, idx, n, settings):
        srv.json("PUT", f"/{idx}", {"settings": settings}, expect=200)
        lines = []
        for i in range(n):
            lines.append({"index": {"_index": idx, "_id": f"d{i}"}})
            lines.append({"i": i, "payload": f"value-{i}"})
        st, _, body = srv.bulk(lines)
        self.assertEqual(st, 200, body)
        self.assertFalse(body["errors"], body)
        srv.json("DELETE", f"/{idx}/_doc/d0", expect=200)
        srv.json("POST", f"/{idx}/_update/d1", {"doc": {"payload": "changed"}}, expect=200)

    def _check_docs(self, srv, idx, n):
        self.assertEqual(srv.request("GET", f"/{idx}/_doc/d0")[0], 404)
        self.assertEqual(srv.json("GET", f"/{idx}/_doc/d1", expect=200)["_source"],
                         {"i": 1, "payload": "changed"})
        for i in range(2, n):
            got = srv.json("GET", f"/{idx}/_doc/d{i}", expect=200)
            self.assertEqual(got["_source"], {"i": i, "payload": f"value-{i}"})
        srv.json("POST", f"/{idx}/_refresh", expect=200)
        count = srv.json("GET", f"/_cat/count/{idx}", params={"format": "json"}, expect=200)
        self.assertEqual(int(count[0]["count"]), n - 1)

    def test_sigterm_exits_zero_and_restart_sees_docs(self):
        srv = self._server()
        self._write_docs(srv, "graceful-req", 200, {"number_of_replicas": 0, "refresh_interval": "-1"})
        # async translog with a long sync interval: only a graceful flush makes these durable.
        self._write_docs(srv, "graceful-async", 200, {"number_of_replicas": 0, "refresh_interval": "-1",
                                                       "index.translog.durability": "async",
                                                       "index.translog.sync_interval": "120s"})
        t0 = time.monotonic()
        code = srv.terminate(signal.SIGTERM, timeout=30)
        self.assertEqual(code, 0, "SIGTERM must stop the server gracefully with exit code 0\n"
                         + srv.stderr_tail())
        self.assertLess(time.monotonic() - t0, 30)
        srv.start()
        self._check_docs(srv, "graceful-req", 200)
        self._check_docs(srv, "graceful-async", 200)
        # Index metadata survived too.
        settings = srv.json("GET", "/graceful-async/_settings", expect=200)
        self.assertEqual(settings["graceful-async"]["settings"]["index"]["translog"]["durability"], "async")

    def test_sigint_exits_zero(self):
        srv = self._server()
        self._write_docs(srv, "graceful-int", 20, {"number_of_replicas": 0})
        self.assertEqual(srv.terminate(signal.SIGINT, timeout=30), 0, srv.stderr_tail())
        srv.start()
        self._check_docs(srv, "graceful-int", 20)

    def test_help_exits_zero(self):
        import subprocess
        out = subprocess.run([ph.binary_path(), "--help"], capture_output=True, timeout=20)
        self.assertEqual(out.returncode, 0, out.stderr[-2000:])
        text = (out.stdout + out.stderr).decode(errors="replace")
        for flag in ("--port", "--data", "--host"):
            self.assertIn(flag, text)


if __name__ == "__main__":
    ph.main()
