"""「生成简报」 on the overview and a domain page: the downloads for the filters in view, built and audited on click."""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from indicators.auth import PermissionDenied
from indicators.store import audit

from .navigate import open_page

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture
def deferred(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """Every download callable a page registers, as Streamlit's media manager receives it."""
    seen: list[dict] = []
    original = MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, **kw):
        seen.append({"callable": data_callable, "mimetype": mimetype, "file_name": file_name})
        return original(self, data_callable, mimetype, coordinates, file_name, **kw)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    return seen


def _page(page: str, params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.run()
    open_page(at, page).run()
    assert not at.exception, at.exception
    return at


def test_overview_offers_the_briefing_for_the_filters_in_view(con, deferred, monkeypatch):
    monkeypatch.setenv("INDICATORS_REPORT_CHROMIUM", "/nonexistent")  # fast: the test is about the button
    at = _page("pages/overview.py")
    assert [b.label for b in at.download_button] == ["下载 Word（.docx）", "下载 PDF"]
    names = [d["file_name"] for d in deferred[-2:]]  # the page's last run
    assert names == ["大鹏新区_社会治理指标年报_2021年.docx", "大鹏新区_社会治理指标年报_2021年.pdf"]
    assert any("大鹏新区社会治理指标年报（2021年）" in c.value for c in at.caption)
    assert any("Chromium" in c.value for c in at.caption)  # says what charts need
    data = deferred[-2]["callable"]()
    body = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert "1052起" in body and "同比下降24.21%" in body
    entry = audit.entries(con, action="report")
    assert len(entry) == 1 and json.loads(entry.iloc[0]["detail"])["channel"] == "web"


def test_domain_page_briefing_covers_that_domain_in_english(con, deferred, monkeypatch):
    monkeypatch.setenv("INDICATORS_REPORT_CHROMIUM", "/nonexistent")
    at = _page("anti_gang", {"lang": "en"})
    assert [b.label for b in at.download_button] == ["Download Word (.docx)", "Download PDF"]
    assert deferred[-2]["file_name"] == "Dapeng_New_District_Anti-gang_Annual_Report_2021.docx"
    doc = docx.Document(io.BytesIO(deferred[-2]["callable"]()))
    assert doc.paragraphs[0].text == "Dapeng New District: Anti-gang Indicators, Annual Report (2021)"
    assert len(doc.tables) == 1


def test_pdf_disabled_with_what_it_needs_when_libreoffice_is_missing(con, monkeypatch):
    monkeypatch.setenv("INDICATORS_REPORT_SOFFICE", "/nonexistent/soffice")
    at = _page("public_security")
    pdf = at.download_button[1]
    assert pdf.label == "下载 PDF" and pdf.disabled and not at.download_button[0].disabled
    assert any("libreoffice-writer-nogui" in c.value and "Word 版不受影响" in c.value for c in at.caption)


def test_click_rechecks_the_reader_when_dashboards_are_private(con, deferred, monkeypatch):
    at = _page("pages/overview.py")
    builder = deferred[-2]["callable"]
    monkeypatch.setenv("INDICATORS_PUBLIC_VIEW", "false")  # the office closed public viewing after the page loaded
    with pytest.raises(PermissionDenied):
        builder()
    assert audit.entries(con, action="report").empty
    assert not audit.entries(con, action="permission_denied").empty
    assert at.title[0].value
