//! `erf`, `erfc`, the normal density, distribution and survival functions,
//! and the constants they need.
//!
//! The normal CDF is computed as `erfc(-x / sqrt 2) / 2` for every `x`, so a
//! small lower-tail probability keeps its relative accuracy; the survival
//! function `erfc(x / sqrt 2) / 2` does the same in the upper tail. `erf`
//! and `erfc` at a point come from [`super::error_function`], never from
//! MPFR (whose `erf` can abort the process).

use super::elementary::{grown_upper_bound, is_narrow, ExpSlope};
use super::error_function::{erf_enclosure, erfc_enclosure};
use super::Interval;
use rug::float::{Constant, Round};
use rug::Float;
use std::cmp::Ordering;

/// The one-evaluation path of `erfc` on a narrow interval that does not
/// straddle 0 (see [`Interval::erfc`]); `None` otherwise.
fn narrow_erfc(x: &Interval) -> Option<Interval> {
    if x.is_point() || !x.is_finite() {
        return None;
    }
    let d = x.width();
    if !is_narrow(x, &d) || x.contains_zero() {
        return None;
    }
    let p = x.prec();
    let at_lo = erfc_enclosure(&x.lo, p);
    let (lower_at_lo, upper_at_lo) = (at_lo.lo, at_lo.hi);
    let lower = if x.lo.cmp0() == Some(Ordering::Greater) {
        // erfc(hi) >= erfc(lo) (1 - d (2 hi + 2)), every step rounded down
        let slope = Float::with_val_round(p, &x.hi + 1u32, Round::Up).0;
        let slope = Float::with_val_round(p, &slope << 1i32, Round::Up).0;
        let loss = Float::with_val_round(p, &d * &slope, Round::Up).0;
        let factor = Float::with_val_round(p, 1u32 - &loss, Round::Down).0;
        if factor.cmp0() != Some(Ordering::Greater) {
            return None;
        }
        Float::with_val_round(p, &lower_at_lo * &factor, Round::Down).0
    } else {
        // hi < 0: for y in [lo, hi], |erfc'(y)| < erfc(|y|)(2|y| + 2)
        // <= erfc(|hi|) k with k = 2|lo| + 2, and erfc(|hi|) <= erfc(|lo|)
        // e^{d k} <= erfc(|lo|)(1 + 2 d k) when d k <= 1; erfc(|lo|) is
        // 2 - erfc(lo) <= 2 - lower_at_lo. So erfc(hi) >= lower_at_lo -
        // d k (2 - lower_at_lo)(1 + 2 d k): the loss scales with the tail.
        let k = Float::with_val_round(p, 1u32 - &x.lo, Round::Up).0;
        let k = Float::with_val_round(p, &k << 1i32, Round::Up).0;
        let dk = Float::with_val_round(p, &d * &k, Round::Up).0;
        if dk > 1u32 {
            return None;
        }
        let tail = Float::with_val_round(p, 2u32 - &lower_at_lo, Round::Up).0;
        let dk2 = Float::with_val_round(p, &dk << 1i32, Round::Up).0;
        let grow = Float::with_val_round(p, &dk2 + 1u32, Round::Up).0;
        let loss = Float::with_val_round(p, &dk * &tail, Round::Up).0;
        let loss = Float::with_val_round(p, &loss * &grow, Round::Up).0;
        Float::with_val_round(p, &lower_at_lo - &loss, Round::Down).0
    };
    Some(Interval::checked(lower, upper_at_lo))
}

thread_local! {
    /// `(pi, 1/sqrt 2, 1/sqrt(2 pi))` per precision: computed once.
    static CONSTANTS: std::cell::RefCell<std::collections::HashMap<u32, [Interval; 3]>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

fn constant(prec: u32, which: usize) -> Interval {
    CONSTANTS.with(|cache| {
        let mut cache = cache.borrow_mut();
        cache.entry(prec).or_insert_with(|| {
            let pi = Interval::checked(
                Float::with_val_round(prec, Constant::Pi, Round::Down).0,
                Float::with_val_round(prec, Constant::Pi, Round::Up).0,
            );
            let s2 = Interval::from_i64(2, prec)
                .sqrt()
                .and_then(|s| s.recip())
                .expect("2 > 0");
            let s2pi = pi
                .mul_pow2(1)
                .sqrt()
                .and_then(|s| s.recip())
                .expect("2 pi > 0");
            [pi, s2, s2pi]
        })[which]
            .clone()
    })
}

impl Interval {
    /// `pi`, enclosed.
    pub fn pi(prec: u32) -> Interval {
        constant(prec, 0)
    }

    /// `1 / sqrt(2)`, enclosed.
    pub fn frac_1_sqrt_2(prec: u32) -> Interval {
        constant(prec, 1)
    }

    /// `1 / sqrt(2 pi)`, enclosed.
    pub fn frac_1_sqrt_2pi(prec: u32) -> Interval {
        constant(prec, 2)
    }

    /// The error function (increasing).
    pub fn erf(&self) -> Interval {
        let p = self.prec();
        let at_lo = erf_enclosure(&self.lo, p);
        if self.is_point() {
            return at_lo;
        }
        // narrow inside [-1, 1]: one evaluation and the slope bound
        let d = self.width();
        let unit = self.lo >= -1i32 && self.hi <= 1i32;
        if unit && is_narrow(self, &d) {
            let hi = grown_upper_bound(&at_lo.hi, &d, ExpSlope::Absolute);
            return Interval::checked(at_lo.lo, hi);
        }
        Interval::checked(at_lo.lo, erf_enclosure(&self.hi, p).hi)
    }

    /// The complementary error function `1 - erf(x)` (decreasing), with
    /// full relative accuracy in the upper tail.
    ///
    /// A narrow argument takes one evaluation, an enclosure of `erfc(lo)`,
    /// and bounds `erfc(hi)` from below by the slope: for `y >= 0`,
    /// `|erfc'(y)| < erfc(y) (y + sqrt(y^2 + 2)) <= erfc(y) (2y + 2)`
    /// (Abramowitz-Stegun 7.1.13), so `erfc(hi) >= erfc(lo) (1 - d (2 hi + 2))`,
    /// which keeps the relative accuracy of the tail; for `y < 0` the same
    /// bound on `erfc(|y|)` gives a loss proportional to the tail
    /// `2 - erfc(lo)` (see `narrow_erfc`).
    pub fn erfc(&self) -> Interval {
        narrow_erfc(self).unwrap_or_else(|| {
            let p = self.prec();
            let at_hi = erfc_enclosure(&self.hi, p);
            if self.is_point() {
                return at_hi;
            }
            Interval::checked(at_hi.lo, erfc_enclosure(&self.lo, p).hi)
        })
    }

    /// The standard normal density `exp(-x^2 / 2) / sqrt(2 pi)`.
    pub fn normal_pdf(&self) -> Interval {
        let p = self.prec();
        (-self.sqr().mul_pow2(-1)).exp() * Interval::frac_1_sqrt_2pi(p)
    }

    /// The standard normal distribution function `Phi(x) = erfc(-x/sqrt 2)/2`.
    ///
    /// ```
    /// use ifm_check::interval::Interval;
    /// let tail = Interval::from_i64(-11, 128).normal_cdf();
    /// // Phi(-11) = 1.9106595744986...e-28, with full relative accuracy
    /// assert!(tail.lo().to_string().starts_with("1.91065957449"));
    /// ```
    pub fn normal_cdf(&self) -> Interval {
        let p = self.prec();
        (-(self * Interval::frac_1_sqrt_2(p))).erfc().mul_pow2(-1)
    }

    /// The standard normal survival function `1 - Phi(x) = erfc(x/sqrt 2)/2`.
    pub fn normal_sf(&self) -> Interval {
        let p = self.prec();
        (self * Interval::frac_1_sqrt_2(p)).erfc().mul_pow2(-1)
    }
}
