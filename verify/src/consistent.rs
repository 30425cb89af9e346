//! Plans consistent with observations of a field within `delta`
//! (`consistent-plans-box`, `no-gaussian-plan-within`), re-checked exactly.
//!
//! The set: cross-covariances `C` with `[[S00, C], [C^T, S11]]` positive
//! semidefinite, `Sigma_t(C)` invertible at every observed time, and
//! `|u - (m1 - m0) - A_t(C)(x - m_t)|_inf <= delta` at every observation.
//! The proof, step by step, each re-derived here from the inputs:
//!
//! 1. at each time, `D` observed points (the witness's `basis`) whose
//!    offsets `r_b = x_b - m_t` are independent: every admissible `A_t`
//!    has row `k` equal to `R_B^{-1} (u'_{B,k} + e)` with `|e| <= delta`, so
//!    `|A_t - center|_kp <= |R_B^{-1} u'_{B,k} - center_kp| + delta |row p of R_B^{-1}|_1`;
//!    a point `j` off the basis with `r_j = sum lambda_b r_b` must have
//!    `|u'_jk - sum lambda_b u'_bk| <= delta (1 + |lambda|_1)`;
//! 2. with `A_t = center + E`: `center Sigma_t(C) - G_t(C) = -E Sigma_t(C)`,
//!    linear in `C` on the left, at most `sum_p radius_kp max |Sigma_t(C)_pl|`
//!    over the current box on the right;
//! 3. for any multipliers `y` over these rows, `c_q = y^T(Lc + f) - y^T f -
//!    (L^T y - e_q)^T c` is bounded over the box; each round's stated box
//!    must contain the bound (intersected with the box before);
//! 4. emptiness: a combination `y^T(Lc + f)` whose range over the last box
//!    misses `[-|y|^T beta, |y|^T beta]`, or a point off the affine field.
//!
//! The starting box is Cauchy-Schwarz's `|C_kl| <= sqrt(S00_kk S11_ll)`,
//! checked by squaring. A refutation is a valid `C` within `delta`: its
//! residual is computed exactly.

use crate::exact::{self, Matrix};
use crate::gaussian::Plan;
use crate::number::{self, get};
use crate::{Cert, Finding};
use rug::Rational;
use serde_json::Value;

/// The verifier's limits: dimension, times, observations.
const MAX_DIM: usize = 16;
const MAX_TIMES: usize = 100_000;

struct Observed {
    t: Rational,
    x: Vec<Vec<Rational>>,
    v: Vec<Vec<Rational>>,
}

struct Data {
    d: usize,
    m0: Vec<Rational>,
    m1: Vec<Rational>,
    s00: Matrix,
    s11: Matrix,
    times: Vec<Observed>,
    delta: Rational,
}

fn rows(v: &Value, d: usize) -> Result<Vec<Vec<Rational>>, String> {
    let out: Vec<Vec<Rational>> = v
        .as_array()
        .ok_or("points and values are arrays of rows")?
        .iter()
        .map(number::vector)
        .collect::<Result<_, _>>()?;
    if out.iter().any(|r| r.len() != d) {
        return Err(format!("a point or value without {d} entries"));
    }
    Ok(out)
}

/// The longest number of these kinds' inputs, the checker's own limit: a
/// certificate with longer ones was not written by it, and exact
/// elimination on them could take minutes.
const MAX_INPUT_CHARS: usize = 10_000;

fn longest_string(v: &Value) -> usize {
    match v {
        Value::String(s) => s.len(),
        Value::Array(a) => a.iter().map(longest_string).max().unwrap_or(0),
        Value::Object(o) => o.values().map(longest_string).max().unwrap_or(0),
        _ => 0,
    }
}

fn read(c: &Cert) -> Result<Data, String> {
    if longest_string(c.inputs) > MAX_INPUT_CHARS {
        return Err(format!(
            "an input number longer than {MAX_INPUT_CHARS} characters (the checker's limit)"
        ));
    }
    let ends = get(c.inputs, "ends")?;
    let m0 = number::vector(get(ends, "m0")?)?;
    let d = m0.len();
    if d == 0 || d > MAX_DIM {
        return Err(format!("a dimension outside 1..={MAX_DIM}"));
    }
    let m1 = number::vector(get(ends, "m1")?)?;
    let s00 = exact::matrix(get(ends, "s00")?, d, d)?;
    let s11 = exact::matrix(get(ends, "s11")?, d, d)?;
    if m1.len() != d || exact::definiteness(&s00).is_none() || exact::definiteness(&s11).is_none() {
        return Err("end laws that are not valid".into());
    }
    let list = get(c.inputs, "observations")?
        .as_array()
        .ok_or("`observations` is not an array")?;
    if list.is_empty() || list.len() > MAX_TIMES {
        return Err("no observations, or too many".into());
    }
    let mut times: Vec<Observed> = Vec::new();
    for o in list {
        let t = number::rational(get(o, "t")?)?;
        if !(0..=1).contains(&t) || times.iter().any(|p| p.t == t) {
            return Err("a time outside [0, 1] or given twice".into());
        }
        let x = rows(get(o, "x")?, d)?;
        let v = rows(get(o, "v")?, d)?;
        if x.len() != v.len() || x.len() < d {
            return Err("at a time, fewer than D points, or points and values unpaired".into());
        }
        times.push(Observed { t, x, v });
    }
    let delta = number::rational(get(c.inputs, "within")?)?;
    if delta < 0 {
        return Err("a negative `within`".into());
    }
    Ok(Data {
        d,
        m0,
        m1,
        s00,
        s11,
        times,
        delta,
    })
}

impl Data {
    fn mean(&self, t: &Rational) -> Vec<Rational> {
        let s = Rational::from(1 - t);
        self.m0
            .iter()
            .zip(&self.m1)
            .map(|(a, b)| Rational::from(&s * a) + Rational::from(t * b))
            .collect()
    }

    /// Offsets `x - m_t` and values `v - (m1 - m0)` at one time.
    fn offsets(&self, o: &Observed) -> (Matrix, Matrix) {
        let m = self.mean(&o.t);
        let diff = |a: &[Rational], b: &[Rational]| -> Vec<Rational> {
            a.iter()
                .zip(b)
                .map(|(x, y)| Rational::from(x - y))
                .collect()
        };
        let drift = diff(&self.m1, &self.m0);
        (
            o.x.iter().map(|x| diff(x, &m)).collect(),
            o.v.iter().map(|v| diff(v, &drift)).collect(),
        )
    }

    /// Whether `c` is a valid plan whose field is defined at every time and
    /// within `delta` of every observation (exactly).
    fn within(&self, c: &Matrix) -> bool {
        let Some(plan) = Plan::from_parts(
            self.m0.clone(),
            self.m1.clone(),
            self.s00.clone(),
            self.s11.clone(),
            c.clone(),
        ) else {
            return false;
        };
        self.times.iter().all(|o| {
            let Ok(a) = plan.field_matrix(&o.t) else {
                return false;
            };
            let (r, u) = self.offsets(o);
            r.iter().zip(&u).all(|(rj, uj)| {
                exact::mul_vec(&a, rj)
                    .iter()
                    .zip(uj)
                    .all(|(v, w)| Rational::from(w - v).abs() <= self.delta)
            })
        })
    }
}

/// A sparse row of the relaxation and its offset.
struct Row {
    coef: Vec<(usize, Rational)>,
    offset: Rational,
}

/// One time of the relaxation: `t(1-t)`, the base of `Sigma_t`, the radius of `A_t`.
struct Slab {
    ts: Rational,
    base: Matrix,
    radius: Matrix,
}

enum Proven {
    Box(Vec<Rational>, Vec<Rational>),
    Empty,
}

fn index(v: &Value, below: usize) -> Result<usize, String> {
    v.as_u64()
        .map(|i| i as usize)
        .filter(|i| *i < below)
        .ok_or_else(|| format!("`{v}` is not an index below {below}"))
}

/// `(low, high)` of `y^T f + (L^T y - e_target)^T c` over the box, and `|y|^T beta`.
fn combination(
    rows: &[Row],
    y: &[Rational],
    beta: &[Rational],
    (lo, hi): (&[Rational], &[Rational]),
    target: Option<usize>,
) -> (Rational, Rational, Rational) {
    let mut g = vec![Rational::new(); lo.len()];
    let mut low = Rational::new();
    let mut spread = Rational::new();
    for ((row, yr), b) in rows.iter().zip(y).zip(beta) {
        if *yr == 0 {
            continue;
        }
        for (q, v) in &row.coef {
            g[*q] += Rational::from(v * yr);
        }
        low += Rational::from(&row.offset * yr);
        spread += Rational::from(yr.abs_ref()) * b;
    }
    if let Some(q) = target {
        g[q] -= 1;
    }
    let mut high = low.clone();
    for ((gq, l), h) in g.iter().zip(lo).zip(hi) {
        let (a, b) = (Rational::from(gq * l), Rational::from(gq * h));
        if a <= b {
            low += a;
            high += b;
        } else {
            low += b;
            high += a;
        }
    }
    (low, high, spread)
}

/// Re-derives the witness's proof: a box of the set, or its emptiness.
fn proof(c: &Cert, data: &Data) -> Result<Proven, String> {
    let d = data.d;
    let n = d * d;
    let empty = c.witness("empty");
    // at an end time Sigma_t is S00 or S11 whatever C is: singular, no plan
    if let Some(at) = empty.and_then(|e| e.get("singular")) {
        number::only_keys(empty.expect("read"), &["singular"])?;
        number::only_keys(at, &["time"])?;
        let o = &data.times[index(get(at, "time")?, data.times.len())?];
        let fixed = if o.t == 0 {
            &data.s00
        } else if o.t == 1 {
            &data.s11
        } else {
            return Err("a singular end covariance named at a time inside (0, 1)".into());
        };
        return if exact::det(fixed) == 0 {
            Ok(Proven::Empty)
        } else {
            Err("the named end covariance is not singular".into())
        };
    }
    let affine = c
        .witness_field("affine")?
        .as_array()
        .filter(|a| a.len() == data.times.len())
        .ok_or("`affine` needs one entry per time")?;
    let mut rows: Vec<Row> = Vec::new();
    let mut slabs: Vec<Slab> = Vec::new();
    let mut affine_refuted = false;
    for (i, (o, a)) in data.times.iter().zip(affine).enumerate() {
        let (r, u) = data.offsets(o);
        let basis: Vec<usize> = get(a, "basis")?
            .as_array()
            .filter(|b| b.len() == d)
            .ok_or("a basis of D points")?
            .iter()
            .map(|v| index(v, r.len()))
            .collect::<Result<_, _>>()?;
        let center = exact::matrix(get(a, "center")?, d, d)?;
        number::only_keys(a, &["basis", "center"])?;
        let rb: Matrix = basis.iter().map(|&b| r[b].clone()).collect();
        let inv = exact::inverse(&rb).ok_or("a basis whose offsets are dependent")?;
        if let Some(point) = empty.and_then(|e| e.get("affine")) {
            if get(point, "time")?.as_u64() == Some(i as u64) {
                number::only_keys(point, &["time", "point", "component"])?;
                let j = index(get(point, "point")?, r.len())?;
                let k = index(get(point, "component")?, d)?;
                if basis.contains(&j) {
                    return Err("the refuting point is in the basis".into());
                }
                let lambda: Vec<Rational> = (0..d)
                    .map(|b| (0..d).map(|p| Rational::from(&r[j][p] * &inv[p][b])).sum())
                    .collect();
                let predicted: Rational = (0..d)
                    .map(|b| Rational::from(&lambda[b] * &u[basis[b]][k]))
                    .sum();
                let weight: Rational = 1 + lambda.iter().map(|l| l.clone().abs()).sum::<Rational>();
                let gap = Rational::from(&u[j][k] - &predicted).abs();
                if gap <= Rational::from(&data.delta * &weight) {
                    return Err(
                        "the stated point is within the tolerance of the affine field".into(),
                    );
                }
                affine_refuted = true;
            }
        }
        let mut radius = vec![vec![Rational::new(); d]; d];
        for k in 0..d {
            for p in 0..d {
                let exact_center: Rational = (0..d)
                    .map(|b| Rational::from(&inv[p][b] * &u[basis[b]][k]))
                    .sum();
                let norm: Rational = (0..d).map(|b| inv[p][b].clone().abs()).sum();
                radius[k][p] = Rational::from(&exact_center - &center[k][p]).abs()
                    + Rational::from(&data.delta * &norm);
            }
        }
        // rows (k, l) of center Sigma_t(C) - G_t(C)
        let t = &o.t;
        let s = Rational::from(1 - t);
        let ts = Rational::from(t * &s);
        let base = exact::add_scaled(
            &exact::scale(&Rational::from(&s * &s), &data.s00),
            &Rational::from(t * t),
            &data.s11,
        );
        let cb = exact::mul(&center, &base);
        for k in 0..d {
            for l in 0..d {
                let mut dense = vec![Rational::new(); n];
                for p in 0..d {
                    let w = Rational::from(&ts * &center[k][p]);
                    dense[p * d + l] += &w;
                    dense[l * d + p] += &w;
                }
                dense[l * d + k] -= &s;
                dense[k * d + l] += t;
                let offset = (&cb[k][l] - Rational::from(t * &data.s11[k][l]))
                    + Rational::from(&s * &data.s00[k][l]);
                let coef = dense
                    .into_iter()
                    .enumerate()
                    .filter(|(_, v)| *v != 0)
                    .collect();
                rows.push(Row { coef, offset });
            }
        }
        slabs.push(Slab { ts, base, radius });
    }
    if let Some(e) = empty.filter(|e| e.get("affine").is_some()) {
        number::only_keys(e, &["affine"])?;
        if !affine_refuted {
            return Err("the refuting point names no observed time".into());
        }
        if c.witness("prior").is_some() || c.witness("rounds").is_some() {
            return Err("a proof by a point off the affine field takes no rounds".into());
        }
        return Ok(Proven::Empty);
    }
    // the prior box, checked by squaring
    let prior = exact::matrix(c.witness_field("prior")?, d, d)?;
    let mut hi: Vec<Rational> = prior.into_iter().flatten().collect();
    for (i, h) in hi.iter().enumerate() {
        let need = Rational::from(&data.s00[i / d][i / d] * &data.s11[i % d][i % d]);
        if *h < 0 || Rational::from(h * h) < need {
            return Err("a prior bound below sqrt(S00_kk S11_ll)".into());
        }
    }
    let mut lo: Vec<Rational> = hi.iter().map(|h| Rational::from(-h)).collect();
    let beta_of = |lo: &[Rational], hi: &[Rational]| -> Vec<Rational> {
        let mut out = Vec::with_capacity(rows.len());
        for slab in &slabs {
            let sigma_max = |p: usize, l: usize| -> Rational {
                let a =
                    Rational::from(&lo[p * d + l] + &lo[l * d + p]) * &slab.ts + &slab.base[p][l];
                let b =
                    Rational::from(&hi[p * d + l] + &hi[l * d + p]) * &slab.ts + &slab.base[p][l];
                a.abs().max(b.abs())
            };
            for k in 0..d {
                for l in 0..d {
                    out.push((0..d).map(|p| sigma_max(p, l) * &slab.radius[k][p]).sum());
                }
            }
        }
        out
    };
    let rounds = c
        .witness_field("rounds")?
        .as_array()
        .ok_or("`rounds` is not an array")?;
    for round in rounds {
        number::only_keys(round, &["multipliers", "lo", "hi"])?;
        let ys = get(round, "multipliers")?
            .as_array()
            .filter(|a| a.len() == n)
            .ok_or("multipliers for each entry of C")?;
        let new_lo: Vec<Rational> = exact::matrix(get(round, "lo")?, d, d)?
            .into_iter()
            .flatten()
            .collect();
        let new_hi: Vec<Rational> = exact::matrix(get(round, "hi")?, d, d)?
            .into_iter()
            .flatten()
            .collect();
        let beta = beta_of(&lo, &hi);
        for (q, y) in ys.iter().enumerate() {
            let y = number::vector(y)?;
            if y.len() != rows.len() {
                return Err("multipliers for each row".into());
            }
            let (low, high, spread) = combination(&rows, &y, &beta, (&lo, &hi), Some(q));
            let bound_lo = Rational::from(-&spread) - high;
            let bound_hi = spread - low;
            if new_lo[q] > bound_lo.max(lo[q].clone())
                || new_hi[q] < bound_hi.min(hi[q].clone())
                || new_lo[q] > new_hi[q]
            {
                return Err("a round's box does not contain its bounds".into());
            }
        }
        lo = new_lo;
        hi = new_hi;
    }
    match empty {
        None => Ok(Proven::Box(lo, hi)),
        Some(e) => {
            number::only_keys(e, &["relaxation"])?;
            let y = number::vector(get(e, "relaxation")?)?;
            if y.len() != rows.len() {
                return Err("multipliers for each row".into());
            }
            let beta = beta_of(&lo, &hi);
            let (low, high, spread) = combination(&rows, &y, &beta, (&lo, &hi), None);
            if low > spread || high < Rational::from(-&spread) {
                Ok(Proven::Empty)
            } else {
                Err("the stated multipliers do not prove the set empty".into())
            }
        }
    }
}

/// A stated valid plan within `delta` (a refutation), if the witness has one.
fn plan_within(c: &Cert, data: &Data) -> Result<Option<Matrix>, String> {
    match c.witness("c") {
        None => Ok(None),
        Some(v) => {
            let m = exact::matrix(v, data.d, data.d)?;
            if data.within(&m) {
                Ok(Some(m))
            } else {
                Err("the stated plan is not valid, or not within delta".into())
            }
        }
    }
}

/// `consistent-plans-box`: certified when the proof's box (or emptiness)
/// lies inside the claimed box; refuted by a valid plan within `delta`
/// outside it.
pub fn boxed(c: &Cert) -> Result<Finding, String> {
    let data = read(c)?;
    let d = data.d;
    let claimed_lo: Vec<Rational> = exact::matrix(get(c.inputs, "lo")?, d, d)?
        .into_iter()
        .flatten()
        .collect();
    let claimed_hi: Vec<Rational> = exact::matrix(get(c.inputs, "hi")?, d, d)?
        .into_iter()
        .flatten()
        .collect();
    let inside = |v: &[Rational]| -> bool {
        v.iter()
            .zip(claimed_lo.iter().zip(&claimed_hi))
            .all(|(x, (l, h))| l <= x && x <= h)
    };
    if let Some(m) = plan_within(c, &data)? {
        let flat: Vec<Rational> = m.into_iter().flatten().collect();
        return if inside(&flat) {
            Err("the stated plan lies inside the claimed box".into())
        } else {
            Ok(Finding::Refuted)
        };
    }
    match proof(c, &data)? {
        Proven::Empty => Ok(Finding::Certified),
        Proven::Box(lo, hi) if inside(&lo) && inside(&hi) => Ok(Finding::Certified),
        Proven::Box(..) => Err("the proven box is not inside the claimed one".into()),
    }
}

/// `no-gaussian-plan-within`: certified by a proof of emptiness, refuted
/// by a valid plan within `delta`.
pub fn none_within(c: &Cert) -> Result<Finding, String> {
    let data = read(c)?;
    if plan_within(c, &data)?.is_some() {
        return Ok(Finding::Refuted);
    }
    match proof(c, &data)? {
        Proven::Empty => Ok(Finding::Certified),
        Proven::Box(..) => Err("the witness proves a box, not emptiness".into()),
    }
}
