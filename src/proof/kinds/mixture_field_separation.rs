//! `mixture-field-separation`: two Gaussian plans or mixtures of Gaussian
//! plans in any dimension, with the same marginals, whose fields differ at a
//! certified rational `(t, x)` inside both supports (docs/mathematics.md
//! section 8): the field tells these two plans apart.
//!
//! The witness is the point itself with both densities and both fields
//! enclosed; the claim holds when both densities are positive and, in some
//! coordinate, the two field enclosures are disjoint. The search tries
//! finitely many points (each component's mean and its unit offsets): a
//! failed search is undecided, never refuted.

use crate::gaussian::{GaussianMixture, MixtureSeparation, MixtureValues};
use crate::input::{InputError, Table};
use crate::proof::fields::mixture_plan;
use crate::proof::keys::{Key, KeyType};
use crate::proof::kind::{About, CheckKind, Context, Form};
use crate::proof::kinds::field_separation::{failed_preconditions, searched};
use crate::proof::verdict::Evidence;
use crate::proof::wire;
use serde_json::{json, Value};
use std::path::Path;

/// The data of a `mixture-field-separation` instance.
#[derive(Debug, Clone)]
pub struct MixtureFieldSeparation {
    /// The first plan.
    pub plan: GaussianMixture,
    /// The second plan, of the same dimension.
    pub other: GaussianMixture,
}

impl CheckKind for MixtureFieldSeparation {
    const NAME: &'static str = "mixture-field-separation";
    const KEYS: &'static [Key] = &[
        Key::required(
            "plan",
            KeyType::MixturePlan,
            "the first plan, any dimension",
        ),
        Key::required(
            "other",
            KeyType::MixturePlan,
            "the second plan, of the same dimension and with the same marginals",
        ),
    ];
    const FORM: Form = Form::Decision;
    const ABOUT: About = About {
        claim: "the two plans (Gaussian plans or mixtures of them, any dimension) have the same marginals and their fields differ at a rational `(t, x)` inside both supports",
        preconditions: "the same dimension (checked when read); the same marginals `p0`, `p1` (exact; else refuted); different plans (exact; else refuted: the same field); the witness inside both supports: `p_t(x) > 0` certified for both; `Sigma_t` of every component invertible at the witness's time",
        section: "8",
        method: "a search over rational `(t, x)` (five times; each component's mean `m_t` and its unit offsets) at the instance's `max_precision`: disjoint enclosures of some coordinate of `v_t(x)`; inconclusive when no candidate separates",
    };
    const HINTS: &'static [&'static str] = &["reason"];

    fn parse(t: &Table<'_>, base: &Path) -> Result<Self, InputError> {
        let plan = mixture_plan(&t.require("plan")?, base)?;
        let field = t.require("other")?;
        let other = mixture_plan(&field, base)?;
        if other.dim() != plan.dim() {
            return Err(field.error(format!(
                "dimension {}, the first plan's is {}",
                other.dim(),
                plan.dim()
            )));
        }
        Ok(MixtureFieldSeparation { plan, other })
    }

    fn claim(&self) -> String {
        format!(
            "the two plans in dimension {} have the same marginals, and their fields differ at a certified rational $(t, x)$ inside both supports",
            self.plan.dim()
        )
    }

    fn inputs(&self) -> Value {
        json!({"plan": wire::gaussian_mixture(&self.plan),
               "other": wire::gaussian_mixture(&self.other)})
    }

    fn evidence(&self, ctx: &Context) -> Result<Evidence, String> {
        let same_marginals = self.plan.same_marginals(&self.other);
        if let Some(failed) =
            failed_preconditions(same_marginals, || self.plan.same_plan(&self.other))
        {
            return Ok(failed);
        }
        let bits = ctx.max_precision;
        let found = self.plan.separating_point(&self.other, bits);
        Ok(searched(found.as_ref().map(separation_json), bits))
    }
}

/// The witness: the point, both densities and both fields.
fn separation_json(w: &MixtureSeparation) -> Value {
    let field = |v: &MixtureValues| v.velocity.iter().map(wire::interval).collect::<Vec<_>>();
    json!({
        "t": wire::rational(&w.t), "x": wire::vector(&w.x),
        "p_t": wire::interval(&w.first.density), "v_t": field(&w.first),
        "other_p_t": wire::interval(&w.second.density), "other_v_t": field(&w.second),
    })
}
