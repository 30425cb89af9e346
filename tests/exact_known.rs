//! Exact arithmetic with known answers: number parsing, Hilbert matrices,
//! kernels, definiteness with the failing pivot, Sturm root counts,
//! ranks modulo a prime.

use ifm_check::exact::{
    definiteness, format_rational, parse_rational, rank_mod_p_of_integers, Definiteness,
    PivotFailure, Poly, Positivity, PrimeField, QMatrix, SystemSolution, MERSENNE_61,
};
use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Zero};

fn q(n: i64, d: i64) -> BigRational {
    BigRational::new(n.into(), d.into())
}

fn z(n: i64) -> BigRational {
    BigRational::from_integer(n.into())
}

fn binom(n: i64, k: i64) -> i64 {
    if k < 0 || k > n {
        return 0;
    }
    (0..k).fold(1, |acc, i| acc * (n - i) / (i + 1))
}

fn hilbert(n: usize) -> QMatrix {
    QMatrix::from_rows(
        (0..n)
            .map(|i| (0..n).map(|j| q(1, (i + j + 1) as i64)).collect())
            .collect(),
    )
    .unwrap()
}

#[test]
fn numbers_read_exactly() {
    let cases: &[(&str, BigRational)] = &[
        ("0", z(0)),
        ("-7", z(-7)),
        ("+12", z(12)),
        ("3/6", q(1, 2)),
        ("-22/7", q(-22, 7)),
        ("0.125", q(1, 8)),
        ("0.1", q(1, 10)),
        (".5", q(1, 2)),
        ("5.", z(5)),
        ("1e-3", q(1, 1000)),
        ("2.5E+4", z(25000)),
        ("-1.5e2", z(-150)),
        ("1e0", z(1)),
        ("  42 ", z(42)),
        ("0.000", z(0)),
        ("007", z(7)),
    ];
    for (text, value) in cases {
        assert_eq!(&parse_rational(text).unwrap(), value, "{text}");
    }
    // 1e-9990 is accepted and exact
    let tiny = parse_rational("1e-9990").unwrap();
    assert_eq!(tiny.denom(), &num_traits::pow(BigInt::from(10), 9990));
}

/// The fuzzer's first finding: `1e10000` was accepted, and its exact value
/// (10,001 digits) was not accepted back. Values obey the text limit too.
#[test]
fn every_accepted_number_prints_to_an_accepted_text() {
    for text in ["1e9990", "-1e9990", "1e-9990", "-1.5e-9990", "12345e9980"] {
        let q = parse_rational(text).unwrap();
        assert_eq!(parse_rational(&format_rational(&q)).unwrap(), q, "{text}");
    }
    for text in ["1e10000", "1e-10000", "-1e9999", "99e9998", "1.5e-9999"] {
        let err = parse_rational(text).expect_err(text);
        assert!(err.reason.contains("exact value"), "{text}: {err}");
    }
}

#[test]
fn bad_numbers_are_refused_with_a_reason() {
    for text in [
        "",
        " ",
        "nan",
        "NaN",
        "inf",
        "-inf",
        "1/0",
        "0/0",
        "1/-3",
        "1.5/2",
        "1/2/3",
        "1e",
        "e5",
        "1e+",
        "--1",
        "+-1",
        "0x10",
        "1_000",
        "1,5",
        "1.2.3",
        ".",
        "-",
        "1 2",
        "½",
        "1e10001",
        "1e-99999999999999999999",
    ] {
        let err = parse_rational(text).expect_err(text);
        assert!(!err.reason.is_empty());
        assert!(err.to_string().contains("expected an integer"), "{err}");
    }
    let long = "1".repeat(10_001);
    let err = parse_rational(&long).unwrap_err();
    assert!(err.reason.contains("limit"), "{err}");
    assert!(err.text.len() < 50, "the message cuts long input");
    assert!(parse_rational("1/0")
        .unwrap_err()
        .reason
        .contains("denominator is zero"));
}

#[test]
fn hilbert_determinants_are_exact() {
    // det H_n = 1 / (1, 12, 2160, 6048000, 266716800000, 186313420339200000)
    let inverse_dets: [i64; 6] = [
        1,
        12,
        2160,
        6_048_000,
        266_716_800_000,
        186_313_420_339_200_000,
    ];
    for (n, d) in inverse_dets.iter().enumerate() {
        assert_eq!(hilbert(n + 1).det().unwrap(), q(1, *d), "H_{}", n + 1);
    }
}

#[test]
fn hilbert_inverse_has_the_known_integer_entries() {
    for n in 1..=7i64 {
        let inv = hilbert(n as usize).inverse().unwrap();
        for i in 1..=n {
            for j in 1..=n {
                let sign = if (i + j) % 2 == 0 { 1 } else { -1 };
                let c = binom(i + j - 2, i - 1);
                let expected =
                    sign * (i + j - 1) * binom(n + i - 1, n - j) * binom(n + j - 1, n - i) * c * c;
                assert_eq!(
                    inv[((i - 1) as usize, (j - 1) as usize)],
                    z(expected),
                    "H_{n}^-1 ({i},{j})"
                );
            }
        }
        let product = hilbert(n as usize).mul(&inv).unwrap();
        assert_eq!(product, QMatrix::identity(n as usize));
    }
}

#[test]
fn singular_matrix_has_its_known_kernel() {
    // third row = first + second; kernel spanned by (1, -2, 1) for the
    // rows (1 2 3), (4 5 6), (5 7 9)
    let m = QMatrix::from_i64(&[&[1, 2, 3], &[4, 5, 6], &[5, 7, 9]]);
    assert_eq!(m.det().unwrap(), z(0));
    assert_eq!(m.rank(), 2);
    let k = m.kernel();
    assert_eq!(k, vec![vec![z(1), z(-2), z(1)]]);
    assert!(m.inverse().is_err());
    let wide = QMatrix::from_i64(&[&[1, 1, 0, 0], &[0, 0, 1, 1]]);
    let k = wide.kernel();
    assert_eq!(k.len(), 2);
    for v in &k {
        assert!(wide.mul_vec(v).unwrap().iter().all(Zero::is_zero));
    }
}

#[test]
fn linear_systems_unique_underdetermined_inconsistent() {
    let a = QMatrix::from_i64(&[&[2, 1], &[1, 3]]);
    assert_eq!(
        a.solve_system(&[z(3), z(5)]).unwrap(),
        SystemSolution::Unique(vec![q(4, 5), q(7, 5)])
    );
    let s = QMatrix::from_i64(&[&[1, 2], &[2, 4]]);
    match s.solve_system(&[z(1), z(2)]).unwrap() {
        SystemSolution::Underdetermined { particular, kernel } => {
            assert_eq!(particular, vec![z(1), z(0)]);
            assert_eq!(kernel, vec![vec![z(-2), z(1)]]);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        s.solve_system(&[z(1), z(3)]).unwrap(),
        SystemSolution::Inconsistent { rank_a: 1 }
    );
    assert!(a.solve_system(&[z(1)]).is_err());
    assert!(a.mul(&QMatrix::zeros(3, 1)).is_err());
    let x = a.solve(&QMatrix::identity(2)).unwrap();
    assert_eq!(x, a.inverse().unwrap());
    assert_eq!(a.det().unwrap(), z(5));
    assert!(QMatrix::from_i64(&[&[1, 2, 3]]).det().is_err());
}

#[test]
fn definiteness_names_the_failing_pivot() {
    let pd = QMatrix::from_i64(&[&[2, -1, 0], &[-1, 2, -1], &[0, -1, 2]]);
    assert_eq!(definiteness(&pd).unwrap(), Definiteness::PositiveDefinite);
    assert_eq!(
        definiteness(&hilbert(6)).unwrap(),
        Definiteness::PositiveDefinite
    );

    let psd = QMatrix::from_i64(&[&[1, 1, 0], &[1, 1, 0], &[0, 0, 3]]);
    assert_eq!(
        definiteness(&psd).unwrap(),
        Definiteness::PositiveSemidefinite {
            rank: 2,
            first_zero_pivot: 1
        }
    );
    assert_eq!(
        definiteness(&QMatrix::zeros(2, 2)).unwrap(),
        Definiteness::PositiveSemidefinite {
            rank: 0,
            first_zero_pivot: 0
        }
    );

    // pivots 1, then 4 - 9 = -5
    let indefinite = QMatrix::from_i64(&[&[1, 3], &[3, 4]]);
    assert_eq!(
        definiteness(&indefinite).unwrap(),
        Definiteness::NotSemidefinite(PivotFailure::Negative {
            index: 1,
            value: z(-5)
        })
    );
    // zero pivot with a nonzero coupling: [[0, 1], [1, 5]]
    let coupled = QMatrix::from_i64(&[&[0, 1], &[1, 5]]);
    let d = definiteness(&coupled).unwrap();
    assert_eq!(
        d,
        Definiteness::NotSemidefinite(PivotFailure::ZeroWithCoupling {
            index: 0,
            column: 1,
            value: z(1)
        })
    );
    if let Definiteness::NotSemidefinite(f) = d {
        assert!(f.to_string().contains("pivot 1"));
    }
    // a zero pivot deeper down: [[1,1,1],[1,1,1],[1,1,0]]
    let deep = QMatrix::from_i64(&[&[1, 1, 1], &[1, 1, 1], &[1, 1, 0]]);
    assert!(matches!(
        definiteness(&deep).unwrap(),
        Definiteness::NotSemidefinite(PivotFailure::Negative { index: 2, .. })
    ));
    assert!(definiteness(&QMatrix::from_i64(&[&[1, 2], &[3, 4]])).is_err());
}

#[test]
fn sturm_counts_known_roots() {
    // (x - 1)^2 (x + 2) (x - 3) = x^4 - 3x^3 - 3x^2 + 11x - 6
    let p = Poly::from_i64(&[-6, 11, -3, -3, 1]);
    let cases = [
        ((-10, 10), 3),
        ((-2, 3), 3), // both ends are roots
        ((-2, -2), 1),
        ((1, 1), 1), // the double root alone
        ((0, 2), 1),
        ((2, 3), 1),
        ((-1, 0), 0),
        ((4, 100), 0),
        ((-2, 1), 2),
    ];
    for ((lo, hi), n) in cases {
        assert_eq!(p.count_roots_in(&z(lo), &z(hi)), Some(n), "[{lo}, {hi}]");
    }
    // x^2 + 1 has no real roots; x^2 - 2 has two, irrational
    assert_eq!(
        Poly::from_i64(&[1, 0, 1]).count_roots_in(&z(-100), &z(100)),
        Some(0)
    );
    assert_eq!(
        Poly::from_i64(&[-2, 0, 1]).count_roots_in(&z(-2), &z(2)),
        Some(2)
    );
    assert_eq!(
        Poly::from_i64(&[-2, 0, 1]).count_roots_in(&q(141, 100), &q(142, 100)),
        Some(1)
    );
    assert_eq!(Poly::from_i64(&[5]).count_roots_in(&z(0), &z(1)), Some(0));
    assert_eq!(Poly::new(vec![]).count_roots_in(&z(0), &z(1)), None);
    // a triple root at an end: x^3 on [0, 1]
    assert_eq!(
        Poly::from_i64(&[0, 0, 0, 1]).count_roots_in(&z(0), &z(1)),
        Some(1)
    );
}

#[test]
fn positivity_is_proven_or_located() {
    // 1 - t + t^2 > 0 everywhere
    let p = Poly::from_i64(&[1, -1, 1]);
    assert_eq!(
        p.prove_positive_on(&z(0), &z(1), &q(1, 1000)),
        Positivity::Positive
    );
    // (2t - 1)^2 vanishes at 1/2 (the D = 1, X1 = -X0 example of docs/mathematics.md)
    let s = Poly::from_i64(&[1, -4, 4]);
    match s.prove_positive_on(&z(0), &z(1), &q(1, 1000)) {
        Positivity::FailsIn { lo, hi } => {
            assert!(lo <= q(1, 2) && q(1, 2) <= hi);
            assert!(&hi - &lo <= q(1, 1000));
        }
        Positivity::Positive => panic!("(2t-1)^2 is not positive on [0,1]"),
    }
    // t^2 - 2 on [1, 2]: negative at 1
    assert_eq!(
        Poly::from_i64(&[-2, 0, 1]).prove_positive_on(&z(1), &z(2), &q(1, 10)),
        Positivity::FailsIn { lo: z(1), hi: z(1) }
    );
    // 2 - t^2 on [0, 2]: root sqrt 2 isolated to width 1/100
    match Poly::from_i64(&[2, 0, -1]).prove_positive_on(&z(0), &z(2), &q(1, 100)) {
        Positivity::FailsIn { lo, hi } => {
            assert!(&lo * &lo <= z(2) && z(2) <= &hi * &hi);
            assert!(&hi - &lo <= q(1, 100));
        }
        Positivity::Positive => panic!(),
    }
}

#[test]
fn polynomial_arithmetic() {
    let a = Poly::from_i64(&[1, 1]); // 1 + x
    let b = Poly::from_i64(&[-1, 1]); // x - 1
    assert_eq!(a.mul(&b), Poly::from_i64(&[-1, 0, 1]));
    let (quot, rem) = Poly::from_i64(&[-1, 0, 1]).div_rem(&b);
    assert_eq!((quot, rem), (a.clone(), Poly::default()));
    assert_eq!(a.eval(&q(1, 2)), q(3, 2));
    assert_eq!(
        Poly::from_i64(&[0, 0, 3]).derivative(),
        Poly::from_i64(&[0, 6])
    );
    assert_eq!(Poly::from_i64(&[1, -2, 1]).squarefree(), b);
    assert_eq!(Poly::from_i64(&[3, -1, 0, 2]).to_string(), "3 - x + 2 x^3");
    assert!(Poly::from_i64(&[0, 0]).is_zero());
    assert_eq!(a.sub(&a), Poly::default());
    assert_eq!(a.gcd(&b), Poly::constant(BigRational::one()));
}

#[test]
fn rank_modulo_a_prime() {
    assert!(PrimeField::new(MERSENNE_61).is_ok());
    assert!(PrimeField::new(91).is_err()); // 7 * 13
    assert!(PrimeField::new(2).is_err());
    assert!(PrimeField::new((1 << 61) + 1).is_err());
    let big = |rows: &[&[i64]]| -> Vec<Vec<BigInt>> {
        rows.iter()
            .map(|r| r.iter().map(|&x| BigInt::from(x)).collect())
            .collect()
    };
    let m = big(&[&[1, 2, 3], &[4, 5, 6], &[7, 8, 10]]); // det -3
    let f61 = PrimeField::new(MERSENNE_61).unwrap();
    assert_eq!(rank_mod_p_of_integers(&f61, &m), 3);
    assert_eq!(rank_mod_p_of_integers(&PrimeField::new(3).unwrap(), &m), 2);
    let singular = big(&[&[1, 2, 3], &[4, 5, 6], &[5, 7, 9]]);
    assert_eq!(rank_mod_p_of_integers(&f61, &singular), 2);
    // negative and huge entries reduce correctly: det [[2^70, 1], [-1, 0]] = 1
    let huge = vec![
        vec![BigInt::from(1) << 70, BigInt::from(1)],
        vec![BigInt::from(-1), BigInt::from(0)],
    ];
    assert_eq!(rank_mod_p_of_integers(&f61, &huge), 2);
}
