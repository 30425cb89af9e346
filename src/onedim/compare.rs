//! Same marginals, different plans (mathematics section 3): deciding
//! exactly that two plans have the same marginals, and certifying that
//! their fields differ at a rational `(t, x)` inside both supports
//! (`p_t(x) > 0` certified for both and disjoint enclosures of `v_t(x)`,
//! or, for discrete plans, a common atom of `p_t` with different exact
//! `v_t`). A field is defined only where its `p_t` is positive: a value
//! continued outside the support never separates two fields.
//!
//! Canonical forms: a Gaussian plan is a one-component mixture; mixture
//! components and atoms are merged when equal and sorted. Two plans are
//! equal iff their canonical forms are equal; two marginals likewise.

use super::family::{GaussianComponent, OneDimPlan};
use crate::exact::Q;
use crate::interval::{Interval, Tri};
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

/// Whether `other` (the plan an instance takes a field or a map from,
/// `None` for the plan itself) is the plan itself.
pub fn own_plan(plan: &OneDimPlan, other: Option<&OneDimPlan>) -> bool {
    other.is_none_or(|o| same_plan(o, plan))
}

/// Whether the two plans are the same plan (canonical forms equal).
pub fn same_plan(a: &OneDimPlan, b: &OneDimPlan) -> bool {
    canonical(a) == canonical(b)
}

/// A certified separation: a rational `(t, x)` inside the support of both
/// `p_t` where the two fields differ.
#[derive(Debug, Clone)]
pub enum Separation {
    /// `p_t(x) > 0` is certified for both plans and their `v_t(x)`
    /// enclosures are disjoint.
    Fields {
        /// The time.
        t: Q,
        /// The point.
        x: Q,
        /// `v_t(x)` of the first plan.
        first: Interval,
        /// `v_t(x)` of the second plan.
        second: Interval,
        /// `p_t(x)` of the first plan (its lower end is positive).
        first_density: Interval,
        /// `p_t(x)` of the second plan (its lower end is positive).
        second_density: Interval,
    },
    /// `x` is an atom of both `p_t` (discrete plans) and the fields there,
    /// exact means of `x1 - x0`, differ.
    Atoms {
        /// The time.
        t: Q,
        /// The common atom.
        x: Q,
        /// `v_t(x)` of the first plan.
        first: Q,
        /// `v_t(x)` of the second plan.
        second: Q,
    },
}

/// Times where two discrete plans may share an atom: the ends, a few fixed
/// times, and the times where an atom's line of the one crosses an atom's
/// line of the other, at most [`crate::limits::MAX_DISCRETE_TIMES`].
fn meeting_times(a: &[super::family::Atom], b: &[super::family::Atom]) -> Vec<Q> {
    let r = |n: i64, d: i64| Q::new(n.into(), d.into());
    let mut times = vec![
        r(0, 1),
        r(1, 1),
        r(1, 2),
        r(1, 3),
        r(2, 3),
        r(1, 4),
        r(3, 4),
    ];
    'pairs: for p in a {
        for q in b {
            if times.len() >= crate::limits::MAX_DISCRETE_TIMES {
                break 'pairs;
            }
            // (1-t) p.x0 + t p.x1 = (1-t) q.x0 + t q.x1
            let slope = (&p.x1 - &p.x0) - (&q.x1 - &q.x0);
            if slope.is_zero() {
                continue;
            }
            let t = (&q.x0 - &p.x0) / slope;
            if t >= Q::zero() && t <= Q::from_integer(1.into()) {
                times.push(t);
            }
        }
    }
    times.sort();
    times.dedup();
    times
}

/// Points where two continuous plans are compared at `t`: the grid
/// `-4, -15/4, ..., 4` and, for each component or support, its centre and
/// the centre plus or minus 1/2, 1 and 2 of its variance (rational, near
/// where the density is largest).
fn search_points(plans: [&OneDimPlan; 2], t: &Q) -> Vec<Q> {
    let r = |n: i64, d: i64| Q::new(n.into(), d.into());
    let mut xs: Vec<Q> = (-16..=16).map(|i| r(i, 4)).collect();
    for plan in plans {
        let centres: Vec<(Q, Q)> = match plan {
            OneDimPlan::IndependentUniform { a0, b0, a1, b1 } => {
                let u = Q::from_integer(1.into()) - t;
                let lo = &u * a0 + t * a1;
                let hi = &u * b0 + t * b1;
                vec![((&lo + &hi) / r(2, 1), (hi - lo) / r(4, 1))]
            }
            _ => components(plan)
                .unwrap_or_default()
                .iter()
                .map(|(_, g)| (g.mean_at(t), g.variance_at(t)))
                .collect(),
        };
        for (m, s) in centres {
            for k in [0, 1, -1, 2, -2, 4, -4] {
                xs.push(&m + &s * r(k, 2));
            }
        }
    }
    xs
}

/// Searches a rational `(t, x)` inside the support of both `p_t` where the
/// two fields provably differ. Two discrete plans: a common atom of `p_t`
/// with different exact `v_t` (times where atoms of the two can meet).
/// Two continuous plans: `t` in `{1/2, 1/3, 2/3, 1/4, 3/4}` and the points
/// of `search_points`, with `p_t(x) > 0` certified for both and disjoint
/// enclosures of `v_t(x)`. A discrete plan against a continuous one has no
/// common support point: none.
pub fn separation_witness(a: &OneDimPlan, b: &OneDimPlan, prec: u32) -> Option<Separation> {
    match (a, b) {
        (OneDimPlan::Discrete(pa), OneDimPlan::Discrete(pb)) => {
            for t in meeting_times(pa, pb) {
                let (first, second) = (a.atoms_at(&t).ok()?, b.atoms_at(&t).ok()?);
                for u in &first {
                    if let Some(w) = second.iter().find(|w| w.x == u.x) {
                        if w.v != u.v {
                            return Some(Separation::Atoms {
                                t,
                                x: u.x.clone(),
                                first: u.v.clone(),
                                second: w.v.clone(),
                            });
                        }
                    }
                }
            }
            None
        }
        (OneDimPlan::Discrete(_), _) | (_, OneDimPlan::Discrete(_)) => None,
        _ => {
            let r = |n: i64, d: i64| Q::new(n.into(), d.into());
            for t in [r(1, 2), r(1, 3), r(2, 3), r(1, 4), r(3, 4)] {
                for x in search_points([a, b], &t) {
                    let (Ok(va), Ok(vb)) = (a.values_at(&t, &x, prec), b.values_at(&t, &x, prec))
                    else {
                        continue;
                    };
                    let (pa, pb) = (va.p.to_interval(prec), vb.p.to_interval(prec));
                    if pa.is_positive() != Tri::True || pb.is_positive() != Tri::True {
                        continue;
                    }
                    let (ia, ib) = (va.v.to_interval(prec), vb.v.to_interval(prec));
                    if ia.is_disjoint_from(&ib) {
                        return Some(Separation::Fields {
                            t,
                            x,
                            first: ia,
                            second: ib,
                            first_density: pa,
                            second_density: pb,
                        });
                    }
                }
            }
            None
        }
    }
}

/// `max |F_t(Phi_t(x)) - F_0(x)|` over the points, enclosed (the transport
/// identity), with the enclosures of `Phi_t(x)` it used; the map may come
/// from another plan (a negative control).
pub fn transport_residual(
    plan: &OneDimPlan,
    map_of: &OneDimPlan,
    t: &Q,
    xs: &[Q],
    prec: u32,
) -> Result<(Interval, Vec<Interval>), super::family::OneDimError> {
    let mut worst = Interval::from_i64(0, prec);
    let mut phis = Vec::with_capacity(xs.len());
    for x in xs {
        let at = |e: super::family::OneDimError| e.at_point(x);
        let phi = super::transport::transport(map_of, t, x, prec)
            .map_err(at)?
            .to_interval(prec);
        // F only: v_t is not needed and cannot be enclosed where p_t underflows
        let lhs = plan.density_and_cdf_on(t, &phi).map_err(at)?.1;
        let rhs = plan
            .density_and_cdf_on(&Q::zero(), &Interval::from_rational(x, prec))
            .map_err(at)?
            .1;
        worst = worst.max_of(&(lhs - rhs).abs());
        phis.push(phi);
    }
    Ok((worst, phis))
}
