// Chooses which segments to merge. A simplified tiered policy (Lucene's TieredMergePolicy in
// spirit): segments are bucketed into size tiers a factor of `tier_factor` apart (everything
// under `floor_bytes` is one tier); when a tier holds more than `segments_per_tier` segments,
// its smallest `merge_factor` are merged. A segment whose deleted ratio exceeds
// `deletes_pct_allowed` is rewritten on its own to reclaim space. Thread-safe (pure functions).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace pharos::engine {

struct MergePolicyConfig {
  uint32_t segments_per_tier = 10;
  uint32_t merge_factor = 10;
  double tier_factor = 10.0;
  uint64_t floor_bytes = 2ull << 20;
  uint64_t max_merged_bytes = 5ull << 30;
  double deletes_pct_allowed = 30.0;
};

struct MergeableSegment {
  std::string name;
  uint64_t size_bytes = 0;
  uint32_t max_doc = 0;
  uint32_t del_count = 0;
  bool merging = false;  // already part of a running merge: never picked again
};

using MergeSpec = std::vector<std::vector<std::string>>;  // groups of segment names

MergeSpec find_merges(const std::vector<MergeableSegment>& segments, const MergePolicyConfig& config);

// force_merge: `max_num_segments` <= 0 means "whatever the policy wants"; with
// `only_expunge_deletes`, every segment with deletions is rewritten.
MergeSpec find_forced_merges(const std::vector<MergeableSegment>& segments, int max_num_segments,
                             bool only_expunge_deletes, const MergePolicyConfig& config);

}  // namespace pharos::engine
