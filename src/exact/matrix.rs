//! Dense matrices over Q.
//!
//! Contract: every operation is exact. Determinant, rank, solve, inverse and
//! kernel clear denominators row by row and run fraction-free elimination
//! ([`super::elimination`]), so intermediate integers stay polynomial in
//! size. Shapes are checked; a mismatch is a [`MatrixError`], never a panic.

use super::elimination::{fraction_free_rref, FractionFreeForm};
use super::equation::IntegerEquation;
use super::modular_solve::{solve_modular, ModularOutcome};
use super::parse::format_rational;
use super::Q;
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, ToPrimitive, Zero};
use std::fmt;

/// From this many unknowns on, [`solve_integer_system`] first tries the
/// modular solver (certified, see [`super::modular_solve`]) and falls back
/// to fraction-free elimination only when it gives up.
pub const MODULAR_FROM_UNKNOWNS: usize = 4;

/// Shape errors and singular systems.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MatrixError {
    /// The operands do not have compatible shapes.
    #[error("shape mismatch: {0}")]
    Shape(String),
    /// The matrix is singular where an invertible one is needed.
    #[error("the matrix is singular (rank {rank} < {n})")]
    Singular {
        /// Its rank.
        rank: usize,
        /// Its order.
        n: usize,
    },
}

/// A dense matrix over Q, row-major.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct QMatrix {
    rows: usize,
    cols: usize,
    data: Vec<Q>,
}

/// The solutions of `A x = b`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SystemSolution {
    /// Exactly one solution.
    Unique(Vec<Q>),
    /// An affine family: `particular + span(kernel)`, `kernel` nonempty.
    Underdetermined {
        /// One solution.
        particular: Vec<Q>,
        /// A basis of the kernel of `A`.
        kernel: Vec<Vec<Q>>,
    },
    /// No solution. `rank_a < rank_augmented`.
    Inconsistent {
        /// Rank of `A`.
        rank_a: usize,
    },
}

impl QMatrix {
    /// The zero matrix.
    pub fn zeros(rows: usize, cols: usize) -> Self {
        QMatrix {
            rows,
            cols,
            data: vec![Q::zero(); rows * cols],
        }
    }

    /// The identity of order `n`.
    pub fn identity(n: usize) -> Self {
        let mut m = Self::zeros(n, n);
        for i in 0..n {
            m[(i, i)] = Q::one();
        }
        m
    }

    /// A matrix from its rows; all rows must have the same length.
    pub fn from_rows(rows: Vec<Vec<Q>>) -> Result<Self, MatrixError> {
        let n_rows = rows.len();
        let n_cols = rows.first().map_or(0, Vec::len);
        if let Some((i, r)) = rows.iter().enumerate().find(|(_, r)| r.len() != n_cols) {
            return Err(MatrixError::Shape(format!(
                "row {i} has {} entries, row 0 has {n_cols}",
                r.len()
            )));
        }
        Ok(QMatrix {
            rows: n_rows,
            cols: n_cols,
            data: rows.into_iter().flatten().collect(),
        })
    }

    /// A matrix from integer rows (convenient in tests and examples).
    ///
    /// ```
    /// use ifm_check::exact::QMatrix;
    /// let m = QMatrix::from_i64(&[&[2, 1], &[1, 1]]);
    /// assert_eq!(m.det().unwrap().to_string(), "1");
    /// ```
    pub fn from_i64(rows: &[&[i64]]) -> Self {
        Self::from_rows(
            rows.iter()
                .map(|r| r.iter().map(|&x| Q::from_integer(x.into())).collect())
                .collect(),
        )
        .expect("rows of equal length")
    }

    /// A column vector.
    pub fn column(v: Vec<Q>) -> Self {
        QMatrix {
            rows: v.len(),
            cols: 1,
            data: v,
        }
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Number of columns.
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// Whether the matrix is square.
    pub fn is_square(&self) -> bool {
        self.rows == self.cols
    }

    /// Row `i` as a slice.
    pub fn row(&self, i: usize) -> &[Q] {
        &self.data[i * self.cols..(i + 1) * self.cols]
    }

    /// The rows as vectors.
    pub fn to_rows(&self) -> Vec<Vec<Q>> {
        (0..self.rows).map(|i| self.row(i).to_vec()).collect()
    }

    /// The transpose.
    pub fn transpose(&self) -> Self {
        let mut t = Self::zeros(self.cols, self.rows);
        for i in 0..self.rows {
            for j in 0..self.cols {
                t[(j, i)] = self[(i, j)].clone();
            }
        }
        t
    }

    /// Whether the matrix equals its transpose.
    pub fn is_symmetric(&self) -> bool {
        self.is_square() && (0..self.rows).all(|i| (0..i).all(|j| self[(i, j)] == self[(j, i)]))
    }

    /// Whether every entry is zero.
    pub fn is_zero(&self) -> bool {
        self.data.iter().all(Zero::is_zero)
    }

    fn check_same_shape(&self, other: &Self, what: &str) -> Result<(), MatrixError> {
        if self.rows != other.rows || self.cols != other.cols {
            return Err(MatrixError::Shape(format!(
                "{what}: {}x{} and {}x{}",
                self.rows, self.cols, other.rows, other.cols
            )));
        }
        Ok(())
    }

    /// `self + other`.
    pub fn add(&self, other: &Self) -> Result<Self, MatrixError> {
        self.check_same_shape(other, "sum")?;
        Ok(self.zip_with(other, |a, b| a + b))
    }

    /// `self - other`.
    pub fn sub(&self, other: &Self) -> Result<Self, MatrixError> {
        self.check_same_shape(other, "difference")?;
        Ok(self.zip_with(other, |a, b| a - b))
    }

    fn zip_with(&self, other: &Self, f: impl Fn(&Q, &Q) -> Q) -> Self {
        QMatrix {
            rows: self.rows,
            cols: self.cols,
            data: self
                .data
                .iter()
                .zip(&other.data)
                .map(|(a, b)| f(a, b))
                .collect(),
        }
    }

    /// `c * self`.
    pub fn scale(&self, c: &Q) -> Self {
        QMatrix {
            rows: self.rows,
            cols: self.cols,
            data: self.data.iter().map(|a| a * c).collect(),
        }
    }

    /// The matrix product `self * other`.
    pub fn mul(&self, other: &Self) -> Result<Self, MatrixError> {
        if self.cols != other.rows {
            return Err(MatrixError::Shape(format!(
                "product: {}x{} times {}x{}",
                self.rows, self.cols, other.rows, other.cols
            )));
        }
        // Integer products: row i of self times the lcm of its
        // denominators, column j of other likewise; one reduction per entry
        // instead of a gcd per multiply-add.
        let (left, left_scale): (Vec<Vec<BigInt>>, Vec<BigInt>) =
            (0..self.rows).map(|i| integer_row(self.row(i))).unzip();
        let columns = other.transpose();
        let (right, right_scale): (Vec<Vec<BigInt>>, Vec<BigInt>) =
            (0..other.cols).map(|j| integer_row(columns.row(j))).unzip();
        let mut p = Self::zeros(self.rows, other.cols);
        for i in 0..self.rows {
            for j in 0..other.cols {
                let mut acc = BigInt::zero();
                for (a, b) in left[i].iter().zip(&right[j]) {
                    if !a.is_zero() && !b.is_zero() {
                        acc += a * b;
                    }
                }
                if !acc.is_zero() {
                    p[(i, j)] = Q::new(acc, &left_scale[i] * &right_scale[j]);
                }
            }
        }
        Ok(p)
    }

    /// `self * v` for a vector `v`.
    pub fn mul_vec(&self, v: &[Q]) -> Result<Vec<Q>, MatrixError> {
        if self.cols != v.len() {
            return Err(MatrixError::Shape(format!(
                "matrix-vector product: {}x{} times a vector of length {}",
                self.rows,
                self.cols,
                v.len()
            )));
        }
        Ok((0..self.rows)
            .map(|i| self.row(i).iter().zip(v).map(|(a, b)| a * b).sum())
            .collect())
    }

    /// Rows cleared of denominators: row `i` times the lcm of its
    /// denominators, and that multiplier.
    fn integer_rows(&self) -> (Vec<Vec<BigInt>>, Vec<BigInt>) {
        (0..self.rows).map(|i| integer_row(self.row(i))).unzip()
    }

    fn rref_form(&self) -> FractionFreeForm {
        let (rows, _) = self.integer_rows();
        fraction_free_rref(rows, self.cols, self.cols)
    }

    /// The determinant.
    pub fn det(&self) -> Result<Q, MatrixError> {
        if !self.is_square() {
            return Err(MatrixError::Shape(format!(
                "determinant of a {}x{} matrix",
                self.rows, self.cols
            )));
        }
        if self.rows == 0 {
            return Ok(Q::one());
        }
        let (rows, multipliers) = self.integer_rows();
        let form = fraction_free_rref(rows, self.cols, self.cols);
        if form.pivots.len() < self.rows {
            return Ok(Q::zero());
        }
        let scale: BigInt = multipliers.iter().product();
        let d = Q::new(form.denominator, scale);
        Ok(if form.odd_swaps { -d } else { d })
    }

    /// The rank.
    pub fn rank(&self) -> usize {
        self.rref_form().pivots.len()
    }

    /// A basis of the (right) kernel `{x : self x = 0}`: one vector per free
    /// column, with a 1 in that column.
    pub fn kernel(&self) -> Vec<Vec<Q>> {
        kernel_from_form(&self.rref_form(), self.cols)
    }

    /// All solutions of `self x = b`, exactly: each equation is cleared of
    /// denominators and [`solve_integer_system`] solves them.
    pub fn solve_system(&self, b: &[Q]) -> Result<SystemSolution, MatrixError> {
        if b.len() != self.rows {
            return Err(MatrixError::Shape(format!(
                "system with {} equations and a right-hand side of length {}",
                self.rows,
                b.len()
            )));
        }
        let (rows, rhs) = (0..self.rows)
            .map(|i| {
                let l = lcm_of_denominators(self.row(i).iter().chain([&b[i]]));
                let row = self.row(i).iter().map(|q| times_integer(q, &l)).collect();
                (row, times_integer(&b[i], &l))
            })
            .unzip();
        Ok(solve_integer_system(rows, rhs, self.cols))
    }

    /// The unique `X` with `self X = b` for a square nonsingular `self`.
    pub fn solve(&self, b: &QMatrix) -> Result<QMatrix, MatrixError> {
        if !self.is_square() || b.rows != self.rows {
            return Err(MatrixError::Shape(format!(
                "solve with a {}x{} matrix and a {}x{} right-hand side",
                self.rows, self.cols, b.rows, b.cols
            )));
        }
        let n = self.cols;
        let rows: Vec<Vec<BigInt>> = (0..n)
            .map(|i| {
                let row: Vec<Q> = self.row(i).iter().chain(b.row(i)).cloned().collect();
                integer_row(&row).0
            })
            .collect();
        let form = fraction_free_rref(rows, n + b.cols, n);
        if form.pivots.len() < n {
            return Err(MatrixError::Singular {
                rank: form.pivots.len(),
                n,
            });
        }
        let mut x = QMatrix::zeros(n, b.cols);
        for i in 0..n {
            for j in 0..b.cols {
                x[(i, j)] = Q::new(form.rows[i][n + j].clone(), form.denominator.clone());
            }
        }
        Ok(x)
    }

    /// The inverse of a square nonsingular matrix.
    pub fn inverse(&self) -> Result<QMatrix, MatrixError> {
        self.solve(&QMatrix::identity(self.rows))
    }

    /// The leading principal submatrix of order `k`.
    pub fn leading(&self, k: usize) -> QMatrix {
        let mut m = QMatrix::zeros(k, k);
        for i in 0..k {
            for j in 0..k {
                m[(i, j)] = self[(i, j)].clone();
            }
        }
        m
    }

    /// The entries, row-major.
    pub fn entries(&self) -> &[Q] {
        &self.data
    }
}

/// The lcm of the denominators of some rationals. While it fits a word it
/// is computed in `u64` (no allocation); beyond, entries of a row often
/// share their denominator: a divisibility test is much cheaper than a gcd
/// of large integers, so it comes first.
pub fn lcm_of_denominators<'a>(values: impl IntoIterator<Item = &'a Q>) -> BigInt {
    let mut values = values.into_iter();
    let mut word = 1u64;
    while let Some(q) = values.next() {
        let d = q.denom();
        if let Some(small) = d.to_u64() {
            if let Some(l) = (word / word.gcd(&small)).checked_mul(small) {
                word = l;
                continue;
            }
        }
        return values.fold(BigInt::from(word).lcm(d), |acc, q| {
            let d = q.denom();
            if d.is_one() || (&acc % d).is_zero() {
                acc
            } else {
                acc.lcm(d)
            }
        });
    }
    BigInt::from(word)
}

/// A row times the lcm of its denominators, as integers, and that lcm.
pub(crate) fn integer_row(row: &[Q]) -> (Vec<BigInt>, BigInt) {
    let l = lcm_of_denominators(row);
    let ints = row.iter().map(|q| times_integer(q, &l)).collect();
    (ints, l)
}

/// `q * l`, an integer because the denominator of `q` divides `l`. The
/// common cases need no division: integers, and the entry that carries the
/// whole common denominator.
pub(crate) fn times_integer(q: &Q, l: &BigInt) -> BigInt {
    if l.is_one() || q.denom() == l {
        q.numer().clone()
    } else if q.denom().is_one() {
        q.numer() * l
    } else if let (Some(l), Some(d)) = (l.to_u64(), q.denom().to_u64()) {
        q.numer() * (l / d)
    } else {
        q.numer() * (l / q.denom())
    }
}

/// All solutions of `rows . x = rhs` for integer rows of length `n` (one
/// right-hand side per row; panics otherwise). Systems with full column
/// rank and at least [`MODULAR_FROM_UNKNOWNS`] unknowns are solved by
/// p-adic lifting and checked exactly ([`super::modular_solve`]); the
/// others (and any system the modular route cannot certify) by
/// fraction-free elimination.
pub fn solve_integer_system(rows: Vec<Vec<BigInt>>, rhs: Vec<BigInt>, n: usize) -> SystemSolution {
    assert!(
        rhs.len() == rows.len() && rows.iter().all(|r| r.len() == n),
        "an integer system needs rows of length {n} and one right-hand side per row"
    );
    if rows.len() >= n && n >= MODULAR_FROM_UNKNOWNS {
        let equations: Vec<IntegerEquation> = rows
            .iter()
            .zip(&rhs)
            .map(|(r, b)| IntegerEquation::from_dense(r, b))
            .collect();
        if let Some(solution) = by_lifting(&equations, n) {
            return solution;
        }
    }
    by_elimination(rows, rhs, n)
}

/// All solutions of sparse integer equations in the unknowns `0..n`
/// (panics if one involves another unknown), as [`solve_integer_system`].
pub fn solve_integer_equations(equations: Vec<IntegerEquation>, n: usize) -> SystemSolution {
    assert!(
        equations.iter().all(|e| e.has_columns_below(n)),
        "the equations involve unknowns beyond the first {n}"
    );
    if equations.len() >= n && n >= MODULAR_FROM_UNKNOWNS {
        if let Some(solution) = by_lifting(&equations, n) {
            return solution;
        }
    }
    let (rows, rhs) = equations.iter().map(|e| e.to_dense(n)).unzip();
    by_elimination(rows, rhs, n)
}

/// The solutions certified by p-adic lifting, unless it gives up.
fn by_lifting(equations: &[IntegerEquation], n: usize) -> Option<SystemSolution> {
    match solve_modular(equations, n) {
        ModularOutcome::Solved(x) => Some(SystemSolution::Unique(x)),
        ModularOutcome::Inconsistent => Some(SystemSolution::Inconsistent { rank_a: n }),
        ModularOutcome::GiveUp => None,
    }
}

/// The solutions by fraction-free elimination of the augmented rows.
fn by_elimination(rows: Vec<Vec<BigInt>>, rhs: Vec<BigInt>, n: usize) -> SystemSolution {
    let augmented = rows
        .into_iter()
        .zip(rhs)
        .map(|(mut row, b)| {
            row.push(b);
            row
        })
        .collect();
    let form = fraction_free_rref(augmented, n + 1, n + 1);
    if form.pivots.last() == Some(&n) {
        return SystemSolution::Inconsistent {
            rank_a: form.pivots.len() - 1,
        };
    }
    let mut particular = vec![Q::zero(); n];
    for (k, &c) in form.pivots.iter().enumerate() {
        particular[c] = Q::new(form.rows[k][n].clone(), form.denominator.clone());
    }
    let kernel = kernel_from_form(&form, n);
    if kernel.is_empty() {
        SystemSolution::Unique(particular)
    } else {
        SystemSolution::Underdetermined { particular, kernel }
    }
}

fn kernel_from_form(form: &FractionFreeForm, cols: usize) -> Vec<Vec<Q>> {
    let mut is_pivot = vec![false; cols];
    for &c in &form.pivots {
        is_pivot[c] = true;
    }
    (0..cols)
        .filter(|&f| !is_pivot[f])
        .map(|f| {
            let mut v = vec![Q::zero(); cols];
            v[f] = Q::one();
            for (k, &c) in form.pivots.iter().enumerate() {
                v[c] = -Q::new(form.rows[k][f].clone(), form.denominator.clone());
            }
            v
        })
        .collect()
}

impl std::ops::Index<(usize, usize)> for QMatrix {
    type Output = Q;
    fn index(&self, (i, j): (usize, usize)) -> &Q {
        assert!(i < self.rows && j < self.cols, "index out of range");
        &self.data[i * self.cols + j]
    }
}

impl std::ops::IndexMut<(usize, usize)> for QMatrix {
    fn index_mut(&mut self, (i, j): (usize, usize)) -> &mut Q {
        assert!(i < self.rows && j < self.cols, "index out of range");
        &mut self.data[i * self.cols + j]
    }
}

impl fmt::Debug for QMatrix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self}")
    }
}

impl fmt::Display for QMatrix {
    /// `[[1, -1/2], [0, 3]]`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[")?;
        for i in 0..self.rows {
            if i > 0 {
                write!(f, ", ")?;
            }
            write!(f, "[")?;
            for (j, q) in self.row(i).iter().enumerate() {
                if j > 0 {
                    write!(f, ", ")?;
                }
                write!(f, "{}", format_rational(q))?;
            }
            write!(f, "]")?;
        }
        write!(f, "]")
    }
}
