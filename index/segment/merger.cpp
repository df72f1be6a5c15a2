#include "index/segment/merger.h"

#include <algorithm>
#include <set>

#include "index/codec/doc_values_format.h"
#include "index/codec/inverted_index_writer.h"
#include "index/codec/norms_format.h"
#include "index/codec/stored_fields_format.h"
#include "index/codec/vectors_format.h"
#include "index/segment/segment_files.h"

namespace pharos::segment {

namespace {

constexpr uint32_t kDeletedDoc = 0xFFFFFFFFu;

// Per input: old doc → new doc (kDeletedDoc when deleted). New ids follow input order.
struct DocMaps {
  std::vector<std::vector<uint32_t>> maps;
  uint32_t max_doc = 0;
};

DocMaps build_doc_maps(const std::vector<MergeInput>& inputs) {
  DocMaps m;
  for (const MergeInput& in : inputs) {
    std::vector<uint32_t> map(in.segment->max_doc(), kDeletedDoc);
    for (uint32_t d = 0; d < map.size(); ++d) {
      if (in.live_docs == nullptr || in.live_docs->is_live(d)) map[d] = m.max_doc++;
    }
    m.maps.push_back(std::move(map));
  }
  return m;
}

// Postings of one term gathered from every input that has it, renumbered.
struct MergedPostings {
  std::vector<uint32_t> docs, freqs, positions;
  void clear() {
    docs.clear();
    freqs.clear();
    positions.clear();
  }
};

void append_postings(PostingsIterator& it, const std::vector<uint32_t>& map, bool with_positions,
                     MergedPostings& out) {
  for (uint32_t d = it.next_doc(); d != kNoMoreDocs; d = it.next_doc()) {
    uint32_t nd = map[d];
    if (nd == kDeletedDoc) continue;
    uint32_t f = it.freq();
    out.docs.push_back(nd);
    out.freqs.push_back(f);
    if (with_positions) {
      for (uint32_t i = 0; i < f; ++i) out.positions.push_back(it.next_position());
    }
  }
}

void merge_field(codec::InvertedIndexWriter& writer, const std::vector<MergeInput>& inputs, const DocMaps& maps,
                 const std::string& field, const uint8_t* norms) {
  bool with_positions = true;
  std::vector<std::unique_ptr<TermsEnum>> enums(inputs.size());
  std::vector<bool> live(inputs.size(), false);
  for (size_t i = 0; i < inputs.size(); ++i) {
    enums[i] = inputs[i].segment->terms(field);
    if (!enums[i]) continue;
    // Positions survive only if every input has them (a term cannot be half positional).
    with_positions = with_positions && inputs[i].segment->has_positions(field);
    live[i] = enums[i]->next();
  }
  writer.start_field(field, with_positions, norms);
  MergedPostings merged;
  std::string term;
  while (true) {
    bool any = false;
    for (size_t i = 0; i < inputs.size(); ++i) {
      if (!live[i]) continue;
      if (!any || enums[i]->term() < term) term = std::string(enums[i]->term());
      any = true;
    }
    if (!any) break;
    merged.clear();
    for (size_t i = 0; i < inputs.size(); ++i) {
      if (!live[i] || enums[i]->term() != term) continue;
      auto it = inputs[i].segment->postings(field, term);
      if (it) append_postings(*it, maps.maps[i], with_positions, merged);
      live[i] = enums[i]->next();
    }
    writer.add_term(term, merged.docs, merged.freqs, merged.positions);
  }
  writer.finish_field();
}

template <typename Fn>
void for_each_live(const std::vector<MergeInput>& inputs, const DocMaps& maps, Fn&& fn) {
  for (size_t i = 0; i < inputs.size(); ++i) {
    for (uint32_t d = 0; d < maps.maps[i].size(); ++d) {
      if (maps.maps[i][d] != kDeletedDoc) fn(*inputs[i].segment, d, maps.maps[i][d]);
    }
  }
}

std::vector<std::string> union_of(const std::vector<MergeInput>& inputs,
                                  std::vector<std::string> (Segment::*list)() const) {
  std::set<std::string> names;
  for (const MergeInput& in : inputs) {
    for (std::string& n : ((*in.segment).*list)()) names.insert(std::move(n));
  }
  return {names.begin(), names.end()};
}

void merge_doc_values(codec::DocValuesWriter& dv, const std::vector<MergeInput>& inputs, const DocMaps& maps) {
  std::vector<std::string> fields = union_of(inputs, &Segment::doc_value_fields);
  for (const std::string& field : fields) {
    for_each_live(inputs, maps, [&](const Segment& s, uint32_t d, uint32_t nd) {
      if (const NumericDocValues* n = s.numeric_doc_values(field)) {
        for (uint32_t i = 0, c = n->value_count(d); i < c; ++i) dv.add_numeric(field, nd, n->value(d, i));
      }
      if (const FloatingDocValues* f = s.floating_doc_values(field)) {
        for (uint32_t i = 0, c = f->value_count(d); i < c; ++i) dv.add_floating(field, nd, f->value(d, i));
      }
      if (const SortedSetDocValues* k = s.keyword_doc_values(field)) {
        for (uint32_t i = 0, c = k->value_count(d); i < c; ++i) dv.add_sorted(field, nd, k->lookup(k->ordinal(d, i)));
      }
    });
  }
}

}  // namespace

Result<SegmentInfo> merge_segments(const std::vector<MergeInput>& inputs, const std::string& dir,
                                   const std::string& name) {
  DocMaps maps = build_doc_maps(inputs);
  if (maps.max_doc == 0) {
    SegmentInfo empty;
    empty.name = name;
    return empty;
  }
  const uint32_t max_doc = maps.max_doc;

  codec::StoredFieldsWriter stored;
  int64_t min_seq = -1, max_seq = -1;
  Status source_error;
  for_each_live(inputs, maps, [&](const Segment& s, uint32_t d, uint32_t) {
    auto src = s.source(d);
    if (!src.is_ok()) {
      if (source_error.is_ok()) source_error = src.status();
      return;
    }
    DocMeta m = s.meta(d);
    stored.add(*src, s.id(d), s.routing(d), {m.seq_no, m.primary_term, m.version});
    if (min_seq < 0 || m.seq_no < min_seq) min_seq = m.seq_no;
    max_seq = std::max(max_seq, m.seq_no);
  });
  PHAROS_RETURN_IF_ERROR(source_error);

  std::vector<std::string> fields = union_of(inputs, &Segment::indexed_fields);
  std::vector<std::pair<std::string, std::vector<uint8_t>>> norms;
  for (const std::string& field : fields) {
    bool any = false;
    for (const MergeInput& in : inputs) any = any || in.segment->norms(field) != nullptr;
    if (!any) continue;
    std::vector<uint8_t> merged(max_doc, 0);
    for_each_live(inputs, maps, [&](const Segment& s, uint32_t d, uint32_t nd) {
      if (const uint8_t* n = s.norms(field)) merged[nd] = n[d];
    });
    norms.emplace_back(field, std::move(merged));
  }

  SegmentFileContents files;
  codec::InvertedIndexWriter inverted(name, max_doc);
  for (const std::string& field : fields) {
    if (field == kIdField) continue;
    auto it = std::find_if(norms.begin(), norms.end(), [&](const auto& e) { return e.first == field; });
    merge_field(inverted, inputs, maps, field, it == norms.end() ? nullptr : it->second.data());
  }
  write_id_terms(inverted, stored, max_doc);
  files.inverted = inverted.finish();
  files.norms = codec::write_norms_file(name, max_doc, norms);

  codec::DocValuesWriter dv;
  merge_doc_values(dv, inputs, maps);
  files.doc_values = dv.finish(name, max_doc);

  codec::VectorsWriter vectors;
  for (const std::string& field : union_of(inputs, &Segment::vector_fields)) {
    for_each_live(inputs, maps, [&](const Segment& s, uint32_t d, uint32_t nd) {
      if (const VectorValues* v = s.vectors(field); v && v->has_vector(d)) vectors.add(field, nd, v->vector(d));
    });
  }
  files.vectors = vectors.finish(name, max_doc);
  files.stored = stored.finish(name);
  return write_segment_files(dir, name, max_doc, files, nullptr, min_seq, max_seq);
}

}  // namespace pharos::segment
