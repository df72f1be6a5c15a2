#include "index/engine/merge_policy.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace pharos::engine {

namespace {

uint64_t live_bytes(const MergeableSegment& s) {
  if (s.max_doc == 0) return 0;
  double live = 1.0 - static_cast<double>(s.del_count) / s.max_doc;
  return static_cast<uint64_t>(static_cast<double>(s.size_bytes) * live);
}

int tier_of(uint64_t bytes, const MergePolicyConfig& c) {
  if (bytes <= c.floor_bytes) return 0;
  return 1 + static_cast<int>(std::log(static_cast<double>(bytes) / c.floor_bytes) / std::log(c.tier_factor));
}

std::vector<const MergeableSegment*> available(const std::vector<MergeableSegment>& segments) {
  std::vector<const MergeableSegment*> out;
  for (const auto& s : segments)
    if (!s.merging) out.push_back(&s);
  std::sort(out.begin(), out.end(), [](auto* a, auto* b) { return live_bytes(*a) < live_bytes(*b); });
  return out;
}

}  // namespace

MergeSpec find_merges(const std::vector<MergeableSegment>& segments, const MergePolicyConfig& config) {
  MergeSpec spec;
  std::map<int, std::vector<const MergeableSegment*>> tiers;
  for (const auto* s : available(segments)) {
    bool too_many_deletes = s->max_doc > 0 && 100.0 * s->del_count / s->max_doc > config.deletes_pct_allowed;
    if (too_many_deletes) {
      spec.push_back({s->name});
      continue;
    }
    tiers[tier_of(live_bytes(*s), config)].push_back(s);
  }
  for (auto& [tier, members] : tiers) {
    if (members.size() <= config.segments_per_tier) continue;
    std::vector<std::string> group;
    uint64_t total = 0;
    for (const auto* s : members) {  // smallest first
      if (group.size() >= config.merge_factor) break;
      if (total + live_bytes(*s) > config.max_merged_bytes && !group.empty()) break;
      total += live_bytes(*s);
      group.push_back(s->name);
    }
    if (group.size() > 1) spec.push_back(std::move(group));
  }
  return spec;
}

MergeSpec find_forced_merges(const std::vector<MergeableSegment>& segments, int max_num_segments,
                             bool only_expunge_deletes, const MergePolicyConfig& config) {
  auto avail = available(segments);
  if (only_expunge_deletes) {
    std::vector<std::string> group;
    for (const auto* s : avail)
      if (s->del_count > 0) group.push_back(s->name);
    if (group.empty()) return {};
    return {group};
  }
  if (max_num_segments <= 0) return find_merges(segments, config);
  size_t target = static_cast<size_t>(max_num_segments);
  if (avail.size() > target) {
    // Merge the smallest (count - target + 1) into one: leaves exactly `target` segments.
    std::vector<std::string> group;
    for (size_t i = 0; i < avail.size() - target + 1; ++i) group.push_back(avail[i]->name);
    return {group};
  }
  MergeSpec spec;
  for (const auto* s : avail)  // already few enough: still reclaim deletions (Lucene does too)
    if (s->del_count > 0) spec.push_back({s->name});
  return spec;
}

}  // namespace pharos::engine
