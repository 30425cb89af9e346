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
        monotone(self, true, Float::exp_ref)
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
