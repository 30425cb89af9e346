//! `continuity-equation`: `d/dt p_t + div(p_t v_t) = 0` for a Gaussian plan
//! or a mixture of Gaussian plans in any dimension, at points
//! (docs/mathematics.md section 8), measured relative to `p_t`:
//! `d/dt ln p_t + grad ln p_t . v_t + div v_t`, so that a point far in the
//! tails (where `p_t` itself is below any tolerance) still tests the field. `d/dt p_t` and `grad p_t`
//! come from the density's exact derivatives, `v_t` and `div v_t` from the
//! field's posterior-weighted formula: the identity ties the two together.
//! With `field_of`, another plan's field is used (a negative control).

use crate::exact::Q;
use crate::gaussian::{FieldError, GaussianMixture, MixtureAt};
use crate::input::{InputError, Table};
use crate::interval::Interval;
use crate::onedim::family::OneDimError;
use crate::proof::fields::{mixture_plan, other_mixture_of_dim, points_of_dim, times};
use crate::proof::keys::{Key, KeyType};
use crate::proof::kind::{interval_measure, About, CheckKind, Context, Form};
use crate::proof::verdict::Evidence;
use crate::proof::wire;
use serde_json::{json, Value};
use std::path::Path;

/// The data of a `continuity-equation` instance.
#[derive(Debug, Clone)]
pub struct ContinuityEquation {
    /// The plan whose density is transported.
    pub plan: GaussianMixture,
    /// Whose field is used (the plan itself by default).
    pub field_of: Option<GaussianMixture>,
    /// The times.
    pub ts: Vec<Q>,
    /// The points.
    pub xs: Vec<Vec<Q>>,
}

/// An error of the mixture's values as the precision driver reads it: an
/// enclosure too wide may narrow at a higher precision, the rest may not.
pub(crate) fn escalation_error(e: FieldError) -> OneDimError {
    match e {
        FieldError::Unenclosed(e) => OneDimError::Interval(e),
        e => OneDimError::NotApplicable(e.to_string()),
    }
}

/// `d/dt p + div(p v)` over `x`, `v` the field of `field` (of the density's
/// plan when `None`).
pub(crate) fn residual(
    density: &MixtureAt,
    field: Option<&MixtureAt>,
    x: &[Interval],
) -> Result<Interval, OneDimError> {
    let p = density.values(x).map_err(escalation_error)?;
    Ok(match field {
        Some(f) => p.continuity_residual(&f.values(x).map_err(escalation_error)?),
        None => p.continuity_residual(&p),
    })
}

impl CheckKind for ContinuityEquation {
    const NAME: &'static str = "continuity-equation";
    const KEYS: &'static [Key] = &[
        Key::required("plan", KeyType::MixturePlan, "the plan (its density `p_t`)"),
        Key::required("t", KeyType::Times, "the times"),
        Key::required("x", KeyType::PointList, "the points"),
        Key::optional(
            "field_of",
            KeyType::MixturePlan,
            "the plan's own field",
            "another plan of the same dimension whose field `v_t` is used (a negative control)",
        ),
    ];
    const FORM: Form = Form::Measure;
    const ENCLOSED: bool = true;
    const ABOUT: About = About {
        claim: "`d/dt p_t + div(p_t v_t) = 0` at every time and every point, in any dimension, measured relative to `p_t`: `d/dt ln p_t + grad ln p_t . v_t + div v_t` (at points; on a whole box see `continuity-equation-box`)",
        preconditions: "points of the plan's dimension, and `field_of` of the same dimension (checked when read); `Sigma_t` of every component invertible at every time (an error otherwise)",
        section: "8",
        method: "interval: the largest residual `d/dt ln p + grad ln p . v + div v`, each term from exact per-component quantities at `t` and a log-sum-exp over the components",
    };

    fn parse(t: &Table<'_>, base: &Path) -> Result<Self, InputError> {
        let plan = mixture_plan(&t.require("plan")?, base)?;
        let d = plan.dim();
        let field_of = other_mixture_of_dim(t, "field_of", base, d)?;
        let xs = points_of_dim(&t.require("x")?, d)?;
        Ok(ContinuityEquation {
            plan,
            field_of,
            ts: times(&t.require("t")?)?,
            xs,
        })
    }

    fn claim(&self) -> String {
        format!(
            "$\\partial_t \\ln p_t + \\nabla \\ln p_t \\cdot v_t + \\nabla \\cdot v_t = 0$ (the continuity equation divided by $p_t$) in dimension {} at {} $(t, x)${}",
            self.plan.dim(),
            crate::tex::count(self.ts.len() * self.xs.len(), "point", "points"),
            if self.field_of.is_some() {
                ", $v$ from another plan"
            } else {
                ""
            }
        )
    }

    fn inputs(&self) -> Value {
        json!({"plan": wire::gaussian_mixture(&self.plan),
               "field_of": self.field_of.as_ref().map(wire::gaussian_mixture),
               "t": wire::vector(&self.ts),
               "x": self.xs.iter().map(|x| wire::vector(x)).collect::<Vec<_>>()})
    }

    fn evidence(&self, ctx: &Context) -> Result<Evidence, String> {
        let field_plan = self.field_of.as_ref().unwrap_or(&self.plan);
        interval_measure(ctx, |bits| {
            let mut worst = Interval::from_i64(0, bits);
            for t in &self.ts {
                let density = self.plan.at(t, bits).map_err(escalation_error)?;
                let field = field_plan.at(t, bits).map_err(escalation_error)?;
                let field = self.field_of.as_ref().map(|_| &field);
                for x in &self.xs {
                    let x: Vec<Interval> =
                        x.iter().map(|c| Interval::from_rational(c, bits)).collect();
                    worst = worst.max_of(&residual(&density, field, &x)?.abs());
                }
            }
            Ok((worst, Value::Null))
        })
    }
}
