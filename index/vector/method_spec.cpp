// parse_method_spec: a knn_vector field's mapping JSON → MethodSpec with OpenSearch's defaults
// (reference/vector.md §1). Only this file knows the mapping's JSON shape.
#include <nlohmann/json.hpp>
#include <string>

#include "index/vector/vector_index.h"

namespace pharos::vector {
namespace {

using nlohmann::json;

constexpr uint32_t kMaxDimension = 16000;  // OpenSearch's index.knn max dimension

Status bad(std::string reason) { return {ErrorKind::invalid_argument, std::move(reason)}; }

// Integers may arrive as JSON numbers or numeric strings (OpenSearch coerces both).
Result<uint32_t> read_uint(const json& value, std::string_view name, uint32_t min, uint32_t max) {
  int64_t number = 0;
  if (value.is_number_integer()) {
    number = value.get<int64_t>();
  } else if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    size_t used = 0;
    try {
      number = std::stoll(text, &used);
    } catch (...) {
      used = 0;
    }
    if (used == 0 || used != text.size())
      return bad("[" + std::string(name) + "] must be an integer, got [" + text + "]");
  } else {
    return bad("[" + std::string(name) + "] must be an integer");
  }
  if (number < min || number > max) {
    return bad("[" + std::string(name) + "] must be between " + std::to_string(min) + " and " +
               std::to_string(max) + ", got [" + std::to_string(number) + "]");
  }
  return static_cast<uint32_t>(number);
}

Result<std::string> read_string(const json& value, std::string_view name) {
  if (!value.is_string()) return bad("[" + std::string(name) + "] must be a string");
  return value.get<std::string>();
}

Status parse_space(const json& value, MethodSpec& spec) {
  PHAROS_ASSIGN_OR_RETURN(std::string name, read_string(value, "space_type"));
  auto space = space_type_from_name(name);
  if (!space) return bad("Unable to find space: " + name);
  spec.space = *space;
  return Status::ok();
}

Status parse_encoder(const json& encoder, MethodSpec& spec) {
  if (!encoder.is_object()) return bad("[encoder] must be an object");
  auto name_it = encoder.find("name");
  if (name_it == encoder.end()) return bad("[encoder] requires [name]");
  PHAROS_ASSIGN_OR_RETURN(std::string name, read_string(*name_it, "encoder.name"));
  if (name == "flat")
    spec.encoder = EncoderKind::flat;
  else if (name == "pq")
    spec.encoder = EncoderKind::pq;
  else if (name == "sq")
    spec.encoder = EncoderKind::sq;
  else
    return bad("Invalid encoder name [" + name + "]: expected flat, pq or sq");
  auto params_it = encoder.find("parameters");
  if (params_it == encoder.end()) return Status::ok();
  if (!params_it->is_object()) return bad("[encoder.parameters] must be an object");
  for (const auto& [key, value] : params_it->items()) {
    if (spec.encoder == EncoderKind::pq && key == "m") {
      PHAROS_ASSIGN_OR_RETURN(spec.pq_m, read_uint(value, "encoder.m", 1, kMaxDimension));
    } else if (spec.encoder == EncoderKind::pq && key == "code_size") {
      PHAROS_ASSIGN_OR_RETURN(spec.pq_code_size, read_uint(value, "encoder.code_size", 1, 8));
    } else if (spec.encoder == EncoderKind::sq && key == "type") {
      PHAROS_ASSIGN_OR_RETURN(spec.sq_type, read_string(value, "encoder.type"));
      if (spec.sq_type != "fp16" && spec.sq_type != "int8") {
        return bad("Invalid sq encoder type [" + spec.sq_type + "]: expected fp16 or int8");
      }
    } else if (spec.encoder == EncoderKind::sq && key == "clip") {
      if (!value.is_boolean()) return bad("[encoder.clip] must be a boolean");
      spec.sq_clip = value.get<bool>();
    } else {
      return bad("Invalid parameter for encoder [" + name + "]: [" + key + "]");
    }
  }
  return Status::ok();
}

Status parse_method_parameters(const json& params, MethodSpec& spec) {
  if (!params.is_object()) return bad("[method.parameters] must be an object");
  const bool hnsw = spec.kind == MethodKind::hnsw;
  for (const auto& [key, value] : params.items()) {
    if (hnsw && key == "m") {
      PHAROS_ASSIGN_OR_RETURN(spec.m, read_uint(value, "m", 2, 512));
    } else if (hnsw && key == "ef_construction") {
      PHAROS_ASSIGN_OR_RETURN(spec.ef_construction, read_uint(value, "ef_construction", 2, 100000));
    } else if (hnsw && key == "ef_search") {
      PHAROS_ASSIGN_OR_RETURN(spec.ef_search, read_uint(value, "ef_search", 2, 100000));
    } else if (!hnsw && key == "nlist") {
      PHAROS_ASSIGN_OR_RETURN(spec.nlist, read_uint(value, "nlist", 1, 1u << 20));
    } else if (!hnsw && key == "nprobes") {
      PHAROS_ASSIGN_OR_RETURN(spec.nprobes, read_uint(value, "nprobes", 1, 1u << 20));
    } else if (key == "encoder") {
      PHAROS_RETURN_IF_ERROR(parse_encoder(value, spec));
    } else {
      return bad("Invalid parameter for method [" + std::string(hnsw ? "hnsw" : "ivf") + "]: [" + key + "]");
    }
  }
  return Status::ok();
}

Status parse_method(const json& method, MethodSpec& spec, bool& space_in_method) {
  if (!method.is_object()) return bad("[method] must be an object");
  auto name_it = method.find("name");
  if (name_it == method.end()) return bad("[method] requires [name]");
  PHAROS_ASSIGN_OR_RETURN(std::string name, read_string(*name_it, "method.name"));
  if (name == "hnsw")
    spec.kind = MethodKind::hnsw;
  else if (name == "ivf")
    spec.kind = MethodKind::ivf;
  else
    return bad("Invalid method name [" + name + "]: expected hnsw or ivf");
  if (auto it = method.find("engine"); it != method.end()) {
    PHAROS_ASSIGN_OR_RETURN(spec.engine, read_string(*it, "method.engine"));
    if (spec.engine != "faiss" && spec.engine != "lucene" && spec.engine != "nmslib") {
      return bad("Invalid engine [" + spec.engine + "]: expected faiss, lucene or nmslib");
    }
    if (spec.engine != "faiss" && spec.kind == MethodKind::ivf) {
      return bad("Method [ivf] is not supported by engine [" + spec.engine + "]");
    }
  }
  if (auto it = method.find("space_type"); it != method.end()) {
    PHAROS_RETURN_IF_ERROR(parse_space(*it, spec));
    space_in_method = true;
  }
  if (auto it = method.find("parameters"); it != method.end() && !it->is_null()) {
    PHAROS_RETURN_IF_ERROR(parse_method_parameters(*it, spec));
  }
  for (const auto& [key, value] : method.items()) {
    if (key != "name" && key != "engine" && key != "space_type" && key != "parameters") {
      return bad("Invalid key [" + key + "] in [method]");
    }
  }
  return Status::ok();
}

// `mode: on_disk` and `compression_level` ask for quantised storage. 2x/4x map to fp16/int8 SQ when
// no encoder was given; stronger levels (OpenSearch's binary quantisation) are recorded only.
Status apply_compression(MethodSpec& spec) {
  static const char* const kLevels[] = {"1x", "2x", "4x", "8x", "16x", "32x"};
  if (spec.mode != "in_memory" && spec.mode != "on_disk") {
    return bad("Invalid mode [" + spec.mode + "]: expected in_memory or on_disk");
  }
  if (!spec.compression_level.empty()) {
    bool known = false;
    for (const char* level : kLevels) known = known || spec.compression_level == level;
    if (!known) return bad("Invalid compression_level [" + spec.compression_level + "]");
  }
  if (spec.encoder != EncoderKind::flat || spec.data_type != "float") return Status::ok();
  if (spec.compression_level == "2x") {
    spec.encoder = EncoderKind::sq;
    spec.sq_type = "fp16";
  } else if (spec.compression_level == "4x") {
    spec.encoder = EncoderKind::sq;
    spec.sq_type = "int8";
  }
  return Status::ok();
}

Status validate(MethodSpec& spec) {
  if (spec.data_type == "binary") {
    if (spec.dimension % 8 != 0) return bad("Dimension should be multiply of 8 for binary vector data type");
    if (spec.space != SpaceType::hamming) {
      return bad("Space type [" + std::string(space_type_name(spec.space)) +
                 "] is not supported with [binary] data type");
    }
  } else if (spec.space == SpaceType::hamming) {
    return bad("Space type [hamming] is only supported with [binary] data type");
  }
  if (spec.encoder == EncoderKind::pq) {
    if (spec.pq_m != 0 && spec.dimension % spec.pq_m != 0) {
      return bad("Validation Failed: pq [m] " + std::to_string(spec.pq_m) + " must divide dimension " +
                 std::to_string(spec.dimension));
    }
    if (spec.kind == MethodKind::hnsw && spec.pq_code_size != 8) {
      return bad("Validation Failed: pq [code_size] must be 8 for method [hnsw]");
    }
  }
  return apply_compression(spec);
}

}  // namespace

Result<MethodSpec> parse_method_spec(std::string_view field_json) {
  json field = json::parse(field_json, nullptr, /*allow_exceptions=*/false);
  if (field.is_discarded()) return Status{ErrorKind::parse_error, "Failed to parse knn_vector field mapping"};
  if (!field.is_object()) return bad("knn_vector field mapping must be an object");
  MethodSpec spec;
  if (field.contains("model_id"))
    return Status{ErrorKind::unsupported, "[model_id] (trained models) is not supported"};
  auto dim_it = field.find("dimension");
  if (dim_it == field.end()) return bad("Dimension value missing for vector field");
  PHAROS_ASSIGN_OR_RETURN(spec.dimension, read_uint(*dim_it, "dimension", 1, kMaxDimension * 8));
  if (auto it = field.find("data_type"); it != field.end()) {
    PHAROS_ASSIGN_OR_RETURN(spec.data_type, read_string(*it, "data_type"));
    if (spec.data_type != "float" && spec.data_type != "byte" && spec.data_type != "binary") {
      return bad("Invalid data_type [" + spec.data_type + "]: expected float, byte or binary");
    }
  }
  if (spec.data_type != "binary" && spec.dimension > kMaxDimension) {
    return bad("Dimension value cannot be greater than " + std::to_string(kMaxDimension));
  }
  const bool binary = spec.data_type == "binary";
  spec.space = binary ? SpaceType::hamming : SpaceType::l2;
  if (binary) spec.ef_search = 256;
  bool space_at_field = false;
  if (auto it = field.find("space_type"); it != field.end()) {
    PHAROS_RETURN_IF_ERROR(parse_space(*it, spec));
    space_at_field = true;
  }
  const SpaceType field_space = spec.space;
  if (auto it = field.find("method"); it != field.end() && !it->is_null()) {
    bool space_in_method = false;
    PHAROS_RETURN_IF_ERROR(parse_method(*it, spec, space_in_method));
    if (space_at_field && space_in_method && spec.space != field_space) {
      return bad(
          "Space type in \"method\" and top level space type should be same or one of them should be "
          "empty");
    }
  }
  if (auto it = field.find("mode"); it != field.end()) {
    PHAROS_ASSIGN_OR_RETURN(spec.mode, read_string(*it, "mode"));
  }
  if (auto it = field.find("compression_level"); it != field.end()) {
    PHAROS_ASSIGN_OR_RETURN(spec.compression_level, read_string(*it, "compression_level"));
  }
  PHAROS_RETURN_IF_ERROR(validate(spec));
  return spec;
}

Result<MethodSpec> parse_method_spec(std::string_view extra_json, uint32_t dimension) {
  json field =
      extra_json.empty() ? json::object() : json::parse(extra_json, nullptr, /*allow_exceptions=*/false);
  if (!field.is_object()) return bad("knn_vector field mapping must be an object");
  field["dimension"] = dimension;
  return parse_method_spec(field.dump());
}

}  // namespace pharos::vector
