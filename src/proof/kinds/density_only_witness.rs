//! `density-only-witness`: a second valid plan has the same `p_t` for every
//! `t` and a different field, so the densities alone do not determine a
//! Gaussian plan when `D >= 2` (mathematics section 2, "Density-only").

use crate::coq::{self, Theorem};
use crate::exact::Q;
use crate::gaussian::witness::verify_density_pair;
use crate::gaussian::{density_only_witness, DensityWitness, GaussianPlan};
use crate::input::{InputError, Table};
use crate::proof::fields::gaussian_plan;
use crate::proof::keys::{Key, KeyType};
use crate::proof::kind::{About, CheckKind, Context, Form};
use crate::proof::verdict::Verdict;
use crate::proof::verdict::{Evidence, Method};
use crate::proof::wire;
use serde_json::{json, Value};
use std::path::Path;

/// The data of a `density-only-witness` instance.
#[derive(Debug, Clone)]
pub struct DensityOnlyWitness {
    /// The plan.
    pub plan: GaussianPlan,
    /// A proposed second plan (searched when absent).
    pub other: Option<GaussianPlan>,
}

impl CheckKind for DensityOnlyWitness {
    const NAME: &'static str = "density-only-witness";
    const KEYS: &'static [Key] = &[
        Key::required("plan", KeyType::GaussianPlan, "the plan"),
        Key::optional(
            "other",
            KeyType::GaussianPlan,
            "a second plan is searched",
            "a second plan to check",
        ),
    ];
    const FORM: Form = Form::Decision;
    const ABOUT: About = About {
        claim: "another valid plan (the given `other`, or one searched) has the same `p_t` for every `t` and a different field",
        preconditions: "the second plan valid (PSD joint covariance, checked when read), the same end laws, `Sigma_t` equal as polynomials, both fields defined at the witness time",
        section: "2, density-only",
        method: "exact; in `D = 1`, refuted by `c = 2 Sigma_{1/2} - (s00 + s11)/2`; inconclusive when the search finds no second plan",
    };
    const HINTS: &'static [&'static str] = &["construction", "reason"];

    fn parse(t: &Table<'_>, base: &Path) -> Result<Self, InputError> {
        Ok(DensityOnlyWitness {
            plan: gaussian_plan(&t.require("plan")?, base)?,
            other: t
                .get("other")
                .map(|f| gaussian_plan(&f, base))
                .transpose()?,
        })
    }

    fn claim(&self) -> String {
        if self.other.is_some() {
            "the given second plan is valid, has the same $p_t$ for every $t$ and a different field"
                .into()
        } else {
            "another valid plan has the same $p_t$ for every $t$ and a different field".into()
        }
    }

    fn inputs(&self) -> serde_json::Value {
        json!({"plan": wire::gaussian_plan(&self.plan), "other": self.other.as_ref().map(wire::gaussian_plan)})
    }

    const COQ: bool = true;

    /// Certified: `exists C', valid n (with_C P C') /\ same_densities n P
    /// (with_C P C') /\ different_fields n P (with_C P C') t`, with the
    /// witness's `C'` and `t`. Refuted in `D = 1`: every valid plan with
    /// the same densities has the plan's `c` (from `Sigma_{1/2}`), a
    /// stronger statement than the negation. A refuted given `other` is
    /// not exported (the reason is a word, not a witness).
    fn coq(&self, name: &str, verdict: Verdict, witness: &Value) -> Result<Theorem, String> {
        let n = self.plan.dim();
        coq::dimension(n)?;
        let p = format!("{name}__plan");
        let (statement, proof) = match verdict {
            Verdict::Certified => {
                let second = witness
                    .get("c")
                    .and_then(wire::read_matrix)
                    .ok_or("no second plan in the witness")?;
                let t = witness
                    .get("t")
                    .and_then(|t| crate::exact::parse_rational(t.as_str()?).ok())
                    .ok_or("no time in the witness")?;
                let other = self
                    .plan
                    .with_cross_covariance(second.clone())
                    .map_err(|e| e.to_string())?;
                let (f, g) = (
                    self.plan.field_at(&t).map_err(|e| e.to_string())?,
                    other.field_at(&t).map_err(|e| e.to_string())?,
                );
                let ij = (0..n)
                    .flat_map(|i| (0..n).map(move |j| (i, j)))
                    .find(|&ij| f.a_t[ij] != g.a_t[ij])
                    .ok_or("the two fields agree at the witness's time")?;
                let inverse = |s: &crate::exact::QMatrix| s.inverse().map_err(|e| e.to_string());
                let validity = coq::validity_proof(&p, &other)
                    .ok_or("the second plan is not positive semidefinite")?;
                (
                    format!(
                        "exists C' : mat,\n    valid {n} (with_C {p} C') /\\ same_densities {n} {p} (with_C {p} C') /\\\n    different_fields {n} {p} (with_C {p} C') {}",
                        coq::real(&t)
                    ),
                    format!(
                        "  exists {}.\n  split.\n{validity}  split.\n  {{ unfold {p}; intros t; split; entrywise. }}\n  exists {}, {}, {}, {}. split.\n  {}\n  split.\n  {}\n  {{ intros [H _]; pose proof (H {}%nat {}%nat ltac:(lia) ltac:(lia)) as E; expand; lra. }}\n",
                        coq::matrix(&second),
                        coq::matrix(&f.a_t),
                        coq::vector(&f.b_t),
                        coq::matrix(&g.a_t),
                        coq::vector(&g.b_t),
                        coq::field_proof(&p, &inverse(&f.sigma_t)?),
                        coq::field_proof(&p, &inverse(&g.sigma_t)?),
                        ij.0,
                        ij.1
                    ),
                )
            }
            Verdict::Refuted if n == 1 && self.other.is_none() => (
                format!(
                    "forall C' : mat,\n    valid 1 (with_C {p} C') -> same_densities 1 {p} (with_C {p} C') ->\n    meq 1 C' (C {p})"
                ),
                format!(
                    "  intros C' _ H; unfold {p} in *.\n  destruct (H {}) as [_ HS].\n  pose proof (HS 0%nat 0%nat ltac:(lia) ltac:(lia)) as E.\n  entrywise.\n",
                    coq::real(&Q::new(1.into(), 2.into()))
                ),
            ),
            Verdict::Refuted => {
                return Err("refuted for a reason in words (a given second plan that fails): no witness to export".into())
            }
            v => return Err(format!("{}: nothing to export", v.as_str())),
        };
        Theorem::on_valid_plan(
            &p,
            &self.plan,
            vec![coq::plan_definition(&p, &self.plan)],
            statement,
            proof,
        )
    }

    fn evidence(&self, _: &Context) -> Result<Evidence, String> {
        Ok(match &self.other {
            Some(o) => match verify_density_pair(&self.plan, o) {
                Ok(t) => Evidence::exact(
                    true,
                    json!({"t": wire::rational(&t), "c": wire::matrix(o.c())}),
                ),
                Err(e) => Evidence::exact(false, json!({"reason": e.to_string()})),
            },
            None => match density_only_witness(&self.plan) {
                DensityWitness::Found {
                    other,
                    construction,
                    t,
                } => Evidence::exact(
                    true,
                    json!({"c": wire::matrix(other.c()), "construction": construction, "t": wire::rational(&t)}),
                ),
                DensityWitness::Determined { c } => Evidence::exact(
                    false,
                    json!({"reason": "D = 1: p_t determines c = 2 Sigma_{1/2} - (s00 + s11)/2", "c": wire::rational(&c)}),
                ),
                DensityWitness::NotFound { tried } => Evidence::Undecided {
                    method: Method::Exact,
                    witness: json!({"reason": format!("no witness among {tried} candidates")}),
                },
            },
        })
    }
}
