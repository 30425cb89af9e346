//! Exact Gaussian inversion at D = 8, 16, 32 with 8-digit rational entries.
//!
//! Run: `cargo bench --bench gaussian_inversion`. Two routes: one field
//! sample with `Sigma_t` (closed form, then exact verification of the
//! sample), and two samples of the field alone (`A_t`, `b_t`), which solve
//! the stacked linear system of `D^2` unknowns.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use ifm_check::exact::QMatrix;
use ifm_check::gaussian::{GaussianFieldData, GaussianPlan};
use num_rational::BigRational;
use std::hint::black_box;

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

fn data(p: &GaussianPlan, times: &[BigRational], sigma: bool) -> GaussianFieldData {
    GaussianFieldData::of_plan(p, times, sigma).unwrap()
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("gaussian inversion");
    g.sample_size(10);
    let third = BigRational::new(1.into(), 3.into());
    let three_quarters = BigRational::new(3.into(), 4.into());
    for d in [8usize, 16, 32] {
        let p = plan(d);
        let with_sigma = data(&p, std::slice::from_ref(&third), true);
        g.bench_with_input(
            BenchmarkId::new("one sample with Sigma", d),
            &with_sigma,
            |b, x| b.iter(|| black_box(x).invert().unwrap()),
        );
        let two = data(&p, &[third.clone(), three_quarters.clone()], false);
        g.bench_with_input(
            BenchmarkId::new("two samples, field only", d),
            &two,
            |b, x| b.iter(|| black_box(x).invert().unwrap()),
        );
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
