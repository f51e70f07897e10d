"""Reading an upload in a worker process with memory and time caps, so that no file can take the server down.

    res = ingest_isolated(data, "file.xlsx", catalog, caps=Caps(memory_mb=2048, seconds=120))

The worker runs the whole pipeline (read, analyse, check) and sends the IngestResult back. A native reader that
aborts or segfaults, a file that needs more memory than the cap, or one that reads longer than the time limit costs
that one upload a plain refusal; a caller that goes away (the browser session ended, the server is stopping)
stops the worker at once. The page and the command line both read uploads through here.
"""

from __future__ import annotations

import hashlib
import logging
import os
import resource
import signal
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from .. import logs
from ..catalog import Catalog
from ..i18n import t
from .forkserver import Files, Job, Zygote, fork_job, recv_frame, send_frame, write_result
from .guard import check_sheets
from .model import IngestResult, Issue, Limits
from .readers import ReadRefused

log = logging.getLogger(__name__)
POLL = 0.05                      # seconds between looks at the worker (memory, time, the caller)
REDRAW = 0.5                     # seconds between progress calls while a stage lasts
_ZYGOTE = Zygote()


@dataclass(frozen=True)
class Caps:
    """What one upload's worker may use: resident memory (MB) and wall-clock seconds."""

    memory_mb: int = 2048
    seconds: float = 120.0


def upload_caps() -> Caps:
    """Caps from the settings upload_max_memory_mb and upload_max_seconds."""
    from ..settings import get

    return Caps(memory_mb=int(get("upload_max_memory_mb")), seconds=float(get("upload_max_seconds")))


class Cancelled(Exception):
    """The caller went away while the worker read the file; the worker was stopped."""


def warm_up() -> None:
    """Start the fork server now, so the first upload does not wait for its imports (about a second)."""
    _ZYGOTE.start()


def ingest_isolated(data: bytes, file_name: str, catalog: Catalog, *, sheet: str | None = None,
                    mapping: dict[str, str] | None = None, limits: Limits | None = None, lang: str = "zh",
                    progress: Callable[[float, str], None] | None = None, caps: Caps | None = None,
                    cancelled: Callable[[], bool] | None = None, **options: object) -> IngestResult:
    """indicators.ingest.ingest in a capped worker; never raises for anything in the file (Cancelled aside).

    options go to ingest as they are (steer, recipe_for): they travel to the worker pickled, so a function among
    them must be defined at module level (or be a bound method such as a dict's get).

    While the worker starts and reads, this process measures the sheets of an xlsx (guard.check_sheets: zlib and
    regular expressions, ~0.15 s of CPU for a 100,000-row sheet). On two cores that costs no time, and a sheet
    reaching too far is refused with the sheet and its far cell named, the worker stopped; should the worker's
    reader get to size the sheet first, its memory caps hold it.
    """
    caps, limits = caps or upload_caps(), limits or Limits()
    request = {"file_name": file_name, "catalog": catalog, "sheet": sheet, "mapping": mapping, "limits": limits,
               "lang": lang, "caps": caps, "measure_sheets": False, **options}
    job = fork_job(_job_main, data) if _single_threaded() else _ZYGOTE.launch(_job_main, data)
    end: tuple = ("ended",)
    try:
        job.sock.settimeout(max(caps.seconds, 1.0))
        send_frame(job.sock, request)
        job.sock.settimeout(None)
        end = _measure(data, file_name, sheet, limits, lang) or _watch(job, caps, progress, cancelled)
        if end[0] == "result":
            end = ("result", job.result())
    except (OSError, EOFError) as e:        # the worker vanished before it took the request
        end = ("ended", type(e).__name__)
    finally:
        job.kill()
        status = job.reap(block=end[0] != "result" or job.owner is None)    # a fork server reports it later
        stderr = job.stderr()
        job.close()
    if end[0] in ("result", "refused"):
        return end[1]
    if end[0] == "cancelled":
        raise Cancelled(file_name)
    return _refusal(end if len(end) > 1 else (end[0], _why(status, stderr)), stderr, data, file_name, caps, lang)


def _measure(data: bytes, file_name: str, sheet: str | None, limits: Limits, lang: str) -> tuple | None:
    """("refused", result) when an xlsx sheet reaches beyond the limits, else None."""
    try:
        check_sheets(data, sheet, limits)
    except ReadRefused as e:
        from .pipeline import Collector

        col = Collector(lang, limits.max_issues_per_check)
        col.add("error", e.code, **{"file": file_name, **e.params})
        return ("refused", IngestResult("refused", file_name, hashlib.sha256(data).hexdigest(), size=len(data),
                                        issues=col.finish()))
    except Exception:  # noqa: BLE001 - the worker's own reader refuses a file this cannot measure; caps hold it
        log.warning("could not measure the sheets of %s", file_name, exc_info=True)
    return None


def _single_threaded() -> bool:
    """True when this process runs one Python thread, so forking it is safe (the command line, a benchmark)."""
    return threading.active_count() == 1


def _watch(job: Job, caps: Caps, progress: Callable | None, cancelled: Callable[[], bool] | None) -> tuple:
    """Follow the worker until it sends its result or ends; stop it when a cap is reached or the caller is gone."""
    deadline = time.monotonic() + caps.seconds
    last, shown = (0.0, ""), time.monotonic()
    while True:
        for frame in job.frames(POLL):
            kind = frame[0]
            if kind == "progress":
                last, shown = (frame[1], frame[2]), 0.0
            elif kind in ("result", "memory"):
                return frame
        if progress is not None and time.monotonic() - shown > REDRAW:
            progress(*last)                  # the page's bar appears and stays live during a long stage
            shown = time.monotonic()
        if job.reader.closed or job.reap() is not None:
            return ("ended",)
        if cancelled is not None and cancelled():
            return ("cancelled",)
        if time.monotonic() > deadline:
            return ("timeout",)
        if job.pid and _rss_mb(job.pid) > caps.memory_mb:
            return ("memory",)


def _rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (0 when it has ended)."""
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * resource.getpagesize() / 1048576
    except (OSError, ValueError, IndexError):
        return 0.0


def _refusal(end: tuple, stderr: str, data: bytes, file_name: str, caps: Caps, lang: str) -> IngestResult:
    """The refused result for a worker that did not deliver one, with the reason in plain words."""
    kind = end[0]
    if kind == "ended" and ("memory allocation of" in stderr or "MemoryError" in stderr):
        kind = "memory"
    log.warning("upload worker for %r stopped (%s): %s", file_name, kind, stderr.strip()[-1500:] or "no output")
    if kind == "memory":
        msg = t("ingest.worker_memory", lang, file=file_name, limit_mb=caps.memory_mb)
    elif kind == "timeout":
        msg = t("ingest.worker_timeout", lang, file=file_name, seconds=int(caps.seconds))
    else:
        msg = t("ingest.worker_crashed", lang, file=file_name, reason=end[1] if len(end) > 1 else _why(stderr))
    code = {"memory": "worker_memory", "timeout": "worker_timeout"}.get(kind, "worker_crashed")
    return IngestResult("refused", file_name, hashlib.sha256(data).hexdigest(), size=len(data),
                        issues=[Issue("error", None, None, None, msg, code)])


def _why(status: int | None, stderr: str) -> str:
    """How the worker ended, short: the signal or exit code and the first line it printed (a panic, a fault)."""
    how = ""
    if status is not None and os.WIFSIGNALED(status):
        how = signal.Signals(os.WTERMSIG(status)).name
    elif status is not None and os.WIFEXITED(status):
        how = f"exit {os.WEXITSTATUS(status)}"
    lines = [ln.strip() for ln in stderr.splitlines()
             if ln.strip() and not ln.startswith(("note:", "stack backtrace:")) and not ln.strip()[:1].isdigit()]
    first = lines[0][:100] if lines else ""
    return ": ".join(x for x in (how, first) if x) or "—"


# ---------------------------------------------------------------- inside the worker

def _job_main(sock: socket.socket, files: Files, data: bytes | None) -> None:
    """Read the request, cap this process, run the pipeline and leave the result (or say memory ran out)."""
    from .pipeline import ingest

    request = recv_frame(sock)
    caps: Caps = request.pop("caps")
    _cap_self(caps)
    logs.setup()                         # tracebacks the pipeline logs reach the app's log file
    if data is None:
        data = os.pread(files.data, os.fstat(files.data).st_size, 0)
        os.close(files.data)

    def progress(fraction: float, stage: str) -> None:
        send_frame(sock, ("progress", fraction, stage))

    try:
        res = ingest(data, request.pop("file_name"), request.pop("catalog"), progress=progress, **request)
        send_frame(sock, ("result", write_result(files.result, res)))
    except MemoryError:
        send_frame(sock, ("memory",))


def _cap_self(caps: Caps) -> None:
    """Hard limits inside the worker, behind the caller's watch: address space and CPU time.

    The caller stops the worker at caps.memory_mb resident; the address-space limit (the memory mapped now plus
    twice the cap) makes a single huge allocation (a reader sizing a sheet of 17 billion cells) fail at once
    instead of being attempted, and the CPU limit ends a worker whose caller is no longer watching.
    """
    with open("/proc/self/statm") as f:
        mapped = int(f.read().split()[0]) * resource.getpagesize()
    space = mapped + 2 * caps.memory_mb * 1048576
    resource.setrlimit(resource.RLIMIT_AS, (space, space))
    cpu = int(caps.seconds) + 30
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
