//! The structure of the library: each room (a top-level module of
//! `src/lib.rs`) stands on a floor and uses only rooms on lower floors, so
//! no import runs back up and no two rooms import each other. The floors
//! are those `src/lib.rs` documents; this test reads every `crate::` path
//! outside comments in every file of a room and fails on any that reaches
//! a room on its own floor or above.

use std::collections::BTreeMap;
use std::path::Path;

/// The floors, from the ground up (the table of `src/lib.rs`).
const FLOORS: &[&[&str]] = &[
    &["limits"],
    &["exact"],
    &["interval", "input", "tex"],
    &["gaussian", "atlas", "onedim"],
    &["coq"],
    &["proof"],
    &["report"],
    &["commands"],
    &["output"],
];

fn floor_of(room: &str) -> Option<usize> {
    FLOORS.iter().position(|f| f.contains(&room))
}

/// The `crate::room` paths of a file, outside `//` comments.
fn rooms_used(text: &str) -> Vec<String> {
    let mut used = Vec::new();
    for line in text.lines() {
        let code = match line.find("//") {
            Some(i) => &line[..i],
            None => line,
        };
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            used.push(name);
        }
    }
    used
}

fn files_under(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_import_runs_back_up() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    let declared: Vec<&str> = lib
        .lines()
        .filter_map(|l| l.strip_prefix("pub mod "))
        .map(|l| l.trim_end_matches(';'))
        .collect();
    // every room has a floor, and every floor's room exists
    for room in &declared {
        assert!(floor_of(room).is_some(), "room `{room}` has no floor");
    }
    for room in FLOORS.iter().flat_map(|f| f.iter()) {
        assert!(
            declared.contains(room),
            "floor room `{room}` is not in lib.rs"
        );
        // the documentation of lib.rs names it on its floor
        assert!(
            lib.contains(&format!("[`{room}`]")),
            "lib.rs does not document `{room}`"
        );
    }
    let mut wrong: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for room in &declared {
        let mut files = Vec::new();
        let dir = src.join(room);
        if dir.is_dir() {
            files_under(&dir, &mut files);
        } else {
            files.push(src.join(format!("{room}.rs")));
        }
        let own = floor_of(room).unwrap();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for used in rooms_used(&text) {
                if used == *room {
                    continue;
                }
                let Some(floor) = floor_of(&used) else {
                    continue;
                };
                if floor >= own {
                    wrong
                        .entry(file.strip_prefix(&src).unwrap().display().to_string())
                        .or_default()
                        .push(used);
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports on the same floor or above: {wrong:?}"
    );
}

/// Intervals are made only by the kernel: outside `src/interval/` no
/// library file builds one from floats or rounds an MPFR function itself.
#[test]
fn intervals_are_made_only_by_the_kernel() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    files_under(&src, &mut files);
    let kernel = src.join("interval");
    let mut found = Vec::new();
    for file in files.iter().filter(|f| !f.starts_with(&kernel)) {
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for raw in ["from_endpoints", "with_val_round", "Interval::checked"] {
                if code.contains(raw) {
                    found.push(format!("{}:{}: {raw}", file.display(), n + 1));
                }
            }
        }
    }
    assert!(found.is_empty(), "outside the kernel: {found:#?}");
}

#[test]
fn the_reader_sees_crate_paths_outside_comments_only() {
    let text = "use crate::exact::Q;\n//! [`crate::report`]\nlet x = crate::interval::Interval::from_i64(1, 64); // crate::proof\n";
    assert_eq!(rooms_used(text), vec!["exact", "interval"]);
}
