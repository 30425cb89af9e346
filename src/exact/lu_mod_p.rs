//! LU factorization of an integer matrix modulo a small prime, to solve one
//! square system modulo `p` for many right-hand sides (p-adic lifting,
//! [`super::modular_solve`]).
//!
//! Contract: [`LuModP::factor`] scans the rows of an `m x n` integer matrix
//! in order and keeps the first `n` that are linearly independent modulo
//! `p`, or returns `None` when the rank modulo `p` is below `n`. The kept
//! rows then have a minor that is nonzero modulo `p`, hence nonzero over Q.
//! [`LuModP::solve`] returns the unique `x` modulo `p` with `B x = r (mod
//! p)`, `B` the kept rows.
//!
//! Each new row is reduced against the echelon rows kept so far, in 64-bit
//! accumulators that are reduced only every [`SmallPrimeField::lazy_terms`]
//! row operations: the inner loop is a multiply-add on 32-bit residues
//! (`n^3 / 3` of them for a dense square matrix), with no big integer and
//! no division.

use super::small_prime::{add_multiple, SmallPrimeField};
use num_bigint::BigInt;
use num_traits::Zero;

/// `L U` of the kept rows modulo `p`, in echelon form.
#[derive(Debug, Clone)]
pub(crate) struct LuModP {
    field: SmallPrimeField,
    n: usize,
    /// The kept rows (indices into the input), in elimination order.
    rows: Vec<usize>,
    /// The pivot column of each echelon row.
    pivot_cols: Vec<usize>,
    /// Echelon row `k` (row-major, `n` entries each): zero before its
    /// pivot column and at the pivot columns of earlier rows, 1 at its own.
    echelon: Vec<u32>,
    /// Row `k`: the multiples of echelon rows `0..k` subtracted from kept
    /// row `k` before it was scaled to pivot 1.
    multipliers: Vec<u32>,
    /// The inverse of each pivot, before scaling.
    inverse_pivots: Vec<u32>,
}

impl LuModP {
    /// Factors the first `n` rows of `rows` (each of length `n`) that are
    /// independent modulo `p`; `None` if there are fewer than `n`.
    pub(crate) fn factor(field: SmallPrimeField, rows: &[Vec<BigInt>], n: usize) -> Option<LuModP> {
        let p = field.modulus();
        let mut lu = LuModP {
            field,
            n,
            rows: Vec::with_capacity(n),
            pivot_cols: Vec::with_capacity(n),
            echelon: Vec::with_capacity(n * n),
            multipliers: Vec::with_capacity(n * n),
            inverse_pivots: Vec::with_capacity(n),
        };
        let mut v = vec![0u64; n];
        let mut multipliers = vec![0u32; n];
        for (index, row) in rows.iter().enumerate() {
            for (x, a) in v.iter_mut().zip(row) {
                *x = if a.is_zero() {
                    0
                } else {
                    u64::from(field.reduce_big(a))
                };
            }
            multipliers.fill(0);
            // products added to v since it was last reduced
            let mut pending = 0;
            for (k, &c) in lu.pivot_cols.iter().enumerate() {
                let f = field.reduce(v[c]);
                if f == 0 {
                    continue;
                }
                if pending == field.lazy_terms() {
                    reduce_all(&field, &mut v);
                    pending = 0;
                }
                multipliers[k] = f;
                // echelon row k is zero before column c
                let e = &lu.echelon[k * n + c..(k + 1) * n];
                add_multiple(&mut v[c..], (p - u64::from(f)) as u32, e);
                pending += 1;
            }
            reduce_all(&field, &mut v);
            // zero at every earlier pivot column: the first nonzero entry is
            // a new pivot, or the row depends on the kept ones modulo p
            let Some(c) = v.iter().position(|&x| x != 0) else {
                continue;
            };
            let inv = field.inv(v[c] as u32);
            lu.echelon
                .extend(v.iter().map(|&x| field.mul(x as u32, inv)));
            lu.multipliers.extend_from_slice(&multipliers);
            lu.inverse_pivots.push(inv);
            lu.pivot_cols.push(c);
            lu.rows.push(index);
            if lu.rows.len() == n {
                return Some(lu);
            }
        }
        None
    }

    /// The field.
    pub(crate) fn field(&self) -> &SmallPrimeField {
        &self.field
    }

    /// The kept rows, in elimination order (the order of the right-hand
    /// side of [`Self::solve`]).
    pub(crate) fn rows(&self) -> &[usize] {
        &self.rows
    }

    /// The `x` (indexed by column) with `B x = rhs (mod p)`, where
    /// `rhs[k]` is the residue of the right-hand side of kept row `k`.
    pub(crate) fn solve(&self, rhs: &[u32]) -> Vec<u32> {
        let (n, f) = (self.n, &self.field);
        // forward: the row operations of the factorization on rhs
        let mut y = vec![0u32; n];
        for k in 0..n {
            let subtracted = f.dot(&self.multipliers[k * n..k * n + k], &y[..k]);
            y[k] = f.mul(f.sub(rhs[k], subtracted), self.inverse_pivots[k]);
        }
        // backward: echelon row k involves the pivot columns of later rows
        // only, whose unknowns are known by then (the others are still 0)
        let mut x = vec![0u32; n];
        for k in (0..n).rev() {
            let c = self.pivot_cols[k];
            let known = f.dot(&self.echelon[k * n + c..(k + 1) * n], &x[c..]);
            x[c] = f.sub(y[k], known);
        }
        x
    }
}

fn reduce_all(field: &SmallPrimeField, v: &mut [u64]) {
    for x in v {
        *x = u64::from(field.reduce(*x));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ints(rows: &[&[i64]]) -> Vec<Vec<BigInt>> {
        rows.iter()
            .map(|r| r.iter().map(|&a| BigInt::from(a)).collect())
            .collect()
    }

    fn residue(field: &SmallPrimeField, a: i64) -> u32 {
        field.reduce_big(&BigInt::from(a))
    }

    #[test]
    fn solves_modulo_p_and_skips_dependent_rows() {
        let field = SmallPrimeField::table().next().unwrap();
        // row 2 = row 0 + row 1 is skipped; the pivots are not in column order
        let rows = ints(&[&[0, 2, 1], &[3, 0, 1], &[3, 2, 2], &[1, 1, 1]]);
        let lu = LuModP::factor(field, &rows, 3).expect("rank 3");
        assert_eq!(lu.rows(), &[0, 1, 3]);
        let x_true = [5i64, -7, 11];
        let rhs: Vec<u32> = lu
            .rows()
            .iter()
            .map(|&i| {
                let b: i64 = rows[i]
                    .iter()
                    .zip(&x_true)
                    .map(|(a, x)| i64::try_from(a).unwrap() * x)
                    .sum();
                residue(&field, b)
            })
            .collect();
        let x = lu.solve(&rhs);
        let expected: Vec<u32> = x_true.iter().map(|&a| residue(&field, a)).collect();
        assert_eq!(x, expected);
    }

    #[test]
    fn rank_below_n_modulo_p_gives_none() {
        let field = SmallPrimeField::table().next().unwrap();
        let p = field.modulus() as i64;
        assert!(LuModP::factor(field, &ints(&[&[1, 2], &[2, 4], &[3, 6]]), 2).is_none());
        // [[1, 1], [1, 1 + p]] is singular modulo p only
        assert!(LuModP::factor(field, &ints(&[&[1, 1], &[1, 1 + p]]), 2).is_none());
        assert!(LuModP::factor(field, &ints(&[&[1, 1], &[1, 2 + p]]), 2).is_some());
    }
}
