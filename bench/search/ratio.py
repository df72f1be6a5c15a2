#!/usr/bin/env python3
"""Pharos/Lucene latency ratios from two peer-bench result TSVs of the same run.

Rows: engine, command, op:terms, tags, count, best_micros. Per command x query type it prints
each engine's median best-of-N microseconds, the ratio of the medians (Pharos / Lucene), and
the geometric mean of the per-query ratios (each query timed by both engines). The last row,
"overall", pools every command and query. Ratios below 1.0 mean Pharos is faster.
Usage: ratio.py res-lucene.tsv res-pharos.tsv
"""
import collections
import math
import statistics
import sys


def load(path):
    rows = {}
    for line in open(path):
        engine, command, query, tags, count, micros = line.rstrip("\n").split("\t")
        rows[(command, query)] = (tags.split(",")[0], int(count), float(micros))
    return engine, rows


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    base_name, base = load(sys.argv[1])
    mine_name, mine = load(sys.argv[2])
    cells = collections.defaultdict(list)  # (command, kind) -> [(base_us, mine_us)]
    for key, (kind, _, base_us) in base.items():
        if key not in mine:
            continue
        pair = (base_us, mine[key][2])
        command = key[0]
        for cell in ((command, kind), (command, "all"), ("overall", "all")):
            cells[cell].append(pair)

    header = "%-13s %-7s %6s %12s %12s %14s %16s" % (
        "command", "type", "n", base_name + " µs", mine_name + " µs", "ratio(median)", "ratio(geo-mean)")
    print(header)
    print("-" * len(header))
    for command in ("COUNT", "TOP_10", "TOP_10_COUNT", "overall"):
        for kind in ("all", "term", "or", "and", "phrase"):
            pairs = cells.get((command, kind))
            if not pairs:
                continue
            b = statistics.median(p[0] for p in pairs)
            m = statistics.median(p[1] for p in pairs)
            geo = math.exp(statistics.fmean(math.log(max(p[1], 0.1) / max(p[0], 0.1)) for p in pairs))
            print("%-13s %-7s %6d %12.1f %12.1f %14.2f %16.2f" % (command, kind, len(pairs), b, m, m / b, geo))
    wrong = [k for k in base if k in mine and k[0] != "TOP_10" and base[k][1] != mine[k][1]]
    print("\nexact-count disagreements (COUNT, TOP_10_COUNT): %d" % len(wrong))
    for k in wrong[:10]:
        print("  %s %s %s=%d %s=%d" % (k[0], k[1], base_name, base[k][1], mine_name, mine[k][1]))


if __name__ == "__main__":
    main()
