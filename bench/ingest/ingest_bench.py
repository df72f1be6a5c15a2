#!/usr/bin/env python3
"""Ingest throughput: `_bulk` of http_logs-like documents into `logs-bench`.

Starts pharos (--bin, on a free port with a temporary data dir) or uses a running server (--url),
creates `logs-bench` with an explicit mapping, then N client processes (default 2) send `_bulk`
requests of --batch docs (default 5,000) until --docs documents (default 1,000,000) are sent.
Durability is the default (`index.translog.durability: request`). Batches are generated and
serialized in the client processes *before* the clock starts, so Python is not the bottleneck.
Prints docs/s, MB/s, p50/p99 bulk latency, then checks after `_refresh` that
`GET /_cat/count/logs-bench?format=json` equals the documents sent.

--peer-url runs the same workload against a second server (e.g. OpenSearch) in the same run
and prints the ratio.

    python3 bench/ingest/ingest_bench.py --bin build/pharos
    python3 bench/ingest/ingest_bench.py --url http://127.0.0.1:9200 --docs 200000
"""

import argparse
import http.client
import json
import multiprocessing as mp
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate_http_logs as gen  # noqa: E402

INDEX = "logs-bench"
MAPPING = {
    "mappings": {
        "properties": {
            "@timestamp": {"type": "date"},
            "clientip": {"type": "ip"},
            "request": {"type": "text", "fields": {"keyword": {"type": "keyword", "ignore_above": 256}}},
            "status": {"type": "integer"},
            "size": {"type": "long"},
            "useragent": {"type": "text", "fields": {"keyword": {"type": "keyword", "ignore_above": 256}}},
            "referrer": {"type": "keyword"},
        }
    }
}


# ---- tiny HTTP helpers ---------------------------------------------------------------------
def split_url(url):
    u = urllib.parse.urlsplit(url)
    return u.hostname or "127.0.0.1", u.port or 9200


def call(host, port, method, path, body=None, timeout=300, ctype="application/json"):
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        headers = {}
        if body is not None:
            if isinstance(body, (dict, list)):
                body = json.dumps(body).encode()
            headers["Content-Type"] = ctype
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        raw = resp.read()
        try:
            return resp.status, json.loads(raw) if raw else None
        except ValueError:
            return resp.status, raw.decode(errors="replace")
    finally:
        conn.close()


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class LocalPharos:
    def __init__(self, binary, data_dir=None, keep=False, settings=None):
        """`settings`: node settings written to a config file (`--config`), e.g.
        {"knn.algo_param.index_thread_qty": 2}."""
        self.binary = os.path.abspath(binary)
        self.settings = settings or {}
        self.tmp = tempfile.mkdtemp(prefix="pharos-bench-")
        self.data_dir = data_dir or os.path.join(self.tmp, "data")
        self.keep = keep
        self.port = free_port()
        self.proc = None

    def start(self):
        os.makedirs(self.data_dir, exist_ok=True)
        self.log = open(os.path.join(self.tmp, "stderr.log"), "wb")
        argv = [self.binary, "--host", "127.0.0.1", "--port", str(self.port), "--data", self.data_dir,
                "--log-level", "warn"]
        if self.settings:
            config = os.path.join(self.tmp, "pharos.yml")
            with open(config, "w") as f:
                f.writelines(f"{key}: {value}\n" for key, value in self.settings.items())
            argv += ["--config", config]
        self.proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=self.log)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"pharos exited with {self.proc.returncode}:\n{self.stderr_tail()}")
            try:
                if call("127.0.0.1", self.port, "GET", "/", timeout=2)[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError("pharos did not answer GET / within 30 s\n" + self.stderr_tail())

    def stderr_tail(self):
        try:
            with open(os.path.join(self.tmp, "stderr.log"), "rb") as f:
                return f.read()[-4000:].decode(errors="replace")
        except OSError:
            return ""

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if not self.keep:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def data_size(self):
        total = 0
        for root, _, files in os.walk(self.data_dir):
            for f in files:
                try:
                    total += os.path.getsize(os.path.join(root, f))
                except OSError:
                    pass
        return total


# ---- workload --------------------------------------------------------------------------------
def make_batch(seed, batch_no, size):
    """Batch `batch_no` is generated independently (own seed and time window), so any process
    can build any batch and the whole corpus is the same whatever the client count."""
    start = gen.START.timestamp() + batch_no * size * 0.002
    import datetime as dt
    g = gen.HttpLogGenerator(seed * 1_000_003 + batch_no,
                             start=dt.datetime.fromtimestamp(start, tz=dt.timezone.utc))
    return gen.bulk_body(g.docs(size))


def worker(wid, host, port, batches, seed, batch_size, path, ready, go, results):
    bodies = [make_batch(seed, b, n) for b, n in batches]
    nbytes = sum(len(b) for b in bodies)
    ready.wait()  # every process has its bodies in memory
    go.wait()
    conn = http.client.HTTPConnection(host, port, timeout=600)
    lat, failed_items, bad_requests = [], 0, []
    t0 = time.monotonic()
    for body in bodies:
        s = time.monotonic()
        try:
            conn.request("POST", path, body=body, headers={"Content-Type": "application/x-ndjson"})
            resp = conn.getresponse()
            raw = resp.read()
        except (OSError, http.client.HTTPException) as e:
            bad_requests.append(repr(e))
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=600)
            continue
        lat.append(time.monotonic() - s)
        if resp.status != 200:
            bad_requests.append(f"HTTP {resp.status}: {raw[:300]!r}")
        elif b'"errors":false' not in raw[:300].replace(b" ", b""):
            doc = json.loads(raw)
            for item in doc.get("items", []):
                r = next(iter(item.values()))
                if r.get("status", 500) >= 300:
                    failed_items += 1
                    if len(bad_requests) < 3:
                        bad_requests.append(json.dumps(r)[:300])
    t1 = time.monotonic()
    conn.close()
    results.put({"wid": wid, "t0": t0, "t1": t1, "lat": lat, "bytes": nbytes, "failed_items": failed_items,
                 "errors": bad_requests[:5], "bad_requests": len(bad_requests)})


def percentile(values, p):
    if not values:
        return float("nan")
    v = sorted(values)
    k = min(len(v) - 1, max(0, int(round(p / 100.0 * (len(v) - 1)))))
    return v[k]


def run_once(label, host, port, args):
    st, body = call(host, port, "DELETE", f"/{INDEX}")
    st, body = call(host, port, "PUT", f"/{INDEX}", MAPPING)
    if st != 200:
        raise RuntimeError(f"[{label}] PUT /{INDEX} → {st}: {body}")
    nbatches = (args.docs + args.batch - 1) // args.batch
    sizes = [min(args.batch, args.docs - b * args.batch) for b in range(nbatches)]
    plan = [[] for _ in range(args.clients)]
    for b in range(nbatches):
        plan[b % args.clients].append((b, sizes[b]))
    ctx = mp.get_context("fork")
    ready = ctx.Barrier(args.clients + 1)
    go = ctx.Event()
    results = ctx.Queue()
    t_gen = time.monotonic()
    procs = [ctx.Process(target=worker, args=(w, host, port, plan[w], args.seed, args.batch,
                                                f"/{INDEX}/_bulk", ready, go, results), daemon=True) for w in range(args.clients)]
    for p in procs:
        p.start()
    ready.wait()
    print(f"[{label}] generated {args.docs} docs in {nbatches} batches in {time.monotonic() - t_gen:.1f}s; "
          f"sending with {args.clients} clients", flush=True)
    go.set()
    outs = [results.get() for _ in procs]
    for p in procs:
        p.join()
    t0 = min(o["t0"] for o in outs)
    t1 = max(o["t1"] for o in outs)
    wall = t1 - t0
    lat = [x for o in outs for x in o["lat"]]
    total_bytes = sum(o["bytes"] for o in outs)
    failed = sum(o["failed_items"] for o in outs)
    bad = sum(o["bad_requests"] for o in outs)
    for o in outs:
        for e in o["errors"]:
            print(f"[{label}] error: {e}", file=sys.stderr)
    call(host, port, "POST", f"/{INDEX}/_refresh")
    st, cnt = call(host, port, "GET", f"/_cat/count/{INDEX}?format=json")
    try:
        count = int(cnt[0]["count"])
    except (TypeError, KeyError, IndexError, ValueError):
        count = None
        print(f"[{label}] _cat/count answered {st}: {str(cnt)[:300]}", file=sys.stderr)
    return {"label": label, "docs": args.docs, "wall": wall, "docs_s": args.docs / wall if wall else 0,
            "mb_s": total_bytes / 1e6 / wall if wall else 0, "mb": total_bytes / 1e6,
            "p50": percentile(lat, 50) * 1000, "p99": percentile(lat, 99) * 1000,
            "failed_items": failed, "bad_requests": bad, "count": count}


def print_table(rows):
    print()
    print(f"{'server':<10} {'docs':>10} {'MB':>8} {'wall s':>8} {'docs/s':>10} {'MB/s':>7} "
          f"{'p50 ms':>8} {'p99 ms':>8} {'failed':>7} {'count ok':>9}")
    for r in rows:
        ok = "yes" if r["count"] == r["docs"] and r["failed_items"] == 0 else f"NO ({r['count']})"
        print(f"{r['label']:<10} {r['docs']:>10} {r['mb']:>8.1f} {r['wall']:>8.2f} {r['docs_s']:>10.0f} "
              f"{r['mb_s']:>7.1f} {r['p50']:>8.1f} {r['p99']:>8.1f} {r['failed_items'] + r['bad_requests']:>7} "
              f"{ok:>9}")
    if len(rows) == 2 and rows[1]["docs_s"]:
        print(f"\nratio pharos/{rows[1]['label']}: docs/s x{rows[0]['docs_s'] / rows[1]['docs_s']:.2f}, "
              f"p99 x{rows[0]['p99'] / rows[1]['p99']:.2f}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    where = ap.add_mutually_exclusive_group(required=True)
    where.add_argument("--bin", help="pharos binary to start (temporary data dir, free port)")
    where.add_argument("--url", help="use a running server, e.g. http://127.0.0.1:9200")
    ap.add_argument("--peer-url", help="also run against this server (e.g. OpenSearch) and print the ratio")
    ap.add_argument("--docs", type=int, default=1_000_000)
    ap.add_argument("--batch", type=int, default=5000)
    ap.add_argument("--clients", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--data-dir", help="data dir for --bin (default: a temporary one)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary data dir")
    args = ap.parse_args()
    print(f"ingest bench: {args.docs} docs, batch {args.batch}, {args.clients} clients, seed {args.seed}, "
          f"durability request (default)", flush=True)
    rows, local = [], None
    try:
        if args.bin:
            local = LocalPharos(args.bin, args.data_dir, args.keep).start()
            host, port = "127.0.0.1", local.port
        else:
            host, port = split_url(args.url)
        rows.append(run_once("pharos", host, port, args))
        if local:
            print(f"[pharos] data dir size after ingest: {local.data_size() / 1e6:.1f} MB")
        if args.peer_url:
            ph, pp = split_url(args.peer_url)
            rows.append(run_once("peer", ph, pp, args))
    finally:
        if local:
            local.stop()
    print_table(rows)
    ok = all(r["count"] == r["docs"] and r["failed_items"] == 0 and r["bad_requests"] == 0 for r in rows)
    if not ok:
        print("FAILED: document count or item errors do not match the documents sent", file=sys.stderr)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
