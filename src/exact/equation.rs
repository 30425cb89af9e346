//! A linear equation with integer coefficients, `a . x = b`, stored sparse
//! in GMP integers: the input of the exact solvers
//! ([`super::solve_integer_equations`], [`super::modular_solve`]).
//!
//! Contract: the stored terms are the nonzero coefficients by increasing
//! column, each column once ([`IntegerEquation::new`] adds up the
//! coefficients of a repeated column and drops zeros). GMP integers, so that
//! the products of p-adic lifting and of the exact check update in place.

use super::convert::{bigint_to_integer, integer_to_bigint};
use num_bigint::BigInt;
use num_traits::Zero;
use rug::Integer;

/// `sum_j a_j x_j = b` over the integers.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IntegerEquation {
    terms: Vec<(usize, Integer)>,
    rhs: Integer,
}

impl IntegerEquation {
    /// `sum (a_j x_j) = b` from terms `(j, a_j)` in any order; the
    /// coefficients of a column given more than once add up.
    pub fn new(mut terms: Vec<(usize, Integer)>, rhs: Integer) -> IntegerEquation {
        terms.sort_by_key(|(j, _)| *j);
        let mut merged: Vec<(usize, Integer)> = Vec::with_capacity(terms.len());
        for (j, a) in terms {
            match merged.last_mut() {
                Some((last, sum)) if *last == j => *sum += a,
                _ => merged.push((j, a)),
            }
        }
        merged.retain(|(_, a)| !a.is_zero());
        IntegerEquation { terms: merged, rhs }
    }

    /// The equation of a dense row of coefficients and its right-hand side.
    pub fn from_dense(row: &[BigInt], rhs: &BigInt) -> IntegerEquation {
        IntegerEquation {
            terms: row
                .iter()
                .enumerate()
                .filter(|(_, a)| !a.is_zero())
                .map(|(j, a)| (j, bigint_to_integer(a)))
                .collect(),
            rhs: bigint_to_integer(rhs),
        }
    }

    /// The dense row of `n` coefficients and the right-hand side.
    pub fn to_dense(&self, n: usize) -> (Vec<BigInt>, BigInt) {
        let mut row = vec![BigInt::zero(); n];
        for (j, a) in &self.terms {
            row[*j] = integer_to_bigint(a);
        }
        (row, integer_to_bigint(&self.rhs))
    }

    /// Whether every unknown is among the first `n`.
    pub fn has_columns_below(&self, n: usize) -> bool {
        self.terms.last().is_none_or(|(j, _)| *j < n)
    }

    /// The nonzero coefficients with their columns, by increasing column.
    pub(crate) fn terms(&self) -> &[(usize, Integer)] {
        &self.terms
    }

    /// The right-hand side.
    pub(crate) fn rhs(&self) -> &Integer {
        &self.rhs
    }

    /// The coefficients modulo `p`, as a dense row of `n` residues.
    pub(crate) fn residues(&self, p: u32, n: usize) -> Vec<u32> {
        let mut row = vec![0; n];
        for (j, a) in &self.terms {
            row[*j] = a.mod_u(p);
        }
        row
    }

    /// Whether `a . (y / l) == b` exactly.
    pub(crate) fn holds_at(&self, y: &[Integer], l: &Integer) -> bool {
        let mut acc = Integer::new();
        for (j, a) in &self.terms {
            if !y[*j].is_zero() {
                acc += a * &y[*j];
            }
        }
        acc == Integer::from(&self.rhs * l)
    }

    /// The bits of the widest of the coefficients and the right-hand side.
    pub(crate) fn widest_bits(&self) -> u64 {
        let widest = self.terms.iter().map(|(_, a)| a.significant_bits());
        u64::from(widest.max().unwrap_or(0).max(self.rhs.significant_bits()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_columns_add_up_and_zeros_go() {
        let z = Integer::from;
        let e = IntegerEquation::new(
            vec![
                (3, z(2)),
                (0, z(5)),
                (3, z(-2)),
                (1, z(0)),
                (0, z(1)),
                (2, z(7)),
            ],
            z(4),
        );
        assert_eq!(e.terms(), &[(0, z(6)), (2, z(7))]);
        let (row, rhs) = e.to_dense(4);
        let big = |v: i64| BigInt::from(v);
        assert_eq!(row, vec![big(6), big(0), big(7), big(0)]);
        assert_eq!(IntegerEquation::from_dense(&row, &rhs), e);
        assert!(e.has_columns_below(3) && !e.has_columns_below(2));
        // 6 x0 + 7 x2 = 4 at x = (3, 9, -2) / 1 is 18 - 14 = 4
        let y = [z(3), z(9), z(-2)];
        assert!(e.holds_at(&y, &z(1)));
        assert!(!e.holds_at(&y, &z(2)));
    }
}
