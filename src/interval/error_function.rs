//! `erf` and `erfc` at a point, by series of our own: the kernel never
//! calls MPFR's `erf` or `erfc`.
//!
//! # Why not MPFR's
//!
//! MPFR 4.2.2's `mpfr_erf_0` (the Taylor series behind `mpfr_erf`, and
//! behind `mpfr_erfc` for all but large positive arguments) scales its
//! error bound by the drop of the partial sum's exponent. When a partial
//! sum cancels to exactly zero (the first one, `1 - x^2/3`, does when `x^2`
//! rounds to exactly 3 at MPFR's working precision), the bound becomes
//! infinite and an `MPFR_ASSERTN` aborts the process. No flag or return
//! value reports it, and which arguments trigger it depends on MPFR's
//! internal precision, so no guard around the call can be proven complete
//! (`TESTING.md` has the reproduction).
//!
//! # Contract
//!
//! [`erf_enclosure`] and [`erfc_enclosure`] return an interval of `p`-bit
//! ends that contains `erf(a)` (resp. `erfc(a)`) for the float `a`, where
//! `p` is the precision of `a` or the precision asked, whichever is larger.
//! `erfc` keeps its relative accuracy in the upper tail down to MPFR's
//! smallest positive number (below it the enclosure is `[0, tiny]`).
//!
//! # Methods (`a > 0`; `erf(-a) = -erf(a)` and `erfc(-a) = 2 - erfc(a)`
//! give the rest)
//!
//! - `erf(a) = 2/sqrt(pi) e^(-a^2) E(a)` with the series of positive terms
//!   `E(a) = sum_n T_n`, `T_0 = a`, `T_(n+1) = T_n 2a^2 / (2n + 3)`
//!   (Abramowitz-Stegun 7.1.6). No cancellation: each term is bounded
//!   below and above with directed rounding. Once the ratio
//!   `r = 2a^2 / (2n + 3)` is at most 1/2, the tail after `T_n` is at most
//!   `T_n r / (1 - r) <= T_n`.
//! - `erfc(a)` for `a^2 >= 0.75 w` (`w` the working precision): the
//!   asymptotic expansion `erfc(a) = e^(-a^2) / (a sqrt(pi)) (sum_(m<N)
//!   (-1)^m c_m + R_N)`, `c_m = (2m - 1)!! / (2a^2)^m`, whose remainder for
//!   real `a > 0` has the sign of the first neglected term `(-1)^N c_N` and
//!   at most its size (it is enveloping: DLMF 7.12(ii)). The sum stops once
//!   `c_N <= 2^-w`; if the terms stop decreasing first, the next method is
//!   used.
//! - otherwise `erfc(a) = 1 - erf(a)` with `erf` from the series at
//!   `w + ceil(a^2 log2 e)` bits, which covers the cancellation of the
//!   subtraction.
//!
//! Floats choose the method and the working precision only; every method
//! is an enclosure on its own.

use super::arith::{down, up};
use super::Interval;
use rug::float::{Constant, Round, Special};
use rug::ops::{AddAssignRound, DivAssignRound, MulAssignRound};
use rug::Float;
use std::cmp::Ordering;

/// Bits beyond the result's precision carried through the series.
const GUARD_BITS: u32 = 32;

/// `2 / sqrt(pi)`, enclosed at `prec` bits (MPFR caches `pi` itself).
fn two_over_sqrt_pi(prec: u32) -> Interval {
    let pi = Interval::checked(down(prec, Constant::Pi), up(prec, Constant::Pi));
    pi.sqrt()
        .and_then(|s| s.recip())
        .expect("pi > 0")
        .mul_pow2(1)
}

/// `e^(-a^2)` for the point `a`, at `prec` bits.
fn gaussian_factor(a: &Interval) -> Interval {
    (-a.sqr()).exp()
}

/// Encloses `E(a) = sum_n T_n` (module documentation) for `a > 0` at `prec`
/// bits: every term is positive, so lower and upper sums are kept apart.
fn positive_series(a: &Float, prec: u32) -> Interval {
    // y = 2 a^2, bounded below and above (the shift is exact)
    let y_lo = down(prec, a.square_ref()) << 1u32;
    let y_hi = up(prec, a.square_ref()) << 1u32;
    let mut term_lo = down(prec, a);
    let mut term_hi = up(prec, a);
    let mut sum_lo = term_lo.clone();
    let mut sum_hi = term_hi.clone();
    if !y_hi.is_finite() {
        return Interval::checked(sum_lo, Float::with_val(prec, Special::Infinity));
    }
    // once the ratio y / (2n + 3) of the next term is at most 1/2, each
    // step halves the term at least, and the tail after T_n is at most T_n;
    // in place, each step rounded in its direction
    let twice_y_hi = Float::with_val(prec, &y_hi << 1u32);
    let mut halving_steps: u32 = 0;
    for n in 0u32.. {
        let divisor = 2 * n + 3;
        term_lo.mul_assign_round(&y_lo, Round::Down);
        term_lo.div_assign_round(divisor, Round::Down);
        term_hi.mul_assign_round(&y_hi, Round::Up);
        term_hi.div_assign_round(divisor, Round::Up);
        sum_lo.add_assign_round(&term_lo, Round::Down);
        sum_hi.add_assign_round(&term_hi, Round::Up);
        // the next ratio y / (2n + 5) <= 1/2, compared exactly
        if twice_y_hi > divisor + 2 {
            continue;
        }
        halving_steps += 1;
        // negligible: below 2^-(prec + 1) of the sum by exponents; the step
        // count ends the loop where exponents cannot (underflow)
        let negligible = match (term_hi.get_exp(), sum_lo.get_exp()) {
            (Some(t), Some(s)) => i64::from(t) < i64::from(s) - i64::from(prec) - 1,
            _ => false,
        };
        if negligible || halving_steps > prec.saturating_add(8) {
            break;
        }
    }
    Interval::checked(sum_lo, up(prec, &sum_hi + &term_hi))
}

/// `erf(a)` for `a > 0` by the series of positive terms, at `prec` bits.
fn erf_by_series(a: &Float, prec: u32) -> Interval {
    let point = Interval::point(Float::with_val(prec, a));
    &(&two_over_sqrt_pi(prec) * &gaussian_factor(&point)) * &positive_series(a, prec)
}

/// `erfc(a)` for `a > 0` by the enveloping asymptotic expansion at `prec`
/// bits; `None` when its terms stop decreasing before they are negligible.
fn erfc_asymptotic(a: &Float, prec: u32) -> Option<Interval> {
    let point = Interval::point(Float::with_val(prec, a));
    let y = point.sqr().mul_pow2(1);
    let one = Interval::from_i64(1, prec);
    let mut term = one.clone();
    let mut sum = one.clone();
    let negligible = Float::with_val(prec, 1u32) >> prec;
    let mut m: u32 = 0;
    loop {
        // c_(m+1) = c_m (2m + 1) / (2a^2): decreasing while 2m + 1 < 2a^2
        let factor = Interval::from_i64(i64::from(2 * m + 1), prec);
        if *factor.hi() >= *y.lo() {
            return None;
        }
        term = (&term * &factor).checked_div(&y).ok()?;
        m += 1;
        let signed = if m % 2 == 1 {
            -term.clone()
        } else {
            term.clone()
        };
        if *term.hi() <= negligible {
            // the remainder after m terms lies between 0 and (-1)^m c_m
            let zero = Interval::from_i64(0, prec);
            sum = &sum + &signed.hull(&zero);
            break;
        }
        sum = &sum + &signed;
    }
    let prefactor = gaussian_factor(&point)
        .checked_div(&(&point * &Interval::pi(prec).sqrt().ok()?))
        .ok()?;
    Some(&prefactor * &sum)
}

/// The working precision of an argument `a` at result precision `prec`.
fn working_precision(a: &Float, prec: u32) -> u32 {
    prec.max(a.prec()).saturating_add(GUARD_BITS)
}

/// Encloses `erfc(a)` for a finite `a > 0` at `w` working bits.
fn erfc_positive(a: &Float, w: u32) -> Interval {
    if *a < 1u32 {
        return &Interval::from_i64(1, w) - &erf_by_series(a, w);
    }
    // a guide only: which method, and how many bits the subtraction loses
    let a_squared = a.to_f64() * a.to_f64();
    if a_squared >= 0.75 * f64::from(w) {
        if let Some(tail) = erfc_asymptotic(a, w) {
            return tail;
        }
    }
    // at most 2w + 64 bits more: reached only where the expansion failed,
    // which is for a^2 below about 0.75 w
    let lost = (a_squared * std::f64::consts::LOG2_E).ceil();
    let lost = lost.min(f64::from(w) * 2.0 + 64.0);
    let wide = w.saturating_add(lost as u32);
    (&Interval::from_i64(1, wide) - &erf_by_series(a, wide)).with_prec(w)
}

/// Encloses `erf(a)` at `prec` bits (at least the precision of `a`).
pub(crate) fn erf_enclosure(a: &Float, prec: u32) -> Interval {
    let p = prec.max(a.prec());
    let w = working_precision(a, prec);
    let value = match a.cmp0() {
        None | Some(Ordering::Equal) => return Interval::from_i64(0, p),
        Some(Ordering::Less) => return -erf_enclosure(&Float::with_val(a.prec(), -a), prec),
        Some(Ordering::Greater) if a.is_infinite() => return Interval::from_i64(1, p),
        Some(Ordering::Greater) if *a < 1u32 => erf_by_series(a, w),
        Some(Ordering::Greater) => &Interval::from_i64(1, w) - &erfc_positive(a, w),
    };
    // erf(a) lies in (0, 1) for a > 0: the intersection only tightens
    let range = Interval::checked(Float::with_val(p, 0), Float::with_val(p, 1));
    value.with_prec(p).intersect(&range).unwrap_or(range)
}

/// Encloses `erfc(a)` at `prec` bits (at least the precision of `a`).
pub(crate) fn erfc_enclosure(a: &Float, prec: u32) -> Interval {
    let p = prec.max(a.prec());
    let w = working_precision(a, prec);
    let value = match a.cmp0() {
        None | Some(Ordering::Equal) => return Interval::from_i64(1, p),
        Some(Ordering::Less) if a.is_infinite() => return Interval::from_i64(2, p),
        Some(Ordering::Less) => {
            let positive = Float::with_val(a.prec(), -a);
            &Interval::from_i64(2, w) - &erfc_positive(&positive, w)
        }
        Some(Ordering::Greater) if a.is_infinite() => return Interval::from_i64(0, p),
        Some(Ordering::Greater) => erfc_positive(a, w),
    };
    // erfc(a) lies in (0, 2): the intersection only tightens
    let range = Interval::checked(Float::with_val(p, 0), Float::with_val(p, 2));
    value.with_prec(p).intersect(&range).unwrap_or(range)
}
