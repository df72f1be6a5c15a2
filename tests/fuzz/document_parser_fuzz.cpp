// libFuzzer target: arbitrary bytes parsed as a document under a small mapping that has one
// field of most types (and dynamic mapping on for the rest). Must never crash, hang or leak;
// every outcome is either a ParseOutcome or a Status.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

#include "index/analysis/analysis_registry.h"
#include "index/mapping/date_format.h"
#include "index/mapping/document_parser.h"
#include "index/mapping/index_pattern.h"
#include "index/mapping/ip_address.h"
#include "index/mapping/mapping.h"

namespace {

const pharos::mapping::Mapping& fuzz_mapping() {
  static const pharos::mapping::Mapping mapping = [] {
    auto body = nlohmann::json::parse(R"({
      "dynamic_templates": [{"ids": {"match": "*_id", "mapping": {"type": "keyword"}}}],
      "properties": {
        "title": {"type": "text", "fields": {"raw": {"type": "keyword", "ignore_above": 32}}, "copy_to": "all"},
        "all": {"type": "text"},
        "count": {"type": "integer", "null_value": 0},
        "price": {"type": "scaled_float", "scaling_factor": 100},
        "ratio": {"type": "half_float"},
        "big": {"type": "unsigned_long"},
        "ok": {"type": "boolean"},
        "when": {"type": "date", "format": "yyyy-MM-dd HH:mm:ss||strict_date_optional_time||epoch_millis"},
        "nanos": {"type": "date_nanos"},
        "addr": {"type": "ip"},
        "vec": {"type": "knn_vector", "dimension": 3},
        "attrs": {"type": "flat_object"},
        "blob": {"type": "binary"},
        "user": {"properties": {"name": {"type": "keyword", "normalizer": "lowercase"},
                                "locked": {"type": "object", "dynamic": "strict"}}},
        "off": {"type": "object", "enabled": false}
      }})");
    auto parsed = pharos::mapping::Mapping::parse(body, *pharos::analysis::AnalysisRegistry::builtin());
    return parsed.is_ok() ? parsed.value() : pharos::mapping::Mapping();
  }();
  return mapping;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  static const auto registry = pharos::analysis::AnalysisRegistry::builtin();
  pharos::mapping::DocumentParser parser(fuzz_mapping(), *registry);
  auto outcome = parser.parse("fuzz", "", input);
  if (outcome.is_ok() && outcome->dynamic_update) {
    // The update must merge and render.
    auto merged = fuzz_mapping().merged_with(*outcome->dynamic_update);
    if (merged.is_ok()) (void)merged->to_json().dump();
  }
  // The same bytes as a date, an IP and a wildcard pattern.
  const std::string_view head = input.substr(0, 128);
  (void)pharos::mapping::DateFormat::default_format().parse_millis(head);
  (void)pharos::mapping::parse_ip(head);
  (void)pharos::mapping::simple_wildcard_match(head.substr(0, head.size() / 2), head.substr(head.size() / 2));
  return 0;
}
