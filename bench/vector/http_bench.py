#!/usr/bin/python3
"""Pharos over HTTP on a vector data set: ingest with `_bulk`, force-merge to one segment, wait
for the vector index build (`GET /_plugins/_knn/warmup/<index>`), then k-NN queries through
http_knn_client (C++, keep-alive, bodies serialised before the clock) on 1 and 2 client threads.

  1. start `pharos` (--bin; own temporary data dir, free port), or use --url
  2. PUT /vbench: knn_vector `v` (dimension, space of the data set; method hnsw faiss m/efc, or
     ivf / ivfpq) + integer `bucket` = row % 100 (the 1% filter); refresh off while loading
  3. `_bulk` all rows (--clients processes, --batch docs per request; NDJSON built before the clock;
     with one client the merged segment keeps the file's row order, the order hnswlib inserts in)
  4. `_refresh`, `_forcemerge?max_num_segments=1`, warmup → "time to searchable"
  5. per ef_search (or nprobes): `{"size":10,"_source":false,"query":{"knn":{"v":{"vector":[..],
     "k":10,"method_parameters":{"ef_search":E}}}}}` on 1 and 2 threads → recall@10 vs the exact
     ground truth, QPS, p50 / p99, QPS per second of server CPU. On 1 thread the client polls its
     socket when there is a core for it (http_knn_client --spin); the same run with a client asleep
     in recv is printed next to it
  6. filtered: the same with `"filter":{"term":{"bucket":7}}` against the filtered ground truth;
     reports recall and the fraction of queries that got all k hits

    /usr/bin/python3 bench/vector/http_bench.py bench/vector/data/synthetic-100k --bin build/pharos \\
        --client build/bench/http_knn_client --json /tmp/http.json
"""

import argparse
import json
import multiprocessing as mp
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "ingest"))
import ground_truth as gtm  # noqa: E402
import search_stats as st  # noqa: E402
import vecio  # noqa: E402
from ingest_bench import LocalPharos, call, split_url  # noqa: E402

INDEX = "vbench"
K = 10


def index_body(meta, args):
    if args.method == "hnsw":
        method = {"name": "hnsw", "engine": "faiss",
                  "parameters": {"m": args.m, "ef_construction": args.ef_construction}}
    else:
        params = {"nlist": args.nlist or default_nlist(meta["count"]), "nprobes": 1}
        if args.method == "ivfpq":
            params["encoder"] = {"name": "pq", "parameters": {"m": args.pq_m or meta["dimension"] // 4,
                                                              "code_size": 8}}
        method = {"name": "ivf", "engine": "faiss", "parameters": params}
    vector = {"type": "knn_vector", "dimension": meta["dimension"], "space_type": meta["space"], "method": method}
    return {"settings": {"index": {"knn": True, "number_of_shards": 1, "refresh_interval": "-1"}},
            "mappings": {"properties": {"v": vector, "bucket": {"type": "integer"}}}}


def default_nlist(n):
    return int(2 ** round(np.log2(max(16.0, np.sqrt(n)))))


# ---- ingest ------------------------------------------------------------------------------------
def bulk_body(base, start, stop):
    lines = []
    for row in range(start, stop):
        floats = ",".join(["%.9g" % x for x in base[row].tolist()])  # %.9g round-trips float32
        lines.append(f'{{"index":{{"_index":"{INDEX}","_id":"{row}"}}}}\n{{"v":[{floats}],"bucket":{row % 100}}}\n')
    return "".join(lines).encode()


def bulk_worker(host, port, base_path, ranges, ready, go, results):
    import http.client
    base = vecio.read_vecs(base_path)
    bodies = [bulk_body(base, a, b) for a, b in ranges]
    ready.wait()
    go.wait()
    conn = http.client.HTTPConnection(host, port, timeout=3600)
    errors, t0 = [], time.monotonic()
    for body in bodies:
        conn.request("POST", "/_bulk", body=body, headers={"Content-Type": "application/x-ndjson"})
        resp = conn.getresponse()
        raw = resp.read()
        if resp.status != 200 or b'"errors":true' in raw[:200].replace(b" ", b""):
            errors.append(f"HTTP {resp.status}: {raw[:300]!r}")
    results.put({"t0": t0, "t1": time.monotonic(), "errors": errors, "bytes": sum(len(b) for b in bodies)})
    conn.close()


def ingest(host, port, base_path, count, clients, batch):
    batches = [(s, min(count, s + batch)) for s in range(0, count, batch)]
    ctx = mp.get_context("fork")
    ready, go, results = ctx.Barrier(clients + 1), ctx.Barrier(clients + 1), ctx.Queue()
    procs = [ctx.Process(target=bulk_worker, args=(host, port, base_path, batches[w::clients], ready, go, results))
             for w in range(clients)]
    for p in procs:
        p.start()
    ready.wait()  # every client has its NDJSON in memory
    start = time.monotonic()
    go.wait()
    outs = [results.get() for _ in procs]
    seconds = time.monotonic() - start
    for p in procs:
        p.join()
    errors = [e for o in outs for e in o["errors"]]
    if errors:
        raise RuntimeError(f"_bulk failed ({len(errors)} requests), first: {errors[0]}")
    return {"ingest_s": seconds, "docs": count, "mb": sum(o["bytes"] for o in outs) / 1e6}


def make_searchable(host, port, count, probe_body):
    """_refresh, force-merge to one segment, then warmup (the vector index build). Falls back to
    polling a k-NN query when the warmup endpoint is not there."""
    t0 = time.monotonic()
    st_, body = call(host, port, "POST", f"/{INDEX}/_refresh", timeout=3600)
    if st_ != 200:
        raise RuntimeError(f"_refresh → {st_}: {body}")
    refresh_s = time.monotonic() - t0
    st_, body = call(host, port, "POST", f"/{INDEX}/_forcemerge?max_num_segments=1", timeout=3600)
    if st_ != 200:
        raise RuntimeError(f"_forcemerge → {st_}: {body}")
    merge_s = time.monotonic() - t0 - refresh_s
    st_, body = call(host, port, "GET", f"/_plugins/_knn/warmup/{INDEX}", timeout=3600)
    warmup = "warmup" if st_ == 200 else f"warmup HTTP {st_}; first query"
    st_, body = call(host, port, "POST", f"/{INDEX}/_search", probe_body, timeout=3600)
    if st_ != 200:
        raise RuntimeError(f"first k-NN query → {st_}: {str(body)[:500]}")
    st_, cnt = call(host, port, "GET", f"/{INDEX}/_count")
    if st_ != 200 or cnt.get("count") != count:
        raise RuntimeError(f"_count → {st_}: {cnt} (expected {count})")
    return {"refresh_s": refresh_s, "merge_s": merge_s, "searchable_s": time.monotonic() - t0, "how": warmup}


# ---- queries -------------------------------------------------------------------------------------
def knn_body(vector, params, bucket=None):
    knn = {"vector": [float("%.9g" % x) for x in vector.tolist()], "k": K, "method_parameters": params}
    if bucket is not None:
        knn["filter"] = {"term": {"bucket": bucket}}
    return {"size": K, "_source": False, "query": {"knn": {"v": knn}}}


def server_cpu_seconds(pid):
    """CPU seconds of the server process, or None without one. /proc/PID/stat counts every thread,
    exited ones too (an index build's worker threads), but ticks at 10 ms; the sum of the live
    threads' /proc/PID/task/*/schedstat is exact to the nanosecond but misses exited threads.
    Returns (stat seconds, schedstat seconds); cpu_delta() picks the right one."""
    if pid is None:
        return None
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime
    live = 0.0
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                live += int(f.read().split()[0]) / 1e9
        except (OSError, ValueError, IndexError):
            pass  # the thread exited while we read
    return ticks, live


def cpu_delta(before, after):
    """The nanosecond figure, unless threads exited in between (the tick count then grew by more
    than its 10 ms resolution allows)."""
    if before is None or after is None:
        return None
    ticks, live = after[0] - before[0], after[1] - before[1]
    return ticks if ticks > live + 0.05 else live


def run_client(client, port, bodies_path, threads, out_path, warmup, spin=False):
    cmd = [client, "--port", str(port), "--path", f"/{INDEX}/_search", "--bodies", bodies_path,
           "--threads", str(threads), "--out", out_path, "--warmup", str(warmup), "--spin", "1" if spin else "0"]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"http_knn_client failed ({proc.returncode}): {proc.stdout}{proc.stderr}"
                           f"\nfirst rows: {open(out_path).read(300) if os.path.exists(out_path) else ''}")
    summary = proc.stdout.split()
    qps = float(summary[summary.index("qps") + 1])
    lat, ids = [], []
    with open(out_path) as f:
        for line in f:
            parts = line.split()
            lat.append(int(parts[0]) / 1e6)
            ids.append([int(x) for x in parts[2:]])
    return qps, lat, ids


def measure_http(setting, queries, gt, params, ctx, bucket=None, **extra):
    tmp, port, pid = ctx["tmp"], ctx["port"], ctx["pid"]
    bodies = os.path.join(tmp, "bodies.ndjson")
    # The query set `repeat` times over, so a row times a second or so rather than a few hundred
    # ms (less noise); recall, latency and ids come from the first pass.
    repeat = ctx.get("repeat", 1)
    with open(bodies, "w") as f:
        lines = [json.dumps(knn_body(q, params, bucket), separators=(",", ":")) + "\n" for q in queries]
        for _ in range(repeat):
            f.writelines(lines)
    out = os.path.join(tmp, "out.txt")
    # The 1-thread run's client polls its socket when it has a core of its own (the server has
    # the other), so the server's send does not pay for waking it (http_knn_client.cpp, --spin).
    spin = (os.cpu_count() or 1) >= 2
    cpu0 = server_cpu_seconds(pid)
    qps1, lat, ids = run_client(ctx["client"], port, bodies, 1, out, ctx["warmup"], spin)
    lat, ids = lat[:len(queries)], ids[:len(queries)]
    cpu = cpu_delta(cpu0, server_cpu_seconds(pid))
    # QPS per server CPU-second: the warm-up queries ran in the same window, so count them too
    qps_cpu = (repeat * len(queries) + min(ctx["warmup"], len(queries))) / cpu if cpu else None
    qps1_sleeping, _, _ = run_client(ctx["client"], port, bodies, 1, out, 0) if spin else (qps1, None, None)
    qps2, _, _ = run_client(ctx["client"], port, bodies, 2, out, 0)  # 2 threads: no spare core to poll on
    row = st.result_row("pharos-http", setting, ids, gt, lat, qps1, qps2, qps_cpu, K,
                        qps1_sleeping_client=qps1_sleeping, **extra)
    print(st.format_table([row]).splitlines()[-1] + f"  (1t, client asleep in recv: {qps1_sleeping:.0f} QPS)",
          flush=True)
    return row


def run_queries(args, meta, queries, gt, ctx):
    rows = []
    if args.method == "hnsw":
        for ef in vecio.parse_int_list(args.ef):
            rows.append(measure_http(f"hnsw m{args.m} efc{args.ef_construction} ef{ef}", queries, gt,
                                     {"ef_search": max(ef, K)}, ctx, ef=ef))
    else:
        for p in vecio.parse_int_list(args.nprobes):
            rows.append(measure_http(f"{args.method} nprobe{p}", queries, gt, {"nprobes": p}, ctx, nprobe=p))
    if args.filter_bucket >= 0:
        f_ids, _ = gtm.filtered_ground_truth(args.prefix, args.filter_bucket)
        ef = max(vecio.parse_int_list(args.ef))
        params = {"ef_search": ef} if args.method == "hnsw" else {"nprobes": max(vecio.parse_int_list(args.nprobes))}
        rows.append(measure_http(f"filter 1% ef{ef}" if args.method == "hnsw" else "filter 1%", queries,
                                 f_ids[: len(queries)], params, ctx, bucket=args.filter_bucket, filtered=True))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("prefix", help="data set prefix, e.g. bench/vector/data/synthetic-100k")
    ap.add_argument("--bin", help="pharos binary to start (else --url)")
    ap.add_argument("--url", help="a running server, e.g. http://127.0.0.1:9200")
    ap.add_argument("--pid", type=int, help="with --url: the server's pid, for QPS per server CPU-second")
    ap.add_argument("--queries-only", action="store_true",
                    help="with --url: skip ingest, query the index a previous --keep run left")
    ap.add_argument("--client", default=os.path.join(HERE, "..", "..", "build", "bench", "http_knn_client"))
    ap.add_argument("--method", choices=["hnsw", "ivf", "ivfpq"], default="hnsw")
    ap.add_argument("--m", type=int, default=16)
    ap.add_argument("--ef-construction", type=int, default=100)
    ap.add_argument("--ef", default="16,32,64,128,256")
    ap.add_argument("--nprobes", default="4,8,16,32,64")
    ap.add_argument("--nlist", type=int, default=0)
    ap.add_argument("--pq-m", type=int, default=0)
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--warmup", type=int, default=100, help="untimed queries before each 1-thread run")
    ap.add_argument("--repeat", type=int, default=3, help="QPS runs time the query set this many times over")
    ap.add_argument("--clients", type=int, default=2, help="_bulk client processes")
    ap.add_argument("--batch", type=int, default=2000, help="docs per _bulk request")
    ap.add_argument("--filter-bucket", type=int, default=7, help="-1 = no filtered run")
    ap.add_argument("--keep", action="store_true", help="keep the server's temporary data dir")
    ap.add_argument("--index-threads", type=int, default=0,
                    help="with --bin: knn.algo_param.index_thread_qty (threads per index build; default 1)")
    ap.add_argument("--json", help="write {rows, build} here")
    args = ap.parse_args()
    if not args.bin and not args.url:
        ap.error("--bin or --url is required")
    if args.queries_only and not args.url:
        ap.error("--queries-only needs --url")

    meta = vecio.load_meta(args.prefix)
    files = vecio.dataset_files(args.prefix)
    gt_ids, _ = gtm.ground_truth(args.prefix)
    queries, gt = st.pick_queries(vecio.read_vecs(files["query"]), gt_ids, args.queries)
    settings = {"knn.algo_param.index_thread_qty": args.index_threads} if args.index_threads else None
    server = LocalPharos(args.bin, keep=args.keep, settings=settings).start() if args.bin else None
    host, port = ("127.0.0.1", server.port) if server else split_url(args.url)
    pid = server.proc.pid if server else args.pid
    build = {}
    try:
        if not args.queries_only:
            build = load_index(host, port, pid, meta, files, queries, args)
        with tempfile.TemporaryDirectory(prefix="vbench-http-") as tmp:
            ctx = {"tmp": tmp, "port": port, "pid": pid, "client": args.client, "warmup": args.warmup,
                   "repeat": args.repeat}
            rows = run_queries(args, meta, queries, gt, ctx)
    finally:
        if server:
            server.stop()
    print()
    print(st.format_table(rows))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"dataset": meta, "rows": rows, "build": build}, f, indent=1)


def load_index(host, port, pid, meta, files, queries, args):
    """Steps 2-4: create the index, `_bulk` every row, make it searchable; returns the build timings."""
    call(host, port, "DELETE", f"/{INDEX}")
    st_, body = call(host, port, "PUT", f"/{INDEX}", index_body(meta, args))
    if st_ != 200:
        raise RuntimeError(f"PUT /{INDEX} → {st_}: {body}")
    print(f"{meta['name']}: {meta['count']} x {meta['dimension']} ({meta['space']}), method {args.method}; "
          f"ingest with {args.clients} clients x {args.batch} docs", flush=True)
    cpu0 = server_cpu_seconds(pid)
    build = ingest(host, port, files["base"], meta["count"], args.clients, args.batch)
    params = {"ef_search": 100} if args.method == "hnsw" else {"nprobes": 1}
    build.update(make_searchable(host, port, meta["count"], knn_body(queries[0], params)))
    build["total_s"] = build["ingest_s"] + build["searchable_s"]
    if pid is not None:  # the server's CPU for ingest + merge + index build (clients excluded)
        build["build_cpu_s"] = cpu_delta(cpu0, server_cpu_seconds(pid))
    build["engine"] = "pharos-http"
    print(f"ingest {build['ingest_s']:.1f} s ({meta['count'] / build['ingest_s']:.0f} docs/s, {build['mb']:.0f} MB); "
          f"refresh {build['refresh_s']:.1f} s, forcemerge {build['merge_s']:.1f} s, searchable after "
          f"{build['searchable_s']:.1f} s ({build['how']}); ingest+build {build['total_s']:.1f} s = "
          f"{meta['count'] / build['total_s']:.0f} vectors/s; server CPU {build.get('build_cpu_s', float('nan')):.1f} s",
          flush=True)
    return build

if __name__ == "__main__":
    main()
