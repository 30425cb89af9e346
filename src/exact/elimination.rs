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

/// An integer type Bareiss elimination runs on: the exact step
/// `(pivot * a - factor * b) / previous`, `None` when it does not fit.
trait BareissEntry: Clone + Zero + One {
    fn step(pivot: &Self, a: &Self, factor: &Self, b: &Self, previous: &Self) -> Option<Self>;
}

impl BareissEntry for BigInt {
    fn step(pivot: &Self, a: &Self, factor: &Self, b: &Self, previous: &Self) -> Option<Self> {
        let mut value = pivot * a;
        if !Zero::is_zero(factor) && !Zero::is_zero(b) {
            value -= factor * b;
        }
        if previous.is_one() {
            return Some(value);
        }
        let (q, r) = value.div_rem(previous);
        assert!(Zero::is_zero(&r), "Bareiss division must be exact");
        Some(q)
    }
}

impl BareissEntry for i128 {
    fn step(pivot: &Self, a: &Self, factor: &Self, b: &Self, previous: &Self) -> Option<Self> {
        let mut value = pivot.checked_mul(*a)?;
        if *factor != 0 && *b != 0 {
            value = value.checked_sub(factor.checked_mul(*b)?)?;
        }
        if *previous == 1 {
            return Some(value);
        }
        // one division, checked by a product (cheaper than a second division)
        // i128::MIN / -1 does not fit: big integers then
        let quotient = value.checked_div(*previous)?;
        assert!(
            quotient * previous == value,
            "Bareiss division must be exact"
        );
        Some(quotient)
    }
}

impl BareissEntry for i64 {
    fn step(pivot: &Self, a: &Self, factor: &Self, b: &Self, previous: &Self) -> Option<Self> {
        // the products of two i64 are exact in i128, and so is their difference
        let mut value = i128::from(*pivot) * i128::from(*a);
        if *factor != 0 && *b != 0 {
            value -= i128::from(*factor) * i128::from(*b);
        }
        let quotient = match i64::try_from(value) {
            Ok(small) => small.checked_div(*previous)?,
            Err(_) => i64::try_from(value / i128::from(*previous)).ok()?,
        };
        assert!(
            i128::from(quotient) * i128::from(*previous) == value,
            "Bareiss division must be exact"
        );
        Some(quotient)
    }
}

/// The reduced rows, the pivot columns, the last pivot and whether an odd
/// number of rows was swapped.
type Elimination<T> = (Vec<Vec<T>>, Vec<usize>, T, bool);

/// Bareiss's fraction-free Gauss-Jordan elimination on any
/// [`BareissEntry`]; `None` as soon as an entry does not fit.
fn rref<T: BareissEntry>(
    mut rows: Vec<Vec<T>>,
    cols: usize,
    pivot_cols: usize,
) -> Option<Elimination<T>> {
    let n_rows = rows.len();
    let mut previous = T::one();
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
            let factor = std::mem::replace(&mut row[c], T::zero());
            for j in 0..cols {
                if j != c {
                    row[j] = T::step(&pivot, &row[j], &factor, &pivot_row[j], &previous)?;
                }
            }
        }
        rows[r] = pivot_row;
        previous = pivot;
        pivots.push(c);
        r += 1;
    }
    Some((rows, pivots, previous, odd_swaps))
}

/// Reduces `rows` (all of length `cols`) to fraction-free reduced row echelon
/// form. Only the first `pivot_cols` columns are searched for pivots; the
/// rest are carried along (an augmented right-hand side).
pub fn fraction_free_rref(
    rows: Vec<Vec<BigInt>>,
    cols: usize,
    pivot_cols: usize,
) -> FractionFreeForm {
    let (rows, pivots, denominator, odd_swaps) =
        rref(rows, cols, pivot_cols).expect("big integers always fit");
    FractionFreeForm {
        rows,
        pivots,
        denominator,
        odd_swaps,
    }
}

/// The form of an elimination run on machine integers, over big integers.
fn widened<T: Into<BigInt>>(
    (rows, pivots, denominator, odd_swaps): Elimination<T>,
) -> FractionFreeForm {
    FractionFreeForm {
        rows: rows
            .into_iter()
            .map(|r| r.into_iter().map(Into::into).collect())
            .collect(),
        pivots,
        denominator: denominator.into(),
        odd_swaps,
    }
}

/// [`fraction_free_rref`] of a matrix of machine integers: the elimination
/// runs in `i64` (products in `i128`) while every minor fits, else in
/// `i128` (checked at every step), else over big integers, each time from
/// the start. The result is the same on every path.
pub fn fraction_free_rref_of_small(
    rows: &[Vec<i64>],
    cols: usize,
    pivot_cols: usize,
) -> FractionFreeForm {
    if let Some(form) = rref(rows.to_vec(), cols, pivot_cols) {
        return widened(form);
    }
    let wide: Vec<Vec<i128>> = rows
        .iter()
        .map(|r| r.iter().map(|&a| i128::from(a)).collect())
        .collect();
    if let Some(form) = rref(wide, cols, pivot_cols) {
        return widened(form);
    }
    fraction_free_rref(
        rows.iter()
            .map(|r| r.iter().map(|&a| BigInt::from(a)).collect())
            .collect(),
        cols,
        pivot_cols,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn big(rows: &[Vec<i64>]) -> Vec<Vec<BigInt>> {
        rows.iter()
            .map(|r| r.iter().map(|&a| BigInt::from(a)).collect())
            .collect()
    }

    fn same(a: &FractionFreeForm, b: &FractionFreeForm) -> bool {
        a.rows == b.rows
            && a.pivots == b.pivots
            && a.denominator == b.denominator
            && a.odd_swaps == b.odd_swaps
    }

    #[test]
    fn the_machine_integer_path_equals_the_big_integer_one() {
        // a deterministic pseudo-random walk over small and rank-deficient matrices
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = |m: i64| {
            crate::exact::xorshift(&mut state);
            (state % (2 * m as u64 + 1)) as i64 - m
        };
        for case in 0..300 {
            let (m, n) = (1 + case % 7, 1 + (case / 7) % 8);
            let mut rows: Vec<Vec<i64>> =
                (0..m).map(|_| (0..n).map(|_| next(9)).collect()).collect();
            if case % 3 == 0 && m > 1 {
                rows[m - 1] = rows[0]
                    .iter()
                    .zip(&rows[1.min(m - 1)])
                    .map(|(a, b)| 2 * a - b)
                    .collect();
            }
            let small = fraction_free_rref_of_small(&rows, n, n);
            let reference = fraction_free_rref(big(&rows), n, n);
            assert!(same(&small, &reference), "case {case}: {rows:?}");
        }
    }

    #[test]
    fn minors_beyond_i64_run_in_i128() {
        let e = 1_i64 << 40;
        let rows = vec![vec![e, 3, 1], vec![5, e, 2], vec![7, 11, e]];
        let small = fraction_free_rref_of_small(&rows, 3, 3);
        assert!(same(&small, &fraction_free_rref(big(&rows), 3, 3)));
        assert!(small.denominator.bits() > 63 && small.denominator.bits() < 127);
    }

    #[test]
    fn entries_beyond_i128_fall_back_to_big_integers() {
        // minors of a 4x4 matrix with entries near 2^62 exceed 2^127
        let e = 1_i64 << 62;
        let rows = vec![
            vec![e, e - 1, 3, e - 7],
            vec![e - 5, 2, e, 1],
            vec![7, e - 3, e - 11, e],
            vec![e - 13, 5, 9, e - 2],
        ];
        let small = fraction_free_rref_of_small(&rows, 4, 4);
        let reference = fraction_free_rref(big(&rows), 4, 4);
        assert!(same(&small, &reference));
        assert!(
            small.denominator.bits() > 127,
            "the test must overflow i128"
        );
    }
}
