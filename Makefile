# Fascicolo — the two commands a newcomer needs:
#   make run    build and start Fascicolo on ./fascicolo-data (created with a demo account and demo pratiche)
#   make test   run every test
# Both install the Debian packages they need when they are missing.

SWIFT ?= swift
DATA ?= fascicolo-data
DEMO_PRATICHE ?= 500
APT_PACKAGES := pkg-config libyaml-dev libsqlite3-dev liblua5.4-dev
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

.PHONY: run test deps toolchain build release bench check clean

## Install the missing Debian packages (C libraries the build links against).
deps: toolchain
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

toolchain:
	@command -v $(SWIFT) >/dev/null 2>&1 || { echo "Swift 6 is required (https://www.swift.org/install/linux/); 'swift' is not on PATH." >&2; exit 1; }

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product fascicolo

## Build in release mode, create the demo data on first run, and show it.
run: release
	@bin=$$($(SWIFT) build -c release --show-bin-path)/fascicolo; \
	if [ ! -f "$(DATA)/fascicolo.sqlite" ]; then \
		$$bin init --data "$(DATA)" --name "OCC Demo" && \
		$$bin demo --data "$(DATA)" --pratiche $(DEMO_PRATICHE); \
	fi; \
	$$bin check && \
	$$bin pratica list --data "$(DATA)" --type crisi-sovraindebitamento --page-size 15 && \
	echo && echo "Archivio in $(DATA)/. Per provare: .build/release/fascicolo search --data $(DATA) rossi" && \
	echo "                     .build/release/fascicolo calendar --data $(DATA) --month $$(date +%m/%Y)"

## Every test: unit, engine, CLI (subprocess), crash-safety and protocol concurrency.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

## Release-mode benchmark on 100,000 demo pratiche (figures go in BENCHMARKS.md).
bench: deps
	$(SWIFT) build -c release
	$$($(SWIFT) build -c release --show-bin-path)/fascicolo-bench --root .

check: build
	$$($(SWIFT) build --show-bin-path)/fascicolo check

clean:
	rm -rf .build "$(DATA)"
