//! The two-sided enclosure of `E exp(eps (|X0| + |X1|))`
//! (`ifm_check::onedim::exponential`) against independent reference values.
//!
//! The references come from `tests/reference/exponential_moment_values.py`
//! (mpmath at 60 digits, printed with 50): each Gaussian value by two routes
//! that share no code with the crate or with each other, a 1-D quadrature of
//! the closed-form conditional moment `E[e^{eps |X1|} | X0]` and the four
//! tilted quadrants with the orthant probability as a 1-D integral of
//! `phi(x) Phi((k - r x) / sqrt(1 - r^2))` (agreeing to 1e-60), checked again
//! by a plain 2-D quadrature (to 1e-15 or better); degenerate plans by 1-D
//! quadratures along `X0` and along `X1`; uniform plans by quadrature and by
//! their closed form; closed forms where they exist.
//!
//! Checked: containment of the reference at 128 and 256 bits, a relative
//! width below 1e-3 at 256 pieces (Gaussian families), a useful enclosure
//! (within [0.9, 1.5] times the value) already at 16 pieces, and, over random
//! Gaussian plans, that two efforts give overlapping, consistent enclosures.

use ifm_check::exact::parse_rational;
use ifm_check::interval::Interval;
use ifm_check::onedim::exponential::exponential_moment_enclosure;
use ifm_check::onedim::{Atom, GaussianComponent, OneDimPlan};
use num_rational::BigRational as Q;
use proptest::prelude::*;
use rug::Float;

fn r(n: i64, d: i64) -> Q {
    Q::new(n.into(), d.into())
}

fn z(n: i64) -> Q {
    r(n, 1)
}

fn gaussian(m0: Q, m1: Q, s00: Q, s11: Q, c: Q) -> GaussianComponent {
    GaussianComponent::new(m0, m1, s00, s11, c).expect("a valid component")
}

/// A named plan, its `eps`, and its reference value (50 significant digits).
struct Case {
    name: &'static str,
    plan: OneDimPlan,
    eps: Q,
    reference: &'static str,
    gaussian: bool,
}

fn corr_half() -> GaussianComponent {
    // rho = 1 / sqrt(1 * 4) = 1/2
    gaussian(r(1, 2), z(-1), z(1), z(4), z(1))
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "independent N(0,1) x N(0,1), eps = 1/100",
            // (2 e^{eps^2/2} Phi(eps))^2
            plan: OneDimPlan::Gaussian(gaussian(z(0), z(0), z(1), z(1), z(0))),
            eps: r(1, 100),
            reference: "1.0161226923025329203389308787026798395449469307808",
            gaussian: true,
        },
        Case {
            name: "correlated rho = 1/2, means (1/2, -1)",
            plan: OneDimPlan::Gaussian(corr_half()),
            eps: r(1, 2),
            reference: "5.3942288737820378363439817800052575325489660421648",
            gaussian: true,
        },
        Case {
            name: "correlated rho = -9/10, means (-1, 3/2)",
            // rho = (-9/5) / sqrt(4 * 1)
            plan: OneDimPlan::Gaussian(gaussian(z(-1), r(3, 2), z(4), z(1), r(-9, 5))),
            eps: r(1, 3),
            reference: "4.0779599477974097700539432787006511950738459332024",
            gaussian: true,
        },
        Case {
            name: "correlated rho = 9/10, means (2, -3), eps = 1",
            plan: OneDimPlan::Gaussian(gaussian(z(2), z(-3), z(1), z(1), r(9, 10))),
            eps: z(1),
            reference: "169.62996328771981338631236483218836762474711526853",
            gaussian: true,
        },
        Case {
            name: "large eps = 3, rho = -1/sqrt 2, means (1, -1/2)",
            plan: OneDimPlan::Gaussian(gaussian(z(1), r(-1, 2), z(1), z(2), z(-1))),
            eps: z(3),
            reference: "532113900873.41320927235664754014161680914616004818",
            gaussian: true,
        },
        Case {
            name: "degenerate, c = +sqrt(s00 s11): X1 = 2 X0 - 7/6",
            plan: OneDimPlan::Gaussian(gaussian(r(1, 3), r(-1, 2), z(1), z(4), z(2))),
            eps: r(1, 2),
            reference: "5.8312148311563033922517618930475911999370120761518",
            gaussian: true,
        },
        Case {
            name: "degenerate, c = -sqrt(s00 s11): X1 = -3/2 X0 + 5/2",
            plan: OneDimPlan::Gaussian(gaussian(z(1), z(1), z(4), z(9), z(-6))),
            eps: r(1, 4),
            reference: "4.0234106733075586260556461928884518197920243466603",
            gaussian: true,
        },
        Case {
            name: "mixture 1/3 (rho = 1/2) + 2/3 (rho = 1/2, means (2, -2))",
            plan: OneDimPlan::Mixture(vec![
                (r(1, 3), corr_half()),
                (r(2, 3), gaussian(z(2), z(-2), r(1, 2), r(1, 2), r(1, 4))),
            ]),
            eps: r(1, 2),
            reference: "7.0452333159538623148530842997416227526680947755939",
            gaussian: true,
        },
        Case {
            name: "uniform [0,1]^2, eps = 1/100",
            // ((e^{eps} - 1) / eps)^2
            plan: OneDimPlan::IndependentUniform {
                a0: z(0),
                b0: z(1),
                a1: z(0),
                b1: z(1),
            },
            eps: r(1, 100),
            reference: "1.0100585841969507581300667743136768878458814534055",
            gaussian: false,
        },
        Case {
            name: "uniform straddling 0: [-1, 2] x [-3/2, 1/2]",
            plan: OneDimPlan::IndependentUniform {
                a0: z(-1),
                b0: z(2),
                a1: r(-3, 2),
                b1: r(1, 2),
            },
            eps: r(1, 2),
            reference: "2.2108210284152725253450028599277351137315276011838",
            gaussian: false,
        },
        Case {
            name: "uniform one-sided: [1/2, 3] x [-4, -1], eps = 2",
            plan: OneDimPlan::IndependentUniform {
                a0: r(1, 2),
                b0: z(3),
                a1: z(-4),
                b1: z(-1),
            },
            eps: z(2),
            reference: "39718.010926236095104484137016954279416387202908566",
            gaussian: false,
        },
        Case {
            name: "discrete, three atoms",
            plan: OneDimPlan::Discrete(vec![
                Atom {
                    x0: z(0),
                    x1: z(1),
                    weight: r(1, 4),
                },
                Atom {
                    x0: z(-2),
                    x1: r(1, 2),
                    weight: r(1, 2),
                },
                Atom {
                    x0: r(3, 2),
                    x1: r(-5, 2),
                    weight: r(1, 4),
                },
            ]),
            eps: r(1, 2),
            reference: "4.0046158211386152815850425769334255875343901171967",
            gaussian: false,
        },
    ]
}

/// The reference as a ball of relative radius `10^-digits` (the printed
/// value is rounded to 50 digits).
fn reference_ball(reference: &str, digits: i32, prec: u32) -> Interval {
    let value = parse_rational(reference).expect("a decimal");
    let radius = &value * parse_rational(&format!("1e-{digits}")).expect("a decimal");
    Interval::from_rational(&(&value - &radius), prec)
        .hull(&Interval::from_rational(&(&value + &radius), prec))
}

fn relative_width(x: &Interval) -> f64 {
    let w = Float::with_val(x.prec(), x.width() / x.lo());
    w.to_f64()
}

#[test]
fn enclosures_contain_the_independent_references() {
    for case in cases() {
        for (prec, digits) in [(128u32, 36), (256, 48)] {
            let got = exponential_moment_enclosure(&case.plan, &case.eps, prec, 64)
                .unwrap_or_else(|e| panic!("{}: {e}", case.name));
            let ball = reference_ball(case.reference, digits, prec);
            assert!(
                got.intersect(&ball).is_some(),
                "{} at {prec} bits: {got} misses {}",
                case.name,
                case.reference
            );
            assert!(
                got.is_finite() && got.lo() <= got.hi(),
                "{}: {got}",
                case.name
            );
        }
    }
}

#[test]
fn exact_families_are_enclosed_to_the_working_precision() {
    for case in cases().into_iter().filter(|c| !c.gaussian) {
        let got = exponential_moment_enclosure(&case.plan, &case.eps, 128, 1).unwrap();
        assert!(relative_width(&got) < 1e-35, "{}: {got}", case.name);
        // and the reference's 50 digits are inside at 256 bits
        let fine = exponential_moment_enclosure(&case.plan, &case.eps, 256, 1).unwrap();
        let value = parse_rational(case.reference).unwrap();
        let value = Interval::from_rational(&value, 256);
        let ball = reference_ball(case.reference, 49, 256);
        assert!(relative_width(&fine) < 1e-70, "{}: {fine}", case.name);
        assert!(
            fine.intersect(&ball).is_some() && ball.contains(&fine),
            "{}: {fine} vs {value}",
            case.name
        );
    }
}

#[test]
fn gaussian_enclosures_are_tight_at_256_pieces() {
    for case in cases().into_iter().filter(|c| c.gaussian) {
        let got = exponential_moment_enclosure(&case.plan, &case.eps, 128, 256).unwrap();
        let width = relative_width(&got);
        assert!(
            width < 1e-3,
            "{}: relative width {width:e}, {got}",
            case.name
        );
    }
}

#[test]
fn gaussian_enclosures_are_useful_at_16_pieces() {
    for case in cases().into_iter().filter(|c| c.gaussian) {
        let got = exponential_moment_enclosure(&case.plan, &case.eps, 128, 16).unwrap();
        let value = parse_rational(case.reference).unwrap();
        let low = Interval::from_rational(&(&value * r(9, 10)), 128);
        let high = Interval::from_rational(&(&value * r(3, 2)), 128);
        assert!(
            got.lo() > low.hi(),
            "{}: {got} reaches below 0.9 x {value}",
            case.name
        );
        assert!(
            got.hi() < high.lo(),
            "{}: {got} reaches above 1.5 x {value}",
            case.name
        );
    }
}

#[test]
fn more_pieces_give_narrower_enclosures() {
    // the width of the quadrature falls like 1 / pieces
    for case in cases().into_iter().filter(|c| c.gaussian) {
        let w64 =
            relative_width(&exponential_moment_enclosure(&case.plan, &case.eps, 128, 64).unwrap());
        let w256 =
            relative_width(&exponential_moment_enclosure(&case.plan, &case.eps, 128, 256).unwrap());
        assert!(
            w256 <= w64 / 3.0 || w256 < 1e-30,
            "{}: {w64:e} -> {w256:e}",
            case.name
        );
    }
}

#[test]
fn the_old_upper_bound_is_no_smaller() {
    // the four-MGF bound of moments.rs is an upper bound: it must not fall
    // below the two-sided enclosure
    for case in cases() {
        let old = four_mgf_upper_bound(&case.plan, &case.eps, 128);
        let new = exponential_moment_enclosure(&case.plan, &case.eps, 128, 64).unwrap();
        assert!(old.hi() >= new.lo(), "{}: {old} vs {new}", case.name);
    }
}

/// Relative widths against pieces, and the time of one call: run with
/// `cargo test --release --test exponential_moment -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement, not a check"]
fn width_and_time_table() {
    for case in cases().into_iter().filter(|c| c.gaussian) {
        print!("{}:", case.name);
        for pieces in [8u32, 16, 32, 64, 128, 256, 512, 1024] {
            let got = exponential_moment_enclosure(&case.plan, &case.eps, 128, pieces).unwrap();
            print!(" {pieces}: {:.2e}", relative_width(&got));
        }
        let start = std::time::Instant::now();
        let runs = 20;
        for _ in 0..runs {
            exponential_moment_enclosure(&case.plan, &case.eps, 128, 256).unwrap();
        }
        println!(
            "  | {:.2} ms per call at 256 pieces, 128 bits",
            start.elapsed().as_secs_f64() * 1e3 / f64::from(runs)
        );
    }
}

/// A random valid Gaussian component with small-integer rational entries:
/// correlation `t min(s00, s11) / sqrt(s00 s11)`, `t` in `[-1, 1]` (so the
/// degenerate `|t| = 1, s00 = s11` occurs), or an exactly degenerate one.
fn component() -> impl Strategy<Value = GaussianComponent> {
    let q = |lo: i64, hi: i64, d: i64| (lo..=hi).prop_map(move |n| r(n, d));
    (
        q(-12, 12, 4),
        q(-12, 12, 4),
        q(1, 12, 4),
        q(1, 12, 4),
        q(-8, 8, 8),
        q(-6, 6, 2),
        any::<bool>(),
    )
        .prop_map(|(m0, m1, s00, s11, t, alpha, degenerate)| {
            if degenerate && alpha != z(0) {
                // X1 = alpha X0 + ...: s11 = alpha^2 s00, c = alpha s00
                let (s11, c) = (&alpha * &alpha * &s00, &alpha * &s00);
                return gaussian(m0, m1, s00, s11, c);
            }
            let smaller = std::cmp::min(s00.clone(), s11.clone());
            gaussian(m0, m1, s00, s11, t * smaller)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn two_efforts_give_consistent_enclosures(
        g in component(),
        eps in (1i64..=30).prop_map(|n| r(n, 10)),
    ) {
        let plan = OneDimPlan::Gaussian(g);
        let coarse = exponential_moment_enclosure(&plan, &eps, 128, 8).unwrap();
        let fine = exponential_moment_enclosure(&plan, &eps, 128, 256).unwrap();
        for x in [&coarse, &fine] {
            prop_assert!(x.is_finite() && x.lo() <= x.hi(), "{x}");
            // the integrand is at least 1, and so is the lower end (it is
            // clamped at max e^A >= 1)
            prop_assert!(*x.lo() >= 1, "{x}");
        }
        prop_assert!(coarse.intersect(&fine).is_some(), "{coarse} vs {fine}");
        let (wide, narrow) = if coarse.width() >= fine.width() {
            (&coarse, &fine)
        } else {
            (&fine, &coarse)
        };
        let mid = Interval::from_endpoints(narrow.mid(), narrow.mid()).unwrap();
        prop_assert!(wide.contains(&mid), "{wide} misses the midpoint of {narrow}");
        prop_assert!(relative_width(&fine) < 1e-2, "{fine}");
    }
}

#[test]
fn extreme_inputs_stay_sound_and_finite() {
    let big = |e: u32| Q::from_integer(num_bigint::BigInt::from(10).pow(e));
    let cases = [
        // |rho| within 1e-30 of 1, both signs
        (
            gaussian(r(1, 2), r(1, 3), z(1), z(1), z(1) - z(1) / big(30)),
            z(1),
        ),
        (
            gaussian(r(1, 2), r(1, 3), z(1), z(1), z(1) / big(30) - z(1)),
            z(1),
        ),
        // the largest eps, tilted means deep in the tails
        (gaussian(z(0), z(0), z(1), z(1), r(1, 2)), z(100)),
        (gaussian(z(1000), z(-1000), z(1), z(4), r(-19, 10)), z(100)),
        // tiny and huge variances
        (
            gaussian(z(1), z(-1), z(1) / big(40), z(1) / big(40), z(1) / big(41)),
            r(1, 2),
        ),
        (
            gaussian(z(0), z(0), big(6), big(6), -big(6) / z(3)),
            r(1, 1000),
        ),
    ];
    for (g, eps) in cases {
        let plan = OneDimPlan::Gaussian(g.clone());
        for (prec, pieces) in [(16u32, 1u32), (64, 8), (128, 256)] {
            let got = exponential_moment_enclosure(&plan, &eps, prec, pieces).unwrap();
            let old = four_mgf_upper_bound(&plan, &eps, prec);
            assert!(
                got.is_finite() && got.lo() <= got.hi() && *got.lo() >= 1,
                "{g:?}: {got}"
            );
            assert!(old.hi() >= got.lo(), "{g:?}: {old} vs {got}");
        }
    }
}

#[test]
fn a_nearly_degenerate_plan_is_close_to_the_degenerate_one() {
    // rho = 1 - 1e-30: X1 given X0 has standard deviation ~1.4e-15, so the
    // value is within ~1e-14 (relative) of that of the degenerate plan
    let tiny = Q::new(1.into(), num_bigint::BigInt::from(10).pow(30));
    for sign in [1i64, -1] {
        let near = gaussian(r(1, 2), r(1, 3), z(1), z(1), z(sign) * (z(1) - &tiny));
        let exact = gaussian(r(1, 2), r(1, 3), z(1), z(1), z(sign));
        let near =
            exponential_moment_enclosure(&OneDimPlan::Gaussian(near), &z(1), 128, 256).unwrap();
        let exact =
            exponential_moment_enclosure(&OneDimPlan::Gaussian(exact), &z(1), 128, 256).unwrap();
        let slack = Interval::from_rational(&r(1, 10_000_000_000), 128) * &exact;
        let widened = (&exact - &slack).hull(&(&exact + &slack));
        assert!(near.intersect(&widened).is_some(), "{near} vs {exact}");
        assert!(relative_width(&near) < 1e-3, "{near}");
    }
}

#[test]
fn random_plans_contain_their_references() {
    // tests/reference/exponential_moment_random.csv: 40 seeded random
    // Gaussian plans (8 degenerate, |rho| up to 0.92), each value by two
    // independent mpmath routes that agree to 1e-45, printed with 40 digits
    let table = include_str!("reference/exponential_moment_random.csv");
    let mut checked = 0;
    for line in table.lines().skip(1) {
        let fields: Vec<Q> = line
            .split(',')
            .map(|f| parse_rational(f).expect("a number"))
            .collect();
        let [m0, m1, s00, s11, c, eps, value] = <[Q; 7]>::try_from(fields).expect("7 fields");
        let plan = OneDimPlan::Gaussian(gaussian(m0, m1, s00, s11, c));
        let radius = &value * parse_rational("1e-38").unwrap();
        let ball = Interval::from_rational(&(&value - &radius), 128)
            .hull(&Interval::from_rational(&(&value + &radius), 128));
        for pieces in [4u32, 32, 256] {
            let got = exponential_moment_enclosure(&plan, &eps, 128, pieces).unwrap();
            assert!(
                got.intersect(&ball).is_some(),
                "{line} at {pieces} pieces: {got}"
            );
            if pieces == 256 {
                assert!(relative_width(&got) < 1e-3, "{line}: {got}");
            }
        }
        checked += 1;
    }
    assert_eq!(checked, 40);
}

/// The older, independent upper bound on `E exp(eps (|X0| + |X1|))`
/// (`e^{|a|+|b|}` bounded by the sum of the four `e^{+-a+-b}`, each a Gaussian
/// moment generating function): the two-sided enclosure must never reach
/// above it.
fn four_mgf_upper_bound(plan: &OneDimPlan, eps: &Q, prec: u32) -> Interval {
    let q = |n: i64| Q::from_integer(n.into());
    let e = |x: Q| Interval::from_rational(&x, prec).exp();
    let gaussian = |g: &GaussianComponent| {
        let mut acc = Interval::from_i64(0, prec);
        for s0 in [1i64, -1] {
            for s1 in [1i64, -1] {
                let mean = eps * (q(s0) * &g.m0 + q(s1) * &g.m1);
                let var = eps * eps * (&g.s00 + q(2 * s0 * s1) * &g.c + &g.s11) / q(2);
                acc = acc + e(mean + var);
            }
        }
        acc
    };
    match plan {
        OneDimPlan::Gaussian(g) => gaussian(g),
        OneDimPlan::Mixture(c) => c.iter().fold(Interval::from_i64(0, prec), |acc, (w, g)| {
            acc + Interval::from_rational(w, prec) * gaussian(g)
        }),
        OneDimPlan::Discrete(atoms) => atoms.iter().fold(Interval::from_i64(0, prec), |acc, a| {
            let abs = |x: &Q| {
                if *x < q(0) {
                    -x.clone()
                } else {
                    x.clone()
                }
            };
            acc + Interval::from_rational(&a.weight, prec) * e(eps * (abs(&a.x0) + abs(&a.x1)))
        }),
        OneDimPlan::IndependentUniform { a0, b0, a1, b1 } => {
            // E e^{eps |U|} <= E e^{eps U} + E e^{-eps U}, E e^{s U} = (e^{s b} - e^{s a}) / (s (b - a))
            let one_side = |a: &Q, b: &Q| {
                let mut acc = Interval::from_i64(0, prec);
                for s in [eps.clone(), -eps.clone()] {
                    let num = e(&s * b) - e(&s * a);
                    let den = Interval::from_rational(&(&s * (b - a)), prec);
                    acc = acc + num.checked_div(&den).expect("s (b - a) != 0");
                }
                acc
            };
            one_side(a0, b0) * one_side(a1, b1)
        }
    }
}
