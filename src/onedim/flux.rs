//! The flux identity `d/dt F_t(x) + v_t(x) p_t(x) = 0` and the flow
//! identity `d/dt Phi_t(x) = v_t(Phi_t(x))` (docs/mathematics.md section 3), for the
//! Gaussian families.
//!
//! Contract, at points: `d/dt F_t(x)` is computed by first-order jets in `t`
//! through `m_t`, `Sigma_t`, `sigma_t = sqrt(Sigma_t)`, `z = (x - m_t)/sigma_t`
//! and `Phi(z)`, independently of the closed forms of `v_t` and `p_t`; the
//! residual `sum_i w_i (d/dt F_i + p_i v_i)` is enclosed at each point. The
//! field may be taken from another plan (a negative control). For the flow,
//! `Phi_t(x)` is enclosed by interval Newton and `d/dt Phi_t(x) = -(d/dt
//! F_t)(Phi_t(x)) / p_t(Phi_t(x))` (differentiating `F_t(Phi_t(x)) = F_0(x)`).
//!
//! Contract, on a whole box `[t0, t1] x R`: interval enclosures over a box
//! cannot show a residual that vanishes identically to be below `1e-20` (its
//! pieces do not vanish; the enclosure has the width of the box), so the box
//! certificate is symbolic. For one Gaussian component, with `s = sqrt(Sigma_t)`
//! and `z = (x - m_t)/s`, `d/dt Phi(z) = phi(z) dz/dt` and
//! `v_t p_t = phi(z) [(m1 - m0) s^-1 + G_t (x - m_t) s^-3]`; [`FluxCertificate`]
//! differentiates `z` mechanically in the algebra of sums `sum_j e_j(t, x)
//! s^-j` (`e_j` polynomials over Q, `d/dt s^-j = -(j/2) Sigma_t' s^-(j+2)`)
//! and checks that every coefficient of `dz/dt + (m1 - m0) s^-1 + G_t (x -
//! m_t) s^-3` is the zero polynomial, and that `Sigma_t > 0` on `[t0, t1]`
//! (Sturm). Then each component's residual is `phi(z)` times zero there, for
//! every `x`; the mixture's is their weighted sum (`F` and `v p` are sums over
//! the components), so it vanishes on the whole strip. By the implicit
//! function theorem the flow identity follows on the same strip.

use super::family::{GaussianComponent, OneDimError, OneDimPlan};
use super::transport::transport;
use crate::exact::{format_rational, Poly, Positivity, Q};
use crate::interval::{Interval, Jet};
use std::collections::BTreeMap;

fn components(plan: &OneDimPlan) -> Result<Vec<(Q, GaussianComponent)>, OneDimError> {
    match plan {
        OneDimPlan::Gaussian(g) => Ok(vec![(Q::from_integer(1.into()), g.clone())]),
        OneDimPlan::Mixture(c) => Ok(c.clone()),
        _ => Err(OneDimError::NotApplicable(
            "the flux and flow identities are checked for the Gaussian families".into(),
        )),
    }
}

/// `d/dt F_t(x)` of a component, by jets in `t`, over an interval of `x`.
fn time_derivative_of_cdf(
    g: &GaussianComponent,
    t: &Q,
    x: &Interval,
    prec: u32,
) -> Result<Interval, OneDimError> {
    // exact: an enclosure of sqrt(0) would only report a division by [0, 0]
    if num_traits::Zero::is_zero(&g.variance_at(t)) {
        return Err(OneDimError::Atomic(format!(
            "Sigma_t = 0 at t = {} (a component collapses to a point): F_t jumps there and has no time derivative",
            format_rational(t)
        )));
    }
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
    let z = Jet::constant(x.clone(), 1).sub(&mean).checked_div(&sigma)?;
    Ok(z.normal_cdf().grad[0].clone())
}

/// `d/dt F_t` of a plan over an interval of `x`.
fn time_derivative(plan: &OneDimPlan, t: &Q, x: &Interval) -> Result<Interval, OneDimError> {
    let prec = x.prec();
    let mut dfdt = Interval::from_i64(0, prec);
    for (w, g) in components(plan)? {
        dfdt = dfdt + Interval::from_rational(&w, prec) * time_derivative_of_cdf(&g, t, x, prec)?;
    }
    Ok(dfdt)
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
    let dfdt = time_derivative(plan, t, &Interval::from_rational(x, prec))?;
    let p = plan.values_at(t, x, prec)?.p.to_interval(prec);
    let other = field_of.values_at(t, x, prec)?;
    if field_of != plan {
        defined_at(&other.p.to_interval(prec))?;
    }
    Ok(dfdt + other.v.to_interval(prec) * p)
}

/// Another plan's field is defined only where its density is positive: a
/// value continued outside its support is no field value. An enclosure of
/// `p_t` that merely reaches 0 may narrow at a higher precision.
fn defined_at(p: &Interval) -> Result<(), OneDimError> {
    match p.is_positive() {
        crate::interval::Tri::True => Ok(()),
        crate::interval::Tri::False => Err(OneDimError::NotApplicable(format!(
            "the other plan's field is not defined here: its p_t = {p} (outside its support)"
        ))),
        crate::interval::Tri::Unknown => Err(OneDimError::Interval(
            crate::interval::IntervalError::DivisionByZero {
                divisor: format!(
                    "the other plan's p_t = {p}: not shown positive at this precision"
                ),
            },
        )),
    }
}

/// The enclosure of `d/dt Phi_t(x) - v_t(Phi_t(x))` at `(t, x)`, with `v`
/// from `field_of`; `d/dt Phi_t(x) = -(d/dt F_t)(y) / p_t(y)` at the
/// enclosure `y` of `Phi_t(x)`.
pub fn flow_residual_at(
    plan: &OneDimPlan,
    field_of: &OneDimPlan,
    t: &Q,
    x: &Q,
    prec: u32,
) -> Result<Interval, OneDimError> {
    components(plan)?;
    let y = transport(plan, t, x, prec)?.to_interval(prec);
    let dfdt = time_derivative(plan, t, &y)?;
    let p = plan.values_on(t, &y)?.p.to_interval(prec);
    let dphi = -dfdt.checked_div(&p)?;
    let other = field_of.values_on(t, &y)?;
    if field_of != plan {
        defined_at(&other.p.to_interval(prec))?;
    }
    Ok(dphi - other.v.to_interval(prec))
}

/// A polynomial in `x` with coefficients in `Q[t]`: `sum_i c_i(t) x^i`.
type XPoly = Vec<Poly>;

fn xpoly_add(a: &XPoly, b: &XPoly) -> XPoly {
    (0..a.len().max(b.len()))
        .map(|i| {
            let zero = Poly::new(vec![]);
            a.get(i).unwrap_or(&zero).add(b.get(i).unwrap_or(&zero))
        })
        .collect()
}

/// `sum_j e_j(t, x) s^-j` with `s = sqrt(Sigma_t)`.
#[derive(Debug, Clone, Default)]
struct InverseRootSeries(BTreeMap<u32, XPoly>);

impl InverseRootSeries {
    fn term(j: u32, e: XPoly) -> InverseRootSeries {
        InverseRootSeries(BTreeMap::from([(j, e)]))
    }

    fn add(&self, other: &InverseRootSeries) -> InverseRootSeries {
        let mut out = self.0.clone();
        for (j, e) in &other.0 {
            let sum = out.get(j).map_or_else(|| e.clone(), |f| xpoly_add(f, e));
            out.insert(*j, sum);
        }
        InverseRootSeries(out)
    }

    /// `d/dt`: `d/dt (e s^-j) = (de/dt) s^-j - (j/2) Sigma' e s^-(j+2)`.
    fn time_derivative(&self, sigma_prime: &Poly) -> InverseRootSeries {
        let mut out = InverseRootSeries::default();
        for (j, e) in &self.0 {
            let de: XPoly = e.iter().map(Poly::derivative).collect();
            let factor = sigma_prime.scale(&Q::new((-i64::from(*j)).into(), 2i64.into()));
            let shifted: XPoly = e.iter().map(|c| c.mul(&factor)).collect();
            out = out
                .add(&InverseRootSeries::term(*j, de))
                .add(&InverseRootSeries::term(j + 2, shifted));
        }
        out
    }

    /// The powers `j` whose coefficient is not the zero polynomial.
    fn nonzero_powers(&self) -> Vec<u32> {
        self.0
            .iter()
            .filter(|(_, e)| e.iter().any(|c| !c.is_zero()))
            .map(|(j, _)| *j)
            .collect()
    }
}

/// The powers `s^-j` with a nonzero coefficient in `(d/dt F + v p) / phi(z)`
/// for the component `g` and the field `v_t(x) = drift + (G_t / Sigma_t)(x -
/// m_t)` (the component's own field has `drift = m1 - m0`, `G_t` =
/// [`GaussianComponent::g_poly`]): empty when the identity holds.
pub fn residual_terms(g: &GaussianComponent, drift: &Q, g_t: &Poly) -> Vec<u32> {
    let sigma = g.variance_poly();
    let m = g.mean_poly();
    let centred: XPoly = vec![m.scale(&-Q::from_integer(1.into())), Poly::from_i64(&[1])];
    // z = (x - m_t) s^-1
    let z = InverseRootSeries::term(1, centred.clone());
    let dz = z.time_derivative(&sigma.derivative());
    // v p / phi(z) = drift s^-1 + G_t (x - m_t) s^-3
    let slope_term: XPoly = centred.iter().map(|c| c.mul(g_t)).collect();
    let flux = InverseRootSeries::term(1, vec![Poly::constant(drift.clone())])
        .add(&InverseRootSeries::term(3, slope_term));
    dz.add(&flux).nonzero_powers()
}

/// The symbolic certificate of the flux identity on `[t0, t1] x R`.
#[derive(Debug, Clone)]
pub struct FluxCertificate {
    /// Components checked.
    pub components: usize,
    /// Per component, the powers `s^-j` whose coefficient in the residual
    /// factor is not zero (empty: the identity holds for that component).
    pub nonzero_terms: Vec<Vec<u32>>,
    /// A component whose `Sigma_t` is not positive on `[t0, t1]`, with the
    /// rational interval where it fails.
    pub degenerate: Option<(usize, Q, Q)>,
}

impl FluxCertificate {
    /// Whether the identity is proven on the strip.
    pub fn holds(&self) -> bool {
        self.degenerate.is_none() && self.nonzero_terms.iter().all(Vec::is_empty)
    }

    /// Differentiates and checks each component of `plan` (Gaussian
    /// families) on `[t0, t1]`, with `0 <= t0 <= t1 <= 1`.
    pub fn for_plan(plan: &OneDimPlan, t0: &Q, t1: &Q) -> Result<FluxCertificate, OneDimError> {
        let comps = components(plan)?;
        let mut nonzero_terms = Vec::new();
        let mut degenerate = None;
        for (k, (_, g)) in comps.iter().enumerate() {
            let sigma = g.variance_poly();
            let width = Q::new(1.into(), 1_000_000.into());
            if let Positivity::FailsIn { lo, hi } = sigma.prove_positive_on(t0, t1, &width) {
                degenerate.get_or_insert((k, lo, hi));
            }
            nonzero_terms.push(residual_terms(g, &(&g.m1 - &g.m0), &g.g_poly()));
        }
        Ok(FluxCertificate {
            components: comps.len(),
            nonzero_terms,
            degenerate,
        })
    }

    /// Why the certificate fails, in words (`None` when it holds).
    pub fn failure(&self) -> Option<String> {
        if let Some((k, lo, hi)) = &self.degenerate {
            return Some(format!(
                "Sigma_t of component {} is not positive on [{}, {}]",
                k + 1,
                format_rational(lo),
                format_rational(hi)
            ));
        }
        self.nonzero_terms
            .iter()
            .position(|terms| !terms.is_empty())
            .map(|k| format!("the residual of component {} does not cancel", k + 1))
    }
}
