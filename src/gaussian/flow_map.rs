//! The flow map `Phi_t` of a Gaussian plan or of a mixture of Gaussian
//! plans in any dimension, and its Jacobian, by validated integration of
//! `d/dt Phi = v_t(Phi)`, `Phi_0 = x` (docs/mathematics.md section 9).
//!
//! Contract. [`GaussianMixture::flow_map`] encloses `Phi_t(x)` and
//! `D Phi_t(x)` at a rational `t` in `[0, 1]` and a rational `x`, with the
//! Taylor method of [`crate::interval::ode`] on the field written as a
//! straight-line program ([`GaussianMixture::field_tape`]): per component
//! `Sigma_t` (a polynomial in `t`), its `L D L^T` factorisation (positive
//! pivots while `Sigma_t` is positive definite), `z = Sigma_t^{-1}(x - m_t)`,
//! `ln(w p^k)` up to a constant common to all components, and
//! `v^k = (m1 - m0) + G_t z`; the posterior weights relative to a
//! reference component, whose own weight is the constant 1. Each step uses
//! the component leading at its start as the reference
//! ([`MixtureFlow`]): relative to a component far from the trajectory the
//! weights would be exponentials of wide intervals over the step's box.
//!
//! Where some `Sigma_s`, `s <= t`, is not positive definite the field is
//! not defined: this is decided first, exactly (Sturm sequences on the
//! leading minors of each component's `Sigma_s` over `[0, t]`), and is an
//! error, as is an integration that fails (never a box).
//!
//! For a Gaussian plan the map is linear, `Phi_t(x) = m_t + M_t (x - m0)`
//! with `M_t' = A_t M_t`, `M_0 = I`: the Jacobian is `M_t` itself, so the
//! same integration encloses it; `M_1 S00 M_1^T = S11` (the map pushes
//! `p0` to `p1`).

use super::mixture::GaussianMixture;
use crate::exact::poly::Positivity;
use crate::exact::Q;
use crate::interval::ode::{integrate, order_for, FieldTapes, Flow, OdeError, StepField};
use crate::interval::taylor::{Node, Tape};
use crate::interval::Interval;
use crate::limits::{MAX_FLOW_SIZE, MAX_FLOW_STEPS};
use num_traits::{Signed, Zero};

/// Why a flow map cannot be enclosed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FlowMapError {
    /// `t` outside `[0, 1]`.
    #[error("t = {0} is outside [0, 1]")]
    Time(String),
    /// A point of the wrong dimension.
    #[error("the point has {found} coordinates, the plan has dimension {expected}")]
    Dimension {
        /// The plan's.
        expected: usize,
        /// The point's.
        found: usize,
    },
    /// Some component's `Sigma_s` is not positive definite for some `s`
    /// in `[0, t]`: the field is not defined there.
    #[error("component {component}: Sigma_s is not positive definite for some s in [{lo}, {hi}]: the field is not defined there, so neither is the flow to t")]
    Undefined {
        /// The component (0-based).
        component: usize,
        /// Where, a rational interval.
        lo: String,
        /// Where, a rational interval.
        hi: String,
    },
    /// The mixture is too large for the integration's program.
    #[error("{components} component(s) in D = {dim}: components x (D + 1) x D^2 = {size} exceeds the limit {MAX_FLOW_SIZE} of flow maps")]
    TooLarge {
        /// Components.
        components: usize,
        /// Dimension.
        dim: usize,
        /// The product.
        size: usize,
    },
    /// The integration failed.
    #[error("the flow could not be enclosed: {0}")]
    Integration(#[from] OdeError),
}

/// `sum c_i n_i` over the nonzero rational coefficients (`None` when all
/// are zero).
fn combination(tape: &mut Tape, terms: &[(Q, Node)]) -> Option<Node> {
    let nodes: Vec<Node> = terms
        .iter()
        .filter(|(c, _)| !c.is_zero())
        .map(|(c, n)| {
            if *c == Q::from_integer(1.into()) {
                *n
            } else {
                let k = tape.rational(c);
                tape.mul(k, *n)
            }
        })
        .collect();
    (!nodes.is_empty()).then(|| tape.sum(&nodes))
}

impl GaussianMixture {
    /// The field `v_t(y)` as a tape in the `D` state variables `y`, the
    /// posterior weights relative to the component `reference`.
    // matrix indices, as in the formulas they write
    #[allow(clippy::needless_range_loop)]
    pub fn field_tape(&self, prec: u32, reference: usize) -> Tape {
        let d = self.dim();
        let mut tape = Tape::new(d, prec);
        let t = tape.time();
        let one = tape.constant(Interval::from_i64(1, prec));
        let u = tape.sub(one, t);
        let (uu, tu, tt) = (tape.mul(u, u), tape.mul(t, u), tape.mul(t, t));
        let zero = tape.constant(Interval::from_i64(0, prec));
        let half = tape.rational(&Q::new(1.into(), 2.into()));
        let mut logs = Vec::new();
        let mut fields = Vec::new();
        for (w, plan) in self.components() {
            let (s00, s11, c) = (plan.s00(), plan.s11(), plan.c());
            let entry = |m: &crate::exact::QMatrix, i: usize, j: usize| m.row(i)[j].clone();
            // Sigma_t entries, i >= j
            let mut sigma = vec![vec![zero; d]; d];
            for i in 0..d {
                for j in 0..=i {
                    let both = entry(c, i, j) + entry(c, j, i);
                    sigma[i][j] = combination(
                        &mut tape,
                        &[(entry(s00, i, j), uu), (both, tu), (entry(s11, i, j), tt)],
                    )
                    .unwrap_or(zero);
                }
            }
            // L D L^T
            let mut pivots = vec![zero; d];
            let mut lower = vec![vec![zero; d]; d];
            for j in 0..d {
                let mut dj = sigma[j][j];
                for l in 0..j {
                    let sq = tape.mul(lower[j][l], lower[j][l]);
                    let term = tape.mul(sq, pivots[l]);
                    dj = tape.sub(dj, term);
                }
                pivots[j] = dj;
                for i in j + 1..d {
                    let mut s = sigma[i][j];
                    for l in 0..j {
                        let a = tape.mul(lower[i][l], lower[j][l]);
                        let b = tape.mul(a, pivots[l]);
                        s = tape.sub(s, b);
                    }
                    lower[i][j] = tape.div(s, dj);
                }
            }
            // d = y - m_t, w = L^{-1} d, z = L^{-T} D^{-1} w
            let diff: Vec<Node> = (0..d)
                .map(|i| {
                    let m = combination(
                        &mut tape,
                        &[(plan.m0()[i].clone(), u), (plan.m1()[i].clone(), t)],
                    );
                    let y = tape.var(i);
                    m.map_or(y, |m| tape.sub(y, m))
                })
                .collect();
            let mut forward = vec![zero; d];
            for i in 0..d {
                let mut s = diff[i];
                for l in 0..i {
                    let p = tape.mul(lower[i][l], forward[l]);
                    s = tape.sub(s, p);
                }
                forward[i] = s;
            }
            let mut z = vec![zero; d];
            for i in (0..d).rev() {
                let mut s = tape.div(forward[i], pivots[i]);
                for l in i + 1..d {
                    let p = tape.mul(lower[l][i], z[l]);
                    s = tape.sub(s, p);
                }
                z[i] = s;
            }
            // ln(w p^k) + D/2 ln(2 pi) = ln w - (ln det + d.z) / 2
            let mut parts: Vec<Node> = pivots.iter().map(|&p| tape.ln(p)).collect();
            for i in 0..d {
                parts.push(tape.mul(diff[i], z[i]));
            }
            let total = tape.sum(&parts);
            let halved = tape.mul(half, total);
            let lw = tape.constant(Interval::from_rational(w, prec).ln().expect("w > 0"));
            logs.push(tape.sub(lw, halved));
            // v^k = (m1 - m0) + G_t z, G_t = (1 - t)(C^T - S00) + t (S11 - C)
            let v: Vec<Node> = (0..d)
                .map(|i| {
                    let mut terms = Vec::new();
                    let drift = &plan.m1()[i] - &plan.m0()[i];
                    if !drift.is_zero() {
                        terms.push(tape.rational(&drift));
                    }
                    for j in 0..d {
                        let g = combination(
                            &mut tape,
                            &[
                                (entry(c, j, i) - entry(s00, i, j), u),
                                (entry(s11, i, j) - entry(c, i, j), t),
                            ],
                        );
                        if let Some(g) = g {
                            terms.push(tape.mul(g, z[j]));
                        }
                    }
                    if terms.is_empty() {
                        zero
                    } else {
                        tape.sum(&terms)
                    }
                })
                .collect();
            fields.push(v);
        }
        let outputs = if fields.len() == 1 {
            fields.remove(0)
        } else {
            // posterior weights relative to the reference component
            let weights: Vec<Node> = logs
                .iter()
                .enumerate()
                .map(|(k, &l)| {
                    if k == reference {
                        one
                    } else {
                        let rel = tape.sub(l, logs[reference]);
                        tape.exp(rel)
                    }
                })
                .collect();
            let total = tape.sum(&weights);
            (0..d)
                .map(|i| {
                    let terms: Vec<Node> = weights
                        .iter()
                        .zip(&fields)
                        .map(|(&e, v)| tape.mul(e, v[i]))
                        .collect();
                    let s = tape.sum(&terms);
                    tape.div(s, total)
                })
                .collect()
        };
        tape.set_outputs(outputs);
        tape
    }

    /// Whether the field is defined on `[lo, hi]`: every component's
    /// `Sigma_s` positive definite for every `s` there (its leading minors,
    /// decided exactly by Sturm sequences); else the component and a
    /// rational interval where some minor is not positive.
    pub fn defined_on(&self, lo: &Q, hi: &Q) -> Result<(), FlowMapError> {
        for (k, (_, plan)) in self.components().iter().enumerate() {
            let sigma = plan.sigma_poly();
            for order in 1..=plan.dim() {
                let minor = sigma.leading(order).det();
                let width = Q::new(1.into(), 1024.into());
                if let Positivity::FailsIn { lo, hi } = minor.prove_positive_on(lo, hi, &width) {
                    return Err(FlowMapError::Undefined {
                        component: k,
                        lo: crate::exact::format_rational(&lo),
                        hi: crate::exact::format_rational(&hi),
                    });
                }
            }
        }
        Ok(())
    }

    /// The flow of the mixture at `prec` bits, for the flow maps of many
    /// points (its tapes are built once per reference component).
    pub fn flow(&self, prec: u32) -> MixtureFlow<'_> {
        MixtureFlow {
            mixture: self,
            prec,
            tapes: vec![None; self.components().len()],
        }
    }

    /// `Phi_t(x)` and `D Phi_t(x)`, enclosed at `prec` bits (the steps are
    /// in the result).
    pub fn flow_map(&self, t: &Q, x: &[Q], prec: u32) -> Result<Flow, FlowMapError> {
        self.flow(prec).map(t, x)
    }
}

/// The flow of a mixture at one precision: the tapes of its field relative
/// to each component, built when a step first leads with it.
#[derive(Debug, Clone)]
pub struct MixtureFlow<'a> {
    mixture: &'a GaussianMixture,
    prec: u32,
    tapes: Vec<Option<FieldTapes>>,
}

impl StepField for MixtureFlow<'_> {
    fn dim(&self) -> usize {
        self.mixture.dim()
    }

    fn tapes_at(&mut self, t: &Q, centre: &[Interval]) -> &FieldTapes {
        let reference = if self.tapes.len() == 1 {
            0
        } else {
            self.mixture
                .at(t, self.prec)
                .map_or(0, |at| at.leading(centre))
        };
        let (mixture, prec) = (self.mixture, self.prec);
        self.tapes[reference]
            .get_or_insert_with(|| FieldTapes::new(mixture.field_tape(prec, reference)))
    }
}

impl MixtureFlow<'_> {
    /// `Phi_t(x)` and `D Phi_t(x)`, enclosed.
    pub fn map(&mut self, t: &Q, x: &[Q]) -> Result<Flow, FlowMapError> {
        if t.is_negative() || *t > Q::from_integer(1.into()) {
            return Err(FlowMapError::Time(crate::exact::format_rational(t)));
        }
        if x.len() != self.mixture.dim() {
            return Err(FlowMapError::Dimension {
                expected: self.mixture.dim(),
                found: x.len(),
            });
        }
        let (components, dim) = (self.mixture.components().len(), self.mixture.dim());
        let size = components * (dim + 1) * dim * dim;
        if size > MAX_FLOW_SIZE {
            return Err(FlowMapError::TooLarge {
                components,
                dim,
                size,
            });
        }
        self.mixture.defined_on(&Q::zero(), t)?;
        let prec = self.prec;
        let y0: Vec<Interval> = x.iter().map(|c| Interval::from_rational(c, prec)).collect();
        Ok(integrate(
            self,
            &Q::zero(),
            t,
            &y0,
            prec,
            order_for(prec),
            MAX_FLOW_STEPS,
        )?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exact::{parse_rational, QMatrix};
    use crate::gaussian::GaussianPlan;
    use rug::Float;

    fn q(s: &str) -> Q {
        parse_rational(s).unwrap()
    }

    #[test]
    fn the_one_dimensional_gaussian_flow_matches_its_closed_form() {
        // m0 = 0, m1 = 2, s00 = 1, s11 = 4, c = 1: Phi_t(x) = m_t + sigma_t x
        let g = GaussianPlan::new(
            vec![q("0")],
            vec![q("2")],
            QMatrix::from_i64(&[&[1]]),
            QMatrix::from_i64(&[&[4]]),
            QMatrix::from_i64(&[&[1]]),
        )
        .unwrap();
        let m = GaussianMixture::of_plan(&g);
        for (t, x) in [("1/2", "1/3"), ("1", "-2")] {
            let flow = m.flow_map(&q(t), &[q(x)], 128).unwrap();
            let exact = crate::gaussian::flow::flow_1d(&g, &q(t), &q(x), 128).unwrap();
            assert!(flow.end[0].intersect(&exact).is_some(), "t = {t}");
            assert!(flow.end[0].width() < Float::with_val(128, 1e-25));
            // D Phi_t = sigma_t / sigma_0
            let slope = Interval::from_rational(&g.sigma_at(&q(t))[(0, 0)], 128)
                .sqrt()
                .unwrap();
            assert!(flow.jacobian[0][0].intersect(&slope).is_some());
        }
    }

    #[test]
    fn the_optimal_map_and_a_commuting_field_match_their_closed_forms() {
        // the optimal plan of a symmetric positive definite map T moves
        // along straight lines: Phi_1(x) = m1 + T (x - m0), D Phi_1 = T
        let map = QMatrix::from_rows(vec![vec![q("2"), q("1/2")], vec![q("1/2"), q("1")]]).unwrap();
        let s00 = QMatrix::from_rows(vec![vec![q("1"), q("1/3")], vec![q("1/3"), q("2")]]).unwrap();
        let ot = crate::gaussian::straight::optimal_plan(
            vec![q("1"), q("-1")],
            vec![q("0"), q("2")],
            s00,
            &map,
        )
        .unwrap();
        let x = [q("1/2"), q("3")];
        let flow = GaussianMixture::of_plan(&ot)
            .flow_map(&q("1"), &x, 128)
            .unwrap();
        let expected = [
            q("0") + q("2") * q("-1/2") + q("1/2") * q("4"),
            q("2") + q("1/2") * q("-1/2") + q("4"),
        ];
        for (i, (end, want)) in flow.end.iter().zip(&expected).enumerate() {
            assert!(end.contains_rational(want), "{i}: {end:?}");
            assert!(end.width() < Float::with_val(128, 1e-25));
            for (j, entry) in flow.jacobian[i].iter().enumerate() {
                assert!(entry.contains_rational(&map.row(i)[j]));
            }
        }
        // diagonal covariances: the coordinates flow as one-dimensional plans
        let diag = |a: &str, b: &str| {
            QMatrix::from_rows(vec![vec![q(a), q("0")], vec![q("0"), q(b)]]).unwrap()
        };
        let plan = GaussianPlan::new(
            vec![q("0"), q("1")],
            vec![q("2"), q("0")],
            diag("1", "2"),
            diag("4", "1/2"),
            diag("1", "-1/2"),
        )
        .unwrap();
        let flow = GaussianMixture::of_plan(&plan)
            .flow_map(&q("3/4"), &[q("1/3"), q("-1")], 128)
            .unwrap();
        let coordinate = |i: usize, x: &str| {
            let one = |m: &QMatrix| QMatrix::from_rows(vec![vec![m.row(i)[i].clone()]]).unwrap();
            let p = GaussianPlan::new(
                vec![plan.m0()[i].clone()],
                vec![plan.m1()[i].clone()],
                one(plan.s00()),
                one(plan.s11()),
                one(plan.c()),
            )
            .unwrap();
            crate::gaussian::flow::flow_1d(&p, &q("3/4"), &q(x), 128).unwrap()
        };
        assert!(flow.end[0].intersect(&coordinate(0, "1/3")).is_some());
        assert!(flow.end[1].intersect(&coordinate(1, "-1")).is_some());
        assert!(flow.jacobian[0][1].contains_zero() && flow.jacobian[1][0].contains_zero());
    }

    #[test]
    fn a_mixture_flow_stays_narrow_and_splits_the_modes() {
        let comp = |sign: &str| {
            GaussianPlan::new(
                vec![q("0"), q("0")],
                vec![q(sign), q("0")],
                QMatrix::identity(2),
                QMatrix::identity(2).scale(&q("1/4")),
                QMatrix::zeros(2, 2),
            )
            .unwrap()
        };
        let m = GaussianMixture::new(vec![(q("1/2"), comp("4")), (q("1/2"), comp("-4"))]).unwrap();
        let right = m.flow_map(&q("1"), &[q("1/2"), q("1/4")], 128).unwrap();
        let left = m.flow_map(&q("1"), &[q("-1/2"), q("1/4")], 128).unwrap();
        assert!(right.end[0].mid().to_f64() > 3.0 && left.end[0].mid().to_f64() < -3.0);
        for c in right.end.iter().chain(&left.end) {
            assert!(c.width() < Float::with_val(128, 1e-15), "{c:?}");
        }
        // symmetric: Phi(-x1, x2) = (-Phi_1, Phi_2)
        assert!((right.end[0].mid().to_f64() + left.end[0].mid().to_f64()).abs() < 1e-12);
    }
}
