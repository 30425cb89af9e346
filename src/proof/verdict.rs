//! Verdicts and residuals (DESIGN.md, "Verdicts").
//!
//! A residual is exact (a rational) or an enclosure (an interval). Against
//! a tolerance `tol >= 0`: `certified` when the residual (every point of its
//! enclosure) lies in `[-tol, tol]`, `refuted` when it lies entirely
//! outside, `inconclusive` otherwise. An exact residual is never
//! inconclusive.

use crate::exact::format_rational;
use crate::interval::{Interval, Tri};
use crate::output;
use num_rational::BigRational;
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

/// A residual: exact, or an enclosure.
#[derive(Debug, Clone)]
pub enum Residual {
    /// An exact rational.
    Exact(BigRational),
    /// A certified enclosure.
    Enclosure(Interval),
}

impl Residual {
    /// The verdict against `tol`.
    pub fn verdict(&self, tol: &BigRational) -> Verdict {
        match self {
            Residual::Exact(r) => {
                if r.abs() <= *tol {
                    Verdict::Certified
                } else {
                    Verdict::Refuted
                }
            }
            Residual::Enclosure(x) => match x.abs_within(tol) {
                Tri::True => Verdict::Certified,
                Tri::False => Verdict::Refuted,
                Tri::Unknown => Verdict::Inconclusive,
            },
        }
    }

    /// JSON: a rational string, or `{"lo", "hi"}` rounded outward.
    pub fn to_json(&self) -> Value {
        match self {
            Residual::Exact(r) => output::rational(r),
            Residual::Enclosure(x) => output::interval(x),
        }
    }

    /// Short text for tables: the bound on `|residual|`.
    pub fn bound_text(&self) -> String {
        match self {
            Residual::Exact(r) => format_rational(&r.abs()),
            Residual::Enclosure(x) => {
                let m = Interval::from_endpoints(x.mag(), x.mag())
                    .expect("finite or infinite, not NaN");
                format!("<= {}", m.to_decimal(3).1)
            }
        }
    }
}
