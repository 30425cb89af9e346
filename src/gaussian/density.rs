//! The density of `X_t` of a Gaussian plan in any dimension, enclosed
//! (docs/mathematics.md section 2):
//! `p_t(x) = (2 pi)^(-D/2) det(Sigma_t)^(-1/2) exp(-(x - m_t)^T Sigma_t^{-1} (x - m_t) / 2)`.
//!
//! Contract: `det Sigma_t` and the quadratic form are exact rationals (one
//! exact solve per time); `pi`, the square root and the exponential are
//! enclosed at `prec` bits with outward rounding. Where `Sigma_t` is
//! singular `X_t` has no density: [`FieldError::SingularSigma`].

use super::field::{check_time, FieldError};
use super::plan::GaussianPlan;
use crate::exact::{MatrixError, QMatrix, Q};
use crate::interval::Interval;

/// `Sigma_t^{-1}` and `det Sigma_t` at one time, for many points.
pub struct DensityAt {
    inverse: QMatrix,
    m_t: Vec<Q>,
    /// `(2 pi)^(-D/2) det(Sigma_t)^(-1/2)`, enclosed.
    scale: Interval,
    prec: u32,
}

impl GaussianPlan {
    /// The density of `X_t`, ready to be enclosed at points.
    pub fn density_at(&self, t: &Q, prec: u32) -> Result<DensityAt, FieldError> {
        check_time(t)?;
        let sigma = self.sigma_at(t);
        let singular = |rank| FieldError::SingularSigma { t: t.clone(), rank };
        let inverse = sigma.inverse().map_err(|e| match e {
            MatrixError::Singular { rank, .. } => singular(rank),
            e => unreachable!("square by construction: {e}"),
        })?;
        let det = sigma.det().expect("square");
        let d = self.dim() as u32;
        let two_pi = &Interval::pi(prec) * &Interval::from_i64(2, prec);
        let scale = (&two_pi.pow_u(d) * &Interval::from_rational(&det, prec))
            .sqrt()
            .and_then(|s| s.recip())
            .map_err(|_| singular(sigma.rank()))?;
        Ok(DensityAt {
            inverse,
            m_t: self.mean_at(t),
            scale,
            prec,
        })
    }
}

impl DensityAt {
    /// `p_t(x)`, enclosed; `x` has `D` coordinates.
    pub fn at(&self, x: &[Q]) -> Result<Interval, FieldError> {
        if x.len() != self.m_t.len() {
            return Err(FieldError::PointDimension {
                expected: self.m_t.len(),
                found: x.len(),
            });
        }
        let r: Vec<Q> = x.iter().zip(&self.m_t).map(|(a, b)| a - b).collect();
        let w = self.inverse.mul_vec(&r).expect("dimension checked");
        let quad: Q = r.iter().zip(&w).map(|(a, b)| a * b).sum();
        let exponent = Interval::from_rational(&(-quad / Q::from_integer(2.into())), self.prec);
        Ok(&self.scale * &exponent.exp())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_standard_normal_in_two_dimensions_and_a_singular_time() {
        let z = |n: i64| Q::from_integer(n.into());
        let id = QMatrix::identity(2);
        let plan = GaussianPlan::new(
            vec![z(0), z(0)],
            vec![z(0), z(0)],
            id.clone(),
            id.clone(),
            QMatrix::zeros(2, 2),
        )
        .unwrap();
        // t = 0: N(0, I); p(0) = 1/(2 pi), p(1, 1) = e^-1/(2 pi)
        let p = plan.density_at(&z(0), 128).unwrap();
        let at0 = p.at(&[z(0), z(0)]).unwrap();
        let expected = 1.0 / (2.0 * std::f64::consts::PI);
        assert!(
            at0.lo().to_f64() <= expected * (1.0 + 1e-15)
                && at0.hi().to_f64() >= expected * (1.0 - 1e-15)
        );
        assert!(at0.width() < rug::Float::with_val(128, 1e-35));
        let at1 = p.at(&[z(1), z(1)]).unwrap();
        let e1 = expected * (-1.0f64).exp();
        assert!((at1.mid().to_f64() - e1).abs() < 1e-15);
        assert!(p.at(&[z(1)]).is_err());
        // X1 = -X0 collapses at t = 1/2
        let flip = GaussianPlan::new(
            vec![z(0), z(0)],
            vec![z(0), z(0)],
            id.clone(),
            id.clone(),
            id.scale(&z(-1)),
        )
        .unwrap();
        assert!(flip.density_at(&Q::new(1.into(), 2.into()), 64).is_err());
    }
}
