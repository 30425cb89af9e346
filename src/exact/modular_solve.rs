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
//! prime `p < 2^26` ([`super::lu_mod_p`], `O(n^3)` word operations), then
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

use super::lu_mod_p::LuModP;
use super::small_prime::SmallPrimeField;
use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{One, Signed, Zero};

/// The answer of [`solve_modular`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModularOutcome {
    /// The unique solution, verified exactly.
    Solved(Vec<BigRational>),
    /// No solution, certified.
    Inconsistent,
    /// No certificate; use exact elimination.
    GiveUp,
}

/// `a / b` with `a = b x mod modulus`, `|a|, b <= sqrt(modulus / 2)`, if
/// it exists: the denominator `b`.
fn reconstructed_denominator(x: &BigInt, modulus: &BigInt, bound: &BigInt) -> Option<BigInt> {
    let (mut r0, mut r1) = (modulus.clone(), x.mod_floor(modulus));
    let (mut t0, mut t1) = (BigInt::zero(), BigInt::one());
    while &r1 > bound {
        let (q, r2) = r0.div_rem(&r1);
        let t2 = &t0 - &q * &t1;
        r0 = std::mem::replace(&mut r1, r2);
        t0 = std::mem::replace(&mut t1, t2);
    }
    // r1 = t1 x (mod M) by the invariant of the extended Euclid; whether
    // the fraction is the solution is decided by the exact check
    (!t1.is_zero() && &t1.abs() <= bound).then(|| t1.abs())
}

/// `x mod modulus` in `(-modulus/2, modulus/2]`.
fn symmetric(x: BigInt, modulus: &BigInt, half: &BigInt) -> BigInt {
    let r = x.mod_floor(modulus);
    if &r > half {
        r - modulus
    } else {
        r
    }
}

/// A candidate solution `y / l` from its residues modulo `modulus`, with a
/// common denominator `l <= sqrt(modulus / 2)`. The entries of a solution
/// have a common denominator (a divisor of the minor), so once some entries
/// give `l`, the next is tried as `x l mod M` (one product and one
/// remainder) before a full extended Euclid.
fn reconstruct(residues: &[BigInt], modulus: &BigInt) -> Option<(Vec<BigInt>, BigInt)> {
    let half = modulus >> 1u32;
    let bound = half.sqrt();
    let mut common = BigInt::one();
    for x in residues {
        if symmetric(x * &common, modulus, &half).abs() <= bound {
            continue;
        }
        common = common.lcm(&reconstructed_denominator(x, modulus, &bound)?);
        if common > bound {
            return None;
        }
    }
    let numerators = residues
        .iter()
        .map(|x| symmetric(x * &common, modulus, &half))
        .collect();
    Some((numerators, common))
}

/// Whether `row . (y / l) == b` exactly, over the integers (`row` sparse).
fn satisfies(row: &[(usize, &BigInt)], b: &BigInt, y: &[BigInt], l: &BigInt) -> bool {
    let mut acc = BigInt::zero();
    for &(j, a) in row {
        if !y[j].is_zero() {
            acc += a * &y[j];
        }
    }
    acc == b * l
}

/// The nonzero entries of a row, with their columns.
fn sparse(row: &[BigInt]) -> Vec<(usize, &BigInt)> {
    row.iter()
        .enumerate()
        .filter(|(_, a)| !a.is_zero())
        .collect()
}

/// Lifting steps after which reconstruction is certain: the solution of
/// `B x = c` has a common denominator and numerators bounded by Hadamard's
/// bound `H` on the minors of `[B | c]`, and `p^k > 2 H^2` suffices.
fn lifting_steps_bound(kept: &[Vec<(usize, &BigInt)>], rhs: &[&BigInt]) -> u64 {
    // the Euclidean norm of a row of n + 1 entries below 2^b is below
    // 2^(b + log2(n + 1) / 2)
    let half_log = (kept.len() as u64 + 1).ilog2() as u64 / 2 + 1;
    let log_h: u64 = kept
        .iter()
        .zip(rhs)
        .map(|(row, b)| {
            let widest = row.iter().map(|(_, a)| a.bits()).max().unwrap_or(0);
            widest.max(b.bits()) + half_log
        })
        .sum();
    (2 * log_h + 2).div_ceil(SmallPrimeField::BITS)
}

/// Solves `rows . x = rhs` (integer rows of length `n`, at least `n` rows).
pub fn solve_modular(rows: &[Vec<BigInt>], rhs: &[BigInt], n: usize) -> ModularOutcome {
    if n == 0 || rows.len() < n {
        return ModularOutcome::GiveUp;
    }
    let Some(lu) = SmallPrimeField::table().find_map(|field| LuModP::factor(field, rows, n)) else {
        return ModularOutcome::GiveUp;
    };
    let field = *lu.field();
    let kept: Vec<Vec<(usize, &BigInt)>> = lu.rows().iter().map(|&i| sparse(&rows[i])).collect();
    let kept_rhs: Vec<&BigInt> = lu.rows().iter().map(|&i| &rhs[i]).collect();
    let max_steps = lifting_steps_bound(&kept, &kept_rhs);
    let p = field.modulus();
    let mut residual: Vec<BigInt> = kept_rhs.iter().map(|&b| b.clone()).collect();
    // the solution modulo p^k, as sum x_i p^i
    let mut approximation = vec![BigInt::zero(); n];
    let mut modulus = BigInt::one();
    let mut next_attempt = 1;
    for step in 1..=max_steps {
        let r: Vec<u32> = residual.iter().map(|a| field.reduce_big(a)).collect();
        let x = lu.solve(&r);
        for (row, r) in kept.iter().zip(residual.iter_mut()) {
            for &(j, a) in row {
                if x[j] != 0 {
                    *r -= a * x[j];
                }
            }
            // B x = r (mod p): the division is exact
            *r /= p;
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
        if !kept
            .iter()
            .zip(&kept_rhs)
            .all(|(row, b)| satisfies(row, b, &y, &l))
        {
            continue;
        }
        // y / l solves the n independent kept rows: it is their only
        // solution; the other rows decide consistency
        let mut is_kept = vec![false; rows.len()];
        for &i in lu.rows() {
            is_kept[i] = true;
        }
        let consistent = (0..rows.len())
            .filter(|&i| !is_kept[i])
            .all(|i| satisfies(&sparse(&rows[i]), &rhs[i], &y, &l));
        return if consistent {
            ModularOutcome::Solved(
                y.into_iter()
                    .map(|a| BigRational::new(a, l.clone()))
                    .collect(),
            )
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
    use proptest::prelude::*;

    /// What fraction-free elimination says about `rows . x = rhs`.
    #[derive(Debug, PartialEq)]
    enum Reference {
        Unique(Vec<BigRational>),
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
                    .map(|k| BigRational::new(form.rows[k][n].clone(), form.denominator.clone()))
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
    fn products(rows: &[Vec<BigInt>], x: &[BigRational], l: &BigInt) -> Vec<BigInt> {
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
        match solve_modular(rows, rhs, n) {
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
            let x: Vec<BigRational> = numerators
                .iter()
                .zip(&denominators)
                .map(|(&a, &d)| BigRational::new(BigInt::from(a) * &wide + 1, d.into()))
                .collect();
            let l = x.iter().fold(BigInt::one(), |acc, q| acc.lcm(q.denom()));
            // rows . x = b / l: scale the rows by l
            let scaled: Vec<Vec<BigInt>> = rows.iter().map(|r| r.iter().map(|a| a * &l).collect()).collect();
            let b = products(&rows, &x, &l);
            prop_assert_eq!(solve_modular(&scaled, &b, n), ModularOutcome::Solved(x));
            let mut bumped = b.clone();
            bumped[7] += bump;
            prop_assert_eq!(solve_modular(&scaled, &bumped, n), ModularOutcome::Inconsistent);
        }
    }

    #[test]
    fn rank_deficient_systems_give_up() {
        let rows = ints(&[vec![1, 2, 3], vec![2, 4, 6], vec![1, 1, 1], vec![0, 1, 2]]);
        for rhs in [[1, 2, 1, 1], [1, 3, 1, 1]] {
            let rhs: Vec<BigInt> = rhs.iter().map(|&v| BigInt::from(v)).collect();
            assert_eq!(solve_modular(&rows, &rhs, 3), ModularOutcome::GiveUp);
        }
        assert_eq!(
            solve_modular(&rows[..2], &[1.into(), 2.into()], 3),
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
        let x = vec![
            BigRational::new(3.into(), p),
            BigRational::from_integer(4.into()),
        ];
        assert_eq!(solve_modular(&rows, &rhs, 2), ModularOutcome::Solved(x));
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
        assert_eq!(solve_modular(&rows, &rhs, 2), ModularOutcome::GiveUp);
        assert!(matches!(
            by_elimination(&rows, &rhs, 2),
            Reference::Unique(_)
        ));
    }

    #[test]
    fn the_matrix_solver_falls_back_to_elimination() {
        use crate::exact::{QMatrix, SystemSolution};
        // singular modulo every prime tried, nonsingular over Q
        let product: BigInt = SMALL_PRIMES.iter().map(|&p| BigInt::from(p)).product();
        let q = |a: BigInt| BigRational::from_integer(a);
        let mut m = QMatrix::identity(4);
        m[(0, 0)] = q(product.clone());
        m[(0, 3)] = q(BigInt::from(2));
        let b: Vec<BigRational> = (1..=4).map(|v| q(BigInt::from(v))).collect();
        let rows: Vec<Vec<BigInt>> = m
            .to_rows()
            .iter()
            .map(|r| r.iter().map(|x| x.numer().clone()).collect())
            .collect();
        let rhs: Vec<BigInt> = b.iter().map(|x| x.numer().clone()).collect();
        assert_eq!(solve_modular(&rows, &rhs, 4), ModularOutcome::GiveUp);
        let SystemSolution::Unique(x) = m.solve_system(&b).unwrap() else {
            panic!("a nonsingular system has one solution")
        };
        assert_eq!(m.mul_vec(&x).unwrap(), b);
        assert_eq!(x[0], BigRational::new(BigInt::from(-7), product));
    }

    #[test]
    fn a_solution_of_hundreds_of_digits_is_found() {
        // random 40-bit entries: the minors, hence the solution, have about
        // 12 * 40 bits, so lifting runs past the steps attempted one by one
        let n = 12;
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            BigInt::from(state >> 24) - (BigInt::one() << 39)
        };
        let rows: Vec<Vec<BigInt>> = (0..n).map(|_| (0..n).map(|_| next()).collect()).collect();
        let rhs: Vec<BigInt> = (0..n).map(|_| next()).collect();
        let Reference::Unique(expected) = by_elimination(&rows, &rhs, n) else {
            panic!("a random matrix is nonsingular")
        };
        assert!(expected.iter().all(|q| q.denom().bits() > 400));
        assert_eq!(
            solve_modular(&rows, &rhs, n),
            ModularOutcome::Solved(expected)
        );
    }
}
