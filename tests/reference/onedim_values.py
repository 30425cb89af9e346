"""Reference values of p_t, F_t, v_t and Phi_t for the one-dimensional
plans in data/plans/ (gaussian-1d, mixture-3, uniform).

Computed independently of ifm-check with mpmath at 80 significant digits
from the closed forms of docs/mathematics.md section 3 (Phi_t of the mixture by
mpmath.findroot on F_t(y) = F_0(x)), printed with 60 significant digits.
The uniform plan is exact: its values are printed as fractions.

Run from the repository root to regenerate the table:

    python3 tests/reference/onedim_values.py > tests/reference/onedim_values.csv

(mpmath 1.3.0 was used; `pip install mpmath`.)
"""

from fractions import Fraction as Fr

import mpmath as mp

mp.mp.dps = 80

GAUSSIAN_1D = [(1, (0, 2, 1, 4, 1))]  # weight, (m0, m1, s00, s11, c)
MIXTURE_3 = [
    (Fr(1, 3), (0, 2, 1, Fr(1, 4), Fr(1, 4))),
    (Fr(1, 2), (1, -1, Fr(1, 2), 1, 0)),
    (Fr(1, 6), (-2, 1, 2, 3, -1)),
]


def mpf(q):
    if isinstance(q, mp.mpf):
        return q
    q = Fr(q)
    return mp.mpf(q.numerator) / q.denominator


def component(params, t, x):
    m0, m1, s00, s11, c = (mpf(v) for v in params)
    t, x = mpf(t), mpf(x)
    m = (1 - t) * m0 + t * m1
    var = (1 - t) ** 2 * s00 + 2 * t * (1 - t) * c + t ** 2 * s11
    g = (1 - t) * c + t * s11 - (1 - t) * s00 - t * c
    sigma = mp.sqrt(var)
    z = (x - m) / sigma
    p = mp.npdf(z) / sigma
    f = mp.ncdf(z)
    v = (m1 - m0) + g / var * (x - m)
    return p, f, v


def mixture(comps, t, x):
    p = f = flux = mp.mpf(0)
    for w, params in comps:
        pi, fi, vi = component(params, t, x)
        w = mpf(w)
        p += w * pi
        f += w * fi
        flux += w * pi * vi
    return p, f, flux / p


def phi(comps, t, x):
    if len(comps) == 1:
        # a single Gaussian: the closed form m_t + (sigma_t / sigma_0)(x - m0)
        m0, m1, s00, s11, c = (mpf(v) for v in comps[0][1])
        t, x = mpf(t), mpf(x)
        var = (1 - t) ** 2 * s00 + 2 * t * (1 - t) * c + t ** 2 * s11
        return (1 - t) * m0 + t * m1 + mp.sqrt(var / s00) * (x - m0)
    target = mixture(comps, 0, x)[1]
    guess = mpf(x)
    return mp.findroot(lambda y: mixture(comps, t, y)[1] - target, guess, tol=mp.mpf(10) ** -75)


def show(x):
    return mp.nstr(x, 60, min_fixed=1, max_fixed=0)


def uniform(t, x, a0=0, b0=1, a1=2, b1=5):
    t, x = Fr(t), Fr(x)
    u = 1 - t
    l0, l1 = u * (b0 - a0), t * (b1 - a1)
    s, l = min(l0, l1), max(l0, l1)
    y = x - (u * a0 + t * a1)
    if y <= 0:
        p, f = Fr(0), Fr(0)
    elif y >= s + l:
        p, f = Fr(0), Fr(1)
    elif y <= s:
        p, f = y / (s * l), y * y / (2 * s * l)
    elif y <= l:
        p, f = 1 / l, (2 * y - s) / (2 * l)
    else:
        w = s + l - y
        p, f = w / (s * l), 1 - w * w / (2 * s * l)
    lo = max(Fr(a0), (x - t * b1) / u)
    hi = min(Fr(b0), (x - t * a1) / u)
    v = (x - (lo + hi) / 2) / t
    return p, f, v


def main():
    print("plan,quantity,t,x,value")
    for name, comps in (("gaussian-1d", GAUSSIAN_1D), ("mixture-3", MIXTURE_3)):
        for t in ("1/4", "1/2", "3/4"):
            for x in ("-2", "0", "1/3", "5/2"):
                p, f, v = mixture(comps, Fr(t), Fr(x))
                for q, val in (("p_t", p), ("f_t", f), ("v_t", v)):
                    print(f"{name},{q},{t},{x},{show(val)}")
        for t in ("1/2", "1"):
            for x in ("-1", "0", "2/3"):
                print(f"{name},phi,{t},{x},{show(phi(comps, Fr(t), Fr(x)))}")
    # points inside the support of p_t (v_t is not defined outside it)
    inside = {"1/4": ("3/4", "1", "3/2", "7/4"), "1/2": ("5/4", "3/2", "2", "11/4"), "3/4": ("2", "5/2", "3", "7/2")}
    for t, xs in inside.items():
        for x in xs:
            p, f, v = uniform(Fr(t), Fr(x))
            for q, val in (("p_t", p), ("f_t", f), ("v_t", v)):
                print(f"uniform,{q},{t},{x},{val}")


if __name__ == "__main__":
    main()
