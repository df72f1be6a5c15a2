// Shard refresh (write buffer → searchable segment) and flush (durable commit point).
#include <algorithm>
#include <chrono>
#include <cctype>
#include <cstdio>

#include "index/base/file_io.h"
#include "index/engine/shard.h"

namespace pharos::engine {

namespace {

int64_t now_steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

bool ends_with(const std::string& s, const char* suffix) {
  size_t n = std::char_traits<char>::length(suffix);
  return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

// "_12.tim" / "_12_3.liv" → "_12"; "" when the file is not a segment file.
std::string segment_of(const std::string& file) {
  if (file.size() < 2 || file[0] != '_') return "";
  size_t i = 1;
  while (i < file.size() && std::isdigit(static_cast<unsigned char>(file[i]))) ++i;
  return i == 1 ? "" : file.substr(0, i);
}

}  // namespace

std::string Shard::next_segment_name_locked() {
  std::string name = "_";
  name += std::to_string(next_segment_++);
  return name;
}

Status Shard::refresh() {
  std::lock_guard lock(mutex_);
  PHAROS_RETURN_IF_ERROR(check_usable_locked());
  Status s = refresh_locked();
  if (!s.is_ok()) failure_ = s;
  return s;
}

Status Shard::refresh_locked() {
  // A refresh that changes nothing keeps the published view, so caches keyed by it (the shard
  // request cache) stay valid across the periodic refreshes of an idle shard.
  const bool changed = writer_->doc_count() > 0 || live_changes_pending_;
  if (writer_->doc_count() > 0) {
    const std::string name = next_segment_name_locked();
    // On failure the buffered docs exist only in the translog: the caller fails the shard,
    // and reopening replays them.
    PHAROS_ASSIGN_OR_RETURN(segment::SegmentInfo info, writer_->write(config_.dir, name));
    writer_ = std::make_unique<segment::SegmentWriter>();
    for (const auto& f : info.files) unsynced_files_.insert(f);
    if (info.max_doc > 0 && info.del_count < info.max_doc) {
      PHAROS_ASSIGN_OR_RETURN(auto seg, segment::Segment::open(config_.dir, info));
      SegmentState st;
      st.vectors = segment_vectors(seg);
      st.segment = std::move(seg);
      st.info = info;
      if (info.del_gen > 0) {
        std::string liv = info.name + "_" + std::to_string(info.del_gen) + ".liv";
        for (const auto& f : info.files)
          if (ends_with(f, ".liv")) liv = f;
        PHAROS_ASSIGN_OR_RETURN(st.live, segment::LiveDocs::read(config_.dir + "/" + liv));
      }
      segments_.push_back(std::move(st));
    }
    commit_dirty_ = true;
  }
  versions_.on_refresh();
  unmapped_buffer_docs_ = 0;
  append_only_mode_ = !saw_exact_lookup_;
  saw_exact_lookup_ = false;
  live_changes_pending_ = false;
  if (changed) publish_locked();
  ++refresh_total_;
  last_refresh_ms_ = now_steady_ms();
  return Status::ok();
}

Status Shard::write_live_docs_locked() {
  for (auto& st : segments_) {
    if (!st.live_dirty || !st.live) continue;
    const uint64_t gen = st.info.del_gen + 1;
    const std::string file = st.info.name + "_" + std::to_string(gen) + ".liv";
    PHAROS_RETURN_IF_ERROR(st.live->write(config_.dir + "/" + file));
    std::erase_if(st.info.files, [](const std::string& f) { return ends_with(f, ".liv"); });
    st.info.files.push_back(file);
    st.info.del_gen = gen;
    st.info.del_count = st.live->deleted_count();
    unsynced_files_.insert(file);
    st.live_dirty = false;
  }
  return Status::ok();
}

Status Shard::flush() {
  std::lock_guard lock(mutex_);
  PHAROS_RETURN_IF_ERROR(check_usable_locked());
  Status s = flush_locked();
  if (!s.is_ok()) failure_ = s;
  return s;
}

Status Shard::flush_locked() {
  PHAROS_RETURN_IF_ERROR(refresh_locked());
  if (!commit_dirty_ && last_commit_) return Status::ok();
  PHAROS_RETURN_IF_ERROR(write_live_docs_locked());
  // Every file the new commit references must be durable before the manifest names it.
  std::set<std::string> referenced;
  for (const auto& st : segments_) referenced.insert(st.info.files.begin(), st.info.files.end());
  for (const auto& f : unsynced_files_) {
    if (referenced.count(f)) PHAROS_RETURN_IF_ERROR(fsync_file(config_.dir + "/" + f));
  }
  unsynced_files_.clear();
  PHAROS_RETURN_IF_ERROR(fsync_directory(config_.dir));
  // Writers are blocked (mutex_), so every op up to max_seq_no_ is in the segments and the
  // new generation starts exactly after the commit point.
  PHAROS_ASSIGN_OR_RETURN(uint64_t translog_generation, translog_->roll_generation());
  CommitManifest m;
  m.generation = last_commit_ ? last_commit_->generation + 1 : 1;
  m.max_seq_no = max_seq_no_;
  m.translog_generation = translog_generation;
  m.next_segment = next_segment_;
  for (const auto& st : segments_) m.segments.push_back(st.info);
  PHAROS_RETURN_IF_ERROR(write_manifest(config_.dir, m));
  previous_commit_ = std::move(last_commit_);
  last_commit_ = std::move(m);
  commit_dirty_ = false;
  // Keep what the previous commit needs too: it is the fallback if the newest is damaged.
  uint64_t keep_from = previous_commit_ ? previous_commit_->translog_generation : last_commit_->translog_generation;
  (void)translog_->trim_below(keep_from);
  delete_unreferenced_files_locked();
  ++flush_total_;
  return Status::ok();
}

void Shard::delete_unreferenced_files_locked() {
  std::set<std::string> keep, kept_segments;
  for (const auto* commit : {&last_commit_, &previous_commit_}) {
    if (!*commit) continue;
    for (const auto& info : (*commit)->segments) {
      keep.insert(info.files.begin(), info.files.end());
      kept_segments.insert(info.name);
    }
  }
  for (const auto& st : segments_) {
    keep.insert(st.info.files.begin(), st.info.files.end());
    kept_segments.insert(st.info.name);
  }
  const uint64_t oldest_manifest = previous_commit_ ? previous_commit_->generation
                                                    : (last_commit_ ? last_commit_->generation : 0);
  auto names = list_directory(config_.dir);
  if (!names.is_ok()) return;
  for (const auto& f : names.value()) {
    bool remove = false;
    if (f.rfind("manifest_", 0) == 0) {
      unsigned long long g = 0;
      remove = ends_with(f, ".tmp") || (std::sscanf(f.c_str(), "manifest_%llu", &g) == 1 && g < oldest_manifest);
    } else {
      std::string seg = segment_of(f);
      // k-NN index files (`.vidx`, written by background builds, not listed in SegmentInfo)
      // live exactly as long as their segment.
      const bool segment_kept = kept_segments.count(seg) || in_flight_segments_.count(seg);
      const bool vector_index = f.find(".vidx") != std::string::npos;
      remove = !seg.empty() && !keep.count(f) && !(vector_index && segment_kept) && !in_flight_segments_.count(seg);
    }
    if (remove) (void)remove_file(config_.dir + "/" + f);
  }
}

}  // namespace pharos::engine
