# Concord: make demo | make test | make bench | make lint | make messages
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
DEMO_GRID ?= 51010100100101

.PHONY: demo test lint typecheck serve migrate bench messages clean install install-dev

# Install pinned runtime dependencies (requirements.lock) and Concord itself.
$(VENV)/.installed: pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed (set PYTHON=/path/to/python3.11)"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.lock
	$(PY) -m pip install --quiet -r requirements-dev.lock
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0

# Install, migrate, load the demo city once, print the logins, then serve with the background
# workers (manage.py run_demo: gunicorn, sla_worker, notify_worker, warning_worker; Ctrl-C stops all).
demo: migrate
	$(PY) manage.py demo_city
	@echo
	@echo "Report form (the QR target) for one grid: http://127.0.0.1:$(PORT)/r/$(DEMO_GRID)"
	@echo "Staff pages: http://127.0.0.1:$(PORT)/staff/   (password for every demo login: concord-demo)"
	@$(PY) manage.py demo_accounts | head -n 16
	@echo
	$(PY) manage.py run_demo --port $(PORT)

serve: migrate
	$(VENV)/bin/gunicorn concord.wsgi --bind 127.0.0.1:$(PORT) --workers 2 --access-logfile -

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy concord

# Lint, then the whole suite (on PostgreSQL when DATABASE_URL=postgres://... is set).
test: lint
	$(VENV)/bin/pytest

bench: install-dev
	$(PY) bench/intake.py
	$(PY) bench/pages.py
	$(PY) bench/demo_city.py
	$(PY) bench/early_warning_sim.py --r-check 10
	$(PY) bench/early_warning_speed.py
	$(PY) bench/risk_eval.py
	$(PY) bench/notify.py
	$(PY) bench/rating.py

# Regenerate the translation catalogues (needs GNU gettext) and compile them.
messages: install-dev
	cd concord && ../$(PY) ../manage.py makemessages -l zh_Hans -l en --no-obsolete --no-location
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var/concord.sqlite3*
