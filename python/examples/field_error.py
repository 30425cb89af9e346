"""The workflow of a flow-matching test suite, with a hand-written model in
place of a trained one: the exact field of a plan, a perturbed copy of it
(the "model"), the certified distance between the two, and a plot of the
field of a mixture with its certified enclosure band.

    python python/examples/field_error.py [OUT.png]

Needs the package (make python-test builds it into target/python-venv) and
NumPy; the plot needs matplotlib (pip install matplotlib) and is skipped
without it.
"""

import sys
from fractions import Fraction

import numpy as np

import ifm_check as ic

# 1. A Gaussian plan: X0 ~ N(0, 1), X1 ~ N(2, 4), Cov(X0, X1) = 1. Its field at
#    t = 1/2 is affine with exact rational coefficients.
plan = ic.GaussianPlan(m0=0, m1=2, s00=1, s11=4, c=1)
t = Fraction(1, 2)
field = plan.field(t)
print(f"v_1/2(x) = {field.a_t[0][0]} x + {field.b_t[0]}   (exact)")


# 2. A "model": the exact field in float64, with a small smooth error, as a
#    trained network would give. Any callable taking and returning NumPy
#    arrays works (wrap a torch model with .detach().numpy()).
def model(x):
    a, b = float(field.a_t[0][0]), float(field.b_t[0])
    return a * x + b + 1e-3 * np.sin(3 * x)


# 3. The certified distance on a grid: the model's floats taken exactly, the
#    true field exact. The enclosure holds max |model(x) - v_t(x)|.
xs = np.linspace(-4.0, 4.0, 401)
result = ic.field_error(plan, model, t, xs)
print(f"max |model - v_t| over {len(xs)} points is in {result.bound!r}")
print(f"  attained at x = {result.x}: model {result.model}, field {result.field!r}")

# 4. A plan with no closed-form field: a three-component mixture. The same
#    measure, the true field enclosed by interval arithmetic at 128 bits.
mixture = ic.GaussianMixturePlan(
    [
        ("1/3", 0, 2, 1, "1/4", "1/4"),
        ("1/2", 1, -1, "1/2", 1, 0),
        ("1/6", -2, 1, 2, 3, -1),
    ]
)
v = mixture.v_t(t, xs)
mids = np.array([float(x.mid) for x in v])
rough = ic.field_error(mixture, lambda x: np.interp(x, xs[::40], mids[::40]), t, xs)
print(f"max |piecewise-linear fit - v_t| for the mixture is in {rough.bound!r}")

# 5. The field with its certified band (floats rounded outward), if matplotlib
#    is installed.
try:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:
    print("matplotlib is not installed: no plot")
    sys.exit(0)
out = sys.argv[1] if len(sys.argv) > 1 else "field-error.png"
lo = np.array([x.lo_float() for x in v])
hi = np.array([x.hi_float() for x in v])
widest = max(x.width for x in v)
fig, ax = plt.subplots(figsize=(6.4, 4.0), dpi=150)
ax.fill_between(xs, lo, hi, color="tab:blue", alpha=0.35,
                label=f"certified band of $v_{{1/2}}$ (width <= {float(widest):.0e})")
ax.plot(xs, mids, color="tab:blue", lw=1.0, label="$v_{1/2}(x)$, mixture")
ax.plot(xs, np.interp(xs, xs[::40], mids[::40]), "--", color="tab:red", lw=1.0, label="piecewise-linear model")
ax.set_xlabel("$x$")
ax.set_ylabel("velocity")
ax.set_title(f"max |model - $v_{{1/2}}$| <= {float(rough.bound.hi_float()):.3g} (certified)")
ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, fontsize=8, frameon=False)
fig.tight_layout()
fig.savefig(out)
print(f"wrote {out}")
