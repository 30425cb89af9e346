//! The normal distribution function near a point: its Taylor expansion about
//! an exact point `z0`, with a rigorous remainder, to evaluate `Phi` at many
//! nearby arguments (the points of a grid) with one `erfc` per anchor.
//!
//! Since `Phi^(k) = (-1)^(k-1) He_{k-1} phi` for `k >= 1` (`He` the
//! probabilists' Hermite polynomials, `He_0 = 1`, `He_1 = z`,
//! `He_{n+1} = z He_n - n He_{n-1}`), for `|delta| <= r`
//!
//! ```text
//! Phi(z0 + delta) = Phi(z0) + phi(z0) sum_{k=1}^{K} (-1)^(k-1) He_{k-1}(z0) delta^k / k! + R,
//! |R| <= r^(K+1) / (K+1)! * sup_{|xi - z0| <= r} |He_K(xi)| * sup_{|xi - z0| <= r} phi(xi).
//! ```
//!
//! Both sups are enclosed over the box `[z0 - r, z0 + r]` by the same
//! recurrence and by the interval `phi`. The order `K` is the first for which
//! `R` is below `2^-(prec + 4) Phi(z0)` (so the lower tail keeps its relative
//! accuracy); past [`MAX_ORDER`] no expansion is made and callers evaluate
//! `Phi` directly. Every coefficient is an enclosure and the remainder is
//! added as an interval `[-R, R]`: the value returned always contains
//! `Phi(z)` for every `z` of the argument, whatever the order.

use super::Interval;
use rug::Float;

/// The largest order tried.
pub const MAX_ORDER: usize = 80;

/// `Phi` about an exact point `z0`, valid for `|z - z0| <= r`.
#[derive(Debug, Clone)]
pub struct NormalCdfExpansion {
    center: Interval,
    radius: Interval,
    /// `a_0 = Phi(z0)`, `a_k = phi(z0) (-1)^(k-1) He_{k-1}(z0) / k!`.
    coefficients: Vec<Interval>,
    /// `[-R, R]`.
    remainder: Interval,
}

impl NormalCdfExpansion {
    /// The expansion about the exact point `z0` for `|delta| <= 2^radius_log2`,
    /// at the precision of `z0`; `None` when no order up to [`MAX_ORDER`]
    /// reaches the accuracy (a far tail or a large radius).
    ///
    /// ```
    /// use ifm_check::interval::{Interval, NormalCdfExpansion};
    /// use rug::Float;
    /// let e = NormalCdfExpansion::new(&Float::with_val(128, 1.5), -8).unwrap();
    /// let z = Interval::from_rational(&num_rational::BigRational::new(1501.into(), 1000.into()), 128);
    /// let (near, direct) = (e.cdf(&z).unwrap(), z.normal_cdf());
    /// assert!(near.intersect(&direct).is_some());
    /// // the expansion is as tight as the direct evaluation, to a few ulps
    /// assert!(near.width() < direct.width() * 16u32 + Float::with_val(128, 1e-37));
    /// ```
    pub fn new(z0: &Float, radius_log2: i32) -> Option<NormalCdfExpansion> {
        Self::build(z0, radius_log2, None)
    }

    /// The expansion of order exactly `order` (at most [`MAX_ORDER`]),
    /// whatever its remainder: the enclosure stays valid, only wider.
    pub fn with_order(z0: &Float, radius_log2: i32, order: usize) -> Option<NormalCdfExpansion> {
        Self::build(z0, radius_log2, Some(order.clamp(1, MAX_ORDER)))
    }

    fn build(z0: &Float, radius_log2: i32, order: Option<usize>) -> Option<NormalCdfExpansion> {
        let prec = z0.prec();
        if !z0.is_finite() {
            return None;
        }
        let center = Interval::from_endpoints(z0.clone(), z0.clone())?;
        let r = Interval::from_i64(1, prec).mul_pow2(radius_log2);
        let radius = Interval::from_endpoints(-r.hi().clone(), r.hi().clone())?;
        let phi0 = center.normal_pdf();
        let cdf0 = center.normal_cdf();
        let target = cdf0.lo().clone() >> (prec as i32 + 4);
        if target.is_zero() {
            return None;
        }
        let cbox = &center + &radius;
        let phi_box_mag = cbox.normal_pdf().mag();
        let one = Interval::from_i64(1, prec);
        // He_{k-1}, He_{k-2} at z0 and on the box
        let (mut he, mut he_prev) = (one.clone(), Interval::from_i64(0, prec));
        let (mut he_box, mut he_box_prev) = (one.clone(), Interval::from_i64(0, prec));
        let mut inv_factorial = one.clone(); // 1/k!
        let mut r_power = r.clone(); // r^(k+1) below
        let mut coefficients = vec![cdf0];
        for k in 1..=MAX_ORDER {
            // a_k = phi(z0) (-1)^(k-1) He_{k-1}(z0) / k!
            inv_factorial = inv_factorial
                .checked_div(&Interval::from_i64(k as i64, prec))
                .ok()?;
            let term = &(&phi0 * &he) * &inv_factorial;
            coefficients.push(if k % 2 == 1 { term } else { -term });
            // advance to He_k at z0 and on the box
            let n = Interval::from_i64(k as i64 - 1, prec);
            let next = &(&center * &he) - &(&n * &he_prev);
            he_prev = std::mem::replace(&mut he, next);
            let next_box = &(&cbox * &he_box) - &(&n * &he_box_prev);
            he_box_prev = std::mem::replace(&mut he_box, next_box);
            // R_K = r^(K+1) / (K+1)! |He_K(box)| phi(box)
            r_power = &r_power * &r;
            let scale = inv_factorial
                .checked_div(&Interval::from_i64(k as i64 + 1, prec))
                .ok()?;
            let bound = &(&(&r_power * &scale) * &he_box.abs())
                * &Interval::from_endpoints(phi_box_mag.clone(), phi_box_mag.clone())?;
            let big_r = bound.hi().clone();
            if order.map_or(big_r <= target, |o| k == o) {
                let remainder = Interval::from_endpoints(-big_r.clone(), big_r)?;
                return Some(NormalCdfExpansion {
                    center,
                    radius,
                    coefficients,
                    remainder,
                });
            }
        }
        None
    }

    /// The expansion point `z0`.
    pub fn center(&self) -> &Float {
        self.center.lo()
    }

    /// The order `K`.
    pub fn order(&self) -> usize {
        self.coefficients.len() - 1
    }

    /// An enclosure of `Phi(z)`, or `None` when `z` is not within the radius.
    pub fn cdf(&self, z: &Interval) -> Option<Interval> {
        let delta = z - &self.center;
        if !self.radius.contains(&delta) {
            return None;
        }
        let mut coefficients = self.coefficients.iter().rev();
        let mut sum = coefficients.next()?.clone();
        for a in coefficients {
            sum = &(&sum * &delta) + a;
        }
        Some(sum + &self.remainder)
    }
}

/// `Phi` along a walk of nearby arguments (the points of a grid, in order):
/// each argument is evaluated from the current expansion when it lies
/// within its radius; otherwise a new expansion is made ahead of the
/// argument, in the direction of the walk, with a radius of 32 to 64 steps
/// (between `2^-12` and `2^-3`, and at most `1/(8 |z|)` in the tails). A radius whose expansion cannot reach the
/// accuracy (high precision, far tails) is halved and not tried again in
/// this walk; where no expansion can be made, `Phi` is evaluated directly.
/// Any order of arguments gives correct enclosures; an ordered grid gives
/// fast ones.
#[derive(Debug, Clone)]
pub struct NormalCdfWalk {
    current: Option<NormalCdfExpansion>,
    last: Option<Float>,
    /// The largest radius (log2) still worth trying.
    cap: i32,
}

impl Default for NormalCdfWalk {
    fn default() -> NormalCdfWalk {
        NormalCdfWalk {
            current: None,
            last: None,
            cap: -3,
        }
    }
}

/// The smallest radius (log2) tried.
const MIN_RADIUS_LOG2: i32 = -12;

impl NormalCdfWalk {
    /// A walk with no expansion yet.
    pub fn new() -> NormalCdfWalk {
        NormalCdfWalk::default()
    }

    /// An enclosure of `Phi(z)`.
    pub fn cdf(&mut self, z: &Interval) -> Interval {
        if let Some(f) = self.current.as_ref().and_then(|e| e.cdf(z)) {
            self.last = Some(z.lo().clone());
            return f;
        }
        let here = z.lo().clone();
        let (wanted, ahead) = match self.last.take() {
            Some(last) if last != here => {
                let step = Float::with_val(53, &here - &last);
                // 2^(e-1) <= |step| < 2^e: a radius of 32 to 64 steps
                let e = step.get_exp().unwrap_or(MIN_RADIUS_LOG2);
                (e.saturating_add(5), step.is_sign_positive())
            }
            _ => (-8, true),
        };
        self.last = Some(here.clone());
        self.current = None;
        // in the tails the terms of the sum grow like (|z| r)^k / k! while
        // Phi shrinks like e^(-|z| delta): keep |z| r <= 1/8 so that the
        // relative width stays that of a direct evaluation
        let tail = here.get_exp().map_or(i32::MAX, |e| -e.max(0) - 3);
        let mut radius_log2 = wanted.min(tail).clamp(MIN_RADIUS_LOG2, self.cap);
        while self.cap >= MIN_RADIUS_LOG2 {
            // the center half a radius ahead: the next points fall inside
            let shift = Float::with_val(here.prec(), 1) << (radius_log2 - 1);
            let center = if ahead { &here + shift } else { &here - shift };
            let center = Float::with_val(here.prec(), center);
            self.current = NormalCdfExpansion::new(&center, radius_log2);
            if self.current.is_some() || radius_log2 <= MIN_RADIUS_LOG2 {
                break;
            }
            self.cap = radius_log2 - 1;
            radius_log2 -= 1;
        }
        self.current
            .as_ref()
            .and_then(|e| e.cdf(z))
            .unwrap_or_else(|| z.normal_cdf())
    }
}
