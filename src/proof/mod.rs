//! Proof files, the checks they name, the runner and the certificates
//! (docs/file-formats.md, docs/verdicts.md, docs/check-kinds.md).
//!
//! A proof file states one lemma and lists instances; each instance names a
//! check kind (one module per kind under [`kinds`]: its data, parsing,
//! preconditions, evidence and claim), its data, and its expected verdict
//! (`expect = "refuted"` for a negative control: a false claim the checker
//! must catch). The verdict is derived from the kind's evidence in one
//! place, [`verdict::Evidence::verdict`].

pub mod check;
pub mod fields;
pub mod figure;
pub mod keys;
pub mod kind;
pub mod kinds;
pub mod runner;
pub mod spec;
pub mod verdict;
pub mod wire;

pub use kinds::{CheckSpec, KINDS};
pub use runner::{certificates, exit_status, load, run_all, select, table, InstanceResult};
pub use spec::{parse_proof_file, read_proof_file, Instance, ProofFile};
pub use verdict::{Evidence, Residual, Verdict};
