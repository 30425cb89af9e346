//! Gaussian plans in any dimension (docs/mathematics.md sections 2 and 6).
//!
//! Everything here is exact over Q but the density of `X_t` ([`density`],
//! enclosed): the forward field of a plan
//! ([`GaussianPlan::field_at`]), its well-posedness on `[0, 1]`
//! ([`GaussianPlan::well_posedness`]), the Lyapunov identity as a polynomial
//! identity in `t`, the inverse problem ([`GaussianFieldData::invert`]),
//! density-only non-identifiability witnesses ([`density_only_witness`]),
//! straight paths of the optimal plan and the deterministic-plan lemma
//! ([`straight`]), and the one-dimensional flow ([`flow`]).

pub mod consistent;
pub mod density;
pub mod field;
pub mod flow;
pub mod inverse;
pub mod plan;
pub mod straight;
pub mod wellposed;
pub mod witness;

pub use consistent::{Observations, ObservedTime};
pub use field::{check_time, FieldAt, FieldError};
pub use inverse::{FieldSample, GaussianFieldData, Inversion, InversionError};
pub use plan::{GaussianPlan, PlanError};
pub use wellposed::WellPosedness;
pub use witness::{density_only_witness, DensityWitness};
