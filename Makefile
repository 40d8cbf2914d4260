# Two commands matter: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-future faketime chromium fuzz lint format bench synth deploy-site clean web web-client

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python requirements.txt requirements-dev.txt infra/requirements.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

run: $(STAMP) web/dist/index.html
	$(BIN)/python -m devstack

# The website (web/): its own npm packages, installed from its lock file when missing or
# older than it, and a build (tsc --noEmit, then vite) whenever a source changed.
WEB_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) web/index.html \
	web/package.json web/package-lock.json web/vite.config.ts web/tsconfig.json

web/node_modules/.package-lock.json: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error

web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SOURCES)
	cd web && npm run build

web: web/dist/index.html

# The website's API types, generated from the OpenAPI document (a test fails on drift).
web-client: $(STAMP) web/node_modules/.package-lock.json
	$(BIN)/python scripts/web_client.py

# Node tooling for the tests (openapi-typescript), installed from the committed lock file
# when node_modules is missing or older than it.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

test: $(STAMP) node_modules/.package-lock.json web/dist/index.html chromium
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest

# The whole suite with the system clock ahead (Debian's libfaketime, installed when missing),
# every process it starts (the local stack, moto) in the same future: `make test-future`,
# `make test-future FUTURE=+400d`. The monotonic clock stays real: tests/faketime/ says how.
FUTURE ?= +45d
FAKETIME_LIB = $(shell dpkg -L libfaketime 2>/dev/null | grep '/libfaketime\.so\.1$$')
IN_FUTURE = FAKETIME="$(FUTURE)" FAKETIME_DONT_FAKE_MONOTONIC=1 FAKETIME_FORCE_MONOTONIC_FIX=0 \
	LD_PRELOAD="$(FAKETIME_LIB)" PYTHONPATH="$(CURDIR)/tests/faketime$${PYTHONPATH:+:$$PYTHONPATH}"
CLOCK_MOVED = import sys, time; time.sleep(0); sys.exit(abs(time.time() - int(sys.argv[1])) < 3600)

test-future: $(STAMP) node_modules/.package-lock.json web/dist/index.html chromium faketime
	$(IN_FUTURE) date -u +'the suite runs at %F %T UTC'
	$(IN_FUTURE) $(BIN)/python -c '$(CLOCK_MOVED)' $$(date +%s) \
		|| { echo 'libfaketime did not move the clock'; exit 1; }
	$(IN_FUTURE) $(BIN)/python -m pytest $(PYTEST_ARGS)

faketime:
	@dpkg -s libfaketime >/dev/null 2>&1 || { SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libfaketime; }

# The browser tests drive Debian's Chromium (Playwright's own browser download is not used).
chromium:
	@[ -x /usr/bin/chromium ] || { SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; }

# schemathesis against the local stack with many examples per operation, random seed
fuzz: $(STAMP)
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-100} FUZZ_SEED=$${FUZZ_SEED:-} $(BIN)/python -m pytest tests/e2e/test_schemathesis_e2e.py

lint: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

synth: $(STAMP)
	$(BIN)/python -m infra

# The built site (web/dist) to a deployed stage (AWS CLI and credentials): `make deploy-site
# STAGE=prod`. Hashed assets first, cached a year and kept for pages already open; then the
# rest (index.html) revalidated on every request, and CloudFront's copies invalidated.
STAGE ?= dev
STACK_OUTPUT = aws cloudformation describe-stacks --stack-name gpt-image-2-$(STAGE) --output text \
	--query "Stacks[0].Outputs[?OutputKey=='$(1)'].OutputValue"

deploy-site:
	@test -f web/dist/index.html || { echo 'web/dist/index.html is missing: build the site'; exit 1; }
	bucket=$$($(call STACK_OUTPUT,SiteBucketName)) && \
	distribution=$$($(call STACK_OUTPUT,DistributionId)) && \
	{ [ ! -d web/dist/assets ] || aws s3 sync web/dist/assets "s3://$$bucket/assets" \
		--cache-control 'public, max-age=31536000, immutable'; } && \
	aws s3 sync web/dist "s3://$$bucket" --exclude 'assets/*' --delete --cache-control no-cache && \
	aws cloudfront create-invalidation --distribution-id "$$distribution" --paths '/*'

bench: $(STAMP)
	for b in bench/*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf .local .pytest_cache .ruff_cache infra/cdk.out
