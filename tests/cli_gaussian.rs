//! The command line on Gaussian plans and fields: snapshots of the text and
//! JSON output of `field` and `invert` on the example files in `data/`, the
//! exit status, and errors that name the file, the line and the field.

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
    // the JSON parses and has DESIGN.md's keys
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

fn temp_file(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("ifm-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn bad_input_exits_2_with_file_line_and_field() {
    let not_psd = temp_file(
        "not-psd.toml",
        "kind = \"gaussian\"\nm0 = 0\nm1 = 0\ns00 = 1\ns11 = 1\nc = \"3/2\"\n",
    );
    let unknown = temp_file(
        "unknown.toml",
        "kind = \"gaussian\"\nm0 = 0\nm1 = 0\ns00 = 1\ns11 = 1\nc = 0\nextra = 1\n",
    );
    let kind = temp_file("kind.toml", "kind = \"banana\"\n");
    let nan = temp_file(
        "nan.toml",
        "kind = \"gaussian\"\nm0 = 0\nm1 = nan\ns00 = 1\ns11 = 1\nc = 0\n",
    );
    let asym = temp_file("asym.toml", "kind = \"gaussian\"\nm0 = [0, 0]\nm1 = [0, 0]\ns00 = [[1, 1], [0, 1]]\ns11 = [[1, 0], [0, 1]]\nc = [[0, 0], [0, 0]]\n");
    let bad_sample = temp_file(
        "bad-sample.toml",
        "m0 = 0\nm1 = 0\ns00 = 1\ns11 = 1\n[[sample]]\nt = \"3/2\"\na = 0\nb = 0\n",
    );
    let p = |x: &std::path::PathBuf| x.to_str().unwrap().to_string();
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec!["field".into(), p(&not_psd), "--t".into(), "0".into()],
            ":6: field `c`: the joint covariance",
        ),
        (
            vec!["field".into(), p(&unknown), "--t".into(), "0".into()],
            ":7: field `extra`: unknown key",
        ),
        (
            vec!["field".into(), p(&kind), "--t".into(), "0".into()],
            ":1: field `kind`: unknown plan kind `banana`",
        ),
        (
            vec!["field".into(), p(&nan), "--t".into(), "0".into()],
            ":3: field `m1`",
        ),
        (
            vec!["field".into(), p(&asym), "--t".into(), "0".into()],
            ":4: field `s00`: not symmetric",
        ),
        (
            vec!["invert".into(), p(&bad_sample)],
            ":6: field `sample[0].t`: t = 3/2 is outside [0, 1]",
        ),
        (
            vec![
                "field".into(),
                "data/plans/gaussian-2d.toml".into(),
                "--t".into(),
                "1/0".into(),
            ],
            "field `--t`",
        ),
        (
            vec![
                "field".into(),
                "data/plans/gaussian-2d.toml".into(),
                "--t".into(),
                "-1".into(),
            ],
            "outside [0, 1]",
        ),
        (
            vec![
                "field".into(),
                "data/plans/gaussian-2d.toml".into(),
                "--t".into(),
                "0".into(),
                "--x".into(),
                "1".into(),
            ],
            "expected 2 numbers",
        ),
        (
            vec![
                "field".into(),
                "data/plans/gaussian-2d.toml".into(),
                "--t".into(),
                "0".into(),
                "--x".into(),
                "0:1:3".into(),
            ],
            "a grid a:b:n is for dimension 1",
        ),
        (
            vec![
                "field".into(),
                "data/plans/gaussian-1d.toml".into(),
                "--t".into(),
                "0".into(),
                "--x".into(),
                "0:1:0".into(),
            ],
            "point count must be 1",
        ),
        (
            vec![
                "field".into(),
                "data/plans/missing.toml".into(),
                "--t".into(),
                "0".into(),
            ],
            "cannot read the file",
        ),
        (
            vec![
                "field".into(),
                "data/plans".into(),
                "--t".into(),
                "0".into(),
            ],
            "is a folder",
        ),
        (
            vec!["invert".into(), "data/plans/gaussian-1d.toml".into()],
            "field `kind`: unknown key",
        ),
    ];
    for (args, expected) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, out, err) = run(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(
            err.contains(expected),
            "{args:?}: `{err}` lacks `{expected}`"
        );
        assert!(out.is_empty(), "stdout stays clean on errors");
    }
    // usage errors are exit 2 too (clap)
    assert_eq!(run(&["field"]).0, 2);
    assert_eq!(run(&["frobnicate"]).0, 2);
}
