//! `moment-recovery`: every mixed moment `mu_ij = E[X0^i X1^j]`,
//! `i + j <= K`, is recovered exactly from the moments of `p_t` at `k + 1`
//! distinct times (mathematics section 3, moment route).

use crate::exact::Q;
use crate::input::{InputError, Table};
use crate::onedim::moments::{mixed_moment, recover_mixed_moments};
use crate::onedim::OneDimPlan;
use crate::proof::fields::{onedim_plan, small_integer};
use crate::proof::keys::{Key, KeyType};
use crate::proof::kind::{About, CheckKind, Context, Form};
use crate::proof::verdict::Evidence;
use crate::proof::wire;
use num_traits::{Signed, Zero};
use serde_json::json;
use std::path::Path;

/// The data of a `moment-recovery` instance.
#[derive(Debug, Clone)]
pub struct MomentRecovery {
    /// The plan whose mixed moments are claimed.
    pub plan: OneDimPlan,
    /// Whose `p_t` supplies the moments (the plan itself by default).
    pub source: Option<OneDimPlan>,
    /// The largest degree.
    pub degree: u32,
}

impl CheckKind for MomentRecovery {
    const NAME: &'static str = "moment-recovery";
    const KEYS: &'static [Key] = &[
        Key::required("plan", KeyType::OneDimPlan, "the plan"),
        Key::required(
            "degree",
            KeyType::Integer(1, 16),
            "the total degree `K` of the mixed moments",
        ),
        Key::optional(
            "source",
            KeyType::OneDimPlan,
            "the plan itself",
            "another plan whose moments of `p_t` are used (a negative control)",
        ),
    ];
    const FORM: Form = Form::Measure;
    const ABOUT: About = About {
        claim: "every `mu_ij`, `i + j <= K`, is recovered from the moments of `p_t` at `k + 1` times",
        preconditions: "the system's determinant equals `prod binom(k,j) prod (t_l - t_i)` (exact; else refuted)",
        section: "3, moment route",
        method: "exact: the largest difference between recovered and true moments",
    };

    fn parse(t: &Table<'_>, base: &Path) -> Result<Self, InputError> {
        Ok(MomentRecovery {
            plan: onedim_plan(&t.require("plan")?, base)?,
            source: t.get("source").map(|f| onedim_plan(&f, base)).transpose()?,
            degree: small_integer(&t.require("degree")?, 1, 16)? as u32,
        })
    }

    fn claim(&self) -> String {
        format!(
            "every mixed moment $\\mu_{{ij}}$, $i + j \\le {}$, is recovered exactly from the moments of $p_t${}",
            self.degree,
            if self.source.is_some() {
                " of another plan"
            } else {
                ""
            }
        )
    }

    fn inputs(&self) -> serde_json::Value {
        json!({"plan": wire::onedim_plan(&self.plan), "source": self.source.as_ref().map(wire::onedim_plan), "degree": self.degree})
    }

    fn evidence(&self, _: &Context) -> Result<Evidence, String> {
        let from = self.source.as_ref().unwrap_or(&self.plan);
        let mut worst = Q::zero();
        let mut top = Vec::new();
        for k in 1..=self.degree {
            let rec = recover_mixed_moments(from, k);
            if rec.det.0 != rec.det.1 {
                return Ok(Evidence::exact(
                    false,
                    json!({"degree": k, "reason": "the determinant differs from its closed form",
                           "det": wire::rational(&rec.det.0), "closed_form": wire::rational(&rec.det.1)}),
                ));
            }
            for (j, value) in rec.recovered.iter().enumerate() {
                let truth = mixed_moment(&self.plan, k - j as u32, j as u32);
                worst = worst.max((value - &truth).abs());
                if k == self.degree {
                    top.push(wire::rational(value));
                }
            }
        }
        Ok(Evidence::exact_measure(
            worst,
            json!({"top_degree_moments": top}),
        ))
    }
}
