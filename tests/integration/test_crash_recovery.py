"""Durability proof: `kill -9` during ingest never loses an acknowledged write.

Client threads send `_bulk` batches (creates of new ids, overwrites of existing ids with new
content, deletes) to an index with `index.translog.durability: request`. Every item whose
response was received with 200/201 is recorded in a ledger as acknowledged, with its content and
`_version`. At random moments (0.05–1.5 s) the server is killed with SIGKILL and restarted on the
same data directory. After each restart, with clients paused:

  1. every acknowledged document is readable by a realtime GET with exactly its last acknowledged
     `_source` and `_version`; acknowledged deletes stay deleted;
  2. an item whose response was not received (in flight at the kill) is either fully applied or
     absent: the document equals the previous acknowledged state or the attempted one, never
     anything else; every `_source` carries a CRC of its content, checked on every read;
  3. after `_refresh`, `_cat/count` equals the number of documents the ledger says exist.

Unresolved items are then settled to what was observed, and ingest resumes. A second variant
runs `_refresh`, `_flush` and `_forcemerge` concurrently so that kills land during them.

Environment: PHAROS_CRASH_SEED (default 20240601), PHAROS_CRASH_KILLS (default 20 per variant).
"""

import http.client
import json
import os
import random
import signal
import threading
import time
import unittest
import zlib

import pharos_harness as ph

SEED = int(os.environ.get("PHAROS_CRASH_SEED", "20240601"))
KILLS = int(os.environ.get("PHAROS_CRASH_KILLS", "20"))
CLIENTS = 2
IDS_PER_CLIENT = 1200
MAX_BATCH = 150
VARIANT_BUDGET_S = 110.0  # soft cap per variant; the kill count is still asserted
INDEX = "crash-ledger"
ABSENT = None  # ledger state for "no document"


def checksum(doc_id: str, gen: int, payload: str) -> int:
    return zlib.crc32(f"{doc_id}|{gen}|{payload}".encode())


def make_source(rng: random.Random, doc_id: str, gen: int) -> dict:
    payload = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789 ") for _ in range(rng.randrange(8, 1500)))
    return {"id": doc_id, "gen": gen, "payload": payload, "n": rng.randrange(10**9),
            "crc": checksum(doc_id, gen, payload)}


def source_is_intact(doc_id: str, src) -> bool:
    return (isinstance(src, dict) and src.get("id") == doc_id and isinstance(src.get("payload"), str)
            and isinstance(src.get("gen"), int) and src.get("crc") == checksum(doc_id, src["gen"], src["payload"]))


class Ledger:
    """Per id: acked state ((source, version) or ABSENT) and pending states whose outcome is unknown."""

    def __init__(self):
        self.lock = threading.Lock()
        self.acked = {}    # id -> (source, version) | ABSENT
        self.pending = {}  # id -> list of (source | ABSENT)
        self.acked_ops = 0
        self.unknown_ops = 0

    def state(self, doc_id):
        return self.acked.get(doc_id, ABSENT)


class Client(threading.Thread):
    def __init__(self, n, harness, ledger, rng):
        super().__init__(name=f"bulk-client-{n}", daemon=True)
        self.n, self.h, self.ledger, self.rng = n, harness, ledger, rng
        self.ids = [f"c{n}-{i}" for i in range(IDS_PER_CLIENT)]
        self.gen = 0
        self.error = None

    def build_batch(self):
        rng, led = self.rng, self.ledger
        ops = []
        with led.lock:
            # Ids with an unsettled op (an error item) wait for the next verification.
            free = [i for i in self.ids if not led.pending.get(i)]
            size = min(len(free), rng.randrange(1, MAX_BATCH + 1))
            chosen = rng.sample(free, size)  # distinct ids: one op per id per batch
            for doc_id in chosen:
                assert not led.pending.get(doc_id), "pending ops must be settled before new ones"
                cur = led.state(doc_id)
                self.gen += 1
                if cur is ABSENT:
                    ops.append(("create", doc_id, make_source(rng, doc_id, self.gen)))
                elif rng.random() < 0.75:
                    ops.append(("index", doc_id, make_source(rng, doc_id, self.gen)))
                else:
                    ops.append(("delete", doc_id, ABSENT))
            for _, doc_id, src in ops:
                led.pending[doc_id] = [src]
        lines = []
        for op, doc_id, src in ops:
            lines.append(json.dumps({op: {"_index": INDEX, "_id": doc_id}}))
            if src is not None:
                lines.append(json.dumps(src))
        return ops, ("\n".join(lines) + "\n").encode()

    def run(self):
        h = self.h
        try:
            while not h.stop.is_set():
                if not h.running.wait(timeout=0.2):
                    continue
                epoch, port = h.epoch, h.port
                if port is None or not h.running.is_set():
                    time.sleep(0.005)
                    continue
                ops, body = self.build_batch()
                outcome = None
                try:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                    try:
                        conn.request("POST", "/_bulk", body=body, headers={"Content-Type": "application/x-ndjson"})
                        resp = conn.getresponse()
                        raw = resp.read()
                        if resp.status == 200:
                            outcome = json.loads(raw)
                    finally:
                        conn.close()
                except (OSError, http.client.HTTPException, ValueError):
                    outcome = None
                self.settle(ops, outcome)
                if outcome is None:
                    # The server is gone (or refused): wait for the next epoch.
                    while not h.stop.is_set() and h.epoch == epoch:
                        time.sleep(0.01)
        except BaseException as e:  # noqa: BLE001 - reported by the main thread
            self.error = e

    def settle(self, ops, outcome):
        led = self.ledger
        with led.lock:
            if outcome is None or len(outcome.get("items", [])) != len(ops):
                led.unknown_ops += len(ops)
                return  # all stay pending
            for (op, doc_id, src), item in zip(ops, outcome["items"]):
                res = item.get(op) or {}
                status = res.get("status", 0)
                ok = status in (200, 201) and res.get("_id") == doc_id and res.get("result") in (
                    ("deleted",) if op == "delete" else ("created", "updated"))
                if ok:
                    led.acked[doc_id] = ABSENT if op == "delete" else (src, res["_version"])
                    led.pending[doc_id] = []
                    led.acked_ops += 1
                else:
                    led.unknown_ops += 1  # an error item: applied or not, both are tolerated


class CrashHarness:
    def __init__(self, test, seed, maintenance):
        self.test = test
        self.rng = random.Random(seed)
        self.maintenance = maintenance
        self.server = ph.PharosServer()
        test.addCleanup(self.server.cleanup)
        self.ledger = Ledger()
        self.stop = threading.Event()
        self.running = threading.Event()
        self.epoch = 0
        self.port = None
        self.stats = {"kills": 0, "verified_docs": 0, "verified_absent": 0, "unknown_applied": 0,
                      "unknown_absent": 0, "maintenance_calls": 0, "restart_s": 0.0}

    # ---- maintenance traffic (variant 2) --------------------------------------------------
    def maintenance_loop(self):
        rng = random.Random(self.rng.random())
        while not self.stop.is_set():
            if not self.running.wait(timeout=0.2):
                continue
            port = self.port
            if port is None:
                time.sleep(0.005)
                continue
            path = rng.choice([f"/{INDEX}/_refresh", f"/{INDEX}/_flush", f"/{INDEX}/_forcemerge",
                               f"/{INDEX}/_forcemerge?max_num_segments=1", "/_flush", "/_refresh"])
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                conn.request("POST", path)
                conn.getresponse().read()
                conn.close()
                self.stats["maintenance_calls"] += 1
            except (OSError, http.client.HTTPException):
                time.sleep(0.01)
            time.sleep(rng.uniform(0, 0.05))

    # ---- verification ---------------------------------------------------------------------
    def verify(self, label):
        t, led, srv = self.test, self.ledger, self.server
        conn = srv.connection(timeout=60)
        present = 0
        try:
            with led.lock:
                ids = sorted(set(led.acked) | {i for i, p in led.pending.items() if p})
                for doc_id in ids:
                    st, _, body = srv.request("GET", f"/{INDEX}/_doc/{doc_id}", conn=conn)
                    t.assertIn(st, (200, 404), f"[{label}] GET {doc_id} → {st}: {body}")
                    if st == 200:
                        t.assertTrue(body.get("found"), f"[{label}] {doc_id}: {body}")
                        src = body.get("_source")
                        t.assertTrue(source_is_intact(doc_id, src),
                                     f"[{label}] corrupt or foreign _source for {doc_id}: {str(src)[:300]}")
                    acked = led.state(doc_id)
                    pend = led.pending.get(doc_id) or []
                    if not pend:
                        if acked is ABSENT:
                            t.assertEqual(st, 404, f"[{label}] acknowledged delete of {doc_id} came back: "
                                                   f"{str(body)[:300]}")
                            self.stats["verified_absent"] += 1
                        else:
                            t.assertEqual(st, 200, f"[{label}] LOST acknowledged doc {doc_id} "
                                                   f"(version {acked[1]}, gen {acked[0]['gen']})")
                            t.assertEqual(body["_source"], acked[0],
                                          f"[{label}] {doc_id}: content differs from the last acknowledged one")
                            t.assertEqual(body["_version"], acked[1],
                                          f"[{label}] {doc_id}: _version differs from the acknowledged one")
                            self.stats["verified_docs"] += 1
                    else:
                        allowed = [acked[0] if acked is not ABSENT else ABSENT] + pend
                        observed = body["_source"] if st == 200 else ABSENT
                        t.assertIn(observed, allowed,
                                   f"[{label}] {doc_id}: in-flight op left a state that is neither the old "
                                   f"nor the new one: {str(observed)[:300]}")
                        if acked is not ABSENT and observed == acked[0]:
                            t.assertEqual(body["_version"], acked[1], f"[{label}] {doc_id}: version changed")
                        applied = observed != (acked[0] if acked is not ABSENT else ABSENT)
                        self.stats["unknown_applied" if applied else "unknown_absent"] += 1
                        # Settle to what the recovered server has.
                        led.acked[doc_id] = ABSENT if st == 404 else (observed, body["_version"])
                        led.pending[doc_id] = []
                    if st == 200:
                        present += 1
        finally:
            conn.close()
        # Searchable count after a refresh equals the documents that exist (no ghosts, no dupes).
        srv.json("POST", f"/{INDEX}/_refresh", expect=200)
        cnt = srv.json("GET", f"/_cat/count/{INDEX}", params={"format": "json"}, expect=200)
        t.assertEqual(int(cnt[0]["count"]), present,
                      f"[{label}] _cat/count disagrees with the documents readable by GET")
        # A never-written id is absent.
        t.assertEqual(srv.request("GET", f"/{INDEX}/_doc/never-written")[0], 404)
        return present

    # ---- main loop ------------------------------------------------------------------------
    def run(self, kills):
        t, srv = self.test, self.server
        srv.start()
        settings = {"number_of_shards": 2, "number_of_replicas": 0, "index.translog.durability": "request"}
        if self.maintenance:
            settings["refresh_interval"] = "100ms"
        srv.json("PUT", f"/{INDEX}", {"settings": settings,
                                      "mappings": {"properties": {"id": {"type": "keyword"},
                                                                  "payload": {"type": "text"}}}}, expect=200)
        self.port = srv.port
        clients = [Client(n, self, self.ledger, random.Random(self.rng.random())) for n in range(CLIENTS)]
        threads = list(clients)
        if self.maintenance:
            threads.append(threading.Thread(target=self.maintenance_loop, name="maintenance", daemon=True))
        for th in threads:
            th.start()
        started = time.monotonic()
        try:
            for k in range(kills):
                if time.monotonic() - started > VARIANT_BUDGET_S:
                    break
                self.running.set()
                time.sleep(self.rng.uniform(0.05, 1.5))
                self.running.clear()
                self.port = None  # clients only ever see the new port once verification is done
                srv.kill9()
                self.stats["kills"] += 1
                for c in clients:
                    if c.error:
                        raise c.error
                t0 = time.monotonic()
                srv.start()
                self.stats["restart_s"] = max(self.stats["restart_s"], time.monotonic() - t0)
                present = self.verify(f"kill {k + 1}")
                self.epoch += 1
                self.port = srv.port
                print(f"  kill {k + 1:2d}: acked ops {self.ledger.acked_ops}, docs present {present}, "
                      f"unknown ops so far {self.ledger.unknown_ops}", flush=True)
            # Finally: a graceful stop keeps everything too.
            self.running.set()
            time.sleep(0.3)
            self.running.clear()
            self.port = None
            self.stop.set()
            for th in threads:
                th.join(timeout=90)
            for c in clients:
                if c.error:
                    raise c.error
            code = srv.terminate(signal.SIGTERM, timeout=60)
            t.assertEqual(code, 0, "graceful stop after the crash series\n" + srv.stderr_tail())
            srv.start()
            self.verify("after SIGTERM")
        finally:
            self.stop.set()
            self.running.set()
        return time.monotonic() - started


class CrashRecovery(unittest.TestCase):
    def _run(self, maintenance, seed):
        print(f"\n  seed={seed} kills={KILLS} clients={CLIENTS} maintenance={maintenance}", flush=True)
        h = CrashHarness(self, seed, maintenance)
        elapsed = h.run(KILLS)
        s = h.stats
        print(f"  SUMMARY: kills={s['kills']} acked_ops={h.ledger.acked_ops} unknown_ops={h.ledger.unknown_ops} "
              f"acked_docs_verified={s['verified_docs']} acked_deletes_verified={s['verified_absent']} "
              f"in_flight_applied={s['unknown_applied']} in_flight_absent={s['unknown_absent']} "
              f"maintenance_calls={s['maintenance_calls']} max_restart={s['restart_s']:.2f}s "
              f"elapsed={elapsed:.1f}s", flush=True)
        self.assertGreaterEqual(s["kills"], min(KILLS, 20), "not enough kills within the time budget")
        self.assertGreater(h.ledger.acked_ops, 0, "no write was ever acknowledged")
        self.assertGreater(s["verified_docs"], 0)

    def test_kill9_during_bulk(self):
        self._run(maintenance=False, seed=SEED)

    def test_kill9_during_refresh_flush_forcemerge(self):
        self._run(maintenance=True, seed=SEED + 1)


if __name__ == "__main__":
    ph.main()
