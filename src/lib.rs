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

pub mod atlas;
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
