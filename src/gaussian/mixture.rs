//! Mixtures of Gaussian plans in any dimension (docs/mathematics.md section 8):
//! the law of `(X0, X1)` is `sum_k w_k N(mu_k, Gamma_k)`, each component a
//! [`GaussianPlan`], the weights exact, positive, summing to 1.
//!
//! Contract. Each component's `X_t` law is `N(m_t^k, Sigma_t^k)`; the
//! mixture's density and field are
//! `p_t(x) = sum_k w_k p_t^k(x)` and
//! `v_t(x) = sum_k pi_k(x) v_t^k(x)` with `pi_k = w_k p_t^k / p_t` and
//! `v_t^k(x) = (m1^k - m0^k) + A_t^k (x - m_t^k)` (conditioning on the
//! component). [`MixtureAt::values`] encloses `p_t`, `d/dt p_t`,
//! `grad p_t`, `v_t` and `div v_t` at a point or over a box of `x`, at a
//! rational `t`: everything of a component at `t` is exact over Q
//! (`Sigma_t^{-1}`, `A_t`, `d/dt Sigma_t`, `det Sigma_t`), the rest is
//! interval arithmetic with outward rounding. The sum over components is a
//! log-sum-exp: each `ln(w_k p_t^k)` is enclosed and the term of the
//! component `j` with the largest upper end is factored out (its own term
//! is exactly 1), so the posterior weights never underflow however far in
//! the tails `x` is. A time at which some
//! `Sigma_t^k` is singular has no density: [`FieldError::SingularSigma`].
//!
//! The marginals `p0`, `p1` of a mixture are mixtures of Gaussian laws;
//! finite mixtures of distinct Gaussian laws are identifiable, so
//! [`GaussianMixture::same_marginals`] decides equality exactly by merging
//! equal components and comparing the weights.

use super::field::{check_time, mean_between, FieldError};
use super::plan::GaussianPlan;
use crate::exact::{MatrixError, QMatrix, Q};
use crate::input::{InputError, Table};
use crate::interval::{Interval, IntervalError, Tri};
use crate::limits::{MAX_MIXTURE_COMPONENTS, MAX_MIXTURE_DIMENSION};
use num_traits::{One, Signed};
use std::collections::BTreeMap;

/// A mixture of Gaussian plans of one dimension `D`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GaussianMixture {
    components: Vec<(Q, GaussianPlan)>,
}

/// Why a list of components is not a mixture.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MixtureError {
    /// No component, or more than the limit.
    #[error("expected 1 to {MAX_MIXTURE_COMPONENTS} components, found {0}")]
    Count(usize),
    /// A weight that is not positive.
    #[error("component {0}: a weight must be positive")]
    Weight(usize),
    /// The weights do not sum to 1.
    #[error("the weights sum to {0}, not 1")]
    Sum(String),
    /// Components of different dimensions, or above the limit.
    #[error("component {index}: dimension {found}, expected {expected}")]
    Dimension {
        /// The component.
        index: usize,
        /// Its dimension.
        found: usize,
        /// The first component's (or the limit).
        expected: usize,
    },
}

impl GaussianMixture {
    /// A validated mixture: 1 to [`MAX_MIXTURE_COMPONENTS`] components of
    /// one dimension at most [`MAX_MIXTURE_DIMENSION`], positive weights
    /// summing to 1.
    pub fn new(components: Vec<(Q, GaussianPlan)>) -> Result<GaussianMixture, MixtureError> {
        if components.is_empty() || components.len() > MAX_MIXTURE_COMPONENTS {
            return Err(MixtureError::Count(components.len()));
        }
        let dim = components[0].1.dim();
        for (i, (w, p)) in components.iter().enumerate() {
            if !w.is_positive() {
                return Err(MixtureError::Weight(i));
            }
            if p.dim() != dim || dim > MAX_MIXTURE_DIMENSION {
                return Err(MixtureError::Dimension {
                    index: i,
                    found: p.dim(),
                    expected: dim.min(MAX_MIXTURE_DIMENSION),
                });
            }
        }
        let total: Q = components.iter().map(|(w, _)| w).sum();
        if total != Q::one() {
            return Err(MixtureError::Sum(crate::exact::format_rational(&total)));
        }
        Ok(GaussianMixture { components })
    }

    /// The one-component mixture of a Gaussian plan.
    pub fn of_plan(plan: &GaussianPlan) -> GaussianMixture {
        GaussianMixture {
            components: vec![(Q::one(), plan.clone())],
        }
    }

    /// Reads `kind = "gaussian-mixture"` with `[[component]]` tables of
    /// `weight`, `m0`, `m1`, `s00`, `s11`, `c` (vectors and matrices, or
    /// scalars in `D = 1`); errors name the file, line and field.
    pub fn from_table(table: &Table<'_>) -> Result<GaussianMixture, InputError> {
        table.deny_unknown_keys(&["kind", "component"])?;
        let kind = table.require("kind")?;
        if kind.string()? != "gaussian-mixture" {
            return Err(kind.error("expected kind = \"gaussian-mixture\""));
        }
        let field = table.require("component")?;
        let tables = field.tables()?;
        if tables.is_empty() || tables.len() > MAX_MIXTURE_COMPONENTS {
            return Err(field.error(format!("expected 1 to {MAX_MIXTURE_COMPONENTS} components")));
        }
        let mut components = Vec::with_capacity(tables.len());
        for t in &tables {
            let weight = t.require("weight")?;
            let w = weight.number()?;
            if !w.is_positive() {
                return Err(weight.error("a weight must be positive"));
            }
            let plan = GaussianPlan::from_fields(t, &["weight"])?;
            if let Some((_, first)) = components.first() {
                let first: &GaussianPlan = first;
                if plan.dim() != first.dim() {
                    return Err(t.require("m0")?.error(format!(
                        "dimension {}, the first component's is {}",
                        plan.dim(),
                        first.dim()
                    )));
                }
            }
            if plan.dim() > MAX_MIXTURE_DIMENSION {
                return Err(t.require("m0")?.error(format!(
                    "dimension {}, above the limit {MAX_MIXTURE_DIMENSION} of mixtures",
                    plan.dim()
                )));
            }
            components.push((w, plan));
        }
        GaussianMixture::new(components).map_err(|e| field.error(e.to_string()))
    }

    /// Reads a plan file's table of `kind = "gaussian"` (one component) or
    /// `kind = "gaussian-mixture"`, any dimension.
    pub fn from_plan_table(table: &Table<'_>) -> Result<GaussianMixture, InputError> {
        let kind = table.require("kind")?;
        match kind.string()? {
            "gaussian" => Ok(GaussianMixture::of_plan(&GaussianPlan::from_table(table)?)),
            "gaussian-mixture" => GaussianMixture::from_table(table),
            other => Err(kind.error(format!(
                "kind `{other}`: expected gaussian or gaussian-mixture"
            ))),
        }
    }

    /// The dimension `D`.
    pub fn dim(&self) -> usize {
        self.components[0].1.dim()
    }

    /// The weights and the components.
    pub fn components(&self) -> &[(Q, GaussianPlan)] {
        &self.components
    }

    /// Whether the two mixtures have the same `p0` and the same `p1`,
    /// decided exactly (identifiability of finite Gaussian mixtures).
    pub fn same_marginals(&self, other: &GaussianMixture) -> bool {
        let end = |m: &GaussianMixture, which: fn(&GaussianPlan) -> (Vec<Q>, QMatrix)| {
            merged(m.components.iter().map(|(w, p)| {
                let (mean, cov) = which(p);
                (w.clone(), (mean, cov.entries().to_vec()))
            }))
        };
        let start = |p: &GaussianPlan| (p.m0().to_vec(), p.s00().clone());
        let finish = |p: &GaussianPlan| (p.m1().to_vec(), p.s11().clone());
        end(self, start) == end(other, start) && end(self, finish) == end(other, finish)
    }

    /// Whether the two mixtures are the same law of `(X0, X1)` (then they
    /// have the same field), decided exactly.
    pub fn same_plan(&self, other: &GaussianMixture) -> bool {
        let joint = |m: &GaussianMixture| {
            merged(m.components.iter().map(|(w, p)| {
                let mean = [p.m0(), p.m1()].concat();
                (w.clone(), (mean, p.joint_covariance().entries().to_vec()))
            }))
        };
        joint(self) == joint(other)
    }

    /// The mixture at a rational `t` in `[0, 1]`, every component's exact
    /// part computed once, for values at many points at `prec` bits.
    pub fn at(&self, t: &Q, prec: u32) -> Result<MixtureAt, FieldError> {
        check_time(t)?;
        let dim = self.dim();
        let ln_two_pi = (&Interval::pi(prec) * &Interval::from_i64(2, prec))
            .ln()
            .expect("2 pi > 0");
        let half_d = Interval::from_rational(&Q::new((dim as i64).into(), 2.into()), prec);
        let mut components = Vec::with_capacity(self.components.len());
        for (w, plan) in &self.components {
            let sigma = plan.sigma_at(t);
            let inverse = sigma.inverse().map_err(|e| match e {
                MatrixError::Singular { rank, .. } => {
                    FieldError::SingularSigma { t: t.clone(), rank }
                }
                e => unreachable!("square by construction: {e}"),
            })?;
            let det = sigma.det().expect("square");
            let g = plan.g_at(t);
            let a = g.mul(&inverse).expect("square");
            let sigma_dot = plan.sigma_poly().derivative().eval(t);
            let trace = |m: &QMatrix| -> Q { (0..dim).map(|i| m.row(i)[i].clone()).sum() };
            let trace_q_sigma_dot = trace(&inverse.mul(&sigma_dot).expect("square"));
            let drift: Vec<Q> = plan
                .m1()
                .iter()
                .zip(plan.m0())
                .map(|(a, b)| a - b)
                .collect();
            // ln w - D/2 ln(2 pi) - 1/2 ln det Sigma_t
            let ln_det = Interval::from_rational(&det, prec)
                .ln()
                .expect("det Sigma_t > 0 when Sigma_t is invertible and PSD");
            let log_scale = Interval::from_rational(w, prec).ln().expect("w > 0")
                - &half_d * &ln_two_pi
                - ln_det.mul_pow2(-1);
            components.push(ComponentAt {
                log_scale,
                m_t: intervals(&mean_between(plan.m0(), plan.m1(), t), prec),
                inverse: interval_matrix(&inverse, prec),
                a: interval_matrix(&a, prec),
                sigma_dot: interval_matrix(&sigma_dot, prec),
                drift: intervals(&drift, prec),
                trace_a: Interval::from_rational(&trace(&a), prec),
                half_trace_q_sigma_dot: Interval::from_rational(
                    &(trace_q_sigma_dot / Q::from_integer(2.into())),
                    prec,
                ),
            });
        }
        Ok(MixtureAt {
            components,
            dim,
            prec,
        })
    }
}

/// A rational `(t, x)` where two mixtures' fields are certified to differ:
/// both densities enclosed away from 0 (the point is inside both supports)
/// and, in some coordinate, disjoint enclosures of the two fields.
#[derive(Debug, Clone, PartialEq)]
pub struct MixtureSeparation {
    /// The time.
    pub t: Q,
    /// The point.
    pub x: Vec<Q>,
    /// The first mixture's `p_t(x)` and `v_t(x)`.
    pub first: MixtureValues,
    /// The second mixture's.
    pub second: MixtureValues,
}

/// How many points [`GaussianMixture::separating_point`] tries at each time.
const SEPARATION_CANDIDATES: usize = 256;

impl GaussianMixture {
    /// A rational `(t, x)` where the fields of `self` and `other` (of one
    /// dimension) are certified different at `prec` bits, searched at the
    /// times 1/2, 1/3, 2/3, 1/4, 3/4 over each component's mean `m_t` and
    /// its unit offsets along the axes (at the mean a component's own field
    /// is its drift: the offsets see its slope `A_t`); `None` when no
    /// candidate separates. The search decides nothing about the
    /// preconditions (same marginals, different plans).
    pub fn separating_point(
        &self,
        other: &GaussianMixture,
        prec: u32,
    ) -> Option<MixtureSeparation> {
        if self.dim() != other.dim() {
            return None;
        }
        let r = |n: i64, d: i64| Q::new(n.into(), d.into());
        for t in [r(1, 2), r(1, 3), r(2, 3), r(1, 4), r(3, 4)] {
            let (Ok(a), Ok(b)) = (self.at(&t, prec), other.at(&t, prec)) else {
                continue;
            };
            for x in separation_candidates([self, other], &t) {
                let (Ok(first), Ok(second)) = (a.at_point(&x), b.at_point(&x)) else {
                    continue;
                };
                let inside = |v: &MixtureValues| v.density.is_positive() == Tri::True;
                let differ = first
                    .velocity
                    .iter()
                    .zip(&second.velocity)
                    .any(|(u, w)| u.is_disjoint_from(w));
                if inside(&first) && inside(&second) && differ {
                    return Some(MixtureSeparation {
                        t,
                        x,
                        first,
                        second,
                    });
                }
            }
        }
        None
    }
}

/// The candidate points of the separation search at `t`: every component's
/// `m_t`, then `m_t +- e_i`, at most [`SEPARATION_CANDIDATES`].
fn separation_candidates(mixtures: [&GaussianMixture; 2], t: &Q) -> Vec<Vec<Q>> {
    let means: Vec<Vec<Q>> = mixtures
        .iter()
        .flat_map(|m| m.components.iter())
        .map(|(_, p)| mean_between(p.m0(), p.m1(), t))
        .collect();
    let mut out = means.clone();
    for m in &means {
        for i in 0..m.len() {
            for step in [Q::one(), -Q::one()] {
                let mut x = m.clone();
                x[i] += &step;
                out.push(x);
            }
        }
    }
    out.dedup();
    out.truncate(SEPARATION_CANDIDATES);
    out
}

/// The weights of equal components summed: a finite measure on the
/// components, compared exactly.
fn merged<K: Ord>(items: impl Iterator<Item = (Q, K)>) -> BTreeMap<K, Q> {
    let mut out: BTreeMap<K, Q> = BTreeMap::new();
    for (w, key) in items {
        *out.entry(key).or_default() += w;
    }
    out
}

fn intervals(v: &[Q], prec: u32) -> Vec<Interval> {
    v.iter().map(|q| Interval::from_rational(q, prec)).collect()
}

fn interval_matrix(m: &QMatrix, prec: u32) -> Vec<Vec<Interval>> {
    (0..m.rows()).map(|i| intervals(m.row(i), prec)).collect()
}

fn mat_vec(m: &[Vec<Interval>], v: &[Interval]) -> Vec<Interval> {
    m.iter().map(|row| dot(row, v)).collect()
}

fn dot(a: &[Interval], b: &[Interval]) -> Interval {
    let mut s = &a[0] * &b[0];
    for (x, y) in a.iter().zip(b).skip(1) {
        s += &(x * y);
    }
    s
}

/// One component at one time: its exact quantities as point intervals.
#[derive(Debug, Clone)]
struct ComponentAt {
    /// `ln w - D/2 ln(2 pi) - 1/2 ln det Sigma_t`.
    log_scale: Interval,
    m_t: Vec<Interval>,
    /// `Sigma_t^{-1}`.
    inverse: Vec<Vec<Interval>>,
    /// `A_t = G_t Sigma_t^{-1}`.
    a: Vec<Vec<Interval>>,
    /// `d/dt Sigma_t`.
    sigma_dot: Vec<Vec<Interval>>,
    /// `m1 - m0 = d/dt m_t`.
    drift: Vec<Interval>,
    trace_a: Interval,
    /// `tr(Sigma_t^{-1} d/dt Sigma_t) / 2`.
    half_trace_q_sigma_dot: Interval,
}

/// A component's terms at `x`: `ln(w p^k)`, its gradient and time
/// derivative, its field.
struct Terms {
    log_density: Interval,
    grad_log: Vec<Interval>,
    dt_log: Interval,
    velocity: Vec<Interval>,
}

impl ComponentAt {
    fn terms(&self, x: &[Interval]) -> Terms {
        let d: Vec<Interval> = x.iter().zip(&self.m_t).map(|(a, b)| a - b).collect();
        // z = Sigma^{-1} (x - m_t); ln p = log_scale - d.z / 2
        let z = mat_vec(&self.inverse, &d);
        let quad = dot(&d, &z);
        let log_density = &self.log_scale - &quad.mul_pow2(-1);
        // d/dt ln p = -tr(Q Sigma')/2 + z.m' + z^T Sigma' z / 2
        let dt_log = dot(&z, &self.drift) + dot(&z, &mat_vec(&self.sigma_dot, &z)).mul_pow2(-1)
            - &self.half_trace_q_sigma_dot;
        let ad = mat_vec(&self.a, &d);
        let velocity = self.drift.iter().zip(&ad).map(|(b, a)| b + a).collect();
        Terms {
            log_density,
            grad_log: z.iter().map(|v| -v).collect(),
            dt_log,
            velocity,
        }
    }
}

/// The index of the term with the largest upper end of `ln(w_k p^k)`.
fn leading_of(terms: &[Terms]) -> usize {
    (0..terms.len())
        .max_by(|&i, &j| {
            terms[i]
                .log_density
                .hi()
                .partial_cmp(terms[j].log_density.hi())
                .expect("finite")
        })
        .expect("at least one component")
}

/// A mixture at one time, ready for values at points and over boxes.
#[derive(Debug, Clone)]
pub struct MixtureAt {
    components: Vec<ComponentAt>,
    dim: usize,
    prec: u32,
}

/// Enclosures of the density, its derivatives and the field at a point or
/// over a box.
#[derive(Debug, Clone, PartialEq)]
pub struct MixtureValues {
    /// `p_t(x)`.
    pub density: Interval,
    /// `ln p_t(x)` (defined where `p_t` underflows).
    pub log_density: Interval,
    /// `d/dt p_t(x)`.
    pub time_derivative: Interval,
    /// `grad p_t(x)`.
    pub gradient: Vec<Interval>,
    /// `v_t(x)`.
    pub velocity: Vec<Interval>,
    /// `div v_t(x)`.
    pub divergence: Interval,
    /// `d/dt ln p_t(x)`, a posterior mean (defined where `p_t` underflows).
    pub log_time_derivative: Interval,
    /// `grad ln p_t(x)`, a posterior mean.
    pub log_gradient: Vec<Interval>,
}

impl MixtureValues {
    /// `(d/dt p_t + div(p_t w)) / p_t` for the field `w` of `field` (`w =
    /// v_t` gives the continuity equation):
    /// `d/dt ln p + grad ln p . w + div w`. Relative to `p_t`, so that a
    /// point far in the tails tests the field as much as one near a mode.
    pub fn continuity_residual(&self, field: &MixtureValues) -> Interval {
        &self.log_time_derivative + dot(&self.log_gradient, &field.velocity) + &field.divergence
    }
}

impl MixtureAt {
    /// The dimension `D`.
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// The component whose `ln(w_k p_t^k)` has the largest upper end over
    /// `x` (the leading one there), or 0 when `x` is not finite or of
    /// another dimension.
    pub fn leading(&self, x: &[Interval]) -> usize {
        if x.len() != self.dim || !x.iter().all(Interval::is_finite) {
            return 0;
        }
        let terms: Vec<Terms> = self.components.iter().map(|c| c.terms(x)).collect();
        leading_of(&terms)
    }

    /// The values at a rational point.
    pub fn at_point(&self, x: &[Q]) -> Result<MixtureValues, FieldError> {
        self.values(&intervals(x, self.prec))
    }

    /// The values over the box `x` (a point when its intervals are):
    /// enclosures of each quantity at every point of the box. An error when
    /// `x` has the wrong dimension, or when the box is so wide that the
    /// posterior weights cannot be divided out.
    pub fn values(&self, x: &[Interval]) -> Result<MixtureValues, FieldError> {
        if x.len() != self.dim {
            return Err(FieldError::PointDimension {
                expected: self.dim,
                found: x.len(),
            });
        }
        if !x.iter().all(Interval::is_finite) {
            return Err(FieldError::Unenclosed(IntervalError::Domain {
                function: "the mixture's values",
                argument: "a box that is not finite".into(),
            }));
        }
        let terms: Vec<Terms> = self.components.iter().map(|c| c.terms(x)).collect();
        // log-sum-exp: factor out w_j p^j of the component j with the
        // largest upper end, whose own term is then exactly 1 (so a lone
        // component's posterior weight is 1 however wide its log is)
        let top = leading_of(&terms);
        let one = Interval::from_i64(1, self.prec);
        let scaled: Vec<Interval> = terms
            .iter()
            .enumerate()
            .map(|(j, t)| {
                if j == top {
                    one.clone()
                } else {
                    (&t.log_density - &terms[top].log_density).exp()
                }
            })
            .collect();
        let mut sum = scaled[0].clone();
        for s in &scaled[1..] {
            sum += s;
        }
        let posterior: Vec<Interval> = scaled
            .iter()
            .map(|s| s.checked_div(&sum))
            .collect::<Result<_, _>>()
            .map_err(FieldError::Unenclosed)?;
        let density = &terms[top].log_density.exp() * &sum;
        // sum >= 1 (its leading term is exactly 1)
        let log_density = &terms[top].log_density + &sum.ln().map_err(FieldError::Unenclosed)?;
        let zero = Interval::from_i64(0, self.prec);
        let weighted = |f: &dyn Fn(&Terms) -> Interval| -> Interval {
            let mut acc = zero.clone();
            for (pi, t) in posterior.iter().zip(&terms) {
                acc += &(pi * &f(t));
            }
            acc
        };
        let coordinates = |f: &dyn Fn(&Terms, usize) -> Interval| -> Vec<Interval> {
            (0..self.dim).map(|i| weighted(&|t| f(t, i))).collect()
        };
        // grad p / p and d/dt p / p: posterior means of the components'
        let grad_log = coordinates(&|t, i| t.grad_log[i].clone());
        let dt_log = weighted(&|t| t.dt_log.clone());
        let velocity = coordinates(&|t, i| t.velocity[i].clone());
        // div v = sum_k pi_k tr A_k + v_k . grad pi_k,
        // grad pi_k = pi_k (grad ln p^k - grad ln p)
        let mut divergence = zero.clone();
        for ((pi, t), c) in posterior.iter().zip(&terms).zip(&self.components) {
            let relative: Vec<Interval> = t
                .grad_log
                .iter()
                .zip(&grad_log)
                .map(|(a, b)| a - b)
                .collect();
            divergence += &(pi * &(&c.trace_a + dot(&t.velocity, &relative)));
        }
        Ok(MixtureValues {
            gradient: grad_log.iter().map(|g| g * &density).collect(),
            time_derivative: &dt_log * &density,
            density,
            log_density,
            velocity,
            divergence,
            log_time_derivative: dt_log,
            log_gradient: grad_log,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exact::parse_rational;

    fn q(s: &str) -> Q {
        parse_rational(s).unwrap()
    }

    fn plan(m0: [&str; 2], m1: [&str; 2], s: &str, c: &str) -> GaussianPlan {
        let diag =
            |v: &str| QMatrix::from_rows(vec![vec![q(v), q("0")], vec![q("0"), q(v)]]).unwrap();
        GaussianPlan::new(
            m0.iter().map(|v| q(v)).collect(),
            m1.iter().map(|v| q(v)).collect(),
            diag("1"),
            diag(s),
            diag(c),
        )
        .unwrap()
    }

    fn two_modes() -> GaussianMixture {
        GaussianMixture::new(vec![
            (q("1/2"), plan(["0", "0"], ["2", "0"], "1/100", "0")),
            (q("1/2"), plan(["0", "0"], ["-2", "0"], "1/100", "0")),
        ])
        .unwrap()
    }

    #[test]
    fn one_component_agrees_with_the_exact_gaussian_field_and_density() {
        let g = plan(["0", "1"], ["2", "0"], "4", "1");
        let m = GaussianMixture::of_plan(&g);
        let t = q("1/3");
        let x = [q("1/2"), q("-1")];
        let v = m.at(&t, 128).unwrap().at_point(&x).unwrap();
        let exact = g.field_at(&t).unwrap().velocity(&x).unwrap();
        for (e, i) in exact.iter().zip(&v.velocity) {
            assert!(i.contains_rational(e));
            assert!(i.width() < rug::Float::with_val(128, 1e-35));
        }
        // the continuity equation holds: its enclosure contains 0, narrowly
        let r = v.continuity_residual(&v);
        assert!(r.contains_zero() && r.width() < rug::Float::with_val(128, 1e-33));
    }

    #[test]
    fn far_tails_do_not_underflow_and_the_field_is_symmetric() {
        let m = two_modes();
        let at = m.at(&q("9/10"), 128).unwrap();
        // p_t(1000, 0) is about e^(-2.7e7), far below f64's range
        let far = at.at_point(&[q("1000"), q("0")]).unwrap();
        assert!(far.density.lo().is_sign_positive() && !far.density.lo().is_zero());
        // at 10^6 p_t leaves even MPFR's widened range, but the field, a
        // ratio, is enclosed narrowly: the mode at +2 pulls
        let farther = at.at_point(&[q("1000000"), q("0")]).unwrap();
        let v = &farther.velocity[0];
        assert!(v.width() < rug::Float::with_val(128, 1e-15) && v.lo().is_sign_negative());
        // at x = (0, y) the two modes pull equally: v_1 = 0
        let mid = at.at_point(&[q("0"), q("1/3")]).unwrap();
        assert!(mid.velocity[0].contains_zero());
        // the continuity equation on a box
        let range = |lo: &str, hi: &str| {
            Interval::from_rational(&q(lo), 128).hull(&Interval::from_rational(&q(hi), 128))
        };
        let b = [range("1", "101/100"), range("0", "1/100")];
        let boxed = at.values(&b).unwrap();
        assert!(boxed.continuity_residual(&boxed).contains_zero());
    }

    #[test]
    fn marginals_are_compared_after_merging_equal_components() {
        let m = two_modes();
        // the same components in the other order, one split in two halves
        let a = plan(["0", "0"], ["2", "0"], "1/100", "0");
        let b = plan(["0", "0"], ["-2", "0"], "1/100", "0");
        let split = GaussianMixture::new(vec![
            (q("1/2"), b.clone()),
            (q("1/4"), a.clone()),
            (q("1/4"), a.clone()),
        ])
        .unwrap();
        assert!(m.same_marginals(&split) && m.same_plan(&split));
        // X0 shared: coupled differently, same marginals, different plan
        let coupled = GaussianMixture::new(vec![
            (q("1/2"), plan(["0", "0"], ["2", "0"], "1/100", "1/20")),
            (q("1/2"), b),
        ])
        .unwrap();
        assert!(m.same_marginals(&coupled) && !m.same_plan(&coupled));
        let moved = GaussianMixture::new(vec![(q("1"), a)]).unwrap();
        assert!(!m.same_marginals(&moved));
    }

    #[test]
    fn bad_mixtures_are_refused() {
        let a = plan(["0", "0"], ["2", "0"], "1", "0");
        assert!(matches!(
            GaussianMixture::new(vec![(q("1/2"), a.clone())]),
            Err(MixtureError::Sum(_))
        ));
        assert!(matches!(
            GaussianMixture::new(vec![(q("0"), a.clone()), (q("1"), a.clone())]),
            Err(MixtureError::Weight(0))
        ));
        assert!(GaussianMixture::new(vec![]).is_err());
        // X1 = -X0 collapses at t = 1/2: no density there
        let flip = plan(["0", "0"], ["0", "0"], "1", "-1");
        let m = GaussianMixture::of_plan(&flip);
        assert!(matches!(
            m.at(&q("1/2"), 64),
            Err(FieldError::SingularSigma { .. })
        ));
    }
}
