//! `expm1`, `asin`, and `sin`, `cos` on a half turn: the functions of the
//! Plackett quadrature of bivariate normal orthants
//! (`onedim::exponential`), enclosed by their ends where they are monotone.
//!
//! # Contract
//!
//! Each result contains `f(x)` for every `x` of the argument (of the part
//! of it inside the stated domain, where the caller knows the true
//! argument lies):
//!
//! | function | domain used | how |
//! |---|---|---|
//! | [`Interval::exp_m1`] | the line | increasing: `[f(lo) down, f(hi) up]` |
//! | [`Interval::asin_clamped`] | `x ∩ [-1, 1]` | increasing on `[-1, 1]` |
//! | [`Interval::sin_on_half_turn`] | `x ∩ [-pi/2, pi/2]` | increasing there; an end beyond the float below `pi/2` gives `±1` |
//! | [`Interval::cos_on_half_turn`] | `x ∩ [-pi/2, pi/2]` | `cos |x|`, decreasing on `[0, pi/2]`, at least 0 |
//!
//! Ends are MPFR's correctly rounded values with directed rounding, as for
//! the other elementary functions ([`super::elementary`]).

use super::elementary::monotone;
use super::Interval;
use rug::float::Round;
use rug::Float;

/// A float `f <= pi / 2`, below which `sin` and `cos` are known to be
/// monotone.
fn half_pi_below(prec: u32) -> Float {
    Float::with_val(prec, Interval::pi(prec).lo() >> 1i32)
}

impl Interval {
    /// `e^x - 1` over the interval (increasing; accurate near 0, where
    /// `exp(x) - 1` would cancel).
    pub fn exp_m1(&self) -> Interval {
        monotone(self, true, Float::exp_m1_ref)
    }

    /// `asin` over the part of the interval inside `[-1, 1]` (the ends are
    /// clamped to `[-1, 1]` first: the caller's value lies there, and a
    /// rounded end may not).
    pub fn asin_clamped(&self) -> Interval {
        let p = self.prec();
        let (minus_one, one) = (Float::with_val(p, -1), Float::with_val(p, 1));
        let lo = if self.lo < minus_one {
            minus_one
        } else {
            self.lo.clone()
        };
        let hi = if self.hi > one { one } else { self.hi.clone() };
        let clamped = Interval::checked(lo, hi);
        monotone(&clamped, true, Float::asin_ref)
    }

    /// `sin` over the part of the interval inside `(-pi/2, pi/2)`, where it
    /// is increasing; an end beyond the float below `pi/2` (rounding of an
    /// angle near a quarter turn) is replaced by `±1`.
    pub fn sin_on_half_turn(&self) -> Interval {
        let p = self.prec();
        let limit = half_pi_below(p);
        let lo = if self.lo >= -limit.clone() {
            Float::with_val_round(p, self.lo.sin_ref(), Round::Down).0
        } else {
            Float::with_val(p, -1)
        };
        let hi = if self.hi <= limit {
            Float::with_val_round(p, self.hi.sin_ref(), Round::Up).0
        } else {
            Float::with_val(p, 1)
        };
        Interval::checked(lo, hi)
    }

    /// `cos` over the part of the interval inside `(-pi/2, pi/2)`:
    /// `cos x = cos |x|`, decreasing in `|x|` on `[0, pi/2]`, at least 0
    /// there.
    pub fn cos_on_half_turn(&self) -> Interval {
        let p = self.prec();
        let magnitude = self.abs();
        let zero = Float::with_val(p, 0);
        let hi = Float::with_val_round(p, magnitude.lo.cos_ref(), Round::Up).0;
        let hi = if hi > zero { hi } else { zero.clone() };
        let lo = if magnitude.hi <= half_pi_below(p) {
            Float::with_val_round(p, magnitude.hi.cos_ref(), Round::Down).0
        } else {
            zero.clone()
        };
        let lo = if lo > zero { lo } else { zero };
        // lo <= hi: cos is decreasing and both were clamped at 0
        let lo = if lo > hi { hi.clone() } else { lo };
        Interval::checked(lo, hi)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exact::Q;
    use num_traits::Signed;

    fn r(n: i64, d: i64) -> Interval {
        Interval::from_rational(&Q::new(n.into(), d.into()), 128)
    }

    /// Each meets an independent value (mpmath, 45 digits) and is narrow.
    #[test]
    fn values_meet_independent_references() {
        let cases: [(Interval, &str); 6] = [
            (
                r(1, 1_000_000).exp_m1(),
                "1.00000050000016666670833334166666805555575e-6",
            ),
            (
                r(-3, 1).exp_m1(),
                "-0.950212931632136057020657584349938223368300",
            ),
            (
                r(1, 2).asin_clamped(),
                "0.523598775598298873077107230546583814032862",
            ),
            (
                r(-9, 10).asin_clamped(),
                "-1.11976951499863418668667705584539961589516",
            ),
            (
                r(3, 4).sin_on_half_turn(),
                "0.681638760023334166733241952779893935338382",
            ),
            (
                r(-3, 2).cos_on_half_turn(),
                "0.0707372016677029100881898514342687090850910",
            ),
        ];
        for (got, reference) in cases {
            let v = crate::exact::parse_rational(reference).unwrap();
            let ball = Interval::from_rational(&v, 128);
            let tiny = crate::exact::parse_rational("1e-36").unwrap();
            let radius = Interval::from_rational(&(v.abs() * tiny), 128);
            let ball = (&ball - &radius).hull(&(&ball + &radius));
            assert!(got.intersect(&ball).is_some(), "{got} vs {reference}");
            assert!(got.width() < got.mag() >> 100u32, "{got}");
        }
    }

    #[test]
    fn ends_beyond_the_domain_stay_sound() {
        let beyond = r(3, 2).hull(&r(8, 5));
        let s = beyond.sin_on_half_turn();
        assert!(*s.hi() >= 1 && *s.lo() <= 0.9975);
        let c = beyond.cos_on_half_turn();
        assert!(c.lo().is_zero() && *c.hi() >= 0.0707);
        // asin of an end rounded past 1: clamped, pi/2 inside
        let past = r(1, 2).hull(&r(11, 10));
        let a = past.asin_clamped();
        assert!(a.contains(&Interval::pi(128).mul_pow2(-1)), "{a}");
    }
}
