"""A generated corpus of bad uploads: each gets the right issue (sheet, row, column), and the database file is
byte-for-byte unchanged after the refused commit."""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from indicators import actions
from indicators.actions import upload
from indicators.errors import UserError
from indicators.ingest import Limits, ingest
from indicators.store import connect
from indicators.store.catalog_sync import catalog_from_db
from indicators.store.seed import ensure_ready

from .helpers import LONG_HEAD, csv_bytes, xlsx


@dataclass
class Bad:
    """One bad file and the issue it must produce."""

    name: str
    data: bytes
    code: str
    where: tuple[str | None, int | None, str | None] = (None, None, None)
    level: str = "error"
    kw: dict = field(default_factory=dict)


def long_csv(*rows: list) -> bytes:
    return csv_bytes([LONG_HEAD, *rows])


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buf.getvalue()


GOOD_XLSX = xlsx([LONG_HEAD, ["八类暴力案件", "全区", "2021年", 5]], sheet="数据")
V8, I110, THEFT, SAT = "八类暴力案件", "110刑事治安总警情", "两盗案件", "政法工作满意度"


def corpus() -> list[Bad]:
    """At least 40 bad files, from broken containers down to single cells."""
    f = "b.csv"
    s = "b"
    return [
        Bad("empty.csv", b"", "empty_file"),
        Bad("big.csv", long_csv([V8, "全区", "2021年", 5]) * 3, "too_large", kw={"limits": Limits(max_bytes=100)}),
        Bad("bomb.xlsx", _zip({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": b"0" * 30_000_000}),
            "zip_bomb"),
        Bad("bomb2.xlsx", _zip({"xl/workbook.xml": b"<workbook/>", "xl/a.xml": b" " * 2_000_000}), "zip_bomb",
            kw={"limits": Limits(max_uncompressed=1_000_000)}),
        Bad("truncated.xlsx", GOOD_XLSX[: len(GOOD_XLSX) // 2], "corrupt"),
        Bad("word.xlsx", _zip({"word/document.xml": b"<w/>", "[Content_Types].xml": b"<T/>"}), "not_excel"),
        Bad("locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500 + "EncryptionInfo".encode("utf-16-le")
            + b"\0" * 500, "password"),
        Bad("broken.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x01\x02garbage" * 100, "corrupt"),
        Bad("page.xls", b"<html><body><table><tr><td>1</td></tr></table></body></html>", "html_no_table"),
        Bad("noise.csv", bytes(range(256)) * 20, "binary"),
        Bad("picture.xlsx", b"\x89PNG\r\n\x1a\n" + b"\0\x01\x02" * 300, "not_excel"),
        Bad("latin.csv", "指标,数值\n".encode() + b"\xff\xfe\xfd\xfc,1\n", "encoding"),
        Bad("sheet.xlsx", GOOD_XLSX, "no_sheet", kw={"sheet": "Nope"}),
        Bad("cells.csv", long_csv([V8, "全区", "2021年", 5]), "too_many_cells", kw={"limits": Limits(max_cells=3)}),
        Bad("map.csv", long_csv([V8, "全区", "2021年", 5]), "mapping_target_unknown",
            kw={"mapping": {"某表头": "no_such_indicator"}}),
        Bad("empty.xlsx", xlsx([], sheet="空表"), "empty_sheet", ("空表", None, None)),
        Bad("words.xlsx", xlsx([["说明"], ["这里没有数字"]], sheet="S"), "empty_sheet", ("S", None, None)),
        Bad("header.csv", csv_bytes([LONG_HEAD]), "empty_sheet", ("header", None, None)),
        Bad(f, long_csv([V8, "全区", "2021年", 5], [V8, "葵涌", "2021年", "十二"]), "text_in_number", (s, 3, "D")),
        Bad("w.xlsx", xlsx([["指标", "2020年", "2021年"], [V8, 3, "abc"], [I110, 90, 80]], sheet="S"),
            "text_in_number", ("S", 2, "C")),
        Bad(f, long_csv([V8, "全区", "2021年", "#DIV/0!"]), "text_in_number", (s, 2, "D")),
        Bad(f, long_csv([V8, "全区", "2021年", "约1000"]), "text_in_number", (s, 2, "D")),
        Bad(f, long_csv([V8, "全区", "2021年", 3], [V8, "南澳", "2021年", -5]), "negative", (s, 3, "D")),
        Bad(f, long_csv([SAT, "全区", "2021年", "120%"]), "above_max", (s, 2, "D")),
        Bad(f, long_csv([SAT, "全区", "2021年", -1]), "negative", (s, 2, "D")),
        Bad(f, long_csv(["安置帮教人数", "全区", "2021年", 12], ["应帮教人数", "全区", "2021年", 10]),
            "num_above_den", (s, 2, "D")),
        Bad(f, long_csv([I110, "全区", "2021年", 10], [V8, "全区", "2021年", 8], [THEFT, "全区", "2021年", 5]),
            "parts_above_total_ind", (s, 2, "D")),
        Bad(f, long_csv([I110, "葵涌", "2021年", 10], [I110, "南澳", "2021年", 10], [I110, "全区", "2021年", 15]),
            "parts_above_total_reg", (s, 4, "D")),
        Bad(f, long_csv([V8, "全区", "2021年", 5], [V8, "全区", "2021年", 6]), "duplicate_conflict", (s, 3, "D")),
        Bad(f, long_csv([V8, "全区", "2021年", 5], ["不存在的指标", "全区", "2021年", 6]), "unknown_indicator",
            (s, 3, "D")),
        Bad(f, long_csv([V8, "全区", "2021年", 5], [V8, "火星", "2021年", 6]), "unknown_region", (s, 3, "D")),
        Bad(f, long_csv([V8, "全区", "2022年13月", 5]), "bad_period", (s, 2, "D")),
        Bad(f, long_csv([V8, "全区", "某天", 5]), "bad_period", (s, 2, "D")),
        Bad("np.xlsx", xlsx([["指标", "地区", "数值"], [V8, "全区", 5]], sheet="S"), "no_period", ("S", 2, "C")),
        Bad(f, long_csv([V8, "全区", "2021年", 5], [V8, "全区", "2021年", 5]), "duplicate_same", (s, 3, "D"),
            "warning"),
        Bad(f, long_csv(["涉黑恶案件立案数", "全区", "2021年", 10], ["涉黑恶案件破案数", "全区", "2021年", 5],
                        ["涉黑恶案件破案率", "全区", "2021年", 80]), "rate_mismatch", (s, 4, "D"), "warning"),
        Bad(f, long_csv(["涉黑恶案件破案率", "全区", "2021年", 105]), "above_warn", (s, 2, "D"), "warning"),
        Bad(f, long_csv(["涉黑恶案件立案数", "全区", "2021年", 10], ["涉黑恶案件破案数", "全区", "2021年", 12]),
            "num_above_den", (s, 3, "D"), "warning"),
        Bad("y.xlsx", xlsx([["指标", "地区", "2020年", "2021年", "同比增减(%)"], [V8, "全区", 100, 80, -25]],
                           sheet="S"), "change_mismatch", ("S", 2, "E"), "warning"),
        Bad("gbk.csv", csv_bytes([LONG_HEAD, [V8, "全区", "2021年", "五"]], "gbk"), "text_in_number", ("gbk", 2, "D")),
        Bad("u16.csv", "\ufeff".encode("utf-16-le").join([b""]) + csv_bytes(
            [LONG_HEAD, [V8, "全区", "2021年", "xyz"]]).decode().encode("utf-16"), "text_in_number", ("u16", 2, "D")),
        Bad("text.xlsx", long_csv([V8, "全区", "2021年", "??"]), "text_in_number", ("text", 2, "D")),
        Bad("merged.xlsx", xlsx([["2021年大鹏新区治安统计表"], [], ["指标", "葵涌", "南澳"], [V8, 1, "约3"]],
                                sheet="S", merges=[("A1:C1", "2021年大鹏新区治安统计表")]),
            "text_in_number", ("S", 4, "C")),
        Bad("two.xlsx", xlsx([LONG_HEAD, [V8, "全区", "2021年", 5]], sheet="一",
                             extra={"二": [LONG_HEAD, [V8, "葵涌", "2021年", "n/a?"]]}),
            "text_in_number", ("二", 2, "D")),
        Bad("offset.xlsx", xlsx([[], [], [None, None, *LONG_HEAD], [None, None, V8, "全区", "2021年", "bad"]],
                                sheet="S"), "text_in_number", ("S", 4, "F")),
        Bad(f, long_csv([V8, "全区", "2021年1-13月", 5]), "bad_period", (s, 2, "D")),
        Bad("incidents.csv", csv_bytes([["编号", "案类", "日期", "经度"]]
                                       + [[f"A{n:05d}Q{n * 7919 % 1000}", "盗窃", "2021-01-02", 114.5 + n / 1000]
                                          for n in range(30)]),
            "records_only", ("incidents", None, None)),
        Bad("unit.csv", csv_bytes([[*LONG_HEAD, "单位"], ["外来游客", "全区", "2021年", "1080万人次", None],
                                   ["外来游客", "葵涌", "2022年", 10800000, "人次"]]), "unit_differs",
            ("unit", 3, "D"), "warning"),
        Bad("fraction.xlsx", xlsx([LONG_HEAD, ["政法工作满意度", "全区", "2021年", 0.955],
                                   ["政法工作满意度", "葵涌", "2021年", 0.97]], sheet="S"), "rate_as_fraction",
            ("S", 2, "D"), "warning"),
        Bad("noregion.xlsx", xlsx([["指标", "2020年", "2021年"], [V8, 3, 4]], sheet="S"), "no_region",
            ("S", None, None), "warning"),
    ]


CASES = corpus()


def test_corpus_is_large_enough():
    assert len(CASES) >= 40
    assert len({c.code for c in CASES}) >= 30   # distinct kinds of problem


@pytest.fixture(scope="module")
def frozen_db(tmp_path_factory) -> Path:
    """A seeded database file, checkpointed and closed."""
    path = tmp_path_factory.mktemp("bad") / "indicators.duckdb"
    con = connect(path)
    ensure_ready(con)
    con.execute("CHECKPOINT")
    con.close()
    return path


def _digest(path: Path) -> str:
    wal = Path(str(path) + ".wal")
    return hashlib.sha256(path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")).hexdigest()


@pytest.mark.parametrize("case", CASES, ids=[f"{n:02d}-{c.code}-{c.name}" for n, c in enumerate(CASES)])
def test_bad_file_gets_the_right_issue_and_nothing_is_written(frozen_db, case):
    before = _digest(frozen_db)
    con = connect(frozen_db)
    try:
        catalog = catalog_from_db(con)
        res = ingest(case.data, case.name, catalog, **case.kw)
        hits = [i for i in res.issues if i.code == case.code]
        assert hits, f"{case.name}: expected {case.code}, got {[(i.code, i.cell, i.message) for i in res.issues]}"
        hit = hits[0]
        assert hit.level == case.level
        assert (hit.sheet, hit.row, hit.column) == case.where, hit
        assert hit.message and "{" not in hit.message
        with pytest.raises(UserError):
            upload.commit(con, actions.shell("ana"), res)
    finally:
        con.close()
    assert _digest(frozen_db) == before


def test_messages_in_english(catalog):
    res = ingest(long_csv([V8, "全区", "2021年", -5]), "b.csv", catalog, lang="en")
    neg = next(i for i in res.issues if i.code == "negative")
    assert "cannot be negative" in neg.message and neg.cell == "b!D2"
