#!/usr/bin/env bash
# Installs the Debian packages Pharos needs to build and test, and only those that are missing.
# Idempotent: a machine that has everything runs no apt-get at all.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config ccache
  libboost-dev libboost-system-dev       # Boost.Beast / Asio (HTTP server)
  nlohmann-json3-dev                     # JSON DOM for requests, mappings, responses
  libsimdjson-dev                        # fast _bulk parsing
  libre2-dev                             # pattern tokenizer, regexp queries
  libroaring-dev                         # live docs, filter bitsets
  libspdlog-dev                          # logging
  libzstd-dev zlib1g-dev                 # stored _source blocks; gzip HTTP bodies
  libstemmer-dev                         # Snowball stemmers (english analyzer)
  libssl-dev libcrypt-dev                # TLS, bcrypt hashes
  libfaiss-dev libopenblas-dev liblapack-dev libomp-dev   # vector indexes
  libjemalloc-dev                        # the server's allocator: less CPU per request than glibc malloc, less fragmentation
  libgtest-dev libgmock-dev libbenchmark-dev              # unit tests, micro benchmarks
  python3 python3-yaml curl               # integration tests, conformance runner
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
