// Merges segments (skipping deleted docs) into one new segment, renumbering docs in order.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "index/base/status.h"
#include "index/segment/live_docs.h"
#include "index/segment/segment.h"

namespace pharos::segment {

struct MergeInput {
  std::shared_ptr<const Segment> segment;
  std::shared_ptr<const LiveDocs> live_docs;  // nullptr = all live
};

// Writes segment `name` into `dir` from the live docs of `inputs` (files not fsynced).
// An input set with no live docs yields a SegmentInfo with max_doc 0 and no files.
Result<SegmentInfo> merge_segments(const std::vector<MergeInput>& inputs, const std::string& dir,
                                   const std::string& name);

}  // namespace pharos::segment
