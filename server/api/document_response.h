// JSON bodies of document-level responses (index/delete/update results, get results) in
// OpenSearch's key order, with the stored `_source` spliced in as raw text: the source is
// returned byte for byte unless a filter has to rewrite it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "index/engine/write_ops.h"
#include "server/api/source_filter.h"
#include "server/http/request.h"

namespace pharos::engine {
class IndexService;
}

namespace pharos::api {

// 1 + number_of_replicas: what `_shards.total` reports for a write on one node.
int shard_copies(const engine::IndexService& index);
nlohmann::ordered_json shards_json(int total, int successful, int failed = 0);

// HTTP status of a write outcome: created 201, not_found 404, others 200.
int write_status(engine::WriteOutcome outcome);

// {"_index","_id","_version","result","_shards",("forced_refresh"),"_seq_no","_primary_term"};
// a noop reports _shards 0/0/0.
nlohmann::ordered_json write_result_json(std::string_view index, const engine::WriteResult& result, int copies,
                                         bool forced_refresh);

// Appends "key":raw pairs to a dumped JSON object ("{...}"). Raw values must be valid JSON.
std::string append_raw_fields(std::string object_json,
                              const std::vector<std::pair<std::string_view, std::string_view>>& fields);
std::string dump_ordered(const nlohmann::ordered_json& value);

// What a get returns besides metadata.
struct GetOptions {
  std::optional<SourceFilter> source;       // from params / the mget doc
  std::vector<std::string> stored_fields;   // `stored_fields` names
  bool stored_fields_given = false;

  // OpenSearch returns _source unless told not to, or stored_fields alone was asked for.
  bool fetch_source() const { return source ? source->fetch : !stored_fields_given; }
};

// The JSON text of one get result (GET _doc, an mget doc, and the "get" of an update when
// `with_index_and_id` is false).
Result<std::string> get_result_body(std::string_view index, const engine::GetResult& result,
                                    const GetOptions& options, bool with_index_and_id = true);

// A response whose body is already JSON text; ?pretty re-indents it.
http::Response raw_json_response(const http::Request& request, int status, std::string body);

}  // namespace pharos::api
