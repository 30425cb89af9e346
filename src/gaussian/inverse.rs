//! The inverse problem: from `p0`, `p1` and samples of the field back to
//! the Gaussian plan, exactly.
//!
//! Contract (docs/mathematics.md section 2, "Inverse"). The unknown is `C`. Each sample
//! `(t, A, b [, Sigma])` of the field gives exact linear equations in `C`:
//! `A Sigma_t(C) = G_t(C)` (which every version of the field satisfies,
//! also where `Sigma_t` is singular), `Sigma_t(C) = Sigma` when `Sigma` is
//! given, and `b = (m1 - m0) - A m_t`. The answer is
//!
//! * [`Inversion::Unique`]: exactly one `C` fits, and the plan is valid;
//! * [`Inversion::Underdetermined`]: an affine family `C_0 + span(basis)`
//!   fits (for instance the single time `t*` of `D = 1`);
//! * an [`InversionError`]: no `C` fits (inconsistent samples), or the only
//!   `C` that fits gives a joint covariance that is not positive
//!   semidefinite: no Gaussian plan has that field.
//!
//! Fast paths: a sample with `Sigma` at `t` in `(0, 1)` gives
//! `S = (Sigma - (1-t)^2 S00 - t^2 S11) / (2t(1-t))` and
//! `K = -(A Sigma - (A Sigma)^T) / 2`; a sample at `t = 0` gives
//! `C = (A S00)^T + S00`, at `t = 1`, `C = (I - A) S11`. The other samples
//! are then verified by substitution. Otherwise the stacked system of all
//! samples (`D^2` unknowns, built over the integers) is solved exactly
//! ([`crate::exact::solve_integer_equations`]: p-adic lifting checked over Q,
//! or elimination) and its rank decides.

use super::field::{check_time, FieldError};
use super::plan::{
    check_square, check_valid_end_laws, plan_error, read_matrix, read_vector, GaussianPlan,
    PlanError,
};
use crate::exact::convert::bigint_to_integer;
use crate::exact::matrix::times_integer;
use crate::exact::Q;
use crate::exact::{
    definiteness, format_rational, lcm_of_denominators, solve_integer_equations, Definiteness,
    IntegerEquation, PivotFailure, QMatrix, SystemSolution,
};
use crate::input::{InputError, Table};
use crate::limits::{MAX_FIELD_ONLY_DIMENSION, MAX_FIELD_SAMPLES};
use num_bigint::BigInt;
use num_traits::{One, Zero};
use rug::Integer;
use std::fmt;

/// One sample of a Gaussian field: `v_t(x) = A x + b`, and optionally `Sigma_t`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldSample {
    /// The time, in `[0, 1]`.
    pub t: Q,
    /// `A_t`.
    pub a: QMatrix,
    /// `b_t`.
    pub b: Vec<Q>,
    /// `Sigma_t`, when known.
    pub sigma: Option<QMatrix>,
}

/// The end laws and samples of a field: the input of the inverse problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GaussianFieldData {
    m0: Vec<Q>,
    m1: Vec<Q>,
    s00: QMatrix,
    s11: QMatrix,
    samples: Vec<FieldSample>,
}

/// What the samples determine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inversion {
    /// Exactly one plan has these samples.
    Unique(GaussianPlan),
    /// The cross-covariances that fit form `c + span(basis)`.
    Underdetermined {
        /// One `C` that fits.
        particular: QMatrix,
        /// A basis of the directions left free.
        basis: Vec<QMatrix>,
        /// Whether `particular` gives a valid (PSD) joint covariance.
        particular_is_valid: bool,
    },
}

/// No Gaussian plan has the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InversionError {
    /// No `C` satisfies the equations of every sample.
    Inconsistent {
        /// The first sample (0-based) found in conflict.
        sample: usize,
        /// Which equation fails.
        detail: String,
    },
    /// The samples call for the field-only route beyond its dimension limit.
    TooLarge {
        /// The dimension.
        dim: usize,
    },
    /// The only `C` that fits gives a joint covariance that is not PSD.
    NotPositiveSemidefinite {
        /// The recovered `C`.
        c: QMatrix,
        /// The failing pivot.
        failure: PivotFailure,
    },
}

impl fmt::Display for InversionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InversionError::Inconsistent { sample, detail } => write!(
                f,
                "no Gaussian plan has this field: sample[{sample}] is inconsistent ({detail})"
            ),
            InversionError::TooLarge { dim } => write!(
                f,
                "inversion from the field alone is limited to D <= {MAX_FIELD_ONLY_DIMENSION} ({dim}^2 unknowns \
                 here); give sigma in one sample, or a sample at t = 0 or t = 1"
            ),
            InversionError::NotPositiveSemidefinite { c, failure } => write!(
                f,
                "no Gaussian plan has this field: the only cross-covariance that fits, c = {c}, \
                 gives a joint covariance that is not positive semidefinite ({failure})"
            ),
        }
    }
}

impl std::error::Error for InversionError {}

fn q(n: i64) -> Q {
    Q::from_integer(n.into())
}

fn half() -> Q {
    Q::new(1.into(), 2.into())
}

impl GaussianFieldData {
    /// Validated data: shapes, symmetric `S00`, `S11`, `Sigma`, times in
    /// `[0, 1]`, at least one sample.
    pub fn new(
        m0: Vec<Q>,
        m1: Vec<Q>,
        s00: QMatrix,
        s11: QMatrix,
        samples: Vec<FieldSample>,
    ) -> Result<GaussianFieldData, PlanError> {
        let d = check_valid_end_laws(&m0, &m1, &s00, &s11)?;
        if samples.is_empty() {
            return Err(plan_error("sample", "at least one [[sample]] is needed"));
        }
        if samples.len() > MAX_FIELD_SAMPLES {
            return Err(plan_error(
                "sample",
                format!("more than {MAX_FIELD_SAMPLES} samples"),
            ));
        }
        for (i, s) in samples.iter().enumerate() {
            check_time(&s.t).map_err(|e| plan_error(&format!("sample[{i}].t"), e.to_string()))?;
            check_square(&format!("sample[{i}].a"), &s.a, d, false)?;
            if s.b.len() != d {
                return Err(plan_error(
                    &format!("sample[{i}].b"),
                    format!("expected {d} entries, found {}", s.b.len()),
                ));
            }
            if let Some(sigma) = &s.sigma {
                check_square(&format!("sample[{i}].sigma"), sigma, d, true)?;
            }
        }
        Ok(GaussianFieldData {
            m0,
            m1,
            s00,
            s11,
            samples,
        })
    }

    /// Reads a field file (docs/file-formats.md): `m0`, `m1`, `s00`, `s11` and one or
    /// more `[[sample]]` tables with `t`, `a`, `b` and optionally `sigma`.
    pub fn from_table(table: &Table<'_>) -> Result<GaussianFieldData, InputError> {
        table.deny_unknown_keys(&["m0", "m1", "s00", "s11", "sample"])?;
        let m0 = read_vector(&table.require("m0")?)?;
        let m1 = read_vector(&table.require("m1")?)?;
        let s00 = read_matrix(&table.require("s00")?)?;
        let s11 = read_matrix(&table.require("s11")?)?;
        let sample_field = table.require("sample")?;
        let tables = sample_field.tables()?;
        if tables.len() > MAX_FIELD_SAMPLES {
            return Err(sample_field.error(format!("more than {MAX_FIELD_SAMPLES} samples")));
        }
        let mut samples = Vec::with_capacity(tables.len());
        for s in &tables {
            s.deny_unknown_keys(&["t", "a", "b", "sigma"])?;
            samples.push(FieldSample {
                t: s.require("t")?.number()?,
                a: read_matrix(&s.require("a")?)?,
                b: read_vector(&s.require("b")?)?,
                sigma: s.get("sigma").map(|f| read_matrix(&f)).transpose()?,
            });
        }
        GaussianFieldData::new(m0, m1, s00, s11, samples).map_err(|e| {
            // locate the error at its field
            let located = locate(table, &e.field);
            match located {
                Some(f) => f.error(e.message),
                None => table.error(format!("field `{}`: {}", e.field, e.message)),
            }
        })
    }

    /// The end laws of `plan` and samples of its field at `times` (`A_t`,
    /// `b_t`, and `Sigma_t` when `with_sigma`): the data a user of a flow
    /// model would hold. Fails where `Sigma_t` is singular.
    pub fn of_plan(
        plan: &GaussianPlan,
        times: &[Q],
        with_sigma: bool,
    ) -> Result<GaussianFieldData, FieldError> {
        let samples = times
            .iter()
            .map(|t| {
                plan.field_at(t).map(|f| FieldSample {
                    t: t.clone(),
                    a: f.a_t,
                    b: f.b_t,
                    sigma: with_sigma.then_some(f.sigma_t),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(GaussianFieldData::new(
            plan.m0().to_vec(),
            plan.m1().to_vec(),
            plan.s00().clone(),
            plan.s11().clone(),
            samples,
        )
        .expect("a valid plan's end laws and field samples are valid data"))
    }

    /// The end laws `(m0, m1, S00, S11)`.
    pub fn end_laws(&self) -> (&[Q], &[Q], &QMatrix, &QMatrix) {
        (&self.m0, &self.m1, &self.s00, &self.s11)
    }

    /// The samples.
    pub fn samples(&self) -> &[FieldSample] {
        &self.samples
    }

    /// The dimension.
    pub fn dim(&self) -> usize {
        self.m0.len()
    }

    /// `(1-t)^2 S00 + t^2 S11`.
    fn p_at(&self, t: &Q) -> QMatrix {
        let s = Q::one() - t;
        self.s00
            .scale(&(&s * &s))
            .add(&self.s11.scale(&(t * t)))
            .expect("square")
    }

    /// `Sigma_t(C)` and `G_t(C)` for a candidate `C`.
    fn sigma_and_g(&self, t: &Q, c: &QMatrix) -> (QMatrix, QMatrix) {
        let s = Q::one() - t;
        let ct = c.transpose();
        let sigma = self
            .p_at(t)
            .add(&c.add(&ct).expect("square").scale(&(t * &s)))
            .expect("square");
        let g = ct
            .scale(&s)
            .sub(&c.scale(t))
            .and_then(|m| m.add(&self.s11.scale(t)))
            .and_then(|m| m.sub(&self.s00.scale(&s)))
            .expect("square");
        (sigma, g)
    }

    /// Checks every sample against a candidate `C`; the first failure.
    fn verify(&self, c: &QMatrix) -> Result<(), InversionError> {
        for (i, s) in self.samples.iter().enumerate() {
            let (sigma, g) = self.sigma_and_g(&s.t, c);
            if let Some(given) = &s.sigma {
                if *given != sigma {
                    return Err(InversionError::Inconsistent {
                        sample: i,
                        detail: format!(
                            "sigma = {given} but the end laws and the other samples give {sigma}"
                        ),
                    });
                }
            }
            let a_sigma = s.a.mul(&sigma).expect("square");
            if a_sigma != g {
                return Err(InversionError::Inconsistent {
                    sample: i,
                    detail: "A Sigma_t = G_t fails for every plan with these end laws and the other samples".into(),
                });
            }
        }
        Ok(())
    }

    /// The mean equation `b = (m1 - m0) - A m_t` of every sample, over the
    /// integers: with `A = Â / delta` (`slopes`) and `m_t = M / tau`, it
    /// reads `((m1 - m0) - b) delta tau = Â M`, with no gcd on the way.
    fn check_means(&self, slopes: &[(Vec<BigInt>, BigInt)]) -> Result<(), InversionError> {
        let d = self.dim();
        let (m0, mu0) = over_common_denominator(&self.m0);
        let (m1, mu1) = over_common_denominator(&self.m1);
        let drift: Vec<Q> = self.m1.iter().zip(&self.m0).map(|(a, b)| a - b).collect();
        // ((m1 - m0) - b) delta tau = Â M, with m1 - m0 = dn / dd and
        // b = bn / bd, is (dn bd - bn dd) delta tau = Â M dd bd
        for (i, (s, (a, delta))) in self.samples.iter().zip(slopes).enumerate() {
            let (tn, td) = (s.t.numer(), s.t.denom());
            // m_t = ((td - tn) m0 + tn m1) / td = M / (td mu0 mu1)
            let (w0, w1) = ((td - tn) * &mu1, tn * &mu0);
            let m: Vec<BigInt> = m0.iter().zip(&m1).map(|(x, y)| &w0 * x + &w1 * y).collect();
            let scale = td * &mu0 * &mu1 * delta;
            let holds = a.chunks(d).zip(&drift).zip(&s.b).all(|((row, drift), b)| {
                let am: BigInt = row.iter().zip(&m).map(|(x, y)| x * y).sum();
                let (dn, dd, bn, bd) = (drift.numer(), drift.denom(), b.numer(), b.denom());
                (dn * bd - bn * dd) * &scale == am * dd * bd
            });
            if !holds {
                let shown: Vec<String> = self.mean_drift(s).iter().map(format_rational).collect();
                return Err(InversionError::Inconsistent {
                    sample: i,
                    detail: format!("b must be (m1 - m0) - A m_t = [{}]", shown.join(", ")),
                });
            }
        }
        Ok(())
    }

    /// `(m1 - m0) - A m_t`, what `b` must be at sample `s`.
    fn mean_drift(&self, s: &FieldSample) -> Vec<Q> {
        let one_minus = Q::one() - &s.t;
        let m_t: Vec<Q> = self
            .m0
            .iter()
            .zip(&self.m1)
            .map(|(a, b)| &one_minus * a + &s.t * b)
            .collect();
        let am = s.a.mul_vec(&m_t).expect("dimension");
        self.m1
            .iter()
            .zip(&self.m0)
            .zip(&am)
            .map(|((m1, m0), a)| m1 - m0 - a)
            .collect()
    }

    /// A candidate `C` from one sample in closed form, when one exists.
    fn direct_candidate(&self) -> Option<QMatrix> {
        let d = self.dim();
        for s in &self.samples {
            let zero = s.t.is_zero();
            let one = s.t.is_one();
            if zero {
                // G_0 = A S00 = C^T - S00
                let g = s.a.mul(&self.s00).expect("square");
                return Some(g.add(&self.s00).expect("square").transpose());
            }
            if one {
                // G_1 = A S11 = S11 - C
                return Some(
                    QMatrix::identity(d)
                        .sub(&s.a)
                        .and_then(|m| m.mul(&self.s11))
                        .expect("square"),
                );
            }
            if let Some(sigma) = &s.sigma {
                let w = &s.t * (Q::one() - &s.t) * q(2);
                let sym = sigma
                    .sub(&self.p_at(&s.t))
                    .expect("square")
                    .scale(&(Q::one() / w));
                let a_sigma = s.a.mul(sigma).expect("square");
                let k = a_sigma
                    .sub(&a_sigma.transpose())
                    .expect("square")
                    .scale(&-half());
                return Some(sym.add(&k).expect("square"));
            }
        }
        None
    }

    /// The linear system in `vec(C)` that the field samples alone give
    /// (see [`Self::invert`]): the matrix and the right-hand side, integers
    /// (as rationals). Exposed so that the solve can be measured apart from
    /// the whole inversion (`benches/compare`, W2); the inversion itself
    /// also checks the means and the plan's joint covariance.
    pub fn field_only_system(&self) -> (QMatrix, Vec<Q>) {
        let unknowns = self.dim() * self.dim();
        let system = self.field_only_integer_system(&self.slopes());
        let (rows, rhs): (Vec<Vec<Q>>, Vec<Q>) = system
            .equations
            .iter()
            .map(|e| {
                let (row, b) = e.to_dense(unknowns);
                let row = row.into_iter().map(Q::from_integer).collect();
                (row, Q::from_integer(b))
            })
            .unzip();
        (QMatrix::from_rows(rows).expect("rectangular"), rhs)
    }

    /// Each sample's `A` over one common denominator: `(Â, delta)` with
    /// `A = Â / delta`.
    fn slopes(&self) -> Vec<(Vec<BigInt>, BigInt)> {
        self.samples
            .iter()
            .map(|s| over_common_denominator(s.a.entries()))
            .collect()
    }

    /// The stacked linear system in `vec(C)` (row-major, `D^2` unknowns),
    /// over the integers. Each sample's equations `A (P + tu (C + C^T)) -
    /// ((1-t) C^T - t C + t S11 - (1-t) S00) = 0` are multiplied by
    /// `delta td^2 s0 s1`, where `A = Â / delta`, `t = tn / td` and `S00 =
    /// Ŝ00 / s0`, `S11 = Ŝ11 / s1` with `Â`, `Ŝ00`, `Ŝ11` integer: the
    /// right-hand side is then `delta td B̂ - Â P̂` with `P = P̂ / (td^2
    /// s0 s1)` and `t S11 - (1-t) S00 = B̂ / (td s0 s1)`.
    fn field_only_integer_system(&self, slopes: &[(Vec<BigInt>, BigInt)]) -> FieldOnlySystem {
        let d = self.dim();
        let idx = |i: usize, j: usize| i * d + j;
        // GMP integers from here on: the equations go to the solver as such
        let gmp =
            |values: &[BigInt]| -> Vec<Integer> { values.iter().map(bigint_to_integer).collect() };
        let (s00_int, s0) = over_common_denominator(self.s00.entries());
        let (s11_int, s1) = over_common_denominator(self.s11.entries());
        let (s00_int, s0, s11_int, s1) = (
            gmp(&s00_int),
            bigint_to_integer(&s0),
            gmp(&s11_int),
            bigint_to_integer(&s1),
        );
        let sigma = Integer::from(&s0 * &s1);
        let mut system = FieldOnlySystem {
            equations: Vec::with_capacity(self.samples.len() * d * d),
            owner: Vec::with_capacity(self.samples.len() * d * d),
        };
        for (n, (s, (a_int, delta))) in self.samples.iter().zip(slopes).enumerate() {
            let a_int = gmp(a_int);
            let (tn, td, delta) = (
                bigint_to_integer(s.t.numer()),
                bigint_to_integer(s.t.denom()),
                bigint_to_integer(delta),
            );
            let un = Integer::from(&td - &tn);
            let tu = Integer::from(&tn * &un) * &sigma; // t(1-t) td^2 s0 s1
            let delta_td = Integer::from(&delta * &td);
            let u_coef = Integer::from(&delta_td * &un) * &sigma; // (1-t) delta td^2 s0 s1
            let t_coef = Integer::from(&delta_td * &tn) * &sigma; // t delta td^2 s0 s1
            let combine = |x: Integer, y: Integer| -> Vec<Integer> {
                let (x, y) = (x * &s1, y * &s0);
                s00_int
                    .iter()
                    .zip(&s11_int)
                    .map(|(a, b)| Integer::from(&x * a) + &y * b)
                    .collect()
            };
            let p_int = combine(
                Integer::from(un.square_ref()),
                Integer::from(tn.square_ref()),
            );
            let b_int = combine(-un.clone(), tn.clone());
            for i in 0..d {
                for j in 0..d {
                    let mut terms = Vec::with_capacity(2 * d + 2);
                    let mut ap = Integer::new();
                    for k in 0..d {
                        let a = &a_int[idx(i, k)];
                        if a.is_zero() {
                            continue;
                        }
                        ap += a * &p_int[idx(k, j)];
                        let coef = Integer::from(a * &tu);
                        terms.push((idx(k, j), coef.clone()));
                        terms.push((idx(j, k), coef));
                    }
                    terms.push((idx(j, i), -u_coef.clone()));
                    terms.push((idx(i, j), t_coef.clone()));
                    let rhs = Integer::from(&delta_td * &b_int[idx(i, j)]) - ap;
                    system.equations.push(IntegerEquation::new(terms, rhs));
                    system.owner.push(n);
                }
            }
        }
        system
    }

    /// Recovers the plan, exactly.
    ///
    /// ```
    /// use ifm_check::exact::QMatrix;
    /// use ifm_check::gaussian::{FieldSample, GaussianFieldData, GaussianPlan, Inversion};
    /// use ifm_check::exact::Q;
    /// let r = |n: i64, d: i64| Q::new(n.into(), d.into());
    /// let id = QMatrix::identity(2);
    /// let c = QMatrix::from_rows(vec![vec![r(1, 2), r(0, 1)], vec![r(1, 3), r(1, 4)]]).unwrap();
    /// let plan = GaussianPlan::new(vec![r(0, 1); 2], vec![r(1, 1), r(0, 1)], id.clone(), id.clone(), c).unwrap();
    /// let samples = [r(1, 3), r(3, 4)].iter().map(|t| {
    ///     let f = plan.field_at(t).unwrap();
    ///     FieldSample { t: t.clone(), a: f.a_t, b: f.b_t, sigma: None }
    /// }).collect();
    /// let data = GaussianFieldData::new(plan.m0().to_vec(), plan.m1().to_vec(), id.clone(), id, samples).unwrap();
    /// assert_eq!(data.invert().unwrap(), Inversion::Unique(plan));
    /// ```
    pub fn invert(&self) -> Result<Inversion, InversionError> {
        let slopes = self.slopes();
        self.check_means(&slopes)?;
        let c = match self.direct_candidate() {
            Some(c) => {
                self.verify(&c)?;
                c
            }
            None if self.dim() > MAX_FIELD_ONLY_DIMENSION => {
                return Err(InversionError::TooLarge { dim: self.dim() })
            }
            None => {
                let system = self.field_only_integer_system(&slopes);
                let unknowns = self.dim() * self.dim();
                match solve_integer_equations(system.equations, unknowns) {
                    SystemSolution::Unique(x) => self.to_matrix(x),
                    SystemSolution::Inconsistent { .. } => {
                        // name the first sample whose equations, added to the
                        // earlier ones, make the system inconsistent
                        let system = self.field_only_integer_system(&slopes);
                        return Err(InversionError::Inconsistent {
                            sample: system.first_inconsistent(unknowns),
                            detail:
                                "A Sigma_t = G_t has no solution together with the earlier samples"
                                    .into(),
                        });
                    }
                    SystemSolution::Underdetermined { particular, kernel } => {
                        let particular = self.to_matrix(particular);
                        let particular_is_valid = self.plan_with(particular.clone()).is_ok();
                        return Ok(Inversion::Underdetermined {
                            particular,
                            basis: kernel.into_iter().map(|v| self.to_matrix(v)).collect(),
                            particular_is_valid,
                        });
                    }
                }
            }
        };
        match self.plan_with(c.clone()) {
            Ok(plan) => Ok(Inversion::Unique(plan)),
            Err(_) => {
                let joint = super::plan::block(&self.s00, &c, &c.transpose(), &self.s11);
                match definiteness(&joint).expect("symmetric") {
                    Definiteness::NotSemidefinite(failure) => {
                        Err(InversionError::NotPositiveSemidefinite { c, failure })
                    }
                    _ => unreachable!("plan_with fails only on a non-PSD joint covariance"),
                }
            }
        }
    }

    /// The plan with cross-covariance `c`: the end laws were validated
    /// with the data, so only the joint covariance is checked.
    fn plan_with(&self, c: QMatrix) -> Result<GaussianPlan, PlanError> {
        GaussianPlan::with_valid_end_laws(
            self.m0.clone(),
            self.m1.clone(),
            self.s00.clone(),
            self.s11.clone(),
            c,
        )
    }

    fn to_matrix(&self, v: Vec<Q>) -> QMatrix {
        let d = self.dim();
        QMatrix::from_rows(v.chunks(d).map(<[Q]>::to_vec).collect()).expect("d x d")
    }
}

/// The field-only system over the integers, with the sample each equation
/// comes from.
struct FieldOnlySystem {
    equations: Vec<IntegerEquation>,
    owner: Vec<usize>,
}

impl FieldOnlySystem {
    /// The first sample whose equations, with those of the earlier samples,
    /// have no solution (the last sample if only the whole system has none).
    fn first_inconsistent(&self, unknowns: usize) -> usize {
        let last = self.owner.last().copied().unwrap_or(0);
        for n in 0..=last {
            let equations = self
                .equations
                .iter()
                .zip(&self.owner)
                .filter(|(_, &owner)| owner <= n)
                .map(|(e, _)| e.clone())
                .collect();
            if matches!(
                solve_integer_equations(equations, unknowns),
                SystemSolution::Inconsistent { .. }
            ) {
                return n;
            }
        }
        last
    }
}

/// A rational matrix or vector over one common denominator: the integer
/// numerators and that denominator.
fn over_common_denominator(values: &[Q]) -> (Vec<BigInt>, BigInt) {
    let den = lcm_of_denominators(values);
    let ints = values.iter().map(|q| times_integer(q, &den)).collect();
    (ints, den)
}

/// The field of a validation error, located in the table (`sample[1].a`).
fn locate<'a>(table: &Table<'a>, field: &str) -> Option<crate::input::Field<'a>> {
    if let Some(rest) = field.strip_prefix("sample[") {
        let (index, key) = rest.split_once("].")?;
        let i: usize = index.parse().ok()?;
        let samples = table.get("sample")?.tables().ok()?;
        return samples.get(i)?.get(key);
    }
    table.get(field)
}
