// The in-memory write buffer of a shard: parsed documents accumulate here until refresh
// writes them as one immutable segment. Not thread-safe: the shard serialises writers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "index/base/status.h"
#include "index/mapping/parsed_document.h"
#include "index/segment/doc_meta.h"
#include "index/segment/segment_info.h"

namespace pharos::segment {

class SegmentWriter {
 public:
  SegmentWriter();
  ~SegmentWriter();
  SegmentWriter(const SegmentWriter&) = delete;
  SegmentWriter& operator=(const SegmentWriter&) = delete;

  // Buffers a document; returns its doc id within the future segment (0, 1, 2, ...).
  uint32_t add(const mapping::ParsedDocument& doc, const DocMeta& meta);
  // A later operation in the same buffer replaced or deleted this doc: it is written as deleted.
  void mark_deleted(uint32_t doc);

  uint32_t doc_count() const;  // including deleted
  size_t ram_bytes() const;    // approximate memory held, for the index buffer limit

  // Writes the buffer as segment `name` into `dir` (files are not fsynced here; the shard
  // fsyncs at flush). Returns the info the manifest records. The writer is empty afterwards.
  // An empty buffer (no docs) is an error: callers check doc_count() first.
  Result<SegmentInfo> write(const std::string& dir, const std::string& name);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pharos::segment
