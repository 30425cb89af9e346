//! A first program on the `ifm_check` library: load a plan file, compute its
//! field, certify the instances of a proof file.
//!
//! ```sh
//! cargo run --example first_use                      # the defaults below
//! cargo run --example first_use -- PLAN.toml PROOF.toml
//! ```
//!
//! The plan file is any plan of `docs/file-formats.md` in one dimension
//! (default `data/plans/mixture-3.toml`); the proof file any proof file
//! (default `proofs/gaussian-inverse.toml`). Exit status 0 when every
//! instance has its expected verdict, 1 when one does not, 2 on bad input.

use ifm_check::exact::{format_rational, parse_rational};
use ifm_check::input::Document;
use ifm_check::onedim::{OneDimPlan, Value};
use ifm_check::proof::{check, read_proof_file};
use std::path::PathBuf;
use std::process::ExitCode;

/// A value as printed: an exact rational, or an enclosure `[lo, hi]` with
/// 20 significant digits rounded outward.
fn shown(v: &Value) -> String {
    match v {
        Value::Exact(q) => format_rational(q),
        Value::Enclosure(x) => {
            let (lo, hi) = x.to_decimal(20);
            format!("[{lo}, {hi}]")
        }
    }
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let plan_path = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "data/plans/mixture-3.toml".into()),
    );
    let proof_path = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "proofs/gaussian-inverse.toml".into()),
    );

    // 1. A plan file, read with the same parser and errors as the command line.
    let plan = match Document::read(&plan_path).and_then(|doc| OneDimPlan::from_table(&doc.root()))
    {
        Ok(plan) => plan,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };

    // 2. Its field at t = 1/2 on five points, enclosed at 128 bits.
    let t = parse_rational("1/2").expect("a number");
    println!("{} plan {}, t = 1/2:", plan.kind(), plan_path.display());
    for x in ["-2", "-1", "0", "1", "2"] {
        let x = parse_rational(x).expect("a number");
        match plan.values_at(&t, &x, 128) {
            Ok(v) => println!(
                "  x = {:>2}  p_t = {}  v_t = {}",
                format_rational(&x),
                shown(&v.p),
                shown(&v.v)
            ),
            Err(e) => println!("  x = {:>2}  {e}", format_rational(&x)),
        }
    }

    // 3. Every instance of a proof file, checked and compared with what the
    //    file expects.
    let file = match read_proof_file(&proof_path) {
        Ok(file) => file,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    println!("{}: {}", file.lemma, file.statement);
    let mut missed = 0;
    for instance in &file.instances {
        let verdict = match check::run(instance) {
            Ok(outcome) => outcome.verdict.to_string(),
            Err(e) => format!("error ({e})"),
        };
        let expected = instance.expect.to_string();
        if verdict != expected {
            missed += 1;
        }
        println!("  {:<40} {verdict} (expected {expected})", instance.name);
    }
    if missed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
