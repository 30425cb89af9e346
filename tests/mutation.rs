//! The soundness mutation suite: claims made false on purpose must never be
//! `certified`.
//!
//! Every mutant below is a claim whose falsity is known by construction, for
//! a reason stated beside its generator (and, where an independent route
//! exists, checked here before the mutant counts). Two sources: each
//! certified instance of `proofs/`, mutated by the rule of its check kind,
//! and seeded random plans of every family. The suite runs
//! `IFM_MUTANTS` mutants (1,000 by default; more in a long run) from the
//! seed `IFM_MUTATION_SEED` (2026 by default) and prints the tally:
//! generated, refuted, inconclusive, errors, certified (which must be 0).
//!
//! ```text
//! IFM_MUTANTS=20000 cargo test --release --test mutation -- --nocapture
//! ```

use ifm_check::atlas::counterexample::Counterexample;
use ifm_check::atlas::table::{closed_form_density_only, closed_form_kernel};
use ifm_check::exact::{QMatrix, Q};
use ifm_check::gaussian::consistent::{estimate, Observations};
use ifm_check::gaussian::straight::optimal_plan;
use ifm_check::gaussian::{GaussianMixture, GaussianPlan};
use ifm_check::onedim::{Atom, GaussianComponent, OneDimPlan};
use ifm_check::proof::kind::Form;
use ifm_check::proof::kinds::*;
use ifm_check::proof::{load, run_all, Instance, Verdict};
use num_traits::{One, Signed, Zero};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use std::collections::BTreeMap;
use std::path::PathBuf;

fn q(n: i64, d: i64) -> Q {
    Q::new(n.into(), d.into())
}

fn z(n: i64) -> Q {
    Q::from_integer(n.into())
}

/// A nonzero rational of modest size, either sign.
fn nonzero(rng: &mut StdRng) -> Q {
    let n: i64 = rng.random_range(1..=9);
    let d: i64 = rng.random_range(1..=8);
    let s = if rng.random_bool(0.5) { 1 } else { -1 };
    q(s * n, d)
}

/// Like [`nonzero`], but a quarter of the time a subtle change, `+-10^-k`
/// with `k` in 20..=60: for the exact checks (tolerance 0), where any change
/// at all makes the claim false.
fn subtle(rng: &mut StdRng) -> Q {
    if rng.random_bool(0.75) {
        return nonzero(rng);
    }
    let k: u32 = rng.random_range(20..=60);
    let s = if rng.random_bool(0.5) { 1 } else { -1 };
    Q::new(
        s.into(),
        num_traits::pow(num_bigint::BigInt::from(10), k as usize),
    )
}

fn small(rng: &mut StdRng) -> Q {
    q(rng.random_range(-6..=6), rng.random_range(1..=4))
}

/// A time in `(0, 1)`.
fn inner_time(rng: &mut StdRng) -> Q {
    let d: i64 = rng.random_range(2..=9);
    q(rng.random_range(1..d), d)
}

fn with_entry(m: &QMatrix, i: usize, j: usize, delta: &Q) -> QMatrix {
    let mut rows = m.to_rows();
    rows[i][j] += delta;
    QMatrix::from_rows(rows).unwrap()
}

/// A random valid Gaussian plan in dimension `d`: joint covariance
/// `L L^T + I/2` with a small integer lower-triangular `L`.
fn gaussian_plan(rng: &mut StdRng, d: usize) -> GaussianPlan {
    let n = 2 * d;
    let l: Vec<Vec<Q>> = (0..n)
        .map(|i| {
            (0..n)
                .map(|j| {
                    if j <= i {
                        z(rng.random_range(-2..=2))
                    } else {
                        Q::zero()
                    }
                })
                .collect()
        })
        .collect();
    let joint = |i: usize, j: usize| -> Q {
        let mut s: Q = (0..n).map(|k| &l[i][k] * &l[j][k]).sum();
        if i == j {
            s += q(1, 2);
        }
        s
    };
    let block = |r: usize, c: usize| {
        QMatrix::from_rows(
            (0..d)
                .map(|i| (0..d).map(|j| joint(r + i, c + j)).collect())
                .collect(),
        )
        .unwrap()
    };
    let m0 = (0..d).map(|_| small(rng)).collect();
    let m1 = (0..d).map(|_| small(rng)).collect();
    GaussianPlan::new(m0, m1, block(0, 0), block(d, d), block(0, d)).unwrap()
}

/// The optimal plan of a random symmetric positive definite map
/// `T = B B^T + I/2`, with the map.
fn optimal_gaussian_plan(rng: &mut StdRng, d: usize) -> (GaussianPlan, QMatrix) {
    let b = gaussian_plan(rng, d);
    let map = b
        .s00()
        .mul(&b.s00().transpose())
        .unwrap()
        .add(&QMatrix::identity(d).scale(&q(1, 2)))
        .unwrap();
    let plan = optimal_plan(b.m0().to_vec(), b.m1().to_vec(), b.s00().clone(), &map).unwrap();
    (plan, map)
}

/// A diagonal plan in dimension `d` whose first coordinate has
/// `s00 = a^2`, `s11 = b^2`: its single time `t* = a / (a + b)` is
/// degenerate (docs/mathematics.md section 2, Inverse).
fn degenerate_diagonal_plan(rng: &mut StdRng, d: usize) -> (GaussianPlan, Q) {
    let a: i64 = rng.random_range(1..=4);
    let b: i64 = rng.random_range(1..=4);
    let mut s00 = vec![z(a * a)];
    let mut s11 = vec![z(b * b)];
    let mut c = vec![q(rng.random_range(-4..=4) * a * b, 5)];
    for _ in 1..d {
        let x: i64 = rng.random_range(1..=4);
        let y: i64 = rng.random_range(1..=4);
        s00.push(z(x));
        s11.push(z(y));
        c.push(q(rng.random_range(-1..=1), 2));
    }
    let diag = |v: &[Q]| {
        QMatrix::from_rows(
            (0..d)
                .map(|i| {
                    (0..d)
                        .map(|j| if i == j { v[i].clone() } else { Q::zero() })
                        .collect()
                })
                .collect(),
        )
        .unwrap()
    };
    let m0 = (0..d).map(|_| small(rng)).collect();
    let m1 = (0..d).map(|_| small(rng)).collect();
    let plan = GaussianPlan::new(m0, m1, diag(&s00), diag(&s11), diag(&c)).unwrap();
    (plan, q(a, a + b))
}

/// The plan with `delta > 0` added to one diagonal entry of `s11`: still
/// valid (a PSD term added), and `Var(X1 | X0)` gains `delta`.
fn with_noise_on_x1(plan: &GaussianPlan, rng: &mut StdRng) -> GaussianPlan {
    let i = rng.random_range(0..plan.dim());
    GaussianPlan::new(
        plan.m0().to_vec(),
        plan.m1().to_vec(),
        plan.s00().clone(),
        with_entry(plan.s11(), i, i, &subtle(rng).abs()),
        plan.c().clone(),
    )
    .expect("adding a PSD term keeps the joint covariance PSD")
}

/// A second valid plan with the same field at `t`: proves a "determines"
/// claim at `t` false. Checked with the forward field, exactly.
fn same_field_partner(plan: &GaussianPlan, t: &Q) -> GaussianPlan {
    let c = with_entry(plan.c(), 0, 0, &q(1, 10));
    let other = plan
        .with_cross_covariance(c)
        .expect("a small change of c_11 keeps the plan valid");
    let (f, g) = (plan.field_at(t).unwrap(), other.field_at(t).unwrap());
    assert!(
        f.a_t == g.a_t && f.b_t == g.b_t,
        "the construction of a degenerate time is wrong"
    );
    assert_ne!(plan, &other);
    other
}

fn gaussian_component(rng: &mut StdRng) -> GaussianComponent {
    let s00 = q(rng.random_range(1..=8), rng.random_range(1..=4));
    let s11 = q(rng.random_range(1..=8), rng.random_range(1..=4));
    // |rho| <= 4/5 through c^2 <= (16/25) s00 s11, with a rational c
    let c = loop {
        let c = q(rng.random_range(-8..=8), rng.random_range(1..=8));
        if &c * &c * z(25) <= &s00 * &s11 * z(16) {
            break c;
        }
    };
    GaussianComponent::new(small(rng), small(rng), s00, s11, c).unwrap()
}

/// A random one-dimensional plan of a family with densities (Gaussian,
/// mixture, uniform).
fn density_plan(rng: &mut StdRng) -> OneDimPlan {
    match rng.random_range(0..3) {
        0 => OneDimPlan::Gaussian(gaussian_component(rng)),
        1 => {
            let k = rng.random_range(2..=3);
            let raw: Vec<i64> = (0..k).map(|_| rng.random_range(1..=5)).collect();
            let total: i64 = raw.iter().sum();
            OneDimPlan::Mixture(
                raw.iter()
                    .map(|w| (q(*w, total), gaussian_component(rng)))
                    .collect(),
            )
        }
        _ => {
            let a0 = small(rng);
            let a1 = small(rng);
            OneDimPlan::IndependentUniform {
                b0: &a0 + q(rng.random_range(1..=8), 2),
                b1: &a1 + q(rng.random_range(1..=8), 2),
                a0,
                a1,
            }
        }
    }
}

fn discrete_plan(rng: &mut StdRng) -> OneDimPlan {
    let k = rng.random_range(2..=5);
    let raw: Vec<i64> = (0..k).map(|_| rng.random_range(1..=5)).collect();
    let total: i64 = raw.iter().sum();
    OneDimPlan::Discrete(
        raw.iter()
            .map(|w| Atom {
                x0: small(rng),
                x1: small(rng),
                weight: q(*w, total),
            })
            .collect(),
    )
}

/// The same plan with `X1` (`shift_end`) or `X0` moved by `delta`.
fn shifted(plan: &OneDimPlan, delta: &Q, shift_end: bool) -> OneDimPlan {
    let move_component = |c: &GaussianComponent| {
        let mut c = c.clone();
        if shift_end {
            c.m1 += delta;
        } else {
            c.m0 += delta;
        }
        c
    };
    match plan {
        OneDimPlan::Gaussian(c) => OneDimPlan::Gaussian(move_component(c)),
        OneDimPlan::Mixture(cs) => OneDimPlan::Mixture(
            cs.iter()
                .map(|(w, c)| (w.clone(), move_component(c)))
                .collect(),
        ),
        OneDimPlan::Discrete(atoms) => OneDimPlan::Discrete(
            atoms
                .iter()
                .map(|a| {
                    let mut a = a.clone();
                    if shift_end {
                        a.x1 += delta;
                    } else {
                        a.x0 += delta;
                    }
                    a
                })
                .collect(),
        ),
        OneDimPlan::IndependentUniform { a0, b0, a1, b1 } => {
            if shift_end {
                OneDimPlan::IndependentUniform {
                    a0: a0.clone(),
                    b0: b0.clone(),
                    a1: a1 + delta,
                    b1: b1 + delta,
                }
            } else {
                OneDimPlan::IndependentUniform {
                    a0: a0 + delta,
                    b0: b0 + delta,
                    a1: a1.clone(),
                    b1: b1.clone(),
                }
            }
        }
    }
}

/// The same law written differently: parts permuted, one part split in two
/// halves. Every field of it equals the original's.
fn rewritten(plan: &OneDimPlan, rng: &mut StdRng) -> OneDimPlan {
    fn split<T: Clone>(parts: &[(Q, T)], rng: &mut StdRng) -> Vec<(Q, T)> {
        let mut out: Vec<(Q, T)> = parts.to_vec();
        let i = rng.random_range(0..out.len());
        let (w, p) = out[i].clone();
        out[i].0 = &w / z(2);
        out.insert(rng.random_range(0..=out.len()), (&w / z(2), p));
        out.reverse();
        out
    }
    match plan {
        OneDimPlan::Gaussian(c) => {
            OneDimPlan::Mixture(vec![(q(1, 3), c.clone()), (q(2, 3), c.clone())])
        }
        OneDimPlan::Mixture(cs) => OneDimPlan::Mixture(split(cs, rng)),
        OneDimPlan::Discrete(atoms) => {
            let parts: Vec<(Q, (Q, Q))> = atoms
                .iter()
                .map(|a| (a.weight.clone(), (a.x0.clone(), a.x1.clone())))
                .collect();
            OneDimPlan::Discrete(
                split(&parts, rng)
                    .into_iter()
                    .map(|(weight, (x0, x1))| Atom { x0, x1, weight })
                    .collect(),
            )
        }
        uniform => uniform.clone(),
    }
}

/// The plan if it is of a Gaussian family, else a random Gaussian plan
/// (the flux and flow identities are checked for the Gaussian families).
fn gaussian_family(plan: &OneDimPlan, rng: &mut StdRng) -> OneDimPlan {
    match plan {
        OneDimPlan::IndependentUniform { .. } | OneDimPlan::Discrete(_) => {
            OneDimPlan::Gaussian(gaussian_component(rng))
        }
        p => p.clone(),
    }
}

/// Points inside the support of `X0` (all of R but for uniform plans).
fn points(plan: &OneDimPlan, rng: &mut StdRng, n: usize) -> Vec<Q> {
    (0..n)
        .map(|_| match plan {
            OneDimPlan::IndependentUniform { a0, b0, .. } => {
                let k = rng.random_range(1..=9);
                a0 + (b0 - a0) * q(k, 10)
            }
            _ => q(rng.random_range(-12..=12), 4),
        })
        .collect()
}

fn mean_x0_x1(plan: &OneDimPlan) -> (Q, Q) {
    use ifm_check::onedim::moments::mixed_moment;
    (mixed_moment(plan, 1, 0), mixed_moment(plan, 0, 1))
}

/// One false claim, with why it is false.
struct Mutant {
    rule: &'static str,
    spec: CheckSpec,
    tolerance: Q,
}

fn mutant(rule: &'static str, spec: CheckSpec) -> Mutant {
    Mutant {
        rule,
        spec,
        tolerance: q(1, 100_000_000_000_000_000),
    }
}

/// `(d/dt p + div(p v')) / p` at `(t, x)` for the density of the Gaussian
/// plan `plan` and the field `v'` of `field`, exactly:
/// `d/dt ln p + grad ln p . v' + tr A'` with `grad ln p = -Sigma_t^{-1}(x - m_t)`.
fn continuity_bracket(plan: &GaussianPlan, field: &GaussianPlan, t: &Q, x: &[Q]) -> Option<Q> {
    let sigma = plan.sigma_at(t);
    let inverse = sigma.inverse().ok()?;
    let sigma_dot = plan.sigma_poly().derivative().eval(t);
    let d: Vec<Q> = x.iter().zip(plan.mean_at(t)).map(|(a, b)| a - b).collect();
    let zv = inverse.mul_vec(&d).ok()?;
    let dot = |a: &[Q], b: &[Q]| -> Q { a.iter().zip(b).map(|(u, v)| u * v).sum() };
    let drift: Vec<Q> = plan
        .m1()
        .iter()
        .zip(plan.m0())
        .map(|(a, b)| a - b)
        .collect();
    let trace = |m: &QMatrix| -> Q { (0..m.rows()).map(|i| m.row(i)[i].clone()).sum() };
    let half = q(1, 2);
    let dt_log = dot(&zv, &drift) + &half * dot(&zv, &sigma_dot.mul_vec(&zv).ok()?)
        - &half * trace(&inverse.mul(&sigma_dot).ok()?);
    let other = field.field_at(t).ok()?;
    let v = other.velocity(x).ok()?;
    Some(dt_log - dot(&zv, &v) + trace(&other.a_t))
}

/// The first component of `plan`, that component with `X1` moved, and a
/// point `(t, x)` where the moved field fails the first one's continuity
/// equation (the exact bracket is not 0).
fn continuity_fails_at(
    plan: &GaussianMixture,
    rng: &mut StdRng,
) -> Option<(GaussianPlan, GaussianPlan, Q, Vec<Q>)> {
    let first = plan.components()[0].1.clone();
    let moved = with_x1_moved(&first, rng)?;
    let t = inner_time(rng);
    let x: Vec<Q> = (0..first.dim())
        .map(|_| q(rng.random_range(-8..=8), 4))
        .collect();
    if continuity_bracket(&first, &moved, &t, &x)?.is_zero() {
        return None;
    }
    Some((first, moved, t, x))
}

/// The plan with each coordinate of `m1` moved by a random nonzero amount.
fn with_x1_moved(plan: &GaussianPlan, rng: &mut StdRng) -> Option<GaussianPlan> {
    GaussianPlan::new(
        plan.m0().to_vec(),
        plan.m1().iter().map(|m| m + nonzero(rng)).collect(),
        plan.s00().clone(),
        plan.s11().clone(),
        plan.c().clone(),
    )
    .ok()
}

/// Mutates the data of a certified instance so that its claim is false.
fn mutate(spec: &CheckSpec, rng: &mut StdRng) -> Option<Mutant> {
    Some(match spec {
        // The field of the first component with X1 moved by delta: false
        // at (t, x) when the exact bracket (d/dt p + div(p v')) / p is not 0.
        // The same law written otherwise (each component split in two of
        // random weights): the same field everywhere. Or the second plan's
        // X1 moved in one component: other marginals.
        CheckSpec::MixtureFieldSeparation(MixtureFieldSeparation { plan, other }) => {
            let other = if rng.random_bool(0.5) {
                let mut split = Vec::new();
                for (w, p) in plan.components() {
                    let share = q(rng.random_range(1..=7), 8);
                    split.push((w * &share, p.clone()));
                    split.push((w * (Q::one() - share), p.clone()));
                }
                GaussianMixture::new(split).ok()?
            } else {
                let mut parts = other.components().to_vec();
                parts[0].1 = with_x1_moved(&parts[0].1, rng)?;
                GaussianMixture::new(parts).ok()?
            };
            mutant(
                "mixture separation: the same law rewritten, or other marginals",
                CheckSpec::MixtureFieldSeparation(MixtureFieldSeparation {
                    plan: plan.clone(),
                    other,
                }),
            )
        }
        // The flow of the plan with X1 moved by delta: Phi_t(m0) moves by
        // t delta, so the mean part of the claim fails at any t > 0.
        CheckSpec::GaussianFlowTransport(GaussianFlowTransport { plan, t, .. }) => {
            if t.is_zero() {
                return None;
            }
            mutant(
                "flow transport: the flow of the plan with X1 moved",
                CheckSpec::GaussianFlowTransport(GaussianFlowTransport {
                    plan: plan.clone(),
                    map_of: Some(with_x1_moved(plan, rng)?),
                    t: t.clone(),
                }),
            )
        }
        // The flow of the first component (a Gaussian plan) with X1 moved
        // by delta, started at m0: that flow is Phi_t + t delta and maps m0
        // to m_t + t delta, where p_t / p_t(m_t) = exp(-a / 2) with
        // a = t^2 delta^T Sigma_t^{-1} delta > 0, while det D Phi_t is the
        // plan's own (the field moves by a constant after a shift): the
        // change of variables fails by 1 - exp(-a / 2), checked here to be
        // above the tolerance (a > 1e-10).
        CheckSpec::MixtureChangeOfVariables(MixtureChangeOfVariables { plan, t, .. }) => {
            let first = plan.components()[0].1.clone();
            let moved = with_x1_moved(&first, rng)?;
            let t = if t.is_zero() { Q::one() } else { t.clone() };
            let delta: Vec<Q> = moved
                .m1()
                .iter()
                .zip(first.m1())
                .map(|(a, b)| a - b)
                .collect();
            let inverse = first.sigma_at(&t).inverse().ok()?;
            let a: Q = inverse
                .mul_vec(&delta)
                .ok()?
                .iter()
                .zip(&delta)
                .map(|(u, v)| u * v)
                .sum::<Q>()
                * &t
                * &t;
            if a <= q(1, 10_000_000_000) {
                return None;
            }
            mutant(
                "change of variables: the flow of the plan with X1 moved, from m0",
                CheckSpec::MixtureChangeOfVariables(MixtureChangeOfVariables {
                    plan: GaussianMixture::of_plan(&first),
                    map_of: Some(GaussianMixture::of_plan(&moved)),
                    xs: vec![first.m0().to_vec()],
                    t,
                }),
            )
        }
        // The optimal map T with its first diagonal entry raised: no longer
        // T S00 T = S11, so the claim has no optimal map to compare with.
        CheckSpec::GaussianReflowOptimal(GaussianReflowOptimal { plan, map }) => {
            let mut raised = map.clone();
            raised[(0, 0)] += small(rng).abs() + Q::one();
            mutant(
                "reflow: a map that is not the optimal one",
                CheckSpec::GaussianReflowOptimal(GaussianReflowOptimal {
                    plan: plan.clone(),
                    map: raised,
                }),
            )
        }
        CheckSpec::ContinuityEquation(ContinuityEquation { plan, .. }) => {
            let (first, moved, t, x) = continuity_fails_at(plan, rng)?;
            mutant(
                "continuity: the field of the first component with X1 moved",
                CheckSpec::ContinuityEquation(ContinuityEquation {
                    plan: GaussianMixture::of_plan(&first),
                    field_of: Some(GaussianMixture::of_plan(&moved)),
                    ts: vec![t],
                    xs: vec![x],
                }),
            )
        }
        // The field of the first component with X1 moved, on a box with a
        // corner at (t, x) where the exact bracket is not 0: the equation
        // fails there, so not on the whole box.
        CheckSpec::ContinuityEquationBox(ContinuityEquationBox { plan, points, .. }) => {
            let (first, moved, t, x) = continuity_fails_at(plan, rng)?;
            let far: Vec<Q> = x.iter().map(|c| c + Q::one()).collect();
            mutant(
                "continuity on a box: the field of the first component with X1 moved",
                CheckSpec::ContinuityEquationBox(ContinuityEquationBox {
                    plan: GaussianMixture::of_plan(&first),
                    field_of: Some(GaussianMixture::of_plan(&moved)),
                    t: (t.clone(), t),
                    x: (x, far),
                    points: *points,
                }),
            )
        }
        // A single-entry change of A_t is never in the kernel of
        // A -> A Sigma + Sigma A^T (Sigma positive definite), so the
        // Lyapunov identity fails for the changed A.
        CheckSpec::GaussianLyapunov(GaussianLyapunov { plan, claimed }) => {
            let t = claimed
                .as_ref()
                .map_or_else(|| inner_time(rng), |(t, _)| t.clone());
            let a = plan.field_at(&t).ok()?.a_t;
            let (i, j) = (
                rng.random_range(0..plan.dim()),
                rng.random_range(0..plan.dim()),
            );
            mutant(
                "lyapunov: A_t with one entry changed",
                CheckSpec::GaussianLyapunov(GaussianLyapunov {
                    plan: plan.clone(),
                    claimed: Some((t, with_entry(&a, i, j, &subtle(rng)))),
                }),
            )
        }
        // X1 = m1 - lambda (X0 - m0): Sigma_t = (1 - t - lambda t)^2 S00
        // vanishes at t = 1 / (1 + lambda).
        CheckSpec::GaussianWellPosed(GaussianWellPosed { plan }) => {
            let lambda = q(rng.random_range(1..=9), rng.random_range(1..=4));
            let s00 = plan.s00().clone();
            let collapsed = GaussianPlan::new(
                plan.m0().to_vec(),
                plan.m1().to_vec(),
                s00.clone(),
                s00.scale(&(&lambda * &lambda)),
                s00.scale(&-lambda),
            )
            .ok()?;
            mutant(
                "well-posed: X1 = -lambda X0 collapses at 1/(1+lambda)",
                CheckSpec::GaussianWellPosed(GaussianWellPosed { plan: collapsed }),
            )
        }
        // A degenerate single time: a second plan has the same field there.
        CheckSpec::GaussianSingleTime(GaussianSingleTime { plan, .. }) => {
            let (p, t) = degenerate_diagonal_plan(rng, plan.dim());
            same_field_partner(&p, &t);
            mutant(
                "single-time: a degenerate time t* = a/(a+b)",
                CheckSpec::GaussianSingleTime(GaussianSingleTime { plan: p, t }),
            )
        }
        CheckSpec::GaussianRoundtrip(GaussianRoundtrip { plan, .. }) => {
            let (p, t) = degenerate_diagonal_plan(rng, plan.dim());
            same_field_partner(&p, &t);
            mutant(
                "roundtrip: samples only at a degenerate time",
                CheckSpec::GaussianRoundtrip(GaussianRoundtrip {
                    plan: p,
                    times: vec![t],
                    with_sigma: false,
                }),
            )
        }
        // Changing c_ij changes Sigma_t by t(1-t) delta (e_ij + e_ji) != 0:
        // the densities differ. In D = 1 no witness exists at all.
        CheckSpec::DensityOnlyWitness(DensityOnlyWitness { plan, other }) => {
            if plan.dim() == 1 || rng.random_bool(0.2) {
                mutant(
                    "density-only: a search in D = 1",
                    CheckSpec::DensityOnlyWitness(DensityOnlyWitness {
                        plan: gaussian_plan(rng, 1),
                        other: None,
                    }),
                )
            } else {
                let base = other.clone().unwrap_or_else(|| plan.clone());
                let (i, j) = (
                    rng.random_range(0..plan.dim()),
                    rng.random_range(0..plan.dim()),
                );
                let changed = base
                    .with_cross_covariance(with_entry(
                        base.c(),
                        i,
                        j,
                        &q(rng.random_range(1..=3), 20),
                    ))
                    .ok()?;
                assert_ne!(changed.sigma_poly(), plan.sigma_poly());
                mutant(
                    "density-only: the other plan's c_ij changed",
                    CheckSpec::DensityOnlyWitness(DensityOnlyWitness {
                        plan: plan.clone(),
                        other: Some(changed),
                    }),
                )
            }
        }
        // Noise added to X1 (s11_ii + delta): Sigma_t gains t^2 delta e_ii,
        // so it is no longer M_t S00 M_t^T.
        CheckSpec::OtStraightPaths(OtStraightPaths { plan, map }) => {
            let noisy = with_noise_on_x1(plan, rng);
            mutant(
                "straight paths: noise added to X1",
                CheckSpec::OtStraightPaths(OtStraightPaths {
                    plan: noisy,
                    map: map.clone(),
                }),
            )
        }
        // Var(X1 | X0) gains delta in one coordinate: tr = delta > 0.
        CheckSpec::DeterministicPlan(DeterministicPlan { plan }) => {
            let noisy = with_noise_on_x1(plan, rng);
            mutant(
                "deterministic: X1 given noise in one coordinate",
                CheckSpec::DeterministicPlan(DeterministicPlan { plan: noisy }),
            )
        }
        // The closed forms (docs/mathematics.md section 4) give the true dimensions.
        CheckSpec::AtlasKernel(AtlasKernel { dim, degree, .. }) => {
            let truth = closed_form_kernel(*dim, *degree);
            let density = closed_form_density_only(*dim, *degree);
            let off = |rng: &mut StdRng, v: i64| loop {
                let w = v + rng.random_range(-3..=3);
                if w >= 0 && w != v {
                    break w as u64;
                }
            };
            let (kernel_dim, density_only_kernel_dim) = if rng.random_bool(0.5) {
                (off(rng, truth), Some(density as u64))
            } else {
                (truth as u64, Some(off(rng, density)))
            };
            mutant(
                "atlas: a dimension off by 1 to 3",
                CheckSpec::AtlasKernel(AtlasKernel {
                    dim: *dim,
                    degree: *degree,
                    kernel_dim,
                    density_only_kernel_dim,
                }),
            )
        }
        // h / pi >= -16 e^{-3/2} (D = 2, sigma^2 = 2, tau^2 = 1) with
        // equality at a point, so eps > e^{3/2}/16 ~ 0.2801 makes pi' negative
        // somewhere; the D = 3 factor doubles it (e^{3/2}/32 ~ 0.1401). With
        // power 1 the field sees h: never the same field.
        CheckSpec::MultidimCounterexample(MultidimCounterexample(c)) => {
            let mut bad = Counterexample::paper_instance();
            bad.dim = if c.dim == 3 { 3 } else { 2 };
            bad.moment_degree = 4;
            if rng.random_bool(0.8) {
                let least = if bad.dim == 2 { 29 } else { 15 };
                bad.eps = q(rng.random_range(least..=400), 100);
                mutant(
                    "counterexample: eps above the positivity threshold",
                    CheckSpec::MultidimCounterexample(MultidimCounterexample(bad)),
                )
            } else {
                bad.power = 1;
                bad.eps = q(rng.random_range(1..=14), 100);
                mutant(
                    "counterexample: h = Q g is seen by the field",
                    CheckSpec::MultidimCounterexample(MultidimCounterexample(bad)),
                )
            }
        }
        // Phi' of the plan with X1 moved by delta is Phi + t delta, and F_t
        // is strictly increasing where X_t has mass: F_t(Phi') != F_0.
        CheckSpec::TransportIdentity(TransportIdentity { plan, t, .. }) => {
            let plan = if matches!(plan, OneDimPlan::Discrete(_)) {
                density_plan(rng)
            } else {
                plan.clone()
            };
            let t = if t.is_zero() { q(1, 2) } else { t.clone() };
            let xs = points(&plan, rng, 3);
            mutant(
                "transport: the map of the plan with X1 moved",
                CheckSpec::TransportIdentity(TransportIdentity {
                    map_of: Some(shifted(&plan, &nonzero(rng), true)),
                    plan,
                    t,
                    xs,
                }),
            )
        }
        // The field of a plan with X1 moved: v' != v at the checked point
        // (certified below with disjoint enclosures), while p_t > 0.
        CheckSpec::FluxIdentity(FluxIdentity { plan, .. }) => {
            let plan = gaussian_family(plan, rng);
            let other = shifted(&plan, &nonzero(rng), true);
            let t = inner_time(rng);
            let x = points(&plan, rng, 1);
            let (a, b) = (
                plan.values_at(&t, &x[0], 128).ok()?,
                other.values_at(&t, &x[0], 128).ok()?,
            );
            let v = |p: &ifm_check::onedim::family::PointValues| p.v.to_interval(128);
            if v(&a).intersect(&v(&b)).is_some() {
                return None;
            }
            mutant(
                "flux: the field of the plan with X1 moved",
                CheckSpec::FluxIdentity(FluxIdentity {
                    plan,
                    field_of: Some(other),
                    ts: vec![t],
                    xs: x,
                }),
            )
        }
        // The same, on a box: v' != v at the box's first corner, which the
        // pointwise cross-check visits (certified below).
        CheckSpec::FluxIdentityBox(FluxIdentityBox { plan, .. }) => {
            let plan = gaussian_family(plan, rng);
            let other = shifted(&plan, &nonzero(rng), true);
            let t = (inner_time(rng), q(19, 20));
            let x0 = points(&plan, rng, 1).remove(0);
            let x = (x0.clone(), &x0 + z(2));
            let v = |p: &OneDimPlan| p.values_at(&t.0, &x0, 128).map(|v| v.v.to_interval(128));
            if v(&plan).ok()?.intersect(&v(&other).ok()?).is_some() {
                return None;
            }
            mutant(
                "flux box: the field of the plan with X1 moved",
                CheckSpec::FluxIdentityBox(FluxIdentityBox {
                    plan,
                    field_of: Some(other),
                    t,
                    x,
                    points: 3,
                }),
            )
        }
        // d/dt Phi = v(Phi) for the plan's own field; v' != v at Phi_t(x)
        // (disjoint enclosures, certified below).
        CheckSpec::FlowIdentity(FlowIdentity { plan, .. }) => {
            let plan = gaussian_family(plan, rng);
            let other = shifted(&plan, &nonzero(rng), true);
            let t = inner_time(rng);
            let x = points(&plan, rng, 1);
            let y = ifm_check::onedim::transport::transport(&plan, &t, &x[0], 128)
                .ok()?
                .to_interval(128);
            let v = |p: &OneDimPlan| p.values_on(&t, &y).map(|v| v.v.to_interval(128));
            if v(&plan).ok()?.intersect(&v(&other).ok()?).is_some() {
                return None;
            }
            mutant(
                "flow: the field of the plan with X1 moved",
                CheckSpec::FlowIdentity(FlowIdentity {
                    plan,
                    field_of: Some(other),
                    ts: vec![t],
                    xs: x,
                }),
            )
        }
        // Other marginals (X1 moved), or the very same plan (same field).
        CheckSpec::SameMapDifferentFields(SameMapDifferentFields { plan, other, xs }) => {
            let other = if rng.random_bool(0.5) {
                shifted(other, &nonzero(rng), true)
            } else {
                rewritten(plan, rng)
            };
            mutant(
                "same map: other marginals, or the same plan rewritten",
                CheckSpec::SameMapDifferentFields(SameMapDifferentFields {
                    plan: plan.clone(),
                    other,
                    xs: xs.clone(),
                }),
            )
        }
        // The same law, rewritten: its field is the same everywhere.
        // The claim needs the same marginals and a point inside both
        // supports: atoms that stay put with other weights have the field 0
        // on the common support at every t; uniform plans on disjoint
        // squares share no support point at any t.
        CheckSpec::FieldSeparation(FieldSeparation { plan, .. }) => match rng.random_range(0..3) {
            0 => mutant(
                "separation: the same plan rewritten",
                CheckSpec::FieldSeparation(FieldSeparation {
                    other: rewritten(plan, rng),
                    plan: plan.clone(),
                }),
            ),
            1 => {
                let xs: Vec<Q> = (0..rng.random_range(2..=4))
                    .map(|k| z(3 * k) + small(rng) / z(8))
                    .collect();
                let stay = |rng: &mut StdRng| {
                    let raw: Vec<i64> = xs.iter().map(|_| rng.random_range(1..=5)).collect();
                    let total: i64 = raw.iter().sum();
                    OneDimPlan::Discrete(
                        xs.iter()
                            .zip(&raw)
                            .map(|(x, w)| Atom {
                                x0: x.clone(),
                                x1: x.clone(),
                                weight: q(*w, total),
                            })
                            .collect(),
                    )
                };
                mutant(
                    "separation: atoms that stay put, other weights",
                    CheckSpec::FieldSeparation(FieldSeparation {
                        plan: stay(rng),
                        other: stay(rng),
                    }),
                )
            }
            _ => {
                let (a, gap) = (small(rng), q(rng.random_range(1..=4), 2));
                let square = |lo: Q| OneDimPlan::IndependentUniform {
                    a0: lo.clone(),
                    b0: &lo + z(1),
                    a1: lo.clone(),
                    b1: lo + z(1),
                };
                mutant(
                    "separation: uniform plans on disjoint squares",
                    CheckSpec::FieldSeparation(FieldSeparation {
                        plan: square(a.clone()),
                        other: square(a + z(1) + gap),
                    }),
                )
            }
        },
        // X0 moved in the source: mu_10 recovered from it is off by delta.
        CheckSpec::MomentRecovery(MomentRecovery { plan, degree, .. }) => mutant(
            "moments: the source's X0 moved",
            CheckSpec::MomentRecovery(MomentRecovery {
                source: Some(shifted(plan, &nonzero(rng), false)),
                plan: plan.clone(),
                degree: (*degree).max(1),
            }),
        ),
        // Jensen: E exp(eps(|X0| + |X1|)) >= e^y >= 1 + y + y^2/2 with
        // y = eps (|E X0| + |E X1|); a bound below that is false.
        CheckSpec::ExponentialMoment(ExponentialMoment { plan, eps, .. }) => {
            let (m0, m1) = mean_x0_x1(plan);
            let y = eps * (m0.abs() + m1.abs());
            let floor = Q::one() + &y + &y * &y / z(2);
            let r = q(rng.random_range(1..=999), 1000);
            mutant(
                "exp moment: a bound below Jensen's",
                CheckSpec::ExponentialMoment(ExponentialMoment {
                    plan: plan.clone(),
                    eps: eps.clone(),
                    bound: floor * r,
                }),
            )
        }
        // The estimate is a valid plan within its own residual: a box that
        // leaves it out, or a tolerance at that residual, makes the claim false.
        CheckSpec::ConsistentPlansBox(k) => {
            let est = estimate(&k.observations).ok()?;
            if est.residual > k.within {
                return None;
            }
            let shift = |by: i64| {
                QMatrix::from_rows(
                    est.plan
                        .c()
                        .to_rows()
                        .into_iter()
                        .map(|r| r.into_iter().map(|x| x + z(by)).collect())
                        .collect(),
                )
                .expect("square")
            };
            mutant(
                "consistent box: a box beside a plan within delta",
                CheckSpec::ConsistentPlansBox(ConsistentPlansBox {
                    lo: shift(1),
                    hi: shift(2),
                    ..k.clone()
                }),
            )
        }
        CheckSpec::NoGaussianPlanWithin(k) => {
            // where no plan has a field (a singular end covariance at an end
            // time), the end laws are made regular first
            let observations = match estimate(&k.observations) {
                Ok(_) => k.observations.clone(),
                Err(_) => {
                    let (m0, m1, _, s11) = k.observations.end_laws();
                    Observations::new(
                        m0.to_vec(),
                        m1.to_vec(),
                        s11.clone(),
                        s11.clone(),
                        k.observations.times().to_vec(),
                    )
                    .ok()?
                }
            };
            let est = estimate(&observations).ok()?;
            mutant(
                "no plan within: delta at the estimate's residual",
                CheckSpec::NoGaussianPlanWithin(NoGaussianPlanWithin {
                    within: est.residual * q(rng.random_range(1..=4), 1),
                    observations,
                }),
            )
        }
    })
}

/// A fresh base instance of a random kind, from seeded random plans.
fn generated(rng: &mut StdRng) -> CheckSpec {
    let d = rng.random_range(1..=3);
    match rng.random_range(0..17) {
        0 => CheckSpec::GaussianLyapunov(GaussianLyapunov {
            plan: gaussian_plan(rng, d),
            claimed: None,
        }),
        1 => CheckSpec::GaussianWellPosed(GaussianWellPosed {
            plan: gaussian_plan(rng, d),
        }),
        2 => CheckSpec::GaussianSingleTime(GaussianSingleTime {
            plan: gaussian_plan(rng, d),
            t: q(1, 2),
        }),
        3 => CheckSpec::GaussianRoundtrip(GaussianRoundtrip {
            plan: gaussian_plan(rng, d),
            times: vec![],
            with_sigma: false,
        }),
        4 => CheckSpec::DensityOnlyWitness(DensityOnlyWitness {
            plan: gaussian_plan(rng, d.max(2)),
            other: None,
        }),
        5 => {
            let (plan, map) = optimal_gaussian_plan(rng, d);
            if rng.random_bool(0.5) {
                CheckSpec::OtStraightPaths(OtStraightPaths { plan, map })
            } else {
                CheckSpec::DeterministicPlan(DeterministicPlan { plan })
            }
        }
        6 => CheckSpec::AtlasKernel(AtlasKernel {
            dim: d,
            degree: rng.random_range(1..=if d == 3 { 5 } else { 7 }),
            kernel_dim: 0,
            density_only_kernel_dim: None,
        }),
        7 => CheckSpec::MultidimCounterexample(MultidimCounterexample(
            Counterexample::paper_instance(),
        )),
        8 => CheckSpec::TransportIdentity(TransportIdentity {
            plan: density_plan(rng),
            map_of: None,
            t: inner_time(rng),
            xs: vec![],
        }),
        9 => CheckSpec::FluxIdentity(FluxIdentity {
            plan: density_plan(rng),
            field_of: None,
            ts: vec![],
            xs: vec![],
        }),
        15 => CheckSpec::FluxIdentityBox(FluxIdentityBox {
            plan: density_plan(rng),
            field_of: None,
            t: (Q::zero(), Q::one()),
            x: (Q::zero(), Q::one()),
            points: 2,
        }),
        16 => CheckSpec::FlowIdentity(FlowIdentity {
            plan: density_plan(rng),
            field_of: None,
            ts: vec![],
            xs: vec![],
        }),
        10 => {
            let plan = density_plan(rng);
            let xs = points(&plan, rng, 3);
            CheckSpec::SameMapDifferentFields(SameMapDifferentFields {
                other: plan.clone(),
                plan,
                xs,
            })
        }
        11 | 12 => {
            let plan = if rng.random_bool(0.5) {
                discrete_plan(rng)
            } else {
                density_plan(rng)
            };
            CheckSpec::FieldSeparation(FieldSeparation {
                other: plan.clone(),
                plan,
            })
        }
        13 => CheckSpec::MomentRecovery(MomentRecovery {
            plan: if rng.random_bool(0.5) {
                discrete_plan(rng)
            } else {
                density_plan(rng)
            },
            source: None,
            degree: rng.random_range(1..=5),
        }),
        _ => CheckSpec::ExponentialMoment(ExponentialMoment {
            plan: if rng.random_bool(0.5) {
                discrete_plan(rng)
            } else {
                density_plan(rng)
            },
            eps: q(rng.random_range(1..=4), 4),
            bound: Q::zero(),
        }),
    }
}

/// A tolerance from 0 up to 10^9, a tenth of them zero: what a careless or
/// hostile proof file might give a decision or a bound.
fn random_tolerance(rng: &mut StdRng) -> Q {
    if rng.random_bool(0.1) {
        return Q::zero();
    }
    let k: i32 = rng.random_range(-30..=9);
    let mantissa = q(rng.random_range(1..=9), 1);
    if k >= 0 {
        mantissa * Q::from_integer(num_traits::pow(num_bigint::BigInt::from(10), k as usize))
    } else {
        mantissa / Q::from_integer(num_traits::pow(num_bigint::BigInt::from(10), (-k) as usize))
    }
}

/// Prints a tally (a row per rule, the four columns named) and returns the
/// column totals.
fn print_tally(tally: &BTreeMap<&str, [usize; 4]>, columns: [&str; 4]) -> [usize; 4] {
    let [a, b, c, d] = columns;
    println!("{:<58} {a:>8} {b:>8} {c:>8} {d:>8}", "rule");
    let mut totals = [0usize; 4];
    for (rule, t) in tally {
        println!("{rule:<58} {:>8} {:>8} {:>8} {:>8}", t[0], t[1], t[2], t[3]);
        for (sum, x) in totals.iter_mut().zip(t) {
            *sum += x;
        }
    }
    totals
}

fn env_number(key: &str, default: u64) -> u64 {
    std::env::var(key)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn no_false_claim_is_ever_certified() {
    let count = env_number("IFM_MUTANTS", 1000) as usize;
    let mut rng = StdRng::seed_from_u64(env_number("IFM_MUTATION_SEED", 2026));
    let proofs = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/proofs"));
    let certified: Vec<Instance> = load(&[proofs])
        .unwrap()
        .into_iter()
        .flat_map(|f| f.instances)
        .filter(|i| i.expect == Verdict::Certified)
        .collect();
    let template = certified[0].clone();

    // every certified instance of proofs/ first, then seeded random ones
    let mut mutants: Vec<(String, Instance)> = Vec::new();
    let mut from_proofs = 0;
    let mut declined = 0;
    let mut k = 0usize;
    while mutants.len() < count {
        let (base, source) = match certified.get(k) {
            Some(i) => (i.clone(), format!("{}/{}", i.lemma, i.name)),
            None => {
                let mut i = template.clone();
                i.spec = generated(&mut rng);
                i.precision = 128;
                i.max_precision = 512;
                (i, format!("generated #{k}"))
            }
        };
        k += 1;
        // a rule may decline a draw (an invalid changed plan, enclosures
        // that do not separate); draw again a few times
        let Some(m) = (0..10).find_map(|_| mutate(&base.spec, &mut rng)) else {
            declined += 1;
            continue;
        };
        if k <= certified.len() {
            from_proofs += 1;
        }
        let mut instance = base;
        instance.name = format!("mutant-{}", mutants.len());
        instance.check = m.rule.to_string();
        instance.spec = m.spec;
        instance.tolerance = if instance.spec.form() == Form::Measure {
            // a measure within a large tolerance may be a true claim;
            // keep its tolerance below every mutation's size
            if instance.tolerance.is_zero() {
                Q::zero()
            } else {
                m.tolerance
            }
        } else {
            // a decision or a bound ignores any tolerance, however large
            random_tolerance(&mut rng)
        };
        mutants.push((source, instance));
    }
    assert!(
        from_proofs == certified.len(),
        "only {from_proofs} of the {} certified instances of proofs/ were mutated",
        certified.len()
    );

    let instances: Vec<Instance> = mutants.iter().map(|(_, i)| i.clone()).collect();
    let results = run_all(&instances, || {});
    let mut tally: BTreeMap<&str, [usize; 4]> = BTreeMap::new();
    let mut certified_false = Vec::new();
    for ((source, instance), r) in mutants.iter().zip(&results) {
        let slot = match r.verdict() {
            Verdict::Refuted => 0,
            Verdict::Inconclusive => 1,
            Verdict::Error => 2,
            Verdict::Certified => {
                certified_false.push(format!(
                    "{} from {source}: {:?}",
                    instance.check, instance.spec
                ));
                3
            }
        };
        tally.entry(instance.check.as_str()).or_default()[slot] += 1;
    }
    let totals = print_tally(&tally, ["refuted", "inconcl.", "error", "CERTIF."]);
    println!(
        "generated {} ({declined} draws declined), from proofs/ {from_proofs}: refuted {}, inconclusive {}, error {}, certified {}",
        mutants.len(),
        totals[0],
        totals[1],
        totals[2],
        totals[3]
    );
    assert!(
        certified_false.is_empty(),
        "false claims certified:\n{}",
        certified_false.join("\n")
    );
    // the suite must exercise the checker, not its input validation
    assert!(
        totals[2] * 20 <= mutants.len(),
        "too many errors: {tally:?}"
    );
}

/// An independent floating-point value of `E exp(eps (|X0| + |X1|))`: a
/// trapezoid rule in `x0` over +-14 standard deviations of the conditional
/// closed form `E[e^{eps |X1|} | X0 = x0]` (a Gaussian in `X1`), with a
/// rational-approximation `erfc` (relative error below 1.2e-7). Good to
/// far better than the margins (0.9 and 1.5) it is used with; it shares no
/// code with the checker.
fn float_exponential_moment(plan: &OneDimPlan, eps: f64) -> f64 {
    fn erfc(x: f64) -> f64 {
        // Numerical Recipes' erfcc (Chebyshev fit)
        let z = x.abs();
        let t = 1.0 / (1.0 + 0.5 * z);
        let r = t
            * (-z * z - 1.26551223
                + t * (1.00002368
                    + t * (0.37409196
                        + t * (0.09678418
                            + t * (-0.18628806
                                + t * (0.27886807
                                    + t * (-1.13520398
                                        + t * (1.48851587
                                            + t * (-0.82215223 + t * 0.17087277)))))))))
                .exp();
        if x >= 0.0 {
            r
        } else {
            2.0 - r
        }
    }
    let cdf = |x: f64| 0.5 * erfc(-x / std::f64::consts::SQRT_2);
    // E e^{a |Y|}, Y ~ N(m, s^2)
    let folded = |a: f64, m: f64, s: f64| {
        if s == 0.0 {
            return (a * m.abs()).exp();
        }
        (a * m + a * a * s * s / 2.0).exp() * cdf(m / s + a * s)
            + (-a * m + a * a * s * s / 2.0).exp() * cdf(-m / s + a * s)
    };
    let f = |x: &Q| -> f64 {
        x.numer().to_string().parse::<f64>().unwrap()
            / x.denom().to_string().parse::<f64>().unwrap()
    };
    let gaussian = |g: &GaussianComponent| {
        let (m0, m1, s00, s11, c) = (f(&g.m0), f(&g.m1), f(&g.s00), f(&g.s11), f(&g.c));
        let sd = s00.sqrt();
        let beta = c / s00;
        let cond_sd = (s11 - c * c / s00).max(0.0).sqrt();
        let n = 6000;
        let (lo, hi) = (m0 - 14.0 * sd, m0 + 14.0 * sd);
        let h = (hi - lo) / n as f64;
        (0..=n)
            .map(|i| {
                let x = lo + h * i as f64;
                let w = if i == 0 || i == n { 0.5 } else { 1.0 };
                let density = (-(x - m0).powi(2) / (2.0 * s00)).exp()
                    / (sd * (2.0 * std::f64::consts::PI).sqrt());
                w * density * (eps * x.abs()).exp() * folded(eps, m1 + beta * (x - m0), cond_sd)
            })
            .sum::<f64>()
            * h
    };
    match plan {
        OneDimPlan::Gaussian(g) => gaussian(g),
        OneDimPlan::Mixture(cs) => cs.iter().map(|(w, g)| f(w) * gaussian(g)).sum(),
        OneDimPlan::Discrete(atoms) => atoms
            .iter()
            .map(|a| f(&a.weight) * (eps * (f(&a.x0).abs() + f(&a.x1).abs())).exp())
            .sum(),
        OneDimPlan::IndependentUniform { a0, b0, a1, b1 } => {
            let one = |a: f64, b: f64| {
                let prim = |u: f64| {
                    if u >= 0.0 {
                        (eps * u).exp() / eps
                    } else {
                        (2.0 - (-eps * u).exp()) / eps
                    }
                };
                (prim(b) - prim(a)) / (b - a)
            };
            one(f(a0), f(b0)) * one(f(a1), f(b1))
        }
    }
}

/// A rational within a part in 10^12 of a float.
fn rational_of(x: f64) -> Q {
    let scale = 1_000_000_000_000i64;
    let exponent = x.abs().log10().floor() as i32;
    let ten = |k: i32| {
        Q::from_integer(num_traits::pow(
            num_bigint::BigInt::from(10),
            k.unsigned_abs() as usize,
        ))
    };
    let unit = if exponent >= 0 {
        ten(exponent)
    } else {
        Q::one() / ten(exponent)
    };
    let mantissa = (x / 10f64.powi(exponent) * scale as f64).round() as i64;
    q(mantissa, scale) * unit
}

/// A true claim, with why it is true and the verdict it must get.
fn true_claim(rng: &mut StdRng) -> (&'static str, CheckSpec, Verdict) {
    let d = rng.random_range(1..=3);
    match rng.random_range(0..9) {
        // 1.5 times and 0.9 times an independent value
        0..=2 => {
            let plan = match rng.random_range(0..4) {
                0 => discrete_plan(rng),
                _ => density_plan(rng),
            };
            let n = rng.random_range(1..=6);
            let eps = q(n, 8);
            let value = float_exponential_moment(&plan, n as f64 / 8.0);
            let above = rng.random_bool(0.5);
            let (rule, factor, verdict) = if above {
                (
                    "exponential moment: bound 1.5 x the true value",
                    1.5,
                    Verdict::Certified,
                )
            } else {
                (
                    "exponential moment: bound 0.9 x the true value",
                    0.9,
                    Verdict::Refuted,
                )
            };
            (
                rule,
                CheckSpec::ExponentialMoment(ExponentialMoment {
                    plan,
                    eps,
                    bound: rational_of(value * factor),
                }),
                verdict,
            )
        }
        // L L^T + I/2 is positive definite, so is Sigma_t = V_t^T Gamma V_t
        3 => (
            "well-posed: a positive definite joint covariance",
            CheckSpec::GaussianWellPosed(GaussianWellPosed {
                plan: gaussian_plan(rng, d),
            }),
            Verdict::Certified,
        ),
        // the closed forms of the atlas, checked for D <= 10, k <= 12
        4 => {
            let dim = rng.random_range(1..=3);
            let degree = rng.random_range(0..=if dim == 3 { 5 } else { 7 });
            (
                "atlas: the closed-form dimensions",
                CheckSpec::AtlasKernel(AtlasKernel {
                    dim,
                    degree,
                    kernel_dim: closed_form_kernel(dim, degree).max(0) as u64,
                    density_only_kernel_dim: Some(
                        closed_form_density_only(dim, degree).max(0) as u64
                    ),
                }),
                Verdict::Certified,
            )
        }
        // T = B B^T + I/2: the optimal plan is deterministic and straight
        5 => {
            let (plan, map) = optimal_gaussian_plan(rng, d);
            if rng.random_bool(0.5) {
                (
                    "straight paths of an optimal plan",
                    CheckSpec::OtStraightPaths(OtStraightPaths { plan, map }),
                    Verdict::Certified,
                )
            } else {
                (
                    "an optimal plan is deterministic",
                    CheckSpec::DeterministicPlan(DeterministicPlan { plan }),
                    Verdict::Certified,
                )
            }
        }
        // two Gaussian plans with the same marginals and different c: the
        // fields differ wherever both are defined, v_t(x) being affine in x
        6 => {
            let g = gaussian_component(rng);
            let mut other = g.clone();
            let step = q(rng.random_range(1..=3), 10);
            other.c = if g.c.is_positive() {
                &g.c / z(2) - step
            } else {
                &g.c / z(2) + step
            };
            let plan = OneDimPlan::Gaussian(g.clone());
            let other_plan = OneDimPlan::Gaussian(other.clone());
            if other.c == g.c || &other.c * &other.c > &other.s00 * &other.s11 {
                return (
                    "well-posed: a positive definite joint covariance",
                    CheckSpec::GaussianWellPosed(GaussianWellPosed {
                        plan: gaussian_plan(rng, d),
                    }),
                    Verdict::Certified,
                );
            }
            (
                "separation: same marginals, another correlation",
                CheckSpec::FieldSeparation(FieldSeparation {
                    plan,
                    other: other_plan,
                }),
                Verdict::Certified,
            )
        }
        // the plan's own identities
        7 => (
            "lyapunov of the plan itself",
            CheckSpec::GaussianLyapunov(GaussianLyapunov {
                plan: gaussian_plan(rng, d),
                claimed: None,
            }),
            Verdict::Certified,
        ),
        _ => {
            let plan = density_plan(rng);
            let xs = points(&plan, rng, 3);
            (
                "transport identity of the plan itself",
                CheckSpec::TransportIdentity(TransportIdentity {
                    plan,
                    map_of: None,
                    t: inner_time(rng),
                    xs,
                }),
                Verdict::Certified,
            )
        }
    }
}

/// True claims (and claims refuted by an independent value) under random
/// tolerances: a true claim is never refuted, a false one never certified,
/// and at most one in twenty is left inconclusive or in error. This is what
/// catches a one-sided bound used to refute.
#[test]
fn true_claims_stay_certified_under_any_tolerance() {
    let count = env_number("IFM_TRUE_CLAIMS", 300) as usize;
    let mut rng = StdRng::seed_from_u64(env_number("IFM_MUTATION_SEED", 2026) + 1);
    let proofs = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/proofs"));
    let template = load(&[proofs]).unwrap()[0].instances[0].clone();
    let mut claims = Vec::new();
    let mut instances = Vec::new();
    for k in 0..count {
        let (rule, spec, expect) = true_claim(&mut rng);
        let mut i = template.clone();
        i.name = format!("true-{k}");
        i.check = rule.into();
        i.tolerance = if spec.form() == Form::Measure {
            q(1, 100_000_000_000_000_000)
        } else {
            random_tolerance(&mut rng)
        };
        i.spec = spec;
        i.precision = 128;
        i.max_precision = 512;
        claims.push(expect);
        instances.push(i);
    }
    let results = run_all(&instances, || {});
    let mut tally: BTreeMap<&str, [usize; 4]> = BTreeMap::new();
    let mut wrong = Vec::new();
    for ((i, r), expect) in instances.iter().zip(&results).zip(&claims) {
        let slot = match r.verdict() {
            v if v == *expect => 0,
            Verdict::Inconclusive => 1,
            Verdict::Error => 2,
            v => {
                wrong.push(format!(
                    "{}: {v}, expected {expect}: {:?} ({:?})",
                    i.check,
                    i.spec,
                    r.outcome.as_ref().map(|o| o.evidence.residual_text())
                ));
                3
            }
        };
        tally.entry(i.check.as_str()).or_default()[slot] += 1;
    }
    let totals = print_tally(&tally, ["as due", "inconcl.", "error", "WRONG"]);
    println!(
        "{count} claims: as due {}, inconclusive {}, error {}, wrong {}",
        totals[0], totals[1], totals[2], totals[3]
    );
    assert!(wrong.is_empty(), "wrong verdicts:\n{}", wrong.join("\n"));
    assert!(
        (totals[1] + totals[2]) * 20 <= count,
        "too many undecided: {tally:?}"
    );
}
