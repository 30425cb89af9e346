//! One-dimensional plans: validation errors that name the field, exact
//! values of the exact families, separation witnesses for Gaussian plans
//! with the same marginals and correlations -1/2, 0, 1/2, 1 (and for two
//! discrete plans), the common monotone map, the moment route.

mod common;

use ifm_check::input::Document;
use ifm_check::onedim::compare::{
    same_marginals, same_plan, separation_witness, transport_residual, Separation,
};
use ifm_check::onedim::moments::{
    exponential_moment_bound, mixed_moment, moment_at, recover_mixed_moments,
};
use ifm_check::onedim::transport::transport;
use ifm_check::onedim::{GaussianComponent, OneDimPlan, Value};
use num_rational::BigRational as Q;

fn r(n: i64, d: i64) -> Q {
    Q::new(n.into(), d.into())
}

fn parse(text: &str) -> Result<OneDimPlan, ifm_check::input::InputError> {
    let doc = Document::parse("plan.toml", text.to_string()).unwrap();
    OneDimPlan::from_table(&doc.root())
}

use common::onedim_plan_file as file;

#[test]
fn validation_errors_name_the_field() {
    let cases = [
        ("kind = \"gaussian\"\nm0 = 0\nm1 = 0\ns00 = 0\ns11 = 1\nc = 0\n", "s00", 4, "positive"),
        ("kind = \"gaussian\"\nm0 = 0\nm1 = 0\ns00 = 1\ns11 = -1\nc = 0\n", "s11", 5, "positive"),
        ("kind = \"gaussian\"\nm0 = 0\nm1 = 0\ns00 = 1\ns11 = 1\nc = \"11/10\"\n", "c", 6, "outside [-1, 1]"),
        ("kind = \"gaussian-mixture\"\n[[component]]\nweight = 0\nm0 = 0\nm1 = 0\ns00 = 1\ns11 = 1\nc = 0\n", "component[0].weight", 3, "positive"),
        ("kind = \"gaussian-mixture\"\n[[component]]\nweight = \"-1/2\"\nm0 = 0\nm1 = 0\ns00 = 1\ns11 = 1\nc = 0\n", "component[0].weight", 3, "positive"),
        ("kind = \"gaussian-mixture\"\n[[component]]\nweight = \"1/2\"\nm0 = 0\nm1 = 0\ns00 = 1\ns11 = 1\nc = 0\n", "component", 2, "sum to 1/2"),
        ("kind = \"discrete\"\natoms = [{ x0 = 0, x1 = 1, weight = \"1/3\" }]\n", "atoms", 2, "sum to 1/3"),
        ("kind = \"discrete\"\natoms = [{ x0 = 0, x1 = 1, weight = 1, colour = 2 }]\n", "atoms[0].colour", 2, "unknown key"),
        ("kind = \"independent-uniform\"\na0 = 1\nb0 = 1\na1 = 0\nb1 = 1\n", "b0", 3, "a0 < b0"),
        ("kind = \"independent-uniform\"\na0 = 0\nb0 = 1\na1 = 2\nb1 = \"nan\"\n", "b1", 5, "not an exact number"),
        ("kind = \"banana\"\n", "kind", 1, "unknown plan kind"),
    ];
    for (text, field, line, message) in cases {
        let e = parse(text).expect_err(text);
        assert_eq!(e.field.as_deref(), Some(field), "{e}");
        assert_eq!(e.line, Some(line), "{e}");
        assert!(e.message.contains(message), "{e}");
    }
    // the degenerate correlations +1 and -1 are valid plans
    assert!(parse("kind = \"gaussian\"\nm0 = 0\nm1 = 0\ns00 = 1\ns11 = 4\nc = 2\n").is_ok());
    assert!(parse("kind = \"gaussian\"\nm0 = 0\nm1 = 0\ns00 = 1\ns11 = 4\nc = -2\n").is_ok());
}

#[test]
fn exact_families_by_hand() {
    // two atoms that swap meet at t = 1/2 with mass 1 and mean field 0
    let swap = file("discrete-swap");
    let atoms = swap.atoms_at(&r(1, 2)).unwrap();
    assert_eq!(atoms.len(), 1);
    assert_eq!(
        (
            atoms[0].x.clone(),
            atoms[0].mass.clone(),
            atoms[0].v.clone()
        ),
        (r(1, 2), r(1, 1), r(0, 1))
    );
    let atoms = swap.atoms_at(&r(1, 4)).unwrap();
    assert_eq!(
        atoms
            .iter()
            .map(|a| (a.x.clone(), a.v.clone()))
            .collect::<Vec<_>>(),
        vec![(r(1, 4), r(1, 1)), (r(3, 4), r(-1, 1))]
    );
    // U[0,1] x U[2,5] at t = 1/2: support [1, 3], plateau 2/3 on [5/4, 7/4]... F(2) = 1/2, v(2) = 3
    let u = file("uniform");
    let v = u.values_at(&r(1, 2), &r(2, 1), 64).unwrap();
    match (v.p, v.f, v.v) {
        (Value::Exact(p), Value::Exact(f), Value::Exact(w)) => {
            assert_eq!((p, f, w), (r(2, 3), r(1, 2), r(3, 1)))
        }
        other => panic!("{other:?}"),
    }
    // at t = 0 the field is E[X1] - x
    match u.values_at(&r(0, 1), &r(1, 2), 64).unwrap().v {
        Value::Exact(w) => assert_eq!(w, r(3, 1)),
        other => panic!("{other:?}"),
    }
    // the monotone map of the uniform plan at t = 1/2 at x = 1/2 is the median 2, exactly
    match transport(&u, &r(1, 2), &r(1, 2), 64).unwrap() {
        Value::Exact(y) => assert_eq!(y, r(2, 1)),
        other => panic!("{other:?}"),
    }
    // a discrete plan's map is its exact quantile; below every atom it is undefined
    assert!(
        matches!(transport(&swap, &r(1, 1), &r(0, 1), 64).unwrap(), Value::Exact(y) if y == r(0, 1))
    );
    assert!(transport(&swap, &r(1, 1), &r(-1, 1), 64).is_err());
    // a collapsing Gaussian (X1 = -X0) has an atom at t = 1/2
    let collapse =
        parse("kind = \"gaussian\"\nm0 = 0\nm1 = 0\ns00 = 1\ns11 = 1\nc = -1\n").unwrap();
    assert!(collapse.values_at(&r(1, 2), &r(0, 1), 64).is_err());
    assert!(collapse.values_at(&r(1, 3), &r(0, 1), 64).is_ok());
}

#[test]
fn separation_witnesses_for_every_pair_of_correlations() {
    let plans: Vec<OneDimPlan> = ["corr-minus-half", "corr-zero", "gaussian-1d", "corr-one"]
        .iter()
        .map(|n| file(n))
        .collect();
    for i in 0..plans.len() {
        for j in 0..plans.len() {
            assert!(same_marginals(&plans[i], &plans[j]));
            let w = separation_witness(&plans[i], &plans[j], 128);
            if i == j {
                assert!(w.is_none(), "a plan is never separated from itself");
                assert!(same_plan(&plans[i], &plans[j]));
                continue;
            }
            match w {
                Some(Separation::Fields { first, second, .. }) => {
                    assert!(first.is_disjoint_from(&second))
                }
                other => panic!("{i} vs {j}: {other:?}"),
            }
            // and the monotone maps agree: Phi_1(x) = 2 + 2x for every correlation
            for x in [r(-3, 2), r(0, 1), r(7, 3)] {
                let a = transport(&plans[i], &r(1, 1), &x, 128)
                    .unwrap()
                    .to_interval(128);
                let b = transport(&plans[j], &r(1, 1), &x, 128)
                    .unwrap()
                    .to_interval(128);
                assert!(a.intersect(&b).is_some());
                assert!(a.contains_rational(&(r(2, 1) + r(2, 1) * &x)));
            }
        }
    }
    let (swap, stay) = (file("discrete-swap"), file("discrete-stay"));
    assert!(same_marginals(&swap, &stay) && !same_plan(&swap, &stay));
    assert!(matches!(
        separation_witness(&swap, &stay, 64),
        Some(Separation::Densities { .. })
    ));
    assert!(!same_marginals(&file("gaussian-1d"), &file("mixture-3")));
}

#[test]
fn moment_route_and_exponential_moments() {
    for name in ["discrete-swap", "mixture-3", "uniform", "gaussian-1d"] {
        let p = file(name);
        for k in 1..=8u32 {
            let rec = recover_mixed_moments(&p, k);
            assert_eq!(
                rec.det.0, rec.det.1,
                "{name}: the determinant formula at k = {k}"
            );
            for (j, value) in rec.recovered.iter().enumerate() {
                assert_eq!(
                    value,
                    &mixed_moment(&p, k - j as u32, j as u32),
                    "{name}: mu at k = {k}, j = {j}"
                );
            }
        }
    }
    // Gaussian moments by hand: E[X0 X1] = c + m0 m1, E[X0^2 X1^2] = s00 s11 + 2 c^2 (centred)
    let g = OneDimPlan::Gaussian(
        GaussianComponent::new(r(0, 1), r(0, 1), r(1, 1), r(4, 1), r(1, 1)).unwrap(),
    );
    assert_eq!(mixed_moment(&g, 1, 1), r(1, 1));
    assert_eq!(mixed_moment(&g, 2, 2), r(6, 1));
    assert_eq!(moment_at(&g, &r(1, 2), 2), r(7, 4));
    // discrete: E exp(|X0| + |X1|) = e exactly; the bound encloses it
    let m = exponential_moment_bound(&file("discrete-swap"), &r(1, 1), 128);
    assert!(m.gt_rational(&r(2718, 1000)).is_true() && m.lt_rational(&r(2719, 1000)).is_true());
    // the transport identity holds for the plan's own map and fails for another's
    let mix = file("mixture-3");
    let xs: Vec<Q> = (-4..=4).map(|i| r(i, 1)).collect();
    assert!(
        transport_residual(&mix, &mix, &r(1, 2), &xs, 128)
            .unwrap()
            .hi()
            < &1e-30
    );
    assert!(
        transport_residual(&mix, &file("gaussian-1d"), &r(1, 1), &xs, 128)
            .unwrap()
            .lo()
            > &1e-3
    );
}

#[test]
fn flux_identity_at_points() {
    use ifm_check::onedim::flux::flux_residual_at;
    let mix = file("mixture-3");
    for (t, x) in [
        (r(1, 20), r(-4, 1)),
        (r(1, 2), r(0, 1)),
        (r(19, 20), r(4, 1)),
        (r(1, 3), r(7, 5)),
    ] {
        let res = flux_residual_at(&mix, &mix, &t, &x, 128).unwrap();
        assert!(res.contains_rational(&r(0, 1)), "{res}");
        assert!(res.mag() < 1e-30, "{res}");
    }
    // the field of another plan with the same marginals breaks the identity
    // (at x = m_t = 1 both fields equal m1 - m0 = 2; at x = 3 they differ)
    let res = flux_residual_at(
        &file("gaussian-1d"),
        &file("corr-zero"),
        &r(1, 2),
        &r(3, 1),
        128,
    )
    .unwrap();
    assert!(res.abs().lo() > &1e-3);
    // only the Gaussian families
    assert!(flux_residual_at(&file("uniform"), &file("uniform"), &r(1, 2), &r(2, 1), 64).is_err());
}

/// A grid evaluated with `Phi` expansions carried from point to point
/// agrees with the point-by-point evaluation: the enclosures meet, and the
/// grid's are as narrow, up to a few ulps, at 128 and 512 bits.
#[test]
fn grid_values_agree_with_point_values() {
    let plan = file("mixture-3");
    let xs = ifm_check::input::cli_values::grid("--x", "-6:6:1201").unwrap();
    for (t, prec) in [(r(1, 3), 128u32), (r(9, 10), 512)] {
        let grid = plan.values_at_many(&t, &xs, prec).unwrap();
        for (x, g) in xs.iter().zip(&grid) {
            let point = plan.values_at(&t, x, prec).unwrap();
            for (a, b) in [(&g.p, &point.p), (&g.f, &point.f), (&g.v, &point.v)] {
                let (a, b) = (a.to_interval(prec), b.to_interval(prec));
                assert!(a.intersect(&b).is_some(), "x = {x}: {a} vs {b}");
                let slack = b.width() * 64u32 + (b.mag() >> (prec as i32 - 8));
                assert!(
                    a.width() <= slack,
                    "x = {x}: width {} vs {}",
                    a.width(),
                    b.width()
                );
            }
        }
    }
}
