// Which docs of a segment are deleted. Copy-on-write: the shard makes a new LiveDocs for
// each change and publishes it with the next refresh; readers hold an immutable one.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "index/base/status.h"

namespace pharos::segment {

class LiveDocs {
 public:
  LiveDocs();  // no deletions
  ~LiveDocs();
  LiveDocs(const LiveDocs& other);
  LiveDocs& operator=(const LiveDocs&) = delete;

  bool is_live(uint32_t doc) const;
  void mark_deleted(uint32_t doc);
  uint32_t deleted_count() const;

  // "<segment>_<gen>.liv": header, roaring bitmap of deleted docs, CRC32C footer.
  Status write(const std::string& path) const;
  static Result<std::shared_ptr<LiveDocs>> read(const std::string& path);

  struct Impl;
 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace pharos::segment
