# Every target sets itself up: a fresh machine needs only python3 (with venv) and make.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test check bench serve clean

run: $(STAMP)
	$(VENV)/bin/talk-conformance run --report-dir reports

# The project's own tests; the conformance plugin stays out of them (they start their own servers).
# Four processes on two cores: many tests wait (long polls, child processes, the browser, a shared
# run another process is making) while others compute: 2:40 against 2:55 with three. Worksteal
# keeps the long runs from ending up queued behind one another.
test: check
	$(VENV)/bin/pytest tests -p no:talk_conformance.plugin -p no:cacheprovider --assert=rewrite -n 4 --dist worksteal -q

# Static checks, configured in pyproject.toml (a few seconds): lint and import order over the repository,
# types over the suite's package. `ruff check --fix .` repairs most of what ruff finds.
check: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

bench: $(STAMP)
	$(PY) -m talk_conformance.bench

serve: $(STAMP)
	$(VENV)/bin/talk-conformance serve --port 8080

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	@# Byte-code once, here: every run starts several interpreters, which otherwise compile the suite
	@# each time where PYTHONDONTWRITEBYTECODE is set.
	$(PY) -m compileall -q talk_conformance talk_refserver steps features conftest.py
	touch $(STAMP)

clean:
	rm -rf $(VENV) reports
