//! Intervals over MPFR with both ends rounded outward at every operation
//! (MPFR's correctly rounded operations with directed rounding): the only
//! floating-point code a reader of the verifier must trust. No Taylor
//! walks, no slope bounds, no caches: each function is one MPFR call per
//! end, using its monotonicity, except `erfc`, which is a series of our own
//! (MPFR's `erf`, which its `erfc` calls, can abort the process when a
//! partial sum of its series cancels to exactly zero).
//!
//! MPFR's exponent range is widened from its default `±2^30` to
//! `±(2^31 - 2^24)` on each thread before its first interval (`widen`), so
//! that densities such as `exp(-10^9)` do not underflow to 0; rug reports
//! exponents as `i32`, hence not MPFR's own `±(2^62 - 1)`.

use rug::float::{Constant, Round};
use rug::{Float, Rational};
use std::cmp::Ordering;

/// A closed interval `[lo, hi]`.
#[derive(Clone, Debug)]
pub struct Iv {
    /// The lower end.
    pub lo: Float,
    /// The upper end.
    pub hi: Float,
}

/// The exponent range after [`widen`]: `|e| <= EXPONENT_LIMIT`.
pub const EXPONENT_LIMIT: i32 = i32::MAX - (1 << 24) + 1;

thread_local! {
    static WIDENED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Widens this thread's MPFR exponent range to `±EXPONENT_LIMIT`, once.
fn widen() {
    WIDENED.with(|done| {
        if !done.get() {
            let limit = gmp_mpfr_sys::mpfr::exp_t::from(EXPONENT_LIMIT);
            // SAFETY: sets this thread's range (MPFR is built thread-safe)
            // to values MPFR allows; a range that only grows keeps every
            // existing float inside it
            unsafe {
                gmp_mpfr_sys::mpfr::set_emin(-limit);
                gmp_mpfr_sys::mpfr::set_emax(limit);
            }
            done.set(true);
        }
    });
}

fn down<T>(prec: u32, v: T) -> Float
where
    Float: rug::Assign<T> + rug::ops::AssignRound<T, Round = Round, Ordering = Ordering>,
{
    widen();
    Float::with_val_round(prec, v, Round::Down).0
}

fn up<T>(prec: u32, v: T) -> Float
where
    Float: rug::Assign<T> + rug::ops::AssignRound<T, Round = Round, Ordering = Ordering>,
{
    widen();
    Float::with_val_round(prec, v, Round::Up).0
}

impl Iv {
    /// The smallest interval of `prec`-bit ends holding `q`.
    pub fn of(q: &Rational, prec: u32) -> Iv {
        Iv {
            lo: down(prec, q),
            hi: up(prec, q),
        }
    }

    /// `[lo, hi]` from exact ends (`lo <= hi` is the caller's to check).
    pub fn between(lo: &Rational, hi: &Rational, prec: u32) -> Iv {
        Iv {
            lo: down(prec, lo),
            hi: up(prec, hi),
        }
    }

    /// An integer.
    pub fn int(n: i64, prec: u32) -> Iv {
        Iv::of(&Rational::from(n), prec)
    }

    /// `pi`.
    pub fn pi(prec: u32) -> Iv {
        Iv {
            lo: down(prec, Constant::Pi),
            hi: up(prec, Constant::Pi),
        }
    }

    fn prec(&self) -> u32 {
        self.lo.prec().max(self.hi.prec())
    }

    /// `self + o`.
    pub fn add(&self, o: &Iv) -> Iv {
        let p = self.prec();
        Iv {
            lo: down(p, &self.lo + &o.lo),
            hi: up(p, &self.hi + &o.hi),
        }
    }

    /// `self - o`.
    pub fn sub(&self, o: &Iv) -> Iv {
        let p = self.prec();
        Iv {
            lo: down(p, &self.lo - &o.hi),
            hi: up(p, &self.hi - &o.lo),
        }
    }

    /// `-self`.
    pub fn neg(&self) -> Iv {
        Iv {
            lo: -self.hi.clone(),
            hi: -self.lo.clone(),
        }
    }

    /// The smallest and largest of `op` over the four pairs of ends,
    /// rounded down and up: the range of a product or a quotient (the
    /// latter for a divisor that excludes 0), each monotone in each end.
    fn corners(&self, o: &Iv, op: fn(&Float, &Float, u32, Round) -> Float) -> Iv {
        let p = self.prec();
        let ends = [
            (&self.lo, &o.lo),
            (&self.lo, &o.hi),
            (&self.hi, &o.lo),
            (&self.hi, &o.hi),
        ];
        let lows = ends.iter().map(|(a, b)| op(a, b, p, Round::Down));
        let highs = ends.iter().map(|(a, b)| op(a, b, p, Round::Up));
        Iv {
            lo: lows.reduce(|a, b| if b < a { b } else { a }).expect("four"),
            hi: highs
                .reduce(|a, b| if b > a { b } else { a })
                .expect("four"),
        }
    }

    /// `self * o`.
    pub fn mul(&self, o: &Iv) -> Iv {
        self.corners(o, |a, b, p, r| Float::with_val_round(p, a * b, r).0)
    }

    /// `self^2`, tight when the interval holds 0.
    pub fn sqr(&self) -> Iv {
        let p = self.prec();
        let m = self.mag();
        let lo = if self.contains_zero() {
            Float::with_val(p, 0)
        } else {
            let n = if self.lo > 0 {
                self.lo.clone()
            } else {
                -self.hi.clone()
            };
            down(p, n.square_ref())
        };
        Iv {
            lo,
            hi: up(p, m.square_ref()),
        }
    }

    /// `self / o`, for a divisor that excludes 0.
    pub fn div(&self, o: &Iv) -> Result<Iv, String> {
        if o.contains_zero() {
            return Err("a division by an interval that holds 0".into());
        }
        Ok(self.corners(o, |a, b, p, r| Float::with_val_round(p, a / b, r).0))
    }

    /// `self / n` for a positive integer `n` (increasing in each end).
    pub fn div_int(&self, n: u32) -> Iv {
        let p = self.prec();
        Iv {
            lo: down(p, &self.lo / n),
            hi: up(p, &self.hi / n),
        }
    }

    /// `sqrt(self)`, for `self >= 0`.
    pub fn sqrt(&self) -> Result<Iv, String> {
        if self.lo < 0 {
            return Err("a square root of an interval reaching below 0".into());
        }
        let p = self.prec();
        Ok(Iv {
            lo: down(p, self.lo.sqrt_ref()),
            hi: up(p, self.hi.sqrt_ref()),
        })
    }

    /// `ln(self)`, for `self > 0` (increasing).
    pub fn ln(&self) -> Result<Iv, String> {
        if self.lo <= 0 {
            return Err("a logarithm of an interval reaching 0 or below".into());
        }
        let p = self.prec();
        Ok(Iv {
            lo: down(p, self.lo.ln_ref()),
            hi: up(p, self.hi.ln_ref()),
        })
    }

    /// `e^self` (increasing).
    pub fn exp(&self) -> Iv {
        let p = self.prec();
        Iv {
            lo: down(p, self.lo.exp_ref()),
            hi: up(p, self.hi.exp_ref()),
        }
    }

    /// `erfc(self)` (decreasing): the outer ends of the enclosures at the
    /// two ends.
    pub fn erfc(&self) -> Iv {
        let p = self.prec();
        Iv {
            lo: erfc_at(&self.hi, p).lo,
            hi: erfc_at(&self.lo, p).hi,
        }
    }

    /// The point `[a, a]`, exactly (at least `a`'s precision).
    fn point(a: &Float, prec: u32) -> Iv {
        let a = Float::with_val(prec.max(a.prec()), a);
        Iv {
            lo: a.clone(),
            hi: a,
        }
    }

    /// The standard normal CDF `Phi(self) = erfc(-self / sqrt 2) / 2`.
    pub fn normal_cdf(&self) -> Iv {
        let p = self.prec();
        let root2 = Iv::int(2, p).sqrt().expect("2 > 0");
        let half = Iv::of(&Rational::from((1, 2)), p);
        self.neg()
            .div(&root2)
            .expect("sqrt 2 > 0")
            .erfc()
            .mul(&half)
    }

    /// The standard normal density `e^(-self^2 / 2) / sqrt(2 pi)`.
    pub fn normal_pdf(&self) -> Iv {
        let p = self.prec();
        let two = Iv::int(2, p);
        let e = self.sqr().neg().div(&two).expect("2 > 0").exp();
        let norm = Iv::pi(p).mul(&two).sqrt().expect("2 pi > 0");
        e.div(&norm).expect("sqrt(2 pi) > 0")
    }

    /// Whether 0 is in the interval.
    pub fn contains_zero(&self) -> bool {
        self.lo <= 0 && self.hi >= 0
    }

    /// `max |x|` over the interval.
    pub fn mag(&self) -> Float {
        let (a, b) = (self.lo.clone().abs(), self.hi.clone().abs());
        if a > b {
            a
        } else {
            b
        }
    }

    /// Every point `> 0`.
    pub fn positive(&self) -> bool {
        self.lo > 0
    }

    /// The hull of two intervals.
    pub fn hull(&self, o: &Iv) -> Iv {
        Iv {
            lo: if o.lo < self.lo {
                o.lo.clone()
            } else {
                self.lo.clone()
            },
            hi: if o.hi > self.hi {
                o.hi.clone()
            } else {
                self.hi.clone()
            },
        }
    }

    /// Whether the two intervals share no point.
    pub fn disjoint(&self, o: &Iv) -> bool {
        self.hi < o.lo || o.hi < self.lo
    }

    /// Whether every point is `< o` (every point of `o`).
    pub fn below(&self, o: &Iv) -> bool {
        self.hi < o.lo
    }

    /// The intersection of two intervals (an error when they share no
    /// point: one of them is not an enclosure).
    pub fn meet(&self, o: &Iv) -> Result<Iv, String> {
        let lo = if o.lo > self.lo {
            o.lo.clone()
        } else {
            self.lo.clone()
        };
        let hi = if o.hi < self.hi {
            o.hi.clone()
        } else {
            self.hi.clone()
        };
        if lo > hi {
            return Err("two enclosures of one value share no point".into());
        }
        Ok(Iv { lo, hi })
    }

    /// The ends as exact rationals (`None` for an infinite or NaN end).
    #[cfg(test)]
    pub fn ends(&self) -> Option<(Rational, Rational)> {
        Some((self.lo.to_rational()?, self.hi.to_rational()?))
    }
}

/// Bits carried beyond the result's precision by the `erfc` series.
const ERFC_GUARD_BITS: u32 = 32;

/// Encloses `erfc(a)` at `prec` bits. For `a > 0`: the enveloping
/// asymptotic expansion when `a^2 >= 0.75 w` (`w` the working precision) and
/// its terms get below `2^-w`, else `1 - erf(a)` at `w + a^2 log2 e` bits;
/// `erfc(a) = 2 - erfc(-a)` for `a < 0`. The floats only choose the method.
fn erfc_at(a: &Float, prec: u32) -> Iv {
    let p = prec.max(a.prec());
    let w = p + ERFC_GUARD_BITS;
    let one = Iv::int(1, w);
    if a.is_zero() {
        return Iv::int(1, p);
    }
    if a.is_infinite() {
        return Iv::int(if *a > 0 { 0 } else { 2 }, p);
    }
    let value = if *a < 0 {
        Iv::int(2, w).sub(&erfc_at(&Float::with_val(p, -a), w))
    } else {
        let square = a.to_f64() * a.to_f64();
        let asymptotic = (square >= 0.75 * f64::from(w))
            .then(|| erfc_asymptotic(a, w))
            .flatten();
        asymptotic.unwrap_or_else(|| {
            let lost = (square * std::f64::consts::LOG2_E).ceil().min(1e6) as u32;
            let wide = w + lost;
            one.sub(&erf_series(a, wide))
        })
    };
    Iv {
        lo: down(p, &value.lo),
        hi: up(p, &value.hi),
    }
}

/// `erf(a)` for `a > 0` at `w` bits: `2/sqrt(pi) e^(-a^2) sum_n T_n` with
/// `T_0 = a`, `T_(n+1) = T_n 2a^2 / (2n + 3)`, all positive
/// (Abramowitz-Stegun 7.1.6); once the ratio `2a^2 / (2n + 3)` is at most
/// 1/2 the tail after `T_n` is at most `T_n`.
fn erf_series(a: &Float, w: u32) -> Iv {
    let x = Iv::point(a, w);
    let y = x.sqr().add(&x.sqr());
    let mut term = x.clone();
    let mut sum = x.clone();
    let mut halving_steps = 0u32;
    let mut n = 0u32;
    while y.hi.is_finite() && n < u32::MAX / 4 {
        term = term.mul(&y).div_int(2 * n + 3);
        sum = sum.add(&term);
        n += 1;
        if up(w, &y.hi / (2 * n + 3)) > 0.5 {
            continue;
        }
        halving_steps += 1;
        if down(w, &sum.lo >> w) >= term.hi || halving_steps > w + 8 {
            let series = Iv {
                lo: sum.lo.clone(),
                hi: up(w, &sum.hi + &term.hi),
            };
            let gauss = x.sqr().neg().exp();
            let two_over_root_pi = Iv::int(2, w)
                .div(&Iv::pi(w).sqrt().expect("pi > 0"))
                .expect("sqrt pi > 0");
            return two_over_root_pi.mul(&gauss).mul(&series);
        }
    }
    // 2a^2 overflows: erf(a) is in [0, 1]
    Iv {
        lo: Float::with_val(w, 0),
        hi: Float::with_val(w, 1),
    }
}

/// `erfc(a)` for `a > 0` by `e^(-a^2) / (a sqrt(pi)) (sum_(m<N) (-1)^m c_m +
/// R)`, `c_m = (2m - 1)!! / (2a^2)^m`, whose remainder `R` lies between 0
/// and the first neglected term `(-1)^N c_N` (DLMF 7.12(ii)); `None` when
/// the terms stop decreasing before they fall below `2^-w`.
fn erfc_asymptotic(a: &Float, w: u32) -> Option<Iv> {
    let x = Iv::point(a, w);
    let y = x.sqr().add(&x.sqr());
    let zero = Iv::int(0, w);
    let mut term = Iv::int(1, w);
    let mut sum = term.clone();
    let mut m = 0i64;
    loop {
        let factor = Iv::int(2 * m + 1, w);
        if factor.hi >= y.lo {
            return None;
        }
        term = term.mul(&factor).div(&y).ok()?;
        m += 1;
        let signed = if m % 2 == 1 { term.neg() } else { term.clone() };
        if term.hi <= down(w, Float::with_val(w, 1) >> w) {
            sum = sum.add(&signed.hull(&zero));
            break;
        }
        sum = sum.add(&signed);
    }
    let scale = x.mul(&Iv::pi(w).sqrt().ok()?);
    Some(x.sqr().neg().exp().div(&scale).ok()?.mul(&sum))
}

/// The decision of a measure `[lo, hi]` (a residual) against `tol`:
/// `Some(true)` when every point lies in `[-tol, tol]`, `Some(false)` when
/// every point lies outside, `None` otherwise.
pub fn within(residual: &Iv, tol: &Rational) -> Option<bool> {
    // compared as floats against the rational: an end near the limits of
    // the exponent range would be a rational of 2^30 bits
    if residual.lo.is_nan() || residual.hi.is_nan() {
        return None;
    }
    let neg = Rational::from(-tol);
    if residual.lo >= neg && residual.hi <= *tol {
        Some(true)
    } else if residual.lo > *tol || residual.hi < neg {
        Some(false)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ends_are_rounded_outward() {
        let third = Iv::of(&Rational::from((1, 3)), 53);
        let t = third.ends().unwrap();
        assert!(t.0 < Rational::from((1, 3)) && Rational::from((1, 3)) < t.1);
        let e = Iv::int(1, 64).exp();
        let (lo, hi) = e.ends().unwrap();
        assert!(
            lo < hi
                && lo > Rational::from((271828, 100000))
                && hi < Rational::from((271829, 100000))
        );
        // Phi(0) = 1/2 exactly inside; Phi(-10) about 7.6e-24
        let half = Iv::int(0, 64).normal_cdf().ends().unwrap();
        assert!(half.0 <= Rational::from((1, 2)) && Rational::from((1, 2)) <= half.1);
        let tail = Iv::int(-10, 128).normal_cdf();
        assert!(tail.lo > 7.6e-24 && tail.hi < 7.7e-24);
        assert!(Iv::int(-1, 64).sqrt().is_err());
        assert!(Iv::int(1, 64)
            .div(&Iv::between(&Rational::from(-1), &Rational::from(1), 64))
            .is_err());
        assert_eq!(within(&Iv::int(0, 64), &Rational::new()), Some(true));
    }
}
