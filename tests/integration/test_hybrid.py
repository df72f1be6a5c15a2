"""Search pipelines (/_search/pipeline) and the `hybrid` query against OpenSearch neural-search
semantics. Expected scores are computed here from each sub-query's raw scores, fetched with
ordinary searches, with the normalisation/combination formulas of OpenSearch's processors."""

import math
import unittest

import pharos_harness as ph

DOCS = [
    {"body": "the quick brown fox", "tag": "animal", "n": 1},
    {"body": "fox and fox and more fox", "tag": "animal", "n": 2},
    {"body": "a lazy dog", "tag": "animal", "n": 3},
    {"body": "fox news tonight", "tag": "media", "n": 4},
    {"body": "databases and indexes", "tag": "tech", "n": 5},
    {"body": "the red fox jumps", "tag": "plant", "n": 6},
    {"body": "cats and dogs", "tag": "animal", "n": 7},
    {"body": "search engines rank documents", "tag": "tech", "n": 8},
]
SUB_A = {"match": {"body": "fox"}}
SUB_B = {"term": {"tag": "animal"}}


def min_max(raw):
    lo, hi = min(raw.values()), max(raw.values())
    out = {}
    for doc, s in raw.items():
        if hi == lo and s == hi:
            out[doc] = 1.0
        else:
            v = (s - lo) / (hi - lo)
            out[doc] = 0.001 if v == 0 else v
    return out


def l2(raw):
    norm = math.sqrt(sum(s * s for s in raw.values()))
    return {doc: s / norm for doc, s in raw.items()}


def arithmetic(scores, weights):
    return sum(s * w for s, w in zip(scores, weights)) / sum(weights)


def geometric(scores, weights):
    pairs = [(s, w) for s, w in zip(scores, weights) if s > 0]
    return math.exp(sum(w * math.log(s) for s, w in pairs) / sum(w for _, w in pairs))


def harmonic(scores, weights):
    pairs = [(s, w) for s, w in zip(scores, weights) if s > 0]
    return sum(w for _, w in pairs) / sum(w / s for s, w in pairs)


def fuse(normalized, combine, weights):
    docs = set().union(*normalized)
    return {d: combine([n.get(d, 0.0) for n in normalized], weights) for d in docs}


class HybridSearch(ph.PharosTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for name, shards in (("hy", 2), ("hy1", 1)):
            cls.server.json("PUT", f"/{name}", {
                "settings": {"number_of_shards": shards, "number_of_replicas": 0},
                "mappings": {"properties": {"body": {"type": "text"}, "tag": {"type": "keyword"},
                                            "n": {"type": "integer"}}}}, expect=200)
            lines = []
            for i, doc in enumerate(DOCS):
                lines += [{"index": {"_index": name, "_id": str(i + 1)}}, doc]
            st, _, body = cls.server.bulk(lines, params={"refresh": "true"})
            assert st == 200 and not body["errors"], body

    def put_pipeline(self, name, processor, section="phase_results_processors"):
        self.ok("PUT", f"/_search/pipeline/{name}", {"description": "t", section: [processor]}, expect=200)

    def raw(self, query, index="hy"):
        r = self.ok("POST", f"/{index}/_search", {"query": query, "size": 100}, expect=200)
        return {h["_id"]: h["_score"] for h in r["hits"]["hits"]}

    def hybrid(self, pipeline, index="hy", queries=(SUB_A, SUB_B), expect=200, **extra):
        body = {"query": {"hybrid": {"queries": list(queries)}}, "size": 100}
        if "filter" in extra:
            body["query"]["hybrid"]["filter"] = extra.pop("filter")
        body.update(extra)
        params = {"search_pipeline": pipeline} if pipeline else None
        return self.server.json("POST", f"/{index}/_search", body, expect=expect, params=params)

    def assertScores(self, resp, expected):
        got = {h["_id"]: h["_score"] for h in resp["hits"]["hits"]}
        self.assertEqual(set(got), set(expected), resp)
        for doc, score in expected.items():
            self.assertAlmostEqual(got[doc], score, delta=1e-4 * max(1.0, abs(score)), msg=f"doc {doc}: {resp}")
        scores = [h["_score"] for h in resp["hits"]["hits"]]
        self.assertEqual(scores, sorted(scores, reverse=True))
        self.assertAlmostEqual(resp["hits"]["max_score"], max(expected.values()), delta=1e-4)

    def test_min_max_weighted_arithmetic_mean_over_two_shards(self):
        self.put_pipeline("mm", {"normalization-processor": {
            "normalization": {"technique": "min_max"},
            "combination": {"technique": "arithmetic_mean", "parameters": {"weights": [0.3, 0.7]}}}})
        a, b = self.raw(SUB_A), self.raw(SUB_B)
        expected = fuse([min_max(a), min_max(b)], arithmetic, [0.3, 0.7])
        r = self.hybrid("mm")
        self.assertScores(r, expected)
        self.assertEqual(r["hits"]["total"], {"value": len(set(a) | set(b)), "relation": "eq"})
        self.assertIn("_source", r["hits"]["hits"][0])

    def test_l2_with_geometric_and_harmonic_means(self):
        a, b = self.raw(SUB_A), self.raw(SUB_B)
        for technique, combine in (("geometric_mean", geometric), ("harmonic_mean", harmonic)):
            self.put_pipeline("l2-" + technique, {"normalization-processor": {
                "normalization": {"technique": "l2"}, "combination": {"technique": technique}}})
            self.assertScores(self.hybrid("l2-" + technique), fuse([l2(a), l2(b)], combine, [1.0, 1.0]))

    def test_rrf_score_ranker(self):
        self.put_pipeline("rrf", {"score-ranker-processor": {"combination": {"technique": "rrf", "rank_constant": 10}}})
        ranked = []
        for sub in (SUB_A, SUB_B):
            r = self.ok("POST", "/hy1/_search", {"query": sub, "size": 100}, expect=200)
            ranked.append({h["_id"]: 1.0 / (10 + i + 1) for i, h in enumerate(r["hits"]["hits"])})
        expected = fuse(ranked, lambda s, w: sum(s), [1.0, 1.0])
        self.assertScores(self.hybrid("rrf", index="hy1"), expected)

    def test_pagination_is_a_slice_of_the_fused_list(self):
        self.put_pipeline("page", {"normalization-processor": {}})
        full = self.hybrid("page", queries=(SUB_A, SUB_B))["hits"]["hits"]
        body = {"query": {"hybrid": {"queries": [SUB_A, SUB_B], "pagination_depth": 100}}, "from": 2, "size": 3}
        page = self.ok("POST", "/hy/_search", body, params={"search_pipeline": "page"}, expect=200)["hits"]["hits"]
        self.assertEqual([h["_score"] for h in page], [h["_score"] for h in full[2:5]])

    def test_hybrid_filter_and_filter_query_processor(self):
        self.put_pipeline("plain", {"normalization-processor": {}})
        r = self.hybrid("plain", queries=(SUB_A, SUB_B))
        ids = {h["_id"] for h in r["hits"]["hits"]}
        filtered = self.ok("POST", "/hy/_search", {"query": {"hybrid": {
            "queries": [SUB_A, SUB_B], "filter": {"range": {"n": {"lte": 3}}}}}},
            params={"search_pipeline": "plain"}, expect=200)
        self.assertEqual({h["_id"] for h in filtered["hits"]["hits"]}, {i for i in ids if int(i) <= 3})
        self.ok("PUT", "/_search/pipeline/fq", {"request_processors": [
            {"filter_query": {"query": {"term": {"tag": "tech"}}}}]}, expect=200)
        r = self.ok("POST", "/hy/_search", {"query": {"match_all": {}}}, params={"search_pipeline": "fq"}, expect=200)
        self.assertEqual({h["_id"] for h in r["hits"]["hits"]}, {"5", "8"})
        self.ok("PUT", "/_search/pipeline/fq-hybrid", {
            "request_processors": [{"filter_query": {"query": {"range": {"n": {"gte": 2}}}}}],
            "phase_results_processors": [{"normalization-processor": {}}]}, expect=200)
        r = self.hybrid("fq-hybrid", filter={"range": {"n": {"lte": 4}}})
        self.assertEqual({h["_id"] for h in r["hits"]["hits"]}, {i for i in ids if 2 <= int(i) <= 4})

    def test_default_pipeline_setting_and_none(self):
        self.put_pipeline("dflt", {"normalization-processor": {"normalization": {"technique": "l2"}}})
        self.ok("PUT", "/hy1/_settings", {"index": {"search.default_pipeline": "dflt"}}, expect=200)
        try:
            a, b = self.raw(SUB_A, "hy1"), self.raw(SUB_B, "hy1")
            self.assertScores(self.hybrid(None, index="hy1"), fuse([l2(a), l2(b)], arithmetic, [1.0, 1.0]))
            # "_none" turns the default off: raw scores, each doc's best sub-query score.
            expected = {d: max(a.get(d, 0.0), b.get(d, 0.0)) for d in set(a) | set(b)}
            self.assertScores(self.hybrid("_none", index="hy1"), expected)
        finally:
            self.ok("PUT", "/hy1/_settings", {"index": {"search.default_pipeline": "_none"}}, expect=200)

    def test_pipeline_crud_and_errors(self):
        body = {"phase_results_processors": [{"normalization-processor": {"combination": {"technique": "harmonic_mean"}}}]}
        self.ok("PUT", "/_search/pipeline/crud", body, expect=200)
        self.assertEqual(self.ok("GET", "/_search/pipeline/crud", expect=200), {"crud": body})
        self.assertIn("crud", self.ok("GET", "/_search/pipeline", expect=200))
        self.assertEqual(self.ok("DELETE", "/_search/pipeline/crud", expect=200), {"acknowledged": True})
        self.assertEqual(self.req("GET", "/_search/pipeline/crud").status, 404)
        self.assertError(self.req("DELETE", "/_search/pipeline/crud"), 404, "resource_not_found_exception",
                         "pipeline [crud] is missing")
        self.assertError(self.req("PUT", "/_search/pipeline/bad", {"phase_results_processors": [
            {"normalization-processor": {"combination": {"parameters": {"weights": [0.9, 0.9]}}}}]}),
            400, "illegal_argument_exception", "sum of weights for combination must be equal to 1.0")
        self.assertError(self.req("PUT", "/_search/pipeline/bad", {"response_processors": [{"nope": {}}]}),
                         400, "illegal_argument_exception", "Invalid processor type nope")
        self.assertError(self.req("PUT", "/_search/pipeline/bad", {"processors": []}), 400, "parse_exception")
        self.assertError(self.req("PUT", "/_search/pipeline/bad", "{not json"), 400,
                         ("parse_exception", "json_parse_exception", "x_content_parse_exception"))
        self.assertError(self.req("POST", "/hy/_search", {"query": {"match_all": {}}},
                                  params={"search_pipeline": "missing"}),
                         400, "illegal_argument_exception", "Pipeline missing is not defined")

    def test_hybrid_query_errors(self):
        self.put_pipeline("errs", {"normalization-processor": {"combination": {"parameters": {"weights": [0.5, 0.5]}}}})
        six = {"query": {"hybrid": {"queries": [SUB_A] * 6}}}
        self.assertError(self.req("POST", "/hy/_search", six, params={"search_pipeline": "errs"}), 400,
                         "parsing_exception", "Number of sub-queries exceeds maximum supported by [hybrid] query")
        three = {"query": {"hybrid": {"queries": [SUB_A, SUB_B, SUB_A]}}}
        self.assertError(self.req("POST", "/hy/_search", three, params={"search_pipeline": "errs"}), 400,
                         "illegal_argument_exception", "number of weights [2] must match number of sub-queries [3]")
        self.assertError(self.req("POST", "/hy/_search", {"query": {"hybrid": {"queries": []}}}), 400,
                         "parsing_exception", "requires 'queries' field with at least one clause")
        self.assertError(self.req("POST", "/hy/_search", {"query": {"hybrid": {"queries": [SUB_A], "foo": 1}}}), 400,
                         "parsing_exception", "Field is not supported by [hybrid] query")
        nested = {"query": {"bool": {"must": [{"hybrid": {"queries": [SUB_A]}}]}}}
        self.assertError(self.req("POST", "/hy/_search", nested), 400, "illegal_argument_exception",
                         "hybrid query must be a top level query and cannot be wrapped into other queries")
        # A field named "hybrid" is just a field.
        self.ok("POST", "/hy/_search", {"query": {"bool": {"must": [{"match": {"hybrid": {"query": "x"}}}]}}},
                expect=200)
        self.assertError(self.req("POST", "/hy/_search", {"query": {"hybrid": {"queries": [{"nope": {}}]}}}), 400,
                         "parsing_exception")

    def test_knn_sub_query(self):
        name = "hyvec"
        st, _, body = self.req("PUT", f"/{name}", {"settings": {"index.knn": True, "number_of_shards": 1},
                                                   "mappings": {"properties": {
                                                       "v": {"type": "knn_vector", "dimension": 2},
                                                       "body": {"type": "text"}}}})
        if st != 200:
            self.skipTest(f"knn_vector not available: {body}")
        lines = []
        for i, (vec, text) in enumerate([([1, 0], "fox"), ([0, 1], "dog"), ([1, 1], "fox dog"), ([5, 5], "cat")]):
            lines += [{"index": {"_index": name, "_id": str(i + 1)}}, {"v": vec, "body": text}]
        self.server.bulk(lines, params={"refresh": "true"})
        knn = {"knn": {"v": {"vector": [1, 0.2], "k": 3}}}
        st, _, plain = self.req("POST", f"/{name}/_search", {"query": knn, "size": 100})
        if st != 200:
            self.skipTest(f"knn query not available: {plain}")
        self.put_pipeline("vec", {"normalization-processor": {}})
        a, b = self.raw({"match": {"body": "fox"}}, name), {h["_id"]: h["_score"] for h in plain["hits"]["hits"]}
        expected = fuse([min_max(a), min_max(b)], arithmetic, [1.0, 1.0])
        self.assertScores(self.hybrid("vec", index=name, queries=({"match": {"body": "fox"}}, knn)), expected)


class PipelinePersistence(ph.PharosTestCase):
    def test_pipelines_survive_restart(self):
        body = {"description": "kept", "phase_results_processors": [
            {"score-ranker-processor": {"combination": {"technique": "rrf"}}}]}
        self.ok("PUT", "/_search/pipeline/kept", body, expect=200)
        self.ok("PUT", "/_search/pipeline/gone", body, expect=200)
        self.ok("DELETE", "/_search/pipeline/gone", expect=200)
        self.server.restart()
        self.assertEqual(self.ok("GET", "/_search/pipeline", expect=200), {"kept": body})
        self.server.restart(kill=True)
        self.assertEqual(self.ok("GET", "/_search/pipeline/kept", expect=200), {"kept": body})


if __name__ == "__main__":
    ph.main()
