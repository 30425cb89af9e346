//! What a fuzz target reads of an input's honest cost: the numbers of a
//! JSON value (its leaves) and its largest integer.

use serde_json::Value;

/// The leaves of `v` and its largest integer.
pub fn size(v: &Value) -> (usize, u64) {
    let fold = |acc: (usize, u64), (k, l): (usize, u64)| (acc.0 + k, acc.1.max(l));
    match v {
        Value::Array(items) => items.iter().map(size).fold((0, 0), fold),
        Value::Object(map) => map.values().map(size).fold((0, 0), fold),
        Value::Number(n) => (1, n.as_u64().unwrap_or(0)),
        _ => (1, 0),
    }
}
