"""CSV export: UTF-8 with a byte-order mark so Excel opens Chinese correctly; text guarded against formulas."""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from .safety import neutralise_frame

BOM_ENCODING = "utf-8-sig"


def write_csv(df: pd.DataFrame, target: str | os.PathLike | BinaryIO) -> None:
    """Write df as UTF-8-with-BOM CSV (CRLF line ends, as Excel writes them); numbers stay unquoted."""
    safe = neutralise_frame(df)
    if isinstance(target, (str, os.PathLike)):
        path = Path(target)
        part = path.with_name(path.name + ".part")
        try:
            safe.to_csv(part, index=False, encoding=BOM_ENCODING, lineterminator="\r\n", float_format="%.15g")
            os.replace(part, path)
        finally:
            part.unlink(missing_ok=True)
        return
    target.write(safe.to_csv(index=False, lineterminator="\r\n", float_format="%.15g").encode(BOM_ENCODING))
