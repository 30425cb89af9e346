//! The proof-file parser: any text gives a parsed file or an error naming
//! the file; never a panic. Plan paths resolve against `proofs/`.
#![no_main]
use ifm_check::proof::parse_proof_file;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../proofs/fuzz.toml"));
    if let Err(e) = parse_proof_file(path, text.to_string()) {
        assert!(e.to_string().contains("fuzz.toml"), "{e}");
    }
});
