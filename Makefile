# aigraph: two commands on a fresh machine.
#   make serve   create .venv, install, build the graph, and serve it (HOST, PORT)
#   make test    install and run the whole test suite
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve build test check lint system-deps browser-deps remote-deps assets bench bench-load bench-scale bench-stages bench-build clean screenshots

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# Debian packages are installed as root (sudo when not root); apt waits up to ten minutes for
# another apt or dpkg to let go of its lock instead of failing at once.
APT := $(if $(filter 0,$(shell id -u)),,sudo )apt-get -o DPkg::Lock::Timeout=600

# Java runs the OWL profile and HermiT consistency checks of the ontology tests.
system-deps:
	@if ! command -v java >/dev/null || ! command -v javac >/dev/null; then \
	  echo "Installing a Java runtime and compiler (Debian default-jdk-headless)"; \
	  $(APT) update -qq && DEBIAN_FRONTEND=noninteractive $(APT) install -y -qq default-jdk-headless; \
	fi

# Browser assets: the npm packages pinned in package-lock.json, copied into a gitignored folder
# and served from /static/vendor (no page loads anything from a CDN).
VENDOR := src/aigraph/server/static/vendor
NPM_STAMP := node_modules/.installed
ASSETS_STAMP := $(VENDOR)/.installed

$(NPM_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $(NPM_STAMP)

$(ASSETS_STAMP): $(NPM_STAMP)
	mkdir -p $(VENDOR)
	cp node_modules/@zazuko/yasgui/build/yasgui.min.js node_modules/@zazuko/yasgui/build/yasgui.min.css $(VENDOR)/
	cp node_modules/cytoscape/dist/cytoscape.min.js $(VENDOR)/
	cp node_modules/layout-base/layout-base.js node_modules/cose-base/cose-base.js \
	  node_modules/cytoscape-fcose/cytoscape-fcose.js $(VENDOR)/
	cp node_modules/swagger-ui-dist/swagger-ui-bundle.js node_modules/swagger-ui-dist/swagger-ui.css \
	  $(VENDOR)/
	touch $(ASSETS_STAMP)

assets: $(ASSETS_STAMP)

# Headless Chromium and Korean fonts for the browser tests (tests/test_browser.py).
browser-deps:
	@if ! command -v chromium >/dev/null || ! dpkg -s fonts-nanum >/dev/null 2>&1; then \
	  echo "Installing Debian's chromium and fonts-nanum"; \
	  $(APT) update -qq && DEBIAN_FRONTEND=noninteractive $(APT) install -y -qq chromium fonts-nanum; \
	fi

# Virtuoso, the second real SPARQL server the remote-store tests load and query (the first,
# `oxigraph serve`, comes from PyPI). The -bin package has the server and its SQL client only.
remote-deps:
	@if ! command -v virtuoso-t >/dev/null || ! command -v isql-vt >/dev/null; then \
	  echo "Installing Debian's virtuoso-opensource-7-bin"; \
	  $(APT) update -qq && DEBIAN_FRONTEND=noninteractive $(APT) install -y -qq --no-install-recommends virtuoso-opensource-7-bin; \
	fi

build: $(STAMP)
	$(BIN)/aigraph build

HOST ?= 127.0.0.1
PORT ?= 8000

serve: build assets
	@echo "Open http://$(HOST):$(PORT)/ ; SPARQL at http://$(HOST):$(PORT)/sparql"
	@echo "  curl -H 'Accept: text/turtle' http://$(HOST):$(PORT)/id/org/gist"
	$(BIN)/aigraph serve --host $(HOST) --port $(PORT)

test: $(STAMP) system-deps browser-deps remote-deps assets
	$(BIN)/python -m pytest

# Benchmarks: our /sparql against native `oxigraph serve` and rdflib-endpoint, driven by wrk;
# extraction speed; the load test; the million-triple scale run (BENCHMARKS.md).
BENCH_STAMP := $(VENV)/.bench-installed
$(BENCH_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[test,bench]'
	@command -v wrk >/dev/null || { $(APT) update -qq && DEBIAN_FRONTEND=noninteractive $(APT) install -y -qq wrk; }
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP) build
	$(BIN)/python bench/run.py
	$(BIN)/python bench/stages.py
	$(BIN)/python bench/extraction.py
	$(BIN)/python bench/loadtest.py
	$(BIN)/python bench/scale.py
	$(BIN)/python bench/build.py

# The parts of `make bench` on their own: 32 clients for 60 s; a million triples, embedded
# and in a remote store (about 12 minutes).
bench-load: $(BENCH_STAMP) build
	$(BIN)/python bench/loadtest.py

# ARTICLES=N: a larger synthetic corpus (about 860 triples an article; 1160 by default).
bench-scale: $(BENCH_STAMP)
	$(BIN)/python bench/scale.py $(if $(ARTICLES),--articles $(ARTICLES))

# Where an uncached request's time goes, stage by stage, against native Oxigraph on the same
# store folder (STORE=dir: another store, such as one bench/scale.py kept).
bench-stages: $(BENCH_STAMP) build
	$(BIN)/python bench/stages.py $(if $(STORE),--store $(STORE))

# aigraph build and add on the project and on synthetic corpora (ARTICLES=150,1200 by default;
# 1200 is about a million triples), beside a bare oxigraph load of the same quads.
bench-build: $(BENCH_STAMP)
	$(BIN)/python bench/build.py $(if $(ARTICLES),--articles $(ARTICLES))

lint: $(STAMP)
	$(BIN)/ruff check src tests

check: lint test

clean:
	rm -rf $(VENV) var .pytest_cache node_modules $(VENDOR)

# Full-page screenshots of every kind of page in Korean and English (tests/screenshots.py),
# taken from a server started on a free port for the purpose and stopped afterwards.
SHOTS ?= var/screenshots

screenshots: build assets
	@mkdir -p $(SHOTS); \
	port=$$($(BIN)/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'); \
	$(BIN)/aigraph serve --host 127.0.0.1 --port $$port > $(SHOTS)/server.log 2>&1 & pid=$$!; \
	trap 'kill $$pid 2>/dev/null; wait $$pid 2>/dev/null' EXIT; \
	for i in $$(seq 120); do \
	  $(BIN)/python -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' \
	    http://127.0.0.1:$$port/-/health 2>/dev/null && break; \
	  kill -0 $$pid 2>/dev/null || { echo "the server did not start; see $(SHOTS)/server.log"; exit 1; }; \
	  sleep 0.5; \
	done; \
	echo "Taking screenshots from http://127.0.0.1:$$port/"; \
	$(BIN)/python tests/screenshots.py --base http://127.0.0.1:$$port --out $(SHOTS); status=$$?; \
	echo "Screenshots are in $(SHOTS)/ (server log: $(SHOTS)/server.log)"; \
	exit $$status
