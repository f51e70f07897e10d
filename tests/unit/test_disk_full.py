"""Issue #17 item 8: a full disk is named as such (not "a problem reading the file"), and nothing is half-written.

The database lives on a real 3 MB tmpfs mounted in a private mount namespace (`unshare -rm`, no root needed, gone
when the command ends), so the upload's commit really runs out of space.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = """
set -e
mount -t tmpfs -o size=3m tmpfs "$DIR"
export INDICATORS_DB="$DIR/db.duckdb"
"$PY" -m indicators init > /dev/null
"$PY" -m indicators list | wc -l > "$OUT/before"
set +e
"$PY" -m indicators ingest "$FILE" > "$OUT/stdout" 2> "$OUT/stderr"
echo $? > "$OUT/rc"
"$PY" -m indicators list | wc -l > "$OUT/after"
"""


def _namespaces_work(tmp: Path) -> bool:
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-rm", "sh", "-c", f"mount -t tmpfs -o size=1m tmpfs {tmp}"],
                           capture_output=True, timeout=30)
    return probe.returncode == 0


def test_a_full_disk_is_named_and_nothing_is_written(tmp_path: Path):
    mnt, out = tmp_path / "mnt", tmp_path / "out"
    mnt.mkdir()
    out.mkdir()
    if not _namespaces_work(mnt):
        pytest.skip("no unprivileged mount namespaces here (unshare -rm)")
    months = [(r, y, m) for r in ("葵涌", "大鹏", "南澳") for y in range(1950, 2050) for m in range(1, 13)]
    rows = ["指标,地区,期间,数值"] + [f"两盗案件,{r},{y}年{m}月,{(y * m) % 97}" for r, y, m in months]
    big = tmp_path / "大表.csv"
    big.write_text("\n".join(rows), encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "DIR": str(mnt), "OUT": str(out), "FILE": str(big), "PY": sys.executable,
           "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    subprocess.run(["unshare", "-rm", "sh", "-c", SCRIPT], env=env, timeout=300, check=True)
    err = (out / "stderr").read_text(encoding="utf-8")
    assert (out / "rc").read_text().strip() == "2"
    assert "磁盘已满" in err and "读取" not in err, err
    assert "Traceback" not in err + (out / "stdout").read_text(encoding="utf-8")
    assert (out / "before").read_text() == (out / "after").read_text()      # nothing half-written
