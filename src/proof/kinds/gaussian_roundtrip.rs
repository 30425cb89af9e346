//! `gaussian-roundtrip`: plan -> field samples -> plan, uniquely and exactly
//! (mathematics section 2, "Inverse").

use crate::coq::{self, Theorem};
use crate::exact::SystemSolution;
use crate::exact::Q;
use crate::gaussian::{FieldAt, GaussianFieldData, GaussianPlan, Inversion, InversionError};
use crate::input::{InputError, Table};
use crate::proof::fields::{gaussian_plan, times};
use crate::proof::keys::{Key, KeyType};
use crate::proof::kind::{About, CheckKind, Context, Form};
use crate::proof::verdict::Evidence;
use crate::proof::verdict::Verdict;
use crate::proof::wire;
use crate::tex;
use num_traits::Zero;
use serde_json::{json, Value};
use std::path::Path;

/// The data of a `gaussian-roundtrip` instance.
#[derive(Debug, Clone)]
pub struct GaussianRoundtrip {
    /// The plan.
    pub plan: GaussianPlan,
    /// The sample times.
    pub times: Vec<Q>,
    /// Whether the samples carry `Sigma_t`.
    pub with_sigma: bool,
}

impl CheckKind for GaussianRoundtrip {
    const NAME: &'static str = "gaussian-roundtrip";
    const KEYS: &'static [Key] = &[
        Key::required(
            "plan",
            KeyType::GaussianPlan,
            "the plan whose field is sampled",
        ),
        Key::required("times", KeyType::Times, "the sample times"),
        Key::optional(
            "with_sigma",
            KeyType::Boolean,
            "`false`: the samples are `(A_t, b_t)`",
            "whether each sample also gives `Sigma_t`",
        ),
    ];
    const FORM: Form = Form::Decision;
    const ABOUT: About = About {
        claim: "the field samples `(A_t, b_t [, Sigma_t])` at the given times determine the plan's `C` among valid plans",
        preconditions: "none beyond a valid plan",
        section: "2, inverse",
        method: "exact: a unique solution of the samples' linear system certifies; a second valid plan with the same samples (the plan's `C` moved along a free direction) refutes; free directions without a valid second plan are inconclusive",
    };
    const HINTS: &'static [&'static str] = &["reason"];

    fn parse(t: &Table<'_>, base: &Path) -> Result<Self, InputError> {
        Ok(GaussianRoundtrip {
            plan: gaussian_plan(&t.require("plan")?, base)?,
            times: times(&t.require("times")?)?,
            with_sigma: match t.get("with_sigma") {
                None => false,
                Some(f) => f.boolean()?,
            },
        })
    }

    fn claim(&self) -> String {
        format!(
            "the field samples {} at $t = {}$ determine $C$ uniquely: the plan's own $C$ is the only one",
            if self.with_sigma {
                "$(A_t, b_t, \\Sigma_t)$"
            } else {
                "$(A_t, b_t)$"
            },
            tex::rationals(&self.times)
        )
    }

    fn inputs(&self) -> serde_json::Value {
        json!({"plan": wire::gaussian_plan(&self.plan), "times": wire::vector(&self.times), "with_sigma": self.with_sigma})
    }

    fn evidence(&self, _: &Context) -> Result<Evidence, String> {
        determined(&self.plan, &self.times, self.with_sigma)
    }

    const COQ: bool = true;

    fn coq(&self, name: &str, verdict: Verdict, witness: &Value) -> Result<Theorem, String> {
        determined_in_coq(
            name,
            &self.plan,
            &self.times,
            self.with_sigma,
            verdict,
            witness,
        )
    }
}

/// Whether the plan's own field samples at `times` determine `C`, exactly:
/// holds when the inversion is unique (its solution is then the plan's
/// `C`, which solves the equations by construction: another one would be
/// an internal error, reported, never a verdict); fails with the free
/// directions, or the reason no plan fits.
pub(crate) fn determined(
    plan: &GaussianPlan,
    times: &[Q],
    with_sigma: bool,
) -> Result<Evidence, String> {
    match inversion(plan, times, with_sigma)? {
        Recovered::Unique(c) if &c == plan.c() => {
            Ok(Evidence::exact(true, json!({"c": wire::matrix(&c)})))
        }
        Recovered::Unique(c) => Err(format!(
            "internal error: the unique solution {} is not the plan's C",
            wire::matrix(&c)
        )),
        Recovered::NotUnique(witness) => Ok(Evidence::exact(false, witness)),
        Recovered::Undecided(witness) => Ok(Evidence::Undecided {
            method: crate::proof::verdict::Method::Exact,
            witness,
        }),
    }
}

/// `C + delta N` for a free direction `N` and `delta = +-2^-k`, `k <= 40`,
/// whose joint covariance is positive semidefinite and whose `Sigma_t` is
/// invertible at every sample time (so that its field is sampled there
/// too), if any.
fn second_plan(
    plan: &GaussianPlan,
    basis: &[crate::exact::QMatrix],
    times: &[Q],
) -> Option<crate::exact::QMatrix> {
    let defined = |p: &GaussianPlan| {
        times.iter().all(|t| {
            p.sigma_at(t)
                .det()
                .is_ok_and(|d| !num_traits::Zero::is_zero(&d))
        })
    };
    for n in basis {
        for k in 0..=40u32 {
            let delta = Q::new(
                1.into(),
                num_traits::pow(num_bigint::BigInt::from(2), k as usize),
            );
            for d in [delta.clone(), -delta] {
                let c = plan.c().add(&n.scale(&d)).expect("same shape");
                if plan
                    .with_cross_covariance(c.clone())
                    .is_ok_and(|p| defined(&p))
                {
                    return Some(c);
                }
            }
        }
    }
    None
}

/// The equations a second plan `C'` with the plan's samples satisfies,
/// linear in the entries of `C'` (unknown `a n + b` is `C'_ab`): one row
/// per hypothesis of the Coq proof, named as there. `HQk_i_j` is
/// `(A_t Sigma_t(C') - G_t(C'))_ij = 0`, `HSk_i_j` is
/// `Sigma_t - Sigma_t(C') = 0` (with `Sigma_t`).
struct Equations {
    matrix: crate::exact::QMatrix,
    names: Vec<String>,
}

fn second_plan_equations(
    plan: &GaussianPlan,
    fields: &[crate::gaussian::FieldAt],
    with_sigma: bool,
) -> Equations {
    let n = plan.dim();
    let one = Q::from_integer(1.into());
    let mut rows = Vec::new();
    let mut names = Vec::new();
    for (k, f) in fields.iter().enumerate() {
        let t = &f.t;
        let mixed = t * (&one - t);
        // the derivative of each equation along C' = e_ab
        let along = |a: usize, b: usize| {
            let mut e = crate::exact::QMatrix::zeros(n, n);
            e[(a, b)] = one.clone();
            let sym = e.add(&e.transpose()).expect("square").scale(&mixed);
            let g = e
                .transpose()
                .scale(&(&one - t))
                .sub(&e.scale(t))
                .expect("square");
            let field = f.a_t.mul(&sym).expect("square").sub(&g).expect("square");
            (field, sym.scale(&-one.clone()))
        };
        let columns: Vec<_> = (0..n * n).map(|u| along(u / n, u % n)).collect();
        for i in 0..n {
            for j in 0..n {
                rows.push(columns.iter().map(|c| c.0[(i, j)].clone()).collect());
                names.push(format!("HQ{k}_{i}_{j}"));
                if with_sigma {
                    rows.push(columns.iter().map(|c| c.1[(i, j)].clone()).collect());
                    names.push(format!("HS{k}_{i}_{j}"));
                }
            }
        }
    }
    Equations {
        matrix: crate::exact::QMatrix::from_rows(rows).expect("rectangular"),
        names,
    }
}

/// The outcome of inverting a plan's own field samples.
pub(crate) enum Recovered {
    /// The samples determine this `C`.
    Unique(crate::exact::QMatrix),
    /// They do not: a second valid plan with the same samples.
    NotUnique(serde_json::Value),
    /// The linear system has free directions, but no second valid plan
    /// was found along them (the plan may sit on the boundary of validity).
    Undecided(serde_json::Value),
}

/// Inverts the samples of `plan` at `times`, exactly.
pub(crate) fn inversion(
    plan: &GaussianPlan,
    times: &[Q],
    with_sigma: bool,
) -> Result<Recovered, String> {
    let data = GaussianFieldData::of_plan(plan, times, with_sigma).map_err(|e| e.to_string())?;
    Ok(match data.invert() {
        Ok(Inversion::Unique(p)) => Recovered::Unique(p.c().clone()),
        Ok(Inversion::Underdetermined {
            particular, basis, ..
        }) => {
            let mut witness = json!({
                "free_dimensions": basis.len(), "c": wire::matrix(&particular),
                "basis": basis.iter().map(wire::matrix).collect::<Vec<_>>()});
            // a free direction refutes uniqueness among plans only with a
            // second VALID plan: the plan's C moved along it, small enough
            // to keep the joint covariance positive semidefinite
            match second_plan(plan, &basis, times) {
                Some(c) => witness["second_c"] = wire::matrix(&c),
                None => return Ok(Recovered::Undecided(witness)),
            }
            Recovered::NotUnique(witness)
        }
        Err(e @ InversionError::TooLarge { .. }) => return Err(e.to_string()),
        Err(e) => Recovered::NotUnique(json!({"reason": e.to_string()})),
    })
}

/// The Coq theorem of [`determined`] (docs/coq.md). Certified: every valid
/// plan with the same end laws and the same samples has the plan's `C`,
/// proven by `lra` from the samples' equations (first `A_t`, from
/// `A_t Sigma_t = G_t` of the plan, then `C'` from the second plan's).
/// Refuted: the second valid plan of the witness, with the same samples,
/// and a different `C`.
pub(crate) fn determined_in_coq(
    name: &str,
    plan: &GaussianPlan,
    times: &[Q],
    with_sigma: bool,
    verdict: Verdict,
    witness: &Value,
) -> Result<Theorem, String> {
    let n = plan.dim();
    coq::dimension(n)?;
    let p = format!("{name}__plan");
    let same = if with_sigma {
        "same_field_and_law"
    } else {
        "same_field"
    };
    let samples: Vec<String> = times
        .iter()
        .map(|t| format!("{same} {n} {p} (with_C {p} C') {}", coq::real(t)))
        .collect();
    let fields = times
        .iter()
        .map(|t| plan.field_at(t).map_err(|e| e.to_string()))
        .collect::<Result<Vec<_>, _>>()?;
    let (statement, proof) = match verdict {
        Verdict::Certified => uniqueness_in_coq(plan, &p, &fields, with_sigma, &samples)?,
        Verdict::Refuted => second_plan_in_coq(plan, &p, &fields, with_sigma, &samples, witness)?,
        _ => {
            return Err(format!(
                "{}: only certified and refuted instances are exported",
                verdict.as_str()
            ))
        }
    };
    let definitions = vec![coq::plan_definition(&p, plan)];
    Theorem::on_valid_plan(&p, plan, definitions, statement, proof)
}

/// The certified statement and its proof: every valid `C'` with the same
/// samples is `C`; the entries of `A_t` from the plan's equations, then
/// those of `C'` from the second plan's.
fn uniqueness_in_coq(
    plan: &GaussianPlan,
    p: &str,
    fields: &[FieldAt],
    with_sigma: bool,
    samples: &[String],
) -> Result<(String, String), String> {
    let n = plan.dim();
    let statement = format!(
        "forall C' : mat,\n    valid {n} (with_C {p} C') ->\n    {} ->\n    meq {n} C' (C {p})",
        samples.join(" ->\n    ")
    );
    let combinations = entry_combinations(plan, fields, with_sigma)?;
    let used: std::collections::BTreeSet<&str> = combinations
        .iter()
        .flat_map(|(_, _, terms)| terms.iter().map(|(_, h)| h.as_str()))
        .collect();
    let time_used = |k: usize| {
        let (q, s) = (format!("HQ{k}_"), format!("HS{k}_"));
        used.iter().any(|h| h.starts_with(&q) || h.starts_with(&s))
    };
    let mut proof = format!(
        "  intros C' _ {}.\n  unfold {p} in *.\n",
        (0..fields.len())
            .map(|k| format!("H{k}"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    let kept: Vec<usize> = (0..fields.len()).filter(|&k| time_used(k)).collect();
    for k in 0..fields.len() {
        if !kept.contains(&k) {
            proof.push_str(&format!("  clear H{k}.\n"));
            continue;
        }
        let field = format!("[A{k} [b{k} [[_ [HP{k} _]] [_ [HQ{k} _]]]]]");
        if with_sigma {
            proof.push_str(&format!("  destruct H{k} as [{field} HS{k}].\n"));
            proof.push_str(&coq::some_entries(&format!("HS{k}"), n, |h| {
                used.contains(h)
            }));
        } else {
            proof.push_str(&format!("  destruct H{k} as {field}.\n"));
        }
        proof.push_str(&coq::entries(&format!("HP{k}"), n));
    }
    proof.push_str("  expand.\n");
    let mut rewrites = String::new();
    for &k in &kept {
        let f = &fields[k];
        // A = A Sigma_t W = G_t W with W = Sigma_t^{-1}
        let w = f.sigma_t.inverse().map_err(|e| e.to_string())?;
        for i in 0..n {
            for j in 0..n {
                let terms: Vec<(Q, String)> = (0..n)
                    .map(|l| (w[(l, j)].clone(), format!("HP{k}_{i}_{l}")))
                    .collect();
                proof.push_str(&format!(
                    "  assert (A{k}_{i}_{j} : A{k} {i}%nat {j}%nat = {}) by ({}).\n",
                    coq::real(&f.a_t[(i, j)]),
                    coq::combination(&format!("A{k} {i}%nat {j}%nat"), &f.a_t[(i, j)], &terms)
                ));
                rewrites.push_str(&format!("  rewrite A{k}_{i}_{j} in *.\n"));
            }
        }
        proof.push_str(&coq::some_entries(&format!("HQ{k}"), n, |h| {
            used.contains(h)
        }));
    }
    proof.push_str("  expand.\n");
    proof.push_str(&rewrites);
    let mut solved = Vec::new();
    for (a, b, terms) in &combinations {
        proof.push_str(&format!(
            "  assert (C_{a}_{b} : C' {a}%nat {b}%nat = {}) by ({}).\n",
            coq::real(&plan.c()[(*a, *b)]),
            coq::combination(&format!("C' {a}%nat {b}%nat"), &plan.c()[(*a, *b)], terms)
        ));
        solved.push(format!("C_{a}_{b}"));
    }
    proof.push_str(&format!("  clear - {}.\n  entrywise.\n", solved.join(" ")));
    Ok((statement, proof))
}

/// An entry `(a, b)` of `C'` and the equations (coefficient, name) that
/// combine to it.
type EntryCombination = (usize, usize, Vec<(Q, String)>);

/// Each entry `(a, b)` of `C'` as a combination of the second plan's
/// equations (named as in the proof), from a left inverse of the stacked
/// system.
fn entry_combinations(
    plan: &GaussianPlan,
    fields: &[FieldAt],
    with_sigma: bool,
) -> Result<Vec<EntryCombination>, String> {
    let n = plan.dim();
    // each entry of C' as a combination of the second plan's
    // equations; only the equations (and times) used are posed
    let equations = second_plan_equations(plan, fields, with_sigma);
    let mut combinations = Vec::new();
    for a in 0..n {
        for b in 0..n {
            let mut target = vec![Q::from_integer(0.into()); n * n];
            target[a * n + b] = Q::from_integer(1.into());
            let coefficients = match equations
                .matrix
                .transpose()
                .solve_system(&target)
                .map_err(|e| e.to_string())?
            {
                SystemSolution::Unique(x) => x,
                SystemSolution::Underdetermined { particular, .. } => particular,
                SystemSolution::Inconsistent { .. } => {
                    return Err("internal error: the samples do not determine C".into())
                }
            };
            let terms: Vec<(Q, String)> = coefficients
                .into_iter()
                .zip(equations.names.iter().cloned())
                .filter(|(c, _)| !c.is_zero())
                .collect();
            combinations.push((a, b, terms));
        }
    }
    Ok(combinations)
}

/// The refuted statement and its proof: the witness's second valid plan,
/// with the same samples and a different `C`.
fn second_plan_in_coq(
    plan: &GaussianPlan,
    p: &str,
    fields: &[FieldAt],
    with_sigma: bool,
    samples: &[String],
    witness: &Value,
) -> Result<(String, String), String> {
    let n = plan.dim();
    let second = witness
        .get("second_c")
        .and_then(crate::proof::wire::read_matrix)
        .ok_or("refuted without a second plan: no witness to export")?;
    let second_plan = plan
        .with_cross_covariance(second.clone())
        .map_err(|e| e.to_string())?;
    let statement = format!(
        "exists C' : mat,\n    valid {n} (with_C {p} C') /\\ ~ meq {n} C' (C {p}) /\\\n    {}",
        samples.join(" /\\\n    ")
    );
    let (i, j) = (0..n)
        .flat_map(|i| (0..n).map(move |j| (i, j)))
        .find(|&(i, j)| second[(i, j)] != plan.c()[(i, j)])
        .ok_or("the second plan's C is the plan's own")?;
    let validity = coq::validity_proof(p, &second_plan)
        .ok_or("the second plan is not positive semidefinite")?;
    let mut proof = format!(
        "  exists {}.\n  split.\n{validity}  split.\n  {{ intros H; pose proof (H {i}%nat {j}%nat ltac:(lia) ltac:(lia)) as E.\n    unfold {p} in E; expand; lra. }}\n",
        coq::matrix(&second)
    );
    for (k, f) in fields.iter().enumerate() {
        let inverse = |q: &GaussianPlan| {
            q.sigma_at(&f.t)
                .inverse()
                .map(|w| coq::field_proof(p, &w))
                .map_err(|e| e.to_string())
        };
        let both = format!(
            "exists {}, {}. split.\n      {}\n      {}",
            coq::matrix(&f.a_t),
            coq::vector(&f.b_t),
            inverse(plan)?,
            inverse(&second_plan)?
        );
        let sample = if with_sigma {
            format!("split.\n    {{ {both} }}\n    {{ unfold {p}; entrywise. }}")
        } else {
            both
        };
        if k + 1 < fields.len() {
            proof.push_str(&format!("  split.\n  {{ {sample} }}\n"));
        } else {
            proof.push_str(&format!("  {{ {sample} }}\n"));
        }
    }
    Ok((statement, proof))
}
