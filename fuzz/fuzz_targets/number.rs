//! The number parser: never panics; whatever it accepts prints back to a
//! text that parses to the same rational.
#![no_main]
use ifm_check::exact::{format_rational, parse_rational};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(q) = parse_rational(text) {
        let printed = format_rational(&q);
        let again = parse_rational(&printed).expect("a printed rational parses");
        assert_eq!(q, again, "{text:?} -> {printed}");
    }
});
