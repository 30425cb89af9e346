//! Exact positive (semi)definiteness by symmetric elimination (LDL^T).
//!
//! Contract: for a symmetric matrix over Q, [`definiteness`] decides exactly
//! whether it is positive definite, positive semidefinite, or neither, and in
//! the last case names the first pivot that fails. The elimination runs in
//! the natural order without pivoting. A zero pivot is allowed for
//! semidefiniteness only when its whole row of the Schur complement is zero;
//! otherwise the 2x2 minor `[[0, x], [x, s]]` has determinant `-x^2 < 0`.
//! Used by docs/mathematics.md section 2 ("Validity of a plan").

use super::convert::{bigint_to_integer, integer_to_bigint};
use super::matrix::{integer_row, MatrixError, QMatrix};
use super::Q;
use num_bigint::BigInt;
use rug::Integer;

/// Why a symmetric matrix is not positive semidefinite.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PivotFailure {
    /// Pivot `index` of the LDL^T factorization is negative.
    Negative {
        /// The pivot's index (0-based).
        index: usize,
        /// Its value.
        value: Q,
    },
    /// Pivot `index` is zero while entry `(index, column)` of the Schur
    /// complement is `value != 0`.
    ZeroWithCoupling {
        /// The pivot's index (0-based).
        index: usize,
        /// The column of the nonzero entry.
        column: usize,
        /// That entry.
        value: Q,
    },
}

impl std::fmt::Display for PivotFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use super::parse::format_rational as q;
        match self {
            PivotFailure::Negative { index, value } => {
                write!(f, "pivot {} of LDL^T is negative ({})", index + 1, q(value))
            }
            PivotFailure::ZeroWithCoupling {
                index,
                column,
                value,
            } => write!(
                f,
                "pivot {} of LDL^T is zero but entry ({}, {}) of its Schur complement is {}",
                index + 1,
                index + 1,
                column + 1,
                q(value)
            ),
        }
    }
}

/// The exact definiteness of a symmetric matrix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Definiteness {
    /// Every pivot is positive.
    PositiveDefinite,
    /// Positive semidefinite and singular; `first_zero_pivot` is the index
    /// of the first zero pivot.
    PositiveSemidefinite {
        /// The rank.
        rank: usize,
        /// The first zero pivot (0-based).
        first_zero_pivot: usize,
    },
    /// Not positive semidefinite.
    NotSemidefinite(PivotFailure),
}

impl Definiteness {
    /// Positive semidefinite (definite included).
    pub fn is_semidefinite(&self) -> bool {
        !matches!(self, Definiteness::NotSemidefinite(_))
    }

    /// Positive definite.
    pub fn is_definite(&self) -> bool {
        matches!(self, Definiteness::PositiveDefinite)
    }
}

/// Decides the definiteness of a symmetric matrix exactly.
///
/// ```
/// use ifm_check::exact::{definiteness, Definiteness, QMatrix};
/// let m = QMatrix::from_i64(&[&[1, 1], &[1, 1]]);
/// assert!(matches!(definiteness(&m).unwrap(), Definiteness::PositiveSemidefinite { rank: 1, .. }));
/// ```
pub fn definiteness(m: &QMatrix) -> Result<Definiteness, MatrixError> {
    if !m.is_symmetric() {
        return Err(MatrixError::Shape(
            "definiteness needs a square symmetric matrix".into(),
        ));
    }
    let n = m.rows();
    // Fraction-free: rows cleared of denominators by positive multipliers
    // r_i; after eliminating the pivot set P, entry (i, j) is
    // r_i prod_{P} r * det M[P+i, P+j] and `previous` is prod_{P} r *
    // det M[P, P] > 0, so the Schur complement entry is
    // b_ij / (previous r_i): signs are read without any division. The
    // elimination runs on GMP integers, updated in place (one fused
    // multiply-subtract and one exact division per entry, no allocation).
    let (rows, multipliers): (Vec<Vec<BigInt>>, Vec<BigInt>) =
        (0..n).map(|i| integer_row(m.row(i))).unzip();
    let mut b: Vec<Vec<Integer>> = rows
        .iter()
        .map(|r| r.iter().map(bigint_to_integer).collect())
        .collect();
    let schur = |value: &Integer, previous: &Integer, i: usize| {
        Q::new(
            integer_to_bigint(value),
            integer_to_bigint(previous) * &multipliers[i],
        )
    };
    let mut previous = Integer::from(1);
    let mut rank = 0;
    let mut first_zero = None;
    for k in 0..n {
        let (done, rest) = b.split_at_mut(k + 1);
        let pivot_row = &done[k];
        let pivot = &pivot_row[k];
        if pivot.is_negative() {
            return Ok(Definiteness::NotSemidefinite(PivotFailure::Negative {
                index: k,
                value: schur(pivot, &previous, k),
            }));
        }
        if pivot.is_zero() {
            if let Some(j) = (k + 1..n).find(|&j| !pivot_row[j].is_zero()) {
                return Ok(Definiteness::NotSemidefinite(
                    PivotFailure::ZeroWithCoupling {
                        index: k,
                        column: j,
                        value: schur(&pivot_row[j], &previous, k),
                    },
                ));
            }
            // a zero row of the Schur complement stays zero: skip it
            first_zero.get_or_insert(k);
            continue;
        }
        rank += 1;
        for row in rest.iter_mut() {
            let f = std::mem::take(&mut row[k]);
            for (v, e) in row[k + 1..].iter_mut().zip(&pivot_row[k + 1..]) {
                *v *= pivot;
                if !f.is_zero() && !e.is_zero() {
                    *v -= &f * e;
                }
                if previous != 1 {
                    debug_assert!(v.is_divisible(&previous), "Bareiss division is exact");
                    v.div_exact_mut(&previous);
                }
            }
        }
        previous = pivot.clone();
    }
    Ok(match first_zero {
        None => Definiteness::PositiveDefinite,
        Some(first_zero_pivot) => Definiteness::PositiveSemidefinite {
            rank,
            first_zero_pivot,
        },
    })
}
