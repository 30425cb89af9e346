//! Observations of a field (CSV or `.npy` bytes) through the reader, then,
//! when they parse, the proven box and the estimate of the plans
//! consistent with them (small inputs only): never a panic.
#![no_main]
use ifm_check::exact::{QMatrix, Q};
use ifm_check::gaussian::consistent::{enclose, estimate, Observations};
use ifm_check::input::observations;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&head, body)) = data.split_first() else {
        return;
    };
    // the first byte chooses the dimension, the format and the end laws
    let dim = 1 + (head & 1) as usize;
    let rows = if head & 2 == 0 {
        match std::str::from_utf8(body) {
            Ok(text) => observations::csv("fuzz.csv", text, dim),
            Err(_) => return,
        }
    } else {
        observations::npy("fuzz.npy", body, dim)
    };
    let Ok(rows) = rows else {
        return;
    };
    if rows.len() > 64 {
        return;
    }
    let z = |n: i64| Q::from_integer(n.into());
    // a singular S00 half of the time (X0 a point)
    let s00 = QMatrix::identity(dim).scale(&z(i64::from(head >> 2 & 1)));
    let s11 = QMatrix::identity(dim).scale(&z(2));
    let Ok(obs) = Observations::from_rows((vec![z(0); dim], vec![z(1); dim], s00, s11), rows) else {
        return;
    };
    let delta = Q::new(i64::from(head >> 3).into(), 100.into());
    let _ = enclose(&obs, &delta);
    let _ = estimate(&obs);
});
