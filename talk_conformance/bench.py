"""Benchmark: a full run against the embedded server, with one process and with two.

Prints figures and judges nothing: speed is measured here, never asserted in a test (a timed test
fails on a busy machine and passes on a fast one, and says nothing either way).
Targets (2 cores): wall < 15 s including server start; wall <= 1.5 x time inside HTTP calls;
-n 2 at least 1.6 x faster than one process.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def measure(jobs: int, extra: list[str]) -> dict:
    with tempfile.TemporaryDirectory(prefix="talk-bench-") as tmp:
        started = time.perf_counter()
        rc = subprocess.call([sys.executable, "-m", "talk_conformance", "run", "--report-dir", tmp,
                              "--jobs", str(jobs), "--", *extra],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall = time.perf_counter() - started
        summary = json.loads((Path(tmp) / "summary.json").read_text())
    return {"jobs": jobs, "rc": rc, "wall": wall, "scenarios": len(summary["scenarios"]),
            "requests": summary["http"]["requests"], "http": summary["http"]["seconds"],
            "totals": summary["totals"]}


def main(argv: list[str] | None = None) -> int:
    extra = list(sys.argv[1:] if argv is None else argv)
    rows = [measure(1, extra), measure(2, extra)]
    print(f"{'processes':>9} {'tests':>6} {'requests':>8} {'wall s':>7} {'http s':>7} {'wall/http':>9}  verdicts")
    for r in rows:
        # With two processes the HTTP time is summed over both, so compare wall with http / jobs.
        ratio = r["wall"] / (r["http"] / r["jobs"]) if r["http"] else float("inf")
        print(f"{r['jobs']:>9} {r['scenarios']:>6} {r['requests']:>8} {r['wall']:>7.2f} {r['http']:>7.2f} "
              f"{ratio:>9.2f}  {r['totals']} (exit {r['rc']})")
    print(f"speed-up with 2 processes: {rows[0]['wall'] / rows[1]['wall']:.2f} x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
