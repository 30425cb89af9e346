//! The `ifm-check` side of the peer comparison (`benches/compare/run`).
//!
//! Each subcommand runs one workload of issue 7 in-process, `REPS` times,
//! and prints one JSON document: the wall times of the runs and what the
//! peers need to check agreement (enclosures at sample points, exact
//! solutions, ranks). Times cover the library call only, not the printing.
//!
//! ```text
//! cargo run --release --example compare -- w1 BITS N REPS   # mixture p_t, F_t, v_t on -4:4:N, t = 1/2
//! cargo run --release --example compare -- w2 D REPS        # exact inversion from one field sample
//! cargo run --release --example compare -- w3 D K REPS      # atlas: certified, and rank mod p only
//! cargo run --release --example compare -- w4 N REPS        # monotone map T of gaussian-1d on -3:3:N
//! ```

#[path = "../common/plans.rs"]
mod plans;

use ifm_check::atlas::block::{compositions, Block};
use ifm_check::atlas::certify_degree;
use ifm_check::exact::{PrimeField, Q};
use ifm_check::gaussian::{GaussianFieldData, Inversion};
use ifm_check::input::cli_values::grid;
use ifm_check::input::Document;
use ifm_check::onedim::transport::transport;
use ifm_check::onedim::{OneDimPlan, Value as OneDimValue};
use ifm_check::output;
use ifm_check::proof::wire;
use num_bigint::BigInt;
use serde_json::{json, Value};
use std::time::Instant;

fn plan_file(name: &str) -> OneDimPlan {
    let path = format!("{}/data/plans/{name}.toml", env!("CARGO_MANIFEST_DIR"));
    let doc = Document::read(std::path::Path::new(&path)).expect("a plan file of the repository");
    OneDimPlan::from_table(&doc.root()).expect("a valid plan")
}

/// Runs `work` `reps` times; the wall times and the last result.
fn timed<T>(reps: usize, mut work: impl FnMut() -> T) -> (Vec<f64>, T) {
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..reps.max(1) {
        let start = Instant::now();
        last = Some(work());
        times.push(start.elapsed().as_secs_f64());
    }
    (times, last.expect("at least one run"))
}

fn value_json(v: &OneDimValue) -> Value {
    output::value(v, wire::Digits::Supported)
}

fn w1(bits: u32, n: usize, reps: usize) -> Value {
    let plan = plan_file("mixture-3");
    let xs = grid("--x", &format!("-4:4:{n}")).expect("a valid grid");
    let t = Q::new(1.into(), 2.into());
    let (seconds, values) = timed(reps, || plan.values_at_many(&t, &xs, bits).expect("values"));
    let step = (n / 100).max(1);
    let sample: Vec<Value> = (0..n)
        .step_by(step)
        .map(|i| {
            json!({"i": i, "x": wire::rational(&xs[i]), "p": value_json(&values[i].p),
                   "f": value_json(&values[i].f), "v": value_json(&values[i].v)})
        })
        .collect();
    json!({"workload": "w1", "bits": bits, "n": n, "seconds": seconds, "sample": sample})
}

fn w2(d: usize, reps: usize) -> Value {
    let plan = plans::plan(d);
    let t = Q::new(1.into(), 3.into());
    let data = GaussianFieldData::of_plan(&plan, std::slice::from_ref(&t), false)
        .expect("Sigma_t is positive definite");
    let (seconds, inversion) = timed(reps, || data.invert().expect("consistent"));
    let Inversion::Unique(recovered) = inversion else {
        panic!("one generic sample determines the plan")
    };
    assert_eq!(recovered, plan);
    // the solve alone: the same exact system, without the check of the
    // solution and the plan's LDL^T that the whole inversion adds
    let (system, rhs) = data.field_only_system();
    let (solve_seconds, solution) =
        timed(reps, || system.solve_system(&rhs).expect("shapes match"));
    assert!(matches!(
        solution,
        ifm_check::exact::SystemSolution::Unique(_)
    ));
    let sample = &data.samples()[0];
    json!({"workload": "w2", "dim": d, "t": wire::rational(&t), "seconds": seconds,
           "solve_seconds": solve_seconds,
           "m0": wire::vector(plan.m0()), "m1": wire::vector(plan.m1()),
           "s00": wire::matrix(plan.s00()), "s11": wire::matrix(plan.s11()),
           "a": wire::matrix(&sample.a), "c": wire::matrix(plan.c())})
}

fn w3(d: usize, max_degree: u32, reps: usize) -> Value {
    let blocks: Vec<(u32, Block)> = (0..=max_degree)
        .flat_map(|k| {
            compositions(d, k)
                .into_iter()
                .map(move |g| (k, Block::new(&g)))
        })
        .collect();
    let (certified_seconds, kernel_dims) = timed(reps, || {
        (0..=max_degree)
            .map(|k| certify_degree(d, k, || {}).kernel_dim)
            .collect::<Vec<_>>()
    });
    let field = PrimeField::new(ifm_check::exact::MERSENNE_61).expect("a prime");
    let integer_rows: Vec<Vec<Vec<BigInt>>> = blocks
        .iter()
        .map(|(_, b)| {
            b.all_rows()
                .into_iter()
                .map(|r| r.into_iter().map(BigInt::from).collect())
                .collect()
        })
        .collect();
    let (rank_seconds, ranks) = timed(reps, || {
        integer_rows
            .iter()
            .map(|rows| ifm_check::exact::rank_mod_p_of_integers(&field, rows))
            .collect::<Vec<_>>()
    });
    let blocks_json: Vec<Value> = blocks
        .iter()
        .zip(&ranks)
        .map(|((k, b), r)| {
            json!({"degree": k, "rows": b.all_rows(), "density_rows": b.density_rows,
                                    "cols": b.unknowns.len(), "rank": r})
        })
        .collect();
    json!({"workload": "w3", "dim": d, "max_degree": max_degree, "prime": ifm_check::exact::MERSENNE_61,
           "certified_seconds": certified_seconds, "rank_seconds": rank_seconds,
           "kernel_dims": kernel_dims, "blocks": blocks_json})
}

fn w4(n: usize, reps: usize) -> Value {
    let plan = plan_file("gaussian-1d");
    let xs = grid("--x", &format!("-3:3:{n}")).expect("a valid grid");
    let one = Q::from_integer(1.into());
    let (seconds, maps) = timed(reps, || {
        xs.iter()
            .map(|x| transport(&plan, &one, x, 128).expect("a Gaussian map"))
            .collect::<Vec<_>>()
    });
    let step = (n / 100).max(1);
    let sample: Vec<Value> = (0..n)
        .step_by(step)
        .map(|i| json!({"i": i, "x": wire::rational(&xs[i]), "t": value_json(&maps[i])}))
        .collect();
    let OneDimPlan::Gaussian(g) = &plan else {
        unreachable!("gaussian-1d is a Gaussian plan")
    };
    json!({"workload": "w4", "n": n, "seconds": seconds, "sample": sample,
           "m0": wire::rational(&g.m0), "m1": wire::rational(&g.m1),
           "s00": wire::rational(&g.s00), "s11": wire::rational(&g.s11)})
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let num = |i: usize| -> usize {
        args.get(i).and_then(|a| a.parse().ok()).unwrap_or_else(|| {
            panic!("argument {i} must be a number: see the module documentation")
        })
    };
    let doc = match args.first().map(String::as_str) {
        Some("w1") => w1(num(1) as u32, num(2), num(3)),
        Some("w2") => w2(num(1), num(2)),
        Some("w3") => w3(num(1), num(2) as u32, num(3)),
        Some("w4") => w4(num(1), num(2)),
        _ => panic!("usage: compare (w1 BITS N REPS | w2 D REPS | w3 D K REPS | w4 N REPS)"),
    };
    println!("{doc}");
}
