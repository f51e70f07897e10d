"""The Word file as PDF, laid out by LibreOffice (headless) on this server: the PDF is the .docx printed.

One `soffice` run per conversion, in a fresh copy of a prepared user profile (so concurrent reports never share a
running office). The profile holds a small Basic macro that loads the .docx, turns off LibreOffice's automatic
space between Chinese and Latin text (its .docx import ignores Word's autoSpaceDE/DN=0, and the extra space would
make a PDF's text read 「1052 起」), and exports the PDF. A run takes about as long as `--convert-to pdf` (≈1.1 s);
started before the .docx is written (Conversion), its start-up overlaps the chart rendering.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from pathlib import Path

from .. import settings
from ..errors import Named, UserError
from ..i18n import t

TIMEOUT_S = 120
_MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub ToPdf(src As String, dst As String)
  On Error GoTo Failed
  waited = 0
  Do While Not FileExists(ConvertToURL(src)) And waited &lt; 120000
    Wait 10
    waited = waited + 10
  Loop
  Dim load(0) As New com.sun.star.beans.PropertyValue
  load(0).Name = &quot;Hidden&quot; : load(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(src), &quot;_blank&quot;, 0, load())
  styles = doc.StyleFamilies.getByName(&quot;ParagraphStyles&quot;)
  For i = 0 To styles.Count - 1
    styles.getByIndex(i).ParaIsCharacterDistance = False
  Next i
  Dim out(0) As New com.sun.star.beans.PropertyValue
  out(0).Name = &quot;FilterName&quot; : out(0).Value = &quot;writer_pdf_Export&quot;
  doc.storeToURL(ConvertToURL(dst), out())
  doc.close(True)
  Exit Sub
Failed:
  If Not IsNull(doc) Then doc.close(True)
End Sub
</script:module>
"""
_lock = threading.Lock()


def soffice_path() -> str | None:
    """The LibreOffice program from the setting `report.soffice` (a name on PATH or a path), if present."""
    return shutil.which(str(settings.get("report.soffice")))


def pdf_problem(lang: str) -> str | None:
    """Why PDF cannot be made here (in the reader's language), or None when it can."""
    exe = soffice_path()
    if exe is None:
        return t("report.need_soffice", lang)
    program = Path(exe).resolve().parent
    if (program / "soffice.bin").exists() and not any(program.glob("libswlo*")):
        return t("report.need_soffice", lang)  # LibreOffice without its Writer component (e.g. Calc only)
    return None


def _run(args: list[str], timeout: float) -> subprocess.CompletedProcess:
    """Run soffice in its own process group; on timeout the whole group (soffice.bin too) is killed."""
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise
    return subprocess.CompletedProcess(args, proc.returncode, out, err)


def _profile_template(exe: str) -> Path:
    """A LibreOffice user profile holding the macro, initialised by soffice itself once per machine and user (kept
    in the temp folder, named by a hash of the macro and the program, replaced atomically), then only copied."""
    key = hashlib.sha256(f"{_MACRO}{exe}".encode()).hexdigest()[:12]
    uid = os.getuid() if hasattr(os, "getuid") else 0
    root = Path(tempfile.gettempdir()) / f"indicators-lo-profile-{uid}-{key}"
    module = Path("user") / "basic" / "Standard" / "Module1.xba"
    with _lock:
        if (root / module).is_file() and (root / module).read_text(encoding="utf-8") == _MACRO:
            return root
        fresh = Path(tempfile.mkdtemp(prefix="indicators-lo-new-"))
        _run([exe, "--headless", "--norestore", "--terminate_after_init",
              f"-env:UserInstallation={fresh.as_uri()}"], TIMEOUT_S)
        if not (fresh / module).parent.is_dir():
            raise UserError("report.pdf_failed", detail="LibreOffice profile was not created")
        (fresh / module).write_text(_MACRO, encoding="utf-8")
        shutil.rmtree(root, ignore_errors=True)
        try:
            os.replace(fresh, root)
        except OSError:  # another process put its own in place meanwhile: use that one
            shutil.rmtree(fresh, ignore_errors=True)
        return root


class Conversion:
    """A LibreOffice run started before the .docx exists: it starts up while the charts render (≈1 s saved), its
    macro waits for the file, then converts it. Use as a context manager; `finish(docx)` returns the PDF."""

    def __init__(self, lang: str = "zh") -> None:
        problem = pdf_problem(lang)
        if problem:
            reason = Named(pdf_problem("zh") or problem, pdf_problem("en") or problem)
            raise UserError("report.pdf_unavailable", reason=reason)
        self.lang = lang
        exe = soffice_path() or "soffice"
        self._tmp = tempfile.TemporaryDirectory(prefix="indicators-report-")
        work = Path(self._tmp.name)
        shutil.copytree(_profile_template(exe), work / "profile")
        self.src, self.dst = work / "report.docx", work / "report.pdf"
        macro = f'macro:///Standard.Module1.ToPdf("{self.src}","{self.dst}")'
        self._proc = subprocess.Popen([exe, "--headless", "--norestore",
                                       f"-env:UserInstallation={(work / 'profile').as_uri()}", macro],
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                      start_new_session=True)

    def finish(self, docx: bytes) -> bytes:
        """Hand the .docx over (written whole, then renamed) and wait for the PDF."""
        part = self.src.with_name("report.part")
        part.write_bytes(docx)
        os.replace(part, self.src)
        try:
            out, err = self._proc.communicate(timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired as e:
            raise UserError("report.pdf_failed", detail=f"timeout after {TIMEOUT_S} s") from e
        if not self.dst.is_file() or self.dst.stat().st_size == 0:
            detail = (err or out or f"exit {self._proc.returncode}").strip().splitlines()[-1:]
            raise UserError("report.pdf_failed", detail=" ".join(detail)[:200])
        return self.dst.read_bytes()

    def __enter__(self) -> Conversion:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._proc.poll() is None:
            os.killpg(self._proc.pid, signal.SIGKILL)
            self._proc.communicate()
        self._tmp.cleanup()


def docx_to_pdf(docx: bytes, lang: str = "zh") -> bytes:
    """PDF bytes of a .docx, or a UserError saying what PDF needs or what went wrong."""
    with Conversion(lang) as conversion:
        return conversion.finish(docx)
