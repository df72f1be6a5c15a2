"""Shared helpers for bench/vector: .fvecs/.ivecs IO, data-set paths, recall and latency stats.

Formats (the TEXMEX / ann-benchmarks convention, little-endian): every row is an int32 `d`
followed by `d` float32 (.fvecs) or int32 (.ivecs) values.

A data set is a prefix path P with these files next to each other:
    P.base.fvecs  P.query.fvecs  P.meta.json  (+ ground truth P.gt100.ivecs / .fvecs / .json)
meta.json says {"space": "l2" | "cosinesimil", "dimension": d, "count": n, ...}. Cosine sets are
stored already normalized, so cosine = inner product = L2 order on them.
"""

import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DATA_DIR = os.path.join(HERE, "data")


def write_vecs(path, array):
    """Writes a 2-D float32 (.fvecs) or int32 (.ivecs) array, atomically (temp file + rename)."""
    array = np.ascontiguousarray(array)
    n, d = array.shape
    kind = np.int32 if path.endswith(".ivecs") else np.float32
    rows = np.empty((n, d + 1), dtype=np.int32)
    rows[:, 0] = d
    rows[:, 1:] = array.astype(kind, copy=False).view(np.int32)
    tmp = path + ".tmp"
    rows.tofile(tmp)
    os.replace(tmp, path)


def read_vecs(path, limit=None):
    """Reads a .fvecs (float32) or .ivecs (int32) file into an (n, d) array (memory-mapped)."""
    raw = np.memmap(path, dtype=np.int32, mode="r")
    if raw.size == 0:
        return np.zeros((0, 0), dtype=np.float32)
    d = int(raw[0])
    if d <= 0 or raw.size % (d + 1) != 0:
        raise ValueError(f"{path}: not a .fvecs/.ivecs file (d={d}, {raw.size} words)")
    rows = raw.reshape(-1, d + 1)
    if limit is not None:
        rows = rows[:limit]
    body = rows[:, 1:]
    if path.endswith(".fvecs"):
        return np.ascontiguousarray(body).view(np.float32)
    return np.ascontiguousarray(body)


def dataset_files(prefix):
    return {
        "base": prefix + ".base.fvecs",
        "query": prefix + ".query.fvecs",
        "meta": prefix + ".meta.json",
        "gt_ids": prefix + ".gt100.ivecs",
        "gt_dist": prefix + ".gt100.fvecs",
        "gt_key": prefix + ".gt100.json",
    }


def load_meta(prefix):
    with open(dataset_files(prefix)["meta"]) as f:
        return json.load(f)


def save_meta(prefix, meta):
    path = dataset_files(prefix)["meta"]
    with open(path + ".tmp", "w") as f:
        json.dump(meta, f, indent=1)
    os.replace(path + ".tmp", path)


def recall_at(found_ids, gt_ids, k=10):
    """Mean |found[:k] ∩ gt[:k]| / k over queries; rows of `found` may be shorter (missing = miss)."""
    hits = 0
    for found, truth in zip(found_ids, gt_ids):
        hits += len(set(int(x) for x in list(found)[:k] if x >= 0) & set(int(x) for x in truth[:k]))
    return hits / (k * max(1, len(gt_ids)))


def tie_aware_recall(found_ids, base, queries, gt_dist, k=10, space="l2"):
    """ann-benchmarks' form: a hit is any returned id whose distance <= the k-th true distance
    x (1 + 1e-3). Needs the base vectors to score the returned ids."""
    hits = 0
    for qi, found in enumerate(found_ids):
        ids = np.array([x for x in list(found)[:k] if x >= 0], dtype=np.int64)
        if ids.size == 0:
            continue
        dist = distances(base[ids], queries[qi], space)
        hits += int(np.sum(dist <= gt_dist[qi][k - 1] * (1 + 1e-3) + 1e-6))
    return hits / (k * max(1, len(found_ids)))


def distances(rows, query, space):
    """Library distance of each row to `query`: squared L2, or 1 - cos (vectors normalized)."""
    if space == "l2":
        diff = rows - query
        return np.einsum("ij,ij->i", diff, diff)
    return 1.0 - rows @ query


def percentile_ms(latencies_s, p):
    if len(latencies_s) == 0:
        return float("nan")
    return float(np.percentile(np.asarray(latencies_s), p)) * 1000.0


def parse_int_list(text):
    return [int(x) for x in str(text).split(",") if x.strip()]
