//! `flux-identity-box`: `d/dt F_t(x) + v_t(x) p_t(x) = 0` on a whole box
//! `[t0, t1] x [x0, x1]` (mathematics section 3, flux identity; hence
//! `d/dt Phi_t = v_t(Phi_t)` there by the implicit function theorem).
//!
//! With the plan's own field the claim is decided by the symbolic
//! certificate of `crate::onedim::flux` (every coefficient of the residual
//! is the zero polynomial, `Sigma_t > 0` on `[t0, t1]` by Sturm), and
//! cross-checked by enclosures at `n x n` points, each of which must
//! contain 0. With another plan's field only points are checked: a point
//! whose enclosure excludes 0 refutes the claim; none proves it on a box.

use crate::coq::line::LinePlan;
use crate::coq::{self, Theorem};
use crate::exact::{format_rational, Q};
use crate::input::{InputError, Table};
use crate::interval::Interval;
use crate::onedim::compare::own_plan;
use crate::onedim::flux::{flux_residual_at, FluxCertificate};
use crate::onedim::OneDimPlan;
use crate::proof::fields::{onedim_plan, other_field, small_integer};
use crate::proof::keys::{self, Key, KeyType};
use crate::proof::kind::{escalated, About, CheckKind, Context, Form};
use crate::proof::verdict::{Evidence, Method, Verdict};
use crate::proof::wire;
use crate::tex;
use serde_json::{json, Value};
use std::path::Path;

/// The data of a `flux-identity-box` instance.
#[derive(Debug, Clone)]
pub struct FluxIdentityBox {
    /// The plan.
    pub plan: OneDimPlan,
    /// Whose field is used (the plan itself by default).
    pub field_of: Option<OneDimPlan>,
    /// `[t0, t1]`, inside `[0, 1]`.
    pub t: (Q, Q),
    /// `[x0, x1]`.
    pub x: (Q, Q),
    /// Points per side of the pointwise grid.
    pub points: usize,
}

/// The pointwise grid at one precision: the largest `|residual|` and the
/// first point whose enclosure excludes 0.
struct Pointwise {
    largest: Interval,
    nonzero_at: Option<(Q, Q, Interval)>,
}

impl FluxIdentityBox {
    fn own_field(&self) -> bool {
        own_plan(&self.plan, self.field_of.as_ref())
    }

    fn grid(&self, (lo, hi): &(Q, Q)) -> Vec<Q> {
        (0..self.points)
            .map(|i| lo + (hi - lo) * Q::new(i.into(), (self.points - 1).into()))
            .collect()
    }

    fn pointwise(&self, ctx: &Context) -> Result<(Pointwise, u32), String> {
        let field_plan = self.field_of.as_ref().unwrap_or(&self.plan);
        let (ts, xs) = (self.grid(&self.t), self.grid(&self.x));
        escalated(
            ctx,
            |bits| {
                let mut largest = Interval::from_i64(0, bits);
                for t in &ts {
                    for x in &xs {
                        let r = flux_residual_at(&self.plan, field_plan, t, x, bits)?;
                        if !r.contains_zero() {
                            return Ok(Pointwise {
                                largest: largest.max_of(&r.abs()),
                                nonzero_at: Some((t.clone(), x.clone(), r)),
                            });
                        }
                        largest = largest.max_of(&r.abs());
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
}

impl CheckKind for FluxIdentityBox {
    const NAME: &'static str = "flux-identity-box";
    const KEYS: &'static [Key] = &[
        keys::GAUSSIAN_FAMILY,
        Key::required("t", KeyType::Range, "the times `[t0, t1]`, inside `[0, 1]`"),
        Key::required("x", KeyType::Range, "the points `[x0, x1]`"),
        keys::FIELD_OF,
        Key::optional(
            "points",
            KeyType::Integer(2, 64),
            "8",
            "points per side of the cross-check by jets",
        ),
    ];
    const COQ: bool = true;
    const FORM: Form = Form::Decision;
    const ABOUT: About = About {
        claim: "`d/dt F_t(x) + v_t(x) p_t(x) = 0` on the whole box `[t0, t1] x [x0, x1]`",
        preconditions: "a Gaussian family with `Sigma_t > 0` on `[t0, t1]` for every component (Sturm; else an error)",
        section: "3, flux identity",
        method: "exact: a symbolic certificate per component, cross-checked at `n x n` points (each enclosure must contain 0); with another plan's field, refuted by a point whose enclosure excludes 0, else inconclusive",
    };
    const HINTS: &'static [&'static str] =
        &["boxes", "components", "points", "largest_pointwise_bound"];

    fn parse(t: &Table<'_>, base: &Path) -> Result<Self, InputError> {
        let range = |key: &str| -> Result<(Q, Q), InputError> {
            let f = t.require(key)?;
            let v = f.vector()?;
            if v.len() != 2 || v[0] > v[1] {
                return Err(f.error("expected [lo, hi] with lo <= hi"));
            }
            Ok((v[0].clone(), v[1].clone()))
        };
        let tf = t.require("t")?;
        let times = range("t")?;
        if times.0 < Q::from_integer(0.into()) || times.1 > Q::from_integer(1.into()) {
            return Err(tf.error("the times must lie in [0, 1]"));
        }
        Ok(FluxIdentityBox {
            plan: onedim_plan(&t.require("plan")?, base)?,
            field_of: other_field(t, base)?,
            t: times,
            x: range("x")?,
            points: match t.get("points") {
                Some(f) => small_integer(&f, 2, 64)? as usize,
                None => 8,
            },
        })
    }

    fn claim(&self) -> String {
        format!(
            "$\\partial_t F_t(x) + v_t(x)\\, p_t(x) = 0$ on the whole box $[{}, {}] \\times [{}, {}]${}",
            tex::rational(&self.t.0),
            tex::rational(&self.t.1),
            tex::rational(&self.x.0),
            tex::rational(&self.x.1),
            if self.own_field() {
                " (symbolic certificate per component, cross-checked by jets at points)"
            } else {
                ", $v$ from another plan (points only: refuted or inconclusive)"
            }
        )
    }

    fn inputs(&self) -> serde_json::Value {
        json!({"plan": wire::onedim_plan(&self.plan), "field_of": self.field_of.as_ref().map(wire::onedim_plan),
               "t": [wire::rational(&self.t.0), wire::rational(&self.t.1)],
               "x": [wire::rational(&self.x.0), wire::rational(&self.x.1)], "points": self.points})
    }

    fn evidence(&self, ctx: &Context) -> Result<Evidence, String> {
        let n = self.points * self.points;
        if !self.own_field() {
            let (p, bits) = self.pointwise(ctx)?;
            let method = Method::Interval(bits);
            return Ok(match p.nonzero_at {
                Some((t, x, r)) => Evidence::Decided {
                    holds: false,
                    method,
                    witness: json!({"t": wire::rational(&t), "x": wire::rational(&x),
                                    "residual": wire::interval(&r)}),
                },
                None => Evidence::Undecided {
                    method,
                    witness: json!({"points": n, "largest_pointwise_bound": wire::interval(&p.largest)}),
                },
            });
        }
        let certificate = FluxCertificate::for_plan(&self.plan, &self.t.0, &self.t.1)
            .map_err(|e| e.to_string())?;
        if let Some(why) = certificate.failure() {
            return Err(format!("no symbolic certificate: {why}"));
        }
        // the cross-check confirms the certificate where it can run (far
        // tails where p_t underflows cannot be enclosed; the certificate
        // covers them)
        let cross_check: Value = match self.pointwise(ctx) {
            Ok((
                Pointwise {
                    nonzero_at: Some((t, x, _)),
                    ..
                },
                _,
            )) => {
                return Err(format!(
                    "internal error: the symbolic certificate holds but the enclosure at (t, x) = ({}, {}) excludes 0",
                    format_rational(&t),
                    format_rational(&x)
                ))
            }
            Ok((p, _)) => wire::interval(&p.largest),
            Err(e) => json!(format!("not run: {e}")),
        };
        Ok(Evidence::exact(
            true,
            json!({"boxes": 1, "components": certificate.components, "points": n,
                   "largest_pointwise_bound": cross_check}),
        ))
    }

    /// Certified (the plan's own field): `d/dt F_t(x) = -v_t(x) p_t(x)` for
    /// every `(t, x)` of the box, by the library's flux theorem once
    /// `Var X_t > 0` is shown on `[t0, t1]` (each component's variance is
    /// a convex quadratic in `t`, at least its value at its vertex clamped
    /// to the interval). A refutation is a point with another plan's
    /// field, exported by `flux-identity` for Gaussian plans, not here.
    fn coq(&self, name: &str, verdict: Verdict, _: &Value) -> Result<Theorem, String> {
        if verdict != Verdict::Certified || !self.own_field() {
            return Err("only the plan's own field is exported, as a certified claim (a refutation at a point is flux-identity's)".into());
        }
        let plan = LinePlan::new(&format!("{name}__plan"), &self.plan)?;
        let ((t0, t1), (x0, x1)) = (&self.t, &self.x);
        Ok(Theorem {
            definitions: vec![plan.definition()],
            statement: format!(
                "{} /\\\n  forall t x, {} <= t <= {} -> {} <= x <= {} ->\n    derivable_pt_lim (fun s => {} s x) t (- {} t x * {} t x)",
                plan.valid(),
                coq::real(t0),
                coq::real(t1),
                coq::real(x0),
                coq::real(x1),
                plan.of("cdf"),
                plan.of("field"),
                plan.of("pdf")
            ),
            proof: format!(
                "  assert (V : {}) by ({}).\n  split; [exact V | ].\n  intros t x Ht _.\n  apply {}; try exact V.\n  {}.\n",
                plan.valid(),
                plan.validity_proof(),
                plan.flux_theorem(),
                plan.spread_on(t0, t1)?
            ),
        })
    }
}
