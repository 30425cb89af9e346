//! Proof files, the checks they name, the runner and the certificates
//! (DESIGN.md, "Proof files", "Verdicts", "Certificate").
//!
//! A proof file states one lemma of the paper and lists instances; each
//! instance names a check kind ([`check`] documents every kind: its claim as
//! a formula, its method, its MATH.md section), its data, and its expected
//! verdict (`expect = "refuted"` for a negative control: a false claim the
//! checker must catch).

pub mod check;
pub mod runner;
pub mod spec;
pub mod verdict;

pub use runner::{certificates, exit_status, load, run_all, select, table, InstanceResult};
pub use spec::{parse_proof_file, read_proof_file, Instance, ProofFile, CHECK_KINDS};
pub use verdict::{Residual, Verdict};
