//! The standard normal density `phi` and distribution function `Phi` near a
//! point: their Taylor expansions about an exact point `z0`, with rigorous
//! remainders, to evaluate both at many nearby arguments (the points of a
//! grid) with one `erfc` and one `exp` per anchor instead of one each per
//! argument.
//!
//! # The expansions
//!
//! Since `Phi^(k) = (-1)^(k-1) He_{k-1} phi` for `k >= 1` (`He` the
//! probabilists' Hermite polynomials, `He_0 = 1`, `He_1 = z`,
//! `He_{n+1} = z He_n - n He_{n-1}`), for `|delta| <= r`
//!
//! ```text
//! Phi(z0 + delta) = sum_{k=0}^{K} c_k delta^k + R,     c_0 = Phi(z0),
//!                   c_k = phi(z0) (-1)^(k-1) He_{k-1}(z0) / k!,
//! phi(z0 + delta) = sum_{k=0}^{K-1} (k+1) c_{k+1} delta^k + R',
//! |R|  <= r^(K+1) / (K+1)! * sup |He_K| * sup phi,
//! |R'| <= r^K / K! * sup |He_K| * sup phi,
//! ```
//!
//! the sups taken over the box `[z0 - r, z0 + r]` and enclosed there by the
//! same recurrence and by the interval `phi` (at 64 bits: they only bound).
//! The order `K` is the first for which `R <= 2^-(prec + 4) Phi(z0)` and
//! `R' <= 2^-(prec + 4) phi(z0)` (so that both keep their relative accuracy,
//! in the lower tail for `Phi`, in both tails for `phi`); past
//! [`MAX_ORDER`] no expansion is made and callers evaluate directly.
//!
//! # Evaluation on midpoints, with a bound fixed in advance
//!
//! The coefficients are enclosed at the working precision `prec`; each is
//! then replaced by its midpoint `m_k`, and a sum is evaluated by Horner's
//! rule on midpoints, rounded to nearest, in place: `s_K = m_K`,
//! `s_k = fl(fl(s_{k+1} d) + m_k)`. Step `k` runs at a precision `p_k` that
//! decreases with `k`: the term of order `k` is `r^k` smaller than the sum,
//! so it needs about `k log2(1/r)` fewer bits (`p_k` is chosen from the
//! actual coefficients; any choice is sound, only the width depends on it).
//! With `|c_k - m_k| <= rho_k`, `u_k = 2^-p_k` (a rounding to nearest at
//! `p_k` bits errs by at most `u_k` times the result and times the exact
//! value) and `A_k = sum_{j >= k} |c_j| r^(j-k)`, which bounds the exact
//! partial sum `S_k` for every `|d| <= r`, the error `e_k = |s_k - S_k|`
//! obeys
//!
//! ```text
//! e_K = rho_K,
//! e_k <= r e_{k+1} + rho_k + u_k (3 r (A_{k+1} + e_{k+1}) + |m_k|),
//! ```
//!
//! (the product errs by `u_k |s_{k+1} d| <= u_k r (A_{k+1} + e_{k+1})`, the
//! sum by `u_k` times at most twice that plus `|m_k|`). These bounds are
//! computed once per expansion in 53-bit floats rounded up, for every
//! `|d| <= r` at once; evaluating at a point costs the Horner steps and
//! nothing else. An argument `z = [lo, hi]` is evaluated at
//! `d = lo - z0` rounded to nearest, and the distance `w` from `z0 + d` to
//! any point of `z` (the width of `z` plus that rounding) adds
//! `w sup phi` to `Phi` and `w sup |z phi|` to `phi`. The result is
//! `[s_0 - e, s_0 + e]` rounded outward: it contains `Phi(z)` (`phi(z)`) for
//! every `z` of the argument, whatever the order.
//!
//! This is the midpoint-radius arithmetic of ball libraries (Arb) applied
//! to one polynomial: one MPFR operation per step instead of two, no
//! allocation, and fewer limbs as the order grows.

use super::Interval;
use rug::float::Round;
use rug::ops::{AddAssignRound, SubAssignRound};
use rug::{Assign, Float};

/// The largest order tried.
pub const MAX_ORDER: usize = 80;

/// The precision of error bounds (rounded up).
const BOUND_PREC: u32 = 53;

/// The precision of the box enclosures behind the remainders (they only
/// bound, so a few bits beyond the bound's are enough).
const BOX_PREC: u32 = 64;

/// Below `2^-MIN_EXPONENT` a sum on midpoints could underflow (its rounding
/// would no longer be relative); such anchors and offsets are evaluated
/// directly.
const MIN_EXPONENT: i32 = 1 << 28;

/// `a + b`, rounded up (bounds are nonnegative).
fn up_add(a: &Float, b: &Float) -> Float {
    Float::with_val_round(BOUND_PREC, a + b, Round::Up).0
}

/// `a * b`, rounded up.
fn up_mul(a: &Float, b: &Float) -> Float {
    Float::with_val_round(BOUND_PREC, a * b, Round::Up).0
}

/// `|x|`, rounded up.
fn up_abs(x: &Float) -> Float {
    Float::with_val_round(BOUND_PREC, x.abs_ref(), Round::Up).0
}

/// `2^e`, exactly.
fn pow2(e: i32) -> Float {
    Float::with_val(BOUND_PREC, 1) << e
}

/// `sum_k c_k d^k` for `|d| <= 2^radius_log2`, evaluated on midpoints with
/// a bound on everything the midpoints and the roundings leave out (see
/// the module documentation). The steps that need at most 53 bits (the
/// last ones) run in `f64` on coefficients scaled by `2^-scale`.
#[derive(Debug, Clone)]
struct MidpointPolynomial {
    /// `m_k` for the MPFR steps `k < mids.len()`: `c_k` rounded to nearest
    /// at `precs[k]` bits.
    mids: Vec<Float>,
    /// The precision of MPFR step `k`, non-increasing in `k`.
    precs: Vec<u32>,
    /// `m_k 2^-scale` for the `f64` steps, `k >= mids.len()`.
    tail: Vec<f64>,
    scale: i32,
    /// A bound on `|s_0 - sum c_k d^k|` for every `|d| <= r`, plus the
    /// truncation remainder of the series.
    error: Float,
}

/// The unit roundoff of `f64` (round to nearest), and its smallest
/// subnormal (the absolute error of a result that underflows).
const F64_ROUNDING: i32 = -53;
const F64_TINY: i32 = -1074;

impl MidpointPolynomial {
    /// From enclosures of the coefficients (`c_0` first), the radius, the
    /// working precision and the remainder of the truncated series; `None`
    /// when a coefficient is not finite.
    fn new(
        coefficients: &[Interval],
        radius_log2: i32,
        prec: u32,
        remainder: &Float,
    ) -> Option<MidpointPolynomial> {
        let n = coefficients.len();
        if n == 0 || coefficients.iter().any(|c| !c.is_finite()) {
            return None;
        }
        // A_k = sum_{j >= k} |c_j| r^(j-k), from the top
        let mut bounds = vec![Float::new(BOUND_PREC); n];
        let mut acc = Float::new(BOUND_PREC);
        for k in (0..n).rev() {
            acc = up_add(&up_abs(&coefficients[k].mag()), &(acc << radius_log2));
            bounds[k] = acc.clone();
        }
        // step k needs the bits that r^k A_k carries relative to A_0, and a
        // few more so that the roundings of the first steps stay below an ulp
        let top = bounds[0].get_exp()?;
        let guard = 4 + i64::from(usize::BITS - n.leading_zeros());
        let wanted = |k: usize| match bounds[k].get_exp() {
            Some(e) => {
                let gap = i64::from(top) - i64::from(e) - k as i64 * i64::from(radius_log2);
                i64::from(prec) + guard - gap
            }
            None => 0,
        };
        // the first step that 53 bits serve starts the f64 tail (step 0
        // stays in MPFR: it carries the result)
        let split = if prec < 64 {
            n
        } else {
            (1..n).find(|&k| wanted(k) <= 53).unwrap_or(n)
        };
        let mut precs: Vec<u32> = Vec::with_capacity(split);
        for k in 0..split {
            // whole limbs: MPFR's cost moves by limbs, and a precision that
            // changes only with them spares most precision changes
            let limbs = (wanted(k).clamp(1, i64::from(prec)) as u32).div_ceil(64) * 64;
            let previous = precs.last().copied().unwrap_or(prec);
            precs.push(limbs.min(previous));
        }
        let scale = if split < n {
            bounds[split].get_exp().unwrap_or(0)
        } else {
            0
        };
        // the midpoints, and the distance from each to the ends of c_k
        let mut mids = Vec::with_capacity(split);
        let mut tail = Vec::with_capacity(n - split);
        let mut magnitudes = Vec::with_capacity(n);
        let mut radii = Vec::with_capacity(n);
        for (k, c) in coefficients.iter().enumerate() {
            let m = if k < split {
                Float::with_val(precs[k], c.lo() + c.hi()) >> 1
            } else {
                let scaled: Float = (Float::with_val(64, c.lo() + c.hi()) >> 1) >> scale;
                let f = scaled.to_f64();
                tail.push(f);
                Float::with_val(BOUND_PREC, f) << scale
            };
            let above = Float::with_val_round(BOUND_PREC, c.hi() - &m, Round::Up).0;
            let below = Float::with_val_round(BOUND_PREC, &m - c.lo(), Round::Up).0;
            radii.push(above.max(&below));
            magnitudes.push(up_abs(&m));
            if k < split {
                mids.push(m);
            }
        }
        if tail.iter().any(|f| !f.is_finite()) {
            return None;
        }
        let three = Float::with_val(BOUND_PREC, 3);
        let four = Float::with_val(BOUND_PREC, 4);
        let mut error = radii[n - 1].clone();
        for k in (0..n - 1).rev() {
            // |s_{k+1}| <= A_{k+1} + e_{k+1}, and |s_{k+1} d| <= r times that
            let partial = up_add(&bounds[k + 1], &error);
            let carried = partial.clone() << radius_log2;
            let rounding = if k < split {
                up_mul(
                    &pow2(-(precs[k] as i32)),
                    &up_add(&up_mul(&carried, &three), &magnitudes[k]),
                )
            } else {
                // the rounding of d to f64, of the product and of the sum
                // (relative), and an underflow in any of them (absolute)
                let relative = up_mul(
                    &pow2(F64_ROUNDING),
                    &up_add(&up_mul(&carried, &four), &magnitudes[k]),
                );
                let underflow = up_add(
                    &up_mul(&partial, &pow2(F64_TINY)),
                    &pow2(scale.saturating_add(F64_TINY + 1)),
                );
                up_add(&relative, &underflow)
            };
            error = up_add(&up_add(&(error << radius_log2), &radii[k]), &rounding);
        }
        Some(MidpointPolynomial {
            mids,
            precs,
            tail,
            scale,
            error: up_add(&error, remainder),
        })
    }

    /// `s_0` at `d` (`|d| <= r`): Horner's rule on the midpoints, the tail
    /// in `f64` at `d` rounded to `f64`, then in one float whose precision
    /// only grows (so it never reallocates).
    fn horner(&self, d: &Float) -> Float {
        let split = self.mids.len();
        let mut s = Float::new(self.precs[0]);
        s.set_prec(self.precs[split - 1]);
        let mut k = split;
        if let Some((last, rest)) = self.tail.split_last() {
            let d = d.to_f64();
            let mut t = *last;
            for m in rest.iter().rev() {
                t = t * d + m;
            }
            s.assign(t);
            s <<= self.scale;
        } else {
            k -= 1;
            s.assign(&self.mids[k]);
        }
        while k > 0 {
            k -= 1;
            if self.precs[k] != s.prec() {
                s.set_prec(self.precs[k]);
            }
            s *= d;
            s += &self.mids[k];
        }
        s
    }

    /// `[s_0 - e, s_0 + e]` rounded outward to `prec` bits, where `e` is the
    /// polynomial's error plus `slope w` (the function moves by at most
    /// `slope` per unit of argument, and the argument is within `w` of
    /// `z0 + d`).
    fn enclose(&self, d: &Float, slope: &Float, w: &Float, prec: u32) -> Option<Interval> {
        let mut lo = self.horner(d);
        if !lo.is_finite() {
            return None;
        }
        let mut e = up_mul(slope, w);
        e.add_assign_round(&self.error, Round::Up);
        let hi = Float::with_val_round(prec, &lo + &e, Round::Up).0;
        lo.sub_assign_round(&e, Round::Down);
        Interval::from_endpoints(lo, hi)
    }
}

/// `phi` and `Phi` about an exact point `z0`, valid for `|z - z0| <= r`.
#[derive(Debug, Clone)]
pub struct NormalExpansion {
    center: Float,
    /// `[z0 - r, z0 + r]` rounded inward: an argument inside it is within
    /// the radius.
    inner_lo: Float,
    inner_hi: Float,
    cdf: MidpointPolynomial,
    pdf: MidpointPolynomial,
    /// `sup phi` over the box: how far `Phi` moves per unit of argument.
    cdf_slope: Float,
    /// `sup |z phi(z)|` over the box: how far `phi` moves.
    pdf_slope: Float,
    /// `2^(radius_log2 + 1 - prec)`: the rounding of an offset `|d| <= r`
    /// to nearest errs by at most half an ulp of `d`, less than this.
    offset_rounding: Float,
    order: usize,
}

impl NormalExpansion {
    /// The expansions about the exact point `z0` for `|delta| <= 2^radius_log2`,
    /// at the precision of `z0`; `None` when no order up to [`MAX_ORDER`]
    /// reaches the accuracy (a far tail or a large radius), or when
    /// `radius_log2` is outside `[-2^20, 8]`.
    ///
    /// ```
    /// use ifm_check::exact::Q;
    /// use ifm_check::interval::{Interval, NormalExpansion};
    /// use rug::Float;
    /// let e = NormalExpansion::new(&Float::with_val(128, 1.5), -8).unwrap();
    /// let z = Interval::from_rational(&Q::new(1501.into(), 1000.into()), 128);
    /// let (near, direct) = (e.cdf(&z).unwrap(), z.normal_cdf());
    /// assert!(near.intersect(&direct).is_some());
    /// // the expansion is as tight as the direct evaluation, to a few ulps
    /// assert!(near.width() < direct.width() * 16u32 + Float::with_val(128, 1e-37));
    /// let (near, direct) = (e.pdf(&z).unwrap(), z.normal_pdf());
    /// assert!(near.intersect(&direct).is_some());
    /// assert!(near.width() < direct.width() * 16u32 + Float::with_val(128, 1e-37));
    /// ```
    pub fn new(z0: &Float, radius_log2: i32) -> Option<NormalExpansion> {
        Self::build(z0, radius_log2, None)
    }

    /// The expansions of order exactly `order` (at most [`MAX_ORDER`], at
    /// least 1), whatever their remainders: the enclosures stay valid, only
    /// wider (`None` as for [`NormalExpansion::new`] on the radius).
    pub fn with_order(z0: &Float, radius_log2: i32, order: usize) -> Option<NormalExpansion> {
        Self::build(z0, radius_log2, Some(order.clamp(1, MAX_ORDER)))
    }

    fn build(z0: &Float, radius_log2: i32, order: Option<usize>) -> Option<NormalExpansion> {
        let prec = z0.prec();
        // radii beyond these serve no argument, and exponent arithmetic on
        // them could overflow
        if !z0.is_finite() || !(-(1 << 20)..=8).contains(&radius_log2) {
            return None;
        }
        let center = Interval::point_of(z0);
        let phi0 = center.normal_pdf();
        let cdf0 = center.normal_cdf();
        let deep = |x: &Float| x.get_exp().is_none_or(|e| e < -MIN_EXPONENT);
        if deep(cdf0.lo()) || deep(phi0.lo()) {
            return None;
        }
        let cdf_target = Float::with_val(prec, cdf0.lo() >> (prec as i32 + 4));
        let pdf_target = Float::with_val(prec, phi0.lo() >> (prec as i32 + 4));
        // the box [z0 - r, z0 + r] at 64 bits: sups there only bound
        let r = Interval::from_i64(1, BOX_PREC).mul_pow2(radius_log2);
        let cbox = &center.with_prec(BOX_PREC)
            + &Interval::from_endpoints(-r.hi().clone(), r.hi().clone())?;
        let phi_box = Interval::point_of(&cbox.normal_pdf().mag());
        let cdf_slope = up_abs(phi_box.hi());
        let pdf_slope = up_mul(&cbox.mag(), phi_box.hi());
        let one = Interval::from_i64(1, prec);
        let box_one = Interval::from_i64(1, BOX_PREC);
        // He_{k-1}, He_{k-2} at z0 (full precision) and on the box
        let (mut he, mut he_prev) = (one.clone(), Interval::from_i64(0, prec));
        let (mut he_box, mut he_box_prev) = (box_one.clone(), Interval::from_i64(0, BOX_PREC));
        let mut inv_factorial = one; // 1/k!
        let mut box_inv_factorial = box_one.clone(); // 1/k! at 64 bits
        let mut r_power = box_one; // r^k
        let mut coefficients = vec![cdf0];
        for k in 1..=MAX_ORDER {
            // c_k = phi(z0) (-1)^(k-1) He_{k-1}(z0) / k!
            let kk = k as i64;
            inv_factorial = inv_factorial
                .checked_div(&Interval::from_i64(kk, prec))
                .ok()?;
            box_inv_factorial = box_inv_factorial
                .checked_div(&Interval::from_i64(kk, BOX_PREC))
                .ok()?;
            let term = &(&phi0 * &he) * &inv_factorial;
            coefficients.push(if k % 2 == 1 { term } else { -term });
            // advance to He_k at z0 and on the box
            let next = &(&center * &he) - &(&Interval::from_i64(kk - 1, prec) * &he_prev);
            he_prev = std::mem::replace(&mut he, next);
            let n = Interval::from_i64(kk - 1, BOX_PREC);
            let next_box = &(&cbox * &he_box) - &(&n * &he_box_prev);
            he_box_prev = std::mem::replace(&mut he_box, next_box);
            // R' = r^K / K! |He_K(box)| phi(box), R = R' r / (K+1)
            r_power = &r_power * &r;
            let pdf_remainder = &(&(&r_power * &box_inv_factorial) * &he_box.abs()) * &phi_box;
            let cdf_remainder = (&pdf_remainder * &r)
                .checked_div(&Interval::from_i64(kk + 1, BOX_PREC))
                .ok()?;
            let (big_r, big_r_prime) = (cdf_remainder.hi(), pdf_remainder.hi());
            let done = match order {
                Some(o) => k == o,
                None => *big_r <= cdf_target && *big_r_prime <= pdf_target,
            };
            if done {
                let derivative: Vec<Interval> = coefficients[1..]
                    .iter()
                    .enumerate()
                    .map(|(j, c)| c * &Interval::from_i64(j as i64 + 1, prec))
                    .collect();
                let inner_lo = Float::with_val_round(prec, z0 - r.lo(), Round::Up).0;
                let inner_hi = Float::with_val_round(prec, z0 + r.lo(), Round::Down).0;
                return Some(NormalExpansion {
                    center: z0.clone(),
                    inner_lo,
                    inner_hi,
                    cdf: MidpointPolynomial::new(&coefficients, radius_log2, prec, big_r)?,
                    pdf: MidpointPolynomial::new(&derivative, radius_log2, prec, big_r_prime)?,
                    cdf_slope,
                    pdf_slope,
                    offset_rounding: pow2(radius_log2 + 1 - prec as i32),
                    order: k,
                });
            }
        }
        None
    }

    /// The expansion point `z0`.
    pub fn center(&self) -> &Float {
        &self.center
    }

    /// The order `K` of the expansion of `Phi`.
    pub fn order(&self) -> usize {
        self.order
    }

    /// `d = lo - z0` rounded to nearest, and `w`, a bound on the distance
    /// from `z0 + d` to every point of `z`; `None` outside the radius.
    fn offset(&self, z: &Interval) -> Option<(Float, Float)> {
        if z.lo() < &self.inner_lo || z.hi() > &self.inner_hi {
            return None;
        }
        let prec = self.center.prec();
        let d = Float::with_val(prec, z.lo() - &self.center);
        if d.get_exp().is_some_and(|e| e < -MIN_EXPONENT) {
            // products with d could underflow, where roundings stop being relative
            return None;
        }
        let mut w = Float::with_val_round(BOUND_PREC, z.hi() - z.lo(), Round::Up).0;
        w.add_assign_round(&self.offset_rounding, Round::Up);
        Some((d, w))
    }

    /// An enclosure of `Phi(z)`, or `None` when `z` is not within the radius.
    pub fn cdf(&self, z: &Interval) -> Option<Interval> {
        let (d, w) = self.offset(z)?;
        self.cdf
            .enclose(&d, &self.cdf_slope, &w, self.center.prec())
    }

    /// An enclosure of `phi(z)`, or `None` when `z` is not within the radius.
    pub fn pdf(&self, z: &Interval) -> Option<Interval> {
        let (d, w) = self.offset(z)?;
        self.pdf
            .enclose(&d, &self.pdf_slope, &w, self.center.prec())
    }

    /// Enclosures of `(phi(z), Phi(z))`, or `None` when `z` is not within
    /// the radius.
    pub fn pdf_and_cdf(&self, z: &Interval) -> Option<(Interval, Interval)> {
        let (d, w) = self.offset(z)?;
        let prec = self.center.prec();
        let pdf = self.pdf.enclose(&d, &self.pdf_slope, &w, prec)?;
        let cdf = self.cdf.enclose(&d, &self.cdf_slope, &w, prec)?;
        Some((pdf, cdf))
    }
}

/// `phi` and `Phi` along a walk of nearby arguments (the points of a grid,
/// in order): each argument is evaluated from the current expansion when it
/// lies within its radius; otherwise a new expansion is made ahead of the
/// argument, in the direction of the walk, with a radius of 128 to 256 steps
/// (between `2^-12` and `2^-3`, and at most `1/(8 |z|)` in the tails). A
/// radius whose expansion cannot reach the accuracy (high precision, far
/// tails) is halved and not tried again in this walk; where no expansion
/// can be made, or one would serve fewer than about 64 steps, both are
/// evaluated directly. Any order of arguments gives
/// correct enclosures; an ordered grid gives fast ones.
#[derive(Debug, Clone)]
pub struct NormalWalk {
    current: Option<NormalExpansion>,
    last: Option<Float>,
    /// The largest radius (log2) still worth trying.
    cap: i32,
}

impl Default for NormalWalk {
    fn default() -> NormalWalk {
        NormalWalk {
            current: None,
            last: None,
            cap: -3,
        }
    }
}

/// The smallest radius (log2) tried.
const MIN_RADIUS_LOG2: i32 = -12;

impl NormalWalk {
    /// A walk with no expansion yet.
    pub fn new() -> NormalWalk {
        NormalWalk::default()
    }

    /// Enclosures of `(phi(z), Phi(z))`.
    pub fn pdf_and_cdf(&mut self, z: &Interval) -> (Interval, Interval) {
        if let Some(values) = self.current.as_ref().and_then(|e| e.pdf_and_cdf(z)) {
            self.last = Some(z.lo().clone());
            return values;
        }
        let here = z.lo().clone();
        // 2^(step_log2 - 1) <= |step| < 2^step_log2
        let (step_log2, ahead) = match self.last.take() {
            Some(last) if last != here => {
                let step = Float::with_val(53, &here - &last);
                let e = step.get_exp().unwrap_or(MIN_RADIUS_LOG2);
                (Some(e), step.is_sign_positive())
            }
            _ => (None, true),
        };
        // a radius of 128 to 256 steps (on the W1 grid, 32 to 64 steps took
        // 12 % longer at 128 bits and 17 % at 512: more anchors outweighed
        // the shorter sums)
        let wanted = step_log2.map_or(-8, |e| e.saturating_add(7));
        self.last = Some(here.clone());
        self.current = None;
        // in the tails the terms of the sum grow like (|z| r)^k / k! while
        // Phi shrinks like e^(-|z| delta): keep |z| r <= 1/8 so that the
        // relative width stays that of a direct evaluation
        let tail = here.get_exp().map_or(i32::MAX, |e| -e.max(0) - 3);
        let mut radius_log2 = wanted
            .min(tail)
            .clamp(MIN_RADIUS_LOG2, self.cap.max(MIN_RADIUS_LOG2));
        // an anchor costs about as much as 30 direct evaluations: one that
        // would serve fewer than about 64 steps (far tails, sparse points)
        // is not made
        let worth_an_anchor = step_log2.is_none_or(|e| radius_log2 >= e.saturating_add(6));
        while worth_an_anchor && self.cap >= MIN_RADIUS_LOG2 {
            // the center half a radius ahead: the next points fall inside
            let shift = Float::with_val(here.prec(), 1) << (radius_log2 - 1);
            let center = if ahead { &here + shift } else { &here - shift };
            let center = Float::with_val(here.prec(), center);
            self.current = NormalExpansion::new(&center, radius_log2);
            if self.current.is_some() {
                break;
            }
            // not tried again in this walk; below the smallest radius the
            // walk evaluates directly from now on
            self.cap = radius_log2 - 1;
            if radius_log2 <= MIN_RADIUS_LOG2 {
                break;
            }
            radius_log2 -= 1;
        }
        self.current
            .as_ref()
            .and_then(|e| e.pdf_and_cdf(z))
            .unwrap_or_else(|| (z.normal_pdf(), z.normal_cdf()))
    }
}
