// libFuzzer target: arbitrary bytes → JSON → Query DSL under a small mapping. The parser must
// return a Status for every input and never crash, hang or recurse without bound.
#include <cstddef>
#include <cstdint>
#include <memory>

#include <nlohmann/json.hpp>

#include "index/analysis/analysis_registry.h"
#include "index/mapping/mapping.h"
#include "query/dsl/query_parser.h"

namespace {

struct Fixture {
  std::shared_ptr<const pharos::analysis::AnalysisRegistry> registry = pharos::analysis::AnalysisRegistry::builtin();
  pharos::mapping::Mapping mapping;
  Fixture() {
    auto parsed = pharos::mapping::Mapping::parse(nlohmann::json::parse(R"({"properties":{
      "title":{"type":"text"},"tag":{"type":"keyword","normalizer":"lowercase"},"count":{"type":"long"},
      "price":{"type":"double"},"scaled":{"type":"scaled_float","scaling_factor":10},"flag":{"type":"boolean"},
      "ts":{"type":"date"},"addr":{"type":"ip"},"big":{"type":"unsigned_long"},
      "vec":{"type":"knn_vector","dimension":3,"space_type":"cosinesimil"}}})"),
                                                  *registry);
    if (parsed.is_ok()) mapping = std::move(parsed.value());
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Fixture fixture;
  if (size > 64 * 1024) return 0;
  nlohmann::json query = nlohmann::json::parse(data, data + size, nullptr, /*allow_exceptions=*/false);
  if (query.is_discarded()) return 0;
  pharos::query::QueryParseContext context;
  context.mapping = &fixture.mapping;
  context.analysis = fixture.registry.get();
  context.now_millis = 1579084200000;
  auto result = pharos::query::parse_query(query, context);
  (void)result.is_ok();
  return 0;
}
