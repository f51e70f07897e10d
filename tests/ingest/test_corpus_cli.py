"""Every family of office tables through `python -m indicators ingest --json` (the scripts' contract): the same
figures as the reader gives in-process, and the keys the contract promised are all there."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import REPO

from .corpus.match import FILES, compare, expectation_files, load

KEYS = {"status", "file", "encoding", "sheets", "layout", "sha256", "observations", "issues", "unknown_labels",
        "summary", "message"}
FAMILY_FILES = [f"{name}.json" for name in (      # one file per family (the browser test reads the same ones)
    "葵涌办事处2024年10月综治工作月报.xlsx", "2024年1-9月平安建设重点任务完成情况.xls",
    "大鹏新区2024年8月警情通报.xlsx",
    "各社区出租屋管理情况.xls", "大鹏新区平安建设主要指标完成情况（2024年）.xlsx", "信访事项办理情况统计.xls",
    "大鵬新區2024年第二季度治安案件統計.csv", "南澳办事处2024年各月信访量.txt", "各派出所案件情况_2024年9月.xlsx",
    "dapeng_public_security_q3_2024.csv", "2024年第三季度公证业务月报.xls")]


@pytest.mark.parametrize("name", FAMILY_FILES)
def test_ingest_json_per_family(name, con, db_file, catalog):
    exp = load(next(p for p in expectation_files() if p.name == name))
    con.close()
    run = subprocess.run([sys.executable, "-m", "indicators", "ingest", str(FILES / exp["file"]), "--dry-run",
                          "--json"], cwd=REPO, capture_output=True, text=True, timeout=120,
                         env={**os.environ, "INDICATORS_DB": str(db_file)})
    out = json.loads(run.stdout)
    assert KEYS <= set(out) and {"context", "notes", "fingerprint", "recipe", "unknown_regions"} <= set(out)
    assert "Traceback" not in run.stderr and run.returncode in (0, 2)

    class Res:                                       # the JSON read back as the matcher reads a result
        def __init__(self, payload):
            import pandas as pd

            rows = [{"indicator_id": o["indicator"], "indicator_text": o["indicator_text"],
                     "region_code": o["region"], "region_text": o["region_text"], "period": o["period"],
                     "measure": o["measure"], "value": o["value"], "qualifier": o["qualifier"], "unit": o["unit"],
                     "source": o["source"]} for o in payload["observations"]]
            self.observations = pd.DataFrame(rows)
            self.issues = [type("I", (), {"code": i["code"], "level": i["level"], "message": i["message"],
                                          "cell": ""})() for i in payload["issues"]]
    outcome = compare(exp, Res(out), {})
    assert not outcome.missing and not outcome.extra, outcome
