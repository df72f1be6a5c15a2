#include "index/vector/hnsw_index.h"

#include <faiss/IndexFlat.h>
#include <faiss/IndexHNSW.h>
#include <faiss/impl/AuxIndexStructures.h>

#include <cmath>

#include "index/vector/exact_search.h"
#include "index/vector/hnsw_search.h"
#include "index/vector/index_file.h"

namespace pharos::vector {
namespace {

// Our SIMD kernels over the IndexFlat storage rows.
struct FlatRowDistance {
  const float* rows;
  uint32_t dimension;
  const QueryDistance& query;
  float operator()(uint32_t row) const { return query(rows + static_cast<size_t>(row) * dimension); }
  void prefetch(uint32_t row) const {
    const char* p = reinterpret_cast<const char*>(rows + static_cast<size_t>(row) * dimension);
    for (size_t offset = 0; offset < dimension * sizeof(float) && offset < 512; offset += 64) {
      _mm_prefetch(p + offset, _MM_HINT_T0);
    }
  }
};

// faiss's own distance for SQ/PQ storage (one computer per query: they are not thread-safe).
struct StorageDistance {
  std::unique_ptr<faiss::DistanceComputer> computer;
  SpaceType space;
  float operator()(uint32_t row) const {
    float raw = (*computer)(row);
    if (space == SpaceType::innerproduct) return -raw;
    if (space == SpaceType::cosinesimil) return 1.f - raw;
    return raw;
  }
  void prefetch(uint32_t) const {}
};

HnswGraph graph_of(const faiss::IndexHNSW& index) {
  const faiss::HNSW& hnsw = index.hnsw;
  HnswGraph graph;
  graph.neighbors = hnsw.neighbors.data();
  graph.offsets = hnsw.offsets.data();
  graph.cum_neighbors = hnsw.cum_nneighbor_per_level.data();
  graph.entry_point = hnsw.entry_point;
  graph.max_level = hnsw.max_level;
  graph.count = static_cast<uint32_t>(index.ntotal);
  return graph;
}

}  // namespace

VisitedMarks& thread_visited_marks() {
  thread_local VisitedMarks marks;
  return marks;
}

BeamScratch& thread_beam_scratch() {
  thread_local BeamScratch scratch;
  return scratch;
}

bool faiss_serves_space(SpaceType space) {
  return space == SpaceType::l2 || space == SpaceType::innerproduct || space == SpaceType::cosinesimil;
}

HnswIndex::HnswIndex(MethodSpec spec, const VectorSet& vectors, std::unique_ptr<faiss::IndexHNSW> index)
    : spec_(std::move(spec)), vectors_(vectors), index_(std::move(index)) {
  if (auto* flat = dynamic_cast<const faiss::IndexFlat*>(index_->storage)) flat_rows_ = flat->get_xb();
  if (spec_.space == SpaceType::cosinesimil) inverse_norms_ = inverse_norms(vectors_);
}

HnswIndex::~HnswIndex() = default;

std::vector<Neighbor> HnswIndex::search_exact(const float* query, const SearchParams& params) const {
  QueryDistance distance(spec_.space, query, vectors_.dimension);
  RowSource rows{vectors_.data, vectors_.count, vectors_.docs,
                 inverse_norms_.empty() ? nullptr : inverse_norms_.data()};
  return exact_search(rows, distance, params);
}

// A filtered beam visits about (graph cost / selectivity) rows; an exact scan visits the
// allowed rows sequentially. With graph cost ≈ 32·ef rows, exact wins when
// cardinality² <= 32·ef·count, i.e. below ~57k allowed of 1M at ef 100 (reference §9 measured
// exact ≈ ANN around 20–50k on this box), and always when cardinality <= k.
bool HnswIndex::prefers_exact(const SearchParams& params, uint32_t ef) const {
  if (params.exact) return true;
  if (!params.filter) return false;
  const double cardinality = static_cast<double>(params.filter->cardinality);
  if (cardinality <= params.k) return true;
  return cardinality * cardinality <= 32.0 * ef * vectors_.count;
}

std::vector<Neighbor> HnswIndex::search(const float* query, const SearchParams& params) const {
  const uint32_t ef = std::max(params.ef_search ? params.ef_search : spec_.ef_search, params.k);
  if (prefers_exact(params, ef)) return search_exact(query, params);
  const HnswGraph graph = graph_of(*index_);
  const DocFilter* filter = params.filter;
  const uint32_t* docs = vectors_.docs;
  std::vector<GraphCandidate> found;
  auto run = [&](auto& distance) {
    if (filter) {
      auto allows = [&](uint32_t row) { return filter->allows(docs[row]); };
      found = hnsw_beam_search(graph, distance, allows, ef, params.max_distance);
    } else {
      auto allows = [](uint32_t) { return true; };
      found = hnsw_beam_search(graph, distance, allows, ef, params.max_distance);
    }
  };
  if (flat_rows_) {
    QueryDistance query_distance(spec_.space, query, vectors_.dimension);
    FlatRowDistance distance{flat_rows_, vectors_.dimension, query_distance};
    run(distance);
  } else {
    std::vector<float> normalised(query, query + vectors_.dimension);
    if (spec_.space == SpaceType::cosinesimil)
      normalise_rows(query, 1, vectors_.dimension, normalised.data());
    StorageDistance distance{
        std::unique_ptr<faiss::DistanceComputer>(index_->storage->get_distance_computer()), spec_.space};
    distance.computer->set_query(normalised.data());
    run(distance);
  }
  const size_t limit = params.max_distance ? found.size() : std::min<size_t>(found.size(), params.k);
  // The contract: with a filter, k results whenever k allowed docs exist.
  if (filter && !params.max_distance && limit < std::min<uint64_t>(params.k, filter->cardinality)) {
    return search_exact(query, params);
  }
  std::vector<Neighbor> out;
  out.reserve(limit);
  for (size_t i = 0; i < limit; ++i) out.push_back({docs[found[i].row], found[i].distance});
  return out;
}

std::string HnswIndex::description() const {
  switch (spec_.encoder) {
    case EncoderKind::pq:
      return "hnsw_pq";
    case EncoderKind::sq:
      return "hnsw_sq";
    default:
      return "hnsw";
  }
}

size_t HnswIndex::memory_bytes() const {
  const faiss::HNSW& hnsw = index_->hnsw;
  size_t graph = hnsw.neighbors.size() * sizeof(int32_t) + hnsw.offsets.size() * sizeof(size_t) +
                 hnsw.levels.size() * sizeof(int);
  size_t storage = 0;
  if (auto* codes = dynamic_cast<const faiss::IndexFlatCodes*>(index_->storage))
    storage = codes->codes.size();
  return sizeof(*this) + graph + storage + inverse_norms_.size() * sizeof(float);
}

Result<std::string> HnswIndex::serialize() const {
  PHAROS_ASSIGN_OR_RETURN(std::string payload, faiss_serialize(*index_));
  return encode_index_file(IndexFileKind::hnsw, spec_, vectors_, "", payload);
}

}  // namespace pharos::vector
