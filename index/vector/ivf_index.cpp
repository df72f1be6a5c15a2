#include "index/vector/ivf_index.h"

#include <faiss/IndexFlat.h>
#include <faiss/IndexIVFFlat.h>
#include <faiss/IndexIVFPQ.h>
#include <faiss/IndexScalarQuantizer.h>
#include <faiss/impl/AuxIndexStructures.h>
#include <faiss/impl/IDSelector.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>

#include "index/vector/exact_search.h"
#include "index/vector/flat_index.h"
#include "index/vector/index_file.h"
#include "index/vector/omp_threads.h"
#include "index/vector/query_distance.h"

namespace pharos::vector {
namespace {

// faiss labels are row indexes; the filter speaks segment docs.
struct DocFilterSelector : faiss::IDSelector {
  DocFilterSelector(const DocFilter& filter, const uint32_t* docs) : filter_(filter), docs_(docs) {}
  bool is_member(faiss::Index::idx_t id) const override { return filter_.allows(docs_[id]); }
  const DocFilter& filter_;
  const uint32_t* docs_;
};

faiss::MetricType faiss_metric(SpaceType space) {
  return space == SpaceType::l2 ? faiss::METRIC_L2 : faiss::METRIC_INNER_PRODUCT;
}

// OpenSearch leaves pq `m` to the user; our default is the largest divisor of d up to d/4.
uint32_t pq_subquantizers(const MethodSpec& spec, uint32_t dimension) {
  if (spec.pq_m != 0) return spec.pq_m;
  uint32_t m = std::max<uint32_t>(1, dimension / 4);
  while (dimension % m != 0) --m;
  return m;
}

std::unique_ptr<faiss::IndexIVF> make_empty_ivf(const MethodSpec& spec, uint32_t dimension) {
  const faiss::MetricType metric = faiss_metric(spec.space);
  faiss::IndexFlat* quantizer = new faiss::IndexFlat(dimension, metric);
  std::unique_ptr<faiss::IndexIVF> ivf;
  switch (spec.encoder) {
    case EncoderKind::pq:
      ivf = std::make_unique<faiss::IndexIVFPQ>(quantizer, dimension, spec.nlist,
                                                pq_subquantizers(spec, dimension), spec.pq_code_size, metric);
      break;
    case EncoderKind::sq: {
      auto type = spec.sq_type == "int8" ? faiss::ScalarQuantizer::QT_8bit : faiss::ScalarQuantizer::QT_fp16;
      ivf = std::make_unique<faiss::IndexIVFScalarQuantizer>(quantizer, dimension, spec.nlist, type, metric);
      break;
    }
    default:
      ivf = std::make_unique<faiss::IndexIVFFlat>(quantizer, dimension, spec.nlist, metric);
  }
  ivf->own_fields = true;
  return ivf;
}

// Up to max(nlist·39, 10,000) rows, evenly strided so the sample spans the whole segment.
std::vector<float> training_sample(const VectorSet& vectors, const MethodSpec& spec, uint32_t& rows) {
  const uint64_t wanted = std::max<uint64_t>(uint64_t{spec.nlist} * 39, 10000);
  rows = static_cast<uint32_t>(std::min<uint64_t>(vectors.count, wanted));
  std::vector<float> sample(static_cast<size_t>(rows) * vectors.dimension);
  for (uint32_t i = 0; i < rows; ++i) {
    uint32_t source = static_cast<uint32_t>(uint64_t{i} * vectors.count / rows);
    std::copy(vectors.row(source), vectors.row(source) + vectors.dimension,
              sample.begin() + static_cast<size_t>(i) * vectors.dimension);
  }
  return sample;
}

}  // namespace

uint32_t ivf_minimum_vectors(const MethodSpec& spec) {
  uint64_t minimum = uint64_t{spec.nlist} * 39;
  if (spec.encoder == EncoderKind::pq)
    minimum = std::max<uint64_t>(minimum, (uint64_t{1} << spec.pq_code_size) * 39);
  return static_cast<uint32_t>(std::min<uint64_t>(minimum, std::numeric_limits<uint32_t>::max()));
}

Result<std::unique_ptr<VectorIndex>> build_ivf_index(const MethodSpec& spec, const VectorSet& vectors,
                                                     uint32_t threads) {
  const uint32_t minimum = ivf_minimum_vectors(spec);
  if (vectors.count < minimum) {
    std::string note =
        "ivf needs >= " + std::to_string(minimum) + " vectors, segment has " + std::to_string(vectors.count);
    return std::unique_ptr<VectorIndex>(std::make_unique<FlatIndex>(spec, vectors, std::move(note)));
  }
  if (spec.encoder == EncoderKind::pq && vectors.dimension % pq_subquantizers(spec, vectors.dimension) != 0) {
    return Status{ErrorKind::invalid_argument, "pq [m] must divide the dimension"};
  }
  try {
    ScopedOmpThreads omp_threads(threads);
    const bool cosine = spec.space == SpaceType::cosinesimil;
    auto ivf = make_empty_ivf(spec, vectors.dimension);
    uint32_t sample_rows = 0;
    std::vector<float> sample = training_sample(vectors, spec, sample_rows);
    if (cosine) normalise_rows(sample.data(), sample_rows, vectors.dimension, sample.data());
    ivf->train(sample_rows, sample.data());
    // Add in slices so cosine needs only a slice-sized normalised copy.
    constexpr uint32_t kSlice = 65536;
    std::vector<float> normalised;
    for (uint32_t start = 0; start < vectors.count; start += kSlice) {
      uint32_t rows = std::min(kSlice, vectors.count - start);
      const float* data = vectors.row(start);
      if (cosine) {
        normalised.resize(static_cast<size_t>(rows) * vectors.dimension);
        normalise_rows(data, rows, vectors.dimension, normalised.data());
        data = normalised.data();
      }
      ivf->add(rows, data);
    }
    return std::unique_ptr<VectorIndex>(std::make_unique<IvfIndex>(spec, vectors, std::move(ivf)));
  } catch (const std::exception& e) {
    return Status{ErrorKind::internal, std::string("faiss ivf build failed: ") + e.what()};
  }
}

IvfIndex::IvfIndex(MethodSpec spec, const VectorSet& vectors, std::unique_ptr<faiss::IndexIVF> index)
    : spec_(std::move(spec)), vectors_(vectors), index_(std::move(index)) {
  if (spec_.space == SpaceType::cosinesimil) inverse_norms_ = inverse_norms(vectors_);
}

IvfIndex::~IvfIndex() = default;

float IvfIndex::to_distance(float faiss_value) const {
  switch (spec_.space) {
    case SpaceType::innerproduct:
      return -faiss_value;
    case SpaceType::cosinesimil:
      return 1.f - faiss_value;
    default:
      return faiss_value;
  }
}

std::vector<Neighbor> IvfIndex::search_exact(const float* query, const SearchParams& params) const {
  QueryDistance distance(spec_.space, query, vectors_.dimension);
  RowSource rows{vectors_.data, vectors_.count, vectors_.docs,
                 inverse_norms_.empty() ? nullptr : inverse_norms_.data()};
  return exact_search(rows, distance, params);
}

std::vector<Neighbor> IvfIndex::search(const float* query, const SearchParams& params) const {
  const uint32_t nprobe = std::min<uint32_t>(params.nprobes ? params.nprobes : spec_.nprobes, spec_.nlist);
  const DocFilter* filter = params.filter;
  // An IVF probe scans about count·nprobe/nlist rows; a smaller allowed set is cheaper exactly.
  const double probed = static_cast<double>(vectors_.count) * nprobe / std::max<uint32_t>(spec_.nlist, 1);
  if (params.exact || (filter && (filter->cardinality <= params.k || filter->cardinality <= probed))) {
    return search_exact(query, params);
  }
  std::vector<float> normalised;
  if (spec_.space == SpaceType::cosinesimil) {
    normalised.resize(vectors_.dimension);
    normalise_rows(query, 1, vectors_.dimension, normalised.data());
    query = normalised.data();
  }
  std::unique_ptr<DocFilterSelector> selector;
  faiss::SearchParametersIVF faiss_params;
  faiss_params.nprobe = nprobe;
  if (filter) {
    selector = std::make_unique<DocFilterSelector>(*filter, vectors_.docs);
    faiss_params.sel = selector.get();
  }
  std::vector<Neighbor> out;
  if (params.max_distance) {
    // faiss keeps L2 rows with d < radius and IP rows with similarity > radius: nudge the bound
    // one ulp so the match is inclusive like OpenSearch's.
    const float bound = *params.max_distance;
    const float inf = std::numeric_limits<float>::infinity();
    float radius = spec_.space == SpaceType::l2             ? std::nextafter(bound, inf)
                   : spec_.space == SpaceType::innerproduct ? std::nextafter(-bound, -inf)
                                                            : std::nextafter(1.f - bound, -inf);
    faiss::RangeSearchResult result(1);
    index_->range_search(1, query, radius, &result, &faiss_params);
    for (size_t i = result.lims[0]; i < result.lims[1]; ++i) {
      out.push_back({vectors_.docs[result.labels[i]], to_distance(result.distances[i])});
    }
    sort_neighbors(out, out.size());
    return out;
  }
  if (params.k == 0) return out;
  if (spec_.encoder == EncoderKind::flat) {
    out = search_flat_lists(query, nprobe, params.k, filter);
    if (filter && out.size() < std::min<uint64_t>(params.k, filter->cardinality))
      return search_exact(query, params);
    return out;
  }
  std::vector<float> distances(params.k);
  std::vector<faiss::Index::idx_t> labels(params.k);
  index_->search(1, query, params.k, distances.data(), labels.data(), &faiss_params);
  for (uint32_t i = 0; i < params.k; ++i) {
    if (labels[i] < 0) break;
    out.push_back({vectors_.docs[labels[i]], to_distance(distances[i])});
  }
  if (filter && out.size() < std::min<uint64_t>(params.k, filter->cardinality))
    return search_exact(query, params);
  return out;
}

// IVF-Flat top-k with our SIMD kernels over faiss's centroids and inverted lists. The libfaiss we
// link scans lists with its scalar fvec_inner_product_ref: 87% of a GloVe query at nprobe 16. `query` is already normalised for cosine; the lists
// hold normalised rows, and QueryDistance gives Pharos's distance for the space directly.
std::vector<Neighbor> IvfIndex::search_flat_lists(const float* query, uint32_t nprobe, uint32_t k,
                                                  const DocFilter* filter) const {
  const QueryDistance distance(spec_.space, query, vectors_.dimension);
  const auto* quantizer = static_cast<const faiss::IndexFlat*>(index_->quantizer);
  const float* centroids = quantizer->get_xb();
  const size_t dimension = vectors_.dimension;
  std::vector<std::pair<float, size_t>> lists(index_->nlist);
  for (size_t list = 0; list < lists.size(); ++list) lists[list] = {distance(centroids + list * dimension), list};
  nprobe = std::min<uint32_t>(nprobe, static_cast<uint32_t>(lists.size()));
  std::partial_sort(lists.begin(), lists.begin() + nprobe, lists.end());

  std::vector<std::pair<float, uint32_t>> best;  // max-heap of the k nearest (distance, row)
  best.reserve(k + 1);
  for (uint32_t probe = 0; probe < nprobe; ++probe) {
    const size_t list = lists[probe].second;
    const size_t size = index_->invlists->list_size(list);
    if (size == 0) continue;
    faiss::InvertedLists::ScopedCodes codes(index_->invlists, list);
    faiss::InvertedLists::ScopedIds ids(index_->invlists, list);
    const auto* rows = reinterpret_cast<const float*>(codes.get());
    for (size_t i = 0; i < size; ++i) {
      const auto row = static_cast<uint32_t>(ids[i]);
      if (filter && !filter->allows(vectors_.docs[row])) continue;
      const float d = distance(rows + i * dimension);
      if (best.size() == k && d >= best.front().first) continue;
      best.emplace_back(d, row);
      std::push_heap(best.begin(), best.end());
      if (best.size() > k) {
        std::pop_heap(best.begin(), best.end());
        best.pop_back();
      }
    }
  }
  std::sort_heap(best.begin(), best.end());
  std::vector<Neighbor> out;
  out.reserve(best.size());
  for (const auto& [d, row] : best) out.push_back({vectors_.docs[row], d});
  return out;
}

std::string IvfIndex::description() const {
  switch (spec_.encoder) {
    case EncoderKind::pq:
      return "ivf_pq";
    case EncoderKind::sq:
      return "ivf_sq";
    default:
      return "ivf_flat";
  }
}

size_t IvfIndex::memory_bytes() const {
  size_t lists = 0;
  for (size_t list = 0; list < index_->nlist; ++list) {
    lists += index_->invlists->list_size(list) * (index_->code_size + sizeof(faiss::Index::idx_t));
  }
  return sizeof(*this) + lists + size_t{index_->nlist} * index_->d * sizeof(float) +
         inverse_norms_.size() * sizeof(float);
}

Result<std::string> IvfIndex::serialize() const {
  PHAROS_ASSIGN_OR_RETURN(std::string payload, faiss_serialize(*index_));
  return encode_index_file(IndexFileKind::ivf, spec_, vectors_, "", payload);
}

}  // namespace pharos::vector
