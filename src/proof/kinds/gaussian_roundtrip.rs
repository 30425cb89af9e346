//! `gaussian-roundtrip`: plan -> field samples -> plan, uniquely and exactly
//! (mathematics section 2, "Inverse").

use crate::exact::Q;
use crate::gaussian::{GaussianFieldData, GaussianPlan, Inversion, InversionError};
use crate::input::{InputError, Table};
use crate::proof::fields::{gaussian_plan, times};
use crate::proof::keys::{Key, KeyType};
use crate::proof::kind::{About, CheckKind, Context, Form};
use crate::proof::verdict::Evidence;
use crate::proof::wire;
use crate::tex;
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
