//! `deterministic-plan`: a deterministic Gaussian plan is the only plan with
//! its marginals and its field at `t = 0` (mathematics section 6).

use crate::gaussian::straight::deterministic_residual;
use crate::gaussian::GaussianPlan;
use crate::input::{InputError, Table};
use crate::proof::fields::gaussian_plan;
use crate::proof::keys::{Key, KeyType};
use crate::proof::kind::{About, CheckKind, Context, Form};
use crate::proof::verdict::Evidence;
use crate::proof::wire;
use num_traits::Zero;
use serde_json::json;
use std::path::Path;

/// The data of a `deterministic-plan` instance.
#[derive(Debug, Clone)]
pub struct DeterministicPlan {
    /// The plan.
    pub plan: GaussianPlan,
}

impl CheckKind for DeterministicPlan {
    const NAME: &'static str = "deterministic-plan";
    const KEYS: &'static [Key] = &[Key::required(
        "plan",
        KeyType::GaussianPlan,
        "the plan (`X1 = T X0 + d` is claimed)",
    )];
    const FORM: Form = Form::Decision;
    const ABOUT: About = About {
        claim: "`tr Var(X1 | X0) = 0` from `v_0` and `p1`: `X1 = T X0 + d`, the only plan with these marginals and `v_0`",
        preconditions: "`S00` positive definite, so that `v_0` is defined (else an error)",
        section: "6",
        method: "exact: the trace is zero (a positive trace refutes)",
    };

    fn parse(t: &Table<'_>, base: &Path) -> Result<Self, InputError> {
        Ok(DeterministicPlan {
            plan: gaussian_plan(&t.require("plan")?, base)?,
        })
    }

    fn claim(&self) -> String {
        "$\\operatorname{tr}\\operatorname{Var}(X_1 \\mid X_0) = \\mathbb{E}\\lvert X_1\\rvert^2 - \\mathbb{E}\\lvert (A_0 + I) X_0 + b_0\\rvert^2 = 0$: $X_1 = T X_0 + d$, the only plan with these marginals and $v_0$".into()
    }

    fn inputs(&self) -> serde_json::Value {
        json!({"plan": wire::gaussian_plan(&self.plan)})
    }

    fn evidence(&self, _: &Context) -> Result<Evidence, String> {
        let d = deterministic_residual(&self.plan).map_err(|e| e.to_string())?;
        Ok(Evidence::exact(
            d.residual.is_zero(),
            json!({"trace": wire::rational(&d.residual), "map": wire::matrix(&d.map),
                   "shift": wire::vector(&d.shift)}),
        ))
    }
}
