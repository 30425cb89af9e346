//! Resource limits, stated once.
//!
//! Inputs beyond these limits are refused with a clear error before any
//! large allocation happens, so that a hostile file (a million-digit number,
//! a precision of 2^40 bits) cannot exhaust memory or time.

/// Longest accepted text of a single number, in characters; the exact value
/// it denotes, written `-p/q`, must fit in as many (so `1e9990` is accepted,
/// `1e10000` is not).
pub const MAX_NUMBER_CHARS: usize = 10_000;

/// Largest accepted magnitude of a decimal exponent, checked before any
/// power of ten is formed (`1e-99999999` is refused at once).
pub const MAX_DECIMAL_EXPONENT: u32 = 10_000;

/// Smallest working precision of an interval computation, in bits.
pub const MIN_PRECISION_BITS: u32 = 16;

/// Largest working precision of an interval computation, in bits
/// (about 19,700 decimal digits).
pub const MAX_PRECISION_BITS: u32 = 65_536;

/// Fewest significant digits of a printed interval end (`--digits`).
pub const MIN_PRINTED_DIGITS: usize = 2;

/// Most significant digits of a printed interval end (`--digits`): the
/// digits of [`MAX_PRECISION_BITS`] and a margin.
pub const MAX_PRINTED_DIGITS: usize = 20_000;

/// Largest accepted input file, in bytes.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Largest dimension `D` of a Gaussian plan (its joint covariance is
/// `2D x 2D`).
pub const MAX_DIMENSION: usize = 64;

/// Most field samples in one Gaussian field file.
pub const MAX_FIELD_SAMPLES: usize = 64;

/// Most points of a grid `a:b:n`.
pub const MAX_GRID_POINTS: usize = 1_000_000;

/// Most points of one instance of a proof file (a list or a grid `a:b:n`).
pub const MAX_INSTANCE_POINTS: usize = 10_000;

/// Most points `(t, x)` of one pointwise identity of a proof file.
pub const MAX_INSTANCE_GRID: usize = 100_000;

/// Largest dimension `D` of the identifiability atlas.
pub const MAX_ATLAS_DIMENSION: usize = 8;

/// Largest degree `k` of the identifiability atlas.
pub const MAX_ATLAS_DEGREE: u32 = 24;

/// Most unknowns (monomials of one degree in `2D` variables) in one atlas
/// degree; beyond this a request is refused before any work.
pub const MAX_ATLAS_UNKNOWNS: u64 = 2_000_000;

/// Largest dimension for which Gaussian inversion from field samples alone
/// (no `Sigma_t`, no end time) is attempted: that route solves an exact
/// linear system of `D^2` unknowns (timed in BENCHMARKS.md, W2).
/// Beyond it, give `Sigma_t` in one sample, or a sample at `t = 0` or `1`.
pub const MAX_FIELD_ONLY_DIMENSION: usize = 32;

/// Largest dimension of a set of plans consistent with observations of a
/// field: the relaxation has `D^2` unknowns and `D^2` rows per time, and
/// its bounds `D^4` exact products per time and round (BENCHMARKS.md, L1).
pub const MAX_CONSISTENT_DIMENSION: usize = 16;

/// Largest relaxation of a set of consistent plans, `times x D^4`: each
/// round bounds `D^2` entries over `times x D^2` rows, so its work grows
/// as `times x D^5` (`D = 16` with 20 times took minutes; `D = 8` with three
/// times takes two seconds, BENCHMARKS.md, L1).
pub const MAX_RELAXATION_ENTRIES: u64 = 1 << 21;

/// Largest relaxation a certificate of consistent plans may carry,
/// `times x D^4`: its multipliers, up to 8 rounds of them, must stay within
/// the verifier's budget of `2^21` numbers.
pub const MAX_CERTIFIED_RELAXATION: u64 = 1 << 17;

/// Most observed points of a field, over all times.
pub const MAX_OBSERVATIONS: usize = 100_000;

/// Largest accepted file of observations (CSV or `.npy`), in bytes.
pub const MAX_OBSERVATION_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Most components of a Gaussian mixture.
pub const MAX_MIXTURE_COMPONENTS: usize = 1000;

/// Largest dimension `D` of a mixture of Gaussian plans (its values cost
/// `D^2` per component and point).
pub const MAX_MIXTURE_DIMENSION: usize = 16;

/// Largest `components x (D + 1) x D^2` of a mixture whose flow map is
/// integrated (the size of its variational program; the eight-Gaussians
/// plan is 96, the `D = 8` example 1,728).
pub const MAX_FLOW_SIZE: usize = 4096;

/// Most steps of one validated integration of a flow map.
pub const MAX_FLOW_STEPS: usize = 10_000;

/// Most atoms of a discrete plan.
pub const MAX_ATOMS: usize = 100_000;

/// Largest product of the number of points and the precision in bits for
/// the commands that print an enclosure per point (`field`, `transport` on
/// a grid): `2^27`, about 100 MB of enclosures (a million points at 128
/// bits, 2,048 points at 65,536 bits).
pub const MAX_POINT_BITS: u64 = 1 << 27;

/// Most candidate times tried when two discrete plans are searched for a
/// separating time (the crossings of their atoms' lines).
pub const MAX_DISCRETE_TIMES: usize = 4096;

/// Deepest nesting of braces in the mathematics of math text (a figure's
/// caption or labels), so that a hostile caption cannot exhaust the
/// converters' recursion.
pub const MAX_BRACE_DEPTH: i32 = 16;

/// The largest dimension `export-coq` writes a Gaussian theorem for: an
/// inversion's proof solves `D^2` unknowns by explicit combinations
/// checked by `lra`, whose size grows as `D^6` (a `D = 5` inversion at two
/// times takes about four minutes of `coqc`; `D = 3` about two seconds).
pub const MAX_COQ_DIMENSION: usize = 3;

/// The most monomials (coefficients) of an atlas degree the Coq export
/// writes a dimension proof for: `coqc` took 34 s at 20 (`D = 2`, `k = 3`)
/// and 344 s at 35 (`D = 2`, `k = 4`).
pub const MAX_COQ_ATLAS_MONOMIALS: usize = 20;

/// The highest atlas degree the Coq export writes a dimension proof for:
/// the equations' integers grow as `t^k`, and `coqc` took 17 s at
/// `D = 1`, `k = 12` against 153 s at `k = 19` (20 monomials both).
pub const MAX_COQ_ATLAS_DEGREE: u32 = 12;
