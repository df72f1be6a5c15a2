#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "index/engine/index_template.h"
#include "index/engine/index_template_merge.h"

namespace pharos::engine {
namespace {

using nlohmann::json;

IndexTemplate parse_ok(const std::string& name, const json& body) {
  auto parsed = parse_index_template(name, body);
  EXPECT_TRUE(parsed.is_ok()) << parsed.status().to_string();
  return parsed.is_ok() ? parsed.value() : IndexTemplate{};
}

TEST(CatalogTemplate, ParseNormalises) {
  IndexTemplate t = parse_ok("t", json::parse(R"({
    "index_patterns": "logs-*", "priority": 5, "version": 3, "_meta": {"a": 1}, "data_stream": {},
    "template": {"settings": {"number_of_shards": 2, "index": {"refresh_interval": "5s"}},
                 "mappings": {"_doc": {"properties": {"msg": {"type": "text"}}}},
                 "aliases": {"logs": {}}}})"));
  EXPECT_EQ(t.index_patterns, std::vector<std::string>{"logs-*"});
  EXPECT_EQ(t.priority, 5);
  json body = json::parse(t.body_json);
  EXPECT_EQ(body["index_patterns"], json::array({"logs-*"}));
  EXPECT_EQ(body["composed_of"], json::array());
  EXPECT_EQ(body["template"]["settings"],
            json::parse(R"({"index":{"number_of_shards":"2","refresh_interval":"5s"}})"));
  EXPECT_EQ(body["template"]["mappings"], json::parse(R"({"properties":{"msg":{"type":"text"}}})"));
  EXPECT_EQ(body["version"], 3);
  EXPECT_EQ(body["data_stream"], json::object());
}

TEST(CatalogTemplate, ParseErrors) {
  auto missing = parse_index_template("t", json::parse(R"({"priority": 1})"));
  EXPECT_EQ(missing.status().kind(), ErrorKind::invalid_argument);
  EXPECT_EQ(missing.status().message(), "Required [index_patterns]");
  EXPECT_EQ(parse_index_template("t", json::parse(R"({"index_patterns":["a*"],"bogus":1})")).status().kind(),
            ErrorKind::parse_error);
  EXPECT_EQ(parse_index_template("t", json::parse(R"({"index_patterns":["a*"],"template":{"x":1}})"))
                .status()
                .kind(),
            ErrorKind::parse_error);
  EXPECT_EQ(parse_index_template("t", json::parse(R"({"index_patterns":["a*"],"template":{"settings":3}})"))
                .status()
                .kind(),
            ErrorKind::invalid_argument);
  auto components =
      parse_index_template("t", json::parse(R"({"index_patterns":["a*"],"composed_of":["c1"]})"));
  EXPECT_EQ(components.status().kind(), ErrorKind::invalid_argument);
  EXPECT_NE(components.status().message().find("specifies component templates [c1] that do not exist"),
            std::string::npos);
  EXPECT_TRUE(
      parse_index_template("t", json::parse(R"({"index_patterns":["a*"],"composed_of":[]})")).is_ok());
  EXPECT_EQ(
      parse_index_template("t", json::parse(R"({"index_patterns":["a*"],"priority":-1})")).status().kind(),
      ErrorKind::invalid_argument);
  EXPECT_EQ(parse_index_template("t", json::parse(R"({"index_patterns":["a b"]})")).status().kind(),
            ErrorKind::invalid_argument);
  EXPECT_EQ(
      parse_index_template("t", json::parse(R"({"index_patterns":["a*"],"template":{"aliases":{"b*":{}}}})"))
          .status()
          .kind(),
      ErrorKind::invalid_alias_name);
  EXPECT_EQ(parse_index_template("t", json::parse("[1]")).status().kind(), ErrorKind::parse_error);
}

TEST(CatalogTemplate, SamePriorityOverlapIsRejected) {
  IndexTemplateMap existing;
  existing["a"] = parse_ok("a", json::parse(R"({"index_patterns":["x*"]})"));
  IndexTemplate b = parse_ok("b", json::parse(R"({"index_patterns":["x*"]})"));
  Status status = check_template_conflicts(b, existing);
  EXPECT_EQ(status.kind(), ErrorKind::invalid_argument);
  EXPECT_EQ(
      status.message(),
      "index template [b] has index patterns [x*] matching patterns from existing templates [a] with "
      "patterns "
      "(a => [x*]) that have the same priority [0], multiple index templates may not match during index "
      "creation, please use a different priority");
  // Different priority, disjoint patterns, or replacing itself: fine.
  EXPECT_TRUE(check_template_conflicts(
                  parse_ok("b", json::parse(R"({"index_patterns":["x*"],"priority":1})")), existing)
                  .is_ok());
  EXPECT_TRUE(
      check_template_conflicts(parse_ok("b", json::parse(R"({"index_patterns":["y*"]})")), existing).is_ok());
  EXPECT_TRUE(
      check_template_conflicts(parse_ok("a", json::parse(R"({"index_patterns":["x*"]})")), existing).is_ok());
}

TEST(CatalogTemplate, HighestPriorityWins) {
  IndexTemplateMap templates;
  templates["low"] = parse_ok("low", json::parse(R"({"index_patterns":["logs-*"],"priority":1})"));
  templates["high"] = parse_ok("high", json::parse(R"({"index_patterns":["logs-app-*"],"priority":10})"));
  templates["other"] = parse_ok("other", json::parse(R"({"index_patterns":["metrics-*"],"priority":50})"));
  EXPECT_EQ(find_matching_template("logs-app-1", templates)->name, "high");
  EXPECT_EQ(find_matching_template("logs-db-1", templates)->name, "low");
  EXPECT_EQ(find_matching_template("nothing", templates), nullptr);
}

TEST(CatalogTemplate, ComposeRequestWins) {
  json contents = json::parse(R"({
    "settings": {"index": {"number_of_shards": "3", "refresh_interval": "5s"}},
    "mappings": {"dynamic": "strict", "properties": {"msg": {"type": "text"}, "host": {"properties": {"name": {"type": "keyword"}}},
                 "level": {"type": "keyword"}}},
    "aliases": {"logs": {}, "shared": {"routing": "1"}}})");
  json request = json::parse(R"({
    "settings": {"number_of_shards": 1},
    "mappings": {"properties": {"level": {"type": "integer"}, "host": {"properties": {"ip": {"type": "ip"}}}}},
    "aliases": {"shared": {}}})");
  auto composed = compose_index_body(contents, request);
  ASSERT_TRUE(composed.is_ok()) << composed.status().to_string();
  const json& out = composed.value();
  EXPECT_EQ(out["settings"]["index.number_of_shards"], 1);
  EXPECT_EQ(out["settings"]["index.refresh_interval"], "5s");
  EXPECT_EQ(out["mappings"]["dynamic"], "strict");
  EXPECT_EQ(out["mappings"]["properties"]["msg"]["type"], "text");
  EXPECT_EQ(out["mappings"]["properties"]["level"]["type"], "integer");
  EXPECT_EQ(out["mappings"]["properties"]["host"]["properties"]["name"]["type"], "keyword");
  EXPECT_EQ(out["mappings"]["properties"]["host"]["properties"]["ip"]["type"], "ip");
  EXPECT_EQ(out["aliases"]["logs"], json::object());
  EXPECT_EQ(out["aliases"]["shared"], json::object());
}

TEST(CatalogTemplate, ComposeWithoutTemplate) {
  auto composed = compose_index_body(
      json(), json::parse(R"({"mappings":{"_doc":{"properties":{"a":{"type":"long"}}}}})"));
  ASSERT_TRUE(composed.is_ok());
  EXPECT_EQ(composed.value()["mappings"], json::parse(R"({"properties":{"a":{"type":"long"}}})"));
  EXPECT_EQ(composed.value()["settings"], json::object());
  EXPECT_EQ(composed.value()["aliases"], json::object());
}

TEST(CatalogTemplate, DynamicTemplatesMergeByName) {
  json merged =
      merge_mappings(json::parse(R"({"dynamic_templates":[{"a":{"match":"a*"}},{"b":{"match":"b*"}}]})"),
                     json::parse(R"({"dynamic_templates":[{"b":{"match":"bb*"}}]})"));
  EXPECT_EQ(merged["dynamic_templates"], json::parse(R"([{"a":{"match":"a*"}},{"b":{"match":"bb*"}}])"));
}

TEST(CatalogTemplate, GetTemplates) {
  IndexTemplateMap templates;
  templates["logs"] = parse_ok("logs", json::parse(R"({"index_patterns":"logs-*"})"));
  templates["metrics"] = parse_ok("metrics", json::parse(R"({"index_patterns":["metrics-*"],"priority":2})"));
  auto all = get_index_templates_json(templates, "");
  ASSERT_TRUE(all.is_ok());
  ASSERT_EQ(all.value()["index_templates"].size(), 2u);
  EXPECT_EQ(all.value()["index_templates"][0]["name"], "logs");
  EXPECT_EQ(all.value()["index_templates"][0]["index_template"]["index_patterns"], json::array({"logs-*"}));
  auto one = get_index_templates_json(templates, "met*");
  ASSERT_TRUE(one.is_ok());
  ASSERT_EQ(one.value()["index_templates"].size(), 1u);
  EXPECT_EQ(one.value()["index_templates"][0]["index_template"]["priority"], 2);
  auto none = get_index_templates_json(templates, "zzz*");
  ASSERT_TRUE(none.is_ok());
  EXPECT_TRUE(none.value()["index_templates"].empty());
  auto missing = get_index_templates_json(templates, "zzz");
  EXPECT_EQ(missing.status().kind(), ErrorKind::not_found);
  EXPECT_EQ(missing.status().message(), "index template matching [zzz] not found");
}

}  // namespace
}  // namespace pharos::engine
