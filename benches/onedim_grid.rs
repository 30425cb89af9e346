//! p_t, F_t, v_t of the three-component mixture `data/plans/mixture-3.toml`
//! on a grid of 100,000 points of [-4, 4] at t = 1/2, 128 bits, one core.
//!
//! Run: `cargo bench --bench onedim_grid`.

use criterion::{criterion_group, criterion_main, Criterion};
use ifm_check::input::Document;
use ifm_check::onedim::OneDimPlan;
use num_rational::BigRational as Q;
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let path = format!("{}/data/plans/mixture-3.toml", env!("CARGO_MANIFEST_DIR"));
    let doc = Document::read(std::path::Path::new(&path)).unwrap();
    let plan = OneDimPlan::from_table(&doc.root()).unwrap();
    let xs = ifm_check::input::cli_values::grid("--x", "-4:4:100000").unwrap();
    let t = Q::new(1.into(), 2.into());
    let mut g = c.benchmark_group("mixture grid");
    g.sample_size(10);
    g.bench_function("p_t, F_t, v_t at 100,000 points, 128 bits", |b| {
        b.iter(|| black_box(plan.values_at_many(&t, &xs, 128).unwrap()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
