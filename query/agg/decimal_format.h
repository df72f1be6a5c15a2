// Java's DecimalFormat for the numeric "format" of aggregations and of docvalue_fields.
#pragma once

#include <optional>
#include <string>

namespace pharos::query::agg {

// A number in a DecimalFormat pattern ("##0.0", "#,##0.00", "Value is 0"); nullopt when the
// pattern has no number part.
std::optional<std::string> format_decimal(double value, const std::string& pattern);

}  // namespace pharos::query::agg
