//! The certified atlas: every degree up to K for D = 2 (K = 10) and D = 3
//! (K = 8), each block certified (exact kernel vectors, rank minor mod p).
//!
//! Run: `cargo bench --bench atlas`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use ifm_check::atlas::certify_degree;
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("atlas");
    g.sample_size(10);
    for (dim, max_degree) in [(2usize, 10u32), (3, 8), (4, 6)] {
        g.bench_with_input(
            BenchmarkId::new(format!("D = {dim}, all k <="), max_degree),
            &(dim, max_degree),
            |b, &(d, k)| {
                b.iter(|| {
                    (0..=k)
                        .map(|deg| certify_degree(black_box(d), deg, || {}).kernel_dim)
                        .sum::<usize>()
                })
            },
        );
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
