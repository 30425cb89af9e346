//! `field` and `transport` on one-dimensional plans: snapshots of the text
//! and JSON output (refused requests: `tests/bad_input.rs`).

mod common;

use common::{run, snapshot};

#[test]
fn onedim_field_and_transport_output() {
    let cases: &[(&str, &[&str])] = &[
        (
            "field_mixture_json",
            &[
                "field",
                "data/plans/mixture-3.toml",
                "--t",
                "1/2",
                "--x",
                "-1:1:3",
                "--json",
            ],
        ),
        (
            "field_uniform_text",
            &[
                "field",
                "data/plans/uniform.toml",
                "--t",
                "1/2",
                "--x",
                "1:3:5",
            ],
        ),
        (
            "field_discrete_json",
            &[
                "field",
                "data/plans/discrete-swap.toml",
                "--t",
                "1/4",
                "--json",
            ],
        ),
        (
            "field_gaussian_1d_points_text",
            &[
                "field",
                "data/plans/gaussian-1d.toml",
                "--t",
                "1/4",
                "--x",
                "0",
                "--prec",
                "64",
            ],
        ),
        (
            "transport_mixture_json",
            &[
                "transport",
                "data/plans/mixture-3.toml",
                "--x",
                "-1:1:3",
                "--json",
            ],
        ),
        (
            "transport_uniform_text",
            &[
                "transport",
                "data/plans/uniform.toml",
                "--x",
                "0.1:0.9:3",
                "--t",
                "1/2",
            ],
        ),
        (
            "transport_discrete_text",
            &["transport", "data/plans/discrete-swap.toml", "--x", "0:1:2"],
        ),
    ];
    for (name, args) in cases {
        let (code, out, err) = run(args);
        assert_eq!(code, 0, "{name}: {err}");
        snapshot(name, &out);
    }
    let (_, out, _) = run(&[
        "transport",
        "data/plans/gaussian-1d.toml",
        "--x",
        "1/3",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["t"], "1");
    // the printed decimals, read back exactly, enclose 8/3 within 1e-25
    let end = |key: &str| {
        ifm_check::exact::parse_rational(v["points"][0]["phi"][key].as_str().unwrap()).unwrap()
    };
    let (lo, hi) = (end("lo"), end("hi"));
    let third = num_rational::BigRational::new(8.into(), 3.into());
    let tol = ifm_check::exact::parse_rational("1e-25").unwrap();
    assert!(lo <= third && third <= hi, "[{lo}, {hi}]");
    assert!(&hi - &lo < tol, "[{lo}, {hi}]");
}

#[test]
fn a_text_table_has_a_column_for_every_key_of_any_row() {
    // phi_exact exists only where the uniform family gives Phi_t(x) exactly
    let (code, out, err) = common::run(&[
        "transport",
        "data/plans/uniform.toml",
        "--t",
        "1/3",
        "--x",
        "1/8:7/8:4",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("phi_exact") && out.contains("11/8") && out.contains("13/8"),
        "{out}"
    );
}
