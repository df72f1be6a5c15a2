#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "engine_test_util.h"
#include "index/base/file_io.h"
#include "index/engine/commit_manifest.h"
#include "index/engine/document_merge.h"
#include "index/engine/id_generator.h"
#include "index/engine/merge_policy.h"
#include "index/engine/shard_routing.h"
#include "index/engine/translog.h"

namespace pharos::engine {
namespace {

using test_util::TempDir;

TranslogRecord make_record(int64_t seq, const std::string& id) {
  TranslogRecord r;
  r.op = TranslogOp::index;
  r.seq_no = seq;
  r.version = 1;
  r.id = id;
  r.source = R"({"n":)" + std::to_string(seq) + "}";
  return r;
}

std::vector<TranslogRecord> reopen(const std::string& dir, uint64_t min_gen, Status* status = nullptr) {
  std::vector<TranslogRecord> out;
  auto log = Translog::open(dir, min_gen, [&](const TranslogRecord& r) {
    out.push_back(r);
    return Status::ok();
  });
  if (status) *status = log.status();
  return out;
}

TEST(TranslogTest, RecordRoundTrip) {
  std::string bytes;
  TranslogRecord r = make_record(7, "doc-1");
  r.routing = "user1";
  encode_translog_record(r, bytes);
  DecodedFrame f = decode_translog_record(bytes);
  ASSERT_EQ(f.status, FrameStatus::ok);
  EXPECT_EQ(f.frame_size, bytes.size());
  EXPECT_EQ(f.record.seq_no, 7);
  EXPECT_EQ(f.record.id, "doc-1");
  EXPECT_EQ(f.record.routing, "user1");
  EXPECT_EQ(f.record.source, r.source);
  EXPECT_EQ(decode_translog_record(std::string_view(bytes).substr(0, bytes.size() - 1)).status, FrameStatus::truncated);
  bytes[bytes.size() - 2] ^= 0x40;
  EXPECT_EQ(decode_translog_record(bytes).status, FrameStatus::bad_checksum);
}

TEST(TranslogTest, AppendSyncReplay) {
  TempDir dir;
  {
    auto log = Translog::open(dir.path(), 1, [](const TranslogRecord&) { return Status::ok(); });
    ASSERT_TRUE(log.is_ok());
    for (int i = 0; i < 10; ++i) {
      auto loc = (*log)->append(make_record(i, "id" + std::to_string(i)));
      ASSERT_TRUE(loc.is_ok());
      ASSERT_TRUE((*log)->sync_to(*loc).is_ok());
    }
    EXPECT_EQ((*log)->stats().operations, 10u);
  }
  auto records = reopen(dir.path(), 1);
  ASSERT_EQ(records.size(), 10u);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(records[i].seq_no, i);
}

TEST(TranslogTest, GroupCommitFromManyThreads) {
  TempDir dir;
  auto log = Translog::open(dir.path(), 1, [](const TranslogRecord&) { return Status::ok(); });
  ASSERT_TRUE(log.is_ok());
  Translog* t = log->get();
  std::mutex order;
  std::atomic<int64_t> seq{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < 8; ++w) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        uint64_t loc;
        {
          std::lock_guard lock(order);
          loc = t->append(make_record(seq++, "x")).value();
        }
        ASSERT_TRUE(t->sync_to(loc).is_ok());
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_FALSE(t->needs_sync());
  log->reset();
  EXPECT_EQ(reopen(dir.path(), 1).size(), 400u);
}

TEST(TranslogTest, TornTailIsTruncatedAndAppendsContinue) {
  TempDir dir;
  {
    auto log = Translog::open(dir.path(), 1, [](const TranslogRecord&) { return Status::ok(); });
    for (int i = 0; i < 5; ++i) (void)(*log)->append(make_record(i, "a"));
    ASSERT_TRUE((*log)->sync().is_ok());
  }
  // Garbage after the last record, as a torn write leaves it.
  auto f = AppendFile::open(dir.path() + "/" + Translog::file_name(1));
  ASSERT_TRUE(f->append(std::string("\x13\x00\x00\x00garbage!!", 13)).is_ok());
  (void)f->close();
  Status s;
  auto records = reopen(dir.path(), 1, &s);
  ASSERT_TRUE(s.is_ok()) << s.to_string();
  EXPECT_EQ(records.size(), 5u);
  EXPECT_EQ(reopen(dir.path(), 1).size(), 5u);  // idempotent: the tail is gone
}

TEST(TranslogTest, CorruptionInTheMiddleIsReported) {
  TempDir dir;
  {
    auto log = Translog::open(dir.path(), 1, [](const TranslogRecord&) { return Status::ok(); });
    for (int i = 0; i < 5; ++i) (void)(*log)->append(make_record(i, "abc"));
    ASSERT_TRUE((*log)->sync().is_ok());
  }
  const std::string path = dir.path() + "/" + Translog::file_name(1);
  std::string bytes = read_file(path).value();
  bytes[20 + 12] ^= 0x01;  // inside the first record's payload
  ASSERT_TRUE(write_file(path, bytes, true).is_ok());
  Status s;
  reopen(dir.path(), 1, &s);
  EXPECT_EQ(s.kind(), ErrorKind::corrupt);
}

TEST(TranslogTest, RollAndTrimGenerations) {
  TempDir dir;
  auto log = Translog::open(dir.path(), 1, [](const TranslogRecord&) { return Status::ok(); }).value();
  (void)log->append(make_record(0, "a"));
  auto g2 = log->roll_generation();
  ASSERT_TRUE(g2.is_ok());
  EXPECT_EQ(*g2, 2u);
  (void)log->append(make_record(1, "b"));
  ASSERT_TRUE(log->sync().is_ok());
  ASSERT_TRUE(log->trim_below(2).is_ok());
  EXPECT_FALSE(path_exists(dir.path() + "/" + Translog::file_name(1)));
  log.reset();
  auto records = reopen(dir.path(), 2);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].id, "b");
}

TEST(TranslogTest, ManifestRoundTripAndCorruption) {
  TempDir dir;
  CommitManifest m;
  m.generation = 3;
  m.max_seq_no = 41;
  m.translog_generation = 5;
  m.next_segment = 9;
  segment::SegmentInfo info;
  info.name = "_4";
  info.max_doc = 100;
  info.del_count = 2;
  info.del_gen = 1;
  info.files = {"_4.seg", "_4_1.liv"};
  m.segments.push_back(info);
  ASSERT_TRUE(write_manifest(dir.path(), m).is_ok());
  auto back = read_manifest(dir.path(), 3);
  ASSERT_TRUE(back.is_ok()) << back.status().to_string();
  EXPECT_EQ(back->max_seq_no, 41);
  EXPECT_EQ(back->segments[0].files, info.files);
  EXPECT_EQ(list_manifests(dir.path()).value(), std::vector<uint64_t>{3});
  std::string bytes = encode_manifest(m);
  for (size_t cut : {size_t{0}, size_t{10}, bytes.size() - 1}) {
    EXPECT_EQ(decode_manifest(std::string_view(bytes).substr(0, cut)).status().kind(), ErrorKind::corrupt);
  }
  bytes[12] ^= 1;
  EXPECT_EQ(decode_manifest(bytes).status().kind(), ErrorKind::corrupt);
}

TEST(TranslogTest, RoutingIsStableAndSpreads) {
  // Reference value of murmur3_x86_32("hello", 0).
  EXPECT_EQ(murmur3_x86_32("hello"), 0x248bfa47u);
  EXPECT_EQ(murmur3_x86_32(""), 0u);
  std::vector<int> counts(5);
  for (int i = 0; i < 1000; ++i) ++counts[shard_for("id" + std::to_string(i), "", 5)];
  for (int c : counts) EXPECT_GT(c, 120);
  EXPECT_EQ(shard_for("a", "r", 5), shard_for("b", "r", 5));
  EXPECT_EQ(shard_for("a", "", 1), 0u);
}

TEST(TranslogTest, IdsAndDocumentMerge) {
  std::string id = generate_document_id();
  EXPECT_EQ(id.size(), 20u);
  EXPECT_NE(id, generate_document_id());
  EXPECT_EQ(generate_random_uuid().size(), 22u);
  auto m = merge_partial_document(R"({"a":1,"o":{"x":1,"y":2}})", R"({"o":{"y":3},"b":true})");
  ASSERT_TRUE(m.is_ok());
  EXPECT_TRUE(m->changed);
  EXPECT_EQ(m->source, R"({"a":1,"b":true,"o":{"x":1,"y":3}})");
  EXPECT_FALSE(merge_partial_document(R"({"a":1})", R"({"a":1})")->changed);
  EXPECT_EQ(merge_partial_document("{", "{}").status().kind(), ErrorKind::parse_error);
}

TEST(TranslogTest, MergePolicyPicksCrowdedTierAndDeletes) {
  std::vector<MergeableSegment> segs;
  for (int i = 0; i < 12; ++i) segs.push_back({"_" + std::to_string(i), 1000, 10, 0, false});
  auto spec = find_merges(segs, MergePolicyConfig{});
  ASSERT_EQ(spec.size(), 1u);
  EXPECT_EQ(spec[0].size(), 10u);
  std::vector<MergeableSegment> few = {{"_a", 1000, 10, 5, false}, {"_b", 1000, 10, 0, false}};
  spec = find_merges(few, MergePolicyConfig{});
  ASSERT_EQ(spec.size(), 1u);
  EXPECT_EQ(spec[0], std::vector<std::string>{"_a"});
  auto forced = find_forced_merges(segs, 1, false, MergePolicyConfig{});
  ASSERT_EQ(forced.size(), 1u);
  EXPECT_EQ(forced[0].size(), 12u);
  EXPECT_TRUE(find_forced_merges(segs, 0, true, MergePolicyConfig{}).empty());
}

}  // namespace
}  // namespace pharos::engine
