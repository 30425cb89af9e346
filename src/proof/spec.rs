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
use crate::input::{Document, Field, InputError};
use crate::limits::{MAX_PRECISION_BITS, MIN_PRECISION_BITS};
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
    /// What the reader noticed without refusing the file (each names the
    /// file, line and instance): an enclosed measure with tolerance 0.
    pub warnings: Vec<String>,
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
    let mut warnings = Vec::new();
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
            .copied()
            .chain(info.keys.iter().map(|key| key.name))
            .collect();
        t.deny_unknown_keys(&allowed)?;
        super::keys::check(info.name, info.keys, &t)?;
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
        if info.enclosed && tolerance.is_zero() {
            warnings.push(name_field.error(format!(
                "warning: `{kind_name}` measures by enclosures, which have a width: with tolerance 0 it can be refuted but never certified, so it is checked once, at {prec} bits (give a `tolerance`, at the instance or the top of the file)"
            )).to_string());
        }
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
        warnings,
    })
}
