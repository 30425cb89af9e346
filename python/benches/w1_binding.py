"""The cost of the Python binding on workload W1 (BENCHMARKS.md): p_t, F_t,
v_t of data/plans/mixture-3.toml at t = 1/2 on a grid of N points of
[-4, 4] at BITS bits, called from Python with a NumPy array, against the
same grid in the library (benches/compare's `compare w1`, release build).

    python python/benches/w1_binding.py [N] [BITS] [REPS]

Needs the package built in release mode (`maturin develop --release`) for a
fair ratio; prints one line per side and the ratio (best of REPS).
"""

import json
import os
import subprocess
import sys
import time

import numpy as np

import ifm_check as ic

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
bits = int(sys.argv[2]) if len(sys.argv) > 2 else 128
reps = int(sys.argv[3]) if len(sys.argv) > 3 else 3

plan = ic.load_plan(os.path.join(ROOT, "data", "plans", "mixture-3.toml"))
# the grid -4:4:n of the library, as exact rationals (floats would be other points)
from fractions import Fraction

xs = np.array([Fraction(-4) + Fraction(8 * i, n - 1) for i in range(n)], dtype=object)
python_times = []
for _ in range(reps):
    start = time.perf_counter()
    values = plan.values("1/2", xs, prec=bits)
    python_times.append(time.perf_counter() - start)
assert len(values) == n

out = subprocess.run(
    ["cargo", "run", "-q", "--release", "--example", "compare", "--", "w1", str(bits), str(n), str(reps)],
    cwd=ROOT, capture_output=True, text=True, check=True,
)
library_times = json.loads(out.stdout)["seconds"]
py, lib = min(python_times), min(library_times)
print(f"W1 {n} points at {bits} bits: Python {py:.2f} s, library {lib:.2f} s, ratio {py / lib:.2f}")
