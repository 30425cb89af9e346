//! The identifiability atlas (docs/mathematics.md section 4) against its closed forms,
//! the certificate logic, and the counterexample of section 5 with its
//! negative controls.

use ifm_check::atlas::block::Block;
use ifm_check::atlas::counterexample::Counterexample;
use ifm_check::atlas::polynomial::MPoly;
use ifm_check::atlas::{
    certify_degree, closed_form_density_only, closed_form_kernel, BlockCertificate,
    CertificateError,
};
use ifm_check::exact::MERSENNE_61;
use ifm_check::interval::Tri;
use num_bigint::BigInt;
use num_rational::BigRational;

fn r(n: i64, d: i64) -> BigRational {
    BigRational::new(n.into(), d.into())
}

#[test]
fn table_matches_closed_forms_and_math_md() {
    // the ranges of issue 5: D = 2 to k = 10, D = 3 to k = 8, D = 4 to k = 6
    for (dim, kmax) in [(1usize, 10u32), (2, 10), (3, 8), (4, 6)] {
        for k in 0..=kmax {
            let row = certify_degree(dim, k, || {});
            assert_eq!(
                row.unknowns as u64,
                ifm_check::atlas::table::unknowns(dim, k)
            );
            assert_eq!(
                row.kernel_dim as i64,
                closed_form_kernel(dim, k),
                "Ker D={dim} k={k}"
            );
            assert_eq!(
                row.density_only_kernel_dim as i64,
                closed_form_density_only(dim, k),
                "I(V) D={dim} k={k}"
            );
        }
    }
    // values quoted in docs/mathematics.md (k: kernel / density-only / unknowns)
    let row = certify_degree(2, 6, || {});
    assert_eq!(
        (row.kernel_dim, row.density_only_kernel_dim, row.unknowns),
        (10, 35, 84)
    );
    let row = certify_degree(3, 4, || {});
    assert_eq!(
        (row.kernel_dim, row.density_only_kernel_dim, row.unknowns),
        (6, 51, 126)
    );
    let row = certify_degree(4, 4, || {});
    assert_eq!(
        (row.kernel_dim, row.density_only_kernel_dim, row.unknowns),
        (20, 155, 330)
    );
    // D = 2: binom(k-1, 3) at k = 4..8
    for (k, expected) in [(4u32, 1usize), (5, 4), (6, 10), (7, 20), (8, 35)] {
        assert_eq!(certify_degree(2, k, || {}).kernel_dim, expected);
    }
    // D = 1: every kernel is 0 (the one-dimensional theorem, at the level of moments)
    assert!((0..=8).all(|k| certify_degree(1, k, || {}).kernel_dim == 0));
}

#[test]
fn closed_forms_match_math_md_values() {
    let quoted = [
        (2usize, 2u32, 0i64, 1i64),
        (2, 3, 0, 4),
        (2, 4, 1, 10),
        (2, 6, 10, 35),
        (2, 8, 35, 84),
        (3, 4, 6, 51),
        (3, 6, 91, 266),
        (3, 8, 441, 882),
        (3, 10, 1386, 2277),
        (4, 4, 20, 155),
        (4, 6, 428, 1128),
        (4, 8, 2745, 4950),
    ];
    for (d, k, ker, dens) in quoted {
        assert_eq!(
            (closed_form_kernel(d, k), closed_form_density_only(d, k)),
            (ker, dens),
            "D={d} k={k}"
        );
    }
}

/// The block of multidegree (2, 2) in D = 2, which holds q^2.
fn q_squared_block() -> (Block, Vec<Vec<i64>>) {
    let block = Block::new(&[2, 2]);
    let rows = block.all_rows();
    (block, rows)
}

#[test]
fn broken_certificates_are_rejected() {
    let (block, rows) = q_squared_block();
    let n = block.unknowns.len();
    let good = BlockCertificate::build(&rows, n, MERSENNE_61);
    assert_eq!(good.verify(&rows), Ok(1));
    // the kernel vector is q^2 = a1^2 b2^2 - 2 a1 a2 b1 b2 + a2^2 b1^2, up to sign
    let v = &good.kernel[0];
    let at = |a: [u32; 2], b: [u32; 2]| v[block.index_of(&a, &b).unwrap()].clone();
    assert_eq!(at([2, 0], [0, 2]), at([0, 2], [2, 0]));
    assert_eq!(at([1, 1], [1, 1]), BigInt::from(-2) * at([2, 0], [0, 2]));

    // one wrong coefficient
    let mut wrong = good.clone();
    wrong.kernel[0][0] += 1;
    assert!(matches!(
        wrong.verify(&rows),
        Err(CertificateError::NotInKernel(0))
    ));
    // a missing vector
    let mut missing = good.clone();
    missing.kernel.clear();
    missing.kernel_coordinates.clear();
    assert!(matches!(
        missing.verify(&rows),
        Err(CertificateError::BoundsDoNotMeet { .. })
    ));
    // a duplicated vector (claiming dim 2)
    let mut duplicated = good.clone();
    duplicated.kernel.push(duplicated.kernel[0].clone());
    let other = (0..n)
        .find(|c| !duplicated.kernel_coordinates.contains(c))
        .unwrap();
    duplicated.kernel_coordinates.push(other);
    duplicated.rank_rows.pop();
    duplicated.rank_cols.pop();
    assert!(matches!(
        duplicated.verify(&rows),
        Err(CertificateError::DependentKernel(_))
    ));
    // a rank claimed one too high
    let mut too_high = good.clone();
    too_high.kernel.clear();
    too_high.kernel_coordinates.clear();
    let extra_row = (0..rows.len())
        .find(|i| !too_high.rank_rows.contains(i))
        .unwrap();
    let extra_col = (0..n).find(|c| !too_high.rank_cols.contains(c)).unwrap();
    too_high.rank_rows.push(extra_row);
    too_high.rank_cols.push(extra_col);
    assert!(matches!(
        too_high.verify(&rows),
        Err(CertificateError::RankMinorVanishes(_))
    ));
}

#[test]
fn an_unlucky_prime_is_detected_and_replaced() {
    // [[1, 2], [3, 13]] has determinant 7: its rank modulo 7 is 1
    let rows = vec![vec![1i64, 2], vec![3, 13]];
    let cert = BlockCertificate::build(&rows, 2, 7);
    assert_ne!(cert.prime, 7);
    assert_eq!(cert.verify(&rows), Ok(0));
    // a certificate that keeps the unlucky prime does not verify
    let mut unlucky = cert.clone();
    unlucky.prime = 7;
    assert!(unlucky.verify(&rows).is_err());
    // a pivot divisible by the prime inside an atlas block: the field rows
    // of the (3, 3) block have entries divisible by 3
    let block = Block::new(&[3, 3]);
    let rows = block.all_rows();
    let cert = BlockCertificate::build(&rows, block.unknowns.len(), 3);
    assert_eq!(cert.verify(&rows), Ok(4));
}

#[test]
fn counterexample_of_math_md_is_certified() {
    let ce = Counterexample::paper_instance();
    let report = ce.certify(128).unwrap();
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    // h = (2 - |z|^2 + s^2) g, E[s^2] moves by 12 eps = 3
    let n = 4;
    let rho = (0..n).fold(MPoly::zero(n), |acc, i| {
        acc.add(&MPoly::var(n, i).mul(&MPoly::var(n, i)))
    });
    let s = ce.s();
    let expected = MPoly::constant(n, r(2, 1)).sub(&rho).add(&s.mul(&s));
    assert_eq!(report.density_factor, expected);
    assert_eq!(report.moment_difference, r(3, 1));
    // eps = 1/4 <= e^(3/2)/16: 16 e^(-3/2) / 4 = 0.8925... <= 1
    assert_eq!(report.positive, Tri::True);
    assert_eq!(
        report.positivity_ratio.gt_rational(&r(8925, 10000)),
        Tri::True
    );
    assert_eq!(
        report.positivity_ratio.lt_rational(&r(8926, 10000)),
        Tri::True
    );
    assert!(report.exponential_moment.is_some_and(|m| m.is_finite()));
}

#[test]
fn counterexample_negative_controls_are_refuted() {
    // eps above e^(3/2)/16 = 0.2801...: pi' is negative somewhere
    let mut ce = Counterexample::paper_instance();
    ce.eps = r(29, 100);
    let report = ce.certify(128).unwrap();
    assert_eq!(report.positive, Tri::False);
    let a1 = report.negative_point.expect("a certified negative point");
    // near sqrt(rho*) = sqrt(2 + 4) = sqrt 6
    assert!(a1 > r(244, 100) && a1 < r(245, 100));
    assert!(report.exponential_moment.is_none());
    // just below the bound: certified
    ce.eps = r(28, 100);
    assert_eq!(ce.certify(128).unwrap().positive, Tri::True);
    // h = Q g is visible to the field
    let mut once = Counterexample::paper_instance();
    once.power = 1;
    let report = once.certify(128).unwrap();
    assert!(
        report.failures.iter().any(|f| f.contains("visible")),
        "{:?}",
        report.failures
    );
}

#[test]
fn counterexample_in_three_dimensions_and_other_parameters() {
    let mut ce = Counterexample::paper_instance();
    ce.dim = 3;
    ce.moment_degree = 6;
    let report = ce.certify(128).unwrap();
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert_eq!(report.moment_difference, r(3, 1));
    // sigma^2 = 3, tau^2 = 1/2: E_g[s^2 H] scales as tau^-4 E[...]; still invisible
    let ce = Counterexample {
        sigma2: r(3, 1),
        tau2: r(1, 2),
        eps: r(1, 100),
        moment_degree: 6,
        ..Counterexample::paper_instance()
    };
    let report = ce.certify(128).unwrap();
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert_eq!(report.positive, Tri::True);
    // bad parameters
    let bad = Counterexample {
        tau2: r(2, 1),
        ..Counterexample::paper_instance()
    };
    assert!(bad.certify(64).is_err());
    let bad = Counterexample {
        dim: 1,
        ..Counterexample::paper_instance()
    };
    assert!(bad.certify(64).is_err());
}
