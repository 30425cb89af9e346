//! The precision driver: guess, verify, double.
//!
//! [`escalate`] evaluates a computation at a starting precision and doubles
//! the precision until the caller's test says the result is good enough
//! (narrow enough, or decided) or the largest precision is reached, and says
//! which. Precisions are bounded by [`crate::limits`].

use crate::limits::{MAX_PRECISION_BITS, MIN_PRECISION_BITS};

/// A precision outside the stated limits.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrecisionError {
    /// Below the limit or above it, or the start above the maximum.
    #[error(
        "precision {start} to {max} bits is outside the limits {MIN_PRECISION_BITS} to {MAX_PRECISION_BITS} bits (start <= max)"
    )]
    OutOfRange {
        /// Requested starting precision.
        start: u32,
        /// Requested largest precision.
        max: u32,
    },
}

/// The last evaluation of an escalation.
#[derive(Debug, Clone)]
pub struct Escalated<T> {
    /// The value at the last precision tried.
    pub value: T,
    /// That precision, in bits.
    pub bits: u32,
    /// Whether the caller's test accepted it (false: the largest precision
    /// was reached without acceptance).
    pub accepted: bool,
}

/// Evaluates `compute(bits)` at `start`, `2 start`, ... up to `max` bits,
/// stopping at the first value that `good` accepts.
///
/// ```
/// use ifm_check::interval::{escalate, Interval};
/// use rug::Float;
/// // e to within 2^-200
/// let target = Float::with_val(64, 1) >> 200;
/// let r = escalate(64, 1024, |bits| Interval::from_i64(1, bits).exp(),
///                  |e| e.width() < target).unwrap();
/// assert!(r.accepted && r.bits == 256);
/// ```
pub fn escalate<T>(
    start: u32,
    max: u32,
    mut compute: impl FnMut(u32) -> T,
    mut good: impl FnMut(&T) -> bool,
) -> Result<Escalated<T>, PrecisionError> {
    if !(MIN_PRECISION_BITS..=MAX_PRECISION_BITS).contains(&start)
        || !(MIN_PRECISION_BITS..=MAX_PRECISION_BITS).contains(&max)
        || start > max
    {
        return Err(PrecisionError::OutOfRange { start, max });
    }
    let mut bits = start;
    loop {
        let value = compute(bits);
        if good(&value) {
            return Ok(Escalated {
                value,
                bits,
                accepted: true,
            });
        }
        if bits >= max {
            return Ok(Escalated {
                value,
                bits,
                accepted: false,
            });
        }
        bits = bits.saturating_mul(2).min(max);
    }
}
