//! `atlas-kernel`: the dimensions of the moment kernel `Ker_{D,k}` and of
//! `I(V)_k`, recomputed block by block by exact elimination.
//!
//! A homogeneous `P` of degree `k` in `(a, b)` has a coefficient per
//! monomial `a^alpha b^beta`. On the cone `a = (1-t) u`, `b = t u` it is
//! `(1-t)^|alpha| t^|beta| u^(alpha+beta)`, and `(d/db_i - d/da_i)` of it is
//! `beta_i (1-t)^|alpha| t^(|beta|-1) - alpha_i (1-t)^(|alpha|-1) t^|beta|`
//! times `u^(alpha+beta-e_i)`. Monomials with the same `gamma = alpha +
//! beta` form a block: the rows (coefficients of each power of `t`) of the
//! densities, and of the field for each `i`, act on that block alone. The
//! kernel dimension is the number of unknowns minus the rank, per block.

use crate::exact;
use crate::number::count;
use crate::{Cert, Finding};
use rug::{Integer, Rational};
use serde_json::Value;

/// The largest number of unknowns (monomials) the verifier takes on.
const MAX_UNKNOWNS: u64 = 200_000;

/// The coefficient of `t^j` in `(1-t)^m t^l` (zero for negative powers).
fn cone(m: i64, l: i64, j: i64) -> Integer {
    if m < 0 || l < 0 || j < l || j > l + m {
        return Integer::new();
    }
    let b = exact::binom(m as usize, (j - l) as usize);
    if (j - l) % 2 == 0 {
        b
    } else {
        -b
    }
}

/// Vectors of `n` nonnegative integers summing to `k`.
fn compositions(n: usize, k: u32) -> Vec<Vec<u32>> {
    if n == 1 {
        return vec![vec![k]];
    }
    (0..=k)
        .flat_map(|first| {
            compositions(n - 1, k - first)
                .into_iter()
                .map(move |mut rest| {
                    rest.insert(0, first);
                    rest
                })
        })
        .collect()
}

/// `(dim Ker_{D,k}, dim I(V)_k)`.
fn dimensions(dim: usize, k: u32) -> (usize, usize) {
    let (mut kernel, mut density_only) = (0, 0);
    for gamma in compositions(dim, k) {
        // alphas with 0 <= alpha <= gamma; beta = gamma - alpha
        let mut alphas: Vec<Vec<u32>> = vec![vec![]];
        for &g in &gamma {
            alphas = alphas
                .into_iter()
                .flat_map(|a| (0..=g).map(move |x| a.iter().copied().chain([x]).collect()))
                .collect();
        }
        let n = alphas.len();
        let sizes: Vec<(i64, i64)> = alphas
            .iter()
            .map(|a| {
                let s: u32 = a.iter().sum();
                (i64::from(s), i64::from(k - s))
            })
            .collect();
        let row = |f: &dyn Fn(usize) -> Integer| -> Vec<Rational> {
            (0..n).map(|u| Rational::from(f(u))).collect()
        };
        let density: Vec<Vec<Rational>> = (0..=i64::from(k))
            .map(|j| row(&|u| cone(sizes[u].0, sizes[u].1, j)))
            .collect();
        let mut all = density.clone();
        for (i, &g) in gamma.iter().enumerate() {
            if g == 0 {
                continue;
            }
            for j in 0..i64::from(k) {
                all.push(row(&|u| {
                    let (m, l) = sizes[u];
                    let alpha_i = i64::from(alphas[u][i]);
                    let beta_i = i64::from(g) - alpha_i;
                    Integer::from(beta_i) * cone(m, l - 1, j)
                        - Integer::from(alpha_i) * cone(m - 1, l, j)
                }));
            }
        }
        kernel += n - exact::rank(&all);
        density_only += n - exact::rank(&density);
    }
    (kernel, density_only)
}

/// Checks the claimed dimensions.
pub fn kernel(c: &Cert) -> Result<Finding, String> {
    let dim = count(c.inputs, "dim", 8)? as usize;
    let k = count(c.inputs, "degree", 24)? as u32;
    if dim == 0 {
        return Err("D = 0".into());
    }
    let unknowns = exact::binom(k as usize + 2 * dim - 1, 2 * dim - 1);
    if unknowns > MAX_UNKNOWNS {
        return Err(format!(
            "{unknowns} unknowns: beyond the verifier's limit of {MAX_UNKNOWNS}"
        ));
    }
    let claimed = count(c.inputs, "kernel_dim", u64::MAX)?;
    let claimed_density = match c.inputs.get("density_only_kernel_dim") {
        None | Some(Value::Null) => None,
        Some(_) => Some(count(c.inputs, "density_only_kernel_dim", u64::MAX)?),
    };
    let (kernel, density_only) = dimensions(dim, k);
    // the stated dimensions, unknowns and blocks (one per gamma: the
    // compositions of k into D parts)
    let blocks = exact::binom(k as usize + dim - 1, dim - 1);
    c.stated_equals("kernel_dim", &Value::from(kernel))?;
    c.stated_equals("density_only_kernel_dim", &Value::from(density_only))?;
    c.stated_equals("unknowns", &Value::from(unknowns.to_string()))?;
    c.stated_equals("blocks", &Value::from(blocks.to_string()))?;
    Ok(Finding::of(
        kernel as u64 == claimed && claimed_density.is_none_or(|e| density_only as u64 == e),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dimensions_match_the_closed_forms() {
        // D = 2: Ker = q^2 (degree k - 4): binom(k-1, 3); I(V)_2 = 1
        assert_eq!(dimensions(2, 4), (1, 10));
        assert_eq!(dimensions(2, 8), (35, 84));
        assert_eq!(dimensions(3, 4), (6, 51));
        assert_eq!(dimensions(1, 6), (0, 0));
        assert_eq!(dimensions(2, 3).0, 0);
    }
}
