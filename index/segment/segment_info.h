// What the commit manifest records about one segment.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace pharos::segment {

struct SegmentInfo {
  std::string name;          // "_0", "_1", ... unique within a shard directory
  uint32_t max_doc = 0;      // docs written, including deleted ones
  uint32_t del_count = 0;    // deleted docs per the current live-docs generation
  uint64_t del_gen = 0;      // live-docs generation (0 = no deletions file)
  uint64_t size_bytes = 0;   // sum of the segment's file sizes
  int64_t min_seq_no = -1;
  int64_t max_seq_no = -1;
  std::vector<std::string> files;  // file names (relative to the shard dir), incl. the live-docs file
};

}  // namespace pharos::segment
