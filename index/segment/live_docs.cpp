#include "index/segment/live_docs.h"

#include <roaring/roaring.h>

#include "index/base/file_io.h"
#include "index/codec/live_docs_format.h"

namespace pharos::segment {

struct LiveDocs::Impl {
  roaring_bitmap_t* deleted = nullptr;
  ~Impl() { roaring_bitmap_free(deleted); }
};

LiveDocs::LiveDocs() : impl_(std::make_unique<Impl>()) { impl_->deleted = roaring_bitmap_create(); }
LiveDocs::~LiveDocs() = default;
LiveDocs::LiveDocs(const LiveDocs& other) : impl_(std::make_unique<Impl>()) {
  impl_->deleted = roaring_bitmap_copy(other.impl_->deleted);
}

bool LiveDocs::is_live(uint32_t doc) const { return !roaring_bitmap_contains(impl_->deleted, doc); }
void LiveDocs::mark_deleted(uint32_t doc) { roaring_bitmap_add(impl_->deleted, doc); }
uint32_t LiveDocs::deleted_count() const {
  return static_cast<uint32_t>(roaring_bitmap_get_cardinality(impl_->deleted));
}

Status LiveDocs::write(const std::string& path) const {
  return write_file(path, codec::encode_live_docs(impl_->deleted), /*sync=*/false);
}

Result<std::shared_ptr<LiveDocs>> LiveDocs::read(const std::string& path) {
  PHAROS_ASSIGN_OR_RETURN(std::string bytes, read_file(path));
  std::string name = path.substr(path.find_last_of('/') + 1);
  PHAROS_ASSIGN_OR_RETURN(roaring_bitmap_t* bitmap, codec::decode_live_docs(bytes, name));
  auto live = std::make_shared<LiveDocs>();
  roaring_bitmap_free(live->impl_->deleted);
  live->impl_->deleted = bitmap;
  return live;
}

}  // namespace pharos::segment
