//! `flux-identity`: `d/dt F_t(x) + v_t(x) p_t(x) = 0` at the points of a
//! grid (mathematics section 3, flux identity); `d/dt` by jets in `t`,
//! independent of `v` and `p`. The grid data and their run are shared with
//! `flow-identity` ([`PointwiseIdentity`]).

use super::transport_identity::flow_map_witness;
use crate::coq::line::{self, list_definition, listed, LinePlan};
use crate::coq::{self, Theorem};
use crate::exact::Q;
use crate::input::{InputError, Table};
use crate::interval::Interval;
use crate::onedim::compare::own_plan;
use crate::onedim::family::OneDimError;
use crate::onedim::flux::{flow_residual_at, flux_residual_at};
use crate::onedim::transport::transport;
use crate::onedim::OneDimPlan;
use crate::proof::fields::grids_in_time_and_space;
use crate::proof::keys::{self, Key, KeyType};
use crate::proof::kind::{largest_over_grid, About, CheckKind, Context, Form};
use crate::proof::verdict::{Evidence, Verdict};
use num_traits::Signed;
use serde_json::Value;
use std::path::Path;

/// An identity checked at every point `(t, x)` of two grids: the flux
/// identity (`FLOW = false`) or the flow identity (`FLOW = true`).
#[derive(Debug, Clone)]
pub struct PointwiseIdentity<const FLOW: bool> {
    /// The plan.
    pub plan: OneDimPlan,
    /// Whose field is used (the plan itself by default).
    pub field_of: Option<OneDimPlan>,
    /// The times (inside `(0, 1)` for the flux identity, `[0, 1]` for the flow).
    pub ts: Vec<Q>,
    /// The points.
    pub xs: Vec<Q>,
}

/// The data of a `flux-identity` instance.
pub type FluxIdentity = PointwiseIdentity<false>;

type ResidualAt = fn(&OneDimPlan, &OneDimPlan, &Q, &Q, u32) -> Result<Interval, OneDimError>;

impl<const FLOW: bool> PointwiseIdentity<FLOW> {
    /// Reads `plan`, `field_of` and the grids.
    pub(crate) fn read(t: &Table<'_>, base: &Path) -> Result<Self, InputError> {
        let (plan, field_of, ts, xs) = grids_in_time_and_space(t, base, !FLOW)?;
        Ok(PointwiseIdentity {
            plan,
            field_of,
            ts,
            xs,
        })
    }

    /// The claim in math text (`crate::tex`): the identity's formula, the
    /// points, how it is decided.
    pub(crate) fn claim_of(&self, identity: &str, how: &str) -> String {
        format!(
            "${identity}$ at {} $(t, x)$ ({how}){}",
            crate::tex::count(self.ts.len() * self.xs.len(), "point", "points"),
            if self.field_of.is_some() {
                ", $v$ from another plan"
            } else {
                ""
            }
        )
    }

    /// The plan, the other field's plan, and the grids.
    pub(crate) fn inputs_of(&self) -> serde_json::Value {
        serde_json::json!({"plan": crate::proof::wire::onedim_plan(&self.plan),
               "field_of": self.field_of.as_ref().map(crate::proof::wire::onedim_plan),
               "t": crate::proof::wire::vector(&self.ts), "x": crate::proof::wire::vector(&self.xs)})
    }

    /// Whether the field is the plan's own.
    fn own_field(&self) -> bool {
        own_plan(&self.plan, self.field_of.as_ref())
    }

    /// The plan, the times and the points as Coq data named after `name`.
    fn coq_data(&self, name: &str) -> Result<(LinePlan, String, String, Vec<String>), String> {
        let plan = LinePlan::new(&format!("{name}__plan"), &self.plan)?;
        let (times, points) = (format!("{name}__times"), format!("{name}__points"));
        let definitions = vec![
            plan.definition(),
            list_definition(&times, &self.ts),
            list_definition(&points, &self.xs),
        ];
        Ok((plan, times, points, definitions))
    }

    /// The largest residual over the grid, as a measure.
    pub(crate) fn measure(
        &self,
        ctx: &Context,
        residual_at: ResidualAt,
    ) -> Result<Evidence, String> {
        let field_plan = self.field_of.as_ref().unwrap_or(&self.plan);
        largest_over_grid(ctx, &self.ts, &self.xs, |t, x, bits| {
            residual_at(&self.plan, field_plan, t, x, bits)
        })
    }
}

/// The keys of the flow identity.
const FLOW_KEYS: &[Key] = &[
    keys::GAUSSIAN_FAMILY,
    Key::required("t", KeyType::TimeGrid, "the times"),
    Key::required("x", KeyType::Points, "the points"),
    keys::FIELD_OF,
];

/// The keys of the flux identity: its times are inside `(0, 1)`.
const FLUX_KEYS: &[Key] = &[
    keys::GAUSSIAN_FAMILY,
    Key::required("t", KeyType::TimeGrid, "the times, inside `(0, 1)`"),
    Key::required("x", KeyType::Points, "the points"),
    keys::FIELD_OF,
];

impl CheckKind for FluxIdentity {
    const NAME: &'static str = "flux-identity";
    const KEYS: &'static [Key] = FLUX_KEYS;
    const FORM: Form = Form::Measure;
    const COQ: bool = true;
    const ENCLOSED: bool = true;
    const ABOUT: About = About {
        claim: "`d/dt F_t(x) + v_t(x) p_t(x) = 0` at every point of the grids (pointwise, not on boxes)",
        preconditions: "times inside `(0, 1)` (checked when read); `p_t` without atoms",
        section: "3, flux identity",
        method: "interval: the largest residual, `d/dt` by jets",
    };

    fn parse(t: &Table<'_>, base: &Path) -> Result<Self, InputError> {
        Self::read(t, base)
    }

    fn claim(&self) -> String {
        self.claim_of(
            "\\partial_t F_t(x) + v_t(x)\\, p_t(x) = 0",
            "$\\partial_t$ by jets",
        )
    }

    fn inputs(&self) -> serde_json::Value {
        self.inputs_of()
    }

    fn evidence(&self, ctx: &Context) -> Result<Evidence, String> {
        self.measure(ctx, flux_residual_at)
    }

    /// Certified (the plan's own field): `d/dt F_t(x) = -v_t(x) p_t(x)` at
    /// every listed `(t, x)`, exactly, by the library's flux theorem once
    /// `Var X_t > 0` is shown at each listed time. Refuted (the field of
    /// another Gaussian plan `Q`, the plan Gaussian): a listed point where
    /// the two fields differ, computed exactly, where the derivative's
    /// uniqueness refutes the rate `-v^Q_t(x) p_t(x)` (`flux_refuted`).
    fn coq(&self, name: &str, verdict: Verdict, _: &Value) -> Result<Theorem, String> {
        let (plan, times, points, mut definitions) = self.coq_data(name)?;
        match verdict {
            Verdict::Certified if self.own_field() => Ok(Theorem {
                definitions,
                statement: format!(
                    "{} /\\\n  forall t x, In t {times} -> In x {points} ->\n    derivable_pt_lim (fun s => {} s x) t (- {} t x * {} t x)",
                    plan.valid(),
                    plan.of("cdf"),
                    plan.of("field"),
                    plan.of("pdf")
                ),
                proof: format!(
                    "  assert (V : {}) by ({}).\n  split; [exact V | ].\n  intros t x Ht _.\n  apply {}; try exact V.\n{}",
                    plan.valid(),
                    plan.validity_proof(),
                    plan.flux_theorem(),
                    plan.spread_at_listed("Ht", &times, &self.ts)?
                ),
            }),
            Verdict::Certified => {
                Err("a certified field of another plan is not exported (the refutation is)".into())
            }
            Verdict::Refuted => {
                let other = LinePlan::new(
                    &format!("{name}__other"),
                    self.field_of.as_ref().ok_or("refuted with the plan's own field")?,
                )?;
                if !plan.is_gaussian() || !other.is_gaussian() {
                    return Err("a refutation is exported against another Gaussian plan's field, for a Gaussian plan (the fields of mixtures are not rational)".into());
                }
                let (i, j, differ) = self
                    .ts
                    .iter()
                    .enumerate()
                    .flat_map(|(i, t)| self.xs.iter().enumerate().map(move |(j, x)| (i, j, t, x)))
                    .find_map(|(i, j, t, x)| {
                        line::fields_differ(&other, &plan, t, x).ok().map(|d| (i, j, d))
                    })
                    .ok_or("no listed point where the two Gaussian fields differ")?;
                let (t, x) = (&self.ts[i], &self.xs[j]);
                definitions.insert(1, other.definition());
                Ok(Theorem {
                    definitions,
                    statement: format!(
                        "{} /\\ {} /\\\n  exists t x, In t {times} /\\ In x {points} /\\\n    ~ derivable_pt_lim (fun s => cdf1 {} s x) t (- field1 {} t x * pdf1 {} t x)",
                        plan.valid(),
                        other.valid(),
                        plan.name,
                        other.name,
                        plan.name
                    ),
                    proof: format!(
                        "  split; [{} | split; [{} | ]].\n  exists {}, {}.\n  split; [{} | split; [{} | ]].\n  apply flux_refuted.\n  - unfold {}; {}.\n  - {differ}.\n",
                        plan.validity_proof(),
                        other.validity_proof(),
                        coq::real(t),
                        coq::real(x),
                        listed(&times, i),
                        listed(&points, j),
                        plan.name,
                        plan.spread_at_literal(t)?,
                    ),
                })
            }
            v => Err(format!("{}: nothing to export", v.as_str())),
        }
    }
}

/// The data of a `flow-identity` instance.
pub type FlowIdentity = PointwiseIdentity<true>;

impl FlowIdentity {
    /// The refutation with the field of another Gaussian plan `Q` with the
    /// same means: at a listed `(t, x)` with `x` not the mean of `X0`,
    /// where the slopes `G_t / Sigma_t` of the two plans differ (exact
    /// rationals), the flow of `P` does not follow `Q`'s field
    /// (`flow_refuted`: there `Phi_t(x) != m_t`, where the fields differ).
    fn flow_refutation(
        &self,
        name: &str,
        plan: LinePlan,
        times: String,
        points: String,
        mut definitions: Vec<String>,
    ) -> Result<Theorem, String> {
        let field_plan = self
            .field_of
            .as_ref()
            .ok_or("refuted with the plan's own field")?;
        let other = LinePlan::new(&format!("{name}__other"), field_plan)?;
        let (Some(g), Some(h)) = (plan.gaussian(), other.gaussian()) else {
            return Err("a refutation is exported for two Gaussian plans".into());
        };
        if g.m0 != h.m0 || g.m1 != h.m1 {
            return Err("a refutation is exported for two plans with the same means (then the fields differ where their slopes do)".into());
        }
        let (i, j, t, x) = self
            .ts
            .iter()
            .enumerate()
            .filter(|(_, t)| g.variance_at(t).is_positive() && h.variance_at(t).is_positive())
            .filter(|(_, t)| g.slope_at(t) != h.slope_at(t))
            .find_map(|(i, t)| {
                let j = self.xs.iter().position(|x| x != &g.m0)?;
                Some((i, j, t, &self.xs[j]))
            })
            .ok_or(
                "no listed point with x off the mean of X0 where the slopes G_t / Sigma_t differ",
            )?;
        let (p, q) = (&plan.name, &other.name);
        definitions.insert(1, other.definition());
        Ok(Theorem {
            statement: format!(
                "{} /\\ {} /\\\n  exists t x, In t {times} /\\ In x {points} /\\\n    ~ derivable_pt_lim (fun s => flow1 {p} s x) t (field1 {q} t (flow1 {p} t x))",
                plan.valid(),
                other.valid()
            ),
            proof: format!(
                "  split; [{} | split; [{} | ]].\n  exists {tq}, {xq}.\n  split; [{} | split; [{} | ]].\n  apply flow_refuted.\n  - unfold {p}; {}.\n  - unfold {p}; {}.\n  - reflexivity.\n  - reflexivity.\n  - unfold {p}; cbn [mu0]; lra.\n  - replace (gap1 {q} {tq} / var1 {q} {tq}) with {} by (unfold {q}; slope_value).\n    replace (gap1 {p} {tq} / var1 {p} {tq}) with {} by (unfold {p}; slope_value).\n    lra.\n",
                plan.validity_proof(),
                other.validity_proof(),
                listed(&times, i),
                listed(&points, j),
                plan.spread_at_literal(&Q::from_integer(0.into()))?,
                plan.spread_at_literal(t)?,
                coq::real(&h.slope_at(t)),
                coq::real(&g.slope_at(t)),
                tq = coq::real(t),
                xq = coq::real(x),
            ),
            definitions,
        })
    }
}

impl CheckKind for FlowIdentity {
    const NAME: &'static str = "flow-identity";
    const KEYS: &'static [Key] = FLOW_KEYS;
    const FORM: Form = Form::Measure;
    const COQ: bool = true;
    const ENCLOSED: bool = true;
    const ABOUT: About = About {
        claim: "`d/dt Phi_t(x) = v_t(Phi_t(x))` at every point of the grids",
        preconditions: "a Gaussian family (an error otherwise); `p_t(Phi_t(x)) > 0` (a division by an enclosure containing 0 is an error)",
        section: "3, transport identity",
        method: "interval: the largest residual, `Phi` by interval Newton, `d/dt Phi = -(d/dt F_t)(Phi) / p_t(Phi)`",
    };

    fn parse(t: &Table<'_>, base: &Path) -> Result<Self, InputError> {
        Self::read(t, base)
    }

    fn claim(&self) -> String {
        self.claim_of(
            "\\frac{d}{dt}\\Phi_t(x) = v_t(\\Phi_t(x))",
            "$\\Phi$ by interval Newton",
        )
    }

    fn inputs(&self) -> serde_json::Value {
        self.inputs_of()
    }

    fn evidence(&self, ctx: &Context) -> Result<Evidence, String> {
        let mut evidence = self.measure(ctx, flow_residual_at)?;
        // the enclosures of Phi_t(x) at the deciding precision: a verifier
        // confirms each by the sign of F_t - F_0(x) at its ends
        if let Evidence::Measure {
            method: crate::proof::verdict::Method::Interval(bits),
            witness,
            ..
        } = &mut evidence
        {
            let mut phis = Vec::new();
            for t in &self.ts {
                let mut at_t = Vec::new();
                for x in &self.xs {
                    at_t.push(
                        transport(&self.plan, t, x, *bits)
                            .map_err(|e| e.to_string())?
                            .to_interval(*bits),
                    );
                }
                phis.push(flow_map_witness(t, &self.xs, &at_t));
            }
            *witness = serde_json::json!({ "phi": phis });
        }
        Ok(evidence)
    }

    /// Certified, a Gaussian plan with its own field: at every listed `(t,
    /// x)`, `Phi_t(x) = flow1 P t x` starts at `x`, is the one point with
    /// `F_t(Phi_t(x)) = F_0(x)` (the monotone map the claim names), and
    /// `d/dt Phi_t(x) = v_t(Phi_t(x))`, by the library's `flow1_start`,
    /// `transport_unique1` and `flow_identity1` once `Var X_t > 0` is
    /// shown at `0` and at each listed time. The flow of a mixture is a
    /// root of `F_t(y) = F_0(x)`, not a closed form, and is not exported.
    fn coq(&self, name: &str, verdict: Verdict, _: &Value) -> Result<Theorem, String> {
        let (plan, times, points, definitions) = self.coq_data(name)?;
        if !plan.is_gaussian() {
            return Err("the flow of a mixture is F_t^-1 o F_0, with no closed form: that it follows the field is the flux identity, exported for mixtures (by the implicit function theorem); its points would need values of Phi".into());
        }
        match verdict {
            Verdict::Certified if self.own_field() => {}
            Verdict::Certified => {
                return Err(
                    "a certified field of another plan is not exported (the refutation is)".into(),
                )
            }
            Verdict::Refuted => {
                return self.flow_refutation(name, plan, times, points, definitions)
            }
            v => return Err(format!("{}: nothing to export", v.as_str())),
        }
        let p = &plan.name;
        Ok(Theorem {
            definitions,
            statement: format!(
                "valid1 {p} /\\\n  forall t x, In t {times} -> In x {points} ->\n    flow1 {p} 0 x = x /\\\n    (forall s y, 0 < var1 {p} s -> (cdf1 {p} s y = cdf1 {p} 0 x <-> y = flow1 {p} s x)) /\\\n    derivable_pt_lim (fun s => flow1 {p} s x) t (field1 {p} t (flow1 {p} t x))"
            ),
            proof: format!(
                "  split; [{} | ].\n  intros t x Ht _.\n  assert (H0 : 0 < var1 {p} 0) by (unfold {p}; {}).\n  enough (Hv : 0 < var1 {p} t)\n    by (split; [apply flow1_start | split; [intros s y Hs; apply transport_unique1 | apply flow_identity1]]; assumption).\n{}",
                plan.validity_proof(),
                plan.spread_at_literal(&Q::from_integer(0.into()))?,
                plan.spread_at_listed("Ht", &times, &self.ts)?
            ),
        })
    }
}
