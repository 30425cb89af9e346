//! Property tests of the exact layer against naive reference algorithms.

use ifm_check::exact::{
    definiteness, format_rational, lcm_of_denominators, parse_rational, rank_mod_p_of_integers,
    Poly, PrimeField, QMatrix, MERSENNE_61,
};
use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, Zero};
use proptest::prelude::*;

fn rational() -> impl Strategy<Value = BigRational> {
    (-50i64..=50, 1i64..=12).prop_map(|(n, d)| BigRational::new(n.into(), d.into()))
}

fn square(n: usize) -> impl Strategy<Value = QMatrix> {
    proptest::collection::vec(rational(), n * n).prop_map(move |v| {
        QMatrix::from_rows(v.chunks(n).map(<[BigRational]>::to_vec).collect()).unwrap()
    })
}

/// Laplace expansion along the first row.
fn det_laplace(m: &[Vec<BigRational>]) -> BigRational {
    let n = m.len();
    if n == 0 {
        return BigRational::one();
    }
    (0..n)
        .map(|j| {
            let minor: Vec<Vec<BigRational>> = m[1..]
                .iter()
                .map(|r| {
                    r.iter()
                        .enumerate()
                        .filter(|&(c, _)| c != j)
                        .map(|(_, x)| x.clone())
                        .collect()
                })
                .collect();
            let term = &m[0][j] * det_laplace(&minor);
            if j % 2 == 0 {
                term
            } else {
                -term
            }
        })
        .sum()
}

/// Rank by plain Gaussian elimination over Q.
fn rank_naive(mut m: Vec<Vec<BigRational>>) -> usize {
    let rows = m.len();
    let cols = m.first().map_or(0, Vec::len);
    let mut r = 0;
    for c in 0..cols {
        let Some(p) = (r..rows).find(|&i| !m[i][c].is_zero()) else {
            continue;
        };
        m.swap(p, r);
        let pivot_row = m[r].clone();
        for row in m.iter_mut().skip(r + 1) {
            let f = &row[c] / &pivot_row[c];
            for (x, p) in row.iter_mut().zip(&pivot_row).skip(c) {
                *x -= &f * p;
            }
        }
        r += 1;
    }
    r
}

fn subsets(n: usize) -> impl Iterator<Item = Vec<usize>> {
    (1u32..(1 << n)).map(move |mask| (0..n).filter(|&i| mask & (1 << i) != 0).collect())
}

fn principal_minor(m: &QMatrix, idx: &[usize]) -> BigRational {
    let sub: Vec<Vec<BigRational>> = idx
        .iter()
        .map(|&i| idx.iter().map(|&j| m[(i, j)].clone()).collect())
        .collect();
    det_laplace(&sub)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn printed_rationals_parse_back(q in rational()) {
        prop_assert_eq!(parse_rational(&format_rational(&q)).unwrap(), q);
    }

    #[test]
    fn decimals_parse_to_their_value(int in 0u64..1_000_000, frac in 0u32..1000, exp in -30i32..30) {
        let text = format!("{int}.{frac:03}e{exp}");
        let mantissa = BigRational::new(BigInt::from(int * 1000 + u64::from(frac)), BigInt::from(1000));
        let scale = num_traits::pow(BigRational::from_integer(10.into()), exp.unsigned_abs() as usize);
        let expected = if exp >= 0 { mantissa * scale } else { mantissa / scale };
        prop_assert_eq!(parse_rational(&text).unwrap(), expected);
    }

    #[test]
    fn determinant_matches_laplace(m in (1usize..=5).prop_flat_map(square)) {
        prop_assert_eq!(m.det().unwrap(), det_laplace(&m.to_rows()));
    }

    #[test]
    fn inverse_and_solve_are_exact(m in square(4), b in proptest::collection::vec(rational(), 4)) {
        if m.det().unwrap().is_zero() {
            prop_assert!(m.inverse().is_err());
        } else {
            let inv = m.inverse().unwrap();
            prop_assert_eq!(m.mul(&inv).unwrap(), QMatrix::identity(4));
            match m.solve_system(&b).unwrap() {
                ifm_check::exact::SystemSolution::Unique(x) => prop_assert_eq!(m.mul_vec(&x).unwrap(), b),
                other => prop_assert!(false, "expected a unique solution, got {:?}", other),
            }
        }
    }

    #[test]
    fn rank_and_kernel_of_low_rank_products(
        left in proptest::collection::vec(rational(), 5 * 2),
        right in proptest::collection::vec(rational(), 2 * 6),
        b in proptest::collection::vec(rational(), 5),
    ) {
        let l = QMatrix::from_rows(left.chunks(2).map(<[BigRational]>::to_vec).collect()).unwrap();
        let r = QMatrix::from_rows(right.chunks(6).map(<[BigRational]>::to_vec).collect()).unwrap();
        let m = l.mul(&r).unwrap();
        let rank = m.rank();
        prop_assert_eq!(rank, rank_naive(m.to_rows()));
        prop_assert!(rank <= 2);
        let kernel = m.kernel();
        prop_assert_eq!(kernel.len(), 6 - rank);
        for v in &kernel {
            prop_assert!(m.mul_vec(v).unwrap().iter().all(Zero::is_zero));
        }
        prop_assert_eq!(QMatrix::from_rows(kernel.clone()).map(|k| k.rank()).unwrap_or(0), kernel.len());
        match m.solve_system(&b).unwrap() {
            ifm_check::exact::SystemSolution::Inconsistent { rank_a } => {
                prop_assert_eq!(rank_a, rank);
                let mut aug = m.to_rows();
                for (row, bi) in aug.iter_mut().zip(&b) { row.push(bi.clone()); }
                prop_assert_eq!(rank_naive(aug), rank + 1);
            }
            ifm_check::exact::SystemSolution::Underdetermined { particular, kernel } => {
                prop_assert_eq!(m.mul_vec(&particular).unwrap(), b.clone());
                prop_assert_eq!(kernel.len(), 6 - rank);
            }
            ifm_check::exact::SystemSolution::Unique(_) => prop_assert!(false, "rank <= 2 < 6 columns"),
        }
    }

    #[test]
    fn definiteness_matches_principal_minors(m in square(4)) {
        let sym = m.add(&m.transpose()).unwrap();
        let d = definiteness(&sym).unwrap();
        let psd = subsets(4).all(|s| !principal_minor(&sym, &s).is_negative());
        let pd = (1..=4).all(|k| principal_minor(&sym, &(0..k).collect::<Vec<_>>()).is_positive());
        prop_assert_eq!(d.is_semidefinite(), psd);
        prop_assert_eq!(d.is_definite(), pd);
    }

    #[test]
    fn gram_matrices_are_semidefinite_with_the_right_rank(b in proptest::collection::vec(rational(), 4 * 2)) {
        let b = QMatrix::from_rows(b.chunks(2).map(<[BigRational]>::to_vec).collect()).unwrap();
        let g = b.mul(&b.transpose()).unwrap();
        let d = definiteness(&g).unwrap();
        prop_assert!(d.is_semidefinite());
        match d {
            ifm_check::exact::Definiteness::PositiveSemidefinite { rank, .. } => prop_assert_eq!(rank, b.rank()),
            _ => prop_assert!(false, "a 4x4 Gram matrix of rank <= 2 is singular"),
        }
    }

    #[test]
    fn sturm_counts_distinct_rational_roots(
        roots in proptest::collection::vec((-6i64..=6, 1usize..=3), 1..=4),
        c in 1i64..5, lo in -8i64..=8, len in 0i64..=10,
    ) {
        // prod (2x - r)^m * (x^2 + c): roots r/2, no others
        let mut p = Poly::from_i64(&[c, 0, 1]);
        for &(r, m) in &roots {
            for _ in 0..m {
                p = p.mul(&Poly::from_i64(&[-r, 2]));
            }
        }
        let (lo, hi) = (BigRational::from_integer(lo.into()), BigRational::from_integer((lo + len).into()));
        let mut distinct: Vec<i64> = roots.iter().map(|&(r, _)| r).collect();
        distinct.sort();
        distinct.dedup();
        let expected = distinct.iter().filter(|&&r| {
            let x = BigRational::new(r.into(), 2.into());
            lo <= x && x <= hi
        }).count();
        prop_assert_eq!(p.count_roots_in(&lo, &hi), Some(expected));
    }

    #[test]
    fn lcm_of_denominators_matches_a_plain_fold(
        entries in proptest::collection::vec((-9i64..=9, prop_oneof![1u64..60, (1u64 << 28)..(1u64 << 34), (u64::MAX - 100)..=u64::MAX], 0u32..3), 0..8),
    ) {
        // denominators below 60, near 2^31 and near 2^64, some times 2^70:
        // the lcm crosses from a word to big integers at any point
        let values: Vec<BigRational> = entries
            .iter()
            .map(|&(n, d, wide)| BigRational::new(n.into(), BigInt::from(d) << (70 * (wide / 2))))
            .collect();
        let plain = values.iter().fold(BigInt::one(), |acc, q| num_integer::Integer::lcm(&acc, q.denom()));
        prop_assert_eq!(lcm_of_denominators(&values), plain);
    }

    #[test]
    fn rank_mod_p_bounds_rank_over_q(entries in proptest::collection::vec(-4i64..=4, 4 * 5)) {
        let rows: Vec<Vec<BigInt>> = entries.chunks(5).map(|r| r.iter().map(|&x| x.into()).collect()).collect();
        let q = QMatrix::from_rows(rows.iter().map(|r| r.iter().map(|x| BigRational::from_integer(x.clone())).collect()).collect()).unwrap();
        let rank_q = q.rank();
        for p in [3u64, 5, 7, MERSENNE_61] {
            let r = rank_mod_p_of_integers(&PrimeField::new(p).unwrap(), &rows);
            prop_assert!(r <= rank_q);
        }
        // entries are tiny and minors are below 2^61 - 1: equality there
        prop_assert_eq!(rank_mod_p_of_integers(&PrimeField::new(MERSENNE_61).unwrap(), &rows), rank_q);
    }
}

fn big_int_rows(m: &QMatrix) -> Vec<Vec<BigInt>> {
    m.to_rows()
        .iter()
        .map(|r| r.iter().map(|q| q.numer().clone()).collect())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 100, ..ProptestConfig::default() })]

    /// The modular solver on tall systems: consistent ones give the planted
    /// solution, perturbed ones are certified inconsistent, and both agree
    /// with fraction-free elimination.
    #[test]
    fn modular_solver_agrees_with_elimination(
        entries in proptest::collection::vec(-9i64..=9, 9 * 6),
        x0 in proptest::collection::vec(rational(), 6),
        scale_exp in 0usize..60,
        bump in 1i64..5,
    ) {
        use ifm_check::exact::modular_solve::{solve_modular, ModularOutcome};
        use ifm_check::exact::IntegerEquation;
        let equations = |rows: &[Vec<BigInt>], rhs: &[BigInt]| -> Vec<IntegerEquation> {
            rows.iter().zip(rhs).map(|(r, b)| IntegerEquation::from_dense(r, b)).collect()
        };
        // huge coefficients (times 10^scale_exp), small solution
        let scale = BigRational::from_integer(num_traits::pow(BigInt::from(10), scale_exp));
        let a = QMatrix::from_rows(entries.chunks(6).map(|r| r.iter().map(|&v| BigRational::from_integer(v.into()) * &scale).collect()).collect()).unwrap();
        let b = a.mul_vec(&x0).unwrap();
        let full_rank = a.rank() == 6;
        // clear the denominators of b row by row, as QMatrix does
        let lcm_b = b.iter().fold(BigInt::from(1), |acc, q| num_integer::Integer::lcm(&acc, q.denom()));
        let rows: Vec<Vec<BigInt>> = big_int_rows(&a).into_iter().map(|r| r.into_iter().map(|v| v * &lcm_b).collect()).collect();
        let rhs: Vec<BigInt> = b.iter().map(|q| q.numer() * (&lcm_b / q.denom())).collect();
        match solve_modular(&equations(&rows, &rhs), 6) {
            ModularOutcome::Solved(x) => { prop_assert!(full_rank); prop_assert_eq!(&x, &x0); }
            ModularOutcome::Inconsistent => prop_assert!(false, "a consistent system was called inconsistent"),
            ModularOutcome::GiveUp => prop_assert!(!full_rank || a.rank() < 6),
        }
        let mut bumped = rhs.clone();
        bumped[8] += BigInt::from(bump);
        match solve_modular(&equations(&rows, &bumped), 6) {
            ModularOutcome::Solved(x) => {
                // only possible when the bumped row is not needed... it is checked exactly
                let xa = a.mul_vec(&x).unwrap();
                let target: Vec<BigRational> = bumped.iter().map(|v| BigRational::new(v.clone(), lcm_b.clone())).collect();
                prop_assert_eq!(xa, target);
            }
            ModularOutcome::Inconsistent => {
                let mut aug = a.to_rows();
                for (row, v) in aug.iter_mut().zip(&bumped) { row.push(BigRational::new(v.clone(), lcm_b.clone())); }
                prop_assert!(rank_naive(aug) > a.rank());
            }
            ModularOutcome::GiveUp => prop_assert!(!full_rank),
        }
    }
}
