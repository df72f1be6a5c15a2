// CRC32C (Castagnoli), the checksum in every on-disk file's footer and every translog record.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace pharos {

// Extends `crc` (0 for a fresh checksum) over `size` bytes. Uses SSE4.2 when the CPU has it.
uint32_t crc32c_extend(uint32_t crc, const void* data, size_t size);

inline uint32_t crc32c(const void* data, size_t size) { return crc32c_extend(0, data, size); }
inline uint32_t crc32c(std::string_view bytes) { return crc32c(bytes.data(), bytes.size()); }

}  // namespace pharos
