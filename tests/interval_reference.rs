//! Reference values of erf, erfc, the normal CDF (tails near 1e-30
//! included) and its inverse, computed independently with mpmath at 80
//! digits (`tests/reference/special_values.py`, 60 significant digits kept).
//!
//! Each value is checked at 128 and 512 bits by containment (the enclosure
//! meets the reference ball of relative radius 1e-59, and at 128 bits holds
//! the printed reference itself) and by a width bound: relative width at
//! most 2^-(bits - 12), for the inverse CDF relative to its condition
//! `max(|x|, p / phi(x))`, since p itself is rounded to one ulp.

use ifm_check::exact::parse_rational;
use ifm_check::interval::Interval;
use num_rational::BigRational;
use num_traits::{Signed, Zero};
use rug::Float;

fn table() -> Vec<(String, String, String)> {
    let text = include_str!("reference/special_values.csv");
    text.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[0].to_string(), f[1].to_string(), f[2].to_string())
        })
        .collect()
}

fn evaluate(function: &str, x: &BigRational, bits: u32) -> Interval {
    let x = Interval::from_rational(x, bits);
    match function {
        "erf" => x.erf(),
        "erfc" => x.erfc(),
        "normal_cdf" => x.normal_cdf(),
        "inverse_normal_cdf" => x.inverse_normal_cdf().expect("p in (0, 1)"),
        other => panic!("unknown function {other}"),
    }
}

#[test]
fn special_functions_contain_reference_values() {
    let radius = BigRational::new(
        1.into(),
        num_traits::pow(BigRational::from_integer(10.into()).to_integer(), 59),
    );
    let mut checked = 0;
    let mut tails = 0;
    for (function, x, value) in table() {
        if function == "normal_cdf" && value.contains("e-3") {
            tails += 1;
        }
        checked += 1;
        let x = parse_rational(&x).unwrap();
        let r = parse_rational(&value).unwrap();
        let ball_lo = &r - r.abs() * &radius;
        let ball_hi = &r + r.abs() * &radius;
        for bits in [128u32, 512] {
            let e = evaluate(&function, &x, bits);
            let (lo, hi) = e.to_rationals().expect("finite enclosure");
            assert!(
                lo <= ball_hi && ball_lo <= hi,
                "{function}({x}) at {bits} bits: {e} misses the reference {value}"
            );
            if bits == 128 {
                assert!(
                    e.contains_rational(&r),
                    "{function}({x}) at 128 bits: {e} does not hold {value}"
                );
            }
            // width bound, relative to |value| (absolute when the value is 0)
            let width = e.width();
            if r.is_zero() {
                assert!(width.is_zero() || width < Float::with_val(64, 1) >> (bits as i32 - 12));
            } else {
                // The inverse CDF inherits the rounding of p (one ulp of p):
                // its scale is max(|x|, p / phi(x)), the condition of the map.
                let mut scale = e.mag();
                if function == "inverse_normal_cdf" {
                    let p = Interval::from_rational(&x, bits);
                    let cond = p.checked_div(&e.normal_pdf()).unwrap();
                    scale = scale.max(cond.hi());
                }
                let bound = Float::with_val(bits, scale) >> (bits as i32 - 12);
                assert!(
                    width <= bound,
                    "{function}({x}) at {bits} bits: width {width} above 2^-(bits-12) relative"
                );
            }
        }
    }
    // the run covered a table of this size, with CDF tails near 1e-30
    assert!(checked >= 30, "only {checked} reference values");
    assert!(tails >= 2, "only {tails} CDF tails near 1e-30");
}
