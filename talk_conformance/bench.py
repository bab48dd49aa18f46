"""Benchmark: the main job as the README runs it (`talk-conformance run`: the embedded server started,
the suite run, the reports written; three times, judged by the median), then full runs against the
embedded server at 0 ms and 25 ms of emulated latency with 1, 2 and 4 processes, and once at 25 ms with
a real Nextcloud's login cost (450 ms).

Prints figures and targets and judges nothing: speed is measured here, never asserted in a test (a
timed test fails on a busy machine and passes on a fast one, and says nothing either way).

wall/http is the same for every row: wall time ÷ (time inside HTTP calls ÷ processes), i.e. how much
longer each process ran than it spent waiting for answers.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from talk_conformance.run import embedded
from talk_conformance.run.settings import default_jobs

TARGETS = {
    "the main job (talk-conformance run), server start included": "< 15 s",
    "at 25 ms: 4 processes faster than 1": ">= 3.00x",
    "at 25 ms: wall/http with 1 process": "<= 1.30",
    "at 25 ms with a 450 ms login cost, 4 processes": "<= 1.20x the run without it",
}


def measure(jobs: int, latency: int = 0, login_cost: int = 0, extra: Sequence[str] = ()) -> dict:
    """A run against an embedded server started beforehand (its start is not timed)."""
    with embedded.start(latency_ms=latency, login_cost_ms=login_cost) as server:
        cmd = ["--base-url", server.url, "--jobs", str(jobs), "--", *extra]
        row = _timed_run(cmd, {**os.environ, "TALK_ADMIN": ":".join(server.admin)})
    return {**row, "jobs": jobs, "latency": latency, "login_cost": login_cost}


# The main job is timed this many times and judged by the median: on a shared machine the same run
# takes anywhere from 9 to 14 s depending on the moment, and one run says little.
MAIN_JOB_RUNS = 3


def measure_main_job(runs: int = 1) -> dict:
    """`talk-conformance run` with no options, timed from the command's start to its exit: the run of
    median wall time among ``runs``, with every run's wall time (``walls``)."""
    rows = sorted((_timed_run([], dict(os.environ)) for _ in range(runs)), key=lambda row: row["wall"])
    median = rows[len(rows) // 2]
    return {**median, "walls": [row["wall"] for row in rows], "jobs": default_jobs(embedded=True),
            "latency": 0, "login_cost": 0}


def _timed_run(args: list[str], env: dict) -> dict:
    """One `talk-conformance run ARGS`: its exit code, its wall time, and what its summary counted."""
    with tempfile.TemporaryDirectory(prefix="talk-bench-") as tmp:
        started = time.perf_counter()
        rc = subprocess.call([sys.executable, "-m", "talk_conformance", "run", "--report-dir", tmp, *args], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall = time.perf_counter() - started
        summary = json.loads((Path(tmp) / "summary.json").read_text())
    return {"rc": rc, "wall": wall, "tests": len(summary["scenarios"]), "requests": summary["http"]["requests"],
            "http": summary["http"]["seconds"], "totals": summary["totals"]}


def ratio(row: dict) -> float:
    return row["wall"] / (row["http"] / row["jobs"]) if row["http"] else float("inf")


def main(argv: list[str] | None = None) -> int:
    extra = list(sys.argv[1:] if argv is None else argv)
    main_job = measure_main_job(MAIN_JOB_RUNS)
    rows = [measure(jobs, latency, extra=extra) for latency in (0, 25) for jobs in (1, 2, 4)]
    costly = measure(4, 25, 450, extra)
    print(f"{'':9} {'latency':>7} {'login':>6} {'procs':>5} {'tests':>5} {'requests':>8} {'wall s':>7} {'http s':>7} "
          f"{'wall/http':>9}  verdicts")
    for name, r in [("main job", main_job), *(("", r) for r in rows), ("", costly)]:
        print(f"{name:9} {r['latency']:>5}ms {r['login_cost']:>4}ms {r['jobs']:>5} {r['tests']:>5} {r['requests']:>8} "
              f"{r['wall']:>7.2f} {r['http']:>7.2f} {ratio(r):>9.2f}  "
              f"{', '.join(f'{v} {n}' for v, n in r['totals'].items() if n)} (exit {r['rc']})")
    one, four = rows[3], rows[5]
    speedup = one["wall"] / four["wall"]
    login_factor = costly["wall"] / four["wall"]
    results = {
        "the main job (talk-conformance run), server start included": (
            f"{main_job['wall']:.2f} s with {main_job['jobs']} processes, the median of "
            f"{', '.join(f'{wall:.2f}' for wall in main_job['walls'])}", main_job["wall"] < 15),
        "at 25 ms: 4 processes faster than 1": (f"{speedup:.2f}x", speedup >= 3),
        "at 25 ms: wall/http with 1 process": (f"{ratio(one):.2f}", ratio(one) <= 1.3),
        "at 25 ms with a 450 ms login cost, 4 processes": (f"{login_factor:.2f}x the run without it",
                                                             login_factor <= 1.2),
    }
    print()
    for name, (figure, met) in results.items():
        print(f"{name}: {figure} (target {TARGETS[name]}): {'met' if met else 'NOT MET'}")
    print(f"at 25 ms: 4 processes {speedup:.2f}x faster than 1; wall/http with 1 process {ratio(one):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
