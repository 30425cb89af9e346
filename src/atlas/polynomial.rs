//! Multivariate polynomials over Q, and polynomial-times-Gaussian algebra.
//!
//! Contract: exact. A function `P(z) g(z)` with `g` the density of
//! `N(0, tau^2 I_n)` is represented by `P`; derivatives follow
//! `d/dz_i (P g) = (dP/dz_i - z_i P / tau^2) g`, and Gaussian expectations
//! `E[z^m] = prod_i (m_i - 1)!! tau^(m_i)` (zero for an odd `m_i`) are
//! rational when `tau^2` is. Used by the counterexample of docs/mathematics.md
//! section 5.

use crate::exact::Q;
use itertools::Itertools;
use num_bigint::BigInt;
use num_traits::{One, Zero};
use std::collections::BTreeMap;

/// A polynomial in `n` variables: exponent vector -> coefficient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MPoly {
    n: usize,
    terms: BTreeMap<Vec<u32>, Q>,
}

impl MPoly {
    /// The zero polynomial in `n` variables.
    pub fn zero(n: usize) -> MPoly {
        MPoly {
            n,
            terms: BTreeMap::new(),
        }
    }

    /// The constant `c`.
    pub fn constant(n: usize, c: Q) -> MPoly {
        let mut p = MPoly::zero(n);
        p.add_term(vec![0; n], c);
        p
    }

    /// The variable `z_i`.
    pub fn var(n: usize, i: usize) -> MPoly {
        let mut e = vec![0; n];
        e[i] = 1;
        let mut p = MPoly::zero(n);
        p.add_term(e, Q::one());
        p
    }

    /// Number of variables.
    pub fn vars(&self) -> usize {
        self.n
    }

    /// The terms.
    pub fn terms(&self) -> &BTreeMap<Vec<u32>, Q> {
        &self.terms
    }

    /// Whether this is the zero polynomial.
    pub fn is_zero(&self) -> bool {
        self.terms.is_empty()
    }

    /// Adds `c z^e`.
    pub fn add_term(&mut self, e: Vec<u32>, c: Q) {
        if c.is_zero() {
            return;
        }
        let entry = self.terms.entry(e).or_insert_with(Q::zero);
        *entry += c;
        if entry.is_zero() {
            self.terms.retain(|_, v| !v.is_zero());
        }
    }

    /// The coefficient of `z^e`.
    pub fn coeff(&self, e: &[u32]) -> Q {
        self.terms.get(e).cloned().unwrap_or_else(Q::zero)
    }

    /// `self + o`.
    pub fn add(&self, o: &MPoly) -> MPoly {
        let mut p = self.clone();
        for (e, c) in &o.terms {
            p.add_term(e.clone(), c.clone());
        }
        p
    }

    /// `self - o`.
    pub fn sub(&self, o: &MPoly) -> MPoly {
        self.add(&o.scale(&-Q::one()))
    }

    /// `c self`.
    pub fn scale(&self, c: &Q) -> MPoly {
        let mut p = MPoly::zero(self.n);
        for (e, v) in &self.terms {
            p.add_term(e.clone(), v * c);
        }
        p
    }

    /// `self * o`, keeping only terms of total degree `<= max_degree`.
    pub fn mul_truncated(&self, o: &MPoly, max_degree: u32) -> MPoly {
        let mut p = MPoly::zero(self.n);
        for ((e1, c1), (e2, c2)) in self.terms.iter().cartesian_product(&o.terms) {
            let e: Vec<u32> = e1.iter().zip(e2).map(|(a, b)| a + b).collect();
            if e.iter().sum::<u32>() <= max_degree {
                p.add_term(e, c1 * c2);
            }
        }
        p
    }

    /// `self * o`.
    pub fn mul(&self, o: &MPoly) -> MPoly {
        self.mul_truncated(o, u32::MAX)
    }

    /// `d/dz_i self`.
    pub fn derivative(&self, i: usize) -> MPoly {
        let mut p = MPoly::zero(self.n);
        for (e, c) in &self.terms {
            if e[i] > 0 {
                let mut f = e.clone();
                f[i] -= 1;
                p.add_term(f, c * Q::from_integer(e[i].into()));
            }
        }
        p
    }

    /// The part of total degree `k`.
    pub fn homogeneous_part(&self, k: u32) -> MPoly {
        let mut p = MPoly::zero(self.n);
        for (e, c) in &self.terms {
            if e.iter().sum::<u32>() == k {
                p.add_term(e.clone(), c.clone());
            }
        }
        p
    }

    /// `d/dz_i (P g) / g = dP/dz_i - z_i P / tau^2` for `g = N(0, tau^2 I)`.
    pub fn gaussian_derivative(&self, i: usize, tau2: &Q) -> MPoly {
        let zi = MPoly::var(self.n, i);
        self.derivative(i)
            .sub(&zi.mul(self).scale(&(Q::one() / tau2)))
    }

    /// `E[P(z)]` for `z ~ N(0, tau^2 I_n)`, exactly.
    pub fn gaussian_expectation(&self, tau2: &Q) -> Q {
        self.terms
            .iter()
            .map(|(e, c)| c * gaussian_moment(e, tau2))
            .sum()
    }

    /// `E[P(a, b) | a]` over the variables `over` (each `N(0, tau^2)`), as
    /// a polynomial in the others: the density of a marginal, divided by
    /// the Gaussian density of the remaining variables.
    pub fn integrate_out(&self, over: &[usize], tau2: &Q) -> MPoly {
        let mut p = MPoly::zero(self.n);
        for (e, c) in &self.terms {
            let mut kept = e.clone();
            let mut moment = vec![0; self.n];
            for &i in over {
                moment[i] = e[i];
                kept[i] = 0;
            }
            p.add_term(kept, c * gaussian_moment(&moment, tau2));
        }
        p
    }
}

/// `E[z^m]` for `z ~ N(0, tau^2 I)`: `prod (m_i - 1)!! tau^(m_i)`.
pub fn gaussian_moment(m: &[u32], tau2: &Q) -> Q {
    let mut acc = Q::one();
    for &mi in m {
        if mi % 2 == 1 {
            return Q::zero();
        }
        let double_factorial: BigInt = (1..mi).step_by(2).map(BigInt::from).product();
        acc *= Q::from_integer(double_factorial) * num_traits::pow(tau2.clone(), (mi / 2) as usize);
    }
    acc
}

/// `m!` for a multi-index: `prod m_i!`.
pub fn multi_factorial(m: &[u32]) -> BigInt {
    m.iter()
        .map(|&mi| (1..=mi).map(BigInt::from).product::<BigInt>())
        .product()
}
