//! # ifm-check
//!
//! A symbolic-numeric proof checker for the inverse flow matching problem
//! (Korotin and Pammer, "On the Inverse Flow Matching Problem in the
//! One-Dimensional and Gaussian Cases"). The mathematics is in `docs/mathematics.md`,
//! the contract of files and commands in `docs/file-formats.md`.
//!
//! ## Verdict semantics (read once, applies everywhere)
//!
//! Every claim the checker makes rests on one of two kinds of evidence:
//!
//! * **exact**: arithmetic over Q ([`exact`]); the claim holds or fails
//!   with no rounding anywhere;
//! * **interval**: an enclosure ([`interval::Interval`]) computed with
//!   outward rounding at every step, so that the true value of every
//!   quantity lies inside its interval (the inclusion principle).
//!
//! Each check kind returns evidence of one of three forms, and the verdict
//! is derived from it in one place ([`proof::verdict`], `docs/verdicts.md`):
//! a *decision* (holds or fails; no tolerance applies), a *measure* (a
//! residual: `certified` when its enclosure lies inside `[-tol, tol]`,
//! `refuted` when it lies entirely outside), a *bound* (a two-sided
//! enclosure of a quantity claimed `<= b`: its upper end certifies, only its
//! lower end refutes); `inconclusive` when undecided at the largest
//! precision allowed.
//! Predicates on intervals are tri-state for the same reason
//! ([`interval::Tri`]). A float (`f64`) may guide a search (a Newton
//! starting point), never a verdict: no interval is built from an `f64`.
//!
//! Resource limits (precision, digits) are stated in [`limits`].
//!
//! ## The rooms and who may use whom
//!
//! Each module stands on a floor and uses only modules on lower floors (no
//! import runs back up, no two modules import each other; `tests/structure.rs`
//! reads the `crate::` paths of every file and fails otherwise):
//!
//! | floor | modules | what they hold |
//! |---|---|---|
//! | 9 | [`output`] | the documents and text tables of the commands' results |
//! | 8 | [`commands`] | the front door: one checked function per command, typed requests and results, one wording of errors; plan files, the certified distance to a given field, the Coq export |
//! | 7 | [`report`] | the appendix and its figures |
//! | 6 | [`proof`] | proof files, check kinds, verdicts, certificates and their wire format ([`proof::wire`]) |
//! | 5 | [`coq`] | Coq's side of the export: numbers, plans, the proof steps the kinds share, the `.v` file, the definitions files `coq/IFM.v` and `coq/OneDimension.v` ([`coq::line`]: the one-dimensional families as Coq data) |
//! | 4 | [`gaussian`], [`atlas`], [`onedim`] | the mathematical objects: Gaussian plans in any dimension, the identifiability atlas and the counterexample, the one-dimensional families |
//! | 3 | [`interval`], [`input`], [`tex`] | the interval kernel (the only place intervals are made); located reading of TOML input and of request values; math text and LaTeX |
//! | 2 | [`exact`] | exact arithmetic over Q: matrices, polynomials, ranks modulo primes |
//! | 1 | [`limits`] | every resource limit |
//!
//! The command line (`src/cli.rs`) and the Python bindings (`python/`) stand
//! above all of them, as thin adapters over [`commands`].
//!
//! ## A first use
//!
//! The exact field of a Gaussian plan, the certified density of a mixture,
//! and one proof-file instance certified (the program `examples/first_use.rs`
//! does the same with files: `cargo run --example first_use`):
//!
//! ```
//! use ifm_check::exact::parse_rational;
//! use ifm_check::gaussian::GaussianPlan;
//! use ifm_check::exact::QMatrix;
//! use ifm_check::proof::{check, parse_proof_file, Verdict};
//!
//! let q = |s: &str| parse_rational(s).unwrap();
//! // X0 ~ N(0, 1), X1 ~ N(2, 4), Cov(X0, X1) = 1: the field at t = 1/2 is
//! // v(x) = a x + b with a, b exact rationals
//! let plan = GaussianPlan::new(
//!     vec![q("0")], vec![q("2")],
//!     QMatrix::from_i64(&[&[1]]), QMatrix::from_i64(&[&[4]]), QMatrix::from_i64(&[&[1]]),
//! ).unwrap();
//! let field = plan.field_at(&q("1/2")).unwrap();
//! assert_eq!(field.velocity(&[q("1")]).unwrap(), vec![q("2")]);
//!
//! // a proof file with one instance: the plan is identified by its field
//! let text = r#"
//! lemma = "example"
//! statement = "A Gaussian plan is determined by its field."
//! reference = "docs/mathematics.md, section 2"
//! [[instance]]
//! name = "c = 1"
//! check = "gaussian-roundtrip"
//! plan = { kind = "gaussian", m0 = 0, m1 = 2, s00 = 1, s11 = 4, c = 1 }
//! times = ["1/3", "2/3"]
//! "#;
//! let file = parse_proof_file(std::path::Path::new("example.toml"), text.into()).unwrap();
//! let outcome = check::run(&file.instances[0]).unwrap();
//! assert_eq!(outcome.verdict, Verdict::Certified);
//! ```

pub mod atlas;
pub mod commands;
pub mod coq;
pub mod exact;

pub mod gaussian;
pub mod input;
pub mod interval;
pub mod limits;
pub mod onedim;
pub mod output;

pub mod proof;
pub mod report;
pub mod tex;
