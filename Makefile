# The two README commands: `make demo` and `make test`. Both create .venv themselves.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Every install takes the exact versions tested from constraints.txt (pyproject.toml
# only gives library users compatible ranges).
PIP_INSTALL := $(BIN)/python -m pip install --quiet -c constraints.txt

.PHONY: demo test system-deps bench bench-scale bench-deps relevance clean solr
# The local SolrCloud launcher (solr/launcher, Maven): its runnable classpath. The
# first build fetches Solr 9.10.1's jars into ~/.m2 (minutes, once); nothing is vendored.
LAUNCHER_CP := solr/launcher/target/classpath.txt

demo: system-deps $(VENV)/.runtime
	$(BIN)/searchidx index --rebuild seeds/
	$(BIN)/searchidx search Kursk

test: system-deps $(VENV)/.test $(LAUNCHER_CP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest

# A local 2-node SolrCloud on 127.0.0.1 until Ctrl-C (prints SOLR_URL=… first).
solr: system-deps $(VENV)/.runtime $(LAUNCHER_CP)
	$(BIN)/searchidx solr local

$(LAUNCHER_CP): solr/launcher/pom.xml $(shell find solr/launcher/src -type f)
	mvn -q -B -f solr/launcher/pom.xml package
	touch $@

# Debian's German word list (GPL, so installed, never committed) feeds the
# decompounder together with wordfreq's frequencies from PyPI. Debian's Chromium
# runs the browser tests (Playwright drives it; it never downloads a browser).
# strace watches the fsync order of durable commits (tests/test_durable.py). Java 17
# and Maven build and run the local SolrCloud the Solr backend tests start.
system-deps:
	@if [ ! -f /usr/share/dict/ngerman ] || [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/strace ] || ! command -v mvn >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends wngerman chromium chromium-driver strace openjdk-17-jdk-headless maven >/dev/null; \
	  else \
	    echo "note: run 'sudo apt-get install wngerman chromium chromium-driver strace openjdk-17-jdk-headless maven' for the full German lexicon, the browser, fsync and SolrCloud tests"; \
	  fi; \
	fi

# The benchmark harness (benchmarks/README.md): not part of `make test`. Real German
# prose for its corpus comes from Debian documentation packages (GPL, installed,
# never committed); without them the corpus falls back to wordfreq words only.
BENCH_DOCS ?= 100000
bench: system-deps bench-deps $(VENV)/.test
	$(BIN)/python -m benchmarks.run --docs $(BENCH_DOCS)

# searchidx on a local 2-node SolrCloud next to Whoosh (started and stopped by the run).
bench-scale: system-deps bench-deps $(VENV)/.test $(LAUNCHER_CP)
	$(BIN)/python -m benchmarks.scale --docs $(BENCH_DOCS)

bench-deps:
	@if [ ! -d /usr/share/games/fortunes/de ] || [ ! -d /usr/share/debian-reference ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends \
	      manpages-de fortunes-de debian-reference-de >/dev/null; \
	  else \
	    echo "note: run 'sudo apt-get install manpages-de fortunes-de debian-reference-de' for real prose"; \
	  fi; \
	fi

# Relevance on real German news (benchmarks/README.md): the data file is never in the
# repository (licence), so its path is given: make relevance DATA=path/to/dev.csv
# (RELEVANCE_ARGS="--backend solr --no-ablations" adds searchidx on a local SolrCloud).
relevance: system-deps $(VENV)/.bench
	@test -n "$(DATA)" || { echo "Error: give the data file (hint: make relevance DATA=path/to/dev.csv)"; exit 2; }
	$(BIN)/python -m benchmarks.relevance --known-item $(DATA) $(RELEVANCE_ARGS)

$(VENV)/.bench: pyproject.toml constraints.txt $(VENV)/.test
	$(PIP_INSTALL) -e '.[test,bench]'
	touch $@

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP_INSTALL) -e '.[serve]'
	touch $@

$(VENV)/.test: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP_INSTALL) -e '.[test]'
	touch $@ $(VENV)/.runtime

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
	find index -mindepth 1 ! -name .gitkeep ! -name README.md -exec rm -rf {} +
