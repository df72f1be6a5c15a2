// The set of files one segment consists of, their names, and the step both the segment
// writer and the merger end with: write every file, then describe them in a SegmentInfo.
#pragma once

#include <roaring/roaring.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "index/base/status.h"
#include "index/codec/inverted_index_writer.h"
#include "index/codec/stored_fields_format.h"
#include "index/segment/segment_info.h"

namespace pharos::segment {

// Extensions of the core files, in the order they are written and opened.
inline constexpr const char* kSegmentExtensions[] = {"tim", "doc", "pos", "nrm", "dvd", "fdt", "vec"};
inline constexpr size_t kSegmentFileCount = 7;
// The reserved field under which every doc's _id is indexed (one term per doc, no positions).
inline constexpr std::string_view kIdField = "_id";

inline std::string segment_file_name(std::string_view segment, std::string_view ext) {
  return std::string(segment) + "." + std::string(ext);
}
inline std::string live_docs_file_name(std::string_view segment, uint64_t gen) {
  return std::string(segment) + "_" + std::to_string(gen) + ".liv";
}

struct SegmentFileContents {
  codec::InvertedIndexFiles inverted;
  std::string norms, doc_values, stored, vectors;
};

// Indexes each doc's _id (read from `stored`) as a term of kIdField, docs ascending per id.
void write_id_terms(codec::InvertedIndexWriter& writer, const codec::StoredFieldsWriter& stored, uint32_t max_doc);

// Writes the files (not fsynced) and, when `deleted` is non-empty, live-docs generation 1.
Result<SegmentInfo> write_segment_files(const std::string& dir, const std::string& name, uint32_t max_doc,
                                        const SegmentFileContents& files, const roaring_bitmap_t* deleted,
                                        int64_t min_seq_no, int64_t max_seq_no);

}  // namespace pharos::segment
