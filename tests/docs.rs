//! The documentation in `docs/` agrees with the code it describes.

/// `docs/check-kinds.md` holds the table the registry of check kinds makes
/// (names, forms, claims, preconditions, tolerances, sections, methods).
#[test]
fn the_check_kind_table_is_the_registry_s() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/check-kinds.md");
    let text = std::fs::read_to_string(path).unwrap();
    let table = ifm_check::proof::kinds::markdown_table();
    assert!(
        text.contains(&table),
        "docs/check-kinds.md is out of date; its table must read:\n{table}"
    );
}

/// `docs/check-kinds.md` holds the key tables the kinds declare (name,
/// type, required or default, meaning), generated from the declarations.
#[test]
fn the_key_tables_are_the_declarations() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/check-kinds.md");
    let text = std::fs::read_to_string(path).unwrap();
    let keys = ifm_check::proof::kinds::markdown_keys();
    assert!(
        text.contains(&keys),
        "docs/check-kinds.md is out of date; its key tables must read:\n{keys}"
    );
}

/// `docs/coq.md` says of every kind whether it is exported: an exported
/// kind has a row in the table of theorems, every other kind a row with
/// the reason it is not.
#[test]
fn the_coq_page_covers_every_kind() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/coq.md");
    let text = std::fs::read_to_string(path).unwrap();
    let (exported, not_exported) = text
        .split_once("Not exported, each with the reason")
        .unwrap();
    for k in ifm_check::proof::kinds::KINDS {
        let row_start = format!("| `{}` |", k.name);
        let named = format!("`{}`", k.name);
        if k.coq {
            assert!(
                exported.contains(&row_start),
                "docs/coq.md: no theorem row for {}",
                k.name
            );
            assert!(
                !not_exported.contains(&named),
                "docs/coq.md: {} listed as not exported",
                k.name
            );
        } else {
            assert!(
                not_exported
                    .lines()
                    .any(|l| l.starts_with("| `") && l.contains(&named)),
                "docs/coq.md: {} has no row saying why it is not exported",
                k.name
            );
        }
    }
}

/// The repository stands on its own: no file points to a document outside
/// it, and every `docs/*.md` a file names exists.
#[test]
fn every_reference_points_inside_the_repository() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    let mut stack: Vec<std::path::PathBuf> = [
        "src", "tests", "proofs", "data", "docs", "verify", "benches", "examples",
    ]
    .iter()
    .map(|d| root.join(d))
    .collect();
    for f in [
        "README.md",
        "TESTING.md",
        "BENCHMARKS.md",
        "Makefile",
        "Cargo.toml",
    ] {
        files.push(root.join(f));
    }
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                if !p.ends_with("target") && !p.ends_with("itf1788") {
                    stack.push(p);
                }
            } else if p
                .extension()
                .is_some_and(|x| ["rs", "toml", "md", "py", "tex"].contains(&x.to_str().unwrap()))
            {
                files.push(p);
            }
        }
    }
    // (spelled in pieces so that this file does not name them)
    let outside = [
        concat!("..", "/shared"),
        concat!("MATH", ".md"),
        concat!("DESIGN", ".md"),
        concat!("STYLE", ".md"),
    ];
    let mut bad = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap_or_default();
        for word in outside {
            if text.contains(word) {
                bad.push(format!("{}: {word}", f.display()));
            }
        }
        for (i, _) in text.match_indices("docs/") {
            let rest = &text[i + 5..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            if rest[name.len()..].starts_with(".md")
                && !root.join("docs").join(format!("{name}.md")).exists()
            {
                bad.push(format!("{}: docs/{name}.md does not exist", f.display()));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "references outside the repository:\n{}",
        bad.join("\n")
    );
}

#[path = "common/mod.rs"]
mod common;

/// The keys of every object in a JSON document, recursively (the keys of
/// `inputs` and `witness`, which depend on the kind, left out).
fn keys(v: &serde_json::Value, out: &mut std::collections::BTreeSet<String>) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, item) in map {
                out.insert(k.clone());
                if k != "inputs" && k != "witness" {
                    keys(item, out);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|i| keys(i, out)),
        _ => {}
    }
}

#[test]
fn every_output_key_is_documented_under_its_own_name() {
    let certificates =
        std::env::temp_dir().join(format!("ifm-doc-keys-{}.json", std::process::id()));
    let (code, _, err) = common::run(&[
        "certify",
        "proofs/gaussian-inverse.toml",
        "--json",
        certificates.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let read = |path: &str| std::fs::read_to_string(path).unwrap();
    let json = |text: &str| serde_json::from_str::<serde_json::Value>(text).unwrap();
    // the command lines whose JSON docs/file-formats.md documents
    let documented: [&[&str]; 6] = [
        &[
            "field",
            "data/plans/gaussian-1d.toml",
            "--t",
            "1/2",
            "--x",
            "0",
        ],
        &["field", "data/plans/collapse-1d.toml", "--t", "1/2"],
        &["field", "data/plans/discrete-swap.toml", "--t", "1/2"],
        &["transport", "data/plans/discrete-swap.toml", "--x", "0"],
        &["invert", "data/fields/single-time-1d.toml"],
        &["atlas", "--dim", "2", "--degree", "2"],
    ];
    let mut cases = vec![(
        json(&std::fs::read_to_string(&certificates).unwrap()),
        "docs/certificates.md",
    )];
    for args in documented {
        let with_json: Vec<&str> = args.iter().copied().chain(["--json"]).collect();
        cases.push((json(&common::run(&with_json).1), "docs/file-formats.md"));
    }
    std::fs::remove_file(&certificates).unwrap();
    for (doc, page) in cases {
        let text = read(page);
        let mut found = std::collections::BTreeSet::new();
        keys(&doc, &mut found);
        let missing: Vec<&String> = found
            .iter()
            .filter(|k| !text.contains(&format!("`{k}`")) && !text.contains(&format!("\"{k}\"")))
            .collect();
        assert!(
            missing.is_empty(),
            "{page} does not name the output keys {missing:?}"
        );
    }
}
