#!/usr/bin/env bash
# The one command that starts the app: environment, database (created and seeded on first run), server.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/python -m indicators init
exec .venv/bin/python -m streamlit run serve.py "$@"   # app.py plus the login cookie's routes
