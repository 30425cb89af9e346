//! `multidim-counterexample`: for `D >= 2` the field does not determine the
//! plan: `pi` and `pi + eps Q^2 g` are distinct plans with the same
//! marginals, the same `p_t` and the same field (mathematics section 5).

use crate::atlas::counterexample::Counterexample;
use crate::atlas::polynomial::MPoly;
use crate::coq::{self, Theorem};
use crate::exact::{format_rational, Q};
use crate::input::{InputError, Table};
use crate::interval::{escalate, Tri};
use crate::proof::fields::small_integer;
use crate::proof::keys::{Key, KeyType};
use crate::proof::kind::{About, CheckKind, Context, Form};
use crate::proof::verdict::{Evidence, Method, Verdict};
use crate::proof::wire;
use crate::tex;
use num_traits::{One, Zero};
use serde_json::{json, Value};
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

    const COQ: bool = true;

    /// The positivity of `pi' = pi + eps h` (the densities as `IFM.v`
    /// defines them, `h` in closed form). Certified: `forall z : vec, 0 <=
    /// gauss D sigma2 z + eps * perturbation D tau2 z`, from the library's
    /// `perturbed_nonneg` and a rational lower bound `(1 + q/N)^N` of
    /// `exp q`, `q = 2 c tau2 + 1`. Refuted where `pi'` is negative:
    /// `exists z, ... < 0` at the witness's point `(a1, 0, ..., 0)`, from
    /// `perturbed_negative` and an upper bound `(N/(N - q))^N` of `exp q`,
    /// `q = c a1^2`. The rest of the claim (zero marginals, the same `p_t`
    /// and field, the moment gap) is not stated: it needs integrals and
    /// derivatives on `R^(2D)` (docs/coq.md).
    fn coq(&self, _: &str, verdict: Verdict, witness: &Value) -> Result<Theorem, String> {
        let c = &self.0;
        if c.power != 2 {
            return Err("h = Q g is refuted by a moment block the field sees: a statement about moments, not exported".into());
        }
        let d = c.dim;
        let two = Q::from_integer(2.into());
        let rate = Q::one() / (&two * &c.tau2) - Q::one() / (&two * &c.sigma2);
        let density = format!(
            "gauss {d} {} z + {} * perturbation {d} {} z",
            coq::real(&c.sigma2),
            coq::real(&c.eps),
            coq::real(&c.tau2)
        );
        let setting = format!(
            "{d} {} {} {} {}",
            coq::real(&c.sigma2),
            coq::real(&c.tau2),
            coq::real(&c.eps),
            coq::real(&rate)
        );
        let k_factor = &c.eps * c.sigma2.pow(d as i32) / c.tau2.pow(d as i32 + 2);
        match verdict {
            Verdict::Certified => {
                // exp(q) >= (1 + q'/N)^N for a dyadic q' <= q, the cheapest pair that shows the margin
                let q = &two * &rate * &c.tau2 + Q::one();
                let (q_short, n) = cheapest_bound(|bits, n| {
                    let q_short = dyadic(&q, bits, Q::floor);
                    let lower = (Q::one() + &q_short / Q::from_integer(n.into())).pow(n as i32);
                    (lower * &rate * &c.tau2 >= k_factor).then_some(q_short)
                })
                .ok_or(format!("no bound (1 + q/N)^N with N <= {MAX_EXP_STEPS} and q to {MAX_EXP_BITS} bits shows the margin"))?;
                let q_text = format!("(2 * {} * {} + 1)", coq::real(&rate), coq::real(&c.tau2));
                // rho <= |z|^2: the squares of the coordinates rho leaves out
                let others: String = (0..2 * d)
                    .filter(|&k| ![0, 1, d, d + 1].contains(&k))
                    .map(|k| format!("pose proof (pow2_ge_0 (z {k}%nat)). "))
                    .collect();
                let q_short = coq::real(&q_short);
                Ok(Theorem {
                    definitions: Vec::new(),
                    statement: format!("forall z : vec, 0 <= {density}"),
                    proof: format!(
                        "  intros z.\n  apply (perturbed_nonneg {setting} ((1 + {q_short} / {n}) ^ {n}));\n    [lra | lra | field | | simpl; lra | ].\n  - apply (exp_lower_below {q_short} {q_text} {n}); [lra | simpl; lra | lra | lra].\n  - unfold rho, sumsq; cbn [sum Nat.mul Nat.add]. {others}lra.\n"
                    ),
                })
            }
            Verdict::Refuted => {
                let a = witness
                    .get("negative_at_a1")
                    .and_then(|a| crate::exact::parse_rational(a.as_str()?).ok())
                    .ok_or("refuted without a point where pi' < 0: no witness to export")?;
                // a shorter point near the witness's, and exp(c a^2) <= (N/(N - q'))^N
                // for a dyadic q' >= c a^2, the cheapest that still shows pi' < 0
                let (a, q_short, n) = cheapest_bound(|bits, n| {
                    let a = dyadic(&a, bits, Q::round);
                    let a2 = &a * &a;
                    let q_short = dyadic(&(&rate * &a2), bits, Q::ceil);
                    let nq = Q::from_integer(n.into());
                    if nq <= q_short {
                        return None;
                    }
                    let upper = (&nq / (&nq - &q_short)).pow(n as i32);
                    let gap = &c.eps * c.sigma2.pow(d as i32) * (&a2 - &two * &c.tau2);
                    (upper * c.tau2.pow(d as i32 + 3) < gap).then_some((a, q_short))
                })
                .map(|((a, q), n)| (a, q, n))
                .ok_or(format!("no bound (N/(N - q))^N with N <= {MAX_EXP_STEPS} and a point to {MAX_EXP_BITS} bits shows pi' < 0"))?;
                let mut point = vec![Q::zero(); 2 * d];
                point[0] = a.clone();
                let (a_text, q_short) = (coq::real(&a), coq::real(&q_short));
                Ok(Theorem {
                    definitions: Vec::new(),
                    statement: format!("exists z : vec, {density} < 0"),
                    proof: format!(
                        "  exists {}.\n  apply (perturbed_negative {setting} (({n} / ({n} - {q_short})) ^ {n}) {a_text});\n    [lra | field | | simpl; lra | | | ].\n  - apply (exp_upper_above {q_short} _ {n}); [lra | simpl; lra | lra | lra].\n  - unfold sumsq, vec_of; cbn [sum nth Nat.mul Nat.add]. ring.\n  - unfold rho, vec_of; cbn [nth]. ring.\n  - unfold cross, vec_of; cbn [nth]. ring.\n",
                        coq::vector(&point),
                    ),
                })
            }
            v => Err(format!("{}: nothing to export", v.as_str())),
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

/// The largest `N` of the bounds `(1 + q/N)^N <= exp q <= (N/(N - q))^N`
/// the export writes: Coq expands the power, so its cost grows with `N`.
const MAX_EXP_STEPS: u32 = 64;

/// The most bits a shortened rational of those bounds keeps.
const MAX_EXP_BITS: u32 = 64;

/// `q` to `bits` binary places, rounded by `round` (floor, ceil, nearest).
fn dyadic(q: &Q, bits: u32, round: fn(&Q) -> Q) -> Q {
    let scale = Q::from_integer(num_bigint::BigInt::from(1) << bits);
    round(&(q * &scale)) / scale
}

/// The first `(bits, N)`, cheapest first (`N` times `bits`), for which
/// `bound` holds, with what it returned.
fn cheapest_bound<T>(bound: impl Fn(u32, u32) -> Option<T>) -> Option<(T, u32)> {
    let mut pairs: Vec<(u32, u32)> = [2, 4, 8, 16, 32, MAX_EXP_BITS]
        .iter()
        .flat_map(|&b| (0..=MAX_EXP_STEPS.trailing_zeros()).map(move |k| (b, 1u32 << k)))
        .collect();
    pairs.sort_by_key(|&(b, n)| b * n);
    pairs
        .into_iter()
        .find_map(|(b, n)| bound(b, n).map(|t| (t, n)))
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
