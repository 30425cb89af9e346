//! `continuity-equation-box`: `d/dt p_t + div(p_t v_t) = 0` at every point
//! of a box `[t0, t1] x [lo, hi]` (a product of intervals in `R^D`) for a
//! Gaussian plan or a mixture of them (docs/mathematics.md section 8).
//!
//! With the plan's own field the claim is decided exactly, as an identity:
//! every component's `Sigma_s` is positive definite on `[t0, t1]` (Sturm
//! sequences on its leading minors), and each component's density moves by
//! its own affine field (`d/dt Sigma_t = G_t + G_t^T`, the Lyapunov
//! identity with `A_t Sigma_t = G_t`, as polynomials in `t`, and
//! `d/dt m_t = m1 - m0`); by linearity `p v = sum_k w_k p^k v^k` then
//! satisfies the equation everywhere. Enclosures at the grid's points
//! cross-check it (each must contain 0). With another plan's field (not
//! the same law) only points are checked: a point of the grid whose
//! enclosure of the residual relative to `p_t` excludes 0 refutes the
//! claim; none proves it on a box.

use super::continuity_equation::{escalation_error, residual};
use crate::exact::{format_rational, Q};
use crate::gaussian::flow_map::FlowMapError;
use crate::gaussian::GaussianMixture;
use crate::input::{InputError, Table};
use crate::interval::Interval;
use crate::proof::fields::{mixture_plan, other_mixture_of_dim, points_of_dim, small_integer};
use crate::proof::keys::{Key, KeyType};
use crate::proof::kind::{escalated, About, CheckKind, Context, Form};
use crate::proof::verdict::{Evidence, Method};
use crate::proof::wire;
use crate::tex;
use serde_json::{json, Value};
use std::path::Path;

/// Most points of the grid (times and points together).
const MAX_GRID: usize = 4096;

/// The data of a `continuity-equation-box` instance.
#[derive(Debug, Clone)]
pub struct ContinuityEquationBox {
    /// The plan whose density is transported.
    pub plan: GaussianMixture,
    /// Whose field is used (the plan itself by default).
    pub field_of: Option<GaussianMixture>,
    /// `[t0, t1]`, inside `[0, 1]`.
    pub t: (Q, Q),
    /// The box's lower and upper corners.
    pub x: (Vec<Q>, Vec<Q>),
    /// Points per side of the grid.
    pub points: usize,
}

/// `n` evenly spaced rationals from `lo` to `hi`.
fn spaced(lo: &Q, hi: &Q, n: usize) -> Vec<Q> {
    (0..n)
        .map(|i| lo + (hi - lo) * Q::new(i.into(), (n - 1).into()))
        .collect()
}

/// The grid's points at one precision: the largest `|residual|` and the
/// first point whose enclosure excludes 0.
struct Pointwise {
    largest: Interval,
    nonzero_at: Option<(Q, Vec<Q>, Interval)>,
}

impl ContinuityEquationBox {
    fn own_field(&self) -> bool {
        self.field_of
            .as_ref()
            .is_none_or(|f| f.same_plan(&self.plan))
    }

    /// Every point of the box's grid, `points` per side.
    fn grid(&self) -> Vec<Vec<Q>> {
        let sides: Vec<Vec<Q>> = self
            .x
            .0
            .iter()
            .zip(&self.x.1)
            .map(|(lo, hi)| spaced(lo, hi, self.points))
            .collect();
        let mut out: Vec<Vec<Q>> = vec![Vec::new()];
        for side in &sides {
            out = out
                .iter()
                .flat_map(|p| {
                    side.iter().map(move |c| {
                        let mut q = p.clone();
                        q.push(c.clone());
                        q
                    })
                })
                .collect();
        }
        out
    }

    fn pointwise(&self, ctx: &Context) -> Result<(Pointwise, u32), String> {
        let field_plan = self.field_of.as_ref().unwrap_or(&self.plan);
        let ts = spaced(&self.t.0, &self.t.1, self.points);
        let xs = self.grid();
        escalated(
            ctx,
            |bits| {
                let mut largest = Interval::from_i64(0, bits);
                for t in &ts {
                    let density = self.plan.at(t, bits).map_err(escalation_error)?;
                    let field = field_plan.at(t, bits).map_err(escalation_error)?;
                    let field = self.field_of.as_ref().map(|_| &field);
                    for x in &xs {
                        let point: Vec<Interval> =
                            x.iter().map(|c| Interval::from_rational(c, bits)).collect();
                        let r = residual(&density, field, &point)?;
                        largest = largest.max_of(&r.abs());
                        if !r.contains_zero() {
                            return Ok(Pointwise {
                                largest,
                                nonzero_at: Some((t.clone(), x.clone(), r)),
                            });
                        }
                    }
                }
                Ok(Pointwise {
                    largest,
                    nonzero_at: None,
                })
            },
            // the own field: one pass suffices; another: raise the
            // precision until some point excludes 0
            |p| self.own_field() || p.nonzero_at.is_some(),
        )
    }

    /// The identity behind the own field's claim, per component: `Sigma_s`
    /// positive definite on `[t0, t1]` and `d/dt Sigma_t = G_t + G_t^T`.
    fn identity(&self) -> Result<(), String> {
        self.plan.defined_on(&self.t.0, &self.t.1).map_err(|e| match e {
            FlowMapError::Undefined { component, lo, hi } => {
                let at = if lo == hi {
                    format!("at s = {lo}")
                } else {
                    format!("for some s in [{lo}, {hi}]")
                };
                format!(
                    "component {component}: Sigma_s is not positive definite {at}: the density is not defined on the box's times"
                )
            }
            e => e.to_string(),
        })?;
        for (k, (_, plan)) in self.plan.components().iter().enumerate() {
            let g = plan.g_poly();
            if !plan
                .sigma_poly()
                .derivative()
                .sub(&g.add(&g.transpose()))
                .is_zero()
            {
                return Err(format!(
                    "internal error: component {k} fails d/dt Sigma_t = G_t + G_t^T"
                ));
            }
        }
        Ok(())
    }
}

impl CheckKind for ContinuityEquationBox {
    const NAME: &'static str = "continuity-equation-box";
    const KEYS: &'static [Key] = &[
        Key::required("plan", KeyType::MixturePlan, "the plan (its density `p_t`)"),
        Key::required("t", KeyType::Range, "the times `[t0, t1]`, inside `[0, 1]`"),
        Key::required(
            "x",
            KeyType::PointList,
            "the box: its lower and upper corners `[lo, hi]`, `lo <= hi` in every coordinate",
        ),
        Key::optional(
            "field_of",
            KeyType::MixturePlan,
            "the plan's own field",
            "another plan of the same dimension whose field `v_t` is used (a negative control)",
        ),
        Key::optional(
            "points",
            KeyType::Integer(2, 16),
            "3",
            "points per side of the grid, evenly spaced with both ends included (times and each coordinate), at most 4,096 in all",
        ),
    ];
    const FORM: Form = Form::Decision;
    const ABOUT: About = About {
        claim: "`d/dt p_t + div(p_t v_t) = 0` at every point of the box `[t0, t1] x [lo, hi]` in any dimension",
        preconditions: "`Sigma_s` of every component of the plan positive definite on `[t0, t1]` (Sturm; else an error); the corners and `field_of` of the plan's dimension (checked when read)",
        section: "8",
        method: "exact: with the plan's own field (or the same law), `Sigma_s > 0` on `[t0, t1]` and each component's identity `d/dt Sigma_t = G_t + G_t^T` as polynomials, cross-checked at the grid's points (each enclosure must contain 0); with another plan's field, refuted by a grid point whose enclosure of the residual relative to `p_t` excludes 0, else inconclusive",
    };
    const HINTS: &'static [&'static str] = &["components", "points", "largest_pointwise_bound"];

    fn parse(t: &Table<'_>, base: &Path) -> Result<Self, InputError> {
        let plan = mixture_plan(&t.require("plan")?, base)?;
        let d = plan.dim();
        let tf = t.require("t")?;
        let times = tf.vector()?;
        let (zero, one) = (Q::from_integer(0.into()), Q::from_integer(1.into()));
        if times.len() != 2 || times[0] > times[1] || times[0] < zero || times[1] > one {
            return Err(tf.error("expected [t0, t1] with 0 <= t0 <= t1 <= 1"));
        }
        let xf = t.require("x")?;
        let corners = points_of_dim(&xf, d)?;
        if corners.len() != 2 || corners[0].iter().zip(&corners[1]).any(|(a, b)| a > b) {
            return Err(xf.error(
                "expected the box's two corners [lo, hi] with lo <= hi in every coordinate",
            ));
        }
        let points = match t.get("points") {
            Some(f) => small_integer(&f, 2, 16)? as usize,
            None => 3,
        };
        let grid = points.checked_pow(d as u32 + 1).filter(|n| *n <= MAX_GRID);
        if grid.is_none() {
            let f = t.get("points").unwrap_or(xf);
            return Err(f.error(format!(
                "{points} points per side in D = {d} and time: more than {MAX_GRID} points"
            )));
        }
        let mut corners = corners.into_iter();
        let x = (
            corners.next().expect("two corners"),
            corners.next().expect("two corners"),
        );
        Ok(ContinuityEquationBox {
            field_of: other_mixture_of_dim(t, "field_of", base, d)?,
            plan,
            t: (times[0].clone(), times[1].clone()),
            x,
            points,
        })
    }

    fn claim(&self) -> String {
        // [a, b]^D when every side is the same, else a product of sides
        // (inline math may break after each \times)
        let (lo, hi) = &self.x;
        let side = |i: usize| format!("[{}, {}]", tex::rational(&lo[i]), tex::rational(&hi[i]));
        let uniform = lo.iter().all(|a| *a == lo[0]) && hi.iter().all(|b| *b == hi[0]);
        let space = if uniform {
            format!("{}^{{{}}}", side(0), lo.len())
        } else {
            (0..lo.len())
                .map(side)
                .collect::<Vec<_>>()
                .join(" \\times ")
        };
        format!(
            "$\\partial_t p_t + \\nabla \\cdot (p_t v_t) = 0$ on the whole box $[{}, {}] \\times {}$ of times and points in dimension {}{}",
            tex::rational(&self.t.0),
            tex::rational(&self.t.1),
            space,
            self.plan.dim(),
            if self.own_field() {
                " (an identity per component, cross-checked at points)"
            } else {
                ", $v$ from another plan (points only: refuted or inconclusive)"
            }
        )
    }

    fn inputs(&self) -> Value {
        json!({"plan": wire::gaussian_mixture(&self.plan),
               "field_of": self.field_of.as_ref().map(wire::gaussian_mixture),
               "t": [wire::rational(&self.t.0), wire::rational(&self.t.1)],
               "x": [wire::vector(&self.x.0), wire::vector(&self.x.1)],
               "points": self.points})
    }

    fn evidence(&self, ctx: &Context) -> Result<Evidence, String> {
        let n = self.points.pow(self.plan.dim() as u32 + 1);
        if !self.own_field() {
            let (p, bits) = self.pointwise(ctx)?;
            let method = Method::Interval(bits);
            return Ok(match p.nonzero_at {
                Some((t, x, r)) => Evidence::Decided {
                    holds: false,
                    method,
                    witness: json!({"t": wire::rational(&t), "x": wire::vector(&x),
                                    "residual": wire::interval(&r)}),
                },
                None => Evidence::Undecided {
                    method,
                    witness: json!({"points": n, "largest_pointwise_bound": wire::interval(&p.largest)}),
                },
            });
        }
        self.identity()?;
        // the cross-check confirms the identity where it can run
        let cross_check: Value = match self.pointwise(ctx) {
            Ok((
                Pointwise {
                    nonzero_at: Some((t, x, _)),
                    ..
                },
                _,
            )) => {
                return Err(format!(
                    "internal error: the identity holds but the enclosure at t = {}, x = ({}) excludes 0",
                    format_rational(&t),
                    x.iter().map(format_rational).collect::<Vec<_>>().join(", ")
                ))
            }
            Ok((p, _)) => wire::interval(&p.largest),
            Err(e) => json!(format!("not run: {e}")),
        };
        Ok(Evidence::exact(
            true,
            json!({"components": self.plan.components().len(), "points": n,
                   "largest_pointwise_bound": cross_check}),
        ))
    }
}
