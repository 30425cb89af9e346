//! A plan file (docs/file-formats.md, "Plan files"), read whole: a Gaussian
//! plan or a mixture of Gaussian plans in any dimension, which in dimension
//! 1 with positive variances are also one-dimensional families, or one of
//! the other one-dimensional families (discrete, independent uniform). Used
//! by the command line, the Python package and [`super::field_distance`].

use crate::gaussian::{GaussianMixture, GaussianPlan};
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
    /// The mixture of Gaussian plans (`kind = "gaussian-mixture"`, any
    /// dimension; a Gaussian plan as its one component).
    pub mixture: Option<GaussianMixture>,
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
        match root.require("kind")?.string()? {
            "gaussian" => {
                let gaussian = GaussianPlan::from_table(root)?;
                // D = 1 with positive variances: also a one-dimensional family
                let onedim = if gaussian.dim() == 1 {
                    OneDimPlan::from_table(root).ok()
                } else {
                    None
                };
                Ok(PlanFile {
                    name,
                    mixture: Some(GaussianMixture::of_plan(&gaussian)),
                    gaussian: Some(gaussian),
                    onedim,
                })
            }
            "gaussian-mixture" => {
                // a one-dimensional mixture keeps the family's reading and
                // its errors; a mixture in D >= 2 is read as such
                let (mixture, onedim) = if first_mean_length(root) <= 1 {
                    let onedim = OneDimPlan::from_table(root)?;
                    (GaussianMixture::from_table(root)?, Some(onedim))
                } else {
                    (GaussianMixture::from_table(root)?, None)
                };
                Ok(PlanFile {
                    name,
                    gaussian: None,
                    mixture: Some(mixture),
                    onedim,
                })
            }
            _ => Ok(PlanFile {
                name,
                gaussian: None,
                mixture: None,
                onedim: Some(OneDimPlan::from_table(root)?),
            }),
        }
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
                "a {} plan of dimension {d}: F_t and the transport map by F_t are for one-dimensional plans",
                self.kind()
            )),
        }
    }

    /// The dimension `D` (1 for the one-dimensional families).
    pub fn dim(&self) -> usize {
        self.mixture.as_ref().map_or(1, GaussianMixture::dim)
    }

    /// The `kind` of the file.
    pub fn kind(&self) -> &'static str {
        match (&self.gaussian, &self.mixture, &self.onedim) {
            (Some(_), _, _) => "gaussian",
            (None, Some(_), _) => "gaussian-mixture",
            (None, None, p) => p.as_ref().map_or("none", OneDimPlan::kind),
        }
    }
}

/// The number of entries of the first component's `m0` (1 for a scalar, 0
/// when there is none to read): which reading a mixture file gets.
fn first_mean_length(root: &Table<'_>) -> usize {
    let first = root
        .get("component")
        .and_then(|f| f.tables().ok())
        .and_then(|t| t.into_iter().next());
    match first.and_then(|t| t.get("m0")) {
        Some(m0) if m0.is_array() => m0.array().map_or(0, |a| a.len()),
        Some(_) => 1,
        None => 0,
    }
}
