//! The forward problem: the FM field of a Gaussian plan, exactly.
//!
//! Contract (docs/mathematics.md section 2), all exact at rational `t` in `[0, 1]`:
//! `m_t = (1-t) m0 + t m1`, `Sigma_t = (1-t)^2 S00 + 2t(1-t) S + t^2 S11`,
//! `G_t = (1-t) C^T + t S11 - (1-t) S00 - t C`, `A_t = G_t Sigma_t^{-1}`,
//! `b_t = (m1 - m0) - A_t m_t`, `v_t(x) = A_t x + b_t`. Where `Sigma_t` is
//! singular the field is not defined and [`GaussianPlan::field_at`] says so.
//! `Sigma_t` and `G_t` are also available as polynomial matrices in `t`, so
//! that identities in `t` are checked as polynomial identities.

use super::plan::GaussianPlan;
use crate::exact::Q;
use crate::exact::{format_rational, MatrixError, PolyMatrix, QMatrix};
use num_traits::{One, Zero};
use std::fmt;

/// Why the field cannot be evaluated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldError {
    /// `t` is outside `[0, 1]`.
    TimeOutOfRange(Q),
    /// `Sigma_t` is singular: the field is not defined at `t`.
    SingularSigma {
        /// The time.
        t: Q,
        /// The rank of `Sigma_t`.
        rank: usize,
    },
    /// The point has the wrong number of coordinates.
    PointDimension {
        /// Expected.
        expected: usize,
        /// Found.
        found: usize,
    },
    /// A value that cannot be enclosed at this precision over this box
    /// (the box is too wide, or not finite).
    Unenclosed(crate::interval::IntervalError),
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldError::TimeOutOfRange(t) => {
                write!(f, "t = {} is outside [0, 1]", format_rational(t))
            }
            FieldError::SingularSigma { t, rank } => write!(
                f,
                "Sigma_t is singular at t = {} (rank {rank}): the field is not defined there",
                format_rational(t)
            ),
            FieldError::PointDimension { expected, found } => write!(
                f,
                "the point has {found} coordinates, the plan has dimension {expected}"
            ),
            FieldError::Unenclosed(e) => write!(f, "not enclosed at this precision: {e}"),
        }
    }
}

impl std::error::Error for FieldError {}

/// The field of a Gaussian plan at one time: `v_t(x) = A_t x + b_t`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldAt {
    /// The time.
    pub t: Q,
    /// `m_t`.
    pub m_t: Vec<Q>,
    /// `Sigma_t`.
    pub sigma_t: QMatrix,
    /// `G_t = Cov(X1 - X0, X_t)`.
    pub g_t: QMatrix,
    /// `A_t = G_t Sigma_t^{-1}`.
    pub a_t: QMatrix,
    /// `b_t = (m1 - m0) - A_t m_t`.
    pub b_t: Vec<Q>,
}

impl FieldAt {
    /// `v_t(x) = A_t x + b_t`.
    pub fn velocity(&self, x: &[Q]) -> Result<Vec<Q>, FieldError> {
        let ax = self
            .a_t
            .mul_vec(x)
            .map_err(|_| FieldError::PointDimension {
                expected: self.b_t.len(),
                found: x.len(),
            })?;
        Ok(ax.iter().zip(&self.b_t).map(|(a, b)| a + b).collect())
    }
}

fn q(n: i64) -> Q {
    Q::from_integer(n.into())
}

/// `m_t = (1 - t) m0 + t m1`.
pub(crate) fn mean_between(m0: &[Q], m1: &[Q], t: &Q) -> Vec<Q> {
    let s = Q::one() - t;
    m0.iter().zip(m1).map(|(a, b)| &s * a + t * b).collect()
}

/// `t` in `[0, 1]`, else [`FieldError::TimeOutOfRange`].
pub fn check_time(t: &Q) -> Result<(), FieldError> {
    if *t < Q::zero() || *t > Q::one() {
        return Err(FieldError::TimeOutOfRange(t.clone()));
    }
    Ok(())
}

impl GaussianPlan {
    /// `m_t = (1-t) m0 + t m1`.
    pub fn mean_at(&self, t: &Q) -> Vec<Q> {
        mean_between(self.m0(), self.m1(), t)
    }

    /// `Sigma_t` as a polynomial matrix:
    /// `S00 + t (2S - 2 S00) + t^2 (S00 - 2S + S11)`.
    pub fn sigma_poly(&self) -> PolyMatrix {
        let s = self.symmetric_part();
        let two_s = s.scale(&q(2));
        let c1 = two_s.sub(&self.s00().scale(&q(2))).expect("square");
        let c2 = self
            .s00()
            .sub(&two_s)
            .and_then(|m| m.add(self.s11()))
            .expect("square");
        PolyMatrix::from_coefficients(&[self.s00(), &c1, &c2])
    }

    /// `G_t` as a polynomial matrix: `(C^T - S00) + t (S11 + S00 - C - C^T)`.
    pub fn g_poly(&self) -> PolyMatrix {
        let ct = self.c().transpose();
        let c0 = ct.sub(self.s00()).expect("square");
        let c1 = self
            .s11()
            .add(self.s00())
            .and_then(|m| m.sub(self.c()))
            .and_then(|m| m.sub(&ct))
            .expect("square");
        PolyMatrix::from_coefficients(&[&c0, &c1])
    }

    /// `Sigma_t` at a rational `t`.
    pub fn sigma_at(&self, t: &Q) -> QMatrix {
        self.sigma_poly().eval(t)
    }

    /// `G_t` at a rational `t`.
    pub fn g_at(&self, t: &Q) -> QMatrix {
        self.g_poly().eval(t)
    }

    /// The field at a rational `t` in `[0, 1]`, exactly.
    ///
    /// ```
    /// use ifm_check::exact::QMatrix;
    /// use ifm_check::gaussian::{FieldError, GaussianPlan};
    /// use ifm_check::exact::Q;
    /// let z = |n: i64| Q::from_integer(n.into());
    /// // D = 1, X1 = -X0: Sigma_{1/2} = 0, the field is not defined there
    /// let one = QMatrix::identity(1);
    /// let plan = GaussianPlan::new(vec![z(0)], vec![z(0)], one.clone(), one.clone(), one.scale(&z(-1))).unwrap();
    /// let half = Q::new(1.into(), 2.into());
    /// assert!(matches!(plan.field_at(&half), Err(FieldError::SingularSigma { rank: 0, .. })));
    /// // at t = 1/4: sigma_t^2 = (1 - 2t)^2 = 1/4, a_t = (d/dt sigma_t^2) / (2 sigma_t^2) = -4
    /// let f = plan.field_at(&Q::new(1.into(), 4.into())).unwrap();
    /// assert_eq!(f.a_t[(0, 0)], z(-4));
    /// ```
    pub fn field_at(&self, t: &Q) -> Result<FieldAt, FieldError> {
        check_time(t)?;
        let sigma_t = self.sigma_at(t);
        let g_t = self.g_at(t);
        // A = G Sigma^{-1}  <=>  Sigma A^T = G^T (Sigma symmetric)
        let a_t = match sigma_t.solve(&g_t.transpose()) {
            Ok(at) => at.transpose(),
            Err(MatrixError::Singular { rank, .. }) => {
                return Err(FieldError::SingularSigma { t: t.clone(), rank })
            }
            Err(e) => unreachable!("square by construction: {e}"),
        };
        let m_t = self.mean_at(t);
        let am = a_t.mul_vec(&m_t).expect("dimension");
        let b_t = self
            .m1()
            .iter()
            .zip(self.m0())
            .zip(&am)
            .map(|((m1, m0), a)| m1 - m0 - a)
            .collect();
        Ok(FieldAt {
            t: t.clone(),
            m_t,
            sigma_t,
            g_t,
            a_t,
            b_t,
        })
    }

    /// The Lyapunov identity `d/dt Sigma_t = G_t + G_t^T` as a polynomial
    /// matrix: zero iff it holds for every `t`. Since `A_t Sigma_t = G_t`,
    /// this is `d/dt Sigma_t = A_t Sigma_t + Sigma_t A_t^T` with `Sigma_t^{-1}`
    /// cleared.
    pub fn lyapunov_residual(&self) -> PolyMatrix {
        let g = self.g_poly();
        self.sigma_poly().derivative().sub(&g.add(&g.transpose()))
    }

    /// The residual `A Sigma_t + Sigma_t A^T - d/dt Sigma_t` of a claimed
    /// matrix `A` at `t` (zero iff `A` satisfies the continuity equation
    /// for this plan's `Sigma` at `t`).
    pub fn lyapunov_residual_at(&self, t: &Q, a: &QMatrix) -> Result<QMatrix, MatrixError> {
        let sigma = self.sigma_at(t);
        let a_sigma = a.mul(&sigma)?;
        a_sigma
            .add(&a_sigma.transpose())?
            .sub(&self.sigma_poly().derivative().eval(t))
    }
}
