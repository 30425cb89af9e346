//! The blocks of the linear map of docs/mathematics.md section 4.
//!
//! A homogeneous polynomial `P` of degree `k` in `(a, b) in R^D x R^D` has
//! one coefficient per monomial `a^alpha b^beta`, `|alpha| + |beta| = k`.
//! Substituting `a = (1-t) u`, `b = t u` sends `a^alpha b^beta` to
//! `(1-t)^|alpha| t^|beta| u^(alpha+beta)`, and `(d/db_i - d/da_i)` sends it
//! to `beta_i a^alpha b^(beta-e_i) - alpha_i a^(alpha-e_i) b^beta`. Both
//! respect the multidegree `gamma = alpha + beta`: the map is block diagonal,
//! one block per `gamma` with `|gamma| = k`, whose unknowns are the
//! `prod (gamma_i + 1)` splits `alpha + beta = gamma`.
//!
//! Rows of a block (integer entries, exact):
//! * density rows, `j = 0..=k`: the coefficient of `t^j u^gamma` in `P` on
//!   the cone, `(-1)^(j-|beta|) binom(|alpha|, j-|beta|)`;
//! * field rows, for each `i` with `gamma_i > 0` and `j = 0..k`: the
//!   coefficient of `t^j u^(gamma-e_i)` in `(d/db_i - d/da_i) P` on the cone.
//!
//! `Ker_{D,k}` is the kernel of all rows; the density-only kernel `I(V)_k`
//! that of the density rows alone.

use itertools::Itertools;

/// One block of the map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The multidegree `gamma`.
    pub gamma: Vec<u32>,
    /// The unknowns: exponent pairs `(alpha, beta)` with `alpha + beta = gamma`.
    pub unknowns: Vec<(Vec<u32>, Vec<u32>)>,
    /// `P` on the cone.
    pub density_rows: Vec<Vec<i64>>,
    /// `(grad_b - grad_a) P` on the cone.
    pub field_rows: Vec<Vec<i64>>,
}

/// All exponent vectors of length `n` with entries summing to `k`, in
/// lexicographic order: by stars and bars, the `n - 1` bars among `k + n - 1`
/// places (their combinations come in lexicographic order, and so do the
/// vectors they cut).
pub fn compositions(n: usize, k: u32) -> Vec<Vec<u32>> {
    if n == 0 {
        return if k == 0 { vec![vec![]] } else { vec![] };
    }
    let places = k as usize + n - 1;
    (0..places)
        .combinations(n - 1)
        .map(|bars| {
            std::iter::once(-1i64)
                .chain(bars.iter().map(|&b| b as i64))
                .chain(std::iter::once(places as i64))
                .tuple_windows()
                .map(|(a, b)| (b - a - 1) as u32)
                .collect()
        })
        .collect()
}

/// `binom(n, k)` for small arguments (0 outside `0..=n`).
pub fn binom(n: i64, k: i64) -> i64 {
    if k < 0 || n < 0 || k > n {
        return 0;
    }
    let k = k.min(n - k);
    (0..k).fold(1i64, |acc, i| acc * (n - i) / (i + 1))
}

/// The coefficient of `t^j` in `(1-t)^m t^l`.
fn cone_coefficient(m: i64, l: i64, j: i64) -> i64 {
    let i = j - l;
    let sign = if i % 2 == 0 { 1 } else { -1 };
    sign * binom(m, i)
}

impl Block {
    /// The block of multidegree `gamma` (`D >= 1` entries).
    pub fn new(gamma: &[u32]) -> Block {
        let k: u32 = gamma.iter().sum();
        // every split alpha + beta = gamma, alpha in lexicographic order
        let unknowns: Vec<(Vec<u32>, Vec<u32>)> = gamma
            .iter()
            .map(|&g| 0..=g)
            .multi_cartesian_product()
            .map(|alpha| {
                let beta = gamma.iter().zip(&alpha).map(|(g, a)| g - a).collect();
                (alpha, beta)
            })
            .collect();
        let size = |v: &[u32]| v.iter().sum::<u32>() as i64;
        let density_rows = (0..=k as i64)
            .map(|j| {
                unknowns
                    .iter()
                    .map(|(a, b)| cone_coefficient(size(a), size(b), j))
                    .collect()
            })
            .collect();
        let mut field_rows = Vec::new();
        for (i, &g) in gamma.iter().enumerate() {
            if g == 0 {
                continue;
            }
            for j in 0..k as i64 {
                field_rows.push(
                    unknowns
                        .iter()
                        .map(|(a, b)| {
                            let (sa, sb) = (size(a), size(b));
                            let from_b = if b[i] > 0 {
                                i64::from(b[i]) * cone_coefficient(sa, sb - 1, j)
                            } else {
                                0
                            };
                            let from_a = if a[i] > 0 {
                                i64::from(a[i]) * cone_coefficient(sa - 1, sb, j)
                            } else {
                                0
                            };
                            from_b - from_a
                        })
                        .collect(),
                );
            }
        }
        Block {
            gamma: gamma.to_vec(),
            unknowns,
            density_rows,
            field_rows,
        }
    }

    /// All rows (density, then field).
    pub fn all_rows(&self) -> Vec<Vec<i64>> {
        self.density_rows
            .iter()
            .chain(&self.field_rows)
            .cloned()
            .collect()
    }

    /// The index of the unknown `(alpha, beta)`.
    pub fn index_of(&self, alpha: &[u32], beta: &[u32]) -> Option<usize> {
        self.unknowns
            .iter()
            .position(|(a, b)| a == alpha && b == beta)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compositions_are_every_vector_once_in_lexicographic_order() {
        assert_eq!(
            compositions(3, 2),
            vec![
                vec![0, 0, 2],
                vec![0, 1, 1],
                vec![0, 2, 0],
                vec![1, 0, 1],
                vec![1, 1, 0],
                vec![2, 0, 0]
            ]
        );
        assert_eq!(compositions(0, 0), vec![Vec::<u32>::new()]);
        assert!(compositions(0, 1).is_empty());
        assert_eq!(compositions(1, 5), vec![vec![5]]);
        for (n, k) in [(2usize, 7u32), (4, 5), (6, 3)] {
            let all = compositions(n, k);
            assert_eq!(
                all.len() as i64,
                binom(k as i64 + n as i64 - 1, n as i64 - 1)
            );
            assert!(all
                .iter()
                .all(|c| c.len() == n && c.iter().sum::<u32>() == k));
            assert!(all.windows(2).all(|w| w[0] < w[1]));
        }
    }
}
