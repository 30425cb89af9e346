//! The flux identity `d/dt F_t(x) + v_t(x) p_t(x) = 0` (MATH.md section 3)
//! at rational points, for the Gaussian families.
//!
//! Contract: `d/dt F_t(x)` is computed by first-order jets in `t` through
//! `m_t`, `Sigma_t`, `sigma_t = sqrt(Sigma_t)`, `z = (x - m_t)/sigma_t` and
//! `Phi(z)`, independently of the closed forms of `v_t` and `p_t`; the
//! residual `sum_i w_i (d/dt F_i + p_i v_i)` is enclosed at each point. The
//! field may be taken from another plan (a negative control). This checks
//! the identity at points, not on whole boxes: an enclosure over a box has
//! width proportional to the box (the residual vanishes identically, its
//! pieces do not), so a box certificate to a small tolerance needs Taylor
//! models or a symbolic certificate; not built here.

use super::family::{GaussianComponent, OneDimError, OneDimPlan};
use crate::exact::Q;
use crate::interval::{Interval, Jet};

fn components(plan: &OneDimPlan) -> Result<Vec<(Q, GaussianComponent)>, OneDimError> {
    match plan {
        OneDimPlan::Gaussian(g) => Ok(vec![(Q::from_integer(1.into()), g.clone())]),
        OneDimPlan::Mixture(c) => Ok(c.clone()),
        _ => Err(OneDimError::NotApplicable(
            "the flux identity check is for the Gaussian families".into(),
        )),
    }
}

/// `d/dt F_t(x)` of a component, by jets in `t`.
fn time_derivative_of_cdf(
    g: &GaussianComponent,
    t: &Q,
    x: &Q,
    prec: u32,
) -> Result<Interval, OneDimError> {
    let c = |q: &Q| Jet::constant(Interval::from_rational(q, prec), 1);
    let tj = Jet::variable(Interval::from_rational(t, prec), 0, 1);
    let one = c(&Q::from_integer(1.into()));
    let u = one.sub(&tj);
    let mean = c(&g.m0).add(&tj.mul(&c(&(&g.m1 - &g.m0))));
    let two_c = Q::from_integer(2.into()) * &g.c;
    let var = u
        .sqr()
        .mul(&c(&g.s00))
        .add(&tj.mul(&u).mul(&c(&two_c)))
        .add(&tj.sqr().mul(&c(&g.s11)));
    let sigma = var.sqrt()?;
    let z = c(x).sub(&mean).checked_div(&sigma)?;
    Ok(z.normal_cdf().grad[0].clone())
}

/// The enclosure of `d/dt F_t(x) + v_t(x) p_t(x)` at `(t, x)`, with `v` (and
/// its weights) from `field_of`.
pub fn flux_residual_at(
    plan: &OneDimPlan,
    field_of: &OneDimPlan,
    t: &Q,
    x: &Q,
    prec: u32,
) -> Result<Interval, OneDimError> {
    let mut dfdt = Interval::from_i64(0, prec);
    for (w, g) in components(plan)? {
        dfdt = dfdt + Interval::from_rational(&w, prec) * time_derivative_of_cdf(&g, t, x, prec)?;
    }
    let p = plan.values_at(t, x, prec)?.p.to_interval(prec);
    let v = field_of.values_at(t, x, prec)?.v.to_interval(prec);
    Ok(dfdt + v * p)
}
