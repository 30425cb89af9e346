//! The certificate's wire format: how exact numbers, enclosures, matrices
//! and plans are written in JSON (docs/file-formats.md,
//! docs/certificates.md), and nothing else; the kinds and the verdicts
//! encode their witnesses with it, the command-line documents reuse it.
//!
//! Encoding: an exact rational is a string (`"-3/7"`, `"5"`); an interval
//! is `{"lo": ..., "hi": ...}` with decimal ends rounded outward; a matrix is
//! an array of rows. Key order is fixed (insertion order) so that output is
//! byte-for-byte reproducible.

use crate::exact::Q;
use crate::exact::{format_rational, QMatrix};
use crate::gaussian::GaussianPlan;
use crate::interval::Interval;
use serde_json::{json, Value};

/// How many significant digits printed interval ends carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Digits {
    /// As many as the enclosure supports: its precision's digits, no more
    /// than its width justifies ([`Interval::supported_digits`]).
    #[default]
    Supported,
    /// Exactly this many (the `--digits` override), still rounded outward.
    Exactly(usize),
}

impl Digits {
    /// The digits to print `x` with.
    pub fn of(self, x: &Interval) -> usize {
        match self {
            Digits::Supported => x.supported_digits(),
            Digits::Exactly(n) => n,
        }
    }
}

/// A rational as a JSON string.
pub fn rational(q: &Q) -> Value {
    Value::String(format_rational(q))
}

/// A vector of rationals.
pub fn vector(v: &[Q]) -> Value {
    Value::Array(v.iter().map(rational).collect())
}

/// A matrix as an array of rows.
pub fn matrix(m: &QMatrix) -> Value {
    Value::Array((0..m.rows()).map(|i| vector(m.row(i))).collect())
}

/// The matrix [`matrix`] wrote, read back (`None` if `v` is not one).
pub fn read_matrix(v: &Value) -> Option<QMatrix> {
    let rows = v.as_array()?.iter().map(|row| {
        row.as_array()?
            .iter()
            .map(|x| crate::exact::parse_rational(x.as_str()?).ok())
            .collect::<Option<Vec<Q>>>()
    });
    QMatrix::from_rows(rows.collect::<Option<Vec<_>>>()?).ok()
}

/// An interval with outward-rounded decimal ends, as many digits as it
/// supports ([`Digits::Supported`]).
pub fn interval(x: &Interval) -> Value {
    interval_with(x, Digits::Supported)
}

/// An interval with outward-rounded decimal ends and the given digits.
pub fn interval_with(x: &Interval, digits: Digits) -> Value {
    let (lo, hi) = x.to_decimal(digits.of(x));
    json!({"lo": lo, "hi": hi})
}

/// An interval with outward-rounded decimal ends, with every digit its
/// precision carries, however wide it is: what a certificate's witness
/// gives, so that a verifier reading the decimals exactly gets an enclosure
/// as narrow as the one computed.
pub fn enclosure(x: &Interval) -> Value {
    let (lo, hi) = x.to_decimal(crate::interval::digits_of_precision(x.prec()));
    json!({"lo": lo, "hi": hi})
}

/// A Gaussian plan, every number an exact rational string: `m0`, `m1`
/// (vectors), `s00`, `s11`, `c` (matrices).
pub fn gaussian_plan(p: &GaussianPlan) -> Value {
    json!({"m0": vector(p.m0()), "m1": vector(p.m1()), "s00": matrix(p.s00()),
           "s11": matrix(p.s11()), "c": matrix(p.c())})
}

/// A mixture of Gaussian plans as its plan file writes it, every number an
/// exact rational string: `{"kind": "gaussian-mixture", "component":
/// [{weight, m0, m1, s00, s11, c}]}` with vectors and matrices.
pub fn gaussian_mixture(m: &crate::gaussian::GaussianMixture) -> Value {
    let components: Vec<Value> = m
        .components()
        .iter()
        .map(|(w, p)| {
            let mut v = json!({"weight": rational(w)});
            let fields = gaussian_plan(p);
            v.as_object_mut()
                .expect("an object")
                .extend(fields.as_object().expect("an object").clone());
            v
        })
        .collect();
    json!({"kind": "gaussian-mixture", "component": components})
}

/// A one-dimensional plan as its plan file writes it, numbers as exact
/// rational strings: `{"kind": "gaussian", m0, m1, s00, s11, c}`,
/// `{"kind": "gaussian-mixture", "component": [{weight, m0, ...}]}`,
/// `{"kind": "discrete", "atoms": [{x0, x1, weight}]}`,
/// `{"kind": "independent-uniform", a0, b0, a1, b1}`.
pub fn onedim_plan(p: &crate::onedim::OneDimPlan) -> Value {
    use crate::onedim::{GaussianComponent, OneDimPlan};
    let component = |g: &GaussianComponent| {
        json!({"m0": rational(&g.m0), "m1": rational(&g.m1), "s00": rational(&g.s00),
               "s11": rational(&g.s11), "c": rational(&g.c)})
    };
    match p {
        OneDimPlan::Gaussian(g) => {
            let mut v = json!({"kind": "gaussian"});
            v.as_object_mut()
                .expect("an object")
                .extend(component(g).as_object().expect("an object").clone());
            v
        }
        OneDimPlan::Mixture(cs) => {
            json!({"kind": "gaussian-mixture", "component": cs.iter().map(|(w, g)| {
            let mut v = json!({"weight": rational(w)});
            v.as_object_mut().expect("an object").extend(component(g).as_object().expect("an object").clone());
            v
        }).collect::<Vec<_>>()})
        }
        OneDimPlan::Discrete(atoms) => {
            json!({"kind": "discrete", "atoms": atoms.iter().map(|a| json!({
            "x0": rational(&a.x0), "x1": rational(&a.x1), "weight": rational(&a.weight)})).collect::<Vec<_>>()})
        }
        OneDimPlan::IndependentUniform { a0, b0, a1, b1 } => json!({"kind": "independent-uniform",
            "a0": rational(a0), "b0": rational(b0), "a1": rational(a1), "b1": rational(b1)}),
    }
}
