//! No argument aborts the process: MPFR 4.2.2's `erf` (and `erfc`, which
//! calls it) abort when a partial sum of their series cancels to exactly
//! zero, as for `sqrt(3)` rounded to 1,021 to 1,029 bits (`TESTING.md`).
//! The kernel and the verifier enclose both functions by series of their
//! own; these tests run the arguments that abort MPFR, and their
//! neighbours, against mpmath's values
//! (`tests/reference/never_abort_values.py`).

use ifm_check::interval::Interval;
use ifm_check::onedim::{OneDimPlan, Value};
use ifm_verify::interval::Iv;
use num_rational::BigRational as Q;
use rug::ops::Pow;
use rug::{Float, Integer, Rational};

mod common;

/// A row of the reference table.
struct Reference {
    function: String,
    bits: u32,
    argument: Rational,
    digits: u32,
    value: Rational,
}

fn table() -> Vec<Reference> {
    include_str!("reference/never_abort_values.csv")
        .lines()
        .skip(1)
        .map(|line| {
            let f: Vec<&str> = line.split(',').collect();
            let mantissa: Integer = f[2].parse().unwrap();
            let exponent: i32 = f[3].parse().unwrap();
            let argument = if exponent >= 0 {
                Rational::from(mantissa << exponent as u32)
            } else {
                Rational::from((mantissa, Integer::from(1) << (-exponent) as u32))
            };
            Reference {
                function: f[0].to_string(),
                bits: f[1].parse().unwrap(),
                argument,
                digits: f[4].parse().unwrap(),
                // parsed within 2^-64 of a unit in the last printed digit
                value: Float::parse(f[5])
                    .map(|v| Float::with_val(f[5].len() as u32 * 4 + 64, v))
                    .unwrap()
                    .to_rational()
                    .unwrap(),
            }
        })
        .collect()
}

fn value_of(name: &str) -> Reference {
    table().into_iter().find(|r| r.function == name).unwrap()
}

/// The reference ball: the printed value, within one unit of its last
/// significant digit relative.
fn ball(r: &Reference) -> (Rational, Rational) {
    let radius = r.value.clone().abs() / Rational::from(Integer::from(10).pow(r.digits - 1));
    (
        Rational::from(&r.value - &radius),
        Rational::from(&r.value + &radius),
    )
}

/// `[lo, hi]` meets the reference ball, and is narrow: at most
/// `2^-(bits - slack)` relative to the value.
fn check(what: &str, lo: &Float, hi: &Float, r: &Reference, bits: u32, slack: u32) {
    let (ball_lo, ball_hi) = ball(r);
    let (lo, hi) = (lo.to_rational().unwrap(), hi.to_rational().unwrap());
    assert!(
        lo <= ball_hi && ball_lo <= hi,
        "{what} at {bits} bits misses the reference"
    );
    let width = Rational::from(&hi - &lo);
    let bound: Rational = r.value.clone().abs() >> (bits - slack);
    assert!(
        width <= bound,
        "{what} at {bits} bits: width above 2^-(bits-{slack}) relative"
    );
}

fn big(q: &Rational) -> Q {
    ifm_check::exact::convert::rational_to_bigrational(q)
}

/// A wider enclosure meets the reference ball.
fn check_meets(what: &str, e: &Interval, r: &Reference) {
    let (ball_lo, ball_hi) = ball(r);
    assert!(
        *e.lo() <= ball_hi && ball_lo <= *e.hi(),
        "{what} on a narrow interval misses the reference"
    );
}

#[test]
fn erf_and_erfc_near_the_roots_of_the_partial_sums() {
    let rows = table();
    let mut checked = 0;
    for r in rows.iter().filter(|r| r.function.starts_with("erf")) {
        let x = Float::with_val(r.bits, &r.argument);
        assert_eq!(x.to_rational().unwrap(), r.argument, "exact argument");
        let point = Interval::from_rational(&big(&r.argument), r.bits);
        assert!(point.is_point());
        let (engine, verifier) = match r.function.as_str() {
            "erf" => (point.erf(), None),
            _ => {
                let iv = Iv::of(&r.argument, r.bits).erfc();
                (point.erfc(), Some(iv))
            }
        };
        let what = format!("{}({})", r.function, x.to_string_radix(10, Some(12)));
        check(&what, engine.lo(), engine.hi(), r, r.bits, 8);
        if let Some(iv) = verifier {
            check(&format!("verifier {what}"), &iv.lo, &iv.hi, r, r.bits, 8);
        }
        // a narrow interval around the argument takes the slope path
        let next = Rational::from((1, Integer::from(1) << (r.bits + 4)));
        let around = Interval::from_rational(&big(&r.argument), r.bits).hull(
            &Interval::from_rational(&big(&(&r.argument + next)), r.bits),
        );
        let wide = if r.function == "erf" {
            around.erf()
        } else {
            around.erfc()
        };
        check_meets(&what, &wide, r);
        checked += 1;
    }
    assert!(checked >= 800, "only {checked} reference values");
}

fn sqrt3_plan() -> OneDimPlan {
    let text =
        "kind = \"gaussian\"\nm0 = \"0\"\nm1 = \"0\"\ns00 = \"1/6\"\ns11 = \"1/6\"\nc = \"0\"\n";
    let doc = ifm_check::input::Document::parse("plan.toml", text.to_string()).unwrap();
    OneDimPlan::from_table(&doc.root()).unwrap()
}

/// The precisions of the suite: every one from 53 to 4,096 bits, then
/// 8,192, 16,384 and 65,536.
fn precisions() -> impl Iterator<Item = u32> {
    (53..=4096).chain([8192, 16384, 65536])
}

/// `p_t` and `F_t` of `plan` at `(t, x)` meet the references at every
/// precision of the suite and are narrower than `2^-(bits - slack)`.
fn at_every_precision(plan: &OneDimPlan, t: &Q, x: &Q, refs: [&str; 2], slack: u32) {
    let (p_ref, f_ref) = (value_of(refs[0]), value_of(refs[1]));
    for bits in precisions() {
        let values = plan.values_at(t, x, bits).expect("enclosed");
        let (p, f) = (values.p.to_interval(bits), values.f.to_interval(bits));
        check("p_t", p.lo(), p.hi(), &p_ref, bits, slack);
        check("F_t", f.lo(), f.hi(), &f_ref, bits, slack);
    }
}

#[test]
fn the_sqrt3_plan_at_every_precision() {
    let (t, x) = (Q::from_integer(0.into()), Q::from_integer(1.into()));
    at_every_precision(&sqrt3_plan(), &t, &x, ["plan_p", "plan_F"], 12);
    // the field of one Gaussian is exact: v_0(1) = -1
    let v = sqrt3_plan().values_at(&t, &x, 1024).unwrap().v;
    assert!(matches!(v, Value::Exact(ref v) if *v == Q::from_integer((-1).into())));
}

#[test]
fn the_mixture_at_every_precision() {
    let plan = common::onedim_plan_file("mixture-3");
    let (t, x) = (Q::new(1.into(), 2.into()), Q::new(3.into(), 2.into()));
    at_every_precision(&plan, &t, &x, ["mixture_p", "mixture_F"], 16);
}

#[test]
fn the_reproductions_exit_zero() {
    let dir = std::env::temp_dir().join(format!("ifm-never-abort-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let plan = dir.join("plan.toml");
    std::fs::write(
        &plan,
        "kind = \"gaussian\"\nm0 = \"0\"\nm1 = \"0\"\ns00 = \"1/6\"\ns11 = \"1/6\"\nc = \"0\"\n",
    )
    .unwrap();
    let plan = plan.to_str().unwrap();
    for prec in ["1021", "1024", "1029", "65536"] {
        let (code, out, err) =
            common::run(&["field", plan, "--t", "0", "--x", "1", "--prec", prec]);
        assert_eq!(code, 0, "{prec}: {err}");
        assert!(out.contains("F_t"), "{out}");
    }
    // the report's grid (17 points, three components); 65,536 bits is
    // covered at x = 3/2 by the test above
    for prec in ["1021", "1024", "1029"] {
        let (code, _, err) = common::run(&[
            "field",
            "data/plans/mixture-3.toml",
            "--t",
            "1/2",
            "--x",
            "-4:4:17",
            "--prec",
            prec,
        ]);
        assert_eq!(code, 0, "{prec}: {err}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
