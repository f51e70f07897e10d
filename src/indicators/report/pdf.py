"""The Word file as PDF, laid out by LibreOffice (headless) on this server: the PDF is the .docx printed.

One `soffice` run per conversion, in a fresh copy of a prepared user profile (so concurrent reports never share a
running office). The profile holds a small Basic macro that loads the .docx, turns off LibreOffice's automatic
space between Chinese and Latin text (its .docx import ignores Word's autoSpaceDE/DN=0, and the extra space would
make a PDF's text read 「1052 起」), and exports the PDF. A run takes about as long as `--convert-to pdf` (≈1.1 s).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import threading
from pathlib import Path

from .. import settings
from ..errors import UserError
from ..i18n import t

TIMEOUT_S = 120
_MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub ToPdf(src As String, dst As String)
  On Error GoTo Failed
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
_template: dict[str, Path] = {}


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
    """A LibreOffice user profile with the macro, made once per process (initialised by soffice itself)."""
    with _lock:
        if "path" in _template and (_template["path"] / "user" / "basic").is_dir():
            return _template["path"]
        root = Path(tempfile.mkdtemp(prefix="indicators-lo-"))
        _run([exe, "--headless", "--norestore", "--terminate_after_init",
              f"-env:UserInstallation={root.as_uri()}"], TIMEOUT_S)
        module = root / "user" / "basic" / "Standard" / "Module1.xba"
        if not module.parent.is_dir():
            raise UserError(t("report.pdf_failed", "zh", detail="LibreOffice profile was not created"))
        module.write_text(_MACRO, encoding="utf-8")
        _template["path"] = root
        return root


def docx_to_pdf(docx: bytes, lang: str = "zh") -> bytes:
    """PDF bytes of a .docx, or a UserError saying what PDF needs or what went wrong."""
    problem = pdf_problem(lang)
    if problem:
        raise UserError(t("report.pdf_unavailable", lang, reason=problem))
    exe = soffice_path() or "soffice"
    template = _profile_template(exe)
    with tempfile.TemporaryDirectory(prefix="indicators-report-") as tmp:
        work = Path(tmp)
        profile = work / "profile"
        shutil.copytree(template, profile)
        src, dst = work / "report.docx", work / "report.pdf"
        src.write_bytes(docx)
        macro = f'macro:///Standard.Module1.ToPdf("{src}","{dst}")'
        try:
            done = _run([exe, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}", macro],
                        TIMEOUT_S)
        except subprocess.TimeoutExpired as e:
            raise UserError(t("report.pdf_failed", lang, detail=f"timeout after {TIMEOUT_S} s")) from e
        if not dst.is_file() or dst.stat().st_size == 0:
            detail = (done.stderr or done.stdout or f"exit {done.returncode}").strip().splitlines()[-1:]
            raise UserError(t("report.pdf_failed", lang, detail=" ".join(detail)[:200]))
        return dst.read_bytes()
