//! MPFR's exponent range, widened once per thread.
//!
//! # Contract
//!
//! MPFR keeps its exponent range per thread (`gmp-mpfr-sys` builds it with
//! `--enable-thread-safe`) and starts every thread at about `±2^30`: a
//! float below `2^-(2^30)` underflows to 0 (to the smallest positive float
//! when rounded up), so a density of `exp(-10^9)` (a point 50,000 standard
//! deviations from every component) is enclosed by `[0, 2^-(2^30)]` and
//! nothing can be divided by it. [`widen`] raises the range to
//! `±`[`EXPONENT_LIMIT`] on the calling thread, once.
//!
//! Why not MPFR's own limit (`±(2^62 - 1)`): rug reports exponents as
//! `i32` and panics on one that does not fit (`Float::get_exp`,
//! `Float::to_integer_exp`), and the engine adds precisions (at most
//! `2^17`) to exponents. `2^31 - 2^24` keeps every such sum inside `i32`.
//!
//! Widening is always sound: a wider range only rounds less (no existing
//! value leaves it), and an operation on a thread that has not been
//! widened is still correctly rounded, only sooner to 0 or infinity. The
//! kernel widens in its constructors; code that hands intervals to other
//! threads (rayon) widens at the start of each task, so that no thread
//! receives a value outside its range.

use std::cell::Cell;

/// The exponent range after [`widen`]: floats `m 2^e` with `1/2 <= |m| < 1`
/// and `-EXPONENT_LIMIT <= e <= EXPONENT_LIMIT`.
pub const EXPONENT_LIMIT: i32 = i32::MAX - (1 << 24) + 1;

thread_local! {
    static WIDENED: Cell<bool> = const { Cell::new(false) };
}

/// Widens MPFR's exponent range on this thread to `±EXPONENT_LIMIT` (once;
/// later calls cost a thread-local read).
pub fn widen() {
    WIDENED.with(|done| {
        if !done.get() {
            let limit = gmp_mpfr_sys::mpfr::exp_t::from(EXPONENT_LIMIT);
            // SAFETY: both calls only set this thread's range (MPFR is built
            // thread-safe, so the range is thread-local) to values inside
            // [MPFR_EMIN_MIN, MPFR_EMAX_MAX]; the range only grows, so every
            // existing float stays inside it, which is all MPFR requires.
            unsafe {
                gmp_mpfr_sys::mpfr::set_emin(-limit);
                gmp_mpfr_sys::mpfr::set_emax(limit);
            }
            done.set(true);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use rug::Float;

    #[test]
    fn the_range_is_thread_local_and_widened_once() {
        // SAFETY: a read of a build option
        assert_ne!(unsafe { gmp_mpfr_sys::mpfr::buildopt_tls_p() }, 0);
        std::thread::spawn(|| {
            // not yet widened: 2^-(2^30 + 10) underflows to 0
            let tiny: Float = Float::with_val(64, 1) >> ((1i32 << 30) + 10);
            assert!(tiny.is_zero());
            widen();
            widen();
            assert_eq!(rug::float::exp_min(), -EXPONENT_LIMIT);
            assert_eq!(rug::float::exp_max(), EXPONENT_LIMIT);
            let tiny: Float = Float::with_val(64, 1) >> ((1i32 << 30) + 10);
            assert_eq!(tiny.get_exp(), Some(-(1 << 30) - 9));
            // the new limit: 2^-(EXPONENT_LIMIT + 1) is the least float, and
            // below it, 0 again
            let least: Float = Float::with_val(64, 1) >> (EXPONENT_LIMIT + 1);
            assert_eq!(least.get_exp(), Some(-EXPONENT_LIMIT));
            let below: Float = Float::with_val(64, 1) >> (EXPONENT_LIMIT + 8);
            assert!(below.is_zero());
        })
        .join()
        .unwrap();
    }
}
