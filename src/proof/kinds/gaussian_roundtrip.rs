//! `gaussian-roundtrip`: plan -> field samples -> plan, uniquely and exactly
//! (mathematics section 2, "Inverse").

use crate::exact::{format_rational, Q};
use crate::gaussian::{GaussianFieldData, GaussianPlan, Inversion, InversionError};
use crate::input::{InputError, Table};
use crate::output;
use crate::proof::kind::{About, CheckKind, Context, Form};
use crate::proof::spec::{gaussian_plan, times};
use crate::proof::verdict::Evidence;
use num_traits::{Signed, Zero};
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
    const FORM: Form = Form::Measure;
    const ABOUT: About = About {
        claim: "the field samples `(A_t, b_t [, Sigma_t])` at the given times determine `C` uniquely, and it is the plan's",
        preconditions: "the samples determine `C` uniquely (exact rank; else refuted with the free directions)",
        section: "2, inverse",
        method: "exact: `max |C_rec - C|`",
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

    fn evidence(&self, _: &Context) -> Result<Evidence, String> {
        match inversion(&self.plan, &self.times, self.with_sigma)? {
            Recovered::Unique(c) => {
                let diff = c.sub(self.plan.c()).expect("same shape");
                let largest = diff
                    .entries()
                    .iter()
                    .map(Signed::abs)
                    .fold(Q::zero(), |a, b| if b > a { b } else { a });
                Ok(Evidence::exact_measure(
                    largest,
                    json!({"c": output::matrix(&c)}),
                ))
            }
            Recovered::NotUnique(witness) => Ok(Evidence::exact(false, witness)),
        }
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
pub(crate) fn inversion(plan: &GaussianPlan, times: &[Q], with_sigma: bool) -> Result<Recovered, String> {
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
