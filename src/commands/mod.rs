//! The front door: one checked function per command, taking typed
//! requests and returning typed results or a [`CommandError`]. The command
//! line (`src/cli.rs`) and the Python bindings (`python/src/lib.rs`) are
//! adapters over it: they read their arguments into these requests and
//! print or convert the results; every check of a request and every word
//! of an error is here, so the two read the same (`python/tests` runs the
//! same requests through both).
//!
//! Request values are named as the command line's options without their
//! dashes (`t`, `x`, `prec`, `digits`) under the origin `<arguments>`:
//! `<arguments>: field `t`: t = 3/2 is outside [0, 1]`, whichever door it
//! came through. Errors of a plan, field or proof file name the file, the
//! line and the field.

pub mod consistent;
pub mod export_coq;
pub mod field_distance;
pub mod plan_file;

use crate::atlas::{self, AtlasRow};
use crate::exact::Q;
use crate::gaussian::{
    FieldAt, FieldError, GaussianFieldData, GaussianPlan, Inversion, InversionError, MixtureValues,
};
use crate::input::{cli_values, InputError};
use crate::interval::Interval;
use crate::limits::{
    MAX_POINT_BITS, MAX_PRECISION_BITS, MAX_PRINTED_DIGITS, MIN_PRECISION_BITS, MIN_PRINTED_DIGITS,
};
use crate::onedim::family::{AtomAt, OneDimError, PointValues, POINTS_PER_WALK};
use crate::onedim::{OneDimPlan, Value};
use crate::proof::wire::Digits;
use crate::proof::{self, InstanceResult, ProofFile};
use plan_file::PlanFile;
use std::fmt;
use std::path::PathBuf;

pub use crate::input::cli_values::ARGUMENTS;

/// Why a command did not give its result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommandError {
    /// Bad input: a request value, or a file (exit status 2).
    Input(InputError),
    /// The request does not apply to this plan, or a value cannot be
    /// enclosed there (exit status 2); the message names the plan.
    Refused(String),
    /// The answer is no: no Gaussian plan has the field (exit status 1).
    NoGaussianPlan(String),
}

impl CommandError {
    /// The exit status of the command line: 1 for a negative answer, 2 for
    /// bad input or a refused request.
    pub fn status(&self) -> i32 {
        match self {
            CommandError::NoGaussianPlan(_) => 1,
            _ => 2,
        }
    }
}

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CommandError::Input(e) => write!(f, "{e}"),
            CommandError::Refused(m) | CommandError::NoGaussianPlan(m) => write!(f, "{m}"),
        }
    }
}

impl std::error::Error for CommandError {}

impl From<InputError> for CommandError {
    fn from(e: InputError) -> CommandError {
        CommandError::Input(e)
    }
}

/// An error in the request value `field` (a front door's own reading of
/// its arguments uses it too, so that its errors read as these).
pub fn bad_value(field: &str, message: impl Into<String>) -> CommandError {
    CommandError::Input(InputError {
        file: ARGUMENTS.into(),
        line: None,
        field: Some(field.into()),
        message: message.into(),
    })
}

/// A precision (`prec`) within the stated limits.
pub fn precision(bits: u32) -> Result<u32, CommandError> {
    if (MIN_PRECISION_BITS..=MAX_PRECISION_BITS).contains(&bits) {
        Ok(bits)
    } else {
        Err(bad_value(
            "prec",
            format!("{bits} bits is outside {MIN_PRECISION_BITS} to {MAX_PRECISION_BITS}"),
        ))
    }
}

/// A `digits` override within the stated limits, or `default`.
pub fn digits(digits: Option<usize>, default: Digits) -> Result<Digits, CommandError> {
    match digits {
        None => Ok(default),
        Some(n) if (MIN_PRINTED_DIGITS..=MAX_PRINTED_DIGITS).contains(&n) => Ok(Digits::Exactly(n)),
        Some(n) => Err(bad_value(
            "digits",
            format!("{n} is outside {MIN_PRINTED_DIGITS} to {MAX_PRINTED_DIGITS}"),
        )),
    }
}

/// The points times the precision, within [`MAX_POINT_BITS`]; a `digits`
/// override counts as the bits it prints (4 per digit), so that the output
/// stays as bounded as the work.
pub fn point_budget(points: usize, prec: u32, digits: Digits) -> Result<(), CommandError> {
    let printed_bits = match digits {
        Digits::Supported => 0,
        Digits::Exactly(n) => 4 * n as u64,
    };
    let bits = u64::from(prec).max(printed_bits);
    let product = points as u64 * bits;
    if product > MAX_POINT_BITS {
        return Err(bad_value(
            "x",
            format!(
                "{points} points at {bits} bits ({product} point-bits) exceed the limit of {MAX_POINT_BITS}; use fewer points{}",
                if printed_bits > u64::from(prec) {
                    " or fewer digits"
                } else {
                    " or a lower prec"
                }
            ),
        ));
    }
    Ok(())
}

/// A time `t`, an exact number in `[0, 1]`.
pub fn time(text: &str) -> Result<Q, CommandError> {
    Ok(cli_values::time("t", text)?)
}

/// An exact number of the request value `field`.
pub fn number(field: &str, text: &str) -> Result<Q, CommandError> {
    Ok(cli_values::number(field, text)?)
}

/// Points `x` written as on the command line: `D` numbers separated by
/// commas, or in dimension 1 a grid `a:b:n`.
pub fn points(text: &str, dim: usize) -> Result<Vec<Vec<Q>>, CommandError> {
    Ok(cli_values::points("x", text, dim)?)
}

/// How many points `text` asks for, read before the points themselves (so
/// that the budget is checked before a grid is made).
pub fn point_count(text: &str) -> usize {
    cli_values::point_count(text).unwrap_or(0)
}

/// What a command reports while it runs (a progress bar listens): first
/// the total amount of work, then each part done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// The work to do (points, blocks, instances).
    Total(u64),
    /// This much more is done.
    Done(u64),
}

/// A listener of [`Progress`] (`&|_| {}` for none).
pub type OnProgress<'a> = &'a (dyn Fn(Progress) + Sync);

/// A plan that the request does not fit: the message names it.
fn refused(plan: &PlanFile, why: impl fmt::Display) -> CommandError {
    CommandError::Refused(format!("{}: {why}", plan.name))
}

/// The exact Gaussian field of `field` at `t`, with `v_t` at the points.
#[derive(Debug, Clone)]
pub struct GaussianFieldAt<'a> {
    /// The Gaussian plan of the file.
    pub plan: &'a GaussianPlan,
    /// `A_t`, `b_t`, or why `Sigma_t` is singular (an answer, not an error).
    pub field: Result<FieldAt, FieldError>,
    /// `v_t` at each point (empty when `Sigma_t` is singular).
    pub velocities: Vec<Vec<Q>>,
}

/// `field` for a Gaussian plan: `m_t`, `Sigma_t` and, where `Sigma_t` is
/// invertible, `A_t`, `b_t` and `v_t` at the points (each of `D`
/// coordinates).
pub fn gaussian_field<'a>(
    plan: &'a PlanFile,
    t: &Q,
    points: &[Vec<Q>],
) -> Result<GaussianFieldAt<'a>, CommandError> {
    let g = plan.gaussian.as_ref().ok_or_else(|| {
        refused(
            plan,
            format!(
                "a {} plan has no exact Gaussian field: p_t, F_t, v_t are evaluated at points",
                plan.kind()
            ),
        )
    })?;
    of_dimension(points, g.dim())?;
    let field = g.field_at(t);
    let velocities = match &field {
        Ok(f) => points
            .iter()
            .map(|x| f.velocity(x).expect("dimensions checked"))
            .collect(),
        Err(_) => Vec::new(),
    };
    Ok(GaussianFieldAt {
        plan: g,
        field,
        velocities,
    })
}

/// Every point of `points` has `dim` coordinates, else bad input naming the
/// first that has not.
fn of_dimension(points: &[Vec<Q>], dim: usize) -> Result<(), CommandError> {
    match points.iter().enumerate().find(|(_, p)| p.len() != dim) {
        Some((i, p)) => Err(bad_value(
            "x",
            format!("point {i}: expected {dim} coordinates, found {}", p.len()),
        )),
        None => Ok(()),
    }
}

/// The mixture of Gaussian plans of the file (a Gaussian plan is one).
fn mixture_of(plan: &PlanFile) -> Result<&crate::gaussian::GaussianMixture, CommandError> {
    plan.mixture.as_ref().ok_or_else(|| {
        refused(
            plan,
            format!("a {} plan is not a mixture of Gaussian plans", plan.kind()),
        )
    })
}

/// `field` for a mixture of Gaussian plans in any dimension (a Gaussian
/// plan is one): `p_t`, `d/dt p_t`, `grad p_t`, `v_t` and `div v_t`
/// enclosed at each point of `D` coordinates, the points in parallel;
/// `progress` is told how many are done.
pub fn mixture_field(
    plan: &PlanFile,
    t: &Q,
    points: &[Vec<Q>],
    prec: u32,
    progress: OnProgress<'_>,
) -> Result<Vec<MixtureValues>, CommandError> {
    use rayon::prelude::*;
    let m = mixture_of(plan)?;
    of_dimension(points, m.dim())?;
    let at = m.at(t, prec).map_err(|e| refused(plan, e))?;
    progress(Progress::Total(points.len() as u64));
    let mut values = Vec::with_capacity(points.len());
    for block in points.chunks(1024) {
        let done: Result<Vec<_>, _> = block.par_iter().map(|x| at.at_point(x)).collect();
        values.extend(done.map_err(|e| refused(plan, e))?);
        progress(Progress::Done(block.len() as u64));
    }
    Ok(values)
}

/// [`mixture_field`] at points given as floats, `D` per point, each the
/// rational it is (a NumPy array's values); a NaN or an infinity is bad
/// input naming the point.
pub fn mixture_field_of_floats(
    plan: &PlanFile,
    t: &Q,
    coordinates: &[f64],
    prec: u32,
) -> Result<Vec<MixtureValues>, CommandError> {
    use rayon::prelude::*;
    let m = mixture_of(plan)?;
    let d = m.dim();
    if !coordinates.len().is_multiple_of(d) {
        return Err(bad_value(
            "x",
            format!("{} coordinates are not points of {d}", coordinates.len()),
        ));
    }
    if let Some(i) = coordinates.iter().position(|c| !c.is_finite()) {
        return Err(bad_value(
            "x",
            format!("point {}: not a finite number", i / d),
        ));
    }
    let at = m.at(t, prec).map_err(|e| refused(plan, e))?;
    coordinates
        .par_chunks(d)
        .map(|x| {
            let x: Vec<Interval> = x
                .iter()
                .map(|c| Interval::from_f64(*c, prec).expect("finite"))
                .collect();
            at.values(&x)
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| refused(plan, e))
}

/// What `field` gives for a one-dimensional plan.
#[derive(Debug, Clone)]
pub enum OneDimField {
    /// `p_t`, `F_t`, `v_t` at each point (exact or enclosed).
    Points(Vec<PointValues>),
    /// The atoms of `p_t` of a discrete plan, exactly.
    Atoms(Vec<AtomAt>),
}

/// `field` for a one-dimensional plan: the values at the points, or the
/// atoms of a discrete plan (which has no density at points: points are
/// refused there). `progress` is told how many points are done.
pub fn onedim_field(
    plan: &PlanFile,
    t: &Q,
    xs: Option<&[Q]>,
    prec: u32,
    progress: OnProgress<'_>,
) -> Result<OneDimField, CommandError> {
    let p = plan.onedim_or_reason().map_err(|why| refused(plan, why))?;
    let at = |e: OneDimError| refused(plan, e);
    match (p, xs) {
        (OneDimPlan::Discrete(_), None) => Ok(OneDimField::Atoms(p.atoms_at(t).map_err(at)?)),
        (OneDimPlan::Discrete(_), Some(_)) => Err(bad_value(
            "x",
            format!(
                "{} is a discrete plan: it has atoms, not a density at points (ask for its atoms, without points)",
                plan.name
            ),
        )),
        (_, None) => Err(bad_value(
            "x",
            format!(
                "missing: p_t, F_t, v_t of the {} plan {} are evaluated at points (for example 0, or the grid -4:4:9)",
                p.kind(),
                plan.name
            ),
        )),
        (_, Some(xs)) => {
            progress(Progress::Total(xs.len() as u64));
            let mut values = Vec::with_capacity(xs.len());
            // progress every 16 walks: values_at_many runs a block's walks in parallel
            for chunk in xs.chunks(16 * POINTS_PER_WALK) {
                values.extend(p.values_at_many(t, chunk, prec).map_err(at)?);
                progress(Progress::Done(chunk.len() as u64));
            }
            Ok(OneDimField::Points(values))
        }
    }
}

/// `transport`: `Phi_t(x) = F_t^{-1}(F_0(x))` at each point of a
/// one-dimensional plan, exact or enclosed; an error names the point, and
/// says when a higher precision may resolve it.
pub fn transport(
    plan: &PlanFile,
    t: &Q,
    xs: &[Q],
    prec: u32,
    progress: OnProgress<'_>,
) -> Result<Vec<Value>, CommandError> {
    let p = plan.onedim_or_reason().map_err(|why| refused(plan, why))?;
    progress(Progress::Total(xs.len() as u64));
    xs.iter()
        .map(|x| {
            progress(Progress::Done(1));
            crate::onedim::transport::transport(p, t, x, prec).map_err(|e| {
                let hint = if e.may_narrow() {
                    " (a higher prec may resolve it)"
                } else {
                    ""
                };
                refused(plan, format!("{}{hint}", e.at_point(x)))
            })
        })
        .collect()
}

/// `transport` in any dimension for a Gaussian plan or a mixture of them:
/// `Phi_t(x)` and `D Phi_t(x)` by validated integration at each point of
/// `D` coordinates (the points in parallel, each thread with its own
/// tapes); an error names the point.
pub fn flow_maps(
    plan: &PlanFile,
    t: &Q,
    points: &[Vec<Q>],
    prec: u32,
    progress: OnProgress<'_>,
) -> Result<Vec<crate::interval::ode::Flow>, CommandError> {
    use rayon::prelude::*;
    let m = mixture_of(plan)?;
    of_dimension(points, m.dim())?;
    progress(Progress::Total(points.len() as u64));
    points
        .par_iter()
        .enumerate()
        .map_init(
            || m.flow(prec),
            |flow, (i, x)| {
                let r = flow
                    .map(t, x)
                    .map_err(|e| refused(plan, format!("point {i}: {e}")));
                progress(Progress::Done(1));
                r
            },
        )
        .collect()
}

/// `invert`: the plan of a Gaussian field file, exactly; no Gaussian plan
/// (inconsistent samples, a covariance that is not positive semidefinite)
/// is the answer [`CommandError::NoGaussianPlan`].
pub fn invert(data: &GaussianFieldData, name: &str) -> Result<Inversion, CommandError> {
    data.invert().map_err(|e| match e {
        InversionError::TooLarge { .. } => CommandError::Refused(format!("{name}: {e}")),
        e => CommandError::NoGaussianPlan(format!("{name}: {e}")),
    })
}

/// `atlas`: the certified rows of degrees `0..=degree` in dimension `dim`;
/// `progress` is told of each block.
pub fn atlas(
    dim: usize,
    degree: u32,
    progress: OnProgress<'_>,
) -> Result<Vec<AtlasRow>, CommandError> {
    atlas::check_request(dim, degree).map_err(|e| bad_value("dim", e.to_string()))?;
    let blocks: usize = (0..=degree)
        .map(|k| atlas::table::block_count(dim, k))
        .sum();
    progress(Progress::Total(blocks as u64));
    Ok((0..=degree)
        .map(|k| atlas::certify_degree(dim, k, || progress(Progress::Done(1))))
        .collect())
}

/// The proof files of a `certify` or `appendix` request and the results of
/// their selected instances.
pub struct Certified {
    /// The proof files read (with their warnings).
    pub files: Vec<ProofFile>,
    /// One result per selected instance, in file order.
    pub results: Vec<InstanceResult>,
}

/// `certify`: reads the proof files under `paths`, selects the instances
/// (by `filter` on lemma or name, by `shard` `(i, n)`), runs them in
/// parallel; `progress` is told of each instance done. Selecting none is
/// bad input.
pub fn certify(
    paths: &[PathBuf],
    filter: Option<&str>,
    shard: Option<(usize, usize)>,
    progress: OnProgress<'_>,
) -> Result<Certified, CommandError> {
    let files = proof::load(paths)?;
    let instances = proof::select(&files, filter, shard);
    if instances.is_empty() {
        return Err(bad_value(
            "filter",
            format!(
                "no instance selected{}",
                filter.map_or(String::new(), |f| format!(" by `{f}`"))
            ),
        ));
    }
    progress(Progress::Total(instances.len() as u64));
    let results = proof::run_all(&instances, || progress(Progress::Done(1)));
    Ok(Certified { files, results })
}

/// `appendix`: certifies every instance of the proof files under `paths`
/// and writes the appendix into `out` (a draft, marked so, when `draft`);
/// the results and the files written.
pub fn appendix(
    paths: &[PathBuf],
    out: &std::path::Path,
    draft: bool,
    progress: OnProgress<'_>,
) -> Result<(Certified, Vec<PathBuf>), CommandError> {
    let files = proof::load(paths)?;
    let instances = proof::select(&files, None, None);
    progress(Progress::Total(instances.len() as u64));
    let results = proof::run_all(&instances, || progress(Progress::Done(1)));
    let written = crate::report::write_appendix(&files, &results, out, draft).map_err(|e| {
        CommandError::Refused(format!("{}: cannot write the appendix: {e}", out.display()))
    })?;
    Ok((Certified { files, results }, written))
}

/// A shard `i/n` with `1 <= i <= n`.
pub fn shard(text: &str) -> Result<(usize, usize), CommandError> {
    let bad = || bad_value("shard", format!("`{text}` is not i/n with 1 <= i <= n"));
    let (i, n) = text.split_once('/').ok_or_else(bad)?;
    let (i, n): (usize, usize) = (i.parse().map_err(|_| bad())?, n.parse().map_err(|_| bad())?);
    if i == 0 || i > n {
        return Err(bad());
    }
    Ok((i, n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_values_are_checked_with_one_wording() {
        let text = |e: CommandError| e.to_string();
        assert_eq!(
            text(precision(8).unwrap_err()),
            "<arguments>: field `prec`: 8 bits is outside 16 to 65536"
        );
        assert_eq!(
            text(time("3/2").unwrap_err()),
            "<arguments>: field `t`: t = 3/2 is outside [0, 1]"
        );
        assert!(text(digits(Some(0), Digits::Supported).unwrap_err()).contains("field `digits`"));
        assert!(point_budget(1_000_000, 65_536, Digits::Supported).is_err());
        assert_eq!(shard("2/3").unwrap(), (2, 3));
        assert!(shard("0/3").is_err() && shard("4/3").is_err() && shard("x").is_err());
        assert_eq!(CommandError::NoGaussianPlan(String::new()).status(), 1);
        assert_eq!(CommandError::Refused(String::new()).status(), 2);
    }
}
