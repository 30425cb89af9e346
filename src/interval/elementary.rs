//! `sqrt`, `exp`, `ln`: increasing functions, enclosed by their ends.

use super::{Interval, IntervalError};
use rug::float::Round;
use rug::ops::AssignRound;
use rug::Float;
use std::cmp::Ordering;

/// Encloses a monotone function given by its MPFR evaluation `f`.
/// For a point argument, one correctly rounded call and its ternary value
/// suffice: an inexact result `r` (rounded down) puts the value in
/// `(r, next_up(r))`.
pub(super) fn monotone<'a, T>(
    x: &'a Interval,
    increasing: bool,
    f: impl Fn(&'a Float) -> T,
) -> Interval
where
    Float: AssignRound<T, Round = Round, Ordering = Ordering>,
{
    let p = x.prec();
    if x.is_point() {
        let (r, o) = Float::with_val_round(p, f(&x.lo), Round::Down);
        let mut hi = r.clone();
        if o != Ordering::Equal {
            hi.next_up();
        }
        return Interval::checked(r, hi);
    }
    let (a, b) = if increasing {
        (&x.lo, &x.hi)
    } else {
        (&x.hi, &x.lo)
    };
    Interval::checked(
        Float::with_val_round(p, f(a), Round::Down).0,
        Float::with_val_round(p, f(b), Round::Up).0,
    )
}

/// How the growth of an increasing function across a narrow interval
/// `[lo, lo + d]` is bounded, given `f(lo)`.
pub(super) enum ExpSlope {
    /// `exp(lo + d) = exp(lo) e^d <= exp(lo) (1 + 2d)` for `0 <= d <= 1/2`
    /// (convexity: equality at 0, and `e^(1/2) < 2`).
    Relative,
    /// `f(lo + d) <= f(lo) + (5/4) d` when `|f'| <= 5/4` on the interval
    /// (`erf' = 2/sqrt(pi) e^(-x^2) <= 1.1284`; erf is enclosed by
    /// [`super::error_function`], not through this module's MPFR paths).
    Absolute,
}

/// One MPFR call instead of two for a narrow interval (the common case of a
/// rational rounded outward): `f(lo)` rounded down, with its ternary value,
/// gives both bounds of `f(lo)`; the slope bound covers the rest up to
/// `f(hi)`. `None` when the interval is not narrow, is a point, or is not
/// finite: the caller then evaluates both ends.
pub(super) fn narrow_increasing<'a, T>(
    x: &'a Interval,
    f: impl Fn(&'a Float) -> T,
    slope: ExpSlope,
) -> Option<Interval>
where
    Float: AssignRound<T, Round = Round, Ordering = Ordering>,
{
    if x.is_point() || !x.is_finite() {
        return None;
    }
    let p = x.prec();
    // Narrow: d <= max(1, |lo|) 2^-(p/2) (and so d <= 1/2). Then the slope
    // bound costs at most a factor 2 (exp) or 3 (erf on [-1, 1]) in the
    // width of the result; wider intervals evaluate both ends.
    let d = x.width();
    if !is_narrow(x, &d) {
        return None;
    }
    let (lo, o) = Float::with_val_round(p, f(&x.lo), Round::Down);
    let mut lo_up = lo.clone();
    if o != Ordering::Equal {
        lo_up.next_up();
    }
    let hi = grown_upper_bound(&lo_up, &d, slope);
    Some(Interval::checked(lo, hi))
}

/// `d <= max(1, |lo|) 2^-(p/2)` and `d <= 1/2`.
pub(super) fn is_narrow(x: &Interval, d: &Float) -> bool {
    let p = x.prec();
    let mut scale = Float::with_val(p, x.lo.abs_ref());
    if scale < 1u32 {
        scale = Float::with_val(p, 1u32);
    }
    scale >>= (p / 2) as i32;
    *d <= scale && *d <= 0.5f32
}

/// An upper bound of `f(lo + d)` from an upper bound `lo_up` of `f(lo)`
/// and the slope bound.
pub(super) fn grown_upper_bound(lo_up: &Float, d: &Float, slope: ExpSlope) -> Float {
    let p = lo_up.prec();
    match slope {
        ExpSlope::Relative => {
            // 2d is a shift (rounded up in case of underflow); 1 + 2d and the
            // product round up
            let two_d = Float::with_val_round(p, d << 1, Round::Up).0;
            let factor = Float::with_val_round(p, &two_d + 1u32, Round::Up).0;
            Float::with_val_round(p, lo_up * &factor, Round::Up).0
        }
        ExpSlope::Absolute => {
            // d/4 is a shift (rounded up in case of underflow); d + d/4 and
            // the sum round up
            let quarter = Float::with_val_round(p, d >> 2, Round::Up).0;
            let step = Float::with_val_round(p, d + &quarter, Round::Up).0;
            Float::with_val_round(p, lo_up + &step, Round::Up).0
        }
    }
}

impl Interval {
    /// `sqrt(x)`; an error when the interval reaches below 0.
    pub fn sqrt(&self) -> Result<Interval, IntervalError> {
        if self.lo.cmp0() == Some(Ordering::Less) {
            return Err(IntervalError::Domain {
                function: "sqrt",
                argument: self.to_string(),
            });
        }
        Ok(monotone(self, true, Float::sqrt_ref))
    }

    /// `exp(x)`.
    ///
    /// ```
    /// use ifm_check::interval::Interval;
    /// let e = Interval::from_i64(1, 128).exp();
    /// assert!(e.lo() < e.hi());
    /// assert_eq!(e.lo().to_string()[..6].to_string(), "2.7182");
    /// ```
    pub fn exp(&self) -> Interval {
        narrow_increasing(self, Float::exp_ref, ExpSlope::Relative)
            .unwrap_or_else(|| monotone(self, true, Float::exp_ref))
    }

    /// The natural logarithm; an error unless the interval is inside `(0, inf]`.
    pub fn ln(&self) -> Result<Interval, IntervalError> {
        if self.lo.cmp0() != Some(Ordering::Greater) {
            return Err(IntervalError::Domain {
                function: "ln",
                argument: self.to_string(),
            });
        }
        Ok(monotone(self, true, Float::ln_ref))
    }
}
