//! The one-dimensional plan families and their closed forms (docs/mathematics.md
//! section 3, "Closed forms of the families").

use crate::exact::{format_rational, Poly, Q};
use crate::input::{InputError, Table};
use crate::interval::{Interval, IntervalError, NormalWalk};
use num_traits::{One, Signed, Zero};
use rayon::prelude::*;
use std::fmt;

/// The points of one walk in [`OneDimPlan::values_at_many`]: a block of a
/// grid evaluated on one thread (at 128 bits a block takes about 10 ms, and
/// its first expansions are a small part of it).
pub const POINTS_PER_WALK: usize = 1024;

/// A bivariate Gaussian law of `(X0, X1)`: means, variances, covariance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GaussianComponent {
    /// `E X0`.
    pub m0: Q,
    /// `E X1`.
    pub m1: Q,
    /// `Var X0 > 0`.
    pub s00: Q,
    /// `Var X1 > 0`.
    pub s11: Q,
    /// `Cov(X0, X1)`, `c^2 <= s00 s11`.
    pub c: Q,
}

/// An atom `(x0, x1)` of a discrete plan, with its weight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Atom {
    /// Start.
    pub x0: Q,
    /// End.
    pub x1: Q,
    /// Weight `> 0`.
    pub weight: Q,
}

/// A one-dimensional plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OneDimPlan {
    /// A Gaussian plan.
    Gaussian(GaussianComponent),
    /// A mixture of Gaussian plans: `(weight, component)`, weights summing to 1.
    Mixture(Vec<(Q, GaussianComponent)>),
    /// A discrete plan.
    Discrete(Vec<Atom>),
    /// `U[a0, b0] x U[a1, b1]`, independent.
    IndependentUniform {
        /// `a0 < b0`.
        a0: Q,
        /// End of the support of `X0`.
        b0: Q,
        /// `a1 < b1`.
        a1: Q,
        /// End of the support of `X1`.
        b1: Q,
    },
}

/// A value: exact where the family is exact, an enclosure otherwise.
#[derive(Debug, Clone)]
pub enum Value {
    /// An exact rational.
    Exact(Q),
    /// A certified enclosure.
    Enclosure(Interval),
}

impl Value {
    /// As an interval at `prec` bits (outward rounding of an exact value).
    pub fn to_interval(&self, prec: u32) -> Interval {
        match self {
            Value::Exact(q) => Interval::from_rational(q, prec),
            Value::Enclosure(x) => x.clone(),
        }
    }
}

/// `p_t(x)`, `F_t(x)`, `v_t(x)`.
#[derive(Debug, Clone)]
pub struct PointValues {
    /// The density.
    pub p: Value,
    /// The distribution function.
    pub f: Value,
    /// The field.
    pub v: Value,
}

/// An atom of `p_t` for a discrete plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AtomAt {
    /// Its position `(1-t) x0 + t x1`.
    pub x: Q,
    /// Its mass.
    pub mass: Q,
    /// `v_t` there: the mass-weighted mean of `x1 - x0`.
    pub v: Q,
}

/// Why values cannot be given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OneDimError {
    /// `t` outside `[0, 1]`.
    TimeOutOfRange(Q),
    /// `p_t` has an atom (a degenerate Gaussian, or a discrete plan).
    Atomic(String),
    /// An enclosure failed (`p_t` underflows at this precision, ...).
    Interval(IntervalError),
    /// The operation does not apply to this family.
    NotApplicable(String),
    /// One of the above at the point `x` of a list (the message names it).
    AtPoint {
        /// The point.
        x: Q,
        /// What failed there.
        error: Box<OneDimError>,
    },
}

impl OneDimError {
    /// The error, naming the point `x` where it happened.
    pub fn at_point(self, x: &Q) -> OneDimError {
        match self {
            already @ OneDimError::AtPoint { .. } => already,
            error => OneDimError::AtPoint {
                x: x.clone(),
                error: Box::new(error),
            },
        }
    }

    /// Whether a higher precision may remove it: an enclosure too wide to
    /// divide by, to take a square root of, or to decide a sign.
    pub fn may_narrow(&self) -> bool {
        match self {
            OneDimError::Interval(_) => true,
            OneDimError::AtPoint { error, .. } => error.may_narrow(),
            _ => false,
        }
    }
}

impl fmt::Display for OneDimError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OneDimError::TimeOutOfRange(t) => {
                write!(f, "t = {} is outside [0, 1]", format_rational(t))
            }
            OneDimError::Atomic(s) => write!(f, "p_t has an atom: {s}"),
            OneDimError::Interval(e) => write!(f, "{e}"),
            OneDimError::NotApplicable(s) => write!(f, "{s}"),
            OneDimError::AtPoint { x, error } => {
                write!(f, "at x = {}: {error}", format_rational(x))
            }
        }
    }
}

impl std::error::Error for OneDimError {}

impl From<IntervalError> for OneDimError {
    fn from(e: IntervalError) -> OneDimError {
        OneDimError::Interval(e)
    }
}

fn q(n: i64) -> Q {
    Q::from_integer(n.into())
}

impl GaussianComponent {
    /// Validates: positive variances, correlation in `[-1, 1]`; the error
    /// names the field.
    pub fn new(
        m0: Q,
        m1: Q,
        s00: Q,
        s11: Q,
        c: Q,
    ) -> Result<GaussianComponent, (&'static str, String)> {
        if !s00.is_positive() {
            return Err(("s00", "the variance of X0 must be positive".into()));
        }
        if !s11.is_positive() {
            return Err(("s11", "the variance of X1 must be positive".into()));
        }
        if &c * &c > &s00 * &s11 {
            return Err((
                "c",
                "the correlation c / sqrt(s00 s11) is outside [-1, 1]".into(),
            ));
        }
        Ok(GaussianComponent {
            m0,
            m1,
            s00,
            s11,
            c,
        })
    }

    /// `m_t = m0 + (m1 - m0) t`, as a polynomial in `t`.
    pub fn mean_poly(&self) -> Poly {
        Poly::new(vec![self.m0.clone(), &self.m1 - &self.m0])
    }

    /// `Sigma_t = (1-t)^2 s00 + 2t(1-t) c + t^2 s11`, as a polynomial in `t`.
    pub fn variance_poly(&self) -> Poly {
        let u = Poly::from_i64(&[1, -1]);
        let t = Poly::x();
        u.mul(&u)
            .scale(&self.s00)
            .add(&t.mul(&u).scale(&(q(2) * &self.c)))
            .add(&t.mul(&t).scale(&self.s11))
    }

    /// `G_t = Cov(X1 - X0, X_t) = (1-t) c + t s11 - (1-t) s00 - t c`, as a
    /// polynomial in `t` (the field is `v_t(x) = (m1 - m0) + (G_t /
    /// Sigma_t)(x - m_t)`).
    pub fn g_poly(&self) -> Poly {
        let u = Poly::from_i64(&[1, -1]);
        let t = Poly::x();
        u.scale(&(&self.c - &self.s00))
            .add(&t.scale(&(&self.s11 - &self.c)))
    }

    // The `*_at` functions evaluate the same formulas as the `*_poly` ones
    // without building polynomials (they run once per point); a test
    // checks that the two agree.

    /// `m_t`.
    pub fn mean_at(&self, t: &Q) -> Q {
        (Q::one() - t) * &self.m0 + t * &self.m1
    }

    /// `Sigma_t`.
    pub fn variance_at(&self, t: &Q) -> Q {
        let u = Q::one() - t;
        &u * &u * &self.s00 + q(2) * t * &u * &self.c + t * t * &self.s11
    }

    /// `G_t`.
    pub fn g_at(&self, t: &Q) -> Q {
        let u = Q::one() - t;
        &u * (&self.c - &self.s00) + t * (&self.s11 - &self.c)
    }

    /// The field's slope `a_t = G_t / Sigma_t` (`Sigma_t > 0`).
    pub fn slope_at(&self, t: &Q) -> Q {
        self.g_at(t) / self.variance_at(t)
    }

    /// The field `v_t(x) = (m1 - m0) + a_t (x - m_t)`, exactly (`Sigma_t >
    /// 0`): rational at rational `(t, x)`.
    pub fn field_at(&self, t: &Q, x: &Q) -> Q {
        (&self.m1 - &self.m0) + self.slope_at(t) * (x - self.mean_at(t))
    }

    /// The constants of the component at `t`, enclosed once for many `x`.
    fn prepare(&self, t: &Q, prec: u32) -> Result<PreparedComponent, OneDimError> {
        let var = self.variance_at(t);
        if var.is_zero() {
            return Err(OneDimError::Atomic(format!(
                "Sigma_t = 0 at t = {} (the component collapses to a point)",
                format_rational(t)
            )));
        }
        let inv_sigma = Interval::from_rational(&var, prec).sqrt()?.recip()?;
        Ok(PreparedComponent {
            mean: Interval::from_rational(&self.mean_at(t), prec),
            inv_sigma,
            slope: Interval::from_rational(&self.slope_at(t), prec),
            drift: Interval::from_rational(&(&self.m1 - &self.m0), prec),
        })
    }

    /// `p_t`, `F_t` over an interval of `x`, and `v_t`.
    fn values(&self, t: &Q, x: &Interval) -> Result<(Interval, Interval, Interval), OneDimError> {
        Ok(self.prepare(t, x.prec())?.values(x))
    }
}

/// A Gaussian component at a fixed `t`: `m_t`, `1/sigma_t`, `a_t`, `m1 - m0`.
struct PreparedComponent {
    mean: Interval,
    inv_sigma: Interval,
    slope: Interval,
    drift: Interval,
}

impl PreparedComponent {
    /// `p = phi(z) / sigma`, `F = Phi(z)`, `v = (m1 - m0) + a_t (x - m_t)`,
    /// `z = (x - m_t) / sigma`.
    fn values(&self, x: &Interval) -> (Interval, Interval, Interval) {
        self.values_near(x, None)
    }

    /// As [`PreparedComponent::values`]; given a `walk`, `phi(z)` and `F`
    /// come from Taylor expansions of `phi` and `Phi` about a nearby point,
    /// kept there for the next points of a grid (a new one is made when `z`
    /// leaves its radius).
    fn values_near(
        &self,
        x: &Interval,
        walk: Option<&mut NormalWalk>,
    ) -> (Interval, Interval, Interval) {
        let centred = x - &self.mean;
        let z = &centred * &self.inv_sigma;
        let (density, f) = match walk {
            None => (z.normal_pdf(), z.normal_cdf()),
            Some(walk) => walk.pdf_and_cdf(&z),
        };
        let mut p = density;
        p *= &self.inv_sigma;
        let mut v = &self.slope * centred;
        v += &self.drift;
        (p, f, v)
    }
}

/// The weights and prepared components of a mixture at `t`.
fn prepare_mixture(
    comps: &[(Q, GaussianComponent)],
    t: &Q,
    prec: u32,
) -> Result<Vec<(Interval, PreparedComponent)>, OneDimError> {
    comps
        .iter()
        .map(|(w, g)| Ok((Interval::from_rational(w, prec), g.prepare(t, prec)?)))
        .collect()
}

/// `p = sum w p_i`, `F = sum w F_i`, `v = sum w p_i v_i / p` over `x`.
fn mixture_point(
    prepared: &[(Interval, PreparedComponent)],
    x: &Interval,
) -> Result<PointValues, OneDimError> {
    mixture_point_near(prepared, x, None)
}

/// [`mixture_point`], with one walk of `phi` and `Phi` per component carried from
/// point to point when `walks` are given (see
/// [`PreparedComponent::values_near`]).
fn mixture_point_near(
    prepared: &[(Interval, PreparedComponent)],
    x: &Interval,
    mut walks: Option<&mut [NormalWalk]>,
) -> Result<PointValues, OneDimError> {
    let zero = Interval::from_i64(0, x.prec());
    let (mut p, mut f, mut flux) = (zero.clone(), zero.clone(), zero);
    for (i, (w, c)) in prepared.iter().enumerate() {
        let walk = walks.as_deref_mut().map(|w| &mut w[i]);
        // in place: the weighted density, then its share of the flux
        let (mut wp, mut wf, mut flux_i) = c.values_near(x, walk);
        wp *= w;
        wf *= w;
        p += &wp;
        f += &wf;
        flux_i = flux_i * wp;
        flux += &flux_i;
    }
    let v = field_from_flux(&flux, &p)?;
    Ok(PointValues {
        p: Value::Enclosure(p),
        f: Value::Enclosure(f),
        v: Value::Enclosure(v),
    })
}

/// `v = (sum w p_i v_i) / p`. Where the enclosure of `p_t(x)` reaches 0 the
/// field cannot be enclosed; the error says why: `p_t(x)` below the
/// smallest MPFR number (no precision helps: the point is too far in the
/// tails), or an enclosure merely too wide at this precision (a higher one
/// may do, and the precision driver tries it).
fn field_from_flux(flux: &Interval, p: &Interval) -> Result<Interval, OneDimError> {
    flux.checked_div(p).map_err(|_| {
        // 2^-1,000,000: far below any density a finite precision resolves
        let underflow = p.hi().get_exp().is_some_and(|e| e < -1_000_000);
        if underflow {
            OneDimError::NotApplicable(format!(
                "p_t(x) = {p} underflows below the smallest representable number: x is too far in the tails to enclose v_t(x)"
            ))
        } else {
            OneDimError::Interval(crate::interval::IntervalError::DivisionByZero {
                divisor: format!(
                    "p_t(x) = {p} at {} bits: the enclosure is too wide to divide by at this precision",
                    p.prec()
                ),
            })
        }
    })
}

fn check_time(t: &Q) -> Result<(), OneDimError> {
    if t.is_negative() || *t > Q::one() {
        return Err(OneDimError::TimeOutOfRange(t.clone()));
    }
    Ok(())
}

impl OneDimPlan {
    /// Reads a plan of one of the four families (docs/file-formats.md "Plan files");
    /// errors name the file, the line and the field.
    pub fn from_table(table: &Table<'_>) -> Result<OneDimPlan, InputError> {
        let kind_field = table.require("kind")?;
        let kind = kind_field.string()?;
        let component = |t: &Table<'_>, extra: &[&str]| -> Result<GaussianComponent, InputError> {
            let mut allowed = vec!["m0", "m1", "s00", "s11", "c"];
            allowed.extend_from_slice(extra);
            t.deny_unknown_keys(&allowed)?;
            let read = |k: &str| -> Result<Q, InputError> {
                let f = t.require(k)?;
                // scalars, or the 1-vectors and 1x1 matrices of the Gaussian format
                match f.number() {
                    Ok(x) => Ok(x),
                    Err(e) if !f.is_array() => Err(e),
                    Err(_) => {
                        let flat: Vec<Q> = match f.vector() {
                            Ok(v) => v,
                            Err(_) => f.matrix()?.into_iter().flatten().collect(),
                        };
                        if flat.len() == 1 {
                            Ok(flat[0].clone())
                        } else {
                            Err(f.error("a one-dimensional plan needs a scalar here"))
                        }
                    }
                }
            };
            let (m0, m1, s00, s11, c) = (
                read("m0")?,
                read("m1")?,
                read("s00")?,
                read("s11")?,
                read("c")?,
            );
            GaussianComponent::new(m0, m1, s00, s11, c).map_err(|(field, msg)| {
                t.get(field)
                    .map_or_else(|| t.error(msg.clone()), |f| f.error(msg.clone()))
            })
        };
        let weight = |f: crate::input::Field<'_>| -> Result<Q, InputError> {
            let w = f.number()?;
            if !w.is_positive() {
                return Err(f.error("a weight must be positive"));
            }
            Ok(w)
        };
        let sums_to_one = |total: Q, field: &crate::input::Field<'_>| -> Result<(), InputError> {
            if total != Q::one() {
                return Err(field.error(format!(
                    "the weights sum to {}, not 1",
                    format_rational(&total)
                )));
            }
            Ok(())
        };
        // the array of tables under `key`, 1 to `max` of them
        let limited = |key: &str, max: usize, what: &str| -> Result<_, InputError> {
            let field = table.require(key)?;
            let tables = field.tables()?;
            if tables.is_empty() || tables.len() > max {
                return Err(field.error(format!("expected 1 to {max} {what}")));
            }
            Ok((field, tables))
        };
        match kind {
            "gaussian" => Ok(OneDimPlan::Gaussian(component(table, &["kind"])?)),
            "gaussian-mixture" => {
                table.deny_unknown_keys(&["kind", "component"])?;
                let (field, tables) = limited("component", crate::limits::MAX_MIXTURE_COMPONENTS, "components")?;
                let mut comps = Vec::new();
                for t in &tables {
                    comps.push((weight(t.require("weight")?)?, component(t, &["weight"])?));
                }
                sums_to_one(comps.iter().map(|(w, _)| w.clone()).sum(), &field)?;
                Ok(OneDimPlan::Mixture(comps))
            }
            "discrete" => {
                table.deny_unknown_keys(&["kind", "atoms"])?;
                let (field, tables) = limited("atoms", crate::limits::MAX_ATOMS, "atoms")?;
                let mut atoms = Vec::new();
                for t in &tables {
                    t.deny_unknown_keys(&["x0", "x1", "weight"])?;
                    atoms.push(Atom {
                        x0: t.require("x0")?.number()?,
                        x1: t.require("x1")?.number()?,
                        weight: weight(t.require("weight")?)?,
                    });
                }
                sums_to_one(atoms.iter().map(|a| a.weight.clone()).sum(), &field)?;
                Ok(OneDimPlan::Discrete(atoms))
            }
            "independent-uniform" => {
                table.deny_unknown_keys(&["kind", "a0", "b0", "a1", "b1"])?;
                let n = |k: &str| table.require(k).and_then(|f| f.number());
                let (a0, b0, a1, b1) = (n("a0")?, n("b0")?, n("a1")?, n("b1")?);
                if a0 >= b0 {
                    return Err(table.require("b0")?.error("need a0 < b0"));
                }
                if a1 >= b1 {
                    return Err(table.require("b1")?.error("need a1 < b1"));
                }
                Ok(OneDimPlan::IndependentUniform { a0, b0, a1, b1 })
            }
            other => Err(kind_field.error(format!(
                "unknown plan kind `{other}`; expected one of: gaussian, gaussian-mixture, discrete, independent-uniform"
            ))),
        }
    }

    /// The family's name as in plan files.
    pub fn kind(&self) -> &'static str {
        match self {
            OneDimPlan::Gaussian(_) => "gaussian",
            OneDimPlan::Mixture(_) => "gaussian-mixture",
            OneDimPlan::Discrete(_) => "discrete",
            OneDimPlan::IndependentUniform { .. } => "independent-uniform",
        }
    }

    /// Enclosures of `p_t(x)`, `F_t(x)`, `v_t(x)` for every `(t, x)` of the
    /// box `t x x` (Gaussian families; `t` inside `[0, 1]`): `m_t`,
    /// `Sigma_t`, `G_t` are their polynomials evaluated over `t`, then the
    /// closed forms over the box. Valid for every point of the box, and as
    /// wide as interval arithmetic makes them (no subdivision here).
    pub fn values_on_box(&self, t: &Interval, x: &Interval) -> Result<PointValues, OneDimError> {
        let prec = x.prec();
        let comps: Vec<(Q, GaussianComponent)> =
            match self {
                OneDimPlan::Gaussian(g) => vec![(Q::one(), g.clone())],
                OneDimPlan::Mixture(c) => c.clone(),
                _ => return Err(OneDimError::NotApplicable(
                    "box enclosures are for the Gaussian families (the others are exact at points)"
                        .into(),
                )),
            };
        let unit = Interval::from_i64(0, prec).hull(&Interval::from_i64(1, prec));
        if !unit.contains(t) {
            return Err(OneDimError::NotApplicable(format!(
                "t = {t} is not inside [0, 1]"
            )));
        }
        let horner = |p: &Poly| -> Interval {
            let mut acc = Interval::from_i64(0, prec);
            for c in p.coeffs().iter().rev() {
                acc = &(&acc * t) + &Interval::from_rational(c, prec);
            }
            acc
        };
        let zero = Interval::from_i64(0, prec);
        let (mut p, mut f, mut flux) = (zero.clone(), zero.clone(), zero);
        for (w, g) in &comps {
            let var = horner(&g.variance_poly());
            let inv_sigma = var
                .sqrt()?
                .recip()
                .map_err(|_| OneDimError::Atomic(format!("Sigma_t may vanish for t in {t}")))?;
            let centred = x - &horner(&g.mean_poly());
            let z = &centred * &inv_sigma;
            let pk = z.normal_pdf() * &inv_sigma;
            let slope = horner(&g.g_poly()) * inv_sigma.sqr();
            let vk = &Interval::from_rational(&(&g.m1 - &g.m0), prec) + &(slope * centred);
            let wp = Interval::from_rational(w, prec) * pk;
            f = f + Interval::from_rational(w, prec) * z.normal_cdf();
            flux = flux + &wp * &vk;
            p = p + wp;
        }
        let v = field_from_flux(&flux, &p)?;
        Ok(PointValues {
            p: Value::Enclosure(p),
            f: Value::Enclosure(f),
            v: Value::Enclosure(v),
        })
    }

    /// `p_t` and `F_t` (not the field) at a rational `t` over an interval
    /// of `x`, at the precision of `x`: for the Gaussian families defined
    /// also where `p_t` underflows and `v_t` cannot be enclosed, as the flow
    /// map's root search and the transport identity need (they only use
    /// `F_t` and `p_t`).
    pub fn density_and_cdf_on(
        &self,
        t: &Q,
        x: &Interval,
    ) -> Result<(Interval, Interval), OneDimError> {
        check_time(t)?;
        let prec = x.prec();
        let comps = match self {
            OneDimPlan::Gaussian(g) => {
                let (p, f, _) = g.values(t, x)?;
                return Ok((p, f));
            }
            OneDimPlan::Mixture(comps) => prepare_mixture(comps, t, prec)?,
            _ => {
                let v = self.values_on(t, x)?;
                return Ok((v.p.to_interval(prec), v.f.to_interval(prec)));
            }
        };
        let zero = Interval::from_i64(0, prec);
        let (mut p, mut f) = (zero.clone(), zero);
        for (w, c) in &comps {
            let (pi, fi, _) = c.values(x);
            p = p + w * pi;
            f = f + w * fi;
        }
        Ok((p, f))
    }

    /// `F_t(y) - F_s(x)` for the Gaussian families, over an interval of `y`
    /// and at a rational `x`, at the precision of `y`, without cancelling
    /// two values near 1: component by component, where both standardised
    /// points `z_y`, `z_x` are at least 0 the difference is taken of the
    /// upper tails, `Phi(-z_x) - Phi(-z_y)`, each enclosed to relative
    /// accuracy. Where `F_t(y)` and `F_s(x)` are both `1 - 10^-700000`
    /// (far between two components) the difference keeps its sign and its
    /// size, so the flow map's root can be proven there.
    pub fn cdf_difference(
        &self,
        (t, y): (&Q, &Interval),
        (s, x): (&Q, &Q),
    ) -> Result<Interval, OneDimError> {
        check_time(t)?;
        check_time(s)?;
        let prec = y.prec();
        let comps = match self {
            OneDimPlan::Gaussian(g) => vec![(Q::one(), g.clone())],
            OneDimPlan::Mixture(comps) => comps.clone(),
            _ => {
                let at_x = self.values_on(s, &Interval::from_rational(x, prec))?.f;
                let at_y = self.density_and_cdf_on(t, y)?.1;
                return Ok(at_y - at_x.to_interval(prec));
            }
        };
        let x = Interval::from_rational(x, prec);
        let mut sum = Interval::from_i64(0, prec);
        for (w, g) in &comps {
            let standardised = |time: &Q, at: &Interval| -> Result<Interval, OneDimError> {
                let c = g.prepare(time, prec)?;
                Ok((at - &c.mean) * &c.inv_sigma)
            };
            let (zy, zx) = (standardised(t, y)?, standardised(s, &x)?);
            let upper = |z: &Interval| z.lo().cmp0() != Some(std::cmp::Ordering::Less);
            let gap = if upper(&zy) && upper(&zx) {
                zx.normal_sf() - zy.normal_sf()
            } else {
                zy.normal_cdf() - zx.normal_cdf()
            };
            sum += &(Interval::from_rational(w, prec) * gap);
        }
        Ok(sum)
    }

    /// `p_t`, `F_t`, `v_t` at a rational `t` over an interval of `x` (a
    /// point when `x` comes from a rational), at the precision of `x`.
    /// Exact families give exact values at exact points.
    pub fn values_on(&self, t: &Q, x: &Interval) -> Result<PointValues, OneDimError> {
        check_time(t)?;
        let prec = x.prec();
        match self {
            OneDimPlan::Gaussian(g) => {
                let (p, f, v) = g.values(t, x)?;
                Ok(PointValues {
                    p: Value::Enclosure(p),
                    f: Value::Enclosure(f),
                    v: Value::Enclosure(v),
                })
            }
            OneDimPlan::Mixture(comps) => mixture_point(&prepare_mixture(comps, t, prec)?, x),
            OneDimPlan::Discrete(_) => {
                Err(OneDimError::Atomic("a discrete plan: use its atoms".into()))
            }
            OneDimPlan::IndependentUniform { .. } => {
                let (lo, hi) = x
                    .to_rationals()
                    .ok_or_else(|| OneDimError::NotApplicable("x is not finite".into()))?;
                if lo == hi {
                    let (p, f, v) = self.uniform_exact(t, &lo);
                    return Ok(PointValues {
                        p: Value::Exact(p),
                        f: Value::Exact(f),
                        v: Value::Exact(v),
                    });
                }
                let (p, f) = self.uniform_on(t, &lo, &hi, prec);
                Ok(PointValues {
                    p: Value::Enclosure(p),
                    f: Value::Enclosure(f),
                    v: Value::Enclosure(Interval::entire(prec)),
                })
            }
        }
    }

    /// `p_t`, `F_t`, `v_t` at rational `(t, x)`: exact for the uniform
    /// family (outside the support `p_t = 0`, `F_t` is 0 or 1, and `v_t` is
    /// continued by its value at the nearest end of the support), `v_t`
    /// exact for a single Gaussian, enclosures otherwise.
    pub fn values_at(&self, t: &Q, x: &Q, prec: u32) -> Result<PointValues, OneDimError> {
        check_time(t)?;
        match self {
            OneDimPlan::IndependentUniform { .. } => {
                let (p, f, v) = self.uniform_exact(t, x);
                Ok(PointValues {
                    p: Value::Exact(p),
                    f: Value::Exact(f),
                    v: Value::Exact(v),
                })
            }
            OneDimPlan::Gaussian(g) => {
                let mut values = self.values_on(t, &Interval::from_rational(x, prec))?;
                values.v = Value::Exact(g.field_at(t, x));
                Ok(values)
            }
            _ => self.values_on(t, &Interval::from_rational(x, prec)),
        }
    }

    /// `p_t`, `F_t`, `v_t` at many rational points: the per-`t` constants of
    /// the Gaussian families are enclosed once, and for a mixture `phi` and
    /// `Phi` walk along the points (enclosures as those of
    /// [`OneDimPlan::values_at`] at each point, to a few ulps).
    ///
    /// The points are taken in blocks of [`POINTS_PER_WALK`], in parallel
    /// (rayon); each block starts its own walks, so the enclosures do not
    /// depend on the number of threads. The first error, in the order of
    /// the points, is returned.
    pub fn values_at_many(
        &self,
        t: &Q,
        xs: &[Q],
        prec: u32,
    ) -> Result<Vec<PointValues>, OneDimError> {
        check_time(t)?;
        let OneDimPlan::Mixture(comps) = self else {
            return xs
                .iter()
                .map(|x| self.values_at(t, x, prec).map_err(|e| e.at_point(x)))
                .collect();
        };
        let prepared = prepare_mixture(comps, t, prec)?;
        let blocks: Vec<Result<Vec<PointValues>, OneDimError>> = xs
            .par_chunks(POINTS_PER_WALK)
            .map(|block| {
                // the prepared constants come from this thread
                crate::interval::exponent_range::widen();
                let mut walks = vec![NormalWalk::new(); prepared.len()];
                block
                    .iter()
                    .map(|x| {
                        let at = Interval::from_rational(x, prec);
                        mixture_point_near(&prepared, &at, Some(&mut walks))
                            .map_err(|e| e.at_point(x))
                    })
                    .collect()
            })
            .collect();
        let mut values = Vec::with_capacity(xs.len());
        for block in blocks {
            values.extend(block?);
        }
        Ok(values)
    }

    /// The atoms of `p_t` of a discrete plan, sorted by position, exactly.
    pub fn atoms_at(&self, t: &Q) -> Result<Vec<AtomAt>, OneDimError> {
        check_time(t)?;
        let OneDimPlan::Discrete(atoms) = self else {
            return Err(OneDimError::NotApplicable(
                "only a discrete plan has atoms".into(),
            ));
        };
        let u = Q::one() - t;
        let mut moved: Vec<(Q, Q, Q)> = atoms
            .iter()
            .map(|a| (&u * &a.x0 + t * &a.x1, a.weight.clone(), &a.x1 - &a.x0))
            .collect();
        moved.sort_by(|a, b| a.0.cmp(&b.0));
        let mut out: Vec<AtomAt> = Vec::new();
        for (x, w, d) in moved {
            match out.last_mut() {
                Some(last) if last.x == x => {
                    // running weighted mean of x1 - x0
                    let mass = &last.mass + &w;
                    last.v = (&last.v * &last.mass + &d * &w) / &mass;
                    last.mass = mass;
                }
                _ => out.push(AtomAt { x, mass: w, v: d }),
            }
        }
        Ok(out)
    }

    /// The breakpoints of the trapezoid density of `U[a0,b0] x U[a1,b1]` at `t`.
    fn uniform_parts(&self, t: &Q) -> (Q, Q, Q, Q, Q) {
        let OneDimPlan::IndependentUniform { a0, b0, a1, b1 } = self else {
            unreachable!()
        };
        let u = Q::one() - t;
        // X_t = (1-t) X0 + t X1: a sum of U[(1-t) a0, (1-t) b0] and U[t a1, t b1]
        let (l0, l1) = (&u * (b0 - a0), t * (b1 - a1));
        let start = &u * a0 + t * a1;
        (start, l0, l1, (b0 - a0) * (b1 - a1), u)
    }

    /// Exact `p_t(x)`, `F_t(x)`, `v_t(x)` of the independent uniform plan.
    fn uniform_exact(&self, t: &Q, x: &Q) -> (Q, Q, Q) {
        let OneDimPlan::IndependentUniform { a0, b0, a1, b1 } = self else {
            unreachable!()
        };
        let (start, l0, l1, _, u) = self.uniform_parts(t);
        let (short, long) = if l0 <= l1 {
            (l0.clone(), l1.clone())
        } else {
            (l1.clone(), l0.clone())
        };
        let y = x - &start;
        let total = &short + &long;
        // trapezoid of the sum of two uniforms of lengths `short <= long`
        let (p, f) = if y <= Q::zero() {
            (Q::zero(), Q::zero())
        } else if y >= total {
            (Q::zero(), Q::one())
        } else if short.is_zero() {
            // t = 0 or 1: one uniform of length `long`
            (Q::one() / &long, &y / &long)
        } else if y <= short {
            (&y / (&short * &long), &y * &y / (q(2) * &short * &long))
        } else if y <= long {
            (Q::one() / &long, (q(2) * &y - &short) / (q(2) * &long))
        } else {
            let w = &total - &y;
            (
                &w / (&short * &long),
                Q::one() - &w * &w / (q(2) * &short * &long),
            )
        };
        // v_t(x) = E[X1 - X0 | X_t = x]
        let v = if t.is_zero() {
            (a1 + b1) / q(2) - x
        } else if t.is_one() {
            x - (a0 + b0) / q(2)
        } else {
            // x0 ranges over I(x) = [a0, b0] ∩ [(x - t b1)/(1-t), (x - t a1)/(1-t)]
            let lo = std::cmp::max(a0.clone(), (x - t * b1) / &u);
            let hi = std::cmp::min(b0.clone(), (x - t * a1) / &u);
            if lo > hi {
                // outside the support: report the value at the nearest end
                let clamp = std::cmp::min(std::cmp::max(x.clone(), start.clone()), &start + &total);
                return (p, f, self.uniform_exact(t, &clamp).2);
            }
            (x - (lo + hi) / q(2)) / t
        };
        (p, f, v)
    }

    /// Enclosures of `p_t` and `F_t` over `[lo, hi]` (exact ends): `F_t` is
    /// increasing; `p_t` is a trapezoid, so its range is spanned by the ends
    /// and the breakpoints inside.
    fn uniform_on(&self, t: &Q, lo: &Q, hi: &Q, prec: u32) -> (Interval, Interval) {
        let (start, l0, l1, _, _) = self.uniform_parts(t);
        let (a, b) = (self.uniform_exact(t, lo), self.uniform_exact(t, hi));
        let mut ps = vec![a.0.clone(), b.0.clone()];
        for bp in [
            start.clone(),
            &start + &l0,
            &start + &l1,
            &start + &l0 + &l1,
        ] {
            if *lo < bp && bp < *hi {
                ps.push(self.uniform_exact(t, &bp).0);
            }
        }
        let pmin = ps.iter().min().expect("nonempty").clone();
        let pmax = ps.iter().max().expect("nonempty").clone();
        let p = Interval::from_rational(&pmin, prec).hull(&Interval::from_rational(&pmax, prec));
        let f = Interval::from_rational(&a.1, prec).hull(&Interval::from_rational(&b.1, prec));
        (p, f)
    }
}
