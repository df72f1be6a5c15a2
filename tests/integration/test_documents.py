"""Document and index APIs against OpenSearch 3.x behaviour: CRUD, versioning, _update, _mget,
dynamic mapping, index names and expressions, settings, templates, aliases, _cat, health,
refresh/flush/forcemerge and _analyze. Each test uses its own index names."""

import re
import time
import unittest

import pharos_harness as ph

R0 = {"settings": {"number_of_replicas": 0}}


class IndexLifecycle(ph.PharosTestCase):
    def test_create_get_head_delete(self):
        idx = self.index_name()
        st, _, body = self.req("PUT", f"/{idx}")
        self.assertEqual(st, 200, body)
        self.assertEqual(body, {"acknowledged": True, "shards_acknowledged": True, "index": idx})
        self.assertEqual(self.req("HEAD", f"/{idx}")[0], 200)
        got = self.ok("GET", f"/{idx}", expect=200)
        self.assertEqual(set(got), {idx})
        self.assertIn("aliases", got[idx])
        self.assertIn("mappings", got[idx])
        s = got[idx]["settings"]["index"]
        self.assertEqual(s["number_of_shards"], "1")
        self.assertEqual(s["number_of_replicas"], "1")
        self.assertEqual(s["provided_name"], idx)
        self.assertRegex(s["uuid"], r"^[A-Za-z0-9_-]{22}$")
        self.assertRegex(s["creation_date"], r"^\d{13}$")
        self.assertEqual(self.ok("DELETE", f"/{idx}", expect=200), {"acknowledged": True})
        self.assertEqual(self.req("HEAD", f"/{idx}")[0], 404)
        err = self.assertError(self.req("GET", f"/{idx}"), 404, "index_not_found_exception",
                               f"no such index [{idx}]")
        self.assertEqual(err.get("index"), idx)
        self.assertError(self.req("DELETE", f"/{idx}"), 404, "index_not_found_exception")

    def test_create_with_settings_mappings_aliases(self):
        idx = self.index_name()
        body = {"settings": {"index": {"number_of_shards": 3, "number_of_replicas": 0}},
                "mappings": {"properties": {"title": {"type": "text"}, "n": {"type": "integer"}}},
                "aliases": {f"{idx}-alias": {}}}
        self.ok("PUT", f"/{idx}", body, expect=200)
        got = self.ok("GET", f"/{idx}", expect=200)[idx]
        self.assertEqual(got["settings"]["index"]["number_of_shards"], "3")
        self.assertEqual(got["settings"]["index"]["number_of_replicas"], "0")
        self.assertEqual(got["mappings"]["properties"]["title"], {"type": "text"})
        self.assertEqual(got["mappings"]["properties"]["n"], {"type": "integer"})
        self.assertEqual(got["aliases"], {f"{idx}-alias": {}})

    def test_recreate_is_resource_already_exists(self):
        idx = self.index_name()
        self.ok("PUT", f"/{idx}", expect=200)
        err = self.assertError(self.req("PUT", f"/{idx}"), 400, "resource_already_exists_exception")
        self.assertRegex(err["reason"], rf"^index \[{re.escape(idx)}/[A-Za-z0-9_-]+\] already exists$")

    def test_invalid_index_names(self):
        self.assertError(self.req("PUT", "/Foo"), 400, "invalid_index_name_exception",
                         "must be lowercase")
        for bad in ("_under", "-dash", "a*b", "a%3Fb", "a%22b", "a%20b"):
            st, _, body = self.req("PUT", f"/{bad}")
            self.assertEqual(st, 400, f"PUT /{bad}: {body}")
            self.assertEqual(body["error"]["type"], "invalid_index_name_exception", body)
        self.assertError(self.req("PUT", "/" + "a" * 256), 400, "invalid_index_name_exception")

    def test_missing_index_on_doc_get(self):
        err = self.assertError(self.req("GET", "/missing-idx-zz/_doc/1"), 404, "index_not_found_exception",
                               "no such index [missing-idx-zz]")
        self.assertEqual(err.get("index"), "missing-idx-zz")

    def test_index_expressions(self):
        base = self.index_name()
        a, b, c = f"{base}-a1", f"{base}-a2", f"{base}-b1"
        for i in (a, b, c):
            self.ok("PUT", f"/{i}", R0, expect=200)
        self.assertEqual(set(self.ok("GET", f"/{base}-a*", expect=200)), {a, b})
        self.assertEqual(set(self.ok("GET", f"/{a},{c}", expect=200)), {a, c})
        self.assertEqual(set(self.ok("GET", f"/{base}-a*,{c}", expect=200)), {a, b, c})
        all_ = self.ok("GET", "/_all", expect=200)
        self.assertTrue({a, b, c} <= set(all_))
        self.assertTrue({a, b, c} <= set(self.ok("GET", "/*", expect=200)))
        # A wildcard matching nothing is fine; a missing concrete name is not.
        self.assertEqual(self.ok("GET", f"/{base}-nothing*", expect=200), {})
        self.assertError(self.req("GET", f"/{a},{base}-missing"), 404, "index_not_found_exception")
        got = self.ok("GET", f"/{a},{base}-missing", params={"ignore_unavailable": "true"}, expect=200)
        self.assertEqual(set(got), {a})
        # Exclusion.
        self.assertEqual(set(self.ok("GET", f"/{base}-*,-{b}", expect=200)), {a, c})
        # DELETE by comma list and by wildcard.
        self.ok("DELETE", f"/{a},{c}", expect=200)
        self.assertEqual(set(self.ok("GET", f"/{base}-*", expect=200)), {b})
        self.ok("PUT", f"/{a}", R0, expect=200)
        self.ok("DELETE", f"/{base}-a*", expect=200)
        self.assertEqual(self.ok("GET", f"/{base}-*", expect=200), {})

    def test_settings_get_put(self):
        idx = self.index_name()
        self.ok("PUT", f"/{idx}", R0, expect=200)
        self.assertEqual(self.ok("PUT", f"/{idx}/_settings", {"index": {"refresh_interval": "5s"}}, expect=200),
                         {"acknowledged": True})
        s = self.ok("GET", f"/{idx}/_settings", expect=200)
        self.assertEqual(s[idx]["settings"]["index"]["refresh_interval"], "5s")
        self.assertEqual(s[idx]["settings"]["index"]["number_of_replicas"], "0")
        one = self.ok("GET", f"/{idx}/_settings/index.refresh_interval", expect=200)
        self.assertEqual(one, {idx: {"settings": {"index": {"refresh_interval": "5s"}}}})
        # flat form
        self.ok("PUT", f"/{idx}/_settings", {"index.refresh_interval": "-1"}, expect=200)
        s = self.ok("GET", f"/{idx}/_settings", expect=200)
        self.assertEqual(s[idx]["settings"]["index"]["refresh_interval"], "-1")
        # Static setting cannot be changed on an open index.
        st, _, body = self.req("PUT", f"/{idx}/_settings", {"index": {"number_of_shards": 2}})
        self.assertEqual(st, 400, body)
        self.assertEqual(body["error"]["type"], "illegal_argument_exception", body)
        # Unknown setting rejected.
        st, _, body = self.req("PUT", f"/{idx}/_settings", {"index": {"no_such_setting_zz": 1}})
        self.assertEqual(st, 400, body)
        # include_defaults shows defaults.
        d = self.ok("GET", f"/{idx}/_settings", params={"include_defaults": "true"}, expect=200)
        self.assertIn("defaults", d[idx])


class Documents(ph.PharosTestCase):
    def setUp(self):
        self.idx = self.index_name()
        self.ok("PUT", f"/{self.idx}", R0, expect=200)

    def test_put_post_autoid_get(self):
        idx = self.idx
        st, _, r = self.req("PUT", f"/{idx}/_doc/1", {"title": "one", "n": 1})
        self.assertEqual(st, 201, r)
        self.assertEqual(r["_index"], idx)
        self.assertEqual(r["_id"], "1")
        self.assertEqual(r["_version"], 1)
        self.assertEqual(r["result"], "created")
        self.assertEqual(r["_shards"], {"total": 1, "successful": 1, "failed": 0})
        self.assertEqual(r["_seq_no"], 0)
        self.assertEqual(r["_primary_term"], 1)
        self.assertNotIn("_type", r)
        st, _, r = self.req("PUT", f"/{idx}/_doc/1", {"title": "uno"})
        self.assertEqual(st, 200, r)
        self.assertEqual((r["result"], r["_version"], r["_seq_no"]), ("updated", 2, 1))
        st, _, r = self.req("POST", f"/{idx}/_doc/2", {"title": "two"})
        self.assertEqual(st, 201, r)
        st, _, r = self.req("POST", f"/{idx}/_doc", {"title": "auto"})
        self.assertEqual(st, 201, r)
        auto_id = r["_id"]
        self.assertRegex(auto_id, r"^[A-Za-z0-9_-]{20}$")
        self.assertEqual(r["result"], "created")
        got = self.ok("GET", f"/{idx}/_doc/1", expect=200)
        self.assertEqual(got, {"_index": idx, "_id": "1", "_version": 2, "_seq_no": 1, "_primary_term": 1,
                               "found": True, "_source": {"title": "uno"}})
        self.assertEqual(self.ok("GET", f"/{idx}/_doc/{auto_id}", expect=200)["_source"], {"title": "auto"})
        st, _, miss = self.req("GET", f"/{idx}/_doc/zz")
        self.assertEqual(st, 404)
        self.assertEqual(miss, {"_index": idx, "_id": "zz", "found": False})
        self.assertEqual(self.req("HEAD", f"/{idx}/_doc/1")[0], 200)
        self.assertEqual(self.req("HEAD", f"/{idx}/_doc/zz")[0], 404)
        # Source exactly as sent (key order, unicode, nested, arrays, null).
        src = {"z": 1, "a": {"b": [1, 2, 3], "c": None}, "u": "héllo ✓ 日本", "f": 1.5e-7, "neg": -3}
        self.ok("PUT", f"/{idx}/_doc/src", src, expect=201)
        self.assertEqual(self.ok("GET", f"/{idx}/_source/src", expect=200), src)
        st, _, raw = self.req("GET", f"/{idx}/_doc/src", params={"filter_path": "_source"})
        self.assertEqual(raw, {"_source": src})

    def test_op_type_create_and_create_endpoint(self):
        idx = self.idx
        self.assertEqual(self.req("PUT", f"/{idx}/_create/1", {"a": 1})[0], 201)
        err = self.assertError(self.req("PUT", f"/{idx}/_create/1", {"a": 2}), 409,
                               "version_conflict_engine_exception")
        self.assertEqual(err["reason"], "[1]: version conflict, document already exists (current version [1])")
        self.assertEqual(err.get("index"), idx)
        self.assertError(self.req("PUT", f"/{idx}/_doc/1", {"a": 3}, params={"op_type": "create"}), 409,
                         "version_conflict_engine_exception")
        self.assertEqual(self.req("POST", f"/{idx}/_create/2", {"a": 1})[0], 201)
        self.assertEqual(self.ok("GET", f"/{idx}/_source/1", expect=200), {"a": 1})

    def test_source_filtering(self):
        idx = self.idx
        self.ok("PUT", f"/{idx}/_doc/1", {"a": 1, "b": {"c": 2, "d": 3}, "e": "x"}, expect=201)
        g = self.ok("GET", f"/{idx}/_doc/1", params={"_source_includes": "b.c,e"}, expect=200)
        self.assertEqual(g["_source"], {"b": {"c": 2}, "e": "x"})
        g = self.ok("GET", f"/{idx}/_doc/1", params={"_source_excludes": "b"}, expect=200)
        self.assertEqual(g["_source"], {"a": 1, "e": "x"})
        g = self.ok("GET", f"/{idx}/_doc/1", params={"_source": "false"}, expect=200)
        self.assertNotIn("_source", g)
        self.assertTrue(g["found"])
        g = self.ok("GET", f"/{idx}/_doc/1", params={"_source": "a,e"}, expect=200)
        self.assertEqual(g["_source"], {"a": 1, "e": "x"})
        g = self.ok("GET", f"/{idx}/_source/1", params={"_source_includes": "b.*"}, expect=200)
        self.assertEqual(g, {"b": {"c": 2, "d": 3}})
        self.assertEqual(self.req("GET", f"/{idx}/_source/nope")[0], 404)

    def test_delete(self):
        idx = self.idx
        self.ok("PUT", f"/{idx}/_doc/1", {"a": 1}, expect=201)
        st, _, r = self.req("DELETE", f"/{idx}/_doc/1")
        self.assertEqual(st, 200, r)
        self.assertEqual((r["result"], r["_version"], r["_id"], r["_index"]), ("deleted", 2, "1", idx))
        self.assertEqual(r["_seq_no"], 1)
        st, _, r = self.req("DELETE", f"/{idx}/_doc/1")
        self.assertEqual(st, 404, r)
        self.assertEqual(r["result"], "not_found")
        self.assertEqual(self.req("GET", f"/{idx}/_doc/1")[0], 404)
        # Re-index after delete continues the version.
        st, _, r = self.req("PUT", f"/{idx}/_doc/1", {"a": 2})
        self.assertEqual(st, 201, r)
        self.assertEqual(r["result"], "created")
        self.assertGreater(r["_version"], 2)

    def test_update(self):
        idx = self.idx
        self.ok("PUT", f"/{idx}/_doc/1", {"a": 1, "b": {"c": 1}}, expect=201)
        st, _, r = self.req("POST", f"/{idx}/_update/1", {"doc": {"b": {"d": 2}, "e": "new"}})
        self.assertEqual(st, 200, r)
        self.assertEqual((r["result"], r["_version"]), ("updated", 2))
        self.assertEqual(self.ok("GET", f"/{idx}/_source/1", expect=200),
                         {"a": 1, "b": {"c": 1, "d": 2}, "e": "new"})
        # detect_noop (default true): same content → noop, version unchanged
        st, _, r = self.req("POST", f"/{idx}/_update/1", {"doc": {"a": 1}})
        self.assertEqual(st, 200, r)
        self.assertEqual(r["result"], "noop")
        self.assertEqual(r["_version"], 2)
        self.assertEqual(r["_shards"]["total"], 0)
        st, _, r = self.req("POST", f"/{idx}/_update/1", {"doc": {"a": 1}, "detect_noop": False})
        self.assertEqual((st, r["result"], r["_version"]), (200, "updated", 3))
        # missing document
        err = self.assertError(self.req("POST", f"/{idx}/_update/nope", {"doc": {"a": 1}}), 404,
                               "document_missing_exception")
        self.assertEqual(err["reason"], "[nope]: document missing")
        # upsert
        st, _, r = self.req("POST", f"/{idx}/_update/u1", {"doc": {"x": 1}, "upsert": {"x": 0, "y": 0}})
        self.assertEqual((st, r["result"]), (201, "created"), r)
        self.assertEqual(self.ok("GET", f"/{idx}/_source/u1", expect=200), {"x": 0, "y": 0})
        st, _, r = self.req("POST", f"/{idx}/_update/u1", {"doc": {"x": 1}, "upsert": {"x": 0, "y": 0}})
        self.assertEqual((st, r["result"]), (200, "updated"), r)
        self.assertEqual(self.ok("GET", f"/{idx}/_source/u1", expect=200), {"x": 1, "y": 0})
        # doc_as_upsert
        st, _, r = self.req("POST", f"/{idx}/_update/u2", {"doc": {"k": "v"}, "doc_as_upsert": True})
        self.assertEqual((st, r["result"]), (201, "created"), r)
        self.assertEqual(self.ok("GET", f"/{idx}/_source/u2", expect=200), {"k": "v"})
        # _source in the update response
        r = self.ok("POST", f"/{idx}/_update/u2", {"doc": {"k2": "v2"}}, params={"_source": "true"}, expect=200)
        self.assertEqual(r["get"]["_source"], {"k": "v", "k2": "v2"})
        self.assertTrue(r["get"]["found"])

    def test_optimistic_concurrency(self):
        idx = self.idx
        r = self.ok("PUT", f"/{idx}/_doc/1", {"v": 1}, expect=201)
        seq, term = r["_seq_no"], r["_primary_term"]
        r2 = self.ok("PUT", f"/{idx}/_doc/1", {"v": 2}, params={"if_seq_no": seq, "if_primary_term": term},
                     expect=200)
        err = self.assertError(self.req("PUT", f"/{idx}/_doc/1", {"v": 3},
                                        params={"if_seq_no": seq, "if_primary_term": term}),
                               409, "version_conflict_engine_exception")
        self.assertEqual(err["reason"],
                         f"[1]: version conflict, required seqNo [{seq}], primary term [{term}]. "
                         f"current document has seqNo [{r2['_seq_no']}] and primary term [{term}]")
        self.assertError(self.req("DELETE", f"/{idx}/_doc/1", params={"if_seq_no": seq, "if_primary_term": term}),
                         409, "version_conflict_engine_exception")
        self.assertError(self.req("POST", f"/{idx}/_update/1", {"doc": {"v": 9}},
                                  params={"if_seq_no": seq, "if_primary_term": term}),
                         409, "version_conflict_engine_exception")
        self.assertEqual(self.ok("GET", f"/{idx}/_source/1", expect=200), {"v": 2})
        # Right values succeed.
        self.ok("DELETE", f"/{idx}/_doc/1", params={"if_seq_no": r2["_seq_no"], "if_primary_term": term}, expect=200)

    def test_external_versioning(self):
        idx = self.idx
        r = self.ok("PUT", f"/{idx}/_doc/1", {"v": 1}, params={"version": 10, "version_type": "external"}, expect=201)
        self.assertEqual(r["_version"], 10)
        err = self.assertError(self.req("PUT", f"/{idx}/_doc/1", {"v": 2},
                                        params={"version": 5, "version_type": "external"}),
                               409, "version_conflict_engine_exception")
        self.assertIn("current version [10] is higher or equal to the one provided [5]", err["reason"])
        self.assertError(self.req("PUT", f"/{idx}/_doc/1", {"v": 2}, params={"version": 10, "version_type": "external"}),
                         409, "version_conflict_engine_exception")
        r = self.ok("PUT", f"/{idx}/_doc/1", {"v": 3}, params={"version": 11, "version_type": "external_gte"},
                    expect=200)
        self.assertEqual(r["_version"], 11)
        self.assertEqual(self.ok("GET", f"/{idx}/_doc/1", expect=200)["_version"], 11)
        # version without version_type on index is rejected in OpenSearch ≥ 2 (internal versioning
        # uses if_seq_no): illegal_argument / action_request_validation.
        st, _, body = self.req("PUT", f"/{idx}/_doc/1", {"v": 4}, params={"version": 11})
        self.assertEqual(st, 400, body)

    def test_routing(self):
        idx = self.index_name("routed")
        self.ok("PUT", f"/{idx}", {"settings": {"number_of_shards": 3, "number_of_replicas": 0}}, expect=200)
        r = self.ok("PUT", f"/{idx}/_doc/1", {"a": 1}, params={"routing": "user7"}, expect=201)
        g = self.ok("GET", f"/{idx}/_doc/1", params={"routing": "user7"}, expect=200)
        self.assertEqual(g["_routing"], "user7")
        self.assertEqual(g["_source"], {"a": 1})
        self.ok("POST", f"/{idx}/_refresh", expect=200)
        cnt = self.ok("GET", f"/_cat/count/{idx}", params={"format": "json"}, expect=200)
        self.assertEqual(cnt[0]["count"], "1")
        self.ok("DELETE", f"/{idx}/_doc/1", params={"routing": "user7"}, expect=200)
        self.assertEqual(self.req("GET", f"/{idx}/_doc/1", params={"routing": "user7"})[0], 404)
        self.assertIn("_seq_no", r)

    def test_refresh_param(self):
        idx = self.index_name("norefresh")
        self.ok("PUT", f"/{idx}", {"settings": {"number_of_replicas": 0, "refresh_interval": "-1"}}, expect=200)

        def count():
            return int(self.ok("GET", f"/_cat/count/{idx}", params={"format": "json"}, expect=200)[0]["count"])

        self.ok("PUT", f"/{idx}/_doc/1", {"a": 1}, expect=201)
        self.assertEqual(count(), 0, "refresh_interval=-1: not searchable before a refresh")
        # Realtime GET sees it anyway.
        self.assertEqual(self.ok("GET", f"/{idx}/_doc/1", expect=200)["_source"], {"a": 1})
        r = self.ok("PUT", f"/{idx}/_doc/2", {"a": 2}, params={"refresh": "true"}, expect=201)
        self.assertIs(r.get("forced_refresh"), True)
        self.assertEqual(count(), 2)
        # wait_for with the default interval.
        idx2 = self.index_name("waitfor")
        self.ok("PUT", f"/{idx2}", R0, expect=200)
        r = self.ok("PUT", f"/{idx2}/_doc/1", {"a": 1}, params={"refresh": "wait_for"}, expect=201)
        self.assertNotIn("forced_refresh", r)
        c = self.ok("GET", f"/_cat/count/{idx2}", params={"format": "json"}, expect=200)
        self.assertEqual(c[0]["count"], "1")
        # refresh with an empty value means true
        self.ok("DELETE", f"/{idx}/_doc/1", params={"refresh": ""}, expect=200)
        self.assertEqual(count(), 1)

    def test_mget(self):
        idx = self.idx
        self.ok("PUT", f"/{idx}/_doc/1", {"a": 1, "b": 2}, expect=201)
        self.ok("PUT", f"/{idx}/_doc/2", {"a": 2}, expect=201)
        r = self.ok("POST", "/_mget", {"docs": [{"_index": idx, "_id": "1"}, {"_index": idx, "_id": "9"},
                                               {"_index": "mget-missing-zz", "_id": "1"},
                                               {"_index": idx, "_id": "1", "_source": ["b"]}]}, expect=200)
        docs = r["docs"]
        self.assertEqual(len(docs), 4)
        self.assertEqual(docs[0]["_source"], {"a": 1, "b": 2})
        self.assertTrue(docs[0]["found"])
        self.assertEqual((docs[0]["_index"], docs[0]["_id"], docs[0]["_version"]), (idx, "1", 1))
        self.assertEqual(docs[1], {"_index": idx, "_id": "9", "found": False})
        self.assertEqual(docs[2]["_index"], "mget-missing-zz")
        self.assertEqual(docs[2]["_id"], "1")
        self.assertEqual(docs[2]["error"]["type"], "index_not_found_exception")
        self.assertEqual(docs[2]["error"]["reason"], "no such index [mget-missing-zz]")
        self.assertEqual(docs[3]["_source"], {"b": 2})
        r = self.ok("GET", f"/{idx}/_mget", {"ids": ["2", "1", "3"]}, expect=200)
        self.assertEqual([d["_id"] for d in r["docs"]], ["2", "1", "3"])
        self.assertEqual([d["found"] for d in r["docs"]], [True, True, False])
        r = self.ok("POST", f"/{idx}/_mget", {"docs": [{"_id": "2"}]}, params={"_source_includes": "a"}, expect=200)
        self.assertEqual(r["docs"][0]["_source"], {"a": 2})
        st, _, body = self.req("POST", "/_mget", {"docs": [{"_id": "1"}]})
        self.assertEqual(st, 400, body)
        self.assertEqual(body["error"]["type"], "action_request_validation_exception", body)
        st, _, body = self.req("POST", f"/{idx}/_mget", {})
        self.assertEqual(st, 400, body)

    def test_doc_id_rules(self):
        idx = self.idx
        long_id = "x" * 513
        st, _, body = self.req("PUT", f"/{idx}/_doc/{long_id}", {"a": 1})
        self.assertEqual(st, 400, body)
        self.assertIn("id [" + long_id + "] is too long, must be no longer than 512 bytes but was: 513",
                      body["error"]["reason"])
        # URL-encoded ids round-trip.
        self.ok("PUT", f"/{idx}/_doc/a%2Fb%20c", {"a": 1}, expect=201)
        self.assertEqual(self.ok("GET", f"/{idx}/_doc/a%2Fb%20c", expect=200)["_id"], "a/b c")


class Mappings(ph.PharosTestCase):
    def test_dynamic_mapping_types(self):
        idx = self.index_name()
        self.ok("PUT", f"/{idx}/_doc/1", {"s": "hello", "n": 5, "f": 1.5, "b": True,
                                         "d": "2020-01-01T00:00:00Z", "o": {"inner": 1}, "arr": [1, 2]},
                expect=201)
        m = self.ok("GET", f"/{idx}/_mapping", expect=200)
        props = m[idx]["mappings"]["properties"]
        self.assertEqual(props["s"], {"type": "text", "fields": {"keyword": {"type": "keyword", "ignore_above": 256}}})
        self.assertEqual(props["n"], {"type": "long"})
        self.assertEqual(props["f"], {"type": "float"})
        self.assertEqual(props["b"], {"type": "boolean"})
        self.assertEqual(props["d"], {"type": "date"})
        self.assertEqual(props["o"], {"properties": {"inner": {"type": "long"}}})
        self.assertEqual(props["arr"], {"type": "long"})
        # Auto-created index defaults.
        s = self.ok("GET", f"/{idx}/_settings", expect=200)[idx]["settings"]["index"]
        self.assertEqual((s["number_of_shards"], s["number_of_replicas"]), ("1", "1"))
        # GET /_mapping (all) includes it; GET /{index}/_mapping/field/{f}
        self.assertIn(idx, self.ok("GET", "/_mapping", expect=200))
        fm = self.ok("GET", f"/{idx}/_mapping/field/n", expect=200)
        self.assertEqual(fm[idx]["mappings"]["n"]["mapping"], {"n": {"type": "long"}})

    def test_put_mapping_and_conflict(self):
        idx = self.index_name()
        self.ok("PUT", f"/{idx}", {"mappings": {"properties": {"n": {"type": "long"}}}}, expect=200)
        self.assertEqual(self.ok("PUT", f"/{idx}/_mapping", {"properties": {"k": {"type": "keyword"}}}, expect=200),
                         {"acknowledged": True})
        props = self.ok("GET", f"/{idx}/_mapping", expect=200)[idx]["mappings"]["properties"]
        self.assertEqual(props, {"n": {"type": "long"}, "k": {"type": "keyword"}})
        err = self.assertError(self.req("PUT", f"/{idx}/_mapping", {"properties": {"n": {"type": "keyword"}}}),
                               400, "illegal_argument_exception")
        self.assertEqual(err["reason"], "mapper [n] cannot be changed from type [long] to [keyword]")
        st, _, body = self.req("PUT", f"/{idx}/_mapping", {"properties": {"x": {"type": "no_such_type"}}})
        self.assertEqual(st, 400, body)
        self.assertEqual(body["error"]["type"], "mapper_parsing_exception", body)
        self.assertEqual(body["error"]["reason"], "No handler for type [no_such_type] declared on field [x]")

    def test_strict_dynamic(self):
        idx = self.index_name()
        self.ok("PUT", f"/{idx}", {"mappings": {"dynamic": "strict", "properties": {"a": {"type": "keyword"}}}},
                expect=200)
        self.ok("PUT", f"/{idx}/_doc/1", {"a": "x"}, expect=201)
        err = self.assertError(self.req("PUT", f"/{idx}/_doc/2", {"a": "x", "b": 1}), 400,
                               "strict_dynamic_mapping_exception")
        self.assertEqual(err["reason"], "mapping set to strict, dynamic introduction of [b] within [_doc] is not allowed")
        self.assertEqual(self.req("GET", f"/{idx}/_doc/2")[0], 404)
        # dynamic false: stored in _source, not mapped
        idx2 = self.index_name("false")
        self.ok("PUT", f"/{idx2}", {"mappings": {"dynamic": False}}, expect=200)
        self.ok("PUT", f"/{idx2}/_doc/1", {"z": 1}, expect=201)
        self.assertEqual(self.ok("GET", f"/{idx2}/_source/1", expect=200), {"z": 1})
        props = self.ok("GET", f"/{idx2}/_mapping", expect=200)[idx2]["mappings"].get("properties", {})
        self.assertNotIn("z", props)

    def test_mapper_parsing_exception(self):
        idx = self.index_name()
        self.ok("PUT", f"/{idx}", {"mappings": {"properties": {"n": {"type": "long"}, "d": {"type": "date"}}}},
                expect=200)
        err = self.assertError(self.req("PUT", f"/{idx}/_doc/1", {"n": "abc"}), 400, "mapper_parsing_exception")
        self.assertTrue(err["reason"].startswith("failed to parse field [n] of type [long] in document with id '1'"),
                        err["reason"])
        self.assertError(self.req("PUT", f"/{idx}/_doc/2", {"d": "not a date"}), 400, "mapper_parsing_exception")
        self.assertEqual(self.req("GET", f"/{idx}/_doc/1")[0], 404)
        # Numeric strings are coerced for long fields, and the source is kept as sent.
        self.ok("PUT", f"/{idx}/_doc/3", {"n": "42"}, expect=201)
        self.assertEqual(self.ok("GET", f"/{idx}/_source/3", expect=200), {"n": "42"})
        # Dynamic type fixed by the first document: a later object-vs-value clash fails.
        idx2 = self.index_name("clash")
        self.ok("PUT", f"/{idx2}/_doc/1", {"o": {"x": 1}}, expect=201)
        st, _, body = self.req("PUT", f"/{idx2}/_doc/2", {"o": "scalar"})
        self.assertEqual(st, 400, body)
        self.assertEqual(body["error"]["type"], "mapper_parsing_exception", body)


class TemplatesAndAliases(ph.PharosTestCase):
    def test_index_template_crud_and_apply(self):
        name = self.index_name("tpl")
        pattern = f"{name}-*"
        tpl = {"index_patterns": [pattern], "priority": 5,
               "template": {"settings": {"number_of_shards": 2, "number_of_replicas": 0},
                            "mappings": {"properties": {"host": {"type": "keyword"}, "ts": {"type": "date"}}},
                            "aliases": {f"{name}-all": {}}}}
        self.assertEqual(self.ok("PUT", f"/_index_template/{name}", tpl, expect=200), {"acknowledged": True})
        self.assertEqual(self.req("HEAD", f"/_index_template/{name}")[0], 200)
        got = self.ok("GET", f"/_index_template/{name}", expect=200)
        self.assertEqual(len(got["index_templates"]), 1)
        entry = got["index_templates"][0]
        self.assertEqual(entry["name"], name)
        self.assertEqual(entry["index_template"]["index_patterns"], [pattern])
        self.assertEqual(entry["index_template"]["priority"], 5)
        self.assertEqual(entry["index_template"]["template"]["mappings"]["properties"]["host"], {"type": "keyword"})
        self.assertEqual(entry["index_template"]["template"]["aliases"], {f"{name}-all": {}})
        self.assertEqual(entry["index_template"]["template"]["settings"]["index"]["number_of_shards"], "2")
        self.assertEqual(entry["index_template"]["composed_of"], [])
        self.assertIn(name, [t["name"] for t in self.ok("GET", "/_index_template", expect=200)["index_templates"]])
        # Applied on auto-create by _doc ...
        self.ok("PUT", f"/{name}-1/_doc/1", {"host": "a b", "ts": "2024-01-01", "extra": 1}, expect=201)
        m = self.ok("GET", f"/{name}-1/_mapping", expect=200)[f"{name}-1"]["mappings"]["properties"]
        self.assertEqual(m["host"], {"type": "keyword"})
        self.assertEqual(m["ts"], {"type": "date"})
        self.assertEqual(m["extra"], {"type": "long"})
        s = self.ok("GET", f"/{name}-1/_settings", expect=200)[f"{name}-1"]["settings"]["index"]
        self.assertEqual((s["number_of_shards"], s["number_of_replicas"]), ("2", "0"))
        self.assertEqual(self.ok("GET", f"/{name}-1/_alias", expect=200), {f"{name}-1": {"aliases": {f"{name}-all": {}}}})
        # ... and by _bulk
        st, _, b = self.server.bulk([{"index": {"_index": f"{name}-2", "_id": "1"}}, {"host": "h"}])
        self.assertEqual(st, 200, b)
        self.assertFalse(b["errors"], b)
        s = self.ok("GET", f"/{name}-2/_settings", expect=200)[f"{name}-2"]["settings"]["index"]
        self.assertEqual(s["number_of_shards"], "2")
        # Explicit create body overrides template settings.
        self.ok("PUT", f"/{name}-3", {"settings": {"number_of_shards": 1}}, expect=200)
        s = self.ok("GET", f"/{name}-3/_settings", expect=200)[f"{name}-3"]["settings"]["index"]
        self.assertEqual((s["number_of_shards"], s["number_of_replicas"]), ("1", "0"))
        # Non-matching names are untouched.
        self.ok("PUT", f"/x{name}/_doc/1", {"host": "a b"}, expect=201)
        m = self.ok("GET", f"/x{name}/_mapping", expect=200)[f"x{name}"]["mappings"]["properties"]
        self.assertEqual(m["host"]["type"], "text")
        # Delete
        self.assertEqual(self.ok("DELETE", f"/_index_template/{name}", expect=200), {"acknowledged": True})
        self.assertEqual(self.req("HEAD", f"/_index_template/{name}")[0], 404)
        err = self.assertError(self.req("GET", f"/_index_template/{name}"), 404, "resource_not_found_exception")
        self.assertEqual(err["reason"], f"index template matching [{name}] not found")
        self.assertError(self.req("DELETE", f"/_index_template/{name}"), 404, "index_template_missing_exception")

    def test_template_priority(self):
        name = self.index_name("prio")
        self.ok("PUT", f"/_index_template/{name}-lo", {"index_patterns": [f"{name}-*"], "priority": 1,
                "template": {"mappings": {"properties": {"f": {"type": "keyword"}}}}}, expect=200)
        self.ok("PUT", f"/_index_template/{name}-hi", {"index_patterns": [f"{name}-x*"], "priority": 10,
                "template": {"mappings": {"properties": {"f": {"type": "integer"}}}}}, expect=200)
        self.ok("PUT", f"/{name}-x1/_doc/1", {"f": 1}, expect=201)
        self.ok("PUT", f"/{name}-y1/_doc/1", {"f": "1"}, expect=201)
        m1 = self.ok("GET", f"/{name}-x1/_mapping", expect=200)[f"{name}-x1"]["mappings"]["properties"]["f"]
        m2 = self.ok("GET", f"/{name}-y1/_mapping", expect=200)[f"{name}-y1"]["mappings"]["properties"]["f"]
        self.assertEqual((m1["type"], m2["type"]), ("integer", "keyword"))
        # Same priority and overlapping patterns → 400.
        st, _, body = self.req("PUT", f"/_index_template/{name}-dup", {"index_patterns": [f"{name}-x*"],
                               "priority": 10})
        self.assertEqual(st, 400, body)
        self.assertEqual(body["error"]["type"], "illegal_argument_exception", body)

    def test_aliases(self):
        base = self.index_name()
        a, b = f"{base}-a", f"{base}-b"
        al = f"{base}-alias"
        for i in (a, b):
            self.ok("PUT", f"/{i}", R0, expect=200)
        self.assertEqual(self.ok("POST", "/_aliases", {"actions": [{"add": {"index": a, "alias": al}}]}, expect=200),
                         {"acknowledged": True})
        self.assertEqual(self.ok("GET", f"/_alias/{al}", expect=200), {a: {"aliases": {al: {}}}})
        self.assertEqual(self.req("HEAD", f"/_alias/{al}")[0], 200)
        # Write and read through a single-index alias.
        r = self.ok("PUT", f"/{al}/_doc/1", {"v": 1}, expect=201)
        self.assertEqual(r["_index"], a)
        g = self.ok("GET", f"/{al}/_doc/1", expect=200)
        self.assertEqual((g["_index"], g["_source"]), (a, {"v": 1}))
        # PUT /{index}/_alias/{name}
        self.assertEqual(self.ok("PUT", f"/{b}/_alias/{al}", expect=200), {"acknowledged": True})
        got = self.ok("GET", f"/_alias/{al}", expect=200)
        self.assertEqual(got, {a: {"aliases": {al: {}}}, b: {"aliases": {al: {}}}})
        all_aliases = self.ok("GET", "/_alias", expect=200)
        self.assertEqual(all_aliases[a], {"aliases": {al: {}}})
        # Two indices, no write index: writes fail.
        err = self.assertError(self.req("PUT", f"/{al}/_doc/2", {"v": 2}), 400, "illegal_argument_exception")
        self.assertEqual(err["reason"], f"no write index is defined for alias [{al}]. The write index may be "
                         "explicitly disabled using is_write_index=false or the alias points to multiple indices "
                         "without one being designated as a write index")
        # Make b the write index.
        self.ok("POST", "/_aliases", {"actions": [{"add": {"index": b, "alias": al, "is_write_index": True}}]},
                expect=200)
        r = self.ok("PUT", f"/{al}/_doc/2", {"v": 2}, expect=201)
        self.assertEqual(r["_index"], b)
        self.assertEqual(self.ok("GET", f"/{b}/_source/2", expect=200), {"v": 2})
        self.assertEqual(self.ok("GET", f"/{b}/_alias/{al}", expect=200), {b: {"aliases": {al: {"is_write_index": True}}}})
        # Remove
        self.ok("POST", "/_aliases", {"actions": [{"remove": {"index": a, "alias": al}}]}, expect=200)
        self.assertEqual(set(self.ok("GET", f"/_alias/{al}", expect=200)), {b})
        self.ok("DELETE", f"/{b}/_alias/{al}", expect=200)
        st, _, body = self.req("GET", f"/_alias/{al}")
        self.assertEqual(st, 404, body)
        self.assertEqual(body.get("status"), 404)
        self.assertEqual(self.req("HEAD", f"/_alias/{al}")[0], 404)
        # Alias with the name of an existing index is rejected.
        st, _, body = self.req("POST", "/_aliases", {"actions": [{"add": {"index": a, "alias": b}}]})
        self.assertEqual(st, 400, body)
        self.assertEqual(body["error"]["type"], "invalid_alias_name_exception", body)
        # Deleting an index drops its aliases.
        self.ok("PUT", f"/{a}/_alias/{al}", expect=200)
        self.ok("DELETE", f"/{a}", expect=200)
        self.assertEqual(self.req("GET", f"/_alias/{al}")[0], 404)

    def test_bulk_through_alias_write_index(self):
        base = self.index_name()
        a, b, al = f"{base}-a", f"{base}-b", f"{base}-w"
        self.ok("PUT", f"/{a}", {"settings": {"number_of_replicas": 0}, "aliases": {al: {"is_write_index": False}}},
                expect=200)
        self.ok("PUT", f"/{b}", {"settings": {"number_of_replicas": 0}, "aliases": {al: {"is_write_index": True}}},
                expect=200)
        st, _, r = self.server.bulk([{"index": {"_index": al, "_id": "1"}}, {"v": 1}])
        self.assertEqual(st, 200, r)
        self.assertEqual(r["items"][0]["index"]["_index"], b, r)


class CatAndCluster(ph.PharosTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A fresh cluster has no visible indices and is green.
        cls.fresh_health = cls.server.json("GET", "/_cluster/health", expect=200)
        cls.fresh_cat = cls.server.request("GET", "/_cat/indices")

    def test_fresh_cluster(self):
        h = self.fresh_health
        self.assertEqual(h["status"], "green")
        self.assertEqual(h["active_primary_shards"], 0)
        self.assertEqual(h["number_of_nodes"], 1)
        self.assertEqual(self.fresh_cat[0], 200)
        self.assertEqual(self.fresh_cat[2].strip(), "")

    def test_cluster_health(self):
        g = self.index_name("green")
        y = self.index_name("yellow")
        self.ok("PUT", f"/{g}", {"settings": {"number_of_shards": 2, "number_of_replicas": 0}}, expect=200)
        h = self.ok("GET", f"/_cluster/health/{g}", expect=200)
        for key in ("cluster_name", "status", "timed_out", "number_of_nodes", "number_of_data_nodes",
                    "active_primary_shards", "active_shards", "relocating_shards", "initializing_shards",
                    "unassigned_shards", "delayed_unassigned_shards", "number_of_pending_tasks",
                    "number_of_in_flight_fetch", "task_max_waiting_in_queue_millis",
                    "active_shards_percent_as_number"):
            self.assertIn(key, h)
        self.assertEqual(h["status"], "green")
        self.assertEqual(h["active_primary_shards"], 2)
        self.assertEqual(h["unassigned_shards"], 0)
        self.assertIs(h["timed_out"], False)
        self.ok("PUT", f"/{y}", {"settings": {"number_of_shards": 1, "number_of_replicas": 1}}, expect=200)
        st, _, h = self.req("GET", f"/_cluster/health/{y}")
        self.assertEqual(st, 200, h)
        self.assertEqual(h["status"], "yellow")
        self.assertEqual(h["unassigned_shards"], 1)
        st, _, h = self.req("GET", "/_cluster/health")
        self.assertEqual((st, h["status"]), (200, "yellow"))
        h = self.ok("GET", "/_cluster/health", params={"level": "indices"}, expect=200)
        self.assertEqual(h["indices"][g]["status"], "green")
        self.assertEqual(h["indices"][y]["status"], "yellow")
        # wait_for_status=yellow returns at once; green would time out (408 not used: 200 + timed_out)
        h = self.ok("GET", f"/_cluster/health/{y}", params={"wait_for_status": "yellow", "timeout": "1s"}, expect=200)
        self.assertIs(h["timed_out"], False)
        st, _, h = self.req("GET", f"/_cluster/health/{y}", params={"wait_for_status": "green", "timeout": "500ms"})
        self.assertEqual(st, 408, h)
        self.assertIs(h["timed_out"], True)
        self.ok("PUT", f"/{y}/_settings", {"index": {"number_of_replicas": 0}}, expect=200)
        self.assertEqual(self.ok("GET", f"/_cluster/health/{y}", expect=200)["status"], "green")

    def test_cat_indices(self):
        idx = self.index_name()
        self.ok("PUT", f"/{idx}", R0, expect=200)
        for i in range(3):
            self.ok("PUT", f"/{idx}/_doc/{i}", {"i": i}, expect=201)
        self.ok("POST", f"/{idx}/_refresh", expect=200)
        st, hdrs, text = self.req("GET", f"/_cat/indices/{idx}", params={"v": "true"})
        self.assertEqual(st, 200)
        self.assertIn("text/plain", hdrs.get("content-type", ""))
        lines = text.strip("\n").split("\n")
        self.assertEqual(lines[0].split(), ["health", "status", "index", "uuid", "pri", "rep", "docs.count",
                                            "docs.deleted", "store.size", "pri.store.size"])
        row = lines[1].split()
        self.assertEqual(row[:3], ["green", "open", idx])
        self.assertRegex(row[3], r"^[A-Za-z0-9_-]{22}$")
        self.assertEqual(row[4:7], ["1", "0", "3"])
        # No header without v.
        st, _, text = self.req("GET", f"/_cat/indices/{idx}")
        self.assertTrue(text.split()[0] == "green", text)
        js = self.ok("GET", f"/_cat/indices/{idx}", params={"format": "json"}, expect=200)
        self.assertEqual(len(js), 1)
        self.assertEqual({k: js[0][k] for k in ("health", "status", "index", "pri", "rep", "docs.count")},
                         {"health": "green", "status": "open", "index": idx, "pri": "1", "rep": "0",
                          "docs.count": "3"})
        js = self.ok("GET", "/_cat/indices", params={"format": "json", "h": "index,docs.count"}, expect=200)
        mine = [r for r in js if r["index"] == idx]
        self.assertEqual(mine, [{"index": idx, "docs.count": "3"}])
        st, _, text = self.req("GET", f"/_cat/indices/{idx}", params={"h": "index,health", "v": "true"})
        self.assertEqual(text.split(), ["index", "health", idx, "green"])
        self.assertError(self.req("GET", "/_cat/indices/cat-missing-zz"), 404, "index_not_found_exception")

    def test_cat_count_health_aliases_templates(self):
        idx = self.index_name()
        self.ok("PUT", f"/{idx}", {"settings": {"number_of_replicas": 0}, "aliases": {f"{idx}-al": {}}}, expect=200)
        self.ok("PUT", f"/{idx}/_doc/1", {"a": 1}, params={"refresh": "true"}, expect=201)
        st, _, text = self.req("GET", f"/_cat/count/{idx}", params={"v": "true"})
        lines = text.strip().split("\n")
        self.assertEqual(lines[0].split(), ["epoch", "timestamp", "count"])
        self.assertRegex(lines[1], r"^\d+\s+\d\d:\d\d:\d\d\s+1\s*$")
        js = self.ok("GET", f"/_cat/count/{idx}", params={"format": "json"}, expect=200)
        self.assertEqual(js[0]["count"], "1")
        st, _, text = self.req("GET", "/_cat/health", params={"v": "true"})
        self.assertEqual(st, 200)
        header = text.split("\n")[0].split()
        self.assertEqual(header[:4], ["epoch", "timestamp", "cluster", "status"])
        self.assertIn("discovered_cluster_manager", header)
        js = self.ok("GET", "/_cat/health", params={"format": "json"}, expect=200)
        self.assertIn(js[0]["status"], ("green", "yellow"))
        st, _, text = self.req("GET", f"/_cat/aliases/{idx}-al", params={"v": "true"})
        lines = text.strip().split("\n")
        self.assertEqual(lines[0].split(), ["alias", "index", "filter", "routing.index", "routing.search",
                                            "is_write_index"])
        self.assertEqual(lines[1].split(), [f"{idx}-al", idx, "-", "-", "-", "-"])
        js = self.ok("GET", "/_cat/aliases", params={"format": "json"}, expect=200)
        self.assertIn({"alias": f"{idx}-al", "index": idx, "filter": "-", "routing.index": "-",
                       "routing.search": "-", "is_write_index": "-"}, js)
        self.ok("PUT", f"/_index_template/{idx}-t", {"index_patterns": [f"{idx}-t-*"], "priority": 3}, expect=200)
        st, _, text = self.req("GET", f"/_cat/templates/{idx}-t", params={"v": "true"})
        lines = text.strip().split("\n")
        self.assertEqual(lines[0].split(), ["name", "index_patterns", "order", "version", "composed_of"])
        self.assertTrue(lines[1].startswith(f"{idx}-t "), lines)
        self.assertIn(f"[{idx}-t-*]", lines[1])
        js = self.ok("GET", "/_cat/templates", params={"format": "json"}, expect=200)
        self.assertIn(f"{idx}-t", [t["name"] for t in js])

    def test_refresh_flush_forcemerge_shards(self):
        idx = self.index_name()
        self.ok("PUT", f"/{idx}", {"settings": {"number_of_shards": 2, "number_of_replicas": 0}}, expect=200)
        for i in range(10):
            self.ok("PUT", f"/{idx}/_doc/{i}", {"i": i}, expect=201)
        want = {"total": 2, "successful": 2, "failed": 0}
        self.assertEqual(self.ok("POST", f"/{idx}/_refresh", expect=200), {"_shards": want})
        self.assertEqual(self.ok("GET", f"/{idx}/_refresh", expect=200), {"_shards": want})
        self.assertEqual(self.ok("POST", f"/{idx}/_flush", expect=200), {"_shards": want})
        self.assertEqual(self.ok("POST", f"/{idx}/_forcemerge", params={"max_num_segments": 1}, expect=200),
                         {"_shards": want})
        idx1 = self.index_name("rep1")
        self.ok("PUT", f"/{idx1}", {"settings": {"number_of_shards": 1, "number_of_replicas": 1}}, expect=200)
        self.assertEqual(self.ok("POST", f"/{idx1}/_refresh", expect=200),
                         {"_shards": {"total": 2, "successful": 1, "failed": 0}})
        r = self.ok("POST", "/_refresh", expect=200)
        self.assertGreaterEqual(r["_shards"]["total"], 4)
        self.assertEqual(r["_shards"]["failed"], 0)
        self.ok("POST", "/_flush", expect=200)
        self.assertError(self.req("POST", "/refresh-missing-zz/_refresh"), 404, "index_not_found_exception")
        cnt = self.ok("GET", f"/_cat/count/{idx}", params={"format": "json"}, expect=200)
        self.assertEqual(cnt[0]["count"], "10")


class Analyze(ph.PharosTestCase):
    def test_standard(self):
        r = self.ok("POST", "/_analyze", {"analyzer": "standard", "text": "Hello World"}, expect=200)
        self.assertEqual(r, {"tokens": [
            {"token": "hello", "start_offset": 0, "end_offset": 5, "type": "<ALPHANUM>", "position": 0},
            {"token": "world", "start_offset": 6, "end_offset": 11, "type": "<ALPHANUM>", "position": 1}]})
        r = self.ok("GET", "/_analyze", {"text": "Brown-Foxes 42"}, expect=200)  # default analyzer = standard
        self.assertEqual([t["token"] for t in r["tokens"]], ["brown", "foxes", "42"])
        self.assertEqual(r["tokens"][2]["type"], "<NUM>")

    def test_english_and_others(self):
        r = self.ok("POST", "/_analyze", {"analyzer": "english", "text": "The quick foxes are jumping"}, expect=200)
        self.assertEqual([(t["token"], t["position"]) for t in r["tokens"]],
                         [("quick", 1), ("fox", 2), ("jump", 4)])
        r = self.ok("POST", "/_analyze", {"analyzer": "whitespace", "text": "A b-C  d"}, expect=200)
        self.assertEqual([t["token"] for t in r["tokens"]], ["A", "b-C", "d"])
        r = self.ok("POST", "/_analyze", {"analyzer": "keyword", "text": "New York"}, expect=200)
        self.assertEqual([t["token"] for t in r["tokens"]], ["New York"])
        r = self.ok("POST", "/_analyze", {"tokenizer": "standard", "filter": ["lowercase"],
                                          "text": "ÉCOLE Dogs"}, expect=200)
        self.assertEqual([t["token"] for t in r["tokens"]], ["école", "dogs"])
        r = self.ok("POST", "/_analyze", {"analyzer": "standard", "text": ["one", "two"]}, expect=200)
        self.assertEqual([t["token"] for t in r["tokens"]], ["one", "two"])
        self.assertGreater(r["tokens"][1]["position"], r["tokens"][0]["position"])
        st, _, body = self.req("POST", "/_analyze", {"analyzer": "no_such_analyzer_zz", "text": "x"})
        self.assertEqual(st, 400, body)
        self.assertEqual(body["error"]["type"], "illegal_argument_exception", body)

    def test_index_field_analyzer(self):
        idx = self.index_name()
        self.ok("PUT", f"/{idx}", {"settings": {"number_of_replicas": 0},
                                   "mappings": {"properties": {"body": {"type": "text", "analyzer": "english"}}}},
                expect=200)
        r = self.ok("POST", f"/{idx}/_analyze", {"field": "body", "text": "running dogs"}, expect=200)
        self.assertEqual([t["token"] for t in r["tokens"]], ["run", "dog"])


if __name__ == "__main__":
    ph.main()
