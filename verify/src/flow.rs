//! The flow of a Gaussian plan in any dimension, integrated by the
//! verifier's own method (not the engine's).
//!
//! The field `v_t(x) = (m1 - m0) + A_t (x - m_t)`, `A_t = G_t Sigma_t^{-1}`,
//! is affine, so `Phi_t(x) = m_t + M_t (x - m0)` with `M_t' = A_t M_t`,
//! `M_0 = I`. `Sigma_t = S0 + t S1 + t^2 S2` and `G_t = G0 + t S2` are
//! polynomials with rational coefficients ([`Plan::path_polynomials`]).
//!
//! Each step `[t, t + h]` encloses the transition matrix `P` of the step
//! (`P' = A(t + s) P`, `P(0) = I`) by its Taylor polynomial at the step's
//! start and a bound on the defect, with no interval over time (an
//! interval time would make the recurrences below lose their
//! cancellations and the steps tiny). At the rational `t`, with
//! `Sigma(t + s) = S0 + s S1 + s^2 S2`:
//!
//! - `X_0 = S0^{-1}`, `X_k = -X_0 (S1 X_{k-1} + S2 X_{k-2})` are the
//!   coefficients of `Sigma^{-1}`, `A_k = G(t) X_k + S2 X_{k-1}` those of
//!   `A`, and `(k + 1) P_{k+1} = sum_j A_j P_{k-j}` those of `P`, `k < N`;
//! - `Sigma X_{<N} = I + E` with `E = s^N (S1 X_{N-1} + S2 X_{N-2}) +
//!   s^(N+1) S2 X_{N-1}` exactly, so when `|E| <= eps < 1` over the step,
//!   `Sigma` is invertible there (the field is defined) and
//!   `|X - X_{<N}| <= |X_{<N}| eps / (1 - eps)`;
//! - hence `|A - A_{<N}| <= |G| |X - X_{<N}| + |S2 X_{N-1}| h^N`, and the
//!   defect of `Q = sum_{n <= N} P_n s^n`, `A Q - Q'`, is
//!   `sum_{n >= N} (sum_{j + m = n} A_j P_m) s^n + (A - A_{<N}) Q`, at
//!   most `delta`;
//! - `R = P - Q` solves `R' = A R + (A Q - Q')`, `R(0) = 0`, so
//!   `|R(h)| <= delta h e^(alpha h)` with `alpha >= |A|` (Gronwall).
//!
//! Norms are the maximum row sums of magnitudes, bounded above by interval
//! arithmetic. A step whose `eps >= 1/2`, or whose remainder exceeds
//! the allowed one ([`allowed_remainder`]), is halved; below `2^-40` it is an error (the field is
//! not defined there, or not in reach). `M_t` is the product of the steps'
//! enclosures.

use crate::exact::{self, Matrix};
use crate::gaussian::Plan;
use crate::interval::Iv;
use crate::number::get;
use crate::onedim::{decide, escalate, time};
use crate::{Cert, Finding};
use rug::float::Round;
use rug::{Float, Rational};
use serde_json::Value;

pub(crate) type IvMatrix = Vec<Vec<Iv>>;

/// The Taylor order of a step at `prec` bits: `prec / 5`, 24 to 60 (32 at
/// the 160 bits of a 128-bit certificate).
fn order_for(prec: u32) -> usize {
    (prec as usize / 5).clamp(24, 60)
}

/// The work a flow may take: steps times `D^3`.
const STEP_WORK: u64 = 1 << 17;

/// The largest dimension of a flow (the engine's flows stop at 15).
const MAX_DIMENSION: usize = 16;

/// At most this many steps, whatever the dimension.
const MAX_STEPS: u64 = 10_000;

pub(crate) fn constant(m: &Matrix, prec: u32) -> IvMatrix {
    m.iter()
        .map(|row| row.iter().map(|x| Iv::of(x, prec)).collect())
        .collect()
}

fn identity(d: usize, prec: u32) -> IvMatrix {
    constant(&exact::identity(d), prec)
}

pub(crate) fn mul(a: &IvMatrix, b: &IvMatrix) -> IvMatrix {
    let n = b.len();
    a.iter()
        .map(|row| {
            (0..b[0].len())
                .map(|j| (1..n).fold(row[0].mul(&b[0][j]), |s, k| s.add(&row[k].mul(&b[k][j]))))
                .collect()
        })
        .collect()
}

pub(crate) fn add(a: &IvMatrix, b: &IvMatrix) -> IvMatrix {
    a.iter()
        .zip(b)
        .map(|(r, s)| r.iter().zip(s).map(|(x, y)| x.add(y)).collect())
        .collect()
}

pub(crate) fn scaled(s: &Iv, a: &IvMatrix) -> IvMatrix {
    a.iter()
        .map(|r| r.iter().map(|x| s.mul(x)).collect())
        .collect()
}

/// An enclosure of the inverses of every matrix in `m`, by Gauss-Jordan
/// elimination without pivoting; an error when a pivot contains 0 (some
/// matrix of `m` may be singular).
fn inverse(m: &IvMatrix) -> Result<IvMatrix, String> {
    inverse_and_det(m).map(|(inv, _)| inv)
}

/// [`inverse`] and an enclosure of the determinants (the product of the
/// pivots).
pub(crate) fn inverse_and_det(m: &IvMatrix) -> Result<(IvMatrix, Iv), String> {
    let d = m.len();
    let prec = m[0][0].lo.prec();
    let mut a: IvMatrix = m
        .iter()
        .zip(identity(d, prec))
        .map(|(r, e)| r.iter().cloned().chain(e).collect())
        .collect();
    let mut det = Iv::int(1, prec);
    for k in 0..d {
        let pivot = a[k][k].clone();
        if pivot.contains_zero() {
            return Err("Sigma_s may be singular on a step".into());
        }
        det = det.mul(&pivot);
        for x in a[k].iter_mut() {
            *x = x.div(&pivot)?;
        }
        let row = a[k].clone();
        for (i, other) in a.iter_mut().enumerate() {
            if i != k {
                let f = other[k].clone();
                for (x, r) in other.iter_mut().zip(&row) {
                    *x = x.sub(&f.mul(r));
                }
            }
        }
    }
    Ok((a.into_iter().map(|r| r[d..].to_vec()).collect(), det))
}

/// `Sigma` and `G` of a plan at `prec` bits.
struct Polynomials {
    sigma: [IvMatrix; 3],
    g0: IvMatrix,
}

/// The largest row sum of magnitudes, as an interval whose upper end
/// bounds it.
fn norm(m: &IvMatrix) -> Iv {
    let prec = m[0][0].lo.prec();
    let rows = m.iter().map(|r| {
        r.iter().fold(Iv::int(0, prec), |s, x| {
            let mag = x.mag();
            s.add(&Iv {
                lo: mag.clone(),
                hi: mag,
            })
        })
    });
    rows.reduce(|a, b| if b.hi > a.hi { b } else { a })
        .expect("a matrix has a row")
}

/// `sum_k |c_k| h^k` over `k` in `range`, an upper bound.
fn series_bound(c: &[IvMatrix], h: &Iv, first: usize) -> Iv {
    let prec = h.lo.prec();
    let mut power = (0..first).fold(Iv::int(1, prec), |p, _| p.mul(h));
    let mut sum = Iv::int(0, prec);
    for m in c {
        sum = sum.add(&norm(m).mul(&power));
        power = power.mul(h);
    }
    sum
}

impl Polynomials {
    fn of(plan: &Plan, prec: u32) -> Polynomials {
        let (s, g0) = plan.path_polynomials();
        Polynomials {
            sigma: s.map(|m| constant(&m, prec)),
            g0: constant(&g0, prec),
        }
    }
}

/// The transition matrix of the step `[t, t + h]`, or `None` when this
/// step is too long (`eps >= 1/2`, or a remainder above `allowed`, whose
/// precision is the working one) or `Sigma(t)` is not invertible.
fn step(
    poly: &Polynomials,
    t: &Rational,
    h: &Rational,
    d: usize,
    allowed: &Float,
) -> Option<IvMatrix> {
    let prec = allowed.prec();
    let order = order_for(prec);
    let time = Iv::of(t, prec);
    let hq = Iv::of(h, prec);
    let [s0, s1, s2] = &poly.sigma;
    // Sigma(t + s) = sigma + s slope + s^2 S2, G(t + s) = g + s S2
    let two = Iv::int(2, prec);
    let sigma = add(s0, &scaled(&time, &add(s1, &scaled(&time, s2))));
    let slope = add(s1, &scaled(&two.mul(&time), s2));
    let g = add(&poly.g0, &scaled(&time, s2));
    let x0 = inverse(&sigma).ok()?;
    let minus_x0 = scaled(&Iv::int(-1, prec), &x0);
    let mut x: Vec<IvMatrix> = vec![x0];
    let mut a: Vec<IvMatrix> = vec![mul(&g, &x[0])];
    for k in 1..order {
        let mut inner = mul(&slope, &x[k - 1]);
        if k >= 2 {
            inner = add(&inner, &mul(s2, &x[k - 2]));
        }
        x.push(mul(&minus_x0, &inner));
        a.push(add(&mul(&g, &x[k]), &mul(s2, &x[k - 1])));
    }
    let mut p: Vec<IvMatrix> = vec![identity(d, prec)];
    for k in 0..order {
        let sum = (1..=k).fold(mul(&a[0], &p[k]), |s, j| add(&s, &mul(&a[j], &p[k - j])));
        p.push(scaled(
            &Iv::of(&Rational::from((1, k as u32 + 1)), prec),
            &sum,
        ));
    }
    // Sigma X_{<N} = I + E: E's two coefficients, exactly
    let e_n = add(&mul(&slope, &x[order - 1]), &mul(s2, &x[order - 2]));
    let e_next = mul(s2, &x[order - 1]);
    let eps = series_bound(&[e_n, e_next], &hq, order);
    let half = Iv::of(&Rational::from((1, 2)), prec);
    if !eps.below(&half) {
        return None;
    }
    let one = Iv::int(1, prec);
    let x_rem = series_bound(&x, &hq, 0)
        .mul(&eps)
        .div(&one.sub(&eps))
        .ok()?;
    let g_norm = norm(&g).add(&norm(s2).mul(&hq));
    let a_rem = g_norm
        .mul(&x_rem)
        .add(&series_bound(&[mul(s2, &x[order - 1])], &hq, order));
    let alpha = series_bound(&a, &hq, 0).add(&a_rem);
    // the defect's polynomial part: degrees N to 2N - 1
    let tail: Vec<IvMatrix> = (order..2 * order)
        .map(|n| {
            (n - order..order)
                .map(|j| mul(&a[j], &p[n - j]))
                .reduce(|s, m| add(&s, &m))
                .expect("j = N - 1 is in range")
        })
        .collect();
    let delta = series_bound(&tail, &hq, order).add(&a_rem.mul(&series_bound(&p, &hq, 0)));
    let r = delta.mul(&hq).mul(&alpha.mul(&hq).exp());
    if r.hi > *allowed {
        return None;
    }
    // Horner's rule over the coefficients, then +-r in every entry
    let mut sum = p[order].clone();
    for k in (0..order).rev() {
        sum = add(&scaled(&hq, &sum), &p[k]);
    }
    let spread = Iv {
        lo: Float::with_val_round(prec, -&r.hi, Round::Down).0,
        hi: r.hi,
    };
    Some(
        sum.into_iter()
            .map(|row| row.into_iter().map(|v| v.add(&spread)).collect())
            .collect(),
    )
}

/// The remainder a step may leave: a `2^-24`-th of the tolerance, but not
/// below `2^-(3 prec / 4)` (the claim is decided to its tolerance; a
/// precision far beyond it would only shorten the steps); `2^-(prec / 2)`
/// under a zero tolerance, which can only refute.
pub(crate) fn allowed_remainder(tolerance: &Rational, prec: u32) -> Float {
    if *tolerance == 0 {
        return Float::with_val(prec, 1u32) >> (prec as i32 / 2);
    }
    let floor = Float::with_val(prec, 1u32) >> (3 * prec as i32 / 4);
    let share = Float::with_val_round(prec, tolerance, Round::Down).0 >> 24;
    if share > floor {
        share
    } else {
        floor
    }
}

/// `M_t` of the plan's flow, enclosed at `prec` bits, each step's
/// remainder at most [`allowed_remainder`].
fn flow_matrix(
    plan: &Plan,
    t: &Rational,
    tolerance: &Rational,
    prec: u32,
) -> Result<IvMatrix, String> {
    let allowed = allowed_remainder(tolerance, prec);
    let d = plan.s00().len();
    let poly = Polynomials::of(plan, prec);
    let most = MAX_STEPS.min(STEP_WORK / (d as u64).pow(3)).max(1);
    let longest = Rational::from((1, 8));
    let shortest = Rational::from((1, 1u64 << 40));
    let mut m = identity(d, prec);
    let mut now = Rational::new();
    let mut h = longest.clone();
    let mut steps = 0;
    while &now < t {
        if steps >= most {
            return Err(format!("the flow takes more than {most} steps"));
        }
        let left = Rational::from(t - &now);
        if h > left {
            h = left;
        }
        let p = loop {
            if h < shortest && h < Rational::from(t - &now) {
                return Err(format!("no enclosure of a step of the flow at t = {now}"));
            }
            match step(&poly, &now, &h, d, &allowed) {
                Some(p) => break p,
                None => h /= 2,
            }
        };
        m = mul(&p, &m);
        now += &h;
        steps += 1;
        // the next step tries twice this one
        h = Rational::from(&h * 2).min(longest.clone());
    }
    Ok(m)
}

/// `gaussian-flow-transport`: `Phi_t(m0) = m_t` and
/// `M_t S00 M_t^T = Sigma_t` for the flow of the plan (or of `map_of`),
/// the largest entry of the differences measured.
pub fn transport(c: &Cert) -> Result<Finding, String> {
    let plan = Plan::read(get(c.inputs, "plan")?)?;
    let map_of = match c.inputs.get("map_of") {
        None | Some(Value::Null) => None,
        Some(v) => Some(Plan::read(v)?),
    };
    let t = time(get(c.inputs, "t")?)?;
    let flow_plan = map_of.as_ref().unwrap_or(&plan);
    let d = plan.s00().len();
    if flow_plan.s00().len() != d {
        return Err("`map_of` has another dimension than the plan".into());
    }
    if d > MAX_DIMENSION {
        return Err(format!("a flow in dimension {d}, above {MAX_DIMENSION}"));
    }
    // the flow starts from a density: the steps prove Sigma_s invertible on
    // (0, t], this its start (at t = 0 there is no step)
    if exact::det(flow_plan.s00()) == 0 {
        return Err("S00 of the flow's plan is singular: no field at s = 0".into());
    }
    let path = plan.path_at(&t);
    let (m0, _) = plan.means();
    // Phi_t(m0) = m'_t + M'_t (m0 - m0') for the flow's plan
    let (flow_m0, _) = flow_plan.means();
    let offset: Vec<Rational> = m0
        .iter()
        .zip(flow_m0)
        .map(|(a, b)| Rational::from(a - b))
        .collect();
    let flow_mean = flow_plan.path_at(&t).mean;
    escalate(c, |prec| {
        let m = flow_matrix(flow_plan, &t, &c.tolerance, prec)?;
        let mut residuals = Vec::new();
        for i in 0..d {
            let phi = (0..d).fold(Iv::of(&flow_mean[i], prec), |s, j| {
                s.add(&m[i][j].mul(&Iv::of(&offset[j], prec)))
            });
            residuals.push(phi.sub(&Iv::of(&path.mean[i], prec)));
        }
        let s00 = constant(plan.s00(), prec);
        let mt: IvMatrix = (0..d)
            .map(|i| (0..d).map(|j| m[j][i].clone()).collect())
            .collect();
        let pushed = mul(&mul(&m, &s00), &mt);
        for (row, target) in pushed.iter().zip(&path.sigma) {
            for (x, y) in row.iter().zip(target) {
                residuals.push(x.sub(&Iv::of(y, prec)));
            }
        }
        Ok(decide(&residuals, &c.tolerance))
    })
}

/// `gaussian-reflow-optimal`: `map` is the optimal map (symmetric positive
/// definite, `T S00 T = S11`, exactly; else the certificate is rejected),
/// and `max |M_1 - T|` for the plan's own flow.
pub fn reflow(c: &Cert) -> Result<Finding, String> {
    let plan = Plan::read(get(c.inputs, "plan")?)?;
    let d = plan.s00().len();
    if d > MAX_DIMENSION {
        return Err(format!("a flow in dimension {d}, above {MAX_DIMENSION}"));
    }
    let map = exact::matrix(get(c.inputs, "map")?, d, d)?;
    let pushed = exact::mul(&exact::mul(&map, plan.s00()), &map);
    if exact::definiteness(&map) != Some(true) || &pushed != plan.s11() {
        return Err("`map` is not the optimal map between the plan's marginals".into());
    }
    let one = Rational::from(1);
    escalate(c, |prec| {
        let m = flow_matrix(&plan, &one, &c.tolerance, prec)?;
        let residuals: Vec<Iv> = m
            .iter()
            .zip(&map)
            .flat_map(|(row, target)| {
                row.iter()
                    .zip(target)
                    .map(move |(x, y)| x.sub(&Iv::of(y, prec)))
            })
            .collect();
        Ok(decide(&residuals, &c.tolerance))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn plan(v: Value) -> Plan {
        Plan::read(&v).unwrap()
    }

    fn q(n: i64, d: i64) -> Rational {
        Rational::from((n, d))
    }

    /// A tolerance of `1e-40`: the steps then keep to `2^-120`.
    fn tiny() -> Rational {
        Rational::from_f64(1e-40).unwrap()
    }

    /// Each entry holds `exact` and is narrower than `width`.
    fn holds(m: &IvMatrix, exact: &[[Rational; 2]; 2], width: f64) {
        for (row, want) in m.iter().zip(exact) {
            for (e, w) in row.iter().zip(want) {
                let (lo, hi) = e.ends().unwrap();
                assert!(lo <= *w && *w <= hi, "{w} outside [{lo}, {hi}]");
                assert!(
                    Rational::from(&hi - &lo) < width,
                    "width {}",
                    (hi - lo).to_f64()
                );
            }
        }
    }

    /// The optimal plan of `T = [[2, 1], [1, 3]]` from `N(0, S00)`: its
    /// flow is `M_t = (1 - t) I + t T`, exactly.
    #[test]
    fn the_optimal_flow_is_the_straight_interpolation() {
        let p = plan(json!({"m0": ["0", "0"], "m1": ["0", "0"],
            "s00": [["2", "1"], ["1", "1"]], "s11": [["13", "14"], ["14", "17"]],
            "c": [["5", "5"], ["3", "4"]]}));
        for t in [q(1, 3), q(1, 1)] {
            let m = flow_matrix(&p, &t, &tiny(), 160).unwrap();
            let u = Rational::from(1 - &t);
            let exact = [
                [&u + &t * q(2, 1), t.clone()],
                [t.clone(), &u + &t * q(3, 1)],
            ];
            holds(&m, &exact, 1e-30);
        }
    }

    /// A diagonal plan is two one-dimensional plans: `M_t` is diagonal with
    /// `sqrt(Sigma_t / S00)` for a comonotone coupling, here
    /// `X1 = 3 X0` in the first coordinate (`M_t = 1 + 2t`) and
    /// `X1 = X0 / 2` in the second (`M_t = 1 - t/2`).
    #[test]
    fn a_diagonal_plan_moves_each_coordinate_alone() {
        let p = plan(json!({"m0": ["0", "0"], "m1": ["1", "-1"],
            "s00": [["1", "0"], ["0", "4"]], "s11": [["9", "0"], ["0", "1"]],
            "c": [["3", "0"], ["0", "2"]]}));
        let m = flow_matrix(&p, &q(3, 4), &tiny(), 160).unwrap();
        let exact = [[q(5, 2), q(0, 1)], [q(0, 1), q(5, 8)]];
        holds(&m, &exact, 1e-30);
    }

    /// Entries of 3,000 digits in D = 16 are refused when read, before any
    /// exact elimination (which took minutes on them).
    #[test]
    fn huge_entries_are_refused_before_any_elimination() {
        let big = format!("1/{}", "7".repeat(3000));
        let row = |i: usize| -> Vec<String> {
            (0..16)
                .map(|j| if i == j { "1600".into() } else { big.clone() })
                .collect()
        };
        let m: Vec<Vec<String>> = (0..16).map(row).collect();
        let zero = vec!["0"; 16];
        let v = json!({"m0": zero, "m1": zero, "s00": m, "s11": m,
            "c": vec![vec!["0"; 16]; 16]});
        let e = Plan::read(&v).err().unwrap();
        assert!(e.contains("budget"), "{e}");
    }

    /// `X1 = diag(1, -1) X0` collapses the second coordinate at t = 1/2:
    /// the field is not defined there, and no step crosses it.
    #[test]
    fn a_collapse_is_an_error_not_an_enclosure() {
        let p = plan(json!({"m0": ["0", "0"], "m1": ["0", "0"],
            "s00": [["1", "0"], ["0", "1"]], "s11": [["1", "0"], ["0", "1"]],
            "c": [["1", "0"], ["0", "-1"]]}));
        assert!(flow_matrix(&p, &q(1, 4), &Rational::new(), 128).is_ok());
        assert!(flow_matrix(&p, &q(3, 4), &Rational::new(), 128).is_err());
    }
}
