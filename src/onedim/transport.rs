//! The flow map `Phi_t = F_t^{-1} o F_0` (docs/mathematics.md section 3, transport
//! identity); `Phi_1` is the monotone rearrangement.
//!
//! Contract: for continuous families the result encloses `Phi_t(x)`, each
//! end proven by interval Newton on `F_t(y) - p` with `p` an end of the
//! enclosure of `F_0(x)` (existence and uniqueness of the root in the
//! returned interval: `F_t` is increasing with derivative `p_t > 0`). A
//! single Gaussian uses its closed form `m_t + (sigma_t / sigma_0)(x - m0)`;
//! the independent uniform plan solves its piecewise quadratic `F_t`
//! exactly up to one square root; a discrete plan gives the exact quantile
//! `min { y : F_t(y) >= F_0(x) }`.

use super::family::{GaussianComponent, OneDimError, OneDimPlan, Value};
use crate::exact::Q;
use crate::interval::newton::prove_root;
use crate::interval::Interval;
use num_traits::{One, Zero};
use rug::{Float, Integer};

fn q(n: i64) -> Q {
    Q::from_integer(n.into())
}

/// Encloses (or gives exactly) `Phi_t(x)` at `prec` bits.
///
/// ```
/// use ifm_check::exact::Q;
/// use ifm_check::onedim::{transport::transport, GaussianComponent, OneDimPlan, Value};
/// let z = |n: i64| Q::from_integer(n.into());
/// // N(0, 1) -> N(2, 4): the monotone map is 2 + 2x, whatever the correlation
/// let g = GaussianComponent::new(z(0), z(2), z(1), z(4), z(1)).unwrap();
/// let phi = transport(&OneDimPlan::Gaussian(g), &z(1), &Q::new(1.into(), 3.into()), 128).unwrap();
/// assert!(phi.to_interval(128).contains_rational(&Q::new(8.into(), 3.into())));
/// ```
pub fn transport(plan: &OneDimPlan, t: &Q, x: &Q, prec: u32) -> Result<Value, OneDimError> {
    if *t < Q::zero() || *t > Q::one() {
        return Err(OneDimError::TimeOutOfRange(t.clone()));
    }
    match plan {
        OneDimPlan::Gaussian(g) => Ok(Value::Enclosure(gaussian_flow(g, t, x, prec)?)),
        OneDimPlan::Discrete(_) => discrete_quantile(plan, t, x).map(Value::Exact),
        OneDimPlan::IndependentUniform { .. } => {
            let Value::Exact(p) = plan.values_at(&Q::zero(), x, prec)?.f else {
                unreachable!("the uniform family is exact")
            };
            uniform_quantile(plan, t, &p, prec)
        }
        OneDimPlan::Mixture(comps) => {
            if comps.iter().any(|(_, g)| g.variance_at(t).is_zero()) {
                return Err(OneDimError::Atomic(
                    "a component collapses to a point at this t".into(),
                ));
            }
            Ok(Value::Enclosure(mixture_root(plan, comps, t, x, prec)?))
        }
    }
}

/// `m_t + sqrt(Sigma_t / s00) (x - m0)`.
fn gaussian_flow(g: &GaussianComponent, t: &Q, x: &Q, prec: u32) -> Result<Interval, OneDimError> {
    let ratio = Interval::from_rational(&(g.variance_at(t) / &g.s00), prec).sqrt()?;
    Ok(Interval::from_rational(&g.mean_at(t), prec)
        + ratio * Interval::from_rational(&(x - &g.m0), prec))
}

/// The root `y` of `F_t(y) = F_0(x)` for a mixture, proven by interval
/// Newton on `F_t(y) - F_0(x)` enclosed by
/// [`OneDimPlan::cdf_difference`] (relative accuracy in both tails, so far
/// between components as well), with derivative `p_t(y) > 0`.
fn mixture_root(
    plan: &OneDimPlan,
    comps: &[(Q, GaussianComponent)],
    t: &Q,
    x: &Q,
    prec: u32,
) -> Result<Interval, OneDimError> {
    let zero = Q::zero();
    let gap = |y: &Interval| plan.cdf_difference((t, y), (&zero, x));
    // every term of F_t(y) - F_0(x) is <= 0 at the least of the components'
    // own maps and >= 0 at the greatest: the root lies between them
    let (mut lo, mut hi) = (None::<Q>, None::<Q>);
    for (_, g) in comps {
        let own = gaussian_flow(g, t, x, 64)?
            .to_rationals()
            .ok_or_else(|| OneDimError::NotApplicable("Phi_t(x) overflows".into()))?;
        lo = Some(lo.map_or(own.0.clone(), |l: Q| l.min(own.0)));
        hi = Some(hi.map_or(own.1.clone(), |h: Q| h.max(own.1)));
    }
    let (lo, hi) = (lo.unwrap_or_default(), hi.unwrap_or_default());
    // a guess by bisection over the floats of 64 bits between the ends (good
    // to about 2^-60 relative, however many orders of magnitude apart the
    // ends are); where the components are far narrower than that resolves
    // (variances of 1e-30 a million apart), again over floats of up to 256
    // bits. It only guides: the proof refines it at full precision.
    // (also whether some step could not tell the sign: then the guess may
    // be anywhere in a region where F_t is flat to below every float)
    let guess_at = |guess_prec: u32| -> Result<(Float, bool), OneDimError> {
        let rank_of = |q: &Q| float_rank(&Interval::from_rational(q, guess_prec).mid());
        let (mut a, mut b) = (rank_of(&lo), rank_of(&hi));
        let mut undecided = false;
        while Integer::from(&b - &a) > 1 {
            let mid = Integer::from(&a + &b) >> 1u32;
            let y = float_of_rank(&mid, guess_prec);
            let here = gap(&Interval::point_of(&y))?;
            undecided |= here.contains_zero() && !here.is_point();
            if here.mid().is_sign_negative() {
                a = mid;
            } else {
                b = mid;
            }
        }
        Ok((float_of_rank(&a, guess_prec), undecided))
    };
    let prove = |guess: &Float| -> Result<Interval, OneDimError> {
        Ok(prove_root(
            |y| gap(y).map_err(to_interval_error),
            |y| Ok(plan.density_and_cdf_on(t, y).map_err(to_interval_error)?.0),
            &Float::with_val(prec, guess),
            prec,
        )?)
    };
    let (first, undecided) = guess_at(64)?;
    let root = prove(&first)
        .or_else(|_| prove(&guess_at(prec.min(256))?.0))
        .map_err(|e| {
            // say why when F_t is flat to below every float near the root
            let density = plan
                .density_and_cdf_on(t, &Interval::point_of(&Float::with_val(prec, &first)))
                .map(|(p, _)| p);
            let underflows = density.is_ok_and(|p| {
                p.lo().is_zero() && p.hi().get_exp().is_some_and(|e| e < -(1 << 30))
            });
            if underflows || undecided {
                OneDimError::NotApplicable(format!(
                    "F_t(y) - F_0(x) cannot be told from 0 near the root (F_t is flat there to below 2^-{}, the least float): x is too far in the tails to enclose the flow map",
                    crate::interval::exponent_range::EXPONENT_LIMIT
                ))
            } else {
                e
            }
        })?;
    // the difference keeps its relative accuracy down to MPFR's least float,
    // so a root at 0 comes back about 2^-(2^31) wide: widened to an absolute
    // 2^-(prec + 64), which a certificate prints with a readable exponent
    let ulp = Interval::from_i64(1, prec).mul_pow2(-(prec as i32) - 64);
    Ok(root + ulp.hull(&-&ulp))
}

/// The offset that makes the least exponent of the widened range rank
/// first (ranks between two floats are then floats of that range, never
/// below it, where they would round to 0).
const EXPONENT_OFFSET: i64 = crate::interval::exponent_range::EXPONENT_LIMIT as i64;

/// The rank of a float among the floats of its precision `p`: 0 for 0, then
/// `1, 2, ...` for the positive floats in increasing order (exponent first,
/// then significand), the negatives mirrored. Bisection over ranks takes
/// about `33 + p` steps between any two floats, where bisection over values
/// would take as many steps as their exponents differ.
fn float_rank(x: &Float) -> Integer {
    let Some(e) = x.get_exp() else {
        return Integer::new();
    };
    let p = x.prec();
    // |x| = significand 2^(e - p), significand in [2^(p-1), 2^p)
    let significand = Float::with_val(p, x.abs_ref()) << (p as i32 - e);
    let significand = significand.to_integer().unwrap_or_default();
    let rank = (Integer::from(i64::from(e) + EXPONENT_OFFSET) << (p - 1)) + significand
        - (Integer::from(1) << (p - 1))
        + 1u32;
    if x.is_sign_negative() {
        -rank
    } else {
        rank
    }
}

/// The float of precision `p` whose [`float_rank`] is `rank`.
fn float_of_rank(rank: &Integer, p: u32) -> Float {
    if rank.cmp0() == std::cmp::Ordering::Equal {
        return Float::new(p);
    }
    let step = Integer::from(rank.abs_ref()) - 1u32;
    let (exponent, offset) = step.div_rem_euc(Integer::from(1) << (p - 1));
    let e = exponent.to_i64().unwrap_or(0) - EXPONENT_OFFSET;
    let significand = offset + (Integer::from(1) << (p - 1));
    let magnitude = Float::with_val(p, significand) << (e - i64::from(p)) as i32;
    if rank.cmp0() == std::cmp::Ordering::Less {
        -magnitude
    } else {
        magnitude
    }
}

fn to_interval_error(e: OneDimError) -> crate::interval::IntervalError {
    match e {
        OneDimError::Interval(e) => e,
        other => crate::interval::IntervalError::NoProvenRoot(other.to_string()),
    }
}

/// `min { y : F_t(y) >= F_0(x) }` for a discrete plan, exactly.
fn discrete_quantile(plan: &OneDimPlan, t: &Q, x: &Q) -> Result<Q, OneDimError> {
    let start = plan.atoms_at(&Q::zero())?;
    let p: Q = start
        .iter()
        .filter(|a| a.x <= *x)
        .map(|a| a.mass.clone())
        .sum();
    if p.is_zero() {
        return Err(OneDimError::NotApplicable(
            "x is below every atom of p0: F_0(x) = 0".into(),
        ));
    }
    let mut cumulative = Q::zero();
    for a in plan.atoms_at(t)? {
        cumulative += &a.mass;
        if cumulative >= p {
            return Ok(a.x);
        }
    }
    unreachable!("the masses sum to 1")
}

/// The root of the piecewise quadratic `F_t(y) = p` of the uniform plan.
fn uniform_quantile(plan: &OneDimPlan, t: &Q, p: &Q, prec: u32) -> Result<Value, OneDimError> {
    let OneDimPlan::IndependentUniform { a0, b0, a1, b1 } = plan else {
        unreachable!()
    };
    let u = Q::one() - t;
    let (l0, l1) = (&u * (b0 - a0), t * (b1 - a1));
    let start = &u * a0 + t * a1;
    let (short, long) = if l0 <= l1 { (l0, l1) } else { (l1, l0) };
    if p.is_zero() || p.is_one() {
        return Err(OneDimError::NotApplicable(
            "F_0(x) is 0 or 1 (x is at or beyond an end of the support of p0): Phi_t(x) is not defined there".into(),
        ));
    }
    if short.is_zero() {
        return Ok(Value::Exact(&start + p * &long));
    }
    let first = &short / (q(2) * &long);
    let sqrt_of =
        |r: Q| -> Result<Interval, OneDimError> { Ok(Interval::from_rational(&r, prec).sqrt()?) };
    Ok(if *p <= first {
        // y^2 / (2 s l) = p
        Value::Enclosure(
            Interval::from_rational(&start, prec) + sqrt_of(q(2) * &short * &long * p)?,
        )
    } else if *p <= Q::one() - &first {
        // (2y - s) / (2 l) = p
        Value::Exact(&start + (q(2) * &long * p + &short) / q(2))
    } else {
        // 1 - w^2 / (2 s l) = p, y = s + l - w
        let w = sqrt_of(q(2) * &short * &long * (Q::one() - p))?;
        Value::Enclosure(Interval::from_rational(&(&start + &short + &long), prec) - w)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ranks number the floats of a precision in order, with no gap and no
    /// float left out, across signs and the whole widened exponent range.
    #[test]
    fn ranks_number_the_floats_in_order() {
        let _ = Interval::from_i64(0, 64); // widens this thread's range
        let p = 64;
        let mut values: Vec<Float> = [
            -1e300, -3.5, -1.0, -1e-300, 0.0, 1e-300, 0.5, 1.0, 2.0, 1e300,
        ]
        .iter()
        .map(|&v| Float::with_val(p, v))
        .collect();
        values.push(Float::with_val(p, 1) >> 2_000_000_000i32);
        values.push(-(Float::with_val(p, 1) << 2_000_000_000i32));
        values.sort_by(|a, b| a.partial_cmp(b).unwrap());
        let ranks: Vec<Integer> = values.iter().map(float_rank).collect();
        assert!(ranks.windows(2).all(|w| w[0] < w[1]));
        for (x, r) in values.iter().zip(&ranks) {
            assert_eq!(float_of_rank(r, p), *x);
        }
        // neighbours: the next float up has the next rank
        let mut one = Float::with_val(p, 1);
        let r = float_rank(&one);
        one.next_up();
        assert_eq!(float_rank(&one), r + 1u32);
        assert_eq!(float_rank(&Float::new(p)), 0);
    }
}
