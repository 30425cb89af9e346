//! `deterministic-plan`: a deterministic Gaussian plan is the only plan with
//! its marginals and its field at `t = 0` (mathematics section 6).

use crate::coq::{self, Theorem};
use crate::gaussian::straight::deterministic_residual;
use crate::gaussian::GaussianPlan;
use crate::input::{InputError, Table};
use crate::proof::fields::gaussian_plan;
use crate::proof::keys::{Key, KeyType};
use crate::proof::kind::{About, CheckKind, Context, Form};
use crate::proof::verdict::{Evidence, Verdict};
use crate::proof::wire;
use num_traits::Zero;
use serde_json::{json, Value};
use std::path::Path;

/// The data of a `deterministic-plan` instance.
#[derive(Debug, Clone)]
pub struct DeterministicPlan {
    /// The plan.
    pub plan: GaussianPlan,
}

impl CheckKind for DeterministicPlan {
    const NAME: &'static str = "deterministic-plan";
    const KEYS: &'static [Key] = &[Key::required(
        "plan",
        KeyType::GaussianPlan,
        "the plan (`X1 = T X0 + d` is claimed)",
    )];
    const FORM: Form = Form::Decision;
    const ABOUT: About = About {
        claim: "`tr Var(X1 | X0) = 0` from `v_0` and `p1`: `X1 = T X0 + d`, the only plan with these marginals and `v_0`",
        preconditions: "`S00` positive definite, so that `v_0` is defined (else an error)",
        section: "6",
        method: "exact: the trace is zero (a positive trace refutes)",
    };

    fn parse(t: &Table<'_>, base: &Path) -> Result<Self, InputError> {
        Ok(DeterministicPlan {
            plan: gaussian_plan(&t.require("plan")?, base)?,
        })
    }

    fn claim(&self) -> String {
        "$\\operatorname{tr}\\operatorname{Var}(X_1 \\mid X_0) = \\mathbb{E}\\lvert X_1\\rvert^2 - \\mathbb{E}\\lvert (A_0 + I) X_0 + b_0\\rvert^2 = 0$: $X_1 = T X_0 + d$, the only plan with these marginals and $v_0$".into()
    }

    fn inputs(&self) -> serde_json::Value {
        json!({"plan": wire::gaussian_plan(&self.plan)})
    }

    const COQ: bool = true;

    /// Certified: `deterministic n P T d` with the witness's map and
    /// shift (`X1 = T X0 + d` almost surely), entry by entry. Refuted:
    /// `~ exists T d, deterministic n P T d`, since for every `T` the trace
    /// of `Cov(X1 - T X0)` is `tr Var(X1 | X0) > 0` plus `tr((T - T*) S00
    /// (T - T*)^T) >= 0` (a sum of squares), `T* = C^T S00^-1`. The
    /// uniqueness among all plans (section 6) is not restated: it is about
    /// every law, not a Gaussian one (docs/coq.md).
    fn coq(&self, name: &str, verdict: Verdict, _: &Value) -> Result<Theorem, String> {
        let n = self.plan.dim();
        coq::dimension(n)?;
        let p = format!("{name}__plan");
        let det = deterministic_residual(&self.plan).map_err(|e| e.to_string())?;
        let mut definitions = vec![coq::plan_definition(&p, &self.plan)];
        let (statement, proof) = match verdict {
            Verdict::Certified => {
                let (t, d) = (format!("{name}__map"), format!("{name}__shift"));
                definitions.push(format!(
                    "Definition {t} : mat := {}.",
                    coq::matrix(&det.map)
                ));
                definitions.push(format!(
                    "Definition {d} : vec := {}.",
                    coq::vector(&det.shift)
                ));
                (
                    format!("deterministic {n} {p} {t} {d}"),
                    format!("  unfold {p}, {t}, {d}; split; entrywise.\n"),
                )
            }
            Verdict::Refuted => {
                // tr Cov(X1 - T X0) = residual + sum_i (row_i(T - T*)) S00 (row_i(T - T*))^T
                let mut squares = Vec::new();
                for i in 0..n {
                    squares.push(
                        coq::sum_of_squares(self.plan.s00(), |k| {
                            format!("(T {i}%nat {k}%nat - {})", coq::real(&det.map[(i, k)]))
                        })
                        .ok_or("S00 is not positive semidefinite")?,
                    );
                }
                let diagonal =
                    |f: &dyn Fn(usize) -> String| (0..n).map(f).collect::<Vec<_>>().join(" + ");
                let trace = diagonal(&|i| format!("residual_cov {n} {p} T {i}%nat {i}%nat"));
                let zeros = diagonal(&|i| format!("(H {i}%nat {i}%nat ltac:(lia) ltac:(lia))"))
                    .replace(" + ", ", ");
                (
                    format!("~ (exists (T : mat) (d : vec), deterministic {n} {p} T d)"),
                    format!(
                        "  intros [T [d [_ H]]].\n  apply (trace_contradiction ({trace}) {} ({})).\n  - rewrite {zeros}; cbv beta; lra.\n  - unfold {p}; expand; field.\n  - sum_of_squares.\n  - lra.\n",
                        coq::real(&det.residual),
                        squares.join(" + ")
                    ),
                )
            }
            v => return Err(format!("{}: nothing to export", v.as_str())),
        };
        Theorem::on_valid_plan(&p, &self.plan, definitions, statement, proof)
    }

    fn evidence(&self, _: &Context) -> Result<Evidence, String> {
        let d = deterministic_residual(&self.plan).map_err(|e| e.to_string())?;
        Ok(Evidence::exact(
            d.residual.is_zero(),
            json!({"trace": wire::rational(&d.residual), "map": wire::matrix(&d.map),
                   "shift": wire::vector(&d.shift)}),
        ))
    }
}
