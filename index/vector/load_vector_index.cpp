// load_vector_index: verifies the file (index_file.h) and rebuilds the search wrapper.
#include <faiss/Index.h>

#include "index/vector/faiss_index_wrap.h"
#include "index/vector/flat_index.h"
#include "index/vector/index_file.h"

namespace pharos::vector {

Result<std::unique_ptr<VectorIndex>> load_vector_index(std::string_view bytes, const VectorSet& vectors) {
  PHAROS_ASSIGN_OR_RETURN(IndexFileContents contents, decode_index_file(bytes));
  if (contents.count != vectors.count || contents.dimension != vectors.dimension) {
    return Status{ErrorKind::corrupt, "vector index file was built over " + std::to_string(contents.count) +
                                          " x " + std::to_string(contents.dimension) +
                                          " vectors, the segment has " + std::to_string(vectors.count) +
                                          " x " + std::to_string(vectors.dimension)};
  }
  if (contents.kind == IndexFileKind::flat) {
    if (!contents.faiss_payload.empty())
      return Status{ErrorKind::corrupt, "flat vector index carries a payload"};
    return std::unique_ptr<VectorIndex>(std::make_unique<FlatIndex>(contents.spec, vectors, contents.note));
  }
  PHAROS_ASSIGN_OR_RETURN(auto index, faiss_deserialize(contents.faiss_payload));
  auto wrapped = wrap_faiss_index(std::move(index), contents.spec, vectors);
  if (!wrapped.is_ok()) return Status{ErrorKind::corrupt, "vector index file: " + wrapped.status().message()};
  return wrapped;
}

}  // namespace pharos::vector
