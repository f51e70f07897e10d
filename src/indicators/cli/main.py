"""Argument parsing and error handling shared by every sub-command."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from .. import logs
from ..errors import UserError
from ..i18n import DEFAULT_LANG, t
from ..store.db import DB_ERRORS
from . import catalogue_cmds, core_cmds, export_cmds, ingest_cmds, report_cmds, safety_cmds, store_cmds, user_cmds
from .common import print_json
from .terminal import reader_gone, safe_output

# Each module here exposes register(subparsers); add new command modules to this list.
COMMAND_MODULES = [core_cmds, ingest_cmds, export_cmds, user_cmds, report_cmds, safety_cmds, catalogue_cmds, store_cmds]
log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    """The full parser with every registered sub-command."""
    parser = argparse.ArgumentParser(prog="python -m indicators", description="治理指标看板 command line")
    sub = parser.add_subparsers(dest="command", required=True)
    for mod in COMMAND_MODULES:
        mod.register(sub)
    return parser


def _fail(args: argparse.Namespace, text: str, error: dict | None = None) -> int:
    """One line on stderr (and the error object on stdout for --json); exit status 2."""
    print(text.splitlines()[0] if text else text, file=sys.stderr)
    if error is not None and getattr(args, "json", False):
        print_json({"status": "error", "error": error})
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run a sub-command; user errors print one line in the reader's language and return 2, never a traceback."""
    logs.setup()
    with safe_output():
        args = build_parser().parse_args(argv)
        return _run(args, getattr(args, "lang", DEFAULT_LANG))


def _run(args: argparse.Namespace, lang: str) -> int:
    """The sub-command, its errors as one line each."""
    try:
        code = int(args.func(args) or 0)
        sys.stdout.flush()                    # a closed pipe shows here, not as a traceback at exit
        return code
    except BrokenPipeError:                   # `indicators list | head`: the reader has what it wanted
        reader_gone()
        return 141
    except UserError as e:
        return _fail(args, t("cli.error", lang, text=e.text(lang)), e.message.as_dict(lang))
    except DB_ERRORS as e:
        return _fail(args, t("cli.db_error", lang, detail=str(e)), {"code": "cli.db_error", "message": str(e)})
    except KeyboardInterrupt:
        return 130
    except Exception:  # noqa: BLE001 - a bug: its traceback goes to the log file, the user gets one line
        ref = logs.unexpected(log, f"running {args.command}")
        return _fail(args, t("errors.internal", lang, ref=ref), {"code": "errors.internal", "ref": ref})
