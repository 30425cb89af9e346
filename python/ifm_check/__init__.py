"""Exact and certified flow-matching fields, plans and certificates.

The ``ifm-check`` engine (Rust, exact rationals and MPFR intervals rounded
outward) as a Python package. Every number you give is taken exactly:

* ``int`` and ``fractions.Fraction`` as they are;
* ``str``: a fraction ``"1/3"`` or a decimal ``"0.1"``, ``"1e-3"`` (the
  rational the text denotes: ``"0.1"`` is 1/10);
* ``float`` (and NumPy floats): the binary rational it *is*, so ``0.1`` is
  ``3602879701896397/36028797018963968``, not 1/10. Write ``"0.1"`` or
  ``Fraction(1, 10)`` when you mean one tenth.

Exact results come back as ``Fraction`` (vectors and matrices as ``Vector``
and ``Matrix``, lists with ``.to_numpy()``); certified results as
``Interval``, whose exact ends hold the true value. Errors are exceptions:
``InputError`` (bad input; the message names the file or constructor, the
line and the field), ``NoGaussianPlan`` (``invert``), ``IfmError`` (their
base, and anything the engine refuses). The mathematics and file formats
are documented in the repository's ``docs/`` folder.
"""

from __future__ import annotations

import json
import math
import os
import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Callable, Iterable, List, NamedTuple, Optional, Sequence, Union

from . import _native
from ._native import IfmError, InputError, NoGaussianPlan

__all__ = [
    "IfmError",
    "InputError",
    "NoGaussianPlan",
    "Interval",
    "Vector",
    "Matrix",
    "Plan",
    "GaussianPlan",
    "GaussianMixturePlan",
    "DiscretePlan",
    "IndependentUniformPlan",
    "GaussianField",
    "Underdetermined",
    "AtlasRow",
    "FieldDistance",
    "FieldArrays",
    "IntervalArray",
    "ConsistentPlans",
    "consistent_plans",
    "load_plan",
    "invert",
    "invert_file",
    "atlas",
    "certify",
    "verify",
    "field_error",
    "interval_arrays",
    "exact",
    "__version__",
]

__version__ = _native.version()

if TYPE_CHECKING:  # the names of the annotations (postponed: never evaluated at run time)
    import numpy.typing as npt

    #: Points, values or times as NumPy (or torch) arrays, nested lists or scalars.
    ArrayLike = npt.ArrayLike
    #: A float64 NumPy array.
    FloatArray = npt.NDArray[Any]

#: A number taken exactly: an int, a Fraction, a Decimal, a string such as
#: "1/3" or "0.1", or a float (the binary rational it is).
Number = Union[int, float, str, Fraction, Decimal]

DEFAULT_PREC = 128

try:  # optional: intervals' ends as mpmath numbers
    import mpmath as _mpmath
except ImportError:  # pragma: no cover - exercised when mpmath is absent
    _mpmath = None

try:  # optional: arrays of points in, arrays of values out
    import numpy as _np
except ImportError:  # pragma: no cover - exercised when numpy is absent
    _np = None


# ---------------------------------------------------------------- numbers


def exact(value: Number, what: str = "value") -> Fraction:
    """The exact rational a number denotes (see the module documentation);
    a string is read by the engine, with its limits (10,000 characters,
    exponents up to 10,000)."""
    if isinstance(value, str):
        return _fraction(_native.parse_number(value, what))
    return _fraction(_exact_text(value, what))


def _exact_text(value: Any, what: str) -> str:
    """A number as the exact rational string the engine reads."""
    if isinstance(value, bool):
        raise InputError(f"{what}: expected a number, found a bool")
    if hasattr(value, "detach") and hasattr(value, "item"):
        # a one-element tensor: its value exactly (float16/32/64 widen exactly)
        try:
            value = value.detach().cpu().reshape(-1).double()
            if value.numel() != 1:
                raise InputError(f"{what}: a tensor of {value.numel()} numbers where one is read")
            value = value.item()
        except (RuntimeError, TypeError, ValueError) as e:
            raise InputError(f"{what}: not a number: {e}") from None
    if _np is not None and isinstance(value, _np.generic):
        if isinstance(value, _np.integer):
            value = int(value)
        elif isinstance(value, _np.floating):
            # float16 to longdouble: the binary rational each one is
            if not _np.isfinite(value):
                raise InputError(f"{what}: {value} is not a finite number")
            n, d = value.as_integer_ratio()
            return f"{n}/{d}"
        else:
            value = value.item()
    if isinstance(value, int):
        return str(value) if abs(value).bit_length() < 10_000 else _too_long(what)
    if isinstance(value, Fraction):
        if max(abs(value.numerator).bit_length(), value.denominator.bit_length()) >= 10_000:
            return _too_long(what)
        return f"{value.numerator}/{value.denominator}"
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InputError(f"{what}: {value} is not a finite number")
        n, d = value.as_integer_ratio()
        return f"{n}/{d}"
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InputError(f"{what}: {value} is not a finite number")
        return str(value)
    if isinstance(value, str):
        return value
    if _mpmath is not None and isinstance(value, _mpmath.mpf):
        return _exact_text(_mpf_fraction(value, what), what)
    raise InputError(f"{what}: expected a number, found {type(value).__name__}")


def _too_long(what: str) -> str:
    raise InputError(f"{what}: a number of more than 10,000 bits, beyond the engine's limit")


def _decimal_int(digits: str) -> int:
    """A decimal integer of any length (Python refuses more than 4,300
    digits in one ``int()``; the halves are joined exactly)."""
    if len(digits) <= 4000:
        return int(digits)
    half = len(digits) // 2
    return _decimal_int(digits[:half]) * 10 ** (len(digits) - half) + _decimal_int(digits[half:])


def _fraction(text: str) -> Fraction:
    """The engine's exact rational ``"p/q"`` (or ``"p"``), any length."""
    numerator, _, denominator = text.partition("/")
    sign = -1 if numerator.startswith("-") else 1
    n = sign * _decimal_int(numerator.lstrip("-"))
    return Fraction(n, _decimal_int(denominator)) if denominator else Fraction(n)


def _mpf_fraction(x: Any, what: str) -> Fraction:
    if not _mpmath.isfinite(x):
        raise InputError(f"{what}: {x} is not a finite number")
    sign, man, exp, _ = x._mpf_  # (-1)^sign * man * 2^exp, exactly
    value = Fraction(int(man)) * (Fraction(2) ** int(exp))
    return -value if sign else value


def _toml(value: Any, what: str) -> str:
    """A plan value as TOML: numbers as quoted exact strings."""
    if _np is not None and isinstance(value, _np.ndarray):
        value = value.tolist()
    if isinstance(value, dict):
        items = ", ".join(f"{k} = {_toml(v, f'{what}.{k}')}" for k, v in value.items())
        return "{" + items + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml(v, f"{what}[{i}]") for i, v in enumerate(value)) + "]"
    return json.dumps(_exact_text(value, what))


def _plan_text(fields: dict) -> str:
    return "".join(f"{k} = {_toml(v, k)}\n" for k, v in fields.items())


def _parsed(name: str, fields: dict, parse: Callable[[str, str], Any]) -> Any:
    """Builds the plan-file text of ``fields`` and parses it with the
    engine; errors name ``name`` (the constructor) and the field, not the
    lines of a text the caller never wrote."""
    try:
        text = _plan_text(fields)
    except InputError as e:
        raise InputError(f"{name}: {e}") from None
    try:
        return parse(name, text)
    except InputError as e:
        raise InputError(re.sub(rf"^{re.escape(name)}:\d+:", f"{name}:", str(e))) from None


# ---------------------------------------------------------------- results


class Vector(list):
    """A vector of exact ``Fraction``s."""

    def to_numpy(self, dtype: Any = float) -> FloatArray:
        """As a NumPy array (floats by default: rounded to nearest)."""
        return _need_numpy().array([float(x) for x in self] if dtype is float else list(self), dtype=dtype)


class Matrix(list):
    """A matrix of exact ``Fraction``s, a list of rows."""

    def to_numpy(self, dtype: Any = float) -> FloatArray:
        """As a NumPy array (floats by default: rounded to nearest)."""
        rows = [[float(x) for x in row] if dtype is float else list(row) for row in self]
        return _need_numpy().array(rows, dtype=dtype)


def _integer(value: Any, what: str, low: int, high: int) -> int:
    """An integer argument within ``[low, high]``, else ``InputError``."""
    if isinstance(value, bool) or not isinstance(value, int) and not (
        _np is not None and isinstance(value, _np.integer)
    ):
        raise InputError(f"{what}: expected an integer, found {type(value).__name__}")
    if not low <= int(value) <= high:
        raise InputError(f"{what}: {value} is outside {low} to {high}")
    return int(value)


def _prec(prec: Any) -> int:
    # the range (16 to 65,536) is the engine's to check, in its own words
    return _integer(prec, "prec", 0, 2**32 - 1)


def _need_numpy() -> Any:
    if _np is None:
        raise IfmError("this needs NumPy: pip install numpy")
    return _np


def _vector(v: Sequence[str]) -> Vector:
    return Vector(_fraction(x) for x in v)


def _matrix(m: Sequence[Sequence[str]]) -> Matrix:
    return Matrix(Vector(_fraction(x) for x in row) for row in m)


def _float_near(q: Fraction) -> float:
    """``q`` rounded to a float, an infinity beyond the float range."""
    try:
        return float(q)
    except OverflowError:
        return math.inf if q > 0 else -math.inf


def _float_down(q: Fraction) -> float:
    f = _float_near(q)
    return math.nextafter(f, -math.inf) if f == math.inf or (math.isfinite(f) and Fraction(f) > q) else f


def _float_up(q: Fraction) -> float:
    f = _float_near(q)
    return math.nextafter(f, math.inf) if f == -math.inf or (math.isfinite(f) and Fraction(f) < q) else f


def _dyadic(text: str) -> Fraction:
    """``"m*2^e"`` (``m`` hexadecimal) as the exact rational it denotes."""
    m, e = text.split("*2^")
    e = int(e)
    return Fraction(int(m, 16) << e) if e >= 0 else Fraction(int(m, 16), 1 << -e)


class Interval:
    """A certified enclosure ``[lo, hi]`` of a real number.

    The ends are exact binary rationals (the MPFR ends computed, rounded
    outward at every step): ``lo_fraction``, ``hi_fraction``. ``lo`` and
    ``hi`` are the same numbers as ``mpmath.mpf`` (exactly) when mpmath is
    installed, else as decimal strings rounded outward (40 significant
    digits). ``mid`` and ``width`` are exact ``Fraction``s.
    """

    __slots__ = ("_lo", "_hi", "_raw")

    def __init__(self, lo: Number, hi: Number):
        lo_q, hi_q = exact(lo, "lo"), exact(hi, "hi")
        if lo_q > hi_q:
            raise InputError(f"Interval: lo = {lo_q} is above hi = {hi_q}")
        self._lo, self._hi, self._raw = lo_q, hi_q, None

    @classmethod
    def _from_json(cls, doc: dict) -> "Interval":
        if "exact" in doc:
            q = _fraction(doc["exact"])
            return cls(q, q)
        if doc.get("lo") is None or doc.get("hi") is None:
            raise IfmError("an enclosure with an infinite end: raise the precision")
        # the ends are read when first asked for: a grid of a million points
        # costs one object per value, not two big rationals
        x = object.__new__(cls)
        x._lo = x._hi = None
        x._raw = (doc["lo"], doc["hi"])
        return x

    def _ends(self) -> tuple:
        if self._raw is not None:
            self._lo, self._hi = _dyadic(self._raw[0]), _dyadic(self._raw[1])
            self._raw = None
        return self._lo, self._hi

    @property
    def lo_fraction(self) -> Fraction:
        return self._ends()[0]

    @property
    def hi_fraction(self) -> Fraction:
        return self._ends()[1]

    @property
    def lo(self) -> Any:
        """The lower end: an exact ``mpmath.mpf``, or a decimal string rounded down."""
        if _mpmath is not None:
            return _exact_mpf(self.lo_fraction)
        return _decimal_text(self.lo_fraction, down=True)

    @property
    def hi(self) -> Any:
        """The upper end: an exact ``mpmath.mpf``, or a decimal string rounded up."""
        if _mpmath is not None:
            return _exact_mpf(self.hi_fraction)
        return _decimal_text(self.hi_fraction, down=False)

    @property
    def mid(self) -> Fraction:
        lo, hi = self._ends()
        return (lo + hi) / 2

    def __float__(self) -> float:
        """The midpoint rounded to the nearest float (not a certified value:
        use ``lo_float()`` and ``hi_float()`` for the enclosure)."""
        return _float_near(self.mid)

    @property
    def width(self) -> Fraction:
        lo, hi = self._ends()
        return hi - lo

    @property
    def exact(self) -> Optional[Fraction]:
        """The value when the interval is a point (an exact result), else None."""
        lo, hi = self._ends()
        return lo if lo == hi else None

    def lo_float(self) -> float:
        """The lower end as a float rounded down (still a lower bound)."""
        return _float_down(self.lo_fraction)

    def hi_float(self) -> float:
        """The upper end as a float rounded up (still an upper bound)."""
        return _float_up(self.hi_fraction)

    def contains(self, value: Number) -> bool:
        """Whether the exact number ``value`` lies in ``[lo, hi]``."""
        q = exact(value, "value")
        lo, hi = self._ends()
        return lo <= q <= hi

    def __contains__(self, value: Number) -> bool:
        return self.contains(value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Interval) and self._ends() == other._ends()

    def __hash__(self) -> int:
        return hash(self._ends())

    def __repr__(self) -> str:
        value = self.exact
        if value is not None and max(value.numerator.bit_length(), value.denominator.bit_length()) < 200:
            return f"Interval({str(value)!r})"
        lo = _decimal_text(self.lo_fraction, down=True)
        hi = _decimal_text(self.hi_fraction, down=False)
        return f"Interval({lo!r}, {hi!r})"


def _exact_mpf(q: Fraction) -> Any:
    """A dyadic rational as an mpmath number, exactly."""
    n, d = q.numerator, q.denominator
    k = d.bit_length() - 1
    if d != 1 << k:  # not dyadic: an Interval built by hand from a fraction
        raise IfmError(f"{q} has no exact binary form; use lo_fraction/hi_fraction")
    with _mpmath.workprec(max(53, n.bit_length() + 1)):
        return _mpmath.ldexp(_mpmath.mpf(n), -k)


def _decimal_text(q: Fraction, down: bool, digits: int = 40) -> str:
    """``q`` to ``digits`` significant digits, rounded toward -inf (``down``)
    or +inf: plain notation for moderate exponents, scientific otherwise."""
    if q == 0:
        return "0"
    negative = q < 0
    a = -q if negative else q
    # the exponent e with 10^e <= a < 10^(e+1): estimated by logarithms (no
    # decimal string of a huge integer), then made exact by comparisons
    e = math.floor(math.log10(a.numerator) - math.log10(a.denominator))
    while a < Fraction(10) ** e:
        e -= 1
    while a >= Fraction(10) ** (e + 1):
        e += 1
    scaled = a * Fraction(10) ** (digits - 1 - e)  # in [10^(digits-1), 10^digits)
    toward_zero = down != negative
    m = math.floor(scaled) if toward_zero else math.ceil(scaled)
    text = str(m)
    if len(text) > digits:  # rounded up to a power of ten
        text, e = text[:digits], e + 1
    text = text.rstrip("0") or "0"
    if 0 <= e <= 20:  # plain notation for moderate exponents, as the CLI prints
        whole = text[: e + 1].ljust(e + 1, "0")
        body = f"{whole}.{text[e + 1:]}".rstrip(".")
    elif -5 <= e < 0:
        body = "0." + "0" * (-e - 1) + text
    else:
        body = f"{text[0]}.{text[1:]}".rstrip(".") + f"e{e}"
    return f"{'-' if negative else ''}{body}"


@dataclass(frozen=True)
class GaussianField:
    """The exact field of a Gaussian plan at time ``t``:
    ``v_t(x) = A_t x + b_t`` on the support of ``N(m_t, Sigma_t)``.
    ``a_t``, ``b_t`` are None and ``singular`` says why where ``Sigma_t``
    is singular (the field is not defined there)."""

    t: Fraction
    m_t: Vector
    sigma_t: Matrix
    a_t: Optional[Matrix]
    b_t: Optional[Vector]
    singular: Optional[str]

    def velocity(self, x: Union[Number, Sequence[Number], ArrayLike]) -> Vector:
        """``A_t x + b_t`` at one point, exactly."""
        if self.a_t is None:
            raise IfmError(self.singular or "the field is not defined")
        point = _point(x, len(self.m_t))
        return Vector(sum((a * xi for a, xi in zip(row, point)), Fraction(0)) + b for row, b in zip(self.a_t, self.b_t))


@dataclass(frozen=True)
class Underdetermined:
    """``invert``'s answer when the samples fit many plans: every ``C`` in
    ``c + span(basis)`` has the same field samples."""

    m0: Vector
    m1: Vector
    s00: Matrix
    s11: Matrix
    c: Matrix
    c_is_valid: bool
    basis: List[Matrix]

    @property
    def free_dimensions(self) -> int:
        return len(self.basis)


@dataclass(frozen=True)
class AtlasRow:
    """One degree of the certified atlas (docs/mathematics.md, section 4)."""

    degree: int
    unknowns: int
    blocks: int
    kernel_dim: int
    density_only_kernel_dim: int
    closed_form_kernel_dim: int
    closed_form_density_only_kernel_dim: int


@dataclass(frozen=True)
class FieldDistance:
    """A certified enclosure of ``max_i |u(x_i) - v_t(x_i)|`` (Euclidean
    norm in dimension D >= 2) over the points, the model's values taken
    exactly. ``worst`` is the index of the point with the largest upper
    bound, ``x`` that point (as the model saw it), ``model`` the model's
    value there and ``field`` the enclosed true field there. ``errors_lo``
    and ``errors_hi`` hold, point by point, an enclosure of
    ``|u(x_i) - v_t(x_i)|`` as float64 rounded outward (NumPy arrays, or
    lists without NumPy)."""

    bound: Interval
    worst: int
    x: Any
    model: Any
    field: Any
    errors_lo: Any
    errors_hi: Any


@dataclass(frozen=True)
class ConsistentPlans:
    """The Gaussian plans (with the given end laws) whose field is within
    ``tolerance`` of a model's outputs at every observed ``(t, x)``, in the
    largest coordinate.

    Certified: either ``empty`` (no such plan exists), or every such plan
    has ``lo <= C <= hi`` entrywise (``lo``, ``hi``: exact ``Fraction``
    matrices; ``lo_float()``/``hi_float()`` the same rounded outward to
    float64). ``distance`` contains the distance from the outputs to the
    Gaussian family (the smallest tolerance that some plan meets): its
    lower end is proven by emptiness at that tolerance, its upper end is
    the exact largest residual of ``estimate``. ``estimate`` is a valid
    plan fitted by least squares (not certified to be the best fit).
    """

    tolerance: Fraction
    empty: bool
    estimate: "GaussianPlan"
    lo: Optional[Matrix]
    hi: Optional[Matrix]
    distance: Interval

    def lo_float(self) -> FloatArray:
        """``lo`` as a float64 NumPy array, each entry rounded down."""
        return _float_array(self.lo, _float_down)

    def hi_float(self) -> FloatArray:
        """``hi`` as a float64 NumPy array, each entry rounded up."""
        return _float_array(self.hi, _float_up)


def interval_arrays(intervals: Iterable[Interval]) -> tuple:
    """Intervals (any nested sequence or NumPy object array of them) as two
    float64 NumPy arrays of the same shape: lower ends rounded down, upper
    ends rounded up, so that ``lo <= x <= hi`` still holds for each value."""
    np = _need_numpy()
    arr = np.asarray(intervals, dtype=object)
    lo = np.vectorize(lambda x: x.lo_float(), otypes=[np.float64])(arr)
    hi = np.vectorize(lambda x: x.hi_float(), otypes=[np.float64])(arr)
    return lo, hi


def _float_array(m: Optional[Matrix], rounded: Callable[[Fraction], float]) -> Any:
    if m is None:
        raise IfmError("no plan is within the tolerance: the set is empty, it has no box")
    np = _need_numpy()
    return np.array([[rounded(x) for x in row] for row in m], dtype=np.float64)


# ---------------------------------------------------------------- plans


def _points(x: Any, dim: int) -> List[Any]:
    """Points as a list of D-lists of exact strings; a scalar is one point."""
    if _np is not None and isinstance(x, _np.ndarray):
        x = x.tolist()
    if dim == 1:
        if isinstance(x, (list, tuple)):
            return [_exact_text(v[0] if isinstance(v, (list, tuple)) and len(v) == 1 else v, f"x[{i}]") for i, v in enumerate(x)]
        return [_exact_text(x, "x")]
    if isinstance(x, (list, tuple)) and x and isinstance(x[0], (list, tuple)):
        return [[_exact_text(c, f"x[{i}]") for c in p] for i, p in enumerate(x)]
    if not isinstance(x, (list, tuple)):
        raise InputError(f"x: expected a point of {dim} coordinates, found {type(x).__name__}")
    return [[_exact_text(c, "x") for c in x]]


def _is_many(x: Any, dim: int) -> bool:
    if _np is not None and isinstance(x, _np.ndarray):
        return x.ndim >= (1 if dim == 1 else 2)
    if dim == 1:
        return isinstance(x, (list, tuple))
    return isinstance(x, (list, tuple)) and bool(x) and isinstance(x[0], (list, tuple))


def _point(x: Any, dim: int) -> List[Fraction]:
    if dim == 1 and not isinstance(x, (list, tuple)):
        return [exact(x, "x")]
    if _np is not None and isinstance(x, _np.ndarray):
        x = x.tolist()
    if len(x) != dim:
        raise InputError(f"x: expected {dim} coordinates, found {len(x)}")
    return [exact(c, "x") for c in x]


def _shaped(values: List[Any], x: Any) -> Any:
    """A list of results shaped like the input: a NumPy object array for an
    array, a list for a list."""
    if _np is not None and isinstance(x, _np.ndarray):
        out = _np.empty(len(values), dtype=object)
        out[:] = values
        return out
    return values


class IntervalArray(NamedTuple):
    """Enclosures as two float arrays of the same shape, ``lo <= value <= hi``
    (rounded outward)."""

    lo: Any
    hi: Any


class FieldArrays(NamedTuple):
    """``Plan.field_arrays``: at each of ``N`` points, ``p_t`` (shape
    ``(N,)``), ``d/dt p_t`` (``(N,)``), ``grad p_t`` (``(N, D)``), ``v_t``
    (``(N, D)``), ``div v_t`` (``(N,)``), each an ``IntervalArray``."""

    p_t: IntervalArray
    dt_p_t: IntervalArray
    grad_p_t: IntervalArray
    v_t: IntervalArray
    div_v_t: IntervalArray


class Plan:
    """A plan (a joint law of ``X0, X1``). Build one with ``GaussianPlan``,
    ``GaussianMixturePlan``, ``DiscretePlan``, ``IndependentUniformPlan``,
    or ``load_plan(path)``."""

    _native: Any

    @classmethod
    def _of(cls, native: Any) -> "Plan":
        kind = {
            "gaussian": GaussianPlan,
            "gaussian-mixture": GaussianMixturePlan,
            "discrete": DiscretePlan,
            "independent-uniform": IndependentUniformPlan,
        }[native.kind]
        plan = object.__new__(kind)
        plan._native = native
        return plan

    @property
    def kind(self) -> str:
        return self._native.kind

    @property
    def dim(self) -> int:
        return self._native.dim

    def to_dict(self) -> dict:
        """The plan as its plan file writes it, numbers as exact strings."""
        return json.loads(self._native.to_json())

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.to_dict()!r})"

    def field(self, t: Number) -> GaussianField:
        """The exact field at ``t`` (a Gaussian plan)."""
        doc = json.loads(self._native.gaussian_field(_exact_text(t, "t"), "[]"))
        singular = doc.get("singular")
        return GaussianField(
            t=_fraction(doc["t"]),
            m_t=_vector(doc["m_t"]),
            sigma_t=_matrix(doc["sigma_t"]),
            a_t=None if singular else _matrix(doc["a_t"]),
            b_t=None if singular else _vector(doc["b_t"]),
            singular=singular,
        )

    def velocity(self, t: Number, x: ArrayLike) -> Union[Fraction, Vector, List[Any]]:
        """``v_t(x)`` of a Gaussian plan, exactly: a ``Fraction`` at a scalar
        point in D = 1, a ``Vector`` at a point in D >= 2, a list of them
        for many points (a list, or a NumPy array of shape (N,) or (N, D))."""
        pts = _points(x, self.dim)
        doc = json.loads(self._native.gaussian_field(_exact_text(t, "t"), json.dumps(pts)))
        if doc.get("singular"):
            raise IfmError(doc["singular"])
        values = [_vector(v) for v in doc["v_t"]]
        if self.dim == 1:
            values = [v[0] for v in values]
        return _shaped(values, x) if _is_many(x, self.dim) else values[0]

    def _values(self, t: Any, x: Any, prec: int, key: str) -> Any:
        pts = _points(x, 1)
        doc = json.loads(self._native.values(_exact_text(t, "t"), json.dumps(pts), _prec(prec)))
        values = [Interval._from_json(v[key]) for v in doc]
        return _shaped(values, x) if _is_many(x, 1) else values[0]

    def values(self, t: Number, x: ArrayLike, prec: int = DEFAULT_PREC) -> Union[tuple, List[tuple]]:
        """``(p_t, F_t, v_t)`` at ``x`` in one pass (a one-dimensional plan):
        a tuple of three ``Interval``s, or one per point."""
        pts = _points(x, 1)
        doc = json.loads(self._native.values(_exact_text(t, "t"), json.dumps(pts), _prec(prec)))
        values = [tuple(Interval._from_json(v[k]) for k in ("p_t", "f_t", "v_t")) for v in doc]
        return _shaped(values, x) if _is_many(x, 1) else values[0]

    def p_t(self, t: Number, x: ArrayLike, prec: int = DEFAULT_PREC) -> Union[Interval, List[Interval]]:
        """The density of ``X_t`` at ``x``: an ``Interval`` (a point interval
        where exact), or one per point (a list, or an array of shape (N,)
        or (N, D)). Any dimension for a Gaussian plan; the other families
        are one-dimensional."""
        if self.dim > 1:
            return self._mixture(t, x, prec, "p_t")
        return self._values(t, x, prec, "p_t")

    def _mixture(self, t: Any, x: Any, prec: int, key: str) -> Any:
        pts = _points(x, self.dim)
        doc = json.loads(self._native.mixture_values(_exact_text(t, "t"), json.dumps(pts), _prec(prec)))
        read = lambda v: [Interval._from_json(c) for c in v] if isinstance(v, list) else Interval._from_json(v)  # noqa: E731
        values = [read(v[key]) for v in doc]
        return _shaped(values, x) if _is_many(x, self.dim) else values[0]

    def field_arrays(self, t: Number, x: ArrayLike, prec: int = DEFAULT_PREC) -> "FieldArrays":
        """``p_t``, ``d/dt p_t``, ``grad p_t``, ``v_t`` and ``div v_t`` of a
        Gaussian plan or a mixture of them, in any dimension, at the ``N``
        points of a float array of shape ``(N, D)`` (or ``(N,)`` in D = 1):
        certified enclosures as NumPy arrays of lower and upper ends
        (``FieldArrays``), each value the float it is, the work on every
        core. The vectorised route for ground truth on a model's grid."""
        np = _need_numpy()
        arr = np.ascontiguousarray(np.asarray(x, dtype=np.float64))
        d = self.dim
        if arr.ndim == 1 and d == 1:
            arr = arr.reshape(-1, 1)
        if arr.ndim != 2 or arr.shape[1] != d:
            raise InputError(f"x: expected an array of shape (N, {d}), found {arr.shape}")
        raw = self._native.mixture_values_floats(_exact_text(t, "t"), arr.astype("<f8").tobytes(), _prec(prec))
        ends = np.frombuffer(raw, dtype="<f8").reshape(arr.shape[0], 3 + 2 * d, 2)
        pair = lambda a: IntervalArray(a[..., 0].copy(), a[..., 1].copy())  # noqa: E731
        return FieldArrays(
            p_t=pair(ends[:, 0]), dt_p_t=pair(ends[:, 1]), div_v_t=pair(ends[:, 2]),
            v_t=pair(ends[:, 3:3 + d]), grad_p_t=pair(ends[:, 3 + d:]),
        )

    def F_t(self, t: Number, x: ArrayLike, prec: int = DEFAULT_PREC) -> Union[Interval, List[Interval]]:
        """The distribution function of ``X_t`` at ``x``."""
        return self._values(t, x, prec, "f_t")

    def v_t(self, t: Number, x: ArrayLike, prec: int = DEFAULT_PREC) -> Union[Interval, List[Any]]:
        """The field ``v_t(x) = E[X1 - X0 | X_t = x]``, enclosed: an
        ``Interval`` in one dimension, a list of ``D`` of them for a
        Gaussian plan in ``D >= 2`` (point intervals: the field is exact
        there, ``velocity`` gives the ``Fraction``s); one per point for many."""
        if self.kind == "gaussian-mixture" and self.dim > 1:
            return self._mixture(t, x, prec, "v_t")
        if self.kind == "gaussian" and self.dim > 1:
            exact_v = self.velocity(t, x)
            as_intervals = lambda v: [Interval(c, c) for c in v]  # noqa: E731
            if _is_many(x, self.dim):
                return _shaped([as_intervals(v) for v in exact_v], x)
            return as_intervals(exact_v)
        return self._values(t, x, prec, "v_t")

    def _flow_maps(self, t: Any, x: Any, prec: int) -> List[tuple]:
        pts = _points(x, self.dim)
        doc = json.loads(self._native.flow_maps(_exact_text(t, "t"), json.dumps(pts), _prec(prec)))
        return [_flow_jacobian_doc(d) for d in doc]

    def flow_map(self, t: Number, x: ArrayLike, prec: int = DEFAULT_PREC) -> Union[tuple, List[tuple]]:
        """``(Phi_t(x), D Phi_t(x), steps)`` of a Gaussian plan or mixture
        in any dimension by validated integration (a Taylor method with the
        mean-value form): ``D`` Intervals, a ``D x D`` list of Intervals
        (the Jacobian, from the variational equation), and the number of
        steps taken. One tuple per point for many points."""
        flows = self._flow_maps(t, x, prec)
        return flows if _is_many(x, self.dim) else flows[0]

    def sample(self, n: int, seed: Optional[int] = None) -> tuple:
        """``n`` draws of ``(X0, X1)`` from the plan (NumPy's generator with
        ``seed``; floats, not certified): two arrays of shape ``(n,)`` in
        one dimension, ``(n, D)`` otherwise, so that the same object makes
        the training data and the ground truth."""
        np = _need_numpy()
        n = _integer(n, "n", 0, 10**9)
        rng = np.random.default_rng(seed)
        doc = self.to_dict()
        f = lambda v: float(_fraction(v))  # noqa: E731
        kind = doc["kind"]
        if kind == "gaussian":
            d = len(doc["m0"])
            mean = [f(v) for v in doc["m0"] + doc["m1"]]
            s00, s11, c = ([[f(v) for v in row] for row in doc[k]] for k in ("s00", "s11", "c"))
            cov = np.block([[np.array(s00), np.array(c)], [np.array(c).T, np.array(s11)]])
            z = rng.multivariate_normal(mean, cov, size=n, method="eigh")
            x0, x1 = z[:, :d], z[:, d:]
            return (x0[:, 0], x1[:, 0]) if d == 1 else (x0, x1)
        if kind == "gaussian-mixture":
            comps = doc["component"]
            which = rng.choice(len(comps), size=n, p=[f(c["weight"]) for c in comps])
            d = self.dim
            x0, x1 = np.empty((n, d)), np.empty((n, d))
            as_matrix = lambda v: np.array([[f(e) for e in row] for row in v]) if isinstance(v, list) else np.array([[f(v)]])  # noqa: E731
            as_vector = lambda v: [f(e) for e in v] if isinstance(v, list) else [f(v)]  # noqa: E731
            for i, c in enumerate(comps):
                k = which == i
                s00, s11, cc = (as_matrix(c[key]) for key in ("s00", "s11", "c"))
                cov = np.block([[s00, cc], [cc.T, s11]])
                z = rng.multivariate_normal(as_vector(c["m0"]) + as_vector(c["m1"]), cov, size=int(k.sum()), method="eigh")
                x0[k], x1[k] = z[:, :d], z[:, d:]
            return (x0[:, 0], x1[:, 0]) if d == 1 else (x0, x1)
        if kind == "discrete":
            atoms = doc["atoms"]
            which = rng.choice(len(atoms), size=n, p=[f(a["weight"]) for a in atoms])
            return (np.array([f(a["x0"]) for a in atoms])[which], np.array([f(a["x1"]) for a in atoms])[which])
        return (rng.uniform(f(doc["a0"]), f(doc["b0"]), size=n), rng.uniform(f(doc["a1"]), f(doc["b1"]), size=n))

    def transport(self, t: Number, x: ArrayLike, prec: int = DEFAULT_PREC) -> Union[Interval, List[Any]]:
        """The flow map ``Phi_t(x)``, enclosed: in one dimension
        ``F_t^{-1}(F_0(x))`` by interval Newton (an ``Interval``); in
        ``D >= 2`` (Gaussian plans and mixtures of them) by validated
        integration of ``d/dt Phi = v_t(Phi)`` (a list of ``D`` Intervals).
        One per point for many points."""
        if self.dim > 1:
            return [f[0] for f in self._flow_maps(t, x, prec)] if _is_many(x, self.dim) else self._flow_maps(t, x, prec)[0][0]
        pts = _points(x, 1)
        doc = json.loads(self._native.transport(_exact_text(t, "t"), json.dumps(pts), _prec(prec)))
        values = [Interval._from_json(v) for v in doc]
        return _shaped(values, x) if _is_many(x, 1) else values[0]


def _flow_jacobian_doc(doc: dict) -> tuple:
    return ([Interval._from_json(c) for c in doc["phi"]],
            [[Interval._from_json(c) for c in row] for row in doc["jacobian"]], doc["steps"])


def _fields(item: Any, keys: tuple, what: str) -> dict:
    """A component or atom given as a dict, or as a tuple of exactly the
    values of ``keys`` in order."""
    if isinstance(item, dict):
        return item
    if not isinstance(item, (list, tuple)) or len(item) != len(keys):
        raise InputError(f"{what}: expected a dict or a tuple ({', '.join(keys)})")
    return dict(zip(keys, item))


class GaussianPlan(Plan):
    """A Gaussian plan in dimension D: ``X0 ~ N(m0, s00)``,
    ``X1 ~ N(m1, s11)``, ``Cov(X0, X1) = c`` (the joint covariance must be
    positive semidefinite). In D = 1 the numbers may be scalars."""

    def __init__(self, m0: ArrayLike, m1: ArrayLike, s00: ArrayLike, s11: ArrayLike, c: ArrayLike):
        fields = {"kind": "gaussian", "m0": m0, "m1": m1, "s00": s00, "s11": s11, "c": c}
        self._native = _parsed("GaussianPlan(...)", fields, _native.Plan.parse)


class GaussianMixturePlan(Plan):
    """A mixture of Gaussian plans (Gaussian laws of ``(X0, X1)``) in any
    dimension: each component a dict (or tuple, in this order) of
    ``weight, m0, m1, s00, s11, c``, numbers in D = 1, vectors and
    matrices in D >= 2; weights positive and summing to 1."""

    def __init__(self, components: Iterable[Any]):
        keys = ("weight", "m0", "m1", "s00", "s11", "c")
        comps = [_fields(c, keys, f"component[{i}]") for i, c in enumerate(components)]
        fields = {"kind": "gaussian-mixture", "component": comps}
        self._native = _parsed("GaussianMixturePlan(...)", fields, _native.Plan.parse)


class DiscretePlan(Plan):
    """Finitely many atoms ``(x0, x1)`` with weights: each a dict (or tuple,
    in this order) of ``x0, x1, weight``; weights positive, summing to 1."""

    def __init__(self, atoms: Iterable[Any]):
        keys = ("x0", "x1", "weight")
        items = [_fields(a, keys, f"atoms[{i}]") for i, a in enumerate(atoms)]
        fields = {"kind": "discrete", "atoms": items}
        self._native = _parsed("DiscretePlan(...)", fields, _native.Plan.parse)

    def atoms(self, t: Number) -> List[tuple]:
        """The atoms of ``p_t``: ``(x, mass, v_t)``, exactly, sorted by ``x``."""
        doc = json.loads(self._native.atoms(_exact_text(t, "t")))
        return [(_fraction(a["x"]), _fraction(a["mass"]), _fraction(a["v_t"])) for a in doc]


class IndependentUniformPlan(Plan):
    """The independent coupling of ``U[a0, b0]`` and ``U[a1, b1]``."""

    def __init__(self, a0: Number, b0: Number, a1: Number, b1: Number):
        fields = {"kind": "independent-uniform", "a0": a0, "b0": b0, "a1": a1, "b1": b1}
        self._native = _parsed("IndependentUniformPlan(...)", fields, _native.Plan.parse)


def load_plan(path: Union[str, os.PathLike]) -> Plan:
    """A plan file (TOML, docs/file-formats.md) as the matching plan class."""
    return Plan._of(_native.Plan.read(os.fspath(path)))


# ---------------------------------------------------------------- inversion


def _inversion(doc: dict) -> Union[GaussianPlan, Underdetermined]:
    if doc["status"] == "unique":
        return GaussianPlan(*(_matrix(doc[k]) if k.startswith("s") or k == "c" else _vector(doc[k]) for k in ("m0", "m1", "s00", "s11", "c")))
    return Underdetermined(
        m0=_vector(doc["m0"]),
        m1=_vector(doc["m1"]),
        s00=_matrix(doc["s00"]),
        s11=_matrix(doc["s11"]),
        c=_matrix(doc["c"]),
        c_is_valid=bool(doc["c_is_valid"]),
        basis=[_matrix(b) for b in doc["basis"]],
    )


def invert(samples: Sequence[dict], *, m0: ArrayLike, m1: ArrayLike, s00: ArrayLike, s11: ArrayLike) -> Union[GaussianPlan, Underdetermined]:
    """The Gaussian plan with end laws ``N(m0, s00)``, ``N(m1, s11)`` and the
    field samples ``samples`` (dicts with ``t``, ``a`` = ``A_t``, ``b`` =
    ``b_t`` and optionally ``sigma`` = ``Sigma_t``), exactly: a
    ``GaussianPlan`` when exactly one plan fits, ``Underdetermined`` when
    many do; ``NoGaussianPlan`` is raised, with the reason, when none does."""
    fields = {"m0": m0, "m1": m1, "s00": s00, "s11": s11, "sample": list(samples)}
    return _inversion(json.loads(_parsed("invert(...)", fields, _native.invert)))


def invert_file(path: Union[str, os.PathLike]) -> Union[GaussianPlan, Underdetermined]:
    """``invert`` on a field file (TOML, docs/file-formats.md)."""
    path = os.fspath(path)
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        raise InputError(f"{path}: cannot read the file: {e}") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text") from None
    return _inversion(json.loads(_native.invert(path, text)))


# ---------------------------------------------------------------- atlas, proofs


def atlas(dim: int, degree: int) -> List[AtlasRow]:
    """Certified ``dim Ker_{D,k}`` and ``dim I(V)_k`` for ``k <= degree``,
    with the closed forms beside them."""
    doc = json.loads(_native.atlas(_integer(dim, "dim", 0, 2**32 - 1), _integer(degree, "degree", 0, 2**32 - 1)))
    return [AtlasRow(**row) for row in doc["rows"]]


def certify(paths: Union[str, os.PathLike, Sequence[Union[str, os.PathLike]]]) -> List[dict]:
    """Certifies every instance of the proof files under ``paths`` (files or
    folders): the certificates (dicts, as ``certify --json`` writes them:
    ``verdict``, ``expected``, ``witness``, ...)."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    return json.loads(_native.certify([os.fspath(p) for p in paths]))["certificates"]


def verify(certificates: Union[Sequence[dict], dict, str]) -> List[dict]:
    """Re-checks certificates with the independent verifier (it does not
    use the engine): one ``{"name", "ok", "reason"}`` per certificate.
    Takes the list ``certify`` returns, a whole certificate document, or
    its JSON text."""
    if isinstance(certificates, bytes):
        try:
            certificates = certificates.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError("certificates: not UTF-8 text") from None
    if isinstance(certificates, str):
        text = certificates
    elif isinstance(certificates, dict):
        text = json.dumps(certificates)
    elif isinstance(certificates, (list, tuple)) and all(isinstance(c, dict) for c in certificates):
        text = json.dumps({"schema": 3, "certificates": list(certificates)})
    else:
        raise InputError("certificates: expected the list certify returns, a certificate document or its JSON text")
    return json.loads(_native.verify(text))


# ---------------------------------------------------------------- a trained field


def _as_array(raw: Any, what: str) -> Any:
    """A model's output as a NumPy array: a tensor is detached and moved to
    the CPU first; the dtype is kept (its values are taken exactly)."""
    np = _need_numpy()
    if hasattr(raw, "detach") and hasattr(raw, "cpu"):
        raw = raw.detach().cpu()
        if str(getattr(raw, "dtype", "")) == "torch.bfloat16":
            raw = raw.float()  # exact: every bfloat16 is a float32
        if hasattr(raw, "numpy"):
            raw = raw.numpy()
    try:
        return np.asarray(raw)
    except (TypeError, ValueError) as e:
        raise IfmError(f"{what} is not an array: {e}") from None


def _is_module(f: Any) -> bool:
    """Whether ``f`` is a ``torch.nn.Module`` (without importing torch)."""
    return any(c.__name__ == "Module" and c.__module__.startswith("torch.nn") for c in type(f).__mro__)


def _module_input(module: Any, x: Any) -> Any:
    """The points as a tensor of the module's parameter dtype, shape
    ``(N, D)`` (a column in D = 1, as a layer expects)."""
    import torch

    params = list(module.parameters())
    dtype = params[0].dtype if params else torch.float32
    x = torch.as_tensor(x, dtype=dtype)
    return x.reshape(-1, 1) if x.ndim == 1 else x


def _np_stack(arrays: List[Any]) -> Any:
    return _need_numpy().stack(arrays)


def _no_grad() -> Any:
    """``torch.no_grad()`` when PyTorch is installed, else a null context."""
    try:
        import torch

        return torch.no_grad()
    except ImportError:
        import contextlib

        return contextlib.nullcontext()


def consistent_plans(
    ends: Union["GaussianPlan", dict],
    times: Union[Number, ArrayLike],
    points: ArrayLike,
    values: Union[ArrayLike, Callable[[float, FloatArray], ArrayLike]],
    tolerance: Number,
) -> ConsistentPlans:
    """The Gaussian plans whose field is within ``tolerance`` of a model.

    ``ends``: the end laws, a ``GaussianPlan`` (its ``m0, m1, s00, s11``;
    its ``c`` is ignored) or a dict with those keys. ``times``: one time or
    a sequence (floats are the binary rationals they are; strings and
    ``Fraction``s are exact). ``points``: the points where the model is
    evaluated, the same at every time (shape ``(N,)`` in D = 1, ``(N, D)``)
    or one set per time (``(T, N)``, ``(T, N, D)``); at each time at least D
    of them whose offsets from ``m_t`` span ``R^D``. Points given exactly
    (``Fraction``s or strings in an object array) stay exact when the
    outputs are given as an array; a callable model is called with the
    float64 points, and the observations are at those floats. ``values``: the
    model's outputs, an array of shape ``(T, N)`` or ``(T, N, D)`` (T
    times), or the model itself: a callable ``model(t, x)`` called once per
    time with ``t`` as a float (the observation is then at that float's
    exact value) and a float64 array ``x`` of the points (under
    ``torch.no_grad()`` when PyTorch is installed); it may return a NumPy
    array or a tensor of any float dtype (detached, moved to the CPU, and
    taken exactly). A ``torch.nn.Module`` taking tensors is wrapped as
    ``lambda t, x: net(torch.as_tensor(x, dtype=torch.float32), t)``.

    Returns a ``ConsistentPlans``: a certified box (or emptiness), a
    certified enclosure of the distance, and an estimate
    (docs/mathematics.md section 7).
    """
    np = _need_numpy()
    if isinstance(ends, Plan):
        d = ends.to_dict()
        if d.get("kind") != "gaussian":
            raise InputError("ends: expected a GaussianPlan or a dict of m0, m1, s00, s11")
        ends = {k: d[k] for k in ("m0", "m1", "s00", "s11")}
    if not isinstance(ends, dict):
        raise InputError("ends: expected a GaussianPlan or a dict of m0, m1, s00, s11")
    try:
        ends_text = _plan_text({k: ends[k] for k in ("m0", "m1", "s00", "s11")})
    except KeyError as e:
        raise InputError(f"ends: no {e.args[0]}") from None
    m0 = ends["m0"]
    dim = len(m0) if isinstance(m0, (list, tuple)) or (hasattr(m0, "shape") and len(getattr(m0, "shape")) > 0) else 1
    if isinstance(times, (str, Fraction, int, float, Decimal)) or isinstance(times, np.generic):
        ts = [times]
    else:
        arr = _as_array(times, "times") if hasattr(times, "detach") else times
        ts = list(arr.reshape(-1)) if hasattr(arr, "reshape") else list(arr)
    if not ts:
        raise InputError("times: no time")
    x_given = _as_array(points, "points")
    try:
        x_arr = x_given.astype(np.float64) if x_given.dtype != np.float64 else x_given.copy()
    except (TypeError, ValueError) as e:
        raise InputError(f"points: not an array of numbers: {e}") from None
    # exact points (Fractions, strings) stay exact when the outputs are given;
    # a callable model sees floats, and the observations are at those floats
    x_src = x_given if (x_given.dtype == object and not callable(values)) else x_arr
    if dim == 1 and x_arr.ndim == 2 and x_arr.shape[1] == 1:
        x_arr, x_src = x_arr.reshape(-1), x_src.reshape(-1)
    shared = x_arr.ndim == (1 if dim == 1 else 2)
    if dim == 1 and x_arr.ndim == 3 and x_arr.shape[2] == 1:
        x_arr, x_src = x_arr.reshape(x_arr.shape[:2]), x_src.reshape(x_src.shape[:2])
    if shared:
        x_arr, x_src = _np_stack([x_arr] * len(ts)), _np_stack([x_src] * len(ts))
    ok_shape = x_arr.ndim == (2 if dim == 1 else 3) and x_arr.shape[0] == len(ts) and (dim == 1 or x_arr.shape[2] == dim)
    if not ok_shape:
        shape = "(N,) or (T, N)" if dim == 1 else f"(N, {dim}) or (T, N, {dim})"
        raise InputError(f"points: expected an array of shape {shape} for T = {len(ts)} times, found {x_arr.shape}")
    if not np.all(np.isfinite(x_arr)):
        raise InputError("points: a point is not finite")
    n = x_arr.shape[1]
    point_text = [
        [[_exact_text(c, f"points[{j}]") for c in np.atleast_1d(row)] for j, row in enumerate(at)]
        for at in x_src
    ]
    if callable(values):
        # the model sees float(t): the observation is at that float, exactly
        ts = [float(exact(t, f"times[{i}]")) for i, t in enumerate(ts)]
        outs = []
        with _no_grad():
            for t, at in zip(ts, x_arr):
                outs.append(_as_array(values(t, at.copy()), "model(t, x)"))
    else:
        arr = _as_array(values, "values")
        if arr.ndim >= 1 and arr.shape[0] == len(ts):
            outs = list(arr)
        else:
            raise InputError(f"values: expected one array of outputs per time ({len(ts)}), found shape {arr.shape}")
    rows = []
    for i, (t, out) in enumerate(zip(ts, outs)):
        if dim == 1 and out.shape == (n, 1):
            out = out.reshape(-1)
        want = (n,) if dim == 1 else (n, dim)
        if out.shape != want:
            raise IfmError(f"the outputs at times[{i}] have shape {out.shape}, expected {want}")
        t_text = _exact_text(t, f"times[{i}]")
        for j in range(n):
            v = np.atleast_1d(out[j])
            rows.append([t_text, point_text[i][j], [_exact_text(c, f"values[{i}][{j}]") for c in v]])
    doc = json.loads(_native.consistent_plans(ends_text, json.dumps(rows), _exact_text(tolerance, "tolerance")))
    ex = doc["exact"]
    empty = doc["status"] != "consistent"
    estimate = GaussianPlan(ends["m0"], ends["m1"], ends["s00"], ends["s11"], _matrix(ex["c"]) if dim > 1 else _fraction(ex["c"][0][0]))
    return ConsistentPlans(
        tolerance=_fraction(doc["tolerance"]),
        empty=empty,
        estimate=estimate,
        lo=None if empty else _matrix(ex["lo"]),
        hi=None if empty else _matrix(ex["hi"]),
        distance=Interval(_fraction(ex["distance_lower"]), _fraction(ex["distance_upper"])),
    )


def field_error(
    plan: Plan,
    velocity_fn: Callable[..., ArrayLike],
    t: Union[Number, ArrayLike],
    xs: ArrayLike,
    prec: int = DEFAULT_PREC,
) -> Union[FieldDistance, List[FieldDistance]]:
    """A certified enclosure of ``max_i |velocity_fn(x_i) - v_t(x_i)|``.

    Several times at once: when ``t`` is a sequence, an array or a tensor
    of times, ``velocity_fn(t, x)`` is called at each (``t`` as a float,
    the time checked being that float exactly) and a list of results comes
    back, one per time.

    A ``torch.nn.Module`` is called with a tensor of the points (the dtype
    of its first parameter); any other callable with a NumPy array.

    ``velocity_fn`` is any callable: a function of NumPy arrays, or a torch
    model's wrapper that returns a tensor (called under
    ``torch.no_grad()``; the tensor is detached and moved to the CPU). With
    NumPy it is called once with a float64 array of the points, shape (N,) in D = 1 and (N, D) otherwise, and must return an
    array of the same shape (or (N, 1) in D = 1); without NumPy it is
    called per point. The points are the floats the model saw (copied
    before it runs), and its outputs are taken exactly as they are: floats
    of any width as the binary rationals they are, ints, ``Fraction``s and
    ``Decimal``s exactly, never rounded to float64. The enclosure is of the
    distance between exactly those numbers and the true field ``v_t`` of the
    plan (computed exactly for Gaussian plans and enclosed once at ``prec``
    bits; enclosed for the other families). In D >= 2 the distance at a
    point is the Euclidean norm.
    """
    many_times = not isinstance(t, (str, Fraction, int, float, Decimal)) and not (
        _np is not None and isinstance(t, _np.generic)
    ) and not (hasattr(t, "numel") and t.numel() == 1)
    if many_times:
        arr = _as_array(t, "t") if hasattr(t, "detach") else t
        times = list(arr.reshape(-1)) if hasattr(arr, "reshape") else list(arr)
        out = []
        for i, ti in enumerate(times):
            tf = float(exact(ti, f"t[{i}]"))
            out.append(field_error(plan, lambda x, tf=tf: velocity_fn(tf, x), tf, xs, prec))
        return out
    if _is_module(velocity_fn):
        module = velocity_fn
        velocity_fn = lambda x: module(_module_input(module, x))  # noqa: E731
    dim = plan.dim
    t_text = _exact_text(t, "t")
    prec = _prec(prec)
    if _np is not None:
        # a private copy of the points, taken before the model runs: what the
        # model or anything holding the caller's array does later cannot move
        # the points checked
        try:
            x_arr = _np.array(xs, dtype=_np.float64)
        except (TypeError, ValueError, OverflowError) as e:
            raise InputError(f"xs: not an array of numbers: {e}") from None
        if dim == 1 and x_arr.ndim == 2 and x_arr.shape[1] == 1:
            x_arr = x_arr.reshape(-1)
        if dim == 1 and x_arr.ndim != 1:
            raise InputError(f"xs: expected an array of shape (N,) in D = 1, found {x_arr.shape}")
        if dim > 1 and (x_arr.ndim != 2 or x_arr.shape[1] != dim):
            raise InputError(f"xs: expected an array of shape (N, {dim}), found {x_arr.shape}")
        if not _np.all(_np.isfinite(x_arr)):
            raise InputError("xs: a point is not finite")
        with _no_grad():
            raw = velocity_fn(x_arr.copy())
        # a tensor (even one that requires grad) is detached and moved to the CPU
        out = _as_array(raw, "velocity_fn returned something that")
        if dim == 1 and out.shape == (len(x_arr), 1):
            out = out.reshape(-1)
        if out.shape != x_arr.shape:
            raise IfmError(f"velocity_fn returned shape {out.shape} for points of shape {x_arr.shape}")
        if out.dtype in (_np.float16, _np.float32, _np.float64):
            # binary floats in, binary floats out: float16 and float32 widen
            # to float64 exactly, and the engine reads the bytes
            u_arr = _np.ascontiguousarray(out, dtype="<f8")
            if not _np.all(_np.isfinite(u_arr)):
                bad = int(_np.argmax(~_np.isfinite(u_arr.reshape(len(x_arr), dim)).any(axis=1)))
                raise IfmError(f"velocity_fn returned a value that is not finite at point {bad}: {out.reshape(len(x_arr), dim)[bad]}")
            summary, per_point = plan._native.field_distance_floats(
                t_text, _np.ascontiguousarray(x_arr, dtype="<f8").tobytes(), u_arr.tobytes(), prec
            )
            return _field_distance(json.loads(summary), per_point, x_arr, u_arr, dim)
        # the model's values exactly as they are: longdouble as its own binary
        # rationals, ints and Fractions exactly
        points = x_arr.reshape(len(x_arr), dim).tolist()
        model = [list(row) for row in out.reshape(len(x_arr), dim)]
    else:
        seq = list(xs)
        try:
            points = [[float(p)] if dim == 1 else [float(c) for c in p] for p in seq]
        except (TypeError, ValueError, OverflowError) as e:
            raise InputError(f"xs: not a list of numbers: {e}") from None
        if any(len(p) != dim for p in points):
            raise InputError(f"xs: expected points of {dim} coordinates")
        model = []
        for p in points:
            u = velocity_fn(p[0] if dim == 1 else list(p))
            row = [u] if dim == 1 else list(u)
            if len(row) != dim:
                raise IfmError(f"velocity_fn returned {len(row)} coordinates, expected {dim}")
            model.append(row)
    exact_model = []
    for i, u in enumerate(model):
        row = []
        for c in u:
            if isinstance(c, (float,)) and not math.isfinite(c):
                raise IfmError(f"velocity_fn returned a value that is not finite at point {i}: {u}")
            try:
                row.append(_exact_text(c, f"velocity_fn(xs)[{i}]"))
            except InputError as e:
                raise IfmError(f"velocity_fn returned a value that is not a finite number at point {i}: {e}") from None
        exact_model.append(row)
    summary, per_point = plan._native.field_distance(
        t_text,
        json.dumps([[_exact_text(c, f"xs[{i}]") for c in p] for i, p in enumerate(points)]),
        json.dumps(exact_model),
        prec,
    )
    return _field_distance(json.loads(summary), per_point, points, model, dim)


def _field_distance(doc: dict, per_point: bytes, points: Any, model: Any, dim: int) -> FieldDistance:
    worst = doc["worst"]
    field = [Interval._from_json(v) for v in doc["field_at_worst"]]
    if _np is not None:
        ends = _np.frombuffer(per_point, dtype="<f8").reshape(-1, 2)
        lo, hi = ends[:, 0].copy(), ends[:, 1].copy()
    else:
        import struct

        flat = struct.unpack(f"<{len(per_point) // 8}d", per_point)
        lo, hi = list(flat[0::2]), list(flat[1::2])
    x, u = points[worst], model[worst]
    if _np is not None and isinstance(points, _np.ndarray):
        x = float(x) if dim == 1 else [float(c) for c in _np.atleast_1d(x)]
        u = [float(c) for c in _np.atleast_1d(model.reshape(len(points), dim)[worst])]
        u = u[0] if dim == 1 else u
    else:
        x = x[0] if dim == 1 else x
        u = u[0] if dim == 1 else u
    return FieldDistance(
        bound=Interval._from_json(doc["largest"]),
        worst=worst,
        x=x,
        model=u,
        field=field[0] if dim == 1 else field,
        errors_lo=lo,
        errors_hi=hi,
    )
