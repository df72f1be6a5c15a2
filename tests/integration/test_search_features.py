"""Search features beyond plain queries, against OpenSearch 3.x behaviour: highlighting, fields /
docvalue_fields with formats, terms lookup, terms include partitions and value_type, unsigned
long and date_nanos aggregation keys, numeric formats, region time zones, pipeline aggregations,
and _delete_by_query batches, size and wait_for_completion=false tasks."""

import unittest

import pharos_harness as ph


class SearchFeatures(ph.PharosTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server.json("PUT", "/articles", {
            "settings": {"number_of_shards": 2},
            "mappings": {"properties": {
                "title": {"type": "text"}, "body": {"type": "text"}, "tag": {"type": "keyword"},
                "published": {"type": "date", "fields": {"nanos": {"type": "date_nanos"}}},
                "views": {"type": "long"}, "big": {"type": "unsigned_long"}}}}, expect=200)
        docs = [
            {"title": "Quick fox", "body": "A quick brown fox jumps. The lazy dog sleeps. Quick quick!",
             "tag": "animals", "published": "2016-01-01T00:00:00Z", "views": 10, "big": 18446744073709551615},
            {"title": "Slow turtle", "body": "Turtles are slow <but> steady & calm.", "tag": "animals",
             "published": "2016-02-15T12:00:00Z", "views": 30, "big": 10223372036854775807},
            {"title": "Databases", "body": "Indexes make queries fast.", "tag": "tech",
             "published": "2016-03-01T00:00:00Z", "views": 5, "big": 3},
        ]
        lines = []
        for i, doc in enumerate(docs):
            lines += [{"index": {"_index": "articles", "_id": str(i + 1)}}, doc]
        lines += [{"index": {"_index": "lookup", "_id": "wanted"}}, {"tags": ["tech"]}]
        st, _, body = cls.server.bulk(lines, params={"refresh": "true"})
        assert st == 200 and not body["errors"], body

    def search(self, body, index="articles", expect=200, **params):
        return self.ok("POST", f"/{index}/_search", body, expect=expect, params=params or None)

    # ---- highlighting

    def test_highlight_fragments_tags_and_wildcards(self):
        r = self.search({"query": {"match": {"body": "quick dog"}}, "_source": False,
                         "highlight": {"fields": {"body": {}, "ti*": {"pre_tags": ["["], "post_tags": ["]"]}}}})
        hit = r["hits"]["hits"][0]
        self.assertEqual(hit["_id"], "1")
        self.assertEqual(hit["highlight"]["body"], ["A <em>quick</em> brown fox jumps.",
                                                    "The lazy <em>dog</em> sleeps.",
                                                    "<em>Quick</em> <em>quick</em>!"])
        # require_field_match defaults to false: the body's terms are marked in the title too.
        self.assertEqual(hit["highlight"]["title"], ["[Quick] fox"])

    def test_highlight_phrase_whole_field_and_require_field_match(self):
        r = self.search({"query": {"match_phrase": {"body": "lazy dog"}}, "_source": False,
                         "highlight": {"require_field_match": True, "fields": {"*": {"number_of_fragments": 0}}}})
        hl = r["hits"]["hits"][0]["highlight"]
        self.assertEqual(hl, {"body": ["A quick brown fox jumps. The <em>lazy</em> <em>dog</em> sleeps. Quick quick!"]})

    def test_highlight_query_fragment_count_and_encoder(self):
        r = self.search({"query": {"match": {"body": "quick"}}, "_source": False,
                         "highlight": {"fields": {"body": {"highlight_query": {"match": {"body": "sleeps"}}}}}})
        self.assertEqual(r["hits"]["hits"][0]["highlight"]["body"], ["The lazy dog <em>sleeps</em>."])
        r = self.search({"query": {"match": {"body": "quick"}}, "_source": False,
                         "highlight": {"order": "score", "fields": {"body": {"number_of_fragments": 1}}}})
        self.assertEqual(r["hits"]["hits"][0]["highlight"]["body"], ["<em>Quick</em> <em>quick</em>!"])
        r = self.search({"query": {"match": {"body": "steady"}}, "_source": False,
                         "highlight": {"encoder": "html", "fields": {"body": {}}}})
        self.assertEqual(r["hits"]["hits"][0]["highlight"]["body"],
                         ["Turtles are slow &lt;but&gt; <em>steady</em> &amp; calm."])

    def test_highlight_bad_options_are_400(self):
        r = self.search({"highlight": {"fields": {"body": {"fragment_size": -1}}}}, expect=400)
        self.assertEqual(r["error"]["type"], "parsing_exception")
        self.search({"highlight": {"fields": 7}}, expect=400)

    # ---- fields, docvalue_fields, stored_fields

    def test_docvalue_fields_formats(self):
        r = self.search({"query": {"ids": {"values": ["1"]}}, "_source": False,
                         "docvalue_fields": [{"field": "published", "format": "yyyy/MM/dd"},
                                             {"field": "views", "format": "0.00"}]})
        self.assertEqual(r["hits"]["hits"][0]["fields"], {"published": ["2016/01/01"], "views": ["10.00"]})

    def test_stored_fields_turn_source_off(self):
        r = self.search({"query": {"ids": {"values": ["1"]}}, "stored_fields": ["title"]})
        self.assertNotIn("_source", r["hits"]["hits"][0])
        r = self.search({"query": {"ids": {"values": ["1"]}}, "stored_fields": ["_source"]})
        self.assertIn("_source", r["hits"]["hits"][0])

    # ---- terms lookup

    def test_terms_lookup_in_query_and_filter_agg(self):
        lookup = {"terms": {"tag": {"index": "lookup", "id": "wanted", "path": "tags"}}}
        r = self.search({"query": lookup})
        self.assertEqual([h["_id"] for h in r["hits"]["hits"]], ["3"])
        r = self.search({"size": 0, "aggs": {"f": {"filter": lookup}}})
        self.assertEqual(r["aggregations"]["f"]["doc_count"], 1)
        r = self.search({"query": {"terms": {"tag": {"index": "lookup", "id": "missing", "path": "tags"}}}})
        self.assertEqual(r["hits"]["total"]["value"], 0)
        self.search({"query": {"terms": {"tag": {"index": "nope", "id": "1", "path": "tags"}}}}, expect=404)
        self.search({"query": {"terms": {"tag": {"id": "1"}}}}, expect=400)

    # ---- aggregations

    def test_unsigned_long_and_date_nanos_keys(self):
        r = self.search({"size": 0, "aggs": {"u": {"terms": {"field": "big"}},
                                             "h": {"date_histogram": {"field": "published.nanos",
                                                                      "calendar_interval": "month"}}}})
        keys = sorted(b["key"] for b in r["aggregations"]["u"]["buckets"])
        self.assertEqual(keys, [3, 10223372036854775807, 18446744073709551615])
        self.assertEqual([b["key_as_string"] for b in r["aggregations"]["h"]["buckets"]],
                         ["2016-01-01T00:00:00.000Z", "2016-02-01T00:00:00.000Z", "2016-03-01T00:00:00.000Z"])

    def test_terms_partitions_cover_every_term_once(self):
        seen = []
        for partition in range(3):
            r = self.search({"size": 0, "aggs": {"t": {"terms": {
                "field": "views", "include": {"partition": partition, "num_partitions": 3}}}}})
            seen += [b["key"] for b in r["aggregations"]["t"]["buckets"]]
        self.assertEqual(sorted(seen), [5, 10, 30])
        self.search({"size": 0, "aggs": {"t": {"terms": {"field": "views", "include": {"partition": 3,
                                                                                        "num_partitions": 3}}}}},
                    expect=400)

    def test_unmapped_value_type_and_regex_on_numbers(self):
        r = self.search({"size": 0, "aggs": {"t": {"terms": {"field": "nope", "value_type": "date",
                                                               "missing": "2016-05-11"}}}})
        bucket = r["aggregations"]["t"]["buckets"][0]
        self.assertEqual((bucket["key"], bucket["key_as_string"], bucket["doc_count"]),
                         (1462924800000, "2016-05-11T00:00:00.000Z", 3))
        # OpenSearch answers this with its AggregationExecutionException's 500, and so do we.
        r = self.search({"size": 0, "aggs": {"t": {"terms": {"field": "views", "include": "1.*"}}}}, expect=500)
        self.assertEqual(r["error"]["type"], "aggregation_execution_exception")

    def test_histogram_format_and_region_time_zone(self):
        r = self.search({"size": 0, "aggs": {"h": {"histogram": {"field": "views", "interval": 10,
                                                                 "format": "Views ##0.0"}}}})
        self.assertEqual([b["key_as_string"] for b in r["aggregations"]["h"]["buckets"]],
                         ["Views 0.0", "Views 10.0", "Views 20.0", "Views 30.0"])
        r = self.search({"size": 0, "aggs": {"d": {"date_histogram": {
            "field": "published", "calendar_interval": "day", "time_zone": "America/Phoenix"}}}})
        first = r["aggregations"]["d"]["buckets"][0]
        self.assertEqual(first["key_as_string"], "2015-12-31T00:00:00.000-07:00")
        self.assertEqual(first["key"], 1451545200000)
        r = self.search({"size": 0, "aggs": {"d": {"date_histogram": {
            "field": "published", "calendar_interval": "day", "time_zone": "Mars/Base"}}}}, expect=400)

    def test_pipeline_aggregations(self):
        r = self.search({"size": 0, "aggs": {
            "months": {"date_histogram": {"field": "published", "calendar_interval": "month"},
                       "aggs": {"views": {"sum": {"field": "views"}},
                                "change": {"derivative": {"buckets_path": "views"}},
                                "running": {"cumulative_sum": {"buckets_path": "views"}}}},
            "best": {"max_bucket": {"buckets_path": "months>views"}},
            "mean": {"avg_bucket": {"buckets_path": "months>views"}}}}, typed_keys="true")
        aggs = r["aggregations"]
        buckets = aggs["date_histogram#months"]["buckets"]
        self.assertNotIn("derivative#change", buckets[0])
        self.assertEqual(buckets[1]["derivative#change"]["value"], 20.0)
        self.assertEqual(buckets[2]["derivative#change"]["value"], -25.0)
        self.assertEqual([b["simple_value#running"]["value"] for b in buckets], [10.0, 40.0, 45.0])
        self.assertEqual(aggs["bucket_metric_value#best"], {"value": 30.0, "keys": ["2016-02-01T00:00:00.000Z"]})
        self.assertEqual(aggs["simple_value#mean"]["value"], 15.0)
        self.search({"size": 0, "aggs": {"d": {"derivative": {"buckets_path": "x"}}}}, expect=400)

    # ---- dfs_query_then_fetch

    def test_dfs_scores_like_one_shard(self):
        for name, shards in (("dfs1", 1), ("dfs3", 3)):
            self.ok("PUT", f"/{name}", {"settings": {"number_of_shards": shards}}, expect=200)
            lines = []
            for i in range(12):
                text = "fox red red" if i < 2 else f"fox blue word{i}"
                lines += [{"index": {"_index": name, "_id": str(i)}}, {"t": text}]
            self.server.bulk(lines, params={"refresh": "true"})
        query = {"query": {"match": {"t": "red fox"}}, "size": 20, "_source": False}
        scores = lambda r: sorted((h["_id"], h["_score"]) for h in r["hits"]["hits"])
        one = scores(self.search(query, index="dfs1"))
        spread = scores(self.search(query, index="dfs3"))
        dfs = scores(self.search(query, index="dfs3", search_type="dfs_query_then_fetch"))
        self.assertNotEqual(one, spread)  # per-shard statistics differ...
        self.assertEqual(one, dfs)        # ...and the dfs phase makes them global
        self.search({}, index="dfs3", search_type="nope", expect=400)

    # ---- delete_by_query

    def test_delete_by_query_batches_size_and_task(self):
        lines = []
        for i in range(5):
            lines += [{"index": {"_index": "dbq", "_id": str(i)}}, {"n": i}]
        self.server.bulk(lines, params={"refresh": "true"})
        r = self.ok("POST", "/dbq/_delete_by_query", {"query": {"range": {"n": {"lt": 3}}}},
                    params={"scroll_size": "2", "refresh": "true"}, expect=200)
        self.assertEqual((r["deleted"], r["batches"]), (3, 2))
        r = self.ok("POST", "/dbq/_delete_by_query", {"query": {"match_all": {}}},
                    params={"size": "1", "refresh": "true"}, expect=200)
        self.assertEqual(r["deleted"], 1)
        r = self.ok("POST", "/dbq/_delete_by_query", {"query": {"match_all": {}}},
                    params={"wait_for_completion": "false", "refresh": "true"}, expect=200)
        self.assertEqual(set(r), {"task"})
        task = self.ok("GET", f"/_tasks/{r['task']}", expect=200)
        self.assertTrue(task["completed"])
        self.assertEqual(task["response"]["deleted"], 1)
        self.ok("GET", "/_tasks/nonode:999", expect=404)

    # ---- range field types

    def _range_index(self):
        self.ok("PUT", "/ranges", {"mappings": {"properties": {
            "r": {"type": "long_range"}, "d": {"type": "date_range", "format": "yyyy-MM-dd"},
            "f": {"type": "double_range"}}}})
        docs = [{"r": {"gte": 0, "lte": 10}, "d": {"gte": "2016-01-30", "lt": "2016-02-02"}, "f": {"gte": 0.5, "lt": 1.5}},
                {"r": {"gt": 20, "lt": 30}, "d": {"gte": "2016-03-01", "lt": "2016-03-02"}, "f": {"gte": 2.0}},
                {"r": {"gte": 5, "lte": 6}}]
        lines = []
        for i, doc in enumerate(docs):
            lines += [{"index": {"_index": "ranges", "_id": str(i + 1)}}, doc]
        st, _, body = self.server.bulk(lines, params={"refresh": "true"})
        self.assertFalse(body["errors"], body)

    def _range_ids(self, query):
        r = self.search({"query": {"range": query}, "sort": ["_doc"], "size": 10}, index="ranges")
        return sorted(h["_id"] for h in r["hits"]["hits"])

    def test_range_field_query_relations(self):
        self._range_index()
        try:
            self.assertEqual(self._range_ids({"r": {"gte": 6, "lte": 21}}), ["1", "2", "3"])
            self.assertEqual(self._range_ids({"r": {"gte": 4, "lte": 21, "relation": "within"}}), ["3"])
            self.assertEqual(self._range_ids({"r": {"gte": 2, "lte": 8, "relation": "contains"}}), ["1"])
            self.assertEqual(self._range_ids({"r": {"gt": 10, "lte": 21}}), ["2"])
            self.assertEqual(self._range_ids({"d": {"gte": "2016-02-01", "lte": "2016-02-28"}}), ["1"])
            self.assertEqual(self._range_ids({"f": {"gte": 1.7, "lte": 100, "relation": "intersects"}}), ["2"])
            err = self.server.json("POST", "/ranges/_doc", {"r": {"gte": 10, "lt": 3}}, expect=400)
            self.assertEqual(err["error"]["type"], "mapper_parsing_exception")
        finally:
            self.ok("DELETE", "/ranges")

    def test_histograms_over_range_fields(self):
        self._range_index()
        try:
            r = self.search({"size": 0, "aggs": {
                "h": {"histogram": {"field": "r", "interval": 10}},
                "hb": {"histogram": {"field": "r", "interval": 5, "hard_bounds": {"min": 4, "max": 12}}},
                "dh": {"date_histogram": {"field": "d", "calendar_interval": "month"}}}}, index="ranges")
            aggs = r["aggregations"]
            self.assertEqual([(b["key"], b["doc_count"]) for b in aggs["h"]["buckets"]],
                             [(0.0, 2), (10.0, 1), (20.0, 1)])
            # Ranges are clipped to [4, 12]: [0,10] → 4..10, [21,29] → nothing, [5,6] → 5..6.
            self.assertEqual([(b["key"], b["doc_count"]) for b in aggs["hb"]["buckets"]],
                             [(0.0, 1), (5.0, 2), (10.0, 1)])
            self.assertEqual([(b["key_as_string"], b["doc_count"]) for b in aggs["dh"]["buckets"]],
                             [("2016-01-01", 1), ("2016-02-01", 1), ("2016-03-01", 1)])
        finally:
            self.ok("DELETE", "/ranges")


if __name__ == "__main__":
    unittest.main()
