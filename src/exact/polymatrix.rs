//! Matrices whose entries are polynomials over Q in one variable `t`.
//!
//! Contract: arithmetic is exact; [`PolyMatrix::det`] is exact, computed by
//! evaluation at `deg + 1` rational points and Lagrange interpolation (the
//! determinant of an `n x n` matrix of entries of degree `<= d` has degree
//! `<= n d`). Used for `Sigma_t` and `G_t` of docs/mathematics.md section 2, whose
//! identities in `t` are checked as polynomial identities, not at samples.

use super::matrix::QMatrix;
use super::poly::Poly;
use super::Q;
use num_traits::{One, Zero};

/// A dense matrix of polynomials in `t`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolyMatrix {
    rows: usize,
    cols: usize,
    data: Vec<Poly>,
}

impl PolyMatrix {
    /// `sum_k t^k M_k` from coefficient matrices `M_0, M_1, ...` of one shape.
    pub fn from_coefficients(coeffs: &[&QMatrix]) -> PolyMatrix {
        let (rows, cols) = coeffs.first().map_or((0, 0), |m| (m.rows(), m.cols()));
        let data = (0..rows * cols)
            .map(|k| Poly::new(coeffs.iter().map(|m| m.entries()[k].clone()).collect()))
            .collect();
        PolyMatrix { rows, cols, data }
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Number of columns.
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// Entry `(i, j)`.
    pub fn entry(&self, i: usize, j: usize) -> &Poly {
        &self.data[i * self.cols + j]
    }

    /// The matrix at `t`.
    pub fn eval(&self, t: &Q) -> QMatrix {
        QMatrix::from_rows(
            (0..self.rows)
                .map(|i| (0..self.cols).map(|j| self.entry(i, j).eval(t)).collect())
                .collect(),
        )
        .expect("rectangular")
    }

    /// The entrywise derivative in `t`.
    pub fn derivative(&self) -> PolyMatrix {
        self.map(Poly::derivative)
    }

    /// The transpose.
    pub fn transpose(&self) -> PolyMatrix {
        let mut data = Vec::with_capacity(self.data.len());
        for j in 0..self.cols {
            for i in 0..self.rows {
                data.push(self.entry(i, j).clone());
            }
        }
        PolyMatrix {
            rows: self.cols,
            cols: self.rows,
            data,
        }
    }

    fn map(&self, f: impl Fn(&Poly) -> Poly) -> PolyMatrix {
        PolyMatrix {
            rows: self.rows,
            cols: self.cols,
            data: self.data.iter().map(f).collect(),
        }
    }

    fn zip_with(&self, other: &PolyMatrix, f: impl Fn(&Poly, &Poly) -> Poly) -> PolyMatrix {
        assert_eq!((self.rows, self.cols), (other.rows, other.cols), "shapes");
        PolyMatrix {
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

    /// `self + other` (same shape).
    pub fn add(&self, other: &PolyMatrix) -> PolyMatrix {
        self.zip_with(other, Poly::add)
    }

    /// `self - other` (same shape).
    pub fn sub(&self, other: &PolyMatrix) -> PolyMatrix {
        self.zip_with(other, Poly::sub)
    }

    /// The matrix product (compatible shapes).
    pub fn mul(&self, other: &PolyMatrix) -> PolyMatrix {
        assert_eq!(self.cols, other.rows, "shapes");
        let mut data = Vec::with_capacity(self.rows * other.cols);
        for i in 0..self.rows {
            for j in 0..other.cols {
                let mut acc = Poly::default();
                for k in 0..self.cols {
                    acc = acc.add(&self.entry(i, k).mul(other.entry(k, j)));
                }
                data.push(acc);
            }
        }
        PolyMatrix {
            rows: self.rows,
            cols: other.cols,
            data,
        }
    }

    /// Whether every entry is the zero polynomial.
    pub fn is_zero(&self) -> bool {
        self.data.iter().all(Poly::is_zero)
    }

    /// The largest degree of an entry (`None` for the zero matrix).
    pub fn degree(&self) -> Option<usize> {
        self.data.iter().filter_map(Poly::degree).max()
    }

    /// The leading principal submatrix of order `k`.
    pub fn leading(&self, k: usize) -> PolyMatrix {
        let mut data = Vec::with_capacity(k * k);
        for i in 0..k {
            for j in 0..k {
                data.push(self.entry(i, j).clone());
            }
        }
        PolyMatrix {
            rows: k,
            cols: k,
            data,
        }
    }

    /// The determinant of a square matrix, as a polynomial in `t`.
    pub fn det(&self) -> Poly {
        assert_eq!(self.rows, self.cols, "determinant of a non-square matrix");
        let bound = self.rows * self.degree().unwrap_or(0);
        let points: Vec<Q> = (0..=bound).map(|k| Q::from_integer(k.into())).collect();
        let values: Vec<Q> = points
            .iter()
            .map(|t| self.eval(t).det().expect("square"))
            .collect();
        interpolate(&points, &values)
    }
}

/// The polynomial of degree `< n` through `n` points with distinct abscissae
/// (Newton's divided differences).
pub fn interpolate(xs: &[Q], ys: &[Q]) -> Poly {
    let n = xs.len();
    let mut coef = ys.to_vec();
    for j in 1..n {
        for i in (j..n).rev() {
            coef[i] = (&coef[i] - &coef[i - 1]) / (&xs[i] - &xs[i - j]);
        }
    }
    let mut p = Poly::default();
    for i in (0..n).rev() {
        // p = p (t - x_i) + coef_i
        p = p
            .mul(&Poly::new(vec![-xs[i].clone(), Q::one()]))
            .add(&Poly::constant(coef[i].clone()));
    }
    if p.coeffs().iter().all(Zero::is_zero) {
        Poly::default()
    } else {
        p
    }
}
