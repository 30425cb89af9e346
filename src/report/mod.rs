//! The paper's appendix, regenerated from the proof files: Markdown and
//! LaTeX tables of every lemma's instances ([`tables`]) and SVG figures
//! ([`figures`]). The output is byte-for-byte deterministic: no timings, no
//! dates, fonts never measured from the system.

pub mod figures;
pub mod tables;

use crate::proof::{InstanceResult, ProofFile};
use std::path::{Path, PathBuf};

/// Writes `appendix.md`, `appendix.tex`, `fields-1d.svg` and
/// `rotation-fields.svg` into `out` (created if needed); returns the paths.
pub fn write_appendix(
    files: &[ProofFile],
    results: &[InstanceResult],
    out: &Path,
) -> Result<Vec<PathBuf>, Box<dyn std::error::Error>> {
    std::fs::create_dir_all(out)?;
    let docs = [
        ("appendix.md", tables::markdown(files, results)),
        ("appendix.tex", tables::latex(files, results)),
        ("fields-1d.svg", figures::fields_1d()?),
        ("rotation-fields.svg", figures::rotation_fields()?),
    ];
    let mut written = Vec::new();
    for (name, text) in docs {
        let path = out.join(name);
        std::fs::write(&path, text)?;
        written.push(path);
    }
    Ok(written)
}
