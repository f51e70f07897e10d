"""Command line: `python -m indicators …`."""
