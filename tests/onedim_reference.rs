//! One-dimensional families against independent reference values
//! (`tests/reference/onedim_values.py`, mpmath at 80 digits): p_t, F_t, v_t
//! and Phi_t for a Gaussian plan and a three-component mixture, exact
//! values for the independent uniform plan. Each enclosure must meet the
//! reference ball (relative radius 1e-59), hold the printed reference at 128
//! bits, and be at most 2^-100 wide relative at 128 bits (2^-480 at 512).
//! The same values printed by `field` and `transport` at 256 and 512 bits
//! keep the digits the precision carries: the printed decimal interval,
//! read back exactly, meets the reference and is at most `2^-(prec - 30)`
//! wide relative (narrower than 1e-60 at 256 bits).

mod common;

use ifm_check::exact::parse_rational;
use ifm_check::onedim::transport::transport;
use ifm_check::onedim::Value;
use num_rational::BigRational;
use num_traits::Signed;
use rug::Float;

use common::{onedim_plan_file as plan, run};

#[test]
fn one_dimensional_values_match_the_reference() {
    let rows = reference_rows();
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

fn reference_rows() -> Vec<Vec<&'static str>> {
    include_str!("reference/onedim_values.csv")
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect()
}

#[test]
fn printed_enclosures_keep_the_digits_of_the_precision() {
    let radius = parse_rational("1e-59").unwrap();
    let one = BigRational::from_integer(1.into());
    let mut checked = 0;
    for row in reference_rows() {
        let (name, quantity, t, x, value) = (row[0], row[1], row[2], row[3], row[4]);
        if name == "uniform" {
            continue; // exact values, printed as fractions
        }
        let reference = parse_rational(value).unwrap();
        let scale = if reference.abs() > one {
            reference.abs()
        } else {
            one.clone()
        };
        let plan_file = format!("data/plans/{name}.toml");
        for bits in ["256", "512"] {
            let (command, key) = if quantity == "phi" {
                ("transport", "phi")
            } else {
                ("field", quantity)
            };
            let (code, out, err) = run(&[
                command, &plan_file, "--t", t, "--x", x, "--prec", bits, "--json",
            ]);
            assert_eq!(code, 0, "{command} {name} {t} {x}: {err}");
            let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
            let printed = &doc["points"][0][key];
            let (Some(lo), Some(hi)) = (printed["lo"].as_str(), printed["hi"].as_str()) else {
                assert!(printed.is_string(), "{name} {quantity}: {printed}");
                continue; // an exact value
            };
            let (lo, hi) = (parse_rational(lo).unwrap(), parse_rational(hi).unwrap());
            let ball = &radius * &scale;
            assert!(
                lo <= &reference + &ball && &reference - &ball <= hi,
                "{name} {quantity}({t}, {x}) printed at {bits} bits: [{lo}, {hi}] misses {value}"
            );
            let prec: usize = bits.parse().unwrap();
            let bound = &scale
                / BigRational::from_integer(num_bigint::BigInt::from(2).pow(prec as u32 - 30));
            assert!(
                &hi - &lo <= bound,
                "{name} {quantity}({t}, {x}) printed at {bits} bits is too wide: [{lo}, {hi}]"
            );
            checked += 1;
        }
    }
    assert!(checked >= 80, "only {checked} printed enclosures");
}
