#include "index/engine/commit_manifest.h"

#include <algorithm>
#include <cstdio>

#include "index/base/bytes.h"
#include "index/base/crc32c.h"
#include "index/base/file_io.h"

namespace pharos::engine {

namespace {
constexpr uint32_t kMagic = 0x464D4850;  // "PHMF"
constexpr uint32_t kFormatVersion = 1;
}  // namespace

std::string manifest_file_name(uint64_t generation) { return "manifest_" + std::to_string(generation); }

std::string encode_manifest(const CommitManifest& m) {
  ByteWriter w;
  w.put_u32(kMagic);
  w.put_u32(kFormatVersion);
  w.put_u64(m.generation);
  w.put_i64(m.max_seq_no);
  w.put_u64(m.translog_generation);
  w.put_u64(m.next_segment);
  w.put_varint(m.segments.size());
  for (const auto& s : m.segments) {
    w.put_string(s.name);
    w.put_varint(s.max_doc);
    w.put_varint(s.del_count);
    w.put_varint(s.del_gen);
    w.put_varint(s.size_bytes);
    w.put_zigzag(s.min_seq_no);
    w.put_zigzag(s.max_seq_no);
    w.put_varint(s.files.size());
    for (const auto& f : s.files) w.put_string(f);
  }
  w.put_u32(crc32c(w.data()));
  return w.release();
}

Result<CommitManifest> decode_manifest(std::string_view bytes) {
  if (bytes.size() < 4 + 4 + 8 + 8 + 8 + 8 + 1 + 4) return Status(ErrorKind::corrupt, "manifest is truncated");
  std::string_view body = bytes.substr(0, bytes.size() - 4);
  ByteReader footer(bytes.substr(bytes.size() - 4));
  if (footer.get_u32() != crc32c(body)) return Status(ErrorKind::corrupt, "manifest checksum mismatch");
  ByteReader r(body);
  if (r.get_u32() != kMagic) return Status(ErrorKind::corrupt, "manifest has a bad magic");
  if (r.get_u32() != kFormatVersion) return Status(ErrorKind::corrupt, "manifest has an unknown format version");
  CommitManifest m;
  m.generation = r.get_u64();
  m.max_seq_no = r.get_i64();
  m.translog_generation = r.get_u64();
  m.next_segment = r.get_u64();
  uint64_t count = r.get_varint();
  if (count > body.size()) return Status(ErrorKind::corrupt, "manifest segment count is implausible");
  for (uint64_t i = 0; i < count && r.ok(); ++i) {
    segment::SegmentInfo s;
    s.name = std::string(r.get_string());
    s.max_doc = static_cast<uint32_t>(r.get_varint());
    s.del_count = static_cast<uint32_t>(r.get_varint());
    s.del_gen = r.get_varint();
    s.size_bytes = r.get_varint();
    s.min_seq_no = r.get_zigzag();
    s.max_seq_no = r.get_zigzag();
    uint64_t files = r.get_varint();
    if (files > body.size()) return Status(ErrorKind::corrupt, "manifest file count is implausible");
    for (uint64_t f = 0; f < files && r.ok(); ++f) s.files.emplace_back(r.get_string());
    m.segments.push_back(std::move(s));
  }
  if (!r.ok() || !r.at_end()) return Status(ErrorKind::corrupt, "manifest is malformed");
  return m;
}

Status write_manifest(const std::string& dir, const CommitManifest& manifest) {
  // write_file_atomic: tmp + fsync + rename + fsync dir.
  return write_file_atomic(dir + "/" + manifest_file_name(manifest.generation), encode_manifest(manifest));
}

Result<std::vector<uint64_t>> list_manifests(const std::string& dir) {
  PHAROS_ASSIGN_OR_RETURN(std::vector<std::string> names, list_directory(dir));
  std::vector<uint64_t> out;
  for (const auto& name : names) {
    unsigned long long g = 0;
    if (std::sscanf(name.c_str(), "manifest_%llu", &g) == 1 && manifest_file_name(g) == name) out.push_back(g);
  }
  std::sort(out.rbegin(), out.rend());
  return out;
}

Result<CommitManifest> read_manifest(const std::string& dir, uint64_t generation) {
  PHAROS_ASSIGN_OR_RETURN(std::string bytes, read_file(dir + "/" + manifest_file_name(generation)));
  PHAROS_ASSIGN_OR_RETURN(CommitManifest m, decode_manifest(bytes));
  if (m.generation != generation) return Status(ErrorKind::corrupt, "manifest generation does not match its file name");
  return m;
}

}  // namespace pharos::engine
