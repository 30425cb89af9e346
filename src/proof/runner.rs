//! The runner behind `ifm-check certify`: collect proof files, select
//! instances (`--filter`, `--shard`), run them in parallel, report.
//!
//! Exit status (docs/file-formats.md): 0 when every instance has its expected verdict;
//! otherwise 3 when some unexpected verdict is `inconclusive` and none is
//! `refuted`/`certified` against expectation, else 1; 2 when some check
//! could not run (bad input, an error). A check that panics becomes that
//! instance's `error` (status 2); the others still run.

use super::check::{run, tolerance_text, Outcome};
use super::spec::{read_proof_file, Instance, ProofFile};
use super::verdict::{Evidence, Verdict};
use crate::exact::format_rational;
use crate::input::InputError;
use rayon::prelude::*;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// One instance's result.
#[derive(Debug, Clone)]
pub struct InstanceResult {
    /// The instance.
    pub instance: Instance,
    /// The outcome, or the error that stopped the check.
    pub outcome: Result<Outcome, String>,
    /// Wall time of the check.
    pub seconds: f64,
}

impl InstanceResult {
    /// The verdict (`error` when the check failed to run).
    pub fn verdict(&self) -> Verdict {
        self.outcome.as_ref().map_or(Verdict::Error, |o| o.verdict)
    }

    /// Whether the verdict is the expected one.
    pub fn as_expected(&self) -> bool {
        self.verdict() == self.instance.expect
    }
}

/// The proof files under `paths` (files, or folders searched recursively
/// for `*.toml`), sorted.
pub fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>, InputError> {
    let mut files = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| InputError {
            file: p.display().to_string(),
            line: None,
            field: None,
            message: format!("cannot read: {e}"),
        })?;
        if meta.is_dir() {
            walk(p, &mut files)?;
        } else {
            files.push(p.clone());
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), InputError> {
    let entries = std::fs::read_dir(dir).map_err(|e| InputError {
        file: dir.display().to_string(),
        line: None,
        field: None,
        message: format!("cannot read the folder: {e}"),
    })?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
    Ok(())
}

/// Parses every file (all of them before any check runs).
pub fn load(paths: &[PathBuf]) -> Result<Vec<ProofFile>, InputError> {
    collect(paths)?.iter().map(|p| read_proof_file(p)).collect()
}

/// Keeps the instances whose lemma or name contains `filter`, then the
/// `i`-th of `n` shards (1-based, by position).
pub fn select(
    files: &[ProofFile],
    filter: Option<&str>,
    shard: Option<(usize, usize)>,
) -> Vec<Instance> {
    files
        .iter()
        .flat_map(|f| f.instances.iter().cloned())
        .filter(|i| filter.is_none_or(|s| i.lemma.contains(s) || i.name.contains(s)))
        .enumerate()
        .filter(|(k, _)| shard.is_none_or(|(i, n)| k % n == i - 1))
        .map(|(_, i)| i)
        .collect()
}

/// Runs the instances in parallel; `on_done` is called after each.
pub fn run_all(instances: &[Instance], on_done: impl Fn() + Sync) -> Vec<InstanceResult> {
    instances
        .par_iter()
        .map(|instance| {
            crate::interval::exponent_range::widen();
            let start = Instant::now();
            let outcome = guarded(|| run(instance));
            on_done();
            InstanceResult {
                instance: instance.clone(),
                outcome,
                seconds: start.elapsed().as_secs_f64(),
            }
        })
        .collect()
}

/// Runs one check; a panic in it becomes that instance's error (the run goes
/// on, and the exit status says so), never a crash of `certify`.
fn guarded(check: impl FnOnce() -> Result<Outcome, String>) -> Result<Outcome, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(check)).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        Err(format!("internal error (panic): {what}"))
    })
}

/// The exit status of a run: 0 when every instance has its expected
/// verdict; otherwise 2 when some check could not run (an `error`: the
/// instance's data do not fit its check, or an internal error), else 1 when
/// some claim came out wrong (refuted where certified was expected, or the
/// reverse), else 3 (the only misses are inconclusive).
pub fn exit_status(results: &[InstanceResult]) -> i32 {
    let wrong: Vec<&InstanceResult> = results.iter().filter(|r| !r.as_expected()).collect();
    if wrong.is_empty() {
        0
    } else if wrong.iter().any(|r| r.verdict() == Verdict::Error) {
        2
    } else if wrong.iter().all(|r| r.verdict() == Verdict::Inconclusive) {
        3
    } else {
        1
    }
}

/// One certificate (docs/certificates.md): self-contained, its inputs
/// inline with every number exact, so that `ifm-verify` can re-check it
/// without the proof and plan files.
pub fn certificate(r: &InstanceResult, with_seconds: bool) -> Value {
    let i = &r.instance;
    let mut c = json!({
        "lemma": i.lemma,
        "instance": i.name,
        "check": i.check,
        "inputs": i.spec.inputs(),
        "precision": i.precision,
        "max_precision": i.max_precision,
    });
    match &r.outcome {
        Ok(o) => {
            c["claim"] = json!(o.claim);
            c["form"] = json!(o.evidence.form());
            c["method"] = json!(o.method());
            c["precision_bits"] = json!(o.precision_bits());
            c["residual"] = o.evidence.residual_json();
            if let super::verdict::Evidence::Bound { bound, .. } = &o.evidence {
                c["bound"] = json!(format_rational(bound));
            }
            c["tolerance"] = json!(format_rational(&i.tolerance));
            c["verdict"] = json!(o.verdict.as_str());
            c["expected"] = json!(i.expect.as_str());
            let (witness, hints) = split_hints(&i.check, o.evidence.witness());
            c["witness"] = witness;
            c["hints"] = hints;
        }
        Err(e) => {
            c["tolerance"] = json!(format_rational(&i.tolerance));
            c["verdict"] = json!("error");
            c["expected"] = json!(i.expect.as_str());
            c["error"] = json!(e);
        }
    }
    c["file"] = json!(i.file.display().to_string());
    if with_seconds {
        c["seconds"] = json!((r.seconds * 1e4).round() / 1e4);
    }
    c
}

/// The witness without the kind's hints, and the hints (`null` when none):
/// the witness holds only what a verifier checks.
fn split_hints(check: &str, witness: &Value) -> (Value, Value) {
    let hints = super::kinds::kind(check).map_or(&[][..], |k| k.hints);
    let mut witness = witness.clone();
    let mut taken = serde_json::Map::new();
    if let Some(fields) = witness.as_object_mut() {
        for key in hints {
            if let Some(v) = fields.remove(*key) {
                taken.insert((*key).to_string(), v);
            }
        }
    }
    let hints = if taken.is_empty() {
        Value::Null
    } else {
        Value::Object(taken)
    };
    (witness, hints)
}

/// The schema version of the certificate document.
pub const SCHEMA: u32 = 3;

/// The document written by `certify --json FILE`.
pub fn certificates(results: &[InstanceResult], with_seconds: bool) -> Value {
    json!({
        "schema": SCHEMA,
        "checker": env!("CARGO_PKG_VERSION"),
        "certificates": results.iter().map(|r| certificate(r, with_seconds)).collect::<Vec<_>>(),
    })
}

/// The tolerance column: `-` where no tolerance applies (decisions and
/// bounds).
pub fn tolerance_column(r: &InstanceResult) -> String {
    match r.instance.spec.form() {
        super::kind::Form::Measure => tolerance_text(&r.instance.tolerance),
        _ => "-".into(),
    }
}

/// The table printed on stdout.
pub fn table(results: &[InstanceResult], with_seconds: bool) -> String {
    let mut rows: Vec<[String; 10]> = vec![[
        "lemma", "instance", "check", "method", "bits", "residual", "tol", "verdict", "expected",
        "seconds",
    ]
    .map(String::from)];
    for r in results {
        let i = &r.instance;
        let (method, bits, residual) = match &r.outcome {
            Ok(o) => (
                o.method().to_string(),
                o.precision_bits().map_or("-".into(), |b| b.to_string()),
                match &o.evidence {
                    // a refuted decision says what is true instead, where it can
                    Evidence::Decided {
                        holds: false,
                        witness,
                        ..
                    } => i
                        .spec
                        .found(witness)
                        .map_or_else(|| o.evidence.residual_text(), |f| format!("fails: {f}")),
                    other => other.residual_text(),
                },
            ),
            Err(_) => ("-".into(), "-".into(), "-".into()),
        };
        let mark = if r.as_expected() { "" } else { " !" };
        rows.push([
            i.lemma.clone(),
            i.name.clone(),
            i.check.clone(),
            method,
            bits,
            residual,
            tolerance_column(r),
            format!("{}{mark}", r.verdict()),
            i.expect.as_str().into(),
            if with_seconds {
                format!("{:.3}", r.seconds)
            } else {
                "-".into()
            },
        ]);
    }
    let widths: Vec<usize> = (0..10)
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in &rows {
        let line: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(v, w)| format!("{v:<w$}"))
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    let ok = results.iter().filter(|r| r.as_expected()).count();
    out.push_str(&format!(
        "{ok} of {} instances at their expected verdict\n",
        results.len()
    ));
    for r in results.iter().filter(|r| !r.as_expected()) {
        let detail = match &r.outcome {
            Ok(o) => format!("{}, expected {}", o.verdict, r.instance.expect),
            Err(e) => e.clone(),
        };
        out.push_str(&format!(
            "UNEXPECTED {}/{}: {detail}\n",
            r.instance.lemma, r.instance.name
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_check_becomes_an_error_and_the_run_goes_on() {
        let caught = guarded(|| panic!("boom"));
        assert_eq!(caught.unwrap_err(), "internal error (panic): boom");
        let caught = guarded(|| panic!("{} {}", "formatted", 7));
        assert_eq!(caught.unwrap_err(), "internal error (panic): formatted 7");
        // a later check still runs normally
        assert_eq!(guarded(|| Err("fine".into())).unwrap_err(), "fine");
    }
}
