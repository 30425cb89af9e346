//! The flow of a mixture of Gaussian plans in any dimension and its
//! Jacobian determinant, integrated by the verifier's own method (not the
//! engine's), for `mixture-change-of-variables`.
//!
//! The state is `(Phi, l)` with `Phi' = v_s(Phi)`, `l' = div v_s(Phi)`,
//! `Phi_0 = x`, `l_0 = 0`: by Liouville's formula `det D Phi_t(x) =
//! e^(l(t))`, so no variational equation is integrated (the engine
//! integrates one; the two methods meet only in the claim). Per component,
//! with `Sigma(s) = S0 + s S1 + s^2 S2`, `G(s) = G0 + s S2`
//! ([`Plan::path_polynomials`]) and `z = Sigma^{-1}(x - m_s)`:
//! `v^k = (m1 - m0) + G z`, `div v^k = tr(G Sigma^{-1})`,
//! `grad ln p^k = -z`, and `d/ds ln det Sigma = 2 tr(G Sigma^{-1})` (as
//! `Sigma' = G + G^T`). With the posterior weights `pi_k = w_k p^k / p`,
//! `v = sum pi_k v^k` and `div v = sum pi_k (div v^k + (zbar - z^k) .
//! v^k)`, `zbar = sum pi_j z^j`.
//!
//! A step `[t, t + h]` from a box `B` holding `Phi(t)`:
//!
//! - the Taylor coefficients of the solution through `(t, B)` by the
//!   recurrences of series arithmetic (the linear solve with `Sigma`,
//!   products, the exponential, the quotient), in interval arithmetic,
//!   orders `0..N-1`;
//! - an a-priori box `E` with `B + [0, h] v([t, t + h], E) ⊆ E`: every
//!   solution from `B` then stays in `E` over the step (the Picard
//!   operator maps the continuous paths in the box `E` into themselves);
//! - the `N`-th coefficient through `([t, t + h], E)` holds `y^(N)(xi) /
//!   N!` for the `xi` of Lagrange's remainder, so `y(t + h)` lies in
//!   `sum_{j < N} y_j h^j + y_N h^N`.
//!
//! The step is halved while `E` is not found or the remainder term exceeds
//! [`flow::allowed_remainder`]; below `2^-40` it is an error. Each
//! component's weight `w_k p^k` carries `det(Sigma(t))^{-1/2}` from the
//! elimination at the step's time and `exp(-(ln det)/2)` of its series
//! after that, and is taken relative to a reference component's
//! `exp(-(x - m).z / 2)` (exactly 1 for the reference itself), so that far
//! in the tails, where every density underflows, the weights do not;
//! densities are compared in logarithms, and `(2 pi)^{-D/2}`, common to
//! `p_0` and `p_t`, is left out of both. A lone component's posterior
//! weight is the constant 1. The work is bounded per certificate
//! ([`WORK`], over every precision tried) and so are its points (16).

use crate::flow::{self, add, constant, inverse_and_det, mul, scaled, IvMatrix};
use crate::gaussian::Plan;
use crate::interval::Iv;
use crate::mixture::{components, points};
use crate::number::get;
use crate::onedim::{decide, escalate, time};
use crate::{Cert, Finding};
use rug::{Float, Rational};
use serde_json::Value;

/// The Taylor order of a step.
const ORDER: usize = 20;

/// The largest dimension of a flow.
const MAX_DIMENSION: usize = 16;

/// At most this many steps for one point.
const MAX_STEPS: u64 = 10_000;

/// The interval operations all the flows of one certificate may take, over
/// every precision tried ([`operations`]; about 90 s, release build).
const WORK: u64 = 1 << 29;

/// The most points of one certificate (the engine's limit).
const MAX_POINTS: usize = 16;

/// A component's coefficients at `prec` bits.
struct Component {
    weight: Iv,
    sigma: [IvMatrix; 3],
    g0: IvMatrix,
    m0: Vec<Iv>,
    drift: Vec<Iv>,
}

impl Component {
    fn of(weight: &Rational, plan: &Plan, prec: u32) -> Component {
        let (s, g0) = plan.path_polynomials();
        let (m0, m1) = plan.means();
        Component {
            weight: Iv::of(weight, prec),
            sigma: s.map(|m| constant(&m, prec)),
            g0: constant(&g0, prec),
            m0: m0.iter().map(|x| Iv::of(x, prec)).collect(),
            drift: m0
                .iter()
                .zip(m1)
                .map(|(a, b)| Iv::of(&Rational::from(b - a), prec))
                .collect(),
        }
    }
}

/// A component expanded at a time `T` (a point or an interval): `Sigma(T
/// + s) = sig0 + s sig1 + s^2 S2`, `G(T + s) = g + s S2`.
struct Expanded<'a> {
    c: &'a Component,
    sig1: IvMatrix,
    g: IvMatrix,
    /// `Sigma(T)^{-1}`.
    inverse: IvMatrix,
    /// `w det(Sigma(T))^{-1/2}`.
    scale: Iv,
    /// `tr(G Sigma^{-1})`, orders `0..order`.
    trace: Vec<Iv>,
    /// `ln det Sigma(T + s) - ln det Sigma(T)`, orders `0..order`.
    log_det: Vec<Iv>,
    /// `m_T`.
    mean: Vec<Iv>,
}

fn expand<'a>(c: &'a Component, time: &Iv, order: usize) -> Result<Expanded<'a>, String> {
    let prec = time.lo.prec();
    let [s0, s1, s2] = &c.sigma;
    let sig0 = add(s0, &scaled(time, &add(s1, &scaled(time, s2))));
    let sig1 = add(s1, &scaled(&Iv::int(2, prec).mul(time), s2));
    let g = add(&c.g0, &scaled(time, s2));
    let (inverse, det) = inverse_and_det(&sig0)?;
    if !det.positive() {
        return Err("Sigma_s of a component may not be positive definite on a step".into());
    }
    let scale = c.weight.div(&det.sqrt()?)?;
    // Sigma^{-1}(T + s) = sum W_j s^j: W_j = -W_0 (sig1 W_{j-1} + S2 W_{j-2})
    let minus = scaled(&Iv::int(-1, prec), &inverse);
    let mut w: Vec<IvMatrix> = vec![inverse.clone()];
    for j in 1..order {
        let mut inner = mul(&sig1, &w[j - 1]);
        if j >= 2 {
            inner = add(&inner, &mul(s2, &w[j - 2]));
        }
        w.push(mul(&minus, &inner));
    }
    let tr = |a: &IvMatrix, b: &IvMatrix| {
        let d = a.len();
        (0..d)
            .flat_map(|i| (0..d).map(move |k| (i, k)))
            .fold(Iv::int(0, prec), |s, (i, k)| s.add(&a[i][k].mul(&b[k][i])))
    };
    let trace: Vec<Iv> = (0..order)
        .map(|j| {
            let own = tr(&g, &w[j]);
            if j == 0 {
                own
            } else {
                own.add(&tr(s2, &w[j - 1]))
            }
        })
        .collect();
    // j L_j = 2 tr_{j-1}
    let log_det: Vec<Iv> = (0..order)
        .map(|j| {
            if j == 0 {
                Iv::int(0, prec)
            } else {
                trace[j - 1].mul(&Iv::int(2, prec)).div_int(j as u32)
            }
        })
        .collect();
    let mean =
        c.m0.iter()
            .zip(&c.drift)
            .map(|(m, b)| m.add(&time.mul(b)))
            .collect();
    Ok(Expanded {
        c,
        sig1,
        g,
        inverse,
        scale,
        trace,
        log_det,
        mean,
    })
}

fn mat_vec(m: &IvMatrix, v: &[Iv]) -> Vec<Iv> {
    m.iter()
        .map(|row| {
            row.iter()
                .zip(v)
                .fold(Iv::int(0, v[0].lo.prec()), |s, (a, b)| s.add(&a.mul(b)))
        })
        .collect()
}

fn dot(a: &[Iv], b: &[Iv]) -> Iv {
    a.iter()
        .zip(b)
        .fold(Iv::int(0, a[0].lo.prec()), |s, (x, y)| s.add(&x.mul(y)))
}

fn plus(a: &[Iv], b: &[Iv]) -> Vec<Iv> {
    a.iter().zip(b).map(|(x, y)| x.add(y)).collect()
}

/// `sum_{a <= j} f(a, j - a)`, a Cauchy product's coefficient `j`.
fn cauchy(j: usize, prec: u32, f: impl Fn(usize, usize) -> Iv) -> Iv {
    (0..=j).fold(Iv::int(0, prec), |s, a| s.add(&f(a, j - a)))
}

/// The interval operations of one [`coefficients`] run, about, counted at
/// 160 bits (twice as many at 320): per component the expansion
/// (`Sigma^{-1}` and its series, `6 N D^3`), the solves and products
/// (`14 N D^2`) and the Cauchy products (`N^2 (9 D + 7) / 2`).
fn operations(components: usize, d: usize, order: usize, prec: u32) -> u64 {
    let (d, n) = (d as u64, order as u64 + 1);
    let per_component = 4 * d.pow(3) + 6 * n * d.pow(3) + 14 * n * d * d + n * n * (9 * d + 7) / 2;
    (components as u64)
        .saturating_mul(per_component)
        .saturating_mul(u64::from(prec.div_ceil(160)))
}

/// The Taylor coefficients of `(Phi, l)` through `(time, x)`, orders
/// `0..=order` (`l_0 = 0`), and `ln sum_k w_k p^k(time, x0)` up to
/// `-(D/2) ln(2 pi)` (`order >= 1`). The weights are relative to a
/// reference component, whose own is exactly its scale: far in the tails
/// every density underflows, their ratios do not.
struct Coefficients {
    phi: Vec<Vec<Iv>>,
    log_det: Vec<Iv>,
    log_density: Iv,
}

fn coefficients(
    comps: &[Component],
    time: &Iv,
    x: &[Iv],
    order: usize,
    work: &mut u64,
) -> Result<Coefficients, String> {
    let prec = time.lo.prec();
    let d = x.len();
    let cost = operations(comps.len(), d, order, prec);
    if cost > *work {
        return Err(format!(
            "the flows take more than {WORK} interval operations (counted at 160 bits)"
        ));
    }
    *work -= cost;
    let lone = comps.len() == 1;
    let mut reference = 0;
    let zero = Iv::int(0, prec);
    let ex: Vec<Expanded> = comps
        .iter()
        .map(|c| expand(c, time, order))
        .collect::<Result<_, _>>()?;
    let k = ex.len();
    let mut phi: Vec<Vec<Iv>> = vec![x.to_vec()];
    let mut log_det = vec![zero.clone()];
    // per component and order: r, z, v^k, s = ln(p^k) - ln(p^k(T)), e = w p^k
    let mut r: Vec<Vec<Vec<Iv>>> = vec![Vec::new(); k];
    let mut z: Vec<Vec<Vec<Iv>>> = vec![Vec::new(); k];
    let mut v: Vec<Vec<Vec<Iv>>> = vec![Vec::new(); k];
    let mut s: Vec<Vec<Iv>> = vec![Vec::new(); k];
    let mut e: Vec<Vec<Iv>> = vec![Vec::new(); k];
    let mut pi: Vec<Vec<Iv>> = vec![Vec::new(); k];
    let mut u: Vec<Vec<Iv>> = vec![Vec::new(); k];
    let mut total: Vec<Iv> = Vec::new();
    let mut zbar: Vec<Vec<Iv>> = Vec::new();
    let half = Iv::of(&Rational::from((1, 2)), prec);
    for j in 0..order {
        for (q, c) in ex.iter().enumerate() {
            let rj: Vec<Iv> = match j {
                0 => phi[0].iter().zip(&c.mean).map(|(a, m)| a.sub(m)).collect(),
                1 => phi[1]
                    .iter()
                    .zip(&c.c.drift)
                    .map(|(a, b)| a.sub(b))
                    .collect(),
                _ => phi[j].clone(),
            };
            let mut rhs = rj.clone();
            if j >= 1 {
                rhs = rhs
                    .iter()
                    .zip(mat_vec(&c.sig1, &z[q][j - 1]))
                    .map(|(a, b)| a.sub(&b))
                    .collect();
            }
            if j >= 2 {
                rhs = rhs
                    .iter()
                    .zip(mat_vec(&c.c.sigma[2], &z[q][j - 2]))
                    .map(|(a, b)| a.sub(&b))
                    .collect();
            }
            r[q].push(rj);
            z[q].push(mat_vec(&c.inverse, &rhs));
            let mut vj = mat_vec(&c.g, &z[q][j]);
            if j == 0 {
                vj = plus(&vj, &c.c.drift);
            } else {
                vj = plus(&vj, &mat_vec(&c.c.sigma[2], &z[q][j - 1]));
            }
            v[q].push(vj);
            let quad = cauchy(j, prec, |a, b| dot(&r[q][a], &z[q][b]));
            s[q].push(quad.add(&c.log_det[j]).mul(&half).neg());
        }
        if j == 0 {
            // the reference: the largest upper end of ln(p^k) - ln(scale)
            // (any choice is sound; a leading one keeps the others narrow)
            reference = (0..k)
                .max_by(|&a, &b| s[a][0].hi.total_cmp(&s[b][0].hi))
                .expect("a component");
        }
        // e_k = w_k p^k / e^(s_ref), that of the reference exactly its scale
        for (q, c) in ex.iter().enumerate() {
            let ej = if q == reference {
                if j == 0 {
                    c.scale.clone()
                } else {
                    zero.clone()
                }
            } else if j == 0 {
                c.scale.mul(&s[q][0].sub(&s[reference][0]).exp())
            } else {
                (1..=j)
                    .fold(zero.clone(), |acc, a| {
                        let gap = s[q][a].sub(&s[reference][a]);
                        acc.add(&gap.mul(&e[q][j - a]).mul(&Iv::int(a as i64, prec)))
                    })
                    .div_int(j as u32)
            };
            e[q].push(ej);
        }
        total.push(e.iter().fold(zero.clone(), |acc, ek| acc.add(&ek[j])));
        if lone {
            // exactly 1: no quotient of two enclosures of one density
            pi[0].push(Iv::int(i64::from(j == 0), prec));
        } else {
            if !total[0].positive() {
                return Err("the density is not enclosed away from 0 on a step".into());
            }
            for q in 0..k {
                let known =
                    (1..=j).fold(zero.clone(), |acc, a| acc.add(&total[a].mul(&pi[q][j - a])));
                let pj = e[q][j].sub(&known).div(&total[0])?;
                pi[q].push(pj);
            }
        }
        let field: Vec<Iv> = (0..d)
            .map(|i| {
                (0..k).fold(zero.clone(), |acc, q| {
                    acc.add(&cauchy(j, prec, |a, b| pi[q][a].mul(&v[q][b][i])))
                })
            })
            .collect();
        zbar.push(
            (0..d)
                .map(|i| {
                    (0..k).fold(zero.clone(), |acc, q| {
                        acc.add(&cauchy(j, prec, |a, b| pi[q][a].mul(&z[q][b][i])))
                    })
                })
                .collect(),
        );
        for (q, c) in ex.iter().enumerate() {
            let spread = cauchy(j, prec, |a, b| {
                let gap: Vec<Iv> = zbar[a]
                    .iter()
                    .zip(&z[q][a])
                    .map(|(m, y)| m.sub(y))
                    .collect();
                dot(&gap, &v[q][b])
            });
            u[q].push(c.trace[j].add(&spread));
        }
        let divergence = (0..k).fold(zero.clone(), |acc, q| {
            acc.add(&cauchy(j, prec, |a, b| pi[q][a].mul(&u[q][b])))
        });
        let next = j as u32 + 1;
        phi.push(field.iter().map(|f| f.div_int(next)).collect());
        log_det.push(divergence.div_int(next));
    }
    Ok(Coefficients {
        phi,
        log_det,
        log_density: s[reference][0].add(&total[0].ln()?),
    })
}

/// `[x.lo - w/2 - eps, x.hi + w/2 + eps]`, `w` the width: a guess for an
/// a-priori box (checked by the caller, so its rounding does not matter).
fn inflate(x: &Iv, eps: &Float) -> Iv {
    let prec = x.lo.prec();
    let w = Float::with_val(prec, &x.hi - &x.lo) / 2u32 + eps;
    Iv {
        lo: Float::with_val(prec, &x.lo - &w),
        hi: Float::with_val(prec, &x.hi + &w),
    }
}

fn inside(a: &Iv, b: &Iv) -> bool {
    a.lo >= b.lo && a.hi <= b.hi
}

/// Whether a coefficient run failed for want of work (an error to report)
/// rather than on this step (a shorter step may succeed).
fn out_of_work(e: &str) -> bool {
    e.contains("interval operations")
}

/// One step `[now, now + h]` from the box `phi` (and `l`), whose
/// coefficients through `(now, phi)` are `start`: the enclosures at its
/// end and the largest remainder term, or `None` when no a-priori box is
/// found or the remainder exceeds `allowed`.
#[allow(clippy::too_many_arguments)]
fn step(
    comps: &[Component],
    now: &Rational,
    h: &Rational,
    phi: &[Iv],
    l: &Iv,
    start: &Coefficients,
    allowed: &Float,
    work: &mut u64,
) -> Result<Option<(Vec<Iv>, Iv, Float)>, String> {
    let prec = allowed.prec();
    let end = Rational::from(now + h);
    let span = Iv::between(now, &end, prec);
    let hq = Iv::of(h, prec);
    let reach = Iv::between(&Rational::new(), h, prec);
    let eps = Float::with_val(prec, 1u32) >> (prec as i32 / 2);
    let mut guess: Vec<Iv> = phi
        .iter()
        .zip(&start.phi[1])
        .map(|(x, v)| inflate(&x.add(&reach.mul(v)), &eps))
        .collect();
    let mut a_priori = None;
    for _ in 0..3 {
        let over = match coefficients(comps, &span, &guess, 1, work) {
            Ok(c) => c,
            Err(e) if out_of_work(&e) => return Err(e),
            Err(_) => return Ok(None),
        };
        let reached: Vec<Iv> = phi
            .iter()
            .zip(&over.phi[1])
            .map(|(x, v)| x.add(&reach.mul(v)))
            .collect();
        if reached.iter().zip(&guess).all(|(a, b)| inside(a, b)) {
            // the reached box holds every solution over the step too
            a_priori = Some(reached);
            break;
        }
        guess = reached.iter().map(|x| inflate(x, &eps)).collect();
    }
    let Some(a_priori) = a_priori else {
        return Ok(None);
    };
    let rest = match coefficients(comps, &span, &a_priori, ORDER, work) {
        Ok(c) => c,
        Err(e) if out_of_work(&e) => return Err(e),
        Err(_) => return Ok(None),
    };
    let power = (0..ORDER).fold(Iv::int(1, prec), |p, _| p.mul(&hq));
    let tail_phi: Vec<Iv> = rest.phi[ORDER].iter().map(|c| c.mul(&power)).collect();
    let tail_l = rest.log_det[ORDER].mul(&power);
    let largest = tail_phi
        .iter()
        .chain([&tail_l])
        .map(Iv::mag)
        .fold(Float::with_val(prec, 0), |a, b| if b > a { b } else { a });
    if largest > *allowed {
        return Ok(None);
    }
    // Horner's rule with the remainder term on top
    let mut sum_phi = tail_phi;
    let mut sum_l = tail_l;
    for j in (0..ORDER).rev() {
        sum_phi = sum_phi
            .iter()
            .zip(&start.phi[j])
            .map(|(s, c)| s.mul(&hq).add(c))
            .collect();
        let c = if j == 0 { l } else { &start.log_det[j] };
        sum_l = sum_l.mul(&hq).add(c);
    }
    Ok(Some((sum_phi, sum_l, largest)))
}

/// `Phi_t(x)` and `ln det D Phi_t(x)` of the mixture's flow.
fn flow_and_log_det(
    comps: &[Component],
    t: &Rational,
    x: &[Rational],
    allowed: &Float,
    work: &mut u64,
) -> Result<(Vec<Iv>, Iv), String> {
    let prec = allowed.prec();
    let longest = Rational::from((1, 8));
    let shortest = Rational::from((1, 1u64 << 40));
    // a step twice as long has a remainder about 2^ORDER times larger
    let room = Float::with_val(prec, 1u32) << (ORDER as i32 + 1);
    let mut phi: Vec<Iv> = x.iter().map(|c| Iv::of(c, prec)).collect();
    let mut l = Iv::int(0, prec);
    let mut now = Rational::new();
    let mut h = longest.clone();
    let mut steps = 0;
    while &now < t {
        if steps >= MAX_STEPS {
            return Err(format!("a flow takes more than {MAX_STEPS} steps"));
        }
        let left = Rational::from(t - &now);
        if h > left {
            h = left;
        }
        let start = coefficients(comps, &Iv::of(&now, prec), &phi, ORDER - 1, work)?;
        let (next_phi, next_l, largest) = loop {
            if h < shortest {
                return Err(format!("no enclosure of a step of the flow at t = {now}"));
            }
            match step(comps, &now, &h, &phi, &l, &start, allowed, work)? {
                Some(next) => break next,
                None => h /= 2,
            }
        };
        phi = next_phi;
        l = next_l;
        now += &h;
        steps += 1;
        // the next step tries twice this one when the remainder leaves
        // room for it (a guess: a failed step is halved)
        if Float::with_val(prec, &largest * &room) < *allowed {
            h = Rational::from(&h * 2).min(longest.clone());
        }
    }
    Ok((phi, l))
}

/// `ln sum_k w_k p^k_t(x)` over the box `x`, up to `-(D/2) ln(2 pi)`.
fn log_density(comps: &[Component], t: &Rational, x: &[Iv], work: &mut u64) -> Result<Iv, String> {
    let prec = x[0].lo.prec();
    Ok(coefficients(comps, &Iv::of(t, prec), x, 1, work)?.log_density)
}

/// `mixture-change-of-variables`: `max |p_t(Phi_t(x)) det D Phi_t(x) /
/// p_0(x) - 1|` over the points, `Phi` the flow of the plan (or of
/// `map_of`), `det D Phi_t = e^l` (Liouville).
pub fn change_of_variables(c: &Cert) -> Result<Finding, String> {
    let plan = components(get(c.inputs, "plan")?)?;
    let flow_plan = match c.inputs.get("map_of") {
        None | Some(Value::Null) => None,
        Some(v) => Some(components(v)?),
    };
    let flow_plan = flow_plan.as_ref().unwrap_or(&plan);
    let t = time(get(c.inputs, "t")?)?;
    let xs = points(get(c.inputs, "x")?)?;
    if xs.len() > MAX_POINTS {
        return Err(format!("{} points, above {MAX_POINTS}", xs.len()));
    }
    let d = xs[0].len();
    if d > MAX_DIMENSION {
        return Err(format!("a flow in dimension {d}, above {MAX_DIMENSION}"));
    }
    if plan
        .iter()
        .chain(flow_plan)
        .any(|(_, p)| p.s00().len() != d)
        || xs.iter().any(|x| x.len() != d)
    {
        return Err("plans, components or points of different dimensions".into());
    }
    // one budget for every precision tried
    let mut work = WORK;
    escalate(c, |prec| {
        let allowed = flow::allowed_remainder(&c.tolerance, prec);
        let own: Vec<Component> = plan
            .iter()
            .map(|(w, p)| Component::of(w, p, prec))
            .collect();
        let flow: Vec<Component> = flow_plan
            .iter()
            .map(|(w, p)| Component::of(w, p, prec))
            .collect();
        let mut residuals = Vec::new();
        for x in &xs {
            let (phi, l) = flow_and_log_det(&flow, &t, x, &allowed, &mut work)?;
            let start: Vec<Iv> = x.iter().map(|c| Iv::of(c, prec)).collect();
            let ln_p0 = log_density(&own, &Rational::new(), &start, &mut work)?;
            let ln_pt = log_density(&own, &t, &phi, &mut work)?;
            let ratio = ln_pt.sub(&ln_p0).add(&l).exp();
            residuals.push(ratio.sub(&Iv::int(1, prec)));
        }
        Ok(decide(&residuals, &c.tolerance))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn comps(v: Value, prec: u32) -> Vec<Component> {
        components(&v)
            .unwrap()
            .iter()
            .map(|(w, p)| Component::of(w, p, prec))
            .collect()
    }

    fn q(n: i64, d: i64) -> Rational {
        Rational::from((n, d))
    }

    fn holds(x: &Iv, exact: f64, width: f64) {
        let lo = x.lo.to_f64();
        let hi = x.hi.to_f64();
        assert!(lo <= exact && exact <= hi, "{exact} outside [{lo}, {hi}]");
        assert!(hi - lo < width, "width {}", hi - lo);
    }

    /// A diagonal Gaussian plan: `Phi_t(x) = m_t + diag(1 + 2t, 1 - t/2)
    /// x`, so `ln det = ln((1 + 2t)(1 - t/2))`.
    #[test]
    fn a_diagonal_plan_flows_as_its_closed_form() {
        let plan = json!({"kind": "gaussian", "m0": ["0", "0"], "m1": ["1", "-1"],
            "s00": [["1", "0"], ["0", "4"]], "s11": [["9", "0"], ["0", "1"]],
            "c": [["3", "0"], ["0", "2"]]});
        let c = comps(plan, 160);
        let allowed = flow::allowed_remainder(&Rational::from_f64(1e-30).unwrap(), 160);
        let mut work = WORK;
        let (phi, l) =
            flow_and_log_det(&c, &q(3, 4), &[q(1, 2), q(-1, 1)], &allowed, &mut work).unwrap();
        holds(&phi[0], 0.75 + 2.5 * 0.5, 1e-25);
        holds(&phi[1], -0.75 - 0.625, 1e-25);
        holds(&l, (2.5f64 * 0.625).ln(), 1e-25);
    }

    /// Two components far apart: near one of them the flow is that
    /// component's (its weight is 1 up to `e^-800`).
    #[test]
    fn a_lone_mode_moves_its_points_as_its_own_flow() {
        let one = |m1: &str| {
            json!({"weight": "1/2", "m0": [m1, "0"], "m1": [m1, "0"],
                "s00": [["1", "0"], ["0", "1"]], "s11": [["4", "0"], ["0", "1"]],
                "c": [["2", "0"], ["0", "1"]]})
        };
        let plan = json!({"kind": "gaussian-mixture", "component": [one("0"), one("80")]});
        let c = comps(plan, 160);
        let allowed = flow::allowed_remainder(&Rational::from_f64(1e-20).unwrap(), 160);
        let mut work = WORK;
        let (phi, l) =
            flow_and_log_det(&c, &q(1, 1), &[q(1, 2), q(1, 3)], &allowed, &mut work).unwrap();
        holds(&phi[0], 1.0, 1e-15);
        holds(&phi[1], 1.0 / 3.0, 1e-15);
        holds(&l, 2f64.ln(), 1e-15);
    }
}
