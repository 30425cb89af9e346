//! The identifiability atlas of the open multidimensional case (docs/mathematics.md
//! sections 4 and 5).
//!
//! Section 4: knowing `p_t` for every `t` and the field `v_t` fixes the
//! moment generating function of the plan degree by degree up to
//! `Ker_{D,k}`. [`block`] builds the exact linear map (block diagonal by
//! multidegree), [`certificate`] certifies each block's kernel dimension
//! with integer kernel vectors (lower bound) and a minor nonzero modulo a
//! prime (upper bound), and [`table`] assembles the degrees and the closed
//! forms. Section 5: [`counterexample`] certifies the explicit pair of
//! distinct plans with the same field in `D >= 2`.

pub mod block;
pub mod certificate;
pub mod counterexample;
pub mod polynomial;
pub mod table;

pub use certificate::{BlockCertificate, CertificateError};
pub use table::{
    certify_degree, check_request, closed_form_density_only, closed_form_kernel, AtlasRow,
};
