"""Stored rows with their period as people name it: two codes of one period (2021H1, 2021YTD06) are one period."""

from __future__ import annotations

import pandas as pd

from .periods import canonical_code


def one_code_per_period(rows: pd.DataFrame, batch: str = "batch_id",
                        key: tuple[str, ...] = ("indicator", "region")) -> pd.DataFrame:
    """Rows with their period as people name it (2021YTD06 → 2021H1): where two codes of one period both hold a key,
    the later batch's row is kept, as a later batch supersedes an earlier one (figures.py and the query page's SQL
    decide the same way); within one batch, the code sorting last (2021YTD06 over 2021H1), so the choice never
    depends on the order rows were read in."""
    if rows.empty:
        return rows
    names = {c: canonical_code(c) for c in rows["period"].unique()}
    if all(c == n for c, n in names.items()):      # every code already the period's name: nothing to merge
        return rows
    order = rows.sort_values([batch, "period"], kind="stable")
    order = order.assign(period=order["period"].map(names))
    return order.drop_duplicates([*key, "period"], keep="last").sort_index()
