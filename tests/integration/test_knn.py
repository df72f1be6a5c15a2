"""k-NN end to end against the real binary: knn_vector mappings, _bulk with vectors, the `knn`
query (top-k vs a brute force computed here, filters, radial search, ef_search, rescore),
persistence of the built indexes across kill -9 / restart / force merge, and the
_plugins/_knn stats, warmup and clear_cache endpoints."""

import math
import random

import pharos_harness as ph

DIM = 8
DOCS = 240
COLORS = ("red", "green", "blue")


def score_of(space, a, b):
    """OpenSearch's _score for the library distance of `space` (reference/vector.md §1)."""
    if space == "l2":
        return 1.0 / (1.0 + sum((x - y) ** 2 for x, y in zip(a, b)))
    dot = sum(x * y for x, y in zip(a, b))
    if space == "cosinesimil":
        cos = dot / (math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b)))
        return (2.0 - (1.0 - cos)) / 2.0
    d = -dot  # innerproduct
    return 1.0 / (1.0 + d) if d >= 0 else 1.0 - d


def make_docs(seed):
    rng = random.Random(seed)
    return {str(i): {"v": [rng.uniform(-1, 1) for _ in range(DIM)], "color": COLORS[i % 3], "n": i}
            for i in range(DOCS)}


def brute_force(docs, space, query, k=None, accept=lambda d: True):
    scored = sorted(((score_of(space, query, d["v"]), doc_id) for doc_id, d in docs.items() if accept(d)),
                    key=lambda t: (-t[0], int(t[1])))
    return scored if k is None else scored[:k]


def knn(field_body, **extra):
    body = {"query": {"knn": {"v": field_body}}, "size": 100, "_source": False}
    body.update(extra)
    return body


class KnnTest(ph.PharosTestCase):
    spaces = ("l2", "cosinesimil", "innerproduct")

    def create(self, name, space, threshold=0):
        self.ok("PUT", f"/{name}", {
            "settings": {"index": {"knn": True, "number_of_shards": 1,
                                   "knn.advanced.approximate_threshold": threshold}},
            "mappings": {"properties": {
                "v": {"type": "knn_vector", "dimension": DIM,
                      "method": {"name": "hnsw", "space_type": space, "engine": "faiss",
                                 "parameters": {"m": 16, "ef_construction": 100}}},
                "color": {"type": "keyword"}, "n": {"type": "integer"}}}})

    def load(self, name, docs, batches=3):
        """Bulk in several refreshed batches so the index has several segments."""
        ids = list(docs)
        for b in range(batches):
            lines = []
            for doc_id in ids[b::batches]:
                lines += [{"index": {"_index": name, "_id": doc_id}}, docs[doc_id]]
            status, _, body = self.server.bulk(lines, params={"refresh": "true"})
            self.assertEqual(status, 200)
            self.assertFalse(body["errors"], body)
        self.ok("GET", f"/_plugins/_knn/warmup/{name}")

    def search(self, name, body):
        return self.ok("POST", f"/{name}/_search", body)

    def hits(self, name, body):
        return [(h["_id"], h["_score"]) for h in self.search(name, body)["hits"]["hits"]]

    def assert_same_as_brute_force(self, got, expected):
        self.assertEqual([doc_id for doc_id, _ in got], [doc_id for _, doc_id in expected])
        for (_, score), (want, _) in zip(got, expected):
            self.assertAlmostEqual(score, want, places=4)

    def test_top_k_matches_brute_force_in_every_space(self):
        for space in self.spaces:
            with self.subTest(space=space):
                name = self.index_name(space)
                docs = make_docs(7)
                self.create(name, space)
                self.load(name, docs)
                rng = random.Random(11)
                recall_hits = total = 0
                for _ in range(5):
                    q = [rng.uniform(-1, 1) for _ in range(DIM)]
                    expected = brute_force(docs, space, q, 10)
                    exact = self.hits(name, knn({"vector": q, "k": 10, "exact": True}))
                    self.assert_same_as_brute_force(exact, expected)
                    ann = self.hits(name, knn({"vector": q, "k": 10}))
                    self.assertEqual(len(ann), 10)
                    truth = {doc_id: s for s, doc_id in brute_force(docs, space, q)}
                    for doc_id, score in ann:  # ANN scores are exact scores of the docs it returns
                        self.assertAlmostEqual(score, truth[doc_id], places=4)
                    recall_hits += len({d for d, _ in ann} & {d for _, d in expected})
                    total += 10
                self.assertGreaterEqual(recall_hits / total, 0.9)
                stats = self.ok("GET", "/_plugins/_knn/stats")
                node = next(iter(stats["nodes"].values()))
                self.assertIn("hnsw", " ".join(node["vector_indexes"][name]["v"]))

    def test_bad_vectors_in_bulk_are_rejected_per_item(self):
        name = self.index_name("bad")
        self.create(name, "l2")
        good = [0.1] * DIM
        lines = [{"index": {"_index": name, "_id": "ok"}}, {"v": good},
                 {"index": {"_index": name, "_id": "short"}}, {"v": [0.1] * (DIM - 1)},
                 {"index": {"_index": name, "_id": "text"}}, {"v": ["a"] * DIM},
                 {"index": {"_index": name, "_id": "nested"}}, {"v": [[0.1]] * DIM}]
        status, _, body = self.server.bulk(lines, params={"refresh": "true"})
        self.assertEqual(status, 200)
        statuses = [next(iter(item.values()))["status"] for item in body["items"]]
        self.assertEqual(statuses[0], 201)
        self.assertEqual(statuses[1:], [400, 400, 400])
        # A NaN is not valid JSON: the document fails to parse and only that item fails.
        raw = ('{"index":{"_index":"%s","_id":"nan"}}\n{"v":[NaN%s]}\n' % (name, ",0.1" * (DIM - 1))).encode()
        status, _, body = self.server.request("POST", "/_bulk", raw,
                                              headers={"Content-Type": "application/x-ndjson"})
        self.assertEqual(status, 200)
        self.assertEqual(next(iter(body["items"][0].values()))["status"], 400)
        self.assertEqual(self.ok("GET", f"/{name}/_count")["count"], 1)

    def test_query_errors(self):
        name = self.index_name("errors")
        self.create(name, "l2")
        q = [0.0] * DIM
        bad = [
            ({"vector": q}, "exactly one of k, distance or score"),
            ({"vector": q, "k": 3, "max_distance": 1.0}, "exactly one of k, distance or score"),
            ({"vector": q, "k": 0}, "k to be in the range"),
            ({"vector": q, "k": 10001}, "k to be in the range"),
            ({"vector": q[:-1], "k": 3}, "Dimension should be: %d" % DIM),
            ({"vector": q, "k": 3, "min_score": -1}, None),
            ({"vector": q, "k": 3, "bogus": 1}, None),
            ({"vector": "x", "k": 3}, None),
        ]
        for body, reason in bad:
            with self.subTest(body=body):
                resp = self.req("POST", f"/{name}/_search", {"query": {"knn": {"v": body}}})
                self.assertEqual(resp.status, 400, resp.body)
                if reason:
                    self.assertIn(reason, resp.body["error"]["reason"])
        resp = self.req("POST", f"/{name}/_search", {"query": {"knn": {"color": {"vector": q, "k": 1}}}})
        self.assertError(resp, 400, "illegal_argument_exception", "is not knn_vector type")

    def test_filter_bool_radial_and_parameters(self):
        name = self.index_name("filter")
        docs = make_docs(3)
        self.create(name, "l2")
        self.load(name, docs)
        q = [0.2] * DIM
        red = lambda d: d["color"] == "red"
        # knn's own filter: the top k among the filtered docs (not filtered after the top k)
        got = self.hits(name, knn({"vector": q, "k": 5, "filter": {"term": {"color": "red"}}}))
        self.assert_same_as_brute_force(got, brute_force(docs, "l2", q, 5, red))
        # knn inside bool: the bool filter restricts the shard's top k; scores are knn's
        body = {"query": {"bool": {"must": [{"knn": {"v": {"vector": q, "k": 20}}}],
                                   "filter": [{"term": {"color": "red"}}]}}, "size": 50}
        top20 = {doc_id for _, doc_id in brute_force(docs, "l2", q, 20)}
        expected = [t for t in brute_force(docs, "l2", q, 20) if red(docs[t[1]])]
        got = self.hits(name, body)
        self.assert_same_as_brute_force(got, expected)
        self.assertTrue(all(doc_id in top20 for doc_id, _ in got))
        # boost multiplies the score; should + match_all adds 1 * boost
        boosted = self.hits(name, knn({"vector": q, "k": 3, "boost": 2.0}))
        plain = self.hits(name, knn({"vector": q, "k": 3}))
        for (a, sa), (b, sb) in zip(boosted, plain):
            self.assertEqual(a, b)
            self.assertAlmostEqual(sa, 2 * sb, places=4)
        # radial: max_distance (squared l2) and min_score
        dist = lambda d: sum((x - y) ** 2 for x, y in zip(q, d["v"]))
        radius = sorted(dist(d) for d in docs.values())[12] + 1e-6
        got = self.hits(name, knn({"vector": q, "max_distance": radius}))
        self.assertEqual(sorted(d for d, _ in got), sorted(i for i, d in docs.items() if dist(d) <= radius))
        min_score = 1.0 / (1.0 + radius)
        got = self.hits(name, knn({"vector": q, "min_score": min_score}))
        self.assertEqual(len(got), 13)
        self.assertTrue(all(s >= min_score - 1e-6 for _, s in got))
        # method_parameters and rescore keep results exact on this small set
        expected = brute_force(docs, "l2", q, 10)
        for params in ({"method_parameters": {"ef_search": 256}}, {"method_parameters": {"ef_search": 10}},
                       {"rescore": {"oversample_factor": 3.0}}, {"rescore": True}):
            with self.subTest(params=params):
                got = self.hits(name, knn(dict({"vector": q, "k": 10}, **params)))
                self.assertEqual(len(got), 10)
                self.assertGreaterEqual(len({d for d, _ in got} & {d for _, d in expected}), 9)
        # size/from page through the k hits; aggregations see the k docs
        body = knn({"vector": q, "k": 10}, size=3, **{"from": 3})
        body["aggs"] = {"colors": {"terms": {"field": "color"}}}
        result = self.search(name, body)
        self.assertEqual(result["hits"]["total"]["value"], 10)
        self.assertEqual([h["_id"] for h in result["hits"]["hits"]], [d for _, d in expected[3:6]])
        self.assertEqual(sum(b["doc_count"] for b in result["aggregations"]["colors"]["buckets"]), 10)

    def test_remote_index_build_setting(self):
        """index.knn.remote_index_build.enabled (OpenSearch's GPU-build switch): a validated, dynamic
        boolean; with false every build of the index stays on the CPU builder."""
        name = self.index_name("remote")
        self.ok("PUT", f"/{name}", {
            "settings": {"index": {"knn": True, "knn.remote_index_build.enabled": False,
                                   "knn.advanced.approximate_threshold": 0}},
            "mappings": {"properties": {"v": {"type": "knn_vector", "dimension": DIM,
                                              "method": {"name": "hnsw", "space_type": "l2"}}}}})
        flat = self.ok("GET", f"/{name}/_settings", params={"flat_settings": "true"})[name]["settings"]
        self.assertEqual(flat["index.knn.remote_index_build.enabled"], "false")
        bad = self.req("PUT", f"/{name}/_settings", {"index.knn.remote_index_build.enabled": "sometimes"})
        self.assertError(bad, 400, "illegal_argument_exception", "only [true] or [false]")
        before = next(iter(self.ok("GET", "/_plugins/_knn/stats")["nodes"].values()))["build_stats"]
        self.load(name, make_docs(9), batches=2)
        after = next(iter(self.ok("GET", "/_plugins/_knn/stats")["nodes"].values()))["build_stats"]
        self.assertGreaterEqual(after["cpu"]["count"] - before["cpu"]["count"], 2)
        self.assertEqual(after.get("gpu", {}).get("count", 0), before.get("gpu", {}).get("count", 0))
        self.ok("PUT", f"/{name}/_settings", {"index": {"knn": {"remote_index_build": {"enabled": True}}}})
        flat = self.ok("GET", f"/{name}/_settings", params={"flat_settings": "true"})[name]["settings"]
        self.assertEqual(flat["index.knn.remote_index_build.enabled"], "true")
        # Without a GPU (CI) the CPU still builds: the search answers either way.
        self.ok("POST", f"/{name}/_forcemerge", params={"max_num_segments": 1})
        hits = self.hits(name, knn({"vector": [0.0] * DIM, "k": 5}))
        self.assertEqual(len(hits), 5)

    def test_restart_merge_and_cache_endpoints(self):
        name = self.index_name("durable")
        docs = make_docs(5)
        self.create(name, "l2")
        self.load(name, docs)
        queries = [[random.Random(s).uniform(-1, 1) for _ in range(DIM)] for s in range(4)]
        before = [self.hits(name, knn({"vector": q, "k": 10})) for q in queries]
        stats = next(iter(self.ok("GET", "/_plugins/_knn/stats")["nodes"].values()))
        self.assertGreaterEqual(stats["build_stats"]["cpu"]["count"], 3)
        self.assertGreater(stats["indices_in_cache"][name]["graph_count"], 0)
        # clear_cache evicts; the next search reloads from the index files
        cleared = self.ok("POST", f"/_plugins/_knn/clear_cache/{name}")
        self.assertEqual(cleared["_shards"]["total"], 1)
        stats = next(iter(self.ok("GET", "/_plugins/_knn/stats")["nodes"].values()))
        self.assertNotIn(name, stats["indices_in_cache"])
        self.assertEqual([self.hits(name, knn({"vector": q, "k": 10})) for q in queries], before)
        stats = next(iter(self.ok("GET", "/_plugins/_knn/stats/hit_count,miss_count,load_success_count")["nodes"].values()))
        self.assertEqual(set(stats), {"hit_count", "miss_count", "load_success_count"})
        self.assertGreater(stats["load_success_count"], 0)
        self.assertEqual(self.req("GET", "/_plugins/_knn/stats/nonsense").status, 400)
        # kill -9 and a graceful restart: the index files are reloaded, results unchanged
        for kill in (True, False):
            self.server.restart(kill=kill)
            self.ok("GET", f"/_plugins/_knn/warmup/{name}")
            self.assertEqual([self.hits(name, knn({"vector": q, "k": 10})) for q in queries], before)
        stats = next(iter(self.ok("GET", "/_plugins/_knn/stats")["nodes"].values()))
        self.assertGreater(stats["load_success_count"], 0)  # loaded from disk, not rebuilt
        # force merge: one segment, its index rebuilt from the merged vectors; exact results identical
        exact_before = [self.hits(name, knn({"vector": q, "k": 10, "exact": True})) for q in queries]
        self.ok("POST", f"/{name}/_forcemerge", params={"max_num_segments": 1})
        self.ok("GET", f"/_plugins/_knn/warmup/{name}")
        self.assertEqual([self.hits(name, knn({"vector": q, "k": 10, "exact": True})) for q in queries],
                         exact_before)
        for q, old in zip(queries, before):
            new = self.hits(name, knn({"vector": q, "k": 10}))
            self.assertGreaterEqual(len({d for d, _ in new} & {d for d, _ in old}), 9)


if __name__ == "__main__":
    ph.main()
