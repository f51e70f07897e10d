"""Child process: run one case with warm-up and repeats; print one JSON line of timings and peak memory.

    python -m bench.measure CASE '{"pages_dir": …}' RUNS WARMUP
"""

from __future__ import annotations

import json
import resource
import shutil
import sys
import time
import traceback


def rss_mb() -> float:
    """Resident memory of this process now, in MB."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


def peak_mb() -> float:
    """Peak resident memory of this process so far (VmHWM), in MB.

    Not getrusage's ru_maxrss: a child inherits its parent's high-water mark across fork and exec.
    """
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(name: str, ctx_json: str, runs: int, warmup: int) -> dict:
    """Set the case up, run it warmup + runs times, and report each timed run."""
    from bench.cases import CASES, Ctx, scratch_dir

    ctx = Ctx(**json.loads(ctx_json))
    ctx.scratch = ctx.scratch or scratch_dir()
    try:
        t0 = time.perf_counter()
        case = CASES[name](ctx)
        setup_s = time.perf_counter() - t0
        base = rss_mb()
        times, cpu, units = [], [], 0
        for i in range(warmup + runs):
            state = case.prepare()
            start, cpu0 = time.perf_counter(), time.process_time()
            units = case.run(state)
            elapsed, used = time.perf_counter() - start, time.process_time() - cpu0
            if isinstance(units, tuple):
                units, elapsed = units
            if i >= warmup:
                times.append(elapsed)
                cpu.append(used)
        also = case.series(runs) if case.series else {}
        check = case.check()
        peak = case.peak() if case.peak else peak_mb()
        return {"case": name, "ok": True, "times": times, "cpu": cpu, "units": units, "setup_s": setup_s,
                "rss_before_mb": base, "peak_mb": peak, "check": check, "note": case.note,
                "also": {k: {"case": k, "ok": True, "times": v, "cpu": [], "units": units, "peak_mb": None,
                             "check": "", "note": f"measured by {name}'s runs"} for k, v in also.items()}}
    except Exception as e:  # noqa: BLE001 - the report shows the failure instead of stopping the whole run
        return {"case": name, "ok": False, "error": f"{type(e).__name__}: {e}",
                "trace": traceback.format_exc(limit=6), "peak_mb": peak_mb()}
    finally:
        shutil.rmtree(ctx.scratch, ignore_errors=True)


def main() -> None:
    """Entry point of the child process."""
    name, ctx_json, runs, warmup = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    out = measure(name, ctx_json, runs, warmup)
    sys.stdout.write("\nBENCH-RESULT " + json.dumps(out) + "\n")


if __name__ == "__main__":
    main()
