//! `invert --samples`: the plans consistent with observations of a field
//! within a tolerance (docs/mathematics.md section 7), for the command line
//! and the Python package alike.

use super::CommandError;
use crate::exact::Q;
use crate::gaussian::consistent::{
    distance, enclose_box, end_laws_from_table, ConsistentError, Enclosure, EndLaws, Estimate,
    Observations,
};
use crate::input::observations::{self, Observation};
use crate::input::{Document, InputError};
use std::path::Path;

/// What the observations say at a tolerance.
#[derive(Debug, Clone)]
pub struct ConsistentPlans {
    /// The tolerance `delta`.
    pub tolerance: Q,
    /// A valid plan fitted to the observations (its residual bounds the distance above).
    pub estimate: Estimate,
    /// A proven lower bound on the distance to the Gaussian family.
    pub distance_lower: Q,
    /// The proven enclosure of `S(delta)`, or its emptiness.
    pub enclosure: Enclosure,
}

/// The request value `tolerance`: an exact number `>= 0`.
pub fn tolerance(text: &str) -> Result<Q, CommandError> {
    let delta = super::number("tolerance", text)?;
    if delta < Q::from_integer(0.into()) {
        return Err(super::bad_value("tolerance", "must be >= 0"));
    }
    Ok(delta)
}

/// Reads end laws from a TOML file (docs/file-formats.md, "End laws").
pub fn end_laws(path: &Path) -> Result<EndLaws, InputError> {
    let doc = Document::read(path)?;
    end_laws_from_table(&doc.root())
}

/// The observations of `rows` under the end laws; `name` names their source in errors.
pub fn observed(
    ends: EndLaws,
    rows: Vec<Observation>,
    name: &str,
) -> Result<Observations, CommandError> {
    Observations::from_rows(ends, rows).map_err(|e| CommandError::Input(whole_file(name, e)))
}

/// Reads observations from a CSV or `.npy` file.
pub fn read_observations(ends: EndLaws, path: &Path) -> Result<Observations, CommandError> {
    let rows = observations::read(path, ends.0.len())?;
    observed(ends, rows, &path.display().to_string())
}

fn whole_file(name: &str, e: impl std::fmt::Display) -> InputError {
    InputError {
        file: name.into(),
        line: None,
        field: None,
        message: e.to_string(),
    }
}

/// The estimate, the distance bounds and the enclosure at `tolerance`.
pub fn consistent_plans(
    obs: &Observations,
    tolerance: &Q,
    name: &str,
) -> Result<ConsistentPlans, CommandError> {
    let fail = |e: ConsistentError| match e {
        ConsistentError::Degenerate { .. } => CommandError::Input(whole_file(name, e)),
        ConsistentError::NoDefinedField => CommandError::Refused(format!("{name}: {e}")),
    };
    let enclosure = enclose_box(obs, tolerance).map_err(fail)?;
    let d = distance(obs).map_err(|e| match e {
        // no plan has a defined field at every time: no plan is within any tolerance
        ConsistentError::NoDefinedField => CommandError::NoGaussianPlan(format!("{name}: {e}")),
        e => fail(e),
    })?;
    // the enclosure may prove more than the bisection found
    let mut distance_lower = d.lower_bound();
    if enclosure.empty.is_some() && *tolerance > distance_lower {
        distance_lower = tolerance.clone();
    }
    Ok(ConsistentPlans {
        tolerance: tolerance.clone(),
        distance_lower,
        estimate: d.estimate,
        enclosure,
    })
}
