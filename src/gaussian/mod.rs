//! Gaussian plans in any dimension (docs/mathematics.md sections 2, 6 and 8).
//!
//! Everything here is exact over Q but the densities of `X_t` and the
//! fields of mixtures ([`mixture`], enclosed): the forward field of a plan
//! ([`GaussianPlan::field_at`]), its well-posedness on `[0, 1]`
//! ([`GaussianPlan::well_posedness`]), the Lyapunov identity as a polynomial
//! identity in `t`, the inverse problem ([`GaussianFieldData::invert`]),
//! density-only non-identifiability witnesses ([`density_only_witness`]),
//! straight paths of the optimal plan and the deterministic-plan lemma
//! ([`straight`]), and the one-dimensional flow ([`flow`]).

pub mod consistent;
pub mod field;
pub mod flow;
pub mod flow_map;
pub mod inverse;
pub mod mixture;
pub mod plan;
pub mod straight;
pub mod wellposed;
pub mod witness;

pub use consistent::{Observations, ObservedTime};
pub use field::{check_time, FieldAt, FieldError};
pub use inverse::{FieldSample, GaussianFieldData, Inversion, InversionError};
pub use mixture::{GaussianMixture, MixtureAt, MixtureSeparation, MixtureValues};
pub use plan::{GaussianPlan, PlanError};
pub use wellposed::WellPosedness;
pub use witness::{density_only_witness, DensityWitness};
