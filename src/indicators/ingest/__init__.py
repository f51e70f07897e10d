"""Upload pipeline: spreadsheets and CSV files → checked observations (preview and commit: indicators.actions.upload).

    from indicators.ingest import ingest
    res = ingest(data, "file.xlsx", catalog)        # never raises for anything in the file
"""

from .model import IngestResult, Issue, Limits, col_letter, upload_limits
from .pipeline import ingest

__all__ = ["IngestResult", "Issue", "Limits", "col_letter", "ingest", "upload_limits"]
