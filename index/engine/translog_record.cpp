#include "index/engine/translog_record.h"

#include "index/base/bytes.h"
#include "index/base/crc32c.h"

namespace pharos::engine {

void encode_translog_record(const TranslogRecord& record, std::string& out) {
  ByteWriter payload;
  payload.put_u8(static_cast<uint8_t>(record.op));
  payload.put_i64(record.seq_no);
  payload.put_i64(record.primary_term);
  payload.put_i64(record.version);
  payload.put_string(record.id);
  payload.put_string(record.routing);
  payload.put_string(record.source);
  ByteWriter frame;
  frame.put_u32(static_cast<uint32_t>(payload.size()));
  frame.put_u32(crc32c(payload.data()));
  out.append(frame.data());
  out.append(payload.data());
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
