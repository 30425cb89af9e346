//! The check kinds: what each claims (as a formula), how it is decided, and
//! the MATH.md section it instantiates.
//!
//! | kind | claim | section | method |
//! |---|---|---|---|
//! | `gaussian-roundtrip` | the field samples `(A_t, b_t [, Sigma_t])` at the given times determine `C` uniquely, and it is the plan's | 2, Inverse | exact: residual `max |C_rec - C|`, or the number of free dimensions |
//! | `gaussian-lyapunov` | `d/dt Sigma_t = A_t Sigma_t + Sigma_t A_t^T` as a polynomial identity (or for a claimed `A` at `t`) | 2 | exact: largest residual coefficient |
//! | `gaussian-well-posed` | `Sigma_t` is positive definite for all `t` in `[0, 1]` | 2, Validity | exact (Sturm): 0, or 1 with the failing interval |
//! | `gaussian-single-time` | the field at the single time `t` determines `C` | 2, Inverse | exact: number of free dimensions |
//! | `density-only-witness` | a second valid plan has the same `p_t` for all `t` and a different field | 2, Density-only | exact: 0, or 1 with the reason |
//! | `ot-straight-paths` | `Sigma_t = M_t S00 M_t^T`, `G_t = (T - I) S00 M_t^T` (straight lines of `T`) | 2, Straight paths | exact: largest residual coefficient |
//! | `deterministic-plan` | `tr Var(X1 | X0) = 0` from `v_0` and `p1`: the plan is the only one with its marginals and `v_0` | 6 | exact: the trace |
//! | `atlas-kernel` | `dim Ker_{D,k}` (and `dim I(V)_k`) equal the claimed values | 4 | exact: the difference, every block certified |
//! | `transport-identity` | `F_t(Phi_t(x)) = F_0(x)` at the points (`Phi` of another plan in a control) | 3, transport identity | interval: `max |F_t(Phi_t(x)) - F_0(x)|` |
//! | `flux-identity` | `d/dt F_t(x) + v_t(x) p_t(x) = 0` at every point of the grids (`d/dt` by jets in `t`, independent of `v`, `p`); pointwise, not on boxes | 3, flux identity | interval: the largest residual |
//! | `flux-identity-box` | `d/dt F_t(x) + v_t(x) p_t(x) = 0` on the whole box `[t0, t1] x [x0, x1]` (hence `d/dt Phi_t = v_t(Phi_t)` there) | 3, flux identity | exact: a symbolic certificate per component (`src/onedim/flux.rs`), cross-checked by jets at `n x n` points; with another plan's field only points are checked, so it is refuted or inconclusive, never certified |
//! | `flow-identity` | `d/dt Phi_t(x) = v_t(Phi_t(x))` at every point of the grids (`Phi` by interval Newton, `d/dt Phi = -(d/dt F_t)(Phi) / p_t(Phi)`) | 3, transport identity | interval: the largest residual |
//! | `same-map-different-fields` | same marginals (exact), `Phi_1` of both agree at the points, and the fields differ at a certified `(t, x)` | 3 | interval: `max |Phi_1 - Phi'_1|` |
//! | `field-separation` | the fields differ at a rational `(t, x)`: disjoint enclosures of `v_t(x)` (atoms of `p_t` for discrete plans) | 3 | interval search; refuted exactly for identical plans |
//! | `moment-recovery` | every `mu_ij`, `i + j <= K`, is recovered from the moments of `p_t` at `k + 1` times; `det = prod binom(k,j) prod (t_l - t_i)` | 3, moment route | exact: largest difference |
//! | `exponential-moment` | `E exp(eps (|X0| + |X1|)) <= bound` | 3, determinacy | interval: `(M - bound)^+` |
//! | `multidim-counterexample` | `pi` and `pi + eps Q^j g` are distinct plans with the same marginals, `p_t` and field | 5 | exact algebra, then an enclosure of `(eps K e^(-(2 c tau^2+1))/(c tau^2) - 1)^+` |

use super::spec::{CheckSpec, Instance};
use super::verdict::{Residual, Verdict};
use crate::atlas::certify_degree;
use crate::exact::{format_rational, PolyMatrix, Q};
use crate::gaussian::straight::{deterministic_residual, straight_path_residuals};
use crate::gaussian::witness::verify_density_pair;
use crate::gaussian::{
    density_only_witness, DensityWitness, GaussianFieldData, GaussianPlan, Inversion,
    InversionError, WellPosedness,
};
use crate::interval::{escalate, Interval};
use crate::onedim::compare::{
    same_marginals, same_plan, separation_witness, transport_residual, Separation,
};
use crate::onedim::family::{OneDimError, OneDimPlan};
use crate::onedim::flux::{flow_residual_at, flux_residual_at, FluxCertificate};
use crate::onedim::moments::{exponential_moment_bound, mixed_moment, recover_mixed_moments};
use crate::onedim::transport::transport;
use crate::output;
use num_traits::{Signed, Zero};
use serde_json::{json, Value};

/// The result of one check.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The claim, in words.
    pub claim: String,
    /// `exact` or `interval`.
    pub method: &'static str,
    /// The precision of the deciding enclosure (interval checks).
    pub precision_bits: Option<u32>,
    /// The residual.
    pub residual: Residual,
    /// The verdict.
    pub verdict: Verdict,
    /// A witness: a point, a second plan, a kernel basis...
    pub witness: Value,
}

fn exact(claim: String, residual: Q, tol: &Q, witness: Value) -> Outcome {
    let residual = Residual::Exact(residual);
    Outcome {
        claim,
        method: "exact",
        precision_bits: None,
        verdict: residual.verdict(tol),
        residual,
        witness,
    }
}

fn largest_coefficient(m: &PolyMatrix) -> Q {
    let mut best = Q::zero();
    for i in 0..m.rows() {
        for j in 0..m.cols() {
            for c in m.entry(i, j).coeffs() {
                if c.abs() > best {
                    best = c.abs();
                }
            }
        }
    }
    best
}

fn q(n: i64) -> Q {
    Q::from_integer(n.into())
}

fn samples(
    plan: &GaussianPlan,
    times: &[Q],
    with_sigma: bool,
) -> Result<GaussianFieldData, String> {
    GaussianFieldData::of_plan(plan, times, with_sigma).map_err(|e| e.to_string())
}

fn inversion_outcome(
    claim: String,
    plan: &GaussianPlan,
    data: &GaussianFieldData,
    tol: &Q,
) -> Result<Outcome, String> {
    Ok(match data.invert() {
        Ok(Inversion::Unique(p)) => {
            let diff = p.c().sub(plan.c()).expect("same shape");
            let r = diff
                .entries()
                .iter()
                .map(Signed::abs)
                .fold(Q::zero(), |a, b| if b > a { b } else { a });
            exact(claim, r, tol, json!({"c": output::matrix(p.c())}))
        }
        Ok(Inversion::Underdetermined {
            particular, basis, ..
        }) => exact(
            claim,
            q(basis.len() as i64),
            tol,
            json!({"free_dimensions": basis.len(), "c": output::matrix(&particular),
                   "basis": basis.iter().map(output::matrix).collect::<Vec<_>>()}),
        ),
        Err(e @ InversionError::TooLarge { .. }) => return Err(e.to_string()),
        Err(e) => exact(claim, q(1), tol, json!({"reason": e.to_string()})),
    })
}

/// Runs one instance.
pub fn run(instance: &Instance) -> Result<Outcome, String> {
    let tol = &instance.tolerance;
    Ok(match &instance.spec {
        CheckSpec::GaussianRoundtrip {
            plan,
            times,
            with_sigma,
        } => {
            let shown: Vec<String> = times.iter().map(format_rational).collect();
            let claim = format!(
                "the field samples at t = {} ({}) determine C uniquely, and it is the plan's",
                shown.join(", "),
                if *with_sigma {
                    "A_t, b_t, Sigma_t"
                } else {
                    "A_t, b_t"
                }
            );
            inversion_outcome(claim, plan, &samples(plan, times, *with_sigma)?, tol)?
        }
        CheckSpec::GaussianSingleTime { plan, t } => {
            let claim = format!(
                "the field at the single time t = {} determines C",
                format_rational(t)
            );
            inversion_outcome(
                claim,
                plan,
                &samples(plan, std::slice::from_ref(t), false)?,
                tol,
            )?
        }
        CheckSpec::GaussianLyapunov {
            plan,
            claimed: None,
        } => {
            let r = plan.lyapunov_residual();
            exact(
                "d/dt Sigma_t = G_t + G_t^T (= A_t Sigma_t + Sigma_t A_t^T) as polynomials in t"
                    .into(),
                largest_coefficient(&r),
                tol,
                Value::Null,
            )
        }
        CheckSpec::GaussianLyapunov {
            plan,
            claimed: Some((t, a)),
        } => {
            let r = plan.lyapunov_residual_at(t, a).map_err(|e| e.to_string())?;
            let worst =
                r.entries()
                    .iter()
                    .map(Signed::abs)
                    .fold(Q::zero(), |x, y| if y > x { y } else { x });
            exact(
                format!(
                    "the claimed A satisfies A Sigma_t + Sigma_t A^T = d/dt Sigma_t at t = {}",
                    format_rational(t)
                ),
                worst,
                tol,
                if r.is_zero() {
                    Value::Null
                } else {
                    json!({"residual": output::matrix(&r)})
                },
            )
        }
        CheckSpec::GaussianWellPosed { plan } => {
            let claim = "Sigma_t is positive definite for every t in [0, 1]".to_string();
            match plan.well_posedness(&Q::new(1.into(), 1_000_000.into())) {
                WellPosedness::JointPositiveDefinite => exact(
                    claim,
                    Q::zero(),
                    tol,
                    json!({"proof": "Sigma_t = V_t^T Gamma V_t with the joint covariance Gamma positive definite"}),
                ),
                WellPosedness::WellPosed { minors } => exact(
                    claim,
                    Q::zero(),
                    tol,
                    json!({"leading_minors": minors.iter().map(|p| p.to_string().replace('x', "t")).collect::<Vec<_>>()}),
                ),
                WellPosedness::FailsIn {
                    minor,
                    polynomial,
                    lo,
                    hi,
                } => exact(
                    claim,
                    q(1),
                    tol,
                    json!({"minor": minor, "polynomial": polynomial.to_string().replace('x', "t"),
                           "t_interval": [output::rational(&lo), output::rational(&hi)]}),
                ),
            }
        }
        CheckSpec::DensityOnlyWitness { plan, other } => {
            let claim =
                "another valid plan has the same p_t for every t and a different field".to_string();
            match other {
                Some(o) => match verify_density_pair(plan, o) {
                    Ok(t) => exact(
                        claim,
                        Q::zero(),
                        tol,
                        json!({"t": output::rational(&t), "c": output::matrix(o.c())}),
                    ),
                    Err(e) => exact(claim, q(1), tol, json!({"reason": e.to_string()})),
                },
                None => match density_only_witness(plan) {
                    DensityWitness::Found {
                        other,
                        construction,
                        t,
                    } => exact(
                        claim,
                        Q::zero(),
                        tol,
                        json!({"c": output::matrix(other.c()), "construction": construction, "t": output::rational(&t)}),
                    ),
                    DensityWitness::Determined { c } => exact(
                        claim,
                        q(1),
                        tol,
                        json!({"reason": "D = 1: p_t determines c = 2 Sigma_{1/2} - (s00 + s11)/2", "c": output::rational(&c)}),
                    ),
                    DensityWitness::NotFound { tried } => Outcome {
                        claim,
                        method: "exact",
                        precision_bits: None,
                        residual: Residual::Exact(q(1)),
                        verdict: Verdict::Inconclusive,
                        witness: json!({"reason": format!("no witness among {tried} candidates")}),
                    },
                },
            }
        }
        CheckSpec::OtStraightPaths { plan, map } => {
            let (rs, rg) = straight_path_residuals(plan, map);
            let r = largest_coefficient(&rs).max(largest_coefficient(&rg));
            exact(
                "Sigma_t = M_t S00 M_t^T and G_t = (T - I) S00 M_t^T, M_t = (1-t) I + t T: every particle moves on a straight line".into(),
                r,
                tol,
                json!({"map": output::matrix(map)}),
            )
        }
        CheckSpec::DeterministicPlan { plan } => {
            let d = deterministic_residual(plan).map_err(|e| e.to_string())?;
            exact(
                "tr Var(X1 | X0) = E|X1|^2 - E|(A_0 + I) X0 + b_0|^2 = 0: X1 = T X0 + d, the only plan with these marginals and v_0".into(),
                d.residual,
                tol,
                json!({"map": output::matrix(&d.map), "shift": output::vector(&d.shift)}),
            )
        }
        CheckSpec::AtlasKernel {
            dim,
            degree,
            kernel_dim,
            density_only_kernel_dim,
        } => {
            let row = certify_degree(*dim, *degree, || {});
            let mut r = (q(row.kernel_dim as i64) - Q::from_integer((*kernel_dim).into())).abs();
            if let Some(e) = density_only_kernel_dim {
                r += (q(row.density_only_kernel_dim as i64) - Q::from_integer((*e).into())).abs();
            }
            exact(
                format!(
                    "dim Ker_{{{dim},{degree}}} = {kernel_dim}{}",
                    density_only_kernel_dim
                        .map_or(String::new(), |e| format!(" and dim I(V)_{degree} = {e}"))
                ),
                r,
                tol,
                json!({"kernel_dim": row.kernel_dim, "density_only_kernel_dim": row.density_only_kernel_dim,
                       "unknowns": row.unknowns, "blocks": row.blocks, "primes": row.primes}),
            )
        }
        CheckSpec::TransportIdentity {
            plan,
            map_of,
            t,
            xs,
        } => {
            let claim = format!(
                "F_t(Phi_t(x)) = F_0(x) at {} points, t = {}{}",
                xs.len(),
                format_rational(t),
                if map_of.is_some() {
                    ", Phi taken from another plan"
                } else {
                    ""
                }
            );
            let map_plan = map_of.as_ref().unwrap_or(plan);
            escalated(instance, claim, |bits| {
                transport_residual(plan, map_plan, t, xs, bits).map(|r| (r, Value::Null))
            })?
        }
        CheckSpec::FluxIdentity {
            plan,
            field_of,
            ts,
            xs,
        }
        | CheckSpec::FlowIdentity {
            plan,
            field_of,
            ts,
            xs,
        } => {
            type ResidualAt =
                fn(&OneDimPlan, &OneDimPlan, &Q, &Q, u32) -> Result<Interval, OneDimError>;
            let (identity, how, residual_at): (&str, &str, ResidualAt) =
                if matches!(instance.spec, CheckSpec::FlowIdentity { .. }) {
                    (
                        "d/dt Phi_t(x) = v_t(Phi_t(x))",
                        "Phi by interval Newton",
                        flow_residual_at,
                    )
                } else {
                    (
                        "d/dt F_t(x) + v_t(x) p_t(x) = 0",
                        "d/dt by jets",
                        flux_residual_at,
                    )
                };
            let claim = format!(
                "{identity} at {} points (t, x) ({how}){}",
                ts.len() * xs.len(),
                another_field(field_of)
            );
            let field_plan = field_of.as_ref().unwrap_or(plan);
            largest_over_grid(instance, claim, ts, xs, |t, x, bits| {
                residual_at(plan, field_plan, t, x, bits)
            })?
        }
        CheckSpec::FluxIdentityBox {
            plan,
            field_of,
            t,
            x,
            points,
        } => {
            let own_field = field_of.as_ref().is_none_or(|f| f == plan);
            let claim = format!(
                "d/dt F_t(x) + v_t(x) p_t(x) = 0 on the whole box [{}, {}] x [{}, {}]{}",
                format_rational(&t.0),
                format_rational(&t.1),
                format_rational(&x.0),
                format_rational(&x.1),
                if own_field {
                    " (symbolic certificate per component, cross-checked by jets at points)"
                } else {
                    ", v from another plan (points only: refuted or inconclusive)"
                }
            );
            let field_plan = field_of.as_ref().unwrap_or(plan);
            let grid = |(lo, hi): &(Q, Q)| -> Vec<Q> {
                (0..*points)
                    .map(|i| lo + (hi - lo) * Q::new(i.into(), (*points - 1).into()))
                    .collect()
            };
            let (ts, xs) = (grid(t), grid(x));
            let pointwise = largest_over_grid(instance, claim.clone(), &ts, &xs, |t, x, bits| {
                flux_residual_at(plan, field_plan, t, x, bits)
            });
            if !own_field {
                // points can refute the claim, never prove it on a box
                let pointwise = pointwise?;
                let witness = json!({"points": points * points,
                                     "largest_pointwise_bound": pointwise.residual.to_json()});
                let verdict = match pointwise.verdict {
                    Verdict::Refuted => Verdict::Refuted,
                    _ => Verdict::Inconclusive,
                };
                return Ok(Outcome {
                    verdict,
                    witness,
                    ..pointwise
                });
            }
            let certificate =
                FluxCertificate::for_plan(plan, &t.0, &t.1).map_err(|e| e.to_string())?;
            if let Some(why) = certificate.failure() {
                return Err(format!("no symbolic certificate: {why}"));
            }
            // the cross-check confirms the certificate where it can run (far
            // tails where p_t underflows cannot be enclosed; the certificate
            // covers them)
            let cross_check = match &pointwise {
                Ok(o) if o.verdict == Verdict::Certified => o.residual.to_json(),
                Ok(o) => {
                    return Err(format!(
                        "the symbolic certificate holds but the pointwise check says {}",
                        o.verdict
                    ))
                }
                Err(e) => json!(format!("not run: {e}")),
            };
            exact(
                claim,
                Q::zero(),
                tol,
                json!({"boxes": 1, "components": certificate.components,
                       "points": points * points,
                       "largest_pointwise_bound": cross_check}),
            )
        }
        CheckSpec::SameMapDifferentFields { plan, other, xs } => {
            let claim = format!(
                "same marginals, the same monotone map T = Phi_1 at {} points, and different fields",
                xs.len()
            );
            if !same_marginals(plan, other) {
                return Ok(exact(
                    claim,
                    q(1),
                    tol,
                    json!({"reason": "the marginals differ"}),
                ));
            }
            if same_plan(plan, other) {
                return Ok(exact(
                    claim,
                    q(1),
                    tol,
                    json!({"reason": "the two plans are the same plan: same field"}),
                ));
            }
            let mut outcome = escalated(instance, claim, |bits| {
                let one = Q::from_integer(1.into());
                let mut worst = Interval::from_i64(0, bits);
                for x in xs {
                    let a = transport(plan, &one, x, bits)?.to_interval(bits);
                    let b = transport(other, &one, x, bits)?.to_interval(bits);
                    worst = worst.max_of(&(a - b).abs());
                }
                Ok((worst, Value::Null))
            })?;
            match separation_witness(plan, other, outcome.precision_bits.unwrap_or(128)) {
                Some(w) => outcome.witness = separation_json(&w),
                None if outcome.verdict == Verdict::Certified => {
                    outcome.verdict = Verdict::Inconclusive;
                    outcome.witness =
                        json!({"reason": "no separating (t, x) found on the search grid"});
                }
                None => {}
            }
            outcome
        }
        CheckSpec::FieldSeparation { plan, other } => {
            let claim = "the two fields differ at a certified rational (t, x)".to_string();
            if same_plan(plan, other) {
                exact(
                    claim,
                    q(1),
                    tol,
                    json!({"reason": "the two plans are the same plan: same field"}),
                )
            } else {
                match separation_witness(plan, other, instance.max_precision) {
                    Some(w) => exact(claim, Q::zero(), tol, separation_json(&w)),
                    None => Outcome {
                        claim,
                        method: "interval",
                        precision_bits: Some(instance.max_precision),
                        residual: Residual::Exact(q(1)),
                        verdict: Verdict::Inconclusive,
                        witness: json!({"reason": "no separating (t, x) found on the search grid"}),
                    },
                }
            }
        }
        CheckSpec::MomentRecovery {
            plan,
            source,
            degree,
        } => {
            let from = source.as_ref().unwrap_or(plan);
            let mut worst = Q::zero();
            let mut witness = Vec::new();
            for k in 1..=*degree {
                let rec = recover_mixed_moments(from, k);
                if rec.det.0 != rec.det.1 {
                    worst = worst.max(q(1));
                }
                for (j, value) in rec.recovered.iter().enumerate() {
                    let truth = mixed_moment(plan, k - j as u32, j as u32);
                    let d = (value - &truth).abs();
                    if d > worst {
                        worst = d;
                    }
                    if k == *degree {
                        witness.push(output::rational(value));
                    }
                }
            }
            exact(
                format!(
                    "every mixed moment mu_ij, i + j <= {degree}, is recovered exactly from the moments of p_t{}",
                    if source.is_some() { " of another plan" } else { "" }
                ),
                worst,
                tol,
                json!({"top_degree_moments": witness}),
            )
        }
        CheckSpec::ExponentialMoment { plan, eps, bound } => {
            let claim = format!(
                "E exp({} (|X0| + |X1|)) <= {}",
                format_rational(eps),
                format_rational(bound)
            );
            escalated(instance, claim, |bits| {
                let m = exponential_moment_bound(plan, eps, bits);
                let excess = &m - &Interval::from_rational(bound, bits);
                let zero = Interval::from_i64(0, bits);
                let residual = excess.max_of(&zero); // the positive part of M - bound
                Ok((residual, json!({"upper_bound": m.to_decimal(12).1})))
            })?
        }
        CheckSpec::MultidimCounterexample(c) => {
            let claim = format!(
                "pi = N(0, {} I) and pi + {} Q^{} g, g = N(0, {} I), D = {}, are distinct plans with the same marginals, p_t and field",
                format_rational(&c.sigma2), format_rational(&c.eps), c.power, format_rational(&c.tau2), c.dim
            );
            let run = escalate(
                instance.precision,
                instance.max_precision,
                |bits| c.certify(bits),
                |r| {
                    r.as_ref().map_or(true, |r| {
                        !r.failures.is_empty() || r.positive != crate::interval::Tri::Unknown
                    })
                },
            )
            .map_err(|e| e.to_string())?;
            let report = run.value.map_err(|e| e.to_string())?;
            let mut witness = json!({
                "h_over_g": poly_text(&report.density_factor),
                "moment_difference": output::rational(&report.moment_difference),
                "positivity_ratio": output::interval(&report.positivity_ratio),
            });
            if let Some(a1) = &report.negative_point {
                witness["negative_at_a1"] = output::rational(a1);
            }
            if let Some(m) = &report.exponential_moment {
                witness["exponential_moment_bound"] = json!(m.to_decimal(10).1);
            }
            if !report.failures.is_empty() {
                witness["failures"] = json!(report.failures);
                return Ok(exact(claim, q(report.failures.len() as i64), tol, witness));
            }
            let excess = &report.positivity_ratio - &Interval::from_i64(1, run.bits);
            let residual = excess.max_of(&Interval::from_i64(0, run.bits));
            interval_outcome(claim, run.bits, residual, witness, tol)
        }
    })
}

fn separation_json(w: &Separation) -> Value {
    match w {
        Separation::Fields {
            t,
            x,
            first,
            second,
        } => json!({
            "t": output::rational(t), "x": output::rational(x),
            "v_t": output::interval(first), "other_v_t": output::interval(second),
        }),
        Separation::Densities { t } => {
            json!({"t": output::rational(t), "reason": "the atoms of p_t differ"})
        }
    }
}

/// An interval check: the residual enclosure from `compute(bits)`, with the
/// precision doubled until the verdict is decided or the largest precision
/// is reached.
fn escalated(
    instance: &Instance,
    claim: String,
    compute: impl Fn(u32) -> Result<(Interval, Value), OneDimError>,
) -> Result<Outcome, String> {
    let tol = &instance.tolerance;
    let run = escalate(instance.precision, instance.max_precision, compute, |r| {
        r.as_ref().map_or(true, |(x, _)| {
            Residual::Enclosure(x.clone()).verdict(tol) != Verdict::Inconclusive
        })
    })
    .map_err(|e| e.to_string())?;
    let (residual, witness) = run.value.map_err(|e| e.to_string())?;
    Ok(interval_outcome(claim, run.bits, residual, witness, tol))
}

/// `, v from another plan` when the field is another plan's.
fn another_field(field_of: &Option<OneDimPlan>) -> &'static str {
    if field_of.is_some() {
        ", v from another plan"
    } else {
        ""
    }
}

/// The largest `|residual_at(t, x)|` over the grid `ts x xs`, escalating
/// the precision until decided.
fn largest_over_grid(
    instance: &Instance,
    claim: String,
    ts: &[Q],
    xs: &[Q],
    residual_at: impl Fn(&Q, &Q, u32) -> Result<Interval, OneDimError>,
) -> Result<Outcome, String> {
    escalated(instance, claim, |bits| {
        let mut worst = Interval::from_i64(0, bits);
        for t in ts {
            for x in xs {
                worst = worst.max_of(&residual_at(t, x, bits)?.abs());
            }
        }
        Ok((worst, Value::Null))
    })
}

/// The outcome of an interval check decided at `bits`.
fn interval_outcome(
    claim: String,
    bits: u32,
    residual: Interval,
    witness: Value,
    tol: &Q,
) -> Outcome {
    let residual = Residual::Enclosure(residual);
    Outcome {
        claim,
        method: "interval",
        precision_bits: Some(bits),
        verdict: residual.verdict(tol),
        residual,
        witness,
    }
}

fn poly_text(p: &crate::atlas::polynomial::MPoly) -> String {
    let mut parts = Vec::new();
    for (e, c) in p.terms() {
        let mono: Vec<String> = e
            .iter()
            .enumerate()
            .filter(|(_, &k)| k > 0)
            .map(|(i, &k)| {
                if k == 1 {
                    format!("z{}", i + 1)
                } else {
                    format!("z{}^{k}", i + 1)
                }
            })
            .collect();
        parts.push(if mono.is_empty() {
            format_rational(c)
        } else {
            format!("{} {}", format_rational(c), mono.join(" "))
        });
    }
    if parts.is_empty() {
        "0".into()
    } else {
        parts.join(" + ")
    }
}
