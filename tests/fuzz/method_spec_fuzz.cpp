// libFuzzer target: parse_method_spec over arbitrary bytes must return a value or an
// invalid_argument / parse_error / unsupported Status, never crash. A parsed spec must be usable:
// a flat index over two rows of its dimension is searched once.
#include <cstdint>
#include <string_view>
#include <vector>

#include "index/vector/vector_index.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace pharos::vector;  // NOLINT: a .cpp entry point
  auto spec = parse_method_spec(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!spec.is_ok()) return 0;
  const uint32_t dimension = spec->data_type == "binary" ? spec->dimension / 8 : spec->dimension;
  if (dimension == 0 || dimension > 4096) return 0;
  std::vector<float> rows(2 * size_t{dimension}, 1.f);
  std::vector<uint32_t> docs = {0, 1};
  auto index = make_flat_index(*spec, VectorSet{rows.data(), dimension, 2, docs.data()});
  (void)index->search(rows.data(), SearchParams{.k = 1});
  return 0;
}
