//! Readers of the fields of a proof file that the check kinds, the
//! figures and the file itself share: plans (a path or an inline table),
//! times, points and grids, small integers, math text. Each error names the
//! file, line and field.

use crate::exact::Q;
use crate::gaussian::GaussianPlan;
use crate::input::{Document, Field, InputError, Table};
use crate::limits::{MAX_INSTANCE_GRID, MAX_INSTANCE_POINTS};
use crate::onedim::OneDimPlan;
use std::path::Path;

/// An integer from `lo` to `hi`.
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
            .map_err(|e| f.error(format!("file {}: {}", full.display(), e.message)))?;
        return read(&doc.root()).map_err(|e| f.error(format!("in the file it names: {e}")));
    }
    read(&f.table()?)
}

/// A Gaussian plan: a path or an inline table.
pub(crate) fn gaussian_plan(f: &Field<'_>, base: &Path) -> Result<GaussianPlan, InputError> {
    plan_from(f, base, GaussianPlan::from_table)
}

/// A Gaussian plan or a mixture of them, any dimension: a path or an
/// inline table.
pub(crate) fn mixture_plan(
    f: &Field<'_>,
    base: &Path,
) -> Result<crate::gaussian::GaussianMixture, InputError> {
    plan_from(f, base, crate::gaussian::GaussianMixture::from_plan_table)
}

/// The optional plan under `key` (a Gaussian plan or a mixture), of
/// dimension `dim` (else an error naming the key).
pub(crate) fn other_mixture_of_dim(
    t: &Table<'_>,
    key: &str,
    base: &Path,
    dim: usize,
) -> Result<Option<crate::gaussian::GaussianMixture>, InputError> {
    let Some(f) = t.get(key) else {
        return Ok(None);
    };
    let other = mixture_plan(&f, base)?;
    if other.dim() != dim {
        return Err(f.error(format!("dimension {}, the plan's is {dim}", other.dim())));
    }
    Ok(Some(other))
}

/// Points of `dim` coordinates: 1 to [`MAX_INSTANCE_POINTS`] of them.
pub(crate) fn points_of_dim(f: &Field<'_>, dim: usize) -> Result<Vec<Vec<Q>>, InputError> {
    let items = f.array()?;
    if items.is_empty() || items.len() > MAX_INSTANCE_POINTS {
        return Err(f.error(format!("expected 1 to {MAX_INSTANCE_POINTS} points")));
    }
    items
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let x = p.vector()?;
            if x.len() != dim {
                return Err(f.error(format!(
                    "point {i}: expected {dim} coordinates (the plan's dimension), found {}",
                    x.len()
                )));
            }
            Ok(x)
        })
        .collect()
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
    if xs.is_empty() || xs.len() > MAX_INSTANCE_POINTS {
        return Err(f.error(format!("expected 1 to {MAX_INSTANCE_POINTS} points")));
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
/// `[0, 1]`) and `x` of the pointwise identities, at most [`MAX_INSTANCE_GRID`] points.
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
    if ts.len() * xs.len() > MAX_INSTANCE_GRID {
        return Err(tf.error(format!("at most {MAX_INSTANCE_GRID} points (t, x)")));
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
