#!/usr/bin/python3
"""The in-process peers of the vector bench on the same vectors and parameters:
hnswlib (python3-hnswlib 0.6.2) and raw faiss 1.7.3 (HNSW-Flat, IVF-Flat, IVF-PQ).

  hnswlib      M 16, ef_construction 100, built on 2 threads; searched at each ef in --ef
  faiss-hnsw   IndexHNSWFlat M 16, efConstruction 100 (2 threads); hnsw.efSearch = each ef
  faiss-ivf    IVF<nlist>,Flat at each nprobe in --nprobes
  faiss-ivfpq  IVF<nlist>,PQ<d/4> (8-bit codes) at each nprobe
  filtered     faiss HNSW with an IDSelector of 1% of the rows (bucket = row % 100 == 7) at the
               largest ef: faiss 1.7.3 filters only its result heap, so rows go missing

Prints build times and recall@10 / QPS 1 and 2 threads / p50 / p99 per setting; --json writes
the rows for run_all.py.

    /usr/bin/python3 bench/vector/peers.py bench/vector/data/synthetic-100k --json /tmp/peers.json
"""

import argparse
import json
import os
import sys
import time

import numpy as np

# OpenMP threads that spin while they wait make faiss's many small parallel regions (PQ k-means
# above all) crawl on a shared, oversubscribed box; sleeping waits cost little here. Set before
# faiss loads libgomp.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ground_truth as gtm  # noqa: E402
import search_stats as st  # noqa: E402
import vecio  # noqa: E402

K = 10


def default_nlist(n):
    """A power of two near sqrt(n): 256 at 100k, 512 at 340k, 1024 at 1M (as reference §5)."""
    return int(2 ** round(np.log2(max(16.0, np.sqrt(n)))))


def run_hnswlib(base, queries, gt, space, ef_list, m, ef_construction, build_threads):
    import hnswlib
    index = hnswlib.Index(space="l2" if space == "l2" else "ip", dim=base.shape[1])
    index.init_index(max_elements=len(base), M=m, ef_construction=ef_construction, random_seed=100)
    index.set_num_threads(build_threads)
    t, cpu = time.perf_counter(), time.process_time()
    index.add_items(base, np.arange(len(base)))
    build_s, build_cpu_s = time.perf_counter() - t, time.process_time() - cpu
    print(f"hnswlib build: {build_s:.1f} s = {len(base) / build_s:.0f} vectors/s on {build_threads} threads; "
          f"{build_cpu_s:.1f} CPU-s = {len(base) / build_cpu_s:.0f} vectors per CPU-second", flush=True)
    rows = []
    for ef in ef_list:
        index.set_ef(max(ef, K))
        rows.append(st.measure_inprocess(
            "hnswlib", f"hnsw m{m} efc{ef_construction} ef{ef}",
            lambda q: index.knn_query(q[None, :], k=K, num_threads=1)[0][0],
            lambda qs, threads: index.knn_query(qs, k=K, num_threads=threads),
            queries, gt, K, ef=ef))
        print(st.format_table(rows[-1:]).splitlines()[-1], flush=True)
    return rows, {"engine": "hnswlib", "build_s": build_s, "build_cpu_s": build_cpu_s, "vectors": len(base),
                  "threads": build_threads}


def faiss_metric(space):
    import faiss
    return faiss.METRIC_L2 if space == "l2" else faiss.METRIC_INNER_PRODUCT


def faiss_measure(engine, setting, index, queries, gt, **extra):
    import faiss

    def one(q):
        return index.search(q[None, :], K)[1][0]

    def batch(qs, threads):
        faiss.omp_set_num_threads(threads)
        index.search(qs, K)
        faiss.omp_set_num_threads(1)

    faiss.omp_set_num_threads(1)
    row = st.measure_inprocess(engine, setting, one, batch, queries, gt, K, **extra)
    print(st.format_table([row]).splitlines()[-1], flush=True)
    return row


def run_faiss_hnsw(base, queries, gt, space, ef_list, m, ef_construction, build_threads, filtered=None):
    import faiss
    index = faiss.IndexHNSWFlat(base.shape[1], m, faiss_metric(space))
    index.hnsw.efConstruction = ef_construction
    faiss.omp_set_num_threads(build_threads)
    t, cpu = time.perf_counter(), time.process_time()
    index.add(base)
    build_s, build_cpu_s = time.perf_counter() - t, time.process_time() - cpu
    print(f"faiss HNSW build: {build_s:.1f} s = {len(base) / build_s:.0f} vectors/s on {build_threads} threads; "
          f"{build_cpu_s:.1f} CPU-s = {len(base) / build_cpu_s:.0f} vectors per CPU-second", flush=True)
    rows = []
    for ef in ef_list:
        index.hnsw.efSearch = max(ef, K)
        rows.append(faiss_measure("faiss-hnsw", f"hnsw m{m} efc{ef_construction} ef{ef}", index, queries, gt, ef=ef))
    if filtered is not None:
        rows.append(run_faiss_filtered(index, queries, filtered, max(ef_list), len(base), m, ef_construction))
    return rows, {"engine": "faiss-hnsw", "build_s": build_s, "build_cpu_s": build_cpu_s, "vectors": len(base),
                  "threads": build_threads}


def run_faiss_filtered(index, queries, filtered, ef, n, m, ef_construction):
    """faiss HNSW + IDSelectorBatch of the bucket's rows (SearchParametersHNSW.efSearch is ignored
    in 1.7.3, so efSearch is set on the index)."""
    import faiss
    bucket, gt_ids = filtered
    allowed = gtm.filter_rows(n, bucket)
    selector = faiss.IDSelectorBatch(len(allowed), faiss.swig_ptr(allowed))
    params = faiss.SearchParametersHNSW()
    params.sel = selector
    index.hnsw.efSearch = ef

    def one(q):
        return index.search(q[None, :], K, params=params)[1][0]

    def batch(qs, threads):
        faiss.omp_set_num_threads(threads)
        index.search(qs, K, params=params)
        faiss.omp_set_num_threads(1)

    faiss.omp_set_num_threads(1)
    row = st.measure_inprocess("faiss-hnsw", f"filter 1% ef{ef}", one, batch, queries, gt_ids, K,
                               ef=ef, filtered=True)
    print(st.format_table([row]).splitlines()[-1], flush=True)
    return row


def run_faiss_ivf(base, queries, gt, space, nprobes, nlist, pq_m, train_size, build_threads):
    import faiss
    d = base.shape[1]
    kind = f"IVF{nlist},PQ{pq_m}" if pq_m else f"IVF{nlist},Flat"
    engine = "faiss-ivfpq" if pq_m else "faiss-ivf"
    index = faiss.index_factory(d, kind, faiss_metric(space))
    faiss.omp_set_num_threads(build_threads)
    rng = np.random.default_rng(7)
    sample = base[np.sort(rng.choice(len(base), size=min(train_size, len(base)), replace=False))]
    t = time.perf_counter()
    index.train(np.ascontiguousarray(sample))
    train_s = time.perf_counter() - t
    index.add(base)
    build_s = time.perf_counter() - t
    print(f"faiss {kind}: train {train_s:.1f} s ({len(sample)} rows), train+add {build_s:.1f} s", flush=True)
    rows = []
    for p in nprobes:
        index.nprobe = p
        rows.append(faiss_measure(engine, f"{kind.lower()} nprobe{p}", index, queries, gt, nprobe=p))
    return rows, {"engine": engine, "build_s": build_s, "train_s": train_s, "vectors": len(base),
                  "threads": build_threads}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("prefix", help="data set prefix, e.g. bench/vector/data/synthetic-100k")
    ap.add_argument("--engines", default="hnswlib,faiss-hnsw,faiss-ivf,faiss-ivfpq")
    ap.add_argument("--ef", default="16,32,64,128,256", help="ef_search values")
    ap.add_argument("--nprobes", default="4,8,16,32,64")
    ap.add_argument("--m", type=int, default=16)
    ap.add_argument("--ef-construction", type=int, default=100)
    ap.add_argument("--nlist", type=int, default=0, help="IVF lists (0 = power of two near sqrt(n))")
    ap.add_argument("--pq-m", type=int, default=0, help="PQ sub-quantizers (0 = d/4)")
    ap.add_argument("--train-size", type=int, default=50_000, help="IVF/PQ training rows")
    ap.add_argument("--build-threads", type=int, default=2)
    ap.add_argument("--queries", type=int, default=1000, help="queries used (prefix of the query file)")
    ap.add_argument("--filter-bucket", type=int, default=7, help="1%% filter bucket (-1 = no filtered row)")
    ap.add_argument("--json", help="write {rows, builds} here")
    args = ap.parse_args()

    meta = vecio.load_meta(args.prefix)
    files = vecio.dataset_files(args.prefix)
    base = np.ascontiguousarray(vecio.read_vecs(files["base"]))
    gt_ids, _ = gtm.ground_truth(args.prefix)
    queries, gt = st.pick_queries(vecio.read_vecs(files["query"]), gt_ids, args.queries)
    filtered = None
    if args.filter_bucket >= 0:
        f_ids, _ = gtm.filtered_ground_truth(args.prefix, args.filter_bucket)
        filtered = (args.filter_bucket, f_ids[: len(queries)])
    space, ef_list, nprobes = meta["space"], vecio.parse_int_list(args.ef), vecio.parse_int_list(args.nprobes)
    nlist = args.nlist or default_nlist(len(base))
    print(f"{meta['name']}: {len(base)} x {base.shape[1]} ({space}), {len(queries)} queries, k={K}", flush=True)

    rows, builds = [], []
    engines = args.engines.split(",")
    if "hnswlib" in engines:
        r, b = run_hnswlib(base, queries, gt, space, ef_list, args.m, args.ef_construction, args.build_threads)
        rows += r; builds.append(b)
    if "faiss-hnsw" in engines:
        r, b = run_faiss_hnsw(base, queries, gt, space, ef_list, args.m, args.ef_construction,
                              args.build_threads, filtered)
        rows += r; builds.append(b)
    if "faiss-ivf" in engines:
        r, b = run_faiss_ivf(base, queries, gt, space, nprobes, nlist, 0, args.train_size, args.build_threads)
        rows += r; builds.append(b)
    if "faiss-ivfpq" in engines:
        pq_m = args.pq_m or base.shape[1] // 4
        r, b = run_faiss_ivf(base, queries, gt, space, nprobes, nlist, pq_m, args.train_size, args.build_threads)
        rows += r; builds.append(b)
    print()
    print(st.format_table(rows))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"dataset": meta, "rows": rows, "builds": builds, "nlist": nlist}, f, indent=1)


if __name__ == "__main__":
    main()
