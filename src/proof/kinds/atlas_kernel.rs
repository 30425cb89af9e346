//! `atlas-kernel`: the certified dimensions of the moment kernel
//! `Ker_{D,k}` and of `I(V)_k` equal the claimed ones (mathematics section 4).

use crate::atlas::certify_degree;
use crate::input::{InputError, Table};
use crate::limits::{MAX_ATLAS_DEGREE, MAX_ATLAS_DIMENSION};
use crate::proof::fields::small_integer;
use crate::proof::keys::{Key, KeyType};
use crate::proof::kind::{About, CheckKind, Context, Form};
use crate::proof::verdict::Evidence;
use serde_json::{json, Value};
use std::path::Path;

/// The data of an `atlas-kernel` instance.
#[derive(Debug, Clone)]
pub struct AtlasKernel {
    /// `D`.
    pub dim: usize,
    /// `k`.
    pub degree: u32,
    /// Claimed `dim Ker_{D,k}`.
    pub kernel_dim: u64,
    /// Claimed `dim I(V)_k`.
    pub density_only_kernel_dim: Option<u64>,
}

impl CheckKind for AtlasKernel {
    const NAME: &'static str = "atlas-kernel";
    const KEYS: &'static [Key] = &[
        Key::required(
            "dim",
            KeyType::Integer(1, MAX_ATLAS_DIMENSION as u64),
            "the dimension `D`",
        ),
        Key::required(
            "degree",
            KeyType::Integer(0, MAX_ATLAS_DEGREE as u64),
            "the degree `k`",
        ),
        Key::required("kernel_dim", KeyType::Count, "the claimed `dim Ker_{D,k}`"),
        Key::optional(
            "density_only_kernel_dim",
            KeyType::Count,
            "not claimed",
            "the claimed `dim I(V)_k`",
        ),
    ];
    const FORM: Form = Form::Decision;
    const ABOUT: About = About {
        claim: "`dim Ker_{D,k}` (and `dim I(V)_k`) equal the claimed values",
        preconditions: "`D` and `k` within the atlas limits (checked when read)",
        section: "4",
        method: "exact: every block certified (integer kernel vectors and a nonzero minor mod p); the dimensions equal or not",
    };
    const HINTS: &'static [&'static str] = &["primes"];

    fn parse(t: &Table<'_>, _: &Path) -> Result<Self, InputError> {
        let dim = small_integer(&t.require("dim")?, 1, MAX_ATLAS_DIMENSION as u64)? as usize;
        let degree_field = t.require("degree")?;
        let degree = small_integer(&degree_field, 0, u64::from(MAX_ATLAS_DEGREE))? as u32;
        crate::atlas::check_request(dim, degree).map_err(|e| degree_field.error(e.to_string()))?;
        Ok(AtlasKernel {
            dim,
            degree,
            kernel_dim: small_integer(&t.require("kernel_dim")?, 0, u64::MAX >> 1)?,
            density_only_kernel_dim: t
                .get("density_only_kernel_dim")
                .map(|f| small_integer(&f, 0, u64::MAX >> 1))
                .transpose()?,
        })
    }

    fn claim(&self) -> String {
        let (dim, degree) = (self.dim, self.degree);
        format!(
            "$\\dim \\mathrm{{Ker}}_{{{dim},{degree}}} = {}${}",
            self.kernel_dim,
            self.density_only_kernel_dim
                .map_or(String::new(), |e| format!(
                    " and $\\dim I(V)_{{{degree}}} = {e}$"
                ))
        )
    }

    fn inputs(&self) -> serde_json::Value {
        json!({"dim": self.dim, "degree": self.degree, "kernel_dim": self.kernel_dim, "density_only_kernel_dim": self.density_only_kernel_dim})
    }

    fn evidence(&self, _: &Context) -> Result<Evidence, String> {
        let row = certify_degree(self.dim, self.degree, || {});
        let holds = row.kernel_dim as u64 == self.kernel_dim
            && self
                .density_only_kernel_dim
                .is_none_or(|e| row.density_only_kernel_dim as u64 == e);
        Ok(Evidence::exact(
            holds,
            json!({"kernel_dim": row.kernel_dim, "density_only_kernel_dim": row.density_only_kernel_dim,
                   "unknowns": row.unknowns, "blocks": row.blocks, "primes": row.primes}),
        ))
    }

    fn found(&self, witness: &Value) -> Option<String> {
        let (dim, degree) = (self.dim, self.degree);
        Some(format!(
            "dim Ker_{{{dim},{degree}}} = {}, dim I(V)_{degree} = {}",
            witness.get("kernel_dim")?,
            witness.get("density_only_kernel_dim")?
        ))
    }
}
