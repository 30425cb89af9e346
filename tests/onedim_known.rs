//! One-dimensional plans: validation errors that name the field, exact
//! values of the exact families, separation witnesses for Gaussian plans
//! with the same marginals and correlations -1/2, 0, 1/2, 1 (and for two
//! discrete plans), the common monotone map, the moment route.

mod common;

use ifm_check::input::Document;
use ifm_check::onedim::compare::{
    same_marginals, same_plan, separation_witness, transport_residual, Separation,
};
use ifm_check::onedim::moments::{mixed_moment, moment_at, recover_mixed_moments};
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
    // a common atom of both p_t with different exact fields: at t = 0 the
    // atoms are those of p0, and v_0(x) = E[X1 | X0 = x] - x differs
    match separation_witness(&swap, &stay, 64) {
        Some(Separation::Atoms {
            t,
            x,
            first,
            second,
        }) => {
            let at = |p: &OneDimPlan| p.atoms_at(&t).unwrap();
            let (a, b) = (at(&swap), at(&stay));
            let va = a
                .iter()
                .find(|u| u.x == x)
                .expect("an atom of the first p_t")
                .v
                .clone();
            let vb = b
                .iter()
                .find(|u| u.x == x)
                .expect("an atom of the second p_t")
                .v
                .clone();
            assert_eq!((va, vb), (first.clone(), second.clone()));
            assert_ne!(first, second);
        }
        other => panic!("expected a common atom, found {other:?}"),
    }
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
    // the recovered moments against values computed here, by hand: the
    // uniform plan U[0,1] x U[2,5] is independent, E U^k = (b^{k+1} -
    // a^{k+1}) / ((k+1)(b-a)); discrete-swap has atoms (0, 1), (1, 0)
    let uniform_moment =
        |a: i64, b: i64, k: u32| r(b.pow(k + 1) - a.pow(k + 1), i64::from(k + 1) * (b - a));
    for k in 1..=8u32 {
        let uniform = recover_mixed_moments(&file("uniform"), k);
        let swap = recover_mixed_moments(&file("discrete-swap"), k);
        for j in 0..=k {
            let i = k - j;
            assert_eq!(
                uniform.recovered[j as usize],
                uniform_moment(0, 1, i) * uniform_moment(2, 5, j),
                "uniform: mu_{i}{j}"
            );
            // E[X0^i X1^j] = (0^i 1^j + 1^i 0^j) / 2, with 0^0 = 1
            let pow = |x: i64, e: u32| if e == 0 { 1 } else { x.pow(e) };
            assert_eq!(
                swap.recovered[j as usize],
                r(pow(0, i) * pow(1, j) + pow(1, i) * pow(0, j), 2),
                "discrete-swap: mu_{i}{j}"
            );
        }
    }
    // Gaussian moments by hand: E[X0 X1] = c + m0 m1, E[X0^2 X1^2] = s00 s11 + 2 c^2 (centred)
    let g = OneDimPlan::Gaussian(
        GaussianComponent::new(r(0, 1), r(0, 1), r(1, 1), r(4, 1), r(1, 1)).unwrap(),
    );
    assert_eq!(mixed_moment(&g, 1, 1), r(1, 1));
    assert_eq!(mixed_moment(&g, 2, 2), r(6, 1));
    assert_eq!(moment_at(&g, &r(1, 2), 2), r(7, 4));
    // discrete: E exp(|X0| + |X1|) = e exactly; the enclosure holds it
    let m = ifm_check::onedim::exponential::exponential_moment_enclosure(
        &file("discrete-swap"),
        &r(1, 1),
        128,
        1,
    )
    .unwrap();
    assert!(m.gt_rational(&r(2718, 1000)).is_true() && m.lt_rational(&r(2719, 1000)).is_true());
    // the transport identity holds for the plan's own map and fails for another's
    let mix = file("mixture-3");
    let xs: Vec<Q> = (-4..=4).map(|i| r(i, 1)).collect();
    assert!(
        transport_residual(&mix, &mix, &r(1, 2), &xs, 128)
            .unwrap()
            .0
            .hi()
            < &1e-30
    );
    assert!(
        transport_residual(&mix, &file("gaussian-1d"), &r(1, 1), &xs, 128)
            .unwrap()
            .0
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

/// The symbolic flux certificate: it holds for every Gaussian component
/// (any correlation, including +-1) on [0, 1], and a field with a wrong
/// drift or a wrong `G_t` leaves terms that do not cancel; a component whose
/// `Sigma_t` vanishes inside the strip has no certificate there.
#[test]
fn flux_certificate_is_symbolic_and_can_fail() {
    use ifm_check::exact::Poly;
    use ifm_check::onedim::flux::{residual_terms, FluxCertificate};
    for (s00, s11, c) in [
        (r(1, 1), r(4, 1), r(1, 1)),
        (r(1, 2), r(3, 1), r(-1, 1)),
        (r(1, 1), r(1, 1), r(1, 1)),
        (r(2, 1), r(1, 2), r(-1, 1)),
    ] {
        let g = GaussianComponent::new(r(1, 3), r(-2, 1), s00, s11, c).unwrap();
        assert!(residual_terms(&g, &(&g.m1 - &g.m0), &g.g_poly()).is_empty());
        // a drift off by 1: the s^-1 term stays
        assert_eq!(
            residual_terms(&g, &(&g.m1 - &g.m0 + r(1, 1)), &g.g_poly()),
            vec![1]
        );
        // G_t off by t: the s^-3 term stays
        let wrong_g = g.g_poly().add(&Poly::x());
        assert_eq!(residual_terms(&g, &(&g.m1 - &g.m0), &wrong_g), vec![3]);
    }
    let mix = file("mixture-3");
    let cert = FluxCertificate::for_plan(&mix, &r(1, 20), &r(19, 20)).unwrap();
    assert!(cert.holds() && cert.components == 3, "{cert:?}");
    // X1 = -X0: Sigma_t = (1 - 2t)^2 vanishes at t = 1/2
    let collapse = OneDimPlan::Gaussian(
        GaussianComponent::new(r(0, 1), r(0, 1), r(1, 1), r(1, 1), r(-1, 1)).unwrap(),
    );
    let cert = FluxCertificate::for_plan(&collapse, &r(0, 1), &r(1, 1)).unwrap();
    assert!(!cert.holds());
    assert!(cert.failure().unwrap().contains("not positive"), "{cert:?}");
    assert!(FluxCertificate::for_plan(&collapse, &r(0, 1), &r(1, 3))
        .unwrap()
        .holds());
}

/// The flow identity d/dt Phi_t(x) = v_t(Phi_t(x)) at points, and its
/// failure with the field of another plan.
#[test]
fn flow_identity_at_points() {
    use ifm_check::onedim::flux::flow_residual_at;
    let mix = file("mixture-3");
    for (t, x) in [(r(0, 1), r(-2, 1)), (r(1, 3), r(1, 2)), (r(1, 1), r(3, 1))] {
        let res = flow_residual_at(&mix, &mix, &t, &x, 128).unwrap();
        assert!(res.contains_rational(&r(0, 1)), "{res}");
        assert!(res.mag() < 1e-25, "{res}");
    }
    let res = flow_residual_at(
        &file("gaussian-1d"),
        &file("corr-zero"),
        &r(1, 2),
        &r(1, 1),
        128,
    )
    .unwrap();
    assert!(res.abs().lo() > &1e-3, "{res}");
}

/// Enclosures over boxes [t0, t1] x [x0, x1] contain the values at points of
/// the box, shrink to point enclosures on a degenerate box, and refuse a box
/// where a component collapses.
#[test]
fn box_enclosures_contain_point_values() {
    use ifm_check::interval::Interval;
    let iv = |a: &Q, b: &Q| {
        let (lo, hi) = (
            Interval::from_rational(a, 128),
            Interval::from_rational(b, 128),
        );
        Interval::from_endpoints(lo.lo().clone(), hi.hi().clone()).unwrap()
    };
    for name in ["mixture-3", "gaussian-1d", "corr-one", "corr-minus-half"] {
        let plan = file(name);
        for (t0, t1, x0, x1) in [
            (r(1, 20), r(1, 10), r(-4, 1), r(-3, 1)),
            (r(1, 2), r(3, 5), r(0, 1), r(1, 4)),
            (r(9, 10), r(1, 1), r(2, 1), r(5, 2)),
        ] {
            let b = plan.values_on_box(&iv(&t0, &t1), &iv(&x0, &x1)).unwrap();
            for k in 0..=4 {
                let t = &t0 + (&t1 - &t0) * r(k, 4);
                let x = &x0 + (&x1 - &x0) * r(4 - k, 4);
                let pt = plan.values_at(&t, &x, 128).unwrap();
                for (boxed, point) in [(&b.p, &pt.p), (&b.f, &pt.f), (&b.v, &pt.v)] {
                    let (boxed, point) = (boxed.to_interval(128), point.to_interval(128));
                    assert!(
                        boxed.intersect(&point).is_some(),
                        "{name} at ({t}, {x}): {point} not in {boxed}"
                    );
                }
            }
        }
        // a degenerate box is a point
        let (t, x) = (r(1, 3), r(1, 2));
        let b = plan.values_on_box(&iv(&t, &t), &iv(&x, &x)).unwrap();
        assert!(b.f.to_interval(128).width() < 1e-30, "{name}");
    }
    let collapse = OneDimPlan::Gaussian(
        GaussianComponent::new(r(0, 1), r(0, 1), r(1, 1), r(1, 1), r(-1, 1)).unwrap(),
    );
    assert!(collapse
        .values_on_box(&iv(&r(1, 4), &r(3, 4)), &iv(&r(0, 1), &r(1, 1)))
        .is_err());
    assert!(file("uniform")
        .values_on_box(&iv(&r(1, 4), &r(3, 4)), &iv(&r(0, 1), &r(1, 1)))
        .is_err());
}

/// The per-point formulas of `m_t`, `Sigma_t`, `G_t` agree with the
/// polynomials that the symbolic flux certificate differentiates.
#[test]
fn point_formulas_agree_with_polynomials() {
    let g = GaussianComponent::new(r(1, 3), r(-2, 1), r(5, 2), r(3, 1), r(-7, 5)).unwrap();
    for k in 0..=12 {
        let t = r(k, 12);
        assert_eq!(g.mean_at(&t), g.mean_poly().eval(&t));
        assert_eq!(g.variance_at(&t), g.variance_poly().eval(&t));
        assert_eq!(g.g_at(&t), g.g_poly().eval(&t));
    }
}

/// Far between two components 10^5 apart, `F_0(x)` and `F_t(y)` agree with
/// 1/2 or 1 to hundreds of millions of digits and `p_t` lies below MPFR's
/// default exponent range; the flow map is still proven there, and agrees
/// with the near component's own map `m_t + (sigma_t / sigma_0)(x - m0)`,
/// from which the true value differs by less than `10^-190000000` (the far
/// component's share). Beyond the widened range, a clear error.
#[test]
fn flow_map_far_between_components() {
    let plan = parse(
        "kind = \"gaussian-mixture\"\n\
         [[component]]\nweight = \"1/2\"\nm0 = \"0\"\nm1 = \"0\"\ns00 = \"1\"\ns11 = \"1\"\nc = \"0\"\n\
         [[component]]\nweight = \"1/2\"\nm0 = \"100000\"\nm1 = \"100000\"\ns00 = \"1\"\ns11 = \"1\"\nc = \"0\"\n",
    )
    .unwrap();
    let half_sqrt2 = ifm_check::interval::Interval::from_rational(&r(1, 2), 256)
        .sqrt()
        .unwrap();
    // (t, x, the near component's map at 256 bits)
    let cases = [
        (r(1, 1), r(50_000, 1), None),
        (r(1, 1), r(30_000, 1), None),
        (r(1, 1), r(70_000, 1), None),
        (r(1, 2), r(30_000, 1), Some((r(0, 1), r(30_000, 1)))),
        (r(1, 2), r(-30_000, 1), Some((r(0, 1), r(-30_000, 1)))),
        (r(1, 2), r(70_000, 1), Some((r(100_000, 1), r(-30_000, 1)))),
    ];
    for (t, x, shrunk) in cases {
        let Value::Enclosure(phi) = transport(&plan, &t, &x, 128).unwrap() else {
            panic!("an enclosure")
        };
        // at t = 1 each component maps to itself: Phi_1 = id
        let expected = match shrunk {
            None => ifm_check::interval::Interval::from_rational(&x, 256),
            Some((m, d)) => {
                let m = ifm_check::interval::Interval::from_rational(&m, 256);
                m + ifm_check::interval::Interval::from_rational(&d, 256) * &half_sqrt2
            }
        };
        let gap = (phi.with_prec(256) - expected).mag();
        assert!(gap < 1e-30, "Phi_{t}({x}) = {phi}");
        assert!(phi.width() < 1e-30, "{phi}");
        let (res, _) = transport_residual(&plan, &plan, &t, std::slice::from_ref(&x), 128).unwrap();
        assert!(res.mag() < 1e-30, "{res}");
    }
    // p_{1/2}(50000) is about e^-(2.5e9), below even the widened range
    let err = transport(&plan, &r(1, 2), &r(50_000, 1), 128).unwrap_err();
    assert!(err.to_string().contains("too far in the tails"), "{err}");
}

/// Components of variances `1e300` and `1e-300` at one time, the other way
/// round at the other: the bracket of the root spans 150 orders of
/// magnitude more than the root's own scale, which bisection over values
/// at 64 or 256 bits cannot resolve; bisection over the ranks of floats
/// does, and the proven enclosure holds mpmath's root (60 digits, by
/// bisection on `F_t(y) = F_0(0)`).
#[test]
fn flow_map_between_components_of_wildly_different_scales() {
    let plan = parse(
        "kind = \"gaussian-mixture\"\n\
         component = [{ weight = \"1/2\", m0 = \"0\", m1 = \"0\", s00 = \"1e300\", s11 = \"1e-300\", c = \"0\" }, \
         { weight = \"1/2\", m0 = \"1\", m1 = \"1\", s00 = \"1e-300\", s11 = \"1e300\", c = \"0\" }]\n",
    )
    .unwrap();
    let Value::Enclosure(phi) = transport(&plan, &r(1, 3), &r(0, 1), 128).unwrap() else {
        panic!("an enclosure")
    };
    let reference = ifm_check::exact::parse_rational(
        "-3.07836104247492448153631843364167670115848855831375623280017e149",
    )
    .unwrap();
    let slack = ifm_check::exact::parse_rational("1e100").unwrap();
    let ball = ifm_check::interval::Interval::from_rational(&(&reference - &slack), 256).hull(
        &ifm_check::interval::Interval::from_rational(&(&reference + &slack), 256),
    );
    assert!(phi.intersect(&ball).is_some(), "{phi}");
    assert!(phi.width() < 1e115, "{phi}");
}
