# The two commands a newcomer needs: `make run` and `make test`. Both install missing
# Debian packages first, then configure and build (Release with debug info).
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
HOST ?= 127.0.0.1
PORT ?= 9200
DATA ?= ./data

.PHONY: all deps configure build run test bench bench-search bench-vector clean format

all: build

deps:
	@bash scripts/install-deps.sh

$(BUILD_DIR)/build.ninja:
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo

configure: deps $(BUILD_DIR)/build.ninja

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	$(BUILD_DIR)/pharos --host $(HOST) --port $(PORT) --data $(DATA)

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j 2

bench: build
	python3 bench/ingest/ingest_bench.py --bin $(BUILD_DIR)/pharos

# BM25 search latency and score parity against Lucene 8.8 (needs ../shared/tools/peer-bench).
bench-search: configure
	cmake --build $(BUILD_DIR) -j $(JOBS) --target pharos_peer_bench
	bash bench/search/run.sh --build $(BUILD_DIR)

# k-NN recall/QPS vs hnswlib and faiss, same run (bench/vector/README.md). Quick default: synthetic
# 100k; the full set is VECTOR_N=1000000, real GloVe is VECTOR_DATASET=glove. Data is cached in
# bench/vector/data/ (git-ignored). Debian's python3 has numpy, faiss and hnswlib.
VECTOR_N ?= 100000
VECTOR_DATASET ?= synthetic
bench-vector: build
	cmake --build $(BUILD_DIR) -j $(JOBS) --target http_knn_client vector_index_bench
	/usr/bin/python3 bench/vector/run_all.py --dataset $(VECTOR_DATASET) --n $(VECTOR_N) --build-dir $(BUILD_DIR)

format:
	find index server query gpu tests bench -name '*.cpp' -o -name '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR)
