// A shard's write-ahead log: numbered generation files "translog-<gen>.tlog", each a 20-byte
// header (magic "PHTL", format version, generation, CRC32C of the header) followed by framed
// records (translog_record.h). Writers append, then wait in sync_to() for their record to be
// durable; concurrent waiters share one fdatasync (group commit). Appends collect in an
// in-memory buffer that is written out when it grows large or right before an fsync, so a
// bulk of thousands of records costs a few write() calls instead of one per record; an
// acknowledged (synced) record is therefore always on disk, exactly as before. A flush rolls to a new
// generation and trims the generations a commit covers.
//
// Failure model (like PostgreSQL's data_sync_retry=off): after any failed write or fsync the
// translog is failed for good; every later append/sync returns io_error and the shard must be
// reopened, which recovers from what was durably written.
//
// Thread-safe: append/roll are serialised by an internal mutex; sync_to may be called from any
// thread concurrently with appends.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "index/base/file_io.h"
#include "index/base/status.h"
#include "index/engine/translog_record.h"

namespace pharos::engine {

struct TranslogStats {
  uint64_t operations = 0;  // records in generations still on disk
  uint64_t size_bytes = 0;
  uint64_t generation = 0;  // the generation being appended to
};

class Translog {
 public:
  using ReplayFn = std::function<Status(const TranslogRecord&)>;

  // Opens the translog in `dir`, replays every record of generations >= `min_generation` in
  // order through `replay`, truncates a torn tail of the last generation (an unacknowledged
  // write), and starts a fresh generation for appends. A bad record followed by valid data,
  // or a bad record in a non-final generation → corrupt.
  static Result<std::unique_ptr<Translog>> open(const std::string& dir, uint64_t min_generation,
                                                const ReplayFn& replay);
  ~Translog();
  Translog(const Translog&) = delete;
  Translog& operator=(const Translog&) = delete;

  // Appends a record; returns its location (a position that sync_to() understands).
  Result<uint64_t> append(const TranslogRecordView& record);
  Result<uint64_t> append(const TranslogRecord& record);
  // Returns once every byte up to `location` is fsynced (sharing fsyncs between callers).
  Status sync_to(uint64_t location);
  Status sync();  // everything appended so far
  bool needs_sync() const;

  // Syncs and closes the current generation and starts the next. Returns the new generation.
  Result<uint64_t> roll_generation();
  // Deletes generation files older than `generation`.
  Status trim_below(uint64_t generation);

  uint64_t current_generation() const;
  TranslogStats stats() const;
  Status close();

  static std::string file_name(uint64_t generation);

 private:
  explicit Translog(std::string dir);
  Status start_generation(uint64_t generation);
  Status write_pending_locked();  // mutex_ held

  struct GenerationStats {
    uint64_t operations = 0;
    uint64_t bytes = 0;
  };

  const std::string dir_;
  std::mutex sync_mutex_;  // held while an fsync runs; waiters queue here (group commit)
  mutable std::mutex mutex_;  // guards everything below
  AppendFile file_;
  uint64_t generation_ = 0;
  uint64_t appended_ = 0;  // bytes appended through this object (location space)
  uint64_t synced_ = 0;
  Status failure_;
  std::map<uint64_t, GenerationStats> generations_;
  std::string pending_;  // appended records not yet handed to write()
};

}  // namespace pharos::engine
