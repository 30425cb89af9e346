//! Interval `mul`, `exp`, `erf` against the same single `rug::Float`
//! operation, at 64, 128, 256 and 1024 bits.
//!
//! Run: `cargo bench --bench interval_ops`. The ratios go into
//! BENCHMARKS.md. The interval arguments are 1/3 and 5/7 rounded outward
//! (one ulp wide: `exp` and `erf` take their one-call path); the float
//! arguments are the lower ends. The `wide` variants take `[1/3, 5/7]`,
//! where both ends are evaluated.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use ifm_check::interval::Interval;
use num_rational::BigRational;
use rug::Float;
use std::hint::black_box;

fn args(prec: u32) -> (Interval, Interval) {
    (
        Interval::from_rational(&BigRational::new(1.into(), 3.into()), prec),
        Interval::from_rational(&BigRational::new(5.into(), 7.into()), prec),
    )
}

fn bench(c: &mut Criterion) {
    for prec in [64u32, 128, 256, 1024] {
        let (a, b) = args(prec);
        let (fa, fb) = (a.lo().clone(), b.lo().clone());
        let mut g = c.benchmark_group(format!("{prec} bits"));
        g.bench_function(BenchmarkId::new("mul", "float"), |z| {
            z.iter(|| Float::with_val(prec, black_box(&fa) * black_box(&fb)))
        });
        g.bench_function(BenchmarkId::new("mul", "interval"), |z| {
            z.iter(|| black_box(&a) * black_box(&b))
        });
        g.bench_function(BenchmarkId::new("exp", "float"), |z| {
            z.iter(|| Float::with_val(prec, black_box(&fa).exp_ref()))
        });
        g.bench_function(BenchmarkId::new("exp", "interval"), |z| {
            z.iter(|| black_box(&a).exp())
        });
        g.bench_function(BenchmarkId::new("erf", "float"), |z| {
            z.iter(|| Float::with_val(prec, black_box(&fa).erf_ref()))
        });
        g.bench_function(BenchmarkId::new("erf", "interval"), |z| {
            z.iter(|| black_box(&a).erf())
        });
        // a wide argument [1/3, 5/7]: both ends evaluated
        let wide = a.hull(&b);
        g.bench_function(BenchmarkId::new("exp", "interval, wide"), |z| {
            z.iter(|| black_box(&wide).exp())
        });
        g.bench_function(BenchmarkId::new("erf", "interval, wide"), |z| {
            z.iter(|| black_box(&wide).erf())
        });
        g.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(std::time::Duration::from_millis(300))
        .measurement_time(std::time::Duration::from_secs(1));
    targets = bench
}
criterion_main!(benches);
