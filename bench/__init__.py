"""Benchmarks at city scale, each measured against the naive way in the same run: `python -m bench [--quick]`."""
