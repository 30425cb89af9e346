//! `gaussian-flow-transport`: the flow map of a Gaussian plan in any
//! dimension pushes `p_0` to `p_t` (docs/mathematics.md section 9). The
//! field is affine, so the flow is `Phi_t(x) = Phi_t(m0) + M_t (x - m0)`
//! with `M_t' = A_t M_t`, `M_0 = I`, and the push-forward of
//! `N(m0, S00)` is `N(Phi_t(m0), M_t S00 M_t^T)`: the claim is
//! `Phi_t(m0) = m_t` and `M_t S00 M_t^T = Sigma_t` (at `t = 1`,
//! `M_1 S00 M_1^T = S11`). `Phi_t` comes from validated integration
//! ([`crate::interval::ode`]); nothing about the flow is exact. With
//! `map_of`, another plan's flow is used (a negative control: at `t = 1`
//! the flow of any plan with the same marginals transports too, at an
//! inner time it moves `p_0` to that plan's `p_t`).

use crate::exact::Q;
use crate::gaussian::{flow_map::FlowMapError, GaussianMixture, GaussianPlan};
use crate::input::{InputError, Table};
use crate::interval::{ode::mat_mul, Interval};
use crate::onedim::family::OneDimError;
use crate::proof::fields::{gaussian_plan, time};
use crate::proof::keys::{Key, KeyType};
use crate::proof::kind::{interval_measure, About, CheckKind, Context, Form};
use crate::proof::verdict::Evidence;
use crate::proof::wire;
use serde_json::{json, Value};
use std::path::Path;

/// The data of a `gaussian-flow-transport` instance.
#[derive(Debug, Clone)]
pub struct GaussianFlowTransport {
    /// The plan whose `p_0` and `p_t` are compared.
    pub plan: GaussianPlan,
    /// Whose flow is used (the plan itself by default).
    pub map_of: Option<GaussianPlan>,
    /// The time.
    pub t: Q,
}

impl CheckKind for GaussianFlowTransport {
    const NAME: &'static str = "gaussian-flow-transport";
    const KEYS: &'static [Key] = &[
        Key::required("plan", KeyType::GaussianPlan, "the plan, any dimension"),
        Key::optional("t", KeyType::Time, "1", "the time"),
        Key::optional(
            "map_of",
            KeyType::GaussianPlan,
            "the plan's own flow",
            "another plan of the same dimension whose flow `Phi_t` is used (a negative control)",
        ),
    ];
    const FORM: Form = Form::Measure;
    const ENCLOSED: bool = true;
    const ABOUT: About = About {
        claim: "the flow map `Phi_t` of the field pushes `p_0 = N(m0, S00)` to `p_t = N(m_t, Sigma_t)`: `Phi_t(m0) = m_t` and `M_t S00 M_t^T = Sigma_t` with `M_t = D Phi_t` (at `t = 1`: `M_1 S00 M_1^T = S11`)",
        preconditions: "`map_of` of the same dimension (checked when read); `Sigma_s` of the flow's plan positive definite for every `s` in `[0, t]`, so that the flow is defined (decided exactly; an error otherwise)",
        section: "9",
        method: "interval: `Phi_t(m0)` and `M_t` by validated integration (Taylor method, a-priori box, mean-value form), then the largest entry of `|Phi_t(m0) - m_t|` and `|M_t S00 M_t^T - Sigma_t|`",
    };
    const HINTS: &'static [&'static str] = &["phi_m0", "flow_matrix", "steps"];

    fn parse(t: &Table<'_>, base: &Path) -> Result<Self, InputError> {
        let plan = gaussian_plan(&t.require("plan")?, base)?;
        let map_of = match t.get("map_of") {
            Some(f) => {
                let other = gaussian_plan(&f, base)?;
                if other.dim() != plan.dim() {
                    return Err(f.error(format!(
                        "dimension {}, the plan's is {}",
                        other.dim(),
                        plan.dim()
                    )));
                }
                Some(other)
            }
            None => None,
        };
        for (f, p) in [(t.require("plan")?, &plan)]
            .into_iter()
            .chain(t.get("map_of").zip(map_of.as_ref()))
        {
            flow_size(&f, p)?;
        }
        let t = match t.get("t") {
            Some(f) => time(&f)?,
            None => Q::from_integer(1.into()),
        };
        Ok(GaussianFlowTransport { plan, map_of, t })
    }

    fn claim(&self) -> String {
        format!(
            "the flow map $\\Phi_t$ pushes $p_0$ to $p_t$ at $t = {}$ in dimension {}: $\\Phi_t(m_0) = m_t$ and $M_t S_{{00}} M_t^\\top = \\Sigma_t$, $M_t = D\\Phi_t${}",
            crate::tex::rational(&self.t),
            self.plan.dim(),
            if self.map_of.is_some() {
                ", $\\Phi$ from another plan"
            } else {
                ""
            }
        )
    }

    fn inputs(&self) -> Value {
        json!({"plan": wire::gaussian_plan(&self.plan),
               "map_of": self.map_of.as_ref().map(wire::gaussian_plan),
               "t": wire::rational(&self.t)})
    }

    fn evidence(&self, ctx: &Context) -> Result<Evidence, String> {
        let flow_plan = GaussianMixture::of_plan(self.map_of.as_ref().unwrap_or(&self.plan));
        let (m_t, sigma_t) = (self.plan.mean_at(&self.t), self.plan.sigma_at(&self.t));
        interval_measure(ctx, |bits| {
            let flow = flow_plan
                .flow_map(&self.t, self.plan.m0(), bits)
                .map_err(flow_error)?;
            let q = |x: &Q| Interval::from_rational(x, bits);
            let mut worst = Interval::from_i64(0, bits);
            for (phi, m) in flow.end.iter().zip(&m_t) {
                worst = worst.max_of(&(phi - &q(m)).abs());
            }
            let pushed = congruence(&flow.jacobian, self.plan.s00().entries(), bits);
            for (i, row) in pushed.iter().enumerate() {
                for (j, entry) in row.iter().enumerate() {
                    worst = worst.max_of(&(entry - &q(&sigma_t[(i, j)])).abs());
                }
            }
            let witness = json!({
                "phi_m0": flow.end.iter().map(wire::interval).collect::<Vec<_>>(),
                "flow_matrix": interval_rows(&flow.jacobian),
                "steps": flow.steps.len(),
            });
            Ok((worst, witness))
        })
    }
}

/// A flow map of `plan` within the limit of flow maps (a single Gaussian
/// plan: `(D + 1) D^2 <= 4096`, `D <= 15`), else an error naming `field`.
pub(crate) fn flow_size(
    field: &crate::input::Field<'_>,
    plan: &GaussianPlan,
) -> Result<(), InputError> {
    mixture_flow_size(field, 1, plan.dim())
}

/// A flow map of a mixture of `components` plans in dimension `d` within
/// the limit of flow maps (`components x (D + 1) x D^2 <= 4096`), else an
/// error naming `field`.
pub(crate) fn mixture_flow_size(
    field: &crate::input::Field<'_>,
    components: usize,
    d: usize,
) -> Result<(), InputError> {
    let size = components * (d + 1) * d * d;
    if size > crate::limits::MAX_FLOW_SIZE {
        let whose = if components == 1 {
            format!("a flow map in D = {d}: (D + 1) x D^2")
        } else {
            format!("a flow map of {components} components in D = {d}: components x (D + 1) x D^2")
        };
        return Err(field.error(format!(
            "{whose} = {size} exceeds the limit {} of flow maps{}",
            crate::limits::MAX_FLOW_SIZE,
            if components == 1 { " (D <= 15)" } else { "" }
        )));
    }
    Ok(())
}

/// An interval matrix by rows, as a certificate writes it.
pub(crate) fn interval_rows(m: &[Vec<Interval>]) -> Value {
    m.iter()
        .map(|r| r.iter().map(wire::interval).collect::<Vec<_>>())
        .collect()
}

/// A flow error as the precision driver reads it: none narrows with more
/// bits (an integration that cannot take a step would need other steps).
pub(crate) fn flow_error(e: FlowMapError) -> OneDimError {
    OneDimError::NotApplicable(e.to_string())
}

/// `M S M^T` for an interval matrix `M` and a rational `S` (row-major
/// entries of a square matrix of `M`'s size).
fn congruence(m: &[Vec<Interval>], s: &[Q], bits: u32) -> Vec<Vec<Interval>> {
    let d = m.len();
    let rows: Vec<Interval> = m.iter().flatten().cloned().collect();
    let columns: Vec<Interval> = (0..d * d)
        .map(|k| rows[(k % d) * d + k / d].clone())
        .collect();
    let s: Vec<Interval> = s.iter().map(|x| Interval::from_rational(x, bits)).collect();
    mat_mul(&mat_mul(&rows, &s, d), &columns, d)
        .chunks(d)
        .map(<[Interval]>::to_vec)
        .collect()
}
