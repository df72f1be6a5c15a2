#include "index/codec/live_docs_format.h"

#include "index/codec/codec_util.h"

namespace pharos::codec {

// The segment name slot of the header is empty: a .liv file names its segment in its file name.
std::string encode_live_docs(const roaring_bitmap_t* deleted) {
  ByteWriter out;
  write_header(out, kLiveDocsCodec, kLiveDocsVersion, "");
  size_t n = roaring_bitmap_portable_size_in_bytes(deleted);
  out.put_varint(roaring_bitmap_get_cardinality(deleted));
  out.put_u64(n);
  std::string& buf = out.mutable_data();
  size_t at = buf.size();
  buf.resize(at + n);
  roaring_bitmap_portable_serialize(deleted, buf.data() + at);
  write_trailer(out, out.size());
  return out.release();
}

Result<roaring_bitmap_t*> decode_live_docs(std::string_view bytes, std::string_view file_name) {
  PHAROS_ASSIGN_OR_RETURN(VerifiedFile file, verify(bytes, kLiveDocsCodec, kLiveDocsVersion, "", file_name));
  ByteReader in(bytes.substr(file.body_begin, file.directory_begin - file.body_begin));
  uint64_t cardinality = in.get_varint();
  uint64_t n = in.get_u64();
  std::string_view data = in.get_bytes(n);
  if (!in.ok()) return corrupt_file(file_name, "truncated bitmap");
  roaring_bitmap_t* bitmap = roaring_bitmap_portable_deserialize_safe(data.data(), data.size());
  if (bitmap == nullptr) return corrupt_file(file_name, "bad bitmap");
  if (roaring_bitmap_get_cardinality(bitmap) != cardinality) {
    roaring_bitmap_free(bitmap);
    return corrupt_file(file_name, "bitmap cardinality mismatch");
  }
  return bitmap;
}

}  // namespace pharos::codec
