// Live docs (.liv): the roaring bitmap (portable serialization) of a segment's deleted docs,
// in the common header/CRC envelope. One file per deletion generation: "<segment>_<gen>.liv".
#pragma once

#include <roaring/roaring.h>

#include <string>
#include <string_view>

#include "index/base/status.h"

namespace pharos::codec {

constexpr uint32_t kLiveDocsVersion = 1;
constexpr char kLiveDocsCodec[] = "PharosLiveDocs";

std::string encode_live_docs(const roaring_bitmap_t* deleted);
// The caller owns the returned bitmap (roaring_bitmap_free).
Result<roaring_bitmap_t*> decode_live_docs(std::string_view bytes, std::string_view file_name);

}  // namespace pharos::codec
