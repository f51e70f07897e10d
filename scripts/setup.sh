#!/usr/bin/env bash
# Create .venv (if needed) and install the pinned requirements; re-runs only when they change.
# Usage: scripts/setup.sh [test]   ("test" adds requirements-test.txt)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "Python 3.11+ is needed (found $("$PY" --version 2>&1))." >&2; exit 1
fi
[ -x .venv/bin/python ] || "$PY" -m venv .venv
reqs=(requirements.txt)
[ "${1:-}" = "test" ] && reqs+=(requirements-test.txt)
stamp=".venv/.installed-$(cat "${reqs[@]}" pyproject.toml | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  args=(); for r in "${reqs[@]}"; do args+=(-r "$r"); done
  .venv/bin/python -m pip install --quiet --disable-pip-version-check "${args[@]}"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
  touch "$stamp"
fi
