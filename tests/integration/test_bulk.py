"""_bulk against OpenSearch 3.x behaviour: actions, per-item results and errors, NDJSON
details, whole-request errors, require_alias, templates on auto-create, a 10 MB request."""

import json
import random
import time

import pharos_harness as ph


class Bulk(ph.PharosTestCase):
    def count(self, idx):
        self.ok("POST", f"/{idx}/_refresh", expect=200)
        return int(self.ok("GET", f"/_cat/count/{idx}", params={"format": "json"}, expect=200)[0]["count"])

    def test_all_actions_results_and_order(self):
        idx = self.index_name()
        self.ok("PUT", f"/{idx}", {"settings": {"number_of_replicas": 0}}, expect=200)
        self.ok("PUT", f"/{idx}/_doc/existing", {"v": 0}, expect=201)
        lines = [
            {"index": {"_index": idx, "_id": "1"}}, {"v": 1},
            {"create": {"_index": idx, "_id": "2"}}, {"v": 2},
            {"create": {"_index": idx, "_id": "existing"}}, {"v": 99},
            {"update": {"_index": idx, "_id": "1"}}, {"doc": {"w": 1}},
            {"update": {"_index": idx, "_id": "missing"}}, {"doc": {"w": 1}},
            {"update": {"_index": idx, "_id": "3"}}, {"doc": {"w": 3}, "doc_as_upsert": True},
            {"delete": {"_index": idx, "_id": "2"}},
            {"delete": {"_index": idx, "_id": "never"}},
            {"index": {"_index": idx}}, {"auto": True},
            {"index": {"_index": idx, "_id": "1"}}, {"v": 7, "final": True},
        ]
        st, hdrs, r = self.server.bulk(lines)
        self.assertEqual(st, 200, r)
        self.assertIn("application/json", hdrs.get("content-type", ""))
        self.assertIsInstance(r["took"], int)
        self.assertIs(r["errors"], True)
        items = r["items"]
        self.assertEqual([list(i)[0] for i in items],
                         ["index", "create", "create", "update", "update", "update", "delete", "delete",
                          "index", "index"])
        got = [(list(i.values())[0].get("_id"), list(i.values())[0]["status"],
                list(i.values())[0].get("result")) for i in items]
        self.assertEqual(got[0], ("1", 201, "created"))
        self.assertEqual(got[1], ("2", 201, "created"))
        self.assertEqual(got[2][:2], ("existing", 409))
        self.assertEqual(items[2]["create"]["error"]["type"], "version_conflict_engine_exception")
        self.assertEqual(items[2]["create"]["error"]["reason"],
                         "[existing]: version conflict, document already exists (current version [1])")
        self.assertEqual(got[3], ("1", 200, "updated"))
        self.assertEqual(got[4][:2], ("missing", 404))
        self.assertEqual(items[4]["update"]["error"]["type"], "document_missing_exception")
        self.assertEqual(got[5], ("3", 201, "created"))
        self.assertEqual(got[6], ("2", 200, "deleted"))
        self.assertEqual(got[7], ("never", 404, "not_found"))
        self.assertEqual(got[8][1:], (201, "created"))
        self.assertRegex(got[8][0], r"^[A-Za-z0-9_-]{20}$")
        self.assertEqual(got[9], ("1", 200, "updated"))
        ok_item = items[0]["index"]
        for key in ("_index", "_id", "_version", "result", "_shards", "_seq_no", "_primary_term", "status"):
            self.assertIn(key, ok_item)
        self.assertEqual(ok_item["_index"], idx)
        self.assertEqual(ok_item["_shards"], {"total": 1, "successful": 1, "failed": 0})
        self.assertEqual(items[9]["index"]["_version"], 3)
        # Sequence numbers are assigned in item order within the shard.
        seqs = [list(i.values())[0]["_seq_no"] for i in items if "_seq_no" in list(i.values())[0]
                and list(i.values())[0]["status"] < 300]
        self.assertEqual(seqs, sorted(seqs))
        self.assertEqual(len(set(seqs)), len(seqs))
        self.assertEqual(self.ok("GET", f"/{idx}/_source/1", expect=200), {"v": 7, "final": True})
        self.assertEqual(self.ok("GET", f"/{idx}/_source/3", expect=200), {"w": 3})
        self.assertEqual(self.req("GET", f"/{idx}/_doc/2")[0], 404)
        self.assertEqual(self.ok("GET", f"/{idx}/_source/existing", expect=200), {"v": 0})
        self.assertEqual(self.count(idx), 4)  # existing, 1, 3, auto

    def test_errors_false_when_all_succeed(self):
        idx = self.index_name()
        st, _, r = self.server.bulk([{"index": {"_index": idx, "_id": "a"}}, {"x": 1},
                                     {"index": {"_index": idx, "_id": "b"}}, {"x": 2}])
        self.assertEqual(st, 200, r)
        self.assertIs(r["errors"], False)
        self.assertTrue(all("error" not in list(i.values())[0] for i in r["items"]))

    def test_index_in_path_and_default_index(self):
        idx = self.index_name()
        other = self.index_name("other")
        st, _, r = self.server.bulk([{"index": {"_id": "1"}}, {"a": 1},
                                     {"index": {"_index": other, "_id": "1"}}, {"a": 2}],
                                    path=f"/{idx}/_bulk")
        self.assertEqual(st, 200, r)
        self.assertEqual([i["index"]["_index"] for i in r["items"]], [idx, other])
        # No index anywhere → action_request_validation_exception for the whole request.
        st, _, r = self.server.bulk([{"index": {"_id": "1"}}, {"a": 1}])
        self.assertEqual(st, 400, r)
        self.assertEqual(r["error"]["type"], "action_request_validation_exception", r)
        self.assertIn("index is missing", r["error"]["reason"])

    def test_ndjson_details(self):
        idx = self.index_name()
        body = ("\n"  # leading blank line
                + json.dumps({"index": {"_index": idx, "_id": "1"}}) + "\r\n"
                + json.dumps({"a": 1}) + "\r\n"
                + "\n\n"  # blank lines between items
                + '  {"index" : {"_index":"%s","_id":"2"}}  \n' % idx
                + '{"a":2}\n'
                + json.dumps({"delete": {"_index": idx, "_id": "1"}}) + "\n"
                + json.dumps({"index": {"_index": idx, "_id": "3", "routing": None, "pipeline": None}}) + "\n"
                + '{\n  "a": 3\n}'.replace("\n", " ") + "\n")
        st, _, r = self.server.bulk(body.encode())
        self.assertEqual(st, 200, r)
        self.assertIs(r["errors"], False, r)
        self.assertEqual([list(i)[0] for i in r["items"]], ["index", "index", "delete", "index"])
        self.assertEqual(self.ok("GET", f"/{idx}/_source/2", expect=200), {"a": 2})
        self.assertEqual(self.ok("GET", f"/{idx}/_source/3", expect=200), {"a": 3})
        self.assertEqual(self.req("GET", f"/{idx}/_doc/1")[0], 404)
        # null _id means auto-generated
        st, _, r = self.server.bulk([{"index": {"_index": idx, "_id": None}}, {"a": 4}])
        self.assertEqual(st, 200, r)
        self.assertEqual(r["items"][0]["index"]["status"], 201, r)
        self.assertRegex(r["items"][0]["index"]["_id"], r"^[A-Za-z0-9_-]{20}$")

    def test_content_types(self):
        idx = self.index_name()
        for n, ctype in enumerate(("application/x-ndjson", "application/json",
                                   "application/json; charset=UTF-8", "application/x-ndjson; charset=utf-8")):
            st, _, r = self.server.bulk([{"index": {"_index": idx, "_id": str(n)}}, {"n": n}], content_type=ctype)
            self.assertEqual(st, 200, f"{ctype}: {r}")
            self.assertIs(r["errors"], False, r)
        self.assertEqual(self.count(idx), 4)
        st, _, r = self.server.bulk([{"index": {"_index": idx, "_id": "x"}}, {"n": 1}], content_type="text/plain")
        self.assertEqual(st, 406, r)

    def test_type_and_unknown_action_keys_tolerated(self):
        # Shippers built for Elasticsearch 6/7 send _type and extra metadata keys: accepted.
        idx = self.index_name()
        st, _, r = self.server.bulk([{"index": {"_index": idx, "_type": "_doc", "_id": "1"}}, {"a": 1},
                                     {"index": {"_index": idx, "_id": "2", "bogus": 1, "pipeline": None}}, {"a": 2}],
                                    params={"refresh": "true"})
        self.assertEqual(st, 200, r)
        self.assertFalse(r["errors"], r)
        self.assertEqual([i["index"]["status"] for i in r["items"]], [201, 201])
        self.assertEqual(self.count(idx), 2)

    def test_malformed_action_lines_rejected(self):
        idx = self.index_name()
        err = self.assertError(self.server.bulk([{"explode": {"_index": idx}}, {"a": 1}]),
                               400, "illegal_argument_exception")
        self.assertIn("Malformed action/metadata line [1], expected one of [create, delete, index, update] "
                      "but found [explode]", err["reason"])
        err = self.assertError(self.server.bulk([{"index": {"_index": idx, "_id": ["1"]}}, {"a": 1}]),
                               400, "illegal_argument_exception")
        self.assertEqual(err["reason"],
                         "Malformed action/metadata line [1], expected a simple value for field [_id] but found [START_ARRAY]")
        # Nothing from a rejected request was applied.
        self.assertEqual(self.req("GET", f"/{idx}/_doc/1")[0], 404)

    def test_malformed_action_line_fails_whole_request(self):
        idx = self.index_name()
        body = (json.dumps({"index": {"_index": idx, "_id": "1"}}) + "\n" + json.dumps({"a": 1}) + "\n"
                + '{"index": {"_index": "%s", "_id": "2"\n' % idx + json.dumps({"a": 2}) + "\n")
        st, _, r = self.server.bulk(body.encode())
        self.assertEqual(st, 400, r)
        self.assertIsInstance(r, dict, r)
        self.assertEqual(r.get("status"), 400)
        self.assertIn("type", r["error"])
        self.assertEqual(self.req("GET", f"/{idx}/_doc/1")[0], 404, "a rejected bulk must apply nothing")
        # Empty action object (rest-api-spec bulk/10_basic "empty action").
        body = (json.dumps({"index": {"_index": idx, "_id": "1"}}) + "\n" + json.dumps({"a": 1}) + "\n{}\n")
        err = self.assertError(self.server.bulk(body.encode(), content_type="application/json"), 400,
                               "illegal_argument_exception")
        self.assertIn("Malformed action/metadata line [3], expected FIELD_NAME but found [END_OBJECT]", err["reason"])
        # Empty body.
        st, _, r = self.server.bulk(b"")
        self.assertEqual(st, 400, r)
        self.assertIn(r["error"]["type"], ("parse_exception", "action_request_validation_exception"), r)
        # Server is fine afterwards.
        st, _, r = self.server.bulk([{"index": {"_index": idx, "_id": "ok"}}, {"a": 1}])
        self.assertEqual((st, r["errors"]), (200, False), r)

    def test_bad_source_fails_only_its_item(self):
        idx = self.index_name()
        self.ok("PUT", f"/{idx}", {"settings": {"number_of_replicas": 0},
                                   "mappings": {"properties": {"n": {"type": "long"}}}}, expect=200)
        body = "\n".join([
            json.dumps({"index": {"_index": idx, "_id": "1"}}), json.dumps({"n": 1}),
            json.dumps({"index": {"_index": idx, "_id": "2"}}), json.dumps({"n": "not a number"}),
            json.dumps({"index": {"_index": idx, "_id": "3"}}), '{"n": 3, "broken": ',
            json.dumps({"index": {"_index": idx, "_id": "4"}}), json.dumps({"n": 4}),
        ]) + "\n"
        st, _, r = self.server.bulk(body.encode())
        self.assertEqual(st, 200, r)
        self.assertIs(r["errors"], True)
        items = [i["index"] for i in r["items"]]
        self.assertEqual(len(items), 4, r)
        self.assertEqual([i["status"] for i in items], [201, 400, 400, 201])
        self.assertEqual(items[1]["error"]["type"], "mapper_parsing_exception")
        self.assertTrue(items[1]["error"]["reason"].startswith(
            "failed to parse field [n] of type [long] in document with id '2'"), items[1])
        self.assertEqual(items[1]["_id"], "2")
        self.assertEqual(items[1]["_index"], idx)
        self.assertEqual(items[2]["error"]["type"], "mapper_parsing_exception")
        self.assertEqual([self.req("GET", f"/{idx}/_doc/{i}")[0] for i in "1234"], [200, 404, 404, 200])

    def test_empty_id(self):
        # rest-api-spec bulk/10_basic "Empty _id with op_type create"
        idx = self.index_name()
        st, _, r = self.server.bulk([
            {"index": {"_index": idx, "_id": ""}}, {"f": 1},
            {"index": {"_index": idx, "_id": "id"}}, {"f": 2},
            {"index": {"_index": idx}}, {"f": 3},
            {"create": {"_index": idx}}, {"f": 4},
            {"index": {"_index": idx, "op_type": "create"}}, {"f": 5},
        ], params={"refresh": "true"})
        self.assertEqual(st, 200, r)
        self.assertIs(r["errors"], True)
        it = r["items"]
        self.assertEqual(it[0]["index"]["status"], 400)
        self.assertEqual(it[0]["index"]["error"]["type"], "illegal_argument_exception")
        self.assertEqual(it[0]["index"]["error"]["reason"], "if _id is specified it must not be empty")
        self.assertEqual(it[1]["index"]["result"], "created")
        self.assertEqual(it[2]["index"]["result"], "created")
        self.assertEqual(it[3]["create"]["result"], "created")
        self.assertEqual(it[4]["create"]["result"], "created")
        self.assertEqual(int(self.ok("GET", f"/_cat/count/{idx}", params={"format": "json"}, expect=200)[0]["count"]), 4)

    def test_require_alias(self):
        base = self.index_name()
        backing, alias = f"{base}-backing", f"{base}-alias"
        self.ok("PUT", f"/{backing}", {"mappings": {}, "aliases": {alias: {}}}, expect=200)
        st, _, r = self.server.bulk([
            {"index": {"_index": f"{base}-new1", "require_alias": True}}, {"f": 1},
            {"index": {"_index": f"{base}-new2"}}, {"f": 2},
            {"index": {"_index": alias, "require_alias": True}}, {"f": 3},
            {"create": {"_index": alias}}, {"f": 4},
        ], params={"refresh": "true"})
        self.assertEqual(st, 200, r)
        self.assertIs(r["errors"], True)
        it = r["items"]
        self.assertEqual(it[0]["index"]["status"], 404)
        self.assertEqual(it[0]["index"]["error"]["type"], "index_not_found_exception")
        self.assertEqual(it[0]["index"]["error"]["reason"],
                         f"no such index [{base}-new1] and [require_alias] request flag is [true] and "
                         f"[{base}-new1] is not an alias")
        self.assertEqual(it[1]["index"]["result"], "created")
        self.assertEqual(it[2]["index"]["result"], "created")
        self.assertEqual(it[2]["index"]["_index"], backing)
        self.assertEqual(it[3]["create"]["result"], "created")
        self.assertEqual(self.req("GET", f"/{base}-new1")[0], 404)
        # Request-level flag, overridden per item.
        st, _, r = self.server.bulk([
            {"index": {"_index": f"{base}-new3"}}, {"f": 1},
            {"index": {"_index": f"{base}-new4", "require_alias": False}}, {"f": 2},
        ], params={"require_alias": "true"})
        self.assertEqual([i["index"]["status"] for i in r["items"]], [404, 201], r)

    def test_no_write_index_item_error(self):
        base = self.index_name()
        self.ok("PUT", f"/{base}-1", expect=200)
        self.ok("PUT", f"/{base}-2", expect=200)
        self.ok("PUT", f"/{base}-1/_alias/{base}", expect=200)
        self.ok("PUT", f"/{base}-2/_alias/{base}", expect=200)
        st, _, r = self.server.bulk(['{"index": {"_index": "%s"}}' % base, '{"field": "test"}'])
        self.assertEqual(st, 200, r)
        it = r["items"][0]["index"]
        self.assertEqual((it["status"], it["error"]["type"]), (400, "illegal_argument_exception"))
        self.assertEqual(it["error"]["reason"],
                         f"no write index is defined for alias [{base}]. The write index may be explicitly disabled "
                         "using is_write_index=false or the alias points to multiple indices without one being "
                         "designated as a write index")

    def test_update_variants(self):
        idx = self.index_name()
        self.ok("PUT", f"/{idx}/_doc/1", {"a": 1, "b": 1}, expect=201)
        st, _, r = self.server.bulk([
            {"update": {"_index": idx, "_id": "1"}}, {"doc": {"a": 1}},              # noop
            {"update": {"_index": idx, "_id": "1"}}, {"doc": {"a": 2}, "_source": True},
            {"update": {"_index": idx, "_id": "u"}}, {"doc": {"x": 1}, "upsert": {"x": 0}},
            {"update": {"_index": idx, "_id": "1", "if_seq_no": 0, "if_primary_term": 1}}, {"doc": {"a": 3}},
            {"update": {"_index": idx, "_id": "1", "retry_on_conflict": 3}}, {"doc": {"c": 1}},
        ])
        self.assertEqual(st, 200, r)
        it = [i["update"] for i in r["items"]]
        self.assertEqual(it[0]["result"], "noop")
        self.assertEqual(it[1]["result"], "updated")
        self.assertEqual(it[1]["get"]["_source"], {"a": 2, "b": 1})
        self.assertEqual((it[2]["status"], it[2]["result"]), (201, "created"))
        self.assertEqual(it[3]["status"], 409)
        self.assertEqual(it[3]["error"]["type"], "version_conflict_engine_exception")
        self.assertEqual(it[4]["result"], "updated")
        self.assertEqual(self.ok("GET", f"/{idx}/_source/1", expect=200), {"a": 2, "b": 1, "c": 1})
        self.assertEqual(self.ok("GET", f"/{idx}/_source/u", expect=200), {"x": 0})
        # Versioning on bulk update is refused for the whole request.
        err = self.assertError(self.server.bulk([{"update": {"_index": idx, "_id": "1", "version": 5}},
                                                 {"doc": {"a": 9}}]), 400, "illegal_argument_exception")
        self.assertIn("Update requests do not support versioning", err["reason"])

    def test_external_version_and_seq_no_items(self):
        idx = self.index_name()
        st, _, r = self.server.bulk([
            {"index": {"_index": idx, "_id": "1", "version": 5, "version_type": "external"}}, {"v": 1},
            {"index": {"_index": idx, "_id": "1", "version": 4, "version_type": "external"}}, {"v": 2},
            {"index": {"_index": idx, "_id": "1", "if_seq_no": 0, "if_primary_term": 1}}, {"v": 3},
            {"index": {"_index": idx, "_id": "1", "if_seq_no": 0, "if_primary_term": 1}}, {"v": 4},
            {"delete": {"_index": idx, "_id": "1", "if_seq_no": 0, "if_primary_term": 1}},
        ])
        self.assertEqual(st, 200, r)
        statuses = [list(i.values())[0]["status"] for i in r["items"]]
        self.assertEqual(statuses, [201, 409, 200, 409, 409])
        self.assertEqual(r["items"][0]["index"]["_version"], 5)
        self.assertEqual(self.ok("GET", f"/{idx}/_source/1", expect=200), {"v": 3})

    def test_refresh_param(self):
        idx = self.index_name()
        self.ok("PUT", f"/{idx}", {"settings": {"number_of_replicas": 0, "refresh_interval": "-1"}}, expect=200)
        st, _, r = self.server.bulk([{"index": {"_index": idx, "_id": "1"}}, {"a": 1}])
        self.assertEqual(int(self.ok("GET", f"/_cat/count/{idx}", params={"format": "json"}, expect=200)[0]["count"]), 0)
        st, _, r = self.server.bulk([{"index": {"_index": idx, "_id": "2"}}, {"a": 1}], params={"refresh": "true"})
        self.assertEqual(int(self.ok("GET", f"/_cat/count/{idx}", params={"format": "json"}, expect=200)[0]["count"]), 2)
        self.assertIs(r["items"][0]["index"].get("forced_refresh"), True)

    def test_auto_create_through_template(self):
        name = self.index_name("tpl")
        self.ok("PUT", f"/_index_template/{name}", {
            "index_patterns": [f"{name}-*"],
            "template": {"settings": {"number_of_shards": 2, "number_of_replicas": 0},
                         "mappings": {"properties": {"status": {"type": "integer"}, "msg": {"type": "keyword"}}},
                         "aliases": {f"{name}-read": {}}}}, expect=200)
        day = f"{name}-2024.01.01"
        st, _, r = self.server.bulk([{"index": {"_index": day}}, {"status": 200, "msg": "a b"},
                                     {"index": {"_index": day}}, {"status": "oops", "msg": "c"},
                                     {"create": {"_index": day}}, {"status": "404", "msg": "d"}])
        self.assertEqual(st, 200, r)
        self.assertEqual([list(i.values())[0]["status"] for i in r["items"]], [201, 400, 201])
        self.assertEqual(r["items"][1]["index"]["error"]["type"], "mapper_parsing_exception")
        m = self.ok("GET", f"/{day}/_mapping", expect=200)[day]["mappings"]["properties"]
        self.assertEqual(m, {"status": {"type": "integer"}, "msg": {"type": "keyword"}})
        s = self.ok("GET", f"/{day}/_settings", expect=200)[day]["settings"]["index"]
        self.assertEqual(s["number_of_shards"], "2")
        self.assertEqual(self.ok("GET", f"/_alias/{name}-read", expect=200), {day: {"aliases": {f"{name}-read": {}}}})
        self.assertEqual(self.count(day), 2)
        self.assertEqual(self.ok("GET", "/_cluster/health/" + day, expect=200)["status"], "green")

    def test_many_indices_and_shards_in_one_request(self):
        base = self.index_name()
        rng = random.Random(1234)
        lines, expected = [], {}
        for i in range(600):
            idx = f"{base}-{i % 3}"
            doc_id = str(rng.randrange(150))
            src = {"i": i, "s": "x" * rng.randrange(50)}
            lines += [{"index": {"_index": idx, "_id": doc_id}}, src]
            expected[(idx, doc_id)] = src
        self.ok("PUT", f"/{base}-0", {"settings": {"number_of_shards": 3, "number_of_replicas": 0}}, expect=200)
        st, _, r = self.server.bulk(lines)
        self.assertEqual(st, 200, r)
        self.assertIs(r["errors"], False)
        self.assertEqual(len(r["items"]), 600)
        for n, item in enumerate(r["items"]):
            self.assertEqual(item["index"]["_index"], f"{base}-{n % 3}")
        for (idx, doc_id), src in list(expected.items())[:100]:
            self.assertEqual(self.ok("GET", f"/{idx}/_source/{doc_id}", expect=200), src)
        total = sum(self.count(f"{base}-{k}") for k in range(3))
        self.assertEqual(total, len(expected))

    def test_ten_megabyte_bulk_is_fast(self):
        idx = self.index_name()
        self.ok("PUT", f"/{idx}", {"settings": {"number_of_replicas": 0}}, expect=200)
        rng = random.Random(42)
        words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"]
        parts, n = [], 0
        size = 0
        while size < 10 * 1024 * 1024:
            action = json.dumps({"index": {"_index": idx, "_id": str(n)}})
            src = json.dumps({"n": n, "msg": " ".join(rng.choice(words) for _ in range(40)),
                              "status": rng.choice([200, 200, 200, 404, 500]), "size": rng.randrange(10**6)})
            parts.append(action)
            parts.append(src)
            size += len(action) + len(src) + 2
            n += 1
        body = ("\n".join(parts) + "\n").encode()
        t0 = time.monotonic()
        st, _, r = self.server.bulk(body, timeout=60)
        took = time.monotonic() - t0
        self.assertEqual(st, 200, str(r)[:1000])
        self.assertIs(r["errors"], False)
        self.assertEqual(len(r["items"]), n)
        print(f"\n  10 MB bulk: {n} docs, {len(body) / 1e6:.1f} MB in {took:.2f}s "
              f"({n / took:.0f} docs/s)", flush=True)
        self.assertLess(took, 10.0, "10 MB _bulk must finish in under 10 s")
        self.assertEqual(self.count(idx), n)
        self.assertEqual(self.ok("GET", f"/{idx}/_source/{n - 1}", expect=200),
                         json.loads(parts[-1]))


if __name__ == "__main__":
    ph.main()
