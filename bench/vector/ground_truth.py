#!/usr/bin/python3
"""Exact k-NN ground truth (k=100) with faiss IndexFlatL2 / IndexFlatIP, in query batches,
computed once and cached next to the data set as P.gt100.ivecs (ids) + P.gt100.fvecs (library
distances: squared L2, or 1 - cos) + P.gt100.json (the cache key: sizes and SHA-1 of the base and
query files, k, space). A changed data file invalidates the cache.

Filtered ground truth (bucket = row % 100 == B, the 1% filter of http_bench.py / peers.py) is
exact search over the allowed rows only, cached as P.gt100-bucket<B>.*.

    /usr/bin/python3 bench/vector/ground_truth.py bench/vector/data/synthetic-100k
"""

import argparse
import hashlib
import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vecio  # noqa: E402

K = 100
BUCKETS = 100  # the filter field: bucket = row % 100 → one value selects 1% of the rows


def file_digest(path):
    h = hashlib.sha1()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 22), b""):
            h.update(block)
    return {"size": os.path.getsize(path), "sha1": h.hexdigest()}


def exact_search(base, queries, k, space, batch=1000):
    """(ids, library distances) of the k nearest base rows of every query."""
    import faiss
    d = base.shape[1]
    index = faiss.IndexFlatL2(d) if space == "l2" else faiss.IndexFlatIP(d)
    index.add(np.ascontiguousarray(base, dtype=np.float32))
    k = min(k, base.shape[0])
    ids = np.empty((len(queries), k), dtype=np.int32)
    dist = np.empty((len(queries), k), dtype=np.float32)
    for start in range(0, len(queries), batch):
        q = np.ascontiguousarray(queries[start:start + batch], dtype=np.float32)
        dd, ii = index.search(q, k)
        ids[start:start + len(q)] = ii
        dist[start:start + len(q)] = dd if space == "l2" else 1.0 - dd
    return ids, dist


def _cached(prefix_gt, key, compute):
    ids_path, dist_path, key_path = prefix_gt + ".ivecs", prefix_gt + ".fvecs", prefix_gt + ".json"
    if all(os.path.exists(p) for p in (ids_path, dist_path, key_path)):
        with open(key_path) as f:
            if json.load(f).get("key") == key:
                return vecio.read_vecs(ids_path), vecio.read_vecs(dist_path), True
    t0 = time.monotonic()
    ids, dist = compute()
    vecio.write_vecs(ids_path, ids)
    vecio.write_vecs(dist_path, dist)
    with open(key_path, "w") as f:
        json.dump({"key": key, "seconds": round(time.monotonic() - t0, 1)}, f, indent=1)
    return ids, dist, False


def ground_truth(prefix, k=K, verbose=True):
    """Cached exact top-k of every query of data set `prefix` → (ids, distances)."""
    files = vecio.dataset_files(prefix)
    space = vecio.load_meta(prefix)["space"]
    key = {"base": file_digest(files["base"]), "query": file_digest(files["query"]), "k": k, "space": space}
    t0 = time.monotonic()

    def compute():
        base, queries = vecio.read_vecs(files["base"]), vecio.read_vecs(files["query"])
        return exact_search(base, queries, k, space)

    ids, dist, hit = _cached(prefix + f".gt{k}", key, compute)
    if verbose:
        print(f"ground truth {os.path.basename(prefix)} k={k}: "
              f"{'cached' if hit else f'computed in {time.monotonic() - t0:.1f} s'}", flush=True)
    return ids, dist


def filter_rows(count, bucket):
    """Base rows whose `bucket` field (row % 100) equals `bucket`."""
    return np.arange(bucket, count, BUCKETS, dtype=np.int64)


def filtered_ground_truth(prefix, bucket, k=K, verbose=True):
    """Exact top-k among rows with row % 100 == bucket; ids are base row numbers."""
    files = vecio.dataset_files(prefix)
    space = vecio.load_meta(prefix)["space"]
    key = {"base": file_digest(files["base"]), "query": file_digest(files["query"]), "k": k, "space": space,
           "filter": f"row % {BUCKETS} == {bucket}"}

    def compute():
        base, queries = vecio.read_vecs(files["base"]), vecio.read_vecs(files["query"])
        rows = filter_rows(len(base), bucket)
        local_ids, dist = exact_search(base[rows], queries, k, space)
        return rows[local_ids].astype(np.int32), dist

    ids, dist, hit = _cached(prefix + f".gt{k}-bucket{bucket}", key, compute)
    if verbose:
        print(f"filtered ground truth bucket={bucket}: {'cached' if hit else 'computed'}", flush=True)
    return ids, dist


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("prefix", help="data set prefix, e.g. bench/vector/data/synthetic-100k")
    ap.add_argument("--k", type=int, default=K)
    ap.add_argument("--filter-bucket", type=int, help="also the filtered ground truth for this bucket")
    args = ap.parse_args()
    ids, _ = ground_truth(args.prefix, args.k)
    print(f"{ids.shape[0]} queries x {ids.shape[1]} neighbours")
    if args.filter_bucket is not None:
        filtered_ground_truth(args.prefix, args.filter_bucket, args.k)


if __name__ == "__main__":
    main()
