#!/usr/bin/env bash
# The one command that passes all tests: environment + test tools, Chromium for browser tests, lint, pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
# Debian packages the tests drive: Chromium (browser tests, briefing charts), CJK fonts (readable screenshots, briefing
# typography), LibreOffice Calc (opens exported workbooks as a second reader) and Writer (briefings as PDF), and
# poppler-utils (pdftotext, pdftoppm read the PDFs back), PostgreSQL (the server store's tests start a private cluster
# in a temporary folder with initdb and pg_ctl, never the system service). Installed only where missing.
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
fc-list 2>/dev/null | grep "Noto Serif CJK" >/dev/null || apt_install fonts-noto-cjk  # grep reads all: no SIGPIPE
{ command -v soffice >/dev/null && ls /usr/lib/libreoffice/program/libswlo.so >/dev/null 2>&1; } \
  || apt_install --no-install-recommends libreoffice-calc-nogui libreoffice-writer-nogui
command -v pdftotext >/dev/null || apt_install poppler-utils
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_install postgresql
.venv/bin/python -m ruff check src tests pages app.py serve.py bench
exec .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
