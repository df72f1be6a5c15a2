// Document and index identifiers. Auto ids follow OpenSearch's TimeBasedUUIDGenerator: 15
// bytes (6 of millisecond timestamp, 3 of sequence, 6 of node-ish randomness) in an order
// that keeps ids of nearby time sharing prefixes (good for the terms dictionary), rendered
// as 20 chars of URL-safe base64 without padding. Thread-safe.
#pragma once

#include <string>

namespace pharos::engine {

// A new 20-char time-based document id.
std::string generate_document_id();

// A new 22-char base64url (no padding) id of 16 random bytes (index uuid).
std::string generate_random_uuid();

// URL-safe base64 without padding.
std::string base64url_encode(const unsigned char* data, size_t size);

}  // namespace pharos::engine
