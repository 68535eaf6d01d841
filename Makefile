# fazhi — the two commands a new machine needs are `make demo` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 8000
# Databases `make test` runs the suite on: SQLite always, PostgreSQL when
# DATABASE_URL points at one. .ci/run sets TEST_DATABASES to run each once.
TEST_DATABASES ?= sqlite $(if $(filter postgres%,$(DATABASE_URL)),postgresql,)
PYTEST_ARGS ?=

.PHONY: install demo serve test test-core lint bench schema messages vendor system-deps clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# Debian packages the browser tests and the PDF renderer need (root only; skipped when present).
system-deps:
	@if [ ! -x /usr/bin/chromium ] || [ ! -d /usr/share/fonts/opentype/noto ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null) \
	      || { echo "system-deps: apt-get install chromium fonts-noto-cjk failed" >&2; exit 1; }; \
	  else echo "system-deps: run 'sudo apt-get install chromium fonts-noto-cjk' first" >&2; exit 1; fi; \
	fi

demo: install
	$(BIN)/fazhi migrate --noinput
	$(BIN)/fazhi demo
	$(BIN)/fazhi createadmin --username admin --print
	$(BIN)/fazhi serve $(HOST):$(PORT)

serve: install
	$(BIN)/fazhi serve $(HOST):$(PORT)

test: install system-deps
	@set -e; for db in $(TEST_DATABASES); do \
	  echo "== fazhi test suite on $$db"; \
	  if [ "$$db" = sqlite ]; then FAZHI_ENV=test env -u DATABASE_URL $(BIN)/pytest -n 2 --dist loadfile $(PYTEST_ARGS); \
	  else FAZHI_ENV=test $(BIN)/pytest -n 2 --dist loadfile --create-db $(PYTEST_ARGS); fi; \
	done

test-core: install
	env -u DJANGO_SETTINGS_MODULE $(BIN)/pytest -p no:django tests/core $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/fazhi makemigrations --check --dry-run
	$(BIN)/fazhi spectacular --file /tmp/fazhi-openapi.yaml --validate && diff -q openapi.yaml /tmp/fazhi-openapi.yaml

schema: install
	$(BIN)/fazhi spectacular --file openapi.yaml --validate

bench: install
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	@set -e; for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b; done

messages: install
	cd src/fazhi && ../../$(BIN)/fazhi compilemessages

# Re-vendor the front-end assets from the npm registry (package.json pins them).
vendor:
	npm ci --silent
	cp node_modules/htmx.org/dist/htmx.min.js node_modules/echarts/dist/echarts.min.js src/fazhi/static/vendor/

clean:
	rm -rf $(VENV) var .pytest_cache
