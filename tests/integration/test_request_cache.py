"""Shard request cache: size-0 searches are served from a per-shard cache keyed by the request and
the shard view, counted in _stats request_cache, invalidated by a refresh that changes the shard,
bypassed with request_cache=false, and emptied by POST _cache/clear."""

import unittest

import pharos_harness as ph

AGGS = {"size": 0, "aggs": {"genres": {"terms": {"field": "genre"}}}}


class RequestCache(ph.PharosTestCase):
    def make_index(self, shards=1, settings=None):
        idx = self.index_name()
        body_settings = {"number_of_shards": shards, "number_of_replicas": 0, **(settings or {})}
        self.ok("PUT", f"/{idx}", {"settings": body_settings,
                                   "mappings": {"properties": {"genre": {"type": "keyword"}}}}, expect=200)
        lines = []
        for i, genre in enumerate(["a", "a", "b", "c"]):
            lines += [{"index": {"_index": idx, "_id": str(i)}}, {"genre": genre}]
        st, _, body = self.server.bulk(lines, params={"refresh": "true"})
        self.assertEqual(st, 200, body)
        return idx

    def cache_stats(self, idx):
        r = self.ok("GET", f"/{idx}/_stats/request_cache", expect=200)
        self.assertEqual(r["_all"]["total"]["request_cache"], r["indices"][idx]["total"]["request_cache"])
        return r["indices"][idx]["total"]["request_cache"]

    def search(self, idx, body, **params):
        return self.ok("POST", f"/{idx}/_search", body, expect=200, params=params or None)

    def test_miss_then_hit_same_answer(self):
        idx = self.make_index(shards=2)
        first = self.search(idx, AGGS)
        s = self.cache_stats(idx)
        self.assertEqual((s["hit_count"], s["miss_count"]), (0, 2))  # one miss per shard
        self.assertGreater(s["memory_size_in_bytes"], 0)
        second = self.search(idx, AGGS)
        s = self.cache_stats(idx)
        self.assertEqual((s["hit_count"], s["miss_count"]), (2, 2))
        self.assertEqual(first["aggregations"], second["aggregations"])
        self.assertEqual(second["hits"]["total"], {"value": 4, "relation": "eq"})
        # A different request is a different key.
        self.search(idx, {"size": 0, "query": {"term": {"genre": "a"}}})
        s = self.cache_stats(idx)
        self.assertEqual((s["hit_count"], s["miss_count"]), (2, 4))

    def test_write_and_refresh_invalidate(self):
        idx = self.make_index()
        self.search(idx, AGGS)
        self.ok("PUT", f"/{idx}/_doc/new", {"genre": "a"}, params={"refresh": "true"})
        r = self.search(idx, AGGS)
        s = self.cache_stats(idx)
        self.assertEqual((s["hit_count"], s["miss_count"]), (0, 2))
        self.assertEqual(r["hits"]["total"]["value"], 5)
        buckets = {b["key"]: b["doc_count"] for b in r["aggregations"]["genres"]["buckets"]}
        self.assertEqual(buckets, {"a": 3, "b": 1, "c": 1})

    def test_not_cached_cases(self):
        idx = self.make_index()
        self.search(idx, AGGS, request_cache="false")
        self.search(idx, {"size": 1, "query": {"match_all": {}}})  # size != 0
        self.search(idx, {"size": 0, "query": {"range": {"genre": {"gte": "now-1d"}}}})  # clock
        s = self.cache_stats(idx)
        self.assertEqual((s["hit_count"], s["miss_count"], s["memory_size_in_bytes"]), (0, 0, 0))
        # request_cache=true caches even a search with hits.
        a = self.search(idx, {"size": 2, "sort": ["genre"]}, request_cache="true")
        b = self.search(idx, {"size": 2, "sort": ["genre"]}, request_cache="true")
        self.assertEqual([h["_id"] for h in a["hits"]["hits"]], [h["_id"] for h in b["hits"]["hits"]])
        s = self.cache_stats(idx)
        self.assertEqual((s["hit_count"], s["miss_count"]), (1, 1))

    def test_index_setting_disables(self):
        idx = self.make_index(settings={"index.requests.cache.enable": False})
        self.search(idx, AGGS)
        self.assertEqual(self.cache_stats(idx)["miss_count"], 0)
        self.search(idx, AGGS, request_cache="true")  # the parameter overrides the setting
        self.assertEqual(self.cache_stats(idx)["miss_count"], 1)

    def test_cache_clear(self):
        idx = self.make_index()
        self.search(idx, AGGS)
        self.assertGreater(self.cache_stats(idx)["memory_size_in_bytes"], 0)
        r = self.ok("POST", f"/{idx}/_cache/clear", params={"query": "true"}, expect=200)
        self.assertIn("_shards", r)
        self.assertGreater(self.cache_stats(idx)["memory_size_in_bytes"], 0)  # only the query cache
        self.ok("POST", f"/{idx}/_cache/clear", params={"request": "true"}, expect=200)
        self.assertEqual(self.cache_stats(idx)["memory_size_in_bytes"], 0)
        self.search(idx, AGGS)
        self.ok("POST", "/_cache/clear", expect=200)
        self.assertEqual(self.cache_stats(idx)["memory_size_in_bytes"], 0)
        self.search(idx, AGGS)
        s = self.cache_stats(idx)
        self.assertEqual((s["hit_count"], s["miss_count"]), (0, 3))
        self.assertError(self.req("POST", "/missing-index/_cache/clear"), 404, "index_not_found_exception")


class RequestCacheLimit(ph.PharosTestCase):
    server_args = ()

    @classmethod
    def setUpClass(cls):
        import os, tempfile
        cls._conf = tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False)
        cls._conf.write("indices.requests.cache.size: 2kb\n")
        cls._conf.close()
        cls.server_args = ("--config", cls._conf.name)
        cls.addClassCleanup(os.unlink, cls._conf.name)
        super().setUpClass()

    def test_lru_evicts_past_limit(self):
        idx = self.index_name()
        self.ok("PUT", f"/{idx}", {"settings": {"number_of_shards": 1, "number_of_replicas": 0}}, expect=200)
        self.ok("PUT", f"/{idx}/_doc/1", {"n": 1}, params={"refresh": "true"})
        for i in range(20):
            self.ok("POST", f"/{idx}/_search", {"size": 0, "query": {"term": {"n": i}}}, expect=200)
        s = self.ok("GET", f"/{idx}/_stats", expect=200)["indices"][idx]["total"]["request_cache"]
        self.assertEqual(s["miss_count"], 20)
        self.assertGreater(s["evictions"], 0)
        self.assertLessEqual(s["memory_size_in_bytes"], 2048)


if __name__ == "__main__":
    ph.main()
