//! `flux-identity`: `d/dt F_t(x) + v_t(x) p_t(x) = 0` at the points of a
//! grid (mathematics section 3, flux identity); `d/dt` by jets in `t`,
//! independent of `v` and `p`. The grid data and their run are shared with
//! `flow-identity` ([`PointwiseIdentity`]).

use super::transport_identity::flow_map_witness;
use crate::exact::Q;
use crate::input::{InputError, Table};
use crate::interval::Interval;
use crate::onedim::family::OneDimError;
use crate::onedim::flux::{flow_residual_at, flux_residual_at};
use crate::onedim::transport::transport;
use crate::onedim::OneDimPlan;
use crate::proof::fields::grids_in_time_and_space;
use crate::proof::keys::{self, Key, KeyType};
use crate::proof::kind::{largest_over_grid, About, CheckKind, Context, Form};
use crate::proof::verdict::Evidence;
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

/// The keys of both pointwise identities.
const POINTWISE_KEYS: &[Key] = &[
    keys::GAUSSIAN_FAMILY,
    Key::required("t", KeyType::TimeGrid, "the times"),
    Key::required("x", KeyType::Points, "the points"),
    keys::FIELD_OF,
];

impl CheckKind for FluxIdentity {
    const NAME: &'static str = "flux-identity";
    const KEYS: &'static [Key] = POINTWISE_KEYS;
    const FORM: Form = Form::Measure;
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
}

/// The data of a `flow-identity` instance.
pub type FlowIdentity = PointwiseIdentity<true>;

impl CheckKind for FlowIdentity {
    const NAME: &'static str = "flow-identity";
    const KEYS: &'static [Key] = POINTWISE_KEYS;
    const FORM: Form = Form::Measure;
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
}
