//! What a check kind is: the trait every kind implements in its own module
//! under [`super::kinds`], and the running helpers they share.
//!
//! A kind holds, in one file: its keys and their parsing
//! ([`CheckKind::parse`]), its preconditions, the form of its evidence
//! ([`Form`]: decision, measure or bound), the decision itself
//! ([`CheckKind::evidence`]), its claim in words and its witness. The
//! registry in [`super::kinds`] adds a kind with one line.

use super::verdict::{Evidence, Method, Residual, Verdict};
use crate::exact::Q;
use crate::input::{InputError, Table};
use crate::interval::{escalate, Interval};
use crate::onedim::family::OneDimError;
use num_traits::Zero;
use serde_json::Value;
use std::path::Path;

/// The form of a kind's evidence, declared by the kind (docs/verdicts.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// A yes/no fact (a count, a dimension, a flag, a sign): a nonzero
    /// tolerance on the instance is bad input.
    Decision,
    /// A distance compared with the tolerance; the claim says "within tol".
    Measure,
    /// A two-sided enclosure compared with a claimed bound: a nonzero
    /// tolerance on the instance is bad input.
    Bound,
}

impl Form {
    /// `decision`, `measure` or `bound`.
    pub fn name(self) -> &'static str {
        match self {
            Form::Decision => "decision",
            Form::Measure => "measure",
            Form::Bound => "bound",
        }
    }
}

/// A kind's description, for `--help`-like listings and the documentation
/// table (`docs/check-kinds.md` is tested against it).
#[derive(Debug, Clone, Copy)]
pub struct About {
    /// The claim, as a formula.
    pub claim: &'static str,
    /// The preconditions checked before the claim is decided.
    pub preconditions: &'static str,
    /// The section of `docs/mathematics.md` it instantiates.
    pub section: &'static str,
    /// How it is decided.
    pub method: &'static str,
}

/// What an instance's run may use besides its data.
#[derive(Debug, Clone)]
pub struct Context {
    /// The tolerance (zero for decisions and bounds).
    pub tolerance: Q,
    /// The starting precision of interval work.
    pub precision: u32,
    /// The largest precision.
    pub max_precision: u32,
}

/// One check kind.
pub trait CheckKind: Sized {
    /// The name used in proof files (`check = "..."`).
    const NAME: &'static str;
    /// The keys it takes besides the common ones, declared once: the
    /// reader checks them before [`CheckKind::parse`], the documentation
    /// lists them.
    const KEYS: &'static [super::keys::Key];
    /// The form of its evidence.
    const FORM: Form;
    /// Its description.
    const ABOUT: About;
    /// The fields of its witness that are search parameters or words
    /// (`primes`, `pieces`, a `reason`): the certificate writes them under
    /// `hints`, apart from the witness, and no verifier reads them as
    /// results. Every other witness field is checked by the verifier.
    const HINTS: &'static [&'static str] = &[];
    /// Whether its measure is an enclosure (it has a width): with a
    /// tolerance of 0 such a claim can be refuted but never certified, so
    /// the reader warns and the check does not climb in precision.
    const ENCLOSED: bool = false;

    /// Whether its instances are exported to Coq ([`CheckKind::coq`],
    /// docs/coq.md).
    const COQ: bool = false;

    /// Reads its keys from an instance table; plan paths are relative to `base`.
    fn parse(t: &Table<'_>, base: &Path) -> Result<Self, InputError>;

    /// The claim, written once, in math text (`crate::tex`): its formulas
    /// in LaTeX between dollars, its numbers exact (`\tfrac{1}{3}`). The
    /// appendix typesets it (LaTeX, Markdown), certificates and tables give
    /// it in words ([`crate::tex::to_plain`]); without the tolerance, which
    /// the runner adds to a measure's claim.
    fn claim(&self) -> String;

    /// The instance's data inline, every number exact (plans as their
    /// files write them, rationals as strings): with the witness, all a
    /// verifier needs (docs/certificates.md).
    fn inputs(&self) -> serde_json::Value;

    /// Checks the preconditions, then decides or measures the claim.
    fn evidence(&self, ctx: &Context) -> Result<Evidence, String>;

    /// What a refuted decision found in place of the claim, in words (the
    /// true value, from the witness), for the table's residual column;
    /// `None` where `fails` says it all.
    fn found(&self, _witness: &Value) -> Option<String> {
        None
    }

    /// The instance as a Coq theorem named `name` (docs/coq.md): the claim
    /// when `verdict` is certified, its negation from the witness when
    /// refuted. `Err` says why this instance is not exported.
    fn coq(
        &self,
        _name: &str,
        _verdict: Verdict,
        _witness: &Value,
    ) -> Result<crate::coq::Theorem, String> {
        Err("its kind is not exported".into())
    }
}

/// The enclosure `compute(bits)` at the context's precision, doubled while
/// `decided` rejects it or the computation failed for lack of precision,
/// up to the largest precision. Returns the last value and its precision.
pub fn escalated<T>(
    ctx: &Context,
    compute: impl Fn(u32) -> Result<T, OneDimError>,
    decided: impl Fn(&T) -> bool,
) -> Result<(T, u32), String> {
    let run = escalate(ctx.precision, ctx.max_precision, compute, |r| match r {
        Ok(value) => decided(value),
        Err(e) => !e.may_narrow(),
    })
    .map_err(|e| e.to_string())?;
    let bits = run.bits;
    run.value.map(|v| (v, bits)).map_err(|e| e.to_string())
}

/// A measure by enclosures: `compute(bits)` gives the residual and a
/// witness; the precision is raised until the verdict is decided.
pub fn interval_measure(
    ctx: &Context,
    compute: impl Fn(u32) -> Result<(Interval, Value), OneDimError>,
) -> Result<Evidence, String> {
    // a zero tolerance can refute an enclosure, never certify it: one try
    let ctx = &Context {
        max_precision: if ctx.tolerance.is_zero() {
            ctx.precision
        } else {
            ctx.max_precision
        },
        ..ctx.clone()
    };
    let measure = |residual: Interval, witness: Value, bits: u32| Evidence::Measure {
        residual: Residual::Enclosure(residual),
        method: Method::Interval(bits),
        witness,
    };
    let ((residual, witness), bits) = escalated(ctx, compute, |(r, w)| {
        measure(r.clone(), w.clone(), 0).verdict(&ctx.tolerance) != Verdict::Inconclusive
    })?;
    Ok(measure(residual, witness, bits))
}

/// The largest `|residual_at(t, x)|` over the grid `ts x xs`, as a measure.
pub fn largest_over_grid(
    ctx: &Context,
    ts: &[Q],
    xs: &[Q],
    residual_at: impl Fn(&Q, &Q, u32) -> Result<Interval, OneDimError>,
) -> Result<Evidence, String> {
    interval_measure(ctx, |bits| {
        let mut worst = Interval::from_i64(0, bits);
        for t in ts {
            for x in xs {
                let residual = residual_at(t, x, bits).map_err(|e| e.at_point(x))?;
                worst = worst.max_of(&residual.abs());
            }
        }
        Ok((worst, Value::Null))
    })
}
