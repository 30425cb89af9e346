"""The consistent set of a one-dimensional Gaussian plan against the
tolerance: the box ``ic.consistent_plans`` proves, beside the exact set
computed independently here with fractions (in D = 1 each observation
``|u - v^c_t(x)| <= delta`` is, times ``sigma_t^2 > 0``, two linear
inequalities in ``c``). Writes ``consistent-set-1d.png``; run from the
repository with the package installed (make python-test builds it):

    target/python-venv/bin/python python/examples/consistent_set_1d.py docs/consistent-set-1d.png
"""

import sys
from fractions import Fraction as F

import numpy as np

import ifm_check as ic

ENDS = dict(m0=0, m1=2, s00=1, s11=4)
TRUE_C = F(1)
TIMES = [F(1, 4), F(1, 2), F(3, 4)]
XS = np.linspace(-2.0, 3.0, 6)


def field(t, x, c):
    """The exact field of the plan with cross-covariance ``c``."""
    m0, m1, s00, s11 = (F(ENDS[k]) for k in ("m0", "m1", "s00", "s11"))
    sigma2 = (1 - t) ** 2 * s00 + 2 * t * (1 - t) * c + t * t * s11
    g = t * s11 - (1 - t) * s00 + (1 - 2 * t) * c
    return m1 - m0 + g * (x - ((1 - t) * m0 + t * m1)) / sigma2


def observations(eps):
    """The exact field plus a perturbation of at most ``eps`` (fixed stream)."""
    rng = np.random.default_rng(3)
    return [[field(t, F(x), TRUE_C) + eps * F(int(rng.integers(-1000, 1001)), 1000) for x in XS] for t in TIMES]


def exact_set(values, delta):
    """The exact interval of valid ``c`` within ``delta`` (or None), with the
    Cauchy-Schwarz ends ``+-sqrt(s00 s11)`` (here 2, rational)."""
    m0, m1, s00, s11 = (F(ENDS[k]) for k in ("m0", "m1", "s00", "s11"))
    lo, hi = -F(2), F(2)
    for t, row in zip(TIMES, values):
        # sigma^2(c) = a0 + a1 c, g(c) = g0 + g1 c, r = x - m_t, u' = u - (m1 - m0)
        a0, a1 = (1 - t) ** 2 * s00 + t * t * s11, 2 * t * (1 - t)
        g0, g1 = t * s11 - (1 - t) * s00, 1 - 2 * t
        for x, u in zip(XS, row):
            r, up = F(x) - ((1 - t) * m0 + t * m1), u - (m1 - m0)
            for sign in (1, -1):
                # sign (u' sigma^2 - g r) - delta sigma^2 <= 0: k c + b <= 0
                k = sign * (up * a1 - g1 * r) - delta * a1
                b = sign * (up * a0 - g0 * r) - delta * a0
                if k > 0:
                    hi = min(hi, -b / k)
                elif k < 0:
                    lo = max(lo, -b / k)
                elif b > 0:
                    return None
        # sigma_t^2 > 0
        lo = max(lo, -a0 / a1) if a1 > 0 else lo
    return (lo, hi) if lo <= hi else None


def main(out):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    eps = F(1, 100)
    values = observations(eps)
    arr = np.array([[v for v in row] for row in values], dtype=object)
    deltas = np.geomspace(0.004, 0.5, 40)
    rows = []
    for d in deltas:
        r = ic.consistent_plans(ENDS, TIMES, XS, arr, d)
        ex = exact_set(values, F(d))
        rows.append((d, None if r.empty else (float(r.lo[0][0]), float(r.hi[0][0])), ex, r.distance))
    fig, ax = plt.subplots(figsize=(6, 4))
    box = [(d, b) for d, b, _, _ in rows if b is not None]
    ex = [(d, e) for d, _, e, _ in rows if e is not None]
    ax.fill_between([d for d, _ in box], [b[0] for _, b in box], [b[1] for _, b in box],
                    color="tab:blue", alpha=0.3, label="proven box")
    ax.plot([d for d, _ in ex], [float(e[0]) for _, e in ex], "k-", lw=1, label="exact set (fractions)")
    ax.plot([d for d, _ in ex], [float(e[1]) for _, e in ex], "k-", lw=1)
    ax.axhline(float(TRUE_C), color="tab:red", lw=0.8, ls="--", label="true c")
    ax.axvline(rows[0][3].lo_float(), color="grey", lw=0.8, label="proven distance (lower end)")
    ax.set_xscale("log")
    ax.set_xlabel("tolerance delta")
    ax.set_ylabel("c = Cov(X0, X1)")
    ax.set_title("D = 1: plans within delta of a field perturbed by 1/100")
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=120)
    for d, b, e, _ in rows[::6]:
        print(f"delta {d:.4f}: box {b}, exact {None if e is None else (float(e[0]), float(e[1]))}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "consistent-set-1d.png")
