//! `ot-straight-paths`: the optimal plan between two Gaussians moves every
//! particle on the straight line of its map (mathematics section 2,
//! "Straight paths").

use super::gaussian_lyapunov::largest_coefficient;
use crate::exact::{definiteness, QMatrix};
use crate::gaussian::plan::{read_matrix, read_vector};
use crate::gaussian::straight::{optimal_plan, straight_path_residuals};
use crate::gaussian::GaussianPlan;
use crate::input::{InputError, Table};
use crate::proof::fields::gaussian_plan;
use crate::proof::keys::{Key, KeyType};
use crate::proof::kind::{About, CheckKind, Context, Form};
use crate::proof::verdict::Evidence;
use crate::proof::wire;
use serde_json::json;
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
}
