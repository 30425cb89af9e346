//! Seeded property test over random rational Gaussian plans, 200 for each
//! D in 1..=6: plan -> field at two times -> plan is the identity, exactly
//! (and from one time with Sigma_t); the Lyapunov identity holds as a
//! polynomial identity and at the sampled times; the density-only witness
//! is valid (D >= 2) or c is recovered from the densities (D = 1).

mod common;

use ifm_check::exact::{QMatrix, SystemSolution};
use ifm_check::gaussian::witness::verify_density_pair;
use ifm_check::gaussian::{
    density_only_witness, DensityWitness, GaussianFieldData, GaussianPlan, Inversion,
};
use num_rational::BigRational;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

const PLANS_PER_DIMENSION: u32 = 200;

fn r(n: i64, d: i64) -> BigRational {
    BigRational::new(n.into(), d.into())
}

/// A random valid plan: joint covariance L L^T with L lower triangular,
/// positive diagonal, small rational entries (positive definite).
fn plan(d: usize) -> impl Strategy<Value = GaussianPlan> {
    let n = 2 * d;
    (
        proptest::collection::vec((-4i64..=4, 1i64..=3), n * n),
        proptest::collection::vec((1i64..=3, 1i64..=2), n),
        proptest::collection::vec((-5i64..=5, 1i64..=4), 2 * d),
    )
        .prop_map(move |(entries, diag, means)| {
            let mut l = QMatrix::zeros(n, n);
            for i in 0..n {
                for j in 0..i {
                    let (a, b) = entries[i * n + j];
                    l[(i, j)] = r(a, b);
                }
                l[(i, i)] = r(diag[i].0, diag[i].1);
            }
            let joint = l.mul(&l.transpose()).unwrap();
            let block = |r0: usize, c0: usize| {
                QMatrix::from_rows(
                    (0..d)
                        .map(|i| (0..d).map(|j| joint[(r0 + i, c0 + j)].clone()).collect())
                        .collect(),
                )
                .unwrap()
            };
            let m: Vec<BigRational> = means.iter().map(|&(a, b)| r(a, b)).collect();
            GaussianPlan::new(
                m[..d].to_vec(),
                m[d..].to_vec(),
                block(0, 0),
                block(d, d),
                block(0, d),
            )
            .unwrap()
        })
}

fn times() -> impl Strategy<Value = (BigRational, BigRational)> {
    let all = [
        r(1, 5),
        r(1, 3),
        r(1, 2),
        r(2, 3),
        r(3, 4),
        r(5, 7),
        r(1, 9),
    ];
    (0usize..7, 1usize..7).prop_map(move |(i, k)| (all[i].clone(), all[(i + k) % 7].clone()))
}

fn data(p: &GaussianPlan, ts: &[&BigRational], sigma: bool) -> GaussianFieldData {
    let ts: Vec<BigRational> = ts.iter().map(|t| (*t).clone()).collect();
    GaussianFieldData::of_plan(p, &ts, sigma)
        .expect("Sigma_t > 0 on (0, 1) for a positive definite joint covariance")
}

#[test]
fn random_plans_round_trip_exactly() {
    for d in 1..=6usize {
        let mut runner = TestRunner::new_with_rng(
            Config {
                cases: PLANS_PER_DIMENSION,
                failure_persistence: None,
                ..Config::default()
            },
            TestRng::from_seed(RngAlgorithm::ChaCha, &[d as u8; 32]),
        );
        let mut unique = 0u32;
        let counter = std::cell::Cell::new(0u32);
        runner
            .run(&(plan(d), times()), |(p, (t1, t2))| {
                // two times, field only
                match data(&p, &[&t1, &t2], false).invert().unwrap() {
                    Inversion::Unique(q) => {
                        prop_assert_eq!(&q, &p);
                        counter.set(counter.get() + 1);
                    }
                    Inversion::Underdetermined {
                        particular, basis, ..
                    } => {
                        // the true C must lie in the family
                        let diff = p.c().sub(&particular).unwrap();
                        let cols: Vec<Vec<BigRational>> = (0..d * d)
                            .map(|k| basis.iter().map(|b| b.entries()[k].clone()).collect())
                            .collect();
                        let system = QMatrix::from_rows(cols).unwrap();
                        let fits = !matches!(
                            system.solve_system(diff.entries()).unwrap(),
                            SystemSolution::Inconsistent { .. }
                        );
                        prop_assert!(fits, "the true C is outside the underdetermined family");
                    }
                }
                // one time with Sigma_t
                prop_assert_eq!(
                    data(&p, &[&t1], true).invert().unwrap(),
                    Inversion::Unique(p.clone())
                );
                // Lyapunov: polynomial identity, and at the sampled time
                prop_assert!(p.lyapunov_residual().is_zero());
                let f = p.field_at(&t1).unwrap();
                prop_assert!(p.lyapunov_residual_at(&t1, &f.a_t).unwrap().is_zero());
                // density-only witness
                match density_only_witness(&p) {
                    DensityWitness::Determined { c } => {
                        prop_assert_eq!(d, 1);
                        prop_assert_eq!(&c, &p.c()[(0, 0)]);
                    }
                    DensityWitness::Found { other, t, .. } => {
                        prop_assert!(d >= 2);
                        common::assert_density_pair(&p, &other, &t);
                        prop_assert_eq!(verify_density_pair(&p, &other), Ok(t));
                        prop_assert_eq!(other.symmetric_part(), p.symmetric_part());
                    }
                    DensityWitness::NotFound { .. } => {
                        prop_assert!(false, "a positive definite plan always has a witness")
                    }
                }
                Ok(())
            })
            .unwrap();
        unique += counter.get();
        assert!(
            unique >= PLANS_PER_DIMENSION * 95 / 100,
            "D = {d}: only {unique} of {PLANS_PER_DIMENSION} unique"
        );
    }
}
