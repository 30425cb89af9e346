//! The paper's appendix, regenerated from the proof files
//! ([`write_appendix`]): Markdown, a LaTeX fragment and a standalone LaTeX
//! document ([`document`]) with one section per lemma ([`tables`]), and
//! the figures the proof files ask for ([`figures`]), each written as SVG
//! ([`svg`]) and PGFPlots ([`pgf`]) from one description ([`plot`]).
//!
//! Contract: the files are written whatever the verdicts; a row not at its
//! expected verdict is marked `MISS` and the documents say so at their top
//! (the command then exits as `certify` does, unless `--draft`, which the
//! documents also say). The output is byte-for-byte deterministic: no
//! timings, no dates, fonts never measured from the system.

pub mod document;
pub mod figures;
pub mod pgf;
pub mod plot;
pub mod svg;
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
    let mut figures: Vec<Vec<FigureRef>> = Vec::new();
    let mut docs: Vec<(String, String)> = Vec::new();
    let mut owner: std::collections::BTreeMap<String, &Path> = Default::default();
    for f in files {
        let mut refs = Vec::new();
        for spec in &f.figures {
            if let Some(first) = owner.insert(spec.name.clone(), &f.path) {
                return Err(format!(
                    "{}: figure `{}` is also asked for by {}: figure names name files, and must differ",
                    f.path.display(),
                    spec.name,
                    first.display()
                )
                .into());
            }
            let fig = figures::draw(spec, f, results)
                .and_then(|fig| fig.check_drawable().map(|()| fig))
                .map_err(|e| format!("{}: figure `{}`: {e}", f.path.display(), spec.name))?;
            docs.push((format!("{}.svg", fig.name), svg::figure(&fig)));
            docs.push((format!("{}.tex", fig.name), pgf::figure(&fig)));
            refs.push(FigureRef {
                name: fig.name.clone(),
                caption: fig.caption.clone(),
            });
        }
        figures.push(refs);
    }
    let appendix = document::Appendix {
        files,
        results,
        figures: &figures,
        draft,
    };
    let mut all = vec![
        ("appendix.md".to_string(), appendix.markdown()),
        ("appendix.tex".to_string(), appendix.latex_fragment()),
        (
            "appendix-standalone.tex".to_string(),
            appendix.latex_standalone(),
        ),
    ];
    all.extend(docs);
    let docs = all;
    let mut written = Vec::new();
    for (name, text) in docs {
        let path = out.join(name);
        std::fs::write(&path, text)?;
        written.push(path);
    }
    Ok(written)
}
