# GammaKit: `make run` runs the main job, `make test` runs every test.
SWIFT ?= swift
# Like Gammapy users, point GAMMAPY_DATA at a gammapy-data folder; the shared copy beside
# this checkout is the default.
GAMMAPY_DATA ?= $(abspath ../shared/gammapy-data)
export GAMMAPY_DATA
GAMMAKIT := .build/release/gammakit
# Release executables link the Swift runtime statically: 4 ms less start-up per run (no
# dynamic loading of libswiftCore, Foundation and their relocations). The scripts build the
# same way, so that switching between them does not rebuild everything.
RELEASE := -c release --static-swift-stdlib

.PHONY: deps build run test bench fuzz clean

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build $(RELEASE) --product gammakit

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
