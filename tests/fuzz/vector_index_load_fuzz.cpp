// libFuzzer target: load_vector_index over arbitrary bytes. The input replaces a valid small
// index file (HNSW or IVF, picked by the first byte); its high bit re-seals the file with a
// correct CRC32C so the parsing behind the checksum is fuzzed too — for overlays inside our header
// only: faiss's reader allocates sizes read from its stream (up to 2^40 bytes) before reading
// them, which only the CRC stands between (the graph checks behind it are unit-tested in
// hnsw_index_test.cpp). Loading must fail cleanly (corrupt) or give an index that answers a search.
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "index/base/crc32c.h"
#include "index/vector/index_file.h"
#include "index/vector/vector_index.h"

namespace {

using namespace pharos::vector;  // NOLINT: a .cpp entry point

struct Fixture {
  std::vector<float> rows;
  std::vector<uint32_t> docs;
  std::string files[2];
  size_t payload_start[2] = {0, 0};
  VectorSet set() const { return VectorSet{rows.data(), 8, static_cast<uint32_t>(docs.size()), docs.data()}; }
};

const Fixture& fixture() {
  static const Fixture f = [] {
    Fixture fx;
    std::mt19937 rng(3);
    std::normal_distribution<float> value;
    for (uint32_t r = 0; r < 400; ++r) {
      fx.docs.push_back(r);
      for (int i = 0; i < 8; ++i) fx.rows.push_back(value(rng));
    }
    MethodSpec hnsw;
    hnsw.dimension = 8;
    hnsw.approximate_threshold = 0;
    MethodSpec ivf = hnsw;
    ivf.kind = MethodKind::ivf;
    ivf.nlist = 4;
    auto builder = make_cpu_builder(1);
    fx.files[0] = builder->build(hnsw, fx.set()).value()->serialize().value();
    fx.files[1] = builder->build(ivf, fx.set()).value()->serialize().value();
    for (int i = 0; i < 2; ++i) {
      auto contents = decode_index_file(fx.files[i]).value();
      fx.payload_start[i] = static_cast<size_t>(contents.faiss_payload.data() - fx.files[i].data());
    }
    return fx;
  }();
  return f;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Fixture& f = fixture();
  std::string bytes;
  if (size > 0) {
    const int which = data[0] & 1;
    const bool reseal = (data[0] & 0x80) != 0;
    const size_t header = f.payload_start[which];
    bytes = f.files[which];
    // Overlay the rest of the input at an offset chosen by byte 1: anywhere (the CRC must catch
    // it), or inside our header and then re-sealed.
    size_t at = size > 1 ? (reseal ? data[1] % header : (size_t{data[1]} * 997) % bytes.size()) : 0;
    for (size_t i = 2; i < size; ++i, ++at) {
      if (reseal && at >= header) break;
      if (at < bytes.size())
        bytes[at] = static_cast<char>(data[i]);
      else
        bytes.push_back(static_cast<char>(data[i]));
    }
    if (reseal) {
      uint32_t crc = pharos::crc32c(bytes.data(), bytes.size() - 4);
      std::memcpy(bytes.data() + bytes.size() - 4, &crc, 4);
    }
  }
  auto loaded = load_vector_index(bytes, f.set());
  if (loaded.is_ok()) (void)loaded.value()->search(f.rows.data(), SearchParams{.k = 3});
  return 0;
}
