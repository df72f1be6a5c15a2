// libFuzzer target: arbitrary bytes → JSON → search pipeline config and hybrid query shape. The
// parsers must return a Status for every input; a pipeline that parses must fuse a small fixed
// set of sub-query results without crashing or producing NaN scores.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "query/dsl/hybrid_query.h"
#include "server/api/search_pipeline.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;
  nlohmann::json body = nlohmann::json::parse(data, data + size, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) return 0;
  auto hybrid = pharos::query::parse_hybrid_query(body);
  if (hybrid.is_ok()) {
    for (size_t i = 0; i < hybrid->sub_queries_json.size(); ++i)
      (void)pharos::query::hybrid_sub_query_json(*hybrid, i);
    (void)pharos::query::hybrid_union_query_json(*hybrid);
  }
  auto pipeline = pharos::api::parse_search_pipeline("fuzz", body);
  if (!pipeline.is_ok() || !pipeline->scoring) return 0;
  using pharos::api::ShardSubQueryHits;
  std::vector<ShardSubQueryHits> shards = {ShardSubQueryHits{{{{1, 3.0f}, {2, 1.0f}}, {{2, 0.5f}}}},
                                           ShardSubQueryHits{{{}, {{4, 0.25f}, {5, 0.25f}}}}};
  if (!pharos::api::check_scoring_for_sub_queries(*pipeline->scoring, 2).is_ok()) return 0;
  for (const auto& shard : pharos::api::fuse_hybrid_hits(*pipeline->scoring, shards, 10)) {
    for (const auto& hit : shard) {
      if (std::isnan(hit.score)) std::abort();
    }
  }
  return 0;
}
