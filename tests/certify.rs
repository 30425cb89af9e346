//! `ifm-check certify`: the table and certificates on `proofs/` (snapshots,
//! timings redacted), every instance at its expected verdict, and the exit
//! statuses: a wrong expectation fails the run (1), a malformed proof file
//! is exit 2 with file and line, a check that cannot run is an `error` row
//! and exit 2, an inconclusive instance is exit 3.

use std::path::{Path, PathBuf};
mod common;

use common::{run, snapshot};

/// The last column of the table holds wall times: replace them.
fn redact_seconds(table: &str) -> String {
    table
        .lines()
        .map(|l| match l.rsplit_once("  ") {
            Some((head, last)) if last.trim().parse::<f64>().is_ok() => {
                format!("{head}  <seconds>")
            }
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A folder of this test in the temporary directory, removed when the
/// test ends (passing or not).
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

fn scratch(name: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!("ifm-certify-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    Scratch(dir)
}

#[test]
fn proofs_certify_at_their_expected_verdicts() {
    let folder = scratch("json");
    let json_path = folder.join("certificates.json");
    let (code, table, err) = run(&["certify", "--json", json_path.to_str().unwrap()]);
    assert_eq!(code, 0, "{table}\n{err}");
    snapshot("certify_proofs_table", &redact_seconds(&table));
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
    assert_eq!(doc["schema"], 3);
    let certs = doc["certificates"].as_array_mut().unwrap();
    assert!(certs.len() >= 55);
    let mut refuted_kinds = std::collections::BTreeSet::new();
    for c in certs.iter_mut() {
        for key in [
            "lemma",
            "instance",
            "check",
            "inputs",
            "precision",
            "max_precision",
            "claim",
            "form",
            "method",
            "precision_bits",
            "residual",
            "tolerance",
            "verdict",
            "expected",
            "witness",
            "seconds",
        ] {
            assert!(c.get(key).is_some(), "certificate lacks `{key}`: {c}");
        }
        assert_eq!(c["verdict"], c["expected"]);
        if c["verdict"] == "refuted" {
            refuted_kinds.insert(c["check"].as_str().unwrap().to_string());
        }
        c.as_object_mut().unwrap().remove("seconds");
    }
    let kinds: std::collections::BTreeSet<String> = ifm_check::proof::KINDS
        .iter()
        .map(|k| k.name.to_string())
        .collect();
    assert_eq!(
        refuted_kinds, kinds,
        "every check kind has a negative control"
    );
    doc["checker"] = serde_json::json!("<version>");
    snapshot(
        "certify_proofs_json",
        &serde_json::to_string_pretty(&doc).unwrap(),
    );
}

/// `N` from the table's last line, `K of N instances at their expected verdict`.
fn instances_run(table: &str) -> usize {
    let last = table.lines().last().expect("a summary line");
    last.split(' ')
        .nth(2)
        .and_then(|n| n.parse().ok())
        .expect("K of N instances")
}

#[test]
fn filter_and_shard_select_instances() {
    let (code, table, _) = run(&["certify", "--filter", "atlas"]);
    assert_eq!(code, 0);
    assert!(table.contains("8 of 8 instances"), "{table}");
    let (_, all, _) = run(&["certify"]);
    let total = instances_run(&all);
    let mut sum = 0;
    for i in 1..=3 {
        let (code, t, _) = run(&["certify", "--shard", &format!("{i}/3")]);
        assert_eq!(code, 0);
        sum += instances_run(&t);
    }
    assert_eq!(sum, total);
    for bad in ["0/3", "4/3", "x", "1/0"] {
        let (code, _, err) = run(&["certify", "--shard", bad]);
        assert_eq!(code, 2, "{bad}");
        assert!(err.contains("field `shard`"), "{err}");
    }
}

const HEADER: &str = "lemma = \"t\"\nstatement = \"s\"\nreference = \"r\"\n";

#[test]
fn a_wrong_expectation_fails_the_run() {
    let dir = scratch("wrong");
    let file = dir.join("wrong.toml");
    let plan = format!("{}/data/plans/gaussian-1d.toml", env!("CARGO_MANIFEST_DIR"));
    std::fs::write(
        &file,
        format!("{HEADER}[[instance]]\nname = \"lies\"\ncheck = \"deterministic-plan\"\nplan = \"{plan}\"\n"),
    )
    .unwrap();
    let (code, table, _) = run(&["certify", file.to_str().unwrap()]);
    assert_eq!(code, 1, "{table}");
    assert!(
        table.contains("UNEXPECTED t/lies: refuted, expected certified"),
        "{table}"
    );
    // a negative control that comes out certified also fails the run
    std::fs::write(
        &file,
        format!("{HEADER}[[instance]]\nname = \"fake-control\"\ncheck = \"gaussian-lyapunov\"\nplan = \"{plan}\"\nexpect = \"refuted\"\n"),
    )
    .unwrap();
    assert_eq!(run(&["certify", file.to_str().unwrap()]).0, 1);
}

#[test]
fn an_inconclusive_instance_exits_3() {
    // eps = e^(3/2)/16 to 45 digits: 64 bits cannot decide pi' >= 0
    let folder = scratch("inconclusive");
    let file = folder.join("edge.toml");
    let edge = |max_precision: u32, expect: &str| {
        std::fs::write(
            &file,
            format!("{HEADER}max_precision = {max_precision}\n[[instance]]\nname = \"edge\"\ncheck = \"multidim-counterexample\"\neps = \"0.280105566896129051412628466257454738687859367\"\nmoment_degree = 4\nexpect = \"{expect}\"\n"),
        )
        .unwrap();
        run(&["certify", file.to_str().unwrap()])
    };
    let (code, table, _) = edge(64, "certified");
    assert_eq!(code, 3, "{table}");
    assert!(table.contains("inconclusive"), "{table}");
    // with more precision it is decided: this eps is just above the bound
    let (code, table, _) = edge(1024, "refuted");
    assert_eq!(code, 0, "{table}");
}

#[test]
fn a_check_that_cannot_run_is_an_error_the_others_still_run_and_exit_is_2() {
    // the flux identity needs a density: a discrete plan has none
    let dir = scratch("error");
    let file = dir.join("errors.toml");
    let plans = concat!(env!("CARGO_MANIFEST_DIR"), "/data/plans");
    std::fs::write(
        &file,
        format!("{HEADER}[[instance]]\nname = \"no-density\"\ncheck = \"flux-identity\"\nplan = \"{plans}/discrete-swap.toml\"\nt = \"1/4:3/4:2\"\nx = \"0:1:2\"\n[[instance]]\nname = \"fine\"\ncheck = \"gaussian-well-posed\"\nplan = \"{plans}/gaussian-1d.toml\"\n"),
    )
    .unwrap();
    let (code, table, err) = run(&["certify", file.to_str().unwrap()]);
    assert_eq!(code, 2, "{table}{err}");
    let row = |name: &str| {
        table
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_default()
            .to_string()
    };
    assert!(row("no-density").contains("error"), "{table}");
    assert!(row("fine").contains("certified"), "{table}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn malformed_proof_files_exit_2_with_file_and_line() {
    let dir = scratch("malformed");
    let cases: &[(&str, &str, &str)] = &[
        ("syntax.toml", "lemma = \"x\"\nstatement = [\n", ":2"),
        ("unknown-key.toml", &format!("{HEADER}colour = \"red\"\n[[instance]]\nname = \"a\"\ncheck = \"atlas-kernel\"\ndim = 1\ndegree = 1\nkernel_dim = 0\n"), ":4: field `colour`: unknown key"),
        ("unknown-kind.toml", &format!("{HEADER}[[instance]]\nname = \"a\"\ncheck = \"telepathy\"\n"), ":6: field `instance[0].check`: unknown check kind `telepathy`"),
        ("instance-key.toml", &format!("{HEADER}[[instance]]\nname = \"a\"\ncheck = \"atlas-kernel\"\ndim = 1\ndegree = 1\nkernel_dim = 0\nplan = \"x\"\n"), ":10: field `instance[0].plan`: unknown key"),
        ("missing-plan.toml", &format!("{HEADER}[[instance]]\nname = \"a\"\ncheck = \"gaussian-well-posed\"\nplan = \"nowhere.toml\"\n"), "cannot read the file"),
        ("bad-number.toml", &format!("{HEADER}[[instance]]\nname = \"a\"\ncheck = \"gaussian-single-time\"\nplan = {{ kind = \"gaussian\", m0 = 0, m1 = 0, s00 = 1, s11 = 1, c = 0 }}\nt = \"1/0\"\n"), ":8: field `instance[0].t`"),
        ("bad-time.toml", &format!("{HEADER}[[instance]]\nname = \"a\"\ncheck = \"gaussian-single-time\"\nplan = {{ kind = \"gaussian\", m0 = 0, m1 = 0, s00 = 1, s11 = 1, c = 0 }}\nt = 2\n"), "t must lie in [0, 1]"),
        ("bad-precision.toml", &format!("{HEADER}precision = 0\n[[instance]]\nname = \"a\"\ncheck = \"atlas-kernel\"\ndim = 1\ndegree = 1\nkernel_dim = 0\n"), ":4: field `precision`"),
        ("duplicate.toml", &format!("{HEADER}[[instance]]\nname = \"a\"\ncheck = \"atlas-kernel\"\ndim = 1\ndegree = 1\nkernel_dim = 0\n[[instance]]\nname = \"a\"\ncheck = \"atlas-kernel\"\ndim = 1\ndegree = 1\nkernel_dim = 0\n"), "used twice"),
        ("bad-expect.toml", &format!("{HEADER}[[instance]]\nname = \"a\"\ncheck = \"atlas-kernel\"\ndim = 1\ndegree = 1\nkernel_dim = 0\nexpect = \"maybe\"\n"), "field `instance[0].expect`"),
        ("huge-atlas.toml", &format!("{HEADER}[[instance]]\nname = \"a\"\ncheck = \"atlas-kernel\"\ndim = 8\ndegree = 24\nkernel_dim = 0\n"), "more than the limit"),
        ("not-psd-inline.toml", &format!("{HEADER}[[instance]]\nname = \"a\"\ncheck = \"gaussian-well-posed\"\nplan = {{ kind = \"gaussian\", m0 = 0, m1 = 0, s00 = 1, s11 = 1, c = 2 }}\n"), "not positive semidefinite"),
    ];
    for (name, text, expected) in cases {
        let file = dir.join(name);
        std::fs::write(&file, text).unwrap();
        let (code, out, err) = run(&["certify", file.to_str().unwrap()]);
        assert_eq!(code, 2, "{name}: {err}");
        assert!(
            err.contains(name),
            "{name}: the message names the file: {err}"
        );
        assert!(err.contains(expected), "{name}: `{err}` lacks `{expected}`");
        assert!(
            out.is_empty(),
            "{name}: nothing runs before every file parses"
        );
    }
    let (code, _, err) = run(&["certify", "no/such/folder"]);
    assert_eq!(code, 2);
    assert!(err.contains("no/such/folder"));
}

/// The audit's false claims with tolerances: a file-level tolerance has no
/// effect on decisions (every one is refuted), and a measure's tolerance
/// cannot certify a failed precondition.
#[test]
fn a_tolerance_never_certifies_a_failed_decision() {
    let folder = scratch("tolerances");
    let file = folder.join("tolerances.toml");
    let plans = concat!(env!("CARGO_MANIFEST_DIR"), "/data/plans");
    std::fs::write(
        &file,
        format!(
            "lemma = \"t\"\nstatement = \"s\"\nreference = \"r\"\ntolerance = \"1\"\n\
[[instance]]\nname = \"collapse\"\ncheck = \"gaussian-well-posed\"\nplan = \"{plans}/collapse-1d.toml\"\nexpect = \"refuted\"\n\
[[instance]]\nname = \"one-time\"\ncheck = \"gaussian-roundtrip\"\nplan = \"{plans}/gaussian-1d.toml\"\ntimes = [\"1/3\"]\nexpect = \"refuted\"\n\
[[instance]]\nname = \"atlas\"\ncheck = \"atlas-kernel\"\ndim = 3\ndegree = 8\nkernel_dim = 442\nexpect = \"refuted\"\n\
[[instance]]\nname = \"eps\"\ncheck = \"multidim-counterexample\"\neps = \"29/100\"\nmoment_degree = 4\nexpect = \"refuted\"\n\
[[instance]]\nname = \"tolerance-in-claim\"\ncheck = \"gaussian-lyapunov\"\nplan = \"{plans}/gaussian-1d.toml\"\n"
        ),
    )
    .unwrap();
    let json = file.with_extension("json");
    let (code, table, err) = run(&[
        "certify",
        file.to_str().unwrap(),
        "--json",
        json.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{table}{err}");
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let certs = doc["certificates"].as_array().unwrap();
    let by_name = |n: &str| certs.iter().find(|c| c["instance"] == n).unwrap();
    assert_eq!(by_name("one-time")["witness"]["free_dimensions"], 1);
    assert_eq!(by_name("collapse")["form"], "decision");
    assert_eq!(by_name("collapse")["tolerance"], "0");
    // a measure's claim says what its tolerance means
    assert!(
        by_name("tolerance-in-claim")["claim"]
            .as_str()
            .unwrap()
            .ends_with(", within 1"),
        "{}",
        by_name("tolerance-in-claim")["claim"]
    );
}

#[test]
fn a_huge_tolerance_prints_in_scientific_notation() {
    let folder = scratch("huge-tol");
    let file = folder.join("huge.toml");
    let plans = concat!(env!("CARGO_MANIFEST_DIR"), "/data/plans");
    std::fs::write(
        &file,
        format!("{HEADER}[[instance]]\nname = \"a\"\ncheck = \"gaussian-lyapunov\"\nplan = \"{plans}/gaussian-1d.toml\"\ntolerance = \"1e9990\"\n"),
    )
    .unwrap();
    let (code, table, _) = run(&["certify", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{table}");
    assert!(table.lines().all(|l| l.len() < 200), "{table}");
    assert!(table.contains(" 1e9990 "), "{table}");
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_ifm-check"))
        .args(["certify", "--filter", "atlas"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // close the reading end at once, as `| head -0` would
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(status.code(), Some(0), "{err}");
}
