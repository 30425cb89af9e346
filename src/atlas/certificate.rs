//! Certificates for the dimension of the kernel of one block (docs/mathematics.md
//! section 4, "Certificate for dim Ker = d"), integers only.
//!
//! * Lower bound: `r` integer vectors with `A v = 0` checked exactly over
//!   Z, and an `r x r` minor of them (on `kernel_coordinates`) nonzero modulo
//!   `prime`, hence nonzero over Q: they are independent, `dim Ker >= r`.
//! * Upper bound: `rho` rows and `rho` columns of `A` whose minor is nonzero
//!   modulo `prime`, hence over Q: `rank >= rho`, `dim Ker <= n - rho`.
//! * Certified when `r + rho = n`: then `dim Ker = r` exactly.
//!
//! [`BlockCertificate::verify`] rechecks all of it from scratch and rejects
//! a broken certificate (a wrong coefficient, a missing or duplicated
//! vector, a rank claimed one too high). [`BlockCertificate::build`] finds
//! one: the kernel by exact fraction-free elimination, the rank profile
//! modulo a prime; when the prime is unlucky (it divides a pivot, so the
//! rank modulo it is too low, or it kills the independence minor), the next
//! prime is tried.

use crate::exact::elimination::fraction_free_rref_of_small;
use crate::exact::{det_mod_p, rank_profile_mod_p, PrimeField, MERSENNE_61};
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};

/// A certificate for the kernel dimension of one integer matrix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockCertificate {
    /// Number of unknowns `n`.
    pub unknowns: usize,
    /// Integer kernel vectors.
    pub kernel: Vec<Vec<BigInt>>,
    /// Coordinates on which the kernel vectors have a nonzero minor.
    pub kernel_coordinates: Vec<usize>,
    /// Rows of the rank minor.
    pub rank_rows: Vec<usize>,
    /// Columns of the rank minor.
    pub rank_cols: Vec<usize>,
    /// The prime of both minors.
    pub prime: u64,
}

/// Why a certificate is rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CertificateError {
    /// A vector or index has the wrong size.
    #[error("malformed certificate: {0}")]
    Malformed(String),
    /// Kernel vector `index` is not in the kernel.
    #[error("kernel vector {0} fails A v = 0")]
    NotInKernel(usize),
    /// The kernel vectors' minor vanishes modulo the prime.
    #[error("the kernel vectors are not shown independent (their minor vanishes mod {0})")]
    DependentKernel(u64),
    /// The rank minor vanishes modulo the prime.
    #[error("the claimed rank minor vanishes mod {0}")]
    RankMinorVanishes(u64),
    /// The bounds do not meet.
    #[error("the bounds do not meet: {kernel} kernel vectors + rank {rank} < {unknowns} unknowns")]
    BoundsDoNotMeet {
        /// `r`.
        kernel: usize,
        /// `rho`.
        rank: usize,
        /// `n`.
        unknowns: usize,
    },
}

fn all_distinct(v: &[usize], bound: usize) -> bool {
    let mut seen = vec![false; bound];
    v.iter()
        .all(|&i| i < bound && !std::mem::replace(&mut seen[i], true))
}

/// Whether `A v = 0`, exactly: when `v` fits in `i64`, each product of two
/// `i64` is exact in `i128` and the sums are checked; over big integers
/// otherwise (or when a sum would not fit).
fn in_kernel(rows: &[Vec<i64>], v: &[BigInt]) -> bool {
    let small: Option<Vec<i64>> = v.iter().map(|x| x.to_i64()).collect();
    if let Some(small) = small {
        let dots: Option<Vec<i128>> = rows
            .iter()
            .map(|row| {
                row.iter().zip(&small).try_fold(0_i128, |acc, (&a, &x)| {
                    acc.checked_add(i128::from(a) * i128::from(x))
                })
            })
            .collect();
        if let Some(dots) = dots {
            return dots.iter().all(|&d| d == 0);
        }
    }
    rows.iter().all(|row| {
        let dot: BigInt = row
            .iter()
            .zip(v)
            .filter(|(a, _)| **a != 0)
            .map(|(a, x)| BigInt::from(*a) * x)
            .sum();
        dot.is_zero()
    })
}

/// The primes tried after the first: from `2^61 - 1` down (odd numbers only).
fn next_primes() -> impl Iterator<Item = u64> {
    (3..=MERSENNE_61)
        .rev()
        .step_by(2)
        .filter(|&p| crate::exact::modular::is_prime(p))
}

impl BlockCertificate {
    /// Checks the certificate against the matrix `rows` (`m x n`); returns
    /// the certified kernel dimension.
    pub fn verify(&self, rows: &[Vec<i64>]) -> Result<usize, CertificateError> {
        let n = self.unknowns;
        if rows.iter().any(|r| r.len() != n) {
            return Err(CertificateError::Malformed(
                "rows of the wrong length".into(),
            ));
        }
        let field =
            PrimeField::new(self.prime).map_err(|e| CertificateError::Malformed(e.to_string()))?;
        let r = self.kernel.len();
        if self.kernel.iter().any(|v| v.len() != n)
            || self.kernel_coordinates.len() != r
            || !all_distinct(&self.kernel_coordinates, n)
        {
            return Err(CertificateError::Malformed(
                "kernel vectors or coordinates".into(),
            ));
        }
        for (index, v) in self.kernel.iter().enumerate() {
            if !in_kernel(rows, v) {
                return Err(CertificateError::NotInKernel(index));
            }
        }
        let minor: Vec<Vec<u64>> = self
            .kernel
            .iter()
            .map(|v| {
                self.kernel_coordinates
                    .iter()
                    .map(|&c| field.reduce(&v[c]))
                    .collect()
            })
            .collect();
        if r > 0 && det_mod_p(&field, minor) == 0 {
            return Err(CertificateError::DependentKernel(self.prime));
        }
        let rho = self.rank_rows.len();
        if self.rank_cols.len() != rho
            || !all_distinct(&self.rank_rows, rows.len())
            || !all_distinct(&self.rank_cols, n)
        {
            return Err(CertificateError::Malformed("rank rows or columns".into()));
        }
        let minor: Vec<Vec<u64>> = self
            .rank_rows
            .iter()
            .map(|&i| {
                self.rank_cols
                    .iter()
                    .map(|&j| field.reduce_i64(rows[i][j]))
                    .collect()
            })
            .collect();
        if rho > 0 && det_mod_p(&field, minor) == 0 {
            return Err(CertificateError::RankMinorVanishes(self.prime));
        }
        if r + rho != n {
            return Err(CertificateError::BoundsDoNotMeet {
                kernel: r,
                rank: rho,
                unknowns: n,
            });
        }
        Ok(r)
    }

    /// Builds a certificate for `rows` (`m x n`), starting with `first_prime`
    /// and moving to the next prime while the bounds do not meet.
    pub fn build(rows: &[Vec<i64>], n: usize, first_prime: u64) -> BlockCertificate {
        let form = fraction_free_rref_of_small(rows, n, n);
        let mut is_pivot = vec![false; n];
        for &c in &form.pivots {
            is_pivot[c] = true;
        }
        let free: Vec<usize> = (0..n).filter(|&f| !is_pivot[f]).collect();
        let kernel: Vec<Vec<BigInt>> = free
            .iter()
            .map(|&f| {
                let mut v = vec![BigInt::zero(); n];
                v[f] = form.denominator.clone();
                for (k, &c) in form.pivots.iter().enumerate() {
                    v[c] = -form.rows[k][f].clone();
                }
                let g = v.iter().fold(BigInt::zero(), |acc, x| acc.gcd(x));
                let sign = if v[f].is_negative() { -1 } else { 1 };
                v.into_iter().map(|x| (x / &g) * sign).collect()
            })
            .collect();
        for prime in std::iter::once(first_prime).chain(next_primes()) {
            let Ok(field) = PrimeField::new(prime) else {
                continue;
            };
            let (rank_rows, rank_cols) = rank_profile_mod_p(&field, rows);
            let certificate = BlockCertificate {
                unknowns: n,
                kernel: kernel.clone(),
                kernel_coordinates: free.clone(),
                rank_rows,
                rank_cols,
                prime,
            };
            if certificate.verify(rows).is_ok() {
                return certificate;
            }
        }
        unreachable!("some prime divides neither the pivots nor the kernel minor")
    }
}
