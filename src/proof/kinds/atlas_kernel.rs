//! `atlas-kernel`: the certified dimensions of the moment kernel
//! `Ker_{D,k}` and of `I(V)_k` equal the claimed ones (mathematics section 4).

use crate::atlas::certify_degree;
use crate::coq::{self, Theorem};
use crate::exact::{QMatrix, Q};
use crate::input::{InputError, Table};
use crate::limits::{
    MAX_ATLAS_DEGREE, MAX_ATLAS_DIMENSION, MAX_COQ_ATLAS_DEGREE, MAX_COQ_ATLAS_MONOMIALS,
};
use crate::proof::fields::small_integer;
use crate::proof::keys::{Key, KeyType};
use crate::proof::kind::{About, CheckKind, Context, Form};
use crate::proof::verdict::{Evidence, Verdict};
use num_traits::{One, Zero};
use serde_json::{json, Value};
use std::path::Path;

/// The data of an `atlas-kernel` instance.
#[derive(Debug, Clone)]
pub struct AtlasKernel {
    /// `D`.
    pub dim: usize,
    /// `k`.
    pub degree: u32,
    /// Claimed `dim Ker_{D,k}`.
    pub kernel_dim: u64,
    /// Claimed `dim I(V)_k`.
    pub density_only_kernel_dim: Option<u64>,
}

impl CheckKind for AtlasKernel {
    const NAME: &'static str = "atlas-kernel";
    const KEYS: &'static [Key] = &[
        Key::required(
            "dim",
            KeyType::Integer(1, MAX_ATLAS_DIMENSION as u64),
            "the dimension `D`",
        ),
        Key::required(
            "degree",
            KeyType::Integer(0, MAX_ATLAS_DEGREE as u64),
            "the degree `k`",
        ),
        Key::required("kernel_dim", KeyType::Count, "the claimed `dim Ker_{D,k}`"),
        Key::optional(
            "density_only_kernel_dim",
            KeyType::Count,
            "not claimed",
            "the claimed `dim I(V)_k`",
        ),
    ];
    const FORM: Form = Form::Decision;
    const ABOUT: About = About {
        claim: "`dim Ker_{D,k}` (and `dim I(V)_k`) equal the claimed values",
        preconditions: "`D` and `k` within the atlas limits (checked when read)",
        section: "4",
        method: "exact: every block certified (integer kernel vectors and a nonzero minor mod p); the dimensions equal or not",
    };
    const HINTS: &'static [&'static str] = &["primes"];

    fn parse(t: &Table<'_>, _: &Path) -> Result<Self, InputError> {
        let dim = small_integer(&t.require("dim")?, 1, MAX_ATLAS_DIMENSION as u64)? as usize;
        let degree_field = t.require("degree")?;
        let degree = small_integer(&degree_field, 0, u64::from(MAX_ATLAS_DEGREE))? as u32;
        crate::atlas::check_request(dim, degree).map_err(|e| degree_field.error(e.to_string()))?;
        Ok(AtlasKernel {
            dim,
            degree,
            kernel_dim: small_integer(&t.require("kernel_dim")?, 0, u64::MAX >> 1)?,
            density_only_kernel_dim: t
                .get("density_only_kernel_dim")
                .map(|f| small_integer(&f, 0, u64::MAX >> 1))
                .transpose()?,
        })
    }

    fn claim(&self) -> String {
        let (dim, degree) = (self.dim, self.degree);
        format!(
            "$\\dim \\mathrm{{Ker}}_{{{dim},{degree}}} = {}${}",
            self.kernel_dim,
            self.density_only_kernel_dim
                .map_or(String::new(), |e| format!(
                    " and $\\dim I(V)_{{{degree}}} = {e}$"
                ))
        )
    }

    fn inputs(&self) -> serde_json::Value {
        json!({"dim": self.dim, "degree": self.degree, "kernel_dim": self.kernel_dim, "density_only_kernel_dim": self.density_only_kernel_dim})
    }

    fn evidence(&self, _: &Context) -> Result<Evidence, String> {
        let row = certify_degree(self.dim, self.degree, || {});
        let holds = row.kernel_dim as u64 == self.kernel_dim
            && self
                .density_only_kernel_dim
                .is_none_or(|e| row.density_only_kernel_dim as u64 == e);
        Ok(Evidence::exact(
            holds,
            json!({"kernel_dim": row.kernel_dim, "density_only_kernel_dim": row.density_only_kernel_dim,
                   "unknowns": row.unknowns, "blocks": row.blocks, "primes": row.primes}),
        ))
    }

    const COQ: bool = true;

    /// Certified: `dimension M (fun c => in_kernel D (of_coeffs (exps (2D)
    /// k) c)) N` (and the same for `vanishes_on_cone` and `I(V)_k` when
    /// claimed), `M` the number of monomials: a basis of the space (from
    /// the kernel's equations at integer points of the cone, reduced),
    /// independent by its free coordinates, and spanning, each pivot
    /// coordinate of a member an explicit combination of those equations.
    /// Refuted instances are not exported: a wrong dimension is refuted by
    /// the invariance of dimension, which the standard library lacks.
    fn coq(&self, _: &str, verdict: Verdict, _: &Value) -> Result<Theorem, String> {
        if verdict != Verdict::Certified {
            return Err("refuted: the negation rests on the invariance of dimension (Steinitz), which Coq's standard library does not state".into());
        }
        coq::dimension(self.dim)?;
        if self.degree > MAX_COQ_ATLAS_DEGREE {
            return Err(format!(
                "degree {}: the atlas is exported up to degree {MAX_COQ_ATLAS_DEGREE} (the proof's integers grow as t^k)",
                self.degree
            ));
        }
        let monomials = exponents(2 * self.dim, self.degree);
        if monomials.len() > MAX_COQ_ATLAS_MONOMIALS {
            return Err(format!(
                "{} monomials: the atlas is exported up to {MAX_COQ_ATLAS_MONOMIALS} (the proof's size grows as their square)",
                monomials.len()
            ));
        }
        let mut parts = vec![dimension_theorem(
            self.dim,
            self.degree,
            &monomials,
            self.kernel_dim,
            true,
        )?];
        if let Some(n) = self.density_only_kernel_dim {
            parts.push(dimension_theorem(
                self.dim,
                self.degree,
                &monomials,
                n,
                false,
            )?);
        }
        let (statements, proofs): (Vec<String>, Vec<String>) = parts.into_iter().unzip();
        Ok(Theorem {
            definitions: Vec::new(),
            statement: statements.join(" /\\\n  "),
            proof: if proofs.len() == 1 {
                proofs[0].clone()
            } else {
                format!(
                    "  split.\n{}",
                    proofs
                        .iter()
                        .map(|p| {
                            let nested: String = p.lines().map(|l| format!("  {l}\n")).collect();
                            format!("  {{\n{nested}  }}\n")
                        })
                        .collect::<String>()
                )
            },
        })
    }

    fn found(&self, witness: &Value) -> Option<String> {
        let (dim, degree) = (self.dim, self.degree);
        Some(format!(
            "dim Ker_{{{dim},{degree}}} = {}, dim I(V)_{degree} = {}",
            witness.get("kernel_dim")?,
            witness.get("density_only_kernel_dim")?
        ))
    }
}

/// Every exponent vector of length `n` and total degree `k`, in the order of
/// `exps` in `coq/IFM.v` (the first exponent from 0 up, then the rest).
fn exponents(n: usize, k: u32) -> Vec<Vec<u32>> {
    if n == 0 {
        return if k == 0 { vec![Vec::new()] } else { Vec::new() };
    }
    (0..=k)
        .flat_map(|i| {
            exponents(n - 1, k - i).into_iter().map(move |mut rest| {
                rest.insert(0, i);
                rest
            })
        })
        .collect()
}

/// The monomial `z^e`.
fn monomial(e: &[u32], z: &[Q]) -> Q {
    e.iter()
        .zip(z)
        .map(|(&k, x)| x.pow(k as i32))
        .fold(Q::one(), |a, b| a * b)
}

/// `d/dz_j z^e` at `z`.
fn monomial_derivative(j: usize, e: &[u32], z: &[Q]) -> Q {
    if e[j] == 0 {
        return Q::zero();
    }
    let mut lowered = e.to_vec();
    lowered[j] -= 1;
    Q::from_integer(e[j].into()) * monomial(&lowered, z)
}

/// The equations on the coefficients at the cone's point `((1-t) u, t u)`:
/// `P = 0`, then, for the kernel, `(d_{b_i} - d_{a_i}) P = 0`, `i < D`.
fn equations_at(
    dim: usize,
    monomials: &[Vec<u32>],
    u: &[Q],
    t: &Q,
    with_field: bool,
) -> Vec<Vec<Q>> {
    let z: Vec<Q> = u
        .iter()
        .map(|x| (Q::one() - t) * x)
        .chain(u.iter().map(|x| t * x))
        .collect();
    let mut rows = vec![monomials.iter().map(|e| monomial(e, &z)).collect()];
    if with_field {
        for i in 0..dim {
            rows.push(
                monomials
                    .iter()
                    .map(|e| monomial_derivative(dim + i, e, &z) - monomial_derivative(i, e, &z))
                    .collect(),
            );
        }
    }
    rows
}

/// Reduced row echelon form of `rows`, with each reduced row as a
/// combination of the given ones: `(pivot columns, reduced rows,
/// combinations)`.
///
/// The combinations are those of the elimination itself, which touch few
/// equations: a particular solution of `A^T lambda = e` from the general
/// solver (`QMatrix::solve_system`, as the roundtrip's export uses) was
/// tried and made `coqc` eight times slower on `proofs/atlas.toml`
/// (226 s against 27 s).
fn reduced_with_combinations(rows: &[Vec<Q>]) -> (Vec<usize>, Vec<Vec<Q>>, Vec<Vec<Q>>) {
    let k = rows.len();
    let cols = rows.first().map_or(0, Vec::len);
    let mut a: Vec<Vec<Q>> = rows.to_vec();
    let mut e: Vec<Vec<Q>> = (0..k)
        .map(|i| {
            (0..k)
                .map(|j| if i == j { Q::one() } else { Q::zero() })
                .collect()
        })
        .collect();
    let mut pivots = Vec::new();
    let mut r = 0;
    for c in 0..cols {
        let Some(p) = (r..k).find(|&i| !a[i][c].is_zero()) else {
            continue;
        };
        a.swap(r, p);
        e.swap(r, p);
        let pivot = a[r][c].clone();
        for x in a[r].iter_mut().chain(e[r].iter_mut()) {
            *x /= &pivot;
        }
        for i in 0..k {
            if i != r && !a[i][c].is_zero() {
                let f = a[i][c].clone();
                let (ar, er) = (a[r].clone(), e[r].clone());
                for (x, y) in a[i].iter_mut().zip(&ar) {
                    *x -= &f * y;
                }
                for (x, y) in e[i].iter_mut().zip(&er) {
                    *x -= &f * y;
                }
            }
        }
        pivots.push(c);
        r += 1;
    }
    a.truncate(r);
    e.truncate(r);
    (pivots, a, e)
}

/// The statement and proof that the space of coefficient vectors whose
/// polynomial lies in `Ker_{D,k}` (`with_field`) or `I(V)_k` has dimension
/// `n` (docs/coq.md). The equations come from integer points `(u, t)`
/// (any real `t` is allowed, so integers keep `ring` exact and fast),
/// added while they raise the rank, until it is `M - n`.
fn dimension_theorem(
    dim: usize,
    degree: u32,
    monomials: &[Vec<u32>],
    n: u64,
    with_field: bool,
) -> Result<(String, String), String> {
    let m = monomials.len();
    let target = m
        .checked_sub(n as usize)
        .ok_or("a dimension above the number of monomials")?;
    let mut rows: Vec<Vec<Q>> = Vec::new();
    let mut points: Vec<(Vec<i64>, i64)> = Vec::new();
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |range: i64| {
        // xorshift: a fixed sequence of small integers, so exports repeat
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % (2 * range as u64 + 1)) as i64 - range
    };
    // in D = 1 a point's equations depend on t only (P((1-t)u, tu) =
    // u^k p(t)), so t ranges over at least M + 1 integers there; in
    // D >= 2 the points vary with u, and small t keep the numbers small
    let t_range = if dim == 1 { m as i64 / 2 + 1 } else { 4 };
    let mut rank = 0;
    for _ in 0..20 * m + 20 {
        if rank == target {
            break;
        }
        let u: Vec<i64> = (0..dim).map(|_| next(3)).collect();
        let t = next(t_range);
        let uq: Vec<Q> = u.iter().map(|&x| Q::from_integer(x.into())).collect();
        let new = equations_at(dim, monomials, &uq, &Q::from_integer(t.into()), with_field);
        let mut candidate = rows.clone();
        candidate.extend(new);
        let r = QMatrix::from_rows(candidate.clone())
            .map_err(|e| e.to_string())?
            .rank();
        if r > rank {
            rows = candidate;
            points.push((u, t));
            rank = r;
        }
    }
    if rank != target {
        return Err(format!(
            "the equations at {} integer points of the cone reach rank {rank}, not {target}: no proof of dimension {n} from them",
            points.len()
        ));
    }
    let (pivots, reduced, combinations) = reduced_with_combinations(&rows);
    let free: Vec<usize> = (0..m).filter(|c| !pivots.contains(c)).collect();
    // one basis vector per free coordinate: 1 there, 0 at the other free ones
    let basis: Vec<Vec<Q>> = free
        .iter()
        .map(|&f| {
            let mut b = vec![Q::zero(); m];
            b[f] = Q::one();
            for (row, &p) in reduced.iter().zip(&pivots) {
                b[p] = -row[f].clone();
            }
            b
        })
        .collect();
    let space = if with_field {
        "in_kernel"
    } else {
        "vanishes_on_cone"
    };
    let monomials_text = format!("(exps {} {degree})", 2 * dim);
    let statement = format!("poly_dimension {monomials_text} ({space} {dim}) {n}");
    let unfold = "unfold peval, pderiv, of_coeffs, cone";
    let member = if with_field {
        format!("intros u t; split; [{unfold}; cbn; field | intros i Hi; enum_lt i Hi; {unfold}; cbn; field]")
    } else {
        format!("intros u t; {unfold}; cbn; field")
    };
    let mut proof = format!(
        "  unfold poly_dimension; change (length {monomials_text}) with {m}%nat.\n  exists [{}].\n  split; [reflexivity | split; [ | split]].\n  - repeat (apply Forall_cons; [{member} | ]); apply Forall_nil.\n  - intros lam H j Hj. enum_lt j Hj.\n",
        basis.iter().map(|b| coq::vector(b)).collect::<Vec<_>>().join("; ")
    );
    for f in &free {
        proof.push_str(&format!(
            "    + pose proof (H {f}%nat ltac:(lia)) as E; cbn [sum nth vec_of] in E; lra.\n"
        ));
    }
    let free_list: Vec<String> = free.iter().map(|f| format!("{f}%nat")).collect();
    proof.push_str(&format!(
        "  - intros c H. exists (fun j => c (nth j [{}] 0%nat)).\n",
        free_list.join("; ")
    ));
    let mut equation = 0;
    for (u, t) in &points {
        let uq: Vec<Q> = u.iter().map(|&x| Q::from_integer(x.into())).collect();
        let tq = Q::from_integer((*t).into());
        for (which, row) in equations_at(dim, monomials, &uq, &tq, with_field)
            .iter()
            .enumerate()
        {
            let form: Vec<String> = row
                .iter()
                .enumerate()
                .filter(|(_, x)| !x.is_zero())
                .map(|(k, x)| format!("{} * c {k}%nat", coq::real(x)))
                .collect();
            let form = if form.is_empty() {
                "0".to_string()
            } else {
                form.join(" + ")
            };
            let at = format!("{} {}", coq::vector(&uq), coq::real(&tq));
            let get = match (with_field, which) {
                (false, _) => format!("pose proof (H {at}) as E"),
                (true, 0) => format!("destruct (H {at}) as [E _]"),
                (true, i) => format!(
                    "destruct (H {at}) as [_ F]; pose proof (F {}%nat ltac:(lia)) as E; clear F",
                    i - 1
                ),
            };
            proof.push_str(&format!(
                "    assert (R{equation} : {form} = 0) by ({get}; {unfold} in E; cbn in E; apply (equation_as _ _ _ E); ring).\n"
            ));
            equation += 1;
        }
    }
    proof.push_str("    clear H. intros m Hm. enum_lt m Hm.\n");
    for column in 0..m {
        match pivots.iter().position(|&p| p == column) {
            Some(r) => {
                let terms: Vec<(Q, String)> = combinations[r]
                    .iter()
                    .enumerate()
                    .map(|(k, l)| (l.clone(), format!("R{k}")))
                    .collect();
                proof.push_str(&format!("    + {}.\n", coq::combination_reduced(&terms)));
            }
            None => proof.push_str("    + cbn [sum nth vec_of]; lra.\n"),
        }
    }
    Ok((statement, proof))
}
