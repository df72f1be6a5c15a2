// The contract of index/vector: what one segment's vectors of one field look like to an ANN
// index, what a search asks of it, and the builder seam the GPU builder (gpu/) plugs into.
// Nothing here includes faiss: faiss stays inside index/vector's .cpp files.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "index/base/status.h"

namespace pharos::vector {

// OpenSearch k-NN space types (reference/vector.md §1). The library distance `d` of each space is
// what VectorIndex returns; score_from_distance() maps it to OpenSearch's _score.
enum class SpaceType { l2, cosinesimil, innerproduct, l1, linf, hamming };
std::optional<SpaceType> space_type_from_name(std::string_view name);
std::string_view space_type_name(SpaceType space);
// l2/l1/linf/hamming: 1/(1+d); cosinesimil: (2-d)/2 with d = 1-cos; innerproduct: d = -x·y,
// 1/(1+d) if d >= 0 else 1-d.
float score_from_distance(SpaceType space, float distance);
// The inverse, for min_score → a distance bound (radial search); nullopt if unreachable.
std::optional<float> distance_from_score(SpaceType space, float score);

enum class MethodKind { flat, hnsw, ivf };
enum class EncoderKind { flat, pq, sq };

// A knn_vector field's `method` (+ field-level settings), resolved with OpenSearch's defaults.
struct MethodSpec {
  MethodKind kind = MethodKind::hnsw;
  SpaceType space = SpaceType::l2;
  uint32_t dimension = 0;
  std::string data_type = "float";  // float | byte | binary (byte vectors are widened to float)
  std::string engine = "faiss";     // lucene/nmslib accepted, served by faiss
  // hnsw
  uint32_t m = 16;
  uint32_t ef_construction = 100;
  uint32_t ef_search = 100;
  // ivf
  uint32_t nlist = 4;
  uint32_t nprobes = 1;
  // encoder
  EncoderKind encoder = EncoderKind::flat;
  uint32_t pq_m = 0;           // 0 = dimension / 4 (rounded to a divisor), like OpenSearch's default 1
  uint32_t pq_code_size = 8;   // bits per sub-quantizer code
  std::string sq_type = "fp16";  // fp16 | int8
  bool sq_clip = false;
  // segments with fewer vectors get no ANN index and are searched exactly
  // (`index.knn.advanced.approximate_threshold`, our default 1,000)
  uint32_t approximate_threshold = 1000;
  // `index.knn.remote_index_build.enabled` (OpenSearch's name for the GPU build): false keeps
  // the build on the CPU builder even when a GPU is present.
  bool remote_build_enabled = true;
  // `mode` (in_memory | on_disk) and `compression_level` ("" when unset, else 1x…32x) as mapped.
  // 2x / 4x without an explicit encoder become sq fp16 / int8; stronger levels are recorded only.
  std::string mode = "in_memory";
  std::string compression_level;
};

// Parses the mapping's knn_vector parameters (the JSON object of the field, as text: `dimension`,
// `data_type`, `space_type`, `method`, `mode`, `compression_level`) into a MethodSpec.
// invalid_argument with an OpenSearch-like reason for unknown names or bad values.
Result<MethodSpec> parse_method_spec(std::string_view field_json);
// The same for a mapping that keeps `dimension` apart from the other parameters (mapping's
// FieldMapping: `dimension` + `extra_json`, which may be empty).
Result<MethodSpec> parse_method_spec(std::string_view extra_json, uint32_t dimension);

// One segment's vectors of one field: `count` rows of `dimension` floats, row r belongs to
// segment doc `docs[r]` (ascending). The memory is owned by the segment (mmap) and outlives
// every index built over it.
struct VectorSet {
  const float* data = nullptr;
  uint32_t dimension = 0;
  uint32_t count = 0;
  const uint32_t* docs = nullptr;
  const float* row(uint32_t r) const { return data + static_cast<size_t>(r) * dimension; }
};

struct Neighbor {
  uint32_t doc = 0;      // segment doc
  float distance = 0.f;  // library distance (lower is better), see SpaceType
};

// Which segment docs a search may return (filter ∧ live docs). `allows` must be cheap and
// thread-compatible; `cardinality` lets the index choose exact search for selective filters.
struct DocFilter {
  std::function<bool(uint32_t doc)> allows;
  uint64_t cardinality = 0;
};

struct SearchParams {
  uint32_t k = 10;                     // ignored for radial search
  std::optional<float> max_distance;   // radial: every allowed doc with distance <= this
  uint32_t ef_search = 0;              // 0 = the index's default
  uint32_t nprobes = 0;                // 0 = the index's default
  const DocFilter* filter = nullptr;   // nullptr = every doc with a vector
  bool exact = false;                  // brute force over the allowed docs (ground truth)
};

// A searchable index over one VectorSet. Immutable after build/load; search is thread-safe.
class VectorIndex {
 public:
  virtual ~VectorIndex() = default;
  // Best first (ascending distance); at most k (or every match for radial search). With a filter,
  // returns k results whenever at least k allowed docs exist (falls back to exact search).
  virtual std::vector<Neighbor> search(const float* query, const SearchParams& params) const = 0;
  virtual const MethodSpec& spec() const = 0;
  // "hnsw", "ivf_flat", "ivf_pq", "ivf_sq", "flat", … and, when it fell back, why (for stats).
  virtual std::string description() const = 0;
  virtual size_t memory_bytes() const = 0;
  // The index file's payload (faiss serialisation + our header/CRC), readable by load_vector_index.
  virtual Result<std::string> serialize() const = 0;
};

// Exact search over a VectorSet without any ANN structure (small segments, `exact: true`).
std::unique_ptr<VectorIndex> make_flat_index(const MethodSpec& spec, const VectorSet& vectors);
// Rebuilds a serialized index over the same vectors (the VectorSet must be the one it was built on).
Result<std::unique_ptr<VectorIndex>> load_vector_index(std::string_view bytes, const VectorSet& vectors);

// Turns a segment's vectors into an index. Implementations: the CPU builder (index/vector) and
// the CUDA builder (gpu/). Thread-safe: segments of several shards may build concurrently.
class VectorIndexBuilder {
 public:
  virtual ~VectorIndexBuilder() = default;
  virtual std::string_view name() const = 0;  // "cpu", "gpu"
  // Whether this builder takes this build (the GPU one: a GPU is present, the method is
  // hnsw/ivf and the segment is at least its minimum size).
  virtual bool accepts(const MethodSpec& spec, const VectorSet& vectors) const = 0;
  virtual Result<std::unique_ptr<VectorIndex>> build(const MethodSpec& spec, const VectorSet& vectors) = 0;
};

std::unique_ptr<VectorIndexBuilder> make_cpu_builder(uint32_t threads);

// Build counters for `_plugins/_knn/stats` (one per builder name).
struct BuildStats {
  uint64_t builds = 0;
  uint64_t vectors = 0;
  uint64_t millis = 0;
  uint64_t failures = 0;  // e.g. GPU errors that fell back to the CPU
};

}  // namespace pharos::vector
