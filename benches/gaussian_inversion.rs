//! Exact Gaussian inversion at D = 8, 16, 32 with 8-digit rational entries.
//!
//! Run: `cargo bench --bench gaussian_inversion`. Two routes: one field
//! sample with `Sigma_t` (closed form, then exact verification of the
//! sample), and two samples of the field alone (`A_t`, `b_t`), which solve
//! the stacked linear system of `D^2` unknowns.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
#[path = "common/plans.rs"]
mod plans;

use ifm_check::gaussian::{GaussianFieldData, GaussianPlan};
use num_rational::BigRational;
use plans::plan;
use std::hint::black_box;

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
