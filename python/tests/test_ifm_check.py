"""The Python package against the command line's JSON, against independent
mpmath values, and on bad input. Run by `make test` (python/README.md)."""

import json
import math
import os
import subprocess
from fractions import Fraction

import mpmath
import numpy as np
import pytest

import ifm_check as ic

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PLANS = os.path.join(ROOT, "data", "plans")
FIELDS = os.path.join(ROOT, "data", "fields")


def binary():
    """The command line (the binary `make test` built; IFM_CHECK_BIN
    overrides)."""
    return os.environ.get("IFM_CHECK_BIN") or next(
        p
        for p in (os.path.join(ROOT, "target", d, "ifm-check") for d in ("debug", "release"))
        if os.path.exists(p)
    )


def cli(*args):
    """The command line's JSON for the same inputs."""
    out = subprocess.run([binary(), *args, "--json"], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def cli_error(*args):
    """The command line's exit status and error text for a request, without
    the program's name."""
    out = subprocess.run([binary(), *args], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode != 0, out.stdout
    text = out.stderr.strip()
    assert text.startswith("ifm-check: "), text
    return out.returncode, text[len("ifm-check: "):]


def python_error(call):
    """The Python exception's class and text for the same request."""
    with pytest.raises(ic.IfmError) as info:
        call()
    return type(info.value), str(info.value)


def test_the_two_front_doors_word_errors_alike():
    """The same requests through the command line and through Python: the
    same error text (the front door words it once), bad input an
    `InputError` (exit 2), a refused request an `IfmError` (exit 2), no
    Gaussian plan a `NoGaussianPlan` (exit 1)."""
    mixture = "data/plans/mixture-3.toml"
    cases = [
        (["transport", mixture, "--t", "3/2", "--x", "0"], lambda: ic.load_plan(mixture).transport("3/2", 0), ic.InputError),
        (["transport", mixture, "--x", "0", "--prec", "8"], lambda: ic.load_plan(mixture).transport(1, 0, prec=8), ic.InputError),
        (["field", mixture, "--t", "1/2", "--x", "0", "--prec", "70000"], lambda: ic.load_plan(mixture).p_t("1/2", 0, prec=70000), ic.InputError),
        (["transport", "data/plans/flip-2d.toml", "--x", "0,0"], lambda: ic.load_plan("data/plans/flip-2d.toml").transport(1, [0, 0]), ic.IfmError),
        (["transport", "data/plans/uniform.toml", "--t", "1/2", "--x", "0"], lambda: ic.load_plan("data/plans/uniform.toml").transport("1/2", 0), ic.IfmError),
        (["field", "data/plans/discrete-swap.toml", "--t", "1/2", "--x", "0"], lambda: ic.load_plan("data/plans/discrete-swap.toml").p_t("1/2", 0), ic.InputError),
        (["field", "data/plans/gaussian-2d.toml", "--t", "1/2", "--x", "1,2,3"], lambda: ic.load_plan("data/plans/gaussian-2d.toml").velocity("1/2", [1, 2, 3]), ic.InputError),
        (["atlas", "--dim", "9", "--degree", "2"], lambda: ic.atlas(9, 2), ic.InputError),
        (["invert", "data/fields/inconsistent-1d.toml"], lambda: ic.invert_file("data/fields/inconsistent-1d.toml"), ic.NoGaussianPlan),
    ]
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        for args, call, kind in cases:
            status, cli_text = cli_error(*args)
            py_kind, py_text = python_error(call)
            assert py_text == cli_text, (args, py_text, cli_text)
            assert py_kind is kind, (args, py_kind)
            assert status == (1 if kind is ic.NoGaussianPlan else 2), (args, status)
    finally:
        os.chdir(cwd)


# ------------------------------------------------------------ exact numbers


def test_numbers_are_taken_exactly():
    assert ic.exact(0.1) == Fraction(3602879701896397, 36028797018963968)
    assert ic.exact("0.1") == Fraction(1, 10)
    assert ic.exact(Fraction(1, 3)) == Fraction(1, 3)
    assert ic.exact(np.float32(0.1)) == Fraction(float(np.float32(0.1)))
    assert ic.exact("1e-3") == Fraction(1, 1000)
    plan = ic.GaussianPlan(0.1, "1/3", 1, 4, 1)
    assert plan.to_dict()["m0"] == ["3602879701896397/36028797018963968"]
    assert plan.to_dict()["m1"] == ["1/3"]


def test_gaussian_field_is_exact_and_matches_the_cli():
    plan = ic.load_plan(os.path.join(PLANS, "gaussian-2d.toml"))
    field = plan.field("1/3")
    doc = cli("field", "data/plans/gaussian-2d.toml", "--t", "1/3", "--x", "1,-1")
    assert field.a_t == [[Fraction(x) for x in row] for row in doc["a_t"]]
    assert field.b_t == [Fraction(x) for x in doc["b_t"]]
    assert field.sigma_t == [[Fraction(x) for x in row] for row in doc["sigma_t"]]
    assert all(isinstance(x, Fraction) for row in field.a_t for x in row)
    assert plan.velocity("1/3", [1, -1]) == [Fraction(x) for x in doc["v_t"]]
    assert field.velocity([1, -1]) == plan.velocity("1/3", [1, -1])
    many = plan.velocity("1/3", np.array([[1.0, -1.0], [0.0, 0.0]]))
    assert list(many[0]) == [Fraction(x) for x in doc["v_t"]] and len(many) == 2
    assert field.a_t.to_numpy().shape == (2, 2)


def test_singular_sigma_is_an_answer():
    field = ic.load_plan(os.path.join(PLANS, "collapse-1d.toml")).field("1/2")
    assert field.a_t is None and "singular" in field.singular
    with pytest.raises(ic.IfmError):
        field.velocity(0)


# ------------------------------------------------------------ enclosures


def test_mixture_enclosures_agree_with_the_cli():
    plan = ic.load_plan(os.path.join(PLANS, "mixture-3.toml"))
    doc = cli("field", "data/plans/mixture-3.toml", "--t", "1/2", "--x", "-4:4:9")
    xs = [Fraction(p["x"]) for p in doc["points"]]
    for key, method in (("p_t", plan.p_t), ("f_t", plan.F_t), ("v_t", plan.v_t)):
        ours = method("1/2", xs)
        for x, mine, theirs in zip(xs, ours, (p[key] for p in doc["points"])):
            # the CLI prints the same enclosure, its decimals rounded outward
            assert Fraction(theirs["lo"]) <= mine.lo_fraction <= mine.hi_fraction <= Fraction(theirs["hi"]), (key, x)
    phis = cli("transport", "data/plans/mixture-3.toml", "--x", "0.5")["points"][0]["phi"]
    mine = plan.transport(1, "0.5")
    assert Fraction(phis["lo"]) <= mine.lo_fraction <= mine.hi_fraction <= Fraction(phis["hi"])


def _mixture_reference(components, t, x):
    """p_t and v_t of a one-dimensional Gaussian mixture, by mpmath at 60
    digits from the formulas (independent of the engine)."""
    mpmath.mp.dps = 60
    t, x = mpmath.mpf(t.numerator) / t.denominator, mpmath.mpf(x)
    p = v_num = mpmath.mpf(0)
    for w, m0, m1, s00, s11, c in components:
        w, m0, m1, s00, s11, c = (mpmath.mpf(Fraction(q).numerator) / Fraction(q).denominator for q in (w, m0, m1, s00, s11, c))
        m = (1 - t) * m0 + t * m1
        var = (1 - t) ** 2 * s00 + 2 * t * (1 - t) * c + t**2 * s11
        g = -(1 - t) * s00 + (1 - 2 * t) * c + t * s11
        density = w * mpmath.npdf(x, m, mpmath.sqrt(var))
        p += density
        v_num += density * ((m1 - m0) + g / var * (x - m))
    return p, v_num / p


def test_intervals_contain_independent_mpmath_values():
    components = [("1/3", 0, 2, 1, "1/4", "1/4"), ("1/2", 1, -1, "1/2", 1, 0), ("1/6", -2, 1, 2, 3, -1)]
    plan = ic.GaussianMixturePlan(components)
    assert plan.to_dict() == ic.load_plan(os.path.join(PLANS, "mixture-3.toml")).to_dict()
    for t in (Fraction(1, 4), Fraction(1, 2), Fraction(9, 10)):
        for x in (-3, -0.5, 0, 1.25, 4):
            p_ref, v_ref = _mixture_reference(components, t, x)
            p, v = plan.p_t(t, x, prec=200), plan.v_t(t, x, prec=200)
            # the reference carries 60 digits: it lies in the enclosure widened by 1e-55
            ball = Fraction(1, 10**55)
            assert p.lo_fraction - ball <= ic.exact(p_ref) <= p.hi_fraction + ball, (t, x)
            assert v.lo_fraction - ball <= ic.exact(v_ref) <= v.hi_fraction + ball, (t, x)
            assert p.width < Fraction(1, 10**50) and v.width < Fraction(1, 10**50)
    # lo and hi are the exact ends as mpmath numbers
    p = plan.p_t("1/2", 0)
    assert isinstance(p.lo, mpmath.mpf) and ic.exact(p.lo) == p.lo_fraction
    assert p.lo_float() <= p.lo_fraction and p.hi_float() >= p.hi_fraction


def test_the_arguments_that_abort_mpfr_do_not_kill_the_interpreter():
    """At x = 3/2, t = 1/2 the second component of mixture-3 evaluates the
    normal CDF at sqrt(3) (as erfc(-sqrt(3))), which makes MPFR 4.2.2's erf
    abort at 1,021 to 1,029 bits; the package encloses it by its own series."""
    plan = ic.load_plan(os.path.join(PLANS, "mixture-3.toml"))
    mpmath.mp.prec = 2200
    try:
        components = [(Fraction(1, 3), 1, Fraction(7, 16)), (Fraction(1, 2), 0, Fraction(3, 8)), (Fraction(1, 6), Fraction(-1, 2), Fraction(3, 4))]
        f_ref = sum(
            mpmath.mpf(w.numerator) / w.denominator * mpmath.ncdf(mpmath.mpf(3) / 2, mpmath.mpf(m.numerator) / m.denominator, mpmath.sqrt(mpmath.mpf(s.numerator) / s.denominator))
            for w, m, s in components
        )
        for prec in (1021, 1024, 1029, 2048):
            f = plan.F_t("1/2", "3/2", prec=prec)
            ball = Fraction(1, 2**2100)
            assert f.lo_fraction - ball <= ic.exact(f_ref) <= f.hi_fraction + ball, prec
            assert f.width < Fraction(1, 2 ** (prec - 16)), prec
    finally:
        mpmath.mp.prec = 53


def test_uniform_values_are_exact_points():
    plan = ic.IndependentUniformPlan(0, 1, 2, 5)
    assert plan.F_t("1/2", 2).exact == Fraction(1, 2)
    assert plan.v_t("1/2", [Fraction(3, 2), 2]) == [ic.Interval(2, 2), ic.Interval(3, 3)]


def test_discrete_atoms():
    plan = ic.DiscretePlan([(0, 1, "1/2"), (1, 0, "1/2")])
    assert plan.atoms("1/2") == [(Fraction(1, 2), Fraction(1), Fraction(0))]
    with pytest.raises(ic.IfmError, match="atoms"):
        plan.p_t("1/2", 0)


# ------------------------------------------------------------ inversion


def test_the_three_outcomes_of_inversion():
    unique = ic.invert_file(os.path.join(FIELDS, "gaussian-2d.toml"))
    assert isinstance(unique, ic.GaussianPlan)
    assert unique.to_dict()["c"] == [["1/2", "0"], ["1/3", "1/4"]]
    # the same samples given as Python values
    original = ic.load_plan(os.path.join(PLANS, "gaussian-1d.toml"))
    d = original.to_dict()
    samples = []
    for t in ("1/4", "3/4"):
        f = original.field(t)
        samples.append({"t": t, "a": f.a_t, "b": f.b_t})
    again = ic.invert(samples, m0=d["m0"], m1=d["m1"], s00=d["s00"], s11=d["s11"])
    assert again.to_dict() == d
    under = ic.invert_file(os.path.join(FIELDS, "single-time-1d.toml"))
    assert isinstance(under, ic.Underdetermined) and under.free_dimensions == 1
    for name in ("inconsistent-1d.toml", "not-psd-1d.toml"):
        with pytest.raises(ic.NoGaussianPlan, match="no Gaussian plan|not positive semidefinite"):
            ic.invert_file(os.path.join(FIELDS, name))


# ------------------------------------------------------------ bad input


@pytest.mark.parametrize(
    "make, match",
    [
        (lambda: ic.GaussianPlan([0, 0], [0, 0], [[1, "1/2"], [0, 1]], [[1, 0], [0, 1]], [[0, 0], [0, 0]]), "s00"),
        (lambda: ic.GaussianPlan(0, "1/0", 1, 1, 0), "m1"),
        (lambda: ic.GaussianPlan(0, float("nan"), 1, 1, 0), "m1"),
        (lambda: ic.GaussianPlan(0, True, 1, 1, 0), "m1"),
        (lambda: ic.GaussianPlan(0, 0, 1, 1, 2), "joint covariance|not positive semidefinite"),
        (lambda: ic.GaussianMixturePlan([("1/2", 0, 0, 1, 1, 0)]), "weight|sum"),
        (lambda: ic.load_plan(os.path.join(PLANS, "no-such-plan.toml")), "no-such-plan.toml"),
        (lambda: ic.invert([], m0=0, m1=0, s00=1, s11=1), "sample"),
        (lambda: ic.load_plan(os.path.join(PLANS, "mixture-3.toml")).p_t("1/2", 0, prec=10**7), "prec"),
        (lambda: ic.load_plan(os.path.join(PLANS, "mixture-3.toml")).p_t("2", 0), "outside"),
        (lambda: ic.atlas(0, 3), "dim"),
    ],
)
def test_bad_input_raises_with_the_cli_message(make, match):
    with pytest.raises(ic.IfmError, match=match):
        make()


def test_a_two_dimensional_point_is_needed_for_a_two_dimensional_density():
    plan = ic.load_plan(os.path.join(PLANS, "rotation.toml"))
    with pytest.raises(ic.InputError, match="2 coordinates"):
        plan.p_t("1/2", 0)
    assert plan.p_t("1/2", [0, 0]).lo_fraction > 0


def test_plan_file_errors_name_file_line_and_field(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('kind = "gaussian"\nm0 = ["0"]\nm1 = ["1"]\ns00 = [["1"]]\ns11 = [["x"]]\nc = [["0"]]\n')
    with pytest.raises(ic.InputError, match=r"bad.toml:5.*s11"):
        ic.load_plan(bad)


# ------------------------------------------------------------ atlas, proofs


def test_atlas_matches_its_closed_forms():
    rows = ic.atlas(2, 4)
    assert [r.degree for r in rows] == [0, 1, 2, 3, 4]
    assert all(r.kernel_dim == r.closed_form_kernel_dim for r in rows)
    assert all(r.density_only_kernel_dim == r.closed_form_density_only_kernel_dim for r in rows)


def test_certify_then_verify_independently():
    certs = ic.certify(os.path.join(ROOT, "proofs", "gaussian-inverse.toml"))
    assert certs and all(c["verdict"] == c["expected"] for c in certs)
    report = ic.verify(certs)
    assert len(report) == len(certs) and all(r["ok"] for r in report)
    tampered = json.loads(json.dumps(certs))
    flip = next(c for c in tampered if c["verdict"] == "certified")
    flip["verdict"] = "refuted"
    assert not all(r["ok"] for r in ic.verify(tampered))


# ------------------------------------------------------------ a trained field


def test_field_error_of_a_gaussian_model_is_exact():
    plan = ic.GaussianPlan(0, 2, 1, 4, 1)
    t = Fraction(1, 2)
    exact_field = plan.field(t)
    xs = np.linspace(-3.0, 3.0, 25)

    def model(x):
        out = np.array([float(exact_field.velocity([Fraction(float(xi))])[0]) for xi in x])
        out[7] += 0.125
        return out

    result = ic.field_error(plan, model, t, xs)
    us = model(xs)
    expected = max(abs(Fraction(float(u)) - exact_field.velocity([Fraction(float(x))])[0]) for x, u in zip(xs, us))
    # exact in D = 1: the bound holds the exact distance, rounded outward once
    assert result.bound.contains(expected) and result.bound.width < Fraction(1, 2**120)
    assert result.worst == 7 and result.x == xs[7]


def test_field_error_of_a_mixture_contains_the_mpmath_value():
    components = [("1/3", 0, 2, 1, "1/4", "1/4"), ("1/2", 1, -1, "1/2", 1, 0), ("1/6", -2, 1, 2, 3, -1)]
    plan = ic.GaussianMixturePlan(components)
    t = Fraction(1, 2)
    xs = np.linspace(-2.0, 2.0, 9)

    def model(x):  # a perturbed copy of the true field, from mpmath
        return np.array([float(_mixture_reference(components, t, xi)[1]) + 0.01 * xi for xi in x])

    result = ic.field_error(plan, model, t, xs, prec=160)
    us = model(xs)
    mpmath.mp.dps = 60
    errors = [abs(mpmath.mpf(u) - _mixture_reference(components, t, x)[1]) for x, u in zip(xs, us)]
    reference = max(errors)
    assert result.bound.lo_fraction <= ic.exact(reference) + Fraction(1, 10**50)
    assert ic.exact(reference) - Fraction(1, 10**50) <= result.bound.hi_fraction
    assert result.bound.width < Fraction(1, 10**40)
    assert result.worst == errors.index(reference)


def test_field_error_in_two_dimensions_and_without_numpy_shapes():
    plan = ic.load_plan(os.path.join(PLANS, "rotation.toml"))
    field = plan.field("1/2")
    # the field of the other rotation: off by 4|x| (v = 2Rx against 2R^T x)
    other = ic.load_plan(os.path.join(PLANS, "rotation-minus.toml")).field("1/2")

    def model(points):
        return np.array([[float(c) for c in other.velocity(list(p))] for p in points])

    result = ic.field_error(plan, model, "1/2", np.array([[1.0, 0.0], [3.0, 4.0]]))
    assert result.worst == 1 and result.bound.contains(20)
    assert field.velocity([3, 4]) != other.velocity([3, 4])
    with pytest.raises(ic.IfmError, match="shape"):
        ic.field_error(plan, lambda p: np.zeros(3), "1/2", np.array([[1.0, 0.0]]))
    with pytest.raises(ic.IfmError, match="not finite"):
        ic.field_error(plan, lambda p: np.full(p.shape, np.nan), "1/2", np.array([[1.0, 0.0]]))


def test_the_example_runs(tmp_path):
    import sys

    out = subprocess.run(
        [sys.executable, os.path.join(ROOT, "python", "examples", "field_error.py"), str(tmp_path / "plot.png")],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert out.returncode == 0, out.stderr
    assert "max |model - v_t| over 401 points is in Interval(" in out.stdout


def test_values_in_one_pass_equal_the_separate_calls():
    plan = ic.load_plan(os.path.join(PLANS, "mixture-3.toml"))
    p, f, v = plan.values("1/3", "0.7")
    assert (p, f, v) == (plan.p_t("1/3", "0.7"), plan.F_t("1/3", "0.7"), plan.v_t("1/3", "0.7"))
    assert repr(p).startswith("Interval('") and p.lo_float() <= p.lo_fraction


def test_decimal_ends_are_rounded_outward():
    import random

    rng = random.Random(7)
    for _ in range(2000):
        q = Fraction(rng.randint(-10**30, 10**30), rng.randint(1, 10**rng.randint(0, 40)))
        digits = rng.randint(2, 45)
        down, up = ic._decimal_text(q, True, digits), ic._decimal_text(q, False, digits)
        assert Fraction(down) <= q <= Fraction(up), (q, digits, down, up)
        assert Fraction(up) - Fraction(down) <= abs(q) * Fraction(2, 10 ** (digits - 1)) or q == 0


def test_a_model_that_writes_into_its_argument_does_not_move_the_points():
    plan = ic.GaussianPlan(0, 0, 1, 1, 0)  # v_t = a_t x, a_{1/2} = 0: the field is 0 at t = 1/2

    def model(x):
        x *= 1000.0  # a careless in-place operation
        return np.zeros_like(x)

    result = ic.field_error(plan, model, "1/2", np.array([1.0, 2.0]))
    assert result.bound.exact == 0 and result.x == 1.0
    column = ic.field_error(plan, lambda x: np.zeros((len(x), 1)), "1/2", np.array([1.0, 2.0]))
    assert column.bound.exact == 0


def test_constructor_errors_name_the_constructor_and_the_field_not_a_line():
    with pytest.raises(ic.InputError) as e:
        ic.GaussianPlan(0, 0, 1, 1, float("nan"))
    assert str(e.value).startswith("GaussianPlan(...): c:"), str(e.value)
    with pytest.raises(ic.InputError) as e:
        ic.GaussianPlan(0, 0, 1, 1, 2)
    assert str(e.value).startswith("GaussianPlan(...): field `c`") or str(e.value).startswith("GaussianPlan(...): field 'c'"), str(e.value)
    with pytest.raises(ic.InputError) as e:
        ic.DiscretePlan([(0, 1, "1/3")])
    assert str(e.value).startswith("DiscretePlan(...): ") and ":1:" not in str(e.value), str(e.value)


def test_model_outputs_are_taken_exactly_whatever_their_type():
    g = ic.load_plan(os.path.join(PLANS, "gaussian-1d.toml"))  # v_{1/2}(0) = 8/7
    exact_out = ic.field_error(g, lambda xs: [Fraction(8, 7)] * len(xs), "1/2", [0.0])
    assert exact_out.bound.contains(0) and exact_out.bound.width < Fraction(1, 2**120)
    big = ic.field_error(g, lambda xs: np.array([2**53 + 1], dtype=object), "1/2", [0.0])
    assert big.bound.contains(2**53 + 1 - Fraction(8, 7))
    wide = np.longdouble(1) / np.longdouble(3)
    if Fraction(*wide.as_integer_ratio()) != Fraction(float(wide)):  # longdouble wider than float64
        long = ic.field_error(g, lambda xs: np.array([wide], dtype=np.longdouble), "1/2", [0.0])
        assert long.bound.contains(abs(Fraction(*wide.as_integer_ratio()) - Fraction(8, 7)))


def test_the_points_checked_are_the_points_the_model_saw():
    g = ic.load_plan(os.path.join(PLANS, "gaussian-1d.toml"))
    field = g.field("1/2")
    xs = np.array([0.0, 1.0])

    def model(a):
        out = np.array([float(field.velocity([Fraction(v)])[0]) for v in a])
        xs[:] = 1000.0  # the caller's array, changed behind our back
        return out

    result = ic.field_error(g, model, "1/2", xs)
    assert result.bound.hi_fraction < Fraction(1, 10**15) and result.x in (0.0, 1.0)


@pytest.mark.parametrize(
    "call, kind",
    [
        (lambda: ic.exact("1/0"), ic.InputError),
        (lambda: ic.exact(""), ic.InputError),
        (lambda: ic.exact("abc"), ic.InputError),
        (lambda: ic.exact("1e999999999"), ic.InputError),
        (lambda: ic.Interval("1/0", 1), ic.InputError),
        (lambda: ic.load_plan(os.path.join(PLANS, "gaussian-1d.toml")).p_t("1/2", 0, prec=2**32), ic.InputError),
        (lambda: ic.load_plan(os.path.join(PLANS, "gaussian-1d.toml")).p_t("1/2", 0, prec=-1), ic.InputError),
        (lambda: ic.atlas(-1, 2), ic.InputError),
        (lambda: ic.atlas(2.7, 2), ic.InputError),
        (lambda: ic.field_error(ic.load_plan(os.path.join(PLANS, "gaussian-1d.toml")), lambda a: a, "1/2", ["a", "b"]), ic.InputError),
        (lambda: ic.field_error(ic.load_plan(os.path.join(PLANS, "gaussian-1d.toml")), lambda a: a, "1/2", [[1.0, 2.0]]), ic.InputError),
        (lambda: ic.field_error(ic.load_plan(os.path.join(PLANS, "gaussian-1d.toml")), lambda a: np.array(["x"]), "1/2", [1.0]), ic.IfmError),
        (lambda: ic.field_error(ic.load_plan(os.path.join(PLANS, "gaussian-1d.toml")), lambda a: [[1, 2], [3]], "1/2", [1.0, 2.0]), ic.IfmError),
        (lambda: ic.verify(b"{}"), ic.InputError),
        (lambda: ic.verify(42), ic.InputError),
        (lambda: ic.GaussianMixturePlan([("1", 0, 2, 1, 1, 0, 99)]), ic.InputError),
        (lambda: ic.load_plan(os.path.join(PLANS, "gaussian-1d.toml")).p_t("1/3", np.linspace(-3, 3, 20000), prec=65536), ic.InputError),
    ],
)
def test_hostile_arguments_raise_the_package_s_errors(call, kind):
    with pytest.raises(kind):
        call()


def test_huge_exact_results_and_ends_beyond_floats():
    g = ic.load_plan(os.path.join(PLANS, "gaussian-1d.toml"))
    v = g.velocity("1/2", "1e-5000")  # a rational with thousands of digits
    assert v == Fraction(6, 7) * Fraction(1, 10**5000) + Fraction(8, 7)
    assert repr(g.p_t("1/2", 200)).startswith("Interval(")
    far = ic.field_error(g, lambda a: a * 0 + 1e308, "1/2", [-1e308])
    assert far.bound.hi_float() == math.inf or far.bound.hi_float() >= float(far.bound.hi_fraction)


def test_a_binary_field_file_is_bad_input(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_bytes(b"\xff\xfe\x00binary")
    with pytest.raises(ic.InputError, match="UTF-8"):
        ic.invert_file(bad)


# ---------------------------------------------------------------- learned fields

PLAN_2D = dict(m0=["0", "1/2"], m1=["1", "0"], s00=[["1", "0"], ["0", "2"]], s11=[["3", "1"], ["1", "2"]])
C_2D = [[Fraction(1, 2), Fraction(0)], [Fraction(1, 3), Fraction(1, 4)]]


def _true_plan():
    return ic.GaussianPlan(c=[[str(x) for x in row] for row in C_2D], **PLAN_2D)


def _field_values(plan, times, xs):
    """The exact field at the points, as float64 (what a model would print)."""
    return np.array([[[float(c) for c in v] for v in plan.velocity(t, xs)] for t in times])


def test_consistent_plans_contain_the_true_plan_and_shrink_with_the_perturbation():
    plan = _true_plan()
    times = ["1/4", "1/2", "3/4"]
    rng = np.random.default_rng(7)
    xs = rng.uniform(-2, 2, size=(12, 2))
    exact_values = _field_values(plan, times, xs)
    widths = []
    for eps in (1e-3, 1e-5):
        noisy = exact_values + rng.uniform(-eps, eps, size=exact_values.shape)
        # the float rounding of the exact values is below 1e-15
        r = ic.consistent_plans(PLAN_2D, times, xs, noisy, eps * 1.000001)
        assert not r.empty
        for i in range(2):
            for j in range(2):
                assert r.lo[i][j] <= C_2D[i][j] <= r.hi[i][j]
        lo, hi = r.lo_float(), r.hi_float()
        assert np.all(lo <= np.array(C_2D, dtype=float)) and np.all(np.array(C_2D, dtype=float) <= hi)
        widths.append(float(np.max(hi - lo)))
        assert r.distance.lo_fraction <= r.distance.hi_fraction <= Fraction(eps) * 2
    # a hundredth of the perturbation, about a hundredth of the width
    assert 30 < widths[0] / widths[1] < 300


def test_a_model_callable_returning_float32_is_called_per_time_and_taken_exactly():
    plan = _true_plan()
    calls = []

    def model(t, x):
        calls.append(t)
        assert isinstance(t, float) and x.dtype == np.float64
        v = np.array([[float(c) for c in row] for row in plan.velocity(Fraction(t), x)])
        return v.astype(np.float32)

    xs = np.array([[1.0, 0.5], [-1.0, 2.0], [0.25, -1.5], [2.0, 1.0]])
    r = ic.consistent_plans(plan, [0.25, 0.75], xs, model, 1e-6)
    assert calls == [0.25, 0.75]
    assert not r.empty
    assert r.distance.hi_fraction < Fraction(1, 10**6)


def test_data_far_from_every_gaussian_field_get_a_certified_distance():
    ends = dict(m0=0, m1=2, s00=1, s11=4)
    xs = np.linspace(-2, 2, 9)
    values = (xs**2)[None, :]
    r = ic.consistent_plans(ends, ["1/2"], xs, values, "1/10")
    assert r.empty and r.lo is None
    with pytest.raises(ic.IfmError):
        r.lo_float()
    assert r.distance.lo_fraction > Fraction(1, 10)
    # above the estimate's residual there is a plan
    assert not ic.consistent_plans(ends, ["1/2"], xs, values, r.distance.hi_fraction).empty


def test_consistent_plans_refuse_bad_input_with_the_package_s_errors():
    ends = dict(m0=0, m1=2, s00=1, s11=4)
    with pytest.raises(ic.InputError, match="points"):
        ic.consistent_plans(ends, ["1/2"], np.zeros((3, 2)), np.zeros((1, 3)), 0.1)
    with pytest.raises(ic.IfmError, match="shape"):
        ic.consistent_plans(ends, ["1/2"], np.zeros(3), np.zeros((1, 4)), 0.1)
    with pytest.raises(ic.InputError, match="span"):
        # every point at m_t = 1: the field is not determined
        ic.consistent_plans(ends, ["1/2"], np.ones(3), np.zeros((1, 3)), 0.1)
    with pytest.raises(ic.InputError, match="tolerance"):
        ic.consistent_plans(ends, ["1/2"], np.arange(3.0), np.zeros((1, 3)), -1)
    with pytest.raises(ic.InputError, match="s00"):
        ic.consistent_plans(dict(ends, s00=-1), ["1/2"], np.arange(3.0), np.zeros((1, 3)), 0.1)


def test_the_cli_and_the_package_agree_on_observations_from_a_file():
    doc = cli("invert", "data/observations/ends-2d.toml", "--samples",
              "data/observations/gaussian-2d-noisy.csv", "--tolerance", "1/1000")
    assert doc["status"] == "consistent"
    rows = [line.split(",") for line in open(os.path.join(ROOT, "data", "observations", "gaussian-2d-noisy.csv"))
            if line[0].isdigit()]
    times = sorted({r[0] for r in rows}, key=Fraction)
    by_time = {t: [r for r in rows if r[0] == t] for t in times}
    # the points move with m_t: one set per time; the decimals are exact
    xs = np.array([[[float(c) for c in r[1:3]] for r in by_time[t]] for t in times])
    assert all(Fraction(float(c)) == Fraction(c) for r in rows for c in r[1:3])
    values = np.array([[[Fraction(c.strip()) for c in r[3:5]] for r in by_time[t]] for t in times], dtype=object)
    r = ic.consistent_plans(PLAN_2D, times, xs, values, "1/1000")
    assert [[str(x) for x in row] for row in r.lo] == [[str(Fraction(x)) for x in row] for row in doc["exact"]["lo"]]


def test_a_torch_model_is_called_without_gradients():
    torch = pytest.importorskip("torch")
    plan = _true_plan()
    a = torch.nn.Linear(2, 2, dtype=torch.float64)

    def model(t, x):
        f = plan.field(Fraction(t))
        with torch.no_grad():
            a.weight.copy_(torch.tensor([[float(c) for c in row] for row in f.a_t], dtype=torch.float64))
            a.bias.copy_(torch.tensor([float(c) for c in f.b_t], dtype=torch.float64))
        out = a(torch.as_tensor(x))
        assert not out.requires_grad
        return out

    r = ic.consistent_plans(plan, [0.25, 0.5, 0.75], np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]), model, 1e-9)
    assert not r.empty


def test_in_one_dimension_the_box_contains_the_exact_consistent_set():
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "consistent_set_1d", os.path.join(ROOT, "python", "examples", "consistent_set_1d.py"))
    ex = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ex)
    values = ex.observations(Fraction(1, 100))
    arr = np.array(values, dtype=object)
    seen_empty = seen_set = False
    for d in ["1/200", "1/100", "1/50", "1/10", "1/2"]:
        r = ic.consistent_plans(ex.ENDS, ex.TIMES, ex.XS, arr, d)
        exact_set = ex.exact_set(values, Fraction(d))
        if exact_set is None:
            seen_empty = True
            continue
        seen_set = True
        # a nonempty set is never proven empty, and the box holds it
        assert not r.empty
        assert r.lo[0][0] <= exact_set[0] and exact_set[1] <= r.hi[0][0]
        # and is wider by at most a few delta (measured: 0.5 to 1.7 delta)
        assert r.hi[0][0] - r.lo[0][0] <= (exact_set[1] - exact_set[0]) + 4 * Fraction(d)
        # the distance's upper end is a plan's residual: the set is not empty there
        assert r.distance.hi_fraction >= Fraction(d) or not r.empty
    assert seen_empty and seen_set


def test_field_error_on_float_arrays_gives_certified_per_point_errors():
    plan = _true_plan()
    rng = np.random.default_rng(11)
    xs = rng.normal(size=(200, 2))
    exact_v = np.array([[float(c) for c in v] for v in plan.velocity("1/3", xs)])
    model = (exact_v + rng.normal(scale=1e-3, size=exact_v.shape)).astype(np.float32)
    fast = ic.field_error(plan, lambda x: model, "1/3", xs)
    assert fast.errors_lo.shape == (200,) and fast.errors_hi.dtype == np.float64
    # each enclosure holds the exact distance, computed here with fractions
    for i in [0, 17, 99, 199]:
        v = plan.velocity("1/3", [Fraction(c) for c in xs[i]])
        sq = sum((Fraction(float(u)) - w) ** 2 for u, w in zip(model[i], v))
        assert Fraction(fast.errors_lo[i]) ** 2 <= sq <= Fraction(fast.errors_hi[i]) ** 2
    assert np.all(fast.errors_hi - fast.errors_lo < 1e-12)
    assert fast.bound.lo_float() <= np.max(fast.errors_hi) <= fast.bound.hi_float() + 1e-15
    # the exact route (Fractions out of the model) agrees
    slow = ic.field_error(plan, lambda x: np.array(model, dtype=object), "1/3", xs)
    assert slow.worst == fast.worst
    assert np.all(slow.errors_lo <= fast.errors_hi) and np.all(fast.errors_lo <= slow.errors_hi)


def test_field_error_takes_a_tensor_that_requires_grad():
    torch = pytest.importorskip("torch")
    plan = ic.GaussianPlan(m0=0, m1=2, s00=1, s11=4, c=1)
    w = torch.tensor(6 / 7, requires_grad=True)

    def model(x):
        return w * torch.as_tensor(x) + 2 - w * 1

    err = ic.field_error(plan, model, "1/2", np.linspace(-2, 2, 5))
    assert err.bound.hi_float() < 1e-6


def test_samples_follow_the_plan_and_intervals_become_float_arrays():
    plan = _true_plan()
    x0, x1 = plan.sample(50_000, seed=1)
    assert x0.shape == (50_000, 2) and x1.shape == (50_000, 2)
    cov = np.cov(np.hstack([x0, x1]).T)
    assert np.allclose(cov[:2, 2:], np.array(C_2D, dtype=float), atol=0.05)
    assert np.array_equal(plan.sample(10, seed=3)[0], plan.sample(10, seed=3)[0])
    a, b = ic.load_plan(os.path.join(PLANS, "mixture-3.toml")).sample(1000, seed=2)
    assert a.shape == (1000,)
    values = ic.load_plan(os.path.join(PLANS, "mixture-3.toml")).p_t("1/2", np.array([-1.0, 0.0, 1.0]))
    lo, hi = ic.interval_arrays(values)
    assert lo.shape == (3,) and np.all(lo <= hi)
    assert all(lo[i] <= float(v) <= hi[i] for i, v in enumerate(values))


def test_one_element_tensors_are_numbers():
    torch = pytest.importorskip("torch")
    plan = ic.GaussianPlan(m0=0, m1=2, s00=1, s11=4, c=1)
    assert plan.field(torch.tensor(0.5)).a_t == plan.field("1/2").a_t


def test_gaussian_density_and_field_in_two_dimensions_against_mpmath():
    plan = _true_plan()
    t = Fraction(1, 3)
    f = plan.field(t)
    x = [Fraction(1, 2), Fraction(-3, 4)]
    p = plan.p_t(t, x)
    mpmath.mp.dps = 50
    sig = mpmath.matrix([[mpmath.mpf(c.numerator) / c.denominator for c in row] for row in f.sigma_t])
    r = mpmath.matrix([mpmath.mpf(a.numerator) / a.denominator - mpmath.mpf(m.numerator) / m.denominator
                       for a, m in zip(x, f.m_t)])
    quad = (r.T * mpmath.inverse(sig) * r)[0]
    ref = mpmath.exp(-quad / 2) / (2 * mpmath.pi * mpmath.sqrt(mpmath.det(sig)))
    assert p.contains(Fraction(str(mpmath.nstr(ref, 45)))) or (p.lo_fraction <= Fraction(str(ref)) <= p.hi_fraction)
    assert p.width < Fraction(1, 10**30)
    many = plan.p_t(t, np.array([[0.0, 0.0], [1.0, 1.0]]))
    assert len(many) == 2 and all(isinstance(v, ic.Interval) for v in many)
    v = plan.v_t(t, x)
    assert [c.exact for c in v] == list(plan.velocity(t, x))
    with pytest.raises(ic.IfmError):
        ic.GaussianPlan(m0=[0, 0], m1=[0, 0], s00=[[1, 0], [0, 1]], s11=[[1, 0], [0, 1]],
                        c=[[-1, 0], [0, -1]]).p_t("1/2", [0, 0])


def test_exact_points_stay_exact_when_the_outputs_are_given():
    ends = dict(m0=0, m1=2, s00=1, s11=4)
    plan = ic.GaussianPlan(c=1, **ends)
    # points a float cannot hold, values of the exact field there
    xs = np.array([Fraction(1, 3), Fraction(-2, 7), Fraction(5, 3)], dtype=object)
    values = np.array([[plan.velocity("1/2", x) for x in xs]], dtype=object)
    r = ic.consistent_plans(ends, ["1/2"], xs, values, 0)
    # exactly the field of c = 1 at exactly these points: nothing is far
    assert r.distance.hi_fraction < Fraction(1, 10**12)
    assert r.lo[0][0] <= 1 <= r.hi[0][0]


def test_field_error_at_several_times_calls_the_model_with_each():
    plan = ic.GaussianPlan(m0=0, m1=2, s00=1, s11=4, c=1)
    seen = []

    def model(t, x):
        seen.append(t)
        f = plan.field(Fraction(t))
        return float(f.a_t[0][0]) * x + float(f.b_t[0])

    results = ic.field_error(plan, model, np.array([0.25, 0.5]), np.linspace(-1, 1, 5))
    assert seen == [0.25, 0.5] and len(results) == 2
    assert all(r.bound.hi_float() < 1e-12 for r in results)


def test_a_torch_module_is_called_with_a_tensor():
    torch = pytest.importorskip("torch")
    plan = ic.GaussianPlan(m0=0, m1=2, s00=1, s11=4, c=1)
    f = plan.field("1/2")
    net = torch.nn.Linear(1, 1, dtype=torch.float64)
    with torch.no_grad():
        net.weight.fill_(float(f.a_t[0][0]))
        net.bias.fill_(float(f.b_t[0]))
    err = ic.field_error(plan, net, "1/2", np.linspace(-1, 1, 5).reshape(-1, 1))
    assert err.bound.hi_float() < 1e-12


def _mp_of(q):
    q = Fraction(q)
    return mpmath.mpf(q.numerator) / q.denominator


def _mixture_at(doc, t, x):
    """p_t(x) and the vector v_t(x) of a Gaussian plan or mixture (a plan
    dict as ``to_dict`` gives it), ``t`` an mpf and ``x`` an mpmath column,
    straight from the definitions at mpmath's precision (no log-sum-exp)."""
    comps = doc["component"] if doc["kind"] == "gaussian-mixture" else [dict(doc, weight="1")]
    p, j = mpmath.mpf(0), mpmath.matrix(len(x), 1)
    for c in comps:
        m0, m1 = (mpmath.matrix([_mp_of(v) for v in c[k]]) for k in ("m0", "m1"))
        s00, s11, cc = (mpmath.matrix([[_mp_of(v) for v in row] for row in c[k]]) for k in ("s00", "s11", "c"))
        u = 1 - t
        sig = u * u * s00 + t * u * (cc + cc.T) + t * t * s11
        g = u * cc.T + t * s11 - u * s00 - t * cc
        r = x - (u * m0 + t * m1)
        q = mpmath.inverse(sig)
        dens = _mp_of(c["weight"]) * mpmath.exp(-(r.T * q * r)[0] / 2) / mpmath.sqrt(
            (2 * mpmath.pi) ** len(x) * mpmath.det(sig))
        p += dens
        j += dens * ((m1 - m0) + g * q * r)
    return p, j / p


def _mixture_reference_in_d(doc, t, x):
    """p_t(x) and v_t(x) at 60 digits."""
    mpmath.mp.dps = 60
    p, v = _mixture_at(doc, _mp_of(t), mpmath.matrix([_mp_of(c) for c in x]))
    return p, [v[i] for i in range(len(x))]


def test_mixture_values_in_two_and_eight_dimensions_contain_mpmath():
    for name, points in [
        ("eight-gaussians-2d", [["0", "0"], ["4", "0"], ["2", "2"], ["-3", "1/2"], ["40", "-30"]]),
        ("mixture-8d", [["0"] * 8, ["1", "-1", "1", "-1", "1", "-1", "1", "-1"]]),
    ]:
        plan = ic.load_plan(os.path.join(ROOT, "data", "plans", name + ".toml"))
        doc = plan.to_dict()
        for t in ["0", "1/4", "9/10", "99/100"]:
            for x in points:
                p_ref, v_ref = _mixture_reference_in_d(doc, t, x)
                p = plan.p_t(t, x)
                assert _mp_of(p.lo_fraction) <= p_ref <= _mp_of(p.hi_fraction)
                for vi, ref in zip(plan.v_t(t, x), v_ref):
                    assert _mp_of(vi.lo_fraction) <= ref <= _mp_of(vi.hi_fraction)
                    assert vi.width < Fraction(1, 10**25)


def test_field_arrays_bracket_the_exact_values():
    plan = ic.load_plan(os.path.join(ROOT, "data", "plans", "eight-gaussians-2d.toml"))
    xs = np.array([[0.0, 0.0], [4.0, 0.0], [2.5, -1.25]])
    f = plan.field_arrays("9/10", xs)
    assert f.v_t.lo.shape == (3, 2) and f.p_t.lo.shape == (3,)
    for i, x in enumerate(xs):
        v = plan.v_t("9/10", list(x))
        for k in range(2):
            assert f.v_t.lo[i, k] <= float(v[k]) <= f.v_t.hi[i, k]
        assert f.p_t.lo[i] <= float(plan.p_t("9/10", list(x))) <= f.p_t.hi[i]
    with pytest.raises(ic.InputError):
        plan.field_arrays("9/10", np.zeros((2, 3)))
    with pytest.raises(ic.InputError):
        plan.field_arrays("9/10", np.array([[np.nan, 0.0]]))


def test_flow_maps_in_two_dimensions_contain_mpmath_odefun():
    mpmath.mp.dps = 30
    eye, quarter, zero = [[1, 0], [0, 1]], [["1/4", 0], [0, "1/4"]], [[0, 0], [0, 0]]
    two_modes = ic.GaussianMixturePlan([
        {"weight": "1/2", "m0": [0, 0], "m1": [1, 0], "s00": eye, "s11": quarter, "c": zero},
        {"weight": "1/2", "m0": [0, 0], "m1": [-1, "1/2"], "s00": eye, "s11": quarter, "c": zero},
    ])
    gaussian = ic.load_plan(os.path.join(ROOT, "data", "plans", "gaussian-2d.toml"))
    for plan, x, t in [(gaussian, ["1", "2"], "1"), (two_modes, ["1/2", "1/4"], "1/2")]:
        doc = plan.to_dict()
        phi, jac, steps = plan.flow_map(t, x)
        assert steps > 0 and len(jac) == 2
        sol = mpmath.odefun(lambda s, y: list(_mixture_at(doc, s, mpmath.matrix(y))[1]), 0,
                            [_mp_of(c) for c in x])
        ref = sol(_mp_of(t))
        for i in range(2):
            assert _mp_of(phi[i].lo_fraction) - mpmath.mpf(10) ** -25 <= ref[i] <= _mp_of(phi[i].hi_fraction) + mpmath.mpf(10) ** -25
            assert phi[i].width < Fraction(1, 10**25)
        assert [float(c) for c in plan.transport(t, x)] == [float(c) for c in phi]
