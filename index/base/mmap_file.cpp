#include "index/base/mmap_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace pharos {

MmapFile::~MmapFile() {
  if (data_ != nullptr && size_ > 0) ::munmap(data_, size_);
}

Result<std::shared_ptr<MmapFile>> MmapFile::open(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status(ErrorKind::not_found, "no such file [" + path + "]");
    return Status(ErrorKind::io_error, "open failed [" + path + "]: " + std::strerror(errno));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    return Status(ErrorKind::io_error, "stat failed [" + path + "]: " + std::strerror(errno));
  }
  std::shared_ptr<MmapFile> file(new MmapFile());
  file->path_ = path;
  file->size_ = static_cast<size_t>(st.st_size);
  if (file->size_ > 0) {
    void* p = ::mmap(nullptr, file->size_, PROT_READ, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) {
      ::close(fd);
      file->size_ = 0;
      return Status(ErrorKind::io_error, "mmap failed [" + path + "]: " + std::strerror(errno));
    }
    file->data_ = p;
  }
  ::close(fd);  // the mapping stays valid after close
  return file;
}

}  // namespace pharos
