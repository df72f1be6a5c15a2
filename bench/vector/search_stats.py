"""One result row of the vector bench, and how it is measured for in-process engines.

Every engine is measured the same way on the same queries:
  - latency: one query per call on 1 thread (p50 / p99 over all queries); recall@10 from these ids;
  - QPS 1 thread: the whole query set on 1 thread (a batch call where the engine has one, so
    Python's per-call overhead is not counted against a peer);
  - QPS 2 threads: the same with 2 threads, each query still served by one thread;
  - QPS per CPU-second: queries / CPU time of the 1-thread run (thread CPU time in process, the
    server process's CPU time over HTTP). On a shared 2-core box, where other processes steal the
    cores, this says what the code costs; wall-clock QPS says what a client saw.
"""

import time

import numpy as np

import vecio


def result_row(engine, setting, ids, gt_ids, lat_s, qps1, qps2, qps_cpu, k=10, **extra):
    full = sum(1 for row in ids if sum(1 for x in row[:k] if x >= 0) >= k)
    row = {"engine": engine, "setting": setting, "recall10": vecio.recall_at(ids, gt_ids, k),
           "qps1": qps1, "qps2": qps2, "qps_cpu": qps_cpu,
           "p50_ms": vecio.percentile_ms(lat_s, 50), "p99_ms": vecio.percentile_ms(lat_s, 99),
           "queries": len(ids), "full_k_fraction": full / max(1, len(ids))}
    row.update(extra)
    return row


def measure_inprocess(engine, setting, search_one, search_batch, queries, gt_ids, k=10, **extra):
    """search_one(q) -> ids of one query; search_batch(Q, threads) -> (n, k) ids."""
    lat, ids = [], []
    for q in queries:
        t = time.perf_counter()
        ids.append(search_one(q))
        lat.append(time.perf_counter() - t)
    qps = {}
    for threads in (1, 2):
        t, cpu = time.perf_counter(), time.thread_time()
        search_batch(queries, threads)
        qps[threads] = len(queries) / (time.perf_counter() - t)
        if threads == 1:  # 1 thread runs inline in the calling thread (hnswlib and faiss/OpenMP)
            qps_cpu = len(queries) / max(1e-9, time.thread_time() - cpu)
    return result_row(engine, setting, ids, gt_ids, lat, qps[1], qps[2], qps_cpu, k, **extra)


def format_table(rows, ratio_to=None):
    """Fixed-width table; `ratio_to(row)` returns the peer row to divide QPS 1-thread by."""
    head = f"{'engine':<15} {'setting':<24} {'R@10':>6} {'QPS 1t':>8} {'QPS 2t':>8} {'QPS/CPU':>8} {'p50 ms':>7} {'p99 ms':>7} {'full k':>6}"
    if ratio_to:
        head += f" {'ratio':>24}"
    lines = [head, "-" * len(head)]
    for r in rows:
        line = (f"{r['engine']:<15} {r['setting']:<24} {r['recall10']:>6.3f} {r['qps1']:>8.0f} {r['qps2']:>8.0f} {r.get('qps_cpu') or float('nan'):>8.0f} "
                f"{r['p50_ms']:>7.3f} {r['p99_ms']:>7.3f} {r['full_k_fraction']:>6.2f}")
        if ratio_to:
            peer = ratio_to(r)
            if peer is not None and peer is not r and peer["qps1"] > 0:
                line += f" {r['qps1'] / peer['qps1']:>5.2f}x/{ratio(r, peer, 'qps_cpu'):>5.2f}x {peer['engine']:<12}"
        lines.append(line)
    return "\n".join(lines)


def ratio(row, peer, field):
    a, b = row.get(field), peer.get(field)
    return a / b if a and b else float("nan")


def pick_queries(queries, gt_ids, limit):
    if limit and limit < len(queries):
        return np.ascontiguousarray(queries[:limit]), gt_ids[:limit]
    return np.ascontiguousarray(queries), gt_ids
