"""Issue #12.4 without Streamlit: audit details, times and catalogue texts in words, never JSON, None or NaT."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

from indicators.auth.audit_text import detail_text
from indicators.naming import when_text
from indicators.web.upload_view import supported_file

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.mark.parametrize(("detail", "zh", "en"), [
    ({"reason": "wrong_password", "attempt": 2}, "原因：密码错误；连续失败次数：2",
     "Reason: wrong password; Failures in a row: 2"),
    ({"name": "ana", "from": "viewer", "to": "admin"}, "用户名：ana；原角色：浏览者；新角色：管理员",
     "User name: ana; From: viewer; To: administrator"),
    ({"batch": 2, "file": "a.csv", "sha256": "ab" * 32, "new": 3}, "批次：2；文件：a.csv；新增：3",
     "Batch: 2; File: a.csv; New: 3"),
    ({"filters": {"period_from": "2022YTD06", "regions": ["440300DP"]}, "format": "xlsx", "user": None},
     "筛选条件：起始期间：2022年1-6月，地区：440300DP；格式：xlsx",
     "Filters: From period: Jan–Jun 2022, Regions: 440300DP; Format: xlsx"),
])
def test_audit_details_read_as_words(detail, zh, en):
    raw = json.dumps(detail, ensure_ascii=False)
    assert detail_text(raw, "zh") == zh and detail_text(raw, "en") == en


def test_audit_details_that_are_no_json_object_stay_as_they_are():
    assert detail_text(None, "zh") == "" and detail_text(float("nan"), "zh") == ""
    assert detail_text("plain words", "zh") == "plain words" and detail_text("[1, 2]", "en") == "[1, 2]"


def test_times_to_the_minute_and_never_set_in_words():
    assert when_text(pd.Timestamp("2026-11-29 14:42:11.121399")) == "2026-11-29 14:42"
    assert when_text(pd.NaT, "从未登录") == "从未登录" and when_text(None) == ""


def test_upload_types_by_extension():
    assert supported_file("报告.XLSX") and supported_file("a.b.csv")
    assert not supported_file("报告.pdf") and not supported_file("README")


@pytest.mark.parametrize("name", ["domains.csv", "indicators.csv", "regions.csv"])
def test_catalogue_rows_have_the_header_fields(name):
    """A comma inside unquoted text splits a field: 'Police incidents, crime…' lost all but its first words."""
    rows = list(csv.reader((DATA / name).open(encoding="utf-8")))
    assert {len(r) for r in rows} == {len(rows[0])}
