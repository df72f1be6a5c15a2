// Helpers shared by the segment tests: random documents built by hand (no document parser),
// temp directories, and a canonical dump of a segment's live content for equality checks.
#pragma once

#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "index/mapping/parsed_document.h"
#include "index/segment/live_docs.h"
#include "index/segment/segment.h"
#include "index/segment/segment_writer.h"

namespace pharos::segment::testing {

mapping::ParsedDocument random_doc(std::mt19937& rng, uint32_t n);
DocMeta meta_for(uint32_t n);

// A fresh directory under the system temp dir, removed by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Everything a reader can observe about the live docs of a segment, renumbered densely.
struct SegmentDump {
  struct Posting {
    uint32_t doc;
    uint32_t freq;
    std::vector<uint32_t> positions;
    bool operator==(const Posting&) const = default;
  };
  std::map<std::string, std::tuple<uint32_t, uint64_t, uint64_t>> field_stats;
  std::map<std::pair<std::string, std::string>, std::vector<Posting>> postings;
  std::map<std::string, std::vector<uint8_t>> norms;
  std::map<std::string, std::vector<std::vector<std::string>>> doc_values;  // printed values per doc
  std::vector<std::string> sources, ids, routings;
  std::vector<std::tuple<int64_t, int64_t, int64_t>> metas;
  std::map<std::string, std::vector<std::vector<float>>> vectors;
  bool operator==(const SegmentDump&) const = default;
};

// Postings of deleted docs are dropped and the rest renumbered, so a segment with deletions
// dumps like one written from its surviving docs only (field stats are taken as stored: pass
// live_docs == nullptr when comparing them).
SegmentDump dump_segment(const Segment& segment, const LiveDocs* live_docs);

}  // namespace pharos::segment::testing
