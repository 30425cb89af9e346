//! `gaussian-lyapunov`: the continuity equation of a Gaussian plan in
//! Lyapunov form, `d/dt Sigma_t = A_t Sigma_t + Sigma_t A_t^T` (mathematics
//! section 2).

use crate::coq::{self, Theorem};
use crate::exact::{format_rational, PolyMatrix, QMatrix, Q};
use crate::gaussian::plan::read_matrix;
use crate::gaussian::GaussianPlan;
use crate::input::{InputError, Table};
use crate::proof::fields::{gaussian_plan, time};
use crate::proof::keys::{Key, KeyType};
use crate::proof::kind::{About, CheckKind, Context, Form};
use crate::proof::verdict::{Evidence, Verdict};
use crate::proof::wire;
use crate::tex;
use num_traits::{Signed, Zero};
use serde_json::{json, Value};
use std::path::Path;

/// The data of a `gaussian-lyapunov` instance.
#[derive(Debug, Clone)]
pub struct GaussianLyapunov {
    /// The plan.
    pub plan: GaussianPlan,
    /// A claimed field matrix `A` at a time `t` (the plan's own identity
    /// as polynomials in `t` when absent).
    pub claimed: Option<(Q, QMatrix)>,
}

/// The largest absolute coefficient of a polynomial matrix.
pub(crate) fn largest_coefficient(m: &PolyMatrix) -> Q {
    let mut best = Q::zero();
    for i in 0..m.rows() {
        for j in 0..m.cols() {
            for c in m.entry(i, j).coeffs() {
                if c.abs() > best {
                    best = c.abs();
                }
            }
        }
    }
    best
}

impl CheckKind for GaussianLyapunov {
    const NAME: &'static str = "gaussian-lyapunov";
    const KEYS: &'static [Key] = &[
        Key::required("plan", KeyType::GaussianPlan, "the plan"),
        Key::optional(
            "t",
            KeyType::Time,
            "the identity is checked as polynomials in `t`",
            "the time of a claimed `A` (with `a`)",
        ),
        Key::optional(
            "a",
            KeyType::Matrix,
            "as for `t`",
            "a claimed `A_t`, `D x D` (with `t`)",
        ),
    ];
    const FORM: Form = Form::Measure;
    const ABOUT: About = About {
        claim: "`d/dt Sigma_t = A_t Sigma_t + Sigma_t A_t^T` as a polynomial identity in `t` (or for a claimed `A` at `t`)",
        preconditions: "for a claimed `A` at `t`: `Sigma_t` invertible, so that the field is defined there (else an error)",
        section: "2, continuity equation",
        method: "exact: the largest residual coefficient",
    };

    fn parse(t: &Table<'_>, base: &Path) -> Result<Self, InputError> {
        let plan = gaussian_plan(&t.require("plan")?, base)?;
        let claimed = match (t.get("t"), t.get("a")) {
            (None, None) => None,
            (Some(tf), Some(af)) => {
                let a = read_matrix(&af)?;
                if a.rows() != plan.dim() || a.cols() != plan.dim() {
                    return Err(af.error(format!("expected a {0}x{0} matrix", plan.dim())));
                }
                Some((time(&tf)?, a))
            }
            _ => return Err(t.error("give both `t` and `a`, or neither")),
        };
        Ok(GaussianLyapunov { plan, claimed })
    }

    fn claim(&self) -> String {
        match &self.claimed {
            None => "$\\frac{d}{dt}\\Sigma_t = G_t + G_t^\\top = A_t \\Sigma_t + \\Sigma_t A_t^\\top$ as polynomials in $t$".into(),
            Some((t, _)) => format!(
                "the claimed $A$ satisfies $A \\Sigma_t + \\Sigma_t A^\\top = \\frac{{d}}{{dt}}\\Sigma_t$ at $t = {}$",
                tex::rational(t)
            ),
        }
    }

    fn inputs(&self) -> serde_json::Value {
        match &self.claimed {
            None => json!({"plan": wire::gaussian_plan(&self.plan)}),
            Some((t, a)) => {
                json!({"plan": wire::gaussian_plan(&self.plan), "t": wire::rational(t), "a": wire::matrix(a)})
            }
        }
    }

    const COQ: bool = true;

    /// Without a claimed `A`: `valid n P /\ forall t A b, field n P t A b
    /// -> lyapunov n P t A`, from the library's `field_lyapunov` (proven
    /// once, for every valid plan) and the plan's validity. With a claimed
    /// `A` at `t`: `Sigma_t` invertible (by its inverse) and `lyapunov n P
    /// t A` entry by entry, when the residual is exactly 0; refuted: the
    /// negation, from an entry where the residual is not 0 (the derivative
    /// is unique).
    fn coq(&self, name: &str, verdict: Verdict, _: &Value) -> Result<Theorem, String> {
        let n = self.plan.dim();
        coq::dimension(n)?;
        let p = format!("{name}__plan");
        let mut definitions = vec![coq::plan_definition(&p, &self.plan)];
        let Some((t, a)) = &self.claimed else {
            if verdict != Verdict::Certified {
                return Err(format!("{}: nothing to export", verdict.as_str()));
            }
            let validity = coq::validity_proof(&p, &self.plan)
                .ok_or("the plan is not positive semidefinite")?;
            return Ok(Theorem {
                definitions,
                statement: format!(
                    "valid {n} {p} /\\\n  (forall (t : R) (A : mat) (b : vec), field {n} {p} t A b -> lyapunov {n} {p} t A)"
                ),
                proof: format!("  apply valid_lyapunov.\n{validity}"),
            });
        };
        let am = format!("{name}__a");
        definitions.push(format!("Definition {am} : mat := {}.", coq::matrix(a)));
        let time = coq::real(t);
        let inverse = self
            .plan
            .sigma_at(t)
            .inverse()
            .map_err(|_| "Sigma_t is singular at t")?;
        let invertible = format!("exists {}; split; entrywise", coq::matrix(&inverse));
        let claim = format!("invertible {n} (Sigma {p} {time}) /\\ lyapunov {n} {p} {time} {am}");
        let residual = self
            .plan
            .lyapunov_residual_at(t, a)
            .map_err(|e| e.to_string())?;
        let (statement, proof) = match verdict {
            Verdict::Certified => {
                if !residual.is_zero() {
                    return Err(
                        "certified within a tolerance: the exact identity does not hold".into(),
                    );
                }
                (
                    claim,
                    format!("  unfold {p}, {am}; split.\n  {{ {invertible}. }}\n  {{ apply lyapunov_by; entrywise. }}\n"),
                )
            }
            Verdict::Refuted => {
                let (i, j) = (0..n)
                    .flat_map(|i| (0..n).map(move |j| (i, j)))
                    .find(|&ij| !residual[ij].is_zero())
                    .ok_or("refuted, but the exact residual is 0")?;
                (
                    format!("invertible {n} (Sigma {p} {time}) /\\ ~ lyapunov {n} {p} {time} {am}"),
                    format!(
                        "  unfold {p}, {am}; split.\n  {{ {invertible}. }}\n  intros H; pose proof (lyapunov_entry _ _ _ _ {i}%nat {j}%nat H ltac:(lia) ltac:(lia)) as E; expand; lra.\n"
                    ),
                )
            }
            v => return Err(format!("{}: nothing to export", v.as_str())),
        };
        Theorem::on_valid_plan(&p, &self.plan, definitions, statement, proof)
    }

    fn evidence(&self, _: &Context) -> Result<Evidence, String> {
        Ok(match &self.claimed {
            None => Evidence::exact_measure(
                largest_coefficient(&self.plan.lyapunov_residual()),
                Value::Null,
            ),
            Some((t, a)) => {
                // the field A_t exists only where Sigma_t is invertible;
                // where it is singular every A may satisfy the identity
                let sigma = self.plan.sigma_at(t);
                if sigma.det().map_err(|e| e.to_string())?.is_zero() {
                    return Err(format!(
                        "Sigma_t is singular at t = {}: the field is not defined there",
                        format_rational(t)
                    ));
                }
                let r = self
                    .plan
                    .lyapunov_residual_at(t, a)
                    .map_err(|e| e.to_string())?;
                let worst =
                    r.entries()
                        .iter()
                        .map(Signed::abs)
                        .fold(Q::zero(), |x, y| if y > x { y } else { x });
                let witness = if r.is_zero() {
                    Value::Null
                } else {
                    json!({"residual": wire::matrix(&r)})
                };
                Evidence::exact_measure(worst, witness)
            }
        })
    }
}
