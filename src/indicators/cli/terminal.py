"""The command line's output: nothing printed can steer the terminal, and a closed pipe ends the command quietly."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from ..visible import reveal


class Revealing:
    """A text stream whose writes show control and bidi characters as \\uXXXX (an ESC cannot clear the screen)."""

    def __init__(self, stream: TextIO):
        self.stream = stream

    def write(self, text: str) -> int:
        """Write text with its hidden characters revealed."""
        return self.stream.write(reveal(text))

    def __getattr__(self, name: str) -> object:
        return getattr(self.stream, name)


@contextmanager
def safe_output() -> Iterator[None]:
    """stdout and stderr reveal hidden characters for the with-block, then are restored."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = Revealing(sys.stdout), Revealing(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def reader_gone() -> None:
    """The reader of stdout went away (`indicators list | head`): send what is left to /dev/null, say nothing."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):   # a captured stdout has no file descriptor: nothing to redirect
        pass
