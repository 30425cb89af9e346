//! Straight paths of the optimal plan, and the deterministic-plan lemma
//! (docs/mathematics.md sections 2 and 6).
//!
//! Contract. *Straight paths*: for `T` symmetric positive definite, the
//! plan `C = S00 T`, `S11 = T S00 T` (the optimal map `x -> m1 + T(x - m0)`)
//! has `Sigma_t = M_t S00 M_t^T` and `G_t = (T - I) S00 M_t^T` with
//! `M_t = (1-t) I + t T`, as polynomial identities in `t`; hence
//! `A_t M_t = T - I` and `v_t(m_t + M_t (x - m0)) = (m1 - m0) + (T - I)(x - m0)`
//! for every `t` and `x`: each particle moves on a straight line at constant
//! speed. [`straight_path_residuals`] returns both polynomial residuals.
//!
//! *Deterministic plans*: the field at `t = 0` gives
//! `E[X1 | X0 = x] = (A_0 + I) x + b_0`; the second moments of `p1` then give
//! `tr Var(X1 | X0) = E|X1|^2 - E|(A_0 + I) X0 + b_0|^2`. It is zero exactly
//! when `X1 = (A_0 + I) X0 + b_0`, and then every plan with the same
//! marginals and the same field at `t = 0` is this one
//! ([`deterministic_residual`]).

use super::field::FieldError;
use super::plan::{plan_error, GaussianPlan, PlanError};
use crate::exact::Q;
use crate::exact::{definiteness, PolyMatrix, QMatrix};
use num_traits::Zero;

/// The optimal (straight-path) plan with map `x -> m1 + T (x - m0)`.
pub fn optimal_plan(
    m0: Vec<Q>,
    m1: Vec<Q>,
    s00: QMatrix,
    map: &QMatrix,
) -> Result<GaussianPlan, PlanError> {
    if !map.is_square() || map.rows() != s00.rows() {
        return Err(plan_error(
            "map",
            "expected a square matrix of the dimension of s00",
        ));
    }
    if !map.is_symmetric() || !definiteness(map).expect("symmetric").is_definite() {
        return Err(plan_error(
            "map",
            "the optimal map T must be symmetric positive definite",
        ));
    }
    let c = s00.mul(map).map_err(|e| plan_error("s00", e.to_string()))?;
    let s11 = map.mul(&c).expect("square");
    GaussianPlan::new(m0, m1, s00, s11, c)
}

/// `M_t = (1-t) I + t T` as a polynomial matrix.
fn interpolating_map(map: &QMatrix) -> PolyMatrix {
    let id = QMatrix::identity(map.rows());
    PolyMatrix::from_coefficients(&[&id, &map.sub(&id).expect("square")])
}

/// `Sigma_t - M_t S00 M_t^T` and `G_t - (T - I) S00 M_t^T`, polynomial
/// matrices in `t`: both zero iff the plan moves every particle on the
/// straight line of the map `T`.
pub fn straight_path_residuals(plan: &GaussianPlan, map: &QMatrix) -> (PolyMatrix, PolyMatrix) {
    let m = interpolating_map(map);
    let s00 = PolyMatrix::from_coefficients(&[plan.s00()]);
    let t_minus_i =
        PolyMatrix::from_coefficients(&[&map.sub(&QMatrix::identity(map.rows())).expect("square")]);
    let sigma = m.mul(&s00).mul(&m.transpose());
    let g = t_minus_i.mul(&s00).mul(&m.transpose());
    (plan.sigma_poly().sub(&sigma), plan.g_poly().sub(&g))
}

/// `v_t(m_t + M_t (x - m0)) - ((m1 - m0) + (T - I)(x - m0))` at rational
/// `t` and `x`: the zero vector on a straight path.
pub fn straight_path_velocity_residual(
    plan: &GaussianPlan,
    map: &QMatrix,
    t: &Q,
    x: &[Q],
) -> Result<Vec<Q>, FieldError> {
    let f = plan.field_at(t)?;
    let dx: Vec<Q> = x.iter().zip(plan.m0()).map(|(a, b)| a - b).collect();
    let m_t = interpolating_map(map).eval(t);
    let moved = m_t.mul_vec(&dx).map_err(|_| FieldError::PointDimension {
        expected: plan.dim(),
        found: x.len(),
    })?;
    let point: Vec<Q> = f.m_t.iter().zip(&moved).map(|(a, b)| a + b).collect();
    let v = f.velocity(&point)?;
    let tdx = map
        .sub(&QMatrix::identity(plan.dim()))
        .expect("square")
        .mul_vec(&dx)
        .expect("dimension");
    Ok(v.iter()
        .zip(plan.m1().iter().zip(plan.m0()))
        .zip(&tdx)
        .map(|((v, (m1, m0)), w)| v - (m1 - m0 + w))
        .collect())
}

/// The deterministic-plan check of docs/mathematics.md section 6.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Determinism {
    /// `A_0 + I`: `E[X1 | X0 = x] = map x + shift`.
    pub map: QMatrix,
    /// `b_0`.
    pub shift: Vec<Q>,
    /// `tr Var(X1 | X0) = E|X1|^2 - E|map X0 + shift|^2`: zero iff the plan
    /// is deterministic, and then unique given its marginals and `v_0`.
    pub residual: Q,
}

/// Computes [`Determinism`] from the field at `t = 0` and the second
/// moments of the marginals (needs `S00` positive definite, so that `v_0`
/// is defined).
pub fn deterministic_residual(plan: &GaussianPlan) -> Result<Determinism, FieldError> {
    let f = plan.field_at(&Q::zero())?;
    let map = f.a_t.add(&QMatrix::identity(plan.dim())).expect("square");
    let shift = f.b_t.clone();
    let sq = |v: &[Q]| -> Q { v.iter().map(|x| x * x).sum() };
    let trace = |m: &QMatrix| -> Q { (0..m.rows()).map(|i| m[(i, i)].clone()).sum() };
    let second_x1 = trace(plan.s11()) + sq(plan.m1());
    let pushed = map
        .mul(plan.s00())
        .and_then(|m| m.mul(&map.transpose()))
        .expect("square");
    let mean: Vec<Q> = map
        .mul_vec(plan.m0())
        .expect("dimension")
        .iter()
        .zip(&shift)
        .map(|(a, b)| a + b)
        .collect();
    let residual = second_x1 - (trace(&pushed) + sq(&mean));
    Ok(Determinism {
        map,
        shift,
        residual,
    })
}
