//! `field` and `transport` on one-dimensional plans: snapshots of the text
//! and JSON output, and refused requests (exit 2).

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
    let lo: f64 = v["points"][0]["phi"]["lo"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((lo - 8.0 / 3.0).abs() < 1e-20);
}

#[test]
fn onedim_requests_that_do_not_fit_are_refused() {
    for (args, expected) in [
        (
            vec![
                "field",
                "data/plans/mixture-3.toml",
                "--t",
                "1/2",
                "--x",
                "0",
                "--prec",
                "0",
            ],
            "field `--prec`",
        ),
        (
            vec![
                "field",
                "data/plans/mixture-3.toml",
                "--t",
                "1/2",
                "--x",
                "0",
                "--prec",
                "1000000",
            ],
            "field `--prec`",
        ),
        (
            vec![
                "field",
                "data/plans/mixture-3.toml",
                "--t",
                "1/2",
                "--x",
                "0,1",
            ],
            "expected 1 numbers",
        ),
        (
            vec![
                "field",
                "data/plans/collapse-1d.toml",
                "--t",
                "1/2",
                "--x",
                "0",
            ],
            "p_t has an atom",
        ),
        (
            vec!["transport", "data/plans/gaussian-2d.toml", "--x", "0"],
            "one-dimensional plans",
        ),
        (
            vec!["transport", "data/plans/discrete-swap.toml", "--x", "-1"],
            "below every atom",
        ),
        (
            vec!["transport", "data/plans/uniform.toml", "--x", "2"],
            "outside the support",
        ),
        (
            vec![
                "transport",
                "data/plans/mixture-3.toml",
                "--x",
                "0",
                "--t",
                "2",
            ],
            "outside [0, 1]",
        ),
    ] {
        let (code, out, err) = run(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(
            err.contains(expected),
            "{args:?}: `{err}` lacks `{expected}`"
        );
        assert!(out.is_empty(), "{args:?}");
    }
}
