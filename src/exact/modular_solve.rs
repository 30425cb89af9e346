//! Exact solution of an overdetermined linear system over Q by p-adic
//! lifting (Dixon), rational reconstruction, and an exact check.
//!
//! Contract: [`solve_modular`] never returns a wrong answer. It returns
//!
//! * `Solved(x)`: `x` is *the* unique solution: `x` satisfies every equation
//!   exactly (checked over the integers), and the matrix has full column
//!   rank (certified by a nonzero `n x n` minor modulo a prime, since the
//!   rank modulo `p` is at most the rank over Q);
//! * `Inconsistent`: `x` satisfies `n` equations whose minor is nonzero
//!   modulo `p` (so `x` is their only solution over Q) and violates another
//!   equation exactly;
//! * `GiveUp`: no certificate was found (the matrix looks rank deficient
//!   modulo every prime tried); the caller falls back to exact elimination.
//!
//! The method: one LU factorization of `n` independent rows `B` modulo a
//! prime `p < 2^26` (the `lu_mod_p` module, `O(n^3)` word operations), then
//! lifting steps `x_k = B^{-1} r_k mod p`, `r_{k+1} = (r_k - B x_k) / p`
//! (an exact division), each `O(n^2)` word operations plus one product of
//! the integer rows by a vector of residues. After `k` steps `sum x_i p^i`
//! is the solution modulo `p^k`; rational reconstruction proposes a
//! candidate as soon as the solution's digits fit, and the exact check
//! decides. The number of steps grows with the size of the *solution*,
//! not of the entries: this is what makes exact inversion of a Gaussian
//! field with huge coefficients and a small answer fast. Lifting stops at
//! the latest at Hadamard's bound on the minors, where reconstruction is
//! certain to find the solution.

use super::convert::integer_to_bigint;
use super::equation::IntegerEquation;
use super::lu_mod_p::LuModP;
use super::small_prime::SmallPrimeField;
use super::Q;
use rug::{Assign, Integer};
use std::hash::{Hash, Hasher};

/// The answer of [`solve_modular`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModularOutcome {
    /// The unique solution, verified exactly.
    Solved(Vec<Q>),
    /// No solution, certified.
    Inconsistent,
    /// No certificate; use exact elimination.
    GiveUp,
}

/// `a / b` with `a = b x mod modulus`, `|a|, b <= bound = sqrt(modulus /
/// 2)`, if it exists (`0 <= x < modulus`): the denominator `b`.
fn reconstructed_denominator(x: &Integer, modulus: &Integer, bound: &Integer) -> Option<Integer> {
    let (mut r0, mut r1) = (modulus.clone(), x.clone());
    let (mut t0, mut t1) = (Integer::new(), Integer::from(1));
    // the quotient and the remainder reuse their storage from step to step
    let (mut q, mut remainder) = (Integer::new(), Integer::new());
    while &r1 > bound {
        // (r0, r1) <- (r1, r0 mod r1) and (t0, t1) <- (t1, t0 - q t1)
        (&mut q, &mut remainder).assign(r0.div_rem_ref(&r1));
        std::mem::swap(&mut r0, &mut r1);
        std::mem::swap(&mut r1, &mut remainder);
        t0 -= &q * &t1;
        std::mem::swap(&mut t0, &mut t1);
    }
    // r1 = t1 x (mod M) by the invariant of the extended Euclid; whether
    // the fraction is the solution is decided by the exact check
    t1.abs_mut();
    (!t1.is_zero() && &t1 <= bound).then_some(t1)
}

/// A candidate solution `y / l` from its residues `0 <= x < modulus`, with
/// a common denominator `l <= sqrt(modulus / 2)`. The entries of a solution
/// have a common denominator (a divisor of the minor), so once some entries
/// give `l`, the next is tried as `x l mod M` (one product and one
/// remainder) before a full extended Euclid.
fn reconstruct(residues: &[Integer], modulus: &Integer) -> Option<(Vec<Integer>, Integer)> {
    let half = Integer::from(modulus >> 1u32);
    let bound = half.clone().sqrt();
    // x l mod M is in [-bound, bound] when it is <= bound or >= M - bound
    let top = Integer::from(modulus - &bound);
    let mut common = Integer::from(1);
    let mut y = Integer::new();
    for x in residues {
        y.assign(x * &common);
        y %= modulus;
        if y <= bound || y >= top {
            continue;
        }
        common.lcm_mut(&reconstructed_denominator(x, modulus, &bound)?);
        if common > bound {
            return None;
        }
    }
    let numerators = residues
        .iter()
        .map(|x| {
            let mut y = Integer::from(x * &common);
            y %= modulus;
            if y > half {
                y -= modulus;
            }
            y
        })
        .collect();
    Some((numerators, common))
}

/// `y / l` as reduced fractions.
fn fractions(y: Vec<Integer>, l: &Integer) -> Vec<Q> {
    y.into_iter()
        .map(|mut a| {
            let g = Integer::from(a.gcd_ref(l));
            a.div_exact_mut(&g);
            let d = Integer::from(l.div_exact_ref(&g));
            Q::new_raw(integer_to_bigint(&a), integer_to_bigint(&d))
        })
        .collect()
}

/// Lifting steps after which reconstruction is certain: the solution of
/// `B x = c` has a common denominator and numerators bounded by Hadamard's
/// bound `H` on the minors of `[B | c]`, and `p^k > 2 H^2` suffices.
fn lifting_steps_bound(kept: &[&IntegerEquation]) -> u64 {
    // the Euclidean norm of a row of n + 1 entries below 2^b is below
    // 2^(b + log2(n + 1) / 2)
    let half_log = u64::from((kept.len() as u64 + 1).ilog2()) / 2 + 1;
    let log_h: u64 = kept.iter().map(|e| e.widest_bits() + half_log).sum();
    (2 * log_h + 2).div_ceil(SmallPrimeField::BITS)
}

/// Solves the equations (in the unknowns `0..n`, at least `n` equations).
/// The primes tried are the table's and some chosen from a hash of the
/// equations ([`SmallPrimeField::candidates`]).
pub fn solve_modular(equations: &[IntegerEquation], n: usize) -> ModularOutcome {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    equations.hash(&mut hasher);
    solve_with_primes(equations, n, SmallPrimeField::candidates(hasher.finish()))
}

/// [`solve_modular`] with the LU tried modulo the given primes, in order.
fn solve_with_primes(
    equations: &[IntegerEquation],
    n: usize,
    mut primes: impl Iterator<Item = SmallPrimeField>,
) -> ModularOutcome {
    if n == 0 || equations.len() < n {
        return ModularOutcome::GiveUp;
    }
    let Some(lu) = primes.find_map(|field| {
        let p = field.modulus() as u32;
        LuModP::factor(field, n, equations.iter().map(|e| e.residues(p, n)))
    }) else {
        return ModularOutcome::GiveUp;
    };
    let p = lu.field().modulus() as u32;
    let kept: Vec<&IntegerEquation> = lu.rows().iter().map(|&i| &equations[i]).collect();
    let max_steps = lifting_steps_bound(&kept);
    let mut residual: Vec<Integer> = kept.iter().map(|e| e.rhs().clone()).collect();
    // the solution modulo p^k, as sum x_i p^i
    let mut approximation = vec![Integer::new(); n];
    let mut modulus = Integer::from(1);
    let mut next_attempt = 1;
    for step in 1..=max_steps {
        let r: Vec<u32> = residual.iter().map(|a| a.mod_u(p)).collect();
        let x = lu.solve(&r);
        for (e, r) in kept.iter().zip(residual.iter_mut()) {
            for (j, a) in e.terms() {
                if x[*j] != 0 {
                    *r -= a * x[*j];
                }
            }
            // B x = r (mod p): the division is exact
            debug_assert!(r.is_divisible_u(p));
            r.div_exact_u_mut(p);
        }
        for (a, &digit) in approximation.iter_mut().zip(&x) {
            if digit != 0 {
                *a += &modulus * digit;
            }
        }
        modulus *= p;
        // a failed attempt costs little more than one step; attempts thin
        // out geometrically when the solution turns out large
        if step < next_attempt && step < max_steps {
            continue;
        }
        next_attempt = step + 1 + step / 16;
        let Some((y, l)) = reconstruct(&approximation, &modulus) else {
            continue;
        };
        if !kept.iter().all(|e| e.holds_at(&y, &l)) {
            continue;
        }
        // y / l solves the n independent kept rows: it is their only
        // solution; the other rows decide consistency
        let mut is_kept = vec![false; equations.len()];
        for &i in lu.rows() {
            is_kept[i] = true;
        }
        let consistent = equations
            .iter()
            .zip(&is_kept)
            .all(|(e, &kept)| kept || e.holds_at(&y, &l));
        return if consistent {
            ModularOutcome::Solved(fractions(y, &l))
        } else {
            ModularOutcome::Inconsistent
        };
    }
    // unreachable by Hadamard's bound; elimination decides anyway
    ModularOutcome::GiveUp
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exact::elimination::fraction_free_rref;
    use crate::exact::small_prime::SMALL_PRIMES;
    use num_bigint::BigInt;
    use num_integer::Integer;
    use num_traits::{One, Zero};
    use proptest::prelude::*;

    fn equations(rows: &[Vec<BigInt>], rhs: &[BigInt]) -> Vec<IntegerEquation> {
        rows.iter()
            .zip(rhs)
            .map(|(r, b)| IntegerEquation::from_dense(r, b))
            .collect()
    }

    fn solve(rows: &[Vec<BigInt>], rhs: &[BigInt], n: usize) -> ModularOutcome {
        solve_modular(&equations(rows, rhs), n)
    }

    /// With the table's primes only (no primes chosen from the system).
    fn solve_with_table(rows: &[Vec<BigInt>], rhs: &[BigInt], n: usize) -> ModularOutcome {
        solve_with_primes(&equations(rows, rhs), n, SmallPrimeField::table())
    }

    /// What fraction-free elimination says about `rows . x = rhs`.
    #[derive(Debug, PartialEq)]
    enum Reference {
        Unique(Vec<Q>),
        Inconsistent,
        Underdetermined,
    }

    fn by_elimination(rows: &[Vec<BigInt>], rhs: &[BigInt], n: usize) -> Reference {
        let augmented = rows
            .iter()
            .zip(rhs)
            .map(|(r, b)| r.iter().chain([b]).cloned().collect())
            .collect();
        let form = fraction_free_rref(augmented, n + 1, n + 1);
        if form.pivots.last() == Some(&n) {
            Reference::Inconsistent
        } else if form.pivots.len() < n {
            Reference::Underdetermined
        } else {
            Reference::Unique(
                (0..n)
                    .map(|k| Q::new(form.rows[k][n].clone(), form.denominator.clone()))
                    .collect(),
            )
        }
    }

    fn ints(rows: &[Vec<i64>]) -> Vec<Vec<BigInt>> {
        rows.iter()
            .map(|r| r.iter().map(|&a| BigInt::from(a)).collect())
            .collect()
    }

    /// `rows . x` for rational `x`, times `l` (a common denominator of `x`).
    fn products(rows: &[Vec<BigInt>], x: &[Q], l: &BigInt) -> Vec<BigInt> {
        rows.iter()
            .map(|r| {
                r.iter()
                    .zip(x)
                    .map(|(a, q)| a * q.numer() * (l / q.denom()))
                    .sum()
            })
            .collect()
    }

    /// Agreement with elimination; `GiveUp` only where the minor vanishes.
    fn agrees(rows: &[Vec<BigInt>], rhs: &[BigInt], n: usize) -> Result<(), TestCaseError> {
        let reference = by_elimination(rows, rhs, n);
        match solve(rows, rhs, n) {
            ModularOutcome::Solved(x) => prop_assert_eq!(reference, Reference::Unique(x)),
            ModularOutcome::Inconsistent => prop_assert_eq!(reference, Reference::Inconsistent),
            ModularOutcome::GiveUp => {
                let rank = fraction_free_rref(rows.to_vec(), n, n).pivots.len();
                prop_assert!(rank < n, "gave up on a full-rank system");
            }
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

        /// Random square and tall systems, small or huge entries (times
        /// 10^scale, so that lifting needs many steps when the solution is
        /// not small), some with a dependent last column or row.
        #[test]
        fn lifting_agrees_with_elimination(
            n in 1usize..=7,
            extra in 0usize..=3,
            entries in proptest::collection::vec(-20i64..=20, 10 * 7),
            rhs in proptest::collection::vec(-1000i64..=1000, 10),
            scale in 0u32..80,
            dependent in 0u8..4,
        ) {
            let m = n + extra;
            let power = num_traits::pow(BigInt::from(10), scale as usize);
            let mut rows: Vec<Vec<BigInt>> = (0..m)
                .map(|i| (0..n).map(|j| BigInt::from(entries[i * 7 + j]) * &power + i64::from(i == j)).collect())
                .collect();
            let mut b: Vec<BigInt> = rhs[..m].iter().map(|&v| BigInt::from(v)).collect();
            match dependent {
                // rank deficient: the last column repeats the first
                1 if n > 1 => rows.iter_mut().for_each(|r| r[n - 1] = r[0].clone()),
                // a tall system with a redundant (consistent) last row
                2 if m > n => {
                    rows[m - 1] = rows[0].iter().zip(&rows[1.min(m - 1)]).map(|(a, c)| a - c).collect();
                    b[m - 1] = &b[0] - &b[1.min(m - 1)];
                }
                _ => {}
            }
            agrees(&rows, &b, n)?;
        }

        /// A planted rational solution with large numerators and
        /// denominators is found exactly, and a change to one equation of a
        /// tall system makes it certified inconsistent.
        #[test]
        fn planted_solutions_and_perturbations(
            entries in proptest::collection::vec(-9i64..=9, 8 * 5),
            numerators in proptest::collection::vec(-1_000_000_000i64..=1_000_000_000, 5),
            denominators in proptest::collection::vec(1i64..=1_000_000_000, 5),
            bits in 0u32..300,
            bump in 1i64..5,
        ) {
            let n = 5;
            let rows: Vec<Vec<BigInt>> = (0..8)
                .map(|i| (0..n).map(|j| BigInt::from(entries[i * n + j] + 10 * i64::from(i == j))).collect())
                .collect();
            let wide = BigInt::one() << bits;
            let x: Vec<Q> = numerators
                .iter()
                .zip(&denominators)
                .map(|(&a, &d)| Q::new(BigInt::from(a) * &wide + 1, d.into()))
                .collect();
            let l = x.iter().fold(BigInt::one(), |acc, q| acc.lcm(q.denom()));
            // rows . x = b / l: scale the rows by l
            let scaled: Vec<Vec<BigInt>> = rows.iter().map(|r| r.iter().map(|a| a * &l).collect()).collect();
            let b = products(&rows, &x, &l);
            prop_assert_eq!(solve(&scaled, &b, n), ModularOutcome::Solved(x));
            let mut bumped = b.clone();
            bumped[7] += bump;
            prop_assert_eq!(solve(&scaled, &bumped, n), ModularOutcome::Inconsistent);
        }
    }

    #[test]
    fn rank_deficient_systems_give_up() {
        let rows = ints(&[vec![1, 2, 3], vec![2, 4, 6], vec![1, 1, 1], vec![0, 1, 2]]);
        for rhs in [[1, 2, 1, 1], [1, 3, 1, 1]] {
            let rhs: Vec<BigInt> = rhs.iter().map(|&v| BigInt::from(v)).collect();
            assert_eq!(solve(&rows, &rhs, 3), ModularOutcome::GiveUp);
        }
        assert_eq!(
            solve(&rows[..2], &[1.into(), 2.into()], 3),
            ModularOutcome::GiveUp
        );
    }

    #[test]
    fn a_minor_that_vanishes_modulo_the_first_prime_uses_the_next() {
        let p = BigInt::from(SMALL_PRIMES[0]);
        let rows = vec![
            vec![p.clone(), BigInt::zero()],
            vec![BigInt::zero(), BigInt::one()],
        ];
        let rhs = vec![BigInt::from(3), BigInt::from(4)];
        let x = vec![Q::new(3.into(), p), Q::from_integer(4.into())];
        assert_eq!(solve(&rows, &rhs, 2), ModularOutcome::Solved(x));
    }

    #[test]
    fn a_minor_that_vanishes_modulo_every_prime_gives_up() {
        // nonsingular over Q: the caller's elimination solves it
        let product: BigInt = SMALL_PRIMES.iter().map(|&p| BigInt::from(p)).product();
        let rows = vec![
            vec![product.clone(), BigInt::one()],
            vec![BigInt::zero(), BigInt::one()],
        ];
        let rhs = vec![BigInt::from(1), BigInt::from(1)];
        assert_eq!(solve_with_table(&rows, &rhs, 2), ModularOutcome::GiveUp);
        assert!(matches!(
            by_elimination(&rows, &rhs, 2),
            Reference::Unique(_)
        ));
        // the primes chosen from the system itself solve it
        let ModularOutcome::Solved(x) = solve(&rows, &rhs, 2) else {
            panic!("a prime outside the table certifies the minor")
        };
        assert_eq!(Reference::Unique(x), by_elimination(&rows, &rhs, 2));
    }

    #[test]
    fn the_matrix_solver_solves_what_the_table_primes_cannot() {
        use crate::exact::{QMatrix, SystemSolution};
        // singular modulo every prime of the table, nonsingular over Q
        let product: BigInt = SMALL_PRIMES.iter().map(|&p| BigInt::from(p)).product();
        let q = |a: BigInt| Q::from_integer(a);
        let mut m = QMatrix::identity(4);
        m[(0, 0)] = q(product.clone());
        m[(0, 3)] = q(BigInt::from(2));
        let b: Vec<Q> = (1..=4).map(|v| q(BigInt::from(v))).collect();
        let rows: Vec<Vec<BigInt>> = m
            .to_rows()
            .iter()
            .map(|r| r.iter().map(|x| x.numer().clone()).collect())
            .collect();
        let rhs: Vec<BigInt> = b.iter().map(|x| x.numer().clone()).collect();
        assert_eq!(solve_with_table(&rows, &rhs, 4), ModularOutcome::GiveUp);
        let SystemSolution::Unique(x) = m.solve_system(&b).unwrap() else {
            panic!("a nonsingular system has one solution")
        };
        assert_eq!(m.mul_vec(&x).unwrap(), b);
        assert_eq!(x[0], Q::new(BigInt::from(-7), product));
    }

    #[test]
    fn a_solution_of_hundreds_of_digits_is_found() {
        // random 40-bit entries: the minors, hence the solution, have about
        // 12 * 40 bits, so lifting runs past the steps attempted one by one
        let n = 12;
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = || {
            crate::exact::xorshift(&mut state);
            BigInt::from(state >> 24) - (BigInt::one() << 39)
        };
        let rows: Vec<Vec<BigInt>> = (0..n).map(|_| (0..n).map(|_| next()).collect()).collect();
        let rhs: Vec<BigInt> = (0..n).map(|_| next()).collect();
        let Reference::Unique(expected) = by_elimination(&rows, &rhs, n) else {
            panic!("a random matrix is nonsingular")
        };
        assert!(expected.iter().all(|q| q.denom().bits() > 400));
        assert_eq!(solve(&rows, &rhs, n), ModularOutcome::Solved(expected));
    }
}
