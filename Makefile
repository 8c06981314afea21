# Ghezel Hesar Chronicle. Set-up is two commands: `make serve` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: serve build test check offline bench clean

$(STAMP): requirements.txt requirements-dev.txt package.json
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@if command -v npm >/dev/null 2>&1; then npm install --no-audit --no-fund --silent; \
	  else echo "npm not found: accessibility and workflow lint tests will be skipped"; fi
	touch $(STAMP)

## serve: live preview at http://127.0.0.1:8000 that rebuilds when data/, docs/, chronicle/ or templates change
serve: $(STAMP)
	$(VENV)/bin/mkdocs serve --livereload --dirty

## check: validate every record, one line per problem
check: $(STAMP)
	$(PY) -m chronicle check

## build: site/ with mkdocs build --strict; built aside and swapped in only when it succeeds
build: $(STAMP)
	rm -rf build/site.new
	$(PY) -m chronicle offline --out build/offline.zip
	CHRONICLE_OFFLINE_ZIP=build/offline.zip $(VENV)/bin/mkdocs build --strict --site-dir build/site.new
	rm -rf site && mv build/site.new site

## offline: a zip of the site that works opened from disk (file://), search included
offline: $(STAMP)
	$(PY) -m chronicle offline --out build/ghezel-hesar-chronicle-offline.zip

## test: the full suite, browser tests included
test: $(STAMP)
	@if [ -z "$$CHROMIUM" ] && [ ! -x /usr/bin/chromium ] && ! command -v chromium >/dev/null 2>&1; then \
	  echo "No system Chromium: downloading Playwright's own browser"; $(VENV)/bin/playwright install chromium; fi
	$(PY) -m pytest -q

bench: $(STAMP)
	$(PY) -m chronicle bench

clean:
	rm -rf site build .pytest_cache
