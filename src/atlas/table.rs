//! The identifiability atlas: certified `dim Ker_{D,k}` and `dim I(V)_k`
//! degree by degree, with the closed forms of docs/mathematics.md section 4.

use super::block::{binom, compositions, Block};
use super::certificate::BlockCertificate;
use crate::exact::MERSENNE_61;
use crate::limits::{MAX_ATLAS_DEGREE, MAX_ATLAS_DIMENSION, MAX_ATLAS_UNKNOWNS};

/// One degree of the atlas.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AtlasRow {
    /// The degree `k`.
    pub degree: u32,
    /// Monomials of degree `k` in `2D` variables.
    pub unknowns: usize,
    /// Certified `dim Ker_{D,k}` (field and densities).
    pub kernel_dim: usize,
    /// Certified `dim I(V)_k` (densities only).
    pub density_only_kernel_dim: usize,
    /// Number of blocks (multidegrees).
    pub blocks: usize,
    /// The primes used by the block certificates (usually one).
    pub primes: Vec<u64>,
}

/// A request outside the limits.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct AtlasLimit(pub String);

/// `binom(k + 2D - 1, 2D - 1)`: the monomials of degree `k` in `2D` variables.
pub fn unknowns(dim: usize, k: u32) -> u64 {
    binom_u64(u64::from(k) + 2 * dim as u64 - 1, 2 * dim as u64 - 1)
}

fn binom_u64(n: u64, k: u64) -> u64 {
    if k > n {
        return 0;
    }
    let k = k.min(n - k);
    (0..k).fold(1u64, |acc, i| acc.saturating_mul(n - i) / (i + 1))
}

/// The closed form of `dim I(V)_k`: `binom(k+2D-1, 2D-1) - (k+1) binom(k+D-1, D-1)`.
pub fn closed_form_density_only(dim: usize, k: u32) -> i64 {
    let (d, k) = (dim as i64, i64::from(k));
    binom(k + 2 * d - 1, 2 * d - 1) - (k + 1) * binom(k + d - 1, d - 1)
}

/// The closed form of `dim Ker_{D,k}` (`k >= 1`): the density-only value
/// minus `(k-1)^2 binom(k+D-2, D-2)`.
pub fn closed_form_kernel(dim: usize, k: u32) -> i64 {
    let (d, kk) = (dim as i64, i64::from(k));
    if k == 0 {
        return 0;
    }
    closed_form_density_only(dim, k) - (kk - 1) * (kk - 1) * binom(kk + d - 2, d - 2)
}

/// Checks the request against the limits.
pub fn check_request(dim: usize, max_degree: u32) -> Result<(), AtlasLimit> {
    if dim == 0 || dim > MAX_ATLAS_DIMENSION {
        return Err(AtlasLimit(format!(
            "--dim must be 1 to {MAX_ATLAS_DIMENSION}, found {dim}"
        )));
    }
    if max_degree > MAX_ATLAS_DEGREE {
        return Err(AtlasLimit(format!(
            "--degree must be 0 to {MAX_ATLAS_DEGREE}, found {max_degree}"
        )));
    }
    let n = unknowns(dim, max_degree);
    if n > MAX_ATLAS_UNKNOWNS {
        return Err(AtlasLimit(format!(
            "degree {max_degree} in dimension {dim} has {n} unknowns, more than the limit {MAX_ATLAS_UNKNOWNS}"
        )));
    }
    Ok(())
}

/// The number of blocks of degree `k` (one per multidegree).
pub fn block_count(dim: usize, k: u32) -> usize {
    binom_u64(u64::from(k) + dim as u64 - 1, dim as u64 - 1) as usize
}

/// Certifies degree `k` in dimension `dim`, block by block; `on_block` is
/// called after each block (for a progress bar).
pub fn certify_degree(dim: usize, k: u32, mut on_block: impl FnMut()) -> AtlasRow {
    let mut row = AtlasRow {
        degree: k,
        unknowns: 0,
        kernel_dim: 0,
        density_only_kernel_dim: 0,
        blocks: 0,
        primes: Vec::new(),
    };
    for gamma in compositions(dim, k) {
        let block = Block::new(&gamma);
        let n = block.unknowns.len();
        for (rows, target) in [(block.all_rows(), 0), (block.density_rows.clone(), 1)] {
            // build returns only a certificate that verify accepted: its
            // kernel vectors are the certified dimension (no second check)
            let cert = BlockCertificate::build(&rows, n, MERSENNE_61);
            let dim_ker = cert.kernel.len();
            if target == 0 {
                row.kernel_dim += dim_ker;
            } else {
                row.density_only_kernel_dim += dim_ker;
            }
            if !row.primes.contains(&cert.prime) {
                row.primes.push(cert.prime);
            }
        }
        row.unknowns += n;
        row.blocks += 1;
        on_block();
    }
    row
}
