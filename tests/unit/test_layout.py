"""The project's promises about its own layout: two commands, pinned requirements, commented config."""

import re
import tomllib

from tests.conftest import REPO


def test_ci_runs_exactly_the_readme_test_command():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "    bash scripts/start.sh" in readme and "    bash scripts/test.sh" in readme
    ci = [ln for ln in (REPO / ".ci/run").read_text().splitlines() if ln.strip() and not ln.startswith("#")]
    assert ci[-1].strip() == "exec bash scripts/test.sh"


def test_start_command_initialises_then_serves():
    text = (REPO / "scripts/start.sh").read_text()
    assert text.index("indicators init") < text.index("streamlit run serve.py")


def test_requirements_are_pinned():
    for name in ("requirements.txt", "requirements-test.txt"):
        for line in (REPO / name).read_text().splitlines():
            spec = line.split("#")[0].strip()
            if spec:
                assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[\w.]+", spec), f"{name}: {spec} is not pinned"


def test_every_streamlit_setting_is_commented():
    lines = (REPO / ".streamlit/config.toml").read_text().splitlines()
    tomllib.loads("\n".join(lines))
    for i, line in enumerate(lines):
        if "=" in line and not line.lstrip().startswith("#"):
            assert lines[i - 1].lstrip().startswith("#"), f"setting without a comment: {line}"


def test_database_file_is_ignored():
    ignored = (REPO / ".gitignore").read_text().splitlines()
    assert "data/*.duckdb" in ignored and ".streamlit/secrets.toml" in ignored
