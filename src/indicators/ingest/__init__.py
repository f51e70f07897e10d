"""Upload pipeline: spreadsheets and CSV files → checked observations → preview → one atomic commit.

    from indicators.ingest import ingest, preview, commit_upload
    res = ingest(data, "file.xlsx", catalog)        # never raises for anything in the file
    diff, summary = preview(con, res)                # new / changed / unchanged
    commit_upload(con, res, user, confirm_warnings=True)
"""

from .commit import commit_upload, duplicate_message, preview, store_rows
from .model import IngestResult, Issue, Limits, col_letter, upload_limits
from .pipeline import ingest

__all__ = ["IngestResult", "Issue", "Limits", "col_letter", "commit_upload", "duplicate_message", "ingest",
           "preview", "store_rows", "upload_limits"]
