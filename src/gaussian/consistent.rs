//! Plans consistent with a field within a tolerance: the inverse problem for
//! fields known only approximately (a trained model), Gaussian family, any `D`.
//!
//! Contract (docs/mathematics.md section 7). Given the end laws
//! `N(m0, S00)`, `N(m1, S11)` and observations `u_ij` of a field at times
//! `t_i` and points `x_ij`, and `delta >= 0`, the set
//! `S(delta)` is the set of cross-covariances `C` such that
//! `[[S00, C], [C^T, S11]]` is positive semidefinite, `Sigma_t(C)` is
//! invertible at every observed time (the field is defined there) and
//! `|u_ij - v^C_{t_i}(x_ij)|_inf <= delta` for every observation.
//!
//! * [`enclose`] proves an outer box of `S(delta)`, or that `S(delta)` is
//!   empty, with exact rational arithmetic throughout (floats only choose
//!   multipliers; any multipliers give a valid bound). The method, in two
//!   linear steps:
//!   1. at each time the field is affine, `v_t(x) = (m1 - m0) + A_t (x - m_t)`,
//!      so `D` observed points whose offsets `r_b = x_b - m_t` form a basis
//!      give `A_t` within a box: `A_t = A^ + E`, `|E_kp| <= radius_kp`,
//!      `A^_k = R_B^{-1} u'_{B,k}` (rounded to a dyadic centre, the rounding
//!      added to the radius), `radius_kp = delta * sum_b |(R_B^{-1})_pb|`.
//!      Any other observed point `x_j` then must satisfy
//!      `|u'_jk - lambda^T u'_{B,k}| <= delta (1 + |lambda|_1)` with
//!      `r_j = sum_b lambda_b r_b`: the affine test, whose failure proves
//!      `S(delta)` empty;
//!   2. `A_t Sigma_t(C) = G_t(C)` is linear in `C` for fixed `A_t`, so
//!      `F_t(C) = A^ Sigma_t(C) - G_t(C) = -E Sigma_t(C)`, and
//!      `|F_t(C)_kl| <= sum_p radius_kp max_{C in box} |Sigma_t(C)_pl|`.
//!      Stacked over the times these are two-sided linear inequalities
//!      `|L c + f| <= beta` in `c = vec(C)`. For any multipliers `y`,
//!      `c_q = y^T L c + z^T c` with `z = e_q - L^T y`, which bounds `c_q`
//!      over the current box (Neumaier and Shcherbina's rigorous bound for
//!      a linear programme with a box). The box starts at Cauchy-Schwarz's
//!      `|C_kl| <= sqrt(S00_kk S11_ll)` and is tightened in rounds (a
//!      narrower box gives a smaller `beta`). For any `y`, an interval of
//!      `y^T (L c + f)` over the box that misses `[-|y|^T beta, |y|^T beta]`
//!      proves `S(delta)` empty.
//!
//!   The radii are linear in `delta`, so the box's half-widths are
//!   `O(delta)` when the stacked system has full rank (the exact inverse
//!   problem is determined), plus the rounding of the multipliers.
//! * [`estimate`] is a valid plan: the least-squares fit in floats,
//!   projected onto valid plans by shrinking towards the independent
//!   coupling (`lambda C`, the largest `lambda = k / 2^12 <= 1` for which the
//!   joint covariance is positive semidefinite and every `Sigma_t`
//!   invertible, decided exactly), with its largest residual computed
//!   exactly: an upper bound on the distance from the observations to the
//!   family.
//! * [`distance`] pairs the estimate with a `delta` at which [`enclose`]
//!   proves `S(delta)` empty, found by bisection: no Gaussian plan is
//!   within it.

use super::field::{mean_between, FieldAt};
use super::plan::{check_valid_end_laws, read_matrix, read_vector, GaussianPlan, PlanError};
use crate::exact::{QMatrix, Q};
use crate::input::observations::Observation;
use crate::input::{Field, InputError, Table};
use crate::limits::{MAX_CONSISTENT_DIMENSION, MAX_OBSERVATIONS, MAX_RELAXATION_ENTRIES};
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// The observations of a field at one time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObservedTime {
    /// The time, in `[0, 1]`.
    pub t: Q,
    /// The points `x_j`.
    pub points: Vec<Vec<Q>>,
    /// The observed values `u_j` of the field at them.
    pub values: Vec<Vec<Q>>,
}

/// The end laws and the observations: the input of the inverse problem
/// for an approximate field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observations {
    m0: Vec<Q>,
    m1: Vec<Q>,
    s00: QMatrix,
    s11: QMatrix,
    times: Vec<ObservedTime>,
}

/// Why the observations cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ObservationError {
    /// The end laws are not valid.
    EndLaws(PlanError),
    /// A shape, a count or a limit.
    Data(String),
}

impl fmt::Display for ObservationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ObservationError::EndLaws(e) => write!(f, "{e}"),
            ObservationError::Data(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for ObservationError {}

fn data_error(message: impl Into<String>) -> ObservationError {
    ObservationError::Data(message.into())
}

fn q(n: i64) -> Q {
    Q::from_integer(n.into())
}

impl Observations {
    /// Validated observations: valid end laws (`S00`, `S11` positive
    /// semidefinite), `D <= MAX_CONSISTENT_DIMENSION`, times in `[0, 1]`
    /// and distinct, at each time at least `D` points with `D` coordinates
    /// and values of `D` entries, at most `MAX_OBSERVATIONS` points in all.
    pub fn new(
        m0: Vec<Q>,
        m1: Vec<Q>,
        s00: QMatrix,
        s11: QMatrix,
        times: Vec<ObservedTime>,
    ) -> Result<Observations, ObservationError> {
        let d = check_valid_end_laws(&m0, &m1, &s00, &s11).map_err(ObservationError::EndLaws)?;
        if d > MAX_CONSISTENT_DIMENSION {
            return Err(data_error(format!(
                "dimension {d} is above the limit {MAX_CONSISTENT_DIMENSION} of consistent-plan sets"
            )));
        }
        if times.is_empty() {
            return Err(data_error("no observations"));
        }
        let entries = (times.len() as u128) * (d as u128).pow(4);
        if entries > MAX_RELAXATION_ENTRIES as u128 {
            return Err(data_error(format!(
                "D = {d} and {} times make a relaxation of {entries} entries (times x D^4), above \
                 the limit {MAX_RELAXATION_ENTRIES}: use fewer times (more points per time cost little)",
                times.len()
            )));
        }
        let total: usize = times.iter().map(|o| o.points.len()).sum();
        if total > MAX_OBSERVATIONS {
            return Err(data_error(format!(
                "{total} observations, above the limit {MAX_OBSERVATIONS}"
            )));
        }
        let mut seen = BTreeSet::new();
        for o in &times {
            let at = format!("at t = {}", crate::exact::format_rational(&o.t));
            if o.t < Q::zero() || o.t > Q::one() {
                return Err(data_error(format!("{at}: t must lie in [0, 1]")));
            }
            if !seen.insert(&o.t) {
                return Err(data_error(format!("{at}: the time is given twice")));
            }
            if o.points.len() != o.values.len() {
                return Err(data_error(format!("{at}: as many values as points needed")));
            }
            if o.points.len() < d {
                return Err(data_error(format!(
                    "{at}: {} points; at least D = {d} are needed to determine the field there",
                    o.points.len()
                )));
            }
            if let Some(bad) = o.points.iter().chain(&o.values).find(|v| v.len() != d) {
                return Err(data_error(format!(
                    "{at}: a point or value has {} entries, expected D = {d}",
                    bad.len()
                )));
            }
        }
        Ok(Observations {
            m0,
            m1,
            s00,
            s11,
            times,
        })
    }

    /// Observations from rows `(t, x, v)` in any order, grouped by time
    /// (in the order each time first appears).
    pub fn from_rows(
        (m0, m1, s00, s11): EndLaws,
        rows: Vec<Observation>,
    ) -> Result<Observations, ObservationError> {
        let mut times: Vec<ObservedTime> = Vec::new();
        let mut index: BTreeMap<Q, usize> = BTreeMap::new();
        for row in rows {
            let at = *index.entry(row.t.clone()).or_insert_with(|| {
                times.push(ObservedTime {
                    t: row.t.clone(),
                    points: Vec::new(),
                    values: Vec::new(),
                });
                times.len() - 1
            });
            times[at].points.push(row.x);
            times[at].values.push(row.v);
        }
        Observations::new(m0, m1, s00, s11, times)
    }

    /// The dimension `D`.
    pub fn dim(&self) -> usize {
        self.m0.len()
    }

    /// The number of observations, over all times.
    pub fn count(&self) -> usize {
        self.times.iter().map(|o| o.points.len()).sum()
    }

    /// The observations, one entry per time.
    pub fn times(&self) -> &[ObservedTime] {
        &self.times
    }

    /// `(m0, m1, S00, S11)`.
    pub fn end_laws(&self) -> (&[Q], &[Q], &QMatrix, &QMatrix) {
        (&self.m0, &self.m1, &self.s00, &self.s11)
    }

    /// The offsets `r_j = x_j - m_t` and the values `u'_j = u_j - (m1 - m0)`.
    fn offsets(&self, o: &ObservedTime) -> (Vec<Vec<Q>>, Vec<Vec<Q>>) {
        let m_t = mean_between(&self.m0, &self.m1, &o.t);
        let drift: Vec<Q> = self.m1.iter().zip(&self.m0).map(|(a, b)| a - b).collect();
        let r = o
            .points
            .iter()
            .map(|x| x.iter().zip(&m_t).map(|(a, b)| a - b).collect())
            .collect();
        let u = o
            .values
            .iter()
            .map(|v| v.iter().zip(&drift).map(|(a, b)| a - b).collect())
            .collect();
        (r, u)
    }

    /// `(1 - t)^2 S00 + t^2 S11`, the part of `Sigma_t` free of `C`.
    fn sigma_base(&self, t: &Q) -> QMatrix {
        let s = Q::one() - t;
        self.s00
            .scale(&(&s * &s))
            .add(&self.s11.scale(&(t * t)))
            .expect("same shapes")
    }
}

/// The end laws `(m0, m1, S00, S11)`.
pub type EndLaws = (Vec<Q>, Vec<Q>, QMatrix, QMatrix);

/// Reads end laws from a table with the keys `m0`, `m1`, `s00`, `s11`
/// (docs/file-formats.md, "End laws"); shapes and positive
/// semidefiniteness are checked, each error naming its field.
pub fn end_laws_from_table(table: &Table<'_>) -> Result<EndLaws, InputError> {
    table.deny_unknown_keys(&["m0", "m1", "s00", "s11"])?;
    let fields = ["m0", "m1", "s00", "s11"];
    let f: Vec<Field<'_>> = fields
        .iter()
        .map(|k| table.require(k))
        .collect::<Result<_, _>>()?;
    let (m0, m1) = (read_vector(&f[0])?, read_vector(&f[1])?);
    let (s00, s11) = (read_matrix(&f[2])?, read_matrix(&f[3])?);
    let located = |e: PlanError| {
        let i = fields.iter().position(|k| *k == e.field).unwrap_or(0);
        f[i].error(e.message)
    };
    check_valid_end_laws(&m0, &m1, &s00, &s11).map_err(located)?;
    Ok((m0, m1, s00, s11))
}

/// The box of `A_t` at one time (step 1 of the module's method).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AffineBox {
    /// The `D` observed points (indices at this time) whose offsets form the basis.
    pub basis: Vec<usize>,
    /// The dyadic centre `A^`.
    pub center: QMatrix,
    /// `|A_t - A^|` entrywise at most this.
    pub radius: QMatrix,
}

/// A proof that `S(delta)` is empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Emptiness {
    /// At time `time`, the point `point` is off the affine field through
    /// the basis by more than `delta (1 + |lambda|_1)` in `component`.
    Affine {
        /// The index of the time.
        time: usize,
        /// The point (index at that time).
        point: usize,
        /// The coordinate.
        component: usize,
    },
    /// At `t = 0` (or `1`), `Sigma_t = S00` (or `S11`) whatever `C` is, and
    /// it is singular: no plan has a field there.
    Singular {
        /// The index of the time.
        time: usize,
    },
    /// Multipliers `y` over the stacked inequalities whose combination
    /// misses its allowed range over the last box.
    Relaxation {
        /// One per row (time, k, l).
        multipliers: Vec<Q>,
    },
}

/// One round of tightening: the multipliers of each entry of `C` and the box they give.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Round {
    /// For each entry `q = k D + l` of `C`, multipliers over the rows
    /// (empty when not kept, [`enclose_box`]).
    pub multipliers: Vec<Vec<Q>>,
    /// The box after the round (contains the bounds and lies in the previous box).
    pub lo: Vec<Q>,
    /// Upper ends.
    pub hi: Vec<Q>,
}

/// What [`enclose`] proves at one `delta`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enclosure {
    /// The tolerance.
    pub delta: Q,
    /// The affine boxes, one per time (in the order of the observations).
    pub affine: Vec<AffineBox>,
    /// The starting box: `|C_kl| <= prior[kD + l]`.
    pub prior: Vec<Q>,
    /// The rounds, each in the box of the one before.
    pub rounds: Vec<Round>,
    /// `Some` when `S(delta)` is proven empty.
    pub empty: Option<Emptiness>,
}

impl Enclosure {
    /// The last box `(lo, hi)` (the prior box when there was no round).
    pub fn bounds(&self) -> (Vec<Q>, Vec<Q>) {
        match self.rounds.last() {
            Some(r) => (r.lo.clone(), r.hi.clone()),
            None => (self.prior.iter().map(|h| -h).collect(), self.prior.clone()),
        }
    }
}

/// Why no enclosure or estimate could be formed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConsistentError {
    /// The offsets at a time span fewer than `D` dimensions.
    Degenerate {
        /// The time.
        t: Q,
    },
    /// No valid plan with these end laws has a defined field at every time.
    NoDefinedField,
}

impl fmt::Display for ConsistentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConsistentError::Degenerate { t } => write!(
                f,
                "at t = {} the points x - m_t span fewer than D dimensions: the field is not \
                 determined there; give D points in general position at each time",
                crate::exact::format_rational(t)
            ),
            ConsistentError::NoDefinedField => f.write_str(
                "no valid plan with these end laws found whose Sigma_t is invertible at every observed time",
            ),
        }
    }
}

impl std::error::Error for ConsistentError {}

/// The bits of the dyadic grid to which boxes and centres are rounded outward.
const GRID_BITS: u32 = 160;

/// Rounds `x` down (`up = false`) or up to a multiple of `2^-GRID_BITS`.
fn to_grid(x: &Q, up: bool) -> Q {
    let scale = BigInt::one() << GRID_BITS;
    let scaled = x * Q::from_integer(scale.clone());
    let n = if up { scaled.ceil() } else { scaled.floor() };
    Q::new(n.to_integer(), scale)
}

/// The nearest multiple of `2^-GRID_BITS`.
fn nearest_grid(x: &Q) -> Q {
    let scale = BigInt::one() << GRID_BITS;
    let scaled = x * Q::from_integer(scale.clone());
    Q::new(scaled.round().to_integer(), scale)
}

fn to_f64(x: &Q) -> f64 {
    x.to_f64().filter(|v| v.is_finite()).unwrap_or(0.0)
}

/// Chooses `D` points whose offsets are far from dependent (greedy
/// Gram-Schmidt in floats), checked exactly: returns the basis and
/// `R_B^{-1}` (rows `p`, columns `b`).
fn choose_basis(r: &[Vec<Q>], d: usize, t: &Q) -> Result<(Vec<usize>, QMatrix), ConsistentError> {
    let mut residual: Vec<Vec<f64>> = r.iter().map(|v| v.iter().map(to_f64).collect()).collect();
    let mut basis = Vec::with_capacity(d);
    for _ in 0..d {
        let norm = |v: &Vec<f64>| v.iter().map(|a| a * a).sum::<f64>();
        let best = (0..r.len())
            .filter(|j| !basis.contains(j))
            .max_by(|&a, &b| norm(&residual[a]).total_cmp(&norm(&residual[b])));
        let Some(best) = best else { break };
        let pivot = residual[best].clone();
        let pn = norm(&pivot);
        basis.push(best);
        if pn > 0.0 {
            for v in residual.iter_mut() {
                let dot: f64 = v.iter().zip(&pivot).map(|(a, b)| a * b).sum();
                for (a, b) in v.iter_mut().zip(&pivot) {
                    *a -= dot / pn * b;
                }
            }
        }
    }
    let square = |basis: &[usize]| {
        QMatrix::from_rows(basis.iter().map(|&b| r[b].clone()).collect())
            .ok()
            .filter(|m| basis.len() == d && m.det().is_ok_and(|x| !x.is_zero()))
    };
    // floats chose badly (offsets beyond their range, or nearly dependent):
    // the first independent points, found exactly
    let rb = match square(&basis) {
        Some(m) => m,
        None => {
            basis = exact_basis(r, d);
            square(&basis).ok_or_else(|| ConsistentError::Degenerate { t: t.clone() })?
        }
    };
    // R_B has rows r_b^T; R_B a_k = u'_{B,k} gives a_k = R_B^{-1} u'_{B,k}
    let inv = rb
        .inverse()
        .map_err(|_| ConsistentError::Degenerate { t: t.clone() })?;
    Ok((basis, inv))
}

/// The first points (in order) whose offsets are independent, up to `d`
/// of them, by exact rank.
fn exact_basis(r: &[Vec<Q>], d: usize) -> Vec<usize> {
    let mut basis: Vec<usize> = Vec::with_capacity(d);
    for j in 0..r.len() {
        if basis.len() == d {
            break;
        }
        let mut rows: Vec<Vec<Q>> = basis.iter().map(|&b| r[b].clone()).collect();
        rows.push(r[j].clone());
        if QMatrix::from_rows(rows).is_ok_and(|m| m.rank() == basis.len() + 1) {
            basis.push(j);
        }
    }
    basis
}

/// The largest affine-test ratio `|u'_jk - lambda^T u'_{B,k}| / (1 + |lambda|_1)`
/// at one time, with its point `j` and component `k`.
struct AffineGap {
    ratio: Q,
    point: usize,
    component: usize,
}

/// The affine box at one time, and its largest affine gap.
fn affine_box(
    obs: &Observations,
    o: &ObservedTime,
    delta: &Q,
) -> Result<(AffineBox, Option<AffineGap>), ConsistentError> {
    let d = obs.dim();
    let (r, u) = obs.offsets(o);
    let (basis, inv) = choose_basis(&r, d, &o.t)?;
    let norm1: Vec<Q> = (0..d)
        .map(|p| (0..d).map(|b| inv[(p, b)].abs()).sum())
        .collect();
    let mut center = QMatrix::zeros(d, d);
    let mut radius = QMatrix::zeros(d, d);
    for (k, p) in (0..d).flat_map(|k| (0..d).map(move |p| (k, p))) {
        let exact: Q = (0..d).map(|b| &inv[(p, b)] * &u[basis[b]][k]).sum();
        let c = nearest_grid(&exact);
        radius[(k, p)] = to_grid(&((&exact - &c).abs() + delta * &norm1[p]), true);
        center[(k, p)] = c;
    }
    let mut worst: Option<AffineGap> = None;
    for j in (0..r.len()).filter(|j| !basis.contains(j)) {
        // lambda_b = sum_p r_jp (R_B^{-1})_pb
        let lambda: Vec<Q> = (0..d)
            .map(|b| (0..d).map(|p| &r[j][p] * &inv[(p, b)]).sum())
            .collect();
        let weight = Q::one() + lambda.iter().map(|l| l.abs()).sum::<Q>();
        for (k, observed) in u[j].iter().enumerate() {
            let predicted: Q = (0..d).map(|b| &lambda[b] * &u[basis[b]][k]).sum();
            let ratio = (observed - predicted).abs() / &weight;
            if worst.as_ref().is_none_or(|w| ratio > w.ratio) {
                worst = Some(AffineGap {
                    ratio,
                    point: j,
                    component: k,
                });
            }
        }
    }
    Ok((
        AffineBox {
            basis,
            center,
            radius,
        },
        worst,
    ))
}

/// The stacked inequalities `|L c + f| <= beta(box)` (step 2 of the method):
/// rows `(time, k, l)`, columns `q = k D + l`. Each row has at most
/// `2D + 2` nonzeros; it is also kept scaled to integers (`den_r L_r`,
/// `den_r f_r`) so that combinations are integer dot products.
struct Relaxation {
    d: usize,
    rows: Vec<Vec<(usize, Q)>>,
    offset: Vec<Q>,
    scaled: Vec<ScaledRow>,
    /// Per time: `t (1 - t)`, the base of `Sigma_t`, the radius of `A_t`.
    times: Vec<(Q, QMatrix, QMatrix)>,
}

/// A row times the least common denominator of its entries and offset.
struct ScaledRow {
    den: BigInt,
    coef: Vec<(usize, BigInt)>,
    offset: BigInt,
}

/// Multipliers `y_r = numerator_r den_r / 2^shift`: multiples of `den_r`,
/// so that `L^T y` and `y^T f` are sums of integers over `2^shift`.
struct Multipliers {
    numerators: Vec<BigInt>,
    shift: u64,
}

/// Bits kept of the largest float multiplier.
const MULTIPLIER_BITS: i64 = 60;

impl Multipliers {
    fn from_floats(rel: &Relaxation, y: &[f64]) -> Multipliers {
        let largest = y
            .iter()
            .map(|v| v.abs())
            .filter(|v| v.is_finite())
            .fold(0.0, f64::max);
        let den_bits = rel.scaled.iter().map(|r| r.den.bits()).max().unwrap_or(0) as i64;
        let shift = if largest > 0.0 {
            (MULTIPLIER_BITS - largest.log2().floor() as i64 + den_bits).max(0) as u64
        } else {
            0
        };
        let scale = Q::from_integer(BigInt::one() << shift);
        let numerators = y
            .iter()
            .zip(&rel.scaled)
            .map(|(v, row)| {
                (exact(*v) * &scale / Q::from_integer(row.den.clone()))
                    .round()
                    .to_integer()
            })
            .collect();
        Multipliers { numerators, shift }
    }

    /// The exact rationals `y_r`.
    fn values(&self, rel: &Relaxation) -> Vec<Q> {
        self.numerators
            .iter()
            .zip(&rel.scaled)
            .map(|(n, row)| Q::new(n * &row.den, BigInt::one() << self.shift))
            .collect()
    }
}

impl Relaxation {
    fn new(obs: &Observations, affine: &[AffineBox]) -> Relaxation {
        let d = obs.dim();
        let mut rows = Vec::new();
        let mut offset = Vec::new();
        let mut times = Vec::new();
        for (o, a) in obs.times.iter().zip(affine) {
            let t = &o.t;
            let s = Q::one() - t;
            let ts = t * &s;
            let base = obs.sigma_base(t);
            // f = A^ base - t S11 + (1 - t) S00
            let f = a
                .center
                .mul(&base)
                .expect("square")
                .sub(&obs.s11.scale(t))
                .and_then(|m| m.add(&obs.s00.scale(&s)))
                .expect("square");
            for k in 0..d {
                for l in 0..d {
                    let mut row = vec![Q::zero(); d * d];
                    // t(1-t) A^ (C + C^T), entry (k, l)
                    for p in 0..d {
                        let w = &ts * &a.center[(k, p)];
                        row[p * d + l] += &w;
                        row[l * d + p] += &w;
                    }
                    // - G_t's part in C: -(1 - t) C^T + t C
                    row[l * d + k] -= &s;
                    row[k * d + l] += t;
                    rows.push(
                        row.into_iter()
                            .enumerate()
                            .filter(|(_, v)| !v.is_zero())
                            .collect::<Vec<_>>(),
                    );
                    offset.push(f[(k, l)].clone());
                }
            }
            times.push((ts, base, a.radius.clone()));
        }
        let scaled = rows
            .iter()
            .zip(&offset)
            .map(|(row, f)| {
                let den = row
                    .iter()
                    .map(|(_, v)| v.denom().clone())
                    .fold(f.denom().clone(), |a, b| a.lcm(&b));
                let times_den = |v: &Q| (v * Q::from_integer(den.clone())).to_integer();
                ScaledRow {
                    coef: row.iter().map(|(q, v)| (*q, times_den(v))).collect(),
                    offset: times_den(f),
                    den,
                }
            })
            .collect();
        Relaxation {
            d,
            rows,
            offset,
            scaled,
            times,
        }
    }

    /// `beta` over the box: `sum_p radius_kp max |Sigma_t(C)_pl|`.
    fn beta(&self, lo: &[Q], hi: &[Q]) -> Vec<Q> {
        let d = self.d;
        let mut out = Vec::with_capacity(self.rows.len());
        for (ts, base, radius) in &self.times {
            let sigma_max = |p: usize, l: usize| -> Q {
                let sum_lo = &lo[p * d + l] + &lo[l * d + p];
                let sum_hi = &hi[p * d + l] + &hi[l * d + p];
                let a = &base[(p, l)] + ts * sum_lo;
                let b = &base[(p, l)] + ts * sum_hi;
                a.abs().max(b.abs())
            };
            let sig: Vec<Q> = (0..d * d).map(|i| sigma_max(i / d, i % d)).collect();
            for k in 0..d {
                for l in 0..d {
                    out.push((0..d).map(|p| &radius[(k, p)] * &sig[p * d + l]).sum());
                }
            }
        }
        out
    }

    /// The range over the box of `y^T (L c + f)` (minus `c_q` when bounding
    /// `c_q`) and an upper bound on the allowed half-width `|y|^T beta`
    /// (`beta_per_den` as [`Relaxation::beta_per_den`] gives it).
    fn combination(
        &self,
        y: &Multipliers,
        beta_per_den: &[BigInt],
        lo: &[Q],
        hi: &[Q],
        target: Option<usize>,
    ) -> (Q, Q, Q) {
        let n = self.d * self.d;
        // 2^shift (L^T y) and 2^shift y^T f, in integers
        let mut g = vec![BigInt::zero(); n];
        let mut yf = BigInt::zero();
        for (row, yr) in self.scaled.iter().zip(&y.numerators) {
            if yr.is_zero() {
                continue;
            }
            for (q, v) in &row.coef {
                g[*q] += v * yr;
            }
            yf += &row.offset * yr;
        }
        let unit = BigInt::one() << y.shift;
        if let Some(q) = target {
            g[q] -= &unit;
        }
        let over = |v: BigInt| Q::new(v, unit.clone());
        let mut low = over(yf);
        let mut high = low.clone();
        for ((gq, l), h) in g.into_iter().zip(lo).zip(hi) {
            if gq.is_zero() {
                continue;
            }
            let gq = over(gq);
            let (a, b) = (&gq * l, &gq * h);
            if a <= b {
                low += a;
                high += b;
            } else {
                low += b;
                high += a;
            }
        }
        // sum |Y_r| B_r over 2^(shift + GRID_BITS), in integers
        let spread: BigInt = y
            .numerators
            .iter()
            .zip(beta_per_den)
            .filter(|(yr, _)| !yr.is_zero())
            .map(|(yr, b)| yr.abs() * b)
            .sum();
        let spread = Q::new(spread, unit << GRID_BITS);
        (low, high, spread)
    }

    /// `B_r = ceil(beta_r den_r 2^GRID_BITS)`, integers: rounding `beta` up
    /// keeps every bound sound and makes `|y|^T beta` an integer sum.
    fn beta_per_den(&self, beta: &[Q]) -> Vec<BigInt> {
        let grid = Q::from_integer(BigInt::one() << GRID_BITS);
        beta.iter()
            .zip(&self.scaled)
            .map(|(b, row)| {
                (b * Q::from_integer(row.den.clone()) * &grid)
                    .ceil()
                    .to_integer()
            })
            .collect()
    }

    /// Bounds on `c_q` over the box from multipliers `y`:
    /// `c_q = y^T (L c + f) - (y^T f + (L^T y - e_q)^T c)`.
    fn bound(
        &self,
        y: &Multipliers,
        beta_per_den: &[BigInt],
        lo: &[Q],
        hi: &[Q],
        q: usize,
    ) -> (Q, Q) {
        let (low, high, spread) = self.combination(y, beta_per_den, lo, hi, Some(q));
        (-&spread - high, spread - low)
    }

    /// Floating multipliers: weighted least squares, `y_q = W L (L^T W L + mu I)^{-1} e_q`.
    fn multipliers(&self, beta: &[Q]) -> Vec<Vec<f64>> {
        let n = self.d * self.d;
        let lf: Vec<Vec<(usize, f64)>> = self
            .rows
            .iter()
            .map(|r| r.iter().map(|(q, v)| (*q, to_f64(v))).collect())
            .collect();
        let bf: Vec<f64> = beta.iter().map(to_f64).collect();
        let floor = bf.iter().cloned().fold(0.0, f64::max) * 1e-12;
        let w: Vec<f64> = bf
            .iter()
            .map(|b| {
                if floor > 0.0 {
                    1.0 / (b + floor).powi(2)
                } else {
                    1.0
                }
            })
            .collect();
        let mut normal = vec![vec![0.0; n]; n];
        for (row, wr) in lf.iter().zip(&w) {
            for (i, a) in row {
                for (j, b) in row {
                    normal[*i][*j] += wr * a * b;
                }
            }
        }
        let trace: f64 = (0..n).map(|i| normal[i][i]).sum();
        let mu = (trace / n as f64) * 1e-13;
        for (i, row) in normal.iter_mut().enumerate() {
            row[i] += mu;
        }
        let inverse = float_inverse(normal);
        (0..n)
            .map(|q| {
                lf.iter()
                    .zip(&w)
                    .map(|(row, wr)| wr * row.iter().map(|(i, a)| a * inverse[*i][q]).sum::<f64>())
                    .collect()
            })
            .collect()
    }
}

/// The inverse of a symmetric positive definite float matrix (Gauss-Jordan
/// with partial pivoting); non-finite entries become 0. Guidance only.
fn float_inverse(mut a: Vec<Vec<f64>>) -> Vec<Vec<f64>> {
    let n = a.len();
    let mut inv: Vec<Vec<f64>> = (0..n)
        .map(|i| (0..n).map(|j| if i == j { 1.0 } else { 0.0 }).collect())
        .collect();
    for col in 0..n {
        let pivot = (col..n)
            .max_by(|&x, &y| a[x][col].abs().total_cmp(&a[y][col].abs()))
            .unwrap_or(col);
        a.swap(col, pivot);
        inv.swap(col, pivot);
        let p = a[col][col];
        if p == 0.0 || !p.is_finite() {
            continue;
        }
        for j in 0..n {
            a[col][j] /= p;
            inv[col][j] /= p;
        }
        for i in 0..n {
            if i != col {
                let f = a[i][col];
                if f != 0.0 {
                    for j in 0..n {
                        a[i][j] -= f * a[col][j];
                        inv[i][j] -= f * inv[col][j];
                    }
                }
            }
        }
    }
    for row in inv.iter_mut() {
        for v in row.iter_mut() {
            if !v.is_finite() {
                *v = 0.0;
            }
        }
    }
    inv
}

/// A float as the exact dyadic rational it is (0 for a non-finite one).
fn exact(x: f64) -> Q {
    Q::from_float(x).unwrap_or_else(Q::zero)
}

/// Most rounds of tightening; a round that narrows the box by less than a
/// tenth of its total width ends them.
const MAX_ROUNDS: usize = 8;

/// The Cauchy-Schwarz box: `|C_kl| <= sqrt(S00_kk S11_ll)`, rounded up.
fn prior_box(obs: &Observations) -> Vec<Q> {
    let d = obs.dim();
    (0..d * d)
        .map(|i| {
            let v = &obs.s00[(i / d, i / d)] * &obs.s11[(i % d, i % d)];
            sqrt_up(&v)
        })
        .collect()
}

/// A dyadic upper bound on `sqrt(v)` for `v >= 0`, on the grid.
fn sqrt_up(v: &Q) -> Q {
    let scale = BigInt::one() << (2 * GRID_BITS);
    // sqrt(v) <= ceil(sqrt(ceil(v 4^G))) / 2^G
    let scaled = (v * Q::from_integer(scale)).ceil().to_integer();
    let root = scaled.sqrt();
    let root = if &root * &root < scaled {
        root + 1
    } else {
        root
    };
    Q::new(root, BigInt::one() << GRID_BITS)
}

/// Proves an outer box of `S(delta)` or its emptiness (the module's
/// method), keeping every round's multipliers (a certificate's witness).
pub fn enclose(obs: &Observations, delta: &Q) -> Result<Enclosure, ConsistentError> {
    enclose_keeping(obs, delta, true)
}

/// [`enclose`] without the rounds' multipliers (`Round::multipliers`
/// empty): the same box, in a fraction of the memory, for a result that
/// is not a certificate.
pub fn enclose_box(obs: &Observations, delta: &Q) -> Result<Enclosure, ConsistentError> {
    enclose_keeping(obs, delta, false)
}

fn enclose_keeping(
    obs: &Observations,
    delta: &Q,
    keep: bool,
) -> Result<Enclosure, ConsistentError> {
    let d = obs.dim();
    let n = d * d;
    // at an end time Sigma_t does not depend on C
    let singular_end = obs.times.iter().position(|o| {
        let fixed = if o.t.is_zero() {
            &obs.s00
        } else if o.t.is_one() {
            &obs.s11
        } else {
            return false;
        };
        fixed.det().is_ok_and(|x| x.is_zero())
    });
    if let Some(time) = singular_end {
        return Ok(Enclosure {
            delta: delta.clone(),
            affine: Vec::new(),
            prior: Vec::new(),
            rounds: Vec::new(),
            empty: Some(Emptiness::Singular { time }),
        });
    }
    let mut affine = Vec::with_capacity(obs.times.len());
    let mut empty = None;
    for (i, o) in obs.times.iter().enumerate() {
        let (a, worst) = affine_box(obs, o, delta)?;
        if let Some(gap) = worst.filter(|g| g.ratio > *delta) {
            empty.get_or_insert(Emptiness::Affine {
                time: i,
                point: gap.point,
                component: gap.component,
            });
        }
        affine.push(a);
    }
    let prior = prior_box(obs);
    let mut enclosure = Enclosure {
        delta: delta.clone(),
        affine,
        prior,
        rounds: Vec::new(),
        empty,
    };
    if enclosure.empty.is_some() {
        return Ok(enclosure);
    }
    let relaxation = Relaxation::new(obs, &enclosure.affine);
    let (mut lo, mut hi) = enclosure.bounds();
    let width = |lo: &[Q], hi: &[Q]| -> Q { hi.iter().zip(lo).map(|(h, l)| h - l).sum() };
    for _ in 0..MAX_ROUNDS {
        let beta = relaxation.beta(&lo, &hi);
        let beta_per_den = relaxation.beta_per_den(&beta);
        let floats = relaxation.multipliers(&beta);
        if let Some(y) = farkas(&relaxation, &floats, &beta_per_den, &lo, &hi) {
            enclosure.empty = Some(Emptiness::Relaxation {
                multipliers: y.values(&relaxation),
            });
            return Ok(enclosure);
        }
        let mut round = Round {
            multipliers: Vec::with_capacity(n),
            lo: Vec::with_capacity(n),
            hi: Vec::with_capacity(n),
        };
        for (qi, yf) in floats.iter().enumerate() {
            let y = Multipliers::from_floats(&relaxation, yf);
            let (b_lo, b_hi) = relaxation.bound(&y, &beta_per_den, &lo, &hi, qi);
            round.lo.push(to_grid(&b_lo, false).max(lo[qi].clone()));
            round.hi.push(to_grid(&b_hi, true).min(hi[qi].clone()));
            if keep || round.lo[qi] > round.hi[qi] {
                round.multipliers.push(y.values(&relaxation));
            } else {
                round.multipliers.push(Vec::new());
            }
        }
        let crossed = (0..n).find(|&i| round.lo[i] > round.hi[i]);
        let before = width(&lo, &hi);
        let after = if crossed.is_none() {
            width(&round.lo, &round.hi)
        } else {
            Q::zero()
        };
        lo = round.lo.clone();
        hi = round.hi.clone();
        enclosure.rounds.push(round);
        if let Some(qi) = crossed {
            // c_q <= hi_q < lo_q <= c_q: the multipliers of q refute the last box
            let last = &enclosure.rounds[enclosure.rounds.len() - 1];
            enclosure.empty = Some(Emptiness::Relaxation {
                multipliers: last.multipliers[qi].clone(),
            });
            // the crossed round is not a box: the proof stands over the one before
            enclosure.rounds.pop();
            return Ok(enclosure);
        }
        if after * q(10) > before * q(9) {
            break;
        }
    }
    Ok(enclosure)
}

/// Multipliers that prove the relaxation empty over the box, if the
/// weighted least-squares residual does (`floats`: the round's multipliers,
/// whose combination with `-f` is the least-squares `c`).
fn farkas(
    rel: &Relaxation,
    floats: &[Vec<f64>],
    beta_per_den: &[BigInt],
    lo: &[Q],
    hi: &[Q],
) -> Option<Multipliers> {
    let n = rel.d * rel.d;
    // the residual of the least-squares fit of L c = -f
    let f: Vec<f64> = rel.offset.iter().map(to_f64).collect();
    let c: Vec<f64> = (0..n)
        .map(|q| -floats[q].iter().zip(&f).map(|(y, v)| y * v).sum::<f64>())
        .collect();
    let residual: Vec<f64> = rel
        .rows
        .iter()
        .zip(&f)
        .map(|(row, fr)| row.iter().map(|(q, l)| to_f64(l) * c[*q]).sum::<f64>() + fr)
        .collect();
    let y = Multipliers::from_floats(rel, &residual);
    if y.numerators.iter().all(Zero::is_zero) {
        return None;
    }
    let (low, high, spread) = rel.combination(&y, beta_per_den, lo, hi, None);
    (low > spread || high < -spread).then_some(y)
}

/// A valid plan fitted to the observations and its largest residual.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Estimate {
    /// The plan.
    pub plan: GaussianPlan,
    /// The shrinking factor applied to the least-squares `C` (1: none).
    pub shrink: Q,
    /// `max_ij |u_ij - v_{t_i}(x_ij)|_inf`, exact.
    pub residual: Q,
}

/// The estimate (see the module's documentation).
pub fn estimate(obs: &Observations) -> Result<Estimate, ConsistentError> {
    let d = obs.dim();
    let n = d * d;
    // least squares in floats: A_t at each time, then C from A_t Sigma_t = G_t
    let mut fitted = Vec::with_capacity(obs.times.len());
    for o in &obs.times {
        let (r, u) = obs.offsets(o);
        let rf: Vec<Vec<f64>> = r.iter().map(|v| v.iter().map(to_f64).collect()).collect();
        let uf: Vec<Vec<f64>> = u.iter().map(|v| v.iter().map(to_f64).collect()).collect();
        let mut normal = vec![vec![0.0; d]; d];
        for v in &rf {
            for i in 0..d {
                for j in 0..d {
                    normal[i][j] += v[i] * v[j];
                }
            }
        }
        let inv = float_inverse(normal);
        let mut center = QMatrix::zeros(d, d);
        for k in 0..d {
            // a_k = (R^T R)^{-1} R^T u'_k
            let rhs: Vec<f64> = (0..d)
                .map(|p| rf.iter().zip(&uf).map(|(v, w)| v[p] * w[k]).sum())
                .collect();
            for p in 0..d {
                center[(k, p)] = exact((0..d).map(|i| inv[p][i] * rhs[i]).sum());
            }
        }
        fitted.push(AffineBox {
            basis: Vec::new(),
            center,
            radius: QMatrix::zeros(d, d),
        });
    }
    let rel = Relaxation::new(obs, &fitted);
    let unit = vec![Q::one(); rel.rows.len()];
    let floats = rel.multipliers(&unit);
    let f: Vec<f64> = rel.offset.iter().map(to_f64).collect();
    let c_ls: Vec<Q> = (0..n)
        .map(|q| exact(-floats[q].iter().zip(&f).map(|(y, v)| y * v).sum::<f64>()))
        .collect();
    let c_ls = QMatrix::from_rows((0..d).map(|k| c_ls[k * d..(k + 1) * d].to_vec()).collect())
        .expect("square");
    // the largest dyadic shrink lambda = k / 2^12 that gives a valid plan
    // with a defined field (each step an exact LDL^T and a solve per time)
    let steps: i64 = 1 << 12;
    // a valid plan and its field at every time, or None
    let valid = |k: i64| -> Option<(GaussianPlan, Vec<FieldAt>)> {
        let lambda = Q::new(k.into(), steps.into());
        let plan = GaussianPlan::with_valid_end_laws(
            obs.m0.clone(),
            obs.m1.clone(),
            obs.s00.clone(),
            obs.s11.clone(),
            c_ls.scale(&lambda),
        )
        .ok()?;
        let fields = obs
            .times
            .iter()
            .map(|o| plan.field_at(&o.t).ok())
            .collect::<Option<Vec<_>>>()?;
        Some((plan, fields))
    };
    let ((plan, fields), k) = match valid(steps) {
        Some(p) => (p, steps),
        None => {
            let (mut good, mut bad) = (0, steps);
            let mut best = valid(0).ok_or(ConsistentError::NoDefinedField)?;
            while bad - good > 1 {
                let mid = (good + bad) / 2;
                match valid(mid) {
                    Some(p) => {
                        good = mid;
                        best = p;
                    }
                    None => bad = mid,
                }
            }
            (best, good)
        }
    };
    Ok(Estimate {
        residual: largest_residual(obs, &fields),
        plan,
        shrink: Q::new(k.into(), steps.into()),
    })
}

/// `max_ij |u_ij - v_{t_i}(x_ij)|_inf`, exactly, given the field at each time.
fn largest_residual(obs: &Observations, fields: &[FieldAt]) -> Q {
    let mut worst = Q::zero();
    for (o, field) in obs.times.iter().zip(fields) {
        for (x, u) in o.points.iter().zip(&o.values) {
            let v = field.velocity(x).expect("dimension checked");
            for (a, b) in u.iter().zip(&v) {
                let r = (a - b).abs();
                if r > worst {
                    worst = r;
                }
            }
        }
    }
    worst
}

/// The certified distance from the observations to the Gaussian family:
/// `lower` with a proof that `S(lower)` is empty (so no plan is within
/// any smaller tolerance either), `upper` the estimate's residual.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Distance {
    /// The enclosure that proved emptiness at `lower` (absent when
    /// `lower = 0`), without its rounds' multipliers.
    pub lower: Option<Enclosure>,
    /// The estimate, whose residual is the upper bound.
    pub estimate: Estimate,
}

impl Distance {
    /// The certified lower bound.
    pub fn lower_bound(&self) -> Q {
        self.lower
            .as_ref()
            .map(|e| e.delta.clone())
            .unwrap_or_else(Q::zero)
    }
}

/// Bisection steps of the lower bound.
const DISTANCE_STEPS: usize = 12;

/// The distance bounds: the largest tolerance, among a bisection between 0
/// and the estimate's residual, at which [`enclose`] proves emptiness.
pub fn distance(obs: &Observations) -> Result<Distance, ConsistentError> {
    let estimate = estimate(obs)?;
    let mut lower: Option<Enclosure> = None;
    let (mut good, mut bad) = (Q::zero(), estimate.residual.clone());
    for _ in 0..DISTANCE_STEPS {
        let mid = nearest_grid(&((&good + &bad) / q(2)));
        if mid <= good || mid >= bad {
            break;
        }
        let e = enclose_box(obs, &mid)?;
        if e.empty.is_some() {
            good = mid;
            lower = Some(e);
        } else {
            bad = mid;
        }
    }
    Ok(Distance { lower, estimate })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(n: i64, d: i64) -> Q {
        Q::new(n.into(), d.into())
    }

    fn m(rows: &[&[i64]]) -> QMatrix {
        QMatrix::from_i64(rows)
    }

    /// Observations of a plan's field plus a deterministic perturbation of size `eps`.
    fn observed(plan: &GaussianPlan, times: &[Q], eps: &Q) -> Observations {
        let d = plan.dim();
        let mut state = 0x9e3779b97f4a7c15u64;
        let obs = times
            .iter()
            .map(|t| {
                let field = plan.field_at(t).expect("defined");
                let mut points = Vec::new();
                let mut values = Vec::new();
                for j in 0..(3 * d + 2) {
                    let x: Vec<Q> = (0..d)
                        .map(|i| r(((j * 7 + i * 3) % 11) as i64 - 5, 2))
                        .collect();
                    let v = field.velocity(&x).expect("dim");
                    let noisy = v
                        .into_iter()
                        .map(|vi| {
                            let s = crate::exact::xorshift(&mut state) % 2001;
                            vi + eps * r(s as i64 - 1000, 1000)
                        })
                        .collect();
                    points.push(x);
                    values.push(noisy);
                }
                ObservedTime {
                    t: t.clone(),
                    points,
                    values,
                }
            })
            .collect();
        let (m0, m1, s00, s11) = (plan.m0(), plan.m1(), plan.s00(), plan.s11());
        Observations::new(m0.to_vec(), m1.to_vec(), s00.clone(), s11.clone(), obs).unwrap()
    }

    fn plan_2d() -> GaussianPlan {
        GaussianPlan::new(
            vec![q(0), q(1)],
            vec![q(2), q(-1)],
            m(&[&[2, 1], &[1, 2]]),
            m(&[&[3, 0], &[0, 1]]),
            QMatrix::from_rows(vec![vec![r(1, 2), r(1, 3)], vec![r(-1, 4), r(1, 5)]]).unwrap(),
        )
        .unwrap()
    }

    fn contains(e: &Enclosure, c: &QMatrix) -> bool {
        let (lo, hi) = e.bounds();
        c.entries()
            .iter()
            .zip(lo.iter().zip(&hi))
            .all(|(x, (l, h))| l <= x && x <= h)
    }

    #[test]
    fn the_box_contains_the_true_plan_and_shrinks_linearly_with_the_perturbation() {
        let plan = plan_2d();
        let times = [r(1, 4), r(1, 2), r(3, 4)];
        let mut widths = Vec::new();
        for k in [3, 5, 7] {
            let eps = Q::new(1.into(), BigInt::from(10).pow(k));
            let obs = observed(&plan, &times, &eps);
            let e = enclose(&obs, &eps).unwrap();
            assert!(e.empty.is_none(), "at eps 1e-{k}");
            assert!(contains(&e, plan.c()), "at eps 1e-{k}");
            let (lo, hi) = e.bounds();
            let w: Q = hi.iter().zip(&lo).map(|(h, l)| h - l).max().unwrap();
            widths.push(w);
        }
        // two orders of magnitude of eps give about two of width
        for pair in widths.windows(2) {
            let ratio = &pair[0] / &pair[1];
            assert!(ratio > q(50) && ratio < q(200), "{ratio}");
        }
        assert!(widths[2] < r(1, 10_000), "{}", widths[2]);
    }

    #[test]
    fn exact_observations_give_a_box_of_rounding_width_and_an_exact_estimate() {
        let plan = plan_2d();
        let obs = observed(&plan, &[r(1, 3), r(2, 3)], &q(0));
        let e = enclose(&obs, &q(0)).unwrap();
        assert!(contains(&e, plan.c()));
        let (lo, hi) = e.bounds();
        assert!(hi.iter().zip(&lo).all(|(h, l)| h - l < r(1, 1_000_000_000)));
        let est = estimate(&obs).unwrap();
        assert!(est.residual < r(1, 1_000_000_000), "{}", est.residual);
    }

    #[test]
    fn observations_far_from_every_gaussian_field_have_a_certified_distance() {
        // v_t(x) = x^2 is far from affine at each time: the affine test refutes
        let plan = plan_2d();
        let mut obs = observed(&plan, &[r(1, 2)], &q(0));
        let at = &mut obs.times[0];
        for (x, u) in at.points.iter().zip(at.values.iter_mut()) {
            u[0] = &x[0] * &x[0];
        }
        let dist = distance(&obs).unwrap();
        let lower = dist.lower_bound();
        assert!(lower > r(1, 10), "{lower}");
        assert!(lower <= dist.estimate.residual);
        let proof = dist.lower.unwrap();
        assert!(proof.empty.is_some());
        // and at a tolerance above the estimate's residual, nothing is proven empty
        let e = enclose(&obs, &(dist.estimate.residual.clone() * q(2))).unwrap();
        assert!(e.empty.is_none());
    }

    #[test]
    fn affine_but_inconsistent_times_are_refuted_by_the_relaxation() {
        // two times, each exactly the field of a different plan
        let a = plan_2d();
        let b = a.with_cross_covariance(m(&[&[0, 0], &[0, 0]])).unwrap();
        let oa = observed(&a, &[r(1, 4)], &q(0));
        let ob = observed(&b, &[r(3, 4)], &q(0));
        let mut times = oa.times.clone();
        times.extend(ob.times.clone());
        let (m0, m1, s00, s11) = oa.end_laws();
        let obs =
            Observations::new(m0.to_vec(), m1.to_vec(), s00.clone(), s11.clone(), times).unwrap();
        let e = enclose(&obs, &r(1, 1_000_000)).unwrap();
        assert!(
            matches!(e.empty, Some(Emptiness::Relaxation { .. })),
            "{e:?}"
        );
        // each time alone is consistent
        assert!(enclose(&oa, &r(1, 1_000_000)).unwrap().empty.is_none());
    }

    #[test]
    fn a_single_degenerate_time_leaves_the_free_direction_at_the_prior_box() {
        // D = 1, s00 = s11: at t = 1/2 the field does not see c
        let plan = GaussianPlan::new(
            vec![q(0)],
            vec![q(1)],
            m(&[&[1]]),
            m(&[&[1]]),
            QMatrix::from_rows(vec![vec![r(1, 3)]]).unwrap(),
        )
        .unwrap();
        let obs = observed(&plan, &[r(1, 2)], &q(0));
        let e = enclose(&obs, &r(1, 100)).unwrap();
        assert!(e.empty.is_none());
        let (lo, hi) = e.bounds();
        assert!(lo[0] <= q(-1) + r(1, 100) && hi[0] >= q(1) - r(1, 100));
    }

    #[test]
    fn offsets_beyond_the_float_range_still_find_a_basis() {
        // D = 2 points of size 1e-400 and 1e400: floats see 0 and infinity
        let tiny = Q::new(1.into(), BigInt::from(10).pow(400));
        let huge = Q::from_integer(BigInt::from(10).pow(400));
        let r = vec![
            vec![tiny.clone(), q(0)],
            vec![tiny.clone(), tiny.clone()],
            vec![huge.clone(), huge.clone()],
        ];
        let (basis, _) = choose_basis(&r, 2, &q(0)).unwrap();
        assert_eq!(basis.len(), 2);
        let dependent = vec![vec![tiny.clone(), tiny.clone()], vec![huge.clone(), huge]];
        assert!(choose_basis(&dependent, 2, &q(0)).is_err());
    }

    #[test]
    fn a_singular_end_covariance_at_an_end_time_leaves_no_plan() {
        let obs = Observations::new(
            vec![q(0)],
            vec![q(2)],
            m(&[&[0]]),
            m(&[&[4]]),
            vec![ObservedTime {
                t: q(0),
                points: vec![vec![q(1)]],
                values: vec![vec![q(2)]],
            }],
        )
        .unwrap();
        let e = enclose(&obs, &r(1, 1000)).unwrap();
        assert_eq!(e.empty, Some(Emptiness::Singular { time: 0 }));
    }

    #[test]
    fn degenerate_points_are_an_error_naming_the_time() {
        let plan = plan_2d();
        let mut obs = observed(&plan, &[r(1, 2)], &q(0));
        let m_t = mean_between(&obs.m0, &obs.m1, &r(1, 2));
        for x in obs.times[0].points.iter_mut() {
            x[1] = m_t[1].clone();
        }
        let err = enclose(&obs, &q(0)).unwrap_err();
        assert!(err.to_string().contains("t = 1/2"), "{err}");
    }
}
