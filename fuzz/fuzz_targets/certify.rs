//! `certify` on a fuzzed proof file: every instance that parses runs to a
//! verdict or an error; never a panic. The harness skips instances whose
//! honest cost is large (high precision, many numbers, big dimensions or
//! degrees): they are slow by design, not hangs, and would only slow the
//! fuzzer. Cost is read from the instance's inputs as the certificate
//! writes them, so the harness does not know the kinds one by one.
#![no_main]
use ifm_check::proof::{parse_proof_file, Instance};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use std::path::Path;

/// The numbers of a JSON value (every leaf), and its largest integer.
fn size(v: &Value) -> (usize, u64) {
    match v {
        Value::Array(items) => items
            .iter()
            .map(size)
            .fold((0, 0), |(n, m), (k, l)| (n + k, m.max(l))),
        Value::Object(map) => map
            .values()
            .map(size)
            .fold((0, 0), |(n, m), (k, l)| (n + k, m.max(l))),
        Value::Number(n) => (1, n.as_u64().unwrap_or(0)),
        _ => (1, 0),
    }
}

fn affordable(i: &Instance) -> bool {
    // leaves: a Gaussian plan in D = 4 has 56, a mixture of 4 components 24;
    // integers: dimensions, degrees, point counts
    let (leaves, largest) = size(&i.spec.inputs());
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
