//! One-dimensional plans (docs/mathematics.md section 3): the families, their `p_t`,
//! `F_t`, `v_t`, and the flow map `Phi_t = F_t^{-1} o F_0`.
//!
//! Families and what is exact:
//!
//! | family | `p_t`, `F_t`, `v_t` at rational `(t, x)` |
//! |---|---|
//! | `gaussian` (any correlation, `+-1` included) | enclosures (`m_t`, `Sigma_t`, `a_t` exact, then `erfc`, `exp`, `sqrt`) |
//! | `gaussian-mixture` | enclosures: `p = sum w_i p_i`, `F = sum w_i F_i`, `v = sum w_i p_i v_i / p` |
//! | `discrete` | exact: atoms move on straight lines; `v_t` at an atom is the mean of `x1 - x0` over the atoms there |
//! | `independent-uniform` | exact: trapezoid `p_t`, piecewise quadratic `F_t`, `v_t(x) = (x - mid I(x)) / t` |
//!
//! where `I(x)` is the set of `x0` with `(x0, (x - (1-t) x0)/t)` in the
//! rectangle (the segment `X_t = x`, along which the coupling is uniform).
//!
//! [`exponential`] encloses the exponential moment `E exp(eps (|X0| + |X1|))`
//! of every family from both sides (the upper bound of [`moments`] is a sum of
//! four moment generating functions, up to four times the value).

pub mod compare;
pub mod exponential;
pub mod family;
pub mod flux;
pub mod moments;
pub mod transport;

pub use family::{Atom, GaussianComponent, OneDimPlan, Value};
