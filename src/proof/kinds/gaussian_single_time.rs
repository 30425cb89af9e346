//! `gaussian-single-time`: the field at one time determines the plan
//! (mathematics section 2, "Inverse": a single time can be degenerate).

use super::gaussian_roundtrip::{determined, determined_in_coq};
use crate::coq::Theorem;
use crate::exact::Q;
use crate::gaussian::GaussianPlan;
use crate::input::{InputError, Table};
use crate::proof::fields::{gaussian_plan, time};
use crate::proof::keys::{Key, KeyType};
use crate::proof::kind::{About, CheckKind, Context, Form};
use crate::proof::verdict::Evidence;
use crate::proof::verdict::Verdict;
use crate::proof::wire;
use crate::tex;
use serde_json::{json, Value};
use std::path::Path;

/// The data of a `gaussian-single-time` instance.
#[derive(Debug, Clone)]
pub struct GaussianSingleTime {
    /// The plan.
    pub plan: GaussianPlan,
    /// The time.
    pub t: Q,
}

impl CheckKind for GaussianSingleTime {
    const NAME: &'static str = "gaussian-single-time";
    const KEYS: &'static [Key] = &[
        Key::required(
            "plan",
            KeyType::GaussianPlan,
            "the plan whose field is sampled",
        ),
        Key::required("t", KeyType::Time, "the single sample time"),
    ];
    const FORM: Form = Form::Decision;
    const ABOUT: About = About {
        claim: "the field `(A_t, b_t)` at the single time `t` determines `C`",
        preconditions: "none beyond a valid plan",
        section: "2, inverse",
        method: "exact, as `gaussian-roundtrip`: a unique solution certifies, a second valid plan with the same field at `t` refutes",
    };
    const HINTS: &'static [&'static str] = &["reason"];

    fn parse(t: &Table<'_>, base: &Path) -> Result<Self, InputError> {
        Ok(GaussianSingleTime {
            plan: gaussian_plan(&t.require("plan")?, base)?,
            t: time(&t.require("t")?)?,
        })
    }

    fn claim(&self) -> String {
        format!(
            "the field $(A_t, b_t)$ at the single time $t = {}$ determines $C$",
            tex::rational(&self.t)
        )
    }

    fn inputs(&self) -> serde_json::Value {
        json!({"plan": wire::gaussian_plan(&self.plan), "t": wire::rational(&self.t)})
    }

    fn evidence(&self, _: &Context) -> Result<Evidence, String> {
        determined(&self.plan, std::slice::from_ref(&self.t), false)
    }

    const COQ: bool = true;

    fn coq(&self, name: &str, verdict: Verdict, witness: &Value) -> Result<Theorem, String> {
        determined_in_coq(
            name,
            &self.plan,
            std::slice::from_ref(&self.t),
            false,
            verdict,
            witness,
        )
    }
}
