//! `multidim-counterexample`: for `D >= 2` the field does not determine the
//! plan: `pi` and `pi + eps Q^2 g` are distinct plans with the same
//! marginals, the same `p_t` and the same field (mathematics section 5).

use crate::atlas::counterexample::Counterexample;
use crate::atlas::polynomial::MPoly;
use crate::exact::format_rational;
use crate::input::{InputError, Table};
use crate::interval::{escalate, Tri};
use crate::proof::fields::small_integer;
use crate::proof::keys::{Key, KeyType};
use crate::proof::kind::{About, CheckKind, Context, Form};
use crate::proof::verdict::{Evidence, Method};
use crate::proof::wire;
use crate::tex;
use serde_json::json;
use std::path::Path;

/// The data of a `multidim-counterexample` instance.
#[derive(Debug, Clone)]
pub struct MultidimCounterexample(pub Counterexample);

impl CheckKind for MultidimCounterexample {
    const NAME: &'static str = "multidim-counterexample";
    const KEYS: &'static [Key] = &[
        Key::optional("dim", KeyType::Integer(2, 4), "2", "the dimension `D`"),
        Key::optional(
            "sigma2",
            KeyType::Number,
            "2",
            "the variance `sigma^2` of `pi`",
        ),
        Key::optional(
            "tau2",
            KeyType::Number,
            "1",
            "the variance `tau^2` of `g`, below `sigma^2`",
        ),
        Key::optional(
            "eps",
            KeyType::Number,
            "1/4",
            "the size `eps` of the perturbation",
        ),
        Key::optional("power", KeyType::Integer(1, 2), "2", "the power `j` of `Q`"),
        Key::optional(
            "moment_degree",
            KeyType::Integer(0, 12),
            "8",
            "the moments compared, up to this degree",
        ),
        Key::optional(
            "lambda",
            KeyType::Number,
            "1/2",
            "the scale of the positivity check",
        ),
    ];
    const FORM: Form = Form::Decision;
    const ABOUT: About = About {
        claim: "`pi = N(0, sigma^2 I)` and `pi + eps Q^j g`, `g = N(0, tau^2 I)`, are distinct plans with the same marginals, `p_t` and field",
        preconditions: "`0 < tau^2 < sigma^2`, `eps, lambda > 0`; `j = 2` (with `j = 1` the perturbation is visible to the field: refuted by a visible block, never certified)",
        section: "5",
        method: "exact algebra (closed form of `h`, moments, invisibility block by block, zero marginals, a moment that differs), then the sign of `eps K e^(-(2 c tau^2 + 1))/(c tau^2) - 1` by enclosures; refuted with a rational point where `pi' < 0`",
    };
    const HINTS: &'static [&'static str] = &[
        "h_over_g",
        "moment_difference",
        "exponential_moment_upper_bound",
        "failures",
    ];

    fn parse(t: &Table<'_>, _: &Path) -> Result<Self, InputError> {
        let mut c = Counterexample::paper_instance();
        if let Some(f) = t.get("dim") {
            c.dim = small_integer(&f, 2, 4)? as usize;
        }
        for (key, slot) in [
            ("sigma2", &mut c.sigma2),
            ("tau2", &mut c.tau2),
            ("eps", &mut c.eps),
            ("lambda", &mut c.lambda),
        ] {
            if let Some(f) = t.get(key) {
                *slot = f.number()?;
            }
        }
        if let Some(f) = t.get("power") {
            c.power = small_integer(&f, 1, 2)? as u32;
        }
        if let Some(f) = t.get("moment_degree") {
            c.moment_degree = small_integer(&f, 0, 12)? as u32;
        }
        Ok(MultidimCounterexample(c))
    }

    fn claim(&self) -> String {
        let c = &self.0;
        let times_identity = |q: &crate::exact::Q| {
            if num_traits::One::is_one(q) {
                "I".to_string()
            } else {
                format!("{} I", tex::rational(q))
            }
        };
        format!(
            "$\\pi = \\mathcal{{N}}(0, {})$ and $\\pi + {}\\, Q^{} g$, $g = \\mathcal{{N}}(0, {})$, $D = {}$, are distinct plans with the same marginals, $p_t$ and field",
            times_identity(&c.sigma2),
            tex::rational(&c.eps),
            c.power,
            times_identity(&c.tau2),
            c.dim
        )
    }

    fn inputs(&self) -> serde_json::Value {
        {
            let c = &self.0;
            json!({"dim": c.dim, "sigma2": wire::rational(&c.sigma2), "tau2": wire::rational(&c.tau2),
               "eps": wire::rational(&c.eps), "power": c.power, "moment_degree": c.moment_degree,
               "lambda": wire::rational(&c.lambda)})
        }
    }

    fn evidence(&self, ctx: &Context) -> Result<Evidence, String> {
        let c = &self.0;
        // raise the precision until the sign is decided, and, when pi' < 0,
        // until a rational point where it is negative is certified
        let run = escalate(
            ctx.precision,
            ctx.max_precision,
            |bits| c.certify(bits),
            |r| {
                r.as_ref().map_or(true, |r| {
                    !r.failures.is_empty() || r.positive == Tri::True || r.negative_point.is_some()
                })
            },
        )
        .map_err(|e| e.to_string())?;
        let report = run.value.map_err(|e| e.to_string())?;
        let method = Method::Interval(run.bits);
        let mut witness = json!({
            "h_over_g": poly_text(&report.density_factor),
            "moment_difference": wire::rational(&report.moment_difference),
            "positivity_ratio": wire::interval(&report.positivity_ratio),
        });
        if let Some(a1) = &report.negative_point {
            witness["negative_at_a1"] = wire::rational(a1);
        }
        if let Some(m) = &report.exponential_moment {
            witness["exponential_moment_upper_bound"] = wire::interval(m);
        }
        if !report.failures.is_empty() {
            witness["failures"] = json!(report.failures);
            return Ok(Evidence::exact(false, witness));
        }
        if report.negative_point.is_some() {
            return Ok(Evidence::Decided {
                holds: false,
                method,
                witness,
            });
        }
        if c.power != 2 {
            // the invisibility of Q g rests on no theorem; only a visible
            // block (a failure above) decides it
            witness["reason"] = json!("Q^1 g: no visible block up to the moment degree");
            return Ok(Evidence::Undecided { method, witness });
        }
        Ok(match report.positive {
            Tri::True => Evidence::Decided {
                holds: true,
                method,
                witness,
            },
            _ => Evidence::Undecided { method, witness },
        })
    }
}

fn poly_text(p: &MPoly) -> String {
    let mut parts = Vec::new();
    for (e, c) in p.terms() {
        let mono: Vec<String> = e
            .iter()
            .enumerate()
            .filter(|(_, &k)| k > 0)
            .map(|(i, &k)| {
                if k == 1 {
                    format!("z{}", i + 1)
                } else {
                    format!("z{}^{k}", i + 1)
                }
            })
            .collect();
        parts.push(if mono.is_empty() {
            format_rational(c)
        } else {
            format!("{} {}", format_rational(c), mono.join(" "))
        });
    }
    if parts.is_empty() {
        "0".into()
    } else {
        parts.join(" + ")
    }
}
