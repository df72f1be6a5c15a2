// Document semantics of the shard write path: versions, seq_nos, conflicts, realtime GET,
// deletes, updates, bulk.
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "index/mapping/mapping.h"
#include "index_service_test_util.h"

namespace pharos::engine {
namespace {

using namespace test_util;  // NOLINT: test-local helpers

class ShardWriteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    service_ = create_service(dir_.path(), &node_);
    ASSERT_NE(service_, nullptr);
  }
  void TearDown() override {
    if (service_) (void)close_index_service(*service_);
  }
  GetResult get(const std::string& id) { return service_->get(GetRequest{id, "", true}).value(); }

  TempDir dir_;
  NodeSettings node_;
  std::shared_ptr<IndexService> service_;
};

TEST_F(ShardWriteTest, IndexAssignsVersionsAndSeqNos) {
  auto r1 = service_->index(doc("1", R"({"title":"hello"})"));
  ASSERT_TRUE(r1.is_ok()) << r1.status().to_string();
  EXPECT_EQ(r1->outcome, WriteOutcome::created);
  EXPECT_EQ(r1->version, 1);
  EXPECT_EQ(r1->seq_no, 0);
  auto r2 = service_->index(doc("1", R"({"title":"again"})"));
  ASSERT_TRUE(r2.is_ok());
  EXPECT_EQ(r2->outcome, WriteOutcome::updated);
  EXPECT_EQ(r2->version, 2);
  EXPECT_EQ(r2->seq_no, 1);
  EXPECT_STREQ(write_outcome_name(r2->outcome), "updated");
}

TEST_F(ShardWriteTest, AutoIdsAreTwentyChars) {
  auto r = service_->index(doc("", R"({"a":1})"));
  ASSERT_TRUE(r.is_ok());
  EXPECT_EQ(r->id.size(), 20u);
  EXPECT_TRUE(get(r->id).found);
}

TEST_F(ShardWriteTest, RealtimeGetBeforeAndAfterRefresh) {
  ASSERT_TRUE(service_->index(doc("1", R"({"a":1})")).is_ok());
  GetResult g = get("1");
  EXPECT_TRUE(g.found);
  EXPECT_EQ(g.source, R"({"a":1})");
  EXPECT_FALSE(service_->get(GetRequest{"1", "", false})->found);  // not refreshed yet
  EXPECT_EQ(service_->acquire_searchers()[0]->live_doc_count, 0u);
  ASSERT_TRUE(service_->refresh().is_ok());
  EXPECT_EQ(service_->acquire_searchers()[0]->live_doc_count, 1u);
  g = get("1");
  EXPECT_TRUE(g.found);
  EXPECT_EQ(g.source, R"({"a":1})");
  EXPECT_EQ(g.version, 1);
  EXPECT_TRUE(service_->get(GetRequest{"1", "", false})->found);
  EXPECT_FALSE(get("missing").found);
}

TEST_F(ShardWriteTest, CreateOnExistingConflicts) {
  ASSERT_TRUE(service_->index(doc("1", R"({"a":1})")).is_ok());
  IndexRequest create = doc("1", R"({"a":2})");
  create.op_type = OpType::create;
  auto r = service_->index(create);
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().kind(), ErrorKind::version_conflict);
  EXPECT_EQ(r.status().message(), "[1]: version conflict, document already exists (current version [1])");
}

TEST_F(ShardWriteTest, IfSeqNoConflicts) {
  ASSERT_TRUE(service_->index(doc("1", R"({"a":1})")).is_ok());
  ASSERT_TRUE(service_->index(doc("1", R"({"a":2})")).is_ok());  // seq 1
  IndexRequest req = doc("1", R"({"a":3})");
  req.check.if_seq_no = 0;
  req.check.if_primary_term = 1;
  auto r = service_->index(req);
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().message(),
            "[1]: version conflict, required seqNo [0], primary term [1]. current document has seqNo [1] and primary term [1]");
  req.check.if_seq_no = 1;
  auto ok = service_->index(req);
  ASSERT_TRUE(ok.is_ok()) << ok.status().to_string();
  EXPECT_EQ(ok->version, 3);
  IndexRequest missing = doc("nope", "{}");
  missing.check.if_seq_no = 0;
  missing.check.if_primary_term = 1;
  EXPECT_EQ(service_->index(missing).status().kind(), ErrorKind::version_conflict);
}

TEST_F(ShardWriteTest, ExternalVersioning) {
  IndexRequest req = doc("1", R"({"a":1})");
  req.check.version_type = VersionType::external;
  req.check.version = 5;
  auto r = service_->index(req);
  ASSERT_TRUE(r.is_ok());
  EXPECT_EQ(r->version, 5);
  auto again = service_->index(req);
  ASSERT_FALSE(again.is_ok());
  EXPECT_EQ(again.status().message(),
            "[1]: version conflict, current version [5] is higher or equal to the one provided [5]");
  req.check.version_type = VersionType::external_gte;
  EXPECT_TRUE(service_->index(req).is_ok());
  req.check.version = 4;
  EXPECT_EQ(service_->index(req).status().message(),
            "[1]: version conflict, current version [5] is higher than the one provided [4]");
}

TEST_F(ShardWriteTest, DeleteSemantics) {
  auto missing = service_->remove(DeleteRequest{"x", "", {}});
  ASSERT_TRUE(missing.is_ok());
  EXPECT_EQ(missing->outcome, WriteOutcome::not_found);
  EXPECT_EQ(missing->version, 1);
  ASSERT_TRUE(service_->index(doc("1", R"({"a":1})")).is_ok());
  ASSERT_TRUE(service_->refresh().is_ok());
  auto del = service_->remove(DeleteRequest{"1", "", {}});
  ASSERT_TRUE(del.is_ok());
  EXPECT_EQ(del->outcome, WriteOutcome::deleted);
  EXPECT_EQ(del->version, 2);
  EXPECT_FALSE(get("1").found);
  // the searcher still shows it until refresh publishes the new live docs
  EXPECT_EQ(service_->acquire_searchers()[0]->live_doc_count, 1u);
  ASSERT_TRUE(service_->refresh().is_ok());
  EXPECT_EQ(service_->acquire_searchers()[0]->live_doc_count, 0u);
  auto again = service_->index(doc("1", R"({"a":2})"));
  ASSERT_TRUE(again.is_ok());
  EXPECT_EQ(again->outcome, WriteOutcome::created);
  EXPECT_EQ(again->version, 3);  // the tombstone keeps the version counting
}

TEST_F(ShardWriteTest, ReplaceWithinBufferThenRefresh) {
  ASSERT_TRUE(service_->index(doc("1", R"({"a":1})")).is_ok());
  ASSERT_TRUE(service_->index(doc("1", R"({"a":2})")).is_ok());
  ASSERT_TRUE(service_->refresh().is_ok());
  EXPECT_EQ(service_->acquire_searchers()[0]->live_doc_count, 1u);
  GetResult g = get("1");
  ASSERT_TRUE(g.found);
  EXPECT_EQ(g.source, R"({"a":2})");
  EXPECT_EQ(g.version, 2);
  auto r = service_->index(doc("1", R"({"a":3})"));
  EXPECT_EQ(r->version, 3);
}

TEST_F(ShardWriteTest, UpdateMergesNoopsAndUpserts) {
  ASSERT_TRUE(service_->index(doc("1", R"({"a":1,"o":{"x":1}})")).is_ok());
  UpdateRequest u;
  u.id = "1";
  u.doc = R"({"o":{"y":2}})";
  auto r = service_->update(u);
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_EQ(r->outcome, WriteOutcome::updated);
  EXPECT_EQ(r->version, 2);
  EXPECT_EQ(r->source, R"({"a":1,"o":{"x":1,"y":2}})");
  auto noop = service_->update(u);
  ASSERT_TRUE(noop.is_ok());
  EXPECT_EQ(noop->outcome, WriteOutcome::noop);
  EXPECT_EQ(noop->version, 2);

  UpdateRequest missing;
  missing.id = "2";
  missing.doc = R"({"a":1})";
  auto m = service_->update(missing);
  ASSERT_FALSE(m.is_ok());
  EXPECT_EQ(m.status().kind(), ErrorKind::document_missing);
  EXPECT_EQ(m.status().message(), "[2]: document missing");
  missing.upsert = R"({"a":0})";
  auto up = service_->update(missing);
  ASSERT_TRUE(up.is_ok());
  EXPECT_EQ(up->outcome, WriteOutcome::created);
  EXPECT_EQ(get("2").source, R"({"a":0})");
  UpdateRequest as_upsert;
  as_upsert.id = "3";
  as_upsert.doc = R"({"b":1})";
  as_upsert.doc_as_upsert = true;
  EXPECT_EQ(service_->update(as_upsert)->outcome, WriteOutcome::created);
  EXPECT_EQ(get("3").source, R"({"b":1})");

  UpdateRequest guarded = u;
  guarded.doc = R"({"a":9})";
  guarded.check.if_seq_no = 0;
  guarded.check.if_primary_term = 1;
  EXPECT_EQ(service_->update(guarded).status().kind(), ErrorKind::version_conflict);
}

TEST_F(ShardWriteTest, BulkMixedOpsWithItemErrors) {
  std::vector<BulkOp> ops(5);
  ops[0].kind = BulkOp::Kind::index;
  ops[0].index = doc("1", R"({"n":1})");
  ops[1].kind = BulkOp::Kind::create;
  ops[1].index = doc("1", R"({"n":2})");  // conflict
  ops[2].kind = BulkOp::Kind::update;
  ops[2].update.id = "1";
  ops[2].update.doc = R"({"m":1})";
  ops[3].kind = BulkOp::Kind::delete_;
  ops[3].remove.id = "nope";
  ops[4].kind = BulkOp::Kind::index;
  ops[4].index = doc("bad", "{not json");
  auto results = service_->bulk(ops);
  ASSERT_EQ(results.size(), 5u);
  EXPECT_TRUE(results[0].is_ok());
  EXPECT_EQ(results[1].status().kind(), ErrorKind::version_conflict);
  ASSERT_TRUE(results[2].is_ok());
  EXPECT_EQ(results[2]->version, 2);
  ASSERT_TRUE(results[3].is_ok());
  EXPECT_EQ(results[3]->outcome, WriteOutcome::not_found);
  EXPECT_FALSE(results[4].is_ok());
  EXPECT_EQ(get("1").source, R"({"m":1,"n":1})");
}

TEST_F(ShardWriteTest, DynamicMappingIsPersistedBeforeAck) {
  ASSERT_TRUE(service_->index(doc("1", R"({"title":"hello","count":3})")).is_ok());
  auto m = service_->mapping();
  EXPECT_NE(m->find("title"), nullptr);
  EXPECT_NE(m->find("count"), nullptr);
  // Abandon the service without closing it (a crash): the mapping must already be on disk.
  std::shared_ptr<IndexService> crashed = std::move(service_);
  auto reopened = open_index_service(service_config(dir_.path(), &node_));
  ASSERT_TRUE(reopened.is_ok()) << reopened.status().to_string();
  EXPECT_NE((*reopened)->mapping()->find("count"), nullptr);
  (void)close_index_service(**reopened);
}

}  // namespace
}  // namespace pharos::engine

namespace pharos::engine {
namespace {

using namespace test_util;  // NOLINT: test-local helpers

TEST(ShardConcurrencyTest, ConcurrentWritersGetUniqueSeqNosAndAllDocsSurvive) {
  TempDir dir;
  NodeSettings node;
  auto s = create_service(dir.path(), &node);
  ASSERT_NE(s, nullptr);
  constexpr int kThreads = 4, kPerThread = 50;
  std::vector<std::vector<int64_t>> seqs(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        auto r = s->index(doc(std::to_string(t) + "-" + std::to_string(i), R"({"k":"v"})"));
        if (r.is_ok()) seqs[t].push_back(r->seq_no);
        if (i % 10 == 0) (void)s->refresh();
      }
    });
  }
  for (auto& th : threads) th.join();
  std::set<int64_t> all;
  for (auto& v : seqs) all.insert(v.begin(), v.end());
  EXPECT_EQ(all.size(), size_t{kThreads * kPerThread});
  EXPECT_EQ(*all.rbegin(), kThreads * kPerThread - 1);
  ASSERT_TRUE(s->refresh().is_ok());
  EXPECT_EQ(s->acquire_searchers()[0]->live_doc_count, uint64_t{kThreads * kPerThread});
  ASSERT_TRUE(close_index_service(*s).is_ok());
}

}  // namespace
}  // namespace pharos::engine
