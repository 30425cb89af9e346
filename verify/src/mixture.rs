//! Mixtures of Gaussian plans in any dimension: `p_t = sum_k w_k p_t^k`
//! with `p_t^k` the density of `N(m_t^k, Sigma_t^k)`, and `v_t = J / p_t`
//! with `J = sum_k w_k p_t^k v_t^k`, `v_t^k = (m1 - m0) + A_t^k (x - m_t^k)`.
//!
//! At a rational `(t, x)` everything of a component but its density is an
//! exact rational: `z = Sigma_t^{-1}(x - m_t)`, `d/dt ln p^k`, `grad ln p^k
//! = -z`, `v^k`, `tr A^k`. The densities are enclosed by their closed form
//! (`exp`, `sqrt`, `pi`); the engine's log-sum-exp and posterior weights
//! are not used.

use crate::exact::{self, Matrix};
use crate::gaussian::Plan;
use crate::interval::Iv;
use crate::number::{get, vector};
use crate::onedim::{contains, decide, escalate, merge_equal, stated_ends, time};
use crate::{Cert, Finding};
use rug::Rational;
use serde_json::Value;

/// The components of a mixture (a Gaussian plan is one of weight 1).
pub(crate) fn components(v: &Value) -> Result<Vec<(Rational, Plan)>, String> {
    match get(v, "kind")?.as_str() {
        Some("gaussian") => Ok(vec![(Rational::from(1), Plan::read(v)?)]),
        Some("gaussian-mixture") => {
            let items = get(v, "component")?
                .as_array()
                .filter(|a| !a.is_empty() && a.len() <= 1000)
                .ok_or("`component` is not an array of 1 to 1000 components")?;
            let mut out = Vec::new();
            let mut total = Rational::new();
            for c in items {
                let w = crate::number::rational(get(c, "weight")?)?;
                if w <= 0 {
                    return Err("a weight is not positive".into());
                }
                total += &w;
                out.push((w, Plan::read(c)?));
            }
            if total != 1 {
                return Err("the weights do not sum to 1".into());
            }
            Ok(out)
        }
        _ => Err("a plan that is neither gaussian nor gaussian-mixture".into()),
    }
}

/// The points `x`: a non-empty array of vectors.
pub(crate) fn points(v: &Value) -> Result<Vec<Vec<Rational>>, String> {
    v.as_array()
        .filter(|a| !a.is_empty())
        .ok_or("`x` is not a non-empty array")?
        .iter()
        .map(vector)
        .collect()
}

fn dot(a: &[Rational], b: &[Rational]) -> Rational {
    a.iter().zip(b).map(|(x, y)| Rational::from(x * y)).sum()
}

fn trace(m: &Matrix) -> Rational {
    (0..m.len()).map(|i| m[i][i].clone()).sum()
}

/// Sums over the components at `(t, x)`: `P = p_t`, `d/dt P`, `grad P`,
/// `J` and `div J`.
struct Sums {
    p: Iv,
    dt_p: Iv,
    grad_p: Vec<Iv>,
    j: Vec<Iv>,
    div_j: Iv,
}

/// A component's exact quantities at one time.
struct ComponentAt {
    w: Rational,
    path: crate::gaussian::PathAt,
    q: Matrix,
    det: Rational,
    a: Matrix,
    /// `tr(Sigma_t^{-1} d/dt Sigma_t) / 2`.
    half_trace: Rational,
}

/// Every component at `t`, once for all the points.
fn at_time(comps: &[(Rational, Plan)], t: &Rational) -> Result<Vec<ComponentAt>, String> {
    comps
        .iter()
        .map(|(w, plan)| {
            let path = plan.path_at(t);
            let q = exact::inverse(&path.sigma).ok_or("Sigma_t of a component is singular")?;
            let half_trace = trace(&exact::mul(&q, &path.sigma_dot)) / 2;
            Ok(ComponentAt {
                w: w.clone(),
                det: exact::det(&path.sigma),
                a: exact::mul(&path.g, &q),
                q,
                half_trace,
                path,
            })
        })
        .collect()
}

fn sums(comps: &[ComponentAt], x: &[Rational], prec: u32) -> Result<Sums, String> {
    let d = x.len();
    let zero = Iv::int(0, prec);
    let mut s = Sums {
        p: zero.clone(),
        dt_p: zero.clone(),
        grad_p: vec![zero.clone(); d],
        j: vec![zero.clone(); d],
        div_j: zero,
    };
    let two_pi = Iv::pi(prec).mul(&Iv::int(2, prec));
    for c in comps {
        let path = &c.path;
        if path.mean.len() != d {
            return Err("a point of another dimension than the plan".into());
        }
        let r: Vec<Rational> = x
            .iter()
            .zip(&path.mean)
            .map(|(a, b)| Rational::from(a - b))
            .collect();
        let z = exact::mul_vec(&c.q, &r);
        let dt_log = dot(&z, &path.drift) + dot(&z, &exact::mul_vec(&path.sigma_dot, &z)) / 2
            - &c.half_trace;
        let v: Vec<Rational> = path
            .drift
            .iter()
            .zip(exact::mul_vec(&c.a, &r))
            .map(|(b, ar)| Rational::from(b + &ar))
            .collect();
        // w (2 pi)^(-D/2) det^(-1/2) exp(-r.z / 2)
        let mut scale = Iv::of(&c.det, prec);
        for _ in 0..d {
            scale = scale.mul(&two_pi);
        }
        let quad = -dot(&r, &z) / 2;
        let pk = Iv::of(&c.w, prec)
            .mul(&Iv::of(&quad, prec).exp())
            .div(&scale.sqrt()?)?;
        let grad_dot_v = -dot(&z, &v);
        s.p = s.p.add(&pk);
        s.dt_p = s.dt_p.add(&pk.mul(&Iv::of(&dt_log, prec)));
        s.div_j = s
            .div_j
            .add(&pk.mul(&Iv::of(&(grad_dot_v + trace(&c.a)), prec)));
        for i in 0..d {
            s.grad_p[i] = s.grad_p[i].add(&pk.mul(&Iv::of(&Rational::from(-&z[i]), prec)));
            s.j[i] = s.j[i].add(&pk.mul(&Iv::of(&v[i], prec)));
        }
    }
    Ok(s)
}

/// `(d/dt p + grad p . v) / p + div v` at `x`: `p` of the plan (`own`),
/// `v = J / P` of the field's plan (`other`, or the plan itself) and
/// `div v = (div J - grad P . v) / P`: the continuity equation relative to
/// `p`.
fn relative_residual(
    own: &[ComponentAt],
    other: Option<&[ComponentAt]>,
    x: &[Rational],
    prec: u32,
) -> Result<Iv, String> {
    let a = sums(own, x, prec)?;
    let b = match other {
        None => None,
        Some(f) => Some(sums(f, x, prec)?),
    };
    let b = b.as_ref().unwrap_or(&a);
    let v: Vec<Iv> = b.j.iter().map(|j| j.div(&b.p)).collect::<Result<_, _>>()?;
    let dot = |g: &[Iv]| {
        g.iter()
            .zip(&v)
            .fold(Iv::int(0, prec), |s, (g, vi)| s.add(&g.mul(vi)))
    };
    let div_v = b.div_j.sub(&dot(&b.grad_p)).div(&b.p)?;
    // relative to p: d/dt ln p + grad ln p . v + div v
    Ok(a.dt_p.add(&dot(&a.grad_p)).div(&a.p)?.add(&div_v))
}

/// `continuity-equation`: `max |(d/dt p + grad p . v) / p + div v|` over
/// the times and points ([`relative_residual`]).
pub fn continuity(c: &Cert) -> Result<Finding, String> {
    let plan = components(get(c.inputs, "plan")?)?;
    let field = match c.inputs.get("field_of") {
        None | Some(Value::Null) => None,
        Some(v) => Some(components(v)?),
    };
    let ts: Vec<Rational> = vector(get(c.inputs, "t")?)?;
    if ts.is_empty() || ts.iter().any(|t| !(0..=1).contains(t)) {
        return Err("times outside [0, 1], or none".into());
    }
    let xs = points(get(c.inputs, "x")?)?;
    let at: Vec<(Vec<ComponentAt>, Option<Vec<ComponentAt>>)> = ts
        .iter()
        .map(|t| {
            let own = at_time(&plan, t)?;
            let other = field.as_ref().map(|f| at_time(f, t)).transpose()?;
            Ok((own, other))
        })
        .collect::<Result<_, String>>()?;
    escalate(c, |prec| {
        let mut rs = Vec::new();
        for (own, other) in &at {
            for x in &xs {
                rs.push(relative_residual(own, other.as_deref(), x, prec)?);
            }
        }
        Ok(decide(&rs, &c.tolerance))
    })
}

/// `continuity-equation-box`: with the plan's own field (or one of the
/// same law, decided exactly) certified when every component's `Sigma_s`
/// is positive definite on `[t0, t1]` and `d/dt Sigma_t = G_t + G_t^T`
/// (each component solves the equation with its own field everywhere, and
/// `p v = sum w_k p^k v^k`); with another field only refuted, by the
/// witness `(t, x)` inside the box where [`relative_residual`] excludes 0
/// and lies in the stated `residual`.
pub fn continuity_box(c: &Cert) -> Result<Finding, String> {
    let plan = components(get(c.inputs, "plan")?)?;
    let field = match c.inputs.get("field_of") {
        None | Some(Value::Null) => None,
        Some(v) => Some(components(v)?),
    };
    let ts: Vec<Rational> = vector(get(c.inputs, "t")?)?;
    let [t0, t1] = ts.as_slice() else {
        return Err("`t` is not [t0, t1]".into());
    };
    if !(Rational::new() <= *t0 && t0 <= t1 && *t1 <= 1) {
        return Err("`t` is not [t0, t1] inside [0, 1]".into());
    }
    let corners = points(get(c.inputs, "x")?)?;
    let [lo, hi] = corners.as_slice() else {
        return Err("`x` is not the box's two corners".into());
    };
    let d = lo.len();
    if hi.len() != d
        || lo.iter().zip(hi).any(|(a, b)| a > b)
        || plan
            .iter()
            .chain(field.iter().flatten())
            .any(|(_, p)| p.s00().len() != d)
    {
        return Err("a box of another dimension than the plans, or upside down".into());
    }
    let own = field
        .as_ref()
        .is_none_or(|f| merged_laws(f, None) == merged_laws(&plan, None));
    if own {
        for (_, p) in &plan {
            let ([_, s1, s2], g0) = p.path_polynomials();
            let g0_sym = exact::add_scaled(&g0, &Rational::from(1), &exact::transpose(&g0));
            if !p.definite_on(t0, t1) || s1 != g0_sym || s2 != exact::transpose(&s2) {
                return Err(
                    "Sigma_s of a component is not shown positive definite on [t0, t1]".into(),
                );
            }
        }
        return Ok(Finding::Certified);
    }
    // another field: only a point of the box can decide, and it refutes
    let t = time(c.witness_field("t")?)?;
    let x = vector(c.witness_field("x")?)?;
    if t < *t0
        || t > *t1
        || x.len() != d
        || x.iter()
            .zip(lo.iter().zip(hi))
            .any(|(v, (a, b))| v < a || v > b)
    {
        return Err("the witness point is not in the box".into());
    }
    let stated = c.witness_field("residual")?;
    let own_at = at_time(&plan, &t)?;
    let other_at = at_time(field.as_ref().expect("another field"), &t)?;
    escalate(c, |prec| {
        let r = relative_residual(&own_at, Some(&other_at), &x, prec)?;
        if !contains(stated, &r)? {
            return Err("the stated residual does not hold the verifier's enclosure".into());
        }
        Ok((!r.contains_zero()).then_some(Finding::Refuted))
    })
}

/// The components' laws (of `X0`, `X1` or `(X0, X1)`, see
/// [`Plan::law_key`]) with the weights of equal ones summed, sorted: equal
/// iff the mixtures are the same law there (finite Gaussian mixtures are
/// identifiable).
fn merged_laws(comps: &[(Rational, Plan)], side: Option<usize>) -> Vec<(Vec<Rational>, Rational)> {
    merge_equal(
        comps
            .iter()
            .map(|(w, p)| (p.law_key(side), w.clone()))
            .collect(),
    )
}

/// `v_t(x) = J / P`, exact for a single component (its field is affine
/// with rational coefficients), else the quotient of the enclosures.
enum FieldAt {
    Exact(Vec<Rational>),
    Enclosed(Vec<Iv>),
}

fn field_at(comps: &[ComponentAt], s: &Sums, x: &[Rational]) -> Result<FieldAt, String> {
    if let [c] = comps {
        let r: Vec<Rational> = x
            .iter()
            .zip(&c.path.mean)
            .map(|(a, b)| Rational::from(a - b))
            .collect();
        let v = c
            .path
            .drift
            .iter()
            .zip(exact::mul_vec(&c.a, &r))
            .map(|(b, ar)| Rational::from(b + &ar))
            .collect();
        return Ok(FieldAt::Exact(v));
    }
    Ok(FieldAt::Enclosed(
        s.j.iter().map(|j| j.div(&s.p)).collect::<Result<_, _>>()?,
    ))
}

impl FieldAt {
    fn coordinate(&self, i: usize, prec: u32) -> Iv {
        match self {
            FieldAt::Exact(v) => Iv::of(&v[i], prec),
            FieldAt::Enclosed(v) => v[i].clone(),
        }
    }

    /// Whether each stated coordinate `{lo, hi}` holds the value (exact) or
    /// the verifier's enclosure (then it holds the value).
    fn within(&self, stated: &[Value]) -> Result<bool, String> {
        for (i, s) in stated.iter().enumerate() {
            let holds = match self {
                FieldAt::Exact(v) => {
                    let (lo, hi) = stated_ends(s)?;
                    lo <= v[i] && hi.is_some_and(|hi| v[i] <= hi)
                }
                FieldAt::Enclosed(v) => contains(s, &v[i])?,
            };
            if !holds {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

/// `mixture-field-separation`: the same marginals and different plans
/// (both exact; else refuted), then the witness `(t, x)`: `p_t(x) > 0` for
/// both plans and some coordinate of the two fields enclosed disjointly,
/// every stated density and field holding the verifier's value.
pub fn field_separation(c: &Cert) -> Result<Finding, String> {
    let a = components(get(c.inputs, "plan")?)?;
    let b = components(get(c.inputs, "other")?)?;
    let d = a[0].1.law_key(Some(0)).len();
    if b[0].1.law_key(Some(0)).len() != d
        || a.iter()
            .chain(&b)
            .any(|(_, p)| p.law_key(Some(0)).len() != d)
    {
        return Err("plans or components of different dimensions".into());
    }
    let same_marginals = (0..2).all(|s| merged_laws(&a, Some(s)) == merged_laws(&b, Some(s)));
    if !same_marginals || merged_laws(&a, None) == merged_laws(&b, None) {
        return Ok(Finding::Refuted);
    }
    let t = time(c.witness_field("t")?)?;
    let x = vector(c.witness_field("x")?)?;
    let fields = [c.witness_field("v_t")?, c.witness_field("other_v_t")?];
    let fields: Vec<&Vec<Value>> = fields
        .iter()
        .map(|v| v.as_array().ok_or("a stated field that is not an array"))
        .collect::<Result<_, _>>()?;
    let densities = [c.witness_field("p_t")?, c.witness_field("other_p_t")?];
    let (at_a, at_b) = (at_time(&a, &t)?, at_time(&b, &t)?);
    if at_a[0].path.mean.len() != x.len() || fields.iter().any(|f| f.len() != x.len()) {
        return Err("a witness point or field of another dimension than the plans".into());
    }
    // the stated witness shows the claim itself: both densities positive
    // and the two fields apart in some coordinate (each stated number is
    // then checked to hold the verifier's value)
    for p in densities {
        if stated_ends(p)?.0 <= 0 {
            return Err("a stated density that is not positive".into());
        }
    }
    let mut apart = false;
    for (a, b) in fields[0].iter().zip(fields[1]) {
        let ((a_lo, a_hi), (b_lo, b_hi)) = (stated_ends(a)?, stated_ends(b)?);
        apart |= a_hi.is_some_and(|h| h < b_lo) || b_hi.is_some_and(|h| h < a_lo);
    }
    if !apart {
        return Err("the stated fields overlap in every coordinate".into());
    }
    escalate(c, |prec| {
        let mut values = Vec::new();
        for (comps, (stated_p, stated_v)) in [&at_a, &at_b]
            .into_iter()
            .zip(densities.iter().zip(&fields))
        {
            let s = sums(comps, &x, prec)?;
            let v = field_at(comps, &s, &x)?;
            // a failure here is the witness's or the precision's: the next
            // precision is tried, and the last failure is the one reported
            if !s.p.positive() {
                return Err("p_t(x) is not certified positive at the witness point".into());
            }
            if !contains(stated_p, &s.p)? || !v.within(stated_v)? {
                return Err("a stated density or field does not hold the verifier's value at the witness point".into());
            }
            values.push(v);
        }
        let differ = (0..x.len()).any(|i| {
            values[0]
                .coordinate(i, prec)
                .disjoint(&values[1].coordinate(i, prec))
        });
        Ok(differ.then_some(Finding::Certified))
    })
}
