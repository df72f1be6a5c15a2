#include "server/api/quick_requests.h"

#include <gtest/gtest.h>

namespace pharos::api {
namespace {

TEST(QuickRequests, SearchesAndDocumentReadsAreQuick) {
  EXPECT_TRUE(is_quick_request("POST", "/vbench/_search"));
  EXPECT_TRUE(is_quick_request("GET", "/_search?q=x"));
  EXPECT_TRUE(is_quick_request("POST", "/logs-*,other/_msearch"));
  EXPECT_TRUE(is_quick_request("GET", "/idx/_count"));
  EXPECT_TRUE(is_quick_request("GET", "/idx/_doc/1"));
  EXPECT_TRUE(is_quick_request("HEAD", "/idx/_source/a%2Fb"));
}

TEST(QuickRequests, WritesAndContextsAreNot) {
  EXPECT_FALSE(is_quick_request("PUT", "/idx/_doc/1"));
  EXPECT_FALSE(is_quick_request("POST", "/idx/_doc/1"));  // an index request
  EXPECT_FALSE(is_quick_request("DELETE", "/idx/_doc/1"));
  EXPECT_FALSE(is_quick_request("POST", "/_bulk"));
  EXPECT_FALSE(is_quick_request("POST", "/idx/_delete_by_query"));
  EXPECT_FALSE(is_quick_request("POST", "/_search/scroll"));
  EXPECT_FALSE(is_quick_request("POST", "/idx/_search/point_in_time"));
  EXPECT_FALSE(is_quick_request("POST", "/idx/_refresh"));
  EXPECT_FALSE(is_quick_request("GET", "/_cluster/health?wait_for_status=green"));
  EXPECT_FALSE(is_quick_request("GET", "/"));
}

}  // namespace
}  // namespace pharos::api
