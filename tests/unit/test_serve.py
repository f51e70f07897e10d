"""serve.py, the app's server, as `streamlit run serve.py` imports it: its routes mounted, no warning in the log."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PROBE = """
import runpy
app = runpy.run_path("serve.py")["app"]
print(sorted(r.path for r in app._user_routes))
"""


def test_serve_mounts_our_routes_without_warnings():
    """Imported before Streamlit's runtime exists, serve.py must not declare cached functions (each logged
    "No runtime found, using MemoryCacheStorageManager" on every start)."""
    run = subprocess.run([sys.executable, "-c", PROBE], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "['/api/first-screen', '/api/session', '/api/session/logout']"
    assert "No runtime found" not in run.stderr and "Warning" not in run.stderr, run.stderr
