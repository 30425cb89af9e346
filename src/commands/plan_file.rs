//! A plan file (docs/file-formats.md, "Plan files"), read whole: a Gaussian
//! plan in any dimension, which in dimension 1 with positive variances is
//! also a one-dimensional family, or one of the one-dimensional families
//! (mixture, discrete, independent uniform). Used by the command line, the
//! Python package and [`super::field_distance`].

use crate::gaussian::GaussianPlan;
use crate::input::{Document, InputError, Table};
use crate::onedim::OneDimPlan;
use std::path::Path;

/// A plan as its file gives it.
#[derive(Debug, Clone)]
pub struct PlanFile {
    /// The file's name (its path, or the name given with its text), for
    /// messages.
    pub name: String,
    /// The Gaussian plan (`kind = "gaussian"`, any dimension).
    pub gaussian: Option<GaussianPlan>,
    /// The one-dimensional family: every one-dimensional kind, and a
    /// Gaussian plan of dimension 1 with positive variances.
    pub onedim: Option<OneDimPlan>,
}

impl PlanFile {
    /// Reads a plan file.
    pub fn read(path: &Path) -> Result<PlanFile, InputError> {
        let doc = Document::read(path)?;
        PlanFile::from_table(&doc.root(), doc.name())
    }

    /// Parses the text of a plan file; `name` names it in errors.
    pub fn parse(name: &str, text: String) -> Result<PlanFile, InputError> {
        PlanFile::from_table(&Document::parse(name, text)?.root(), name)
    }

    /// The plan of a parsed plan file named `name`.
    pub fn from_table(root: &Table<'_>, name: &str) -> Result<PlanFile, InputError> {
        let name = name.to_string();
        if root.require("kind")?.string()? == "gaussian" {
            let gaussian = GaussianPlan::from_table(root)?;
            // D = 1 with positive variances: also a one-dimensional family
            let onedim = if gaussian.dim() == 1 {
                OneDimPlan::from_table(root).ok()
            } else {
                None
            };
            return Ok(PlanFile {
                name,
                gaussian: Some(gaussian),
                onedim,
            });
        }
        Ok(PlanFile {
            name,
            gaussian: None,
            onedim: Some(OneDimPlan::from_table(root)?),
        })
    }

    /// The one-dimensional family, or why there is none: a Gaussian plan of
    /// dimension `D >= 2`, or a one-dimensional Gaussian plan with a zero
    /// variance (a point mass at an end, so no density at every time).
    pub fn onedim_or_reason(&self) -> Result<&OneDimPlan, String> {
        match (&self.onedim, self.dim()) {
            (Some(p), _) => Ok(p),
            (None, 1) => Err("a one-dimensional Gaussian plan with a zero variance (X0 or X1 is a point mass): \
                 p_t, F_t and the transport map need a density"
                .into()),
            (None, d) => Err(format!(
                "a Gaussian plan of dimension {d}: p_t, F_t and the transport map are for one-dimensional plans"
            )),
        }
    }

    /// The dimension `D` (1 for the one-dimensional families).
    pub fn dim(&self) -> usize {
        self.gaussian.as_ref().map_or(1, GaussianPlan::dim)
    }

    /// The `kind` of the file.
    pub fn kind(&self) -> &'static str {
        match (&self.gaussian, &self.onedim) {
            (Some(_), _) | (None, None) => "gaussian",
            (None, Some(p)) => p.kind(),
        }
    }
}
