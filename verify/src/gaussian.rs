//! The Gaussian check kinds and the counterexample of dimension `D >= 2`:
//! exact substitution and elimination over Q (the counterexample's one
//! inequality by intervals).
//!
//! A plan is `(X0, X1) ~ N((m0, m1), [[S00, C], [C^T, S11]])`; along the
//! path `Sigma_t = (1-t)^2 S00 + t(1-t)(C + C^T) + t^2 S11` and
//! `G_t = (1-t) C^T + t S11 - (1-t) S00 - t C`; the field is
//! `A_t = G_t Sigma_t^{-1}`.

use crate::exact::{self, Matrix};
use crate::interval::Iv;
use crate::number::{self, get};
use crate::{Cert, Finding};
use rug::Rational;
use serde_json::Value;

/// The largest `D` times the characters of a Gaussian plan's numbers (a
/// plan in `D = 16` with 80-digit entries is within it; 3,000-digit entries
/// took the exact checks minutes).
pub const PLAN_SIZE: u64 = 1 << 20;

/// A Gaussian plan of a certificate, checked valid (symmetric end
/// covariances, a positive semidefinite joint covariance).
pub struct Plan {
    m0: Vec<Rational>,
    m1: Vec<Rational>,
    s00: Matrix,
    s11: Matrix,
    c: Matrix,
}

impl Plan {
    /// Reads and checks a plan.
    pub fn read(v: &Value) -> Result<Plan, String> {
        let m0 = number::vector(get(v, "m0")?)?;
        let d = m0.len();
        if d == 0 || d > 64 {
            return Err("a plan of dimension 0 or above 64".into());
        }
        let m1 = number::vector(get(v, "m1")?)?;
        if m1.len() != d {
            return Err("m0 and m1 of different dimensions".into());
        }
        // exact elimination on the 2D x 2D joint covariance: its cost grows
        // with the dimension and the digits of the entries
        let size: u64 = ["m0", "m1", "s00", "s11", "c"]
            .iter()
            .map(|k| get(v, k).map(number::characters))
            .sum::<Result<u64, String>>()?;
        if size.saturating_mul(d as u64) > PLAN_SIZE {
            return Err(format!(
                "a plan of dimension {d} whose numbers have {size} characters: beyond the verifier's budget of {PLAN_SIZE} characters x dimension"
            ));
        }
        Plan::from_parts(
            m0,
            m1,
            exact::matrix(get(v, "s00")?, d, d)?,
            exact::matrix(get(v, "s11")?, d, d)?,
            exact::matrix(get(v, "c")?, d, d)?,
        )
        .ok_or_else(|| "the joint covariance is not symmetric positive semidefinite".into())
    }

    /// A plan from its parts (of matching shapes), `None` when the joint
    /// covariance is not symmetric positive semidefinite.
    pub(crate) fn from_parts(
        m0: Vec<Rational>,
        m1: Vec<Rational>,
        s00: Matrix,
        s11: Matrix,
        c: Matrix,
    ) -> Option<Plan> {
        let plan = Plan {
            m0,
            m1,
            s00,
            s11,
            c,
        };
        exact::definiteness(&plan.joint(&plan.c)).map(|_| plan)
    }

    /// `A_t` of the plan's own `C`, where `Sigma_t` is invertible.
    pub(crate) fn field_matrix(&self, t: &Rational) -> Result<Matrix, String> {
        self.a(&self.c, t)
    }

    fn dim(&self) -> usize {
        self.m0.len()
    }

    /// `m0` and `m1`.
    pub(crate) fn means(&self) -> (&[Rational], &[Rational]) {
        (&self.m0, &self.m1)
    }

    /// `S00`.
    pub(crate) fn s00(&self) -> &Matrix {
        &self.s00
    }

    /// `S11`.
    pub(crate) fn s11(&self) -> &Matrix {
        &self.s11
    }

    /// The `k`-th leading minor of `Sigma_t`, a polynomial of degree at most
    /// `2k` in `t` (coefficients by degree, without trailing zeros), from
    /// its values at `t = 0..2k`.
    pub(crate) fn leading_minor(&self, k: usize) -> Vec<Rational> {
        let values: Vec<Rational> = (0..=2 * k)
            .map(|i| {
                let s = self.sigma(&self.c, &Rational::from(i as u64));
                exact::det(&s[..k].iter().map(|r| r[..k].to_vec()).collect())
            })
            .collect();
        trimmed(exact::interpolate(&values))
    }

    /// Whether `Sigma_t` is positive definite for every `t` in `[a, b]`:
    /// the joint covariance positive definite (then `Sigma_t = V_t^T Gamma
    /// V_t` with `V_t` of full column rank), or every leading minor shown
    /// positive on `[a, b]` (Bernstein coefficients).
    pub(crate) fn definite_on(&self, a: &Rational, b: &Rational) -> bool {
        exact::definiteness(&self.joint(&self.c)) == Some(true)
            || (1..=self.dim()).all(|k| exact::positive_on(&self.leading_minor(k), a, b))
    }

    /// The coefficients of `Sigma_t = S0 + t S1 + t^2 S2` and of
    /// `G_t = G0 + t G1` (`G1 = S2`), exactly:
    /// `S0 = S00`, `S1 = C + C^T - 2 S00`, `S2 = S00 + S11 - C - C^T`,
    /// `G0 = C^T - S00`.
    pub(crate) fn path_polynomials(&self) -> ([Matrix; 3], Matrix) {
        let one = Rational::from(1);
        let both = exact::add_scaled(&self.c, &one, &exact::transpose(&self.c));
        let s1 = exact::add_scaled(&both, &Rational::from(-2), &self.s00);
        let s2 = exact::add_scaled(
            &exact::add_scaled(&self.s00, &one, &self.s11),
            &Rational::from(-1),
            &both,
        );
        let g0 = exact::add_scaled(&exact::transpose(&self.c), &Rational::from(-1), &self.s00);
        ([self.s00.clone(), s1, s2], g0)
    }

    /// The numbers fixing the law of `X0` (`side` 0: `m0`, `S00`), of `X1`
    /// (1: `m1`, `S11`), or of `(X0, X1)` (`None`: all five parts), in a
    /// fixed order: two plans have the same law there iff these are equal.
    pub(crate) fn law_key(&self, side: Option<usize>) -> Vec<Rational> {
        let flat = |m: &Matrix| m.iter().flatten().cloned().collect::<Vec<_>>();
        match side {
            Some(0) => [self.m0.clone(), flat(&self.s00)].concat(),
            Some(_) => [self.m1.clone(), flat(&self.s11)].concat(),
            None => [
                self.m0.clone(),
                self.m1.clone(),
                flat(&self.s00),
                flat(&self.s11),
                flat(&self.c),
            ]
            .concat(),
        }
    }

    /// At `t`, for the plan's own `C`: `m_t`, `d/dt m_t = m1 - m0`,
    /// `Sigma_t`, `d/dt Sigma_t` and `G_t`, exactly.
    pub(crate) fn path_at(&self, t: &Rational) -> PathAt {
        let u = Rational::from(1 - t);
        let mean = self
            .m0
            .iter()
            .zip(&self.m1)
            .map(|(a, b)| Rational::from(&u * a) + Rational::from(t * b))
            .collect();
        let drift = self
            .m1
            .iter()
            .zip(&self.m0)
            .map(|(b, a)| Rational::from(b - a))
            .collect();
        // d/dt Sigma_t = -2(1-t) S00 + (1-2t)(C + C^T) + 2t S11
        let both = exact::add_scaled(&self.c, &Rational::from(1), &exact::transpose(&self.c));
        let ds = exact::scale(&Rational::from(-2 * &u), &self.s00);
        let ds = exact::add_scaled(&ds, &(1 - Rational::from(2 * t)), &both);
        let ds = exact::add_scaled(&ds, &Rational::from(2 * t), &self.s11);
        PathAt {
            mean,
            drift,
            sigma: self.sigma(&self.c, t),
            sigma_dot: ds,
            g: self.g(&self.c, t),
        }
    }

    fn copy(&self) -> Plan {
        Plan {
            m0: self.m0.clone(),
            m1: self.m1.clone(),
            s00: self.s00.clone(),
            s11: self.s11.clone(),
            c: self.c.clone(),
        }
    }

    /// `[[S00, C], [C^T, S11]]` for a cross covariance `c`.
    fn joint(&self, c: &Matrix) -> Matrix {
        let ct = exact::transpose(c);
        let top = self
            .s00
            .iter()
            .zip(c)
            .map(|(a, b)| a.iter().chain(b).cloned().collect());
        let bottom = ct
            .iter()
            .zip(&self.s11)
            .map(|(a, b)| a.iter().chain(b).cloned().collect());
        top.chain(bottom).collect()
    }

    /// `Sigma_t` with cross covariance `c`.
    fn sigma(&self, c: &Matrix, t: &Rational) -> Matrix {
        let u = Rational::from(1 - t);
        let both = exact::add_scaled(c, &Rational::from(1), &exact::transpose(c));
        let s = exact::scale(&Rational::from(&u * &u), &self.s00);
        let s = exact::add_scaled(&s, &Rational::from(t * &u), &both);
        exact::add_scaled(&s, &Rational::from(t * t), &self.s11)
    }

    /// `G_t` with cross covariance `c`.
    fn g(&self, c: &Matrix, t: &Rational) -> Matrix {
        let u = Rational::from(1 - t);
        let g = exact::scale(&u, &exact::transpose(c));
        let g = exact::add_scaled(&g, t, &self.s11);
        let g = exact::add_scaled(&g, &Rational::from(-&u), &self.s00);
        exact::add_scaled(&g, &Rational::from(-t), c)
    }

    /// `A_t`, where `Sigma_t` is invertible.
    fn a(&self, c: &Matrix, t: &Rational) -> Result<Matrix, String> {
        let inv =
            exact::inverse(&self.sigma(c, t)).ok_or("Sigma_t is singular at a sample time")?;
        Ok(exact::mul(&self.g(c, t), &inv))
    }
}

/// A plan's path at one time ([`Plan::path_at`]).
pub(crate) struct PathAt {
    pub(crate) mean: Vec<Rational>,
    pub(crate) drift: Vec<Rational>,
    pub(crate) sigma: Matrix,
    pub(crate) sigma_dot: Matrix,
    pub(crate) g: Matrix,
}

fn plan_of(c: &Cert, key: &str) -> Result<Plan, String> {
    Plan::read(get(c.inputs, key)?)
}

fn time(v: &Value) -> Result<Rational, String> {
    let t = number::rational(v)?;
    if !(0..=1).contains(&t) {
        return Err("a time outside [0, 1]".into());
    }
    Ok(t)
}

/// `gaussian-roundtrip` and `gaussian-single-time`: the field samples of
/// the plan determine `C` (among valid plans) when the linear map
/// `C -> A_t Sigma_t(C) - G_t(C)` (with `Sigma_t(C)` itself when the samples
/// carry it), stacked over the times, has full column rank `D^2`: the
/// plan's own `C` solves it, so it is the only solution. Refuted only by the
/// witness's second valid plan `C'` with the same samples:
/// `A_t Sigma_t(C') = G_t(C')` (and the same `Sigma_t`) at every time.
pub fn roundtrip(c: &Cert) -> Result<Finding, String> {
    let plan = plan_of(c, "plan")?;
    let times: Vec<Rational> = match c.check {
        "gaussian-single-time" => vec![time(get(c.inputs, "t")?)?],
        _ => get(c.inputs, "times")?
            .as_array()
            .ok_or("`times` is not an array")?
            .iter()
            .map(time)
            .collect::<Result<_, _>>()?,
    };
    let d = plan.dim();
    if times.is_empty() || times.len() > 64 || d > MAX_INVERSION_DIM {
        return Err(format!(
            "1 to 64 times, D <= {MAX_INVERSION_DIM} (the verifier's limit)"
        ));
    }
    let with_sigma = match c.inputs.get("with_sigma") {
        None | Some(Value::Bool(false)) => false,
        Some(Value::Bool(true)) => true,
        Some(other) => return Err(format!("`with_sigma` is `{other}`, not a boolean")),
    };
    // the samples, once per time
    let samples: Vec<(Rational, Matrix)> = times
        .iter()
        .map(|t| Ok((t.clone(), plan.a(&plan.c, t)?)))
        .collect::<Result<_, String>>()?;
    let equations = |cm: &Matrix| sample_equations(&plan, &samples, with_sigma, cm);
    // the linear part of the system: one column per entry of C
    let d2 = d * d;
    let zero = vec![vec![Rational::new(); d]; d];
    let base = equations(&zero);
    let linear = |cm: &Matrix| -> Vec<Rational> {
        equations(cm)
            .iter()
            .zip(&base)
            .map(|(x, b)| Rational::from(x - b))
            .collect()
    };
    // a lower bound on the rank: modulo primes that divide no denominator
    // of the times and samples (a nonzero minor modulo p is a nonzero minor
    // over Q); full rank that way is proven
    let denominators: Vec<&rug::Integer> = samples
        .iter()
        .flat_map(|(t, a)| std::iter::once(t.denom()).chain(a.iter().flatten().map(|x| x.denom())))
        .collect();
    let lower = exact::primes_dividing_none(&denominators, 3)
        .into_iter()
        .filter_map(|p| exact::rank_mod(linear_rows(&samples, d, with_sigma), d2, p))
        .max();
    let exact_rank = || {
        let rows = samples.len() * if with_sigma { 2 * d2 } else { d2 };
        if rows * d2 > MAX_EXACT_RANK_ENTRIES {
            return Err(format!(
                "the rank needs exact elimination of a {rows} x {d2} system, beyond the verifier's limit of {MAX_EXACT_RANK_ENTRIES} entries"
            ));
        }
        Ok(exact::rank(&linear_system(&samples, d, with_sigma)))
    };
    let Some(second) = c.witness("second_c") else {
        if lower != Some(d2) && exact_rank()? != d2 {
            return Err("free directions, but no second valid plan in the witness".into());
        }
        // the unique solution is the plan's own C
        c.stated_equals("c", &matrix_json(&plan.c))?;
        return Ok(Finding::Certified);
    };
    // the stated particular solution solves the system
    if let Some(particular) = c.witness("c") {
        if equations(&exact::matrix(particular, d, d)?) != equations(&plan.c) {
            return Err("the stated solution `c` does not solve the system".into());
        }
    }
    // the stated basis: in the kernel and independent, so the rank is at
    // most d^2 - its size; with the lower bound that fixes the rank, else
    // exact elimination does
    let basis = match c.witness("basis") {
        None => None,
        Some(b) => {
            let vectors = b
                .as_array()
                .ok_or("`basis` is not an array")?
                .iter()
                .map(|b| exact::matrix(b, d, d))
                .collect::<Result<Vec<_>, _>>()?;
            let in_kernel = vectors.iter().all(|b| linear(b).iter().all(|x| *x == 0));
            let flat: Matrix = vectors.iter().map(|b| b.concat()).collect();
            if !in_kernel || exact::rank(&flat) != vectors.len() {
                return Err("the stated `basis` is not independent in the kernel".into());
            }
            Some(vectors.len())
        }
    };
    let rank = match (lower, basis) {
        (Some(lower), Some(k)) if lower + k == d2 => lower,
        _ => exact_rank()?,
    };
    if basis.is_some_and(|k| k != d2 - rank) {
        return Err("the stated `basis` does not span the free directions".into());
    }
    c.stated_equals("free_dimensions", &Value::from(d2 - rank))?;
    let second = exact::matrix(second, d, d)?;
    let other = Plan {
        c: second.clone(),
        ..plan.copy()
    };
    if second == plan.c || exact::definiteness(&other.joint(&second)).is_none() {
        return Err("the second plan is the plan itself, or not a valid plan".into());
    }
    // its field must be defined at the sample times to have samples there
    if times
        .iter()
        .any(|t| exact::det(&other.sigma(&second, t)) == 0)
    {
        return Err("the second plan's Sigma_t is singular at a sample time".into());
    }
    if equations(&second) == equations(&plan.c) {
        Ok(Finding::Refuted)
    } else {
        Err("the second plan's samples differ from the plan's".into())
    }
}

/// The equations of the samples in a cross covariance `cm`: per time the
/// entries of `A_t Sigma_t(cm) - G_t(cm)` row by row, then those of
/// `Sigma_t(cm)` with sigma samples. A `cm` with the plan's samples makes
/// them equal to the plan's own.
fn sample_equations(
    plan: &Plan,
    samples: &[(Rational, Matrix)],
    with_sigma: bool,
    cm: &Matrix,
) -> Vec<Rational> {
    let mut out = Vec::new();
    for (t, a) in samples {
        let s = plan.sigma(cm, t);
        let lhs = exact::add_scaled(&exact::mul(a, &s), &Rational::from(-1), &plan.g(cm, t));
        out.extend(lhs.into_iter().flatten());
        if with_sigma {
            out.extend(s.into_iter().flatten());
        }
    }
    out
}

/// Row `r` of the linear part of one sample's equations in `C`, sparse
/// (`(column, value)`, a column per entry `(k, l)` of `C`, `k d + l`), rows
/// in the order of `sample_equations`. `Sigma_t(C)` has linear part
/// `s (C + C^T)`, `s = t(1-t)`, and `G_t(C)` has `(1-t) C^T - t C`; so
/// entry `(i, j)` of `A_t Sigma_t(C) - G_t(C)` has linear part
/// `s sum_k A_ik (C_kj + C_jk) - (1-t) C_ji + t C_ij`, and with sigma samples
/// entry `(i, j)` of `Sigma_t(C)` has `s (C_ij + C_ji)`. No product of
/// matrices: each row has at most `2D + 2` terms.
fn linear_row((t, a): &(Rational, Matrix), d: usize, r: usize) -> Vec<(usize, Rational)> {
    let u = Rational::from(1 - t);
    let s = Rational::from(t * &u);
    let (i, j) = ((r / d) % d, r % d);
    if r >= d * d {
        // a sigma sample
        return vec![(i * d + j, s.clone()), (j * d + i, s)];
    }
    let mut row = Vec::with_capacity(2 * d + 2);
    for (k, a_ik) in a[i].iter().enumerate() {
        let sa = Rational::from(&s * a_ik);
        row.push((k * d + j, sa.clone()));
        row.push((j * d + k, sa));
    }
    row.push((j * d + i, -u));
    row.push((i * d + j, t.clone()));
    row
}

/// The rows of the linear part of all the samples' equations, sparse.
fn linear_rows<'a>(
    samples: &'a [(Rational, Matrix)],
    d: usize,
    with_sigma: bool,
) -> impl Iterator<Item = Vec<(usize, Rational)>> + 'a {
    let per_time = if with_sigma { 2 * d * d } else { d * d };
    samples
        .iter()
        .flat_map(move |sample| (0..per_time).map(move |r| linear_row(sample, d, r)))
}

/// The same rows, dense.
fn linear_system(samples: &[(Rational, Matrix)], d: usize, with_sigma: bool) -> Matrix {
    linear_rows(samples, d, with_sigma)
        .map(|terms| {
            let mut row = vec![Rational::new(); d * d];
            for (col, x) in terms {
                row[col] += x;
            }
            row
        })
        .collect()
}

/// A matrix as the certificate writes it (exact numbers as strings).
fn matrix_json(m: &Matrix) -> Value {
    Value::from(m.iter().map(|r| strings(r)).collect::<Vec<_>>())
}

/// The largest dimension of an inversion the verifier re-checks (`D^2`
/// unknowns; the rank modulo a prime, row by row).
const MAX_INVERSION_DIM: usize = 32;

/// The largest system (rows x columns) whose rank is taken by exact
/// elimination over Q, when the rank modulo primes does not settle it.
const MAX_EXACT_RANK_ENTRIES: usize = 1 << 16;

/// `gaussian-lyapunov`: `d/dt Sigma_t - (G_t + G_t^T)`, a polynomial of
/// degree <= 1 in `t` (its coefficients from `t = 0` and `t = 1`), or, for
/// a claimed `A` at `t`, `A Sigma_t + Sigma_t A^T - d/dt Sigma_t`: the
/// largest entry is an exact measure.
pub fn lyapunov(c: &Cert) -> Result<Finding, String> {
    let plan = plan_of(c, "plan")?;
    let d = plan.dim();
    let both = exact::add_scaled(&plan.c, &Rational::from(1), &exact::transpose(&plan.c));
    // d/dt Sigma_t = -2(1-t) S00 + (1-2t)(C + C^T) + 2t S11
    let dsigma = |t: &Rational| {
        let s = exact::scale(&(-2 * Rational::from(1 - t)), &plan.s00);
        let s = exact::add_scaled(&s, &(1 - Rational::from(2 * t)), &both);
        exact::add_scaled(&s, &Rational::from(2 * t), &plan.s11)
    };
    let residual = match c.inputs.get("a") {
        None | Some(Value::Null) => {
            let diff = |t: &Rational| {
                let g = plan.g(&plan.c, t);
                let sym = exact::add_scaled(&g, &Rational::from(1), &exact::transpose(&g));
                exact::add_scaled(&dsigma(t), &Rational::from(-1), &sym)
            };
            let (d0, d1) = (diff(&Rational::new()), diff(&Rational::from(1)));
            let slope = exact::add_scaled(&d1, &Rational::from(-1), &d0);
            exact::max_abs(&d0).max(exact::max_abs(&slope))
        }
        Some(a) => {
            let a = exact::matrix(a, d, d)?;
            let t = time(get(c.inputs, "t")?)?;
            let s = plan.sigma(&plan.c, &t);
            if exact::det(&s) == 0 {
                return Err("Sigma_t is singular at the claimed time: no field there".into());
            }
            let lhs = exact::add_scaled(
                &exact::mul(&a, &s),
                &Rational::from(1),
                &exact::mul(&s, &exact::transpose(&a)),
            );
            let r = exact::add_scaled(&lhs, &Rational::from(-1), &dsigma(&t));
            c.stated_equals("residual", &matrix_json(&r))?;
            exact::max_abs(&r)
        }
    };
    Ok(Finding::of(residual <= c.tolerance))
}

/// `gaussian-well-posed`: certified by a positive definite joint covariance
/// (then `Sigma_t = V_t^T Gamma V_t` with `V_t = [(1-t) I; t I]` of full
/// column rank), or by every leading principal minor of `Sigma_t` positive
/// on `[0, 1]` (exact interpolation, positive Bernstein coefficients);
/// refuted by a rational `t` of the witness where `Sigma_t` is not
/// positive definite.
pub fn well_posed(c: &Cert) -> Result<Finding, String> {
    let plan = plan_of(c, "plan")?;
    let minor = |k: usize| plan.leading_minor(k);
    if let Some(t) = c.witness("t") {
        let t = time(t)?;
        if exact::definiteness(&plan.sigma(&plan.c, &t)) != Some(true) {
            // the stated minor: its polynomial, at most 0 at t
            if let Some(k) = c.witness("minor") {
                let k = k
                    .as_u64()
                    .filter(|k| (1..=plan.dim() as u64).contains(k))
                    .ok_or("`minor` is not the index of a leading minor")?;
                let m = minor(k as usize);
                if exact::eval(&m, &t) > 0 {
                    return Err("the stated minor is positive at the witness time".into());
                }
                if let Some(text) = c.witness("polynomial") {
                    if poly_of_text(text)? != m {
                        return Err("the stated `polynomial` is not the stated minor".into());
                    }
                }
            }
            return Ok(Finding::Refuted);
        }
        return Err("the witness time does not make Sigma_t singular or indefinite".into());
    }
    if exact::definiteness(&plan.joint(&plan.c)) == Some(true) {
        return Ok(Finding::Certified);
    }
    let minors: Vec<Vec<Rational>> = (1..=plan.dim()).map(minor).collect();
    for (k, m) in minors.iter().enumerate() {
        if !exact::positive_on(m, &Rational::new(), &Rational::from(1)) {
            return Err(format!(
                "leading minor {} not shown positive on [0, 1]",
                k + 1
            ));
        }
    }
    if let Some(stated) = c.witness("leading_minors") {
        let stated = stated
            .as_array()
            .ok_or("`leading_minors` is not an array")?
            .iter()
            .map(poly_of_text)
            .collect::<Result<Vec<_>, _>>()?;
        if stated != minors {
            return Err("the stated `leading_minors` are not the leading minors of Sigma_t".into());
        }
    }
    Ok(Finding::Certified)
}

/// Coefficients without trailing zeros.
fn trimmed(mut p: Vec<Rational>) -> Vec<Rational> {
    while p.last().is_some_and(|c| *c == 0) {
        p.pop();
    }
    p
}

/// A polynomial in `t` as the certificate writes it (`1 - 4 t + 4 t^2`,
/// `3/2 t^3`), read exactly: coefficients by degree, without trailing
/// zeros.
fn poly_of_text(v: &Value) -> Result<Vec<Rational>, String> {
    let text = v.as_str().ok_or("a polynomial is not a string")?;
    let bad = || format!("`{text}` is not a polynomial in t");
    if text.len() > 100_000 {
        return Err(bad());
    }
    let mut p: Vec<Rational> = Vec::new();
    let signed = text.replace(" - ", " + -");
    for term in signed.split(" + ") {
        let (negative, term) = match term.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, term),
        };
        let (coefficient, degree) = match term.split_once('t') {
            None => (term, 0usize),
            Some((c, power)) => {
                let degree = match power {
                    "" => 1,
                    _ => power
                        .strip_prefix('^')
                        .and_then(|k| k.parse().ok())
                        .filter(|k| (2..=256).contains(k))
                        .ok_or_else(bad)?,
                };
                (c.trim_end(), degree)
            }
        };
        let mut c = match coefficient {
            "" => Rational::from(1),
            c => number::parse(c).map_err(|_| bad())?,
        };
        if negative {
            c = -c;
        }
        if p.len() <= degree {
            p.resize(degree + 1, Rational::new());
        }
        p[degree] += c;
    }
    Ok(trimmed(p))
}

/// `density-only-witness`: a second valid plan with the same end laws and
/// the same symmetric part of `C` (hence the same `Sigma_t`, so the same
/// `p_t`, for every `t`), a different `C`, and different `A_t` at the
/// witness time. In `D = 1` no second `C` has the same symmetric part.
pub fn density_only(c: &Cert) -> Result<Finding, String> {
    let plan = plan_of(c, "plan")?;
    let given = c.inputs.get("other").filter(|o| !o.is_null());
    let other = match given {
        Some(o) => {
            let other = Plan::read(o)?;
            // the stated c is the given plan's
            if other.dim() == plan.dim() {
                c.stated_equals("c", &matrix_json(&other.c))?;
            }
            other
        }
        None if plan.dim() == 1 => {
            // in D = 1 the densities determine c: the stated one is the plan's
            c.stated_equals("c", &Value::from(plan.c[0][0].to_string()))?;
            return Ok(Finding::Refuted);
        }
        None => {
            let d = plan.dim();
            let cm = exact::matrix(c.witness_field("c")?, d, d)?;
            Plan::read(&serde_json::json!({
                "m0": strings(&plan.m0), "m1": strings(&plan.m1),
                "s00": plan.s00.iter().map(|r| strings(r)).collect::<Vec<_>>(),
                "s11": plan.s11.iter().map(|r| strings(r)).collect::<Vec<_>>(),
                "c": cm.iter().map(|r| strings(r)).collect::<Vec<_>>()}))?
        }
    };
    let same_ends = other.m0 == plan.m0
        && other.m1 == plan.m1
        && other.s00 == plan.s00
        && other.s11 == plan.s11;
    let sym = |m: &Matrix| exact::add_scaled(m, &Rational::from(1), &exact::transpose(m));
    if !same_ends || sym(&other.c) != sym(&plan.c) || other.c == plan.c {
        // with a given second plan, its failure refutes the claim
        return if given.is_some() {
            Ok(Finding::Refuted)
        } else {
            Err("the witness plan is not a second plan with the same densities".into())
        };
    }
    let t = time(c.witness_field("t")?)?;
    if plan.a(&plan.c, &t)? == other.a(&other.c, &t)? {
        return Err("the fields agree at the witness time".into());
    }
    Ok(Finding::Certified)
}

fn strings(v: &[Rational]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

/// `ot-straight-paths`: `T` symmetric positive definite (else refuted),
/// then the largest coefficient of `Sigma_t - M_t S00 M_t^T` and of
/// `G_t - (T - I) S00 M_t^T`, `M_t = I + t (T - I)`, as an exact measure.
pub fn straight_paths(c: &Cert) -> Result<Finding, String> {
    let plan = plan_of(c, "plan")?;
    let d = plan.dim();
    let map = exact::matrix(get(c.inputs, "map")?, d, d)?;
    c.stated_equals("map", &matrix_json(&map))?;
    if exact::definiteness(&map) != Some(true) {
        return Ok(Finding::Refuted);
    }
    let one = Rational::from(1);
    let minus = Rational::from(-1);
    let e = exact::add_scaled(&map, &minus, &exact::identity(d));
    let et = exact::transpose(&e);
    let both = exact::add_scaled(&plan.c, &one, &exact::transpose(&plan.c));
    let es = exact::mul(&e, &plan.s00);
    let ese = exact::mul(&es, &et);
    // coefficients of t^0, t^1, t^2 on each side
    let sigma = [
        plan.s00.clone(),
        exact::add_scaled(&both, &Rational::from(-2), &plan.s00),
        exact::add_scaled(
            &exact::add_scaled(&plan.s00, &one, &plan.s11),
            &minus,
            &both,
        ),
    ];
    let pushed = [
        plan.s00.clone(),
        exact::add_scaled(&es, &one, &exact::transpose(&es)),
        ese.clone(),
    ];
    let g = [
        exact::add_scaled(&exact::transpose(&plan.c), &minus, &plan.s00),
        exact::add_scaled(
            &exact::add_scaled(&plan.s11, &one, &plan.s00),
            &minus,
            &both,
        ),
    ];
    let straight = [es, ese];
    let worst = sigma
        .iter()
        .zip(&pushed)
        .chain(g.iter().zip(&straight))
        .map(|(a, b)| exact::max_abs(&exact::add_scaled(a, &minus, b)))
        .fold(Rational::new(), |m, x| if x > m { x } else { m });
    Ok(Finding::of(worst <= c.tolerance))
}

/// `deterministic-plan`: `E[X1 | X0] = T X0 + d` with `T = C^T S00^{-1}`
/// (from `v_0`), and `tr Var(X1 | X0) = tr S11 - tr(T S00 T^T)`: zero iff
/// the plan is deterministic.
pub fn deterministic(c: &Cert) -> Result<Finding, String> {
    let plan = plan_of(c, "plan")?;
    let inv = exact::inverse(&plan.s00).ok_or("S00 is singular: v_0 is not defined")?;
    let map = exact::mul(&exact::transpose(&plan.c), &inv);
    let pushed = exact::mul(&exact::mul(&map, &plan.s00), &exact::transpose(&map));
    let trace = |m: &Matrix| (0..m.len()).fold(Rational::new(), |acc, i| acc + &m[i][i]);
    let conditional = trace(&plan.s11) - trace(&pushed);
    // the stated map T, shift d = m1 - T m0 and trace tr Var(X1 | X0)
    let mapped = exact::mul_vec(&map, &plan.m0);
    let shift: Vec<Rational> = plan
        .m1
        .iter()
        .zip(&mapped)
        .map(|(a, b)| Rational::from(a - b))
        .collect();
    c.stated_equals("map", &matrix_json(&map))?;
    c.stated_equals("shift", &Value::from(strings(&shift)))?;
    c.stated_equals("trace", &Value::from(conditional.to_string()))?;
    Ok(Finding::of(conditional == 0))
}

/// `multidim-counterexample`. With `j = 2` the perturbation `eps Q^2 g` is
/// invisible to the marginals, to every `p_t` and to the field, and not
/// zero (the theorem of the mathematics document, section 5, trusted here);
/// what is checked is the instance: valid parameters, and `pi' >= 0`, which
/// holds iff `eps K e^(-(2 c tau^2 + 1)) / (c tau^2) <= 1`,
/// `c = 1/(2 tau^2) - 1/(2 sigma^2)`, `K = (sigma^2/tau^2)^D tau^-4`
/// (certified by an enclosure), and fails where the witness point
/// `(a1, 0, ..., 0)` has `1 + eps K (2 - a1^2/tau^2) e^(-c a1^2) < 0`. With
/// `j = 1` the degree-2 part `q` of the moment generating function is seen
/// by the field (`(d_b2 - d_a2) q = a1 + b1 = u1` on the cone): refuted.
pub fn counterexample(c: &Cert) -> Result<Finding, String> {
    let i = c.inputs;
    let dim = number::count(i, "dim", 4)? as u32;
    let power = number::count(i, "power", 2)?;
    let (sigma2, tau2, eps) = (
        number::rational(get(i, "sigma2")?)?,
        number::rational(get(i, "tau2")?)?,
        number::rational(get(i, "eps")?)?,
    );
    let lambda = number::rational(get(i, "lambda")?)?;
    if dim < 2 || tau2 <= 0 || tau2 >= sigma2 || eps <= 0 || lambda <= 0 || power == 0 {
        return Err("parameters outside 2 <= D <= 4, 0 < tau^2 < sigma^2, eps > 0".into());
    }
    let half = Rational::from((1, 2));
    let cc = Rational::from(&half / &tau2) - Rational::from(&half / &sigma2);
    let ratio = Rational::from(&sigma2 / &tau2);
    let k = (0..dim).fold(Rational::from(1), |acc, _| acc * &ratio) / Rational::from(&tau2 * &tau2);
    let ctau = Rational::from(&cc * &tau2);
    let stated_ratio = c.witness("positivity_ratio");
    let mut ratio_confirmed = stated_ratio.is_none();
    let mut finding = None;
    for bits in [c.bits + 32, 2 * c.bits + 64] {
        // the positivity ratio eps K e^(-(2 c tau^2 + 1)) / (c tau^2)
        let exponent: Rational = -(Rational::from(2 * &ctau) + 1u32);
        let factor: Rational = Rational::from(&eps * &k) / &ctau;
        let r = Iv::of(&factor, bits).mul(&Iv::of(&exponent, bits).exp());
        if let Some(stated) = stated_ratio {
            let (lo, hi) = crate::onedim::stated_ends(stated)?;
            ratio_confirmed |= lo <= r.lo && hi.is_some_and(|hi| r.hi <= hi);
        }
        if finding.is_none() {
            if power == 1 {
                finding = Some(Finding::Refuted);
            } else if let Some(a1) = c.witness("negative_at_a1") {
                let a1 = number::rational(a1)?;
                let rho = Rational::from(&a1 * &a1);
                let f = Iv::of(&(2 - Rational::from(&rho / &tau2)), bits)
                    .mul(&Iv::of(&(-Rational::from(&cc * &rho)), bits).exp());
                let value = Iv::int(1, bits).add(&Iv::of(&Rational::from(&eps * &k), bits).mul(&f));
                if value.hi < 0 {
                    finding = Some(Finding::Refuted);
                }
            } else if r.hi <= 1 {
                finding = Some(Finding::Certified);
            }
        }
        if finding.is_some() && ratio_confirmed {
            break;
        }
    }
    if !ratio_confirmed {
        return Err("the stated `positivity_ratio` does not contain the ratio".into());
    }
    finding.ok_or_else(|| "pi' >= 0 neither shown nor refuted".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The system built entry by entry is the linear part of
    /// `sample_equations`, column by column, with and without sigma
    /// samples, for plans up to D = 3 with rational entries.
    #[test]
    fn the_linear_system_is_the_linear_part_of_the_equations() {
        let plans = [
            json!({"m0": ["0"], "m1": ["1"], "s00": [["2"]], "s11": [["3"]], "c": [["1/2"]]}),
            json!({"m0": ["0", "1"], "m1": ["1", "0"], "s00": [["2", "1/3"], ["1/3", "1"]],
                   "s11": [["3", "-1"], ["-1", "2"]], "c": [["1/2", "1/5"], ["-1/7", "1/3"]]}),
            json!({"m0": ["0", "0", "0"], "m1": ["1", "2", "3"],
                   "s00": [["2", "0", "1/2"], ["0", "3", "0"], ["1/2", "0", "1"]],
                   "s11": [["4", "1", "0"], ["1", "2", "0"], ["0", "0", "5"]],
                   "c": [["1", "1/4", "0"], ["0", "1/2", "-1/3"], ["1/5", "0", "1/3"]]}),
        ];
        for v in &plans {
            let plan = Plan::read(v).unwrap();
            let d = plan.dim();
            let samples: Vec<(Rational, Matrix)> = ["1/3", "3/4", "1/10"]
                .iter()
                .map(|t| {
                    let t: Rational = t.parse().unwrap();
                    let a = plan.a(&plan.c, &t).unwrap();
                    (t, a)
                })
                .collect();
            for with_sigma in [false, true] {
                let system = linear_system(&samples, d, with_sigma);
                let zero = vec![vec![Rational::new(); d]; d];
                let base = sample_equations(&plan, &samples, with_sigma, &zero);
                for k in 0..d {
                    for l in 0..d {
                        let mut e = zero.clone();
                        e[k][l] = Rational::from(1);
                        let column: Vec<Rational> =
                            sample_equations(&plan, &samples, with_sigma, &e)
                                .iter()
                                .zip(&base)
                                .map(|(x, b)| Rational::from(x - b))
                                .collect();
                        let built: Vec<Rational> =
                            system.iter().map(|r| r[k * d + l].clone()).collect();
                        assert_eq!(
                            built, column,
                            "D = {d}, column ({k}, {l}), sigma {with_sigma}"
                        );
                    }
                }
            }
        }
    }
}
