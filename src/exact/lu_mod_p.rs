//! LU factorization of an integer matrix modulo a small prime, to solve one
//! square system modulo `p` for many right-hand sides (p-adic lifting,
//! [`super::modular_solve`]).
//!
//! Contract: [`LuModP::factor`] scans the rows of an `m x n` integer matrix,
//! given by their residues modulo `p`, in order and keeps the first `n`
//! that are linearly independent modulo `p`, or returns `None` when the
//! rank modulo `p` is below `n`. The kept rows then have a minor that is
//! nonzero modulo `p`, hence nonzero over Q.
//! [`LuModP::solve`] returns the unique `x` modulo `p` with `B x = r (mod
//! p)`, `B` the kept rows.
//!
//! Each new row is reduced against the echelon rows kept so far, in 64-bit
//! accumulators that are reduced only every [`SmallPrimeField::lazy_terms`]
//! row operations: the inner loop is a multiply-add on 32-bit residues
//! (`n^3 / 3` of them for a dense square matrix), with no big integer and
//! no division.

use super::small_prime::{add_multiple, SmallPrimeField};

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
    /// Factors the first `n` rows that are independent modulo `p`, from
    /// the residues of the rows (each of length `n`, entries below `p`), in
    /// order; `None` if there are fewer than `n`.
    pub(crate) fn factor(
        field: SmallPrimeField,
        n: usize,
        rows: impl IntoIterator<Item = Vec<u32>>,
    ) -> Option<LuModP> {
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
        for (index, row) in rows.into_iter().enumerate() {
            for (x, &a) in v.iter_mut().zip(&row) {
                *x = u64::from(a);
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

    fn residues(field: &SmallPrimeField, rows: &[&[i64]]) -> Vec<Vec<u32>> {
        rows.iter()
            .map(|r| r.iter().map(|&a| residue(field, a)).collect())
            .collect()
    }

    fn residue(field: &SmallPrimeField, a: i64) -> u32 {
        a.rem_euclid(field.modulus() as i64) as u32
    }

    #[test]
    fn solves_modulo_p_and_skips_dependent_rows() {
        let field = SmallPrimeField::table().next().unwrap();
        // row 2 = row 0 + row 1 is skipped; the pivots are not in column order
        let rows: [&[i64]; 4] = [&[0, 2, 1], &[3, 0, 1], &[3, 2, 2], &[1, 1, 1]];
        let lu = LuModP::factor(field, 3, residues(&field, &rows)).expect("rank 3");
        assert_eq!(lu.rows(), &[0, 1, 3]);
        let x_true = [5i64, -7, 11];
        let rhs: Vec<u32> = lu
            .rows()
            .iter()
            .map(|&i| {
                residue(
                    &field,
                    rows[i].iter().zip(&x_true).map(|(a, x)| a * x).sum(),
                )
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
        let lu = |rows: &[&[i64]]| LuModP::factor(field, 2, residues(&field, rows));
        assert!(lu(&[&[1, 2], &[2, 4], &[3, 6]]).is_none());
        // [[1, 1], [1, 1 + p]] is singular modulo p only
        assert!(lu(&[&[1, 1], &[1, 1 + p]]).is_none());
        assert!(lu(&[&[1, 1], &[1, 2 + p]]).is_some());
    }

    #[test]
    fn reductions_every_few_row_operations_change_nothing() {
        // entries near p, so that unreduced sums are as large as they get;
        // the reduction schedule must not show in the result
        let field = SmallPrimeField::table().next().unwrap();
        let p = field.modulus();
        let n = 30;
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = || {
            crate::exact::xorshift(&mut state);
            (p - 1 - state % 1000) as u32
        };
        let rows: Vec<Vec<u32>> = (0..n + 3)
            .map(|_| (0..n).map(|_| next()).collect())
            .collect();
        let rhs: Vec<u32> = (0..n).map(|_| next()).collect();
        let reference = LuModP::factor(field, n, rows.clone()).expect("a random matrix");
        let x = reference.solve(&rhs);
        // B x = rhs modulo p, row by row
        for (k, &i) in reference.rows().iter().enumerate() {
            assert_eq!(field.dot(&rows[i], &x), rhs[k]);
        }
        for terms in [1, 2, 5] {
            let lu = LuModP::factor(field.with_lazy_terms(terms), n, rows.clone()).unwrap();
            assert_eq!(lu.rows(), reference.rows());
            assert_eq!(lu.solve(&rhs), x, "reduced every {terms} operations");
        }
    }
}
