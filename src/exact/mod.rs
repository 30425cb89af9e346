//! Exact arithmetic over Q: parsing, dense matrices, definiteness,
//! polynomials with Sturm sequences, and ranks modulo a prime.
//!
//! Every function here is exact: there is no rounding anywhere in this
//! module, and it calls nothing else of this crate. Rationals are
//! `num_rational::BigRational`; conversions to GMP values (for the interval
//! layer, and for the integer work of the solvers and of LDL^T) are
//! lossless ([`convert`]).

pub mod convert;
pub mod elimination;
pub mod equation;
mod lu_mod_p;
pub mod matrix;
pub mod modular;
pub mod modular_solve;
pub mod parse;
pub mod poly;
pub mod polymatrix;
pub mod psd;
mod small_prime;

pub use equation::IntegerEquation;
pub use matrix::{
    lcm_of_denominators, solve_integer_equations, solve_integer_system, MatrixError, QMatrix,
    SystemSolution,
};
pub use modular::{
    det_mod_p, rank_mod_p, rank_mod_p_of_integers, rank_profile_mod_p, PrimeField, MERSENNE_61,
};
pub use parse::{format_rational, parse_rational, NumberError};
pub use poly::{Poly, Positivity};
pub use polymatrix::PolyMatrix;
pub use psd::{definiteness, Definiteness, PivotFailure};

/// The exact rational type used throughout the crate.
pub type Q = num_rational::BigRational;

/// Xorshift64: the next pseudo-random word of the tests' deterministic
/// streams (`state` must start nonzero).
#[cfg(test)]
pub(crate) fn xorshift(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}
