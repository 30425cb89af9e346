//! One-dimensional families against independent reference values
//! (`tests/reference/onedim_values.py`, mpmath at 80 digits): p_t, F_t, v_t
//! and Phi_t for a Gaussian plan and a three-component mixture, exact
//! values for the independent uniform plan. Each enclosure must meet the
//! reference ball (relative radius 1e-59), hold the printed reference at 128
//! bits, and be at most 2^-100 wide relative at 128 bits (2^-480 at 512).

mod common;

use ifm_check::exact::parse_rational;
use ifm_check::onedim::transport::transport;
use ifm_check::onedim::Value;
use num_rational::BigRational;
use num_traits::Signed;
use rug::Float;

use common::onedim_plan_file as plan;

#[test]
fn one_dimensional_values_match_the_reference() {
    let table = include_str!("reference/onedim_values.csv");
    let rows: Vec<Vec<&str>> = table
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    assert!(rows.len() >= 40);
    let radius = parse_rational("1e-59").unwrap();
    let mut checked = 0;
    for row in rows {
        let (name, quantity, t, x, value) = (row[0], row[1], row[2], row[3], row[4]);
        let p = plan(name);
        let (t, x, r) = (
            parse_rational(t).unwrap(),
            parse_rational(x).unwrap(),
            parse_rational(value).unwrap(),
        );
        for bits in [128u32, 512] {
            let got = if quantity == "phi" {
                transport(&p, &t, &x, bits).unwrap()
            } else {
                let v = p.values_at(&t, &x, bits).unwrap();
                match quantity {
                    "p_t" => v.p,
                    "f_t" => v.f,
                    "v_t" => v.v,
                    other => panic!("{other}"),
                }
            };
            match got {
                // the uniform references are exact fractions; the others are
                // 60-digit decimals of exact values
                Value::Exact(q) if name == "uniform" => {
                    assert_eq!(q, r, "{name} {quantity}({t}, {x})")
                }
                Value::Exact(q) => {
                    let scale = if r.abs() > BigRational::from_integer(1.into()) {
                        r.abs()
                    } else {
                        BigRational::from_integer(1.into())
                    };
                    assert!(
                        (&q - &r).abs() <= &radius * scale,
                        "{name} {quantity}({t}, {x}): {q} is not {value}"
                    );
                }
                Value::Enclosure(e) => {
                    let scale = if r.abs() > BigRational::from_integer(1.into()) {
                        r.abs()
                    } else {
                        BigRational::from_integer(1.into())
                    };
                    let (lo, hi) = e.to_rationals().unwrap();
                    let ball = &radius * &scale;
                    assert!(
                        lo <= &r + &ball && &r - &ball <= hi,
                        "{name} {quantity}({t}, {x}) at {bits}: {e} misses {value}"
                    );
                    if bits == 128 {
                        assert!(
                            e.contains_rational(&r),
                            "{name} {quantity}({t}, {x}): {e} does not hold {value}"
                        );
                    }
                    let bound = Float::with_val(bits, e.mag().max(&Float::with_val(bits, 1)))
                        >> (if bits == 128 { 100 } else { 480 });
                    assert!(
                        e.width() <= bound,
                        "{name} {quantity}({t}, {x}) at {bits}: {e} too wide"
                    );
                }
            }
        }
        checked += 1;
    }
    assert!(checked >= 40);
}
