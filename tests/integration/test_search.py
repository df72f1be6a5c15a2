"""_search, _count, _msearch, scroll, _delete_by_query and _update_by_query against OpenSearch 3.x
behaviour: queries, sort, paging, _source filtering, hits.total shapes, aggregations, errors."""

import unittest

import pharos_harness as ph

BOOKS = [
    {"title": "The quick brown fox", "genre": "fable", "year": 1990, "rating": 4.5},
    {"title": "Lazy dogs sleep all day", "genre": "fable", "year": 2001, "rating": 3.0},
    {"title": "Brown bears and the fox", "genre": "nature", "year": 2010, "rating": 4.0},
    {"title": "Databases for everyone", "genre": "tech", "year": 2015, "rating": 2.5},
    {"title": "The fox returns", "genre": "fable", "year": 2020},
]


class SearchBasics(ph.PharosTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.idx = "books"
        cls.server.json("PUT", f"/{cls.idx}", {
            "settings": {"number_of_shards": 2, "number_of_replicas": 0},
            "mappings": {"properties": {"title": {"type": "text"}, "genre": {"type": "keyword"},
                                        "year": {"type": "integer"}, "rating": {"type": "float"}}}},
            expect=200)
        lines = []
        for i, doc in enumerate(BOOKS):
            lines += [{"index": {"_index": cls.idx, "_id": str(i + 1)}}, doc]
        st, _, body = cls.server.bulk(lines, params={"refresh": "true"})
        assert st == 200 and not body["errors"], body

    def search(self, body=None, path=None, expect=200, **params):
        return self.ok("POST", path or f"/{self.idx}/_search", body or {}, expect=expect, params=params or None)

    def ids(self, resp):
        return [h["_id"] for h in resp["hits"]["hits"]]

    def test_match_all_shape(self):
        r = self.search()
        self.assertEqual(set(r) >= {"took", "timed_out", "_shards", "hits"}, True, r)
        self.assertEqual(r["_shards"], {"total": 2, "successful": 2, "skipped": 0, "failed": 0})
        self.assertEqual(r["hits"]["total"], {"value": 5, "relation": "eq"})
        self.assertEqual(len(r["hits"]["hits"]), 5)
        hit = r["hits"]["hits"][0]
        self.assertEqual(hit["_index"], self.idx)
        self.assertEqual(hit["_score"], 1.0)
        self.assertIn("_source", hit)

    def test_get_without_body_and_all_indices(self):
        r = self.ok("GET", "/_search", expect=200)
        self.assertGreaterEqual(r["hits"]["total"]["value"], 5)

    def test_match_scores_and_order(self):
        r = self.search({"query": {"match": {"title": "fox"}}})
        self.assertEqual(r["hits"]["total"]["value"], 3)
        scores = [h["_score"] for h in r["hits"]["hits"]]
        self.assertEqual(scores, sorted(scores, reverse=True))
        self.assertEqual(r["hits"]["max_score"], scores[0])

    def test_term_bool_range(self):
        self.assertEqual(sorted(self.ids(self.search({"query": {"term": {"genre": "fable"}}}))), ["1", "2", "5"])
        r = self.search({"query": {"bool": {"must": [{"match": {"title": "fox"}}],
                                            "filter": [{"range": {"year": {"gte": 2000}}}]}}})
        self.assertEqual(sorted(self.ids(r)), ["3", "5"])
        r = self.search({"query": {"range": {"rating": {"lt": 3.5}}}})
        self.assertEqual(sorted(self.ids(r)), ["2", "4"])

    def test_sort_by_field(self):
        r = self.search({"sort": [{"year": "desc"}]})
        self.assertEqual(self.ids(r), ["5", "4", "3", "2", "1"])
        self.assertEqual(r["hits"]["hits"][0]["sort"], [2020])
        self.assertIsNone(r["hits"]["hits"][0]["_score"])
        self.assertIsNone(r["hits"]["max_score"])
        r = self.search(sort="genre:asc,year:desc")
        self.assertEqual(self.ids(r), ["5", "2", "1", "3", "4"])
        self.assertEqual(r["hits"]["hits"][0]["sort"], ["fable", 2020])

    def test_sort_missing_values(self):
        r = self.search({"sort": [{"rating": {"order": "asc"}}]})
        self.assertEqual(self.ids(r)[-1], "5")
        r = self.search({"sort": [{"rating": {"order": "desc", "missing": "_first"}}]})
        self.assertEqual(self.ids(r)[0], "5")
        r = self.search({"sort": [{"year": "asc"}], "query": {"match_all": {}}, "size": 1})
        self.assertEqual(r["hits"]["hits"][0]["sort"], [1990])

    def test_sort_errors(self):
        self.assertError(self.req("POST", f"/{self.idx}/_search", {"sort": ["title"]}), 400,
                         "illegal_argument_exception", "Text fields are not optimised")
        self.assertError(self.req("POST", f"/{self.idx}/_search", {"sort": ["nope"]}), 400,
                         "illegal_argument_exception", "No mapping found for [nope] in order to sort on")
        r = self.search({"sort": [{"nope": {"unmapped_type": "long"}}]})
        self.assertEqual(r["hits"]["total"]["value"], 5)

    def test_from_size_paging(self):
        all_ids = self.ids(self.search({"sort": ["year"]}))
        page = self.ids(self.search({"sort": ["year"], "from": 1, "size": 2}))
        self.assertEqual(page, all_ids[1:3])
        page = self.ids(self.search(sort="year", **{"from": 3, "size": 5}))
        self.assertEqual(page, all_ids[3:])

    def test_search_after(self):
        r = self.search({"sort": [{"year": "asc"}], "size": 2})
        last = r["hits"]["hits"][-1]["sort"]
        r2 = self.search({"sort": [{"year": "asc"}], "size": 2, "search_after": last})
        self.assertEqual(self.ids(r2), ["3", "4"])

    def test_source_filtering(self):
        r = self.search({"query": {"ids": {"values": ["1"]}}, "_source": ["title"]})
        self.assertEqual(r["hits"]["hits"][0]["_source"], {"title": "The quick brown fox"})
        r = self.search({"query": {"ids": {"values": ["1"]}}, "_source": False})
        self.assertNotIn("_source", r["hits"]["hits"][0])
        r = self.search({"query": {"ids": {"values": ["1"]}}}, _source_excludes="title,rating")
        self.assertEqual(r["hits"]["hits"][0]["_source"], {"genre": "fable", "year": 1990})

    def test_highlight_explain_and_fields(self):
        r = self.search({"query": {"match": {"title": "fox"}}, "highlight": {"fields": {"title": {}}},
                         "explain": True, "fields": ["genre"], "timeout": "10s"})
        hit = r["hits"]["hits"][0]
        self.assertIn("<em>fox</em>", hit["highlight"]["title"][0])
        self.assertIn("_explanation", hit)
        self.assertEqual(hit["fields"]["genre"], ["fable"] if hit["_id"] in ("1", "5") else ["nature"])
        r = self.search({"query": {"ids": {"values": ["1"]}}, "stored_fields": ["_none_"]})
        self.assertNotIn("_source", r["hits"]["hits"][0])

    def test_version_seq_no(self):
        r = self.search({"query": {"ids": {"values": ["2"]}}, "version": True, "seq_no_primary_term": True})
        hit = r["hits"]["hits"][0]
        self.assertEqual(hit["_version"], 1)
        self.assertIn("_seq_no", hit)
        self.assertEqual(hit["_primary_term"], 1)

    def test_total_hits_shapes(self):
        r = self.search(rest_total_hits_as_int="true")
        self.assertEqual(r["hits"]["total"], 5)
        r = self.search({"track_total_hits": False})
        self.assertNotIn("total", r["hits"])
        r = self.search({"track_total_hits": False}, rest_total_hits_as_int="true")
        self.assertEqual(r["hits"]["total"], -1)
        r = self.search({"track_total_hits": 2})
        self.assertEqual(r["hits"]["total"], {"value": 2, "relation": "gte"})
        r = self.search({"track_total_hits": True})
        self.assertEqual(r["hits"]["total"], {"value": 5, "relation": "eq"})
        err = self.assertError(self.req("POST", f"/{self.idx}/_search", {"track_total_hits": -2}), 400,
                               "action_request_validation_exception")
        self.assertIn("[track_total_hits] parameter must be positive or equals to -1, got -2", err["reason"])

    def test_size_zero_and_max_score(self):
        r = self.search({"size": 0})
        self.assertEqual(r["hits"]["hits"], [])
        self.assertEqual(r["hits"]["total"]["value"], 5)
        self.assertIsNone(r["hits"]["max_score"])

    def test_aggregations(self):
        r = self.search({"size": 0, "aggs": {"genres": {"terms": {"field": "genre"}},
                                              "avg_year": {"avg": {"field": "year"}}}})
        buckets = {b["key"]: b["doc_count"] for b in r["aggregations"]["genres"]["buckets"]}
        self.assertEqual(buckets, {"fable": 3, "nature": 1, "tech": 1})
        self.assertAlmostEqual(r["aggregations"]["avg_year"]["value"], 2007.2)
        r = self.search({"size": 0, "aggs": {"genres": {"terms": {"field": "genre"}}}}, typed_keys="true")
        self.assertIn("sterms#genres", r["aggregations"])

    def test_profile_aggregations(self):
        r = self.search({"size": 0, "profile": True, "aggs": {"genres": {"terms": {"field": "genre"}}}})
        shards = r["profile"]["shards"]
        self.assertEqual(len(shards), 2)
        collected = 0
        for shard in shards:
            self.assertIn("[books][", shard["id"])
            self.assertGreater(shard["searches"][0]["query"][0]["time_in_nanos"], 0)
            agg = shard["aggregations"][0]
            self.assertEqual(agg["type"], "GlobalOrdinalsStringTermsAggregator")
            self.assertEqual(agg["description"], "genres")
            collected += agg["breakdown"]["collect_count"]
        self.assertEqual(collected, 5)  # every book collected once, on its own shard
        self.assertNotIn("profile", self.search({"size": 0}))
        stats = self.ok("GET", f"/{self.idx}/_stats", expect=200)
        self.assertEqual(stats["_all"]["total"]["fielddata"]["memory_size_in_bytes"], 0)

    def test_uri_search(self):
        self.assertEqual(sorted(self.ids(self.search(q="genre:fable"))), ["1", "2", "5"])
        self.assertEqual(sorted(self.ids(self.search(q="databases"))), ["4"])

    def test_count(self):
        self.assertEqual(self.ok("GET", f"/{self.idx}/_count", expect=200)["count"], 5)
        r = self.ok("POST", f"/{self.idx}/_count", {"query": {"term": {"genre": "fable"}}}, expect=200)
        self.assertEqual(r["count"], 3)
        self.assertEqual(r["_shards"]["total"], 2)
        self.assertEqual(self.ok("GET", f"/{self.idx}/_count", params={"q": "genre:tech"}, expect=200)["count"], 1)

    def test_errors(self):
        self.assertError(self.req("POST", f"/{self.idx}/_search", {"from": -5}), 400,
                         "illegal_argument_exception", "[from] parameter cannot be negative, found [-5]")
        self.assertError(self.req("POST", f"/{self.idx}/_search", {"size": -1}), 400,
                         "illegal_argument_exception", "[size] parameter cannot be negative, found [-1]")
        self.assertError(self.req("POST", f"/{self.idx}/_search", {"from": 10000, "size": 10}), 400,
                         "illegal_argument_exception",
                         "Result window is too large, from + size must be less than or equal to: [10000] but was [10010]")
        self.assertError(self.req("POST", "/missing-index/_search", {}), 404, "index_not_found_exception")
        self.assertError(self.req("POST", f"/{self.idx}/_search", {"query": {"nope": {}}}), 400,
                         ("parsing_exception", "illegal_argument_exception"))
        self.assertError(self.req("POST", f"/{self.idx}/_search", "{bad json"), 400,
                         ("parse_exception", "json_parse_exception"))

    def test_msearch(self):
        body = ph.ndjson([{"index": self.idx}, {"query": {"term": {"genre": "tech"}}},
                          {}, {"query": {"match_all": {}}, "size": 1},
                          {"index": "missing-index"}, {"query": {"match_all": {}}}])
        r = self.ok("POST", f"/{self.idx}/_msearch", body, expect=200,
                    headers={"Content-Type": "application/x-ndjson"})
        self.assertEqual(len(r["responses"]), 3)
        self.assertEqual(r["responses"][0]["status"], 200)
        self.assertEqual(r["responses"][0]["hits"]["total"]["value"], 1)
        self.assertEqual(len(r["responses"][1]["hits"]["hits"]), 1)
        self.assertEqual(r["responses"][2]["status"], 404)
        self.assertEqual(r["responses"][2]["error"]["type"], "index_not_found_exception")

    def test_alias_and_wildcard(self):
        self.ok("POST", "/_aliases", {"actions": [{"add": {"index": self.idx, "alias": "library"}}]}, expect=200)
        self.assertEqual(self.search(path="/library/_search")["hits"]["total"]["value"], 5)
        self.assertEqual(self.search(path="/boo*/_search")["hits"]["total"]["value"], 5)


class ScrollAndByQuery(ph.PharosTestCase):
    def fill(self, idx, n, shards=3):
        self.ok("PUT", f"/{idx}", {"settings": {"number_of_shards": shards, "number_of_replicas": 0},
                                   "mappings": {"properties": {"n": {"type": "long"},
                                                               "tag": {"type": "keyword"}}}}, expect=200)
        lines = []
        for i in range(n):
            lines += [{"index": {"_index": idx, "_id": str(i)}}, {"n": i, "tag": "even" if i % 2 == 0 else "odd"}]
        st, _, body = self.server.bulk(lines, params={"refresh": "true"})
        self.assertEqual(st, 200)
        self.assertFalse(body["errors"])

    def test_scroll_through_250_docs(self):
        idx = self.index_name()
        self.fill(idx, 250)
        r = self.ok("POST", f"/{idx}/_search", {"size": 100, "sort": ["n"]}, params={"scroll": "1m"}, expect=200)
        seen = [h["_source"]["n"] for h in r["hits"]["hits"]]
        scroll_id = r["_scroll_id"]
        self.assertEqual(r["hits"]["total"]["value"], 250)
        while True:
            r = self.ok("POST", "/_search/scroll", {"scroll_id": scroll_id, "scroll": "1m"}, expect=200)
            if not r["hits"]["hits"]:
                break
            seen += [h["_source"]["n"] for h in r["hits"]["hits"]]
            scroll_id = r["_scroll_id"]
        self.assertEqual(seen, list(range(250)))
        cleared = self.ok("DELETE", "/_search/scroll", {"scroll_id": scroll_id}, expect=200)
        self.assertEqual(cleared, {"succeeded": True, "num_freed": 1})
        st, _, body = self.req("POST", "/_search/scroll", {"scroll_id": scroll_id})
        self.assertEqual(st, 404, body)
        self.assertEqual(body["error"]["type"], "search_context_missing_exception")

    def test_scroll_unsorted_no_duplicates(self):
        idx = self.index_name()
        self.fill(idx, 120)
        r = self.ok("GET", f"/{idx}/_search", params={"scroll": "30s", "size": 50}, expect=200)
        ids = [h["_id"] for h in r["hits"]["hits"]]
        while r["hits"]["hits"]:
            r = self.ok("GET", "/_search/scroll", params={"scroll_id": r["_scroll_id"], "scroll": "30s"}, expect=200)
            ids += [h["_id"] for h in r["hits"]["hits"]]
        self.assertEqual(sorted(ids, key=int), [str(i) for i in range(120)])

    def test_delete_by_query(self):
        idx = self.index_name()
        self.fill(idx, 40)
        r = self.ok("POST", f"/{idx}/_delete_by_query", {"query": {"term": {"tag": "odd"}}},
                    params={"refresh": "true"}, expect=200)
        self.assertEqual(r["total"], 20)
        self.assertEqual(r["deleted"], 20)
        self.assertEqual(r["version_conflicts"], 0)
        self.assertEqual(r["failures"], [])
        self.assertEqual(r["requests_per_second"], -1.0)
        self.assertEqual(r["retries"], {"bulk": 0, "search": 0})
        self.assertEqual(self.ok("GET", f"/{idx}/_count", expect=200)["count"], 20)
        r = self.ok("POST", f"/{idx}/_delete_by_query", {"query": {"match_all": {}}, "max_docs": 5},
                    params={"refresh": "true", "conflicts": "proceed"}, expect=200)
        self.assertEqual(r["deleted"], 5)
        self.assertEqual(self.ok("GET", f"/{idx}/_count", expect=200)["count"], 15)

    def test_delete_by_query_conflicts(self):
        idx = self.index_name()
        self.ok("PUT", f"/{idx}", {"settings": {"refresh_interval": "-1", "number_of_replicas": 0}}, expect=200)
        for i in range(3):
            self.ok("PUT", f"/{idx}/_doc/{i}", {"t": "x"})
        self.ok("POST", f"/{idx}/_refresh", expect=200)
        self.ok("PUT", f"/{idx}/_doc/1", {"t": "x", "changed": True}, expect=200)  # not refreshed: stale view
        st, _, r = self.req("POST", f"/{idx}/_delete_by_query", {"query": {"match_all": {}}})
        self.assertEqual(st, 409, r)
        self.assertEqual(r["version_conflicts"], 1)
        self.assertEqual(r["failures"][0]["cause"]["type"], "version_conflict_engine_exception")
        self.assertEqual(r["failures"][0]["status"], 409)
        r = self.ok("POST", f"/{idx}/_delete_by_query", {"query": {"match_all": {}}},
                    params={"conflicts": "proceed", "refresh": "true"}, expect=200)
        self.assertGreaterEqual(r["version_conflicts"], 1)

    def test_update_by_query(self):
        idx = self.index_name()
        self.fill(idx, 10, shards=1)
        r = self.ok("POST", f"/{idx}/_update_by_query", {"query": {"term": {"tag": "even"}}},
                    params={"refresh": "true"}, expect=200)
        self.assertEqual(r["updated"], 5)
        doc = self.ok("GET", f"/{idx}/_doc/0", expect=200)
        self.assertEqual(doc["_version"], 2)

    def test_point_in_time(self):
        idx = self.index_name()
        self.fill(idx, 10, shards=1)
        pit = self.ok("POST", f"/{idx}/_search/point_in_time", params={"keep_alive": "1m"}, expect=200)["pit_id"]
        self.server.bulk([{"index": {"_index": idx, "_id": "new"}}, {"n": 99}], params={"refresh": "true"})
        r = self.ok("POST", "/_search", {"pit": {"id": pit, "keep_alive": "1m"}, "size": 0}, expect=200)
        self.assertEqual(r["hits"]["total"]["value"], 10)
        self.assertEqual(self.ok("GET", f"/{idx}/_count", expect=200)["count"], 11)
        self.ok("DELETE", "/_search/point_in_time", {"pit_id": [pit]}, expect=200)


if __name__ == "__main__":
    ph.main()
