//! `GaussianPlan`: a Gaussian law of `(X0, X1)` on `R^D x R^D`.
//!
//! Contract: a value of this type is valid: `S00`, `S11` symmetric, all
//! blocks `D x D`, `1 <= D <= 64`, and the joint covariance
//! `[[S00, C], [C^T, S11]]` positive semidefinite, decided exactly by LDL^T
//! (docs/mathematics.md section 2, "Validity of a plan").

use crate::exact::Q;
use crate::exact::{definiteness, format_rational, Definiteness, QMatrix};
use crate::input::{Field, InputError, Table};
use crate::limits::MAX_DIMENSION;
use std::fmt;

/// Why data do not form a valid Gaussian plan: the field and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanError {
    /// The offending field (`m0`, `s00`, `c`, ...).
    pub field: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "field `{}`: {}", self.field, self.message)
    }
}

impl std::error::Error for PlanError {}

pub(crate) fn plan_error(field: &str, message: impl Into<String>) -> PlanError {
    PlanError {
        field: field.into(),
        message: message.into(),
    }
}

/// A Gaussian plan `(X0, X1) ~ N((m0, m1), [[S00, C], [C^T, S11]])`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GaussianPlan {
    m0: Vec<Q>,
    m1: Vec<Q>,
    s00: QMatrix,
    s11: QMatrix,
    c: QMatrix,
}

/// Checks that `m` is a symmetric `d x d` matrix.
pub(crate) fn check_square(
    field: &str,
    m: &QMatrix,
    d: usize,
    symmetric: bool,
) -> Result<(), PlanError> {
    if m.rows() != d || m.cols() != d {
        return Err(plan_error(
            field,
            format!("expected a {d}x{d} matrix, found {}x{}", m.rows(), m.cols()),
        ));
    }
    if symmetric && !m.is_symmetric() {
        let (i, j) = (0..d)
            .flat_map(|i| (0..i).map(move |j| (i, j)))
            .find(|&(i, j)| m[(i, j)] != m[(j, i)])
            .expect("an asymmetric pair");
        return Err(plan_error(
            field,
            format!(
                "not symmetric: entry ({}, {}) is {} but ({}, {}) is {}",
                i + 1,
                j + 1,
                format_rational(&m[(i, j)]),
                j + 1,
                i + 1,
                format_rational(&m[(j, i)])
            ),
        ));
    }
    Ok(())
}

pub(crate) fn check_dimension(field: &str, d: usize) -> Result<(), PlanError> {
    if d == 0 || d > MAX_DIMENSION {
        return Err(plan_error(
            field,
            format!("dimension {d} is outside 1..={MAX_DIMENSION}"),
        ));
    }
    Ok(())
}

/// Checks the shapes of the end laws (`m0`, `m1` of one length `D` in
/// `1..=64`, `S00`, `S11` symmetric `D x D`); returns `D`.
pub(crate) fn check_end_laws(
    m0: &[Q],
    m1: &[Q],
    s00: &QMatrix,
    s11: &QMatrix,
) -> Result<usize, PlanError> {
    let d = m0.len();
    check_dimension("m0", d)?;
    if m1.len() != d {
        return Err(plan_error(
            "m1",
            format!(
                "expected {} (the length of m0), found {}",
                crate::tex::count(d, "entry", "entries"),
                m1.len()
            ),
        ));
    }
    check_square("s00", s00, d, true)?;
    check_square("s11", s11, d, true)?;
    Ok(d)
}

/// [`check_end_laws`], and `S00`, `S11` positive semidefinite (LDL^T):
/// valid end laws; returns `D`.
pub(crate) fn check_valid_end_laws(
    m0: &[Q],
    m1: &[Q],
    s00: &QMatrix,
    s11: &QMatrix,
) -> Result<usize, PlanError> {
    let d = check_end_laws(m0, m1, s00, s11)?;
    for (name, m) in [("s00", s00), ("s11", s11)] {
        if let Ok(Definiteness::NotSemidefinite(failure)) = definiteness(m) {
            return Err(plan_error(
                name,
                format!("not positive semidefinite: {failure}"),
            ));
        }
    }
    Ok(d)
}

/// `[[a, b], [c, d]]` from four blocks.
pub(crate) fn block(a: &QMatrix, b: &QMatrix, c: &QMatrix, d: &QMatrix) -> QMatrix {
    let rows = a
        .to_rows()
        .into_iter()
        .zip(b.to_rows())
        .map(|(x, y)| x.into_iter().chain(y).collect())
        .chain(
            c.to_rows()
                .into_iter()
                .zip(d.to_rows())
                .map(|(x, y)| x.into_iter().chain(y).collect()),
        )
        .collect();
    QMatrix::from_rows(rows).expect("blocks of matching shapes")
}

impl GaussianPlan {
    /// A validated plan.
    ///
    /// ```
    /// use ifm_check::exact::QMatrix;
    /// use ifm_check::gaussian::GaussianPlan;
    /// use ifm_check::exact::Q;
    /// let z = |n: i64| Q::from_integer(n.into());
    /// let id = QMatrix::identity(2);
    /// // X1 = -X0 is a valid (degenerate) plan; C = 2 I is not
    /// assert!(GaussianPlan::new(vec![z(0), z(0)], vec![z(0), z(0)], id.clone(), id.clone(), id.scale(&z(-1))).is_ok());
    /// assert!(GaussianPlan::new(vec![z(0), z(0)], vec![z(0), z(0)], id.clone(), id.clone(), id.scale(&z(2))).is_err());
    /// ```
    pub fn new(
        m0: Vec<Q>,
        m1: Vec<Q>,
        s00: QMatrix,
        s11: QMatrix,
        c: QMatrix,
    ) -> Result<GaussianPlan, PlanError> {
        // an end covariance that is itself not a covariance is named as such,
        // not blamed on c
        check_valid_end_laws(&m0, &m1, &s00, &s11)?;
        GaussianPlan::with_valid_end_laws(m0, m1, s00, s11, c)
    }

    /// A plan whose end laws are known to be valid (shapes, symmetric and
    /// positive semidefinite `S00` and `S11`, as in a valid plan or in
    /// validated field data): only `c` and the joint covariance are checked.
    pub(crate) fn with_valid_end_laws(
        m0: Vec<Q>,
        m1: Vec<Q>,
        s00: QMatrix,
        s11: QMatrix,
        c: QMatrix,
    ) -> Result<GaussianPlan, PlanError> {
        check_square("c", &c, m0.len(), false)?;
        let plan = GaussianPlan {
            m0,
            m1,
            s00,
            s11,
            c,
        };
        match definiteness(&plan.joint_covariance()).expect("symmetric by construction") {
            Definiteness::NotSemidefinite(failure) => Err(plan_error(
                "c",
                format!(
                    "the joint covariance [[s00, c], [c^T, s11]] is not positive semidefinite: {failure}"
                ),
            )),
            _ => Ok(plan),
        }
    }

    /// Reads a plan from a table with `kind = "gaussian"`; errors carry the
    /// file, line and field. In `D = 1` scalars may replace the vectors and
    /// matrices.
    pub fn from_table(table: &Table<'_>) -> Result<GaussianPlan, InputError> {
        let kind = table.require("kind")?;
        if kind.string()? != "gaussian" {
            return Err(kind.error("expected kind = \"gaussian\""));
        }
        GaussianPlan::from_fields(table, &["kind"])
    }

    /// Reads the fields `m0`, `m1`, `s00`, `s11`, `c` of a table that may
    /// also hold the keys `extra` (a plan file's `kind`, a mixture
    /// component's `weight`).
    pub(crate) fn from_fields(
        table: &Table<'_>,
        extra: &[&str],
    ) -> Result<GaussianPlan, InputError> {
        let mut allowed = vec!["m0", "m1", "s00", "s11", "c"];
        allowed.extend_from_slice(extra);
        table.deny_unknown_keys(&allowed)?;
        let fields = ["m0", "m1", "s00", "s11", "c"];
        let f: Vec<Field<'_>> = fields
            .iter()
            .map(|k| table.require(k))
            .collect::<Result<_, _>>()?;
        let plan = GaussianPlan::new(
            read_vector(&f[0])?,
            read_vector(&f[1])?,
            read_matrix(&f[2])?,
            read_matrix(&f[3])?,
            read_matrix(&f[4])?,
        );
        plan.map_err(|e| {
            let i = fields.iter().position(|k| *k == e.field).unwrap_or(4);
            f[i].error(e.message)
        })
    }

    /// The dimension `D`.
    pub fn dim(&self) -> usize {
        self.m0.len()
    }

    /// `E X0`.
    pub fn m0(&self) -> &[Q] {
        &self.m0
    }

    /// `E X1`.
    pub fn m1(&self) -> &[Q] {
        &self.m1
    }

    /// `Cov X0`.
    pub fn s00(&self) -> &QMatrix {
        &self.s00
    }

    /// `Cov X1`.
    pub fn s11(&self) -> &QMatrix {
        &self.s11
    }

    /// `C = Cov(X0, X1)`.
    pub fn c(&self) -> &QMatrix {
        &self.c
    }

    /// `S = (C + C^T) / 2`.
    pub fn symmetric_part(&self) -> QMatrix {
        self.c
            .add(&self.c.transpose())
            .expect("square")
            .scale(&Q::new(1.into(), 2.into()))
    }

    /// `K = (C - C^T) / 2`.
    pub fn antisymmetric_part(&self) -> QMatrix {
        self.c
            .sub(&self.c.transpose())
            .expect("square")
            .scale(&Q::new(1.into(), 2.into()))
    }

    /// `[[S00, C], [C^T, S11]]`.
    pub fn joint_covariance(&self) -> QMatrix {
        block(&self.s00, &self.c, &self.c.transpose(), &self.s11)
    }

    /// The same marginals with another cross-covariance, validated.
    pub fn with_cross_covariance(&self, c: QMatrix) -> Result<GaussianPlan, PlanError> {
        GaussianPlan::with_valid_end_laws(
            self.m0.clone(),
            self.m1.clone(),
            self.s00.clone(),
            self.s11.clone(),
            c,
        )
    }
}

/// A vector field: an array of numbers, or one number (a 1-vector).
pub(crate) fn read_vector(f: &Field<'_>) -> Result<Vec<Q>, InputError> {
    if !f.is_array() {
        return Ok(vec![f.number()?]);
    }
    let items = f.array()?;
    if items.len() > MAX_DIMENSION {
        return Err(f.error(format!(
            "{} entries, more than the dimension limit {MAX_DIMENSION}",
            items.len()
        )));
    }
    items.iter().map(Field::number).collect()
}

/// A matrix field: an array of rows, or one number (a 1x1 matrix).
pub(crate) fn read_matrix(f: &Field<'_>) -> Result<QMatrix, InputError> {
    if !f.is_array() {
        return Ok(QMatrix::from_rows(vec![vec![f.number()?]]).expect("1x1"));
    }
    let rows = f.array()?;
    let too_big = rows.len() > MAX_DIMENSION
        || rows
            .iter()
            .any(|r| r.is_array() && r.array().map_or(0, |a| a.len()) > MAX_DIMENSION);
    if too_big {
        return Err(f.error(format!(
            "more than {MAX_DIMENSION} rows or columns (the dimension limit)"
        )));
    }
    QMatrix::from_rows(f.matrix()?).map_err(|e| f.error(e.to_string()))
}
