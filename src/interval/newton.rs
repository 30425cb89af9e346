//! Interval Newton: proven existence and uniqueness of a root.
//!
//! # Contract
//!
//! [`prove_root`] returns an interval `X` such that `f` has exactly one zero
//! in a larger interval `Y` (hence at most one in `X`) and that zero lies in
//! `X`. The proof is the interval Newton test: with `m` a point of `Y` and
//! `F'(Y)` an enclosure of `f'` over `Y` that excludes 0, if
//! `N(Y) = m - f(m) / F'(Y)` lies in the interior of `Y`, then `f` has a
//! unique zero in `Y`, and it lies in `N(Y)`. The starting guess may come
//! from anywhere (an `f64`, a float iteration): it only guides the search,
//! the test decides. Iterating `X <- N(X) ∩ X` then narrows the enclosure
//! to a few ulps.
//!
//! MPFR has no inverse error function; [`Interval::inverse_normal_cdf`] is
//! built on [`prove_root`].

use super::{Interval, IntervalError};
use rug::float::Round;
use rug::Float;
use std::cmp::Ordering;

/// Proves a unique zero of `f` near `guess` and encloses it.
///
/// `f(X)` must enclose `f` over `X` (it is called on point intervals) and
/// `df(X)` must enclose `f'` over `X`.
pub fn prove_root<F, D>(f: F, df: D, guess: &Float, prec: u32) -> Result<Interval, IntervalError>
where
    F: Fn(&Interval) -> Result<Interval, IntervalError>,
    D: Fn(&Interval) -> Result<Interval, IntervalError>,
{
    if !guess.is_finite() {
        return Err(IntervalError::NoProvenRoot(
            "the starting guess is not finite".into(),
        ));
    }
    let g = Float::with_val(prec, guess);
    // Radius: relative to the guess, plus a tiny absolute part for roots at 0.
    let mut radius = Float::with_val(prec, g.abs_ref()) >> (prec as i32 - 8);
    radius += Float::with_val(prec, 1u32) >> (2 * prec as i32);
    let mut centre = Interval::point(g);
    for _ in 0..24 {
        let r = Interval::checked(Float::with_val(prec, -&radius), radius.clone());
        let y = &centre + &r;
        let n = newton_step(&f, &df, &y)?;
        if let Some(n) = n.as_ref().filter(|n| y.contains_in_interior(n)) {
            return Ok(refine(&f, &df, n.clone()));
        }
        radius <<= 6;
        if let Some(n) = n.filter(Interval::is_finite) {
            // epsilon-inflation: the next box is at least as wide as the
            // Newton image, whose width is the floor set by the rounding
            // of f (2^-prec absolute near a root at 0)
            let w = n.width();
            if w > radius {
                radius = w;
            }
            centre = n;
        }
    }
    Err(IntervalError::NoProvenRoot(format!(
        "no inflation of the guess {} passed the Newton test",
        super::format::float_to_decimal(guess, 20, Round::Nearest)
    )))
}

/// One Newton image `m - f(m) / F'(Y)`; `None` when `F'(Y)` contains 0.
fn newton_step<F, D>(f: &F, df: &D, y: &Interval) -> Result<Option<Interval>, IntervalError>
where
    F: Fn(&Interval) -> Result<Interval, IntervalError>,
    D: Fn(&Interval) -> Result<Interval, IntervalError>,
{
    if !y.is_finite() {
        return Ok(None);
    }
    // the Newton test needs m in Y; the rounded midpoint always is, but the
    // proof should not rest on that argument
    let m = Interval::point(y.mid());
    if !y.contains(&m) {
        return Ok(None);
    }
    let slope = df(y)?;
    if slope.contains_zero() {
        return Ok(None);
    }
    let fm = f(&m)?;
    Ok(Some(&m - &fm.checked_div(&slope)?))
}

/// Narrows a proven enclosure by `X <- N(X) ∩ X` until it stops shrinking.
fn refine<F, D>(f: &F, df: &D, mut x: Interval) -> Interval
where
    F: Fn(&Interval) -> Result<Interval, IntervalError>,
    D: Fn(&Interval) -> Result<Interval, IntervalError>,
{
    for _ in 0..64 {
        let Ok(Some(n)) = newton_step(f, df, &x) else {
            break;
        };
        // The root is in both; an empty intersection cannot happen for a
        // proven root, and would leave x unchanged.
        let Some(next) = n.intersect(&x) else { break };
        if next == x {
            break;
        }
        x = next;
    }
    x
}

/// A float guess of `Phi^{-1}(p)` (Abramowitz-Stegun 26.2.23 in the tails,
/// then float Newton steps). Guides the search only.
fn inverse_normal_cdf_guess(p: &Float, prec: u32) -> Float {
    let half = Float::with_val(64, 0.5);
    let (q, flip) = if *p > half {
        (Float::with_val(64, 1u32 - Float::with_val(prec, p)), true)
    } else {
        (Float::with_val(64, p), false)
    };
    let t = Float::with_val(64, -2 * Float::with_val(64, q.ln_ref())).sqrt();
    let num = Float::with_val(
        64,
        2.515517 + &t * (0.802853 + Float::with_val(64, &t * 0.010328)),
    );
    let den = 1 + Float::with_val(
        64,
        &t * (1.432788 + Float::with_val(64, &t * (0.189269 + Float::with_val(64, &t * 0.001308)))),
    );
    let mut x = -Float::with_val(prec, t - Float::with_val(64, num / den));
    if flip {
        x = -x;
    }
    let norm = Float::with_val(prec, rug::float::Constant::Pi) * 2u32;
    let inv_sqrt_2pi = Float::with_val(prec, norm.sqrt()).recip();
    for _ in 0..(2 * (32 - prec.leading_zeros()) + 4) {
        if x.is_nan() {
            break;
        }
        let cdf = Interval::point_of(&x).normal_cdf().mid();
        let pdf = Float::with_val(
            prec,
            Float::with_val(prec, -Float::with_val(prec, x.square_ref()) / 2u32).exp(),
        ) * &inv_sqrt_2pi;
        if !pdf.is_finite() || pdf.is_zero() {
            break;
        }
        let step = Float::with_val(prec, (cdf - p) / pdf);
        if !step.is_finite() {
            break;
        }
        x -= &step;
        if step.is_zero()
            || step.get_exp().unwrap_or(i32::MIN) < x.get_exp().unwrap_or(0) - prec as i32
        {
            break;
        }
    }
    x
}

impl Interval {
    /// The inverse normal distribution function `Phi^{-1}` over an interval
    /// of probabilities inside `(0, 1)`: the result contains `Phi^{-1}(p)`
    /// for every `p` of `self`, each end proven by interval Newton.
    ///
    /// ```
    /// use ifm_check::interval::Interval;
    /// use ifm_check::exact::Q;
    /// let p = Interval::from_rational(&Q::new(1.into(), 40.into()), 128);
    /// let x = p.inverse_normal_cdf().unwrap();
    /// assert!(x.lo().to_string().starts_with("-1.95996398454005"));
    /// ```
    pub fn inverse_normal_cdf(&self) -> Result<Interval, IntervalError> {
        let zero = self.lo.cmp0() != Some(Ordering::Greater);
        let one = self.hi >= 1u32;
        if zero || one {
            return Err(IntervalError::Domain {
                function: "inverse normal CDF",
                argument: self.to_string(),
            });
        }
        let prec = self.prec();
        let root_at = |p: &Float| {
            let target = Interval::point(p.clone());
            prove_root(
                |x| Ok(x.normal_cdf() - &target),
                |x| Ok(x.normal_pdf()),
                &inverse_normal_cdf_guess(p, prec),
                prec,
            )
        };
        let lo = root_at(&self.lo)?;
        if self.is_point() {
            return Ok(lo);
        }
        let hi = root_at(&self.hi)?;
        Ok(lo.hull(&hi))
    }
}
