"""Reference values for the never-abort suite (tests/never_abort.rs).

Computed independently of ifm-check with mpmath. Two tables:

1. erf and erfc at floats within a few ulps of sqrt(y_k), where y_k is the
   real root of the k-th partial sum S_k(y) = sum_{j<=k} (-y)^j / (j! (2j+1))
   of the series MPFR's erf evaluates (k = 1 gives y = 3: the argument whose
   square rounds to 3 and makes MPFR 4.2.2 abort). Each argument is the
   float `mantissa * 2^exponent` of `bits` bits; the value is printed with
   enough digits for that precision plus 40 bits.
2. p_t and F_t of the sqrt(3) plan (m0 = m1 = 0, s00 = s11 = 1/6, c = 0) at
   t = 0, x = 1, and of data/plans/mixture-3.toml at t = 1/2, x = 3/2 (its
   second component sees the argument sqrt(3)), to 20,000 digits (enough
   for 65,536 bits).

Run from the repository root to regenerate:

    python3 tests/reference/never_abort_values.py > tests/reference/never_abort_values.csv

(mpmath 1.3.0 was used; `pip install mpmath`.)
"""

import mpmath as mp

ROOTS = [1, 3, 5, 7, 9]
BITS = [24, 53, 64, 113, 128, 256, 1021, 1024, 1029, 2048, 4096]
OFFSETS = [-2, -1, 0, 1, 2]


def partial_sum(k, y):
    return mp.fsum((-y) ** j / (mp.factorial(j) * (2 * j + 1)) for j in range(k + 1))


def root(k):
    # S_k is decreasing past its last extremum; bracket the sign change
    lo, hi = mp.mpf(0), mp.mpf(1)
    while partial_sum(k, hi) > 0:
        lo, hi = hi, 2 * hi
    return mp.findroot(lambda y: partial_sum(k, y), (lo, hi), solver="anderson")


def float_near(x, bits, offset):
    """The float nearest x at `bits` bits, moved by `offset` ulps."""
    m, e = mp.frexp(x)  # x = m 2^e, 1/2 <= m < 1
    mantissa = int(mp.nint(m * 2 ** bits)) + offset
    return mantissa, e - bits


def digits_for(bits):
    return int((bits + 40) * 0.30103) + 5


def main():
    print("function,bits,mantissa,exponent,digits,value")
    mp.mp.prec = 4096 + 200
    roots = {k: mp.sqrt(root(k)) for k in ROOTS}
    for k in ROOTS:
        for bits in BITS:
            for offset in OFFSETS:
                mantissa, exponent = float_near(roots[k], bits, offset)
                x = mp.mpf(mantissa) * mp.mpf(2) ** exponent
                d = digits_for(bits)
                for name, value in [
                    ("erf", mp.erf(x)),
                    ("erfc", mp.erfc(x)),
                    ("erfc", mp.erfc(-x)),
                ]:
                    sign = -1 if name == "erfc" and value > 1 else 1
                    print(f"{name},{bits},{sign * mantissa},{exponent},{d},{mp.nstr(value, d, min_fixed=1, max_fixed=0)}")
    mp.mp.prec = 66000 + 200
    d = digits_for(65536)
    sixth = mp.mpf(1) / 6
    plan_p = mp.npdf(1, 0, mp.sqrt(sixth))
    plan_f = mp.ncdf(1, 0, mp.sqrt(sixth))
    print(f"plan_p,65536,0,0,{d},{mp.nstr(plan_p, d, min_fixed=1, max_fixed=0)}")
    print(f"plan_F,65536,0,0,{d},{mp.nstr(plan_f, d, min_fixed=1, max_fixed=0)}")
    # mixture-3 at t = 1/2: (weight, m_t, Sigma_t) per component
    components = [
        (mp.mpf(1) / 3, mp.mpf(1), mp.mpf(7) / 16),
        (mp.mpf(1) / 2, mp.mpf(0), mp.mpf(3) / 8),
        (mp.mpf(1) / 6, mp.mpf(-1) / 2, mp.mpf(3) / 4),
    ]
    x = mp.mpf(3) / 2
    mix_p = mp.fsum(w * mp.npdf(x, m, mp.sqrt(s)) for w, m, s in components)
    mix_f = mp.fsum(w * mp.ncdf(x, m, mp.sqrt(s)) for w, m, s in components)
    print(f"mixture_p,65536,0,0,{d},{mp.nstr(mix_p, d, min_fixed=1, max_fixed=0)}")
    print(f"mixture_F,65536,0,0,{d},{mp.nstr(mix_f, d, min_fixed=1, max_fixed=0)}")


main()
