//! The proof-file schema (DESIGN.md, "Proof files").
//!
//! ```toml
//! lemma = "gaussian-inverse"
//! statement = "The field at two times determines a Gaussian plan."
//! reference = "Section 2, Gaussian case"
//! tolerance = "0"            # default for the instances
//! [[instance]]
//! name = "rotation"
//! check = "gaussian-roundtrip"
//! plan = "../data/plans/rotation.toml"   # relative to this file, or an inline table
//! times = ["1/3", "3/4"]
//! expect = "certified"       # or "refuted" for a negative control
//! ```
//!
//! Every file is parsed whole before anything runs: an unknown key, an
//! unknown check kind, a bad number or a bad plan is an error naming the
//! file, the line and the field (exit status 2).

use crate::atlas::counterexample::Counterexample;
use crate::exact::{QMatrix, Q};
use crate::gaussian::plan::{read_matrix, read_vector};
use crate::gaussian::straight::optimal_plan;
use crate::gaussian::GaussianPlan;
use crate::input::{Document, Field, InputError, Table};
use crate::limits::{MAX_PRECISION_BITS, MIN_PRECISION_BITS};
use crate::onedim::OneDimPlan;
use std::path::{Path, PathBuf};

use super::verdict::Verdict;

/// The check kinds this checker knows, with the keys each takes.
pub const CHECK_KINDS: &[(&str, &[&str])] = &[
    ("gaussian-roundtrip", &["plan", "times", "with_sigma"]),
    ("gaussian-lyapunov", &["plan", "t", "a"]),
    ("gaussian-well-posed", &["plan"]),
    ("gaussian-single-time", &["plan", "t"]),
    ("density-only-witness", &["plan", "other"]),
    ("ot-straight-paths", &["plan", "m0", "m1", "s00", "map"]),
    ("deterministic-plan", &["plan"]),
    (
        "atlas-kernel",
        &["dim", "degree", "kernel_dim", "density_only_kernel_dim"],
    ),
    (
        "multidim-counterexample",
        &[
            "dim",
            "sigma2",
            "tau2",
            "eps",
            "power",
            "moment_degree",
            "lambda",
        ],
    ),
    ("transport-identity", &["plan", "t", "x", "map_of"]),
    ("flux-identity", &["plan", "t", "x", "field_of"]),
    (
        "flux-identity-box",
        &["plan", "t", "x", "field_of", "points"],
    ),
    ("flow-identity", &["plan", "t", "x", "field_of"]),
    ("same-map-different-fields", &["plan", "other", "x"]),
    ("field-separation", &["plan", "other"]),
    ("moment-recovery", &["plan", "degree", "source"]),
    ("exponential-moment", &["plan", "eps", "bound"]),
];

const COMMON_KEYS: &[&str] = &[
    "name",
    "check",
    "expect",
    "tolerance",
    "precision",
    "max_precision",
];

/// What an instance checks, with its data.
#[derive(Debug, Clone)]
pub enum CheckSpec {
    /// Plan -> field samples -> plan, uniquely and exactly.
    GaussianRoundtrip {
        /// The plan.
        plan: GaussianPlan,
        /// The sample times.
        times: Vec<Q>,
        /// Whether the samples carry `Sigma_t`.
        with_sigma: bool,
    },
    /// The Lyapunov identity (of the plan, or of a claimed `A` at `t`).
    GaussianLyapunov {
        /// The plan.
        plan: GaussianPlan,
        /// A claimed field matrix at a time.
        claimed: Option<(Q, QMatrix)>,
    },
    /// `Sigma_t` positive definite on `[0, 1]`.
    GaussianWellPosed {
        /// The plan.
        plan: GaussianPlan,
    },
    /// The field at one time determines the plan.
    GaussianSingleTime {
        /// The plan.
        plan: GaussianPlan,
        /// The time.
        t: Q,
    },
    /// Another plan with the same `p_t` and a different field exists.
    DensityOnlyWitness {
        /// The plan.
        plan: GaussianPlan,
        /// A proposed second plan (searched when absent).
        other: Option<GaussianPlan>,
    },
    /// The plan moves every particle on the straight line of `map`.
    OtStraightPaths {
        /// The plan.
        plan: GaussianPlan,
        /// The map `T`.
        map: QMatrix,
    },
    /// The plan is deterministic, hence the only one with its marginals and `v_0`.
    DeterministicPlan {
        /// The plan.
        plan: GaussianPlan,
    },
    /// The certified kernel dimensions equal the claimed ones.
    AtlasKernel {
        /// `D`.
        dim: usize,
        /// `k`.
        degree: u32,
        /// Claimed `dim Ker_{D,k}`.
        kernel_dim: u64,
        /// Claimed `dim I(V)_k`.
        density_only_kernel_dim: Option<u64>,
    },
    /// The counterexample of MATH.md section 5.
    MultidimCounterexample(Counterexample),
    /// `F_t(Phi_t(x)) = F_0(x)` at the points (`Phi` of `map_of` when given).
    TransportIdentity {
        /// The plan.
        plan: OneDimPlan,
        /// Whose map is used (the plan itself by default).
        map_of: Option<OneDimPlan>,
        /// The time.
        t: Q,
        /// The points.
        xs: Vec<Q>,
    },
    /// `d/dt F_t(x) + v_t(x) p_t(x) = 0` at every `(t, x)` of the grids.
    FluxIdentity {
        /// The plan.
        plan: OneDimPlan,
        /// Whose field is used (the plan itself by default).
        field_of: Option<OneDimPlan>,
        /// The times.
        ts: Vec<Q>,
        /// The points.
        xs: Vec<Q>,
    },
    /// `d/dt F_t(x) + v_t(x) p_t(x) = 0` on the whole box `[t0, t1] x [x0, x1]`.
    FluxIdentityBox {
        /// The plan.
        plan: OneDimPlan,
        /// Whose field is used (the plan itself by default).
        field_of: Option<OneDimPlan>,
        /// `[t0, t1]`, inside `[0, 1]`.
        t: (Q, Q),
        /// `[x0, x1]`.
        x: (Q, Q),
        /// Points per side of the pointwise cross-check grid.
        points: usize,
    },
    /// `d/dt Phi_t(x) = v_t(Phi_t(x))` at every `(t, x)` of the grids.
    FlowIdentity {
        /// The plan.
        plan: OneDimPlan,
        /// Whose field is used (the plan itself by default).
        field_of: Option<OneDimPlan>,
        /// The times.
        ts: Vec<Q>,
        /// The points.
        xs: Vec<Q>,
    },
    /// Same marginals, the same monotone map at the points, different fields.
    SameMapDifferentFields {
        /// The first plan.
        plan: OneDimPlan,
        /// The second plan.
        other: OneDimPlan,
        /// The points.
        xs: Vec<Q>,
    },
    /// The two fields differ at a certified rational `(t, x)`.
    FieldSeparation {
        /// The first plan.
        plan: OneDimPlan,
        /// The second plan.
        other: OneDimPlan,
    },
    /// Every mixed moment up to `degree` is recovered from the moments of `p_t`.
    MomentRecovery {
        /// The plan whose mixed moments are claimed.
        plan: OneDimPlan,
        /// Whose `p_t` supplies the moments (the plan itself by default).
        source: Option<OneDimPlan>,
        /// The largest degree.
        degree: u32,
    },
    /// `E exp(eps (|X0| + |X1|)) <= bound`.
    ExponentialMoment {
        /// The plan.
        plan: OneDimPlan,
        /// `eps > 0`.
        eps: Q,
        /// The claimed bound.
        bound: Q,
    },
}

/// One instance, ready to run.
#[derive(Debug, Clone)]
pub struct Instance {
    /// The lemma id of its file.
    pub lemma: String,
    /// Its name (unique in the file).
    pub name: String,
    /// The check kind.
    pub check: String,
    /// The data.
    pub spec: CheckSpec,
    /// The expected verdict.
    pub expect: Verdict,
    /// The tolerance.
    pub tolerance: Q,
    /// The starting precision (interval checks).
    pub precision: u32,
    /// The largest precision.
    pub max_precision: u32,
    /// The file.
    pub file: PathBuf,
}

/// A parsed proof file.
#[derive(Debug, Clone)]
pub struct ProofFile {
    /// The file.
    pub path: PathBuf,
    /// The lemma id.
    pub lemma: String,
    /// The one-sentence statement.
    pub statement: String,
    /// Where it stands in the paper.
    pub reference: String,
    /// The instances.
    pub instances: Vec<Instance>,
}

fn precision(f: Option<Field<'_>>, default: u32) -> Result<u32, InputError> {
    let Some(f) = f else { return Ok(default) };
    let q = f.number()?;
    let ok = q.is_integer()
        && q >= Q::from_integer(MIN_PRECISION_BITS.into())
        && q <= Q::from_integer(MAX_PRECISION_BITS.into());
    if !ok {
        return Err(f.error(format!(
            "a precision is an integer number of bits from {MIN_PRECISION_BITS} to {MAX_PRECISION_BITS}"
        )));
    }
    Ok(q.to_integer().try_into().expect("bounded"))
}

fn tolerance(f: Option<Field<'_>>, default: &Q) -> Result<Q, InputError> {
    let Some(f) = f else {
        return Ok(default.clone());
    };
    let q = f.number()?;
    if q < Q::from_integer(0.into()) {
        return Err(f.error("a tolerance is a number >= 0"));
    }
    Ok(q)
}

fn small_integer(f: &Field<'_>, lo: u64, hi: u64) -> Result<u64, InputError> {
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
fn plan_from<T>(
    f: &Field<'_>,
    base: &Path,
    read: fn(&Table<'_>) -> Result<T, InputError>,
) -> Result<T, InputError> {
    if let Ok(path) = f.string() {
        let full = base.join(path);
        let doc = Document::read(&full)
            .map_err(|e| f.error(format!("plan file {}: {}", full.display(), e.message)))?;
        return read(&doc.root()).map_err(|e| f.error(format!("in the plan file: {e}")));
    }
    read(&f.table()?)
}

fn plan(f: &Field<'_>, base: &Path) -> Result<GaussianPlan, InputError> {
    plan_from(f, base, GaussianPlan::from_table)
}

fn onedim_plan(f: &Field<'_>, base: &Path) -> Result<OneDimPlan, InputError> {
    plan_from(f, base, OneDimPlan::from_table)
}

/// Points: a grid `"a:b:n"`, or an array of numbers.
fn points(f: &Field<'_>) -> Result<Vec<Q>, InputError> {
    let xs = match f.string() {
        Ok(text) => {
            crate::input::cli_values::grid(f.path(), text).map_err(|e| f.error(e.message))?
        }
        Err(_) => f.vector()?,
    };
    if xs.is_empty() || xs.len() > 10_000 {
        return Err(f.error("expected 1 to 10000 points"));
    }
    Ok(xs)
}

fn times(f: &Field<'_>) -> Result<Vec<Q>, InputError> {
    let items = f.array()?;
    if items.is_empty() || items.len() > crate::limits::MAX_FIELD_SAMPLES {
        return Err(f.error(format!(
            "expected 1 to {} times",
            crate::limits::MAX_FIELD_SAMPLES
        )));
    }
    items.iter().map(time).collect()
}

fn time(f: &Field<'_>) -> Result<Q, InputError> {
    let t = f.number()?;
    if t < Q::from_integer(0.into()) || t > Q::from_integer(1.into()) {
        return Err(f.error("t must lie in [0, 1]"));
    }
    Ok(t)
}

/// The optional `field_of` plan.
fn other_field(t: &Table<'_>, base: &Path) -> Result<Option<OneDimPlan>, InputError> {
    t.get("field_of").map(|f| onedim_plan(&f, base)).transpose()
}

/// `(plan, field_of, ts, xs)` of a pointwise identity.
type PointwiseData = (OneDimPlan, Option<OneDimPlan>, Vec<Q>, Vec<Q>);

/// `plan`, `field_of` and the grids `t` (inside `(0, 1)` when `open`, else
/// `[0, 1]`) and `x` of the pointwise identities, at most 100,000 points.
fn grids_in_time_and_space(
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
    if ts.len() * xs.len() > 100_000 {
        return Err(tf.error("at most 100000 points (t, x)"));
    }
    Ok((
        onedim_plan(&t.require("plan")?, base)?,
        other_field(t, base)?,
        ts,
        xs,
    ))
}

fn spec(kind: &str, t: &Table<'_>, base: &Path) -> Result<CheckSpec, InputError> {
    let plan_of = |key: &str| -> Result<GaussianPlan, InputError> { plan(&t.require(key)?, base) };
    Ok(match kind {
        "gaussian-roundtrip" => CheckSpec::GaussianRoundtrip {
            plan: plan_of("plan")?,
            times: times(&t.require("times")?)?,
            with_sigma: match t.get("with_sigma") {
                None => false,
                Some(f) => match f.string() {
                    Ok("yes") => true,
                    Ok("no") => false,
                    _ => return Err(f.error("expected \"yes\" or \"no\"")),
                },
            },
        },
        "gaussian-lyapunov" => {
            let plan = plan_of("plan")?;
            let claimed = match (t.get("t"), t.get("a")) {
                (None, None) => None,
                (Some(tf), Some(af)) => {
                    let a = read_matrix(&af)?;
                    if a.rows() != plan.dim() || a.cols() != plan.dim() {
                        return Err(af.error(format!("expected a {0}x{0} matrix", plan.dim())));
                    }
                    Some((time(&tf)?, a))
                }
                _ => return Err(t.error("give both `t` and `a`, or neither")),
            };
            CheckSpec::GaussianLyapunov { plan, claimed }
        }
        "gaussian-well-posed" => CheckSpec::GaussianWellPosed {
            plan: plan_of("plan")?,
        },
        "gaussian-single-time" => CheckSpec::GaussianSingleTime {
            plan: plan_of("plan")?,
            t: time(&t.require("t")?)?,
        },
        "density-only-witness" => CheckSpec::DensityOnlyWitness {
            plan: plan_of("plan")?,
            other: t.get("other").map(|f| plan(&f, base)).transpose()?,
        },
        "ot-straight-paths" => {
            let map_field = t.require("map")?;
            let map = read_matrix(&map_field)?;
            let plan = match t.get("plan") {
                Some(f) => plan(&f, base)?,
                None => {
                    let m0 = read_vector(&t.require("m0")?)?;
                    let m1 = read_vector(&t.require("m1")?)?;
                    let s00 = read_matrix(&t.require("s00")?)?;
                    optimal_plan(m0, m1, s00, &map).map_err(|e| map_field.error(e.to_string()))?
                }
            };
            if map.rows() != plan.dim() || map.cols() != plan.dim() {
                return Err(map_field.error(format!("expected a {0}x{0} matrix", plan.dim())));
            }
            CheckSpec::OtStraightPaths { plan, map }
        }
        "deterministic-plan" => CheckSpec::DeterministicPlan {
            plan: plan_of("plan")?,
        },
        "atlas-kernel" => {
            let dim = small_integer(
                &t.require("dim")?,
                1,
                crate::limits::MAX_ATLAS_DIMENSION as u64,
            )? as usize;
            let degree_field = t.require("degree")?;
            let degree =
                small_integer(&degree_field, 0, u64::from(crate::limits::MAX_ATLAS_DEGREE))? as u32;
            crate::atlas::check_request(dim, degree)
                .map_err(|e| degree_field.error(e.to_string()))?;
            CheckSpec::AtlasKernel {
                dim,
                degree,
                kernel_dim: small_integer(&t.require("kernel_dim")?, 0, u64::MAX >> 1)?,
                density_only_kernel_dim: t
                    .get("density_only_kernel_dim")
                    .map(|f| small_integer(&f, 0, u64::MAX >> 1))
                    .transpose()?,
            }
        }
        "multidim-counterexample" => {
            let mut c = Counterexample::paper_instance();
            if let Some(f) = t.get("dim") {
                c.dim = small_integer(&f, 2, 4)? as usize;
            }
            for (key, slot) in [
                ("sigma2", &mut c.sigma2),
                ("tau2", &mut c.tau2),
                ("eps", &mut c.eps),
                ("lambda", &mut c.lambda),
            ] {
                if let Some(f) = t.get(key) {
                    *slot = f.number()?;
                }
            }
            if let Some(f) = t.get("power") {
                c.power = small_integer(&f, 1, 2)? as u32;
            }
            if let Some(f) = t.get("moment_degree") {
                c.moment_degree = small_integer(&f, 0, 12)? as u32;
            }
            CheckSpec::MultidimCounterexample(c)
        }
        "transport-identity" => CheckSpec::TransportIdentity {
            plan: onedim_plan(&t.require("plan")?, base)?,
            map_of: t.get("map_of").map(|f| onedim_plan(&f, base)).transpose()?,
            t: match t.get("t") {
                Some(f) => time(&f)?,
                None => Q::from_integer(1.into()),
            },
            xs: points(&t.require("x")?)?,
        },
        "flux-identity" => {
            let (plan, field_of, ts, xs) = grids_in_time_and_space(t, base, true)?;
            CheckSpec::FluxIdentity {
                plan,
                field_of,
                ts,
                xs,
            }
        }
        "flux-identity-box" => {
            let range = |key: &str| -> Result<(Q, Q), InputError> {
                let f = t.require(key)?;
                let v = f.vector()?;
                if v.len() != 2 || v[0] > v[1] {
                    return Err(f.error("expected [lo, hi] with lo <= hi"));
                }
                Ok((v[0].clone(), v[1].clone()))
            };
            let tf = t.require("t")?;
            let times = range("t")?;
            if times.0 < Q::from_integer(0.into()) || times.1 > Q::from_integer(1.into()) {
                return Err(tf.error("the times must lie in [0, 1]"));
            }
            CheckSpec::FluxIdentityBox {
                plan: onedim_plan(&t.require("plan")?, base)?,
                field_of: other_field(t, base)?,
                t: times,
                x: range("x")?,
                points: match t.get("points") {
                    Some(f) => small_integer(&f, 2, 64)? as usize,
                    None => 8,
                },
            }
        }
        "flow-identity" => {
            let (plan, field_of, ts, xs) = grids_in_time_and_space(t, base, false)?;
            CheckSpec::FlowIdentity {
                plan,
                field_of,
                ts,
                xs,
            }
        }
        "same-map-different-fields" => CheckSpec::SameMapDifferentFields {
            plan: onedim_plan(&t.require("plan")?, base)?,
            other: onedim_plan(&t.require("other")?, base)?,
            xs: points(&t.require("x")?)?,
        },
        "field-separation" => CheckSpec::FieldSeparation {
            plan: onedim_plan(&t.require("plan")?, base)?,
            other: onedim_plan(&t.require("other")?, base)?,
        },
        "moment-recovery" => CheckSpec::MomentRecovery {
            plan: onedim_plan(&t.require("plan")?, base)?,
            source: t.get("source").map(|f| onedim_plan(&f, base)).transpose()?,
            degree: small_integer(&t.require("degree")?, 1, 16)? as u32,
        },
        "exponential-moment" => {
            let eps_field = t.require("eps")?;
            let eps = eps_field.number()?;
            if eps <= Q::from_integer(0.into()) || eps > Q::from_integer(100.into()) {
                return Err(eps_field.error("eps must lie in (0, 100]"));
            }
            CheckSpec::ExponentialMoment {
                plan: onedim_plan(&t.require("plan")?, base)?,
                eps,
                bound: t.require("bound")?.number()?,
            }
        }
        _ => unreachable!("kinds are checked against CHECK_KINDS first"),
    })
}

/// Parses a proof file whole.
pub fn read_proof_file(path: &Path) -> Result<ProofFile, InputError> {
    let doc = Document::read(path)?;
    proof_file(&doc, path)
}

/// Parses the text of a proof file whole; `path` names it in errors, and
/// plan paths in it are read relative to its folder.
pub fn parse_proof_file(path: &Path, text: String) -> Result<ProofFile, InputError> {
    let doc = Document::parse(&path.display().to_string(), text)?;
    proof_file(&doc, path)
}

fn proof_file(doc: &Document, path: &Path) -> Result<ProofFile, InputError> {
    let root = doc.root();
    root.deny_unknown_keys(&[
        "lemma",
        "statement",
        "reference",
        "tolerance",
        "precision",
        "max_precision",
        "instance",
    ])?;
    let lemma = root.require("lemma")?.string()?.to_string();
    let statement = root.require("statement")?.string()?.to_string();
    let reference = root.require("reference")?.string()?.to_string();
    let zero = Q::from_integer(0.into());
    let default_tol = tolerance(root.get("tolerance"), &zero)?;
    let default_prec = precision(root.get("precision"), 64)?;
    let default_max = precision(root.get("max_precision"), 1024)?;
    let base = path.parent().unwrap_or(Path::new("."));
    let mut instances = Vec::new();
    let instance_field = root.require("instance")?;
    for t in instance_field.tables()? {
        let check_field = t.require("check")?;
        let kind = check_field.string()?;
        let Some((_, keys)) = CHECK_KINDS.iter().find(|(k, _)| *k == kind) else {
            let known: Vec<&str> = CHECK_KINDS.iter().map(|(k, _)| *k).collect();
            return Err(check_field.error(format!(
                "unknown check kind `{kind}`; expected one of: {}",
                known.join(", ")
            )));
        };
        let allowed: Vec<&str> = COMMON_KEYS.iter().chain(keys.iter()).copied().collect();
        t.deny_unknown_keys(&allowed)?;
        let name_field = t.require("name")?;
        let name = name_field.string()?.to_string();
        if instances.iter().any(|i: &Instance| i.name == name) {
            return Err(
                name_field.error(format!("instance name `{name}` is used twice in this file"))
            );
        }
        let expect = match t.get("expect") {
            None => Verdict::Certified,
            Some(f) => match f.string()? {
                "certified" => Verdict::Certified,
                "refuted" => Verdict::Refuted,
                "inconclusive" => Verdict::Inconclusive,
                _ => return Err(f.error("expected \"certified\", \"refuted\" or \"inconclusive\"")),
            },
        };
        let prec = precision(t.get("precision"), default_prec)?;
        let max = precision(t.get("max_precision"), default_max)?;
        if prec > max {
            return Err(t.error("precision is above max_precision"));
        }
        instances.push(Instance {
            lemma: lemma.clone(),
            name,
            check: kind.to_string(),
            spec: spec(kind, &t, base)?,
            expect,
            tolerance: tolerance(t.get("tolerance"), &default_tol)?,
            precision: prec,
            max_precision: max,
            file: path.to_path_buf(),
        });
    }
    Ok(ProofFile {
        path: path.to_path_buf(),
        lemma,
        statement,
        reference,
        instances,
    })
}
