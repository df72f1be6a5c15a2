// CUDA plumbing shared by the kernel files: error checks that throw (caught at the device API
// boundary and turned into a Status), RAII device/pinned buffers, cuBLAS GEMM, staged uploads.
#pragma once

#include <cublas_v2.h>
#include <cuda_runtime.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>
#include <utility>

#include "index/base/status.h"

namespace pharos::gpu::device {

struct CudaError : std::runtime_error {
  bool out_of_memory;
  CudaError(const std::string& what, bool oom) : std::runtime_error(what), out_of_memory(oom) {}
};

inline void check_cuda(cudaError_t err, const char* what) {
  if (err != cudaSuccess) {
    throw CudaError(std::string(what) + ": " + cudaGetErrorString(err), err == cudaErrorMemoryAllocation);
  }
}
inline void check_cublas(cublasStatus_t err, const char* what) {
  if (err != CUBLAS_STATUS_SUCCESS) {
    throw CudaError(std::string(what) + ": cuBLAS status " + std::to_string(static_cast<int>(err)),
                    err == CUBLAS_STATUS_ALLOC_FAILED);
  }
}
#define PHAROS_CUDA(call) ::pharos::gpu::device::check_cuda((call), #call)
#define PHAROS_CUBLAS(call) ::pharos::gpu::device::check_cublas((call), #call)

// Runs `body` and turns CUDA failures into a Status (resource_exhausted for out-of-memory), so a
// missing or busy GPU makes the builder fall back instead of crashing the server.
template <typename T, typename Body>
Result<T> guarded(const char* what, Body&& body) {
  try {
    return body();
  } catch (const CudaError& e) {
    cudaGetLastError();  // clear the sticky non-fatal error state
    return Status(e.out_of_memory ? ErrorKind::resource_exhausted : ErrorKind::internal,
                  std::string(what) + ": " + e.what());
  } catch (const std::bad_alloc&) {
    return Status(ErrorKind::resource_exhausted, std::string(what) + ": host out of memory");
  }
}

template <typename T>
class DeviceBuffer {
 public:
  DeviceBuffer() = default;
  explicit DeviceBuffer(size_t count) : count_(count) {
    if (count) PHAROS_CUDA(cudaMalloc(&data_, count * sizeof(T)));
  }
  DeviceBuffer(DeviceBuffer&& o) noexcept : data_(std::exchange(o.data_, nullptr)), count_(o.count_) {}
  DeviceBuffer& operator=(DeviceBuffer&& o) noexcept {
    std::swap(data_, o.data_);
    std::swap(count_, o.count_);
    return *this;
  }
  DeviceBuffer(const DeviceBuffer&) = delete;
  ~DeviceBuffer() {
    if (data_) cudaFree(data_);
  }
  T* get() const { return data_; }
  size_t size() const { return count_; }
  void upload(const T* host, size_t count, cudaStream_t stream = nullptr) {
    PHAROS_CUDA(cudaMemcpyAsync(data_, host, count * sizeof(T), cudaMemcpyHostToDevice, stream));
  }
  void download(T* host, size_t count, cudaStream_t stream = nullptr) const {
    PHAROS_CUDA(cudaMemcpyAsync(host, data_, count * sizeof(T), cudaMemcpyDeviceToHost, stream));
    PHAROS_CUDA(cudaStreamSynchronize(stream));
  }

 private:
  T* data_ = nullptr;
  size_t count_ = 0;
};

class Stream {
 public:
  Stream() { PHAROS_CUDA(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking)); }
  ~Stream() { cudaStreamDestroy(stream_); }
  Stream(const Stream&) = delete;
  cudaStream_t get() const { return stream_; }
  void sync() const { PHAROS_CUDA(cudaStreamSynchronize(stream_)); }

 private:
  cudaStream_t stream_ = nullptr;
};

class Blas {
 public:
  explicit Blas(cudaStream_t stream, bool tf32) {
    PHAROS_CUBLAS(cublasCreate(&handle_));
    PHAROS_CUBLAS(cublasSetStream(handle_, stream));
    PHAROS_CUBLAS(cublasSetMathMode(handle_, tf32 ? CUBLAS_TF32_TENSOR_OP_MATH : CUBLAS_DEFAULT_MATH));
  }
  ~Blas() { cublasDestroy(handle_); }
  Blas(const Blas&) = delete;
  // out (rows × cols, row-major) = a (rows × d, row-major) · b (cols × d, row-major)ᵀ
  void dot_products(const float* a, uint32_t rows, const float* b, uint32_t cols, uint32_t d,
                    float* out) const {
    const float one = 1.f, zero = 0.f;
    PHAROS_CUBLAS(
        cublasSgemm(handle_, CUBLAS_OP_T, CUBLAS_OP_N, cols, rows, d, &one, b, d, a, d, &zero, out, cols));
  }

 private:
  cublasHandle_t handle_ = nullptr;
};

// Copies host rows to the device through two pinned staging buffers, so the memcpy into pinned
// memory of one chunk overlaps the DMA of the previous one. Long-lived where it is called per
// tile (the streaming exact graph uploads every column tile once per query tile): allocating and
// freeing pinned memory per call would cost a cudaFreeHost, which synchronises the device, each
// time. Copies are stream-ordered and upload() does not wait for them: a buffer is refilled only
// after its previous DMA's event, and the destructor waits for both before freeing.
class StagedUploader {
 public:
  explicit StagedUploader(size_t max_floats) {
    chunk_ = std::max<size_t>(1, std::min(kChunk, max_floats));
    for (int i = 0; i < 2; ++i) {
      PHAROS_CUDA(cudaMallocHost(&staging_.pinned[i], chunk_ * sizeof(float)));
      PHAROS_CUDA(cudaEventCreateWithFlags(&staging_.done[i], cudaEventDisableTiming));
    }
  }
  StagedUploader(const StagedUploader&) = delete;

  void upload(const float* host, size_t count, float* device, cudaStream_t stream) {
    for (size_t offset = 0; offset < count; offset += chunk_, turn_ ^= 1) {
      size_t len = std::min(chunk_, count - offset);
      if (staging_.used[turn_]) PHAROS_CUDA(cudaEventSynchronize(staging_.done[turn_]));
      std::memcpy(staging_.pinned[turn_], host + offset, len * sizeof(float));
      PHAROS_CUDA(cudaMemcpyAsync(device + offset, staging_.pinned[turn_], len * sizeof(float),
                                  cudaMemcpyHostToDevice, stream));
      PHAROS_CUDA(cudaEventRecord(staging_.done[turn_], stream));
      staging_.used[turn_] = true;
    }
  }

 private:
  static constexpr size_t kChunk = 8u << 20;  // floats (32 MiB)
  // Released on every path, a CUDA error in the constructor included (a member's destructor runs).
  struct Staging {
    float* pinned[2] = {nullptr, nullptr};
    cudaEvent_t done[2] = {nullptr, nullptr};
    bool used[2] = {false, false};
    Staging() = default;
    Staging(const Staging&) = delete;
    ~Staging() {
      for (int i = 0; i < 2; ++i) {
        if (done[i] && used[i]) cudaEventSynchronize(done[i]);
        if (done[i]) cudaEventDestroy(done[i]);
        if (pinned[i]) cudaFreeHost(pinned[i]);
      }
    }
  } staging_;
  size_t chunk_ = 0;
  int turn_ = 0;
};

// One upload, finished on return.
inline void staged_upload(const float* host, size_t count, float* device, cudaStream_t stream) {
  StagedUploader uploader(count);
  uploader.upload(host, count, device, stream);
  PHAROS_CUDA(cudaStreamSynchronize(stream));
}

inline size_t free_device_memory() {
  size_t free_bytes = 0, total = 0;
  PHAROS_CUDA(cudaMemGetInfo(&free_bytes, &total));
  return free_bytes;
}

inline uint32_t blocks_for(size_t items, uint32_t per_block) {
  return static_cast<uint32_t>((items + per_block - 1) / per_block);
}

}  // namespace pharos::gpu::device
