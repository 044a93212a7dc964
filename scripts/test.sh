#!/usr/bin/env bash
# Set up and run the whole test suite: lint, the layer contract, and pytest against the real
# Postgres and Redis. Extra arguments go to pytest (e.g. `bash scripts/test.sh tests/unit`).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'

bash scripts/services.sh
.venv/bin/ruff check src tests benchmarks migrations/env.py
.venv/bin/lint-imports
exec .venv/bin/pytest -p no:cacheprovider -n "${PYTEST_WORKERS:-2}" "$@"
