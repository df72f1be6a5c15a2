#include "index/base/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace pharos {
namespace {

Status errno_status(const std::string& what, const std::string& path) {
  return Status(ErrorKind::io_error, what + " [" + path + "]: " + std::strerror(errno));
}

Status write_all(int fd, std::string_view data, const std::string& path) {
  const char* p = data.data();
  size_t left = data.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno_status("write failed", path);
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  return Status::ok();
}

std::string parent_directory(const std::string& path) {
  auto parent = std::filesystem::path(path).parent_path().string();
  return parent.empty() ? "." : parent;
}

}  // namespace

Result<std::string> read_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status(ErrorKind::not_found, "no such file [" + path + "]");
    return errno_status("open failed", path);
  }
  std::string out;
  struct stat st {};
  if (::fstat(fd, &st) == 0 && st.st_size > 0) out.reserve(static_cast<size_t>(st.st_size));
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      Status s = errno_status("read failed", path);
      ::close(fd);
      return s;
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

Status write_file(const std::string& path, std::string_view data, bool sync) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return errno_status("open failed", path);
  Status s = write_all(fd, data, path);
  if (s.is_ok() && sync && ::fsync(fd) != 0) s = errno_status("fsync failed", path);
  ::close(fd);
  return s;
}

Status write_file_atomic(const std::string& path, std::string_view data) {
  const std::string tmp = path + ".tmp";
  PHAROS_RETURN_IF_ERROR(write_file(tmp, data, /*sync=*/true));
  PHAROS_RETURN_IF_ERROR(rename_file(tmp, path));
  return fsync_directory(parent_directory(path));
}

Status fsync_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return errno_status("open failed", path);
  Status s;
  if (::fsync(fd) != 0) s = errno_status("fsync failed", path);
  ::close(fd);
  return s;
}

Status fsync_directory(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return errno_status("open dir failed", dir);
  Status s;
  if (::fsync(fd) != 0) s = errno_status("fsync dir failed", dir);
  ::close(fd);
  return s;
}

Status create_directories(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status(ErrorKind::io_error, "mkdir failed [" + dir + "]: " + ec.message());
  return Status::ok();
}

Status remove_all(const std::string& path) {
  std::error_code ec;
  std::filesystem::remove_all(path, ec);
  if (ec) return Status(ErrorKind::io_error, "remove failed [" + path + "]: " + ec.message());
  return Status::ok();
}

Status remove_file(const std::string& path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) return errno_status("unlink failed", path);
  return Status::ok();
}

Status rename_file(const std::string& from, const std::string& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) return errno_status("rename failed", from + " -> " + to);
  return Status::ok();
}

bool path_exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

Result<std::vector<std::string>> list_directory(const std::string& dir) {
  std::error_code ec;
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    names.push_back(entry.path().filename().string());
  }
  if (ec) return Status(ErrorKind::io_error, "list failed [" + dir + "]: " + ec.message());
  std::sort(names.begin(), names.end());
  return names;
}

Result<uint64_t> file_size(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return errno_status("stat failed", path);
  return static_cast<uint64_t>(st.st_size);
}

uint64_t directory_size(const std::string& dir) {
  uint64_t total = 0;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file(ec)) total += it->file_size(ec);
  }
  return total;
}

AppendFile::~AppendFile() { (void)close(); }

AppendFile::AppendFile(AppendFile&& other) noexcept
    : fd_(other.fd_), size_(other.size_), path_(std::move(other.path_)) {
  other.fd_ = -1;
}

AppendFile& AppendFile::operator=(AppendFile&& other) noexcept {
  if (this != &other) {
    (void)close();
    fd_ = other.fd_;
    size_ = other.size_;
    path_ = std::move(other.path_);
    other.fd_ = -1;
  }
  return *this;
}

Result<AppendFile> AppendFile::open(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return errno_status("open failed", path);
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    Status s = errno_status("stat failed", path);
    ::close(fd);
    return s;
  }
  AppendFile f;
  f.fd_ = fd;
  f.size_ = static_cast<uint64_t>(st.st_size);
  f.path_ = path;
  return f;
}

Status AppendFile::append(std::string_view data) {
  if (fd_ < 0) return Status(ErrorKind::internal, "append to closed file [" + path_ + "]");
  PHAROS_RETURN_IF_ERROR(write_all(fd_, data, path_));
  size_ += data.size();
  return Status::ok();
}

Status AppendFile::sync() {
  if (fd_ < 0) return Status::ok();
  if (::fdatasync(fd_) != 0) return errno_status("fdatasync failed", path_);
  return Status::ok();
}

Status AppendFile::truncate(uint64_t size) {
  if (fd_ < 0) return Status(ErrorKind::internal, "truncate of closed file [" + path_ + "]");
  if (::ftruncate(fd_, static_cast<off_t>(size)) != 0) return errno_status("ftruncate failed", path_);
  size_ = size;
  return Status::ok();
}

Status AppendFile::close() {
  if (fd_ < 0) return Status::ok();
  int rc = ::close(fd_);
  fd_ = -1;
  if (rc != 0) return errno_status("close failed", path_);
  return Status::ok();
}

}  // namespace pharos
