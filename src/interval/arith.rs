//! `+ - * /`, square, integer power and absolute value, rounded outward.

use super::{Interval, IntervalError};
use rug::float::Round;
use rug::ops::Pow;
use rug::ops::{AddAssignRound, MulAssignRound};
use rug::Float;
use std::cmp::Ordering;
use std::ops::{Add, AddAssign, Mul, MulAssign, Neg, Sub};

/// `v` rounded down to `prec` bits.
pub(super) fn down<T>(prec: u32, v: T) -> Float
where
    Float: rug::ops::AssignRound<T, Round = Round, Ordering = Ordering>,
{
    Float::with_val_round(prec, v, Round::Down).0
}

/// `v` rounded up to `prec` bits.
pub(super) fn up<T>(prec: u32, v: T) -> Float
where
    Float: rug::ops::AssignRound<T, Round = Round, Ordering = Ordering>,
{
    Float::with_val_round(prec, v, Round::Up).0
}

fn nonneg(x: &Float) -> bool {
    x.cmp0() != Some(Ordering::Less)
}

fn nonpos(x: &Float) -> bool {
    x.cmp0() != Some(Ordering::Greater)
}

impl Add for &Interval {
    type Output = Interval;
    fn add(self, o: &Interval) -> Interval {
        let p = self.prec().max(o.prec());
        Interval::checked(down(p, &self.lo + &o.lo), up(p, &self.hi + &o.hi))
    }
}

impl Sub for &Interval {
    type Output = Interval;
    fn sub(self, o: &Interval) -> Interval {
        let p = self.prec().max(o.prec());
        Interval::checked(down(p, &self.lo - &o.hi), up(p, &self.hi - &o.lo))
    }
}

impl Neg for &Interval {
    type Output = Interval;
    fn neg(self) -> Interval {
        Interval::checked(
            Float::with_val(self.hi.prec(), -&self.hi),
            Float::with_val(self.lo.prec(), -&self.lo),
        )
    }
}

impl Mul for &Interval {
    type Output = Interval;
    fn mul(self, o: &Interval) -> Interval {
        let p = self.prec().max(o.prec());
        let (a, b) = (self, o);
        let (lo, hi) = if nonneg(&a.lo) {
            if nonneg(&b.lo) {
                (down(p, &a.lo * &b.lo), up(p, &a.hi * &b.hi))
            } else if nonpos(&b.hi) {
                (down(p, &a.hi * &b.lo), up(p, &a.lo * &b.hi))
            } else {
                (down(p, &a.hi * &b.lo), up(p, &a.hi * &b.hi))
            }
        } else if nonpos(&a.hi) {
            if nonneg(&b.lo) {
                (down(p, &a.lo * &b.hi), up(p, &a.hi * &b.lo))
            } else if nonpos(&b.hi) {
                (down(p, &a.hi * &b.hi), up(p, &a.lo * &b.lo))
            } else {
                (down(p, &a.lo * &b.hi), up(p, &a.lo * &b.lo))
            }
        } else if nonneg(&b.lo) {
            (down(p, &a.lo * &b.hi), up(p, &a.hi * &b.hi))
        } else if nonpos(&b.hi) {
            (down(p, &a.hi * &b.lo), up(p, &a.lo * &b.lo))
        } else {
            let l1 = down(p, &a.lo * &b.hi);
            let l2 = down(p, &a.hi * &b.lo);
            let h1 = up(p, &a.lo * &b.lo);
            let h2 = up(p, &a.hi * &b.hi);
            (if l1 < l2 { l1 } else { l2 }, if h1 > h2 { h1 } else { h2 })
        };
        Interval::checked(lo, hi)
    }
}

macro_rules! owned_binop {
    ($tr:ident, $f:ident) => {
        impl $tr for Interval {
            type Output = Interval;
            fn $f(self, o: Interval) -> Interval {
                (&self).$f(&o)
            }
        }
        impl $tr<&Interval> for Interval {
            type Output = Interval;
            fn $f(self, o: &Interval) -> Interval {
                (&self).$f(o)
            }
        }
        impl $tr<Interval> for &Interval {
            type Output = Interval;
            fn $f(self, o: Interval) -> Interval {
                self.$f(&o)
            }
        }
    };
}
owned_binop!(Add, add);
owned_binop!(Sub, sub);
owned_binop!(Mul, mul);

/// In place, without allocating, when the result's precision is `self`'s
/// (the hot loops accumulate sums this way).
impl AddAssign<&Interval> for Interval {
    fn add_assign(&mut self, o: &Interval) {
        if o.prec() > self.prec() {
            *self = &*self + o;
            return;
        }
        self.lo.add_assign_round(&o.lo, Round::Down);
        self.hi.add_assign_round(&o.hi, Round::Up);
        if self.lo.is_nan() || self.hi.is_nan() {
            *self = Interval::entire(self.prec());
        }
    }
}

/// In place when both factors are nonnegative (densities, weights: the
/// common case of the hot loops, one product per end); otherwise as `*`.
impl MulAssign<&Interval> for Interval {
    fn mul_assign(&mut self, o: &Interval) {
        if o.prec() > self.prec() || !nonneg(&self.lo) || !nonneg(&o.lo) {
            *self = &*self * o;
            return;
        }
        self.lo.mul_assign_round(&o.lo, Round::Down);
        self.hi.mul_assign_round(&o.hi, Round::Up);
        if self.lo.is_nan() || self.hi.is_nan() {
            *self = Interval::entire(self.prec());
        }
    }
}

impl Neg for Interval {
    type Output = Interval;
    fn neg(self) -> Interval {
        -&self
    }
}

impl Interval {
    /// `self / d`; an error when `d` contains 0.
    ///
    /// ```
    /// use ifm_check::exact::Q;
    /// use ifm_check::interval::Interval;
    /// let one = Interval::from_i64(1, 64);
    /// let three = Interval::from_i64(3, 64);
    /// let third = one.checked_div(&three).unwrap();
    /// assert!(third.contains_rational(&Q::new(1.into(), 3.into())));
    /// assert!(one.checked_div(&Interval::from_i64(0, 64)).is_err());
    /// ```
    pub fn checked_div(&self, d: &Interval) -> Result<Interval, IntervalError> {
        if d.contains_zero() {
            return Err(IntervalError::DivisionByZero {
                divisor: d.to_string(),
            });
        }
        let p = self.prec().max(d.prec());
        let a = self;
        let (lo, hi) = if d.lo.cmp0() == Some(Ordering::Greater) {
            if nonneg(&a.lo) {
                (down(p, &a.lo / &d.hi), up(p, &a.hi / &d.lo))
            } else if nonpos(&a.hi) {
                (down(p, &a.lo / &d.lo), up(p, &a.hi / &d.hi))
            } else {
                (down(p, &a.lo / &d.lo), up(p, &a.hi / &d.lo))
            }
        } else if nonneg(&a.lo) {
            (down(p, &a.hi / &d.hi), up(p, &a.lo / &d.lo))
        } else if nonpos(&a.hi) {
            (down(p, &a.hi / &d.lo), up(p, &a.lo / &d.hi))
        } else {
            (down(p, &a.hi / &d.hi), up(p, &a.lo / &d.hi))
        };
        Ok(Interval::checked(lo, hi))
    }

    /// `1 / self`; an error when `self` contains 0.
    pub fn recip(&self) -> Result<Interval, IntervalError> {
        Interval::from_i64(1, self.prec()).checked_div(self)
    }

    /// `self * 2^k`, exact (no rounding unless the exponent range is left).
    pub fn mul_pow2(&self, k: i32) -> Interval {
        let p = self.prec();
        Interval::checked(down(p, &self.lo << k), up(p, &self.hi << k))
    }

    /// `x^2` over the interval (tighter than `x * x` when 0 is inside).
    pub fn sqr(&self) -> Interval {
        self.pow_u(2)
    }

    /// `x^n` over the interval.
    pub fn pow_u(&self, n: u32) -> Interval {
        let p = self.prec();
        if n == 0 {
            return Interval::from_i64(1, p);
        }
        if n % 2 == 1 || nonneg(&self.lo) {
            return Interval::checked(down(p, (&self.lo).pow(n)), up(p, (&self.hi).pow(n)));
        }
        if nonpos(&self.hi) {
            return Interval::checked(down(p, (&self.hi).pow(n)), up(p, (&self.lo).pow(n)));
        }
        let a = up(p, (&self.lo).pow(n));
        let b = up(p, (&self.hi).pow(n));
        Interval::checked(Float::with_val(p, 0), if a > b { a } else { b })
    }

    /// `|x|` over the interval.
    pub fn abs(&self) -> Interval {
        if nonneg(&self.lo) {
            self.clone()
        } else if nonpos(&self.hi) {
            -self
        } else {
            Interval::checked(Float::with_val(self.prec(), 0), self.mag())
        }
    }
}
