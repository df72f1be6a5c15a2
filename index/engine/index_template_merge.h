// How a create-index request and the template that matches it combine: the template's
// settings, mappings and aliases first, the request's on top (the request wins), the way
// OpenSearch's MetadataCreateIndexService composes V2 templates. Pure functions; thread-safe.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "index/base/status.h"

namespace pharos::engine {

// Settings in any accepted shape (nested {"index":{"number_of_shards":1}}, flat
// {"index.number_of_shards":1}, or without the "index." prefix) as one flat object keyed by
// "index.*". Values keep their JSON type unless `stringify` (OpenSearch reports every
// setting value as a string). Non-object input → invalid_argument.
Result<nlohmann::json> flatten_index_settings(const nlohmann::json& settings, bool stringify);

// Flat "a.b.c" keys back into nested objects (how GET shows settings).
nlohmann::json nest_settings(const nlohmann::json& flat);

// Removes a lone type wrapper ({"_doc":{...}}) the way OpenSearch accepts legacy mappings.
nlohmann::json unwrap_mapping_type(const nlohmann::json& mappings);

// Field-by-field merge: properties merge by field name (object fields recursively, otherwise
// the overlay's definition replaces the base's), dynamic_templates merge by template name,
// other keys: overlay wins.
nlohmann::json merge_mappings(const nlohmann::json& base, const nlohmann::json& overlay);

// The settings/mappings/aliases a new index gets: `template_contents` ({settings, mappings,
// aliases} of the chosen template, or null) under the request body (already validated).
// Returns {"settings":{flat},"mappings":{...},"aliases":{...}}.
Result<nlohmann::json> compose_index_body(const nlohmann::json& template_contents,
                                          const nlohmann::json& request_body);

}  // namespace pharos::engine
