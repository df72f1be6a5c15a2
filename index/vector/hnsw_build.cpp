#include "index/vector/hnsw_build.h"

#include <faiss/IndexHNSW.h>

#include <algorithm>
#include <exception>
#include <string>
#include <vector>

#include "index/vector/hnsw_graph_builder.h"
#include "index/vector/hnsw_reachability.h"
#include "index/vector/omp_threads.h"
#include "index/vector/query_distance.h"

namespace pharos::vector {
namespace {

std::unique_ptr<faiss::IndexHNSW> make_empty_hnsw(const MethodSpec& spec, uint32_t dimension) {
  const faiss::MetricType metric =
      spec.space == SpaceType::l2 ? faiss::METRIC_L2 : faiss::METRIC_INNER_PRODUCT;
  std::unique_ptr<faiss::IndexHNSW> index;
  if (spec.encoder == EncoderKind::sq) {
    auto type = spec.sq_type == "int8" ? faiss::ScalarQuantizer::QT_8bit : faiss::ScalarQuantizer::QT_fp16;
    index = std::make_unique<faiss::IndexHNSWSQ>(dimension, type, spec.m, metric);
  } else if (spec.encoder == EncoderKind::pq) {
    uint32_t m = spec.pq_m ? spec.pq_m : std::max<uint32_t>(1, dimension / 4);
    while (dimension % m != 0) --m;
    index = std::make_unique<faiss::IndexHNSWPQ>(dimension, m, spec.m);
    index->metric_type = metric;
    index->storage->metric_type = metric;
  } else {
    index = std::make_unique<faiss::IndexHNSWFlat>(dimension, spec.m, metric);
  }
  index->hnsw.efConstruction = static_cast<int>(spec.ef_construction);
  index->hnsw.efSearch = static_cast<int>(spec.ef_search);
  return index;
}

}  // namespace

Result<std::unique_ptr<faiss::IndexHNSW>> build_faiss_hnsw_with_faiss_add(const MethodSpec& spec,
                                                                          const VectorSet& vectors,
                                                                          uint32_t threads) {
  try {
    ScopedOmpThreads omp_threads(threads);
    auto index = make_empty_hnsw(spec, vectors.dimension);
    std::vector<float> normalised;
    const float* data = vectors.data;
    if (spec.space == SpaceType::cosinesimil) {
      normalised.resize(static_cast<size_t>(vectors.count) * vectors.dimension);
      normalise_rows(vectors.data, vectors.count, vectors.dimension, normalised.data());
      data = normalised.data();
    }
    if (!index->is_trained) index->train(vectors.count, data);
    index->add(vectors.count, data);
    return index;
  } catch (const std::exception& e) {
    return Status{ErrorKind::internal, std::string("faiss hnsw build failed: ") + e.what()};
  }
}

Result<std::unique_ptr<faiss::IndexHNSW>> build_faiss_hnsw(const MethodSpec& spec, const VectorSet& vectors,
                                                           uint32_t threads) {
  try {
    // Encoded storage (SQ/PQ) needs faiss's training and its distance computers: faiss builds it.
    if (spec.encoder != EncoderKind::flat) {
      auto built = build_faiss_hnsw_with_faiss_add(spec, vectors, threads);
      if (built.is_ok()) link_unreachable_nodes(*built.value());
      return built;
    }
    auto index = make_empty_hnsw(spec, vectors.dimension);
    // Slices keep the cosine normalisation buffer small.
    constexpr uint32_t kSlice = 65536;
    std::vector<float> normalised;
    for (uint32_t start = 0; start < vectors.count; start += kSlice) {
      uint32_t rows = std::min(kSlice, vectors.count - start);
      const float* data = vectors.row(start);
      if (spec.space == SpaceType::cosinesimil) {
        normalised.resize(static_cast<size_t>(rows) * vectors.dimension);
        normalise_rows(data, rows, vectors.dimension, normalised.data());
        data = normalised.data();
      }
      index->storage->add(rows, data);
    }
    PHAROS_RETURN_IF_ERROR(build_hnsw_graph(*index, vectors.count, spec.space != SpaceType::l2, threads));
    link_unreachable_nodes(*index);
    return index;
  } catch (const std::exception& e) {
    return Status{ErrorKind::internal, std::string("hnsw build failed: ") + e.what()};
  }
}

}  // namespace pharos::vector
