#!/usr/bin/env python3
"""startup.py SETL_BIN [RUNS]: median wall time of `SETL_BIN -e 'print(1);'`,
which includes loading the library written in SETL (the goal: well under 10 ms)."""
import statistics, subprocess, sys, time

setl, runs = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 30
times = []
for _ in range(runs):
    t = time.perf_counter()
    out = subprocess.run([setl, '-e', 'print(1);'], capture_output=True, text=True).stdout
    times.append(time.perf_counter() - t)
    if out != '1\n':
        sys.exit(f"startup: unexpected output {out!r}")
print(f"start-up (setl -e 'print(1);'): median {statistics.median(times) * 1000:.1f} ms over {runs} runs")
