//! Density-only non-identifiability (docs/mathematics.md section 2).
//!
//! Contract: `Sigma_t` depends on `C` only through its symmetric part `S`,
//! so plans `C = S + K` and `C' = S + K'` have the same `p_t` for every `t`,
//! while `G_t - G_t^T = -2K` tells them apart through the field. For
//! `D >= 2`, [`density_only_witness`] searches a second valid plan with the
//! same `S` and a different `K` (first `C^T`, then `lambda K` for a few
//! rational `lambda`, then `C + delta E_ij` with `E_ij` elementary
//! antisymmetric and `delta = +-2^-k`), and [`verify_density_pair`] checks a
//! pair exactly: same end laws, equal `Sigma_t` as polynomial matrices,
//! both joint covariances PSD, and `A_t != A'_t` at an exact time where
//! both fields are defined. In `D = 1` there is no antisymmetric part: `p_t`
//! determines `c = 2 Sigma_{1/2} - (s00 + s11) / 2`.

use super::plan::GaussianPlan;
use crate::exact::QMatrix;
use crate::exact::Q;

/// The outcome of [`density_only_witness`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DensityWitness {
    /// A second plan with the same `p_t` for every `t` and a different field.
    Found {
        /// The second plan.
        other: GaussianPlan,
        /// How it was built (`C^T`, `lambda K`, `S + delta E_ij`).
        construction: String,
        /// A time where the two fields are defined and differ.
        t: Q,
    },
    /// `D >= 2`, but no candidate gave a valid second plan.
    NotFound {
        /// How many candidates were tried.
        tried: usize,
    },
    /// `D = 1`: the density path determines `c`, recovered from `Sigma_{1/2}`.
    Determined {
        /// `c = 2 Sigma_{1/2} - (s00 + s11) / 2`.
        c: Q,
    },
}

fn r(n: i64, d: i64) -> Q {
    Q::new(n.into(), d.into())
}

/// Why a pair of plans is not a density-only witness.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PairError {
    /// The end laws differ.
    #[error("the two plans have different end laws p0, p1")]
    DifferentMarginals,
    /// `Sigma_t` differs as a polynomial in `t`: `p_t` differs.
    #[error("Sigma_t differs (as a polynomial in t): the densities p_t differ")]
    DifferentDensities,
    /// The fields agree wherever they are defined (the plans are equal).
    #[error("the fields agree: A_t is the same at every time tried (the plans have the same C)")]
    SameField,
}

/// Checks exactly that `b` has the same `p_t` as `a` for every `t` and a
/// different field; returns a time where both fields are defined and differ.
pub fn verify_density_pair(a: &GaussianPlan, b: &GaussianPlan) -> Result<Q, PairError> {
    if a.m0() != b.m0() || a.m1() != b.m1() || a.s00() != b.s00() || a.s11() != b.s11() {
        return Err(PairError::DifferentMarginals);
    }
    if a.sigma_poly() != b.sigma_poly() {
        return Err(PairError::DifferentDensities);
    }
    // Sigma_t is singular at finitely many t; A_t Sigma_t = G_t and
    // G_t - G'_t = K' - K (constant), so the fields differ wherever defined
    // iff C differs. Report the first listed time where both are defined.
    for t in [
        r(1, 2),
        r(1, 3),
        r(2, 3),
        r(1, 4),
        r(3, 4),
        r(1, 5),
        r(4, 5),
        r(1, 7),
        r(6, 7),
    ] {
        if let (Ok(fa), Ok(fb)) = (a.field_at(&t), b.field_at(&t)) {
            if fa.a_t != fb.a_t {
                return Ok(t);
            }
            return Err(PairError::SameField);
        }
    }
    Err(PairError::SameField)
}

/// Searches a density-only witness for `plan` (see the module documentation).
pub fn density_only_witness(plan: &GaussianPlan) -> DensityWitness {
    let d = plan.dim();
    if d == 1 {
        let t = r(1, 2);
        let sigma = plan.sigma_at(&t)[(0, 0)].clone();
        let c = sigma * r(2, 1) - (&plan.s00()[(0, 0)] + &plan.s11()[(0, 0)]) * r(1, 2);
        return DensityWitness::Determined { c };
    }
    let s = plan.symmetric_part();
    let k = plan.antisymmetric_part();
    let mut candidates: Vec<(String, QMatrix)> = Vec::new();
    if !k.is_zero() {
        candidates.push(("C^T (K' = -K)".into(), plan.c().transpose()));
        for (n, den) in [(0, 1), (1, 2), (-1, 2), (3, 2), (2, 1)] {
            let lambda = r(n, den);
            candidates.push((
                format!("S + ({lambda}) K"),
                s.add(&k.scale(&lambda)).expect("square"),
            ));
        }
    }
    let mut tried = 0;
    let mut try_candidate = |name: String, c: QMatrix| -> Option<DensityWitness> {
        tried += 1;
        let other = plan.with_cross_covariance(c).ok()?;
        let t = verify_density_pair(plan, &other).ok()?;
        Some(DensityWitness::Found {
            other,
            construction: name,
            t,
        })
    };
    for (name, c) in candidates {
        if let Some(w) = try_candidate(name, c) {
            return w;
        }
    }
    // S + K + delta E_ij, delta = +-2^-k
    let pairs: Vec<(usize, usize)> = (0..d)
        .flat_map(|i| (i + 1..d).map(move |j| (i, j)))
        .take(64)
        .collect();
    for kexp in 0..24u32 {
        let delta = Q::new(
            1.into(),
            num_traits::pow(num_bigint::BigInt::from(2), kexp as usize),
        );
        for &(i, j) in &pairs {
            for sign in [1i64, -1] {
                let dl = &delta * Q::from_integer(sign.into());
                let mut c = plan.c().clone();
                c[(i, j)] += &dl;
                c[(j, i)] -= &dl;
                if let Some(w) = try_candidate(format!("C + ({dl}) E_{}{}", i + 1, j + 1), c) {
                    return w;
                }
            }
        }
    }
    DensityWitness::NotFound { tried }
}
