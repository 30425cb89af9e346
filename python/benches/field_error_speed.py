"""`field_error` on 100,000 points of a one-dimensional Gaussian plan
against an uncertified NumPy evaluation of the same field (BENCHMARKS.md,
"field_error"). Run with the package built in release mode:

    cd python && maturin develop --release && cd .. && python python/benches/field_error_speed.py
"""


import numpy as np

import ifm_check as ic
from timing import best

plan = ic.GaussianPlan(m0=0, m1=2, s00=1, s11=4, c=1)
f = plan.field("1/2")
a, b = float(f.a_t[0][0]), float(f.b_t[0])
rng = np.random.default_rng(0)
xs = rng.normal(size=100_000)
model = a * xs + b + rng.normal(scale=1e-3, size=xs.shape)


def numpy_error():
    return np.max(np.abs(model - (a * xs + b)))


t_np = best(numpy_error, 20)
t_ic = best(lambda: ic.field_error(plan, lambda x: model, "1/2", xs), 5)
err = ic.field_error(plan, lambda x: model, "1/2", xs)
print(f"numpy (uncertified): {t_np * 1e3:.2f} ms, max error {numpy_error():.6e}")
print(f"ifm_check.field_error: {t_ic * 1e3:.1f} ms, bound {err.bound.lo_float():.6e} .. {err.bound.hi_float():.6e}")
print(f"ratio: {t_ic / t_np:.0f} times NumPy; {t_ic / len(xs) * 1e9:.0f} ns per point")
