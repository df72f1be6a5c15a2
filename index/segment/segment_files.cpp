#include "index/segment/segment_files.h"

#include <algorithm>
#include <numeric>
#include <vector>

#include "index/base/file_io.h"
#include "index/codec/live_docs_format.h"

namespace pharos::segment {

void write_id_terms(codec::InvertedIndexWriter& writer, const codec::StoredFieldsWriter& stored,
                    uint32_t max_doc) {
  std::vector<uint32_t> order(max_doc);
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return stored.id(a) < stored.id(b); });
  writer.start_field(kIdField, /*with_positions=*/false, /*norms=*/nullptr);
  std::vector<uint32_t> docs, freqs;
  for (size_t i = 0; i < order.size();) {
    std::string_view id = stored.id(order[i]);
    docs.clear();
    while (i < order.size() && stored.id(order[i]) == id) docs.push_back(order[i++]);
    freqs.assign(docs.size(), 1);
    writer.add_term(id, docs, freqs, {});
  }
  writer.finish_field();
}

Result<SegmentInfo> write_segment_files(const std::string& dir, const std::string& name, uint32_t max_doc,
                                        const SegmentFileContents& files, const roaring_bitmap_t* deleted,
                                        int64_t min_seq_no, int64_t max_seq_no) {
  const std::string* contents[kSegmentFileCount] = {&files.inverted.tim, &files.inverted.doc,
                                                    &files.inverted.pos, &files.norms,
                                                    &files.doc_values, &files.stored, &files.vectors};
  SegmentInfo info;
  info.name = name;
  info.max_doc = max_doc;
  info.min_seq_no = min_seq_no;
  info.max_seq_no = max_seq_no;
  for (size_t i = 0; i < kSegmentFileCount; ++i) {
    std::string file = segment_file_name(name, kSegmentExtensions[i]);
    PHAROS_RETURN_IF_ERROR(write_file(dir + "/" + file, *contents[i], /*sync=*/false));
    info.files.push_back(file);
    info.size_bytes += contents[i]->size();
  }
  if (deleted != nullptr && !roaring_bitmap_is_empty(deleted)) {
    std::string liv = codec::encode_live_docs(deleted);
    std::string file = live_docs_file_name(name, 1);
    PHAROS_RETURN_IF_ERROR(write_file(dir + "/" + file, liv, /*sync=*/false));
    info.files.push_back(file);
    info.size_bytes += liv.size();
    info.del_gen = 1;
    info.del_count = static_cast<uint32_t>(roaring_bitmap_get_cardinality(deleted));
  }
  return info;
}

}  // namespace pharos::segment
