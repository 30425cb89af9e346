//! `erf`, `erfc`, the normal density, distribution and survival functions,
//! and the constants they need.
//!
//! The normal CDF is computed as `erfc(-x / sqrt 2) / 2` for every `x`, so a
//! small lower-tail probability keeps its relative accuracy; the survival
//! function `erfc(x / sqrt 2) / 2` does the same in the upper tail.

use super::elementary::{monotone, narrow_increasing, ExpSlope};
use super::Interval;
use rug::float::{Constant, Round};
use rug::Float;

impl Interval {
    /// `pi`, enclosed.
    pub fn pi(prec: u32) -> Interval {
        Interval::checked(
            Float::with_val_round(prec, Constant::Pi, Round::Down).0,
            Float::with_val_round(prec, Constant::Pi, Round::Up).0,
        )
    }

    /// `1 / sqrt(2)`, enclosed.
    pub fn frac_1_sqrt_2(prec: u32) -> Interval {
        Interval::from_i64(2, prec)
            .sqrt()
            .and_then(|s| s.recip())
            .expect("sqrt(2) is positive")
    }

    /// `1 / sqrt(2 pi)`, enclosed.
    pub fn frac_1_sqrt_2pi(prec: u32) -> Interval {
        Interval::pi(prec)
            .mul_pow2(1)
            .sqrt()
            .and_then(|s| s.recip())
            .expect("2 pi is positive")
    }

    /// The error function (increasing).
    pub fn erf(&self) -> Interval {
        let unit = self.lo >= -1i32 && self.hi <= 1i32;
        unit.then(|| narrow_increasing(self, Float::erf_ref, ExpSlope::Absolute))
            .flatten()
            .unwrap_or_else(|| monotone(self, true, Float::erf_ref))
    }

    /// The complementary error function `1 - erf(x)` (decreasing), with
    /// full relative accuracy in the upper tail.
    pub fn erfc(&self) -> Interval {
        monotone(self, false, Float::erfc_ref)
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
