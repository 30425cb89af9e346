//! `density-only-witness`: a second valid plan has the same `p_t` for every
//! `t` and a different field, so the densities alone do not determine a
//! Gaussian plan when `D >= 2` (mathematics section 2, "Density-only").

use crate::gaussian::witness::verify_density_pair;
use crate::gaussian::{density_only_witness, DensityWitness, GaussianPlan};
use crate::input::{InputError, Table};
use crate::proof::fields::gaussian_plan;
use crate::proof::keys::{Key, KeyType};
use crate::proof::kind::{About, CheckKind, Context, Form};
use crate::proof::verdict::{Evidence, Method};
use crate::proof::wire;
use serde_json::json;
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
