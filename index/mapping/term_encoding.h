// How non-text field values become terms in the inverted index (so `term` / `terms` queries
// can look them up) and how floating values are rounded to their field's precision.
// Query code must encode its values with these same functions; README.md lists the encodings.
#pragma once

#include <cstdint>
#include <string>

namespace pharos::mapping {

std::string long_term(int64_t value);             // long/integer/short/byte/scaled_float/date: decimal
std::string unsigned_long_term(uint64_t value);   // decimal of the unsigned value
std::string double_term(double value);            // shortest decimal that round-trips ("1.5", "5", "1e+21")
std::string float_term(float value);              // same, at float precision ("0.1", not "0.10000000149")
inline std::string boolean_term(bool value) { return value ? "T" : "F"; }

// Half precision (IEEE 754 binary16) round-to-nearest-even, returned widened to double.
double round_to_half_float(double value);
// The double a half_float / float / double field stores for `value`.
inline double round_to_float(double value) { return static_cast<double>(static_cast<float>(value)); }

}  // namespace pharos::mapping
