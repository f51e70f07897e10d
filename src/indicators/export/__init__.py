"""Exports: a fast formatted xlsx writer and a UTF-8 (BOM) CSV writer, both guarded against formula injection."""

from .csv_file import write_csv
from .safety import neutralise_frame, neutralise_text, neutralise_value
from .xlsx import MAX_SHEET_ROWS, write_xlsx

__all__ = ["MAX_SHEET_ROWS", "neutralise_frame", "neutralise_text", "neutralise_value", "write_csv", "write_xlsx"]
