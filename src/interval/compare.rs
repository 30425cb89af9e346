//! Tri-state comparisons: an interval comparison is certainly true,
//! certainly false, or unknown. A `bool` would have to guess.

use super::Interval;
use crate::exact::convert::bigrational_to_rational;
use crate::exact::Q;
use std::cmp::Ordering;

/// The answer of an interval predicate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tri {
    /// True for every point of the inputs.
    True,
    /// False for every point of the inputs.
    False,
    /// True for some points and false for others, or not decided.
    Unknown,
}

impl Tri {
    /// Certainly true.
    pub fn is_true(self) -> bool {
        self == Tri::True
    }

    /// Certainly false.
    pub fn is_false(self) -> bool {
        self == Tri::False
    }

    fn from(certain: bool, certainly_not: bool) -> Tri {
        if certain {
            Tri::True
        } else if certainly_not {
            Tri::False
        } else {
            Tri::Unknown
        }
    }
}

impl Interval {
    /// `x < y` for all points.
    ///
    /// ```
    /// use ifm_check::interval::{Interval, Tri};
    /// let a = Interval::from_i64(1, 64);
    /// let b = Interval::from_i64(2, 64);
    /// assert_eq!(a.lt(&b), Tri::True);
    /// assert_eq!(b.lt(&a), Tri::False);
    /// assert_eq!(a.hull(&b).lt(&Interval::from_i64(1, 64).hull(&b)), Tri::Unknown);
    /// ```
    pub fn lt(&self, other: &Interval) -> Tri {
        Tri::from(self.hi < other.lo, self.lo >= other.hi)
    }

    /// `x <= y` for all points.
    pub fn le(&self, other: &Interval) -> Tri {
        Tri::from(self.hi <= other.lo, self.lo > other.hi)
    }

    /// `x > y` for all points.
    pub fn gt(&self, other: &Interval) -> Tri {
        other.lt(self)
    }

    /// `x >= y` for all points.
    pub fn ge(&self, other: &Interval) -> Tri {
        other.le(self)
    }

    /// `x < q` for a rational `q`, decided exactly.
    pub fn lt_rational(&self, q: &Q) -> Tri {
        let r = bigrational_to_rational(q);
        Tri::from(self.hi < r, self.lo >= r)
    }

    /// `x > q` for a rational `q`, decided exactly.
    pub fn gt_rational(&self, q: &Q) -> Tri {
        let r = bigrational_to_rational(q);
        Tri::from(self.lo > r, self.hi <= r)
    }

    /// `x > 0` for all points.
    pub fn is_positive(&self) -> Tri {
        Tri::from(
            self.lo.cmp0() == Some(Ordering::Greater),
            self.hi.cmp0().is_some_and(|o| o != Ordering::Greater),
        )
    }

    /// `|x| <= tol` for all points (`tol >= 0` rational): the residual
    /// test behind the verdicts. `True` means certified within tolerance,
    /// `False` means every point is outside `[-tol, tol]`.
    ///
    /// ```
    /// use ifm_check::interval::{Interval, Tri};
    /// use ifm_check::exact::Q;
    /// let tol = Q::new(1.into(), 1000.into());
    /// let tiny = Interval::from_rational(&Q::new(1.into(), 10000.into()), 64);
    /// assert_eq!(tiny.abs_within(&tol), Tri::True);
    /// assert_eq!(Interval::from_i64(1, 64).abs_within(&tol), Tri::False);
    /// ```
    pub fn abs_within(&self, tol: &Q) -> Tri {
        let t = bigrational_to_rational(tol);
        let neg_t = -t.clone();
        let inside = self.lo >= neg_t && self.hi <= t;
        let outside = self.lo > t || self.hi < neg_t;
        Tri::from(inside, outside)
    }
}
