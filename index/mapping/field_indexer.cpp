#include "index/mapping/field_indexer.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include <nlohmann/json.hpp>

#include "index/analysis/analysis_registry.h"
#include "index/mapping/ip_address.h"
#include "index/mapping/term_encoding.h"

namespace pharos::mapping {

namespace {

constexpr uint32_t kDefaultPositionIncrementGap = 100;
constexpr size_t kPreviewLength = 20;  // OpenSearch previews the first 20 characters

size_t utf8_length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

std::string preview_of(const ScalarValue& value) {
  std::string text = value.as_text();
  if (text.size() > kPreviewLength) {
    size_t cut = kPreviewLength;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // keep UTF-8 whole
    text = text.substr(0, cut) + "...";
  }
  return text;
}

bool valid_base64(std::string_view s) {
  size_t padding = 0;
  size_t count = 0;
  for (char c : s) {
    if (c == '\n' || c == '\r') continue;
    ++count;
    if (c == '=') {
      ++padding;
      continue;
    }
    if (padding > 0) return false;
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '/' && c != '-' && c != '_') return false;
  }
  return padding <= 2 && (padding == 0 || count % 4 == 0);
}

// A null_value is kept as JSON text; turn it back into a scalar (string storage in `storage`).
ScalarValue null_value_scalar(const std::string& json_text, std::string& storage) {
  ScalarValue out;
  nlohmann::json j = nlohmann::json::parse(json_text, nullptr, false);
  if (j.is_string()) {
    storage = j.get<std::string>();
    out.kind = ScalarValue::Kind::string;
    out.text = storage;
  } else if (j.is_boolean()) {
    out.kind = ScalarValue::Kind::boolean;
    out.b = j.get<bool>();
  } else if (j.is_number_unsigned()) {
    out.kind = ScalarValue::Kind::uint64;
    out.u = j.get<uint64_t>();
    if (out.u <= static_cast<uint64_t>(INT64_MAX)) {
      out.kind = ScalarValue::Kind::int64;
      out.i = static_cast<int64_t>(out.u);
    }
  } else if (j.is_number_integer()) {
    out.kind = ScalarValue::Kind::int64;
    out.i = j.get<int64_t>();
  } else if (j.is_number_float()) {
    out.kind = ScalarValue::Kind::floating;
    out.d = j.get<double>();
  } else if (!j.is_null() && !j.is_discarded()) {
    storage = j.dump();
    out.kind = ScalarValue::Kind::string;
    out.text = storage;
  }
  return out;
}

}  // namespace

Status FieldIndexer::value_error(const FieldMapping& field, const std::string& preview) const {
  return Status(ErrorKind::mapping_error, "failed to parse field [" + field.path + "] of type [" +
                                              std::string(field_type_name(field.type)) + "] in document with id '" +
                                              id_ + "'. Preview of field's value: '" + preview + "'");
}

void FieldIndexer::add_field_name(std::string_view path) {
  // Objects on the way count too, so `exists` on "user" finds documents with "user.name".
  for (size_t dot = path.find('.'); dot != std::string_view::npos; dot = path.find('.', dot + 1)) {
    doc_.field_names.emplace_back(path.substr(0, dot));
  }
  doc_.field_names.emplace_back(path);
}

void FieldIndexer::finish() {
  std::sort(doc_.field_names.begin(), doc_.field_names.end());
  doc_.field_names.erase(std::unique(doc_.field_names.begin(), doc_.field_names.end()), doc_.field_names.end());
}

InvertedField& FieldIndexer::inverted(const std::string& path, bool positions, bool norms) {
  auto [it, inserted] = inverted_slot_.try_emplace(path, doc_.inverted.size());
  if (inserted) {
    InvertedField field;
    field.field = path;
    field.index_positions = positions;
    field.has_norms = norms;
    doc_.inverted.push_back(std::move(field));
  }
  return doc_.inverted[it->second];
}

void FieldIndexer::add_term(const std::string& path, std::string term) {
  InvertedField& field = inverted(path, false, false);
  Posting posting;
  posting.end_offset = static_cast<uint32_t>(std::min<size_t>(term.size(), UINT32_MAX));
  posting.term = std::move(term);
  field.postings.push_back(std::move(posting));
  ++field.length;
}

FieldIndexer::FieldCache& FieldIndexer::cache(const FieldMapping& field) {
  auto [it, inserted] = cache_.try_emplace(&field);
  FieldCache& c = it->second;
  if (!inserted) return c;
  if (field.type == FieldType::text || field.type == FieldType::match_only_text) {
    if (field.analyzer) c.analyzer = analysis_.get(*field.analyzer);
    if (!c.analyzer) c.analyzer = analysis_.get("default");
    if (!c.analyzer) c.analyzer = analysis_.get(Mapping::kDefaultAnalyzer);
  }
  if (field.normalizer) c.normalizer = analysis_.get(*field.normalizer);
  if (field.type == FieldType::date || field.type == FieldType::date_nanos || field.type == FieldType::date_range) {
    auto parsed = field.format ? DateFormat::parse(*field.format) : Result<DateFormat>(DateFormat::default_format());
    c.date_format = std::make_unique<DateFormat>(parsed.is_ok() ? parsed.value() : DateFormat::default_format());
  }
  if (field.type == FieldType::knn_vector && !field.extra_json.empty()) {
    nlohmann::json extra = nlohmann::json::parse(field.extra_json, nullptr, false);
    if (extra.is_object()) {
      if (extra.contains("data_type") && extra["data_type"].is_string()) c.knn_data_type = extra["data_type"];
      const nlohmann::json* space = extra.contains("space_type") ? &extra["space_type"] : nullptr;
      if (!space && extra.contains("method") && extra["method"].is_object() && extra["method"].contains("space_type")) {
        space = &extra["method"]["space_type"];
      }
      c.cosine = space && *space == "cosinesimil";
    }
  }
  return c;
}

Status FieldIndexer::add_value(const FieldMapping& field, const ScalarValue& in, int depth) {
  std::string storage;
  ScalarValue value = in;
  if (value.kind == ScalarValue::Kind::null) {
    if (!field.null_value) return Status::ok();
    value = null_value_scalar(*field.null_value, storage);
    if (value.kind == ScalarValue::Kind::null) return Status::ok();
  }
  Status status = index_value(field, value);
  if (!status.is_ok()) {
    if (status.kind() == ErrorKind::mapping_error && field.ignore_malformed.value_or(false)) return Status::ok();
    return status;
  }
  for (const auto& [name, sub] : field.fields) PHAROS_RETURN_IF_ERROR(add_value(sub, value, depth));
  if (depth == 0) {  // copy_to does not chain, as in OpenSearch
    for (const auto& target : field.copy_to) {
      const FieldMapping* target_field = mapping_.find(target);
      if (target_field != nullptr && !is_object_like(target_field->type)) {
        PHAROS_RETURN_IF_ERROR(add_value(*target_field, value, depth + 1));
      }
    }
  }
  return Status::ok();
}

Status FieldIndexer::index_value(const FieldMapping& field, const ScalarValue& value) {
  switch (field.type) {
    case FieldType::text:
    case FieldType::match_only_text:
      return index_text(field, value);
    case FieldType::keyword:
      return index_keyword(field, value);
    case FieldType::boolean: {
      if (value.kind == ScalarValue::Kind::string && value.text.empty()) return Status::ok();  // "" reads as null
      auto b = convert_boolean(value);
      if (!b.is_ok()) return value_error(field, preview_of(value));
      if (field.index) add_term(field.path, boolean_term(*b));
      if (field.doc_values) doc_.numerics.push_back({field.path, *b ? 1 : 0});
      add_field_name(field.path);
      return Status::ok();
    }
    case FieldType::date:
    case FieldType::date_nanos:
      return index_date(field, value);
    case FieldType::ip:
      return index_ip(field, value);
    case FieldType::binary:
      if (value.kind != ScalarValue::Kind::string || !valid_base64(value.text)) {
        return value_error(field, preview_of(value));
      }
      add_field_name(field.path);
      return Status::ok();
    case FieldType::alias:
      return Status(ErrorKind::mapping_error, "Cannot write to a field alias [" + field.path + "].");
    case FieldType::knn_vector:
      if (value.kind == ScalarValue::Kind::int64 || value.kind == ScalarValue::Kind::uint64 ||
          value.kind == ScalarValue::Kind::floating) {
        const double d = value.kind == ScalarValue::Kind::int64    ? static_cast<double>(value.i)
                         : value.kind == ScalarValue::Kind::uint64 ? static_cast<double>(value.u)
                                                                   : value.d;
        return add_vector(field, {d}, true);
      }
      return value_error(field, preview_of(value));
    case FieldType::object:
    case FieldType::nested:
    case FieldType::flat_object:
      return value_error(field, preview_of(value));
    default:
      if (is_numeric(field.type)) return index_number(field, value);
      return value_error(field, preview_of(value));
  }
}

Status FieldIndexer::index_text(const FieldMapping& field, const ScalarValue& value) {
  const std::string text = value.as_text();
  FieldCache& c = cache(field);
  if (!c.analyzer) return Status(ErrorKind::internal, "no analyzer available for field [" + field.path + "]");
  TextState& state = text_state_[field.path];
  if (!state.first) {
    // Lucene: the next value starts position_increment_gap positions and one offset later.
    state.position += field.position_increment_gap.value_or(kDefaultPositionIncrementGap);
    state.offset_base += 1;
  }
  state.first = false;
  tokens_.clear();
  c.analyzer->analyze(text, tokens_, static_cast<uint32_t>(state.position + 1));
  const bool positions = !field.index_options || (*field.index_options != "docs" && *field.index_options != "freqs");
  InvertedField* out = field.index ? &inverted(field.path, positions, field.norms.value_or(true)) : nullptr;
  int64_t previous = -1;
  for (auto& token : tokens_) {
    if (out != nullptr) {
      Posting posting;
      posting.term = std::move(token.term);
      posting.position = token.position;
      posting.start_offset = state.offset_base + token.start_offset;
      posting.end_offset = state.offset_base + token.end_offset;
      out->postings.push_back(std::move(posting));
      // Norms count positions: stacked tokens (synonyms) are overlaps, as Lucene's discountOverlaps.
      if (static_cast<int64_t>(token.position) != previous) ++out->length;
    }
    previous = token.position;
    state.position = std::max<int64_t>(state.position, token.position);
  }
  state.offset_base += static_cast<uint32_t>(std::min<size_t>(text.size(), UINT32_MAX / 2));
  add_field_name(field.path);
  return Status::ok();
}

Status FieldIndexer::index_keyword(const FieldMapping& field, const ScalarValue& value) {
  std::string text = value.as_text();
  if (field.ignore_above && utf8_length(text) > *field.ignore_above) return Status::ok();
  if (field.normalizer) {
    FieldCache& c = cache(field);
    if (c.normalizer) {
      tokens_.clear();
      c.normalizer->analyze(text, tokens_, 0);
      std::string normalized;
      for (const auto& token : tokens_) normalized += token.term;
      text = std::move(normalized);
    } else {  // built-in "lowercase" normalizer
      for (char& ch : text) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    }
  }
  if (field.index) add_term(field.path, text);
  if (field.doc_values) doc_.keywords.push_back({field.path, std::move(text)});
  add_field_name(field.path);
  return Status::ok();
}

Status FieldIndexer::index_number(const FieldMapping& field, const ScalarValue& value) {
  if (value.kind == ScalarValue::Kind::string && value.text.empty()) return Status::ok();  // "" reads as null
  auto number = convert_number(field, value);
  if (!number.is_ok()) return value_error(field, preview_of(value));
  if (number->is_floating) {
    if (field.index) {
      add_term(field.path, field.type == FieldType::double_ ? double_term(number->floating)
                                                            : float_term(static_cast<float>(number->floating)));
    }
    if (field.doc_values) doc_.floatings.push_back({field.path, number->floating});
  } else {
    if (field.index) {
      add_term(field.path, field.type == FieldType::unsigned_long
                               ? unsigned_long_term(static_cast<uint64_t>(number->integer))
                               : long_term(number->integer));
    }
    if (field.doc_values) doc_.numerics.push_back({field.path, number->integer});
  }
  add_field_name(field.path);
  return Status::ok();
}

Status FieldIndexer::index_date(const FieldMapping& field, const ScalarValue& value) {
  FieldCache& c = cache(field);
  auto parsed = convert_date(field, *c.date_format, value);
  if (!parsed.is_ok()) return value_error(field, preview_of(value));
  if (field.index) add_term(field.path, long_term(*parsed));
  if (field.doc_values) doc_.numerics.push_back({field.path, *parsed});
  add_field_name(field.path);
  return Status::ok();
}

Status FieldIndexer::index_ip(const FieldMapping& field, const ScalarValue& value) {
  std::optional<IpBytes> ip;
  if (value.kind == ScalarValue::Kind::string) ip = parse_ip(value.text);
  if (!ip) return value_error(field, preview_of(value));
  if (field.index) add_term(field.path, format_ip(*ip));
  if (field.doc_values) doc_.ips.push_back({field.path, ip_bytes_to_string(*ip)});
  add_field_name(field.path);
  return Status::ok();
}

Status FieldIndexer::add_vector(const FieldMapping& field, const std::vector<double>& values, bool all_numbers) {
  auto fail = [&](const std::string& reason) { return Status(ErrorKind::mapping_error, reason); };
  if (field.type != FieldType::knn_vector) return value_error(field, "[...]");
  if (!all_numbers) return value_error(field, "[...]");
  FieldCache& c = cache(field);
  const uint32_t dimension = field.dimension.value_or(static_cast<uint32_t>(values.size()));
  const bool binary = c.knn_data_type == "binary";
  const size_t expected = binary ? dimension / 8 : dimension;
  if (values.size() != expected) {
    return fail("Vector dimension mismatch. Expected: " + std::to_string(expected) +
                ", Given: " + std::to_string(values.size()));
  }
  VectorValue vector;
  vector.field = field.path;
  vector.values.reserve(values.size());
  bool all_zero = true;
  for (double v : values) {
    if (std::isnan(v)) return fail("KNN vector values cannot be NaN");
    if (std::isinf(v) || std::abs(v) > 3.4028234663852886e38) return fail("KNN vector values cannot be infinity");
    if ((c.knn_data_type == "byte" || binary) && (v != std::trunc(v) || v < -128 || v > 127)) {
      return fail("[data_type] field was set as [" + c.knn_data_type +
                  "] in index mapping. But, KNN vector values are floats instead of byte integers");
    }
    all_zero = all_zero && v == 0;
    vector.values.push_back(static_cast<float>(v));
  }
  if (c.cosine && all_zero) return fail("zero vector is not supported when space type is [cosinesimil]");
  doc_.vectors.push_back(std::move(vector));
  add_field_name(field.path);
  return Status::ok();
}

Status FieldIndexer::add_flat_leaf(const FieldMapping& field, std::string_view relative_path, const ScalarValue& value) {
  if (value.kind == ScalarValue::Kind::null) return Status::ok();
  std::string text = value.as_text();
  if (field.index) {
    add_term(field.path, text);
    add_term(field.path + "._valueAndPath", field.path + "." + std::string(relative_path) + "=" + text);
  }
  if (field.doc_values) doc_.keywords.push_back({field.path, std::move(text)});
  add_field_name(field.path);
  return Status::ok();
}

}  // namespace pharos::mapping
