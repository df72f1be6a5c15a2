// Data sets for the gpu_build benches: .fvecs files and the reference/vector.md §8 synthetic
// model generated in C++, plus cosine normalisation.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace bench_data {

inline std::vector<float> read_fvecs(const std::string& path, uint64_t limit, uint32_t& dim) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) throw std::runtime_error("cannot open " + path);
  std::vector<float> out;
  int32_t d = 0;
  std::vector<float> row;
  while (std::fread(&d, 4, 1, f) == 1 && (limit == 0 || out.size() / d < limit)) {
    row.resize(d);
    if (std::fread(row.data(), 4, d, f) != static_cast<size_t>(d)) break;
    out.insert(out.end(), row.begin(), row.end());
  }
  std::fclose(f);
  dim = static_cast<uint32_t>(d);
  return out;
}

// reference/vector.md §8: 1024 centres ~ N(0, 0.22²), Zipf(0.7) sizes, rank-28 orthonormal bases
// (32 of them) with per-direction std 1.6·j^-0.25, N(0, 0.05²) noise. Same model as
// bench/vector/make_synthetic.py, not the same random stream.
struct SyntheticModel {
  uint32_t d, rank = 28;
  std::vector<float> centres, bases, z_std;
  std::discrete_distribution<uint32_t> cluster;
  explicit SyntheticModel(uint32_t dim) : d(dim) {
    std::mt19937_64 rng(20261121);
    std::normal_distribution<float> normal(0.f, 1.f);
    centres.resize(1024 * size_t(d));
    for (float& v : centres) v = 0.22f * normal(rng);
    std::vector<double> weights(1024);
    for (int c = 0; c < 1024; ++c) weights[c] = std::pow(c + 1.0, -0.7);
    cluster = std::discrete_distribution<uint32_t>(weights.begin(), weights.end());
    for (uint32_t j = 1; j <= rank; ++j) z_std.push_back(1.6f * std::pow(float(j), -0.25f));
    bases.resize(32 * size_t(rank) * d);
    for (int b = 0; b < 32; ++b) {  // Gram-Schmidt on Gaussian rows
      float* basis = &bases[size_t(b) * rank * d];
      for (uint32_t r = 0; r < rank; ++r) {
        float* v = basis + size_t(r) * d;
        for (uint32_t j = 0; j < d; ++j) v[j] = normal(rng);
        for (uint32_t q = 0; q < r; ++q) {
          float* u = basis + size_t(q) * d;
          double dot = 0;
          for (uint32_t j = 0; j < d; ++j) dot += double(u[j]) * v[j];
          for (uint32_t j = 0; j < d; ++j) v[j] -= float(dot) * u[j];
        }
        double norm = 0;
        for (uint32_t j = 0; j < d; ++j) norm += double(v[j]) * v[j];
        for (uint32_t j = 0; j < d; ++j) v[j] /= float(std::sqrt(norm));
      }
    }
  }
  std::vector<float> sample(uint64_t n, uint64_t seed) {
    std::vector<float> out(n * d);
    unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) {
      pool.emplace_back([&, t] {
        std::mt19937_64 rng(seed * 1000 + t);
        std::normal_distribution<float> normal(0.f, 1.f);
        auto pick = cluster;
        std::vector<float> z(rank);
        for (uint64_t i = t; i < n; i += threads) {
          uint32_t c = pick(rng);
          float* x = &out[i * d];
          for (uint32_t r = 0; r < rank; ++r) z[r] = z_std[r] * normal(rng);
          const float* basis = &bases[size_t(c % 32) * rank * d];
          for (uint32_t j = 0; j < d; ++j) {
            float acc = centres[size_t(c) * d + j] + 0.05f * normal(rng);
            for (uint32_t r = 0; r < rank; ++r) acc += z[r] * basis[size_t(r) * d + j];
            x[j] = acc;
          }
        }
      });
    }
    for (auto& th : pool) th.join();
    return out;
  }
};

// The data-set flags both gpu_build benches take: --base F.fvecs [--limit N] | --synthetic N
// [--dim D], and --space l2|innerproduct|cosinesimil.
struct DataFlags {
  std::string base, space = "l2";
  uint64_t synthetic = 0, limit = 0;
  uint32_t dim = 128;

  // Consumes `key` (and its value, from `next`) when it is one of these flags.
  template <class Next>
  bool parse(const std::string& key, Next&& next) {
    if (key == "--base")
      base = next();
    else if (key == "--synthetic")
      synthetic = std::stoull(next());
    else if (key == "--limit")
      limit = std::stoull(next());
    else if (key == "--dim")
      dim = std::stoul(next());
    else if (key == "--space")
      space = next();
    else
      return false;
    return true;
  }
  bool given() const { return synthetic > 0 || !base.empty(); }
  bool cosine() const { return space == "cosinesimil"; }
  bool inner_product() const { return cosine() || space == "innerproduct"; }
  // The base rows as given (not normalised); sets `d`.
  std::vector<float> load_base(uint32_t& d) const {
    d = dim;
    return synthetic ? SyntheticModel(d).sample(synthetic, 1) : read_fvecs(base, limit, d);
  }
};

inline void normalise(std::vector<float>& rows, uint32_t d) {
  for (size_t i = 0; i < rows.size() / d; ++i) {
    double norm = 0;
    for (uint32_t j = 0; j < d; ++j) norm += double(rows[i * d + j]) * rows[i * d + j];
    for (uint32_t j = 0; j < d; ++j) rows[i * d + j] /= norm > 0 ? float(std::sqrt(norm)) : 1.f;
  }
}

}  // namespace bench_data
