"""Mixtures of Gaussian plans in two dimensions (BENCHMARKS.md, "Mixtures and
flow maps"): the eight-Gaussians plan's `p_t`, `v_t` on 100,000 points
against an uncertified NumPy log-sum-exp, and its certified flow against
SciPy's `solve_ivp` (DOP853, rtol 1e-12) and mpmath's `odefun` (both
uncertified anchors). Run with the package built in release mode and SciPy
installed:

    cd python && maturin develop --release && cd .. && python python/benches/mixture_flow_speed.py [particles [particles_at_128_bits]]

The certified flow runs `particles` particles at 64 bits and the first
`particles_at_128_bits` of them (all by default) at 128 bits; SciPy runs
them all; mpmath the first.
"""

import sys
import time
from fractions import Fraction

import mpmath
import numpy as np

import ifm_check as ic
from timing import best

plan = ic.load_plan("data/plans/eight-gaussians-2d.toml")
doc = plan.to_dict()
comps = doc["component"]
means1 = np.array([[float(Fraction(v)) for v in c["m1"]] for c in comps])
var1 = float(Fraction(comps[0]["s11"][0][0]))


def numpy_values(t, xs):
    """p_t and v_t of the independent coupling N(0, I) -> sum_k N(mu_k, s I) / 8
    (each component's Sigma_t = ((1-t)^2 + t^2 s) I), by a log-sum-exp."""
    var_t = (1 - t) ** 2 + t * t * var1
    m_t = t * means1
    d = xs[:, None, :] - m_t[None, :, :]
    log = -0.5 * (d * d).sum(-1) / var_t - np.log(2 * np.pi * var_t) + np.log(1 / 8)
    top = log.max(axis=1, keepdims=True)
    w = np.exp(log - top)
    p = np.exp(top[:, 0]) * w.sum(1)
    post = w / w.sum(1, keepdims=True)
    a = (t * var1 - (1 - t)) / var_t
    v = (post[:, :, None] * (means1[None, :, :] + a * d)).sum(1)
    return p, v


def field(s, y):
    _, v = numpy_values(s, np.array([y]))
    return v[0]


rng = np.random.default_rng(0)
xs = rng.normal(size=(100_000, 2)) * 3
t = 0.9
numpy_time = best(lambda: numpy_values(t, xs))
ifm_time = best(lambda: plan.field_arrays("9/10", xs), repeat=1)
f = plan.field_arrays("9/10", xs)
p, v = numpy_values(t, xs)
inside = np.mean((f.v_t.lo <= v + 1e-9) & (v - 1e-9 <= f.v_t.hi))
print(f"p_t, v_t on 1e5 points: NumPy {numpy_time * 1e3:.1f} ms, field_arrays {ifm_time:.2f} s "
      f"({ifm_time / numpy_time:.0f} x); NumPy inside the enclosures (1e-9): {inside:.4f}")

particles = int(sys.argv[1]) if len(sys.argv) > 1 else 8
fine = int(sys.argv[2]) if len(sys.argv) > 2 else particles
starts = rng.normal(size=(particles, 2))
points = [[str(Fraction(float(c))) for c in x] for x in starts]
for prec, count in ((64, particles), (128, fine)):
    start = time.perf_counter()
    flows = plan.flow_map("1", points[:count], prec=prec)
    took = time.perf_counter() - start
    widths = [float(c.width) for f in flows for c in f[0]]
    steps = [f[2] for f in flows]
    print(f"certified flow, {count} particles at {prec} bits: {took:.1f} s "
          f"({took / count:.2f} s each), widths <= {max(widths):.1e}, steps {min(steps)}-{max(steps)}",
          flush=True)

try:
    from scipy.integrate import solve_ivp

    start = time.perf_counter()
    ends = [solve_ivp(field, (0, 1), x, method="DOP853", rtol=1e-12, atol=1e-14).y[:, -1] for x in starts]
    took = time.perf_counter() - start
    certified = plan.flow_map("1", points[:1], prec=128)[0][0]
    gap = max(abs(float(c) - e) for c, e in zip(certified, ends[0]))
    print(f"SciPy DOP853 rtol 1e-12: {took:.3f} s for {particles} ({took / particles * 1e3:.1f} ms each); "
          f"first particle off the certified enclosure by {gap:.1e}")
except ImportError:
    print("SciPy is not installed: no solve_ivp anchor")

sys.path.insert(0, "python/tests")
from test_ifm_check import _mixture_at  # noqa: E402 (the field from the definitions, in mpmath)

mpmath.mp.dps = 20
start = time.perf_counter()
x0 = [mpmath.mpf(Fraction(c).numerator) / Fraction(c).denominator for c in points[0]]
sol = mpmath.odefun(lambda s, y: list(_mixture_at(doc, s, mpmath.matrix(y))[1]), 0, x0)
sol(1)
print(f"mpmath odefun (dps 20): {time.perf_counter() - start:.1f} s for one particle")
