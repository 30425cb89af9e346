//! Property tests of the interval kernel (the inclusion principle).
//!
//! * Arithmetic: for random rationals, and for random points of random wide
//!   intervals, the exact rational result lies in the interval result.
//! * Decimal output: printed ends, read back exactly, still enclose.
//! * Special functions: two precisions overlap (FLINT's test), the tighter
//!   one is narrow, and a point's enclosure lies in a wide argument's.

use ifm_check::exact::parse_rational;
use ifm_check::interval::{Interval, Jet, Tri};
use num_rational::BigRational;
use num_traits::{Signed, Zero};
use proptest::prelude::*;
use rug::Float;

fn rational() -> impl Strategy<Value = BigRational> {
    prop_oneof![
        (-1000i64..=1000, 1i64..=1000).prop_map(|(n, d)| BigRational::new(n.into(), d.into())),
        (any::<i64>(), 1i64..=i64::MAX).prop_map(|(n, d)| BigRational::new(n.into(), d.into())),
        Just(BigRational::zero()),
    ]
}

fn precision() -> impl Strategy<Value = u32> {
    prop_oneof![
        Just(16u32),
        Just(53),
        Just(64),
        Just(113),
        Just(128),
        Just(300)
    ]
}

/// A wide interval `hull(a, b)` and a rational point `x` inside it.
fn wide_with_point() -> impl Strategy<Value = (BigRational, BigRational, BigRational)> {
    (rational(), rational(), 0i64..=16).prop_map(|(a, b, k)| {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let x = &lo + (&hi - &lo) * BigRational::new(k.into(), 16.into());
        (lo, hi, x)
    })
}

fn hull(lo: &BigRational, hi: &BigRational, prec: u32) -> Interval {
    Interval::from_rational(lo, prec).hull(&Interval::from_rational(hi, prec))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn construction_encloses(q in rational(), prec in precision()) {
        let i = Interval::from_rational(&q, prec);
        prop_assert!(i.contains_rational(&q));
        prop_assert!(i.is_point() || i.width() <= Float::with_val(prec, i.mag()) >> (prec as i32 - 1));
    }

    #[test]
    fn arithmetic_contains_exact_results(a in rational(), b in rational(), pa in precision(), pb in precision(), n in 0u32..8) {
        let (x, y) = (Interval::from_rational(&a, pa), Interval::from_rational(&b, pb));
        prop_assert!((&x + &y).contains_rational(&(&a + &b)));
        prop_assert!((&x - &y).contains_rational(&(&a - &b)));
        prop_assert!((&x * &y).contains_rational(&(&a * &b)));
        prop_assert!((-&x).contains_rational(&-&a));
        prop_assert!(x.sqr().contains_rational(&(&a * &a)));
        prop_assert!(x.pow_u(n).contains_rational(&num_traits::pow(a.clone(), n as usize)));
        prop_assert!(x.abs().contains_rational(&a.abs()));
        prop_assert!(x.mul_pow2(-3).contains_rational(&(&a / BigRational::from_integer(8.into()))));
        if b.is_zero() {
            prop_assert!(x.checked_div(&y).is_err());
        } else {
            prop_assert!(x.checked_div(&y).unwrap().contains_rational(&(&a / &b)));
        }
    }

    #[test]
    fn arithmetic_contains_every_point(
        (alo, ahi, a) in wide_with_point(), (blo, bhi, b) in wide_with_point(),
        prec in precision(), n in 0u32..6,
    ) {
        let (x, y) = (hull(&alo, &ahi, prec), hull(&blo, &bhi, prec));
        prop_assert!((&x + &y).contains_rational(&(&a + &b)));
        prop_assert!((&x - &y).contains_rational(&(&a - &b)));
        prop_assert!((&x * &y).contains_rational(&(&a * &b)));
        prop_assert!(x.sqr().contains_rational(&(&a * &a)));
        prop_assert!(x.pow_u(n).contains_rational(&num_traits::pow(a.clone(), n as usize)));
        prop_assert!(x.abs().contains_rational(&a.abs()));
        match x.checked_div(&y) {
            Ok(d) => prop_assert!(d.contains_rational(&(&a / &b))),
            Err(_) => prop_assert!(y.contains_zero()),
        }
    }

    #[test]
    fn comparisons_are_sound((alo, ahi, a) in wide_with_point(), (blo, bhi, b) in wide_with_point(), tol in rational()) {
        let (x, y) = (hull(&alo, &ahi, 64), hull(&blo, &bhi, 64));
        let check = |t: Tri, truth: bool| match t {
            Tri::True => truth,
            Tri::False => !truth,
            Tri::Unknown => true,
        };
        prop_assert!(check(x.lt(&y), a < b));
        prop_assert!(check(x.le(&y), a <= b));
        prop_assert!(check(x.gt(&y), a > b));
        prop_assert!(check(x.ge(&y), a >= b));
        prop_assert!(check(x.lt_rational(&b), a < b));
        prop_assert!(check(x.gt_rational(&b), a > b));
        prop_assert!(check(x.is_positive(), a.is_positive()));
        let tol = tol.abs();
        prop_assert!(check(x.abs_within(&tol), a.abs() <= tol));
        // and decided exactly when the ends decide it: an always-unknown
        // comparison would pass the containment checks above
        let (xl, xh) = x.to_rationals().unwrap();
        let (yl, yh) = y.to_rationals().unwrap();
        let tri = |yes: bool, no: bool| if yes { Tri::True } else if no { Tri::False } else { Tri::Unknown };
        let zero = BigRational::zero();
        prop_assert_eq!(x.lt(&y), tri(xh < yl, xl >= yh));
        prop_assert_eq!(x.le(&y), tri(xh <= yl, xl > yh));
        prop_assert_eq!(x.gt(&y), tri(xl > yh, xh <= yl));
        prop_assert_eq!(x.ge(&y), tri(xl >= yh, xh < yl));
        prop_assert_eq!(x.lt_rational(&b), tri(xh < b, xl >= b));
        prop_assert_eq!(x.gt_rational(&b), tri(xl > b, xh <= b));
        prop_assert_eq!(x.is_positive(), tri(xl > zero, xh <= zero));
        prop_assert_eq!(
            x.abs_within(&tol),
            tri(-&tol <= xl && xh <= tol, xl > tol || xh < -&tol)
        );
        if let Some(i) = x.intersect(&y) {
            prop_assert!(x.contains(&i) && y.contains(&i));
        } else {
            prop_assert!(x.is_disjoint_from(&y));
        }
        prop_assert!(x.hull(&y).contains(&x) && x.hull(&y).contains(&y));
        let m = x.mid_rational().unwrap();
        prop_assert!(x.contains_rational(&m));
    }

    #[test]
    fn printed_decimals_still_enclose(q in rational(), prec in precision(), digits in 2usize..40) {
        let x = Interval::from_rational(&q, prec).exp_ball();
        let (lo, hi) = x.to_decimal(digits);
        let (lo, hi) = (parse_rational(&lo).unwrap(), parse_rational(&hi).unwrap());
        let (xlo, xhi) = x.to_rationals().unwrap();
        prop_assert!(lo <= xlo && xhi <= hi, "{} printed as [{}, {}]", x, lo, hi);
        let back = Interval::from_rational(&lo, prec).hull(&Interval::from_rational(&hi, prec));
        prop_assert!(back.contains(&x));
    }
}

trait ExpBall {
    /// A nontrivial interval around a value: `q * [1 - 2^-20, 1 + 2^-20]`
    /// scaled to a wide range of magnitudes.
    fn exp_ball(&self) -> Interval;
}

impl ExpBall for Interval {
    fn exp_ball(&self) -> Interval {
        let p = self.prec();
        let spread = Interval::from_i64(1, p).hull(&Interval::from_rational(
            &BigRational::new(1_048_577.into(), 1_048_576.into()),
            p,
        ));
        let scale = Interval::from_i64(7, p).pow_u(40).recip().unwrap();
        &(self * &spread) * &scale
    }
}

/// A real function enclosed by the kernel, with its domain.
type Special = (
    &'static str,
    fn(&Interval) -> Interval,
    fn(&BigRational) -> bool,
);

fn specials() -> Vec<Special> {
    vec![
        (
            "exp",
            |x| x.exp(),
            |q| q.abs() < BigRational::from_integer(500.into()),
        ),
        ("ln", |x| x.ln().unwrap(), |q| q.is_positive()),
        ("sqrt", |x| x.sqrt().unwrap(), |q| !q.is_negative()),
        ("erf", |x| x.erf(), |_| true),
        (
            "erfc",
            |x| x.erfc(),
            |q| q < &BigRational::from_integer(100.into()),
        ),
        (
            "normal_pdf",
            |x| x.normal_pdf(),
            |q| q.abs() < BigRational::from_integer(30.into()),
        ),
        (
            "normal_cdf",
            |x| x.normal_cdf(),
            |q| q > &BigRational::from_integer((-30i64).into()),
        ),
        (
            "normal_sf",
            |x| x.normal_sf(),
            |q| q < &BigRational::from_integer(30.into()),
        ),
        (
            "inverse_normal_cdf",
            |x| x.inverse_normal_cdf().unwrap(),
            |q| q.is_positive() && q < &BigRational::from_integer(1.into()),
        ),
    ]
}

/// An independent value of a special function at `q`.
enum Reference {
    /// The value, to about 2^-590 relative.
    Value(Float),
    /// A test of an enclosure of the inverse normal CDF at `q`: the CDF at
    /// its two ends brackets `q`.
    Brackets(Box<dyn Fn(&Interval) -> bool>),
}

/// MPFR's own functions at 600 bits, rounded to nearest (an independent
/// reference: the kernel encloses erf and erfc by series of its own; these
/// small rational arguments are far from the ones that make MPFR abort):
/// `Phi(x) = erfc(-x / sqrt 2) / 2`, `phi(x) = e^(-x^2/2) / sqrt(2 pi)`.
fn independent(name: &str, q: &BigRational) -> Reference {
    let prec = 600;
    let x = Float::with_val(
        prec,
        rug::Rational::from((
            q.numer().to_string().parse::<rug::Integer>().unwrap(),
            q.denom().to_string().parse::<rug::Integer>().unwrap(),
        )),
    );
    let sqrt2 = Float::with_val(prec, 2).sqrt();
    let cdf = move |y: &Float| Float::with_val(prec, -y.clone() / &sqrt2).erfc() / 2u32;
    Reference::Value(match name {
        "exp" => x.exp(),
        "ln" => x.ln(),
        "sqrt" => x.sqrt(),
        "erf" => x.erf(),
        "erfc" => x.erfc(),
        "normal_pdf" => {
            let two_pi = Float::with_val(prec, rug::float::Constant::Pi) * 2u32;
            Float::with_val(prec, -x.clone().square() / 2u32).exp() / two_pi.sqrt()
        }
        "normal_cdf" => cdf(&x),
        "normal_sf" => cdf(&-x),
        _ => {
            return Reference::Brackets(Box::new(move |e: &Interval| {
                let (lo, hi) = (Float::with_val(prec, e.lo()), Float::with_val(prec, e.hi()));
                cdf(&lo) <= x && x <= cdf(&hi)
            }))
        }
    })
}

fn small_rational() -> impl Strategy<Value = BigRational> {
    (-40_000i64..=40_000, 1i64..=1000).prop_map(|(n, d)| BigRational::new(n.into(), d.into()))
}

fn probability() -> impl Strategy<Value = BigRational> {
    prop_oneof![
        (1i64..1_000_000).prop_map(|n| BigRational::new(n.into(), 1_000_000.into())),
        (1u32..200).prop_map(|k| BigRational::new(
            1.into(),
            num_traits::pow(num_bigint::BigInt::from(10), k as usize)
        )),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 150, ..ProptestConfig::default() })]

    #[test]
    fn special_functions_overlap_across_precisions(q in small_rational(), p in probability()) {
        for (name, f, domain) in specials() {
            let q = if name == "inverse_normal_cdf" { p.clone() } else { q.clone() };
            if !domain(&q) { continue; }
            let low = f(&Interval::from_rational(&q, 64));
            let high = f(&Interval::from_rational(&q, 256));
            prop_assert!(low.intersect(&high).is_some(), "{}({}): {} and {} are disjoint", name, q, low, high);
            // the 256-bit enclosure is narrow: 2^-240 relative (or absolute near 0)
            let scale = if high.mag() > 1u32 { high.mag() } else { Float::with_val(256, 1) };
            let mut scale = scale;
            if name == "inverse_normal_cdf" {
                // condition of the inverse: p / phi(x)
                let cond = Interval::from_rational(&q, 256).checked_div(&high.normal_pdf()).unwrap();
                scale = scale.max(cond.hi());
            }
            prop_assert!(high.width() <= Float::with_val(256, &scale) >> 240, "{}({}): {} too wide", name, q, high);
            // and it meets an independent value: MPFR's own functions at 600
            // bits, rounded to nearest (none of this crate's code paths), in a
            // ball of 2^-580 relative radius that holds the true value
            match independent(name, &q) {
                Reference::Value(v) => {
                    let r = Float::with_val(600, v.abs_ref()) >> 580u32;
                    let ball = Interval::from_endpoints(Float::with_val(600, &v - &r), Float::with_val(600, &v + &r)).unwrap();
                    prop_assert!(high.intersect(&ball).is_some(), "{}({}): {} misses the independent value {}", name, q, high, v);
                }
                Reference::Brackets(ok) => prop_assert!(ok(&high), "{}({}): {} does not bracket p", name, q, high),
            }
        }
    }

    #[test]
    fn monotone_functions_contain_every_point((lo, hi, x) in (small_rational(), small_rational(), 0i64..=8).prop_map(|(a, b, k)| {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let x = &lo + (&hi - &lo) * BigRational::new(k.into(), 8.into());
        (lo, hi, x)
    })) {
        for (name, f, domain) in specials() {
            if name == "inverse_normal_cdf" || !domain(&lo) || !domain(&hi) { continue; }
            let wide = f(&hull(&lo, &hi, 128));
            let point = f(&Interval::from_rational(&x, 256));
            prop_assert!(wide.intersect(&point).is_some(), "{}: {} misses f({}) = {}", name, wide, x, point);
            if ["exp", "ln", "sqrt", "erf", "erfc"].contains(&name) {
                // one correctly rounded MPFR call per end: strict containment
                prop_assert!(wide.contains(&point), "{}: {} does not contain f({}) = {}", name, wide, x, point);
            }
        }
    }

    #[test]
    fn narrow_intervals_contain_every_point(
        lo in (-3000i64..=3000).prop_map(|n| BigRational::new(n.into(), 1000.into())),
        width_exp in 1u32..60, k in 0i64..=8, prec in precision(),
    ) {
        // [lo, lo + 2^-width_exp]: the one-call paths of exp and erf
        let w = BigRational::new(1.into(), num_traits::pow(num_bigint::BigInt::from(2), width_exp as usize));
        let hi = &lo + &w;
        let x = &lo + &w * BigRational::new(k.into(), 8.into());
        let wide = hull(&lo, &hi, prec);
        for (name, f, domain) in specials() {
            if name == "inverse_normal_cdf" || !domain(&lo) || !domain(&hi) { continue; }
            let point = f(&Interval::from_rational(&x, prec + 64));
            let fw = f(&wide);
            prop_assert!(fw.intersect(&point).is_some(), "{}: {} misses f({}) = {}", name, fw, x, point);
            if ["exp", "ln", "sqrt", "erf", "erfc"].contains(&name) {
                prop_assert!(fw.contains(&point), "{}: {} does not contain f({}) = {}", name, fw, x, point);
            }
        }
    }

    #[test]
    fn jets_enclose_derivatives(q in small_rational()) {
        // d/dx Phi(x) = phi(x); d/dx exp(x^2/4) = x/2 exp(x^2/4); quotient rule on x/(1+x^2)
        if q.abs() > BigRational::from_integer(20.into()) { return Ok(()); }
        let x = Jet::variable(Interval::from_rational(&q, 128), 0, 1);
        let cdf = x.normal_cdf();
        prop_assert!(cdf.grad[0].intersect(&Interval::from_rational(&q, 128).normal_pdf()).is_some());
        let e = x.sqr().scale(&Interval::from_rational(&BigRational::new(1.into(), 4.into()), 128)).exp();
        let expected = (Interval::from_rational(&q, 128).sqr().mul_pow2(-2)).exp() * Interval::from_rational(&q, 128).mul_pow2(-1);
        prop_assert!(e.grad[0].intersect(&expected).is_some());
        let one = Jet::constant(Interval::from_i64(1, 128), 1);
        let r = x.checked_div(&one.add(&x.sqr())).unwrap();
        // (1 - x^2) / (1 + x^2)^2, exact
        let d = (BigRational::from_integer(1.into()) - &q * &q) / ((BigRational::from_integer(1.into()) + &q * &q) * (BigRational::from_integer(1.into()) + &q * &q));
        prop_assert!(r.grad[0].contains_rational(&d));
        prop_assert!(x.sub(&x).grad[0].contains_rational(&BigRational::zero()));
        prop_assert!(x.neg().mul(&x).grad[0].contains_rational(&(-BigRational::from_integer(2.into()) * &q)));
    }
}

/// `pdf` and `cdf` contain `phi(z)` and `Phi(z)` (their enclosures at 64
/// more bits lie inside) and are at most 64 times as wide as the direct
/// evaluations at `prec`, or 2^-(prec - 8) relative.
fn encloses_as_narrowly_as_direct(
    pdf: &Interval,
    cdf: &Interval,
    z: &BigRational,
    prec: u32,
) -> Result<(), TestCaseError> {
    let (truth, direct) = (
        Interval::from_rational(z, prec + 64),
        Interval::from_rational(z, prec),
    );
    for (near, truth, direct) in [
        (cdf, truth.normal_cdf(), direct.normal_cdf()),
        (pdf, truth.normal_pdf(), direct.normal_pdf()),
    ] {
        prop_assert!(
            near.contains(&truth.with_prec(prec)),
            "z = {z}: {near} vs {truth}"
        );
        let slack = Float::with_val(prec, direct.width()) * 64u32
            + Float::with_val(prec, direct.lo() >> (prec as i32 - 8));
        prop_assert!(
            near.width() <= slack,
            "width {} vs direct {}",
            near.width(),
            direct.width()
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// `Phi` and `phi` from their expansions about a point contain the
    /// values (the enclosures at 64 more bits lie inside) and are as narrow
    /// as the direct evaluations, up to a few ulps; outside the radius they
    /// decline. Precisions below 64 bits (no `f64` tail), at 64 and 128
    /// bits (a tail of a few steps) and at 512 and 1024 bits (a long tail,
    /// precisions falling limb by limb).
    #[test]
    fn normal_expansion_encloses_and_is_narrow(
        z0 in (-4000i64..=4000).prop_map(|k| BigRational::new(k.into(), 500.into())),
        offset in -255i64..=255,
        prec in prop_oneof![Just(40u32), Just(64), Just(128), Just(512), Just(1024)],
    ) {
        use ifm_check::interval::NormalExpansion;
        let center = Interval::from_rational(&z0, prec);
        // order 80 reaches 2^-1028 on a radius of 2^-12, not of 2^-8
        let radius_log2 = if prec > 512 { -12 } else { -8 };
        let e = NormalExpansion::new(center.lo(), radius_log2).expect("an expansion for |z0| <= 8");
        // z = z0 + offset 2^(radius_log2 - 8): within the radius of the rounded z0
        let z_exact = &z0 + BigRational::new(offset.into(), (1i64 << (8 - radius_log2)).into());
        let z = Interval::from_rational(&z_exact, prec);
        let (near_pdf, near_cdf) = e.pdf_and_cdf(&z).expect("z is within the radius");
        prop_assert_eq!(&near_cdf, &e.cdf(&z).unwrap());
        prop_assert_eq!(&near_pdf, &e.pdf(&z).unwrap());
        encloses_as_narrowly_as_direct(&near_pdf, &near_cdf, &z_exact, prec)?;
        // a low order on a wide radius: the remainders carry the error
        let low = NormalExpansion::with_order(center.lo(), -2, 3).unwrap();
        let z_wide = &z0 + BigRational::new((offset * 64).into(), 65536.into());
        let (pdf, cdf) = low.pdf_and_cdf(&Interval::from_rational(&z_wide, prec)).unwrap();
        let truth = Interval::from_rational(&z_wide, prec + 64);
        prop_assert!(cdf.contains(&truth.normal_cdf().with_prec(prec)));
        prop_assert!(pdf.contains(&truth.normal_pdf().with_prec(prec)));
        // well outside the radius: no answer, never a wrong one
        let far = Interval::from_rational(&(z0 + BigRational::new(1.into(), 64.into())), prec);
        prop_assert!(e.cdf(&far).is_none() && e.pdf(&far).is_none());
    }

    /// In the tails, where `phi` is far below the smallest `f64` and the
    /// `f64` tail of the sum runs on scaled coefficients: enclosures still,
    /// with the relative accuracy of the direct evaluation.
    #[test]
    fn normal_expansion_encloses_in_the_tails(
        z0 in (-400i64..=400).prop_filter("a tail", |k| k.abs() >= 100).prop_map(|k| BigRational::new(k.into(), 2.into())),
        offset in -255i64..=255,
        prec in prop_oneof![Just(64u32), Just(128), Just(512)],
    ) {
        use ifm_check::interval::NormalExpansion;
        let center = Interval::from_rational(&z0, prec);
        // |z0| r <= 1/8, as the walk keeps it
        let e = NormalExpansion::new(center.lo(), -12).expect("an expansion in the tail");
        let z_exact = &z0 + BigRational::new(offset.into(), (1i64 << 21).into());
        let z = Interval::from_rational(&z_exact, prec);
        let (pdf, cdf) = e.pdf_and_cdf(&z).expect("within the radius");
        encloses_as_narrowly_as_direct(&pdf, &cdf, &z_exact, prec)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    /// A walk gives enclosures of `phi` and `Phi` in any order of
    /// arguments: forward, backward, jumping, with repeats, at every
    /// precision.
    #[test]
    fn normal_walk_encloses_in_any_order(
        steps in proptest::collection::vec(-3000i64..=3000, 1..60),
        spacing in prop_oneof![Just(1i64), Just(16), Just(4096)],
        // at 2048 bits no radius reaches the accuracy: the walk goes direct
        prec in prop_oneof![Just(64u32), Just(128), Just(512), Just(2048)],
    ) {
        use ifm_check::interval::NormalWalk;
        let mut walk = NormalWalk::new();
        for k in steps {
            let z = BigRational::new((k * spacing).into(), 100_000.into());
            let (pdf, cdf) = walk.pdf_and_cdf(&Interval::from_rational(&z, prec));
            encloses_as_narrowly_as_direct(&pdf, &cdf, &z, prec)?;
        }
    }
}
