//! JSON and text renderings of results, as docs/file-formats.md fixes them.
//!
//! Encoding: an exact rational is a string (`"-3/7"`, `"5"`); an interval
//! is `{"lo": ..., "hi": ...}` with decimal ends rounded outward; a matrix is
//! an array of rows. Key order is fixed (insertion order) so that output is
//! byte-for-byte reproducible.

use crate::atlas::{closed_form_density_only, closed_form_kernel, AtlasRow};
use crate::exact::{format_rational, QMatrix};
use crate::gaussian::{FieldAt, GaussianPlan, Inversion};
use crate::interval::Interval;
use num_rational::BigRational;
use serde_json::{json, Map, Value};

/// How many significant digits printed interval ends carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Digits {
    /// As many as the enclosure supports: its precision's digits, no more
    /// than its width justifies ([`Interval::supported_digits`]).
    #[default]
    Supported,
    /// Exactly this many (the `--digits` override), still rounded outward.
    Exactly(usize),
}

impl Digits {
    /// The digits to print `x` with.
    pub fn of(self, x: &Interval) -> usize {
        match self {
            Digits::Supported => x.supported_digits(),
            Digits::Exactly(n) => n,
        }
    }
}

/// A count with its noun in English: `count(1, "point", "points")` is
/// `1 point`, `count(3, "entry", "entries")` is `3 entries`.
pub fn count(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

/// A rational as a JSON string.
pub fn rational(q: &BigRational) -> Value {
    Value::String(format_rational(q))
}

/// A vector of rationals.
pub fn vector(v: &[BigRational]) -> Value {
    Value::Array(v.iter().map(rational).collect())
}

/// A matrix as an array of rows.
pub fn matrix(m: &QMatrix) -> Value {
    Value::Array((0..m.rows()).map(|i| vector(m.row(i))).collect())
}

/// An interval with outward-rounded decimal ends, as many digits as it
/// supports ([`Digits::Supported`]).
pub fn interval(x: &Interval) -> Value {
    interval_with(x, Digits::Supported)
}

/// An interval with outward-rounded decimal ends and the given digits.
pub fn interval_with(x: &Interval, digits: Digits) -> Value {
    let (lo, hi) = x.to_decimal(digits.of(x));
    json!({"lo": lo, "hi": hi})
}

/// An interval with outward-rounded decimal ends, with every digit its
/// precision carries, however wide it is: what a certificate's witness
/// gives, so that a verifier reading the decimals exactly gets an enclosure
/// as narrow as the one computed.
pub fn enclosure(x: &Interval) -> Value {
    let (lo, hi) = x.to_decimal(crate::interval::digits_of_precision(x.prec()));
    json!({"lo": lo, "hi": hi})
}

/// A Gaussian plan, every number an exact rational string: `m0`, `m1`
/// (vectors), `s00`, `s11`, `c` (matrices).
pub fn gaussian_plan(p: &GaussianPlan) -> Value {
    json!({"m0": vector(p.m0()), "m1": vector(p.m1()), "s00": matrix(p.s00()),
           "s11": matrix(p.s11()), "c": matrix(p.c())})
}

/// A one-dimensional plan as its plan file writes it, numbers as exact
/// rational strings: `{"kind": "gaussian", m0, m1, s00, s11, c}`,
/// `{"kind": "gaussian-mixture", "component": [{weight, m0, ...}]}`,
/// `{"kind": "discrete", "atoms": [{x0, x1, weight}]}`,
/// `{"kind": "independent-uniform", a0, b0, a1, b1}`.
pub fn onedim_plan(p: &crate::onedim::OneDimPlan) -> Value {
    use crate::onedim::{GaussianComponent, OneDimPlan};
    let component = |g: &GaussianComponent| {
        json!({"m0": rational(&g.m0), "m1": rational(&g.m1), "s00": rational(&g.s00),
               "s11": rational(&g.s11), "c": rational(&g.c)})
    };
    match p {
        OneDimPlan::Gaussian(g) => {
            let mut v = json!({"kind": "gaussian"});
            v.as_object_mut()
                .expect("an object")
                .extend(component(g).as_object().expect("an object").clone());
            v
        }
        OneDimPlan::Mixture(cs) => {
            json!({"kind": "gaussian-mixture", "component": cs.iter().map(|(w, g)| {
            let mut v = json!({"weight": rational(w)});
            v.as_object_mut().expect("an object").extend(component(g).as_object().expect("an object").clone());
            v
        }).collect::<Vec<_>>()})
        }
        OneDimPlan::Discrete(atoms) => {
            json!({"kind": "discrete", "atoms": atoms.iter().map(|a| json!({
            "x0": rational(&a.x0), "x1": rational(&a.x1), "weight": rational(&a.weight)})).collect::<Vec<_>>()})
        }
        OneDimPlan::IndependentUniform { a0, b0, a1, b1 } => json!({"kind": "independent-uniform",
            "a0": rational(a0), "b0": rational(b0), "a1": rational(a1), "b1": rational(b1)}),
    }
}

/// The `field` document of a Gaussian plan at `t` (docs/file-formats.md): exact `m_t`,
/// `Sigma_t`, and, where `Sigma_t` is invertible, `A_t`, `b_t` and the
/// velocity at the points. Where it is singular, `a_t`, `b_t`, `v_t` are
/// `null` and `singular` says why.
pub fn gaussian_field(
    plan: &GaussianPlan,
    t: &BigRational,
    field: Result<&FieldAt, &crate::gaussian::FieldError>,
    points: &[Vec<BigRational>],
) -> Map<String, Value> {
    let mut doc = Map::new();
    doc.insert("kind".into(), json!("gaussian"));
    doc.insert("t".into(), rational(t));
    doc.insert("m_t".into(), vector(&plan.mean_at(t)));
    doc.insert("sigma_t".into(), matrix(&plan.sigma_at(t)));
    match field {
        Ok(f) => {
            doc.insert("a_t".into(), matrix(&f.a_t));
            doc.insert("b_t".into(), vector(&f.b_t));
            if !points.is_empty() {
                let v: Vec<Vec<BigRational>> = points
                    .iter()
                    .map(|x| f.velocity(x).expect("points checked against the dimension"))
                    .collect();
                insert_points(&mut doc, plan.dim(), points, &v);
            }
        }
        Err(e) => {
            doc.insert("a_t".into(), Value::Null);
            doc.insert("b_t".into(), Value::Null);
            doc.insert("singular".into(), json!(e.to_string()));
        }
    }
    doc
}

/// `x` and `v_t`: in `D = 1` one entry per grid point, in `D >= 2` the
/// vectors at the single point.
fn insert_points(
    doc: &mut Map<String, Value>,
    d: usize,
    points: &[Vec<BigRational>],
    v: &[Vec<BigRational>],
) {
    if d == 1 {
        doc.insert(
            "x".into(),
            Value::Array(points.iter().map(|p| rational(&p[0])).collect()),
        );
        doc.insert(
            "v_t".into(),
            Value::Array(v.iter().map(|w| rational(&w[0])).collect()),
        );
    } else {
        doc.insert("x".into(), vector(&points[0]));
        doc.insert("v_t".into(), vector(&v[0]));
    }
}

/// A one-dimensional value: a rational string where exact, an interval
/// otherwise.
pub fn value(v: &crate::onedim::Value, digits: Digits) -> Value {
    match v {
        crate::onedim::Value::Exact(q) => rational(q),
        crate::onedim::Value::Enclosure(x) => interval_with(x, digits),
    }
}

/// The `points` (or, for a discrete plan, `atoms`) of the one-dimensional
/// `field` document, inserted into `doc`.
pub fn onedim_points(
    doc: &mut Map<String, Value>,
    plan: &crate::onedim::OneDimPlan,
    t: &BigRational,
    xs: &[BigRational],
    prec: u32,
    digits: Digits,
    on_progress: &dyn Fn(u64),
) -> Result<(), crate::onedim::family::OneDimError> {
    if let crate::onedim::OneDimPlan::Discrete(_) = plan {
        let atoms = plan.atoms_at(t)?;
        doc.insert(
            "atoms".into(),
            Value::Array(
                atoms
                    .iter()
                    .map(|a| json!({"x": rational(&a.x), "mass": rational(&a.mass), "v_t": rational(&a.v)}))
                    .collect(),
            ),
        );
        return Ok(());
    }
    let mut values = Vec::with_capacity(xs.len());
    // progress every 16 walks: values_at_many runs the walks of a block in parallel
    for chunk in xs.chunks(16 * crate::onedim::family::POINTS_PER_WALK) {
        values.extend(plan.values_at_many(t, chunk, prec)?);
        on_progress(chunk.len() as u64);
    }
    let points: Vec<Value> = xs
        .iter()
        .zip(&values)
        .map(|(x, v)| {
            json!({"x": rational(x), "p_t": value(&v.p, digits), "f_t": value(&v.f, digits),
                        "v_t": value(&v.v, digits)})
        })
        .collect();
    doc.insert("points".into(), Value::Array(points));
    Ok(())
}

/// The `transport` document: `{"t", "points": [{"x", "phi"}]}`, `phi` an
/// interval (with `phi_exact` where the family gives it exactly).
pub fn transport(
    plan: &crate::onedim::OneDimPlan,
    t: &BigRational,
    xs: &[BigRational],
    prec: u32,
    digits: Digits,
    on_progress: &dyn Fn(u64),
) -> Result<Value, crate::onedim::family::OneDimError> {
    let mut points = Vec::with_capacity(xs.len());
    for x in xs {
        on_progress(1);
        let phi = crate::onedim::transport::transport(plan, t, x, prec).map_err(|e| match e {
            // name the point: a grid has many
            crate::onedim::family::OneDimError::Interval(i) => {
                crate::onedim::family::OneDimError::NotApplicable(format!(
                    "x = {}: {i} (a higher --prec may resolve it)",
                    format_rational(x)
                ))
            }
            other => other,
        })?;
        let mut p = json!({"x": rational(x), "phi": interval_with(&phi.to_interval(prec), digits)});
        if let crate::onedim::Value::Exact(q) = &phi {
            p["phi_exact"] = rational(q);
        }
        points.push(p);
    }
    Ok(json!({"kind": plan.kind(), "t": rational(t), "points": points}))
}

/// The `invert` document (docs/file-formats.md).
pub fn inversion(
    result: &Inversion,
    m0: &[BigRational],
    m1: &[BigRational],
    s00: &QMatrix,
    s11: &QMatrix,
) -> Value {
    let mut doc = Map::new();
    match result {
        Inversion::Unique(plan) => {
            doc.insert("status".into(), json!("unique"));
            doc.insert("m0".into(), vector(plan.m0()));
            doc.insert("m1".into(), vector(plan.m1()));
            doc.insert("s00".into(), matrix(plan.s00()));
            doc.insert("s11".into(), matrix(plan.s11()));
            doc.insert("c".into(), matrix(plan.c()));
        }
        Inversion::Underdetermined {
            particular,
            basis,
            particular_is_valid,
        } => {
            doc.insert("status".into(), json!("underdetermined"));
            doc.insert("free_dimensions".into(), json!(basis.len()));
            doc.insert("m0".into(), vector(m0));
            doc.insert("m1".into(), vector(m1));
            doc.insert("s00".into(), matrix(s00));
            doc.insert("s11".into(), matrix(s11));
            doc.insert("c".into(), matrix(particular));
            doc.insert("c_is_valid".into(), json!(particular_is_valid));
            doc.insert(
                "basis".into(),
                Value::Array(basis.iter().map(matrix).collect()),
            );
        }
    }
    Value::Object(doc)
}

/// The `atlas` document (docs/file-formats.md).
pub fn atlas(dim: usize, rows: &[AtlasRow]) -> Value {
    json!({
        "dim": dim,
        "rows": rows.iter().map(|r| json!({
            "degree": r.degree,
            "unknowns": r.unknowns,
            "kernel_dim": r.kernel_dim,
            "density_only_kernel_dim": r.density_only_kernel_dim,
            "blocks": r.blocks,
            "closed_form_kernel_dim": closed_form_kernel(dim, r.degree),
            "closed_form_density_only_kernel_dim": closed_form_density_only(dim, r.degree),
        })).collect::<Vec<_>>(),
    })
}

/// The atlas as a text table, with the closed forms beside the certified
/// values.
pub fn atlas_table(dim: usize, rows: &[AtlasRow]) -> String {
    let mut out = format!(
        "D = {dim}: certified dimensions (every block certified by kernel vectors and a minor mod p)\n"
    );
    out.push_str(&format!(
        "{:>6} {:>10} {:>8} {:>12} {:>14} {:>12}\n",
        "degree", "unknowns", "blocks", "dim Ker", "dim I(V)", "closed forms"
    ));
    for r in rows {
        let agree = r.kernel_dim as i64 == closed_form_kernel(dim, r.degree)
            && r.density_only_kernel_dim as i64 == closed_form_density_only(dim, r.degree);
        out.push_str(&format!(
            "{:>6} {:>10} {:>8} {:>12} {:>14} {:>12}\n",
            r.degree,
            r.unknowns,
            r.blocks,
            r.kernel_dim,
            r.density_only_kernel_dim,
            if agree { "agree" } else { "DIFFER" }
        ));
    }
    out
}

/// Plain-text rendering of a JSON document: one `key  value` line per key,
/// values in compact JSON (rationals unquoted, intervals as `[lo, hi]`). An
/// array of objects (the `points` or `atoms` of `field` and `transport`)
/// prints as a table under its key, one row per object; a top-level array
/// that only repeats a column of such a table (the exact `x` and `v_t` of a
/// one-dimensional Gaussian field) is left out.
pub fn text(doc: &Value) -> String {
    let mut out = String::new();
    let Value::Object(map) = doc else {
        return out;
    };
    let tables: Vec<(&String, &Vec<Value>)> = map
        .iter()
        .filter_map(|(k, v)| rows_of(v).map(|rows| (k, rows)))
        .collect();
    let repeated = |key: &str, value: &Value| {
        let Value::Array(items) = value else {
            return false;
        };
        tables.iter().any(|(_, rows)| {
            rows.len() == items.len()
                && rows
                    .iter()
                    .zip(items)
                    .all(|(row, item)| row.get(key) == Some(item))
        })
    };
    let lines: Vec<(&String, &Value)> = map
        .iter()
        .filter(|(k, v)| rows_of(v).is_none() && !repeated(k, v))
        .collect();
    let width = lines.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    for (k, v) in lines {
        out.push_str(&format!("{k:<width$}  {}\n", plain(v)));
    }
    for (k, rows) in tables {
        out.push_str(&format!("{k}\n{}", table(rows)));
    }
    out
}

/// The rows of a table: a non-empty array of objects.
fn rows_of(v: &Value) -> Option<&Vec<Value>> {
    match v {
        Value::Array(rows) if !rows.is_empty() && rows.iter().all(Value::is_object) => Some(rows),
        _ => None,
    }
}

/// An aligned table of objects, a column for every key of any row (in the
/// order they first appear; a row without it leaves its cell empty),
/// headed by the mathematical names (`f_t` is `F_t`), indented by two.
fn table(rows: &[Value]) -> String {
    let mut columns: Vec<&String> = Vec::new();
    for key in rows
        .iter()
        .filter_map(Value::as_object)
        .flat_map(|o| o.keys())
    {
        if !columns.contains(&key) {
            columns.push(key);
        }
    }
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            columns
                .iter()
                .map(|c| row.get(c.as_str()).map_or_else(String::new, cell))
                .collect()
        })
        .collect();
    let header: Vec<String> = columns
        .iter()
        .map(|c| {
            if c.as_str() == "f_t" {
                "F_t".to_string()
            } else {
                c.to_string()
            }
        })
        .collect();
    let widths: Vec<usize> = (0..columns.len())
        .map(|i| {
            cells
                .iter()
                .map(|r| r[i].len())
                .chain([header[i].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |items: &[String]| {
        let padded: Vec<String> = items
            .iter()
            .zip(&widths)
            .map(|(s, w)| format!("{s:<w$}"))
            .collect();
        format!("  {}\n", padded.join("  ").trim_end())
    };
    let mut out = line(&header);
    for row in &cells {
        out.push_str(&line(row));
    }
    out
}

/// A table cell: an interval `{lo, hi}` as `[lo, hi]`, anything else as
/// in a `key  value` line.
fn cell(v: &Value) -> String {
    match (v.get("lo"), v.get("hi")) {
        (Some(lo), Some(hi)) => format!("[{}, {}]", plain(lo), plain(hi)),
        _ => plain(v),
    }
}

fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(plain).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(k, v)| format!("{k}: {}", plain(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => other.to_string(),
    }
}
