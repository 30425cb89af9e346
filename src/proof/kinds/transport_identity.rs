//! `transport-identity`: the flow keeps the distribution function,
//! `F_t(Phi_t(x)) = F_0(x)` (mathematics section 3, transport identity).

use crate::coq::line::{list_definition, LinePlan};
use crate::coq::{self, Theorem};
use crate::exact::Q;
use crate::input::{InputError, Table};
use crate::onedim::compare::own_plan;
use crate::onedim::compare::transport_residual;
use crate::onedim::OneDimPlan;
use crate::proof::fields::{onedim_plan, points, time};
use crate::proof::keys::{Key, KeyType};
use crate::proof::kind::{interval_measure, About, CheckKind, Context, Form};
use crate::proof::verdict::{Evidence, Verdict};
use crate::proof::wire;
use crate::tex;
use serde_json::{json, Value};
use std::path::Path;

/// The data of a `transport-identity` instance.
#[derive(Debug, Clone)]
pub struct TransportIdentity {
    /// The plan.
    pub plan: OneDimPlan,
    /// Whose map is used (the plan itself by default).
    pub map_of: Option<OneDimPlan>,
    /// The time.
    pub t: Q,
    /// The points.
    pub xs: Vec<Q>,
}

impl TransportIdentity {
    /// Whether `Phi` is the generalized inverse (its plan is discrete).
    fn discrete(&self) -> bool {
        matches!(
            self.map_of.as_ref().unwrap_or(&self.plan),
            OneDimPlan::Discrete(_)
        )
    }
}

impl CheckKind for TransportIdentity {
    const NAME: &'static str = "transport-identity";
    const KEYS: &'static [Key] = &[
        Key::required("plan", KeyType::OneDimPlan, "the plan"),
        Key::optional("t", KeyType::Time, "1", "the time"),
        Key::required("x", KeyType::Points, "the points"),
        Key::optional(
            "map_of",
            KeyType::OneDimPlan,
            "the plan's own map",
            "another plan whose `Phi_t` is used (a negative control)",
        ),
    ];
    const FORM: Form = Form::Measure;
    const COQ: bool = true;
    const ENCLOSED: bool = true;
    const ABOUT: About = About {
        claim: "`F_t(Phi_t(x)) = F_0(x)` at the points (`Phi` of another plan in a negative control); for a discrete plan `Phi_t(x) = min { y : F_t(y) >= F_0(x) }`, the generalized inverse, which the claim names",
        preconditions: "`Phi_t(x)` defined: `0 < F_0(x) < 1` for the continuous families; `F_0(x) > 0` for a discrete plan (else an error naming the point)",
        section: "3, transport identity",
        method: "interval: `max |F_t(Phi_t(x)) - F_0(x)|`, `Phi_t(x)` by interval Newton",
    };

    fn parse(t: &Table<'_>, base: &Path) -> Result<Self, InputError> {
        Ok(TransportIdentity {
            plan: onedim_plan(&t.require("plan")?, base)?,
            map_of: t.get("map_of").map(|f| onedim_plan(&f, base)).transpose()?,
            t: match t.get("t") {
                Some(f) => time(&f)?,
                None => Q::from_integer(1.into()),
            },
            xs: points(&t.require("x")?)?,
        })
    }

    fn claim(&self) -> String {
        format!(
            "$F_t(\\Phi_t(x)) = F_0(x)$ at {}, $t = {}${}{}",
            crate::tex::count(self.xs.len(), "point", "points"),
            tex::rational(&self.t),
            if self.map_of.is_some() {
                ", $\\Phi$ taken from another plan"
            } else {
                ""
            },
            if self.discrete() {
                ", $\\Phi_t(x) = \\min \\{ y : F_t(y) \\ge F_0(x) \\}$ (generalized inverse)"
            } else {
                ""
            }
        )
    }

    fn inputs(&self) -> serde_json::Value {
        json!({"plan": wire::onedim_plan(&self.plan), "map_of": self.map_of.as_ref().map(wire::onedim_plan),
               "t": wire::rational(&self.t), "x": wire::vector(&self.xs)})
    }

    fn evidence(&self, ctx: &Context) -> Result<Evidence, String> {
        let map_plan = self.map_of.as_ref().unwrap_or(&self.plan);
        interval_measure(ctx, |bits| {
            let (residual, phis) =
                transport_residual(&self.plan, map_plan, &self.t, &self.xs, bits)?;
            Ok((residual, flow_map_witness(&self.t, &self.xs, &phis)))
        })
    }

    /// Certified, a Gaussian plan with its own map: at every listed `x`,
    /// `flow1 P t x` is the one `y` with `F_t(y) = F_0(x)` (so it is
    /// `Phi_t(x) = F_t^-1(F_0(x))`, and `flow_identity1` shows it is the
    /// flow of `v`), by the library's `transport_unique1` once `Var X_0`
    /// and `Var X_t` are shown positive. The map of a mixture is a root of `F_t(y) =
    /// F_0(x)`, and a refutation with another plan's map needs the values
    /// of `F`: neither is exported.
    fn coq(&self, name: &str, verdict: Verdict, _: &Value) -> Result<Theorem, String> {
        let plan = LinePlan::new(&format!("{name}__plan"), &self.plan)?;
        if !plan.is_gaussian() {
            return Err("the map of a mixture is F_t^-1 o F_0 by definition, with no closed form: the identity restates it, and that the map follows the field is the flux identity, exported for mixtures; a root of F_t(y) = F_0(x) would need values of Phi".into());
        }
        let own_map = own_plan(&self.plan, self.map_of.as_ref());
        if verdict != Verdict::Certified || !own_map {
            return Err("only the plan's own map is exported, as a certified claim (a refutation needs values of F)".into());
        }
        let (p, points, t) = (&plan.name, format!("{name}__points"), coq::real(&self.t));
        Ok(Theorem {
            definitions: vec![plan.definition(), list_definition(&points, &self.xs)],
            statement: format!(
                "valid1 {p} /\\\n  forall x, In x {points} ->\n    forall y, cdf1 {p} {t} y = cdf1 {p} 0 x <-> y = flow1 {p} {t} x"
            ),
            proof: format!(
                "  split; [{} | ].\n  intros x _ y.\n  apply transport_unique1; unfold {p}; [{} | {}].\n",
                plan.validity_proof(),
                plan.spread_at_literal(&Q::from_integer(0.into()))?,
                plan.spread_at_literal(&self.t)?
            ),
        })
    }
}

/// The enclosures of `Phi_t(x)` at the points: the witness a verifier
/// confirms by the sign of `F_t - F_0(x)` at their two ends.
pub(crate) fn flow_map_witness(t: &Q, xs: &[Q], phis: &[crate::interval::Interval]) -> Value {
    let points: Vec<Value> = xs
        .iter()
        .zip(phis)
        .map(|(x, phi)| json!({"x": wire::rational(x), "phi": wire::enclosure(phi)}))
        .collect();
    json!({"t": wire::rational(t), "phi": points})
}
