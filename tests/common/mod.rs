//! Helpers shared by the integration tests (each test file uses some).
#![allow(dead_code)]

use std::process::Command;

/// Runs the binary from the repository root: (exit status, stdout, stderr).
pub fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ifm-check"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs");
    (
        out.status.code().expect("exit code"),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// An insta snapshot kept in the top-level `snapshots/` (the path is
/// relative to this file).
pub fn snapshot(name: &str, value: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| insta::assert_snapshot!(name, value));
}

/// A one-dimensional plan from `data/plans/NAME.toml`.
pub fn onedim_plan_file(name: &str) -> ifm_check::onedim::OneDimPlan {
    let path = format!("{}/data/plans/{name}.toml", env!("CARGO_MANIFEST_DIR"));
    let doc = ifm_check::input::Document::read(std::path::Path::new(&path)).unwrap();
    ifm_check::onedim::OneDimPlan::from_table(&doc.root()).unwrap()
}
