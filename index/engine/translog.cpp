#include "index/engine/translog.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "index/base/bytes.h"
#include "index/base/crc32c.h"

namespace pharos::engine {

namespace {

constexpr uint32_t kMagic = 0x4C544850;  // "PHTL" little-endian
constexpr uint32_t kFormatVersion = 1;
constexpr size_t kHeaderSize = 20;
// Big enough to turn a bulk into a few write() calls, small enough to bound what an async
// (unsynced) translog holds only in memory.
constexpr size_t kWriteBufferBytes = 1 << 20;

std::string encode_header(uint64_t generation) {
  ByteWriter w;
  w.put_u32(kMagic);
  w.put_u32(kFormatVersion);
  w.put_u64(generation);
  w.put_u32(crc32c(w.data()));
  return w.release();
}

bool parse_generation(const std::string& name, uint64_t* generation) {
  unsigned long long g = 0;
  char tail[8] = {0};
  if (std::sscanf(name.c_str(), "translog-%llu.%7s", &g, tail) != 2) return false;
  if (std::string(tail) != "tlog" || Translog::file_name(g) != name) return false;
  *generation = g;
  return true;
}

// True when some valid frame starts anywhere in `bytes`: distinguishes a torn tail (garbage
// only) from damage in the middle of the log (valid records follow).
bool has_valid_frame_after(std::string_view bytes) {
  for (size_t p = 1; p + kTranslogFrameHeader <= bytes.size(); ++p) {
    if (decode_translog_record(bytes.substr(p)).status == FrameStatus::ok) return true;
  }
  return false;
}

struct ScanResult {
  uint64_t valid_bytes = 0;
  uint64_t operations = 0;
  bool torn = false;
};

Result<ScanResult> scan_generation(const std::string& path, uint64_t generation, bool is_last,
                                   const Translog::ReplayFn& replay) {
  PHAROS_ASSIGN_OR_RETURN(std::string data, read_file(path));
  ScanResult out;
  if (data.size() < kHeaderSize || data.compare(0, kHeaderSize, encode_header(generation)) != 0) {
    // A header torn by a crash right after creation can only happen to the newest file.
    if (is_last && data.size() < kHeaderSize) {
      out.torn = true;
      return out;
    }
    return Status(ErrorKind::corrupt, "translog file [" + path + "] has a bad header");
  }
  std::string_view rest(data);
  size_t pos = kHeaderSize;
  while (pos < data.size()) {
    DecodedFrame frame = decode_translog_record(rest.substr(pos));
    if (frame.status != FrameStatus::ok) {
      if (!is_last || has_valid_frame_after(rest.substr(pos))) {
        return Status(ErrorKind::corrupt, "translog file [" + path + "] is corrupt at offset " + std::to_string(pos));
      }
      out.torn = true;
      break;
    }
    PHAROS_RETURN_IF_ERROR(replay(frame.record));
    pos += frame.frame_size;
    ++out.operations;
  }
  out.valid_bytes = pos;
  return out;
}

}  // namespace

std::string Translog::file_name(uint64_t generation) { return "translog-" + std::to_string(generation) + ".tlog"; }

Translog::Translog(std::string dir) : dir_(std::move(dir)) {}
Translog::~Translog() { (void)close(); }

Result<std::unique_ptr<Translog>> Translog::open(const std::string& dir, uint64_t min_generation,
                                                 const ReplayFn& replay) {
  PHAROS_RETURN_IF_ERROR(create_directories(dir));
  PHAROS_ASSIGN_OR_RETURN(std::vector<std::string> names, list_directory(dir));
  std::vector<uint64_t> gens;
  for (const auto& name : names) {
    uint64_t g;
    if (parse_generation(name, &g)) gens.push_back(g);
  }
  std::sort(gens.begin(), gens.end());
  std::unique_ptr<Translog> log(new Translog(dir));
  uint64_t next_generation = std::max<uint64_t>(min_generation, 1);
  for (size_t i = 0; i < gens.size(); ++i) {
    next_generation = std::max(next_generation, gens[i] + 1);
    const std::string path = dir + "/" + file_name(gens[i]);
    if (gens[i] < min_generation) {
      PHAROS_ASSIGN_OR_RETURN(uint64_t size, file_size(path));
      log->generations_[gens[i]] = {0, size};
      continue;
    }
    PHAROS_ASSIGN_OR_RETURN(ScanResult scan, scan_generation(path, gens[i], i + 1 == gens.size(), replay));
    if (scan.torn) {
      // Cut the unacknowledged tail so later appends never sit behind garbage.
      PHAROS_ASSIGN_OR_RETURN(AppendFile f, AppendFile::open(path));
      if (scan.valid_bytes == 0) {
        PHAROS_RETURN_IF_ERROR(f.truncate(0));
        PHAROS_RETURN_IF_ERROR(f.append(encode_header(gens[i])));
        scan.valid_bytes = kHeaderSize;
      } else {
        PHAROS_RETURN_IF_ERROR(f.truncate(scan.valid_bytes));
      }
      PHAROS_RETURN_IF_ERROR(f.sync());
    }
    log->generations_[gens[i]] = {scan.operations, scan.valid_bytes};
  }
  PHAROS_RETURN_IF_ERROR(log->start_generation(next_generation));
  return log;
}

Status Translog::start_generation(uint64_t generation) {
  const std::string path = dir_ + "/" + file_name(generation);
  PHAROS_ASSIGN_OR_RETURN(AppendFile f, AppendFile::open(path));
  PHAROS_RETURN_IF_ERROR(f.truncate(0));
  PHAROS_RETURN_IF_ERROR(f.append(encode_header(generation)));
  PHAROS_RETURN_IF_ERROR(f.sync());
  PHAROS_RETURN_IF_ERROR(fsync_directory(dir_));
  file_ = std::move(f);
  generation_ = generation;
  generations_[generation] = {0, kHeaderSize};
  return Status::ok();
}

Status Translog::write_pending_locked() {
  if (pending_.empty()) return Status::ok();
  Status s = file_.append(pending_);
  pending_.clear();
  if (!s.is_ok()) failure_ = Status(ErrorKind::io_error, "translog failed: " + s.message());
  return failure_;
}

Result<uint64_t> Translog::append(const TranslogRecordView& record) {
  std::lock_guard lock(mutex_);
  if (!failure_.is_ok()) return failure_;
  const size_t before = pending_.size();
  encode_translog_record(record, pending_);
  const size_t size = pending_.size() - before;
  appended_ += size;
  auto& g = generations_[generation_];
  ++g.operations;
  g.bytes += size;
  if (pending_.size() >= kWriteBufferBytes) PHAROS_RETURN_IF_ERROR(write_pending_locked());
  return appended_;
}

Result<uint64_t> Translog::append(const TranslogRecord& record) {
  return append(TranslogRecordView{record.op, record.seq_no, record.primary_term, record.version, record.id,
                                   record.routing, record.source});
}

Status Translog::sync_to(uint64_t location) {
  std::lock_guard sync_lock(sync_mutex_);
  uint64_t target;
  {
    std::lock_guard lock(mutex_);
    if (!failure_.is_ok()) return failure_;
    if (synced_ >= location) return Status::ok();  // an earlier fsync covered this record
    PHAROS_RETURN_IF_ERROR(write_pending_locked());
    target = appended_;
  }
  // The fsync runs without mutex_ so appends continue; everything appended before `target`
  // was written before we read it, so this one fsync covers all of it.
  Status s = file_.sync();
  std::lock_guard lock(mutex_);
  if (!s.is_ok()) {
    failure_ = Status(ErrorKind::io_error, "translog fsync failed: " + s.message());
    return failure_;
  }
  synced_ = std::max(synced_, target);
  return Status::ok();
}

Status Translog::sync() {
  uint64_t location;
  {
    std::lock_guard lock(mutex_);
    location = appended_;
  }
  return sync_to(location);
}

bool Translog::needs_sync() const {
  std::lock_guard lock(mutex_);
  return synced_ < appended_ && failure_.is_ok();
}

Result<uint64_t> Translog::roll_generation() {
  std::lock_guard sync_lock(sync_mutex_);
  std::lock_guard lock(mutex_);
  if (!failure_.is_ok()) return failure_;
  Status s = write_pending_locked();
  if (s.is_ok()) s = file_.sync();
  if (s.is_ok()) s = file_.close();
  if (s.is_ok()) {
    synced_ = appended_;
    s = start_generation(generation_ + 1);
  }
  if (!s.is_ok()) {
    failure_ = Status(ErrorKind::io_error, "translog roll failed: " + s.message());
    return failure_;
  }
  return generation_;
}

Status Translog::trim_below(uint64_t generation) {
  std::lock_guard lock(mutex_);
  Status result;
  for (auto it = generations_.begin(); it != generations_.end() && it->first < generation;) {
    if (it->first == generation_) break;
    Status s = remove_file(dir_ + "/" + file_name(it->first));
    if (!s.is_ok() && result.is_ok()) result = s;
    it = generations_.erase(it);
  }
  return result;
}

uint64_t Translog::current_generation() const {
  std::lock_guard lock(mutex_);
  return generation_;
}

TranslogStats Translog::stats() const {
  std::lock_guard lock(mutex_);
  TranslogStats out;
  out.generation = generation_;
  for (const auto& [gen, g] : generations_) {
    out.operations += g.operations;
    out.size_bytes += g.bytes;
  }
  return out;
}

Status Translog::close() {
  std::lock_guard sync_lock(sync_mutex_);
  std::lock_guard lock(mutex_);
  if (!file_.is_open()) return Status::ok();
  Status s = failure_.is_ok() ? write_pending_locked() : Status::ok();
  if (s.is_ok() && failure_.is_ok()) s = file_.sync();
  Status c = file_.close();
  return s.is_ok() ? c : s;
}

}  // namespace pharos::engine
