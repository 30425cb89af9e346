//! The proof-file schema (docs/file-formats.md, "Proof files").
//!
//! ```toml
//! lemma = "gaussian-inverse"
//! statement = "The field at two times determines a Gaussian plan."
//! reference = "Section 2, Gaussian case"
//! tolerance = "0"            # default for the instances
//! [[instance]]
//! name = "rotation"
//! check = "gaussian-roundtrip"
//! plan = "../data/plans/rotation.toml"   # relative to this file, or an inline table
//! times = ["1/3", "3/4"]
//! expect = "certified"       # or "refuted" for a negative control
//! ```
//!
//! Every file is parsed whole before anything runs: an unknown key, an
//! unknown check kind, a bad number or a bad plan is an error naming the
//! file, the line and the field (exit status 2). Each kind parses its own
//! keys ([`super::kinds`]); the helpers below read the values kinds share.
//!
//! Tolerances: a file-level `tolerance` is the default of the kinds whose
//! evidence is a measure and has no effect on decisions and bounds; a
//! nonzero `tolerance` on an instance of a decision or bound kind is an
//! error naming that field (a tolerance cannot make a failed decision
//! true).

use super::kind::Form;
use super::kinds::{kind, CheckSpec, KINDS};
use super::verdict::Verdict;
use crate::exact::Q;
use crate::gaussian::GaussianPlan;
use crate::input::{Document, Field, InputError, Table};
use crate::limits::{MAX_PRECISION_BITS, MIN_PRECISION_BITS};
use crate::onedim::OneDimPlan;
use num_traits::Zero;
use std::path::{Path, PathBuf};

const COMMON_KEYS: &[&str] = &[
    "name",
    "check",
    "expect",
    "tolerance",
    "precision",
    "max_precision",
];

/// One instance, ready to run.
#[derive(Debug, Clone)]
pub struct Instance {
    /// The lemma id of its file.
    pub lemma: String,
    /// Its name (unique in the file).
    pub name: String,
    /// The check kind's name.
    pub check: String,
    /// The data.
    pub spec: CheckSpec,
    /// The expected verdict.
    pub expect: Verdict,
    /// The tolerance (zero for decisions and bounds).
    pub tolerance: Q,
    /// The starting precision (interval checks).
    pub precision: u32,
    /// The largest precision.
    pub max_precision: u32,
    /// The file.
    pub file: PathBuf,
}

/// A parsed proof file.
#[derive(Debug, Clone)]
pub struct ProofFile {
    /// The file.
    pub path: PathBuf,
    /// The lemma id.
    pub lemma: String,
    /// The one-sentence statement, in math text (`crate::tex`).
    pub statement: String,
    /// Where it stands: the paper's section, or the section of
    /// `docs/mathematics.md` by name; math text.
    pub reference: String,
    /// The instances.
    pub instances: Vec<Instance>,
    /// The figures it asks for (`[[figure]]`).
    pub figures: Vec<super::figure::FigureSpec>,
}

fn precision(f: Option<Field<'_>>, default: u32) -> Result<u32, InputError> {
    let Some(f) = f else { return Ok(default) };
    let q = f.number()?;
    let ok = q.is_integer()
        && q >= Q::from_integer(MIN_PRECISION_BITS.into())
        && q <= Q::from_integer(MAX_PRECISION_BITS.into());
    if !ok {
        return Err(f.error(format!(
            "a precision is an integer number of bits from {MIN_PRECISION_BITS} to {MAX_PRECISION_BITS}"
        )));
    }
    Ok(q.to_integer().try_into().expect("bounded"))
}

fn tolerance(f: Option<Field<'_>>, default: &Q) -> Result<Q, InputError> {
    let Some(f) = f else {
        return Ok(default.clone());
    };
    let q = f.number()?;
    if q < Q::from_integer(0.into()) {
        return Err(f.error("a tolerance is a number >= 0"));
    }
    Ok(q)
}

pub(crate) fn small_integer(f: &Field<'_>, lo: u64, hi: u64) -> Result<u64, InputError> {
    let q = f.number()?;
    if !q.is_integer() || q < Q::from_integer(lo.into()) || q > Q::from_integer(hi.into()) {
        return Err(f.error(format!("expected an integer from {lo} to {hi}")));
    }
    Ok(q.to_integer().try_into().expect("bounded"))
}

/// A plan of either type: a path (relative to the proof file) or an
/// inline table. Every error is one of the proof file's field; an error
/// inside a plan file also names that file, its line and its field (a
/// fuzzing finding: the instance that referenced it went unnamed).
pub(crate) fn plan_from<T>(
    f: &Field<'_>,
    base: &Path,
    read: fn(&Table<'_>) -> Result<T, InputError>,
) -> Result<T, InputError> {
    if let Ok(path) = f.string() {
        let full = base.join(path);
        let doc = Document::read(&full)
            .map_err(|e| f.error(format!("plan file {}: {}", full.display(), e.message)))?;
        return read(&doc.root()).map_err(|e| f.error(format!("in the plan file: {e}")));
    }
    read(&f.table()?)
}

/// A Gaussian plan: a path or an inline table.
pub(crate) fn gaussian_plan(f: &Field<'_>, base: &Path) -> Result<GaussianPlan, InputError> {
    plan_from(f, base, GaussianPlan::from_table)
}

/// A one-dimensional plan: a path or an inline table.
pub(crate) fn onedim_plan(f: &Field<'_>, base: &Path) -> Result<OneDimPlan, InputError> {
    plan_from(f, base, OneDimPlan::from_table)
}

/// Points: a grid `"a:b:n"`, or an array of numbers.
pub(crate) fn points(f: &Field<'_>) -> Result<Vec<Q>, InputError> {
    let xs = match f.string() {
        Ok(text) => {
            crate::input::cli_values::grid(f.path(), text).map_err(|e| f.error(e.message))?
        }
        Err(_) => f.vector()?,
    };
    if xs.is_empty() || xs.len() > 10_000 {
        return Err(f.error("expected 1 to 10000 points"));
    }
    Ok(xs)
}

pub(crate) fn times(f: &Field<'_>) -> Result<Vec<Q>, InputError> {
    let items = f.array()?;
    if items.is_empty() || items.len() > crate::limits::MAX_FIELD_SAMPLES {
        return Err(f.error(format!(
            "expected 1 to {} times",
            crate::limits::MAX_FIELD_SAMPLES
        )));
    }
    items.iter().map(time).collect()
}

pub(crate) fn time(f: &Field<'_>) -> Result<Q, InputError> {
    let t = f.number()?;
    if t < Q::from_integer(0.into()) || t > Q::from_integer(1.into()) {
        return Err(f.error("t must lie in [0, 1]"));
    }
    Ok(t)
}

/// The optional `field_of` plan.
pub(crate) fn other_field(t: &Table<'_>, base: &Path) -> Result<Option<OneDimPlan>, InputError> {
    t.get("field_of").map(|f| onedim_plan(&f, base)).transpose()
}

/// `(plan, field_of, ts, xs)` of a pointwise identity.
pub(crate) type PointwiseData = (OneDimPlan, Option<OneDimPlan>, Vec<Q>, Vec<Q>);

/// `plan`, `field_of` and the grids `t` (inside `(0, 1)` when `open`, else
/// `[0, 1]`) and `x` of the pointwise identities, at most 100,000 points.
pub(crate) fn grids_in_time_and_space(
    t: &Table<'_>,
    base: &Path,
    open: bool,
) -> Result<PointwiseData, InputError> {
    let tf = t.require("t")?;
    let ts = points(&tf)?;
    let (zero, one) = (Q::from_integer(0.into()), Q::from_integer(1.into()));
    let outside = |x: &Q| {
        if open {
            *x <= zero || *x >= one
        } else {
            *x < zero || *x > one
        }
    };
    if ts.iter().any(outside) {
        return Err(tf.error(if open {
            "the times must lie in (0, 1)"
        } else {
            "the times must lie in [0, 1]"
        }));
    }
    let xs = points(&t.require("x")?)?;
    if ts.len() * xs.len() > 100_000 {
        return Err(tf.error("at most 100000 points (t, x)"));
    }
    Ok((
        onedim_plan(&t.require("plan")?, base)?,
        other_field(t, base)?,
        ts,
        xs,
    ))
}

/// A string in math text (`crate::tex`): text with mathematics between
/// dollars and code between backticks, checked so that it typesets.
pub(crate) fn math_text(f: &Field<'_>) -> Result<String, InputError> {
    let text = f.string()?;
    crate::tex::check(text).map_err(|e| f.error(e))?;
    Ok(text.to_string())
}

/// Parses a proof file whole.
pub fn read_proof_file(path: &Path) -> Result<ProofFile, InputError> {
    let doc = Document::read(path)?;
    proof_file(&doc, path)
}

/// Parses the text of a proof file whole; `path` names it in errors, and
/// plan paths in it are read relative to its folder.
pub fn parse_proof_file(path: &Path, text: String) -> Result<ProofFile, InputError> {
    let doc = Document::parse(&path.display().to_string(), text)?;
    proof_file(&doc, path)
}

fn proof_file(doc: &Document, path: &Path) -> Result<ProofFile, InputError> {
    let root = doc.root();
    root.deny_unknown_keys(&[
        "lemma",
        "statement",
        "reference",
        "tolerance",
        "precision",
        "max_precision",
        "instance",
        "figure",
    ])?;
    let lemma = root.require("lemma")?.string()?.to_string();
    // free text, as proof files have always had it; math text where it is
    // well formed (crate::tex), plain text where it is not
    let statement = root.require("statement")?.string()?.to_string();
    let reference = root.require("reference")?.string()?.to_string();
    let zero = Q::from_integer(0.into());
    let default_tol = tolerance(root.get("tolerance"), &zero)?;
    let default_prec = precision(root.get("precision"), 64)?;
    let default_max = precision(root.get("max_precision"), 1024)?;
    let base = path.parent().unwrap_or(Path::new("."));
    let mut instances = Vec::new();
    let instance_field = root.require("instance")?;
    for t in instance_field.tables()? {
        let check_field = t.require("check")?;
        let kind_name = check_field.string()?;
        let Some(info) = kind(kind_name) else {
            let known: Vec<&str> = KINDS.iter().map(|k| k.name).collect();
            return Err(check_field.error(format!(
                "unknown check kind `{kind_name}`; expected one of: {}",
                known.join(", ")
            )));
        };
        let allowed: Vec<&str> = COMMON_KEYS
            .iter()
            .chain(info.keys.iter())
            .copied()
            .collect();
        t.deny_unknown_keys(&allowed)?;
        let name_field = t.require("name")?;
        let name = name_field.string()?.to_string();
        if instances.iter().any(|i: &Instance| i.name == name) {
            return Err(
                name_field.error(format!("instance name `{name}` is used twice in this file"))
            );
        }
        let expect = match t.get("expect") {
            None => Verdict::Certified,
            Some(f) => match f.string()? {
                "certified" => Verdict::Certified,
                "refuted" => Verdict::Refuted,
                "inconclusive" => Verdict::Inconclusive,
                _ => return Err(f.error("expected \"certified\", \"refuted\" or \"inconclusive\"")),
            },
        };
        let prec = precision(t.get("precision"), default_prec)?;
        let max = precision(t.get("max_precision"), default_max)?;
        if prec > max {
            return Err(t.error("precision is above max_precision"));
        }
        let tolerance = match (info.form, t.get("tolerance")) {
            (Form::Measure, f) => tolerance(f, &default_tol)?,
            (_, None) => Q::zero(),
            (form, Some(f)) => {
                if !tolerance(Some(f.clone()), &Q::zero())?.is_zero() {
                    return Err(f.error(format!(
                        "`{kind_name}` is a {}, not a measure: a tolerance does not apply (remove it or set it to 0)",
                        form.name()
                    )));
                }
                Q::zero()
            }
        };
        instances.push(Instance {
            lemma: lemma.clone(),
            name,
            check: info.name.to_string(),
            spec: (info.parse)(&t, base)?,
            expect,
            tolerance,
            precision: prec,
            max_precision: max,
            file: path.to_path_buf(),
        });
    }
    let mut figures: Vec<super::figure::FigureSpec> = Vec::new();
    if let Some(field) = root.get("figure") {
        for t in field.tables()? {
            let figure = super::figure::read_figure(&t, base)?;
            if figures.iter().any(|f| f.name == figure.name) {
                return Err(t.require("name")?.error(format!(
                    "figure name `{}` is used twice in this file",
                    figure.name
                )));
            }
            figures.push(figure);
        }
    }
    Ok(ProofFile {
        path: path.to_path_buf(),
        lemma,
        statement,
        reference,
        instances,
        figures,
    })
}

/// `, v from another plan` when the field is another plan's.
pub(crate) fn another_field(field_of: &Option<OneDimPlan>) -> &'static str {
    if field_of.is_some() {
        ", v from another plan"
    } else {
        ""
    }
}
