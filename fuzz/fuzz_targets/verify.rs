//! `ifm-verify` on fuzzed documents (arbitrary bytes, and the certificates
//! of `proofs/` mutated by libFuzzer): every certificate is verified or
//! rejected with a reason; never a panic. Each certificate is checked
//! directly (not through the document's guard, which turns a panic into a
//! rejection): a panic here is a finding. Certificates whose honest cost is
//! large (a stated precision above 512 bits, many numbers) are skipped.
#![no_main]
#[path = "cost.rs"]
mod cost;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fn affordable(c: &Value) -> bool {
    let bits = |k: &str| c.get(k).and_then(Value::as_u64).unwrap_or(0);
    let (leaves, _) = c.get("inputs").map(cost::size).unwrap_or((0, 0));
    bits("precision") <= 512 && bits("precision_bits") <= 512 && leaves <= 96
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // the document as a whole: refused or read, never a panic
    let Ok(certs) = ifm_verify::read_document(text) else {
        return;
    };
    for c in certs.iter().filter(|c| affordable(c)) {
        let _ = ifm_verify::verify_certificate(c);
    }
});
