// Parsing and validation of search requests (query/dsl/search_request.h), with OpenSearch's
// messages, since clients and conformance tests match them verbatim.
#include "query/dsl/search_request.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace pharos::query {
namespace {

using nlohmann::json;

TEST(SearchRequestTest, DefaultsForEmptyBody) {
  auto request = parse_search_body(json());
  ASSERT_TRUE(request.is_ok());
  EXPECT_EQ(request->from_or_default(), 0);
  EXPECT_EQ(request->size_or_default(), 10);
  EXPECT_EQ(request->track_total_hits_or_default(), 10000);
  EXPECT_FALSE(request->query);
}

TEST(SearchRequestTest, ParsesCommonKeys) {
  auto request = parse_search_body(json::parse(R"({
    "query": {"match": {"title": "x"}}, "from": 5, "size": 20, "_source": ["a"],
    "track_total_hits": true, "aggs": {"g": {"terms": {"field": "k"}}}, "version": true,
    "seq_no_primary_term": true, "min_score": 0.5, "terminate_after": 3, "timeout": "1s",
    "highlight": {"fields": {"title": {}}}, "search_after": [1, "a"], "explain": true})"));
  ASSERT_TRUE(request.is_ok()) << request.status().message();
  EXPECT_EQ(*request->from, 5);
  EXPECT_EQ(*request->size, 20);
  EXPECT_EQ(*request->track_total_hits, kTrackTotalHitsAccurate);
  EXPECT_FALSE(request->aggs_json.empty());
  EXPECT_TRUE(request->version);
  EXPECT_TRUE(request->seq_no_primary_term);
  EXPECT_FLOAT_EQ(*request->min_score, 0.5f);
  EXPECT_EQ(request->terminate_after, 3);
  EXPECT_EQ(request->search_after_json, R"([1,"a"])");
}

TEST(SearchRequestTest, NegativeFromAndSize) {
  auto from = parse_search_body(json{{"from", -5}});
  ASSERT_FALSE(from.is_ok());
  EXPECT_EQ(from.status().kind(), ErrorKind::invalid_argument);
  EXPECT_EQ(from.status().message(), "[from] parameter cannot be negative, found [-5]");
  auto size = parse_search_body(json{{"size", -1}});
  ASSERT_FALSE(size.is_ok());
  EXPECT_EQ(size.status().message(), "[size] parameter cannot be negative, found [-1]");
}

TEST(SearchRequestTest, ResultWindow) {
  auto request = parse_search_body(json{{"from", 10000}, {"size", 10}});
  ASSERT_TRUE(request.is_ok());
  Status status = validate_result_window(*request, 10000, false);
  ASSERT_FALSE(status.is_ok());
  EXPECT_EQ(
      status.message(),
      "Result window is too large, from + size must be less than or equal to: [10000] but was [10010]. See "
      "the "
      "scroll api for a more efficient way to request large data sets. This limit can be set by changing the "
      "[index.max_result_window] index level setting.");
  EXPECT_TRUE(validate_result_window(*request, 20000, false).is_ok());
}

TEST(SearchRequestTest, TrackTotalHitsShapes) {
  EXPECT_EQ(*parse_search_body(json{{"track_total_hits", false}})->track_total_hits, kTrackTotalHitsDisabled);
  EXPECT_EQ(*parse_search_body(json{{"track_total_hits", 100}})->track_total_hits, 100);
  auto negative = parse_search_body(json{{"track_total_hits", -2}});
  ASSERT_TRUE(negative.is_ok());
  auto failures = validation_failures(*negative);
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0], "[track_total_hits] parameter must be positive or equals to -1, got -2");
}

TEST(SearchRequestTest, UnknownKeyIsParseError) {
  auto request = parse_search_body(json{{"qurey", json::object()}});
  ASSERT_FALSE(request.is_ok());
  EXPECT_EQ(request.status().kind(), ErrorKind::parse_error);
  EXPECT_EQ(request.status().message(), "Unknown key for a START_OBJECT in [qurey].");
}

TEST(SearchRequestTest, SortShapes) {
  auto sort = parse_sort_json(json::parse(
      R"(["title", {"year": "desc"}, {"n": {"order": "asc", "missing": "_first", "mode": "max",
          "unmapped_type": "long"}}, "_score", "_doc"])"));
  ASSERT_TRUE(sort.is_ok()) << sort.status().message();
  ASSERT_EQ(sort->size(), 5u);
  EXPECT_EQ((*sort)[0].field, "title");
  EXPECT_FALSE((*sort)[0].is_descending());
  EXPECT_TRUE((*sort)[1].is_descending());
  EXPECT_EQ(*(*sort)[2].missing, "_first");
  EXPECT_EQ(*(*sort)[2].mode, "max");
  EXPECT_EQ(*(*sort)[2].unmapped_type, "long");
  EXPECT_TRUE((*sort)[3].is_descending());  // _score defaults to desc
  EXPECT_FALSE((*sort)[4].is_descending());
}

TEST(SearchRequestTest, SortUrlParam) {
  auto sort = parse_sort_param("year:desc,title");
  ASSERT_TRUE(sort.is_ok());
  ASSERT_EQ(sort->size(), 2u);
  EXPECT_EQ((*sort)[0].field, "year");
  EXPECT_TRUE((*sort)[0].is_descending());
  EXPECT_EQ((*sort)[1].field, "title");
  EXPECT_FALSE((*sort)[1].descending.has_value());
}

TEST(SearchRequestTest, UrlParamsWin) {
  auto request = parse_search_body(json{{"size", 3}});
  ASSERT_TRUE(request.is_ok());
  std::map<std::string, std::string> params{
      {"size", "7"}, {"from", "2"}, {"track_total_hits", "false"}, {"sort", "a:desc"}};
  ASSERT_TRUE(apply_search_params(*request, params).is_ok());
  EXPECT_EQ(*request->size, 7);
  EXPECT_EQ(*request->from, 2);
  EXPECT_EQ(*request->track_total_hits, kTrackTotalHitsDisabled);
  ASSERT_EQ(request->sort.size(), 1u);
  std::map<std::string, std::string> bad{{"from", "-5"}};
  Status status = apply_search_params(*request, bad);
  EXPECT_EQ(status.message(), "[from] parameter cannot be negative, found [-5]");
}

}  // namespace
}  // namespace pharos::query
