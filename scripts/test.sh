#!/usr/bin/env bash
# The one command that passes all tests: environment + test tools, Chromium for browser tests, lint, pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
# Debian packages the tests drive: Chromium (browser tests), CJK fonts (readable screenshots) and
# LibreOffice Calc (opens exported workbooks as a second reader). Installed only where missing.
apt_install() {  # install Debian packages where missing; a failure only skips the tests that need them
  if [ "$(id -u)" != "0" ]; then
    echo "warning: not root, cannot install $*; the tests that need them will be skipped" >&2; return 0
  fi
  echo "Installing Debian packages for the tests: $*"
  [ -n "${APT_UPDATED:-}" ] || { apt-get update -qq >/dev/null || true; APT_UPDATED=1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null \
    || echo "warning: could not install $*; the tests that need them will be skipped" >&2
}
[ -x /usr/bin/chromium ] || apt_install chromium fonts-noto-cjk
command -v soffice >/dev/null || apt_install --no-install-recommends libreoffice-calc-nogui
.venv/bin/python -m ruff check src tests pages app.py bench
exec .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
