//! `gaussian-well-posed`: `Sigma_t` is positive definite for every `t` in
//! `[0, 1]`, so the field is defined on the whole path (mathematics section
//! 2, "Validity").

use crate::coq::{self, Theorem};
use crate::exact::Q;
use crate::gaussian::{GaussianPlan, WellPosedness};
use crate::input::{InputError, Table};
use crate::proof::fields::gaussian_plan;
use crate::proof::keys::{Key, KeyType};
use crate::proof::kind::{About, CheckKind, Context, Form};
use crate::proof::verdict::Evidence;
use crate::proof::verdict::Verdict;
use crate::proof::wire;
use serde_json::{json, Value};
use std::path::Path;

/// The data of a `gaussian-well-posed` instance.
#[derive(Debug, Clone)]
pub struct GaussianWellPosed {
    /// The plan.
    pub plan: GaussianPlan,
}

impl CheckKind for GaussianWellPosed {
    const NAME: &'static str = "gaussian-well-posed";
    const KEYS: &'static [Key] = &[Key::required("plan", KeyType::GaussianPlan, "the plan")];
    const FORM: Form = Form::Decision;
    const ABOUT: About = About {
        claim: "`Sigma_t` is positive definite for every `t` in `[0, 1]`",
        preconditions: "none beyond a valid plan",
        section: "2, validity",
        method: "exact: the joint covariance positive definite (LDL^T), else every leading principal minor of `Sigma_t` positive on `[0, 1]` (Sturm); refuted with the failing minor and a `t` interval",
    };
    const HINTS: &'static [&'static str] = &["proof", "t_interval"];

    fn parse(t: &Table<'_>, base: &Path) -> Result<Self, InputError> {
        Ok(GaussianWellPosed {
            plan: gaussian_plan(&t.require("plan")?, base)?,
        })
    }

    fn claim(&self) -> String {
        "$\\Sigma_t \\succ 0$ for every $t \\in [0, 1]$".into()
    }

    fn inputs(&self) -> serde_json::Value {
        json!({"plan": wire::gaussian_plan(&self.plan)})
    }

    const COQ: bool = true;

    /// `forall t, 0 <= t <= 1 -> posdef n (Sigma P t)`. Certified when the
    /// joint covariance `Gamma` is positive definite: `x^T Sigma_t x =
    /// z^T Gamma z` with `z = ((1-t) x, t x)`, and a sum of squares of
    /// `Gamma - c I` gives `x^T Sigma_t x - (c/2)|x|^2 >= (c/2)(2t - 1)^2 |x|^2`.
    /// Refuted: the negation at the witness's `t`, by a vector of the
    /// kernel of `Sigma_t` (a valid plan's `Sigma_t` is positive
    /// semidefinite, so it is singular where it is not definite).
    fn coq(&self, name: &str, verdict: Verdict, witness: &Value) -> Result<Theorem, String> {
        let n = self.plan.dim();
        coq::dimension(n)?;
        let p = format!("{name}__plan");
        let claim = format!("forall t : R, 0 <= t <= 1 -> posdef {n} (Sigma {p} t)");
        let proof = match verdict {
            Verdict::Certified => {
                let gamma = self.plan.joint_covariance();
                let variable = |k: usize| {
                    if k < n {
                        format!("(1 - t) * x {k}%nat")
                    } else {
                        format!("t * x {}%nat", k - n)
                    }
                };
                let (c, squares) = coq::definite_margin(&gamma, variable).ok_or(
                    "the joint covariance is singular (or nearly, below 2^-(2^20)): well-posedness rests on the minors of Sigma_t, not exported",
                )?;
                let half = &c / Q::from_integer(2.into());
                let time_terms: String = (0..n)
                    .map(|i| format!(" + {} * ((2 * t - 1) * x {i}%nat) ^ 2", coq::real(&half)))
                    .collect();
                format!(
                    "  intros t _; unfold {p}; split; [entrywise | ].\n  exists {}; split; [lra | ].\n  intros x; expand.\n  apply (le_by _ _ ({squares}{time_terms})); [field | sum_of_squares].\n",
                    coq::real(&half)
                )
            }
            Verdict::Refuted => {
                let t = witness
                    .get("t")
                    .and_then(|t| crate::exact::parse_rational(t.as_str()?).ok())
                    .ok_or("refuted without a rational t: no witness to export")?;
                let kernel = self.plan.sigma_at(&t).kernel();
                let x = kernel
                    .first()
                    .ok_or("Sigma_t is not singular at the witness's t")?;
                format!(
                    "  unfold {p}; intros H.\n  destruct (H {} ltac:(split; lra)) as [_ [c [Hc Hx]]].\n  specialize (Hx {}); expand; lra.\n",
                    coq::real(&t),
                    coq::vector(x)
                )
            }
            v => return Err(format!("{}: nothing to export", v.as_str())),
        };
        let statement = if verdict == Verdict::Certified {
            claim
        } else {
            format!("~ ({claim})")
        };
        let definitions = vec![coq::plan_definition(&p, &self.plan)];
        Theorem::on_valid_plan(&p, &self.plan, definitions, statement, proof)
    }

    fn evidence(&self, _: &Context) -> Result<Evidence, String> {
        let poly_text = |p: &crate::exact::Poly| p.to_string().replace('x', "t");
        Ok(
            match self
                .plan
                .well_posedness(&Q::new(1.into(), 1_000_000.into()))
            {
                WellPosedness::JointPositiveDefinite => Evidence::exact(
                    true,
                    json!({"proof": "Sigma_t = V_t^T Gamma V_t with the joint covariance Gamma positive definite"}),
                ),
                WellPosedness::WellPosed { minors } => Evidence::exact(
                    true,
                    json!({"leading_minors": minors.iter().map(poly_text).collect::<Vec<_>>()}),
                ),
                WellPosedness::FailsIn {
                    minor,
                    polynomial,
                    lo,
                    hi,
                } => {
                    let mut witness = json!({"minor": minor, "polynomial": poly_text(&polynomial),
                           "t_interval": [wire::rational(&lo), wire::rational(&hi)]});
                    if let Some(t) = nonpositive_point(&polynomial, &lo, &hi) {
                        witness["t"] = wire::rational(&t);
                    }
                    Evidence::exact(false, witness)
                }
            },
        )
    }
}

/// A rational `t` in `[lo, hi]` where `p(t) <= 0`, for a verifier to check
/// by substitution: the ends, the midpoint, and the simplest rational of
/// the interval (a rational double root, as in `Sigma_t = (1 - 2t)^2`, has
/// a small denominator). `None` when the failure sits at an irrational
/// double root only.
fn nonpositive_point(p: &crate::exact::Poly, lo: &Q, hi: &Q) -> Option<Q> {
    let two = Q::from_integer(2.into());
    [
        lo.clone(),
        hi.clone(),
        (lo + hi) / two,
        simplest_rational(lo, hi),
    ]
    .into_iter()
    .find(|t| p.eval(t) <= Q::from_integer(0.into()))
}

/// The rational of smallest denominator in `[lo, hi]` (`lo <= hi`), by
/// continued fractions.
fn simplest_rational(lo: &Q, hi: &Q) -> Q {
    let floor = lo.floor();
    if floor == *lo || floor.clone() + Q::from_integer(1.into()) <= *hi {
        // an integer lies in [lo, hi]
        return if floor == *lo {
            floor
        } else {
            floor + Q::from_integer(1.into())
        };
    }
    // lo, hi in (n, n + 1): n + 1 / simplest(1 / (hi - n), 1 / (lo - n))
    let one = Q::from_integer(1.into());
    let inner = simplest_rational(&(&one / (hi - &floor)), &(&one / (lo - &floor)));
    floor + one / inner
}
