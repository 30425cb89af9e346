//! Evidence and verdicts (docs/verdicts.md).
//!
//! Every check kind returns [`Evidence`] of one of three forms, and the
//! verdict is derived from it here, in one place:
//!
//! | evidence | what it is | `certified` | `refuted` | tolerance |
//! |---|---|---|---|---|
//! | [`Evidence::Decided`] | a yes/no fact proven exactly or by enclosures that decide a sign (a count, a dimension, a flag, a positivity, a precondition) | holds | fails | never applies |
//! | [`Evidence::Undecided`] | a decision not reached (a search that found nothing, a sign not decided at the largest precision) | never | never | never applies |
//! | [`Evidence::Measure`] | a distance between two quantities that should agree, exact or enclosed | every point of it within `tol` | every point of it beyond `tol` | the claim reads "within tol" |
//! | [`Evidence::Bound`] | a two-sided enclosure of a quantity claimed `<= bound` | its upper end `<= bound` | its lower end `> bound` | never applies |
//!
//! So an upper bound can certify a `<=` claim but never refute it, a
//! tolerance can never turn a failed decision into `certified`, and the
//! method (`exact` or `interval` at some precision) is a property of the
//! evidence, not written by hand.

use crate::exact::{format_rational, Q};
use crate::interval::{Interval, Tri};
use crate::proof::wire;
use num_traits::Signed;
use serde_json::Value;
use std::fmt;

/// The verdict of one instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The claim is proven.
    Certified,
    /// The claim is false.
    Refuted,
    /// Undecided at the largest precision allowed.
    Inconclusive,
    /// The check could not run (an internal error, reported, never hidden).
    Error,
}

impl Verdict {
    /// The word used in tables and certificates.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Certified => "certified",
            Verdict::Refuted => "refuted",
            Verdict::Inconclusive => "inconclusive",
            Verdict::Error => "error",
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a piece of evidence was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Exact arithmetic over Q (integers, polynomials, Sturm sequences).
    Exact,
    /// Enclosures rounded outward, at this precision in bits.
    Interval(u32),
}

impl Method {
    /// `exact` or `interval`.
    pub fn name(self) -> &'static str {
        match self {
            Method::Exact => "exact",
            Method::Interval(_) => "interval",
        }
    }

    /// The precision of the deciding enclosures (interval evidence).
    pub fn bits(self) -> Option<u32> {
        match self {
            Method::Exact => None,
            Method::Interval(b) => Some(b),
        }
    }
}

/// A quantity: exact, or an enclosure.
#[derive(Debug, Clone)]
pub enum Residual {
    /// An exact rational.
    Exact(Q),
    /// A certified enclosure.
    Enclosure(Interval),
}

impl Residual {
    /// JSON: a rational string, or `{"lo", "hi"}` rounded outward.
    pub fn to_json(&self) -> Value {
        match self {
            Residual::Exact(r) => wire::rational(r),
            Residual::Enclosure(x) => wire::interval(x),
        }
    }

    /// Short text for tables: the bound on `|residual|`.
    pub fn bound_text(&self) -> String {
        match self {
            Residual::Exact(r) => format_rational(&r.abs()),
            Residual::Enclosure(x) => {
                format!("<= {}", x.abs().to_decimal(3).1)
            }
        }
    }

    /// The bound on `|residual|` typeset (math text, [`crate::tex`]):
    /// `$0$`, `$\tfrac{1}{3}$`, `$\le 1.8\times 10^{-38}$`.
    pub fn bound_latex(&self) -> String {
        match self {
            Residual::Exact(r) => format!("${}$", crate::tex::rational(&r.abs())),
            Residual::Enclosure(x) => {
                format!("$\\le {}$", crate::tex::decimal(&x.abs().to_decimal(3).1))
            }
        }
    }

    /// Whether `|residual| <= tol`: true, false, or undecided (an
    /// enclosure straddling `tol`). An exact residual is always decided.
    fn within(&self, tol: &Q) -> Tri {
        match self {
            Residual::Exact(r) => {
                if r.abs() <= *tol {
                    Tri::True
                } else {
                    Tri::False
                }
            }
            Residual::Enclosure(x) => x.abs_within(tol),
        }
    }
}

/// What a check found, in one of the forms of the module table.
#[derive(Debug, Clone)]
pub enum Evidence {
    /// A decision: the claim holds or fails, proven. No tolerance applies.
    Decided {
        /// Whether the claim holds.
        holds: bool,
        /// How it was decided.
        method: Method,
        /// What shows it (a proof object, or a counterexample).
        witness: Value,
    },
    /// A decision not reached.
    Undecided {
        /// How far it got.
        method: Method,
        /// Why it stopped.
        witness: Value,
    },
    /// A distance that should be zero, compared with the tolerance.
    Measure {
        /// The distance, exact or enclosed.
        residual: Residual,
        /// How it was computed.
        method: Method,
        /// Supporting data.
        witness: Value,
    },
    /// A two-sided enclosure of a quantity claimed `<= bound`.
    Bound {
        /// The enclosure of the quantity (lower and upper bound).
        value: Interval,
        /// The claimed bound.
        bound: Q,
        /// Supporting data.
        witness: Value,
    },
}

impl Evidence {
    /// A decision reached exactly.
    pub fn exact(holds: bool, witness: Value) -> Evidence {
        Evidence::Decided {
            holds,
            method: Method::Exact,
            witness,
        }
    }

    /// An exact measure.
    pub fn exact_measure(residual: Q, witness: Value) -> Evidence {
        Evidence::Measure {
            residual: Residual::Exact(residual),
            method: Method::Exact,
            witness,
        }
    }

    /// The verdict against the tolerance `tol` (used by measures only).
    pub fn verdict(&self, tol: &Q) -> Verdict {
        match self {
            Evidence::Decided { holds: true, .. } => Verdict::Certified,
            Evidence::Decided { holds: false, .. } => Verdict::Refuted,
            Evidence::Undecided { .. } => Verdict::Inconclusive,
            Evidence::Measure { residual, .. } => match residual.within(tol) {
                Tri::True => Verdict::Certified,
                Tri::False => Verdict::Refuted,
                Tri::Unknown => Verdict::Inconclusive,
            },
            // an upper end below the bound certifies; only a lower end
            // above it refutes
            Evidence::Bound { value, bound, .. } => match value.gt_rational(bound) {
                Tri::False => Verdict::Certified,
                Tri::True => Verdict::Refuted,
                Tri::Unknown => Verdict::Inconclusive,
            },
        }
    }

    /// How the evidence was obtained.
    pub fn method(&self) -> Method {
        match self {
            Evidence::Decided { method, .. }
            | Evidence::Undecided { method, .. }
            | Evidence::Measure { method, .. } => *method,
            Evidence::Bound { value, .. } => Method::Interval(value.prec()),
        }
    }

    /// The form: `decision`, `measure` or `bound`.
    pub fn form(&self) -> &'static str {
        match self {
            Evidence::Decided { .. } | Evidence::Undecided { .. } => "decision",
            Evidence::Measure { .. } => "measure",
            Evidence::Bound { .. } => "bound",
        }
    }

    /// The witness.
    pub fn witness(&self) -> &Value {
        match self {
            Evidence::Decided { witness, .. }
            | Evidence::Undecided { witness, .. }
            | Evidence::Measure { witness, .. }
            | Evidence::Bound { witness, .. } => witness,
        }
    }

    /// The residual as JSON: `holds` / `fails` / `undecided` for a
    /// decision, the measure, or the enclosure `{lo, hi}` of a bounded
    /// quantity.
    pub fn residual_json(&self) -> Value {
        match self {
            Evidence::Decided { holds: true, .. } => Value::from("holds"),
            Evidence::Decided { holds: false, .. } => Value::from("fails"),
            Evidence::Undecided { .. } => Value::from("undecided"),
            Evidence::Measure { residual, .. } => residual.to_json(),
            Evidence::Bound { value, .. } => wire::interval(value),
        }
    }

    /// The residual typeset for the appendix (math text,
    /// [`crate::tex`]): `holds`, `fails`, `undecided`, the measure's
    /// bound, or the enclosure of a bounded quantity.
    pub fn residual_latex(&self) -> String {
        match self {
            Evidence::Measure { residual, .. } => residual.bound_latex(),
            Evidence::Bound { value, .. } => {
                let (lo, hi) = value.to_decimal(6);
                format!(
                    "$\\in [{},$ ${}]$",
                    crate::tex::decimal(&lo),
                    crate::tex::decimal(&hi)
                )
            }
            _ => self.residual_text(),
        }
    }

    /// Short text for tables.
    pub fn residual_text(&self) -> String {
        match self {
            Evidence::Decided { holds: true, .. } => "holds".into(),
            Evidence::Decided { holds: false, .. } => "fails".into(),
            Evidence::Undecided { .. } => "undecided".into(),
            Evidence::Measure { residual, .. } => residual.bound_text(),
            Evidence::Bound { value, .. } => {
                let (lo, hi) = value.to_decimal(6);
                format!("in [{lo}, {hi}]")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn q(n: i64, d: i64) -> Q {
        Q::new(n.into(), d.into())
    }

    fn enclosure(lo: i64, hi: i64) -> Interval {
        Interval::from_i64(lo, 64).hull(&Interval::from_i64(hi, 64))
    }

    #[test]
    fn no_tolerance_turns_a_failed_decision_into_certified() {
        let fails = Evidence::exact(false, json!(null));
        for tol in [q(0, 1), q(1, 1), q(10_i64.pow(9), 1)] {
            assert_eq!(fails.verdict(&tol), Verdict::Refuted);
        }
        let undecided = Evidence::Undecided {
            method: Method::Interval(64),
            witness: json!(null),
        };
        assert_eq!(undecided.verdict(&q(1000, 1)), Verdict::Inconclusive);
        assert_eq!(
            Evidence::exact(true, json!(null)).verdict(&q(0, 1)),
            Verdict::Certified
        );
    }

    #[test]
    fn a_measure_is_compared_with_the_tolerance_on_both_sides() {
        let m = |r: Q| Evidence::exact_measure(r, json!(null));
        assert_eq!(m(q(1, 2)).verdict(&q(1, 2)), Verdict::Certified);
        assert_eq!(m(q(-1, 2)).verdict(&q(1, 2)), Verdict::Certified);
        assert_eq!(m(q(3, 5)).verdict(&q(1, 2)), Verdict::Refuted);
        assert_eq!(m(q(0, 1)).verdict(&q(0, 1)), Verdict::Certified);
        let e = |lo, hi| Evidence::Measure {
            residual: Residual::Enclosure(enclosure(lo, hi)),
            method: Method::Interval(64),
            witness: json!(null),
        };
        assert_eq!(e(0, 1).verdict(&q(1, 1)), Verdict::Certified);
        assert_eq!(e(0, 2).verdict(&q(1, 1)), Verdict::Inconclusive);
        assert_eq!(e(2, 3).verdict(&q(1, 1)), Verdict::Refuted);
        assert_eq!(e(-3, -2).verdict(&q(1, 1)), Verdict::Refuted);
    }

    #[test]
    fn an_upper_bound_certifies_and_only_a_lower_bound_refutes() {
        let b = |lo, hi, bound| Evidence::Bound {
            value: enclosure(lo, hi),
            bound: q(bound, 1),
            witness: json!(null),
        };
        assert_eq!(b(1, 4, 4).verdict(&q(0, 1)), Verdict::Certified);
        assert_eq!(b(1, 4, 3).verdict(&q(0, 1)), Verdict::Inconclusive);
        assert_eq!(b(1, 4, 1).verdict(&q(0, 1)), Verdict::Inconclusive);
        assert_eq!(b(2, 4, 1).verdict(&q(0, 1)), Verdict::Refuted);
        // the tolerance plays no part in a bound
        assert_eq!(b(2, 4, 1).verdict(&q(100, 1)), Verdict::Refuted);
        assert_eq!(b(1, 4, 3).verdict(&q(100, 1)), Verdict::Inconclusive);
    }

    #[test]
    fn the_method_follows_the_evidence() {
        assert_eq!(Evidence::exact(true, json!(null)).method(), Method::Exact);
        let bound = Evidence::Bound {
            value: Interval::from_i64(1, 256),
            bound: q(2, 1),
            witness: json!(null),
        };
        assert_eq!(bound.method(), Method::Interval(256));
        assert_eq!(bound.method().name(), "interval");
        assert_eq!(bound.form(), "bound");
    }
}
