//! Interval kernel: known values, errors the caller must see, the Newton
//! proof and its failures, the precision driver.

use ifm_check::interval::newton::prove_root;
use ifm_check::interval::{escalate, Interval, IntervalError, PrecisionError, Tri};
use ifm_check::limits::MAX_PRECISION_BITS;
use num_rational::BigRational;
use rug::Float;

fn q(n: i64, d: i64) -> BigRational {
    BigRational::new(n.into(), d.into())
}

#[test]
fn partial_operations_report_errors() {
    let one = Interval::from_i64(1, 64);
    let around_zero = Interval::from_i64(-1, 64).hull(&one);
    assert!(matches!(
        one.checked_div(&around_zero),
        Err(IntervalError::DivisionByZero { .. })
    ));
    assert!(one.checked_div(&Interval::from_i64(0, 64)).is_err());
    assert!(matches!(
        around_zero.ln(),
        Err(IntervalError::Domain { function: "ln", .. })
    ));
    assert!(Interval::from_i64(0, 64).ln().is_err());
    assert!(Interval::from_i64(-1, 64).sqrt().is_err());
    assert!(Interval::from_i64(0, 64).sqrt().is_ok());
    for bad in [q(0, 1), q(1, 1), q(3, 2), q(-1, 2)] {
        assert!(
            Interval::from_rational(&bad, 64)
                .inverse_normal_cdf()
                .is_err(),
            "{bad}"
        );
    }
    // an interval of probabilities reaching 1 has no finite inverse
    let reaches_one = Interval::from_rational(&q(1, 2), 64).hull(&Interval::from_i64(1, 64));
    assert!(reaches_one.inverse_normal_cdf().is_err());
    let msg = one.checked_div(&around_zero).unwrap_err().to_string();
    assert!(msg.contains("contains 0"), "{msg}");
}

#[test]
fn known_values_are_enclosed() {
    let x = Interval::from_i64(0, 128);
    assert!(x.erf().contains_rational(&q(0, 1)) && x.erf().is_point());
    assert!(x.erfc().contains_rational(&q(1, 1)) && x.erfc().is_point());
    assert!(x.normal_cdf().contains_rational(&q(1, 2)));
    assert!(x.exp().is_point() && x.exp().contains_rational(&q(1, 1)));
    assert!(Interval::from_i64(1, 128)
        .ln()
        .unwrap()
        .contains_rational(&q(0, 1)));
    assert!(Interval::from_rational(&q(9, 4), 128)
        .sqrt()
        .unwrap()
        .is_point());
    // Phi(-x) + Phi(x) = 1, erf(x) + erfc(x) = 1
    let t = Interval::from_rational(&q(7, 3), 200);
    assert!((t.normal_cdf() + (-&t).normal_cdf()).contains_rational(&q(1, 1)));
    assert!((t.erf() + t.erfc()).contains_rational(&q(1, 1)));
    assert!((t.normal_sf() + t.normal_cdf()).contains_rational(&q(1, 1)));
    // pi is between 333/106 and 355/113
    let pi = Interval::pi(64);
    assert_eq!(pi.gt_rational(&q(333, 106)), Tri::True);
    assert_eq!(pi.lt_rational(&q(355, 113)), Tri::True);
    // Phi^{-1}(1/2) = 0 exactly
    let m = Interval::from_rational(&q(1, 2), 128)
        .inverse_normal_cdf()
        .unwrap();
    assert!(m.contains_rational(&q(0, 1)));
    assert!(m.width() < Float::with_val(64, 1) >> 120);
    // a tiny tail probability, far below f64's range
    let p = Interval::from_rational(&ifm_check::exact::parse_rational("1e-1000").unwrap(), 256);
    let x = p.inverse_normal_cdf().unwrap();
    assert!(x.normal_cdf().intersect(&p).is_some());
    assert!(x.hi() < &-67 && x.lo() > &-68);
}

#[test]
fn overflow_gives_a_sound_unbounded_enclosure() {
    let huge = Interval::from_rational(&ifm_check::exact::parse_rational("1e12").unwrap(), 64);
    let e = huge.exp();
    assert!(!e.is_finite());
    assert!(e.lo().is_finite() && e.hi().is_infinite());
    // inf * 0 would be NaN: the whole line is returned instead
    let z = &e * &Interval::from_i64(0, 64);
    assert!(z.lo().is_infinite() && z.hi().is_infinite());
    assert_eq!(z.abs_within(&q(1, 1)), Tri::Unknown);
}

#[test]
fn newton_proves_roots_and_refuses_fake_ones() {
    // x^2 - 2: the root sqrt(2) from a rough guess
    let f = |x: &Interval| Ok(x.sqr() - Interval::from_i64(2, x.prec()));
    let df = |x: &Interval| Ok(x.mul_pow2(1));
    let r = prove_root(f, df, &Float::with_val(53, 1.4), 256).unwrap();
    // the ends bracket the irrational root exactly: lo^2 < 2 < hi^2
    let (lo, hi) = r.to_rationals().unwrap();
    assert!(&lo * &lo < q(2, 1) && q(2, 1) < &hi * &hi, "{r}");
    assert!(r.width() < Float::with_val(64, 1) >> 240);
    assert_eq!(r.gt_rational(&q(141421, 100000)), Tri::True);
    assert_eq!(r.lt_rational(&q(141422, 100000)), Tri::True);
    // x^2 + 1 has no real root: no guess may pass the test
    let g = |x: &Interval| Ok(x.sqr() + Interval::from_i64(1, x.prec()));
    for guess in [0.0, 0.5, -3.0, 1e-9] {
        assert!(matches!(
            prove_root(g, df, &Float::with_val(53, guess), 128),
            Err(IntervalError::NoProvenRoot(_))
        ));
    }
    // a non-finite guess is refused
    let nan = Float::with_val(53, rug::float::Special::Nan);
    assert!(prove_root(f, df, &nan, 64).is_err());
}

#[test]
fn precision_driver_escalates_and_stops() {
    let target = Float::with_val(64, 1) >> 300;
    let r = escalate(
        64,
        4096,
        |b| Interval::from_i64(3, b).sqrt().unwrap(),
        |x| x.width() < target,
    )
    .unwrap();
    assert!(r.accepted);
    assert_eq!(r.bits, 512);
    let never = escalate(
        64,
        200,
        |b| Interval::from_i64(3, b).sqrt().unwrap(),
        |_| false,
    )
    .unwrap();
    assert!(!never.accepted);
    assert_eq!(never.bits, 200);
    assert!(matches!(
        escalate(0, 64, |b| b, |_| true),
        Err(PrecisionError::OutOfRange { .. })
    ));
    assert!(escalate(64, MAX_PRECISION_BITS + 1, |b| b, |_| true).is_err());
    assert!(escalate(256, 128, |b| b, |_| true).is_err());
}

#[test]
fn outward_decimal_printing() {
    let x = Interval::from_rational(&q(-2, 3), 128);
    assert_eq!(
        x.to_decimal(4),
        ("-0.6667".to_string(), "-0.6666".to_string())
    );
    let tiny = Interval::from_rational(&ifm_check::exact::parse_rational("1.5e-30").unwrap(), 128);
    let (lo, hi) = tiny.to_decimal(3);
    assert_eq!((lo.as_str(), hi.as_str()), ("1.49e-30", "1.51e-30"));
    let big = Interval::from_i64(123_456_789, 64);
    assert_eq!(
        big.to_decimal(3),
        ("123000000".to_string(), "124000000".to_string())
    );
    assert_eq!(
        Interval::from_i64(0, 64).to_decimal(5),
        ("0".to_string(), "0".to_string())
    );
    assert_eq!(
        Interval::entire(64).to_decimal(5),
        ("-inf".to_string(), "inf".to_string())
    );
}

/// Radii far outside what any argument needs give no expansion, never a
/// panic (exponent arithmetic on them would overflow).
#[test]
fn normal_expansion_refuses_extreme_radii() {
    use ifm_check::interval::NormalExpansion;
    let z0 = rug::Float::with_val(128, 0.75);
    for r in [
        i32::MIN,
        i32::MIN + 100,
        -(1 << 20) - 1,
        9,
        i32::MAX - 1,
        i32::MAX,
    ] {
        assert!(NormalExpansion::new(&z0, r).is_none(), "radius 2^{r}");
        assert!(
            NormalExpansion::with_order(&z0, r, 1).is_none(),
            "radius 2^{r}"
        );
    }
    assert!(NormalExpansion::with_order(&z0, 8, 1).is_some());
}
