//! The certified counterexample to uniqueness for `D >= 2` (docs/mathematics.md
//! section 5), parametrised.
//!
//! Base plan `pi = N(0, sigma^2 I_{2D})` (independent coupling of
//! `N(0, sigma^2 I_D)` with itself), perturbation `h = Q^j g` with
//! `g = N(0, tau^2 I_{2D})`, `Q = d_{a1} d_{b2} - d_{a2} d_{b1}` acting on the
//! first two coordinates of `a = x0` and `b = x1`, and `pi' = pi + eps h`.
//! With `j = 2` this is the counterexample; `j = 1` is the negative control
//! (visible to the field).
//!
//! What is certified, and how:
//! * exactly, by polynomial-times-Gaussian algebra over Q: `h = H g` with
//!   `H` computed by differentiation, and (for `j = 2`) the closed form
//!   `H = tau^-4 (2 - rho / tau^2 + s^2 / tau^4)`, `rho = a1^2 + a2^2 +
//!   b1^2 + b2^2`, `s = a1 b2 - a2 b1`;
//! * exactly: every moment of `h` up to degree `K` equals the Taylor
//!   coefficient of `q(theta)^j exp(tau^2 |theta|^2 / 2)`: the moment
//!   generating function is `q^j` times that of `g`;
//! * exactly: `q = 0` on the cone `((1-t)u, tu)`, and each homogeneous part
//!   of `q^j exp(...)` up to degree `K` lies in `Ker_{D,k}` (section 4), so
//!   `p_t` and the field are those of `pi` for every `t` (`j = 2`);
//! * exactly: both marginals of `h` vanish;
//! * exactly: `E_{pi'}[s^2] - E_pi[s^2] = eps E_g[s^2 H]` (`12 eps` for
//!   `tau = 1`, `D = 2`);
//! * with intervals: `pi' >= 0`. Exactly, `H >= tau^-4 (2 - rho/tau^2)`
//!   (the difference is `s^2 / tau^8`), so
//!   `h / pi >= K f(rho)`, `K = (sigma^2/tau^2)^D tau^-4`,
//!   `f(rho) = (2 - rho/tau^2) e^(-c rho)`, `c = 1/(2 tau^2) - 1/(2 sigma^2)`;
//!   `f' = e^(-c rho) L(rho)` with `L` linear increasing, so the minimum is
//!   at the root `rho* = 2 tau^2 + 1/c` of `L`:
//!   `min h/pi = -K e^(-(2 c tau^2 + 1)) / (c tau^2)`, and `pi' >= 0` iff
//!   `eps K e^(-(2 c tau^2 + 1)) / (c tau^2) <= 1`, decided by an enclosure;
//!   when it fails, a rational point where `pi' < 0` is certified;
//! * with intervals: an upper bound `M` on `E_{pi'} exp(lambda (|X0| +
//!   |X1|))`, from `e^(lambda |x|_1) <= sum over signs e^(lambda <s, x>)`
//!   and the moment generating functions of `pi` and `h`.

use super::block::Block;
use super::polynomial::{gaussian_moment, multi_factorial, MPoly};
use crate::exact::Q;
use crate::interval::{Interval, Tri};
use num_traits::{One, Signed, Zero};

/// The parameters of the counterexample.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counterexample {
    /// The dimension `D >= 2`.
    pub dim: usize,
    /// `sigma^2`: the base plan is `N(0, sigma^2 I)`.
    pub sigma2: Q,
    /// `tau^2 < sigma^2`: `g = N(0, tau^2 I)`.
    pub tau2: Q,
    /// The weight `eps > 0`.
    pub eps: Q,
    /// `j`: `h = Q^j g` (2 for the counterexample, 1 for the control).
    pub power: u32,
    /// Moments are checked up to this degree.
    pub moment_degree: u32,
    /// `lambda`: the exponential moment `E exp(lambda (|X0| + |X1|))`.
    pub lambda: Q,
}

/// What was certified.
#[derive(Debug, Clone)]
pub struct CounterexampleReport {
    /// `H` with `h = H g`.
    pub density_factor: MPoly,
    /// Exact checks that failed (empty when all hold).
    pub failures: Vec<String>,
    /// `E_{pi'}[s^2] - E_pi[s^2]`, exactly.
    pub moment_difference: Q,
    /// Enclosure of `eps K e^(-(2 c tau^2 + 1)) / (c tau^2)`; `pi' >= 0`
    /// iff it is `<= 1`.
    pub positivity_ratio: Interval,
    /// `ratio <= 1`: True certifies `pi' >= 0`, False refutes it.
    pub positive: Tri,
    /// A point `(a1, 0, ..., 0)` where `pi' < 0` is certified, when refuted.
    pub negative_point: Option<Q>,
    /// Upper bound on `E_{pi'} exp(lambda (|X0| + |X1|))` (when `pi' >= 0`).
    pub exponential_moment: Option<Interval>,
}

/// Bad parameters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ParameterError(pub String);

fn q(n: i64) -> Q {
    Q::from_integer(n.into())
}

impl Counterexample {
    /// docs/mathematics.md's instance: `D = 2`, `sigma^2 = 2`, `tau = 1`, `eps = 1/4`.
    pub fn paper_instance() -> Counterexample {
        Counterexample {
            dim: 2,
            sigma2: q(2),
            tau2: q(1),
            eps: Q::new(1.into(), 4.into()),
            power: 2,
            moment_degree: 8,
            lambda: Q::new(1.into(), 2.into()),
        }
    }

    /// Checks the parameters: `2 <= D <= 4`, `0 < tau^2 < sigma^2`,
    /// `eps, lambda > 0`, a power of `Q` of 1 or 2, moments to degree 12.
    pub fn validate(&self) -> Result<(), ParameterError> {
        if !(2..=4).contains(&self.dim) {
            return Err(ParameterError(format!(
                "dim must be 2 to 4, found {}",
                self.dim
            )));
        }
        if !self.tau2.is_positive() || self.tau2 >= self.sigma2 {
            return Err(ParameterError("need 0 < tau^2 < sigma^2".into()));
        }
        if !self.eps.is_positive() || !self.lambda.is_positive() {
            return Err(ParameterError("eps and lambda must be positive".into()));
        }
        if !(1..=2).contains(&self.power) {
            return Err(ParameterError("the power of Q must be 1 or 2".into()));
        }
        if self.moment_degree > 12 {
            return Err(ParameterError("moment degree at most 12".into()));
        }
        Ok(())
    }

    fn n(&self) -> usize {
        2 * self.dim
    }

    /// Indices of `a1, a2, b1, b2` among `(a_1..a_D, b_1..b_D)`.
    fn pair(&self) -> [usize; 4] {
        [0, 1, self.dim, self.dim + 1]
    }

    /// `s = a1 b2 - a2 b1` (also `q(theta)` on the dual variables).
    pub fn s(&self) -> MPoly {
        let [a1, a2, b1, b2] = self.pair();
        let n = self.n();
        MPoly::var(n, a1)
            .mul(&MPoly::var(n, b2))
            .sub(&MPoly::var(n, a2).mul(&MPoly::var(n, b1)))
    }

    /// `H = Q^j g / g`.
    pub fn density_factor(&self) -> MPoly {
        let [a1, a2, b1, b2] = self.pair();
        let mut p = MPoly::constant(self.n(), q(1));
        for _ in 0..self.power {
            let first = p
                .gaussian_derivative(b2, &self.tau2)
                .gaussian_derivative(a1, &self.tau2);
            let second = p
                .gaussian_derivative(b1, &self.tau2)
                .gaussian_derivative(a2, &self.tau2);
            p = first.sub(&second);
        }
        p
    }

    /// Runs every check.
    pub fn certify(&self, prec: u32) -> Result<CounterexampleReport, ParameterError> {
        self.validate()?;
        let n = self.n();
        let tau2 = &self.tau2;
        let h = self.density_factor();
        let s = self.s();
        let mut failures = Vec::new();

        // closed form of H (j = 2)
        let [a1, a2, b1, b2] = self.pair();
        let rho = [a1, a2, b1, b2].iter().fold(MPoly::zero(n), |acc, &i| {
            acc.add(&MPoly::var(n, i).mul(&MPoly::var(n, i)))
        });
        let inv_tau2 = Q::one() / tau2;
        let inv_tau4 = &inv_tau2 * &inv_tau2;
        let radial = MPoly::constant(n, q(2))
            .sub(&rho.scale(&inv_tau2))
            .scale(&inv_tau4);
        if self.power == 2 {
            let closed = radial.add(&s.mul(&s).scale(&(&inv_tau4 * &inv_tau4)));
            if closed != h {
                failures.push("H differs from tau^-4 (2 - rho/tau^2 + s^2/tau^4)".into());
            }
        }

        // the moment generating function is q^j exp(tau^2 |theta|^2 / 2)
        let k_max = self.moment_degree;
        let theta_sq = (0..n).fold(MPoly::zero(n), |acc, i| {
            acc.add(&MPoly::var(n, i).mul(&MPoly::var(n, i)))
        });
        let half_tau = tau2 / q(2);
        let mut exp_series = MPoly::constant(n, q(1));
        let mut term = MPoly::constant(n, q(1));
        for j in 1..=k_max / 2 {
            term = term
                .mul_truncated(&theta_sq, k_max)
                .scale(&(&half_tau / Q::from_integer(j.into())));
            exp_series = exp_series.add(&term);
        }
        let mut mgf = exp_series.clone();
        for _ in 0..self.power {
            mgf = mgf.mul_truncated(&s, k_max);
        }
        for m in super::block::compositions(n + 1, k_max) {
            // all multi-indices of total degree <= k_max (the last entry is slack)
            let e = &m[..n];
            let moment = h
                .terms()
                .iter()
                .map(|(f, c)| {
                    let sum: Vec<u32> = f.iter().zip(e).map(|(a, b)| a + b).collect();
                    c * gaussian_moment(&sum, tau2)
                })
                .sum::<Q>();
            let series = mgf.coeff(e) * Q::from_integer(multi_factorial(e));
            if moment != series {
                failures.push(format!("the moment of h at {e:?} is not that of q^j M_g"));
                break;
            }
        }

        // invisible: q = 0 on the cone, and every homogeneous part of the
        // moment generating function lies in Ker_{D,k}
        for k in 0..=k_max {
            let part = mgf.homogeneous_part(k);
            if part.is_zero() {
                continue;
            }
            if let Some(gamma) = visible_block(&part, self.dim) {
                failures.push(format!(
                    "the degree-{k} part of the moment generating function is visible to the densities or the field (block {gamma:?})"
                ));
                break;
            }
        }

        // zero marginals
        let x0: Vec<usize> = (0..self.dim).collect();
        let x1: Vec<usize> = (self.dim..n).collect();
        if !h.integrate_out(&x1, tau2).is_zero() || !h.integrate_out(&x0, tau2).is_zero() {
            failures.push("a marginal of h does not vanish".into());
        }

        // E_{pi'}[s^2] - E_pi[s^2] = eps E_g[s^2 H]
        let moment_difference = self.moment_gap();
        if moment_difference.is_zero() {
            failures.push("the two plans have the same E[s^2]".into());
        }

        // positivity through the radial bound (j = 2)
        if self.power == 2 && h.sub(&radial) != s.mul(&s).scale(&(&inv_tau4 * &inv_tau4)) {
            failures.push("H - tau^-4 (2 - rho/tau^2) is not s^2/tau^8".into());
        }
        let (ratio, positive, negative_point) = self.positivity(prec);
        let exponential_moment = (positive == Tri::True).then(|| self.exponential_moment(prec));
        Ok(CounterexampleReport {
            density_factor: h,
            failures,
            moment_difference,
            positivity_ratio: ratio,
            positive,
            negative_point,
            exponential_moment,
        })
    }

    /// `c = 1/(2 tau^2) - 1/(2 sigma^2)` and `K = (sigma^2/tau^2)^D tau^-4`.
    fn radial_constants(&self) -> (Q, Q) {
        let c = (Q::one() / &self.tau2 - Q::one() / &self.sigma2) / q(2);
        let ratio = &self.sigma2 / &self.tau2;
        let k = num_traits::pow(ratio, self.dim) / (&self.tau2 * &self.tau2);
        (c, k)
    }

    /// `E_{pi'}[s^2] - E_pi[s^2] = eps E_g[s^2 H]`, exactly: how far the
    /// perturbed plan is from `pi`, which has the same field.
    pub fn moment_gap(&self) -> Q {
        let s = self.s();
        &self.eps
            * s.mul(&s)
                .mul(&self.density_factor())
                .gaussian_expectation(&self.tau2)
    }

    /// An enclosure of `eps K e^(-(2 c tau^2 + 1)) / (c tau^2)` (`j = 2`):
    /// `pi' >= 0` iff it is `<= 1`, and `1 -` it is the least value of
    /// `pi' / pi`.
    pub fn positivity_ratio(&self, prec: u32) -> Interval {
        let (c, k) = self.radial_constants();
        let ctau = &c * &self.tau2;
        let exponent = Interval::from_rational(&(-(&ctau * q(2) + q(1))), prec).exp();
        Interval::from_rational(&(&self.eps * &k / &ctau), prec) * exponent
    }

    /// An enclosure of `pi' / pi` at the point `(a1, 0, ..., 0)` (where
    /// `s = 0`, `j = 2`): `1 + eps K (2 - a1^2/tau^2) e^(-c a1^2)`.
    pub fn ratio_on_ray(&self, a1: &Q, prec: u32) -> Interval {
        let (c, k) = self.radial_constants();
        let rho = a1 * a1;
        let f = Interval::from_rational(&(q(2) - &rho / &self.tau2), prec)
            * Interval::from_rational(&(-(&c * &rho)), prec).exp();
        Interval::from_i64(1, prec) + Interval::from_rational(&(&self.eps * &k), prec) * f
    }

    /// `(eps K e^(-(2 c tau^2 + 1)) / (c tau^2) <= 1`, and a negative point.
    fn positivity(&self, prec: u32) -> (Interval, Tri, Option<Q>) {
        let ratio = self.positivity_ratio(prec);
        let positive = ratio.le(&Interval::from_i64(1, prec));
        let negative_point = (positive == Tri::False)
            .then(|| self.negative_point(prec))
            .flatten();
        (ratio, positive, negative_point)
    }

    /// A rational `a1` near `sqrt(rho*)` with `1 + eps K f(a1^2) < 0`
    /// certified (the point `(a1, 0, ..., 0)` has `s = 0`).
    fn negative_point(&self, prec: u32) -> Option<Q> {
        let (c, _) = self.radial_constants();
        let rho_star = &self.tau2 * q(2) + Q::one() / c;
        let guess = Interval::from_rational(&rho_star, prec)
            .sqrt()
            .ok()?
            .mid_rational()?;
        // shorten the guess to a rational of about the precision's digits
        // (at least 20): just above the bound the negative region is as
        // narrow as the excess of eps, so a short point would miss it
        let digits = (prec as usize * 3 / 10).max(20);
        let scale = num_traits::pow(num_bigint::BigInt::from(10), digits);
        let a1 = Q::new(
            (guess * Q::from_integer(scale.clone()))
                .round()
                .to_integer(),
            scale,
        );
        let value = self.ratio_on_ray(&a1, prec);
        (value.lt_rational(&Q::zero()) == Tri::True).then_some(a1)
    }

    /// Upper bound on `E_{pi'} exp(lambda (|X0| + |X1|))`: sum over sign
    /// vectors of `M_pi(lambda s) + eps M_h(lambda s)`.
    fn exponential_moment(&self, prec: u32) -> Interval {
        let n = self.n();
        let l2 = &self.lambda * &self.lambda;
        let d = q(self.dim as i64);
        // |theta|^2 = 2D lambda^2; M_pi = e^(sigma^2 |theta|^2 / 2)
        let base = Interval::from_rational(&(&self.sigma2 * &d * &l2), prec).exp();
        let gauss = Interval::from_rational(&(&self.tau2 * &d * &l2), prec).exp();
        let [a1, a2, b1, b2] = self.pair();
        let mut sum_q = Q::zero();
        for signs in 0u32..(1 << n) {
            let sg = |i: usize| if signs & (1 << i) == 0 { q(1) } else { q(-1) };
            let value = (sg(a1) * sg(b2) - sg(a2) * sg(b1)) * &l2;
            sum_q += num_traits::pow(value, self.power as usize);
        }
        let count =
            Interval::from_rational(&Q::from_integer(num_bigint::BigInt::from(1u64) << n), prec);
        count * base + Interval::from_rational(&(&self.eps * sum_q), prec) * gauss
    }
}

/// The first block in which the homogeneous polynomial `part` (in the
/// variables `(a, b)`) is not in the kernel of the atlas map, if any.
fn visible_block(part: &MPoly, dim: usize) -> Option<Vec<u32>> {
    let mut by_gamma: std::collections::BTreeMap<Vec<u32>, Vec<(&Vec<u32>, &Q)>> =
        Default::default();
    for (e, c) in part.terms() {
        let gamma: Vec<u32> = (0..dim).map(|i| e[i] + e[dim + i]).collect();
        by_gamma.entry(gamma).or_default().push((e, c));
    }
    for (gamma, terms) in by_gamma {
        let block = Block::new(&gamma);
        let mut x = vec![Q::zero(); block.unknowns.len()];
        for (e, c) in terms {
            let idx = block
                .index_of(&e[..dim], &e[dim..])
                .expect("a monomial of this block");
            x[idx] = c.clone();
        }
        for row in block.all_rows() {
            let dot: Q = row
                .iter()
                .zip(&x)
                .map(|(a, v)| v * Q::from_integer((*a).into()))
                .sum();
            if !dot.is_zero() {
                return Some(gamma);
            }
        }
    }
    None
}
