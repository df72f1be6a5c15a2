// Shard lifecycle: open + recovery, reads, periodic maintenance, stats, close.
#include "index/engine/shard.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>

#include "index/base/file_io.h"

namespace pharos::engine {

namespace {

int64_t steady_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// "_12.tim" / "_12_3.liv" → 12; -1 when the name is not a segment file.
int64_t segment_number(const std::string& file) {
  if (file.size() < 2 || file[0] != '_') return -1;
  int64_t n = 0;
  size_t i = 1;
  for (; i < file.size() && std::isdigit(static_cast<unsigned char>(file[i])); ++i)
    n = n * 10 + (file[i] - '0');
  return i == 1 ? -1 : n;
}

// Translog bytes past which a flush trims it (index.translog.flush_threshold_size default).
constexpr uint64_t kFlushThresholdBytes = 512ull << 20;
// index.gc_deletes: how long delete tombstones keep versions alive.
constexpr int64_t kGcDeletesMs = 60000;

}  // namespace

Shard::Shard(ShardConfig config) : config_(std::move(config)) {}

Shard::~Shard() {
  // No flush here: a destroyed-but-not-closed shard behaves like a crash, and the translog
  // holds every acknowledged write for the next open.
  wait_for_merges();
}

Result<std::unique_ptr<Shard>> Shard::open(const ShardConfig& config) {
  std::unique_ptr<Shard> shard(new Shard(config));
  Status s = shard->recover();
  if (!s.is_ok()) {
    return Status(s.kind(), "shard [" + config.index_name + "][" + std::to_string(config.shard_id) +
                                "] failed to recover: " + s.message())
        .with_index(config.index_name);
  }
  return shard;
}

Status Shard::open_segments(const CommitManifest& manifest) {
  for (const auto& info : manifest.segments) {
    PHAROS_ASSIGN_OR_RETURN(auto seg, segment::Segment::open(config_.dir, info));
    SegmentState st;
    st.vectors = segment_vectors(seg);
    st.segment = std::move(seg);
    st.info = info;
    if (info.del_gen > 0) {
      std::string liv = info.name + "_" + std::to_string(info.del_gen) + ".liv";
      for (const auto& f : info.files)
        if (f.size() > 4 && f.compare(f.size() - 4, 4, ".liv") == 0) liv = f;
      PHAROS_ASSIGN_OR_RETURN(st.live, segment::LiveDocs::read(config_.dir + "/" + liv));
    }
    segments_.push_back(std::move(st));
  }
  return Status::ok();
}

Status Shard::recover() {
  std::lock_guard lock(mutex_);
  PHAROS_RETURN_IF_ERROR(create_directories(config_.dir));
  writer_ = std::make_unique<segment::SegmentWriter>();
  PHAROS_ASSIGN_OR_RETURN(std::vector<uint64_t> generations, list_manifests(config_.dir));
  Status first_error;
  for (uint64_t g : generations) {
    auto m = read_manifest(config_.dir, g);
    if (!m.is_ok()) {
      // A damaged newest commit falls back to the one before it (kept for this reason).
      if (!last_commit_ && first_error.is_ok()) first_error = m.status();
      continue;
    }
    if (!last_commit_) {
      last_commit_ = std::move(m).value();
    } else {
      previous_commit_ = std::move(m).value();
      break;
    }
  }
  if (!generations.empty() && !last_commit_) {
    return Status(ErrorKind::corrupt,
                  "no readable commit manifest in [" + config_.dir + "]: " + first_error.message());
  }
  uint64_t min_translog_generation = 1;
  if (last_commit_) {
    PHAROS_RETURN_IF_ERROR(open_segments(*last_commit_));
    max_seq_no_ = last_commit_->max_seq_no;
    next_segment_ = last_commit_->next_segment;
    min_translog_generation = last_commit_->translog_generation;
  }
  // Never reuse a segment name that still has files on disk (an uncommitted refresh or a
  // commit we fell back from may have used it).
  PHAROS_ASSIGN_OR_RETURN(std::vector<std::string> files, list_directory(config_.dir));
  for (const auto& f : files) {
    int64_t n = segment_number(f);
    if (n >= 0) next_segment_ = std::max<uint64_t>(next_segment_, static_cast<uint64_t>(n) + 1);
  }
  const int64_t committed_seq_no = max_seq_no_;
  auto translog = Translog::open(config_.dir, min_translog_generation, [&](const TranslogRecord& record) {
    if (record.seq_no <= committed_seq_no) return Status::ok();  // already in the commit
    return replay(record);
  });
  if (!translog.is_ok()) return translog.status();
  translog_ = std::move(translog).value();
  next_seq_no_ = max_seq_no_ + 1;
  publish_locked();
  commit_dirty_ = true;
  return flush_locked();
}

Status Shard::replay(const TranslogRecord& record) {
  CurrentDoc cur = lookup_locked(record.id);
  if (cur.found && cur.seq_no >= record.seq_no) {  // applied already (idempotent replay)
    max_seq_no_ = std::max(max_seq_no_, record.seq_no);
    return Status::ok();
  }
  if (record.op == TranslogOp::index) {
    auto doc = parse_document(record.id, record.routing, record.source);
    if (!doc.is_ok()) {
      return Status(ErrorKind::corrupt, "translog operation [" + std::to_string(record.seq_no) +
                                            "] no longer parses: " + doc.status().message());
    }
    add_document_locked(std::move(doc).value(), record.seq_no, record.primary_term, record.version, cur);
  } else if (record.op == TranslogOp::remove) {
    delete_copy_locked(cur);
    VersionEntry tomb;
    tomb.seq_no = record.seq_no;
    tomb.primary_term = record.primary_term;
    tomb.version = record.version;
    tomb.deleted = true;
    tomb.tombstone_ms = steady_now_ms();
    versions_.put(record.id, std::move(tomb));
  }
  max_seq_no_ = std::max(max_seq_no_, record.seq_no);
  return maybe_refresh_for_memory_locked();
}

Shard::CurrentDoc Shard::lookup_locked(std::string_view id) const {
  CurrentDoc cur;
  if (const VersionEntry* e = versions_.find(id)) {
    cur.found = true;
    cur.deleted = e->deleted;
    cur.seq_no = e->seq_no;
    cur.primary_term = e->primary_term;
    cur.version = e->version;
    cur.buffer_doc = e->buffer_doc;
    return cur;
  }
  // Newest segment first. Relies on Segment::find_id returning the highest doc id for an id
  // that occurs more than once (a buffer that replaced a doc holds both copies).
  for (int i = static_cast<int>(segments_.size()) - 1; i >= 0; --i) {
    const SegmentState& st = segments_[i];
    auto doc = st.segment->find_id(id);
    if (doc && st.is_live(*doc)) {
      segment::DocMeta meta = st.segment->meta(*doc);
      cur.found = true;
      cur.seq_no = meta.seq_no;
      cur.primary_term = meta.primary_term;
      cur.version = meta.version;
      cur.segment = i;
      cur.doc = *doc;
      return cur;
    }
  }
  return cur;
}

Result<GetResult> Shard::get(const GetRequest& request) {
  GetResult out;
  out.id = request.id;
  std::shared_ptr<const segment::Segment> seg;
  uint32_t doc = 0;
  if (request.realtime) {
    std::lock_guard lock(mutex_);
    PHAROS_ASSIGN_OR_RETURN(CurrentDoc cur, lookup_exact_locked(request.id));
    if (!cur.exists()) return out;
    out.found = true;
    out.seq_no = cur.seq_no;
    out.primary_term = cur.primary_term;
    out.version = cur.version;
    if (cur.buffer_doc) {
      const VersionEntry* e = versions_.find(request.id);
      out.source = e->source;
      out.routing = e->routing;
      return out;
    }
    seg = segments_[cur.segment].segment;
    doc = cur.doc;
  } else {
    auto snapshot = searcher();
    for (auto it = snapshot->segments.rbegin(); it != snapshot->segments.rend() && !seg; ++it) {
      auto d = it->segment->find_id(request.id);
      if (d && it->is_live(*d)) {
        seg = it->segment;
        doc = *d;
      }
    }
    if (!seg) return out;
    segment::DocMeta meta = seg->meta(doc);
    out.found = true;
    out.seq_no = meta.seq_no;
    out.primary_term = meta.primary_term;
    out.version = meta.version;
  }
  // Decompression happens outside the shard lock: the segment is immutable.
  PHAROS_ASSIGN_OR_RETURN(out.source, seg->source(doc));
  out.routing = std::string(seg->routing(doc));
  return out;
}

std::shared_ptr<SegmentVectors> Shard::segment_vectors(
    const std::shared_ptr<const segment::Segment>& segment) const {
  if (segment->vector_fields().empty()) return nullptr;
  auto configs = config_.metadata->vector_fields();
  auto vectors = SegmentVectors::create(segment, config_.dir, *configs, config_.index_name, config_.vectors);
  return vectors->empty() ? nullptr : vectors;
}

std::shared_ptr<const ShardSearcher> Shard::searcher() const {
  std::lock_guard lock(searcher_mutex_);
  return searcher_;
}

void Shard::publish_locked() {
  auto snapshot = std::make_shared<ShardSearcher>();
  snapshot->index = config_.index_name;
  snapshot->shard = config_.shard_id;
  uint32_t base = 0;
  for (auto& st : segments_) {
    SegmentView view;
    view.segment = st.segment;
    view.live_docs = st.live;
    view.doc_base = base;
    view.vectors = st.vectors;
    if (st.live) st.live_published = true;  // readers hold it now: later deletes copy it
    base += st.segment->max_doc();
    snapshot->live_doc_count += st.segment->max_doc() - (st.live ? st.live->deleted_count() : 0);
    snapshot->segments.push_back(std::move(view));
  }
  std::vector<const segment::Segment*> segments;
  for (const auto& view : snapshot->segments) segments.push_back(view.segment.get());
  std::lock_guard lock(searcher_mutex_);
  FieldDataCache* previous = searcher_ ? searcher_->fielddata.get() : nullptr;
  snapshot->fielddata = FieldDataCache::next_view(previous, std::move(segments), fielddata_);
  searcher_ = std::move(snapshot);
}

void Shard::clear_fielddata() {
  auto snapshot = searcher();
  if (snapshot && snapshot->fielddata) snapshot->fielddata->clear();
}

void Shard::maintain(int64_t now_ms, ThreadPool* merge_pool) {
  auto settings = config_.metadata->settings();
  bool sync_due = false;
  {
    std::lock_guard lock(mutex_);
    if (closed_ || !failure_.is_ok()) return;
    int64_t steady = steady_now_ms();
    if (settings->refresh_interval_ms > 0 && steady - last_refresh_ms_ >= settings->refresh_interval_ms) {
      if (writer_->doc_count() > 0 || live_changes_pending_) {
        Status s = refresh_locked();
        if (!s.is_ok()) failure_ = s;
      }
      last_refresh_ms_ = steady;
    }
    if (failure_.is_ok() && translog_->stats().size_bytes > kFlushThresholdBytes) {
      Status s = flush_locked();
      if (!s.is_ok()) failure_ = s;
    }
    if (steady - last_prune_ms_ >= 1000) {
      versions_.prune_tombstones(steady - kGcDeletesMs);
      last_prune_ms_ = steady;
    }
    if (settings->durability == TranslogDurability::async &&
        steady - last_sync_ms_ >= settings->translog_sync_interval_ms) {
      sync_due = true;
      last_sync_ms_ = steady;
    }
    if (merge_pool != nullptr && failure_.is_ok()) {
      for (const auto& group : find_merges(mergeable_locked(), MergePolicyConfig{})) {
        auto job = prepare_merge_locked(group);
        if (!job) continue;
        {
          std::lock_guard merge_lock(merge_mutex_);
          ++merges_running_;
        }
        bool submitted = merge_pool->submit([this, job = std::move(*job)]() mutable {
          (void)run_merge(std::move(job));
          std::lock_guard merge_lock(merge_mutex_);
          --merges_running_;
          merges_done_.notify_all();
        });
        if (!submitted) {
          std::lock_guard merge_lock(merge_mutex_);
          --merges_running_;
          merges_done_.notify_all();
          break;  // pool shutting down; the job's segments stay marked until close
        }
      }
    }
  }
  (void)now_ms;
  if (sync_due && translog_->needs_sync()) (void)translog_->sync();
}

void Shard::wait_for_merges() {
  std::unique_lock lock(merge_mutex_);
  merges_done_.wait(lock, [this] { return merges_running_ == 0; });
}

Status Shard::sync_translog() { return translog_->sync(); }

Status Shard::close() {
  wait_for_merges();
  std::lock_guard lock(mutex_);
  if (closed_) return Status::ok();
  Status s = failure_.is_ok() ? flush_locked() : failure_;
  Status c = translog_ ? translog_->close() : Status::ok();
  closed_ = true;
  return s.is_ok() ? c : s;
}

ShardStats Shard::stats() const {
  ShardStats out;
  out.shard = config_.shard_id;
  auto snapshot = searcher();
  out.docs_count = snapshot->live_doc_count;
  for (const auto& view : snapshot->segments)
    out.docs_deleted += view.live_docs ? view.live_docs->deleted_count() : 0;
  out.segment_count = static_cast<uint32_t>(snapshot->segments.size());
  out.fielddata_bytes_by_field = fielddata_->bytes_by_field();
  out.fielddata_bytes = fielddata_->total_bytes();
  out.store_bytes = directory_size(config_.dir);
  {
    std::lock_guard lock(mutex_);
    out.max_seq_no = max_seq_no_;
    out.local_checkpoint = max_seq_no_;
  }
  TranslogStats t = translog_->stats();
  out.translog_ops = t.operations;
  out.translog_bytes = t.size_bytes;
  out.index_total = index_total_;
  out.delete_total = delete_total_;
  out.refresh_total = refresh_total_;
  out.flush_total = flush_total_;
  out.merge_total = merge_total_;
  return out;
}

}  // namespace pharos::engine
