// One shard of an index: translog + write buffer (SegmentWriter) + immutable segments with
// copy-on-write live docs + commit manifests, and the live version map that makes versioning
// and realtime GET work. See README.md for the data layout and the durability contract.
//
// Thread-safety: all methods may be called from any thread. Writers (index/remove/update,
// refresh, flush, replay) are serialised by `mutex_`; the translog fsync that makes a write
// durable runs outside it (group commit). Searchers read an immutable ShardSearcher snapshot
// and never take `mutex_`. Merges write their new segment outside `mutex_` and take it only
// to swap segments in.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "index/base/status.h"
#include "index/base/thread_pool.h"
#include "index/engine/commit_manifest.h"
#include "index/engine/index_metadata.h"
#include "index/engine/index_service.h"
#include "index/engine/live_version_map.h"
#include "index/engine/merge_policy.h"
#include "index/engine/segment_vectors.h"
#include "index/engine/shard_searcher.h"
#include "index/engine/translog.h"
#include "index/engine/write_ops.h"
#include "index/mapping/parsed_document.h"
#include "index/segment/live_docs.h"
#include "index/segment/segment.h"
#include "index/segment/segment_writer.h"

namespace pharos::engine {

struct ShardConfig {
  std::string index_name;
  uint32_t shard_id = 0;
  std::string dir;                   // <index dir>/<shard id>
  IndexMetadata* metadata = nullptr;  // not owned; outlives the shard
  uint64_t buffer_limit_bytes = 64ull << 20;  // refresh when the write buffer grows past this
  VectorIndexService* vectors = nullptr;      // k-NN index builds and cache; null = exact search only
};

class Shard {
 public:
  // Opens the shard in `config.dir` (created when missing): newest valid manifest, its
  // segments and live docs, translog replay, then a flush. Corrupt data → corrupt.
  static Result<std::unique_ptr<Shard>> open(const ShardConfig& config);
  ~Shard();
  Shard(const Shard&) = delete;
  Shard& operator=(const Shard&) = delete;

  // Writes. With `sync`, returns after the translog record is fsynced; otherwise the caller
  // syncs later (bulk) via sync_translog().
  Result<WriteResult> index(const IndexRequest& request, bool sync);
  // Index ops with ids already assigned, applied in order under one lock acquisition; not
  // synced (the caller syncs the translog once, as for bulk).
  std::vector<Result<WriteResult>> index_many(const std::vector<const IndexRequest*>& requests);
  Result<WriteResult> remove(const DeleteRequest& request, bool sync);
  Result<WriteResult> update(const UpdateRequest& request, bool sync);
  Result<GetResult> get(const GetRequest& request);  // realtime: may refresh (see lookup_exact_locked)
  Status sync_translog();

  Status refresh();
  Status flush();
  Status force_merge(int max_num_segments, bool only_expunge_deletes);
  // Periodic work: refresh per refresh_interval, async translog sync, size-triggered flush,
  // tombstone pruning, and merges submitted to `merge_pool` (may be null).
  void maintain(int64_t now_ms, ThreadPool* merge_pool);
  // Blocks until no background merge of this shard is running.
  void wait_for_merges();
  Status close();

  std::shared_ptr<const ShardSearcher> searcher() const;
  ShardStats stats() const;
  // Drops the current view's fielddata (`_cache/clear?fielddata`); running searches keep theirs.
  void clear_fielddata();
  uint32_t id() const { return config_.shard_id; }

 private:
  struct SegmentState {
    std::shared_ptr<const segment::Segment> segment;
    segment::SegmentInfo info;
    std::shared_ptr<segment::LiveDocs> live;  // nullptr = no deletions
    bool live_published = false;  // `live` is shared with a snapshot/merge: copy before changing
    bool live_dirty = false;      // changed since the last .liv file was written
    bool merging = false;
    std::shared_ptr<SegmentVectors> vectors;  // k-NN indexes of the segment's vector fields
    bool is_live(uint32_t doc) const { return !live || live->is_live(doc); }
  };

  // Where the current copy of an id lives, as the version map or the segments tell it.
  struct CurrentDoc {
    bool found = false;    // an entry exists (a live doc or a tombstone)
    bool deleted = false;  // tombstone
    int64_t seq_no = -1, primary_term = 1, version = 0;
    std::optional<uint32_t> buffer_doc;
    int segment = -1;  // index into segments_
    uint32_t doc = 0;
    bool exists() const { return found && !deleted; }
  };

  struct MergeJob {
    std::vector<std::string> names;
    std::vector<std::shared_ptr<segment::LiveDocs>> snapshot_live;
    std::vector<std::shared_ptr<const segment::Segment>> segments;
    std::string target;
  };

  explicit Shard(ShardConfig config);
  Status recover();
  Status open_segments(const CommitManifest& manifest);
  Status replay(const TranslogRecord& record);

  // ---- write path helpers (mutex_ held)
  CurrentDoc lookup_locked(std::string_view id) const;
  // lookup_locked() that also sees append-only docs in the write buffer (may refresh).
  Result<CurrentDoc> lookup_exact_locked(std::string_view id);
  Status check_write_locked(const std::string& id, const CurrentDoc& cur, const ConcurrencyCheck& check,
                            bool create, int64_t* version) const;
  void delete_copy_locked(const CurrentDoc& cur);
  void add_document_locked(mapping::ParsedDocument&& doc, int64_t seq_no, int64_t primary_term, int64_t version,
                           const CurrentDoc& cur, bool track_version = true);
  Result<WriteResult> index_parsed(const IndexRequest& request, mapping::ParsedDocument&& doc, bool sync);
  Result<WriteResult> index_locked(const IndexRequest& request, mapping::ParsedDocument&& doc, uint64_t* location);
  Result<mapping::ParsedDocument> parse_document(const std::string& id, const std::string& routing,
                                                 const std::string& source);
  Status maybe_refresh_for_memory_locked();
  Status check_usable_locked() const;

  // ---- commit helpers (mutex_ held)
  Status refresh_locked();
  Status flush_locked();
  Status write_live_docs_locked();
  void publish_locked();
  void delete_unreferenced_files_locked();
  std::string next_segment_name_locked();
  // The segment's k-NN indexes per the current mapping and settings (queues their builds).
  std::shared_ptr<SegmentVectors> segment_vectors(const std::shared_ptr<const segment::Segment>& segment) const;

  // ---- merges
  std::optional<MergeJob> prepare_merge_locked(const std::vector<std::string>& names);
  Status run_merge(MergeJob job);
  Status finish_merge_locked(const MergeJob& job, segment::SegmentInfo info,
                             std::shared_ptr<const segment::Segment> merged);
  std::vector<MergeableSegment> mergeable_locked() const;

  const ShardConfig config_;
  mutable std::mutex mutex_;
  std::unique_ptr<Translog> translog_;
  std::unique_ptr<segment::SegmentWriter> writer_;
  LiveVersionMap versions_;
  std::vector<SegmentState> segments_;
  int64_t next_seq_no_ = 0;
  int64_t max_seq_no_ = -1;
  uint64_t next_segment_ = 0;
  bool live_changes_pending_ = false;  // deletions in segments not yet published
  // Append-only writes (auto-generated ids) skip the version map while append_only_mode_;
  // unmapped_buffer_docs_ counts such docs in the write buffer. An exact lookup turns the mode
  // off until a refresh interval passes without one (OpenSearch's unsafe/safe version map).
  uint32_t unmapped_buffer_docs_ = 0;
  bool append_only_mode_ = true;
  bool saw_exact_lookup_ = false;
  bool commit_dirty_ = true;           // something changed since the last manifest
  std::optional<CommitManifest> last_commit_, previous_commit_;
  std::set<std::string> unsynced_files_;
  std::set<std::string> in_flight_segments_;  // merge targets being written
  Status failure_;                             // set when the shard must not take writes
  bool closed_ = false;
  int64_t last_refresh_ms_ = 0, last_sync_ms_ = 0, last_prune_ms_ = 0;

  mutable std::mutex merge_mutex_;
  std::condition_variable merges_done_;
  int merges_running_ = 0;

  mutable std::mutex searcher_mutex_;
  std::shared_ptr<const ShardSearcher> searcher_;
  // Fielddata held by this shard's views (and by searches still running on older ones).
  const std::shared_ptr<FieldDataAccounting> fielddata_ = std::make_shared<FieldDataAccounting>();

  std::atomic<uint64_t> index_total_{0}, delete_total_{0}, refresh_total_{0}, flush_total_{0}, merge_total_{0};
};

}  // namespace pharos::engine
