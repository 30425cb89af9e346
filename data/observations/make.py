"""Writes the observation files of this folder: fields of Gaussian plans
computed exactly with Python's fractions, plus known perturbations, rounded
to 12 decimals. Independent of ifm-check; run `python3 make.py` here.

- gaussian-2d-noisy.csv: the field of ../plans/gaussian-2d.toml at
  t = 1/4, 1/2, 3/4, eight points each, plus a perturbation of at most
  1/1000 in each coordinate (a deterministic pseudo-random stream).
- gaussian-1d-noisy.csv: the same for ../plans/gaussian-1d.toml.
- quadratic-1d.csv: v = x^2 at t = 1/2: far from every affine field.
"""
from fractions import Fraction as F


def solve(a, b):
    """x with a x = b, exactly (Gauss-Jordan)."""
    n = len(a)
    m = [row[:] + [bi] for row, bi in zip(a, b)]
    for c in range(n):
        p = next(r for r in range(c, n) if m[r][c] != 0)
        m[c], m[p] = m[p], m[c]
        for r in range(n):
            if r != c and m[r][c] != 0:
                f = m[r][c] / m[c][c]
                m[r] = [x - f * y for x, y in zip(m[r], m[c])]
    return [m[i][n] / m[i][i] for i in range(n)]


def field(plan, t, x):
    m0, m1, s00, s11, c = plan
    d = len(m0)
    sigma = [[(1 - t) ** 2 * s00[i][j] + t * (1 - t) * (c[i][j] + c[j][i]) + t * t * s11[i][j]
              for j in range(d)] for i in range(d)]
    g = [[(1 - t) * c[j][i] + t * s11[i][j] - (1 - t) * s00[i][j] - t * c[i][j]
          for j in range(d)] for i in range(d)]
    mt = [(1 - t) * a + t * b for a, b in zip(m0, m1)]
    w = solve(sigma, [xi - mi for xi, mi in zip(x, mt)])
    return [m1[i] - m0[i] + sum(g[i][j] * w[j] for j in range(d)) for i in range(d)], mt


state = 88172645463325252


def noise():
    """A pseudo-random fraction in [-1, 1] (xorshift64)."""
    global state
    state ^= (state << 13) & 0xFFFFFFFFFFFFFFFF
    state ^= state >> 7
    state ^= (state << 17) & 0xFFFFFFFFFFFFFFFF
    return F(state % 2001 - 1000, 1000)


def decimal(q):
    return f"{float(round(q, 12)):.12f}" if abs(q) < 1e6 else str(float(q))


def write(name, plan, times, offsets, eps, value=None):
    d = len(plan[0])
    cols = ["t"] + (["x"] if d == 1 else [f"x{i+1}" for i in range(d)]) \
        + (["v"] if d == 1 else [f"v{i+1}" for i in range(d)])
    lines = ["# " + name + ": written by make.py", ",".join(cols)]
    for t in times:
        for off in offsets:
            v, mt = field(plan, t, [F(0)] * d)
            x = [mi + o for mi, o in zip(mt, off)]
            v, _ = field(plan, t, x)
            if value is not None:
                v = value(x)
            v = [vi + eps * noise() for vi in v]
            lines.append(",".join([str(t)] + [decimal(xi) for xi in x] + [decimal(vi) for vi in v]))
    with open(name, "w") as f:
        f.write("\n".join(lines) + "\n")


plan_2d = ([F(0), F(1, 2)], [F(1), F(0)],
           [[F(1), F(0)], [F(0), F(2)]], [[F(3), F(1)], [F(1), F(2)]],
           [[F(1, 2), F(0)], [F(1, 3), F(1, 4)]])
plan_1d = ([F(0)], [F(2)], [[F(1)]], [[F(4)]], [[F(1)]])
times = [F(1, 4), F(1, 2), F(3, 4)]
offsets_2d = [(F(a), F(b)) for a, b in [(1, 0), (0, 1), (-1, 0), (0, -1), (2, 1), (-1, 2), (-2, -1), (1, -2)]]
offsets_1d = [(F(a, 2),) for a in [-4, -3, -2, -1, 1, 2, 3, 4]]
write("gaussian-2d-noisy.csv", plan_2d, times, offsets_2d, F(1, 1000))
write("gaussian-1d-noisy.csv", plan_1d, times, offsets_1d, F(1, 1000))
write("quadratic-1d.csv", plan_1d, [F(1, 2)], offsets_1d, F(0), value=lambda x: [x[0] * x[0]])
