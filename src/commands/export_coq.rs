//! `export-coq`: the proof files' instances as Coq theorems (docs/coq.md).
//!
//! Each proof file with an instance of an exported kind becomes one `.v`
//! file named after it (`gaussian-inverse.toml` -> `gaussian_inverse.v`),
//! beside the definitions files `IFM.v` and `OneDimension.v` and a `_CoqProject`. Only the
//! instances of exported kinds are run; the rest are listed at the top of
//! their file with the reason they are not exported.

use super::{CommandError, OnProgress, Progress};
use crate::coq;
use crate::proof::{self, ProofFile, Verdict};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What the export wrote for one proof file.
#[derive(Debug, Clone)]
pub struct ExportedFile {
    /// The proof file.
    pub source: PathBuf,
    /// The `.v` file written.
    pub path: PathBuf,
    /// The names of its theorems, one per exported instance.
    pub theorems: Vec<String>,
    /// The instances not exported, each with the reason.
    pub omitted: Vec<(String, String)>,
    /// The exported instances whose verdict is not the expected one
    /// (exported as found), each with its verdict and the expected one.
    pub misses: Vec<(String, Verdict, Verdict)>,
}

/// Exports the proof files under `paths` into the folder `out` (created
/// when missing): the definitions files, `_CoqProject`, and one `.v` file per proof
/// file that has an instance of an exported kind.
pub fn export_coq(
    paths: &[PathBuf],
    out: &Path,
    progress: OnProgress<'_>,
) -> Result<(Vec<ProofFile>, Vec<ExportedFile>), CommandError> {
    let files = proof::load(paths)?;
    let exported: Vec<&ProofFile> = files
        .iter()
        .filter(|f| f.instances.iter().any(|i| i.spec.exports_coq()))
        .collect();
    // one module per proof file: two files of one name would overwrite
    let mut modules = BTreeMap::new();
    for f in &exported {
        let module = coq::ident(&f.path.file_stem().unwrap_or_default().to_string_lossy());
        if coq::LIBRARIES.iter().any(|(library, _)| module == *library) {
            return Err(refused(f, "its name is a definitions file's"));
        }
        if let Some(other) = modules.insert(module.clone(), &f.path) {
            return Err(refused(
                f,
                &format!("{} exports to the same file, {module}.v", other.display()),
            ));
        }
    }
    let instances: Vec<proof::Instance> = exported
        .iter()
        .flat_map(|f| f.instances.iter().filter(|i| i.spec.exports_coq()).cloned())
        .collect();
    progress(Progress::Total(instances.len() as u64));
    let results = proof::run_all(&instances, || progress(Progress::Done(1)));
    std::fs::create_dir_all(out).map_err(|e| cannot_write(out, e))?;
    let mut project = format!("-Q . {}\n", coq::LIBRARY_NAME);
    for (library, text) in coq::LIBRARIES {
        write(&out.join(format!("{library}.v")), text)?;
        project.push_str(&format!("{library}.v\n"));
    }
    let mut written = Vec::new();
    for (module, source) in &modules {
        let file = files.iter().find(|f| &&f.path == source).expect("listed");
        let mut theorems = Vec::new();
        let mut omitted = Vec::new();
        let mut names = Vec::new();
        let mut misses = Vec::new();
        for instance in &file.instances {
            let Some(result) = results
                .iter()
                .find(|r| r.instance.file == instance.file && r.instance.name == instance.name)
            else {
                omitted.push((instance.name.clone(), not_exported(&instance.check)));
                continue;
            };
            let name = coq::ident(&instance.name);
            let theorem = match &result.outcome {
                Err(e) => Err(format!("the check failed: {e}")),
                Ok(_) if names.contains(&name) => {
                    Err(format!("its Coq name {name} is taken by another instance"))
                }
                Ok(o) => match o.verdict {
                    Verdict::Certified | Verdict::Refuted => {
                        instance.spec.coq(&name, o.verdict, o.evidence.witness())
                    }
                    v => Err(format!("{}: nothing to export", v.as_str())),
                },
            };
            match theorem {
                Ok(t) => {
                    if !result.as_expected() {
                        misses.push((instance.name.clone(), result.verdict(), instance.expect));
                    }
                    names.push(name.clone());
                    theorems.push((name, t));
                }
                Err(reason) => omitted.push((instance.name.clone(), reason)),
            }
        }
        let path = out.join(format!("{module}.v"));
        write(
            &path,
            &coq::file(&source.display().to_string(), &omitted, &theorems),
        )?;
        project.push_str(&format!("{module}.v\n"));
        written.push(ExportedFile {
            source: source.to_path_buf(),
            path,
            theorems: names,
            omitted,
            misses,
        });
    }
    write(&out.join("_CoqProject"), &project)?;
    Ok((files, written))
}

/// Why an instance of a kind that does not export is left out.
fn not_exported(kind: &str) -> String {
    format!("the kind {kind} is not exported (docs/coq.md says why)")
}

fn refused(f: &ProofFile, why: &str) -> CommandError {
    CommandError::Refused(format!("{}: cannot export: {why}", f.path.display()))
}

fn cannot_write(path: &Path, e: std::io::Error) -> CommandError {
    CommandError::Refused(format!("{}: cannot write: {e}", path.display()))
}

fn write(path: &Path, text: &str) -> Result<(), CommandError> {
    std::fs::write(path, text).map_err(|e| cannot_write(path, e))
}
