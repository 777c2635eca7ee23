# GammaKit: `make run` runs the main job, `make test` runs every test.
SWIFT ?= swift
# Like Gammapy users, point GAMMAPY_DATA at a gammapy-data folder; the shared copy beside
# this checkout is the default.
# `make run` reads $GAMMAPY_DATA when it is set, else the four Crab runs shipped in data/.
ifeq ($(origin GAMMAPY_DATA),undefined)
RUN_DATA := $(abspath data/gammapy-data-sample)
else
RUN_DATA := $(GAMMAPY_DATA)
endif
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

# The main job: the makers tutorial's stacked 3D reduction of the four Crab runs, its summary
# printed, datasets and pictures written to out/crab-3d.
run: build
	GAMMAPY_DATA="$(RUN_DATA)" $(GAMMAKIT) reduce Examples/crab-3d/config.yaml --output out/crab-3d --overwrite --plots --verbose

test:
	@scripts/install-deps.sh --test
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

bench: deps
	scripts/bench.sh

fuzz: deps
	scripts/fuzz.sh

clean:
	rm -rf .build .build-fuzz
