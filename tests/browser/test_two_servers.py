"""The server store: two app servers on different ports and a command-line ingest at once, all on one PostgreSQL
database (a private cluster: tests/conftest.py's pg_cluster); an upload through one server is seen by the other."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.ingest.test_atomic import big_csv

from .conftest import ARTIFACTS, REPO, running_server
from .test_beside_the_app import _metric, rerun

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"


@pytest.fixture
def server_store(pg_url: str) -> str:
    """The seeded server store with an analyst account."""
    from indicators.actions import SYSTEM, users
    from indicators.store.db import opened
    from indicators.store.seed import ensure_ready

    with opened(pg_url) as con:
        ensure_ready(con)
        users.add(con, SYSTEM, "ana", PASSWORD, "analyst")
    return pg_url


def _upload(page, url: str, csv_path) -> None:
    page.goto(url)
    page.get_by_role("link", name="登录").first.click()
    page.get_by_label("用户名").fill("ana")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_text("已登录：ana").first.wait_for()
    page.get_by_role("link", name="数据上传").click()
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(csv_path))
    page.get_by_text("预览：将写入的改动").wait_for(timeout=60000)
    page.get_by_role("button", name="确认提交").click()
    page.get_by_text("已提交批次").wait_for(timeout=60000)


def test_two_servers_and_the_cli_share_one_server_store(server_store, browser, page, tmp_path):
    from indicators.store.catalog_sync import catalog_from_db
    from indicators.store.db import opened

    with opened(server_store) as con:
        cat = catalog_from_db(con)
    big = tmp_path / "nightly.csv"
    big.write_bytes(big_csv(cat, 30_000))
    upload = tmp_path / "分区上报.csv"
    upload.write_text("指标,地区,期间,数值\n110刑事治安总警情,大鹏新区,2021,999\n", encoding="utf-8")
    env = {**os.environ, "INDICATORS_DB": server_store, "PYTHONPATH": str(REPO / "src")}
    with running_server(server_store) as first, running_server(server_store) as second:
        assert first != second
        other = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN").new_page()
        other.set_default_timeout(60000)
        other.goto(second + "/")
        _metric(other, "110刑事治安总警情").filter(has_text="1052").wait_for()
        nightly = subprocess.Popen([sys.executable, "-m", "indicators", "ingest", str(big), "--user", "nightly"],
                                   env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        _upload(page, first, upload)
        out, err = nightly.communicate(timeout=300)
        assert nightly.returncode == 0, err
        rerun(other)
        _metric(other, "110刑事治安总警情").filter(has_text="999").wait_for()
        ARTIFACTS.mkdir(exist_ok=True)
        other.screenshot(path=str(ARTIFACTS / "two_servers_second.png"))
        other.context.close()
    with opened(server_store) as con:
        kinds = con.execute("SELECT user_name, n_new + n_changed FROM batch WHERE kind = 'upload' "
                            "ORDER BY id").fetchall()
    assert sorted(kinds) == [("ana", 1), ("nightly", 30_000)]
