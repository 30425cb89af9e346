//! The moment route of the one-dimensional theorem (docs/mathematics.md section 3),
//! exact, and the exponential-moment certificate.
//!
//! * Mixed moments `mu_{i,j} = E[X0^i X1^j]`, exact for rational
//!   parameters: bivariate Gaussians by Stein's identity
//!   `E[Y0 g] = s00 E[d_0 g] + c E[d_1 g]` on the centred variables;
//!   discrete and uniform plans directly.
//! * Moments of `X_t`, computed *independently* of `mu` where the family
//!   allows (a Gaussian `X_t ~ N(m_t, Sigma_t)`, atoms moved on their lines).
//! * Recovery: `E[X_t^k] = sum_j binom(k,j) (1-t)^(k-j) t^j mu_{k-j,j}` at
//!   `k+1` distinct times is a linear system with
//!   `det = prod_j binom(k,j) prod_{i<l} (t_l - t_i)`; it is solved exactly.
//! * `E exp(eps (|X0| + |X1|)) <= M`: from `e^{|a|+|b|} <= sum_{+-,+-} e^{+-a+-b}`
//!   and the moment generating functions, enclosed with outward rounding.

use super::family::{GaussianComponent, OneDimPlan};
use crate::exact::{QMatrix, Q};
use num_traits::{One, Zero};

fn q(n: i64) -> Q {
    Q::from_integer(n.into())
}

fn binom(n: u32, k: u32) -> Q {
    let mut acc = Q::one();
    for i in 0..k {
        acc = acc * q(i64::from(n - i)) / q(i64::from(i + 1));
    }
    acc
}

/// `E[Y0^a Y1^b]` for centred bivariate Gaussians with `(s00, c, s11)`.
fn central(
    g: &GaussianComponent,
    a: u32,
    b: u32,
    memo: &mut std::collections::HashMap<(u32, u32), Q>,
) -> Q {
    if let Some(v) = memo.get(&(a, b)) {
        return v.clone();
    }
    let v = if a == 0 && b == 0 {
        Q::one()
    } else if a == 0 {
        // E[Y1^b] = (b-1) s11 E[Y1^(b-2)]
        if b < 2 {
            Q::zero()
        } else {
            q(i64::from(b - 1)) * &g.s11 * central(g, 0, b - 2, memo)
        }
    } else {
        // Stein: E[Y0 * Y0^(a-1) Y1^b] = s00 (a-1) E[Y0^(a-2) Y1^b] + c b E[Y0^(a-1) Y1^(b-1)]
        let mut acc = Q::zero();
        if a >= 2 {
            acc += q(i64::from(a - 1)) * &g.s00 * central(g, a - 2, b, memo);
        }
        if b >= 1 {
            acc += q(i64::from(b)) * &g.c * central(g, a - 1, b - 1, memo);
        }
        acc
    };
    memo.insert((a, b), v.clone());
    v
}

fn gaussian_mixed(g: &GaussianComponent, i: u32, j: u32) -> Q {
    let mut memo = Default::default();
    let mut acc = Q::zero();
    for a in 0..=i {
        for b in 0..=j {
            let term = binom(i, a)
                * binom(j, b)
                * num_traits::pow(g.m0.clone(), (i - a) as usize)
                * num_traits::pow(g.m1.clone(), (j - b) as usize)
                * central(g, a, b, &mut memo);
            acc += term;
        }
    }
    acc
}

/// `E[U^i]` for `U ~ U[a, b]`.
fn uniform_moment(a: &Q, b: &Q, i: u32) -> Q {
    let n = (i + 1) as usize;
    (num_traits::pow(b.clone(), n) - num_traits::pow(a.clone(), n))
        / (q(i64::from(i + 1)) * (b - a))
}

/// `mu_{i,j} = E[X0^i X1^j]`, exactly.
pub fn mixed_moment(plan: &OneDimPlan, i: u32, j: u32) -> Q {
    match plan {
        OneDimPlan::Gaussian(g) => gaussian_mixed(g, i, j),
        OneDimPlan::Mixture(c) => c.iter().map(|(w, g)| w * gaussian_mixed(g, i, j)).sum(),
        OneDimPlan::Discrete(atoms) => atoms
            .iter()
            .map(|a| {
                &a.weight
                    * num_traits::pow(a.x0.clone(), i as usize)
                    * num_traits::pow(a.x1.clone(), j as usize)
            })
            .sum(),
        OneDimPlan::IndependentUniform { a0, b0, a1, b1 } => {
            uniform_moment(a0, b0, i) * uniform_moment(a1, b1, j)
        }
    }
}

fn gaussian_xt_moment(g: &GaussianComponent, t: &Q, k: u32) -> Q {
    // X_t ~ N(m, v): E[(m + Z)^k] = sum_r binom(k, 2r) m^(k-2r) v^r (2r-1)!!
    let (m, v) = (g.mean_at(t), g.variance_at(t));
    let mut acc = Q::zero();
    let mut double_factorial = Q::one();
    for r in 0..=k / 2 {
        if r > 0 {
            double_factorial *= q(i64::from(2 * r - 1));
        }
        acc += binom(k, 2 * r)
            * num_traits::pow(m.clone(), (k - 2 * r) as usize)
            * num_traits::pow(v.clone(), r as usize)
            * &double_factorial;
    }
    acc
}

/// `E[X_t^k]`, exactly, computed from the law of `X_t` where the family
/// gives it (not from `mu`).
pub fn moment_at(plan: &OneDimPlan, t: &Q, k: u32) -> Q {
    match plan {
        OneDimPlan::Gaussian(g) => gaussian_xt_moment(g, t, k),
        OneDimPlan::Mixture(c) => c.iter().map(|(w, g)| w * gaussian_xt_moment(g, t, k)).sum(),
        OneDimPlan::Discrete(atoms) => {
            let u = Q::one() - t;
            atoms
                .iter()
                .map(|a| &a.weight * num_traits::pow(&u * &a.x0 + t * &a.x1, k as usize))
                .sum()
        }
        OneDimPlan::IndependentUniform { .. } => (0..=k)
            .map(|j| {
                binom(k, j)
                    * num_traits::pow(Q::one() - t, (k - j) as usize)
                    * num_traits::pow(t.clone(), j as usize)
                    * mixed_moment(plan, k - j, j)
            })
            .sum(),
    }
}

/// The outcome of [`recover_mixed_moments`] for one degree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovery {
    /// The degree `k`.
    pub degree: u32,
    /// `mu_{k-j,j}` recovered from the moments of `p_t`, `j = 0..=k`.
    pub recovered: Vec<Q>,
    /// The determinant of the system, and the closed form it must equal.
    pub det: (Q, Q),
}

/// Recovers every mixed moment of degree `k` of a plan from the moments of
/// `p_t` of `source` (normally the same plan) at `k + 1` distinct times
/// `t_i = (i + 1) / (k + 2)`.
pub fn recover_mixed_moments(source: &OneDimPlan, k: u32) -> Recovery {
    let times: Vec<Q> = (0..=k)
        .map(|i| q(i64::from(i + 1)) / q(i64::from(k + 2)))
        .collect();
    let rows: Vec<Vec<Q>> = times
        .iter()
        .map(|t| {
            (0..=k)
                .map(|j| {
                    binom(k, j)
                        * num_traits::pow(Q::one() - t, (k - j) as usize)
                        * num_traits::pow(t.clone(), j as usize)
                })
                .collect()
        })
        .collect();
    let m = QMatrix::from_rows(rows).expect("square");
    let det = m.det().expect("square");
    let mut closed = (0..=k).map(|j| binom(k, j)).fold(Q::one(), |a, b| a * b);
    for i in 0..times.len() {
        for l in i + 1..times.len() {
            closed *= &times[l] - &times[i];
        }
    }
    let rhs: Vec<Q> = times.iter().map(|t| moment_at(source, t, k)).collect();
    let recovered = match m.solve_system(&rhs).expect("shapes") {
        crate::exact::SystemSolution::Unique(x) => x,
        _ => unreachable!("distinct times give a nonsingular system (det != 0)"),
    };
    Recovery {
        degree: k,
        recovered,
        det: (det, closed),
    }
}
