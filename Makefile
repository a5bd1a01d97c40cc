# Two commands do everything on a fresh Debian machine: `make run` and `make test`.
VENV   := .venv
BIN    := $(VENV)/bin
PYTHON ?= python3
HOST   ?= 127.0.0.1
PORT   ?= 5000
# The demo's fictitious region, unless the environment names a real organisation.
DEMO_ORGANISATION := Region Exempel (fiktiv region för demonstration)
DEMO_CONTACT      := tillganglighet@region-exempel.invalid
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# The key the demo signs its log with: next to the store, never in it (a real one: see README).
SIGNING_KEY := $${STRATEGIKARTA_SIGNING_KEY_FILE:-$(CURDIR)/var/signing-key}

.PHONY: run test test-fast install constraints system-packages postgres browser translations bench load docs screenshots lint clean

MO := web/translations/sv/LC_MESSAGES/messages.mo

run: install $(MO)  ## set up, load the demo, sign its log, print its sign-in lines, serve on http://$(HOST):$(PORT)
	@$(BIN)/strategikarta db init
	@$(BIN)/strategikarta demo
	@mkdir -p var && [ -f "$(SIGNING_KEY)" ] || $(BIN)/strategikarta key create "$(SIGNING_KEY)"
	@STRATEGIKARTA_SIGNING_KEY_FILE="$(SIGNING_KEY)" $(BIN)/strategikarta checkpoint
	@echo "Strategikarta: http://$(HOST):$(PORT)/"
	@STRATEGIKARTA_ORGANISATION="$${STRATEGIKARTA_ORGANISATION:-$(DEMO_ORGANISATION)}" \
	 STRATEGIKARTA_CONTACT_EMAIL="$${STRATEGIKARTA_CONTACT_EMAIL:-$(DEMO_CONTACT)}" \
	 STRATEGIKARTA_SIGNING_KEY_FILE="$(SIGNING_KEY)" \
	 $(BIN)/strategikarta serve --host $(HOST) --port $(PORT)

test: install $(MO) postgres browser lint  ## lint (ruff, mypy), then the whole suite, PostgreSQL included
	$(BIN)/python -m pytest

test-fast: install $(MO)  ## the inner loop: tests/unit, service and http on SQLite, in 2 processes; no lint, PostgreSQL or system tests
	$(BIN)/python -m pytest -q -n 2 -m "not postgres and not system"

bench: install postgres  ## the benchmarks of benchmarks/, printing their ratios
	@command -v wrk >/dev/null || { $(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q wrk; }
	$(BIN)/python -m benchmarks

load: install postgres  ## 50 users for 60 s on SQLite and PostgreSQL (part of `make bench`)
	$(BIN)/python -m benchmarks.mixed_load $(LOAD_SECONDS)

screenshots: install $(MO) browser  ## docs/screenshots/: every page in Debian's Chromium, and the board document's first page (poppler's pdftoppm)
	@command -v pdftoppm >/dev/null || { $(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q poppler-utils; }
	PYTHONPATH=. $(BIN)/python docs/take_screenshots.py

docs: install  ## the README's pictures: the demo plan's strategic map, the architecture
	$(BIN)/python docs/draw_demo_map.py docs/strategic-map.png
	dot -Tsvg docs/architecture.dot -o docs/architecture.svg

lint: install  ## ruff, and mypy (strict for domain, service and projections)
	$(BIN)/ruff check domain service projections web tests benchmarks docs tools
	$(BIN)/mypy

install: $(VENV)/.installed

$(MO): web/translations/sv/LC_MESSAGES/messages.po | $(VENV)/.installed
	$(BIN)/pybabel compile -d web/translations

translations: install  ## re-extract every message a person reads (web, domain, service, projections) into the Swedish catalogue (then translate)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k N_ -o web/translations/messages.pot .
	$(BIN)/pybabel update -i web/translations/messages.pot -d web/translations

browser:  ## Debian's Chromium, and package.json's axe-core, oidc-provider (the OpenID provider of the sign-in tests) and the independent RFC 9162 implementation the log's tests check against (never a downloaded browser)
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q chromium; }
	@[ -f node_modules/axe-core/axe.min.js ] && [ -f node_modules/oidc-provider/package.json ] && [ -f node_modules/@transmute/rfc9162/package.json ] || npm install --no-audit --no-fund --silent

$(VENV)/.installed: pyproject.toml constraints.txt | system-packages
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e ".[test]"
	touch $@

# The header that `make constraints` writes at the top of constraints.txt.
define CONSTRAINTS_HEADER
# Exact versions of every package that `make install` puts in the venv (pip install -c constraints.txt),
# so CI, developers and new users all get the same ones. Generated: do not edit by hand.
# To regenerate from a fresh resolution of the newest versions pyproject.toml allows: make constraints
endef
export CONSTRAINTS_HEADER

constraints:  ## re-resolve pyproject.toml's dependencies in a throwaway venv and pin them all in constraints.txt
	set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(PYTHON) -m venv "$$tmp/venv"; \
	"$$tmp/venv/bin/pip" install --quiet --upgrade pip; \
	"$$tmp/venv/bin/pip" install --quiet -e ".[test]"; \
	"$$tmp/venv/bin/pip" check; \
	{ echo "$$CONSTRAINTS_HEADER"; \
	  "$$tmp/venv/bin/pip" freeze --exclude-editable | grep -viE '^(#|-e |strategikarta|pip==|setuptools==|wheel==)'; \
	} > "$$tmp/constraints.txt"; \
	mv "$$tmp/constraints.txt" constraints.txt
	@echo "constraints.txt regenerated; review it with: git diff constraints.txt"

system-packages:  ## Graphviz's `dot` (the benchmarks' baseline), `rsvg-convert` (the map's PNG and PDF), Pango (WeasyPrint's board document), fonts and the venv module, from Debian, when missing
	@missing=""; \
	command -v dot >/dev/null || missing="$$missing graphviz"; \
	command -v rsvg-convert >/dev/null || missing="$$missing librsvg2-bin"; \
	ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so.0" || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	fc-list 2>/dev/null | grep -qi "DejaVu Sans" || missing="$$missing fonts-dejavu-core"; \
	$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || missing="$$missing python3-venv"; \
	if [ -n "$$missing" ]; then \
		echo "installing from Debian:$$missing"; \
		$(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q $$missing; \
	fi

postgres:  ## make sure PostgreSQL answers on 127.0.0.1:5432
	@bash tests/ensure_postgres.sh

clean:
	rm -rf $(VENV) var .pytest_cache node_modules $(MO)
