#include "index/codec/term_dict_reader.h"

#include <algorithm>

namespace pharos::codec {

namespace {

Status parse_field(const VerifiedFile& file, ByteReader& dir, TermField& f) {
  f.name = std::string(dir.get_string());
  uint8_t flags = dir.get_u8();
  f.with_positions = (flags & 1) != 0;
  f.with_norms = (flags & 2) != 0;
  f.stats.doc_count = static_cast<uint32_t>(dir.get_varint());
  f.stats.sum_doc_freq = dir.get_varint();
  f.stats.sum_total_term_freq = dir.get_varint();
  f.term_count = dir.get_varint();
  uint64_t block_count = dir.get_varint();
  uint64_t table = dir.get_varint();
  if (!dir.ok() || (flags & ~3u) != 0) return corrupt_file(file.name, "bad field entry");
  if (block_count != (f.term_count + kTermsPerBlock - 1) / kTermsPerBlock ||
      !file.in_data(table, block_count * 8) || block_count > file.bytes.size()) {
    return corrupt_file(file.name, "bad block table for field [" + f.name + "]");
  }
  f.block_offsets.resize(block_count);
  std::memcpy(f.block_offsets.data(), file.bytes.data() + table, block_count * 8);
  f.blocks_end = table;
  f.first_terms.reserve(block_count);
  uint64_t prev = file.body_begin;
  for (uint64_t i = 0; i < block_count; ++i) {
    uint64_t off = f.block_offsets[i];
    if (off < prev || off >= table) return corrupt_file(file.name, "bad block offset");
    prev = off;
    ByteReader block(file.bytes.substr(off, table - off));
    uint64_t prefix = block.get_varint();
    std::string_view first = block.get_string();
    if (!block.ok() || prefix != 0) return corrupt_file(file.name, "bad block first term");
    if (i > 0 && first <= f.first_terms.back()) return corrupt_file(file.name, "block terms out of order");
    f.first_terms.push_back(first);
  }
  return Status::ok();
}

}  // namespace

Result<TermDictReader> TermDictReader::open(const VerifiedFile& file) {
  TermDictReader reader;
  reader.bytes_ = file.bytes;
  ByteReader dir = file.directory();
  uint64_t count = dir.get_varint();
  if (!dir.ok() || count > dir.remaining()) return corrupt_file(file.name, "bad field count");
  reader.fields_.resize(count);
  for (uint64_t i = 0; i < count; ++i) {
    PHAROS_RETURN_IF_ERROR(parse_field(file, dir, reader.fields_[i]));
  }
  std::sort(reader.fields_.begin(), reader.fields_.end(),
            [](const TermField& a, const TermField& b) { return a.name < b.name; });
  for (size_t i = 1; i < reader.fields_.size(); ++i) {
    if (reader.fields_[i].name == reader.fields_[i - 1].name) return corrupt_file(file.name, "duplicate field");
  }
  return reader;
}

const TermField* TermDictReader::field(std::string_view name) const {
  auto it = std::lower_bound(fields_.begin(), fields_.end(), name,
                             [](const TermField& f, std::string_view n) { return f.name < n; });
  if (it == fields_.end() || it->name != name) return nullptr;
  return &*it;
}

bool TermDictReader::seek_exact(const TermField& field, std::string_view term, TermInfo* info) const {
  TermCursor cursor(*this, field);
  if (!cursor.seek_ceil(term) || cursor.term() != term) return false;
  *info = cursor.info();
  return true;
}

bool TermCursor::load_block(size_t block) {
  if (block >= field_->block_offsets.size()) {
    exhausted_ = true;
    return false;
  }
  block_ = block;
  uint64_t begin = field_->block_offsets[block];
  uint64_t end = block + 1 < field_->block_offsets.size() ? field_->block_offsets[block + 1] : field_->blocks_end;
  in_ = ByteReader(reader_->bytes().substr(begin, end - begin));
  index_in_block_ = 0;
  block_terms_ = std::min<uint64_t>(kTermsPerBlock, field_->term_count - block * kTermsPerBlock);
  term_.clear();
  return true;
}

bool TermCursor::read_entry() {
  uint64_t prefix = in_.get_varint();
  std::string_view suffix = in_.get_string();
  info_.doc_freq = static_cast<uint32_t>(in_.get_varint());
  info_.total_term_freq = in_.get_varint() + info_.doc_freq;
  info_.doc_offset = in_.get_varint();
  info_.pos_offset = in_.get_varint();
  if (!in_.ok() || prefix > term_.size() || info_.doc_freq == 0) {
    exhausted_ = true;  // structural damage: end the enumeration rather than serve garbage
    return false;
  }
  term_.resize(prefix);
  term_.append(suffix.data(), suffix.size());
  ++index_in_block_;
  return true;
}

bool TermCursor::next() {
  if (exhausted_) return false;
  if (!started_) {
    started_ = true;
    if (!load_block(0)) return false;
  } else if (index_in_block_ >= block_terms_) {
    if (!load_block(block_ + 1)) return false;
  }
  return read_entry();
}

bool TermCursor::seek_ceil(std::string_view target) {
  const auto& firsts = field_->first_terms;
  if (firsts.empty()) {
    exhausted_ = true;
    return false;
  }
  // Last block whose first term <= target; the ceiling is in it or is the next block's first term.
  auto it = std::upper_bound(firsts.begin(), firsts.end(), target);
  size_t block = it == firsts.begin() ? 0 : static_cast<size_t>(it - firsts.begin()) - 1;
  started_ = true;
  exhausted_ = false;
  if (!load_block(block)) return false;
  while (true) {
    if (index_in_block_ >= block_terms_) {
      if (!load_block(block_ + 1)) return false;
    }
    if (!read_entry()) return false;
    if (std::string_view(term_) >= target) return true;
  }
}

}  // namespace pharos::codec
