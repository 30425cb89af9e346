//! `field-separation`: two plans with the same marginals have fields that
//! differ at a certified rational `(t, x)` inside both supports
//! (mathematics section 3: in one dimension the field determines the plan).

use crate::input::{InputError, Table};
use crate::onedim::compare::{same_marginals, same_plan, separation_witness, Separation};
use crate::onedim::OneDimPlan;
use crate::proof::fields::onedim_plan;
use crate::proof::keys::{self, Key};
use crate::proof::kind::{About, CheckKind, Context, Form};
use crate::proof::verdict::{Evidence, Method};
use crate::proof::wire;
use serde_json::{json, Value};
use std::path::Path;

/// The data of a `field-separation` instance.
#[derive(Debug, Clone)]
pub struct FieldSeparation {
    /// The first plan.
    pub plan: OneDimPlan,
    /// The second plan.
    pub other: OneDimPlan,
}

impl CheckKind for FieldSeparation {
    const NAME: &'static str = "field-separation";
    const KEYS: &'static [Key] = &[keys::FIRST_PLAN, keys::SECOND_PLAN];
    const FORM: Form = Form::Decision;
    const ABOUT: About = About {
        claim: "the two plans have the same marginals and their fields differ at a rational `(t, x)` inside both supports",
        preconditions: "the same marginals `p0`, `p1` (exact; else refuted); different plans (else refuted: the same field); the witness point inside both supports: `p_t(x) > 0` certified for both, or a common atom of both `p_t`",
        section: "3",
        method: "a search over rational `(t, x)`: disjoint enclosures of `v_t(x)` (exact means at a common atom for discrete plans); inconclusive when the search finds no point",
    };
    const HINTS: &'static [&'static str] = &["reason"];

    fn parse(t: &Table<'_>, base: &Path) -> Result<Self, InputError> {
        Ok(FieldSeparation {
            plan: onedim_plan(&t.require("plan")?, base)?,
            other: onedim_plan(&t.require("other")?, base)?,
        })
    }

    fn claim(&self) -> String {
        "the two plans have the same marginals, and their fields differ at a certified rational $(t, x)$ inside both supports".into()
    }

    fn inputs(&self) -> serde_json::Value {
        json!({"plan": wire::onedim_plan(&self.plan), "other": wire::onedim_plan(&self.other)})
    }

    fn evidence(&self, ctx: &Context) -> Result<Evidence, String> {
        if let Some(failed) = preconditions(&self.plan, &self.other) {
            return Ok(failed);
        }
        Ok(separation(&self.plan, &self.other, ctx.max_precision))
    }
}

/// The preconditions of a separation claim, decided exactly: `Some` (the
/// claim fails) when the marginals differ or the plans are the same plan.
pub(crate) fn preconditions(plan: &OneDimPlan, other: &OneDimPlan) -> Option<Evidence> {
    failed_preconditions(same_marginals(plan, other), || same_plan(plan, other))
}

/// The exact refutation of a separation claim whose plans have different
/// marginals, or are the same plan (`same_plan` is asked only when the
/// marginals agree); `None` when both preconditions hold.
pub(crate) fn failed_preconditions(
    same_marginals: bool,
    same_plan: impl FnOnce() -> bool,
) -> Option<Evidence> {
    let reason = if !same_marginals {
        "the marginals p0, p1 of the two plans differ"
    } else if same_plan() {
        "the two plans are the same plan: same field"
    } else {
        return None;
    };
    Some(Evidence::exact(false, json!({ "reason": reason })))
}

/// The separation search as evidence: decided when a point is found,
/// undecided otherwise.
pub(crate) fn separation(plan: &OneDimPlan, other: &OneDimPlan, bits: u32) -> Evidence {
    match separation_witness(plan, other, bits) {
        Some(w @ Separation::Atoms { .. }) => Evidence::exact(true, separation_json(&w)),
        found => searched(found.as_ref().map(separation_json), bits),
    }
}

/// A separation search at `bits` as evidence: decided with the witness a
/// point found by enclosures, undecided (never refuted: a finite search
/// cannot show two fields equal) when none was found.
pub(crate) fn searched(witness: Option<Value>, bits: u32) -> Evidence {
    match witness {
        Some(witness) => Evidence::Decided {
            holds: true,
            method: Method::Interval(bits),
            witness,
        },
        None => Evidence::Undecided {
            method: Method::Interval(bits),
            witness: json!({"reason": "no separating (t, x) inside both supports found by the search"}),
        },
    }
}

/// The witness of a separation.
pub(crate) fn separation_json(w: &Separation) -> Value {
    match w {
        Separation::Fields {
            t,
            x,
            first,
            second,
            first_density,
            second_density,
        } => json!({
            "t": wire::rational(t), "x": wire::rational(x),
            "v_t": wire::interval(first), "other_v_t": wire::interval(second),
            "p_t": wire::interval(first_density), "other_p_t": wire::interval(second_density),
        }),
        Separation::Atoms {
            t,
            x,
            first,
            second,
        } => json!({
            "t": wire::rational(t), "x": wire::rational(x), "reason": "a common atom of p_t",
            "v_t": wire::rational(first), "other_v_t": wire::rational(second),
        }),
    }
}
