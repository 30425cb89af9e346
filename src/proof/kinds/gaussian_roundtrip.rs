//! `gaussian-roundtrip`: plan -> field samples -> plan, uniquely and exactly
//! (mathematics section 2, "Inverse").

use crate::exact::{format_rational, Q};
use crate::gaussian::{GaussianFieldData, GaussianPlan, Inversion, InversionError};
use crate::input::{InputError, Table};
use crate::output;
use crate::proof::kind::{About, CheckKind, Context, Form};
use crate::proof::spec::{gaussian_plan, times};
use crate::proof::verdict::Evidence;
use serde_json::json;
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
    const KEYS: &'static [&'static str] = &["plan", "times", "with_sigma"];
    const FORM: Form = Form::Decision;
    const ABOUT: About = About {
        claim: "the field samples `(A_t, b_t [, Sigma_t])` at the given times determine `C` uniquely, and it is the plan's",
        preconditions: "none beyond a valid plan",
        section: "2, inverse",
        method: "exact: the inversion of the samples is unique (the free directions as the counterexample); its solution equal to the plan's `C`",
    };

    fn parse(t: &Table<'_>, base: &Path) -> Result<Self, InputError> {
        Ok(GaussianRoundtrip {
            plan: gaussian_plan(&t.require("plan")?, base)?,
            times: times(&t.require("times")?)?,
            with_sigma: match t.get("with_sigma") {
                None => false,
                Some(f) => match f.string() {
                    Ok("yes") => true,
                    Ok("no") => false,
                    _ => return Err(f.error("expected \"yes\" or \"no\"")),
                },
            },
        })
    }

    fn claim(&self) -> String {
        let shown: Vec<String> = self.times.iter().map(format_rational).collect();
        format!(
            "the field samples at t = {} ({}) determine C uniquely, and it is the plan's",
            shown.join(", "),
            if self.with_sigma {
                "A_t, b_t, Sigma_t"
            } else {
                "A_t, b_t"
            }
        )
    }

    fn inputs(&self) -> serde_json::Value {
        json!({"plan": output::gaussian_plan(&self.plan), "times": output::vector(&self.times), "with_sigma": self.with_sigma})
    }

    fn evidence(&self, _: &Context) -> Result<Evidence, String> {
        determined(&self.plan, &self.times, self.with_sigma)
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
            Ok(Evidence::exact(true, json!({"c": output::matrix(&c)})))
        }
        Recovered::Unique(c) => Err(format!(
            "internal error: the unique solution {} is not the plan's C",
            output::matrix(&c)
        )),
        Recovered::NotUnique(witness) => Ok(Evidence::exact(false, witness)),
    }
}

/// The outcome of inverting a plan's own field samples.
pub(crate) enum Recovered {
    /// The samples determine this `C`.
    Unique(crate::exact::QMatrix),
    /// They do not: the free directions, or why no plan fits.
    NotUnique(serde_json::Value),
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
        }) => Recovered::NotUnique(json!({
            "free_dimensions": basis.len(), "c": output::matrix(&particular),
            "basis": basis.iter().map(output::matrix).collect::<Vec<_>>()})),
        Err(e @ InversionError::TooLarge { .. }) => return Err(e.to_string()),
        Err(e) => Recovered::NotUnique(json!({"reason": e.to_string()})),
    })
}
