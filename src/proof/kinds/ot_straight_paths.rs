//! `ot-straight-paths`: the optimal plan between two Gaussians moves every
//! particle on the straight line of its map (mathematics section 2,
//! "Straight paths").

use super::gaussian_lyapunov::largest_coefficient;
use crate::coq::{self, Theorem};
use crate::exact::Q;
use crate::exact::{definiteness, QMatrix};
use crate::gaussian::plan::{read_matrix, read_vector};
use crate::gaussian::straight::{optimal_plan, straight_path_residuals};
use crate::gaussian::GaussianPlan;
use crate::input::{InputError, Table};
use crate::proof::fields::gaussian_plan;
use crate::proof::keys::{Key, KeyType};
use crate::proof::kind::{About, CheckKind, Context, Form};
use crate::proof::verdict::Evidence;
use crate::proof::verdict::Verdict;
use crate::proof::wire;
use num_traits::{One, Zero};
use serde_json::{json, Value};
use std::path::Path;

/// The data of an `ot-straight-paths` instance.
#[derive(Debug, Clone)]
pub struct OtStraightPaths {
    /// The plan.
    pub plan: GaussianPlan,
    /// The map `T`.
    pub map: QMatrix,
}

impl CheckKind for OtStraightPaths {
    const NAME: &'static str = "ot-straight-paths";
    const KEYS: &'static [Key] = &[
        Key::optional(
            "plan",
            KeyType::GaussianPlan,
            "the optimal plan of `m0`, `m1`, `s00` and `map`",
            "the plan whose paths are claimed straight under `map`",
        ),
        Key::optional(
            "m0",
            KeyType::Vector,
            "required when `plan` is left out",
            "the mean of `X0`",
        ),
        Key::optional(
            "m1",
            KeyType::Vector,
            "required when `plan` is left out",
            "the mean of `X1`",
        ),
        Key::optional(
            "s00",
            KeyType::Matrix,
            "required when `plan` is left out",
            "the covariance of `X0`",
        ),
        Key::required("map", KeyType::Matrix, "the map `T`, `D x D`"),
    ];
    const FORM: Form = Form::Measure;
    const ABOUT: About = About {
        claim: "`T` is symmetric positive definite (an optimal map), and `Sigma_t = M_t S00 M_t^T` and `G_t = (T - I) S00 M_t^T`, `M_t = (1-t) I + t T`, as polynomial identities: the optimal plan moves every particle on the straight line of `T`",
        preconditions: "none beyond the claim: `T` symmetric positive definite is part of it (exact LDL^T; a map that is not, a rotation say, refutes the claim even where its particles move on straight lines), and makes `M_t` invertible on `[0, 1]`",
        section: "2, straight paths",
        method: "exact: the largest residual coefficient",
    };
    const HINTS: &'static [&'static str] = &["reason"];

    fn parse(t: &Table<'_>, base: &Path) -> Result<Self, InputError> {
        let map_field = t.require("map")?;
        let map = read_matrix(&map_field)?;
        let plan = match t.get("plan") {
            Some(f) => gaussian_plan(&f, base)?,
            None => {
                if ["m0", "m1", "s00"].iter().any(|k| t.get(k).is_none()) {
                    return Err(t.error(
                        "`ot-straight-paths` needs `plan`, or `m0`, `m1` and `s00` (the optimal plan of `map` is built from them)",
                    ));
                }
                let m0 = read_vector(&t.require("m0")?)?;
                let m1 = read_vector(&t.require("m1")?)?;
                let s00 = read_matrix(&t.require("s00")?)?;
                optimal_plan(m0, m1, s00, &map).map_err(|e| {
                    // the message names its own key; the error names the line
                    t.get(&e.field)
                        .unwrap_or(map_field.clone())
                        .error(e.message)
                })?
            }
        };
        if map.rows() != plan.dim() || map.cols() != plan.dim() {
            return Err(map_field.error(format!("expected a {0}x{0} matrix", plan.dim())));
        }
        Ok(OtStraightPaths { plan, map })
    }

    fn claim(&self) -> String {
        "$T$ is symmetric positive definite (an optimal map), and $\\Sigma_t = M_t S_{00} M_t^\\top$ and $G_t = (T - I) S_{00} M_t^\\top$, $M_t = (1-t) I + t T$: the optimal plan moves every particle on a straight line".into()
    }

    fn inputs(&self) -> serde_json::Value {
        json!({"plan": wire::gaussian_plan(&self.plan), "map": wire::matrix(&self.map)})
    }

    fn evidence(&self, _: &Context) -> Result<Evidence, String> {
        let spd = self.map.is_symmetric() && definiteness(&self.map).is_ok_and(|d| d.is_definite());
        if !spd {
            return Ok(Evidence::exact(
                false,
                json!({"reason": "the map T is not symmetric positive definite", "map": wire::matrix(&self.map)}),
            ));
        }
        let (rs, rg) = straight_path_residuals(&self.plan, &self.map);
        Ok(Evidence::exact_measure(
            largest_coefficient(&rs).max(largest_coefficient(&rg)),
            json!({"map": wire::matrix(&self.map)}),
        ))
    }

    const COQ: bool = true;

    /// Certified (with zero residual): `posdef n T /\ straight_paths n P T`,
    /// positivity by a sum of squares of `T - c I`, the identities entry
    /// by entry as polynomials in `t`. Refuted: the negation, from an
    /// asymmetric entry, a vector with `x^T T x <= 0`, or a time and an
    /// entry where an identity fails.
    fn coq(&self, name: &str, verdict: Verdict, _: &Value) -> Result<Theorem, String> {
        let n = self.plan.dim();
        coq::dimension(n)?;
        let (p, t) = (format!("{name}__plan"), format!("{name}__map"));
        let claim = format!("posdef {n} {t} /\\ straight_paths {n} {p} {t}");
        let definitions = vec![
            coq::plan_definition(&p, &self.plan),
            format!("Definition {t} : mat := {}.", coq::matrix(&self.map)),
        ];
        let unfold = format!("unfold {p}, {t} in *");
        let (statement, proof) = match verdict {
            Verdict::Certified => (claim, self.coq_proof(&unfold)?),
            Verdict::Refuted => (format!("~ ({claim})"), self.coq_refutation(&unfold)?),
            v => return Err(format!("{}: nothing to export", v.as_str())),
        };
        Theorem::on_valid_plan(&p, &self.plan, definitions, statement, proof)
    }
}

/// A vector `x != 0` with `x^T m x <= 0` for a symmetric `m` that is not
/// positive definite: at the first leading block `m_k` that is not, with
/// `m_{k-1}` positive definite, `x = (-m_{k-1}^{-1} u, 1, 0, ...)` (`u` the
/// block's last column above the diagonal) gives `x^T m x` = the Schur
/// complement `<= 0`. `None` when `m` is positive definite.
fn nonpositive_direction(m: &QMatrix) -> Option<Vec<Q>> {
    let n = m.rows();
    let definite = |k: usize| definiteness(&m.leading(k)).is_ok_and(|d| d.is_definite());
    let k = (1..=n).find(|&k| !definite(k))?;
    let mut x = vec![Q::zero(); n];
    x[k - 1] = Q::one();
    if k > 1 {
        let u = QMatrix::column((0..k - 1).map(|i| m[(i, k - 1)].clone()).collect());
        let y = m.leading(k - 1).solve(&u).ok()?;
        for i in 0..k - 1 {
            x[i] = -y[(i, 0)].clone();
        }
    }
    Some(x)
}

impl OtStraightPaths {
    /// The proof of the claim, when it holds exactly.
    fn coq_proof(&self, unfold: &str) -> Result<String, String> {
        let (rs, rg) = straight_path_residuals(&self.plan, &self.map);
        if !(largest_coefficient(&rs).is_zero() && largest_coefficient(&rg).is_zero()) {
            return Err("certified within a tolerance: the exact identities do not hold".into());
        }
        let (c, squares) = coq::definite_margin(&self.map, |i| format!("x {i}%nat"))
            .ok_or("no margin c = 2^-k, k <= 2^20, for the map")?;
        Ok(format!(
            "  {unfold}; split.\n  {{ split; [entrywise | ].\n    exists {}; split; [lra | ].\n    intros x; expand.\n    apply (le_by _ _ ({squares})); [field | sum_of_squares]. }}\n  {{ intros t; split; entrywise. }}\n",
            coq::real(&c)
        ))
    }

    /// The proof of the negation: the first part of the claim that fails.
    fn coq_refutation(&self, unfold: &str) -> Result<String, String> {
        let n = self.plan.dim();
        let pairs = || (0..n).flat_map(|i| (0..n).map(move |j| (i, j)));
        let entry = |h: &str, (i, j): (usize, usize)| {
            format!("pose proof ({h} {i}%nat {j}%nat ltac:(lia) ltac:(lia)) as E")
        };
        if let Some(ij) = pairs().find(|&(i, j)| self.map[(i, j)] != self.map[(j, i)]) {
            return Ok(format!(
                "  {unfold}; intros [[Hs _] _].\n  {}; expand; lra.\n",
                entry("Hs", ij)
            ));
        }
        if let Some(x) = nonpositive_direction(&self.map) {
            return Ok(format!(
                "  {unfold}; intros [[_ [c [Hc Hx]]] _].\n  specialize (Hx {}); expand; lra.\n",
                coq::vector(&x)
            ));
        }
        let (rs, rg) = straight_path_residuals(&self.plan, &self.map);
        for time in ["0", "1", "1/2", "1/3", "2/3"] {
            let time: Q = crate::exact::parse_rational(time).expect("a number");
            for (k, r) in [rs.eval(&time), rg.eval(&time)].iter().enumerate() {
                if let Some(ij) = pairs().find(|&ij| !r[ij].is_zero()) {
                    let h = ["HS", "HG"][k];
                    return Ok(format!(
                        "  {unfold}; intros [_ H].\n  destruct (H {}) as [HS HG].\n  {}; expand; lra.\n",
                        coq::real(&time),
                        entry(h, ij)
                    ));
                }
            }
        }
        Err("no failing entry, vector or time was found to refute with".into())
    }
}
