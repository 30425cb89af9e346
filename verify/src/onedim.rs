//! One-dimensional check kinds: the plans of `X_t = (1-t) X0 + t X1` on the
//! line (Gaussian mixtures, discrete, independent uniform), their
//! distribution function `F_t`, density `p_t`, field `v_t` and flow map
//! `Phi_t = F_t^{-1} o F_0`, re-derived from closed forms: exact rationals
//! where the family allows, outward-rounded intervals otherwise.

use crate::interval::{within, Iv};
use crate::number::{get, rational, vector};
use crate::{Cert, Finding};
use rug::{Integer, Rational as Q};
use serde_json::Value;

fn q(n: i64) -> Q {
    Q::from(n)
}

/// A Gaussian component of weight `w`.
struct Comp {
    w: Q,
    m0: Q,
    m1: Q,
    s00: Q,
    s11: Q,
    c: Q,
}

/// A plan: Gaussian components (one for `gaussian`), atoms `[x0, x1, w]`,
/// or `U[a0, b0] x U[a1, b1]`.
enum Plan {
    Gauss(Vec<Comp>),
    Atoms(Vec<[Q; 3]>),
    Uniform([Q; 4]),
}

fn list<'a>(v: &'a Value, key: &str) -> Result<&'a Vec<Value>, String> {
    items(get(v, key)?, key)
}

/// A non-empty array (`key` names it in the error).
fn items<'a>(v: &'a Value, key: &str) -> Result<&'a Vec<Value>, String> {
    v.as_array()
        .filter(|a| !a.is_empty())
        .ok_or_else(|| format!("`{key}` is not a non-empty array"))
}

fn num(v: &Value, key: &str) -> Result<Q, String> {
    rational(get(v, key)?)
}

pub(crate) fn time(v: &Value) -> Result<Q, String> {
    let t = rational(v)?;
    if !(0..=1).contains(&t) {
        return Err("a time outside [0, 1]".into());
    }
    Ok(t)
}

fn comp(v: &Value, w: Q) -> Result<Comp, String> {
    let g = Comp {
        w,
        m0: num(v, "m0")?,
        m1: num(v, "m1")?,
        s00: num(v, "s00")?,
        s11: num(v, "s11")?,
        c: num(v, "c")?,
    };
    if g.s00 <= 0 || g.s11 <= 0 || g.c.clone().square() > g.s00.clone() * &g.s11 {
        return Err("a Gaussian component needs s00 > 0, s11 > 0, c^2 <= s00 s11".into());
    }
    Ok(g)
}

/// Reads a plan and re-checks its family's constraints.
fn plan(v: &Value) -> Result<Plan, String> {
    let kind = get(v, "kind")?
        .as_str()
        .ok_or("a plan's `kind` is not a string")?;
    let p = match kind {
        "gaussian" => Plan::Gauss(vec![comp(v, q(1))?]),
        "gaussian-mixture" => Plan::Gauss(
            list(v, "component")?
                .iter()
                .map(|o| comp(o, num(o, "weight")?))
                .collect::<Result<_, _>>()?,
        ),
        "discrete" => Plan::Atoms(
            list(v, "atoms")?
                .iter()
                .map(|o| Ok([num(o, "x0")?, num(o, "x1")?, num(o, "weight")?]))
                .collect::<Result<_, String>>()?,
        ),
        "independent-uniform" => {
            let u = [num(v, "a0")?, num(v, "b0")?, num(v, "a1")?, num(v, "b1")?];
            if u[0] >= u[1] || u[2] >= u[3] {
                return Err("a uniform plan needs a0 < b0 and a1 < b1".into());
            }
            Plan::Uniform(u)
        }
        other => return Err(format!("unknown plan kind `{other}`")),
    };
    let weights: Vec<&Q> = match &p {
        Plan::Gauss(cs) => cs.iter().map(|g| &g.w).collect(),
        Plan::Atoms(a) => a.iter().map(|a| &a[2]).collect(),
        Plan::Uniform(_) => vec![],
    };
    let total = weights.iter().fold(q(0), |s, w| s + *w);
    if weights.iter().any(|w| **w <= 0) || (!weights.is_empty() && total != 1) {
        return Err("the weights must be positive and sum to 1".into());
    }
    Ok(p)
}

fn optional_plan(v: &Value, key: &str) -> Result<Option<Plan>, String> {
    match v.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(p) => plan(p).map(Some),
    }
}

fn gauss(p: &Plan) -> Result<&[Comp], String> {
    match p {
        Plan::Gauss(c) => Ok(c),
        _ => Err("this check needs a Gaussian family".into()),
    }
}

/// `m_t`, `S_t`, `G_t = Cov(X_t, X1 - X0)` and `S'_t` of a component.
struct At {
    m: Q,
    s: Q,
    g: Q,
    ds: Q,
}

impl Comp {
    fn at(&self, t: &Q) -> At {
        let u = q(1) - t.clone();
        At {
            m: u.clone() * &self.m0 + t.clone() * &self.m1,
            s: u.clone().square() * &self.s00
                + q(2) * t.clone() * &u * &self.c
                + t.clone().square() * &self.s11,
            g: u.clone() * (self.c.clone() - &self.s00) + t.clone() * (self.s11.clone() - &self.c),
            ds: q(-2) * u * &self.s00
                + q(2) * (q(1) - q(2) * t.clone()) * &self.c
                + q(2) * t.clone() * &self.s11,
        }
    }
}

/// `F_t`, `p_t`, `sum w p_i v_i` (`v_t = vp / p_t`) and `dF_t/dt` of a
/// Gaussian family over an interval of `x`.
struct Vals {
    f: Iv,
    p: Iv,
    vp: Iv,
    dfdt: Iv,
}

fn gauss_vals(comps: &[Comp], t: &Q, x: &Iv, prec: u32) -> Result<Vals, String> {
    let zero = Iv::int(0, prec);
    let (mut f, mut p, mut vp, mut dfdt) = (zero.clone(), zero.clone(), zero.clone(), zero);
    for g in comps {
        let a = g.at(t);
        if a.s <= 0 {
            return Err("a component collapses to a point at this t".into());
        }
        let sigma = Iv::of(&a.s, prec).sqrt()?;
        let d = x.sub(&Iv::of(&a.m, prec));
        let z = d.div(&sigma)?;
        let phi = z.normal_pdf();
        let w = Iv::of(&g.w, prec);
        let dm = Iv::of(&(g.m1.clone() - &g.m0), prec);
        let v = dm.add(&Iv::of(&(a.g.clone() / &a.s), prec).mul(&d));
        let dz = dm
            .add(&Iv::of(&(a.ds / (q(2) * &a.s)), prec).mul(&d))
            .div(&sigma)?
            .neg();
        let pi = phi.div(&sigma)?;
        f = f.add(&w.mul(&z.normal_cdf()));
        p = p.add(&w.mul(&pi));
        vp = vp.add(&w.mul(&pi).mul(&v));
        dfdt = dfdt.add(&w.mul(&phi.mul(&dz)));
    }
    Ok(Vals { f, p, vp, dfdt })
}

/// The atoms of `p_t`, sorted and merged: `(position, mass, v_t)`.
fn atoms_at(atoms: &[[Q; 3]], t: &Q) -> Vec<(Q, Q, Q)> {
    let u = q(1) - t.clone();
    let sum = |f: &dyn Fn(&[Q; 3]) -> Q| {
        let moved = atoms
            .iter()
            .map(|a| (vec![u.clone() * &a[0] + t.clone() * &a[1]], f(a)));
        merged(0, moved.collect()).1
    };
    let masses = sum(&|a| a[2].clone());
    let moved = sum(&|a| a[2].clone() * (a[1].clone() - &a[0]));
    let v = masses.into_iter().zip(moved);
    v.map(|((pos, m), (_, md))| (pos[0].clone(), m.clone(), md / m))
        .collect()
}

/// `F_t(y)` of a discrete or uniform plan, exactly.
fn exact_cdf(p: &Plan, t: &Q, y: &Q) -> Option<Q> {
    match p {
        Plan::Gauss(_) => None,
        Plan::Atoms(a) => Some(
            atoms_at(a, t)
                .into_iter()
                .filter(|a| a.0 <= *y)
                .fold(q(0), |s, a| s + a.1),
        ),
        Plan::Uniform([a0, b0, a1, b1]) => {
            // X_t = U + V, U ~ U[(1-t) a0, (1-t) b0], V ~ U[t a1, t b1]
            let u = q(1) - t.clone();
            let (l0, l1) = (u.clone() * (b0.clone() - a0), t.clone() * (b1.clone() - a1));
            let z = y.clone() - u * a0 - t.clone() * a1;
            if l0 == 0 || l1 == 0 {
                return Some((z / (l0 + l1)).clamp(&0, &1));
            }
            let ramp = |d: Q| if d > 0 { d.square() / q(2) } else { q(0) };
            let area = ramp(z.clone()) - ramp(z.clone() - &l0) - ramp(z.clone() - &l1)
                + ramp(z - &l0 - &l1);
            Some(area / (l0 * l1))
        }
    }
}

/// An enclosure of `F_t(y)`.
fn cdf(p: &Plan, t: &Q, y: &Q, prec: u32) -> Result<Iv, String> {
    match (p, exact_cdf(p, t, y)) {
        (Plan::Gauss(c), _) => Ok(gauss_vals(c, t, &Iv::of(y, prec), prec)?.f),
        (_, Some(f)) => Ok(Iv::of(&f, prec)),
        _ => unreachable!("exact for the other families"),
    }
}

/// `F_{t2}(y2) - F_{t1}(y1)` of a Gaussian family, component by component;
/// where both standardised points are at least 0 it is the difference of
/// the upper tails `Phi(-z1) - Phi(-z2)`, each enclosed to relative
/// accuracy, so that two values within `10^-700000` of 1 are still told
/// apart.
fn cdf_gap(
    comps: &[Comp],
    (t1, y1): (&Q, &Q),
    (t2, y2): (&Q, &Q),
    prec: u32,
) -> Result<Iv, String> {
    let mut sum = Iv::int(0, prec);
    for g in comps {
        let standardised = |t: &Q, y: &Q| -> Result<Iv, String> {
            let a = g.at(t);
            if a.s <= 0 {
                return Err("a component collapses to a point at this t".into());
            }
            Iv::of(&(y.clone() - a.m), prec).div(&Iv::of(&a.s, prec).sqrt()?)
        };
        let (z1, z2) = (standardised(t1, y1)?, standardised(t2, y2)?);
        let gap = if z1.lo >= 0 && z2.lo >= 0 {
            z1.neg().normal_cdf().sub(&z2.neg().normal_cdf())
        } else {
            z2.normal_cdf().sub(&z1.normal_cdf())
        };
        sum = sum.add(&Iv::of(&g.w, prec).mul(&gap));
    }
    Ok(sum)
}

/// Whether `F_{t1}(y1) <= F_{t2}(y2)` is certified: exactly for a single
/// Gaussian (compare the standardised points), discrete and uniform plans.
fn cdf_le(p: &Plan, (t1, y1): (&Q, &Q), (t2, y2): (&Q, &Q), prec: u32) -> Result<bool, String> {
    match p {
        Plan::Gauss(c) if c.len() == 1 => {
            let (e1, e2) = (c[0].at(t1), c[0].at(t2));
            if e1.s <= 0 || e2.s <= 0 {
                return Err("a component collapses to a point at this t".into());
            }
            let (a, b) = (y1.clone() - e1.m, y2.clone() - e2.m);
            // a / sqrt(s1) <= b / sqrt(s2)
            let (aa, bb) = (a.clone().square() * e2.s, b.clone().square() * e1.s);
            Ok(if a <= 0 && b >= 0 {
                true
            } else if a >= 0 && b >= 0 {
                aa <= bb
            } else if a <= 0 && b <= 0 {
                aa >= bb
            } else {
                false
            })
        }
        Plan::Gauss(c) => Ok(cdf_gap(c, (t1, y1), (t2, y2), prec)?.lo >= 0),
        _ => Ok(exact_cdf(p, t1, y1) <= exact_cdf(p, t2, y2)),
    }
}

/// Confirms the witness `{"x", "phi": {lo, hi}}` encloses `Phi_t(x)` of
/// `map` at the point `x`; returns the exact ends of an enclosure.
fn flow_map(map: &Plan, t: &Q, x: &Q, w: &Value, prec: u32) -> Result<(Q, Q), String> {
    crate::number::only_keys(w, &["x", "phi"])?;
    crate::number::only_keys(get(w, "phi")?, &["lo", "hi"])?;
    if num(w, "x")? != *x {
        return Err("the witness points are not the input points".into());
    }
    let e = get(w, "phi")?;
    let (lo, hi) = (num(e, "lo")?, num(e, "hi")?);
    let zero = q(0);
    let start = exact_cdf(map, &zero, x);
    let unconfirmed = || Err(format!("the enclosure of Phi_t({x}) is not confirmed"));
    if let Plan::Atoms(a) = map {
        // the exact quantile min { y : F_t(y) >= F_0(x) }
        let p = start.expect("exact");
        if p == 0 {
            return Err("F_0(x) = 0: Phi_t(x) is not defined".into());
        }
        let mut sum = q(0);
        for (pos, mass, _) in atoms_at(a, t) {
            sum += mass;
            if sum >= p {
                return if lo <= pos && pos <= hi {
                    Ok((pos.clone(), pos))
                } else {
                    unconfirmed()
                };
            }
        }
        unreachable!("the masses sum to 1");
    }
    if start.is_some_and(|p| p == 0 || p == 1) {
        return Err("F_0(x) is 0 or 1: Phi_t(x) is not defined".into());
    }
    if *t == 0 {
        // F_0 is strictly increasing where 0 < F_0 < 1: Phi_0(x) = x
        return if lo <= *x && *x <= hi {
            Ok((x.clone(), x.clone()))
        } else {
            unconfirmed()
        };
    }
    // F_t continuous and strictly increasing: a root inside [lo, hi]
    if lo <= hi
        && cdf_le(map, (t, &lo), (&zero, x), prec)?
        && cdf_le(map, (&zero, x), (t, &hi), prec)?
    {
        Ok((lo, hi))
    } else {
        unconfirmed()
    }
}

/// `F_t(Y) - F_0(x)` for `Y = [lo, hi]` (`F_t` is increasing).
fn transport_residual(p: &Plan, t: &Q, (lo, hi): &(Q, Q), x: &Q, prec: u32) -> Result<Iv, String> {
    let ft = cdf(p, t, lo, prec)?.hull(&cdf(p, t, hi, prec)?);
    Ok(ft.sub(&cdf(p, &q(0), x, prec)?))
}

/// A measure over points: refuted when some residual lies beyond `tol`,
/// certified when all lie within, else undecided.
pub(crate) fn decide(residuals: &[Iv], tol: &Q) -> Option<Finding> {
    let mut all = true;
    for r in residuals {
        match within(r, tol) {
            Some(false) => return Some(Finding::Refuted),
            Some(true) => {}
            None => all = false,
        }
    }
    all.then_some(Finding::Certified)
}

/// Runs `f` at `bits + 32` bits, doubling up to twice the largest allowed
/// precision while it is undecided (or fails).
pub(crate) fn escalate<T>(
    c: &Cert,
    f: impl FnMut(u32) -> Result<Option<T>, String>,
) -> Result<T, String> {
    // the certificate's enclosures were decided at `c.bits` and printed with
    // as many digits: 32 guard bits suffice, and twice that precision once
    // more; beyond, a failure is the witness's, not the precision's
    escalate_over(&[c.bits + 32, 2 * c.bits + 64], f)
}

/// `f` at each precision in turn until it decides; the last failure
/// otherwise.
fn escalate_over<T>(
    precisions: &[u32],
    mut f: impl FnMut(u32) -> Result<Option<T>, String>,
) -> Result<T, String> {
    let mut why = String::new();
    for &prec in precisions {
        why = match f(prec) {
            Ok(Some(v)) => return Ok(v),
            Ok(None) => "undecided".to_string(),
            Err(e) => e,
        };
    }
    Err(format!(
        "{why} (at {} bits, the last tried)",
        precisions.last().copied().unwrap_or(0)
    ))
}

/// `transport-identity`: `max |F_t(Phi_t(x)) - F_0(x)|` over the points.
pub fn transport_identity(c: &Cert) -> Result<Finding, String> {
    let p = plan(get(c.inputs, "plan")?)?;
    let map_of = optional_plan(c.inputs, "map_of")?;
    let map = map_of.as_ref().unwrap_or(&p);
    let t = time(get(c.inputs, "t")?)?;
    let xs = vector(get(c.inputs, "x")?)?;
    let ws = items(c.witness_field("phi")?, "phi")?;
    if time(c.witness_field("t")?)? != t || ws.len() != xs.len() {
        return Err("the witness is not at the input time and points".into());
    }
    escalate(c, |prec| {
        let mut rs = Vec::new();
        for (x, w) in xs.iter().zip(ws) {
            let y = flow_map(map, &t, x, w, prec)?;
            rs.push(transport_residual(&p, &t, &y, x, prec)?);
        }
        Ok(decide(&rs, &c.tolerance))
    })
}

/// The plan, the optional field's plan (both Gaussian), times and points.
type Grid = (Plan, Option<Plan>, Vec<Q>, Vec<Q>);

fn grid(c: &Cert) -> Result<Grid, String> {
    let p = plan(get(c.inputs, "plan")?)?;
    let field = optional_plan(c.inputs, "field_of")?;
    let ts = list(c.inputs, "t")?
        .iter()
        .map(time)
        .collect::<Result<Vec<_>, _>>()?;
    let xs = vector(get(c.inputs, "x")?)?;
    if xs.is_empty() {
        return Err("no points".into());
    }
    Ok((p, field, ts, xs))
}

/// `dF_t/dt + v_t p_t` over `x`, `v` of `field` (else of the plan).
fn flux_at(p: &[Comp], field: Option<&[Comp]>, t: &Q, x: &Iv, prec: u32) -> Result<Iv, String> {
    let a = gauss_vals(p, t, x, prec)?;
    Ok(match field {
        None => a.dfdt.add(&a.vp),
        Some(f) => {
            let b = gauss_vals(f, t, x, prec)?;
            a.dfdt.add(&b.vp.div(&b.p)?.mul(&a.p))
        }
    })
}

/// `flux-identity`: `max |dF_t/dt + v_t p_t|` over the grid.
pub fn flux_identity(c: &Cert) -> Result<Finding, String> {
    let (p, field, ts, xs) = grid(c)?;
    let (p, field) = (gauss(&p)?, field.as_ref().map(gauss).transpose()?);
    escalate(c, |prec| {
        let mut rs = Vec::new();
        for t in &ts {
            for x in &xs {
                rs.push(flux_at(p, field, t, &Iv::of(x, prec), prec)?);
            }
        }
        Ok(decide(&rs, &c.tolerance))
    })
}

/// `flow-identity`: `max |dPhi_t/dt - v_t(Phi_t)|` over the grid, with
/// `dPhi_t/dt = -(dF_t/dt)(Phi_t) / p_t(Phi_t)` over the confirmed
/// enclosures of `Phi_t(x)`.
pub fn flow_identity(c: &Cert) -> Result<Finding, String> {
    let (whole, field, ts, xs) = grid(c)?;
    let (p, field) = (gauss(&whole)?, field.as_ref().map(gauss).transpose()?);
    let at_t = items(c.witness_field("phi")?, "phi")?;
    if at_t.len() != ts.len() {
        return Err("the witness is not at the input times".into());
    }
    escalate(c, |prec| {
        let mut rs = Vec::new();
        for (t, w) in ts.iter().zip(at_t) {
            crate::number::only_keys(w, &["t", "phi"])?;
            let ws = list(w, "phi")?;
            if num(w, "t")? != *t || ws.len() != xs.len() {
                return Err("the witness is not at the input times and points".into());
            }
            for (x, w) in xs.iter().zip(ws) {
                let (lo, hi) = flow_map(&whole, t, x, w, prec)?;
                let y = Iv::between(&lo, &hi, prec);
                let a = gauss_vals(p, t, &y, prec)?;
                let v = match field {
                    None => a.vp.div(&a.p)?,
                    Some(f) => {
                        let b = gauss_vals(f, t, &y, prec)?;
                        b.vp.div(&b.p)?
                    }
                };
                rs.push(a.dfdt.div(&a.p)?.neg().sub(&v));
            }
        }
        Ok(decide(&rs, &c.tolerance))
    })
}

fn range(v: &Value, key: &str) -> Result<(Q, Q), String> {
    match vector(get(v, key)?)?.as_slice() {
        [a, b] if a <= b => Ok((a.clone(), b.clone())),
        _ => Err(format!("`{key}` is not [lo, hi] with lo <= hi")),
    }
}

/// `flux-identity-box`: with the plan's own field the identity holds on
/// the whole box iff `S'_t = 2 G_t` and `S_t > 0` on `[t0, t1]` for every
/// component; with another field, refuted at a witness point.
pub fn flux_identity_box(c: &Cert) -> Result<Finding, String> {
    let whole = plan(get(c.inputs, "plan")?)?;
    let p = gauss(&whole)?;
    let field = optional_plan(c.inputs, "field_of")?;
    let (t0, t1) = range(c.inputs, "t")?;
    let (x0, x1) = range(c.inputs, "x")?;
    if t0 < 0 || t1 > 1 {
        return Err("the times must lie in [0, 1]".into());
    }
    if field
        .as_ref()
        .is_none_or(|f| canon(f, None) == canon(&whole, None))
    {
        for g in p {
            // both sides have degree <= 1 in t: equal at 0 and 1, equal
            for t in [q(0), q(1)] {
                let a = g.at(&t);
                if a.ds != q(2) * a.g {
                    return Err("S'_t = 2 G_t fails: no symbolic certificate".into());
                }
            }
            // S_t is a convex quadratic: its minimum on [t0, t1] is at an
            // end or at the vertex
            let a = g.s00.clone() - q(2) * &g.c + &g.s11;
            let mut at = vec![t0.clone(), t1.clone()];
            if a > 0 {
                let vertex = (g.s00.clone() - &g.c) / a;
                if t0 < vertex && vertex < t1 {
                    at.push(vertex);
                }
            }
            if at.iter().any(|t| g.at(t).s <= 0) {
                return Err("S_t reaches 0 on [t0, t1]".into());
            }
        }
        return Ok(Finding::Certified);
    }
    let f = gauss(field.as_ref().expect("another field"))?;
    let t = rational(c.witness_field("t")?)?;
    let x = rational(c.witness_field("x")?)?;
    if t < t0 || t > t1 || x < x0 || x > x1 {
        return Err("the witness point lies outside the box".into());
    }
    let stated = c.witness("residual");
    escalate(c, |prec| {
        let r = flux_at(p, Some(f), &t, &Iv::of(&x, prec), prec)?;
        // the stated residual encloses the verifier's (else undecided here)
        let confirmed = stated.map_or(Ok(true), |s| contains(s, &r))?;
        Ok((!r.contains_zero() && confirmed).then_some(Finding::Refuted))
    })
}

/// A canonical form: a family tag and sorted `(key, weight)`, equal keys
/// merged.
type Canon = (u8, Vec<(Vec<Q>, Q)>);

fn merged(tag: u8, items: Vec<(Vec<Q>, Q)>) -> Canon {
    (tag, merge_equal(items))
}

/// `(key, weight)` sorted by key, the weights of equal keys summed: a
/// finite measure on the keys, equal iff the measures are.
pub(crate) fn merge_equal(mut items: Vec<(Vec<Q>, Q)>) -> Vec<(Vec<Q>, Q)> {
    items.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out: Vec<(Vec<Q>, Q)> = Vec::new();
    for (k, w) in items {
        match out.last_mut() {
            Some(last) if last.0 == k => last.1 += w,
            _ => out.push((k, w)),
        }
    }
    out
}

/// The whole plan (`side` None), or the law of `X0` (`Some(0)`) or `X1`
/// (`Some(1)`), canonically (finite Gaussian mixtures are identifiable).
fn canon(p: &Plan, side: Option<usize>) -> Canon {
    let (tag, items) = match p {
        Plan::Gauss(cs) => (
            0,
            cs.iter()
                .map(|g| {
                    let key = match side {
                        None => vec![&g.m0, &g.m1, &g.s00, &g.s11, &g.c],
                        Some(0) => vec![&g.m0, &g.s00],
                        Some(_) => vec![&g.m1, &g.s11],
                    };
                    (key.into_iter().cloned().collect(), g.w.clone())
                })
                .collect(),
        ),
        Plan::Atoms(a) => (
            1,
            a.iter()
                .map(|a| {
                    (
                        side.map_or(a[..2].to_vec(), |s| vec![a[s].clone()]),
                        a[2].clone(),
                    )
                })
                .collect(),
        ),
        Plan::Uniform(u) => (
            2,
            vec![(
                side.map_or(u.to_vec(), |s| u[2 * s..2 * s + 2].to_vec()),
                q(1),
            )],
        ),
    };
    merged(tag, items)
}

/// `Some(Refuted)` when the marginals differ or the plans are the same.
fn preconditions(a: &Plan, b: &Plan) -> Option<Finding> {
    let same_marginals = (0..2).all(|s| canon(a, Some(s)) == canon(b, Some(s)));
    (!same_marginals || canon(a, None) == canon(b, None)).then_some(Finding::Refuted)
}

/// `v_t(x) = m1 - m0 + (G_t / S_t)(x - m_t)` of a single Gaussian, exactly.
fn exact_field(comps: &[Comp], t: &Q, x: &Q) -> Option<Q> {
    let [g] = comps else { return None };
    let a = g.at(t);
    (a.s > 0).then(|| g.m1.clone() - &g.m0 + a.g / &a.s * (x.clone() - &a.m))
}

/// Whether `stated` (`{lo, hi}`, printed outward) contains the enclosure
/// `e`: then it contains the value.
pub(crate) fn contains(stated: &Value, e: &Iv) -> Result<bool, String> {
    let (lo, hi) = stated_ends(stated)?;
    Ok(lo <= e.lo && hi.is_some_and(|hi| e.hi <= hi))
}

/// The ends of a stated enclosure `{lo, hi}` (no other key). The lower end
/// may be a positive number too small to read, taken as a larger stand-in
/// (a stricter test); the upper end must be read exactly (`None` when it
/// cannot be: a stand-in would make it larger than stated).
pub fn stated_ends(stated: &Value) -> Result<(Q, Option<Q>), String> {
    crate::number::only_keys(stated, &["lo", "hi"])?;
    let lo = crate::number::printed_end(get(stated, "lo")?)?;
    let hi = rational(get(stated, "hi")?).ok();
    Ok((lo, hi))
}

/// Whether the witness `{"t", "x", ...}` separates the two fields: a
/// common atom of both `p_t` with different exact `v_t`, or `p_t(x) > 0`
/// certified for both and disjoint enclosures of `v_t(x)`. The witness's
/// stated values are checked too: exact `v_t` equal, each stated
/// enclosure containing the verifier's (`false`, undecided at this
/// precision, when one does not yet).
fn separation(a: &Plan, b: &Plan, w: &Value, prec: u32, most: u32) -> Result<bool, String> {
    // stated enclosures as fine as their digits need as many bits, up to
    // `most` (twice the certificate's largest precision: the work budget
    // was checked against it)
    let digits = ["p_t", "v_t", "other_p_t", "other_v_t"]
        .iter()
        .filter_map(|k| w.get(*k))
        .flat_map(|e| {
            ["lo", "hi"].map(|end| e.get(end).and_then(Value::as_str).map_or(0, str::len))
        })
        .max()
        .unwrap_or(0);
    let prec = prec
        .max((digits as u32).saturating_mul(10) / 3 + 64)
        .min(most.max(prec));
    let t = time(get(w, "t")?)?;
    let x = num(w, "x")?;
    let allowed = ["t", "x", "p_t", "v_t", "other_p_t", "other_v_t"];
    if let Some(k) = w
        .as_object()
        .and_then(|o| o.keys().find(|k| !allowed.contains(&k.as_str())))
    {
        return Err(format!(
            "the separation states `{k}`, which the verifier does not check"
        ));
    }
    match (a, b) {
        (Plan::Atoms(pa), Plan::Atoms(pb)) => {
            let v_at = |p: &[[Q; 3]]| atoms_at(p, &t).into_iter().find(|a| a.0 == x).map(|a| a.2);
            match (v_at(pa), v_at(pb)) {
                (Some(va), Some(vb)) if va != vb => {
                    for (key, v) in [("v_t", &va), ("other_v_t", &vb)] {
                        if w.get(key)
                            .is_some_and(|s| rational(s).ok().as_ref() != Some(v))
                        {
                            return Err(format!("the stated `{key}` is not the field at the atom"));
                        }
                    }
                    if w.get("p_t").is_some() || w.get("other_p_t").is_some() {
                        return Err("an enclosure of p_t at an atom".into());
                    }
                    Ok(true)
                }
                (Some(_), Some(_)) => Err("the two fields agree at the witness atom".into()),
                _ => Err("the witness point is not an atom of both p_t".into()),
            }
        }
        (Plan::Gauss(ga), Plan::Gauss(gb)) => {
            let xi = Iv::of(&x, prec);
            let (va, vb) = (
                gauss_vals(ga, &t, &xi, prec)?,
                gauss_vals(gb, &t, &xi, prec)?,
            );
            if !va.p.positive() || !vb.p.positive() {
                return Ok(false);
            }
            let (fa, fb) = (va.vp.div(&va.p)?, vb.vp.div(&vb.p)?);
            for (key, e) in [("p_t", &va.p), ("other_p_t", &vb.p)] {
                if !w.get(key).map_or(Ok(true), |s| contains(s, e))? {
                    return Ok(false);
                }
            }
            for (key, comps, e) in [("v_t", ga, &fa), ("other_v_t", gb, &fb)] {
                let Some(stated) = w.get(key) else { continue };
                // the field of one Gaussian is exact: the stated enclosure
                // holds it; of a mixture, it holds the verifier's enclosure
                let holds = match exact_field(comps, &t, &x) {
                    Some(v) => {
                        let (lo, hi) = stated_ends(stated)?;
                        lo <= v && hi.is_some_and(|hi| v <= hi)
                    }
                    None => contains(stated, e)?,
                };
                if !holds {
                    return Ok(false);
                }
            }
            Ok(fa.disjoint(&fb))
        }
        _ => Err("no separation witness for these families".into()),
    }
}

/// `field-separation`: same marginals, different plans, and a witness
/// point where the fields differ.
pub fn field_separation(c: &Cert) -> Result<Finding, String> {
    let a = plan(get(c.inputs, "plan")?)?;
    let b = plan(get(c.inputs, "other")?)?;
    if let Some(f) = preconditions(&a, &b) {
        return Ok(f);
    }
    // the witness is the separation itself: every field read below
    let w = serde_json::json!({
        "t": c.witness_field("t")?, "x": c.witness_field("x")?,
    });
    let mut w = w;
    for key in ["p_t", "v_t", "other_p_t", "other_v_t"] {
        if let Some(v) = c.witness(key) {
            w[key] = v.clone();
        }
    }
    escalate(c, |prec| {
        Ok(separation(&a, &b, &w, prec, c.most_bits())?.then_some(Finding::Certified))
    })
}

/// `same-map-different-fields`: the separation, then
/// `max |Phi_1(x) - Phi'_1(x)|` over the points from the two confirmed
/// enclosures.
pub fn same_map(c: &Cert) -> Result<Finding, String> {
    let a = plan(get(c.inputs, "plan")?)?;
    let b = plan(get(c.inputs, "other")?)?;
    let xs = vector(get(c.inputs, "x")?)?;
    if let Some(f) = preconditions(&a, &b) {
        return Ok(f);
    }
    let sep = c.witness_field("separation")?;
    let maps = |key: &str| -> Result<&Vec<Value>, String> {
        let m = c.witness_field(key)?;
        crate::number::only_keys(m, &["t", "phi"])?;
        if num(m, "t")? != 1 || list(m, "phi")?.len() != xs.len() || xs.is_empty() {
            return Err("the witness maps are not Phi_1 at the input points".into());
        }
        list(m, "phi")
    };
    let (wa, wb) = (maps("phi")?, maps("other_phi")?);
    let one = q(1);
    escalate(c, |prec| {
        if !separation(&a, &b, sep, prec, c.most_bits())? {
            return Ok(None);
        }
        let mut rs = Vec::new();
        for ((x, u), w) in xs.iter().zip(wa).zip(wb) {
            let (l1, h1) = flow_map(&a, &one, x, u, prec)?;
            let (l2, h2) = flow_map(&b, &one, x, w, prec)?;
            rs.push(Iv::between(&(l1 - h2), &(h1 - l2), prec));
        }
        Ok(decide(&rs, &c.tolerance))
    })
}

fn power(x: &Q, n: usize) -> Q {
    (0..n).fold(q(1), |r, _| r * x)
}

/// `E[X0^i X1^j]` of one Gaussian component for `i + j <= k`, by Stein's
/// identity `E[(X0 - m0) f] = s00 E[d0 f] + c E[d1 f]` (likewise `X1`).
fn stein(g: &Comp, k: usize) -> Vec<Vec<Q>> {
    let mut m = vec![vec![q(0); k + 1]; k + 1];
    m[0][0] = q(1);
    for total in 1..=k {
        for i in 0..=total {
            let j = total - i;
            let back = |m: &[Vec<Q>], di: usize, dj: usize| {
                if i >= di && j >= dj {
                    m[i - di][j - dj].clone()
                } else {
                    q(0)
                }
            };
            m[i][j] = if i >= 1 {
                g.m0.clone() * back(&m, 1, 0)
                    + q(i as i64 - 1) * &g.s00 * back(&m, 2, 0)
                    + q(j as i64) * &g.c * back(&m, 1, 1)
            } else {
                g.m1.clone() * back(&m, 0, 1) + q(j as i64 - 1) * &g.s11 * back(&m, 0, 2)
            };
        }
    }
    m
}

/// `mu[i][j] = E[X0^i X1^j]` for `i + j <= k` (0 beyond), exactly.
fn moments(p: &Plan, k: usize) -> Vec<Vec<Q>> {
    let table = |f: &dyn Fn(usize, usize) -> Q| -> Vec<Vec<Q>> {
        let row = |i: usize| {
            (0..=k)
                .map(|j| if i + j <= k { f(i, j) } else { q(0) })
                .collect()
        };
        (0..=k).map(row).collect()
    };
    match p {
        Plan::Gauss(cs) => {
            let each: Vec<_> = cs.iter().map(|g| stein(g, k)).collect();
            table(&|i, j| {
                cs.iter()
                    .zip(&each)
                    .fold(q(0), |s, (g, m)| s + g.w.clone() * &m[i][j])
            })
        }
        Plan::Atoms(atoms) => table(&|i, j| {
            let term = |a: &[Q; 3]| a[2].clone() * power(&a[0], i) * power(&a[1], j);
            atoms.iter().fold(q(0), |s, a| s + term(a))
        }),
        Plan::Uniform([a0, b0, a1, b1]) => {
            let e = |a: &Q, b: &Q, i: usize| {
                (power(b, i + 1) - power(a, i + 1)) / (q(i as i64 + 1) * (b.clone() - a))
            };
            table(&|i, j| e(a0, b0, i) * e(a1, b1, j))
        }
    }
}

/// Solves `m y = rhs` exactly (the last column of `m` is `rhs`).
fn solve(mut m: Vec<Vec<Q>>) -> Result<Vec<Q>, String> {
    let n = m.len();
    for col in 0..n {
        let pivot = (col..n)
            .find(|&r| m[r][col] != 0)
            .ok_or("a singular system")?;
        m.swap(col, pivot);
        let p = m[col].clone();
        for (r, row) in m.iter_mut().enumerate() {
            if r != col && row[col] != 0 {
                let f = row[col].clone() / &p[col];
                for (x, y) in row.iter_mut().zip(&p) {
                    *x -= f.clone() * y;
                }
            }
        }
    }
    Ok(m.iter()
        .enumerate()
        .map(|(i, row)| row[n].clone() / &row[i])
        .collect())
}

/// `moment-recovery`: the largest `|recovered - mu(plan)|` over the mixed
/// moments of degrees 1..K, recovered from the moments of `X_t` of the
/// source at `t_l = (l+1)/(k+2)`, exactly.
pub fn moment_recovery(c: &Cert) -> Result<Finding, String> {
    let p = plan(get(c.inputs, "plan")?)?;
    let source = optional_plan(c.inputs, "source")?;
    let k_max = crate::number::count(c.inputs, "degree", 16)? as usize;
    if k_max == 0 {
        return Err("a degree of 0".into());
    }
    let mu = moments(&p, k_max);
    let src = source
        .as_ref()
        .map_or_else(|| mu.clone(), |s| moments(s, k_max));
    let mut worst = q(0);
    for k in 1..=k_max {
        let rows = (0..=k)
            .map(|l| {
                let t = Q::from((l as i64 + 1, k as i64 + 2));
                let u = q(1) - t.clone();
                let mut row: Vec<Q> = (0..=k)
                    .map(|j| {
                        Q::from(Integer::from(k).binomial(j as u32))
                            * power(&u, k - j)
                            * power(&t, j)
                    })
                    .collect();
                let moment = (0..=k).fold(q(0), |s, j| s + row[j].clone() * &src[k - j][j]);
                row.push(moment);
                row
            })
            .collect();
        let recovered = solve(rows)?;
        if k == k_max {
            let top: Vec<String> = recovered.iter().map(|y| y.to_string()).collect();
            c.stated_equals("top_degree_moments", &Value::from(top))?;
        }
        for (j, y) in recovered.into_iter().enumerate() {
            let d = (y - &mu[k - j][j]).abs();
            if d > worst {
                worst = d;
            }
        }
    }
    Ok(Finding::of(worst <= c.tolerance))
}

/// `E e^{eps |U|}`, `U ~ U[a, b]`: `(F(b) - F(a)) / (b - a)` with the
/// antiderivative `F(x) = sign(x) (e^{eps |x|} - 1) / eps`.
fn uniform_exp(a: &Q, b: &Q, eps: &Q, prec: u32) -> Result<Iv, String> {
    let anti = |x: &Q| -> Result<Iv, String> {
        let e = Iv::of(&(eps.clone() * x.clone().abs()), prec)
            .exp()
            .sub(&Iv::int(1, prec));
        let f = e.div(&Iv::of(eps, prec))?;
        Ok(if *x < 0 { f.neg() } else { f })
    };
    anti(b)?.sub(&anti(a)?).div(&Iv::of(&(b.clone() - a), prec))
}

/// `E e^{eps (|X0| + |X1|)}` of one Gaussian component, the integral of
/// Plackett's identity split into `n` pieces.
fn gauss_exp(g: &Comp, eps: &Q, n: u32, prec: u32) -> Result<Iv, String> {
    let one = Iv::int(1, prec);
    let sd0 = Iv::of(&g.s00, prec).sqrt()?;
    let normal = |z: &Q| -> Result<Iv, String> { Ok(Iv::of(z, prec).div(&sd0)?.normal_cdf()) };
    if g.c.clone().square() == g.s00.clone() * &g.s11 {
        // X1 = alpha X0 + beta: the exponent is linear between the cuts
        let alpha = g.c.clone() / &g.s00;
        let beta = g.m1.clone() - alpha.clone() * &g.m0;
        let mut cuts = vec![q(0), -beta.clone() / &alpha];
        cuts.sort();
        cuts.dedup();
        let mut ends: Vec<Option<Q>> = vec![None];
        ends.extend(cuts.into_iter().map(Some));
        ends.push(None);
        let mut total = Iv::int(0, prec);
        for piece in ends.windows(2) {
            let inside = match (&piece[0], &piece[1]) {
                (Some(l), Some(u)) => (l.clone() + u) / q(2),
                (None, Some(u)) => u.clone() - q(1),
                (Some(l), None) => l.clone() + q(1),
                (None, None) => unreachable!("a cut at 0"),
            };
            let s1 = q(if inside > 0 { 1 } else { -1 });
            let s2 = q(if alpha.clone() * &inside + &beta > 0 {
                1
            } else {
                -1
            });
            let (a, gr) = (eps.clone() * &s2 * &beta, eps.clone() * (s1 + s2 * &alpha));
            // integral of e^{a + gr x} against N(m0, s00) over the piece
            let shift = |x: &Q| x.clone() - &g.m0 - gr.clone() * &g.s00;
            let hi = piece[1]
                .as_ref()
                .map_or(Ok(one.clone()), |u| normal(&shift(u)))?;
            let lo = piece[0]
                .as_ref()
                .map_or(Ok(Iv::int(0, prec)), |l| normal(&shift(l)))?;
            let mass = hi.sub(&lo).meet(&Iv::between(&q(0), &q(1), prec))?;
            let e = a + gr.clone() * &g.m0 + gr.square() * &g.s00 / q(2);
            total = total.add(&Iv::of(&e, prec).exp().mul(&mass));
        }
        return Ok(total);
    }
    let sd1 = Iv::of(&g.s11, prec).sqrt()?;
    let two = Iv::int(2, prec);
    let two_pi = Iv::pi(prec).mul(&two);
    let mut total = Iv::int(0, prec);
    for (s0, s1) in [(1, 1), (1, -1), (-1, 1), (-1, -1)] {
        let (s0, s1) = (q(s0), q(s1));
        // tilt by lambda = eps (s0, s1): mean mu + Sigma lambda
        let tilt = eps.clone() * (s0.clone() * &g.m0 + s1.clone() * &g.m1)
            + eps.clone().square() * (g.s00.clone() + q(2) * &s0 * &s1 * &g.c + &g.s11) / q(2);
        let mu0 = g.m0.clone() + eps.clone() * (s0.clone() * &g.s00 + s1.clone() * &g.c);
        let mu1 = g.m1.clone() + eps.clone() * (s0.clone() * &g.c + s1.clone() * &g.s11);
        let h = Iv::of(&(s0.clone() * mu0), prec).div(&sd0)?;
        let k = Iv::of(&(s1.clone() * mu1), prec).div(&sd1)?;
        let mut phi2 = h.normal_cdf().mul(&k.normal_cdf());
        if g.c != 0 {
            // Phi2(h, k; r) = Phi(h) Phi(k) + int_0^r phi2(h, k; s) ds
            let r = Iv::of(&(s0 * s1 * &g.c), prec)
                .div(&Iv::of(&(g.s00.clone() * &g.s11), prec).sqrt()?)?;
            let (hk, hh) = (h.mul(&k), h.sqr().add(&k.sqr()));
            let nn = Iv::int(i64::from(n), prec);
            let mut sum = Iv::int(0, prec);
            for i in 0..n {
                let end = |j: u32| r.mul(&Iv::int(i64::from(j), prec)).div(&nn);
                let s = end(i)?.hull(&end(i + 1)?);
                let rest = one.sub(&s.sqr());
                if !rest.positive() {
                    return Err("|rho| too close to 1 at this precision".into());
                }
                let expo = hh
                    .sub(&two.mul(&s).mul(&hk))
                    .div(&two.mul(&rest))?
                    .neg()
                    .exp();
                sum = sum.add(&expo.div(&two_pi.mul(&rest.sqrt()?))?);
            }
            phi2 = phi2.add(&sum.mul(&r).div(&nn)?);
        }
        let phi2 = phi2.meet(&Iv::between(&q(0), &q(1), prec))?;
        total = total.add(&Iv::of(&tilt, prec).exp().mul(&phi2));
    }
    Ok(total)
}

fn exp_moment(p: &Plan, eps: &Q, n: u32, prec: u32) -> Result<Iv, String> {
    let mut total = Iv::int(0, prec);
    match p {
        Plan::Atoms(atoms) => {
            for [x0, x1, w] in atoms {
                let e = eps.clone() * (x0.clone().abs() + x1.clone().abs());
                total = total.add(&Iv::of(w, prec).mul(&Iv::of(&e, prec).exp()));
            }
        }
        Plan::Uniform([a0, b0, a1, b1]) => {
            total = uniform_exp(a0, b0, eps, prec)?.mul(&uniform_exp(a1, b1, eps, prec)?);
        }
        Plan::Gauss(cs) => {
            for g in cs {
                total = total.add(&Iv::of(&g.w, prec).mul(&gauss_exp(g, eps, n, prec)?));
            }
        }
    }
    Ok(total)
}

/// The work an `exponential-moment` check may take, in pieces x
/// components x `(bits / 64)^2` (measured in `TESTING.md`).
const EXPONENTIAL_MOMENT_BUDGET: u64 = 1 << 27;

/// `exponential-moment`: `E e^{eps (|X0| + |X1|)} <= bound`, certified by
/// the upper end of an enclosure, refuted by its lower end.
pub fn exponential_moment(c: &Cert) -> Result<Finding, String> {
    let p = plan(get(c.inputs, "plan")?)?;
    let eps = num(c.inputs, "eps")?;
    let bound = num(c.inputs, "bound")?;
    if eps <= 0 || eps > 100 {
        return Err("eps outside (0, 100]".into());
    }
    // no witness to confirm: the verifier's own enclosure decides, so it
    // goes as far as the engine could (its largest precision, doubled),
    // within a budget of work: pieces x components x (bits / 64)^2
    let components = match &p {
        Plan::Gauss(cs) => cs.len() as u64,
        _ => 1,
    };
    let mut spent = 0u64;
    escalate_over(&c.precisions(), |prec| {
        let mut n = 64;
        loop {
            let units = u64::from(prec / 64 + 1).pow(2);
            spent = spent.saturating_add(u64::from(n) * components * units);
            if spent > EXPONENTIAL_MOMENT_BUDGET {
                return Err(format!(
                    "undecided within the verifier's budget ({EXPONENTIAL_MOMENT_BUDGET} pieces x components x (bits / 64)^2)"
                ));
            }
            // the float ends against the rational bound (never converted:
            // an end near the exponent limits is a rational of 2^30 bits)
            let Iv { lo, hi } = exp_moment(&p, &eps, n, prec)?;
            if lo.is_nan() || hi.is_nan() {
                return Err("an enclosure with a NaN end".into());
            }
            if hi <= bound {
                return Ok(Some(Finding::Certified));
            }
            if lo > bound {
                return Ok(Some(Finding::Refuted));
            }
            if n >= 16384 || !matches!(p, Plan::Gauss(_)) {
                return Ok(None);
            }
            n *= 2;
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Runs `kind` on each case `{"in", "w", "tol", "is"}` of `cases`: the
    /// inputs, the witness, the tolerance and the finding, `certified`,
    /// `refuted` or `rejected` (an error).
    fn expect(kind: fn(&Cert) -> Result<Finding, String>, cases: Value) {
        for case in cases.as_array().unwrap() {
            let c = Cert::new(
                "test",
                &case["in"],
                &case["w"],
                rational(&case["tol"]).unwrap_or_default(),
                64,
            );
            let got = kind(&c);
            let found = got.as_ref().map_or("rejected", |f| f.as_str());
            assert_eq!(found, case["is"], "{case}: {got:?}");
        }
    }

    fn normal(m0: &str, m1: &str, s00: &str, s11: &str, c: &str) -> Value {
        json!({"kind": "gaussian", "m0": m0, "m1": m1, "s00": s00, "s11": s11, "c": c})
    }

    fn atoms(a: &[[&str; 3]]) -> Value {
        let a: Vec<_> = a
            .iter()
            .map(|[x0, x1, w]| json!({"x0": x0, "x1": x1, "weight": w}))
            .collect();
        json!({"kind": "discrete", "atoms": a})
    }

    fn unif(a0: &str, b0: &str, a1: &str, b1: &str) -> Value {
        json!({"kind": "independent-uniform", "a0": a0, "b0": b0, "a1": a1, "b1": b1})
    }

    /// The witness of `Phi_t` at points `[x, lo, hi]`.
    fn phis(t: &str, p: &[[&str; 3]]) -> Value {
        let p: Vec<_> = p
            .iter()
            .map(|[x, lo, hi]| json!({"x": x, "phi": {"lo": lo, "hi": hi}}))
            .collect();
        json!({"t": t, "phi": p})
    }

    #[test]
    fn transport_enclosures_are_confirmed() {
        // N(0, 1) -> N(2, 4): Phi_1(1/3) = 8/3
        let n = normal("0", "2", "1", "4", "1");
        let at = json!({"plan": n, "map_of": null, "t": "1", "x": ["1/3"]});
        let mix = json!({"kind": "gaussian-mixture", "component": [
            {"weight": "1/2", "m0": "0", "m1": "0", "s00": "1", "s11": "1", "c": "0"},
            {"weight": "1/2", "m0": "3", "m1": "3", "s00": "1", "s11": "1", "c": "0"}]});
        let other = json!({"plan": mix, "map_of": n, "t": "1", "x": ["1/3"]});
        // discrete: atoms at 0 and 3/2 at t = 1/2; uniform: U[0, 1/2] + U[1, 5/2]
        let d = json!({"plan": atoms(&[["0", "0", "1/2"], ["1", "2", "1/2"]]), "t": "1/2", "x": ["0", "1"]});
        let u = json!({"plan": unif("0", "1", "2", "5"), "t": "1/2", "x": ["1/4"]});
        expect(
            transport_identity,
            json!([
                {"in": at, "w": phis("1", &[["1/3", "2.6666", "2.6667"]]), "tol": "1/1000", "is": "certified"},
                {"in": at, "w": phis("1", &[["1/3", "2.6666", "2.6667"]]), "tol": "1e-7", "is": "rejected"},
                {"in": at, "w": phis("1", &[["1/3", "8/3", "8/3"]]), "tol": "1e-30", "is": "certified"},
                {"in": at, "w": phis("1", &[["1/3", "2.67", "2.68"]]), "tol": "1", "is": "rejected"},
                {"in": at, "w": phis("1", &[["1/2", "2.6666", "2.6667"]]), "tol": "1", "is": "rejected"},
                {"in": at, "w": phis("1/2", &[["1/3", "2.6666", "2.6667"]]), "tol": "1", "is": "rejected"},
                {"in": other, "w": phis("1", &[["1/3", "2.6666", "2.6667"]]), "tol": "1/1000", "is": "refuted"},
                {"in": d, "w": phis("1/2", &[["0", "0", "0"], ["1", "1.4", "1.6"]]), "tol": "0", "is": "certified"},
                {"in": d, "w": phis("1/2", &[["0", "3/2", "3/2"], ["1", "3/2", "3/2"]]), "tol": "0", "is": "rejected"},
                {"in": u, "w": phis("1/2", &[["1/4", "1.625", "1.625"]]), "tol": "0", "is": "certified"},
                {"in": u, "w": phis("1/2", &[["1/4", "1.626", "1.627"]]), "tol": "1", "is": "rejected"},
            ]),
        );
    }

    /// Far between two components `10^5` apart both `F` are within
    /// `10^-195000000` of 1/2 or 1: the enclosure is confirmed on the
    /// difference of the upper tails (and a moved one is not).
    #[test]
    fn transport_far_between_components() {
        let far = json!({"kind": "gaussian-mixture", "component": [
            {"weight": "1/2", "m0": "0", "m1": "0", "s00": "1", "s11": "1", "c": "0"},
            {"weight": "1/2", "m0": "100000", "m1": "100000", "s00": "1", "s11": "1", "c": "0"}]});
        let midway = json!({"plan": far, "t": "1/2", "x": ["30000"]});
        let end = json!({"plan": far, "t": "1", "x": ["50000"]});
        // 30000 / sqrt 2 = 21213.2034355964257320253308631454711784...
        let root = "21213.2034355964257320253308631454711";
        let (lo, hi, moved) = (format!("{root}78"), format!("{root}79"), format!("{root}8"));
        expect(
            transport_identity,
            json!([
                {"in": midway, "w": phis("1/2", &[["30000", &lo, &hi]]), "tol": "1e-30", "is": "certified"},
                {"in": midway, "w": phis("1/2", &[["30000", &hi, &moved]]), "tol": "1e-30", "is": "rejected"},
                {"in": end, "w": phis("1", &[["50000", "49999.999999999999999999999999999999999", "50000.000000000000000000000000000000001"]]), "tol": "1e-30", "is": "certified"},
                {"in": end, "w": phis("1", &[["50000", "50000.000000000000000000000000000000001", "50000.000000000000000000000000000000002"]]), "tol": "1e-30", "is": "rejected"},
            ]),
        );
    }

    #[test]
    fn tampered_plans_are_rejected() {
        let bad = [
            normal("0", "0", "1", "1", "2"),
            normal("0", "0", "0", "1", "0"),
            atoms(&[["0", "0", "1/2"], ["1", "1", "1/3"]]),
            atoms(&[["0", "0", "3/2"], ["1", "1", "-1/2"]]),
            unif("1", "1", "0", "1"),
            json!({"kind": "gaussian-mixture", "component": []}),
        ];
        let cases =
            bad.map(|p| json!({"in": {"plan": p, "eps": "1", "bound": "1e9"}, "is": "rejected"}));
        expect(exponential_moment, json!(cases));
    }

    #[test]
    fn flux_and_flow_identities() {
        let grid = |c: &str, field: Value, t: &[&str], x: &[&str]| json!({"plan": normal("0", "2", "1", "4", c), "field_of": field, "t": t, "x": x});
        let (own, wrong) = (Value::Null, normal("0", "2", "1", "4", "0"));
        expect(
            flux_identity,
            json!([
                {"in": grid("-1", own.clone(), &["1/10", "1/2", "9/10"], &["-3", "0", "5"]), "tol": "1e-20", "is": "certified"},
                {"in": grid("1", wrong.clone(), &["1/2"], &["3"]), "tol": "1e-20", "is": "refuted"},
                {"in": grid("1", atoms(&[["0", "0", "1"]]), &["1/2"], &["3"]), "tol": "1", "is": "rejected"},
            ]),
        );
        // Phi_t(0) = m_t: d/dt Phi = 2 = v_t(m_t), for either field
        let flow = |x: &str, lo: &str, hi: &str| json!({"phi": [phis("1/2", &[[x, lo, hi]])]});
        let root = "2.322875655532295295250807876819630212847";
        expect(
            flow_identity,
            json!([
                {"in": grid("1", own.clone(), &["1/2"], &["0"]), "w": flow("0", "1", "1"), "tol": "1e-20", "is": "certified"},
                {"in": grid("1", wrong.clone(), &["1/2"], &["0"]), "w": flow("0", "1", "1"), "tol": "1e-20", "is": "certified"},
                {"in": grid("1", wrong, &["1/2"], &["1"]), "w": flow("1", root, "2.32287565553229529525080787681963021286"), "tol": "1e-20", "is": "refuted"},
                {"in": grid("1", own.clone(), &["1/2"], &["1"]), "w": flow("1", root, root), "tol": "1", "is": "rejected"},
                {"in": grid("1", own, &["1/2"], &["0"]), "w": flow("0", "1.1", "1.2"), "tol": "1e-20", "is": "rejected"},
            ]),
        );
        // the box: Sigma_t = (1 - 3t)^2 vanishes at t = 1/3 when c = -2
        let bx = |c: &str, field: Value, t: [&str; 2]| json!({"plan": normal("0", "0", "1", "4", c), "field_of": field, "t": t, "x": ["-1", "1"], "points": 4});
        let other = bx("1", normal("0", "0", "1", "4", "0"), ["1/4", "3/4"]);
        expect(
            flux_identity_box,
            json!([
                {"in": bx("2", Value::Null, ["0", "1"]), "tol": "0", "is": "certified"},
                {"in": bx("-2", Value::Null, ["1/2", "1"]), "tol": "0", "is": "certified"},
                {"in": bx("-2", normal("0", "0", "1", "4", "-2"), ["1/2", "1"]), "tol": "0", "is": "certified"},
                {"in": bx("-2", Value::Null, ["0", "1"]), "tol": "0", "is": "rejected"},
                {"in": bx("-2", Value::Null, ["1/4", "1/3"]), "tol": "0", "is": "rejected"},
                {"in": other, "w": {"t": "1/2", "x": "1"}, "tol": "0", "is": "refuted"},
                // the fields agree at x = m_t = 0; a point outside the box
                {"in": other, "w": {"t": "1/2", "x": "0"}, "tol": "0", "is": "rejected"},
                {"in": other, "w": {"t": "1/2", "x": "2"}, "tol": "0", "is": "rejected"},
            ]),
        );
    }

    #[test]
    fn separations() {
        let swap = atoms(&[["0", "1", "1/2"], ["1", "0", "1/2"]]);
        let stay = atoms(&[["0", "0", "1/2"], ["1", "1", "1/2"]]);
        let both = json!({"plan": swap, "other": stay});
        let at = |t: &str, x: &str| json!({"t": t, "x": x, "reason": "a common atom of p_t", "v_t": "1", "other_v_t": "0"});
        let g = json!({"plan": normal("0", "2", "1", "4", "1"), "other": normal("0", "2", "1", "4", "2")});
        expect(
            field_separation,
            json!([
                {"in": both, "w": at("0", "0"), "is": "certified"},
                // 1/2 is an atom of the first p_1/2 only; 1/3 of neither
                {"in": both, "w": at("1/2", "1/2"), "is": "rejected"},
                {"in": both, "w": at("0", "1/3"), "is": "rejected"},
                {"in": {"plan": stay, "other": atoms(&[["0", "0", "1/4"], ["1", "1", "3/4"]])}, "is": "refuted"},
                {"in": {"plan": stay, "other": atoms(&[["1", "1", "1/2"], ["0", "0", "1/4"], ["0", "0", "1/4"]])}, "is": "refuted"},
                {"in": {"plan": stay, "other": normal("0", "0", "1", "1", "0")}, "is": "refuted"},
                {"in": {"plan": unif("0", "1", "0", "1"), "other": unif("0", "1", "0", "1")}, "is": "refuted"},
                // rho = 1/2 against rho = 1: the fields differ at (1/2, -4), not at m_t = 1
                {"in": g, "w": {"t": "1/2", "x": "-4"}, "is": "certified"},
                {"in": g, "w": {"t": "1/2", "x": "1"}, "is": "rejected"},
            ]),
        );
        // the same map Phi_1(x) = 2 + 2x
        let inputs = json!({"plan": normal("0", "2", "1", "4", "1"), "other": normal("0", "2", "1", "4", "0"), "x": ["-1", "1/3"]});
        let maps = phis("1", &[["-1", "0", "0"], ["1/3", "2.6666", "2.6667"]]);
        let bad = phis("1", &[["-1", "0", "0"], ["1/3", "2.6", "2.65"]]);
        let w = |x: &str, other: &Value| json!({"separation": {"t": "1/2", "x": x}, "phi": maps, "other_phi": other});
        expect(
            same_map,
            json!([
                {"in": inputs, "w": w("-4", &maps), "tol": "1/1000", "is": "certified"},
                {"in": inputs, "w": w("-4", &maps), "tol": "1e-9", "is": "rejected"},
                {"in": inputs, "w": w("1", &maps), "tol": "1/1000", "is": "rejected"},
                {"in": inputs, "w": w("-4", &bad), "tol": "1", "is": "rejected"},
            ]),
        );
    }

    #[test]
    fn moments_are_recovered_exactly() {
        let mu = moments(&plan(&normal("1", "2", "3", "5", "-1")).unwrap(), 4);
        assert_eq!([&mu[1][1], &mu[2][0], &mu[0][2]], [&q(1), &q(4), &q(9)]);
        // E[(X0 - 1)^2 (X1 - 2)^2] = s00 s11 + 2 c^2 = 17, expanded
        let terms = [
            [2, 2, 1],
            [2, 1, -4],
            [2, 0, 4],
            [1, 2, -2],
            [1, 1, 8],
            [1, 0, -8],
            [0, 2, 1],
        ];
        let central = terms.iter().fold(q(0), |s, [i, j, f]| {
            s + q(*f) * &mu[*i as usize][*j as usize]
        });
        assert_eq!(central - q(4) * &mu[0][1] + q(4), q(17));
        let swap = atoms(&[["0", "1", "1/2"], ["1", "0", "1/2"]]);
        let stay = atoms(&[["0", "0", "1/2"], ["1", "1", "1/2"]]);
        let mixture = json!({"kind": "gaussian-mixture", "component": [
            {"weight": "1/3", "m0": "0", "m1": "2", "s00": "1", "s11": "1/4", "c": "1/4"},
            {"weight": "2/3", "m0": "1", "m1": "-1", "s00": "1/2", "s11": "1", "c": "0"}]});
        // E[X0 X1] is 0 against 1/2: the measure is exactly 1/2
        let other = json!({"plan": swap, "source": stay, "degree": 2});
        expect(
            moment_recovery,
            json!([
                {"in": {"plan": swap, "source": null, "degree": 8}, "tol": "0", "is": "certified"},
                {"in": {"plan": mixture, "source": null, "degree": 8}, "tol": "0", "is": "certified"},
                {"in": {"plan": unif("0", "1", "2", "5"), "source": null, "degree": 16}, "tol": "0", "is": "certified"},
                {"in": {"plan": swap, "source": null, "degree": 17}, "tol": "0", "is": "rejected"},
                {"in": other, "tol": "1/2", "is": "certified"},
                {"in": other, "tol": "49/100", "is": "refuted"},
            ]),
        );
    }

    #[test]
    fn exponential_moments() {
        let e = std::f64::consts::E;
        // references: closed forms, or one-dimensional quadrature (mpmath, 30 digits)
        let cases = json!([
            {"plan": normal("0", "0", "1", "1", "0"), "eps": "1/100", "truth": 1.0161226923025329},
            {"plan": unif("0", "1", "0", "1"), "eps": "1/100", "truth": 1.0100585841969508},
            {"plan": unif("-1", "3", "-2", "-1"), "eps": "1", "truth": (e.powi(3) + e - 2.0) / 4.0 * (e * e - e)},
            {"plan": atoms(&[["0", "1", "1/2"], ["-1", "0", "1/2"]]), "eps": "1", "truth": e},
            {"plan": normal("1/2", "-1", "1", "4", "1"), "eps": "1/2", "truth": 5.394228873782038},
            {"plan": normal("-1", "3/2", "4", "1", "-9/5"), "eps": "1/3", "truth": 4.07795994779741},
            {"plan": normal("0", "0", "1", "1", "999/1000"), "eps": "1", "truth": 14.427493300390656},
            {"plan": normal("0", "2", "1", "4", "2"), "eps": "1/2", "truth": 9.341639117110948},
            {"plan": normal("1/2", "-1", "1", "4", "-2"), "eps": "1/2", "truth": 7.596619007196253},
        ]);
        let mut decisions = vec![];
        for c in cases.as_array().unwrap() {
            let (p, eps, truth) = (&c["plan"], &c["eps"], c["truth"].as_f64().unwrap());
            let m = exp_moment(&plan(p).unwrap(), &rational(eps).unwrap(), 4096, 128).unwrap();
            let (lo, hi) = (m.lo.to_f64(), m.hi.to_f64());
            assert!(
                lo <= truth * (1.0 + 1e-12) && truth * (1.0 - 1e-12) <= hi,
                "{c}: [{lo}, {hi}]"
            );
            assert!(hi - lo < 0.01 * truth, "{c}: [{lo}, {hi}]");
            let bound = |f: f64| format!("{}", truth * f);
            decisions.push(json!({"in": {"plan": p, "eps": eps, "bound": bound(1.001)}, "tol": "0", "is": "certified"}));
            decisions.push(json!({"in": {"plan": p, "eps": eps, "bound": bound(0.999)}, "tol": "0", "is": "refuted"}));
        }
        let std = normal("0", "0", "1", "1", "0");
        decisions
            .push(json!({"in": {"plan": std, "eps": "1/100", "bound": "1.02"}, "is": "certified"}));
        decisions
            .push(json!({"in": {"plan": std, "eps": "1/100", "bound": "1.01"}, "is": "refuted"}));
        decisions
            .push(json!({"in": {"plan": std, "eps": "101", "bound": "1e9"}, "is": "rejected"}));
        expect(exponential_moment, json!(decisions));
    }
}
