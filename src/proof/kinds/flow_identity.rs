//! `flow-identity`: the flow map follows the field,
//! `d/dt Phi_t(x) = v_t(Phi_t(x))` at the points of a grid (mathematics
//! section 3). Its data, parsing and run are those of the flux identity's
//! grid ([`super::flux_identity::PointwiseIdentity`]); its claim and kind
//! are declared there beside the flux identity's.

pub use super::flux_identity::FlowIdentity;
