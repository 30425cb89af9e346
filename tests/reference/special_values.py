"""Reference values of erf, erfc, the normal CDF and its inverse.

Computed independently of ifm-check with mpmath at 80 significant digits and
printed with 60 significant digits, so the printed value is within 1e-59
relative of the true one. The inputs are exact rationals (decimal strings).

Run from the repository root to regenerate the table:

    python3 tests/reference/special_values.py > tests/reference/special_values.csv

(mpmath 1.3.0 was used; `pip install mpmath`.)
"""

import mpmath as mp

mp.mp.dps = 80

ERF = ["0", "1/1000", "-1/3", "0.5", "1", "-1.5", "2", "3.25", "-4", "6", "1e-20", "27/7"]
ERFC = ["0", "1/3", "1", "-2", "3", "5", "7.5", "10", "15", "26", "-0.75", "1e-10"]
CDF = ["0", "1", "-1", "0.25", "-2.5", "3", "-5", "-8", "-11.3", "-11.5", "-20", "6", "1/7", "-37/3"]
INV = ["1/2", "1/40", "0.975", "1/3", "0.9", "1e-10", "1e-30", "0.999999", "1/1000000", "3/4", "1e-100", "0.05"]


def rational(s):
    if "/" in s:
        p, q = s.split("/")
        return mp.mpf(int(p)) / int(q)
    return mp.mpf(s)


def show(x):
    return mp.nstr(x, 60, min_fixed=1, max_fixed=0)


def main():
    print("function,x,value")
    for s in ERF:
        print(f"erf,{s},{show(mp.erf(rational(s)))}")
    for s in ERFC:
        print(f"erfc,{s},{show(mp.erfc(rational(s)))}")
    for s in CDF:
        print(f"normal_cdf,{s},{show(mp.ncdf(rational(s)))}")
    for s in INV:
        p = rational(s)
        x = -mp.sqrt(2) * mp.erfinv(1 - 2 * p) if p > mp.mpf("1e-20") else mp.findroot(
            lambda y: mp.ncdf(y) - p, -mp.sqrt(-2 * mp.log(p)))
        # confirm the root to the working precision
        assert abs(mp.ncdf(x) - p) <= abs(p) * mp.mpf(10) ** -70
        print(f"inverse_normal_cdf,{s},{show(x)}")


if __name__ == "__main__":
    main()
