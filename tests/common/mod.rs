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

/// Whether the external `program` runs (`program --version`); outside CI
/// its absence skips `what` loudly, in CI it fails the test, since
/// `make test` installs the Debian `packages`.
pub fn tool_present(program: &str, what: &str, packages: &str) -> bool {
    let found = Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "{program} is missing in CI: `make test` installs {packages}"
        );
        eprintln!(
            "\n*** SKIPPED: {what}: {program} is not installed ***\n\
             *** (sudo apt-get install {packages}) ***\n"
        );
    }
    found
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

/// Checks a density-only pair without the checker's pair check: the same
/// end laws, `Sigma_t = (1-t)^2 S00 + t(1-t)(C + C^T) + t^2 S11` computed
/// here equal at three inner times (a quadratic in `t` equal at three
/// points is equal everywhere), and `A_t` different at `t`.
pub fn assert_density_pair(
    a: &ifm_check::gaussian::GaussianPlan,
    b: &ifm_check::gaussian::GaussianPlan,
    t: &num_rational::BigRational,
) {
    use num_rational::BigRational as Q;
    assert_eq!((a.m0(), a.m1()), (b.m0(), b.m1()), "the means differ");
    assert_eq!(
        (a.s00(), a.s11()),
        (b.s00(), b.s11()),
        "the end covariances differ"
    );
    let sigma = |p: &ifm_check::gaussian::GaussianPlan, t: &Q| {
        let one = Q::from_integer(1.into());
        let u = &one - t;
        let cross = p.c().add(&p.c().transpose()).unwrap();
        p.s00()
            .scale(&(&u * &u))
            .add(&cross.scale(&(t * &u)))
            .unwrap()
            .add(&p.s11().scale(&(t * t)))
            .unwrap()
    };
    for k in 1..=3 {
        let s = Q::new(k.into(), 4.into());
        assert_eq!(sigma(a, &s), sigma(b, &s), "Sigma_t differs at t = {s}");
    }
    assert_ne!(
        a.field_at(t).unwrap().a_t,
        b.field_at(t).unwrap().a_t,
        "the fields agree at t = {t}"
    );
}
