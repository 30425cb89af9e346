//! `ifm-check appendix`: every file it writes is snapshotted, and two runs
//! write the same bytes (no timings, no dates).

mod common;

use common::{run, snapshot};

#[test]
fn appendix_is_deterministic_and_snapshotted() {
    let base = std::env::temp_dir().join(format!("ifm-appendix-{}", std::process::id()));
    let (a, b) = (base.join("a"), base.join("b"));
    for dir in [&a, &b] {
        let (code, out, err) = run(&["appendix", "--out", dir.to_str().unwrap()]);
        assert_eq!(code, 0, "{err}");
        assert_eq!(out.lines().count(), 5, "{out}");
    }
    for name in [
        "appendix.md",
        "appendix.tex",
        "appendix-standalone.tex",
        "fields-1d.svg",
        "rotation-fields.svg",
    ] {
        let first = std::fs::read_to_string(a.join(name)).unwrap();
        let second = std::fs::read_to_string(b.join(name)).unwrap();
        assert_eq!(first, second, "{name} differs between two runs");
        snapshot(
            &format!("appendix_{}", name.replace(['.', '-'], "_")),
            &first,
        );
    }
    let md = std::fs::read_to_string(a.join("appendix.md")).unwrap();
    assert!(md.contains("## multidim-counterexample"));
    assert!(md.contains("| ✗ |") && !md.contains("| **MISS** |"));
    let tex = std::fs::read_to_string(a.join("appendix.tex")).unwrap();
    assert!(tex.contains("\\begin{longtable}") && tex.contains("$\\dim \\mathrm{Ker}_{2,4} = 1$"));
    std::fs::remove_dir_all(&base).unwrap();
}
