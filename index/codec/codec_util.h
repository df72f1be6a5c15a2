// The envelope every segment file shares: a header (magic, codec name, format version, segment
// name) and a CRC32C footer over all preceding bytes, plus a trailing directory pointer so
// writers can stream data first and describe it last. Readers call `verify` on the whole
// mapped file before trusting a single byte of it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "index/base/bytes.h"
#include "index/base/status.h"

namespace pharos::codec {

constexpr uint32_t kFileMagic = 0x53524850;  // "PHRS" little-endian
// Directory offset (u64) + CRC32C (u32) close every file.
constexpr size_t kTrailerSize = 12;

Status corrupt_file(std::string_view file_name, std::string_view what);

void write_header(ByteWriter& out, std::string_view codec_name, uint32_t version, std::string_view segment);
// Pads with zero bytes so the next write starts at a multiple of `alignment` from the file
// start: mmaps are page-aligned, so aligned file offsets give aligned pointers (zero-copy spans).
void align_to(ByteWriter& out, size_t alignment);
// Appends the directory offset and the CRC32C of everything before the CRC.
void write_trailer(ByteWriter& out, uint64_t directory_offset);

// A file whose envelope checked out. Offsets in every format are absolute file offsets.
struct VerifiedFile {
  std::string_view bytes;      // the whole file
  size_t body_begin = 0;       // first byte after the header
  size_t directory_begin = 0;  // where the format's directory starts
  size_t directory_end = 0;    // == bytes.size() - kTrailerSize
  std::string name;            // for error messages

  // Reader over [directory_begin, directory_end).
  ByteReader directory() const {
    return ByteReader(bytes.substr(directory_begin, directory_end - directory_begin));
  }
  // True when [offset, offset + length) lies inside the data area (header end .. directory).
  bool in_data(uint64_t offset, uint64_t length) const {
    return offset >= body_begin && offset <= directory_begin && length <= directory_begin - offset;
  }
};

// A zero-copy view of `count` values of T at `off`: nullptr unless the range lies in the data
// area and is aligned for T (so corrupt offsets can never read outside the file).
template <typename T>
const T* array_at(const VerifiedFile& file, uint64_t off, uint64_t count) {
  if (count > file.bytes.size() / sizeof(T) || !file.in_data(off, count * sizeof(T))) return nullptr;
  const char* p = file.bytes.data() + off;
  if (reinterpret_cast<uintptr_t>(p) % alignof(T) != 0) return nullptr;
  return reinterpret_cast<const T*>(p);
}

// Checks magic, codec name, version, segment name, length and CRC32C. Any mismatch (a truncated
// file included) → corrupt naming `file_name`.
Result<VerifiedFile> verify(std::string_view bytes, std::string_view codec_name, uint32_t version,
                            std::string_view segment, std::string_view file_name);

}  // namespace pharos::codec
