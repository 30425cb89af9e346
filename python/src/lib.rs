//! `ifm_check._native`: the engine as a Python extension module (PyO3).
//!
//! The boundary is deliberately narrow: numbers cross it as exact rational
//! strings (`"-3/7"`), plans as plan-file text (parsed by the same code and
//! with the same errors as the command line), results as JSON documents
//! that `ifm_check/__init__.py` turns into `Fraction`s and `Interval`s. An
//! interval crosses with its exact binary ends (`"p/q"`, `q` a power of
//! two) beside its outward-rounded decimals, so Python holds exactly what
//! was computed.
//!
//! No panic crosses into Python: every entry point runs under
//! `catch_unwind` and a panic becomes an `IfmError`.

use ifm_check::commands::{self, plan_file::PlanFile, CommandError, OneDimField};
use ifm_check::exact::{format_rational, Q};
use ifm_check::gaussian::GaussianFieldData;
use ifm_check::input::Document;
use ifm_check::interval::Interval;
use ifm_check::onedim::Value as OneDimValue;
use ifm_check::output;
use ifm_check::proof;
use ifm_check::proof::wire;
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use serde_json::{json, Value};
use std::path::PathBuf;

create_exception!(ifm_check, IfmError, PyException, "An ifm-check error.");
create_exception!(
    ifm_check,
    InputError,
    IfmError,
    "Bad input: the message names the file (or the Python constructor), the line and the field."
);
create_exception!(
    ifm_check,
    NoGaussianPlan,
    IfmError,
    "No Gaussian plan has the given field samples; the message says why."
);

/// Runs `f`, turning a panic into an `IfmError` (never a crash of the
/// interpreter).
fn guarded<T>(f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(result) => result,
        Err(payload) => {
            let what = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "unknown".into());
            Err(IfmError::new_err(format!(
                "internal error (a panic): {what}"
            )))
        }
    }
}

fn input_error(e: impl std::fmt::Display) -> PyErr {
    InputError::new_err(e.to_string())
}

/// A front-door error as the Python exception of its kind, with the same
/// text as the command line's.
fn command_error(e: CommandError) -> PyErr {
    match e {
        CommandError::Input(_) => InputError::new_err(e.to_string()),
        CommandError::Refused(_) => IfmError::new_err(e.to_string()),
        CommandError::NoGaussianPlan(_) => NoGaussianPlan::new_err(e.to_string()),
    }
}

/// A JSON array of numbers (strings) or of arrays of them: points of the
/// request value `what`, read with the front door's words.
fn points(what: &str, text: &str) -> PyResult<Vec<Vec<Q>>> {
    let bad = |message: String| command_error(commands::bad_value(what, message));
    let doc: Value = serde_json::from_str(text).map_err(|e| bad(e.to_string()))?;
    let Value::Array(items) = doc else {
        return Err(bad("expected a list".into()));
    };
    if items.len() > ifm_check::limits::MAX_GRID_POINTS {
        return Err(bad(format!(
            "more than {} points",
            ifm_check::limits::MAX_GRID_POINTS
        )));
    }
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let coords: Vec<&Value> = match item {
                Value::Array(c) => c.iter().collect(),
                other => vec![other],
            };
            coords
                .into_iter()
                .map(|c| match c.as_str() {
                    Some(s) => commands::number(what, s).map_err(command_error),
                    None => Err(bad(format!("point {i}: expected a number"))),
                })
                .collect()
        })
        .collect()
}

/// The first coordinate of each point (one-dimensional requests).
fn firsts(points: Vec<Vec<Q>>) -> Vec<Q> {
    points.into_iter().map(|mut v| v.swap_remove(0)).collect()
}

/// A precision, and the points' budget at it.
fn budget(points: usize, prec: u32) -> PyResult<u32> {
    let prec = commands::precision(prec).map_err(command_error)?;
    commands::point_budget(points, prec, wire::Digits::Supported).map_err(command_error)?;
    Ok(prec)
}

/// A time `t` in `[0, 1]`.
fn time(t: &str) -> PyResult<Q> {
    commands::time(t).map_err(command_error)
}

/// A finite float exactly, as `"m*2^e"` with `m` in hexadecimal (cheap to
/// write and to read back); `None` for an infinite end.
fn dyadic(x: &rug::Float) -> Option<String> {
    let (m, e) = x.to_integer_exp()?;
    Some(format!("{m:x}*2^{e}"))
}

/// An interval with its exact binary ends: `{"lo": "m*2^e", "hi": ...}`.
fn interval(x: &Interval) -> Value {
    json!({"lo": dyadic(x.lo()), "hi": dyadic(x.hi())})
}

/// A one-dimensional value: `{"exact": "p/q"}` or an interval.
fn value(v: &OneDimValue) -> Value {
    match v {
        OneDimValue::Exact(q) => json!({"exact": format_rational(q)}),
        OneDimValue::Enclosure(x) => interval(x),
    }
}

fn to_json(v: &Value) -> String {
    serde_json::to_string(v).expect("serializable")
}

/// A plan: Gaussian in any dimension, or a one-dimensional family.
#[pyclass(frozen, module = "ifm_check._native")]
struct Plan {
    inner: PlanFile,
}

#[pymethods]
impl Plan {
    /// Parses plan-file text; `name` names it in errors.
    #[staticmethod]
    fn parse(name: &str, text: String) -> PyResult<Plan> {
        guarded(|| {
            PlanFile::parse(name, text)
                .map(|inner| Plan { inner })
                .map_err(input_error)
        })
    }

    /// Reads a plan file.
    #[staticmethod]
    fn read(path: PathBuf) -> PyResult<Plan> {
        guarded(|| {
            PlanFile::read(&path)
                .map(|inner| Plan { inner })
                .map_err(input_error)
        })
    }

    #[getter]
    fn kind(&self) -> &'static str {
        self.inner.kind()
    }

    #[getter]
    fn dim(&self) -> usize {
        self.inner.dim()
    }

    /// The plan as JSON, numbers exact (`{"kind", ...}` as in a plan file).
    fn to_json(&self) -> String {
        let doc = match (&self.inner.gaussian, &self.inner.onedim) {
            (Some(g), _) => {
                let mut v = json!({"kind": "gaussian"});
                let fields = wire::gaussian_plan(g);
                for (k, x) in fields.as_object().expect("an object") {
                    v[k] = x.clone();
                }
                v
            }
            (None, Some(p)) => wire::onedim_plan(p),
            (None, None) => self
                .inner
                .mixture
                .as_ref()
                .map_or(Value::Null, wire::gaussian_mixture),
        };
        to_json(&doc)
    }

    /// The exact field of a Gaussian plan at `t` (`m_t`, `sigma_t`, `a_t`,
    /// `b_t`, and `v_t` at the points), or `singular`.
    fn gaussian_field(&self, t: &str, points_json: &str) -> PyResult<String> {
        guarded(|| {
            let t = time(t)?;
            let pts = points("x", points_json)?;
            let at = commands::gaussian_field(&self.inner, &t, &pts).map_err(command_error)?;
            let mut doc = output::gaussian_field(at.plan, &t, at.field.as_ref(), &[]);
            if at.field.is_ok() {
                let v: Vec<Value> = at.velocities.iter().map(|v| wire::vector(v)).collect();
                doc.insert("v_t".into(), Value::Array(v));
            }
            Ok(to_json(&Value::Object(doc)))
        })
    }

    /// `p_t`, `F_t`, `v_t` at the points (a one-dimensional plan).
    fn values(&self, t: &str, xs_json: &str, prec: u32) -> PyResult<String> {
        guarded(|| {
            let t = time(t)?;
            let xs = firsts(points("x", xs_json)?);
            let prec = budget(xs.len(), prec)?;
            let field = commands::onedim_field(&self.inner, &t, Some(&xs), prec, &|_| {})
                .map_err(command_error)?;
            let OneDimField::Points(values) = field else {
                unreachable!("points were given")
            };
            let doc: Vec<Value> = values
                .iter()
                .map(|v| json!({"p_t": value(&v.p), "f_t": value(&v.f), "v_t": value(&v.v)}))
                .collect();
            Ok(to_json(&Value::Array(doc)))
        })
    }

    /// The atoms of `p_t` of a discrete plan: position, mass, field.
    fn atoms(&self, t: &str) -> PyResult<String> {
        guarded(|| {
            let t = time(t)?;
            let field = commands::onedim_field(&self.inner, &t, None, 64, &|_| {})
                .map_err(command_error)?;
            let OneDimField::Atoms(atoms) = field else {
                unreachable!("no points were given")
            };
            let doc: Vec<Value> = atoms
                .iter()
                .map(|a| json!({"x": format_rational(&a.x), "mass": format_rational(&a.mass), "v_t": format_rational(&a.v)}))
                .collect();
            Ok(to_json(&Value::Array(doc)))
        })
    }

    /// Enclosures of `Phi_t(x) = F_t^{-1}(F_0(x))` at the points.
    fn transport(&self, t: &str, xs_json: &str, prec: u32) -> PyResult<String> {
        guarded(|| {
            let t = time(t)?;
            let xs = firsts(points("x", xs_json)?);
            let prec = budget(xs.len(), prec)?;
            let phis =
                commands::transport(&self.inner, &t, &xs, prec, &|_| {}).map_err(command_error)?;
            Ok(to_json(&Value::Array(phis.iter().map(value).collect())))
        })
    }

    /// `Phi_t(x)`, `D Phi_t(x)` and the number of steps at points of `D`
    /// coordinates, by validated integration (JSON).
    fn flow_maps(&self, t: &str, points_json: &str, prec: u32) -> PyResult<String> {
        guarded(|| {
            let t = time(t)?;
            let pts = points("x", points_json)?;
            let prec = budget(pts.len(), prec)?;
            let flows =
                commands::flow_maps(&self.inner, &t, &pts, prec, &|_| {}).map_err(command_error)?;
            let many = |v: &[Interval]| Value::Array(v.iter().map(interval).collect());
            let doc: Vec<Value> = flows
                .iter()
                .map(|f| {
                    json!({"phi": many(&f.end),
                           "jacobian": f.jacobian.iter().map(|r| many(r)).collect::<Vec<_>>(),
                           "steps": f.steps.len()})
                })
                .collect();
            Ok(to_json(&Value::Array(doc)))
        })
    }

    /// `p_t`, `d/dt p_t`, `grad p_t`, `v_t` and `div v_t` of a mixture of
    /// Gaussian plans (a Gaussian plan is one) at points of `D`
    /// coordinates, enclosed (JSON).
    fn mixture_values(&self, t: &str, points_json: &str, prec: u32) -> PyResult<String> {
        guarded(|| {
            let t = time(t)?;
            let pts = points("x", points_json)?;
            let prec = budget(pts.len(), prec)?;
            let values = commands::mixture_field(&self.inner, &t, &pts, prec, &|_| {})
                .map_err(command_error)?;
            let many = |v: &[Interval]| Value::Array(v.iter().map(interval).collect());
            let doc: Vec<Value> = values
                .iter()
                .map(|v| {
                    json!({"p_t": interval(&v.density), "dt_p_t": interval(&v.time_derivative),
                           "grad_p_t": many(&v.gradient), "v_t": many(&v.velocity),
                           "div_v_t": interval(&v.divergence)})
                })
                .collect();
            Ok(to_json(&Value::Array(doc)))
        })
    }

    /// [`Plan::mixture_values`] at points given as little-endian binary64
    /// bytes (`D` per point, each the rational it is); per point, the pairs
    /// `(lo, hi)` rounded outward of `p_t`, `d/dt p_t`, `div v_t`, then the
    /// `D` of `v_t` and the `D` of `grad p_t`, as bytes.
    fn mixture_values_floats(
        &self,
        py: Python<'_>,
        t: &str,
        points: &[u8],
        prec: u32,
    ) -> PyResult<Py<PyBytes>> {
        guarded(|| {
            let t = time(t)?;
            let xs: Vec<f64> = points
                .chunks_exact(8)
                .map(|c| f64::from_le_bytes(c.try_into().expect("8 bytes")))
                .collect();
            let prec = budget(xs.len() / self.inner.dim().max(1), prec)?;
            let values = commands::mixture_field_of_floats(&self.inner, &t, &xs, prec)
                .map_err(command_error)?;
            let mut bytes = Vec::new();
            for v in &values {
                let scalars = [&v.density, &v.time_derivative, &v.divergence];
                for x in scalars.into_iter().chain(&v.velocity).chain(&v.gradient) {
                    let (lo, hi) = x.to_f64_outward();
                    bytes.extend(lo.to_le_bytes().into_iter().chain(hi.to_le_bytes()));
                }
            }
            Ok(PyBytes::new(py, &bytes).unbind())
        })
    }

    /// A certified enclosure of `max_i |model_i - v_t(x_i)|` (JSON) and
    /// the per-point enclosures as little-endian binary64 pairs `(lo, hi)`
    /// rounded outward.
    fn field_distance(
        &self,
        py: Python<'_>,
        t: &str,
        points_json: &str,
        model_json: &str,
        prec: u32,
    ) -> PyResult<(String, Py<PyBytes>)> {
        guarded(|| {
            let t = time(t)?;
            let pts = points("x", points_json)?;
            let prec = budget(pts.len(), prec)?;
            let model = points("velocity_fn(xs)", model_json)?;
            let d = commands::field_distance::field_distance(&self.inner, &t, &pts, &model, prec)
                .map_err(|e| IfmError::new_err(e.to_string()))?;
            Ok(distance_result(py, &d))
        })
    }

    /// [`Plan::field_distance`] of points and model values given as
    /// little-endian binary64 bytes (`D` per point), each the rational it is.
    fn field_distance_floats(
        &self,
        py: Python<'_>,
        t: &str,
        points: &[u8],
        model: &[u8],
        prec: u32,
    ) -> PyResult<(String, Py<PyBytes>)> {
        guarded(|| {
            let t = time(t)?;
            let floats = |b: &[u8]| -> Vec<f64> {
                b.chunks_exact(8)
                    .map(|c| f64::from_le_bytes(c.try_into().expect("8 bytes")))
                    .collect()
            };
            let (xs, us) = (floats(points), floats(model));
            let prec = budget(xs.len() / self.inner.dim().max(1), prec)?;
            let d =
                commands::field_distance::field_distance_of_floats(&self.inner, &t, &xs, &us, prec)
                    .map_err(|e| IfmError::new_err(e.to_string()))?;
            Ok(distance_result(py, &d))
        })
    }
}

/// The summary of a field distance as JSON, and its per-point enclosures as bytes.
fn distance_result(
    py: Python<'_>,
    d: &commands::field_distance::FieldDistance,
) -> (String, Py<PyBytes>) {
    let bytes: Vec<u8> = d
        .per_point
        .iter()
        .flat_map(|e| {
            let (lo, hi) = e.to_f64_outward();
            lo.to_le_bytes().into_iter().chain(hi.to_le_bytes())
        })
        .collect();
    (
        to_json(&json!({
            "largest": interval(&d.largest),
            "worst": d.worst,
            "field_at_worst": d.field_at_worst.iter().map(interval).collect::<Vec<_>>(),
        })),
        PyBytes::new(py, &bytes).unbind(),
    )
}

/// Inverts a field file's text (`m0`, `m1`, `s00`, `s11`, `[[sample]]`).
#[pyfunction]
fn invert(name: &str, text: String) -> PyResult<String> {
    guarded(|| {
        let doc = Document::parse(name, text).map_err(input_error)?;
        let data = GaussianFieldData::from_table(&doc.root()).map_err(input_error)?;
        let result = commands::invert(&data, doc.name()).map_err(command_error)?;
        let (m0, m1, s00, s11) = data.end_laws();
        Ok(to_json(&output::inversion(&result, m0, m1, s00, s11)))
    })
}

/// The plans consistent with observations within `tolerance`: end laws as
/// TOML text (`m0`, `m1`, `s00`, `s11`), observations as a JSON array of
/// `[t, [x...], [v...]]` (exact rational strings); the `invert --samples`
/// document, with its exact rationals.
#[pyfunction]
fn consistent_plans(
    ends_text: String,
    observations_json: &str,
    tolerance: &str,
) -> PyResult<String> {
    use ifm_check::gaussian::consistent::end_laws_from_table;
    use ifm_check::input::observations::Observation;
    guarded(|| {
        let name = "consistent_plans(...)";
        let doc = Document::parse(name, ends_text).map_err(input_error)?;
        let ends = end_laws_from_table(&doc.root()).map_err(input_error)?;
        let bad = |m: String| command_error(commands::bad_value("observations", m));
        let rows: Vec<(String, Vec<String>, Vec<String>)> =
            serde_json::from_str(observations_json).map_err(|e| bad(e.to_string()))?;
        let number = |text: &str| commands::number("observations", text).map_err(command_error);
        let rows = rows
            .iter()
            .map(|(t, x, v)| {
                Ok(Observation {
                    t: number(t)?,
                    x: x.iter().map(|c| number(c)).collect::<PyResult<_>>()?,
                    v: v.iter().map(|c| number(c)).collect::<PyResult<_>>()?,
                })
            })
            .collect::<PyResult<Vec<_>>>()?;
        let obs = commands::consistent::observed(ends, rows, name).map_err(command_error)?;
        let tolerance = commands::consistent::tolerance(tolerance).map_err(command_error)?;
        let result = commands::consistent::consistent_plans(&obs, &tolerance, name)
            .map_err(command_error)?;
        Ok(to_json(&output::consistent_plans(&result)))
    })
}

/// Certified atlas rows for degrees `0..=degree` in dimension `dim`.
#[pyfunction]
fn atlas(dim: usize, degree: u32) -> PyResult<String> {
    guarded(|| {
        let rows = commands::atlas(dim, degree, &|_| {}).map_err(command_error)?;
        Ok(to_json(&output::atlas(dim, &rows)))
    })
}

/// Certifies every instance of the proof files under the paths: the
/// certificate document (schema 3), and whether every instance met its
/// expectation.
#[pyfunction]
fn certify(paths: Vec<PathBuf>) -> PyResult<String> {
    guarded(|| {
        let commands::Certified { files, results } =
            commands::certify(&paths, None, None, &|_| {}).map_err(command_error)?;
        let mut doc = proof::certificates(&results, false);
        doc["all_as_expected"] = json!(results.iter().all(|r| r.as_expected()));
        doc["warnings"] = json!(files
            .iter()
            .flat_map(|f| f.warnings.clone())
            .collect::<Vec<_>>());
        Ok(to_json(&doc))
    })
}

/// Re-checks a certificate document with the independent verifier:
/// `[{"name", "ok", "reason"}]`.
#[pyfunction]
fn verify(text: &str) -> PyResult<String> {
    guarded(|| {
        let report = ifm_verify::verify_document(text).map_err(input_error)?;
        let doc: Vec<Value> = report
            .iter()
            .map(|(name, r)| json!({"name": name, "ok": r.is_ok(), "reason": r.as_ref().err()}))
            .collect();
        Ok(to_json(&Value::Array(doc)))
    })
}

/// A number's text (`"1/3"`, `"0.1"`, `"1e-3"`) as the exact rational
/// `"p/q"` it denotes, read by the engine with its limits (10,000
/// characters, exponents up to 10,000); `what` names it in errors.
#[pyfunction]
fn parse_number(text: &str, what: &str) -> PyResult<String> {
    guarded(|| {
        commands::number(what, text)
            .map(|q| format_rational(&q))
            .map_err(command_error)
    })
}

/// The checker's version.
#[pyfunction]
fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Plan>()?;
    m.add_function(wrap_pyfunction!(invert, m)?)?;
    m.add_function(wrap_pyfunction!(consistent_plans, m)?)?;
    m.add_function(wrap_pyfunction!(atlas, m)?)?;
    m.add_function(wrap_pyfunction!(certify, m)?)?;
    m.add_function(wrap_pyfunction!(verify, m)?)?;
    m.add_function(wrap_pyfunction!(version, m)?)?;
    m.add_function(wrap_pyfunction!(parse_number, m)?)?;
    m.add("IfmError", m.py().get_type::<IfmError>())?;
    m.add("InputError", m.py().get_type::<InputError>())?;
    m.add("NoGaussianPlan", m.py().get_type::<NoGaussianPlan>())?;
    Ok(())
}
