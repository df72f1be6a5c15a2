// Durable file primitives. Everything that must survive a crash goes through these:
// write-then-fsync, atomic replace (temp + fsync + rename + fsync dir), append with fsync.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "index/base/status.h"

namespace pharos {

Result<std::string> read_file(const std::string& path);

// Writes `data` to `path` (truncating) and fsyncs it when `sync` is set.
Status write_file(const std::string& path, std::string_view data, bool sync);

// Replaces `path` atomically with `data`: write `path.tmp`, fsync, rename, fsync the directory.
// After a crash the file holds either the old or the new content, never a mix.
Status write_file_atomic(const std::string& path, std::string_view data);

Status fsync_file(const std::string& path);
Status fsync_directory(const std::string& dir);
Status create_directories(const std::string& dir);
Status remove_all(const std::string& path);
Status remove_file(const std::string& path);
Status rename_file(const std::string& from, const std::string& to);
bool path_exists(const std::string& path);
Result<std::vector<std::string>> list_directory(const std::string& dir);  // names only, sorted
Result<uint64_t> file_size(const std::string& path);
// Total bytes of regular files under `dir`, recursively (for store.size).
uint64_t directory_size(const std::string& dir);

// An append-only file handle (translog). Not thread-safe: the owner serialises access.
class AppendFile {
 public:
  AppendFile() = default;
  ~AppendFile();
  AppendFile(const AppendFile&) = delete;
  AppendFile& operator=(const AppendFile&) = delete;
  AppendFile(AppendFile&& other) noexcept;
  AppendFile& operator=(AppendFile&& other) noexcept;

  // Opens for appending, creating it if missing; `size()` starts at the current length.
  static Result<AppendFile> open(const std::string& path);

  Status append(std::string_view data);
  Status sync();  // fdatasync
  Status truncate(uint64_t size);
  Status close();
  uint64_t size() const { return size_; }
  bool is_open() const { return fd_ >= 0; }
  const std::string& path() const { return path_; }

 private:
  int fd_ = -1;
  uint64_t size_ = 0;
  std::string path_;
};

}  // namespace pharos
