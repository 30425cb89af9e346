//! Interval arithmetic over MPFR with outward rounding.
//!
//! # Contract (the inclusion principle)
//!
//! An [`Interval`] `[lo, hi]` holds two `rug::Float` endpoints at a stated
//! precision. Every operation returns an interval that contains `f(x)` for
//! *every* point `x` of its inputs: lower ends are rounded toward `-inf`,
//! upper ends toward `+inf`, at every step, with MPFR's correctly rounded
//! primitives. Construction from a rational rounds outward; nothing is ever
//! built from an `f64` (floats may only guide a search, see [`newton`]).
//!
//! Exponents range over `±(2^31 - 2^24)` (MPFR's default is about `±2^30`;
//! [`exponent_range`] widens it on each thread before its first interval),
//! so densities as small as `10^-600000000` are enclosed, not 0.
//!
//! Endpoints may be infinite (an overflow or an unbounded result); they are
//! never NaN: an operation whose endpoint would be NaN returns the whole
//! line, which is still a sound enclosure. Partial operations (division by
//! an interval containing 0, `log` or `sqrt` outside their domain) return an
//! [`IntervalError`] that the caller sees.
//!
//! | operation | how it is enclosed |
//! |---|---|
//! | `+`, `-` | endpoint sums, rounded outward |
//! | `*` | sign cases (at most two products, four when both contain 0) |
//! | [`Interval::checked_div`] | sign cases; error when the divisor contains 0 |
//! | [`Interval::sqr`], [`Interval::pow_u`] | monotone pieces, 0 included when crossed |
//! | [`Interval::sqrt`], [`Interval::exp`], [`Interval::ln`] | increasing: `[f(lo) down, f(hi) up]` |
//! | [`Interval::erf`], [`Interval::erfc`] | monotone: the outer ends of enclosures at the two ends, by series of our own (MPFR's `erf` can abort the process; see `error_function`) |
//! | [`Interval::normal_pdf`], [`Interval::normal_cdf`], [`Interval::normal_sf`] | composed of the above |
//! | [`Interval::exp_m1`], [`Interval::asin_clamped`], [`Interval::sin_on_half_turn`], [`Interval::cos_on_half_turn`] | monotone on their stated domains (`trigonometric`) |
//! | [`Interval::inverse_normal_cdf`] | interval Newton, existence and uniqueness proven ([`newton`]) |
//!
//! For a point argument (`lo == hi`) `sqrt`, `exp` and `ln` call MPFR once
//! and use the ternary value: when the rounded result is inexact, the other
//! end is its neighbouring float.

mod arith;
pub mod compare;
mod elementary;
mod error_function;
pub mod exponent_range;
pub mod format;
pub mod jet;
pub mod newton;
pub mod normal_expansion;
pub mod ode;
pub mod precision;
mod special;
pub mod taylor;
mod trigonometric;

pub use compare::Tri;
pub use format::digits_of_precision;
pub use jet::Jet;
pub use normal_expansion::{NormalExpansion, NormalWalk};
pub use precision::{escalate, Escalated, PrecisionError};

use crate::exact::convert::{bigrational_to_rational, rational_to_bigrational};
use crate::exact::Q;
use rug::float::Round;
use rug::Float;
use std::cmp::Ordering;

/// The smaller of two (non-NaN) floats, by reference.
fn lesser<'a>(a: &'a Float, b: &'a Float) -> &'a Float {
    if a <= b {
        a
    } else {
        b
    }
}

/// The larger of two (non-NaN) floats, by reference.
fn greater<'a>(a: &'a Float, b: &'a Float) -> &'a Float {
    if a >= b {
        a
    } else {
        b
    }
}

/// Errors of partial interval operations.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IntervalError {
    /// The divisor contains zero.
    #[error("division by an interval that contains 0 ({divisor})")]
    DivisionByZero {
        /// The divisor, printed outward.
        divisor: String,
    },
    /// The argument leaves the domain of the function.
    #[error("{function} is undefined on part of {argument}")]
    Domain {
        /// The function.
        function: &'static str,
        /// The argument, printed outward.
        argument: String,
    },
    /// An interval Newton iteration could not prove a root.
    #[error("interval Newton could not prove a unique root: {0}")]
    NoProvenRoot(String),
}

/// A closed interval `[lo, hi]` of reals with MPFR endpoints.
#[derive(Clone, PartialEq)]
pub struct Interval {
    lo: Float,
    hi: Float,
}

impl Interval {
    /// The smallest interval at `prec` bits that contains the rational `q`.
    ///
    /// ```
    /// use ifm_check::interval::Interval;
    /// use ifm_check::exact::Q;
    /// let third = Q::new(1.into(), 3.into());
    /// let x = Interval::from_rational(&third, 128);
    /// assert!(x.contains_rational(&third));
    /// assert!(x.lo() < x.hi());
    /// ```
    pub fn from_rational(q: &Q, prec: u32) -> Interval {
        exponent_range::widen();
        let r = bigrational_to_rational(q);
        let (lo, o) = Float::with_val_round(prec, &r, Round::Down);
        let hi = if o == Ordering::Equal {
            lo.clone()
        } else {
            Float::with_val_round(prec, &r, Round::Up).0
        };
        Interval { lo, hi }
    }

    /// The interval containing the integer `n`.
    pub fn from_i64(n: i64, prec: u32) -> Interval {
        Interval::enclosing(n, prec)
    }

    /// The smallest interval at `prec` bits holding a number MPFR rounds
    /// exactly in each direction (an integer or a binary float).
    fn enclosing<T: Copy>(x: T, prec: u32) -> Interval
    where
        Float: rug::ops::AssignRound<T, Round = Round, Ordering = Ordering>,
    {
        exponent_range::widen();
        let (lo, o) = Float::with_val_round(prec, x, Round::Down);
        let hi = if o == Ordering::Equal {
            lo.clone()
        } else {
            Float::with_val_round(prec, x, Round::Up).0
        };
        Interval { lo, hi }
    }

    /// The smallest interval at `prec` bits that contains the binary
    /// float `x` (exactly `x` at 53 bits or more): data given as floats,
    /// taken as the rationals they are; `None` when `x` is not finite.
    pub fn from_f64(x: f64, prec: u32) -> Option<Interval> {
        x.is_finite().then(|| Interval::enclosing(x, prec))
    }

    /// The ends as binary64 floats rounded outward (`lo` down, `hi` up;
    /// beyond the range of `f64`, an infinity or the largest float).
    pub fn to_f64_outward(&self) -> (f64, f64) {
        (
            self.lo.to_f64_round(Round::Down),
            self.hi.to_f64_round(Round::Up),
        )
    }

    /// The interval `[lo, hi]` from two floats; `None` if either is NaN or
    /// `lo > hi`. The floats must come from a sound computation, never from
    /// an `f64` guess: it is public for the kernel's tests against outside
    /// suites (IEEE 1788, MPFR at higher precision), and no library code
    /// outside this module calls it (`tests/structure.rs` checks), so every
    /// interval of a verdict is made by the kernel.
    pub fn from_endpoints(lo: Float, hi: Float) -> Option<Interval> {
        if lo.is_nan() || hi.is_nan() || lo > hi {
            return None;
        }
        Some(Interval { lo, hi })
    }

    /// The point interval `[x, x]` of a finite float.
    pub(crate) fn point(x: Float) -> Interval {
        exponent_range::widen();
        debug_assert!(!x.is_nan());
        Interval {
            hi: x.clone(),
            lo: x,
        }
    }

    /// The point interval of a float that is the end of a sound
    /// enclosure (never of an `f64` guess).
    pub(crate) fn point_of(x: &Float) -> Interval {
        Interval::point(x.clone())
    }

    /// The whole real line at `prec` bits.
    pub fn entire(prec: u32) -> Interval {
        Interval {
            lo: Float::with_val(prec, rug::float::Special::NegInfinity),
            hi: Float::with_val(prec, rug::float::Special::Infinity),
        }
    }

    /// Builds the result of an operation, replacing NaN ends by the whole
    /// line (sound, and only reached through overflow or `0 * inf`).
    pub(crate) fn checked(lo: Float, hi: Float) -> Interval {
        if lo.is_nan() || hi.is_nan() {
            return Interval::entire(lo.prec().max(hi.prec()));
        }
        Interval { lo, hi }
    }

    /// Lower end.
    pub fn lo(&self) -> &Float {
        &self.lo
    }

    /// Upper end.
    pub fn hi(&self) -> &Float {
        &self.hi
    }

    /// Working precision in bits.
    pub fn prec(&self) -> u32 {
        self.lo.prec().max(self.hi.prec())
    }

    /// The same set rounded outward to `prec` bits (a superset when `prec`
    /// is lower).
    pub fn with_prec(&self, prec: u32) -> Interval {
        Interval::checked(
            Float::with_val_round(prec, &self.lo, Round::Down).0,
            Float::with_val_round(prec, &self.hi, Round::Up).0,
        )
    }

    /// Both ends finite.
    pub fn is_finite(&self) -> bool {
        self.lo.is_finite() && self.hi.is_finite()
    }

    /// `lo == hi`.
    pub fn is_point(&self) -> bool {
        self.lo == self.hi
    }

    /// `hi - lo`, rounded up.
    pub fn width(&self) -> Float {
        Float::with_val_round(self.prec(), &self.hi - &self.lo, Round::Up).0
    }

    /// The midpoint, rounded to nearest (a float inside the interval when
    /// both ends are finite; use it to guide, not to decide).
    pub fn mid(&self) -> Float {
        let prec = self.prec() + 1;
        let m = Float::with_val(prec, &self.lo + &self.hi) / 2u32;
        if m.is_finite() {
            Float::with_val(self.prec(), &m)
        } else {
            Float::with_val(self.prec(), 0)
        }
    }

    /// The exact midpoint as a rational (`None` if an end is infinite).
    pub fn mid_rational(&self) -> Option<Q> {
        let lo = self.lo.to_rational()?;
        let hi = self.hi.to_rational()?;
        Some(rational_to_bigrational(&((lo + hi) / 2u32)))
    }

    /// The largest absolute value on the interval, rounded up.
    pub fn mag(&self) -> Float {
        let a = Float::with_val(self.prec(), self.lo.abs_ref());
        let b = Float::with_val(self.prec(), self.hi.abs_ref());
        if a > b {
            a
        } else {
            b
        }
    }

    /// Exact ends as rationals (`None` if an end is infinite).
    pub fn to_rationals(&self) -> Option<(Q, Q)> {
        Some((
            rational_to_bigrational(&self.lo.to_rational()?),
            rational_to_bigrational(&self.hi.to_rational()?),
        ))
    }

    /// Whether the rational `q` lies in the interval, decided exactly.
    pub fn contains_rational(&self, q: &Q) -> bool {
        let r = bigrational_to_rational(q);
        self.lo <= r && self.hi >= r
    }

    /// Whether 0 lies in the interval.
    pub fn contains_zero(&self) -> bool {
        self.lo.cmp0() != Some(Ordering::Greater) && self.hi.cmp0() != Some(Ordering::Less)
    }

    /// Whether `other` is a subset of `self`.
    pub fn contains(&self, other: &Interval) -> bool {
        self.lo <= other.lo && other.hi <= self.hi
    }

    /// Whether `other` lies in the interior of `self`.
    pub fn contains_in_interior(&self, other: &Interval) -> bool {
        self.lo < other.lo && other.hi < self.hi
    }

    /// `[lo, hi]` from endpoint references chosen by the callers below.
    fn of_ends(lo: &Float, hi: &Float) -> Interval {
        Interval {
            lo: lo.clone(),
            hi: hi.clone(),
        }
    }

    /// The smallest interval containing both: `[min lo, max hi]`.
    pub fn hull(&self, other: &Interval) -> Interval {
        Interval::of_ends(lesser(&self.lo, &other.lo), greater(&self.hi, &other.hi))
    }

    /// The intersection `[max lo, min hi]`, `None` when disjoint.
    pub fn intersect(&self, other: &Interval) -> Option<Interval> {
        let (lo, hi) = (greater(&self.lo, &other.lo), lesser(&self.hi, &other.hi));
        (lo <= hi).then(|| Interval::of_ends(lo, hi))
    }

    /// `{max(a, b) : a in self, b in other} = [max lo, max hi]`; with a
    /// point 0 this is the positive part.
    pub fn max_of(&self, other: &Interval) -> Interval {
        Interval::of_ends(greater(&self.lo, &other.lo), greater(&self.hi, &other.hi))
    }

    /// `self ∩ [lower.lo, upper.hi]`: for a value known to be at least the
    /// quantity `lower` encloses and at most the one `upper` encloses (so
    /// every end used is the end of a sound enclosure); `None` when empty,
    /// which only a defect can cause.
    pub fn clamped(&self, lower: &Interval, upper: &Interval) -> Option<Interval> {
        let (lo, hi) = (greater(&self.lo, &lower.lo), lesser(&self.hi, &upper.hi));
        (lo <= hi).then(|| Interval::of_ends(lo, hi))
    }

    /// Whether the two intervals have no point in common.
    pub fn is_disjoint_from(&self, other: &Interval) -> bool {
        self.hi < other.lo || other.hi < self.lo
    }
}

impl std::fmt::Debug for Interval {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self}")
    }
}

impl std::fmt::Display for Interval {
    /// `[lo, hi]` with 20 significant digits, rounded outward.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (lo, hi) = self.to_decimal(20);
        write!(f, "[{lo}, {hi}]")
    }
}
