//! `certify` on a fuzzed proof file: every instance that parses runs to a
//! verdict or an error; never a panic. The harness skips instances whose
//! honest cost is large (high precision, many numbers, big dimensions or
//! degrees): they are slow by design, not hangs, and would only slow the
//! fuzzer. Cost is read from the instance's inputs as the certificate
//! writes them, so the harness does not know the kinds one by one.
#![no_main]
#[path = "cost.rs"]
mod cost;
use ifm_check::proof::{parse_proof_file, Instance};
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fn affordable(i: &Instance) -> bool {
    // leaves: a Gaussian plan in D = 4 has 56, a mixture of 4 components 24;
    // integers: dimensions, degrees, point counts
    let (leaves, largest) = cost::size(&i.spec.inputs());
    i.max_precision <= 512 && leaves <= 64 && largest <= 8
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../proofs/fuzz.toml"));
    let Ok(file) = parse_proof_file(path, text.to_string()) else {
        return;
    };
    for instance in file.instances.iter().filter(|i| affordable(i)) {
        // run directly (not through the runner's catch_unwind): a panic here
        // is a finding
        let _ = ifm_check::proof::check::run(instance);
    }
});
