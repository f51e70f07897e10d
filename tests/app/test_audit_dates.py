"""审计日志's date range (issue #12 item 4): Streamlit writes the empty box's placeholder in English (yyyy/mm/dd,
whatever the language), so the page says in the user's language what the box takes and what an empty box means."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from indicators.actions import SYSTEM
from indicators.actions import users as account

APP = str(Path(__file__).resolve().parents[2] / "app.py")
WORDS = {"zh": ("日期范围", "年/月/日", "全部日期", "起止两天都包括"),
         "en": ("Date range", "year/month/day", "every date", "both included")}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_date_range_is_explained_in_the_users_language(con, lang):
    account.add(con, SYSTEM, "root", "correct horse battery", "admin")
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["user"], at.session_state["role"], at.session_state["lang"] = "root", "admin", lang
    at.run()
    at.switch_page("pages/audit.py").run()
    assert not at.exception, at.exception
    label, fields, empty, ends = WORDS[lang]
    box = at.date_input(key="audit_dates")
    assert box.label == label and box.value == () and box.proto.format == "YYYY/MM/DD"
    assert ends in box.help
    note = " ".join(c.value for c in at.caption)
    assert fields in note and empty in note
    if lang == "zh":
        assert "yyyy/mm/dd" in note                      # names the English placeholder the box shows
    else:
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in note + box.help)   # no Chinese in English mode
