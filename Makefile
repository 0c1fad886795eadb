# Two commands for a fresh machine: `make run` and `make test` (see README).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml requirements.lock | cksum | cut -d' ' -f1)
export FLASK_APP := learning

.PHONY: run test test-quick install chromium lint worker beat clean

$(STAMP): pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is nodig ($(PYTHON) niet gevonden)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

# With Redis: web, Celery worker and beat together (Procfile.dev), so queued mail is sent.
# Without: tasks run in the web process. No MAIL_SERVER: mail is caught, see the README.
run: install
	$(BIN)/flask db upgrade
	$(BIN)/flask demo load
	@if $(BIN)/python -m learning.services_check; then \
	  echo "Redis bereikbaar: web, Celery-worker en beat starten samen (Procfile.dev)."; \
	  CELERY_ALWAYS_EAGER=false $(BIN)/honcho -f Procfile.dev start; \
	else \
	  echo "Geen Redis: taken draaien direct in het webproces."; \
	  FLASK_RUN_HOST=127.0.0.1 FLASK_RUN_PORT=5000 WARM_UP_MODELS=true $(BIN)/flask run; \
	fi

chromium:
	@command -v chromium >/dev/null || { \
	  echo "Installing Debian chromium for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get install -y -q chromium >/dev/null || (apt-get update -q && apt-get install -y -q chromium >/dev/null); \
	  else sudo apt-get install -y -q chromium >/dev/null || (sudo apt-get update -q && sudo apt-get install -y -q chromium >/dev/null); fi; }

test: install chromium
	$(BIN)/python -m pytest

# The fast loop while working: no browser, no Celery worker, no slow model tests.
test-quick: install
	$(BIN)/python -m pytest -m "not e2e and not redis and not slow"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

worker: install
	$(BIN)/celery -A worker.celery_app worker --loglevel=info

beat: install
	$(BIN)/celery -A worker.celery_app beat --loglevel=info

clean:
	rm -rf $(VENV) instance/*.db instance/vectors.idx*
