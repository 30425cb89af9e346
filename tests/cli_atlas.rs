//! `ifm-check atlas`: the text and JSON documents, and refused requests.

mod common;

use common::{run, snapshot};

#[test]
fn atlas_documents() {
    let (code, text, err) = run(&["atlas", "--dim", "2", "--degree", "8"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.is_empty(),
        "no progress bar when stderr is not a terminal"
    );
    snapshot("atlas_dim2_degree8_text", &text);
    let (code, json, _) = run(&["atlas", "--dim", "3", "--degree", "6", "--json"]);
    assert_eq!(code, 0);
    snapshot("atlas_dim3_degree6_json", &json);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["dim"], 3);
    let row4 = &v["rows"][4];
    assert_eq!(
        (row4["degree"].as_u64(), row4["kernel_dim"].as_u64()),
        (Some(4), Some(6))
    );
    assert_eq!(row4["density_only_kernel_dim"], 51);
    assert_eq!(row4["unknowns"], 126);
}

#[test]
fn atlas_requests_beyond_the_limits_are_refused() {
    for (args, expected) in [
        (
            vec!["atlas", "--dim", "0", "--degree", "3"],
            "--dim must be 1 to 8",
        ),
        (
            vec!["atlas", "--dim", "9", "--degree", "3"],
            "--dim must be 1 to 8",
        ),
        (
            vec!["atlas", "--dim", "2", "--degree", "25"],
            "--degree must be 0 to 24",
        ),
        (
            vec!["atlas", "--dim", "8", "--degree", "24"],
            "more than the limit",
        ),
        (
            vec!["atlas", "--dim", "2", "--degree", "-1"],
            "unexpected argument",
        ),
        (
            vec!["atlas", "--dim", "2", "--degree", "x"],
            "invalid value",
        ),
        (
            vec!["atlas", "--dim", "1000000", "--degree", "4"],
            "--dim must be 1 to 8",
        ),
    ] {
        let (code, out, err) = run(&args);
        assert_eq!(code, 2, "{args:?}");
        assert!(err.contains(expected), "{args:?}: {err}");
        assert!(out.is_empty());
    }
}
