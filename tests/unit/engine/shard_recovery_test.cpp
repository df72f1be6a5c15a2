// Durability: flush + reopen, crash without flush (leaked service), torn translog tail,
// corrupt files, manifest fallback.
#include <gtest/gtest.h>

#include <filesystem>

#include "index/base/file_io.h"
#include "index/engine/translog.h"
#include "index_service_test_util.h"

namespace pharos::engine {
namespace {

using namespace test_util;  // NOLINT: test-local helpers
namespace fs = std::filesystem;

class ShardRecoveryTest : public ::testing::Test {
 protected:
  std::shared_ptr<IndexService> reopen() {
    auto s = open_index_service(service_config(dir_.path(), &node_));
    if (!s.is_ok()) {
      last_error_ = s.status();
      return nullptr;
    }
    return s.value();
  }
  // Simulates a crash: the service is never closed (no flush) and stays alive, holding its
  // files, while a second instance recovers the same directory. Destroyed at teardown
  // (destruction does not flush either), so leak checkers stay quiet.
  void abandon(std::shared_ptr<IndexService>& s) { abandoned_.push_back(std::move(s)); }
  std::vector<std::string> files_with(const std::string& shard_dir, const std::string& needle) {
    std::vector<std::string> out;
    for (auto& e : fs::directory_iterator(shard_dir))
      if (e.path().filename().string().find(needle) != std::string::npos) out.push_back(e.path().string());
    std::sort(out.begin(), out.end());
    return out;
  }

  TempDir dir_;
  NodeSettings node_;
  Status last_error_;
  std::vector<std::shared_ptr<IndexService>> abandoned_;  // after dir_: destroyed first
};

TEST_F(ShardRecoveryTest, FlushAndReopenKeepsDocsAndVersions) {
  auto s = create_service(dir_.path(), &node_);
  ASSERT_NE(s, nullptr);
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(s->index(doc(std::to_string(i), R"({"n":)" + std::to_string(i) + "}")).is_ok());
  ASSERT_TRUE(s->index(doc("3", R"({"n":33})")).is_ok());
  ASSERT_TRUE(s->remove(DeleteRequest{"4", "", {}}).is_ok());
  ASSERT_TRUE(close_index_service(*s).is_ok());
  s.reset();
  auto r = reopen();
  ASSERT_NE(r, nullptr) << last_error_.to_string();
  EXPECT_EQ(r->acquire_searchers()[0]->live_doc_count, 19u);
  auto g = r->get(GetRequest{"3", "", true}).value();
  EXPECT_TRUE(g.found);
  EXPECT_EQ(g.version, 2);
  EXPECT_EQ(g.source, R"({"n":33})");
  EXPECT_FALSE(r->get(GetRequest{"4", "", true})->found);
  auto next = r->index(doc("5", "{}"));
  EXPECT_EQ(next->version, 2);
  EXPECT_EQ(next->seq_no, 22);  // seq_nos continue after recovery
  EXPECT_EQ(r->stats()[0].max_seq_no, 22);
  ASSERT_TRUE(close_index_service(*r).is_ok());
}

TEST_F(ShardRecoveryTest, CrashWithoutFlushReplaysTranslog) {
  auto s = create_service(dir_.path(), &node_, {{"number_of_shards", 2}});
  ASSERT_NE(s, nullptr);
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(s->index(doc("d" + std::to_string(i), R"({"v":1})")).is_ok());
  ASSERT_TRUE(s->refresh().is_ok());  // some docs in segments (unflushed), some in the buffer
  for (int i = 0; i < 50; i += 2) ASSERT_TRUE(s->index(doc("d" + std::to_string(i), R"({"v":2})")).is_ok());
  for (int i = 1; i < 10; i += 2) ASSERT_TRUE(s->remove(DeleteRequest{"d" + std::to_string(i), "", {}}).is_ok());
  abandon(s);
  auto r = reopen();
  ASSERT_NE(r, nullptr) << last_error_.to_string();
  uint64_t live = 0;
  for (auto& searcher : r->acquire_searchers()) live += searcher->live_doc_count;
  EXPECT_EQ(live, 45u);
  for (int i = 0; i < 50; ++i) {
    auto g = r->get(GetRequest{"d" + std::to_string(i), "", true}).value();
    if (i < 10 && i % 2 == 1) {
      EXPECT_FALSE(g.found) << i;
      continue;
    }
    ASSERT_TRUE(g.found) << i;
    EXPECT_EQ(g.version, i % 2 == 0 ? 2 : 1) << i;
    EXPECT_EQ(g.source, i % 2 == 0 ? R"({"v":2})" : R"({"v":1})") << i;
  }
  ASSERT_TRUE(close_index_service(*r).is_ok());
}

TEST_F(ShardRecoveryTest, TornTranslogTailRecovers) {
  auto s = create_service(dir_.path(), &node_);
  ASSERT_NE(s, nullptr);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(s->index(doc(std::to_string(i), "{}")).is_ok());
  abandon(s);
  auto logs = files_with(dir_.path() + "/0", ".tlog");
  ASSERT_FALSE(logs.empty());
  auto f = AppendFile::open(logs.back());
  ASSERT_TRUE(f->append(std::string("\x40\x00\x00\x00\x01\x02\x03", 7)).is_ok());
  (void)f->close();
  auto r = reopen();
  ASSERT_NE(r, nullptr) << last_error_.to_string();
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(r->get(GetRequest{std::to_string(i), "", true})->found);
  ASSERT_TRUE(close_index_service(*r).is_ok());
}

TEST_F(ShardRecoveryTest, CorruptSegmentFailsToOpen) {
  auto s = create_service(dir_.path(), &node_);
  ASSERT_NE(s, nullptr);
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(s->index(doc(std::to_string(i), R"({"t":"some text"})")).is_ok());
  ASSERT_TRUE(close_index_service(*s).is_ok());
  s.reset();
  auto segs = files_with(dir_.path() + "/0", "_0");
  ASSERT_FALSE(segs.empty());
  for (const auto& path : segs) {
    std::string bytes = read_file(path).value();
    if (bytes.size() < 8) continue;
    bytes[bytes.size() / 2] ^= 0x5A;
    ASSERT_TRUE(write_file(path, bytes, true).is_ok());
  }
  EXPECT_EQ(reopen(), nullptr);
  EXPECT_EQ(last_error_.kind(), ErrorKind::corrupt) << last_error_.to_string();
}

TEST_F(ShardRecoveryTest, DamagedNewestManifestFallsBack) {
  auto s = create_service(dir_.path(), &node_);
  ASSERT_NE(s, nullptr);
  ASSERT_TRUE(s->index(doc("a", "{}")).is_ok());
  ASSERT_TRUE(s->flush().is_ok());
  ASSERT_TRUE(s->index(doc("b", "{}")).is_ok());
  ASSERT_TRUE(s->flush().is_ok());
  abandon(s);
  auto manifests = files_with(dir_.path() + "/0", "manifest_");
  ASSERT_GE(manifests.size(), 2u);
  std::string newest = manifests.back();
  for (const auto& m : manifests)  // numeric order, not lexical
    if (std::stoull(fs::path(m).filename().string().substr(9)) > std::stoull(fs::path(newest).filename().string().substr(9))) newest = m;
  std::string bytes = read_file(newest).value();
  ASSERT_TRUE(write_file(newest, bytes.substr(0, bytes.size() / 2), true).is_ok());
  auto r = reopen();
  ASSERT_NE(r, nullptr) << last_error_.to_string();
  EXPECT_TRUE(r->get(GetRequest{"a", "", true})->found);
  EXPECT_TRUE(r->get(GetRequest{"b", "", true})->found);
  ASSERT_TRUE(close_index_service(*r).is_ok());
}

TEST_F(ShardRecoveryTest, AsyncDurabilityAndSettingsPersist) {
  auto s = create_service(dir_.path(), &node_, {{"index", {{"translog", {{"durability", "async"}}}}}});
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->settings()->durability, TranslogDurability::async);
  ASSERT_TRUE(s->put_settings({{"index", {{"number_of_replicas", 0}, {"refresh_interval", "-1"}}}}).is_ok());
  EXPECT_FALSE(s->put_settings({{"index.number_of_shards", 3}}).is_ok());
  ASSERT_TRUE(close_index_service(*s).is_ok());
  s.reset();
  auto r = reopen();
  ASSERT_NE(r, nullptr);
  auto settings = r->settings();
  EXPECT_EQ(settings->number_of_replicas, 0u);
  EXPECT_EQ(settings->refresh_interval_ms, -1);
  EXPECT_EQ(settings->uuid.size(), 22u);
  EXPECT_EQ(r->uuid(), settings->uuid);
  auto flat = settings->to_json(true);
  EXPECT_EQ(flat["index.provided_name"], "test");
  EXPECT_EQ(flat["index.version.created"], "137217827");
  EXPECT_TRUE(flat.contains("index.creation_date"));
  ASSERT_TRUE(close_index_service(*r).is_ok());
}

}  // namespace
}  // namespace pharos::engine
