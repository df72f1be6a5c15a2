// A shard's commit point, "manifest_<generation>": which segments (and which live-docs
// generation of each) make up the shard, the highest seq_no they cover, the translog
// generation replay starts from, and the next segment-name counter.
//
// Format (little-endian): magic "PHMF" u32, format version u32, generation u64,
// max_seq_no i64, translog_generation u64, next_segment u64, segment count varint, then per
// segment: name, max_doc, del_count, del_gen, size_bytes, min_seq_no, max_seq_no, file
// count + names (varints / length-prefixed strings); CRC32C u32 of everything before it.
//
// Written as manifest_<N>.tmp → fsync → rename → fsync dir, so a crash leaves either the old
// or the new commit. Thread-safe (pure functions).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "index/base/status.h"
#include "index/segment/segment_info.h"

namespace pharos::engine {

struct CommitManifest {
  uint64_t generation = 0;
  int64_t max_seq_no = -1;
  uint64_t translog_generation = 1;
  uint64_t next_segment = 0;
  std::vector<segment::SegmentInfo> segments;
};

std::string manifest_file_name(uint64_t generation);
std::string encode_manifest(const CommitManifest& manifest);
Result<CommitManifest> decode_manifest(std::string_view bytes);

// Writes manifest_<generation> durably in `dir`.
Status write_manifest(const std::string& dir, const CommitManifest& manifest);

// Manifest generations present in `dir`, newest first.
Result<std::vector<uint64_t>> list_manifests(const std::string& dir);
Result<CommitManifest> read_manifest(const std::string& dir, uint64_t generation);

}  // namespace pharos::engine
