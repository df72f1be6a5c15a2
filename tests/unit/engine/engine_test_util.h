// Helpers shared by the shard / translog / index-service tests: temp directories.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

namespace pharos::engine::test_util {

// A fresh directory under the system temp dir, removed when the object dies.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "pharos-engine-XXXXXX").string();
    char* made = ::mkdtemp(pattern.data());
    path_ = made ? made : pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace pharos::engine::test_util
