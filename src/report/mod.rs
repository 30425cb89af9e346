//! The paper's appendix, regenerated from the proof files
//! ([`write_appendix`]): Markdown, a LaTeX fragment and a standalone LaTeX
//! document ([`document`]) with one section per lemma ([`tables`]), and
//! figures.
//!
//! Contract: the files are written whatever the verdicts; a row not at its
//! expected verdict is marked `MISS` and the documents say so at their top
//! (the command then exits as `certify` does, unless `--draft`, which the
//! documents also say). The output is byte-for-byte deterministic: no
//! timings, no dates, fonts never measured from the system.

pub mod document;
pub mod figures;
pub mod tables;

use crate::proof::{InstanceResult, ProofFile};
use std::path::{Path, PathBuf};

/// A figure as the documents cite it: its file stem (`NAME.svg`,
/// `NAME.tex`) and its caption in math text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureRef {
    /// The file stem.
    pub name: String,
    /// The caption (math text, [`crate::tex`]).
    pub caption: String,
}

/// Writes the appendix into `out` (created if needed); returns the paths
/// written. `draft` marks the documents as a draft.
pub fn write_appendix(
    files: &[ProofFile],
    results: &[InstanceResult],
    out: &Path,
    draft: bool,
) -> Result<Vec<PathBuf>, Box<dyn std::error::Error>> {
    std::fs::create_dir_all(out)?;
    let figures: Vec<Vec<FigureRef>> = files.iter().map(|_| Vec::new()).collect();
    let appendix = document::Appendix {
        files,
        results,
        figures: &figures,
        draft,
    };
    let docs = [
        ("appendix.md".to_string(), appendix.markdown()),
        ("appendix.tex".to_string(), appendix.latex_fragment()),
        (
            "appendix-standalone.tex".to_string(),
            appendix.latex_standalone(),
        ),
        ("fields-1d.svg".to_string(), figures::fields_1d()?),
        (
            "rotation-fields.svg".to_string(),
            figures::rotation_fields()?,
        ),
    ];
    let mut written = Vec::new();
    for (name, text) in docs {
        let path = out.join(name);
        std::fs::write(&path, text)?;
        written.push(path);
    }
    Ok(written)
}
