//! The TOML layer: exact numbers from every TOML spelling, and errors that
//! name the file, the line and the field.

use ifm_check::input::Document;
use num_rational::BigRational;

fn q(n: i64, d: i64) -> BigRational {
    BigRational::new(n.into(), d.into())
}

const PLAN: &str = r#"# a plan
kind = "gaussian"
m0  = [0, "1/2"]
m1  = [0.1, 1e-3]
big = 1_000.5
s00 = [["1", "0"], ["0", "2"]]
ragged = [["1", "0"], ["0"]]
bad_nan = nan
bad_inf = -inf
bad_zero = "1/0"
bad_empty = ""
bad_bool = true
[[component]]
weight = "1/3"
[[component]]
weight = 0.25
atoms = [
  { x0 = "0", x1 = "1", weight = "1/2" },
  { x0 = "1", x1 = "oops", weight = "1/2" },
]
"#;

fn doc() -> Document {
    Document::parse("plan.toml", PLAN.to_string()).unwrap()
}

#[test]
fn numbers_in_every_toml_spelling_are_exact() {
    let d = doc();
    let root = d.root();
    assert_eq!(
        root.require("m0").unwrap().vector().unwrap(),
        vec![q(0, 1), q(1, 2)]
    );
    // TOML floats are read from their decimal text: 0.1 is 1/10, not a double
    assert_eq!(
        root.require("m1").unwrap().vector().unwrap(),
        vec![q(1, 10), q(1, 1000)]
    );
    assert_eq!(root.require("big").unwrap().number().unwrap(), q(2001, 2));
    assert_eq!(
        root.require("s00").unwrap().matrix().unwrap(),
        vec![vec![q(1, 1), q(0, 1)], vec![q(0, 1), q(2, 1)]]
    );
    let comps = root.require("component").unwrap().tables().unwrap();
    assert_eq!(comps.len(), 2);
    assert_eq!(
        comps[1].require("weight").unwrap().number().unwrap(),
        q(1, 4)
    );
    assert_eq!(comps[1].path(), "component[1]");
}

#[test]
fn errors_name_file_line_and_field() {
    let d = doc();
    let root = d.root();
    let cases = [
        ("bad_nan", 8, "not an exact number"),
        ("bad_inf", 9, "not an exact number"),
        ("bad_zero", 10, "denominator is zero"),
        ("bad_empty", 11, "empty"),
        ("bad_bool", 12, "expected a number"),
    ];
    for (field, line, text) in cases {
        let e = root.require(field).unwrap().number().unwrap_err();
        assert_eq!(e.file, "plan.toml");
        assert_eq!(e.line, Some(line), "{field}: {e}");
        assert_eq!(e.field.as_deref(), Some(field));
        assert!(e.message.contains(text), "{e}");
        assert!(
            e.to_string()
                .starts_with(&format!("plan.toml:{line}: field `{field}`")),
            "{e}"
        );
    }
    let e = root.require("ragged").unwrap().matrix().unwrap_err();
    assert_eq!((e.line, e.field.as_deref()), (Some(7), Some("ragged")));
    assert!(e.message.contains("different lengths"));

    let e = root.require("missing").err().expect("missing field");
    assert_eq!(e.field.as_deref(), Some("missing"));
    assert!(e.message.contains("missing required field"));

    let comps = root.require("component").unwrap().tables().unwrap();
    let atoms = comps[1].require("atoms").unwrap().tables().unwrap();
    let e = atoms[1].require("x1").unwrap().number().unwrap_err();
    assert_eq!(e.line, Some(19));
    assert_eq!(e.field.as_deref(), Some("component[1].atoms[1].x1"));

    let e = root.deny_unknown_keys(&["kind", "m0"]).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("m1"));
    assert_eq!(e.line, Some(4));
    assert!(e.message.contains("unknown key; expected one of: kind, m0"));

    let e = root.require("kind").unwrap().matrix().unwrap_err();
    assert!(e.message.contains("expected an array"), "{e}");
    assert!(root.require("kind").unwrap().string().unwrap() == "gaussian");
}

#[test]
fn malformed_files_are_refused_with_a_line() {
    let e = Document::parse("x.toml", "a = 1\nb = [1, 2\nc = 3\n".into())
        .err()
        .expect("malformed");
    assert_eq!(e.file, "x.toml");
    assert!(e.line.is_some());
    assert!(e.message.starts_with("malformed TOML"), "{e}");
    let e = Document::parse("y.toml", "a = 1\na = 2\n".into())
        .err()
        .expect("duplicate key");
    assert_eq!(e.line, Some(2), "{e}");
}

#[test]
fn paths_that_are_not_readable_files_are_refused() {
    let dir = std::env::temp_dir().join(format!("ifm-input-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let e = Document::read(&dir).err().expect("folder");
    assert!(e.message.contains("is a folder"), "{e}");
    let e = Document::read(&dir.join("nope.toml"))
        .err()
        .expect("missing");
    assert!(e.message.contains("cannot read"), "{e}");
    let big = dir.join("big.toml");
    std::fs::write(
        &big,
        vec![b'#'; (ifm_check::limits::MAX_FILE_BYTES + 1) as usize],
    )
    .unwrap();
    let e = Document::read(&big).err().expect("too large");
    assert!(e.message.contains("limit"), "{e}");
    let bin = dir.join("bin.toml");
    std::fs::write(&bin, [0xff, 0xfe, 0x00]).unwrap();
    assert!(Document::read(&bin)
        .err()
        .expect("binary")
        .message
        .contains("UTF-8"));
    let ok = dir.join("ok.toml");
    std::fs::write(&ok, "t = \"1/3\"\n").unwrap();
    assert_eq!(
        Document::read(&ok)
            .unwrap()
            .root()
            .require("t")
            .unwrap()
            .number()
            .unwrap(),
        q(1, 3)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
