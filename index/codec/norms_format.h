// Norms (.nrm): one byte per doc per field with norms, Lucene's SmallFloat.intToByte4 of the
// field length. Readers get a pointer straight into the map (BM25 looks one byte up per hit).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "index/base/status.h"
#include "index/codec/codec_util.h"

namespace pharos::codec {

constexpr uint32_t kNormsVersion = 1;
constexpr char kNormsCodec[] = "PharosNorms";

// Every field's norms must have exactly max_doc bytes.
std::string write_norms_file(std::string_view segment, uint32_t max_doc,
                             const std::vector<std::pair<std::string, std::vector<uint8_t>>>& fields);

class NormsReader {
 public:
  static Result<NormsReader> open(const VerifiedFile& file, uint32_t max_doc);
  const uint8_t* field(std::string_view name) const;  // nullptr if absent

 private:
  std::vector<std::pair<std::string, const uint8_t*>> fields_;  // sorted by name
};

}  // namespace pharos::codec
