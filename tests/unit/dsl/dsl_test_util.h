// Shared fixture for the Query DSL parser tests: one mapping with every common field type.
#pragma once

#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "index/analysis/analysis_registry.h"
#include "index/mapping/mapping.h"
#include "query/dsl/query_parser.h"

namespace pharos::query::testing {

using search::QueryKind;
using search::QueryNode;

// 2020-01-15T10:30:00Z, a Wednesday.
inline constexpr int64_t kNow = 1579084200000;

class DslTest : public ::testing::Test {
 protected:
  void SetUp() override {
    registry_ = analysis::AnalysisRegistry::builtin();
    auto mapping = mapping::Mapping::parse(nlohmann::json::parse(R"({"properties":{
      "title":{"type":"text","fields":{"raw":{"type":"keyword"}}},
      "body":{"type":"text","analyzer":"english"},
      "tag":{"type":"keyword"},
      "tag_lc":{"type":"keyword","normalizer":"lowercase"},
      "count":{"type":"long"},
      "small":{"type":"byte"},
      "big":{"type":"unsigned_long"},
      "price":{"type":"double"},
      "ratio":{"type":"float"},
      "scaled":{"type":"scaled_float","scaling_factor":100},
      "flag":{"type":"boolean"},
      "ts":{"type":"date"},
      "day":{"type":"date","format":"yyyy/MM/dd"},
      "nanos":{"type":"date_nanos"},
      "addr":{"type":"ip"},
      "user":{"properties":{"name":{"type":"text"},"id":{"type":"keyword"}}},
      "alias_tag":{"type":"alias","path":"tag"}
    }})"),
                                           *registry_);
    ASSERT_TRUE(mapping.is_ok()) << mapping.status().message();
    mapping_ = std::move(mapping.value());
    context_.mapping = &mapping_;
    context_.analysis = registry_.get();
    context_.now_millis = kNow;
  }

  Result<QueryNode> parse(const std::string& text) { return parse_query(nlohmann::json::parse(text), context_); }

  QueryNode ok(const std::string& text) {
    auto result = parse(text);
    EXPECT_TRUE(result.is_ok()) << text << " → " << result.status().message();
    return result.is_ok() ? result.value() : QueryNode{};
  }

  Status error(const std::string& text) {
    auto result = parse(text);
    EXPECT_FALSE(result.is_ok()) << text;
    return result.is_ok() ? Status(ErrorKind::internal, "parsed") : result.status();
  }

  std::shared_ptr<const analysis::AnalysisRegistry> registry_;
  mapping::Mapping mapping_;
  QueryParseContext context_;
};

}  // namespace pharos::query::testing
