//! `exponential-moment`: `E exp(eps (|X0| + |X1|)) <= bound`, the hypothesis
//! under which moments determine the plan (mathematics section 3,
//! determinacy).
//!
//! The evidence is a two-sided enclosure of the moment
//! (`crate::onedim::exponential`): its upper end at or below the bound
//! certifies the claim, its lower end above the bound refutes it, and in
//! between the precision and the quadrature effort are raised together
//! until one of the two happens or the largest precision is reached.

use crate::exact::Q;
use crate::input::{InputError, Table};
use crate::onedim::exponential::exponential_moment_enclosure;
use crate::onedim::OneDimPlan;
use crate::proof::fields::onedim_plan;
use crate::proof::keys::{Key, KeyType};
use crate::proof::kind::{escalated, About, CheckKind, Context, Form};
use crate::proof::verdict::{Evidence, Verdict};
use crate::proof::wire;
use crate::tex;
use serde_json::json;
use std::path::Path;

/// The data of an `exponential-moment` instance.
#[derive(Debug, Clone)]
pub struct ExponentialMoment {
    /// The plan.
    pub plan: OneDimPlan,
    /// `eps` in `(0, 100]`.
    pub eps: Q,
    /// The claimed bound.
    pub bound: Q,
}

/// Quadrature pieces at `bits`: 32 at the starting precision, doubled with
/// it, at most 4096.
fn pieces(ctx: &Context, bits: u32) -> u32 {
    (32 * (bits / ctx.precision.max(1)).max(1)).min(4096)
}

impl CheckKind for ExponentialMoment {
    const NAME: &'static str = "exponential-moment";
    const KEYS: &'static [Key] = &[
        Key::required("plan", KeyType::OneDimPlan, "the plan"),
        Key::required("eps", KeyType::Number, "`eps`, in `(0, 100]`"),
        Key::required("bound", KeyType::Number, "the claimed bound"),
    ];
    const FORM: Form = Form::Bound;
    const ABOUT: About = About {
        claim: "`E exp(eps (|X0| + |X1|)) <= bound`",
        preconditions: "`0 < eps <= 100` (checked when read)",
        section: "3, determinacy",
        method: "interval: a two-sided enclosure of the moment (closed forms in `Phi` and a certified quadrature of the bivariate normal orthant); certified by its upper end, refuted only by its lower end",
    };
    const HINTS: &'static [&'static str] = &["pieces"];

    fn parse(t: &Table<'_>, base: &Path) -> Result<Self, InputError> {
        let eps_field = t.require("eps")?;
        let eps = eps_field.number()?;
        if eps <= Q::from_integer(0.into()) || eps > Q::from_integer(100.into()) {
            return Err(eps_field.error("eps must lie in (0, 100]"));
        }
        Ok(ExponentialMoment {
            plan: onedim_plan(&t.require("plan")?, base)?,
            eps,
            bound: t.require("bound")?.number()?,
        })
    }

    fn claim(&self) -> String {
        // eps = 1 is written without its coefficient
        let eps = if num_traits::One::is_one(&self.eps) {
            String::new()
        } else {
            tex::rational(&self.eps)
        };
        format!(
            "$\\mathbb{{E}} \\exp\\bigl({eps}(\\lvert X_0\\rvert + \\lvert X_1\\rvert)\\bigr) \\le {}$",
            tex::rational(&self.bound)
        )
    }

    fn inputs(&self) -> serde_json::Value {
        json!({"plan": wire::onedim_plan(&self.plan), "eps": wire::rational(&self.eps), "bound": wire::rational(&self.bound)})
    }

    fn evidence(&self, ctx: &Context) -> Result<Evidence, String> {
        let bound_of = |value| Evidence::Bound {
            value,
            bound: self.bound.clone(),
            witness: json!(null),
        };
        let (value, bits) = escalated(
            ctx,
            |bits| exponential_moment_enclosure(&self.plan, &self.eps, bits, pieces(ctx, bits)),
            |value| bound_of(value.clone()).verdict(&ctx.tolerance) != Verdict::Inconclusive,
        )?;
        Ok(Evidence::Bound {
            value,
            bound: self.bound.clone(),
            witness: json!({"pieces": pieces(ctx, bits)}),
        })
    }
}
