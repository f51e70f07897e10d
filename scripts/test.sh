#!/usr/bin/env bash
# The one command that passes all tests: environment + test tools, Chromium for browser tests, lint, pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ]; then
    echo "Installing Debian's chromium for the browser tests…"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk) >/dev/null
  else
    echo "warning: /usr/bin/chromium missing and not root: browser tests will be skipped" >&2
  fi
fi
.venv/bin/python -m ruff check src tests pages app.py bench
exec .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
