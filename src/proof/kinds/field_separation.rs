//! `field-separation`: two plans with the same marginals have fields that
//! differ at a certified rational `(t, x)` inside both supports
//! (mathematics section 3: in one dimension the field determines the plan).

use crate::coq::line::{self, LinePlan};
use crate::coq::{self, Theorem};
use crate::exact::Q;
use crate::input::{InputError, Table};
use crate::onedim::compare::{same_marginals, same_plan, separation_witness, Separation};
use crate::onedim::OneDimPlan;
use crate::proof::fields::onedim_plan;
use crate::proof::keys::{self, Key};
use crate::proof::kind::{About, CheckKind, Context, Form};
use crate::proof::verdict::{Evidence, Method, Verdict};
use crate::proof::wire;
use serde_json::{json, Value};
use std::path::Path;

/// The data of a `field-separation` instance.
#[derive(Debug, Clone)]
pub struct FieldSeparation {
    /// The first plan.
    pub plan: OneDimPlan,
    /// The second plan.
    pub other: OneDimPlan,
}

impl CheckKind for FieldSeparation {
    const NAME: &'static str = "field-separation";
    const KEYS: &'static [Key] = &[keys::FIRST_PLAN, keys::SECOND_PLAN];
    const FORM: Form = Form::Decision;
    const COQ: bool = true;
    const ABOUT: About = About {
        claim: "the two plans have the same marginals and their fields differ at a rational `(t, x)` inside both supports",
        preconditions: "the same marginals `p0`, `p1` (exact; else refuted); different plans (else refuted: the same field); the witness point inside both supports: `p_t(x) > 0` certified for both, or a common atom of both `p_t`",
        section: "3",
        method: "a search over rational `(t, x)`: disjoint enclosures of `v_t(x)` (exact means at a common atom for discrete plans); inconclusive when the search finds no point",
    };
    const HINTS: &'static [&'static str] = &["reason"];

    fn parse(t: &Table<'_>, base: &Path) -> Result<Self, InputError> {
        Ok(FieldSeparation {
            plan: onedim_plan(&t.require("plan")?, base)?,
            other: onedim_plan(&t.require("other")?, base)?,
        })
    }

    fn claim(&self) -> String {
        "the two plans have the same marginals, and their fields differ at a certified rational $(t, x)$ inside both supports".into()
    }

    fn inputs(&self) -> serde_json::Value {
        json!({"plan": wire::onedim_plan(&self.plan), "other": wire::onedim_plan(&self.other)})
    }

    fn evidence(&self, ctx: &Context) -> Result<Evidence, String> {
        if let Some(failed) = preconditions(&self.plan, &self.other) {
            return Ok(failed);
        }
        Ok(separation(&self.plan, &self.other, ctx.max_precision))
    }

    /// Two Gaussian plans ([`separation_theorem`]).
    fn coq(&self, name: &str, verdict: Verdict, _: &Value) -> Result<Theorem, String> {
        separation_theorem(name, &self.plan, &self.other, verdict, false)
    }
}

/// The separation claim of two Gaussian plans `P`, `Q` as a Coq theorem
/// (`with_map`: with `F_1^P(y) = F_0^P(x)` exactly when `F_1^Q(y) =
/// F_0^Q(x)`, the same monotone map, which `same_ranks1` gives from the
/// end laws). Certified:
/// `valid1 P /\ valid1 Q /\ same_marginals1 P Q /\ exists t x,
/// separated_at P Q t x`, at a point the exporter finds exactly (the
/// fields are rational); refuted: the negation of all but validity, from
/// the end law that differs, or, for one plan written twice, from the
/// fields being equal. Mixtures are not exported: their fields are not
/// rational.
pub(crate) fn separation_theorem(
    name: &str,
    plan: &OneDimPlan,
    other: &OneDimPlan,
    verdict: Verdict,
    with_map: bool,
) -> Result<Theorem, String> {
    let (p, q) = (
        LinePlan::new(&format!("{name}__plan"), plan)?,
        LinePlan::new(&format!("{name}__other"), other)?,
    );
    if !p.is_gaussian() || !q.is_gaussian() {
        return Err(
            "the fields of mixtures are not rational: exported for two Gaussian plans".into(),
        );
    }
    let (pn, qn) = (&p.name, &q.name);
    let map = if with_map {
        format!(
            "(forall x y, cdf1 {pn} 1 y = cdf1 {pn} 0 x <-> cdf1 {qn} 1 y = cdf1 {qn} 0 x) /\\\n  "
        )
    } else {
        String::new()
    };
    let claim =
        format!("same_marginals1 {pn} {qn} /\\ {map}exists t x, separated_at {pn} {qn} t x");
    let validity = format!(
        "  split; [{} | split; [{} | ]].\n",
        p.validity_proof(),
        q.validity_proof()
    );
    let (statement, proof) = match verdict {
        Verdict::Certified => {
            let (t, x, differ) = separating_point(&p, &q)?;
            let map_proof = if with_map {
                format!("  split; [apply same_ranks1; [unfold {pn}; cbn [s00]; lra | unfold {pn}; cbn [s11]; lra | exact M] | ].\n")
            } else {
                String::new()
            };
            (
                claim,
                format!(
                    "  assert (M : same_marginals1 {pn} {qn}) by (unfold {pn}, {qn}; marginals_by).\n  split; [exact M | ].\n{map_proof}  exists {}, {}.\n  split; [lra | split; [apply pdf1_pos; unfold {pn}; {} | split; [apply pdf1_pos; unfold {qn}; {} | ]]].\n  {differ}.\n",
                    coq::real(&t),
                    coq::real(&x),
                    p.spread_at_literal(&t)?,
                    q.spread_at_literal(&t)?,
                ),
            )
        }
        Verdict::Refuted => {
            let pattern = if with_map {
                "[M [_ [t [x [_ [_ [_ D]]]]]]]"
            } else {
                "[M [t [x [_ [_ [_ D]]]]]]"
            };
            let why = if !same_marginals(plan, other) {
                format!("unfold same_marginals1, {pn}, {qn} in M; cbn [mu0 mu1 s00 s11] in M; lra")
            } else if same_plan(plan, other) {
                format!("apply D; unfold {pn}, {qn}; reflexivity")
            } else {
                return Err("refuted although the preconditions hold".into());
            };
            (
                format!("~ ({claim})"),
                format!("  intros {pattern}.\n  {why}.\n"),
            )
        }
        v => return Err(format!("{}: nothing to export", v.as_str())),
    };
    Ok(Theorem {
        definitions: vec![p.definition(), q.definition()],
        statement: format!("{} /\\ {} /\\\n  {statement}", p.valid(), q.valid()),
        proof: format!("{validity}{proof}"),
    })
}

/// A rational `(t, x)` where the fields of two Gaussian plans differ,
/// with the tactic that shows it: `t = j/k` for `k` up to 16, `x = m_t + 1`
/// (two different plans with the same end laws differ in `G_t / Sigma_t`
/// at all but finitely many `t`).
fn separating_point(p: &LinePlan, q: &LinePlan) -> Result<(Q, Q, String), String> {
    let g = p.gaussian().ok_or("not a Gaussian plan")?;
    (2..=16i64)
        .flat_map(|k| (1..k).map(move |j| Q::new(j.into(), k.into())))
        .find_map(|t| {
            let x = g.mean_at(&t) + Q::from_integer(1.into());
            line::fields_differ(p, q, &t, &x).ok().map(|d| (t, x, d))
        })
        .ok_or_else(|| "no rational t = j/k (k <= 16) where the fields differ".into())
}

/// The preconditions of a separation claim, decided exactly: `Some` (the
/// claim fails) when the marginals differ or the plans are the same plan.
pub(crate) fn preconditions(plan: &OneDimPlan, other: &OneDimPlan) -> Option<Evidence> {
    failed_preconditions(same_marginals(plan, other), || same_plan(plan, other))
}

/// The exact refutation of a separation claim whose plans have different
/// marginals, or are the same plan (`same_plan` is asked only when the
/// marginals agree); `None` when both preconditions hold.
pub(crate) fn failed_preconditions(
    same_marginals: bool,
    same_plan: impl FnOnce() -> bool,
) -> Option<Evidence> {
    let reason = if !same_marginals {
        "the marginals p0, p1 of the two plans differ"
    } else if same_plan() {
        "the two plans are the same plan: same field"
    } else {
        return None;
    };
    Some(Evidence::exact(false, json!({ "reason": reason })))
}

/// The separation search as evidence: decided when a point is found,
/// undecided otherwise.
pub(crate) fn separation(plan: &OneDimPlan, other: &OneDimPlan, bits: u32) -> Evidence {
    match separation_witness(plan, other, bits) {
        Some(w @ Separation::Atoms { .. }) => Evidence::exact(true, separation_json(&w)),
        found => searched(found.as_ref().map(separation_json), bits),
    }
}

/// A separation search at `bits` as evidence: decided with the witness a
/// point found by enclosures, undecided (never refuted: a finite search
/// cannot show two fields equal) when none was found.
pub(crate) fn searched(witness: Option<Value>, bits: u32) -> Evidence {
    match witness {
        Some(witness) => Evidence::Decided {
            holds: true,
            method: Method::Interval(bits),
            witness,
        },
        None => Evidence::Undecided {
            method: Method::Interval(bits),
            witness: json!({"reason": "no separating (t, x) inside both supports found by the search"}),
        },
    }
}

/// The witness of a separation.
pub(crate) fn separation_json(w: &Separation) -> Value {
    match w {
        Separation::Fields {
            t,
            x,
            first,
            second,
            first_density,
            second_density,
        } => json!({
            "t": wire::rational(t), "x": wire::rational(x),
            "v_t": wire::interval(first), "other_v_t": wire::interval(second),
            "p_t": wire::interval(first_density), "other_p_t": wire::interval(second_density),
        }),
        Separation::Atoms {
            t,
            x,
            first,
            second,
        } => json!({
            "t": wire::rational(t), "x": wire::rational(x), "reason": "a common atom of p_t",
            "v_t": wire::rational(first), "other_v_t": wire::rational(second),
        }),
    }
}
