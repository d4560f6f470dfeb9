# Fascicolo — the two commands a newcomer needs:
#   make run    build and serve the web app on http://127.0.0.1:8080 over ./fascicolo-data
#               (created on first run with a demo account, a demo user and demo pratiche)
#   make test   run every test: unit, engine, CLI, web routes, and the browser tests in headless Chromium
# Both install the Debian packages they need when they are missing.

SWIFT ?= swift
DATA ?= fascicolo-data
DEMO_PRATICHE ?= 500
PORT ?= 8080
DEMO_EMAIL ?= demo@fascicolo.it
DEMO_PASSWORD ?= fascicolo-demo
APT_PACKAGES := pkg-config libyaml-dev libsqlite3-dev liblua5.4-dev zlib1g-dev
# PDF documents: LibreOffice headless converts the filled .docx (the app works without it, Word only).
PDF_APT_PACKAGES := libreoffice-writer-nogui fonts-liberation
# What the browser and API-contract tests need besides the build (PDFs are checked with poppler).
TEST_APT_PACKAGES := chromium chromium-driver chromium-l10n curl poppler-utils $(PDF_APT_PACKAGES)
PYTHON_TEST_PACKAGES := selenium jsonschema openapi-spec-validator schemathesis
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

.PHONY: run test fuzz fuzz-api lint format deps pdf-deps test-deps toolchain build release bench bench-web bench-upload check clean

# Installs the Debian packages of $(1) that are missing.
define apt_install
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
endef

## Install the missing Debian packages (C libraries the build links against).
deps: toolchain
	$(call apt_install,$(APT_PACKAGES))

## Chromium, chromedriver (Debian) and Selenium, jsonschema, schemathesis (PyPI) for the browser and API tests.
test-deps:
	$(call apt_install,$(TEST_APT_PACKAGES))
	@python3 -c 'import selenium, jsonschema, openapi_spec_validator, schemathesis' 2>/dev/null || python3 -m pip install --quiet $(PYTHON_TEST_PACKAGES) \
		|| python3 -m pip install --quiet --break-system-packages $(PYTHON_TEST_PACKAGES)

## LibreOffice for the PDF downloads of the templates.
pdf-deps:
	$(call apt_install,$(PDF_APT_PACKAGES))

toolchain:
	@command -v $(SWIFT) >/dev/null 2>&1 || { echo "Swift 6 is required (https://www.swift.org/install/linux/); 'swift' is not on PATH." >&2; exit 1; }

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product fascicolo

## Build in release mode, create the demo data and user on first run, and serve the web app.
run: release pdf-deps
	@bin=$$($(SWIFT) build -c release --show-bin-path)/fascicolo; \
	$$bin check >/dev/null || { $$bin check; exit 1; }; \
	if [ ! -f "$(DATA)/fascicolo.sqlite" ]; then \
		$$bin init --data "$(DATA)" --name "OCC Demo" && \
		$$bin demo --data "$(DATA)" --pratiche $(DEMO_PRATICHE) || exit 1; \
	fi; \
	$$bin user list --data "$(DATA)" | grep -q "^$(DEMO_EMAIL)" || \
		printf '%s\n' "$(DEMO_PASSWORD)" | $$bin user add --data "$(DATA)" --email "$(DEMO_EMAIL)" --name "Utente Demo" \
			--role admin --password-stdin >/dev/null; \
	echo; echo "  Fascicolo: http://127.0.0.1:$(PORT)   accesso: $(DEMO_EMAIL) / $(DEMO_PASSWORD)"; echo; \
	exec $$bin serve --data "$(DATA)" --port $(PORT)

## Every test: unit, engine, CLI (subprocess), web routes, crash-safety and protocol concurrency,
## then the browser and API-contract tests against a real server (headless Chromium), then
## schemathesis over the whole API (fixed seed, bearer and cookie identities), then each libFuzzer
## harness of a parser of outside input for 30 s.
test: deps test-deps lint
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	FASCICOLO_BIN=$$($(SWIFT) build --show-bin-path)/fascicolo bash Tests/Browser/run.sh
	FASCICOLO_BIN=$$($(SWIFT) build --show-bin-path)/fascicolo bash Tests/API/schemathesis.sh
	FUZZ_SECONDS=30 bash Tests/Fuzz/run.sh

## The libFuzzer harnesses for longer (FUZZ_SECONDS each, 10 minutes by default).
fuzz: deps
	FUZZ_SECONDS=$${FUZZ_SECONDS:-600} bash Tests/Fuzz/run.sh

## schemathesis for longer: ST_MAX_EXAMPLES per operation (500) and a random seed unless ST_SEED.
fuzz-api: deps test-deps
	$(SWIFT) build
	ST_MAX_EXAMPLES=$${ST_MAX_EXAMPLES:-500} ST_SEED=$${ST_SEED:-$$RANDOM} \
		FASCICOLO_BIN=$$($(SWIFT) build --show-bin-path)/fascicolo bash Tests/API/schemathesis.sh

## Release-mode benchmark on 100,000 demo pratiche (figures go in BENCHMARKS.md).
bench: deps
	$(SWIFT) build -c release
	$$($(SWIFT) build -c release --show-bin-path)/fascicolo-bench --root .

## Load benchmark of the web front with wrk on 100,000 demo pratiche (figures go in BENCHMARKS.md).
bench-web: deps
	$(call apt_install,wrk curl)
	bash Tests/Load/web-load.sh

## Upload benchmark: peak server memory while a 20 MB attachment streams to disk.
bench-upload: deps
	$(call apt_install,curl)
	bash Tests/Load/upload-rss.sh

## The formatter's strict lint (configuration in .swift-format); `make format` rewrites in place.
lint: toolchain
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift

format: toolchain
	$(SWIFT) format format --in-place --recursive Sources Tests Package.swift

check: build
	$$($(SWIFT) build --show-bin-path)/fascicolo check

clean:
	rm -rf .build "$(DATA)"
