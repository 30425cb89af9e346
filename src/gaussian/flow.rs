//! The flow of a one-dimensional Gaussian plan (docs/mathematics.md section 2, "In
//! D = 1").
//!
//! Contract: `Phi_t(x) = m_t + (sigma_t / sigma_0)(x - m0)` with
//! `sigma_t = sqrt(Sigma_t)`, enclosed with outward rounding at every step.
//! Its time-one map `m1 + sqrt(s11 / s00)(x - m0)` involves only the end
//! laws: it is the same for every correlation, while the field `a_t`
//! (exact) depends on `c`. [`same_map_different_fields`] checks both facts
//! exactly for two plans.

use super::field::{check_time, FieldError};
use super::plan::GaussianPlan;
use crate::exact::Q;
use crate::interval::{Interval, IntervalError};

/// Why the flow cannot be enclosed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FlowError {
    /// The plan is not one-dimensional.
    #[error("the flow formula is for D = 1; the plan has D = {0}")]
    NotOneDimensional(usize),
    /// `sigma_0 = 0` or `Sigma_t = 0`: the flow is not defined.
    #[error("the flow is not defined: {0}")]
    Undefined(String),
    /// A bad time.
    #[error("{0}")]
    Field(#[from] FieldError),
}

/// Encloses `Phi_t(x)` at `prec` bits.
pub fn flow_1d(plan: &GaussianPlan, t: &Q, x: &Q, prec: u32) -> Result<Interval, FlowError> {
    if plan.dim() != 1 {
        return Err(FlowError::NotOneDimensional(plan.dim()));
    }
    check_time(t)?;
    let var_t = Interval::from_rational(&plan.sigma_at(t)[(0, 0)], prec);
    let var_0 = Interval::from_rational(&plan.s00()[(0, 0)], prec);
    let undefined = |e: IntervalError| FlowError::Undefined(e.to_string());
    let ratio = var_t
        .checked_div(&var_0)
        .map_err(undefined)?
        .sqrt()
        .map_err(undefined)?;
    let m_t = Interval::from_rational(&plan.mean_at(t)[0], prec);
    let dx = Interval::from_rational(&(x - &plan.m0()[0]), prec);
    Ok(m_t + ratio * dx)
}

/// Checks exactly that two one-dimensional plans with the same end laws
/// have the same time-one map (it depends on `m0, m1, s00, s11` only) and
/// different fields at `t`: returns `(a_t, a'_t)` when they differ.
pub fn same_map_different_fields(
    a: &GaussianPlan,
    b: &GaussianPlan,
    t: &Q,
) -> Result<Option<(Q, Q)>, FlowError> {
    for p in [a, b] {
        if p.dim() != 1 {
            return Err(FlowError::NotOneDimensional(p.dim()));
        }
    }
    if a.m0() != b.m0() || a.m1() != b.m1() || a.s00() != b.s00() || a.s11() != b.s11() {
        return Err(FlowError::Undefined(
            "the two plans have different end laws".into(),
        ));
    }
    let fa = a.field_at(t)?;
    let fb = b.field_at(t)?;
    let (x, y) = (fa.a_t[(0, 0)].clone(), fb.a_t[(0, 0)].clone());
    Ok((x != y).then_some((x, y)))
}
