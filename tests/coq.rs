//! The Coq export (docs/coq.md): the exported theorems pass `coqc`, rest
//! only on the axioms of Coq's real numbers, and fail when a number of
//! their data or of a witness is changed: the kernel, not the exporter, is
//! what is trusted. Needs `coqc` (`make test` installs Debian's `coq`);
//! outside CI its absence skips the test loudly.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

/// The axioms `Print Assumptions` may list: those of Coq's standard real
/// numbers (its construction by Dedekind cuts uses these three).
const STANDARD_REAL_AXIOMS: &[&str] = &[
    "ClassicalDedekindReals.sig_forall_dec",
    "ClassicalDedekindReals.sig_not_dec",
    "FunctionalExtensionality.functional_extensionality_dep",
];

/// A proof file with a certified and a refuted instance of each exported
/// kind it covers, small enough for repeated `coqc` runs.
const PROOF_FILE: &str = r#"
lemma = "coq-export"
statement = "A Gaussian plan is determined by its field at one time, except at degenerate times."
reference = "docs/mathematics.md, section 2"

[[instance]]
name = "generic-time"
check = "gaussian-single-time"
plan = "PLANS/gaussian-1d.toml"
t = "1/4"

[[instance]]
name = "t-star"
check = "gaussian-single-time"
plan = "PLANS/gaussian-1d.toml"
t = "1/3"
expect = "refuted"

[[instance]]
name = "two-times-2d"
check = "gaussian-roundtrip"
plan = "PLANS/gaussian-2d.toml"
times = ["1/3", "3/4"]

[[instance]]
name = "symmetric-half"
check = "gaussian-roundtrip"
plan = "PLANS/symmetric-2d.toml"
times = ["1/2"]
expect = "refuted"

[[instance]]
name = "symmetric-half-with-sigma"
check = "gaussian-roundtrip"
plan = "PLANS/symmetric-2d.toml"
times = ["1/2"]
with_sigma = true

[[instance]]
name = "straight-2d"
check = "ot-straight-paths"
m0 = [1, 0]
m1 = [0, 2]
s00 = [[2, 1], [1, 1]]
map = [[2, 1], [1, 3]]

[[instance]]
name = "reflection"
check = "ot-straight-paths"
plan = { kind = "gaussian", m0 = ["0", "0"], m1 = ["0", "0"], s00 = [["1", "0"], ["0", "1"]], s11 = [["1", "0"], ["0", "1"]], c = [["1", "0"], ["0", "-1"]] }
map = [["1", "0"], ["0", "-1"]]
expect = "refuted"

[[instance]]
name = "well-posed-1d"
check = "gaussian-well-posed"
plan = "PLANS/gaussian-1d.toml"

[[instance]]
name = "collapse"
check = "gaussian-well-posed"
plan = "PLANS/collapse-1d.toml"
expect = "refuted"

[[instance]]
name = "rotation-pair"
check = "density-only-witness"
plan = "PLANS/rotation.toml"
other = "PLANS/rotation-minus.toml"

[[instance]]
name = "densities-determine-1d"
check = "density-only-witness"
plan = "PLANS/gaussian-1d.toml"
expect = "refuted"

# a map indefinite only along (1, 1, 1), not along any e_i or e_i +- e_j
[[instance]]
name = "indefinite-hidden"
check = "ot-straight-paths"
plan = { kind = "gaussian", m0 = [0, 0, 0], m1 = [0, 0, 0], s00 = [["1", "0", "0"], ["0", "1", "0"], ["0", "0", "1"]], c = [["1", "-3/5", "-3/5"], ["-3/5", "1", "-3/5"], ["-3/5", "-3/5", "1"]], s11 = [["43/25", "-21/25", "-21/25"], ["-21/25", "43/25", "-21/25"], ["-21/25", "-21/25", "43/25"]] }
map = [["1", "-3/5", "-3/5"], ["-3/5", "1", "-3/5"], ["-3/5", "-3/5", "1"]]
expect = "refuted"

[[instance]]
name = "lyapunov-2d"
check = "gaussian-lyapunov"
plan = "PLANS/gaussian-2d.toml"

[[instance]]
name = "lyapunov-claimed"
check = "gaussian-lyapunov"
plan = "PLANS/rotation.toml"
t = "1/2"
a = [[0, -2], [2, 0]]

[[instance]]
name = "lyapunov-wrong"
check = "gaussian-lyapunov"
plan = "PLANS/gaussian-1d.toml"
t = "1/2"
a = "6/5"
expect = "refuted"

[[instance]]
name = "counterexample-2d"
check = "multidim-counterexample"
dim = 2
sigma2 = 2
tau2 = 1
eps = "1/4"
moment_degree = 4

[[instance]]
name = "counterexample-negative"
check = "multidim-counterexample"
dim = 2
sigma2 = 2
tau2 = 1
eps = "29/100"
moment_degree = 4
expect = "refuted"

[[instance]]
name = "deterministic-2d"
check = "deterministic-plan"
plan = "PLANS/linear-2d.toml"

[[instance]]
name = "not-deterministic-3d"
check = "deterministic-plan"
plan = "PLANS/gaussian-3d.toml"
expect = "refuted"

[[instance]]
name = "atlas-d2-k2"
check = "atlas-kernel"
dim = 2
degree = 2
kernel_dim = 0
density_only_kernel_dim = 1

[[instance]]
name = "flux-mixture"
check = "flux-identity"
plan = "PLANS/mixture-3.toml"
t = ["1/4", "3/4"]
x = ["-1", "2"]
tolerance = "1e-20"

# Sigma_t = (1 - 3t)^2 vanishes at t = 1/3, outside the listed times
[[instance]]
name = "flux-near-collapse"
check = "flux-identity"
plan = { kind = "gaussian", m0 = "0", m1 = "0", s00 = "1", s11 = "4", c = "-2" }
t = ["1/2", "3/4"]
x = ["1/3"]
tolerance = "1e-20"

[[instance]]
name = "flux-other-field"
check = "flux-identity"
plan = "PLANS/gaussian-1d.toml"
field_of = "PLANS/corr-zero.toml"
t = ["1/4"]
x = ["-1", "1"]
tolerance = "1e-20"
expect = "refuted"

[[instance]]
name = "flux-box-collapse"
check = "flux-identity-box"
plan = { kind = "gaussian", m0 = "0", m1 = "0", s00 = "1", s11 = "4", c = "-2" }
t = ["1/2", "1"]
x = ["-3", "3"]
points = 3

[[instance]]
name = "transport-1d"
check = "transport-identity"
plan = "PLANS/gaussian-1d.toml"
t = "1/2"
x = ["-1", "2"]
tolerance = "1e-20"

[[instance]]
name = "flow-1d"
check = "flow-identity"
plan = "PLANS/gaussian-1d.toml"
t = ["0", "1"]
x = ["1"]
tolerance = "1e-20"

# x = 0 is the mean of X0, where Phi_t(x) = m_t and the fields agree
[[instance]]
name = "flow-other-field"
check = "flow-identity"
plan = "PLANS/gaussian-1d.toml"
field_of = "PLANS/corr-zero.toml"
t = ["1/2"]
x = ["0", "-1"]
tolerance = "1e-20"
expect = "refuted"

[[instance]]
name = "separation-1d"
check = "field-separation"
plan = "PLANS/gaussian-1d.toml"
other = "PLANS/corr-zero.toml"

[[instance]]
name = "separation-same-plan"
check = "field-separation"
plan = "PLANS/gaussian-1d.toml"
other = "PLANS/gaussian-1d.toml"
expect = "refuted"

[[instance]]
name = "same-map-1d"
check = "same-map-different-fields"
plan = "PLANS/gaussian-1d.toml"
other = "PLANS/corr-zero.toml"
x = ["0", "1"]
tolerance = "1e-20"

# names whose Coq forms would meet: `instance__plan` is the first's data
[[instance]]
name = "instance"
check = "gaussian-single-time"
plan = { kind = "gaussian", m0 = 0, m1 = 0, s00 = 1, s11 = 1, c = 0 }
t = "1/4"

[[instance]]
name = "_plan"
check = "gaussian-single-time"
plan = { kind = "gaussian", m0 = 0, m1 = 0, s00 = 1, s11 = 1, c = 0 }
t = "1/4"
"#;

/// Whether `coqc` can be run ([`common::tool_present`]).
fn coqc_present() -> bool {
    common::tool_present("coqc", "the Coq export's check", "coq libcoq-coquelicot")
}

/// Runs `coqc` on `file` in `dir` (the definitions compiled there), with
/// its output.
fn coqc(dir: &Path, file: &str) -> (bool, String) {
    let out = Command::new("coqc")
        .args(["-Q", ".", "IFM", file])
        .current_dir(dir)
        .output()
        .expect("coqc runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

/// The export of [`PROOF_FILE`] into a fresh folder named after `test`,
/// the definitions compiled: the folder and the exported file's text.
fn exported(test: &str) -> (PathBuf, String) {
    let dir = std::env::temp_dir().join(format!("ifm-coq-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let plans = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/plans");
    let proof = dir.join("export.toml");
    std::fs::write(
        &proof,
        PROOF_FILE.replace("PLANS", &plans.display().to_string()),
    )
    .unwrap();
    let out = dir.join("coq");
    let (status, stdout, stderr) = common::run(&[
        "export-coq",
        proof.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(status, 0, "{stderr}");
    assert!(stdout.contains("32 theorems"), "{stdout}");
    for library in ["IFM.v", "OneDimension.v"] {
        assert_eq!(
            std::fs::read_to_string(out.join(library)).unwrap(),
            std::fs::read_to_string(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("coq")
                    .join(library)
            )
            .unwrap(),
            "the definitions written are the repository's"
        );
        let (ok, log) = coqc(&out, library);
        assert!(ok, "{log}");
    }
    let text = std::fs::read_to_string(out.join("export.v")).unwrap();
    (out, text)
}

#[test]
fn exported_theorems_pass_coqc_on_the_axioms_of_the_reals_only() {
    if !coqc_present() {
        return;
    }
    let (coq, text) = exported("axioms");
    for theorem in [
        "generic_time",
        "t_star",
        "two_times_2d",
        "symmetric_half",
        "symmetric_half_with_sigma",
        "straight_2d",
        "reflection",
        "well_posed_1d",
        "collapse",
        "rotation_pair",
        "densities_determine_1d",
        "indefinite_hidden",
        "lyapunov_2d",
        "lyapunov_claimed",
        "lyapunov_wrong",
        "counterexample_2d",
        "counterexample_negative",
        "deterministic_2d",
        "not_deterministic_3d",
        "atlas_d2_k2",
        "flux_mixture",
        "flux_near_collapse",
        "flux_other_field",
        "flux_box_collapse",
        "transport_1d",
        "flow_1d",
        "flow_other_field",
        "separation_1d",
        "separation_same_plan",
        "same_map_1d",
        "instance",
        "instance_plan",
    ] {
        assert!(text.contains(&format!("Theorem {theorem} :")), "{text}");
    }
    assert!(!text.contains("Admitted") && !text.contains("Axiom"));
    let (ok, log) = coqc(&coq, "export.v");
    assert!(ok, "{log}");
    // `Print Assumptions` of each theorem: only the reals' axioms
    let axioms: Vec<&str> = log
        .lines()
        .filter(|l| !l.starts_with(' ') && !l.is_empty())
        .filter(|l| *l != "Axioms:" && !l.starts_with("Assumptions of "))
        .map(|l| l.split(':').next().unwrap().trim())
        .collect();
    assert!(!axioms.is_empty(), "{log}");
    for a in axioms {
        assert!(
            STANDARD_REAL_AXIOMS.contains(&a),
            "unexpected assumption {a}:\n{log}"
        );
    }
}

/// Each change makes a statement false or a witness wrong: `coqc` must
/// reject the file.
#[test]
fn a_changed_number_makes_coqc_fail() {
    if !coqc_present() {
        return;
    }
    let (coq, text) = exported("changed");
    let changes = [
        // the certified plan's own C: the uniqueness then names the wrong C
        (
            "(mat_of [[1]]).\n\nTheorem generic_time",
            "(mat_of [[2]]).\n\nTheorem generic_time",
        ),
        // the time of the certified claim moved to the degenerate t* = 1/3
        (
            "(with_C generic_time__plan C') (1/4)",
            "(with_C generic_time__plan C') (1/3)",
        ),
        // the refuted instance's second plan
        ("exists (mat_of [[2]])", "exists (mat_of [[3]])"),
        // a coefficient of a combination that recovers an entry of C
        (
            "(891/866) (@eq_refl R 0) HP0_0_0)",
            "(892/866) (@eq_refl R 0) HP0_0_0)",
        ),
        // the map of straight paths: no longer the optimal plan's
        (
            "straight_2d__map : mat := (mat_of [[2; 1]; [1; 3]])",
            "straight_2d__map : mat := (mat_of [[2; 1]; [1; 4]])",
        ),
        // the vector that shows the reflection is not positive definite
        (
            "specialize (Hx (vec_of [0; 1]))",
            "specialize (Hx (vec_of [1; 0]))",
        ),
        // the time at which the collapsing plan's Sigma_t is singular
        (
            "destruct (H (1/2) ltac:(split; lra))",
            "destruct (H (1/3) ltac:(split; lra))",
        ),
        // the constant of positive definiteness, too large
        (
            "exists (1/4); split; [lra | ].",
            "exists (1/2); split; [lra | ].",
        ),
        // the second plan with the same densities: now a different Sigma_t
        (
            "exists (mat_of [[0; (-1)]; [1; 0]])",
            "exists (mat_of [[0; (-1)]; [(-1); 0]])",
        ),
        // the claimed A_t of the rotation: no longer a solution
        (
            "lyapunov_claimed__a : mat := (mat_of [[0; (-2)]; [2; 0]])",
            "lyapunov_claimed__a : mat := (mat_of [[0; (-2)]; [3; 0]])",
        ),
        // the refuted A_t replaced by the plan's own a_{1/2} = 6/7
        (
            "lyapunov_wrong__a : mat := (mat_of [[(6/5)]])",
            "lyapunov_wrong__a : mat := (mat_of [[(6/7)]])",
        ),
        // the map of a deterministic plan: X1 = T X0 + d no longer holds
        (
            "deterministic_2d__map : mat := (mat_of [[1; 2]; [0; 1]])",
            "deterministic_2d__map : mat := (mat_of [[1; 2]; [0; 2]])",
        ),
        // tr Var(X1 | X0) of the plan that is not deterministic, off by 1/15876000
        ("(66456893/15876000)", "(66456894/15876000)"),
        // the dimension of I(V)_2 (spanned by a1 b2 - a2 b1) claimed one too high
        (
            "poly_dimension (exps 4 2) (vanishes_on_cone 2) 1.",
            "poly_dimension (exps 4 2) (vanishes_on_cone 2) 2.",
        ),
        // its basis vector made a1 b2 + a2 b1, not zero on the cone
        (
            "exists [(vec_of [0; 0; 0; 0; (-1); 0; 1; 0; 0; 0])]",
            "exists [(vec_of [0; 0; 0; 0; 1; 0; 1; 0; 0; 0])]",
        ),
        // the certified counterexample's eps above e^(3/2)/16: pi' < 0 somewhere
        (
            "0 <= gauss 2 2 z + (1/4) * perturbation 2 1 z",
            "0 <= gauss 2 2 z + (3/10) * perturbation 2 1 z",
        ),
        // a weight of the mixture: the weights no longer sum to 1
        (
            "[((1/3), Plan1 0 2 1 (1/4) (1/4));",
            "[((1/4), Plan1 0 2 1 (1/4) (1/4));",
        ),
        // a listed time moved to t = 1/3, where Sigma_t = (1 - 3t)^2 = 0
        (
            "flux_near_collapse__times : list R := [(1/2); (3/4)]",
            "flux_near_collapse__times : list R := [(1/3); (3/4)]",
        ),
        // the box widened to t = 1/3
        ("forall t x, (1/2) <= t <= 1", "forall t x, (1/4) <= t <= 1"),
        // the other plan's field at the refuting point, replaced by the plan's own
        ("with (20/13) by", "with (20/19) by"),
        // the other plan made the plan itself: its field no longer differs
        (
            "flux_other_field__other : plan1 := Plan1 0 2 1 4 0.",
            "flux_other_field__other : plan1 := Plan1 0 2 1 4 1.",
        ),
        // the map compared with F at another time than 0
        (
            "= cdf1 transport_1d__plan 0 x",
            "= cdf1 transport_1d__plan (1/4) x",
        ),
        // the flow's rate read at x, not at Phi_t(x)
        (
            "(field1 flow_1d__plan t (flow1 flow_1d__plan t x))",
            "(field1 flow_1d__plan t x)",
        ),
        // the other plan's slope G_t / Sigma_t replaced by the plan's own
        (
            "with (6/5) by (unfold flow_other_field__other",
            "with (6/7) by (unfold flow_other_field__other",
        ),
        // the second plan of a separation given another mean of X1
        (
            "separation_1d__other : plan1 := Plan1 0 2 1 4 0.",
            "separation_1d__other : plan1 := Plan1 0 3 1 4 0.",
        ),
        // a plan written twice made two plans: the refutation no longer holds
        (
            "separation_same_plan__other : plan1 := Plan1 0 2 1 4 1.",
            "separation_same_plan__other : plan1 := Plan1 0 2 1 4 0.",
        ),
        // the plan's field at the separating point, replaced by the other's
        (
            "with (20/7) by (unfold same_map_1d__plan",
            "with (16/5) by (unfold same_map_1d__plan",
        ),
    ];
    // the point where the refuted counterexample's pi' < 0, moved inside
    // rho < 2 tau^2 (where pi' > 0)
    let point_start = text
        .find("exists (vec_of [")
        .map(|i| i + "exists (vec_of [".len())
        .expect("the refuted counterexample's point");
    let point = &text[point_start..point_start + text[point_start..].find(';').unwrap()];
    let moved = text.replace(point, "(1/2)");
    let changes = changes
        .iter()
        .map(|&(from, to)| {
            assert_eq!(text.matches(from).count(), 1, "`{from}` once in:\n{text}");
            (from.to_string(), text.replacen(from, to, 1), to)
        })
        .chain([(point.to_string(), moved, "(1/2)")]);
    for (from, changed, to) in changes {
        std::fs::write(coq.join("changed.v"), changed).unwrap();
        let (ok, log) = coqc(&coq, "changed.v");
        assert!(!ok, "coqc accepted the change `{from}` -> `{to}`:\n{log}");
    }
}
