#include "index/engine/translog_record.h"

#include <cstring>

#include "index/base/bytes.h"
#include "index/base/crc32c.h"

namespace pharos::engine {

namespace {

void put_varint(uint64_t v, std::string& out) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

void put_fixed(const void* p, size_t n, std::string& out) { out.append(static_cast<const char*>(p), n); }

}  // namespace

// Encodes in place (header patched after the payload) so the source is copied exactly once.
void encode_translog_record(const TranslogRecordView& record, std::string& out) {
  const size_t frame_start = out.size();
  out.resize(frame_start + kTranslogFrameHeader);
  out.push_back(static_cast<char>(record.op));
  put_fixed(&record.seq_no, 8, out);
  put_fixed(&record.primary_term, 8, out);
  put_fixed(&record.version, 8, out);
  for (std::string_view s : {record.id, record.routing, record.source}) {
    put_varint(s.size(), out);
    out.append(s.data(), s.size());
  }
  const size_t payload_start = frame_start + kTranslogFrameHeader;
  const auto len = static_cast<uint32_t>(out.size() - payload_start);
  const uint32_t crc = crc32c(std::string_view(out).substr(payload_start));
  std::memcpy(out.data() + frame_start, &len, 4);
  std::memcpy(out.data() + frame_start + 4, &crc, 4);
}

void encode_translog_record(const TranslogRecord& record, std::string& out) {
  encode_translog_record(TranslogRecordView{record.op, record.seq_no, record.primary_term, record.version, record.id,
                                            record.routing, record.source},
                         out);
}

DecodedFrame decode_translog_record(std::string_view bytes) {
  DecodedFrame out;
  if (bytes.size() < kTranslogFrameHeader) {
    out.status = FrameStatus::truncated;
    return out;
  }
  ByteReader header(bytes.substr(0, kTranslogFrameHeader));
  uint32_t len = header.get_u32();
  uint32_t crc = header.get_u32();
  if (len > kMaxTranslogRecord) {
    out.status = FrameStatus::bad_payload;
    return out;
  }
  if (bytes.size() - kTranslogFrameHeader < len) {
    out.status = FrameStatus::truncated;
    return out;
  }
  std::string_view payload = bytes.substr(kTranslogFrameHeader, len);
  if (crc32c(payload) != crc) {
    out.status = FrameStatus::bad_checksum;
    return out;
  }
  ByteReader r(payload);
  uint8_t op = r.get_u8();
  out.record.seq_no = r.get_i64();
  out.record.primary_term = r.get_i64();
  out.record.version = r.get_i64();
  out.record.id = std::string(r.get_string());
  out.record.routing = std::string(r.get_string());
  out.record.source = std::string(r.get_string());
  if (!r.ok() || !r.at_end() || op < 1 || op > 3) {
    out.status = FrameStatus::bad_payload;
    return out;
  }
  out.record.op = static_cast<TranslogOp>(op);
  out.frame_size = kTranslogFrameHeader + len;
  return out;
}

}  // namespace pharos::engine
