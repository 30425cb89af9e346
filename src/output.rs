//! The documents of the commands' results (`field`, `transport`, `invert`,
//! `atlas`; [`crate::commands`]) and their text tables, as
//! docs/file-formats.md fixes them; numbers are encoded by the
//! certificate's wire format ([`crate::proof::wire`]).

use crate::atlas::{closed_form_density_only, closed_form_kernel, AtlasRow};
use crate::exact::QMatrix;
use crate::gaussian::{FieldAt, GaussianPlan, Inversion};
use crate::proof::wire::{interval_with, matrix, rational, vector, Digits};

/// Significant digits of interval ends in text tables when `--digits` is
/// not given (each end still rounded outward): a mixture's table at 128
/// bits stays within about 130 columns. JSON gives every digit the
/// enclosure supports.
pub const TEXT_DIGITS: usize = 16;
use crate::exact::Q;
use num_traits::ToPrimitive;
use serde_json::{json, Map, Value};

/// The `field` document of a Gaussian plan at `t` (docs/file-formats.md): exact `m_t`,
/// `Sigma_t`, and, where `Sigma_t` is invertible, `A_t`, `b_t` and the
/// velocity at the points. Where it is singular, `a_t`, `b_t`, `v_t` are
/// `null` and `singular` says why.
pub fn gaussian_field(
    plan: &GaussianPlan,
    t: &Q,
    field: Result<&FieldAt, &crate::gaussian::FieldError>,
    points: &[Vec<Q>],
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
                let v: Vec<Vec<Q>> = points
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
/// vectors at a single point, or one vector per point for several.
fn insert_points(doc: &mut Map<String, Value>, d: usize, points: &[Vec<Q>], v: &[Vec<Q>]) {
    let (x, v) = if d == 1 {
        (
            Value::Array(points.iter().map(|p| rational(&p[0])).collect()),
            Value::Array(v.iter().map(|w| rational(&w[0])).collect()),
        )
    } else if points.len() == 1 {
        (vector(&points[0]), vector(&v[0]))
    } else {
        (
            Value::Array(points.iter().map(|p| vector(p)).collect()),
            Value::Array(v.iter().map(|w| vector(w)).collect()),
        )
    };
    doc.insert("x".into(), x);
    doc.insert("v_t".into(), v);
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
/// `field` document ([`crate::commands::onedim_field`]), inserted into `doc`.
pub fn onedim_field(
    doc: &mut Map<String, Value>,
    xs: &[Q],
    field: &crate::commands::OneDimField,
    digits: Digits,
) {
    use crate::commands::OneDimField;
    match field {
        OneDimField::Atoms(atoms) => {
            let atoms = atoms
                .iter()
                .map(|a| json!({"x": rational(&a.x), "mass": rational(&a.mass), "v_t": rational(&a.v)}))
                .collect();
            doc.insert("atoms".into(), Value::Array(atoms));
        }
        OneDimField::Points(values) => {
            let points = xs
                .iter()
                .zip(values)
                .map(|(x, v)| {
                    json!({"x": rational(x), "p_t": value(&v.p, digits), "f_t": value(&v.f, digits),
                           "v_t": value(&v.v, digits)})
                })
                .collect();
            doc.insert("points".into(), Value::Array(points));
        }
    }
}

/// The points of the `field` document of a mixture of Gaussian plans in
/// `D >= 2` ([`crate::commands::mixture_field`]): at each `x`, `p_t`,
/// `dt_p_t`, `grad_p_t`, `v_t` and `div_v_t`, enclosed.
pub fn mixture_field(
    doc: &mut Map<String, Value>,
    points: &[Vec<Q>],
    values: &[crate::gaussian::MixtureValues],
    digits: Digits,
) {
    let many = |v: &[crate::interval::Interval]| -> Value {
        Value::Array(v.iter().map(|x| interval_with(x, digits)).collect())
    };
    let points = points
        .iter()
        .zip(values)
        .map(|(x, v)| {
            json!({"x": vector(x), "p_t": interval_with(&v.density, digits),
                   "dt_p_t": interval_with(&v.time_derivative, digits),
                   "grad_p_t": many(&v.gradient), "v_t": many(&v.velocity),
                   "div_v_t": interval_with(&v.divergence, digits)})
        })
        .collect();
    doc.insert("points".into(), Value::Array(points));
}

/// The `transport` document: `Phi_t(x)` at each point
/// ([`crate::commands::transport`]), an enclosure (a point one, with
/// `phi_exact`, where exact).
pub fn transport(
    kind: &str,
    t: &Q,
    xs: &[Q],
    phis: &[crate::onedim::Value],
    prec: u32,
    digits: Digits,
) -> Value {
    let points: Vec<Value> = xs
        .iter()
        .zip(phis)
        .map(|(x, phi)| {
            let mut p =
                json!({"x": rational(x), "phi": interval_with(&phi.to_interval(prec), digits)});
            if let crate::onedim::Value::Exact(q) = phi {
                p["phi_exact"] = rational(q);
            }
            p
        })
        .collect();
    json!({"kind": kind, "t": rational(t), "points": points})
}

/// The `transport` document in `D >= 2` ([`crate::commands::flow_maps`]):
/// at each `x`, `phi` (`D` intervals), `jacobian` (`D` rows of `D`) and the
/// number of integration steps.
pub fn flow_maps(
    kind: &str,
    t: &Q,
    points: &[Vec<Q>],
    flows: &[crate::interval::ode::Flow],
    digits: Digits,
) -> Value {
    let many = |v: &[crate::interval::Interval]| -> Value {
        Value::Array(v.iter().map(|x| interval_with(x, digits)).collect())
    };
    let points: Vec<Value> = points
        .iter()
        .zip(flows)
        .map(|(x, f)| {
            json!({"x": vector(x), "phi": many(&f.end),
                   "jacobian": f.jacobian.iter().map(|row| many(row)).collect::<Vec<_>>(),
                   "steps": f.steps.len()})
        })
        .collect();
    json!({"kind": kind, "t": rational(t), "points": points})
}

/// The `invert` document (docs/file-formats.md).
pub fn inversion(result: &Inversion, m0: &[Q], m1: &[Q], s00: &QMatrix, s11: &QMatrix) -> Value {
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
        // an interval inside a vector reads as at the top level
        Value::Object(map)
            if map.len() == 2 && map.contains_key("lo") && map.contains_key("hi") =>
        {
            format!("[{}, {}]", plain(&map["lo"]), plain(&map["hi"]))
        }
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

/// Decimal ends rounded outward (`digits` significant digits) of `[lo, hi]`.
fn outward(lo: &Q, hi: &Q, digits: usize) -> (String, String) {
    let below = crate::interval::Interval::from_rational(lo, 192);
    let above = crate::interval::Interval::from_rational(hi, 192);
    (below.to_decimal(digits).0, above.to_decimal(digits).1)
}

/// The `invert --samples` document (docs/file-formats.md, "JSON outputs"):
/// the status, the tolerance, the distance bounds, one row per entry of
/// `C` (the estimate and the proven box, ends rounded outward) and, in
/// `exact`, every number as an exact rational.
pub fn consistent_plans(r: &crate::commands::consistent::ConsistentPlans) -> Value {
    let d = r.estimate.plan.dim();
    let (lo, hi) = r.enclosure.bounds();
    let empty = r.enclosure.empty.is_some();
    let (lower, upper) = outward(&r.distance_lower, &r.estimate.residual, 6);
    let entries: Vec<Value> = (0..d * d)
        .map(|q| {
            let (i, j) = (q / d, q % d);
            let c = &r.estimate.plan.c()[(i, j)];
            let mut row = json!({
                "entry": format!("c[{}][{}]", i + 1, j + 1),
                "estimate": format!("{}", c.to_f64().unwrap_or(f64::NAN)),
            });
            if !empty {
                let (l, h) = outward(&lo[q], &hi[q], TEXT_DIGITS);
                row["lo"] = json!(l);
                row["hi"] = json!(h);
            }
            row
        })
        .collect();
    let square = |v: &[Q]| -> Value { Value::Array(v.chunks(d).map(vector).collect()) };
    let mut exact = json!({
        "c": matrix(r.estimate.plan.c()),
        "shrink": rational(&r.estimate.shrink),
        "distance_lower": rational(&r.distance_lower),
        "distance_upper": rational(&r.estimate.residual),
    });
    if !empty {
        exact["lo"] = square(&lo);
        exact["hi"] = square(&hi);
    }
    json!({
        "status": if empty { "no-gaussian-plan-within" } else { "consistent" },
        "tolerance": rational(&r.tolerance),
        "distance_lower": lower,
        "distance_upper": upper,
        "rounds": r.enclosure.rounds.len(),
        "entries": entries,
        "exact": exact,
    })
}
