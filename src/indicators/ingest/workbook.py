"""What a reader makes of a file: sheets as string grids (with merged ranges and their place in the sheet), the
workbook with its kind and encoding, and the refusal raised when a file cannot be read."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


class ReadRefused(Exception):
    """The file cannot be read; code names the i18n message, params fill it in."""

    def __init__(self, code: str, **params: object):
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass
class Grid:
    """One sheet as strings (None for empty); row0 is the Excel row of the first grid row, col0 the column index."""

    name: str
    cells: pd.DataFrame
    row0: int = 1
    col0: int = 0
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)


@dataclass
class Workbook:
    """What a reader produced: the sheets, the format and (for text) the encoding used."""

    kind: str
    sheets: list[Grid]
    encoding: str | None = None
    notes: list[tuple[str, dict]] = field(default_factory=list)
