// The "fields" object of a search hit: the values of the request's `fields` and
// `docvalue_fields` read from the hit's _source (dotted paths, arrays flattened, `*` patterns
// over the mapped leaf fields), with each entry's "format" applied as OpenSearch applies it:
// Java DecimalFormat patterns for numbers, date patterns for date fields (docvalue_fields on
// dates print the field's first format when none is given).
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "index/mapping/mapping.h"
#include "query/dsl/search_request.h"

namespace pharos::api {

// `*` matches any run of characters (OpenSearch's Regex.simpleMatch).
bool simple_match(std::string_view pattern, std::string_view text);

// Empty object when the request names no fields or none has a value in `source`.
nlohmann::ordered_json hit_fields(const nlohmann::json& source, const query::SearchRequest& request,
                                  const mapping::Mapping& mapping);

}  // namespace pharos::api
