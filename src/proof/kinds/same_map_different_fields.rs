//! `same-map-different-fields`: two plans with the same marginals have the
//! same monotone map `Phi_1 = F_1^{-1} o F_0` and different fields: the map
//! does not identify the plan, the field does (mathematics section 3).

use super::field_separation::{preconditions, separation, separation_theorem};
use super::transport_identity::flow_map_witness;
use crate::coq::Theorem;
use crate::exact::Q;
use crate::input::{InputError, Table};
use crate::interval::Interval;
use crate::onedim::transport::transport;
use crate::onedim::OneDimPlan;
use crate::proof::fields::{onedim_plan, points};
use crate::proof::keys::{self, Key, KeyType};
use crate::proof::kind::{interval_measure, About, CheckKind, Context, Form};
use crate::proof::verdict::{Evidence, Verdict};
use crate::proof::wire;
use serde_json::{json, Value};
use std::path::Path;

/// The data of a `same-map-different-fields` instance.
#[derive(Debug, Clone)]
pub struct SameMapDifferentFields {
    /// The first plan.
    pub plan: OneDimPlan,
    /// The second plan.
    pub other: OneDimPlan,
    /// The points.
    pub xs: Vec<Q>,
}

impl CheckKind for SameMapDifferentFields {
    const NAME: &'static str = "same-map-different-fields";
    const KEYS: &'static [Key] = &[
        keys::FIRST_PLAN,
        keys::SECOND_PLAN,
        Key::required(
            "x",
            KeyType::Points,
            "the points where the maps are compared",
        ),
    ];
    const COQ: bool = true;
    const FORM: Form = Form::Measure;
    const ENCLOSED: bool = true;
    const ABOUT: About = About {
        claim: "same marginals, `Phi_1` of both agree at the points, and the fields differ at a rational `(t, x)` inside both supports",
        preconditions: "as `field-separation` (same marginals, different plans, a separating point inside both supports; refuted or inconclusive when they fail)",
        section: "3",
        method: "interval: `max |Phi_1 - Phi'_1|` over the points (interval Newton)",
    };
    const HINTS: &'static [&'static str] = &["reason"];

    fn parse(t: &Table<'_>, base: &Path) -> Result<Self, InputError> {
        Ok(SameMapDifferentFields {
            plan: onedim_plan(&t.require("plan")?, base)?,
            other: onedim_plan(&t.require("other")?, base)?,
            xs: points(&t.require("x")?)?,
        })
    }

    fn claim(&self) -> String {
        format!(
            "same marginals, the same monotone map $T = \\Phi_1$ at {}, and different fields",
            crate::tex::count(self.xs.len(), "point", "points")
        )
    }

    fn inputs(&self) -> serde_json::Value {
        json!({"plan": wire::onedim_plan(&self.plan), "other": wire::onedim_plan(&self.other), "x": wire::vector(&self.xs)})
    }

    fn evidence(&self, ctx: &Context) -> Result<Evidence, String> {
        if let Some(failed) = preconditions(&self.plan, &self.other) {
            return Ok(failed);
        }
        let separated = separation(&self.plan, &self.other, ctx.max_precision);
        let Evidence::Decided { witness, .. } = &separated else {
            return Ok(separated);
        };
        let one = Q::from_integer(1.into());
        // the separation as field-separation states it, without its words
        // (a hint there; nested here, where a verifier checks every field)
        let mut separation = witness.clone();
        if let Some(fields) = separation.as_object_mut() {
            fields.remove("reason");
        }
        interval_measure(ctx, |bits| {
            let mut worst = Interval::from_i64(0, bits);
            let (mut first, mut second) = (Vec::new(), Vec::new());
            for x in &self.xs {
                let a = transport(&self.plan, &one, x, bits)?.to_interval(bits);
                let b = transport(&self.other, &one, x, bits)?.to_interval(bits);
                worst = worst.max_of(&(&a - &b).abs());
                first.push(a);
                second.push(b);
            }
            Ok((
                worst,
                json!({"separation": separation,
                       "phi": flow_map_witness(&one, &self.xs, &first),
                       "other_phi": flow_map_witness(&one, &self.xs, &second)}),
            ))
        })
    }

    /// Two Gaussian plans: the separation with the same map `flow1 P 1 =
    /// flow1 Q 1` everywhere, not only at the points
    /// ([`separation_theorem`]).
    fn coq(&self, name: &str, verdict: Verdict, _: &Value) -> Result<Theorem, String> {
        separation_theorem(name, &self.plan, &self.other, verdict, true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proof::verdict::Verdict;

    #[test]
    fn the_verdict_needs_a_separation() {
        // a plan against itself: refuted by the precondition, whatever the map says
        let plan = OneDimPlan::Gaussian(crate::onedim::GaussianComponent {
            m0: Q::from_integer(0.into()),
            m1: Q::from_integer(1.into()),
            s00: Q::from_integer(1.into()),
            s11: Q::from_integer(1.into()),
            c: Q::from_integer(0.into()),
        });
        let k = SameMapDifferentFields {
            plan: plan.clone(),
            other: plan,
            xs: vec![Q::from_integer(0.into())],
        };
        let ctx = Context {
            tolerance: Q::from_integer(1.into()),
            precision: 64,
            max_precision: 128,
        };
        assert_eq!(
            k.evidence(&ctx).unwrap().verdict(&ctx.tolerance),
            Verdict::Refuted
        );
    }
}
