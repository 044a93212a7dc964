#!/usr/bin/env bash
# Set up and run the platform on the embedded default: SQLite in var/, jobs inline, files in
# var/media, emails as .eml files in var/outbox, sandbox payments. No services needed.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e .

exec .venv/bin/ownverso serve "$@"
