// A read-only memory map of a whole file: segments are opened this way so the page cache
// holds them once and readers share it. Thread-safe for concurrent reads once opened.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "index/base/status.h"

namespace pharos {

class MmapFile {
 public:
  ~MmapFile();
  MmapFile(const MmapFile&) = delete;
  MmapFile& operator=(const MmapFile&) = delete;

  static Result<std::shared_ptr<MmapFile>> open(const std::string& path);

  std::string_view bytes() const { return {static_cast<const char*>(data_), size_}; }
  size_t size() const { return size_; }
  const std::string& path() const { return path_; }

 private:
  MmapFile() = default;
  void* data_ = nullptr;
  size_t size_ = 0;
  std::string path_;
};

}  // namespace pharos
