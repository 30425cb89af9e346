//! `mixture-change-of-variables`: the flow map of a Gaussian plan or of a
//! mixture of them, in any dimension, pushes `p_0` to `p_t`, checked at
//! points by the change of variables `p_t(Phi_t(x)) |det D Phi_t(x)| =
//! p_0(x)` (docs/mathematics.md section 9), measured relative to `p_0(x)`.
//! `Phi_t(x)` and `D Phi_t(x)` come from validated integration with the
//! variational equation ([`crate::gaussian::flow_map`]); `p_t` is enclosed
//! over the box `Phi_t(x)`. With `map_of`, another plan's flow is used (a
//! negative control: at `t = 1` any plan with the same marginals
//! transports, at an inner time its flow moves `p_0` to its own `p_t`).

use super::continuity_equation::escalation_error;
use super::gaussian_flow_transport::{flow_error, interval_rows, mixture_flow_size};
use crate::exact::Q;
use crate::gaussian::GaussianMixture;
use crate::input::{InputError, Table};
use crate::interval::Interval;
use crate::onedim::family::OneDimError;
use crate::proof::fields::{mixture_plan, other_mixture_of_dim, points_of_dim, time};
use crate::proof::keys::{Key, KeyType};
use crate::proof::kind::{interval_measure, About, CheckKind, Context, Form};
use crate::proof::verdict::Evidence;
use crate::proof::wire;
use serde_json::{json, Value};
use std::path::Path;

/// Most points of one instance: each is a validated integration.
const MAX_POINTS: usize = 16;

/// The data of a `mixture-change-of-variables` instance.
#[derive(Debug, Clone)]
pub struct MixtureChangeOfVariables {
    /// The plan whose `p_0` and `p_t` are compared.
    pub plan: GaussianMixture,
    /// Whose flow is used (the plan itself by default).
    pub map_of: Option<GaussianMixture>,
    /// The time.
    pub t: Q,
    /// The starting points.
    pub xs: Vec<Vec<Q>>,
}

/// `det M` of an interval matrix, by Gaussian elimination with the pivot of
/// largest magnitude in each column; `None` when every candidate pivot
/// holds 0.
fn determinant(m: &[Vec<Interval>]) -> Option<Interval> {
    let d = m.len();
    let mut a: Vec<Vec<Interval>> = m.to_vec();
    let prec = a[0][0].prec();
    let mut det = Interval::from_i64(1, prec);
    for k in 0..d {
        let pivot_row = (k..d)
            .filter(|&i| !a[i][k].contains_zero())
            .max_by(|&i, &j| a[i][k].mag().total_cmp(&a[j][k].mag()))?;
        if pivot_row != k {
            a.swap(pivot_row, k);
            det = -&det;
        }
        let pivot = a[k][k].clone();
        det = &det * &pivot;
        let (top, below) = a.split_at_mut(k + 1);
        for row in below {
            let f = row[k].checked_div(&pivot).ok()?;
            for (x, p) in row[k..].iter_mut().zip(&top[k][k..]) {
                *x = &*x - &(&f * p);
            }
        }
    }
    Some(det)
}

impl CheckKind for MixtureChangeOfVariables {
    const NAME: &'static str = "mixture-change-of-variables";
    const KEYS: &'static [Key] = &[
        Key::required(
            "plan",
            KeyType::MixturePlan,
            "the plan (a Gaussian plan or a mixture), any dimension",
        ),
        Key::required("x", KeyType::PointList, "the starting points (1 to 16)"),
        Key::optional("t", KeyType::Time, "1", "the time"),
        Key::optional(
            "map_of",
            KeyType::MixturePlan,
            "the plan's own flow",
            "another plan of the same dimension whose flow `Phi_t` is used (a negative control)",
        ),
    ];
    const FORM: Form = Form::Measure;
    const ENCLOSED: bool = true;
    const ABOUT: About = About {
        claim: "the flow map `Phi_t` pushes `p_0` to `p_t`, by the change of variables at each point: `p_t(Phi_t(x)) |det D Phi_t(x)| = p_0(x)`, measured relative to `p_0(x)`",
        preconditions: "points of the plan's dimension, `map_of` of the same dimension, the flow within the limit of flow maps (`components x (D + 1) x D^2 <= 4096` for the flow's plan; checked when read); `Sigma_s` of every component of the flow's plan positive definite for every `s` in `[0, t]` (decided exactly; an error otherwise) and `Sigma_t` of the plan's components invertible",
        section: "9",
        method: "interval: `Phi_t(x)` and `D Phi_t(x)` by validated integration with the variational equation (Taylor method, a-priori box, mean-value form), `det` by elimination, `p_t` over the box `Phi_t(x)`; the largest `|p_t(Phi_t(x)) |det D Phi_t(x)| / p_0(x) - 1|`",
    };
    const HINTS: &'static [&'static str] = &["points"];

    fn parse(t: &Table<'_>, base: &Path) -> Result<Self, InputError> {
        let plan_field = t.require("plan")?;
        let plan = mixture_plan(&plan_field, base)?;
        let d = plan.dim();
        let map_of = other_mixture_of_dim(t, "map_of", base, d)?;
        match (t.get("map_of"), &map_of) {
            (Some(f), Some(other)) => mixture_flow_size(&f, other.components().len(), d)?,
            _ => mixture_flow_size(&plan_field, plan.components().len(), d)?,
        }
        let x_field = t.require("x")?;
        let count = x_field.array()?.len();
        if count == 0 || count > MAX_POINTS {
            return Err(x_field.error(format!(
                "{count} points: expected 1 to {MAX_POINTS}, each is an integration"
            )));
        }
        let xs = points_of_dim(&x_field, d)?;
        let t = match t.get("t") {
            Some(f) => time(&f)?,
            None => Q::from_integer(1.into()),
        };
        Ok(MixtureChangeOfVariables {
            plan,
            map_of,
            t,
            xs,
        })
    }

    fn claim(&self) -> String {
        format!(
            "the flow map pushes $p_0$ to $p_t$ at $t = {}$ in dimension {}: $p_t(\\Phi_t(x))\\,|\\det D\\Phi_t(x)| = p_0(x)$ at {}{}",
            crate::tex::rational(&self.t),
            self.plan.dim(),
            crate::tex::count(self.xs.len(), "point", "points"),
            if self.map_of.is_some() {
                ", $\\Phi$ from another plan"
            } else {
                ""
            }
        )
    }

    fn inputs(&self) -> Value {
        json!({"plan": wire::gaussian_mixture(&self.plan),
               "map_of": self.map_of.as_ref().map(wire::gaussian_mixture),
               "t": wire::rational(&self.t),
               "x": self.xs.iter().map(|x| wire::vector(x)).collect::<Vec<_>>()})
    }

    fn evidence(&self, ctx: &Context) -> Result<Evidence, String> {
        let flow_plan = self.map_of.as_ref().unwrap_or(&self.plan);
        let zero = Q::from_integer(0.into());
        interval_measure(ctx, |bits| {
            let start = self.plan.at(&zero, bits).map_err(escalation_error)?;
            let end = self.plan.at(&self.t, bits).map_err(escalation_error)?;
            let mut flow = flow_plan.flow(bits);
            let one = Interval::from_i64(1, bits);
            let mut worst = Interval::from_i64(0, bits);
            let mut points = Vec::new();
            for x in &self.xs {
                let map = flow.map(&self.t, x).map_err(flow_error)?;
                let det = determinant(&map.jacobian).ok_or_else(|| {
                    OneDimError::NotApplicable(
                        "D Phi_t(x) is not enclosed away from singular".into(),
                    )
                })?;
                // in logarithms: far in the tails p_0 itself underflows
                let ln_p0 = start.at_point(x).map_err(escalation_error)?.log_density;
                let ln_pt = end.values(&map.end).map_err(escalation_error)?.log_density;
                let ratio = &(&ln_pt - &ln_p0).exp() * &det.abs();
                worst = worst.max_of(&(&ratio - &one).abs());
                points.push(json!({
                    "phi": map.end.iter().map(wire::interval).collect::<Vec<_>>(),
                    "jacobian": interval_rows(&map.jacobian),
                    "det_jacobian": wire::interval(&det),
                    "steps": map.steps.len(),
                }));
            }
            Ok((worst, json!({ "points": points })))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iv(n: i64) -> Interval {
        Interval::from_i64(n, 64)
    }

    /// A matrix whose first pivot is 0 needs a row swap: `det [[0, 1], [2,
    /// 3]] = -2`, exactly.
    #[test]
    fn determinant_swaps_rows_past_a_zero_pivot() {
        let det = determinant(&[vec![iv(0), iv(1)], vec![iv(2), iv(3)]]).unwrap();
        assert!(det.contains_rational(&Q::from_integer((-2).into())) && det.is_point());
    }

    #[test]
    fn a_singular_matrix_has_no_determinant_enclosure_away_from_zero() {
        let det = determinant(&[vec![iv(1), iv(2)], vec![iv(2), iv(4)]]);
        assert!(det.is_none_or(|d| d.contains_zero()));
    }
}
