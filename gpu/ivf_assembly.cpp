// Assembly of faiss IVF indexes from trained parts; and the CPU reference of the IVF build.
#include "gpu/ivf_assembly.h"

#include <faiss/IndexFlat.h>
#include <faiss/IndexIVFFlat.h>
#include <faiss/IndexIVFPQ.h>
#include <faiss/IndexScalarQuantizer.h>

#include <algorithm>
#include <numeric>

#include "gpu/kmeans.h"

namespace pharos::gpu {
namespace {

faiss::MetricType faiss_metric(GraphMetric metric) {
  return metric == GraphMetric::l2 ? faiss::METRIC_L2 : faiss::METRIC_INNER_PRODUCT;
}

std::vector<float> gather_rows(const float* rows, uint32_t d, const std::vector<uint32_t>& subset) {
  std::vector<float> out(subset.size() * d);
  for (size_t i = 0; i < subset.size(); ++i)
    std::copy_n(rows + static_cast<size_t>(subset[i]) * d, d, &out[i * d]);
  return out;
}

}  // namespace

uint32_t resolve_pq_m(uint32_t requested, uint32_t d) {
  uint32_t m = requested == 0 ? std::max(1u, d / 4) : std::min(requested, d);
  while (m > 1 && d % m != 0) --m;
  return std::max(1u, m);
}

std::vector<float> ivf_residuals(const float* rows, uint32_t n, uint32_t d, const IvfTrained& trained,
                                 const std::vector<uint32_t>& subset) {
  std::vector<float> out(subset.size() * d);
  for (size_t i = 0; i < subset.size(); ++i) {
    const float* x = rows + static_cast<size_t>(subset[i]) * d;
    const float* c = &trained.centroids[static_cast<size_t>(trained.assignment[subset[i]]) * d];
    for (uint32_t j = 0; j < d; ++j) out[i * d + j] = x[j] - c[j];
  }
  return out;
}

std::unique_ptr<faiss::Index> assemble_ivf(const float* rows, uint32_t n, uint32_t d, const IvfShape& shape,
                                           const IvfTrained& trained) {
  faiss::MetricType metric = faiss_metric(shape.metric);
  faiss::IndexFlat* quantizer = metric == faiss::METRIC_L2
                                    ? static_cast<faiss::IndexFlat*>(new faiss::IndexFlatL2(d))
                                    : new faiss::IndexFlatIP(d);
  quantizer->add(shape.nlist, trained.centroids.data());
  std::unique_ptr<faiss::IndexIVF> ivf;
  std::vector<uint32_t> sample = kmeans_training_sample(n, 1, 65536, 99);
  switch (shape.encoding) {
    case IvfEncoding::flat:
      ivf = std::make_unique<faiss::IndexIVFFlat>(quantizer, d, shape.nlist, metric);
      break;
    case IvfEncoding::pq: {
      uint32_t pq_m = resolve_pq_m(shape.pq_m, d);
      auto pq = std::make_unique<faiss::IndexIVFPQ>(quantizer, d, shape.nlist, pq_m, shape.pq_nbits, metric);
      pq->pq.centroids = trained.pq_codebooks;
      pq->precompute_table();
      ivf = std::move(pq);
      break;
    }
    case IvfEncoding::sq_fp16:
    case IvfEncoding::sq_int8: {
      auto type = shape.encoding == IvfEncoding::sq_fp16 ? faiss::ScalarQuantizer::QT_fp16
                                                         : faiss::ScalarQuantizer::QT_8bit;
      auto sq =
          std::make_unique<faiss::IndexIVFScalarQuantizer>(quantizer, d, shape.nlist, type, metric, true);
      std::vector<float> residuals = ivf_residuals(rows, n, d, trained, sample);
      sq->sq.train(sample.size(), residuals.data());  // per-dimension ranges: cheap, stays on the CPU
      ivf = std::move(sq);
      break;
    }
  }
  ivf->own_fields = true;
  ivf->nprobe = shape.nprobe;
  ivf->is_trained = true;
  std::vector<faiss::Index::idx_t> lists(trained.assignment.begin(), trained.assignment.end());
  if (shape.encoding == IvfEncoding::pq && !trained.codes.empty()) {
    // Codes encoded on the GPU go straight into the inverted lists.
    size_t code_size = ivf->code_size;
    for (uint32_t i = 0; i < n; ++i) {
      ivf->invlists->add_entry(lists[i], i, &trained.codes[static_cast<size_t>(i) * code_size]);
    }
    ivf->ntotal = n;
  } else {
    ivf->add_core(n, rows, nullptr, lists.data());
  }
  return ivf;
}

Status train_pq_codebooks(const float* rows, uint32_t n, uint32_t d, const IvfShape& shape, uint64_t seed,
                          IvfTrained& trained, const SubspaceKMeans& kmeans) {
  uint32_t pq_m = resolve_pq_m(shape.pq_m, d), dsub = d / pq_m, ksub = 1u << shape.pq_nbits;
  std::vector<uint32_t> pq_sample = kmeans_training_sample(n, ksub, 64, seed + 1);
  std::vector<float> residuals = ivf_residuals(rows, n, d, trained, pq_sample);
  trained.pq_codebooks.resize(static_cast<size_t>(pq_m) * ksub * dsub);
  std::vector<float> sub(pq_sample.size() * dsub);
  for (uint32_t m = 0; m < pq_m; ++m) {
    for (size_t i = 0; i < pq_sample.size(); ++i) std::copy_n(&residuals[i * d + m * dsub], dsub, &sub[i * dsub]);
    PHAROS_ASSIGN_OR_RETURN(std::vector<float> book,
                            kmeans(sub.data(), static_cast<uint32_t>(pq_sample.size()), dsub, ksub, seed + m));
    std::copy(book.begin(), book.end(), &trained.pq_codebooks[static_cast<size_t>(m) * ksub * dsub]);
  }
  return Status::ok();
}

std::unique_ptr<faiss::Index> build_ivf_cpu(const float* rows, uint32_t n, uint32_t d,
                                            const IvfShape& shape_in, uint64_t seed) {
  IvfShape shape = shape_in;
  shape.nlist = std::max(1u, std::min(shape.nlist, n));
  std::vector<uint32_t> sample = kmeans_training_sample(n, shape.nlist, 256, seed);
  std::vector<float> training = gather_rows(rows, d, sample);
  KMeansResult coarse =
      kmeans_cpu(training.data(), static_cast<uint32_t>(sample.size()), d, shape.nlist, 20, seed);
  IvfTrained trained;
  trained.centroids = coarse.centroids;
  trained.assignment = assign_to_centroids_cpu(rows, n, d, trained.centroids.data(), shape.nlist,
                                               shape.metric == GraphMetric::inner_product);
  if (shape.encoding == IvfEncoding::pq) {
    Status trained_pq = train_pq_codebooks(
        rows, n, d, shape, seed, trained,
        [](const float* sub, uint32_t rows_n, uint32_t dim, uint32_t k, uint64_t s) -> Result<std::vector<float>> {
          return kmeans_cpu(sub, rows_n, dim, k, 15, s).centroids;
        });
    if (!trained_pq.is_ok()) return nullptr;  // the CPU k-means cannot fail; kept for the shared signature
  }
  return assemble_ivf(rows, n, d, shape, trained);
}

}  // namespace pharos::gpu
