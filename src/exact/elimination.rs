//! Fraction-free Gauss-Jordan elimination over the integers (Bareiss).
//!
//! Every entry computed is a minor of the input matrix, so the size of the
//! intermediate integers grows only linearly with the number of steps, and
//! every division is exact. This is the engine behind determinant, rank,
//! solve, inverse and kernel of [`super::QMatrix`].

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Zero};

/// The fraction-free reduced row echelon form of an integer matrix.
///
/// `rows[k][pivots[k]] == denominator` for every pivot row `k`, every other
/// entry of a pivot column is zero, rows from `pivots.len()` on are zero, and
/// `rows / denominator` is the reduced row echelon form of the input.
#[derive(Debug, Clone)]
pub struct FractionFreeForm {
    /// The reduced rows, scaled by `denominator`.
    pub rows: Vec<Vec<BigInt>>,
    /// Pivot column of each pivot row, increasing.
    pub pivots: Vec<usize>,
    /// The last pivot: a nonzero minor of the input (1 when the rank is 0).
    pub denominator: BigInt,
    /// Whether an odd number of row swaps was made.
    pub odd_swaps: bool,
}

fn exact_div(numerator: BigInt, divisor: &BigInt) -> BigInt {
    if divisor.is_one() {
        return numerator;
    }
    let (q, r) = numerator.div_rem(divisor);
    assert!(r.is_zero(), "Bareiss division must be exact");
    q
}

/// Reduces `rows` (all of length `cols`) to fraction-free reduced row echelon
/// form. Only the first `pivot_cols` columns are searched for pivots; the
/// rest are carried along (an augmented right-hand side).
pub fn fraction_free_rref(
    mut rows: Vec<Vec<BigInt>>,
    cols: usize,
    pivot_cols: usize,
) -> FractionFreeForm {
    let n_rows = rows.len();
    let mut previous = BigInt::one();
    let mut pivots = Vec::new();
    let mut odd_swaps = false;
    let mut r = 0;
    for c in 0..pivot_cols.min(cols) {
        if r == n_rows {
            break;
        }
        let Some(p) = (r..n_rows).find(|&i| !rows[i][c].is_zero()) else {
            continue;
        };
        if p != r {
            rows.swap(p, r);
            odd_swaps = !odd_swaps;
        }
        let pivot_row = std::mem::take(&mut rows[r]);
        let pivot = pivot_row[c].clone();
        for (i, row) in rows.iter_mut().enumerate() {
            if i == r {
                continue;
            }
            let factor = std::mem::take(&mut row[c]);
            for j in 0..cols {
                if j == c {
                    continue;
                }
                let mut value = &pivot * &row[j];
                if !factor.is_zero() && !pivot_row[j].is_zero() {
                    value -= &factor * &pivot_row[j];
                }
                row[j] = exact_div(value, &previous);
            }
        }
        rows[r] = pivot_row;
        previous = pivot;
        pivots.push(c);
        r += 1;
    }
    FractionFreeForm {
        rows,
        pivots,
        denominator: previous,
        odd_swaps,
    }
}
