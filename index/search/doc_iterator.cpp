#include "index/search/doc_iterator.h"

#include <bit>

namespace pharos::search {

BitsetIterator::BitsetIterator(std::vector<uint64_t> words, uint32_t max_doc, float score)
    : words_(std::move(words)), max_doc_(max_doc), score_(score) {
  for (uint64_t w : words_) cost_ += std::popcount(w);
}

uint32_t BitsetIterator::advance(uint32_t target) {
  if (doc_ != kUnpositioned && doc_ >= target) return doc_;
  if (target >= max_doc_) return doc_ = kNoMoreDocs;
  size_t i = target >> 6;
  uint64_t w = words_[i] & (~uint64_t{0} << (target & 63));
  while (w == 0) {
    if (++i >= words_.size()) return doc_ = kNoMoreDocs;
    w = words_[i];
  }
  return doc_ = static_cast<uint32_t>(i * 64 + std::countr_zero(w));
}

void DocBitset::add_postings(segment::PostingsIterator& postings) {
  for (uint32_t d = postings.next_doc(); d != kNoMoreDocs; d = postings.next_doc()) set(d);
}

std::unique_ptr<DocIterator> DocBitset::into_iterator(float score) && {
  return std::make_unique<BitsetIterator>(std::move(words_), max_doc_, score);
}

}  // namespace pharos::search
