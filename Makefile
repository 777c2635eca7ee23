# GammaKit: `make run` runs the main job, `make test` runs every test.
SWIFT ?= swift
# Like Gammapy users, point GAMMAPY_DATA at a gammapy-data folder; the shared copy beside
# this checkout is the default.
GAMMAPY_DATA ?= $(abspath ../shared/gammapy-data)
export GAMMAPY_DATA
GAMMAKIT := .build/release/gammakit

.PHONY: deps build run test bench fuzz clean

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build -c release --product gammakit

run: build
	$(GAMMAKIT) info "$(GAMMAPY_DATA)/hess-dl3-dr1"

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

bench: deps
	scripts/bench.sh

fuzz: deps
	scripts/fuzz.sh

clean:
	rm -rf .build .build-fuzz
