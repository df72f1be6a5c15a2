// Shard merges: pick segments, write the merged segment without holding the shard lock,
// carry over deletions that happened meanwhile, swap it in.
#include <algorithm>

#include "index/engine/shard.h"
#include "index/segment/merger.h"

namespace pharos::engine {

std::vector<MergeableSegment> Shard::mergeable_locked() const {
  std::vector<MergeableSegment> out;
  for (const auto& st : segments_) {
    out.push_back({st.info.name, st.info.size_bytes, st.segment->max_doc(),
                   st.live ? st.live->deleted_count() : 0, st.merging});
  }
  return out;
}

// The policy groups segments by size; the merged segment takes its inputs in the shard's order
// (the order they were written, as merged segments take their earliest input's place), so
// documents keep their indexing order through merges: time-ordered logs stay time-ordered, and
// an HNSW graph rebuilt at merge inserts vectors in the order they arrived.
std::optional<Shard::MergeJob> Shard::prepare_merge_locked(const std::vector<std::string>& names) {
  std::vector<SegmentState*> states;
  for (const auto& name : names) {
    auto it = std::find_if(segments_.begin(), segments_.end(), [&](const SegmentState& st) { return st.info.name == name; });
    if (it == segments_.end() || it->merging) return std::nullopt;
    states.push_back(&*it);
  }
  std::sort(states.begin(), states.end());  // pointers into segments_: its order
  MergeJob job;
  for (SegmentState* st : states) job.names.push_back(st->info.name);
  for (SegmentState* st : states) {
    st->merging = true;
    if (st->live) st->live_published = true;  // the merge reads this LiveDocs: copy on change
    job.snapshot_live.push_back(st->live);
    job.segments.push_back(st->segment);
  }
  job.target = next_segment_name_locked();
  in_flight_segments_.insert(job.target);
  return job;
}

Status Shard::run_merge(MergeJob job) {
  std::vector<segment::MergeInput> inputs;
  for (size_t i = 0; i < job.segments.size(); ++i) inputs.push_back({job.segments[i], job.snapshot_live[i]});
  auto info = segment::merge_segments(inputs, config_.dir, job.target);
  std::shared_ptr<const segment::Segment> merged;
  Status status = info.status();
  if (status.is_ok() && info->max_doc > 0) {
    auto opened = segment::Segment::open(config_.dir, info.value());
    if (opened.is_ok()) merged = std::move(opened).value();
    else status = opened.status();
  }
  std::lock_guard lock(mutex_);
  if (status.is_ok()) status = finish_merge_locked(job, info.value(), merged);
  if (!status.is_ok()) {
    // Leave the inputs in place; the half-written target is garbage for the next cleanup.
    for (auto& st : segments_)
      if (std::find(job.names.begin(), job.names.end(), st.info.name) != job.names.end()) st.merging = false;
  }
  in_flight_segments_.erase(job.target);
  return status;
}

Status Shard::finish_merge_locked(const MergeJob& job, segment::SegmentInfo info,
                                  std::shared_ptr<const segment::Segment> merged) {
  // Deletions that reached the inputs while the merge ran are remapped onto the merged
  // segment: merge_segments numbers the snapshot's live docs in input order.
  std::shared_ptr<segment::LiveDocs> carried;
  uint32_t base = 0;
  size_t insert_at = segments_.size();
  for (size_t i = 0; i < job.names.size(); ++i) {
    auto it = std::find_if(segments_.begin(), segments_.end(),
                           [&](const SegmentState& st) { return st.info.name == job.names[i]; });
    if (it == segments_.end()) return Status(ErrorKind::internal, "merge input vanished: " + job.names[i]);
    insert_at = std::min(insert_at, static_cast<size_t>(it - segments_.begin()));
    const auto& snap = job.snapshot_live[i];
    const uint32_t max_doc = it->segment->max_doc();
    uint32_t rank = 0;
    for (uint32_t doc = 0; doc < max_doc; ++doc) {
      if (snap && !snap->is_live(doc)) continue;
      if (it->live != snap && !it->is_live(doc)) {
        if (!carried) carried = std::make_shared<segment::LiveDocs>();
        carried->mark_deleted(base + rank);
      }
      ++rank;
    }
    base += rank;
  }
  if ((merged ? merged->max_doc() : 0) != base) {
    return Status(ErrorKind::internal, "merged segment has " + std::to_string(merged ? merged->max_doc() : 0) +
                                           " docs, expected " + std::to_string(base));
  }
  std::erase_if(segments_, [&](const SegmentState& st) {
    return std::find(job.names.begin(), job.names.end(), st.info.name) != job.names.end();
  });
  insert_at = std::min(insert_at, segments_.size());
  for (const auto& f : info.files) unsynced_files_.insert(f);
  if (merged) {
    SegmentState st;
    st.vectors = segment_vectors(merged);  // rebuilt from the merged vectors, in the background
    st.segment = std::move(merged);
    st.info = std::move(info);
    st.live = carried;
    st.live_dirty = carried != nullptr;
    if (carried) st.info.del_count = carried->deleted_count();
    segments_.insert(segments_.begin() + static_cast<std::ptrdiff_t>(insert_at), std::move(st));
  }
  commit_dirty_ = true;
  ++merge_total_;
  // Publishing now would show the deletes made since the last refresh without the documents
  // that replaced them (still in the buffer): an unrefreshed update would hide its document.
  // With changes pending, the next refresh publishes the merged segment with them.
  if (writer_->doc_count() == 0 && !live_changes_pending_) publish_locked();
  return Status::ok();
}

Status Shard::force_merge(int max_num_segments, bool only_expunge_deletes) {
  wait_for_merges();
  {
    std::lock_guard lock(mutex_);
    PHAROS_RETURN_IF_ERROR(check_usable_locked());
    PHAROS_RETURN_IF_ERROR(refresh_locked());
  }
  // Each round merges what the policy asks for; a few rounds reach the target even when a
  // round's output itself needs rewriting (e.g. a single segment with deletions).
  for (int round = 0; round < 4; ++round) {
    std::vector<MergeJob> jobs;
    {
      std::lock_guard lock(mutex_);
      PHAROS_RETURN_IF_ERROR(check_usable_locked());
      for (const auto& group :
           find_forced_merges(mergeable_locked(), max_num_segments, only_expunge_deletes, MergePolicyConfig{})) {
        if (auto job = prepare_merge_locked(group)) jobs.push_back(std::move(*job));
      }
    }
    if (jobs.empty()) break;
    for (auto& job : jobs) PHAROS_RETURN_IF_ERROR(run_merge(std::move(job)));
    if (only_expunge_deletes || max_num_segments <= 0) break;
  }
  return flush();
}

}  // namespace pharos::engine
