"""ifm-check against its peers, workload by workload, in one run.

Run through `benches/compare/run` (which sets up the pinned Python
environment and builds the release example). For each workload of issue 7
it runs ifm-check (`cargo run --release --example compare`, in-process
timings) and the peers on the same inputs, checks agreement, and prints a
Markdown table of medians and of the ratio ours / peer, measured pair by
pair in this run.

Agreement:
  W1  every sample point: the peer's value lies in our enclosure (arb: the
      ball's midpoint inside and the ball overlapping; mpmath: its value at
      the working precision plus 32 bits, inside).
  W2  the peers' solution C equals ours exactly (rationals).
  W3  the peers' rank of every block mod p equals ours.
  W4  POT's float map agrees with the midpoint of our enclosure to 1e-12.
  W5  no peer (our whole process, cold and warm).

Options: --quick (fewer points and repetitions, for a smoke run).
"""

import json
import os
import statistics
import subprocess
import sys
import time
from fractions import Fraction

import flint
import mpmath
import numpy as np
import ot
import sympy
from sympy.polys.domains import QQ
from sympy.polys.matrices import DomainMatrix

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLE = os.path.join(ROOT, "target", "release", "examples", "compare")
BINARY = os.path.join(ROOT, "target", "release", "ifm-check")
QUICK = "--quick" in sys.argv
SYMPY_TIMEOUT = 60 if QUICK else 900


def ours(*args, threads=None):
    """The `compare` example's JSON; `threads` sets RAYON_NUM_THREADS (the
    peers run on one core, so the comparisons use one thread too)."""
    env = dict(os.environ, RAYON_NUM_THREADS=str(threads)) if threads else None
    out = subprocess.run([EXAMPLE, *map(str, args)], check=True, capture_output=True, text=True, env=env)
    return json.loads(out.stdout)


def median(xs):
    return statistics.median(xs)


def timed(reps, work):
    times, result = [], None
    for _ in range(reps):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return times, result


def fmt_seconds(s):
    if s is None:
        return "-"
    if s >= 1:
        return f"{s:.2f} s"
    if s >= 1e-3:
        return f"{s * 1e3:.1f} ms"
    return f"{s * 1e6:.0f} µs"


ROWS = []


def row(workload, peer, our_s, peer_s, agreement):
    ratio = f"{our_s / peer_s:.3g}" if peer_s else "-"
    ROWS.append((workload, peer, fmt_seconds(our_s), fmt_seconds(peer_s), ratio, agreement))
    print(f"  {workload:<34} {peer:<26} ours {fmt_seconds(our_s):>9}  peer {fmt_seconds(peer_s):>9}  ratio {ratio:>7}  {agreement}", flush=True)


# --- W1: p_t, F_t, v_t of the three-component mixture ------------------------

MIXTURE = [  # data/plans/mixture-3.toml: weight, m0, m1, s00, s11, c
    (Fraction(1, 3), 0, 2, Fraction(1), Fraction(1, 4), Fraction(1, 4)),
    (Fraction(1, 2), 1, -1, Fraction(1, 2), Fraction(1), Fraction(0)),
    (Fraction(1, 6), -2, 1, Fraction(2), Fraction(3), Fraction(-1)),
]
T = Fraction(1, 2)


def component_constants(t):
    """Per component: weight, m_t, Sigma_t, the field's drift and slope."""
    out = []
    for w, m0, m1, s00, s11, c in MIXTURE:
        u = 1 - t
        mean = u * m0 + t * m1
        var = u * u * s00 + 2 * t * u * c + t * t * s11
        g = u * (c - s00) + t * (s11 - c)  # Cov(X1 - X0, X_t)
        out.append((w, mean, var, m1 - m0, g / var))
    return out


def grid(n):
    return [Fraction(-4) + Fraction(8 * i, n - 1) for i in range(n)]


def mixture_values(xs, consts, num, exp, erfc, sqrt, pi):
    """The closed forms, written once for both peers: `num` makes a peer
    number from a Fraction, the other arguments are the peer's functions."""
    pre = []
    for w, mean, var, drift, slope in consts:
        pre.append((num(w), num(mean), 1 / sqrt(num(var)), num(drift), num(slope)))
    inv_sqrt2 = 1 / sqrt(num(Fraction(2)))
    inv_sqrt2pi = 1 / sqrt(2 * pi)
    out = []
    for x in xs:
        p = f = flux = 0
        for w, mean, inv_sigma, drift, slope in pre:
            centred = x - mean
            z = centred * inv_sigma
            pi_ = exp(-(z * z) / 2) * inv_sqrt2pi * inv_sigma
            fi = erfc(-z * inv_sqrt2) / 2
            wp = w * pi_
            p += wp
            f += w * fi
            flux += wp * (drift + slope * centred)
        out.append((p, f, flux / p))
    return out


def arb_number(q):
    return flint.arb(q.numerator) / q.denominator


def mp_number(q):
    return mpmath.mpf(q.numerator) / q.denominator


def mixture_arb(xs, consts):
    """python-flint arb (at flint.ctx.prec)."""
    return mixture_values(xs, consts, arb_number, lambda a: a.exp(), lambda a: a.erfc(),
                          lambda a: a.sqrt(), flint.arb.pi())


def mixture_mpmath(xs, consts):
    """mpmath (at mpmath.mp.prec)."""
    return mixture_values(xs, consts, mp_number, mpmath.exp, mpmath.erfc, mpmath.sqrt, mpmath.pi)


def inside_mp(value, enclosure):
    lo, hi = mpmath.mpf(enclosure["lo"]), mpmath.mpf(enclosure["hi"])
    return lo <= value <= hi


def w1():
    n = 10_000 if QUICK else 100_000
    reps = 1 if QUICK else 5
    consts = component_constants(T)
    for bits in (128, 512):
        xs = grid(n)
        flint.ctx.prec = bits
        xs_arb = [arb_number(x) for x in xs]
        # ours and arb alternate, one run each per round, so that both see
        # the same machine (this machine's speed drifts by 20 % over minutes)
        our_times, times, parallel_times = [], [], []
        for _ in range(reps):
            data = ours("w1", bits, n, 1, threads=1)
            our_times += data["seconds"]
            t, values = timed(1, lambda: mixture_arb(xs_arb, consts))
            times += t
            parallel_times += ours("w1", bits, n, 1)["seconds"]
        our_s = median(our_times)
        sample_idx = [s["i"] for s in data["sample"]]
        bad = 0
        mpmath.mp.prec = bits + 64
        for s in data["sample"]:
            for v, key in zip(values[s["i"]], ["p", "f", "v"]):
                mid = mpmath.mpf(v.mid().str(bits // 3, radius=False))
                if not inside_mp(mid, s[key]):
                    bad += 1
        row(f"W1 mixture, {n:,} pts, {bits} bits", f"python-flint {flint.__version__} arb", our_s, median(times),
            f"{3 * len(sample_idx) - bad}/{3 * len(sample_idx)} arb midpoints in our enclosures" + (" FAIL" if bad else ""))
        row(f"W1 mixture, {n:,} pts, {bits} bits, ours on {os.cpu_count()} threads",
            f"python-flint {flint.__version__} arb", median(parallel_times), median(times), "(the same enclosures)")

        # mpmath at the same precision for the timing (a slice of the grid
        # when quick), then at +32 bits at the sample points for agreement
        mp_n = n if not QUICK else 2_000
        mpmath.mp.prec = bits
        xs_mp = [mp_number(x) for x in xs[:mp_n]]
        times_mp, _ = timed(1, lambda: mixture_mpmath(xs_mp, consts))
        peer_s = median(times_mp) * n / mp_n
        mpmath.mp.prec = bits + 32
        bad = 0
        for s in data["sample"]:
            x = mp_number(xs[s["i"]])
            for v, key in zip(mixture_mpmath([x], consts)[0], ["p", "f", "v"]):
                if not inside_mp(v, s[key]):
                    bad += 1
        note = "" if mp_n == n else f" (timed on {mp_n:,} points, scaled)"
        row(f"W1 mixture, {n:,} pts, {bits} bits", f"mpmath {mpmath.__version__}{note}", our_s, peer_s,
            f"{3 * len(sample_idx) - bad}/{3 * len(sample_idx)} mpmath values in our enclosures" + (" FAIL" if bad else ""))


# --- W2: exact Gaussian inversion from one field sample ----------------------

def parse_q(s):
    return Fraction(s)


def stacked_system(d, t, a, s00, s11):
    """The linear system of DESIGN/MATH section 2 in vec(C), row-major:
    t(1-t) [A (C + C^T)]_ij - (1-t) C_ji + t C_ij = -(A P)_ij + t S11_ij - (1-t) S00_ij,
    with P = (1-t)^2 S00 + t^2 S11."""
    u = 1 - t
    p = [[u * u * s00[i][j] + t * t * s11[i][j] for j in range(d)] for i in range(d)]
    ap = [[sum(a[i][k] * p[k][j] for k in range(d)) for j in range(d)] for i in range(d)]
    rows, rhs = [], []
    for i in range(d):
        for j in range(d):
            r = [Fraction(0)] * (d * d)
            for k in range(d):
                c = a[i][k] * t * u
                r[k * d + j] += c
                r[j * d + k] += c
            r[j * d + i] -= u
            r[i * d + j] += t
            rows.append(r)
            rhs.append(-ap[i][j] + t * s11[i][j] - u * s00[i][j])
    return rows, rhs


def w2():
    dims = (4, 8) if QUICK else (4, 8, 16, 32)
    for d in dims:
        data = ours("w2", d, 3 if d < 32 else 1)
        our_s = median(data["seconds"])
        t = parse_q(data["t"])
        m = lambda key: [[parse_q(x) for x in r] for r in data[key]]
        a, s00, s11, c = m("a"), m("s00"), m("s11"), m("c")
        rows, rhs = stacked_system(d, t, a, s00, s11)
        expected = [x for r in c for x in r]

        n = d * d
        fm = flint.fmpq_mat(n, n, [flint.fmpq(x.numerator, x.denominator) for r in rows for x in r])
        fb = flint.fmpq_mat(n, 1, [flint.fmpq(x.numerator, x.denominator) for x in rhs])
        for algorithm in ("fflu", "dixon"):
            times, sol = timed(1, lambda: fm.solve(fb, algorithm=algorithm))
            got = [Fraction(int(sol[i, 0].p), int(sol[i, 0].q)) for i in range(n)]
            row(f"W2 inversion, D = {d}", f"python-flint fmpq_mat ({algorithm})", our_s, median(times),
                "C equal" if got == expected else "FAIL: C differs")
            row(f"W2 solve only, D = {d}", f"python-flint fmpq_mat ({algorithm})", median(data["solve_seconds"]),
                median(times), "C equal" if got == expected else "FAIL: C differs")

        if d <= 16:
            # SymPy in a process of its own with its pure-Python ground types:
            # beside python-flint, SymPy would otherwise hand DomainMatrix to
            # flint (measured above already)
            job = json.dumps({"rows": [[str(x) for x in r] for r in rows], "rhs": [str(x) for x in rhs]})
            env = dict(os.environ, SYMPY_GROUND_TYPES="python")
            try:
                out = subprocess.run([sys.executable, __file__, "--sympy-solve"], input=job, text=True,
                                     capture_output=True, env=env, check=True, timeout=SYMPY_TIMEOUT)
                result = json.loads(out.stdout)
                got = [Fraction(x) for x in result["solution"]]
                row(f"W2 inversion, D = {d}", f"SymPy {sympy.__version__} DomainMatrix ({result['ground_types']})",
                    our_s, result["seconds"], "C equal" if got == expected else "FAIL: C differs")
            except subprocess.TimeoutExpired:
                row(f"W2 inversion, D = {d}", f"SymPy {sympy.__version__} DomainMatrix (python)", our_s,
                    None, f"stopped after {SYMPY_TIMEOUT} s (ratio < {our_s / SYMPY_TIMEOUT:.4f})")


def sympy_solve():
    """Reads a system on stdin, solves it with DomainMatrix over QQ, prints
    the solution and the time of the solve."""
    job = json.loads(sys.stdin.read())
    n = len(job["rows"])
    q = lambda s: QQ(*map(int, (s.split("/") + ["1"])[:2]))
    dm = DomainMatrix([[q(x) for x in r] for r in job["rows"]], (n, n), QQ)
    db = DomainMatrix([[q(x)] for x in job["rhs"]], (n, 1), QQ)
    start = time.perf_counter()
    sol = dm.lu_solve(db)
    seconds = time.perf_counter() - start
    values = [str(v) for v in sol.to_Matrix()]
    from sympy.external.gmpy import GROUND_TYPES
    print(json.dumps({"seconds": seconds, "solution": values, "ground_types": GROUND_TYPES}))


# --- W3: atlas ranks ----------------------------------------------------------

def w3():
    for d, k in ((2, 10), (3, 8), (4, 6), (5, 5)):
        data = ours("w3", d, k, 3)
        p = data["prime"]
        blocks = data["blocks"]

        def ranks():
            out = []
            for b in blocks:
                rows = b["rows"]
                mat = flint.nmod_mat(len(rows), b["cols"], [x % p for r in rows for x in r], p)
                out.append(mat.rank())
            return out

        times, got = timed(3, ranks)
        agree = all(g == b["rank"] for g, b in zip(got, blocks))
        # the kernel dimensions from the ranks, degree by degree
        kernel = [0] * (k + 1)
        for b, r in zip(blocks, got):
            kernel[b["degree"]] += b["cols"] - r
        agree = agree and kernel == data["kernel_dims"]
        verdict = f"all {len(blocks)} block ranks equal" if agree else "FAIL"
        row(f"W3 atlas rank, D = {d}, k <= {k}", f"python-flint nmod_mat rank", median(data["rank_seconds"]),
            median(times), verdict + " (ours: rank mod p only)")
        row(f"W3 atlas certified, D = {d}, k <= {k}", f"python-flint nmod_mat rank", median(data["certified_seconds"]),
            median(times), "(ours: kernel vectors exact + minors)")

        # the fair peer: the same certificate content as ours, for each block
        # an exact integer kernel basis and the rank, of the field-and-density
        # equations and of the density equations alone (fmpz_mat.nullspace,
        # then rank, twice), as `atlas` certifies both dimensions
        def kernels():
            out = []
            for b in blocks:
                found = []
                for rows in (b["rows"], b["density_rows"]):
                    mat = flint.fmpz_mat(len(rows), b["cols"], [x for r in rows for x in r])
                    _, nullity = mat.nullspace()
                    found.append((nullity, mat.rank()))
                out.append(found[0])
            return out

        times, got = timed(3, kernels)
        agree = all(n == b["cols"] - b["rank"] and r == b["rank"] for (n, r), b in zip(got, blocks))
        kernel = [0] * (k + 1)
        for b, (n, _) in zip(blocks, got):
            kernel[b["degree"]] += n
        agree = agree and kernel == data["kernel_dims"]
        verdict = f"all {len(blocks)} exact nullities equal ours" if agree else "FAIL"
        row(f"W3 atlas certified, D = {d}, k <= {k}", "python-flint fmpz_mat nullspace + rank",
            median(data["certified_seconds"]), median(times), verdict)


# --- W4: the monotone map T ---------------------------------------------------

def w4():
    n = 10_000
    data = ours("w4", n, 3)
    # data/plans/gaussian-1d.toml, as floats: the monotone map between the marginals
    f = lambda key: float(Fraction(data[key]))
    ms, mt = np.array([f("m0")]), np.array([f("m1")])
    cs, ct = np.array([[f("s00")]]), np.array([[f("s11")]])
    xs = np.linspace(-3.0, 3.0, n)

    def pot_map():
        a, b = ot.gaussian.bures_wasserstein_mapping(ms, mt, cs, ct)
        return xs[:, None] @ a + b

    times, mapped = timed(5, pot_map)
    worst = 0.0
    for s in data["sample"]:
        mid = (float(s["t"]["lo"]) + float(s["t"]["hi"])) / 2
        worst = max(worst, abs(mid - float(mapped[s["i"], 0])))
    row(f"W4 monotone map T, {n:,} pts", f"POT {ot.__version__} (floats)", median(data["seconds"]), median(times),
        f"max |ours - POT| = {worst:.1e}" + ("" if worst < 1e-12 else " FAIL"))


# --- W5: certify on proofs/ ---------------------------------------------------

def w5():
    run = lambda: subprocess.run([BINARY, "certify", "proofs"], cwd=ROOT, capture_output=True, check=True)
    cold, _ = timed(1, run)
    warm, _ = timed(5, run)
    row("W5 certify proofs/ (cold)", "-", cold[0], None, "all at expected verdicts")
    row("W5 certify proofs/ (warm, median of 5)", "-", median(warm), None, "all at expected verdicts")


def main():
    print(f"ifm-check peer comparison ({'quick' if QUICK else 'full'}), {time.strftime('%Y-%m-%d')}")
    # `run w3` (or any of w1..w5) runs only the workloads named
    chosen = [a for a in sys.argv[1:] if a in ("w1", "w2", "w3", "w4", "w5")]
    for work in (w1, w2, w3, w4, w5):
        if not chosen or work.__name__ in chosen:
            work()
    print()
    print("| workload | peer | ifm-check | peer | ours / peer | agreement |")
    print("|---|---|---:|---:|---:|---|")
    for r in ROWS:
        print("| " + " | ".join(r) + " |")
    if any("FAIL" in r[-1] for r in ROWS):
        sys.exit(1)


if __name__ == "__main__":
    if "--sympy-solve" in sys.argv:
        sympy_solve()
    else:
        main()
