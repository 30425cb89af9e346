"""Reference values of E exp(eps (|X0| + |X1|)) for tests/exponential_moment.rs.

Computed independently of ifm-check with mpmath at 60 significant digits and
printed with 50. Every value comes from two routes that share no code, and the
script prints how closely they agree:

* Gaussian plans: (A) a 1-D quadrature over x0 of
  e^{eps |x0|} E[e^{eps |X1|} | X0 = x0] p(x0), the conditional moment in
  closed form (X1 | X0 is normal); (B) the four sign quadrants by
  exponential tilting, e^A P(sigma0 Y0 > 0, sigma1 Y1 > 0), with the orthant
  probability as the 1-D integral int_{-inf}^h phi(x) Phi((k - r x)/sqrt(1 - r^2)) dx
  (not Plackett's identity, which the crate uses). With --2d, (C) a plain
  2-D quadrature over the four quadrants at 20 digits is added (it agrees to
  1e-15 or better).
* Degenerate Gaussian plans (c^2 = s00 s11): 1-D quadratures along X0 and
  along X1, split at the kinks of the integrand.
* Uniform plans: quadrature of E e^{eps |U|} and the closed form.
* The discrete plan: the finite sum, two ways.

Run from the repository root (about 15 s; mpmath 1.4.1 was used,
`pip install mpmath`):

    python3 tests/reference/exponential_moment_values.py [--2d]

and, for the table of random plans,

    python3 tests/reference/exponential_moment_values.py --random > tests/reference/exponential_moment_random.csv
"""

import sys

from mpmath import expm1, exp, fabs, inf, mp, mpf, ncdf, npdf, quad, sqrt

mp.dps = 60


def gauss_route_conditional(m0, m1, s00, s11, c, eps):
    m0, m1, s00, s11, c, eps = map(mpf, (m0, m1, s00, s11, c, eps))
    v = s11 - c * c / s00
    sv = sqrt(v)

    def inner(x):
        m = m1 + c / s00 * (x - m0)
        return exp(eps * m + eps**2 * v / 2) * ncdf((m + eps * v) / sv) + exp(
            -eps * m + eps**2 * v / 2
        ) * ncdf((-m + eps * v) / sv)

    sd = sqrt(s00)
    f = lambda x: exp(eps * fabs(x)) * inner(x) * npdf(x, m0, sd)
    cuts = sorted({m0 - 8 * sd, mpf(0), m0 + 8 * sd})
    return quad(f, [-inf] + cuts + [inf], maxdegree=10)


def phi2(h, k, r):
    """P(W0 <= h, W1 <= k), correlation r, by conditioning on W0."""
    s = sqrt(1 - r * r)
    f = lambda x: npdf(x) * ncdf((k - r * x) / s)
    return quad(f, [-inf, 0, h] if h > 0 else [-inf, h])


def gauss_route_tilting(m0, m1, s00, s11, c, eps):
    m0, m1, s00, s11, c, eps = map(mpf, (m0, m1, s00, s11, c, eps))
    rho = c / sqrt(s00 * s11)
    total = 0
    for s0 in (1, -1):
        for s1 in (1, -1):
            a = eps * (s0 * m0 + s1 * m1) + eps**2 * (s00 + 2 * s0 * s1 * c + s11) / 2
            n0 = m0 + eps * (s0 * s00 + s1 * c)
            n1 = m1 + eps * (s0 * c + s1 * s11)
            total += exp(a) * phi2(s0 * n0 / sqrt(s00), s1 * n1 / sqrt(s11), s0 * s1 * rho)
    return total


def gauss_route_2d(m0, m1, s00, s11, c, eps):
    m0, m1, s00, s11, c, eps = map(mpf, (m0, m1, s00, s11, c, eps))
    det = s00 * s11 - c * c

    def f(x, y):
        dx, dy = x - m0, y - m1
        q = (s11 * dx * dx - 2 * c * dx * dy + s00 * dy * dy) / det
        return exp(eps * (fabs(x) + fabs(y)) - q / 2) / (2 * mp.pi * sqrt(det))

    big = 12 * sqrt(max(s00, s11)) + abs(m0) + abs(m1) + 10 * eps * max(s00, s11)
    return quad(f, [-big, 0, big], [-big, 0, big])


def degenerate_route(ma, mb, saa, c, eps):
    """X_b = alpha X_a + beta, X_a ~ N(ma, saa): a 1-D quadrature along X_a."""
    ma, mb, saa, c, eps = map(mpf, (ma, mb, saa, c, eps))
    alpha = c / saa
    beta = mb - alpha * ma
    cuts = sorted({mpf(0), -beta / alpha})
    sd = sqrt(saa)
    f = lambda x: exp(eps * (fabs(x) + fabs(alpha * x + beta))) * npdf(x, ma, sd)
    return quad(f, [-inf] + cuts + [inf])


def uniform_quad(a, b, eps):
    a, b, eps = map(mpf, (a, b, eps))
    cuts = sorted({a, b} | ({mpf(0)} if a < 0 < b else set()))
    return quad(lambda u: exp(eps * fabs(u)), cuts) / (b - a)


def uniform_closed(a, b, eps):
    a, b, eps = map(mpf, (a, b, eps))
    if a >= 0:
        return (exp(eps * b) - exp(eps * a)) / (eps * (b - a))
    if b <= 0:
        return (exp(-eps * a) - exp(-eps * b)) / (eps * (b - a))
    return (expm1(-eps * a) + expm1(eps * b)) / (eps * (b - a))


def show(name, values):
    first = values[0]
    agree = max(abs(v - first) / first for v in values)
    print(f"{name}: {mp.nstr(first, 50)}   (routes agree to {mp.nstr(agree, 3)})")


def gaussian_routes(p):
    routes = [gauss_route_conditional(*p), gauss_route_tilting(*p)]
    if "--2d" in sys.argv:
        mp.dps = 20
        routes.append(gauss_route_2d(*p))
        mp.dps = 60
    return routes


def fixed_cases():
    Fr = lambda n, d=1: mpf(n) / d
    GAUSSIAN = {  # (m0, m1, s00, s11, c, eps)
        "independent N(0,1) x N(0,1), eps = 1/100": (0, 0, 1, 1, 0, Fr(1, 100)),
        "correlated rho = 1/2, means (1/2, -1)": (Fr(1, 2), -1, 1, 4, 1, Fr(1, 2)),
        "correlated rho = -9/10, means (-1, 3/2)": (-1, Fr(3, 2), 4, 1, Fr(-9, 5), Fr(1, 3)),
        "correlated rho = 9/10, means (2, -3), eps = 1": (2, -3, 1, 1, Fr(9, 10), 1),
        "large eps = 3, rho = -1/sqrt 2, means (1, -1/2)": (1, Fr(-1, 2), 1, 2, -1, 3),
    }
    for name, p in GAUSSIAN.items():
        show(name, gaussian_routes(p))
    eps = Fr(1, 100)
    show(
        "closed form (2 e^{eps^2/2} Phi(eps))^2, eps = 1/100",
        [(2 * exp(eps**2 / 2) * ncdf(eps)) ** 2, gauss_route_conditional(0, 0, 1, 1, 0, eps)],
    )

    DEGENERATE = {  # (m0, m1, s00, s11, c, eps)
        "degenerate, c = +sqrt(s00 s11)": (Fr(1, 3), Fr(-1, 2), 1, 4, 2, Fr(1, 2)),
        "degenerate, c = -sqrt(s00 s11)": (1, 1, 4, 9, -6, Fr(1, 4)),
    }
    for name, (m0, m1, s00, s11, c, e) in DEGENERATE.items():
        show(name, [degenerate_route(m0, m1, s00, c, e), degenerate_route(m1, m0, s11, c, e)])

    second = (2, -2, Fr(1, 2), Fr(1, 2), Fr(1, 4), Fr(1, 2))
    first = gaussian_routes(GAUSSIAN["correlated rho = 1/2, means (1/2, -1)"])
    other = gaussian_routes(second)
    show("mixture 1/3, 2/3", [a / 3 + 2 * b / 3 for a, b in zip(first, other)])

    UNIFORM = {  # (a0, b0, a1, b1, eps)
        "uniform [0,1]^2, eps = 1/100": (0, 1, 0, 1, Fr(1, 100)),
        "uniform straddling 0": (-1, 2, Fr(-3, 2), Fr(1, 2), Fr(1, 2)),
        "uniform one-sided, eps = 2": (Fr(1, 2), 3, -4, -1, 2),
    }
    for name, (a0, b0, a1, b1, e) in UNIFORM.items():
        show(
            name,
            [
                uniform_quad(a0, b0, e) * uniform_quad(a1, b1, e),
                uniform_closed(a0, b0, e) * uniform_closed(a1, b1, e),
            ],
        )

    atoms = [(0, 1, Fr(1, 4)), (-2, Fr(1, 2), Fr(1, 2)), (Fr(3, 2), Fr(-5, 2), Fr(1, 4))]
    e = Fr(1, 2)
    show(
        "discrete, three atoms",
        [
            sum(w * exp(e * (fabs(a) + fabs(b))) for a, b, w in atoms),
            sum(w * exp(e * fabs(a)) * exp(e * fabs(b)) for a, b, w in atoms),
        ],
    )


def random_table(count=40, seed=20240611):
    """`--random`: seeded random Gaussian plans (degenerate ones included) as
    CSV rows m0,m1,s00,s11,c,eps,value, the value by routes A and B (or the
    two degenerate routes), printed with 40 digits after checking that the
    routes agree to 1e-45."""
    import random
    from fractions import Fraction as F

    mp.dps = 50
    rng = random.Random(seed)
    print("m0,m1,s00,s11,c,eps,value")
    for _ in range(count):
        m0, m1 = F(rng.randint(-12, 12), 4), F(rng.randint(-12, 12), 4)
        s00 = F(rng.randint(1, 16), 4)
        eps = F(rng.randint(1, 30), 10)
        if rng.random() < 0.2:
            alpha = F(rng.choice([-3, -2, -1, 1, 2, 3]), rng.choice([1, 2]))
            s11, c = alpha * alpha * s00, alpha * s00
        else:
            s11 = F(rng.randint(1, 16), 4)
            t = F(rng.randint(-99, 99), 100)
            c = t * min(s00, s11)
        p = tuple(mpf(x.numerator) / x.denominator for x in (m0, m1, s00, s11, c, eps))
        if c * c == s00 * s11:
            routes = [degenerate_route(p[0], p[1], p[2], p[4], p[5]),
                      degenerate_route(p[1], p[0], p[3], p[4], p[5])]
        else:
            routes = [gauss_route_conditional(*p), gauss_route_tilting(*p)]
        assert abs(routes[0] - routes[1]) < mpf(10) ** -45 * routes[0], routes
        print(",".join(str(x) for x in (m0, m1, s00, s11, c, eps)) + "," + mp.nstr(routes[0], 40))


if "--random" in sys.argv:
    random_table()
else:
    fixed_cases()
