//! The deterministic Gaussian plans of the inversion benchmarks, shared by
//! `benches/gaussian_inversion.rs` and the peer comparison
//! (`benches/compare/workloads.rs`).

use ifm_check::exact::QMatrix;
use ifm_check::gaussian::GaussianPlan;
use num_rational::BigRational;

/// A deterministic plan whose matrices have 8-digit rational entries:
/// diagonally dominant, so the joint covariance is positive definite.
pub fn plan(d: usize) -> GaussianPlan {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15 ^ d as u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % 90_000_000 + 10_000_000) as i64
    };
    let scale = BigRational::from_integer(100_000_000.into());
    let mut entry = |sign: bool| {
        let v = BigRational::new(next().into(), 1.into()) / &scale;
        if sign && next() % 2 == 0 {
            -v
        } else {
            v
        }
    };
    let big = BigRational::from_integer((4 * d as i64).into());
    let sym = |entry: &mut dyn FnMut(bool) -> BigRational| {
        let mut m = QMatrix::zeros(d, d);
        for i in 0..d {
            for j in 0..i {
                let v = entry(true) / BigRational::from_integer(2.into());
                m[(i, j)] = v.clone();
                m[(j, i)] = v;
            }
            m[(i, i)] = &big + entry(false);
        }
        m
    };
    let s00 = sym(&mut entry);
    let s11 = sym(&mut entry);
    let mut c = QMatrix::zeros(d, d);
    for i in 0..d {
        for j in 0..d {
            c[(i, j)] = entry(true);
        }
    }
    let m0 = (0..d).map(|_| entry(true)).collect();
    let m1 = (0..d).map(|_| entry(true)).collect();
    GaussianPlan::new(m0, m1, s00, s11, c).expect("diagonally dominant")
}
