"""Argument parsing and error handling shared by every sub-command."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import duckdb

from ..errors import UserError
from . import core_cmds

# Each module here exposes register(subparsers); add new command modules to this tuple.
COMMAND_MODULES = [core_cmds]


def _optional_modules() -> list:
    mods = []
    for name in ("ingest_cmds", "export_cmds", "user_cmds"):
        try:
            mods.append(__import__(f"indicators.cli.{name}", fromlist=["register"]))
        except ModuleNotFoundError as e:
            if e.name != f"indicators.cli.{name}":
                raise
    return mods


def build_parser() -> argparse.ArgumentParser:
    """The full parser with every registered sub-command."""
    parser = argparse.ArgumentParser(prog="python -m indicators", description="治理指标看板 command line")
    sub = parser.add_subparsers(dest="command", required=True)
    for mod in COMMAND_MODULES + _optional_modules():
        mod.register(sub)
    return parser


class _Parser(argparse.ArgumentParser):
    """argparse that exits 2 with one line instead of usage spam."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run a sub-command; user errors print one line and return 2, never a traceback."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except UserError as e:
        print(f"错误 error: {e}", file=sys.stderr)
        return 2
    except duckdb.Error as e:
        print(f"数据库错误 database error: {e}".splitlines()[0], file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
