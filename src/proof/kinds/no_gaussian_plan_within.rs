//! `no-gaussian-plan-within`: no Gaussian plan with the given end laws has
//! a field within `delta` of the observations (mathematics section 7): a
//! certified lower bound on the distance from a learned field to the family.

use super::consistent_plans_box::{
    enclosure_witness, observations_json, observed, plan_within, OBSERVATION_KEYS,
};
use crate::exact::Q;
use crate::gaussian::consistent::{enclose, Observations};
use crate::input::{InputError, Table};
use crate::proof::keys::Key;
use crate::proof::kind::{About, CheckKind, Context, Form};
use crate::proof::verdict::{Evidence, Method};
use crate::proof::wire;
use crate::tex;
use serde_json::{json, Value};
use std::path::Path;

/// The data of a `no-gaussian-plan-within` instance.
#[derive(Debug, Clone)]
pub struct NoGaussianPlanWithin {
    /// The end laws and observations.
    pub observations: Observations,
    /// The tolerance `delta`.
    pub within: Q,
}

impl CheckKind for NoGaussianPlanWithin {
    const NAME: &'static str = "no-gaussian-plan-within";
    const KEYS: &'static [Key] = &OBSERVATION_KEYS;
    const FORM: Form = Form::Decision;
    const ABOUT: About = About {
        claim: "no valid plan with these end laws has a field defined at the observed times and within `delta` of every observation",
        preconditions: "valid end laws; at each time `D` points whose offsets from `m_t` span `R^D` (else an error)",
        section: "7",
        method: "exact: a point off every affine field through a basis, or multipliers whose combination of the linear relaxation is impossible over the proven box; refuted by a valid plan within `delta` (its residual computed exactly)",
    };
    const HINTS: &'static [&'static str] = &["reason"];

    fn parse(t: &Table<'_>, base: &Path) -> Result<Self, InputError> {
        let (observations, within) = observed(t, base)?;
        Ok(NoGaussianPlanWithin {
            observations,
            within,
        })
    }

    fn claim(&self) -> String {
        let count = self.observations.count();
        format!(
            "no valid plan with these end laws has a field within $\\delta = {}$ of the {}",
            tex::rational(&self.within),
            tex::count(count, "observation", "observations"),
        )
    }

    fn inputs(&self) -> Value {
        observations_json(&self.observations, &self.within)
    }

    fn evidence(&self, _: &Context) -> Result<Evidence, String> {
        let d = self.observations.dim();
        let e = enclose(&self.observations, &self.within).map_err(|e| e.to_string())?;
        if e.empty.is_some() {
            return Ok(Evidence::exact(true, enclosure_witness(&e, d)));
        }
        if let Some(c) = plan_within(&self.observations, &self.within)? {
            return Ok(Evidence::exact(false, json!({"c": wire::matrix(&c)})));
        }
        Ok(Evidence::Undecided {
            method: Method::Exact,
            witness: json!({"reason": "neither emptiness proven nor a valid plan within delta found"}),
        })
    }
}
