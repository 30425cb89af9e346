//! Same marginals, different plans (MATH.md section 3): deciding exactly
//! that two plans have the same marginals, and certifying that their fields
//! differ at a rational `(t, x)` (disjoint enclosures of `v_t(x)`, or, for
//! discrete plans, different atoms of `p_t`).
//!
//! Canonical forms: a Gaussian plan is a one-component mixture; mixture
//! components and atoms are merged when equal and sorted. Two plans are
//! equal iff their canonical forms are equal; two marginals likewise.

use super::family::{GaussianComponent, OneDimPlan};
use crate::exact::Q;
use crate::interval::Interval;
use num_traits::Zero;

/// A canonical marginal law.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Marginal {
    /// `sum w N(m, s)`: sorted `(m, s, w)`, equal `(m, s)` merged.
    Gaussians(Vec<(Q, Q, Q)>),
    /// Sorted atoms `(x, w)`, equal positions merged.
    Atoms(Vec<(Q, Q)>),
    /// `U[a, b]`.
    Uniform(Q, Q),
}

fn merge<K: Ord + Clone>(mut items: Vec<(K, Q)>) -> Vec<(K, Q)> {
    items.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out: Vec<(K, Q)> = Vec::new();
    for (k, w) in items {
        match out.last_mut() {
            Some(last) if last.0 == k => last.1 += w,
            _ => out.push((k, w)),
        }
    }
    out
}

fn components(plan: &OneDimPlan) -> Option<Vec<(Q, GaussianComponent)>> {
    match plan {
        OneDimPlan::Gaussian(g) => Some(vec![(Q::from_integer(1.into()), g.clone())]),
        OneDimPlan::Mixture(c) => Some(c.clone()),
        _ => None,
    }
}

fn marginals(plan: &OneDimPlan) -> (Marginal, Marginal) {
    if let Some(c) = components(plan) {
        let side = |f: &dyn Fn(&GaussianComponent) -> (Q, Q)| {
            Marginal::Gaussians(
                merge(c.iter().map(|(w, g)| (f(g), w.clone())).collect())
                    .into_iter()
                    .map(|((m, s), w)| (m, s, w))
                    .collect(),
            )
        };
        return (
            side(&|g| (g.m0.clone(), g.s00.clone())),
            side(&|g| (g.m1.clone(), g.s11.clone())),
        );
    }
    match plan {
        OneDimPlan::Discrete(atoms) => (
            Marginal::Atoms(merge(
                atoms
                    .iter()
                    .map(|a| (a.x0.clone(), a.weight.clone()))
                    .collect(),
            )),
            Marginal::Atoms(merge(
                atoms
                    .iter()
                    .map(|a| (a.x1.clone(), a.weight.clone()))
                    .collect(),
            )),
        ),
        OneDimPlan::IndependentUniform { a0, b0, a1, b1 } => (
            Marginal::Uniform(a0.clone(), b0.clone()),
            Marginal::Uniform(a1.clone(), b1.clone()),
        ),
        _ => unreachable!("Gaussian families handled above"),
    }
}

/// Whether the two plans have the same marginals `p0`, `p1`, decided exactly.
pub fn same_marginals(a: &OneDimPlan, b: &OneDimPlan) -> bool {
    marginals(a) == marginals(b)
}

/// The canonical form of a whole plan, for deciding plan equality.
fn canonical(plan: &OneDimPlan) -> Vec<String> {
    let key = |g: &GaussianComponent| format!("{}|{}|{}|{}|{}", g.m0, g.m1, g.s00, g.s11, g.c);
    match plan {
        OneDimPlan::Discrete(atoms) => merge(
            atoms
                .iter()
                .map(|a| ((a.x0.clone(), a.x1.clone()), a.weight.clone()))
                .collect(),
        )
        .into_iter()
        .map(|((x0, x1), w)| format!("atom {x0} {x1} {w}"))
        .collect(),
        OneDimPlan::IndependentUniform { a0, b0, a1, b1 } => {
            vec![format!("uniform {a0} {b0} {a1} {b1}")]
        }
        _ => merge(
            components(plan)
                .expect("Gaussian family")
                .iter()
                .map(|(w, g)| (key(g), w.clone()))
                .collect(),
        )
        .into_iter()
        .map(|(k, w)| format!("gaussian {k} {w}"))
        .collect(),
    }
}

/// Whether the two plans are the same plan (canonical forms equal).
pub fn same_plan(a: &OneDimPlan, b: &OneDimPlan) -> bool {
    canonical(a) == canonical(b)
}

/// A certified separation: a rational `(t, x)` where the fields differ.
#[derive(Debug, Clone)]
pub enum Separation {
    /// `v_t(x)` enclosures are disjoint.
    Fields {
        /// The time.
        t: Q,
        /// The point.
        x: Q,
        /// `v_t(x)` of the first plan.
        first: Interval,
        /// `v_t(x)` of the second plan.
        second: Interval,
    },
    /// The atoms of `p_t` differ (discrete plans), exactly.
    Densities {
        /// The time.
        t: Q,
    },
}

/// Searches a rational `(t, x)` where the two fields provably differ: `t`
/// in `{1/2, 1/3, 2/3, 1/4, 3/4}`, `x` on the grid `-4, -15/4, ..., 4`.
pub fn separation_witness(a: &OneDimPlan, b: &OneDimPlan, prec: u32) -> Option<Separation> {
    let r = |n: i64, d: i64| Q::new(n.into(), d.into());
    let times = [r(1, 2), r(1, 3), r(2, 3), r(1, 4), r(3, 4)];
    if let (OneDimPlan::Discrete(_), OneDimPlan::Discrete(_)) = (a, b) {
        for t in times {
            if a.atoms_at(&t).ok()? != b.atoms_at(&t).ok()? {
                return Some(Separation::Densities { t });
            }
        }
        return None;
    }
    for t in &times {
        for i in -16..=16 {
            let x = r(i, 4);
            let (Ok(va), Ok(vb)) = (a.values_at(t, &x, prec), b.values_at(t, &x, prec)) else {
                continue;
            };
            let (ia, ib) = (va.v.to_interval(prec), vb.v.to_interval(prec));
            if ia.is_disjoint_from(&ib) {
                return Some(Separation::Fields {
                    t: t.clone(),
                    x,
                    first: ia,
                    second: ib,
                });
            }
        }
    }
    None
}

/// `max |F_t(Phi_t(x)) - F_0(x)|` over the points, enclosed (the transport
/// identity); the map may come from another plan (a negative control).
pub fn transport_residual(
    plan: &OneDimPlan,
    map_of: &OneDimPlan,
    t: &Q,
    xs: &[Q],
    prec: u32,
) -> Result<Interval, super::family::OneDimError> {
    let mut worst = Interval::from_i64(0, prec);
    for x in xs {
        let phi = super::transport::transport(map_of, t, x, prec)?.to_interval(prec);
        let lhs = plan.values_on(t, &phi)?.f.to_interval(prec);
        let rhs = plan.values_at(&Q::zero(), x, prec)?.f.to_interval(prec);
        let d = (lhs - rhs).abs();
        worst = worst.max_of(&d);
    }
    Ok(worst)
}
