//! Gaussian plans: hand-checked values in D = 1 and D = 2 for every object,
//! and the failures (singular Sigma_t, non-PSD joint covariance, inconsistent
//! samples, the underdetermined single time).

mod common;

use ifm_check::exact::{Poly, QMatrix};
use ifm_check::gaussian::flow::{flow_1d, same_map_different_fields};
use ifm_check::gaussian::straight::{
    deterministic_residual, optimal_plan, straight_path_residuals, straight_path_velocity_residual,
};
use ifm_check::gaussian::witness::verify_density_pair;
use ifm_check::gaussian::{
    density_only_witness, DensityWitness, FieldError, FieldSample, GaussianFieldData, GaussianPlan,
    Inversion, InversionError, WellPosedness,
};
use num_rational::BigRational;
use num_traits::Zero;

fn r(n: i64, d: i64) -> BigRational {
    BigRational::new(n.into(), d.into())
}

fn z(n: i64) -> BigRational {
    r(n, 1)
}

fn m(rows: &[&[i64]]) -> QMatrix {
    QMatrix::from_i64(rows)
}

fn plan_1d(m0: i64, m1: i64, s00: i64, s11: i64, c: i64) -> GaussianPlan {
    GaussianPlan::new(
        vec![z(m0)],
        vec![z(m1)],
        m(&[&[s00]]),
        m(&[&[s11]]),
        m(&[&[c]]),
    )
    .unwrap()
}

/// p0 = p1 = N(0, I_2), X1 = R X0 with R the rotation by +90 degrees.
fn rotation(sign: i64) -> GaussianPlan {
    // C = Cov(X0, R X0) = R^T; R = [[0, -s], [s, 0]]
    let c = m(&[&[0, sign], &[-sign, 0]]);
    GaussianPlan::new(
        vec![z(0); 2],
        vec![z(0); 2],
        QMatrix::identity(2),
        QMatrix::identity(2),
        c,
    )
    .unwrap()
}

fn samples_of(plan: &GaussianPlan, times: &[BigRational], with_sigma: bool) -> Vec<FieldSample> {
    GaussianFieldData::of_plan(plan, times, with_sigma)
        .unwrap()
        .samples()
        .to_vec()
}

fn data(plan: &GaussianPlan, samples: Vec<FieldSample>) -> GaussianFieldData {
    GaussianFieldData::new(
        plan.m0().to_vec(),
        plan.m1().to_vec(),
        plan.s00().clone(),
        plan.s11().clone(),
        samples,
    )
    .unwrap()
}

#[test]
fn one_dimensional_field_by_hand() {
    // m0 = 0, m1 = 2, s00 = 1, s11 = 4, c = 1:
    // Sigma_t = 1 + 3t^2, G_t = 3t, a_t = 3t / (1 + 3t^2)
    let p = plan_1d(0, 2, 1, 4, 1);
    assert_eq!(p.sigma_poly().entry(0, 0), &Poly::from_i64(&[1, 0, 3]));
    assert_eq!(p.g_poly().entry(0, 0), &Poly::from_i64(&[0, 3]));
    let f = p.field_at(&r(1, 2)).unwrap();
    assert_eq!(f.m_t, vec![z(1)]);
    assert_eq!(f.sigma_t, QMatrix::from_rows(vec![vec![r(7, 4)]]).unwrap());
    assert_eq!(f.a_t[(0, 0)], r(6, 7));
    assert_eq!(f.b_t, vec![r(8, 7)]);
    assert_eq!(f.velocity(&[z(1)]).unwrap(), vec![z(2)]);
    assert!(p.lyapunov_residual().is_zero());
    // ends: a_0 = 0 (E[X1|X0] - X0 = X0 + 2 - X0... = c/s00 x + 2 - x), a_1 = 3/4
    assert_eq!(p.field_at(&z(0)).unwrap().a_t[(0, 0)], z(0));
    assert_eq!(p.field_at(&z(1)).unwrap().a_t[(0, 0)], r(3, 4));
    assert!(matches!(
        p.field_at(&r(3, 2)),
        Err(FieldError::TimeOutOfRange(_))
    ));
    assert!(matches!(
        f.velocity(&[z(1), z(2)]),
        Err(FieldError::PointDimension { .. })
    ));
    // the joint covariance [[1, 1], [1, 4]] is positive definite
    assert_eq!(
        p.well_posedness(&r(1, 100)),
        WellPosedness::JointPositiveDefinite
    );
}

#[test]
fn rotation_fields_by_hand() {
    let plus = rotation(1);
    let minus = rotation(-1);
    let f = plus.field_at(&r(1, 2)).unwrap();
    // Sigma_{1/2} = I/2, G_{1/2} = R, A = 2R
    assert_eq!(f.sigma_t, QMatrix::identity(2).scale(&r(1, 2)));
    assert_eq!(f.a_t, m(&[&[0, -2], &[2, 0]]));
    assert_eq!(f.b_t, vec![z(0), z(0)]);
    assert_eq!(
        minus.field_at(&r(1, 2)).unwrap().a_t,
        m(&[&[0, 2], &[-2, 0]])
    );
    // same densities for every t, different fields
    assert_eq!(plus.sigma_poly(), minus.sigma_poly());
    assert_eq!(verify_density_pair(&plus, &minus), Ok(r(1, 2)));
    // at t = 1/3: Sigma = 5/9 I, G = R - I/3, A = (9/5)(R - I/3)
    let f = plus.field_at(&r(1, 3)).unwrap();
    assert_eq!(
        f.a_t,
        QMatrix::from_rows(vec![vec![r(-3, 5), r(-9, 5)], vec![r(9, 5), r(-3, 5)]]).unwrap()
    );
    assert!(plus.lyapunov_residual().is_zero());
    match plus.well_posedness(&r(1, 100)) {
        WellPosedness::WellPosed { minors } => {
            assert_eq!(minors[0], Poly::from_i64(&[1, -2, 2]));
            assert_eq!(
                minors[1],
                Poly::from_i64(&[1, -2, 2]).mul(&Poly::from_i64(&[1, -2, 2]))
            );
        }
        other => panic!("{other:?}"),
    }
    // the density-only witness of the rotation is the other rotation
    match density_only_witness(&plus) {
        DensityWitness::Found { other, t, .. } => {
            assert_eq!(other, minus);
            assert_eq!(t, r(1, 2));
        }
        other => panic!("{other:?}"),
    }
    // deterministic: E[X1 | X0] = R X0, no conditional variance
    let det = deterministic_residual(&plus).unwrap();
    assert_eq!(det.map, m(&[&[0, -1], &[1, 0]]));
    assert!(det.residual.is_zero());
}

#[test]
fn singular_sigma_is_reported() {
    // D = 1, X1 = -X0: Sigma_t = (1 - 2t)^2
    let p = plan_1d(0, 0, 1, 1, -1);
    match p.field_at(&r(1, 2)) {
        Err(e @ FieldError::SingularSigma { rank: 0, .. }) => {
            assert!(e.to_string().contains("singular at t = 1/2"), "{e}")
        }
        other => panic!("{other:?}"),
    }
    match p.well_posedness(&r(1, 1000)) {
        WellPosedness::FailsIn {
            minor,
            polynomial,
            lo,
            hi,
        } => {
            assert_eq!(minor, 1);
            assert_eq!(polynomial, Poly::from_i64(&[1, -4, 4]));
            assert!(lo <= r(1, 2) && r(1, 2) <= hi && &hi - &lo <= r(1, 1000));
        }
        other => panic!("{other:?}"),
    }
    // D = 2, a failure in the second minor only: X1 = diag(1, -1) X0
    let q = GaussianPlan::new(
        vec![z(0); 2],
        vec![z(0); 2],
        QMatrix::identity(2),
        QMatrix::identity(2),
        m(&[&[1, 0], &[0, -1]]),
    )
    .unwrap();
    assert!(matches!(
        q.well_posedness(&r(1, 10)),
        WellPosedness::FailsIn { minor: 2, .. }
    ));
}

#[test]
fn invalid_plans_name_the_field_and_pivot() {
    let e =
        GaussianPlan::new(vec![z(0)], vec![z(0)], m(&[&[1]]), m(&[&[1]]), m(&[&[2]])).unwrap_err();
    assert_eq!(e.field, "c");
    assert!(
        e.message.contains("not positive semidefinite") && e.message.contains("pivot 2"),
        "{e}"
    );
    let e = GaussianPlan::new(
        vec![z(0); 2],
        vec![z(0); 2],
        m(&[&[1, 1], &[0, 1]]),
        QMatrix::identity(2),
        QMatrix::zeros(2, 2),
    )
    .unwrap_err();
    assert_eq!(e.field, "s00");
    assert!(e.message.contains("not symmetric"), "{e}");
    let e = GaussianPlan::new(
        vec![z(0); 2],
        vec![z(0)],
        QMatrix::identity(2),
        QMatrix::identity(2),
        QMatrix::zeros(2, 2),
    )
    .unwrap_err();
    assert_eq!(e.field, "m1");
    let e = GaussianPlan::new(
        vec![],
        vec![],
        QMatrix::zeros(0, 0),
        QMatrix::zeros(0, 0),
        QMatrix::zeros(0, 0),
    )
    .unwrap_err();
    assert!(e.message.contains("dimension 0"));
    let e = GaussianPlan::new(
        vec![z(0); 2],
        vec![z(0); 2],
        QMatrix::identity(2),
        QMatrix::identity(3),
        QMatrix::zeros(2, 2),
    )
    .unwrap_err();
    assert_eq!(e.field, "s11");
    // a negative variance in S00 is caught by the joint test, at pivot 1
    let e =
        GaussianPlan::new(vec![z(0)], vec![z(0)], m(&[&[-1]]), m(&[&[1]]), m(&[&[0]])).unwrap_err();
    assert!(e.message.contains("pivot 1"), "{e}");
}

#[test]
fn inversion_recovers_and_refuses() {
    let p = plan_1d(0, 2, 1, 4, 1);
    // two times, no Sigma: unique
    let two = data(&p, samples_of(&p, &[r(1, 4), r(1, 2)], false));
    assert_eq!(two.invert().unwrap(), Inversion::Unique(p.clone()));
    // one time with Sigma: unique; one end point alone: unique
    assert_eq!(
        data(&p, samples_of(&p, &[r(2, 5)], true)).invert().unwrap(),
        Inversion::Unique(p.clone())
    );
    assert_eq!(
        data(&p, samples_of(&p, &[z(0)], false)).invert().unwrap(),
        Inversion::Unique(p.clone())
    );
    assert_eq!(
        data(&p, samples_of(&p, &[z(1)], false)).invert().unwrap(),
        Inversion::Unique(p.clone())
    );
    // the single time t* = sqrt(s00) / (sqrt(s00) + sqrt(s11)) = 1/3: underdetermined
    match data(&p, samples_of(&p, &[r(1, 3)], false))
        .invert()
        .unwrap()
    {
        Inversion::Underdetermined { basis, .. } => {
            // one free direction: every c fits the field at t*
            assert_eq!(basis.len(), 1);
            assert!(!basis[0][(0, 0)].is_zero());
        }
        other => panic!("{other:?}"),
    }
    // any other single time determines c
    assert_eq!(
        data(&p, samples_of(&p, &[r(1, 4)], false))
            .invert()
            .unwrap(),
        Inversion::Unique(p.clone())
    );

    // D = 2, S00 = S11 = I, symmetric C, t = 1/2: A = 0 for every symmetric C
    let sym = GaussianPlan::new(
        vec![z(0); 2],
        vec![z(0); 2],
        QMatrix::identity(2),
        QMatrix::identity(2),
        QMatrix::from_rows(vec![vec![r(1, 2), r(1, 4)], vec![r(1, 4), r(1, 3)]]).unwrap(),
    )
    .unwrap();
    let s = samples_of(&sym, &[r(1, 2)], false);
    assert!(s[0].a.is_zero());
    match data(&sym, s).invert().unwrap() {
        Inversion::Underdetermined { basis, .. } => assert_eq!(basis.len(), 3),
        other => panic!("{other:?}"),
    }

    // inconsistent samples: two plans with the same end laws
    let q = plan_1d(0, 2, 1, 4, -1);
    let mut mixed = samples_of(&p, &[r(1, 4)], false);
    mixed.extend(samples_of(&q, &[r(1, 2)], false));
    match data(&p, mixed).invert() {
        Err(InversionError::Inconsistent { sample: 1, .. }) => {}
        other => panic!("{other:?}"),
    }
    let mut mixed = samples_of(&p, &[r(1, 4)], true);
    mixed.extend(samples_of(&q, &[r(1, 2)], true));
    assert!(matches!(
        data(&p, mixed).invert(),
        Err(InversionError::Inconsistent { sample: 1, .. })
    ));
    // a wrong b
    let mut bad_b = samples_of(&p, &[r(1, 4)], false);
    bad_b[0].b[0] += z(1);
    let e = data(&p, bad_b).invert().unwrap_err();
    assert!(e.to_string().contains("b must be"), "{e}");

    // a field that only a non-PSD "plan" has: a_0 = 1 with s00 = s11 = 1 gives c = 2
    let one = plan_1d(0, 0, 1, 1, 0);
    let fake = vec![FieldSample {
        t: z(0),
        a: m(&[&[1]]),
        b: vec![z(0)],
        sigma: None,
    }];
    match data(&one, fake).invert() {
        Err(e @ InversionError::NotPositiveSemidefinite { .. }) => {
            assert!(e.to_string().contains("not positive semidefinite"), "{e}")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn field_data_is_validated() {
    let p = plan_1d(0, 2, 1, 4, 1);
    let mk = |samples: Vec<FieldSample>| {
        GaussianFieldData::new(
            p.m0().to_vec(),
            p.m1().to_vec(),
            p.s00().clone(),
            p.s11().clone(),
            samples,
        )
    };
    assert_eq!(mk(vec![]).unwrap_err().field, "sample");
    let mut s = samples_of(&p, &[r(1, 2)], false);
    s[0].t = r(5, 4);
    assert_eq!(mk(s).unwrap_err().field, "sample[0].t");
    let mut s = samples_of(&p, &[r(1, 2)], false);
    s[0].b = vec![];
    assert_eq!(mk(s).unwrap_err().field, "sample[0].b");
    let neg = GaussianFieldData::new(
        vec![z(0)],
        vec![z(0)],
        m(&[&[-1]]),
        m(&[&[1]]),
        samples_of(&p, &[r(1, 2)], false),
    );
    assert_eq!(neg.unwrap_err().field, "s00");
}

#[test]
fn density_witnesses() {
    // D = 1: p_t determines c
    assert_eq!(
        density_only_witness(&plan_1d(0, 2, 1, 4, 1)),
        DensityWitness::Determined { c: z(1) }
    );
    // D = 2, symmetric C (K = 0): a perturbation S + delta E is needed
    let sym = GaussianPlan::new(
        vec![z(0); 2],
        vec![z(1), z(0)],
        m(&[&[2, 0], &[0, 1]]),
        m(&[&[1, 0], &[0, 2]]),
        QMatrix::from_rows(vec![vec![r(1, 2), z(0)], vec![z(0), r(1, 2)]]).unwrap(),
    )
    .unwrap();
    match density_only_witness(&sym) {
        DensityWitness::Found {
            other,
            construction,
            t,
        } => {
            assert!(construction.contains("E_12"), "{construction}");
            assert_eq!(other.symmetric_part(), sym.symmetric_part());
            assert_ne!(other.c(), sym.c());
            common::assert_density_pair(&sym, &other, &t);
            assert_eq!(verify_density_pair(&sym, &other), Ok(t));
        }
        other => panic!("{other:?}"),
    }
    // a deterministic symmetric plan X1 = X0 admits no other plan with its densities
    let same = GaussianPlan::new(
        vec![z(0); 2],
        vec![z(0); 2],
        QMatrix::identity(2),
        QMatrix::identity(2),
        QMatrix::identity(2),
    )
    .unwrap();
    assert!(matches!(
        density_only_witness(&same),
        DensityWitness::NotFound { .. }
    ));
    // negative controls of the pair check
    let other_s = sym.with_cross_covariance(QMatrix::zeros(2, 2)).unwrap();
    assert!(verify_density_pair(&sym, &other_s).is_err());
    assert!(verify_density_pair(&sym, &sym).is_err());
}

#[test]
fn straight_paths_of_the_optimal_plan() {
    let s00 = m(&[&[2, 1], &[1, 1]]);
    let t_map = m(&[&[2, 1], &[1, 3]]);
    let p = optimal_plan(vec![z(1), z(0)], vec![z(0), z(2)], s00.clone(), &t_map).unwrap();
    let (rs, rg) = straight_path_residuals(&p, &t_map);
    assert!(rs.is_zero() && rg.is_zero());
    for t in [z(0), r(1, 3), r(1, 2), z(1)] {
        let res = straight_path_velocity_residual(&p, &t_map, &t, &[r(3, 7), z(-2)]).unwrap();
        assert!(res.iter().all(Zero::is_zero));
    }
    // a plan with the same marginals that is not optimal: not straight
    // (C/2 gives a valid plan: its joint covariance is the mean of the
    // optimal plan's and the independent plan's, both PSD)
    let o = p
        .with_cross_covariance(p.c().scale(&r(1, 2)))
        .expect("C/2 gives a valid plan");
    let (rs, rg) = straight_path_residuals(&o, &t_map);
    assert!(!(rs.is_zero() && rg.is_zero()));
    let independent = p.with_cross_covariance(QMatrix::zeros(2, 2)).unwrap();
    let res =
        straight_path_velocity_residual(&independent, &t_map, &r(1, 2), &[z(1), z(1)]).unwrap();
    assert!(res.iter().any(|x| !x.is_zero()));
    // T must be symmetric positive definite
    assert!(optimal_plan(
        vec![z(0); 2],
        vec![z(0); 2],
        s00.clone(),
        &m(&[&[1, 1], &[0, 1]])
    )
    .is_err());
    assert!(optimal_plan(vec![z(0); 2], vec![z(0); 2], s00, &m(&[&[1, 0], &[0, -1]])).is_err());
}

#[test]
fn deterministic_plan_lemma() {
    // X1 = 2 X0 + 1 in D = 1: residual 0, map 2, shift 1
    let p = plan_1d(0, 1, 1, 4, 2);
    let d = deterministic_residual(&p).unwrap();
    assert_eq!(d.map, m(&[&[2]]));
    assert_eq!(d.shift, vec![z(1)]);
    assert!(d.residual.is_zero());
    // not deterministic: c = 1 leaves Var(X1 | X0) = 4 - 1 = 3
    assert_eq!(
        deterministic_residual(&plan_1d(0, 1, 1, 4, 1))
            .unwrap()
            .residual,
        z(3)
    );
    // v_0 needs S00 positive definite
    let degenerate =
        GaussianPlan::new(vec![z(0)], vec![z(0)], m(&[&[0]]), m(&[&[1]]), m(&[&[0]])).unwrap();
    assert!(deterministic_residual(&degenerate).is_err());
}

#[test]
fn one_dimensional_flow_and_time_one_map() {
    // s00 = 1, s11 = 4, m0 = 0, m1 = 2: Phi_1(x) = 2 + 2x for every c
    let plans: Vec<GaussianPlan> = [-1, 0, 1, 2]
        .iter()
        .map(|&c| plan_1d(0, 2, 1, 4, c))
        .collect();
    for p in &plans {
        let phi = flow_1d(p, &z(1), &r(1, 3), 128).unwrap();
        assert!(phi.contains_rational(&r(8, 3)));
    }
    // Phi_t for c = 1: m_t + sqrt(1 + 3t^2) x; at t = 1/2, x = 2: 1 + sqrt(7)
    let phi = flow_1d(&plans[2], &r(1, 2), &z(2), 128).unwrap();
    assert_eq!(
        phi.gt_rational(&r(36457, 10000)),
        ifm_check::interval::Tri::True
    );
    assert_eq!(
        phi.lt_rational(&r(36458, 10000)),
        ifm_check::interval::Tri::True
    );
    // same map, different fields: a_{1/2} = 6/7 for c = 1; for c = 0,
    // Sigma_{1/2} = 5/4 and G_{1/2} = 3/2, so a_{1/2} = 6/5
    assert_eq!(
        same_map_different_fields(&plans[2], &plans[1], &r(1, 2)).unwrap(),
        Some((r(6, 7), r(6, 5)))
    );
    assert_eq!(
        same_map_different_fields(&plans[2], &plans[2], &r(1, 2)).unwrap(),
        None
    );
    // c = 2 is X1 = 2 X0: deterministic, Phi_t defined on [0, 1]
    assert!(flow_1d(&plans[3], &r(1, 2), &z(0), 64).is_ok());
    let minus = plan_1d(0, 0, 1, 1, -1);
    assert!(flow_1d(&minus, &r(1, 2), &z(1), 64)
        .unwrap()
        .contains_rational(&z(0)));
    assert!(flow_1d(&rotation(1), &r(1, 2), &z(0), 64).is_err());
}

#[test]
fn field_only_inversion_has_a_stated_dimension_limit() {
    let d = ifm_check::limits::MAX_FIELD_ONLY_DIMENSION + 1;
    let id = QMatrix::identity(d);
    let p = GaussianPlan::new(
        vec![z(0); d],
        vec![z(1); d],
        id.clone(),
        id.clone(),
        id.scale(&r(1, 2)),
    )
    .unwrap();
    let e = data(&p, samples_of(&p, &[r(1, 3), r(1, 2)], false))
        .invert()
        .unwrap_err();
    assert_eq!(e, InversionError::TooLarge { dim: d });
    assert!(e.to_string().contains("limited to D <= 32"), "{e}");
    // with Sigma_t, or at an end time, the same dimension is fine
    assert_eq!(
        data(&p, samples_of(&p, &[r(1, 3)], true)).invert().unwrap(),
        Inversion::Unique(p.clone())
    );
    assert_eq!(
        data(&p, samples_of(&p, &[z(0)], false)).invert().unwrap(),
        Inversion::Unique(p.clone())
    );
    // a positive definite joint covariance proves well-posedness at once
    assert_eq!(
        p.well_posedness(&r(1, 10)),
        WellPosedness::JointPositiveDefinite
    );
}

/// A D = 3 plan with unrelated denominators in every block, so that the
/// field-only system (9 unknowns) goes through p-adic lifting.
fn plan_3d(shift: i64) -> GaussianPlan {
    let q = |rows: [[(i64, i64); 3]; 3]| {
        QMatrix::from_rows(
            rows.iter()
                .map(|row| row.iter().map(|&(a, b)| r(a, b)).collect())
                .collect(),
        )
        .unwrap()
    };
    let s00 = q([
        [(4, 1), (1, 3), (-1, 7)],
        [(1, 3), (5, 2), (1, 5)],
        [(-1, 7), (1, 5), (3, 1)],
    ]);
    let s11 = q([
        [(7, 2), (-1, 9), (1, 4)],
        [(-1, 9), (4, 1), (2, 11)],
        [(1, 4), (2, 11), (5, 1)],
    ]);
    let c = q([
        [(1, 2), (shift, 13), (-1, 6)],
        [(2, 7), (-1, 3), (1, 8)],
        [(1, 10), (3, 17), (2, 5)],
    ]);
    GaussianPlan::new(
        vec![r(1, 3), z(-2), r(5, 4)],
        vec![z(0), r(7, 6), z(1)],
        s00,
        s11,
        c,
    )
    .unwrap()
}

#[test]
fn field_only_inversion_in_three_dimensions() {
    let p = plan_3d(1);
    let times = [r(1, 3), r(5, 7)];
    // the integer system holds exactly at the true C, one row per equation
    let field = data(&p, samples_of(&p, &times, false));
    let (system, rhs) = field.field_only_system();
    assert_eq!((system.rows(), system.cols()), (18, 9));
    assert_eq!(system.mul_vec(p.c().entries()).unwrap(), rhs);
    assert_eq!(field.invert().unwrap(), Inversion::Unique(p.clone()));

    // a third sample from another plan with the same end laws: named
    let q = plan_3d(-4);
    let mut mixed = samples_of(&p, &times, false);
    mixed.extend(samples_of(&q, &[r(1, 2)], false));
    match data(&p, mixed).invert() {
        Err(InversionError::Inconsistent { sample: 2, .. }) => {}
        other => panic!("{other:?}"),
    }
    // a wrong b is caught by the mean equation, with what b must be
    let mut bad_b = samples_of(&p, &times, false);
    bad_b[1].b[2] += r(1, 1000);
    match data(&p, bad_b).invert() {
        Err(e @ InversionError::Inconsistent { sample: 1, .. }) => {
            assert!(e.to_string().contains("b must be"), "{e}")
        }
        other => panic!("{other:?}"),
    }
}

/// A sample time whose denominator is the product of the solver's table
/// primes makes the field-only equations singular modulo each of them; the
/// primes chosen from the system still certify the solution by lifting
/// (it used to fall back to elimination: minutes at D = 8, hours at D = 32).
#[test]
fn a_time_aimed_at_the_table_primes_is_still_solved_by_lifting() {
    use ifm_check::exact::modular_solve::{solve_modular, ModularOutcome};
    use ifm_check::exact::IntegerEquation;
    let r = |n: i64, d: i64| BigRational::new(n.into(), d.into());
    let id = QMatrix::identity(3);
    let c = QMatrix::from_rows(vec![
        vec![r(1, 2), r(1, 7), r(0, 1)],
        vec![r(-1, 5), r(1, 3), r(1, 9)],
        vec![r(0, 1), r(1, 11), r(1, 4)],
    ])
    .unwrap();
    let plan = GaussianPlan::new(
        vec![r(0, 1); 3],
        vec![r(1, 1), r(0, 1), r(2, 1)],
        id.clone(),
        id.clone(),
        c,
    )
    .unwrap();
    let p: num_bigint::BigInt = [67_108_859u64, 67_108_837, 67_108_819]
        .iter()
        .map(|&p| num_bigint::BigInt::from(p))
        .product();
    let t = BigRational::new(1.into(), p);
    let data = GaussianFieldData::of_plan(&plan, std::slice::from_ref(&t), false).unwrap();
    let (m, rhs) = data.field_only_system();
    let equations: Vec<IntegerEquation> = m
        .to_rows()
        .iter()
        .zip(&rhs)
        .map(|(row, b)| {
            let den = row
                .iter()
                .chain([b])
                .fold(num_bigint::BigInt::from(1), |l, x| {
                    num_integer::Integer::lcm(&l, x.denom())
                });
            let ints: Vec<num_bigint::BigInt> =
                row.iter().map(|x| x.numer() * (&den / x.denom())).collect();
            IntegerEquation::from_dense(&ints, &(b.numer() * (&den / b.denom())))
        })
        .collect();
    assert!(matches!(
        solve_modular(&equations, 9),
        ModularOutcome::Solved(_)
    ));
    assert_eq!(data.invert().unwrap(), Inversion::Unique(plan));
}
