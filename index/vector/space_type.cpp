// Space names and OpenSearch's distance ⇄ _score translation (reference/vector.md §1).
#include <cmath>
#include <limits>
#include <optional>
#include <string_view>

#include "index/vector/vector_index.h"

namespace pharos::vector {

std::optional<SpaceType> space_type_from_name(std::string_view name) {
  if (name == "l2") return SpaceType::l2;
  if (name == "cosinesimil") return SpaceType::cosinesimil;
  if (name == "innerproduct") return SpaceType::innerproduct;
  if (name == "l1") return SpaceType::l1;
  if (name == "linf") return SpaceType::linf;
  if (name == "hamming" || name == "hammingbit") return SpaceType::hamming;
  return std::nullopt;
}

std::string_view space_type_name(SpaceType space) {
  switch (space) {
    case SpaceType::l2:
      return "l2";
    case SpaceType::cosinesimil:
      return "cosinesimil";
    case SpaceType::innerproduct:
      return "innerproduct";
    case SpaceType::l1:
      return "l1";
    case SpaceType::linf:
      return "linf";
    case SpaceType::hamming:
      return "hamming";
  }
  return "l2";
}

float score_from_distance(SpaceType space, float distance) {
  switch (space) {
    case SpaceType::cosinesimil:
      return (2.f - distance) / 2.f;
    case SpaceType::innerproduct:
      return distance >= 0.f ? 1.f / (1.f + distance) : 1.f - distance;
    default:
      return 1.f / (1.f + distance);
  }
}

std::optional<float> distance_from_score(SpaceType space, float score) {
  if (!std::isfinite(score)) return std::nullopt;
  switch (space) {
    case SpaceType::cosinesimil:
      // score ∈ [0, 1]; above 1 no document can reach it, below 0 every document does.
      if (score > 1.f) return std::nullopt;
      return 2.f - 2.f * score;
    case SpaceType::innerproduct:
      // score > 1 ⇔ d < 0 (score = 1 - d); score ∈ (0, 1] ⇔ d = 1/score - 1 >= 0.
      if (score > 1.f) return 1.f - score;
      if (score <= 0.f) return std::numeric_limits<float>::infinity();
      return 1.f / score - 1.f;
    default:
      // 1/(1+d) ∈ (0, 1]: a score above 1 is unreachable, at or below 0 matches everything.
      if (score > 1.f) return std::nullopt;
      if (score <= 0.f) return std::numeric_limits<float>::infinity();
      return 1.f / score - 1.f;
  }
}

}  // namespace pharos::vector
