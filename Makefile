# The two commands a newcomer needs: `make run` and `make test`. Both install missing
# Debian packages first, then configure and build (Release with debug info).
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
HOST ?= 127.0.0.1
PORT ?= 9200
DATA ?= ./data

.PHONY: all deps configure build run test bench clean format

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

format:
	find index server query gpu tests bench -name '*.cpp' -o -name '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR)
