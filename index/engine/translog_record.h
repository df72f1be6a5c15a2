// One translog operation and its on-disk framing:
//   [payload_len u32][crc32c(payload) u32][payload]
//   payload = op u8, seq_no i64, primary_term i64, version i64, id, routing, source
//             (strings are varint-length-prefixed).
// A record is valid only if its whole frame is present and the CRC matches, so a torn write
// at the tail is always detected. Thread-safe (pure functions).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pharos::engine {

enum class TranslogOp : uint8_t { index = 1, remove = 2, no_op = 3 };

struct TranslogRecord {
  TranslogOp op = TranslogOp::index;
  int64_t seq_no = 0;
  int64_t primary_term = 1;
  int64_t version = 1;
  std::string id;
  std::string routing;
  std::string source;
};

// The same operation with borrowed strings: what the write path encodes without copying.
struct TranslogRecordView {
  TranslogOp op = TranslogOp::index;
  int64_t seq_no = 0;
  int64_t primary_term = 1;
  int64_t version = 1;
  std::string_view id;
  std::string_view routing;
  std::string_view source;
};

constexpr size_t kTranslogFrameHeader = 8;
// Caps a record's declared length so garbage cannot make us allocate gigabytes.
constexpr uint32_t kMaxTranslogRecord = 1u << 30;

// Appends the framed record to `out`.
void encode_translog_record(const TranslogRecordView& record, std::string& out);
void encode_translog_record(const TranslogRecord& record, std::string& out);

enum class FrameStatus { ok, truncated, bad_checksum, bad_payload };

struct DecodedFrame {
  FrameStatus status = FrameStatus::ok;
  TranslogRecord record;
  size_t frame_size = 0;  // bytes consumed when ok
};

// Decodes the frame at the start of `bytes`.
DecodedFrame decode_translog_record(std::string_view bytes);

}  // namespace pharos::engine
