//! A two-sided enclosure of the exponential moment `E exp(eps (|X0| + |X1|))`
//! of a one-dimensional plan (docs/mathematics.md section 3), for every family of
//! [`OneDimPlan`].
//!
//! # Contract
//!
//! [`exponential_moment_enclosure`] returns an interval that contains the
//! exact value `E exp(eps (|X0| + |X1|))` for every plan that satisfies the
//! constraints the plan parser enforces (checked again here: `s00 > 0`,
//! `s11 > 0`, `c^2 <= s00 s11`, `a < b` for the uniform supports), and every
//! `eps > 0`. Every step is outward-rounded interval arithmetic on exact
//! rational inputs; floats never decide. Both ends are close to the value:
//! the exact families are enclosed to the working precision, and a
//! non-degenerate Gaussian to a width proportional to `1 / pieces`.
//!
//! # Formulas
//!
//! * **Discrete**: `sum_i w_i exp(eps (|x0_i| + |x1_i|))`, each exponent exact.
//! * **Independent uniform**: the product of `E e^{eps |U|}` over the two
//!   coordinates, `U ~ U[a, b]`, `L = eps (b - a)`:
//!   `e^{eps a} expm1(L) / L` when `a >= 0`, `e^{-eps b} expm1(L) / L` when
//!   `b <= 0`, and `(expm1(-eps a) + expm1(eps b)) / L` when `a < 0 < b`
//!   (`expm1` keeps short supports from cancelling).
//! * **Gaussian**, `X ~ N(mu, Sigma)`, `rho = c / sqrt(s00 s11)`, `|rho| < 1`:
//!   the sum over the four sign quadrants `sigma in {+1, -1}^2` of
//!   `E[e^{lambda . X} 1{sigma0 X0 > 0, sigma1 X1 > 0}]`, `lambda = eps sigma`
//!   (the axes are null sets). Exponential tilting gives
//!   `e^{A} P(sigma0 Y0 > 0, sigma1 Y1 > 0)`, `A = lambda . mu + lambda^T Sigma lambda / 2`,
//!   `Y ~ N(nu, Sigma)`, `nu = mu + Sigma lambda`, and the probability is
//!   `Phi2(h, k; r)` with `h = sigma0 nu0 / sqrt(s00)`, `k = sigma1 nu1 / sqrt(s11)`,
//!   `r = sigma0 sigma1 rho`. By Plackett's identity with `s = sin theta`,
//!
//!   ```text
//!   Phi2(h, k; r) = Phi(h) Phi(k) + (1 / 2 pi) int_0^{asin r} exp(-q(theta)) d theta,
//!   q = (h^2 - 2 h k s + k^2) / (2 cos^2 theta)
//!     = (h - k)^2 / (2 cos^2 theta) + h k / (1 + s)      (used when r > 0)
//!     = (h + k)^2 / (2 cos^2 theta) - h k / (1 - s)      (used when r < 0).
//!   ```
//!
//!   The substitution removes the `1 / sqrt(1 - s^2)` of the density, so the
//!   integrand lies in `[0, 1]` and the width does not grow as `|rho| -> 1`;
//!   the two forms of `q` keep `1 +- s >= 1` and make each term monotone in
//!   `theta`. The integral over `[0, 1]` in `u = theta / asin r` is split into
//!   `pieces` equal parts, the integrand is enclosed over each whole part
//!   (`sin`, `cos` monotone there), and the sum is multiplied by
//!   `asin(r) / (2 pi pieces)`. The result is intersected with the Fréchet
//!   bounds `max(0, Phi(h) + Phi(k) - 1) <= Phi2 <= min(Phi(h), Phi(k))`.
//!
//!   Since `|x0| + |x1| >= sigma . x`, the value is at least every
//!   `E e^{lambda . X} = e^{A}`: an absolute error `delta` on each `Phi2` is
//!   a relative error of at most `delta` on the value, so the tails need no
//!   special care beyond the tail-accurate `Phi` of [`Interval::normal_cdf`]
//!   (and the enclosure is intersected with `[max_sigma e^A, inf)`).
//! * **Degenerate Gaussian**, `c^2 = s00 s11` (decided over Q):
//!   `X1 = alpha X0 + beta` almost surely, `alpha = c / s00`,
//!   `beta = m1 - alpha m0`. The cuts `0` and `-beta / alpha` split the line
//!   into at most three pieces on which `|x| + |alpha x + beta| = a x + b`
//!   (the signs read at an interior rational point), and each piece
//!   `(l, u)` contributes
//!   `e^{eps b + t m0 + t^2 s00 / 2} P(l < Y < u)`, `t = eps a`,
//!   `Y ~ N(m0 + t s00, s00)`; the probability is a difference of `Phi`
//!   values, or of survival functions when `l` is above the tilted mean.
//! * **Mixture**: the weighted sum of its components.

use super::family::{Atom, GaussianComponent, OneDimError, OneDimPlan};
use crate::exact::Q;
use crate::interval::Interval;
use num_traits::{One, Signed, Zero};
use std::cmp::Ordering;

/// A two-sided enclosure of E exp(eps (|X0| + |X1|)) at `prec` bits; `pieces` is the effort of the
/// one quadrature (Gaussian families): doubling it roughly halves the width.
///
/// Errors: `eps <= 0`, `pieces = 0`, or a plan that breaks the constraints
/// of its family (see the module documentation).
///
/// ```
/// use ifm_check::exact::Q;
/// use ifm_check::onedim::exponential::exponential_moment_enclosure;
/// use ifm_check::onedim::{GaussianComponent, OneDimPlan};
/// let q = |n: i64| Q::from_integer(n.into());
/// let plan = OneDimPlan::Gaussian(GaussianComponent::new(q(0), q(0), q(1), q(1), q(0)).unwrap());
/// let m = exponential_moment_enclosure(&plan, &Q::new(1.into(), 100.into()), 128, 16).unwrap();
/// // (2 e^{eps^2/2} Phi(eps))^2 = 1.0161226923025329...
/// assert!(m.lo().to_f64() < 1.0161226924 && m.hi().to_f64() > 1.0161226922);
/// ```
pub fn exponential_moment_enclosure(
    plan: &OneDimPlan,
    eps: &Q,
    prec: u32,
    pieces: u32,
) -> Result<Interval, OneDimError> {
    if !eps.is_positive() {
        return Err(OneDimError::NotApplicable(
            "the exponential moment needs eps > 0".into(),
        ));
    }
    if pieces == 0 {
        return Err(OneDimError::NotApplicable(
            "the quadrature needs at least one piece".into(),
        ));
    }
    match plan {
        OneDimPlan::Gaussian(g) => gaussian(g, eps, prec, pieces),
        OneDimPlan::Mixture(components) => {
            let mut total = Interval::from_i64(0, prec);
            for (weight, g) in components {
                total =
                    total + Interval::from_rational(weight, prec) * gaussian(g, eps, prec, pieces)?;
            }
            Ok(total)
        }
        OneDimPlan::Discrete(atoms) => Ok(discrete(atoms, eps, prec)),
        OneDimPlan::IndependentUniform { a0, b0, a1, b1 } => {
            Ok(uniform_abs_mgf(a0, b0, eps, prec)? * uniform_abs_mgf(a1, b1, eps, prec)?)
        }
    }
}

/// `sum w exp(eps (|x0| + |x1|))`: each exponent is an exact rational.
fn discrete(atoms: &[Atom], eps: &Q, prec: u32) -> Interval {
    atoms.iter().fold(Interval::from_i64(0, prec), |acc, a| {
        let exponent = eps * (a.x0.abs() + a.x1.abs());
        acc + Interval::from_rational(&a.weight, prec)
            * Interval::from_rational(&exponent, prec).exp()
    })
}

/// `E e^{eps |U|}` for `U ~ U[a, b]` (see the module documentation).
fn uniform_abs_mgf(a: &Q, b: &Q, eps: &Q, prec: u32) -> Result<Interval, OneDimError> {
    if a >= b {
        return Err(OneDimError::NotApplicable(
            "an independent uniform plan needs a < b on both coordinates".into(),
        ));
    }
    let exact = |x: Q| Interval::from_rational(&x, prec);
    let length = exact(eps * (b - a)); // > 0
    let value = if !a.is_negative() {
        // (e^{eps b} - e^{eps a}) / L = e^{eps a} (e^L - 1) / L
        exact(eps * a).exp() * length.exp_m1().checked_div(&length)?
    } else if !b.is_positive() {
        // (e^{-eps a} - e^{-eps b}) / L = e^{-eps b} (e^L - 1) / L
        exact(-(eps * b)).exp() * length.exp_m1().checked_div(&length)?
    } else {
        // int_a^0 e^{-eps u} + int_0^b e^{eps u}, both terms positive
        (exact(-(eps * a)).exp_m1() + exact(eps * b).exp_m1()).checked_div(&length)?
    };
    Ok(value)
}

/// Checks the constraints of a Gaussian component (the parser's, again:
/// the fields are public).
fn check_component(g: &GaussianComponent) -> Result<(), OneDimError> {
    if !g.s00.is_positive() || !g.s11.is_positive() {
        return Err(OneDimError::NotApplicable(
            "a Gaussian component needs s00 > 0 and s11 > 0".into(),
        ));
    }
    if &g.c * &g.c > &g.s00 * &g.s11 {
        return Err(OneDimError::NotApplicable(
            "a Gaussian component needs c^2 <= s00 s11".into(),
        ));
    }
    Ok(())
}

/// `E exp(eps (|X0| + |X1|))` for one Gaussian component.
fn gaussian(
    g: &GaussianComponent,
    eps: &Q,
    prec: u32,
    pieces: u32,
) -> Result<Interval, OneDimError> {
    check_component(g)?;
    if &g.c * &g.c == &g.s00 * &g.s11 {
        return degenerate_gaussian(g, eps, prec);
    }
    let exact = |x: &Q| Interval::from_rational(x, prec);
    let sd0 = exact(&g.s00).sqrt()?;
    let sd1 = exact(&g.s11).sqrt()?;
    // rho is irrational in general: an interval, clamped to [-1, 1] where
    // the true value lies
    let rho = clamp(
        &exact(&g.c).checked_div(&exact(&(&g.s00 * &g.s11)).sqrt()?)?,
        &Interval::from_i64(-1, prec),
        &Interval::from_i64(1, prec),
    )?;
    let correlation_sign = g.c.cmp(&Q::zero());
    let mut total = Interval::from_i64(0, prec);
    let mut floor = Interval::from_i64(0, prec);
    for sigma0 in [1i64, -1] {
        for sigma1 in [1i64, -1] {
            let (s0, s1) = (
                Q::from_integer(sigma0.into()),
                Q::from_integer(sigma1.into()),
            );
            let both = &s0 * &s1;
            // A = lambda . mu + lambda^T Sigma lambda / 2, lambda = eps sigma
            let a = eps * (&s0 * &g.m0 + &s1 * &g.m1)
                + eps * eps * (&g.s00 + Q::from_integer(2.into()) * &both * &g.c + &g.s11)
                    / Q::from_integer(2.into());
            // the tilted mean nu = mu + Sigma lambda
            let nu0 = &g.m0 + eps * (&s0 * &g.s00 + &s1 * &g.c);
            let nu1 = &g.m1 + eps * (&s0 * &g.c + &s1 * &g.s11);
            let h = exact(&(&s0 * nu0)).checked_div(&sd0)?;
            let k = exact(&(&s1 * nu1)).checked_div(&sd1)?;
            let r_sign = if sigma0 * sigma1 > 0 {
                correlation_sign
            } else {
                correlation_sign.reverse()
            };
            let r = if sigma0 * sigma1 > 0 {
                rho.clone()
            } else {
                -&rho
            };
            let probability = bivariate_normal_cdf(&h, &k, &r, r_sign, pieces)?;
            let weight = exact(&a).exp();
            floor = floor.max_of(&weight);
            total = total + weight * probability;
        }
    }
    // the value is at least every e^A (|x0| + |x1| >= sigma . x)
    clamp(&total, &floor, &Interval::entire(prec))
}

/// `Phi2(h, k; r) = P(W0 <= h, W1 <= k)` for standard normals with
/// correlation `r`, `|r| < 1`, whose sign `r_sign` is known exactly.
fn bivariate_normal_cdf(
    h: &Interval,
    k: &Interval,
    r: &Interval,
    r_sign: Ordering,
    pieces: u32,
) -> Result<Interval, OneDimError> {
    let prec = h.prec().max(k.prec());
    let (cdf_h, cdf_k) = (h.normal_cdf(), k.normal_cdf());
    let product = &cdf_h * &cdf_k;
    let value = if r_sign == Ordering::Equal {
        product
    } else {
        product + plackett_integral(h, k, r, r_sign == Ordering::Greater, pieces)?
    };
    // Fréchet bounds, and [0, 1]
    let (zero, one) = (Interval::from_i64(0, prec), Interval::from_i64(1, prec));
    let frechet_low = (&(&cdf_h + &cdf_k) - &one).max_of(&zero);
    let value = clamp(&value, &frechet_low, &one)?;
    let value = clamp(&value, &zero, &cdf_h)?;
    clamp(&value, &zero, &cdf_k)
}

/// `(1 / 2 pi) int_0^{asin r} exp(-q(theta)) d theta` (see the module
/// documentation), `positive` the sign of `r`.
fn plackett_integral(
    h: &Interval,
    k: &Interval,
    r: &Interval,
    positive: bool,
    pieces: u32,
) -> Result<Interval, OneDimError> {
    let prec = h.prec().max(k.prec());
    let theta_r = r.asin_clamped();
    // q = gap / (2 cos^2) + cross / (1 + s)   when r > 0,
    // q = gap / (2 cos^2) + cross / (1 - s)   when r < 0
    let (gap, cross) = if positive {
        ((h - k).sqr(), h * k)
    } else {
        ((h + k).sqr(), -(h * k))
    };
    let one = Interval::from_i64(1, prec);
    let unit = Interval::from_i64(0, prec).hull(&Interval::from_i64(1, prec));
    let count = Interval::from_i64(i64::from(pieces), prec);
    let mut sum = Interval::from_i64(0, prec);
    for i in 0..pieces {
        // theta over the whole piece theta_r [i, i+1] / pieces
        let u = Interval::from_i64(i64::from(i), prec)
            .hull(&Interval::from_i64(i64::from(i) + 1, prec))
            .checked_div(&count)?;
        let theta = &theta_r * &u;
        let sin = theta.sin_on_half_turn();
        let cos_sq = theta.cos_on_half_turn().sqr();
        let one_plus = if positive { &one + &sin } else { &one - &sin };
        // where cos^2 may vanish (only when r is within rounding of +-1)
        // the bound 0 <= exp(-q) <= 1 (q >= 0) is used
        let q = gap
            .mul_pow2(-1)
            .checked_div(&cos_sq)
            .and_then(|first| Ok(first + cross.checked_div(&one_plus)?));
        let integrand = match q {
            Ok(q) => (-q).exp().intersect(&unit).unwrap_or_else(|| unit.clone()),
            Err(_) => unit.clone(),
        };
        sum = sum + integrand;
    }
    let two_pi_pieces = Interval::pi(prec).mul_pow2(1) * count;
    Ok((theta_r * sum).checked_div(&two_pi_pieces)?)
}

/// `E exp(eps (|X0| + |X1|))` when `c^2 = s00 s11`: `X1 = alpha X0 + beta`.
fn degenerate_gaussian(g: &GaussianComponent, eps: &Q, prec: u32) -> Result<Interval, OneDimError> {
    if g.c.is_zero() {
        // c^2 = s00 s11 > 0 rules this out; kept as an error, not a division by 0
        return Err(OneDimError::NotApplicable(
            "a degenerate Gaussian component needs c != 0".into(),
        ));
    }
    let alpha = &g.c / &g.s00;
    let beta = &g.m1 - &alpha * &g.m0;
    let mut cuts = vec![Q::zero()];
    let root = -(&beta / &alpha);
    if !root.is_zero() {
        cuts.push(root);
    }
    cuts.sort();
    // the pieces (l, u) between consecutive cuts, with -inf and +inf (None)
    let mut ends: Vec<Option<Q>> = vec![None];
    ends.extend(cuts.into_iter().map(Some));
    ends.push(None);
    let exact = |x: &Q| Interval::from_rational(x, prec);
    let sd = exact(&g.s00).sqrt()?;
    let one = Q::one();
    let mut total = Interval::from_i64(0, prec);
    let mut floor = Interval::from_i64(0, prec);
    for pair in ends.windows(2) {
        let (l, u) = (&pair[0], &pair[1]);
        let inside = match (l, u) {
            (Some(l), Some(u)) => (l + u) / Q::from_integer(2.into()),
            (None, Some(u)) => u - &one,
            (Some(l), None) => l + &one,
            (None, None) => unreachable!("0 is always a cut"),
        };
        // |x| + |alpha x + beta| = a x + b on the piece: no cut inside it
        let sign = |x: &Q| {
            if x.is_negative() {
                -one.clone()
            } else {
                one.clone()
            }
        };
        let (sign_x, sign_y) = (sign(&inside), sign(&(&alpha * &inside + &beta)));
        let a = &sign_x + &sign_y * &alpha;
        let b = &sign_y * &beta;
        // e^{eps (a x + b)} N(m0, s00) = e^{eps b + t m0 + t^2 s00 / 2} N(m0 + t s00, s00)
        let t = eps * &a;
        let shift = &g.m0 + &t * &g.s00;
        let weight =
            exact(&(eps * &b + &t * &g.m0 + &t * &t * &g.s00 / Q::from_integer(2.into()))).exp();
        let standardized = |x: &Q| exact(&(x - &shift)).checked_div(&sd);
        let zero = Interval::from_i64(0, prec);
        let probability = match l {
            // l above the tilted mean: both ends in the upper tail, where the
            // survival function keeps its relative accuracy
            Some(l) if *l >= shift => {
                let upper = match u {
                    Some(u) => standardized(u)?.normal_sf(),
                    None => zero,
                };
                standardized(l)?.normal_sf() - upper
            }
            _ => {
                let lower = match l {
                    Some(l) => standardized(l)?.normal_cdf(),
                    None => zero,
                };
                let upper = match u {
                    Some(u) => standardized(u)?.normal_cdf(),
                    None => Interval::from_i64(1, prec),
                };
                upper - lower
            }
        };
        let probability = clamp(
            &probability,
            &Interval::from_i64(0, prec),
            &Interval::from_i64(1, prec),
        )?;
        floor = floor.max_of(&weight);
        total = total + weight * probability;
    }
    // the value is at least every E e^{eps (a X0 + b)}, a x + b <= |x| + |alpha x + beta|
    clamp(&total, &floor, &Interval::entire(prec))
}

/// `x ∩ [lower.lo, upper.hi]`, where the true value is known to be at least
/// the quantity `lower` encloses and at most the one `upper` encloses; an
/// empty intersection can only come from a defect and is reported.
fn clamp(x: &Interval, lower: &Interval, upper: &Interval) -> Result<Interval, OneDimError> {
    x.clamped(lower, upper).ok_or_else(|| {
        OneDimError::NotApplicable(format!(
            "internal error: the enclosure {x} misses the sound bounds {lower}, {upper}"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rug::Float;

    fn r(n: i64, d: i64) -> Q {
        Q::new(n.into(), d.into())
    }

    #[test]
    fn orthant_at_the_origin_is_exact_for_any_number_of_pieces() {
        // Phi2(0, 0; r) = 1/4 + r.asin_clamped() / (2 pi): the integrand is 1
        for (rho, sign) in [(r(1, 2), Ordering::Greater), (r(-9, 10), Ordering::Less)] {
            let zero = Interval::from_i64(0, 128);
            let rho_i = Interval::from_rational(&rho, 128);
            let got = bivariate_normal_cdf(&zero, &zero, &rho_i, sign, 1).unwrap();
            let truth = Interval::from_rational(&r(1, 4), 128)
                + rho_i
                    .asin_clamped()
                    .checked_div(&Interval::pi(128).mul_pow2(1))
                    .unwrap();
            assert!(got.intersect(&truth).is_some(), "{got} vs {truth}");
            assert!(got.width() < Float::with_val(128, 1e-35), "{got}");
        }
    }

    #[test]
    fn orthant_matches_an_independent_value() {
        // Phi2(1, -1/2; -3/5) = int_{-inf}^1 phi(x) Phi((-1/2 + 3x/5) / (4/5)) dx,
        // by mpmath at 50 digits (and the Plackett integral in s, same digits)
        let (h, k) = (
            Interval::from_i64(1, 128),
            Interval::from_rational(&r(-1, 2), 128),
        );
        let rho = Interval::from_rational(&r(-3, 5), 128);
        let truth =
            crate::exact::parse_rational("0.19951575600467162019379078006910320959039736103216")
                .unwrap();
        let mut last_width = Float::with_val(128, 1);
        for pieces in [4u32, 64, 1024] {
            let got = bivariate_normal_cdf(&h, &k, &rho, Ordering::Less, pieces).unwrap();
            let radius = r(1, 1_000_000_000_000_000_000);
            let ball = Interval::from_rational(&(&truth - &radius), 128)
                .hull(&Interval::from_rational(&(&truth + &radius), 128));
            assert!(got.intersect(&ball).is_some(), "{pieces}: {got}");
            assert!(got.width() < last_width, "{pieces}: {got}");
            last_width = got.width();
        }
        assert!(last_width < Float::with_val(128, 1e-3));
    }

    #[test]
    fn invalid_inputs_are_errors() {
        let g = GaussianComponent {
            m0: r(0, 1),
            m1: r(0, 1),
            s00: r(1, 1),
            s11: r(1, 1),
            c: r(2, 1),
        };
        let plan = OneDimPlan::Gaussian(g);
        assert!(exponential_moment_enclosure(&plan, &r(1, 2), 64, 8).is_err());
        let uniform = OneDimPlan::IndependentUniform {
            a0: r(1, 1),
            b0: r(1, 1),
            a1: r(0, 1),
            b1: r(1, 1),
        };
        assert!(exponential_moment_enclosure(&uniform, &r(1, 2), 64, 8).is_err());
        let fine = OneDimPlan::Discrete(vec![Atom {
            x0: r(1, 1),
            x1: r(-1, 1),
            weight: r(1, 1),
        }]);
        assert!(exponential_moment_enclosure(&fine, &r(0, 1), 64, 8).is_err());
        assert!(exponential_moment_enclosure(&fine, &r(1, 2), 64, 0).is_err());
    }
}
