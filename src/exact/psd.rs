//! Exact positive (semi)definiteness by symmetric elimination (LDL^T).
//!
//! Contract: for a symmetric matrix over Q, [`definiteness`] decides exactly
//! whether it is positive definite, positive semidefinite, or neither, and in
//! the last case names the first pivot that fails. The elimination runs in
//! the natural order without pivoting. A zero pivot is allowed for
//! semidefiniteness only when its whole row of the Schur complement is zero;
//! otherwise the 2x2 minor `[[0, x], [x, s]]` has determinant `-x^2 < 0`.
//! Used by MATH.md section 2 ("Validity of a plan").

use super::matrix::{MatrixError, QMatrix};
use num_rational::BigRational;
use num_traits::{Signed, Zero};

/// Why a symmetric matrix is not positive semidefinite.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PivotFailure {
    /// Pivot `index` of the LDL^T factorization is negative.
    Negative {
        /// The pivot's index (0-based).
        index: usize,
        /// Its value.
        value: BigRational,
    },
    /// Pivot `index` is zero while entry `(index, column)` of the Schur
    /// complement is `value != 0`.
    ZeroWithCoupling {
        /// The pivot's index (0-based).
        index: usize,
        /// The column of the nonzero entry.
        column: usize,
        /// That entry.
        value: BigRational,
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
    let mut s = m.to_rows();
    let mut rank = 0;
    let mut first_zero = None;
    for k in 0..n {
        let pivot = s[k][k].clone();
        if pivot.is_negative() {
            return Ok(Definiteness::NotSemidefinite(PivotFailure::Negative {
                index: k,
                value: pivot,
            }));
        }
        if pivot.is_zero() {
            if let Some(j) = (k + 1..n).find(|&j| !s[k][j].is_zero()) {
                return Ok(Definiteness::NotSemidefinite(
                    PivotFailure::ZeroWithCoupling {
                        index: k,
                        column: j,
                        value: s[k][j].clone(),
                    },
                ));
            }
            first_zero.get_or_insert(k);
            continue;
        }
        rank += 1;
        // Schur complement of the pivot on the trailing block: row i loses
        // (s[k][i] / pivot) times row k. Both triangles are kept, since
        // later pivots read whole rows.
        let pivot_row = s[k].clone();
        for (i, row) in s.iter_mut().enumerate().skip(k + 1) {
            if pivot_row[i].is_zero() {
                continue;
            }
            let l = &pivot_row[i] / &pivot;
            for (entry, pk) in row.iter_mut().zip(&pivot_row).skip(k + 1) {
                if !pk.is_zero() {
                    *entry -= &l * pk;
                }
            }
        }
    }
    Ok(match first_zero {
        None => Definiteness::PositiveDefinite,
        Some(first_zero_pivot) => Definiteness::PositiveSemidefinite {
            rank,
            first_zero_pivot,
        },
    })
}
