//! `gaussian-reflow-optimal`: the reflow of a Gaussian plan (rectified
//! flow: the deterministic plan `(X0, Phi_1(X0))` of its flow) is the
//! optimal plan between its marginals (docs/mathematics.md section 9).
//!
//! The flow of a Gaussian plan is `Phi_1(x) = m1 + M_1 (x - m0)`, so the
//! reflow is the deterministic Gaussian plan of the map `M_1`, and it is
//! the optimal plan exactly when `M_1 = T`, the optimal (Brenier) map
//! between `N(m0, S00)` and `N(m1, S11)`. `T` is given: checked exactly to
//! be symmetric positive definite with `T S00 T = S11`, which makes it the
//! optimal map (the only symmetric positive definite solution). The
//! measure is `max |M_1 - T|`, with `M_1` from validated integration.
//! In one dimension every reflow is optimal; in `D >= 2` it is when the
//! coordinates decouple, and not in general.

use super::gaussian_flow_transport::{flow_error, flow_size, interval_rows};
use crate::exact::{definiteness, QMatrix, Q};
use crate::gaussian::plan::read_matrix;
use crate::gaussian::{GaussianMixture, GaussianPlan};
use crate::input::{InputError, Table};
use crate::interval::Interval;
use crate::proof::fields::gaussian_plan;
use crate::proof::keys::{Key, KeyType};
use crate::proof::kind::{interval_measure, About, CheckKind, Context, Form};
use crate::proof::verdict::Evidence;
use crate::proof::wire;
use serde_json::{json, Value};
use std::path::Path;

/// The data of a `gaussian-reflow-optimal` instance.
#[derive(Debug, Clone)]
pub struct GaussianReflowOptimal {
    /// The plan whose flow is reflowed.
    pub plan: GaussianPlan,
    /// The optimal map `T` between its marginals.
    pub map: QMatrix,
}

impl CheckKind for GaussianReflowOptimal {
    const NAME: &'static str = "gaussian-reflow-optimal";
    const KEYS: &'static [Key] = &[
        Key::required("plan", KeyType::GaussianPlan, "the plan, any dimension"),
        Key::required(
            "map",
            KeyType::Matrix,
            "the optimal map `T` between the plan's marginals: symmetric positive definite with `T S00 T = S11`",
        ),
    ];
    const FORM: Form = Form::Measure;
    const ENCLOSED: bool = true;
    const ABOUT: About = About {
        claim: "the reflow of the plan, the deterministic plan `(X0, Phi_1(X0))` of its flow, is the optimal plan between its marginals: `M_1 = T` with `M_1 = D Phi_1`",
        preconditions: "`map` symmetric positive definite with `T S00 T = S11`, so that it is the optimal map (exact, checked when read; an error otherwise); `Sigma_s` positive definite for every `s` in `[0, 1]`, so that the flow is defined (exact; an error otherwise)",
        section: "9",
        method: "interval: `M_1` by validated integration, then the largest entry of `|M_1 - T|`",
    };
    const HINTS: &'static [&'static str] = &["flow_matrix", "steps"];

    fn parse(t: &Table<'_>, base: &Path) -> Result<Self, InputError> {
        let plan_field = t.require("plan")?;
        let plan = gaussian_plan(&plan_field, base)?;
        flow_size(&plan_field, &plan)?;
        let field = t.require("map")?;
        let map = read_matrix(&field)?;
        let d = plan.dim();
        if map.rows() != d || map.cols() != d {
            return Err(field.error(format!("expected a {d}x{d} matrix")));
        }
        if let Some(why) = not_optimal(&plan, &map) {
            return Err(field.error(why));
        }
        Ok(GaussianReflowOptimal { plan, map })
    }

    fn claim(&self) -> String {
        format!(
            "the reflow $(X_0, \\Phi_1(X_0))$ of the plan in dimension {} is the optimal plan: $M_1 = D\\Phi_1 = T$",
            self.plan.dim()
        )
    }

    fn inputs(&self) -> Value {
        json!({"plan": wire::gaussian_plan(&self.plan), "map": wire::matrix(&self.map)})
    }

    fn evidence(&self, ctx: &Context) -> Result<Evidence, String> {
        // checked when read, and again here for an instance built otherwise
        if let Some(why) = not_optimal(&self.plan, &self.map) {
            return Err(format!("`map`: {why}"));
        }
        let flow_plan = GaussianMixture::of_plan(&self.plan);
        let one = Q::from_integer(1.into());
        interval_measure(ctx, |bits| {
            let flow = flow_plan
                .flow_map(&one, self.plan.m0(), bits)
                .map_err(flow_error)?;
            let mut worst = Interval::from_i64(0, bits);
            for (i, row) in flow.jacobian.iter().enumerate() {
                for (j, entry) in row.iter().enumerate() {
                    let t = Interval::from_rational(&self.map[(i, j)], bits);
                    worst = worst.max_of(&(entry - &t).abs());
                }
            }
            let witness = json!({
                "flow_matrix": interval_rows(&flow.jacobian),
                "steps": flow.steps.len(),
            });
            Ok((worst, witness))
        })
    }
}

/// Why `map` is not the optimal map between the plan's marginals, or
/// `None` when it is: symmetric positive definite with `T S00 T = S11`,
/// exactly.
fn not_optimal(plan: &GaussianPlan, map: &QMatrix) -> Option<&'static str> {
    if !(map.is_symmetric() && definiteness(map).is_ok_and(|k| k.is_definite())) {
        return Some("not the optimal map: it is not symmetric positive definite");
    }
    let pushes = map
        .mul(plan.s00())
        .and_then(|m| m.mul(map))
        .is_ok_and(|m| &m == plan.s11());
    (!pushes).then_some("not the optimal map between the plan's marginals: T S00 T is not S11")
}
