// The real LocalCatalog over real index storage, in temp data directories.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "engine_test_util.h"
#include "index/base/file_io.h"
#include "index/engine/catalog.h"
#include "index/mapping/mapping.h"

namespace pharos::engine {
namespace {

using nlohmann::json;

class CatalogEndToEndTest : public ::testing::Test {
 protected:
  std::unique_ptr<Catalog> open_catalog() {
    NodeSettings settings;
    settings.data_path = dir_.path() + "/data";
    auto opened = Catalog::open(settings);
    EXPECT_TRUE(opened.is_ok()) << opened.status().to_string();
    return opened.is_ok() ? std::move(opened).value() : nullptr;
  }
  std::vector<std::string> resolve(Catalog& catalog, std::string_view expression,
                                   IndicesOptions options = {}) {
    auto resolved = catalog.resolve(expression, options);
    EXPECT_TRUE(resolved.is_ok()) << resolved.status().to_string();
    return resolved.is_ok() ? resolved.value() : std::vector<std::string>{};
  }

  test_util::TempDir dir_;
};

TEST_F(CatalogEndToEndTest, CreateResolveDelete) {
  auto catalog = open_catalog();
  ASSERT_TRUE(catalog);
  EXPECT_EQ(catalog->node_id().size(), 22u);
  auto created = catalog->create_index("logs-1", json::parse(R"({"settings":{"number_of_shards":2}})"));
  ASSERT_TRUE(created.is_ok()) << created.status().to_string();
  EXPECT_EQ(created.value()->number_of_shards(), 2u);
  EXPECT_EQ(created.value()->uuid(), catalog->index_entry("logs-1")->uuid);
  EXPECT_TRUE(path_exists(dir_.path() + "/data/indices/" + created.value()->uuid()));
  ASSERT_TRUE(catalog->create_index("logs-2", json()).is_ok());

  auto again = catalog->create_index("logs-1", json::object());
  EXPECT_EQ(again.status().kind(), ErrorKind::already_exists);
  EXPECT_EQ(again.status().message(), "index [logs-1/" + created.value()->uuid() + "] already exists");
  EXPECT_EQ(catalog->create_index("Logs", json::object()).status().kind(), ErrorKind::invalid_index_name);
  EXPECT_EQ(catalog->create_index("x", json::parse(R"({"bogus":1})")).status().kind(),
            ErrorKind::parse_error);
  EXPECT_EQ(catalog->index_names(), (std::vector<std::string>{"logs-1", "logs-2"}));
  EXPECT_EQ(resolve(*catalog, "logs-*"), (std::vector<std::string>{"logs-1", "logs-2"}));

  ASSERT_TRUE(catalog->delete_index("logs-1").is_ok());
  EXPECT_FALSE(path_exists(dir_.path() + "/data/indices/" + created.value()->uuid()));
  EXPECT_EQ(catalog->index("logs-1"), nullptr);
  Status missing = catalog->delete_index("logs-1");
  EXPECT_EQ(missing.kind(), ErrorKind::index_not_found);
  EXPECT_EQ(missing.message(), "no such index [logs-1]");
  EXPECT_TRUE(catalog->delete_index("nomatch*").is_ok());
  ASSERT_TRUE(catalog->shutdown().is_ok());
}

TEST_F(CatalogEndToEndTest, DeleteThroughAliasIsRejected) {
  auto catalog = open_catalog();
  ASSERT_TRUE(catalog->create_index("a", json::parse(R"({"aliases":{"al":{}}})")).is_ok());
  Status status = catalog->delete_index("al");
  EXPECT_EQ(status.kind(), ErrorKind::invalid_argument);
  EXPECT_EQ(
      status.message(),
      "The provided expression [al] matches an alias, specify the corresponding concrete indices instead.");
  EXPECT_EQ(catalog->create_index("al", json::object()).status().kind(), ErrorKind::invalid_index_name);
  ASSERT_TRUE(catalog->delete_index("a").is_ok());
  EXPECT_TRUE(catalog->aliases().empty()) << "deleting an index drops its aliases";
}

TEST_F(CatalogEndToEndTest, CloseAndOpen) {
  auto catalog = open_catalog();
  ASSERT_TRUE(catalog->create_index("c", json::object()).is_ok());
  ASSERT_TRUE(catalog->close_index("c").is_ok());
  EXPECT_EQ(catalog->index("c"), nullptr);
  EXPECT_EQ(catalog->index_entry("c")->state, IndexState::closed);
  EXPECT_EQ(catalog->resolve("c", {}).status().kind(), ErrorKind::index_closed);
  EXPECT_TRUE(resolve(*catalog, "*").empty());
  auto write = catalog->resolve_write_index("c", true);
  EXPECT_EQ(write.status().kind(), ErrorKind::index_closed);
  EXPECT_EQ(write.status().message(), "closed");

  catalog.reset();
  catalog = open_catalog();
  EXPECT_EQ(catalog->index_entry("c")->state, IndexState::closed) << "closed state persists";
  ASSERT_TRUE(catalog->open_index("c").is_ok());
  ASSERT_NE(catalog->index("c"), nullptr);
  EXPECT_EQ(resolve(*catalog, "c"), std::vector<std::string>{"c"});
}

TEST_F(CatalogEndToEndTest, PersistenceAcrossReopen) {
  std::string cluster_uuid, node_id, uuid;
  {
    auto catalog = open_catalog();
    cluster_uuid = catalog->cluster_uuid();
    node_id = catalog->node_id();
    ASSERT_TRUE(
        catalog->put_index_template("t", json::parse(R"({"index_patterns":["logs-*"],"priority":7})"), false)
            .is_ok());
    auto created = catalog->create_index("logs-a", json::object());
    ASSERT_TRUE(created.is_ok()) << created.status().to_string();
    uuid = created.value()->uuid();
    ASSERT_TRUE(catalog
                    ->update_aliases(json::parse(
                        R"({"actions":[{"add":{"index":"logs-a","alias":"logs","is_write_index":true}}]})"))
                    .is_ok());
    IndexRequest request;
    request.id = "1";
    request.source = R"({"msg":"hello"})";
    ASSERT_TRUE(created.value()->index(request).is_ok());
    ASSERT_TRUE(catalog->shutdown().is_ok());
  }
  auto catalog = open_catalog();
  EXPECT_EQ(catalog->cluster_uuid(), cluster_uuid);
  EXPECT_EQ(catalog->node_id(), node_id);
  ASSERT_NE(catalog->index("logs-a"), nullptr);
  EXPECT_EQ(catalog->index("logs-a")->uuid(), uuid);
  auto aliases = catalog->aliases();
  ASSERT_EQ(aliases.size(), 1u);
  EXPECT_EQ(aliases[0].alias, "logs");
  EXPECT_EQ(aliases[0].is_write_index, std::optional<bool>(true));
  auto templates = catalog->get_index_templates("t");
  ASSERT_TRUE(templates.is_ok());
  EXPECT_EQ(templates.value()["index_templates"][0]["index_template"]["priority"], 7);
  GetRequest get;
  get.id = "1";
  auto doc = catalog->index("logs-a")->get(get);
  ASSERT_TRUE(doc.is_ok()) << doc.status().to_string();
}

TEST_F(CatalogEndToEndTest, AutoCreateAppliesTemplate) {
  auto catalog = open_catalog();
  ASSERT_TRUE(catalog
                  ->put_index_template("logs", json::parse(R"({
      "index_patterns": ["logs-*"], "priority": 1,
      "template": {"settings": {"number_of_shards": 3, "refresh_interval": "5s"},
                   "mappings": {"properties": {"level": {"type": "keyword"}}},
                   "aliases": {"all-logs": {}}}})"),
                                       false)
                  .is_ok());
  EXPECT_EQ(catalog->resolve_write_index("logs-app", false).status().kind(), ErrorKind::index_not_found);
  auto created = catalog->resolve_write_index("logs-app", true);
  ASSERT_TRUE(created.is_ok()) << created.status().to_string();
  EXPECT_EQ(created.value()->number_of_shards(), 3u);
  EXPECT_EQ(created.value()->settings()->refresh_interval_ms, 5000);
  json mapping = created.value()->mapping()->to_json();
  EXPECT_EQ(mapping["properties"]["level"]["type"], "keyword") << mapping.dump();
  EXPECT_EQ(resolve(*catalog, "all-logs"), std::vector<std::string>{"logs-app"});
  // A second auto-create of the same name finds the index instead.
  auto again = catalog->resolve_write_index("logs-app", true);
  ASSERT_TRUE(again.is_ok());
  EXPECT_EQ(again.value(), created.value());
  // Explicit creates get the template too, under the request's own values.
  auto explicit_create =
      catalog->create_index("logs-x", json::parse(R"({"settings":{"number_of_shards":1}})"));
  ASSERT_TRUE(explicit_create.is_ok());
  EXPECT_EQ(explicit_create.value()->number_of_shards(), 1u);
  EXPECT_EQ(explicit_create.value()->settings()->refresh_interval_ms, 5000);
}

TEST_F(CatalogEndToEndTest, WriteIndexThroughAlias) {
  auto catalog = open_catalog();
  ASSERT_TRUE(catalog->create_index("w1", json::object()).is_ok());
  ASSERT_TRUE(catalog->create_index("w2", json::object()).is_ok());
  ASSERT_TRUE(
      catalog->update_aliases(json::parse(R"({"actions":[{"add":{"indices":["w1","w2"],"alias":"w"}}]})"))
          .is_ok());
  EXPECT_EQ(catalog->resolve_write_index("w", true).status().kind(), ErrorKind::invalid_argument);
  ASSERT_TRUE(catalog
                  ->update_aliases(json::parse(
                      R"({"actions":[{"add":{"index":"w2","alias":"w","is_write_index":true}}]})"))
                  .is_ok());
  auto write = catalog->resolve_write_index("w", true);
  ASSERT_TRUE(write.is_ok());
  EXPECT_EQ(write.value()->name(), "w2");
  // remove_index deletes the index itself.
  ASSERT_TRUE(
      catalog->update_aliases(json::parse(R"({"actions":[{"remove_index":{"index":"w1"}}]})")).is_ok());
  EXPECT_EQ(catalog->index_names(), std::vector<std::string>{"w2"});
}

TEST_F(CatalogEndToEndTest, TemplateErrors) {
  auto catalog = open_catalog();
  ASSERT_TRUE(catalog->put_index_template("a", json::parse(R"({"index_patterns":["x*"]})"), false).is_ok());
  EXPECT_EQ(catalog->put_index_template("a", json::parse(R"({"index_patterns":["x*"]})"), true).message(),
            "index template [a] already exists");
  EXPECT_EQ(catalog->put_index_template("b", json::parse(R"({"index_patterns":["x*"]})"), false).kind(),
            ErrorKind::invalid_argument);
  EXPECT_EQ(
      catalog
          ->put_index_template(
              "c",
              json::parse(R"({"index_patterns":["y*"],"template":{"settings":{"number_of_shards":"abc"}}})"),
              false)
          .kind(),
      ErrorKind::invalid_argument);
  EXPECT_EQ(catalog->delete_index_template("zzz").kind(), ErrorKind::template_missing);
  ASSERT_TRUE(catalog->delete_index_template("a").is_ok());
  EXPECT_EQ(catalog->get_index_templates("a").status().kind(), ErrorKind::not_found);
}

TEST_F(CatalogEndToEndTest, CorruptIndexIsListedAsFailed) {
  std::string uuid;
  {
    auto catalog = open_catalog();
    auto created = catalog->create_index("good", json::object());
    ASSERT_TRUE(created.is_ok());
    auto bad = catalog->create_index("bad", json::object());
    ASSERT_TRUE(bad.is_ok());
    uuid = bad.value()->uuid();
  }
  std::filesystem::remove_all(dir_.path() + "/data/indices/" + uuid);
  std::filesystem::create_directories(dir_.path() + "/data/indices/" + uuid);
  auto catalog = open_catalog();
  ASSERT_TRUE(catalog);
  EXPECT_NE(catalog->index("good"), nullptr);
  EXPECT_EQ(catalog->index("bad"), nullptr);
  EXPECT_EQ(catalog->index_entry("bad")->state, IndexState::failed);
  EXPECT_EQ(resolve(*catalog, "*"), std::vector<std::string>{"good"});
  EXPECT_EQ(catalog->resolve("bad", {}).status().kind(), ErrorKind::corrupt);
  ASSERT_TRUE(catalog->delete_index("bad").is_ok());
  EXPECT_EQ(catalog->index_names(), std::vector<std::string>{"good"});
}

TEST_F(CatalogEndToEndTest, ConcurrentAutoCreateMakesOneIndex) {
  auto catalog = open_catalog();
  std::vector<std::shared_ptr<IndexService>> got(6);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < got.size(); ++i) {
    threads.emplace_back([&, i] {
      auto write = catalog->resolve_write_index("race", true);
      if (write.is_ok()) got[i] = write.value();
      (void)catalog->resolve("*", {});
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& service : got) {
    ASSERT_NE(service, nullptr);
    EXPECT_EQ(service, got[0]);
  }
  EXPECT_EQ(catalog->index_names(), std::vector<std::string>{"race"});
}

TEST_F(CatalogEndToEndTest, OrphanDirectoriesAreRemoved) {
  { auto catalog = open_catalog(); }
  std::filesystem::create_directories(dir_.path() + "/data/indices/orphan");
  auto catalog = open_catalog();
  EXPECT_FALSE(path_exists(dir_.path() + "/data/indices/orphan"));
}

}  // namespace
}  // namespace pharos::engine
