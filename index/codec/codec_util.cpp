#include "index/codec/codec_util.h"

#include "index/base/crc32c.h"

namespace pharos::codec {

Status corrupt_file(std::string_view file_name, std::string_view what) {
  return Status(ErrorKind::corrupt,
                "corrupt segment file [" + std::string(file_name) + "]: " + std::string(what));
}

void write_header(ByteWriter& out, std::string_view codec_name, uint32_t version, std::string_view segment) {
  out.put_u32(kFileMagic);
  out.put_string(codec_name);
  out.put_u32(version);
  out.put_string(segment);
}

void align_to(ByteWriter& out, size_t alignment) {
  while (out.size() % alignment != 0) out.put_u8(0);
}

void write_trailer(ByteWriter& out, uint64_t directory_offset) {
  out.put_u64(directory_offset);
  uint32_t crc = crc32c(out.data());
  out.put_u32(crc);
}

Result<VerifiedFile> verify(std::string_view bytes, std::string_view codec_name, uint32_t version,
                            std::string_view segment, std::string_view file_name) {
  ByteReader header(bytes);
  uint32_t magic = header.get_u32();
  if (!header.ok() || magic != kFileMagic) return corrupt_file(file_name, "bad magic");
  std::string_view name = header.get_string();
  if (!header.ok() || name != codec_name) return corrupt_file(file_name, "unexpected codec name");
  uint32_t file_version = header.get_u32();
  if (!header.ok() || file_version != version) {
    return corrupt_file(file_name, "unsupported format version " + std::to_string(file_version));
  }
  std::string_view seg = header.get_string();
  if (!header.ok() || seg != segment) return corrupt_file(file_name, "segment name mismatch");
  size_t body_begin = header.position();
  if (bytes.size() < body_begin + kTrailerSize) return corrupt_file(file_name, "truncated");

  uint32_t stored_crc = 0;
  std::memcpy(&stored_crc, bytes.data() + bytes.size() - 4, 4);
  if (crc32c(bytes.data(), bytes.size() - 4) != stored_crc) return corrupt_file(file_name, "checksum mismatch");

  uint64_t dir = 0;
  std::memcpy(&dir, bytes.data() + bytes.size() - kTrailerSize, 8);
  size_t dir_end = bytes.size() - kTrailerSize;
  if (dir < body_begin || dir > dir_end) return corrupt_file(file_name, "bad directory offset");

  VerifiedFile file;
  file.bytes = bytes;
  file.body_begin = body_begin;
  file.directory_begin = static_cast<size_t>(dir);
  file.directory_end = dir_end;
  file.name = std::string(file_name);
  return file;
}

}  // namespace pharos::codec
