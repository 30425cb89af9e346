//! Export to Coq (docs/coq.md): each exported instance becomes a theorem
//! over Coq's real numbers, stated with the definitions of `coq/IFM.v` (and
//! `coq/OneDimension.v`, whose data [`line`] writes) and
//! proven by computation on the instance's data and witnesses, so that
//! Coq's kernel, not this program, is what a reader trusts.
//!
//! A kind that exports writes its statement and proof script with the
//! helpers here ([`CheckKind::coq`](crate::proof::kind::CheckKind::coq));
//! this module writes numbers, plans and the proof steps several kinds
//! share, and assembles a proof file's theorems into one `.v` file. The
//! proofs are scripts of Coq tactics (`lra` on linear facts, `field` on
//! polynomial identities): nothing the exporter computes is assumed, every
//! number it writes into a proof is checked by the kernel.

use crate::exact::{QMatrix, Q};
use crate::gaussian::GaussianPlan;
use crate::limits::MAX_COQ_DIMENSION;
use num_traits::{Signed, Zero};

pub mod line;

/// The definitions files as `(module, text)`, in the order they are
/// compiled: `coq/IFM.v` (Gaussian plans in any dimension, the atlas, the
/// counterexample, deterministic plans) and `coq/OneDimension.v` (the
/// one-dimensional families, on top of it). The export writes them beside
/// its files, byte for byte.
pub const LIBRARIES: [(&str, &str); 2] = [
    ("IFM", include_str!("../coq/IFM.v")),
    ("OneDimension", include_str!("../coq/OneDimension.v")),
];

/// The logical name the exported files load the definitions under.
pub const LIBRARY_NAME: &str = "IFM";

/// One exported theorem.
#[derive(Debug, Clone, PartialEq)]
pub struct Theorem {
    /// The data the statement names (`Definition ... := ...`), one per line.
    pub definitions: Vec<String>,
    /// The statement, a Coq proposition.
    pub statement: String,
    /// The proof script, between `Proof.` and `Qed.`.
    pub proof: String,
}

impl Theorem {
    /// The theorem `valid n P /\ (statement)` about the plan `plan`, named
    /// `name` in Coq: the statement then says the plan it speaks of is a
    /// plan. `definitions` are the data it names, the plan's included.
    pub fn on_valid_plan(
        name: &str,
        plan: &GaussianPlan,
        definitions: Vec<String>,
        statement: String,
        proof: String,
    ) -> Result<Theorem, String> {
        let validity = validity_proof(name, plan).ok_or("the plan is not positive semidefinite")?;
        Ok(Theorem {
            definitions,
            statement: format!("valid {} {name} /\\\n  ({statement})", plan.dim()),
            proof: format!("  split.\n{validity}{proof}"),
        })
    }
}

/// Coq's lowercase keywords and the names the exported files use besides
/// those of the definitions file: an instance may not take one as its
/// name (names that start with a capital, where Coq's commands are, are
/// prefixed anyway).
const RESERVED: &[&str] = &[
    "as",
    "at",
    "by",
    "length",
    "cofix",
    "else",
    "end",
    "exists",
    "exists2",
    "fix",
    "for",
    "forall",
    "fun",
    "if",
    "in",
    "let",
    "match",
    "mod",
    "return",
    "then",
    "using",
    "where",
    "with",
    "m0",
    "m1",
    "x",
    "y",
    "t",
    "i",
    "j",
    "n",
    "nat",
    "list",
    "nth",
    "nil",
    "cons",
    "eq_refl",
    "pow2_ge_0",
    "sum_of_squares",
    "derivable_pt_lim",
    "fold_right",
    "fst",
    "snd",
    "sqrt",
    "exp",
    "mu0",
    "mu1",
    "s00",
    "s11",
    "c01",
];

/// A Coq identifier from an instance's name: letters, digits and single
/// underscores, neither first nor last (data the statement names take a
/// `__` suffix, so no theorem name can be theirs), starting with a
/// lowercase letter; prefixed with `instance_` where it would start
/// otherwise (a digit, a capital: Coq's commands and sorts are
/// capitalized) or be a keyword or a name of the definitions file or of
/// the standard library the files use.
pub fn ident(name: &str) -> String {
    let mut id = String::new();
    for c in name.chars() {
        let c = if c.is_ascii_alphanumeric() { c } else { '_' };
        if !(c == '_' && (id.is_empty() || id.ends_with('_'))) {
            id.push(c);
        }
    }
    while id.ends_with('_') {
        id.pop();
    }
    let defined = |word: &str| {
        LIBRARIES
            .iter()
            .flat_map(|(_, text)| text.lines())
            .any(|l| {
                [
                    "Definition ",
                    "Fixpoint ",
                    "Record ",
                    "Lemma ",
                    "Theorem ",
                    "Ltac ",
                ]
                .iter()
                .any(|k| {
                    l.strip_prefix(k)
                        .is_some_and(|rest| rest.split([' ', ':']).next() == Some(word))
                })
            })
    };
    if id.is_empty() {
        "instance".into()
    } else if !id.starts_with(|c: char| c.is_ascii_lowercase())
        || RESERVED.contains(&id.as_str())
        || defined(&id)
    {
        format!("instance_{id}")
    } else {
        id
    }
}

/// The largest `c = 2^-k` found by doubling `k` (0, 1, 2, 4, ... up to
/// `2^20`) with `m - c I` positive semidefinite, and its sum of squares in
/// the variables `variable(i)`; `None` when `m` is not positive definite
/// or its smallest eigenvalue is below `2^-(2^20)`.
pub fn definite_margin(m: &QMatrix, variable: impl Fn(usize) -> String) -> Option<(Q, String)> {
    if !crate::exact::definiteness(m).is_ok_and(|d| d.is_definite()) {
        return None;
    }
    let identity = QMatrix::identity(m.rows());
    std::iter::once(0)
        .chain((0..=20).map(|e| 1usize << e))
        .find_map(|k| {
            let c = Q::new(1.into(), num_traits::pow(num_bigint::BigInt::from(2), k));
            let shifted = m.sub(&identity.scale(&c)).expect("square");
            sum_of_squares(&shifted, &variable).map(|s| (c, s))
        })
}

/// Refuses a dimension above [`MAX_COQ_DIMENSION`].
pub fn dimension(n: usize) -> Result<(), String> {
    if n > MAX_COQ_DIMENSION {
        return Err(format!(
            "D = {n}: theorems are exported up to D = {MAX_COQ_DIMENSION} (the size of the proofs grows as a power of D)"
        ));
    }
    Ok(())
}

/// A rational as a real literal: `3`, `(-1/2)`.
pub fn real(q: &Q) -> String {
    let body = if q.denom() == &1.into() {
        q.numer().abs().to_string()
    } else {
        format!("{}/{}", q.numer().abs(), q.denom())
    };
    match (q.is_negative(), q.denom() == &1.into()) {
        (false, true) => body,
        (false, false) => format!("({body})"),
        (true, _) => format!("(-{body})"),
    }
}

/// A vector as `vec_of [a; b]`.
pub fn vector(v: &[Q]) -> String {
    format!(
        "(vec_of [{}])",
        v.iter().map(real).collect::<Vec<_>>().join("; ")
    )
}

/// A matrix as `mat_of [[a; b]; [c; d]]`.
pub fn matrix(m: &QMatrix) -> String {
    let rows: Vec<String> = (0..m.rows())
        .map(|i| {
            format!(
                "[{}]",
                m.row(i).iter().map(real).collect::<Vec<_>>().join("; ")
            )
        })
        .collect();
    format!("(mat_of [{}])", rows.join("; "))
}

/// `Definition name : plan := Plan m0 m1 S00 S11 C.`
pub fn plan_definition(name: &str, plan: &GaussianPlan) -> String {
    format!(
        "Definition {name} : plan :=\n  Plan {}\n    {}\n    {}\n    {}\n    {}.",
        vector(plan.m0()),
        vector(plan.m1()),
        matrix(plan.s00()),
        matrix(plan.s11()),
        matrix(plan.c())
    )
}

/// `pose proof` of every entry `i, j < n` of the matrix identity `h`
/// (`meq n ...`), as `h_i_j`, then `h` cleared.
pub fn entries(h: &str, n: usize) -> String {
    some_entries(h, n, |_| true)
}

/// [`entries`], only those whose name `h_i_j` is kept by `keep`.
pub fn some_entries(h: &str, n: usize, keep: impl Fn(&str) -> bool) -> String {
    let mut out = String::new();
    for i in 0..n {
        for j in 0..n {
            let name = format!("{h}_{i}_{j}");
            if keep(&name) {
                out.push_str(&format!(
                    "  pose proof ({h} {i}%nat {j}%nat ltac:(lia) ltac:(lia)) as {name}.\n"
                ));
            }
        }
    }
    out.push_str(&format!("  clear {h}.\n"));
    out
}

/// A proof of `target = value` from equations `l_k = r_k` (hypotheses
/// named in `terms`) and coefficients `lambda_k` with
/// `target - value = sum_k lambda_k (l_k - r_k)` identically, which `lra`
/// checks with the hypotheses cleared (`identity`): a coefficient that is
/// wrong makes the proof fail.
pub fn combination(target: &str, value: &Q, terms: &[(Q, String)]) -> String {
    format!(
        "apply (combination_close ({target}) {} _ {}); identity",
        real(value),
        combination_sum(terms)
    )
}

/// [`combination`] for the goal as it stands, `x = c`, after the finite
/// sums and lists of concrete data in it are computed.
pub fn combination_reduced(terms: &[(Q, String)]) -> String {
    format!(
        "apply (combination_close _ _ _ {}); cbn [sum nth vec_of]; identity",
        combination_sum(terms)
    )
}

/// The proof term `sum_k lambda_k (l_k - r_k) = 0` from the equations
/// named in `terms`, zero coefficients left out.
fn combination_sum(terms: &[(Q, String)]) -> String {
    let mut sum = "(@eq_refl R 0)".to_string();
    for (lambda, h) in terms.iter().filter(|(l, _)| !l.is_zero()) {
        sum = format!("(combination_add _ _ _ {} {sum} {h})", real(lambda));
    }
    sum
}

/// The real variable of the `k`-th coordinate of `(x, y)` in dimension `n`.
pub fn joint_variable(k: usize, n: usize) -> String {
    if k < n {
        format!("x {k}%nat")
    } else {
        format!("y {}%nat", k - n)
    }
}

/// The quadratic form of a positive semidefinite symmetric matrix `m` in
/// the variables `variable(k)` as a sum of squares `sum c_k (l_k . z)^2`
/// with `c_k > 0`, by symmetric elimination (a zero pivot must have a zero
/// row); `None` when `m` is not positive semidefinite. The sum is checked
/// by Coq (`field`), so it is a proof hint, not a trusted value.
pub fn sum_of_squares(m: &QMatrix, variable: impl Fn(usize) -> String) -> Option<String> {
    let n = m.rows();
    let mut m = m.clone();
    let mut terms = vec!["0".to_string()];
    for k in 0..n {
        let pivot = m[(k, k)].clone();
        if pivot.is_zero() {
            if (k..n).any(|j| !m[(k, j)].is_zero()) {
                return None;
            }
            continue;
        }
        if pivot.is_negative() {
            return None;
        }
        let linear: Vec<String> = (k..n)
            .filter(|&j| !m[(k, j)].is_zero())
            .map(|j| format!("{} * {}", real(&m[(k, j)]), variable(j)))
            .collect();
        terms.push(format!(
            "{} * ({}) ^ 2",
            real(&(Q::from_integer(1.into()) / &pivot)),
            linear.join(" + ")
        ));
        let row: Vec<Q> = (0..n).map(|j| m[(k, j)].clone()).collect();
        for i in k..n {
            for j in k..n {
                let update = &row[i] * &row[j] / &pivot;
                m[(i, j)] -= update;
            }
        }
    }
    Some(terms.join(" + "))
}

/// The proof that `plan` (named `name` in Coq) is `valid` in dimension
/// `n`: symmetry entry by entry, then positivity by a sum of squares.
pub fn validity_proof(name: &str, plan: &GaussianPlan) -> Option<String> {
    let n = plan.dim();
    let squares = sum_of_squares(&plan.joint_covariance(), |k| joint_variable(k, n))?;
    Some(format!(
        "  {{ unfold {name}; split; [entrywise | split; [entrywise | ]].\n    intros x y; expand.\n    apply (nonneg_by _ ({squares})); [field | sum_of_squares]. }}\n"
    ))
}

/// Text made safe inside a Coq comment: no `(*` or `*)` (which would nest
/// or close it, letting a file name or an error message write Coq), and
/// no `"` (which opens a string inside a comment).
fn comment_text(text: &str) -> String {
    text.replace("(*", "( *")
        .replace("*)", "* )")
        .replace('"', "'")
}

/// The proof of `field n P t A b` for the plan named `name` once unfolded
/// (`with_C name C'` for a second plan), with `inverse` the inverse of its
/// `Sigma_t`: entry by entry.
pub fn field_proof(name: &str, inverse: &QMatrix) -> String {
    format!(
        "{{ unfold {name}; split; [exists {}; split; entrywise | split; entrywise]. }}",
        matrix(inverse)
    )
}

/// One `.v` file: a header naming its proof file, the library loaded, each
/// theorem with its data, and `Print Assumptions` for each, so that the
/// check's log lists the axioms the theorems rest on.
pub fn file(source: &str, omitted: &[(String, String)], theorems: &[(String, Theorem)]) -> String {
    let mut out = format!(
        "(* Exported by ifm-check export-coq from {}; checked by coqc.\n   Definitions: IFM.v and OneDimension.v (coq/ in the repository). *)\n",
        comment_text(source)
    );
    if !omitted.is_empty() {
        out.push_str("(* Instances of this file not exported:\n");
        for (name, reason) in omitted {
            out.push_str(&format!(
                "   - {}: {}\n",
                comment_text(name),
                comment_text(reason)
            ));
        }
        out.push_str("*)\n");
    }
    out.push_str(&format!(
        "\nFrom Coq Require Import Reals Lra Lia List.\nImport ListNotations.\nFrom {LIBRARY_NAME} Require Import {}.\nOpen Scope R_scope.\n",
        LIBRARIES.map(|(module, _)| module).join(" ")
    ));
    for (name, t) in theorems {
        out.push('\n');
        for d in &t.definitions {
            out.push_str(d);
            out.push('\n');
        }
        out.push_str(&format!(
            "\nTheorem {name} :\n  {}.\nProof.\n{}Qed.\n",
            t.statement, t.proof
        ));
    }
    out.push('\n');
    // each list of assumptions after the theorem's name, in coqc's output
    for (name, _) in theorems {
        out.push_str(&format!(
            "Goal True. idtac \"Assumptions of {name}:\". Abort.\nPrint Assumptions {name}.\n"
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(n: i64, d: i64) -> Q {
        Q::new(n.into(), d.into())
    }

    #[test]
    fn reals_are_exact_literals() {
        assert_eq!(real(&q(3, 1)), "3");
        assert_eq!(real(&q(-1, 2)), "(-1/2)");
        assert_eq!(real(&q(4, 6)), "(2/3)");
        assert_eq!(real(&q(-5, 1)), "(-5)");
    }

    #[test]
    fn comments_cannot_be_closed_by_names_or_messages() {
        let text = file(
            "a*)b.toml",
            &[("x(*".into(), "\"*) Axiom f : False. (*".into())],
            &[],
        );
        let body = text.split("*)").collect::<Vec<_>>();
        // the header comment and the list of omitted instances close once each
        assert_eq!(body.len(), 3, "{text}");
        assert!(!text.contains("Axiom f : False. (*"));
    }

    #[test]
    fn identifiers_are_coq_names() {
        assert_eq!(ident("d2-two-times"), "d2_two_times");
        assert_eq!(ident("2d case"), "instance_2d_case");
        assert_eq!(ident("a--plan"), "a_plan");
        assert_eq!(ident("valid"), "instance_valid");
        // a standard-library lemma the exported proofs call
        assert_eq!(ident("pow2-ge-0"), "instance_pow2_ge_0");
        // names of IFM.v's lemmas, new ones included
        assert_eq!(ident("perturbed_nonneg"), "instance_perturbed_nonneg");
        assert_eq!(ident("trace_contradiction"), "instance_trace_contradiction");
        // theorems of OneDimension.v and the standard library's derivative
        assert_eq!(ident("flux_identity1"), "instance_flux_identity1");
        assert_eq!(ident("transport_unique1"), "instance_transport_unique1");
        assert_eq!(ident("derivable_pt_lim"), "instance_derivable_pt_lim");
        assert_eq!(ident("cdf1"), "instance_cdf1");
        // a keyword of tactics' syntax, a list function the atlas proofs use
        assert_eq!(ident("by"), "instance_by");
        assert_eq!(ident("length"), "instance_length");
        assert_eq!(ident("Qed"), "instance_Qed");
        assert_eq!(ident("SProp"), "instance_SProp");
        assert_eq!(ident("Sigma"), "instance_Sigma");
        // no theorem name holds the double underscore of data names
        assert_eq!(ident("_plan"), "instance_plan");
        assert_eq!(ident("a_"), "a");
        assert_eq!(ident("---"), "instance");
        for name in ["_plan", "__map", "a__b", "x_", "_", "Fixpoint"] {
            assert!(!ident(name).contains("__"), "{name}");
        }
    }

    #[test]
    fn margins_of_tiny_eigenvalues_are_found() {
        let tiny = QMatrix::from_rows(vec![vec![Q::new(
            1.into(),
            num_traits::pow(num_bigint::BigInt::from(10), 40),
        )]])
        .unwrap();
        let (c, _) = definite_margin(&tiny, |i| format!("x {i}%nat")).unwrap();
        assert!(c > Q::zero() && c <= tiny[(0, 0)]);
        assert!(
            definite_margin(&QMatrix::from_i64(&[&[1, 1], &[1, 1]]), |i| format!(
                "x {i}%nat"
            ))
            .is_none()
        );
    }

    #[test]
    fn sums_of_squares_need_semidefinite_matrices() {
        let joint = |k| joint_variable(k, 1);
        let psd = QMatrix::from_i64(&[&[1, 1], &[1, 1]]);
        assert_eq!(
            sum_of_squares(&psd, joint).unwrap(),
            "0 + 1 * (1 * x 0%nat + 1 * y 0%nat) ^ 2"
        );
        assert!(sum_of_squares(&QMatrix::from_i64(&[&[0, 1], &[1, 0]]), joint).is_none());
        assert!(sum_of_squares(&QMatrix::from_i64(&[&[1, 2], &[2, 1]]), joint).is_none());
    }
}
