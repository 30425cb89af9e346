//! Well-posedness of the field on all of `[0, 1]`.
//!
//! Contract (docs/mathematics.md section 2): `Sigma_t` is positive definite for every
//! `t` in `[0, 1]` iff every leading principal minor of `Sigma_t` (a
//! polynomial in `t` with rational coefficients, Sylvester's criterion) is
//! positive on `[0, 1]`. Each minor is computed exactly and proven positive
//! by Sturm sequences; on failure, an exact rational interval of `t` (as
//! narrow as asked) is returned that contains a time where `Sigma_t` is not
//! positive definite.
//!
//! First, a shortcut: `Sigma_t = V_t^T Gamma V_t` with `Gamma` the joint
//! covariance and `V_t = [(1-t) I; t I]`, which has full column rank for
//! every `t`. So when `Gamma` is positive definite (decided exactly by
//! LDL^T), `Sigma_t` is positive definite on all of `[0, 1]` and no
//! polynomial is needed; only degenerate plans take the Sturm route.

use super::plan::GaussianPlan;
use crate::exact::Q;
use crate::exact::{definiteness, Poly, Positivity};
use num_traits::{One, Zero};

/// The outcome of [`GaussianPlan::well_posedness`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WellPosedness {
    /// `Sigma_t` is positive definite on `[0, 1]`: proven because the
    /// joint covariance is positive definite.
    JointPositiveDefinite,
    /// `Sigma_t` is positive definite on `[0, 1]`: proven by Sturm sequences.
    WellPosed {
        /// The leading principal minors of `Sigma_t`, each proven positive.
        minors: Vec<Poly>,
    },
    /// `Sigma_t` fails to be positive definite somewhere in `[lo, hi]`.
    FailsIn {
        /// The order (1-based) of the first leading minor that fails.
        minor: usize,
        /// That minor.
        polynomial: Poly,
        /// Lower end of the time interval.
        lo: Q,
        /// Upper end.
        hi: Q,
    },
}

impl WellPosedness {
    /// Whether `Sigma_t` was proven positive definite on `[0, 1]`.
    pub fn is_proven(&self) -> bool {
        !matches!(self, WellPosedness::FailsIn { .. })
    }
}

impl GaussianPlan {
    /// Proves `Sigma_t` positive definite on `[0, 1]` or locates a failure
    /// within an interval of width at most `width`.
    ///
    /// ```
    /// use ifm_check::exact::QMatrix;
    /// use ifm_check::gaussian::{GaussianPlan, WellPosedness};
    /// use ifm_check::exact::Q;
    /// let z = |n: i64| Q::from_integer(n.into());
    /// let one = QMatrix::identity(1);
    /// let plan = GaussianPlan::new(vec![z(0)], vec![z(0)], one.clone(), one.clone(), one.scale(&z(-1))).unwrap();
    /// let width = Q::new(1.into(), 1000.into());
    /// match plan.well_posedness(&width) {
    ///     WellPosedness::FailsIn { lo, hi, .. } => {
    ///         let half = Q::new(1.into(), 2.into());
    ///         assert!(lo <= half && half <= hi);
    ///     }
    ///     _ => panic!("X1 = -X0 collapses at t = 1/2"),
    /// }
    /// ```
    pub fn well_posedness(&self, width: &Q) -> WellPosedness {
        if definiteness(&self.joint_covariance()).is_ok_and(|d| d.is_definite()) {
            return WellPosedness::JointPositiveDefinite;
        }
        let sigma = self.sigma_poly();
        let (zero, one) = (Q::zero(), Q::one());
        let mut minors = Vec::with_capacity(self.dim());
        for k in 1..=self.dim() {
            let p = sigma.leading(k).det();
            match p.prove_positive_on(&zero, &one, width) {
                Positivity::Positive => minors.push(p),
                Positivity::FailsIn { lo, hi } => {
                    return WellPosedness::FailsIn {
                        minor: k,
                        polynomial: p,
                        lo,
                        hi,
                    }
                }
            }
        }
        WellPosedness::WellPosed { minors }
    }
}
