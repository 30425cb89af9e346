//! The command line on Gaussian plans and fields: snapshots of the text and
//! JSON output of `field` and `invert` on the example files in `data/`, the
//! exit status (bad input: `tests/bad_input.rs`).

mod common;

use common::{run, snapshot};

#[test]
fn field_output() {
    let cases: &[(&str, &[&str])] = &[
        (
            "field_gaussian_2d_text",
            &[
                "field",
                "data/plans/gaussian-2d.toml",
                "--t",
                "1/3",
                "--x",
                "1,-1",
            ],
        ),
        (
            "field_gaussian_2d_json",
            &[
                "field",
                "data/plans/gaussian-2d.toml",
                "--t",
                "3/4",
                "--x",
                "0.5,2",
                "--json",
            ],
        ),
        (
            "field_gaussian_1d_grid_json",
            &[
                "field",
                "data/plans/gaussian-1d.toml",
                "--t",
                "0.5",
                "--x",
                "-1:1:5",
                "--json",
            ],
        ),
        (
            "field_rotation_text",
            &["field", "data/plans/rotation.toml", "--t", "1/2"],
        ),
        (
            "field_collapse_singular_text",
            &["field", "data/plans/collapse-1d.toml", "--t", "1/2"],
        ),
        (
            "field_collapse_singular_json",
            &[
                "field",
                "data/plans/collapse-1d.toml",
                "--t",
                "1/2",
                "--json",
            ],
        ),
    ];
    for (name, args) in cases {
        let (code, out, err) = run(args);
        assert_eq!(code, 0, "{name}: {err}");
        snapshot(name, &out);
    }
    // a singular Sigma_t is an answer in every dimension, with or without
    // points: exit 0, `singular` says why, no field and no density
    for (plan, x, rank) in [
        ("data/plans/collapse-1d.toml", "0", "rank 0"),
        ("data/plans/collapse-1d.toml", "-1:1:3", "rank 0"),
        ("data/plans/flip-2d.toml", "0,0", "rank 1"),
    ] {
        let (code, out, err) = run(&["field", plan, "--t", "1/2", "--x", x, "--json"]);
        assert_eq!(code, 0, "{plan} --x {x}: {err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert!(v["singular"].as_str().unwrap().contains(rank), "{out}");
        assert_eq!(v["a_t"], serde_json::Value::Null);
        assert!(v.get("points").is_none() && v.get("v_t").is_none(), "{out}");
    }
    // the JSON parses and has docs/file-formats.md's keys
    let (_, out, _) = run(&[
        "field",
        "data/plans/gaussian-2d.toml",
        "--t",
        "1/3",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    for key in ["kind", "t", "m_t", "sigma_t", "a_t", "b_t"] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["a_t"][1][1], "-1821/3464");
}

#[test]
fn invert_output_and_status() {
    let cases: &[(&str, &str, i32)] = &[
        ("invert_gaussian_2d", "data/fields/gaussian-2d.toml", 0),
        (
            "invert_gaussian_2d_sigma",
            "data/fields/gaussian-2d-sigma.toml",
            0,
        ),
        (
            "invert_single_time_1d",
            "data/fields/single-time-1d.toml",
            0,
        ),
        (
            "invert_inconsistent_1d",
            "data/fields/inconsistent-1d.toml",
            1,
        ),
        ("invert_not_psd_1d", "data/fields/not-psd-1d.toml", 1),
    ];
    for (name, file, status) in cases {
        let (code, text, err) = run(&["invert", file]);
        assert_eq!(code, *status, "{name}: {err}");
        let (code, json, _) = run(&["invert", file, "--json"]);
        assert_eq!(code, *status);
        snapshot(&format!("{name}_text"), &format!("{text}{err}"));
        snapshot(&format!("{name}_json"), &json);
    }
    // the recovered plan is the plan the field came from
    let (_, json, _) = run(&["invert", "data/fields/gaussian-2d.toml", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["status"], "unique");
    assert_eq!(v["c"], serde_json::json!([["1/2", "0"], ["1/3", "1/4"]]));
    let (_, json, _) = run(&["invert", "data/fields/single-time-1d.toml", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["status"], "underdetermined");
    assert_eq!(v["free_dimensions"], 1);
}
