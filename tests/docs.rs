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
