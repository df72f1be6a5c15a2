// Indexing of range field values: bound resolution (gt → next value up, lt → next value down,
// missing → the type's extreme), validation, and the two hidden doc-value columns.
#include "index/mapping/range_value.h"

#include <cmath>
#include <limits>

#include "index/mapping/field_indexer.h"
#include "index/mapping/ip_address.h"

namespace pharos::mapping {

std::string range_from_field(std::string_view path) { return std::string(path) + "#from"; }
std::string range_to_field(std::string_view path) { return std::string(path) + "#to"; }

DocValueKind range_doc_value_kind(FieldType type) {
  switch (type) {
    case FieldType::integer_range:
    case FieldType::long_range:
    case FieldType::date_range:
      return DocValueKind::numeric;
    case FieldType::float_range:
    case FieldType::double_range:
      return DocValueKind::floating;
    case FieldType::ip_range:
      return DocValueKind::ip;
    default:
      return DocValueKind::none;
  }
}

namespace {

Status bounds_error(const std::string& from, const std::string& to) {
  return Status(ErrorKind::invalid_argument,
                "min value (" + from + ") is greater than max value (" + to + ")");
}

// A copy of the range field typed as its element type, so the scalar converters apply.
FieldMapping element_field(const FieldMapping& field, FieldType element) {
  FieldMapping copy;
  copy.name = field.name;
  copy.path = field.path;
  copy.type = element;
  copy.coerce = field.coerce;
  copy.format = field.format;
  return copy;
}

// ip ± 1 in the 16-byte big-endian order; false when it would wrap.
bool step_ip(IpBytes& ip, bool up) {
  for (size_t i = ip.size(); i-- > 0;) {
    uint8_t& byte = ip[i];
    if (up ? byte != 0xFF : byte != 0x00) {
      byte = static_cast<uint8_t>(up ? byte + 1 : byte - 1);
      return true;
    }
    byte = up ? 0x00 : 0xFF;
  }
  return false;
}

}  // namespace

Status FieldIndexer::index_integer_range(const FieldMapping& field, const RangeInput& input, int64_t* out) {
  const bool is_int = field.type == FieldType::integer_range;
  const bool is_date = field.type == FieldType::date_range;
  const FieldMapping typed = element_field(field, is_date  ? FieldType::date
                                                  : is_int ? FieldType::integer
                                                           : FieldType::long_);
  const int64_t min = is_int ? std::numeric_limits<int32_t>::min() : std::numeric_limits<int64_t>::min();
  const int64_t max = is_int ? std::numeric_limits<int32_t>::max() : std::numeric_limits<int64_t>::max();
  auto convert = [&](const ScalarValue& v) -> Result<int64_t> {
    if (is_date) {
      FieldCache& c = cache(field);
      return convert_date(typed, *c.date_format, v);
    }
    PHAROS_ASSIGN_OR_RETURN(NumberValue n, convert_number(typed, v));
    return n.integer;
  };
  out[0] = min;
  out[1] = max;
  if (input.from) {
    PHAROS_ASSIGN_OR_RETURN(out[0], convert(*input.from));
    if (!input.include_from) {
      if (out[0] == max) return bounds_error(std::to_string(out[0]) + "+1", std::to_string(max));
      ++out[0];
    }
  }
  if (input.to) {
    PHAROS_ASSIGN_OR_RETURN(out[1], convert(*input.to));
    if (!input.include_to) {
      if (out[1] == min) return bounds_error(std::to_string(out[0]), std::to_string(min) + "-1");
      --out[1];
    }
  }
  if (out[0] > out[1]) return bounds_error(std::to_string(out[0]), std::to_string(out[1]));
  return Status::ok();
}

Status FieldIndexer::add_range(const FieldMapping& field, const RangeInput& input) {
  const std::string from_field = range_from_field(field.path);
  const std::string to_field = range_to_field(field.path);
  Status status = Status::ok();
  switch (range_doc_value_kind(field.type)) {
    case DocValueKind::numeric: {
      int64_t bounds[2];
      status = index_integer_range(field, input, bounds);
      if (status.is_ok() && field.doc_values) {
        doc_.numerics.push_back({from_field, bounds[0]});
        doc_.numerics.push_back({to_field, bounds[1]});
      }
      break;
    }
    case DocValueKind::floating: {
      const bool is_float = field.type == FieldType::float_range;
      const FieldMapping typed = element_field(field, is_float ? FieldType::float_ : FieldType::double_);
      constexpr double kInf = std::numeric_limits<double>::infinity();
      double bounds[2] = {-kInf, kInf};
      for (int i = 0; i < 2 && status.is_ok(); ++i) {
        const auto& v = i == 0 ? input.from : input.to;
        if (!v) continue;
        auto n = convert_number(typed, *v);
        if (!n.is_ok()) {
          status = n.status();
          break;
        }
        bounds[i] = n->floating;
        if (!(i == 0 ? input.include_from : input.include_to)) {
          const double toward = i == 0 ? kInf : -kInf;
          bounds[i] = is_float ? std::nextafter(static_cast<float>(bounds[i]), static_cast<float>(toward))
                               : std::nextafter(bounds[i], toward);
        }
      }
      if (status.is_ok() && bounds[0] > bounds[1]) {
        status = bounds_error(std::to_string(bounds[0]), std::to_string(bounds[1]));
      }
      if (status.is_ok() && field.doc_values) {
        doc_.floatings.push_back({from_field, bounds[0]});
        doc_.floatings.push_back({to_field, bounds[1]});
      }
      break;
    }
    case DocValueKind::ip: {
      IpBytes bounds[2];
      bounds[0].fill(0);
      bounds[1].fill(0xFF);
      for (int i = 0; i < 2 && status.is_ok(); ++i) {
        const auto& v = i == 0 ? input.from : input.to;
        if (!v) continue;
        std::optional<IpBytes> ip;
        if (v->kind == ScalarValue::Kind::string) ip = parse_ip(v->text);
        if (!ip) {
          status = Status(ErrorKind::invalid_argument, "'" + v->as_text() + "' is not an IP string literal.");
          break;
        }
        bounds[i] = *ip;
        if (!(i == 0 ? input.include_from : input.include_to) && !step_ip(bounds[i], i == 0)) {
          status = bounds_error(format_ip(*ip), format_ip(*ip));
        }
      }
      if (status.is_ok() && ip_bytes_to_string(bounds[0]) > ip_bytes_to_string(bounds[1])) {
        status = bounds_error(format_ip(bounds[0]), format_ip(bounds[1]));
      }
      if (status.is_ok() && field.doc_values) {
        doc_.ips.push_back({from_field, ip_bytes_to_string(bounds[0])});
        doc_.ips.push_back({to_field, ip_bytes_to_string(bounds[1])});
      }
      break;
    }
    default:
      return value_error(field, "{...}");
  }
  if (!status.is_ok()) {
    return Status(ErrorKind::mapping_error, value_error(field, "{...}").message() + ": " + status.message());
  }
  add_field_name(field.path);
  return Status::ok();
}

}  // namespace pharos::mapping
