//! `ifm-verify`: re-checks the certificates that `ifm-check certify --json`
//! writes, without the `ifm_check` library (see `TRUST.md` beside this
//! crate for what a reader must trust).
//!
//! A certificate carries its check kind, its inputs inline (every number an
//! exact rational or an outward-rounded decimal), its tolerance, its
//! verdict and a witness. For each one the verifier re-derives the verdict
//! from the inputs and the witness along the simplest sound path (exact
//! rational arithmetic by substitution and elimination; intervals over MPFR
//! with both ends rounded outward at every operation) and accepts the
//! certificate only when it finds the same verdict. `inconclusive` and
//! `error` certificates prove nothing and are rejected, as is anything it
//! cannot re-check.

pub mod atlas;
pub mod consistent;
pub mod exact;
pub mod flow;
pub mod gaussian;
pub mod interval;
mod json;
pub mod mixture;
pub mod mixture_flow;
pub mod number;
pub mod onedim;

use rug::Rational;
use serde_json::Value;

/// What a certificate gives the verifier.
pub struct Cert<'a> {
    /// The check kind.
    pub check: &'a str,
    /// The instance's data.
    pub inputs: &'a Value,
    /// The witness: read only through [`Cert::witness`], which records
    /// each field a check reads.
    witness: &'a Value,
    /// The tolerance of a measure (zero for decisions and bounds).
    pub tolerance: Rational,
    /// The precision the certificate's enclosures were decided at (its
    /// starting precision for exact checks); the verifier works at this
    /// plus 32 guard bits, then at twice that.
    pub bits: u32,
    /// The largest precision the engine could have used (the
    /// certificate's `max_precision`, else `bits`).
    pub max_bits: u32,
    /// The witness fields a check has read.
    read: std::cell::RefCell<Vec<String>>,
}

impl<'a> Cert<'a> {
    /// A certificate's parts, none of its witness read yet.
    pub fn new(
        check: &'a str,
        inputs: &'a Value,
        witness: &'a Value,
        tolerance: Rational,
        bits: u32,
    ) -> Cert<'a> {
        Cert {
            check,
            inputs,
            witness,
            tolerance,
            bits,
            max_bits: bits,
            read: Default::default(),
        }
    }

    /// The largest working precision a check of this certificate may use:
    /// twice its largest precision, plus guard bits (the work budget is
    /// checked against it).
    pub fn most_bits(&self) -> u32 {
        2 * self.max_bits.max(self.bits) + 64
    }

    /// The working precisions of an interval check: `bits + 32` (the
    /// certificate's enclosures were decided at `bits` and printed with as
    /// many digits), then doubled while at most twice the largest precision
    /// the engine could have used, plus guard bits.
    pub fn precisions(&self) -> Vec<u32> {
        let last = self.most_bits();
        let mut out = vec![self.bits + 32];
        while let Some(&p) = out.last().filter(|&&p| p < last) {
            out.push((2 * p).min(last));
        }
        out
    }

    /// A field of the witness, recorded as read: the caller decides with
    /// it or compares it with its own value. A witness field that no check
    /// reads rejects the certificate (see [`Cert::unread`]).
    pub fn witness(&self, key: &str) -> Option<&'a Value> {
        self.read.borrow_mut().push(key.to_string());
        self.witness.get(key).filter(|v| !v.is_null())
    }

    /// [`Cert::witness`], required.
    pub fn witness_field(&self, key: &str) -> Result<&'a Value, String> {
        self.witness(key)
            .ok_or_else(|| format!("no `{key}` in the witness"))
    }

    /// A stated witness value against the verifier's own: equal as exact
    /// numbers leaf by leaf (a statement absent from the witness is fine).
    pub fn stated_equals(&self, key: &str, derived: &Value) -> Result<(), String> {
        match self.witness(key) {
            None => Ok(()),
            Some(stated) if number::same_numbers(stated, derived) => Ok(()),
            Some(_) => Err(format!(
                "the witness states a `{key}` the verifier does not find"
            )),
        }
    }

    /// The first witness field no check read: a certificate asserts nothing
    /// the verifier does not check (search parameters go in `hints`).
    fn unread(&self) -> Option<String> {
        let read = self.read.borrow();
        self.witness
            .as_object()?
            .keys()
            .find(|k| !read.contains(k))
            .cloned()
    }
}

/// A verdict the verifier can re-derive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finding {
    /// The claim holds.
    Certified,
    /// The claim fails.
    Refuted,
}

impl Finding {
    /// `certified` or `refuted`.
    pub fn as_str(self) -> &'static str {
        match self {
            Finding::Certified => "certified",
            Finding::Refuted => "refuted",
        }
    }

    /// `Certified` when `holds`.
    pub fn of(holds: bool) -> Finding {
        if holds {
            Finding::Certified
        } else {
            Finding::Refuted
        }
    }
}

/// A check kind the verifier re-checks.
struct Kind {
    /// Its name in certificates.
    name: &'static str,
    /// The check.
    check: fn(&Cert) -> Result<Finding, String>,
    /// The form of its evidence: `decision`, `measure` (the only one a
    /// tolerance applies to) or `bound`.
    form: &'static str,
    /// Whether it works with intervals (its precision counts in the work
    /// budget).
    intervals: bool,
}

/// Every kind, one line each.
const KINDS: &[Kind] = &[
    kind("gaussian-roundtrip", gaussian::roundtrip, "decision", false),
    kind(
        "gaussian-single-time",
        gaussian::roundtrip,
        "decision",
        false,
    ),
    kind("gaussian-lyapunov", gaussian::lyapunov, "measure", false),
    kind(
        "gaussian-well-posed",
        gaussian::well_posed,
        "decision",
        false,
    ),
    kind(
        "density-only-witness",
        gaussian::density_only,
        "decision",
        false,
    ),
    kind(
        "ot-straight-paths",
        gaussian::straight_paths,
        "measure",
        false,
    ),
    kind(
        "deterministic-plan",
        gaussian::deterministic,
        "decision",
        false,
    ),
    kind(
        "multidim-counterexample",
        gaussian::counterexample,
        "decision",
        true,
    ),
    kind("atlas-kernel", atlas::kernel, "decision", false),
    kind(
        "transport-identity",
        onedim::transport_identity,
        "measure",
        true,
    ),
    kind("flux-identity", onedim::flux_identity, "measure", true),
    kind(
        "flux-identity-box",
        onedim::flux_identity_box,
        "decision",
        true,
    ),
    kind("flow-identity", onedim::flow_identity, "measure", true),
    kind(
        "same-map-different-fields",
        onedim::same_map,
        "measure",
        true,
    ),
    kind(
        "field-separation",
        onedim::field_separation,
        "decision",
        true,
    ),
    kind("moment-recovery", onedim::moment_recovery, "measure", false),
    kind(
        "exponential-moment",
        onedim::exponential_moment,
        "bound",
        true,
    ),
    kind("consistent-plans-box", consistent::boxed, "decision", false),
    kind(
        "no-gaussian-plan-within",
        consistent::none_within,
        "decision",
        false,
    ),
    kind("continuity-equation", mixture::continuity, "measure", true),
    kind(
        "continuity-equation-box",
        mixture::continuity_box,
        "decision",
        true,
    ),
    kind("gaussian-flow-transport", flow::transport, "measure", true),
    kind("gaussian-reflow-optimal", flow::reflow, "measure", true),
    kind(
        "mixture-change-of-variables",
        mixture_flow::change_of_variables,
        "measure",
        true,
    ),
    kind(
        "mixture-field-separation",
        mixture::field_separation,
        "decision",
        true,
    ),
];

const fn kind(
    name: &'static str,
    check: fn(&Cert) -> Result<Finding, String>,
    form: &'static str,
    intervals: bool,
) -> Kind {
    Kind {
        name,
        check,
        form,
        intervals,
    }
}

/// The work a certificate may ask for: its numbers (inputs and witness),
/// times `(bits / 64 + 1)^3` at its largest precision for the kinds that
/// work with intervals: a product of two numbers costs `(bits / 64)^2`,
/// and the `erfc` series below its asymptotic range takes a number of terms
/// that grows with the bits (`TESTING.md` measures the worst allowed).
/// Exact kinds have limits of their own (dimension, times, unknowns).
pub const WORK_BUDGET: u64 = 1 << 21;

/// The largest precision a certificate may state: the engine's largest
/// (the verifier works at up to twice it, plus guard bits).
pub const MAX_BITS: u32 = 65_536;

/// Re-checks one certificate: `Ok` when the verifier finds its verdict.
pub fn verify_certificate(c: &Value) -> Result<(), String> {
    let field = |k: &str| c.get(k).ok_or_else(|| format!("no `{k}`"));
    let check = field("check")?.as_str().ok_or("`check` is not a string")?;
    let verdict = field("verdict")?
        .as_str()
        .ok_or("`verdict` is not a string")?;
    let claimed = match verdict {
        "certified" => Finding::Certified,
        "refuted" => Finding::Refuted,
        other => return Err(format!("a verdict `{other}` proves nothing")),
    };
    let tolerance = number::rational(field("tolerance")?)?;
    if tolerance < 0 {
        return Err("a negative tolerance".into());
    }
    let kind = KINDS
        .iter()
        .find(|k| k.name == check)
        .ok_or_else(|| format!("unknown check kind `{check}`"))?;
    // decisions and bounds take no tolerance (the checker refuses one)
    if kind.form != "measure" && tolerance != 0 {
        return Err(format!("a tolerance on `{check}`, which takes none"));
    }
    let bits_of = |k: &str| -> Result<u32, String> {
        match c.get(k) {
            Some(Value::Number(n)) => n
                .as_u64()
                .filter(|b| (16..=u64::from(MAX_BITS)).contains(b))
                .map(|b| b as u32)
                .ok_or_else(|| format!("`{k}` is not a precision from 16 to {MAX_BITS} bits")),
            _ => Err(format!("no `{k}`")),
        }
    };
    let bits = match c.get("precision_bits") {
        Some(Value::Null) | None => bits_of("precision")?,
        Some(_) => bits_of("precision_bits")?,
    };
    let mut cert = Cert::new(check, field("inputs")?, field("witness")?, tolerance, bits);
    // the engine may have gone up to its largest precision: so may the
    // verifier (an undecided step doubles the precision up to it)
    if let Some(Value::Number(_)) = c.get("max_precision") {
        cert.max_bits = bits_of("max_precision")?.max(bits);
    }
    // the work a certificate may ask for, before any arithmetic: its
    // numbers, times (bits / 64 + 1)^3 for the kinds that work with intervals
    let most = cert.max_bits.max(bits);
    let units = if kind.intervals {
        u64::from(most / 64 + 1).pow(3)
    } else {
        1
    };
    let numbers = number::leaves(cert.inputs) + number::leaves(cert.witness);
    if numbers.saturating_mul(units) > WORK_BUDGET {
        return Err(format!(
            "{numbers} numbers at {most} bits: beyond the verifier's budget of {WORK_BUDGET} numbers x (bits / 64 + 1)^3"
        ));
    }
    let found = (kind.check)(&cert)?;
    if let Some(key) = cert.unread() {
        return Err(format!(
            "the witness states `{key}`, which the verifier does not check"
        ));
    }
    if found == claimed {
        printed_numbers_agree(c, kind, found, &cert.tolerance)
    } else {
        Err(format!(
            "the certificate says {verdict}, the verifier finds {}",
            found.as_str()
        ))
    }
}

/// The numbers a certificate prints for its reader (`form`, `residual`,
/// `bound`) must say what the verdict says: a decision `holds` or `fails`;
/// a measure's residual (an exact number or an enclosure `{lo, hi}`) at
/// most the tolerance when certified, above it when refuted; a bound's
/// value `{lo, hi}` at most the bound of the inputs when certified, above it
/// when refuted. The verifier's own computation decided the verdict; this
/// keeps the printed figures from contradicting it.
fn printed_numbers_agree(
    c: &Value,
    kind: &Kind,
    found: Finding,
    tolerance: &Rational,
) -> Result<(), String> {
    let (form, check) = (kind.form, kind.name);
    // a kind whose precondition fails decides by that failure: a decision
    // that refutes, whatever the kind's own form
    let printed = c.get("form").and_then(Value::as_str);
    let form = match printed {
        Some("decision") if found == Finding::Refuted => "decision",
        Some(p) if p == form => form,
        _ => return Err(format!("`form` is not `{form}`, the form of `{check}`")),
    };
    let residual = c.get("residual").ok_or("no `residual`")?;
    // the ends of a printed residual: an exact number is both
    let ends = |v: &Value| -> Result<(Rational, Rational), String> {
        match v {
            Value::Object(_) => {
                let (lo, hi) = (
                    number::residual_end(number::get(v, "lo")?)?,
                    number::residual_end(number::get(v, "hi")?)?,
                );
                if lo > hi {
                    return Err("a printed enclosure upside down".into());
                }
                Ok((lo, hi))
            }
            other => {
                let q = number::residual_end(other)?;
                Ok((q.clone(), q))
            }
        }
    };
    let agrees = match form {
        "decision" => {
            residual.as_str()
                == Some(if found == Finding::Certified {
                    "holds"
                } else {
                    "fails"
                })
        }
        "measure" => {
            let (lo, hi) = ends(residual)?;
            if found == Finding::Certified {
                hi <= *tolerance
            } else {
                lo > *tolerance
            }
        }
        _ => {
            let bound = number::rational(c.get("bound").ok_or("no `bound`")?)?;
            let claimed = number::rational(number::get(number::get(c, "inputs")?, "bound")?)?;
            if bound != claimed {
                return Err("`bound` is not the bound of the inputs".into());
            }
            let (lo, hi) = ends(residual)?;
            if found == Finding::Certified {
                hi <= bound
            } else {
                lo > bound
            }
        }
    };
    if agrees {
        Ok(())
    } else {
        Err(format!(
            "the printed `residual` contradicts the verdict {}",
            found.as_str()
        ))
    }
}

/// The name (`lemma/instance`) and the outcome of each certificate.
pub type Report = Vec<(String, Result<(), String>)>;

/// The certificates of a `certify --json` document. A document with a key
/// twice in one object is refused (readers disagree on which value
/// counts), and so is one without certificates (it proves nothing).
pub fn read_document(text: &str) -> Result<Vec<Value>, String> {
    serde_json::from_str::<json::NoDuplicateKeys>(text).map_err(|e| format!("not JSON: {e}"))?;
    let doc: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    if doc.get("schema") != Some(&Value::from(3)) {
        return Err("not a certificate document of schema 3".into());
    }
    match doc.get("certificates") {
        Some(Value::Array(certs)) if certs.is_empty() => {
            Err("an empty `certificates` array proves nothing".into())
        }
        Some(Value::Array(certs)) => Ok(certs.clone()),
        _ => Err("no `certificates` array".into()),
    }
}

/// Re-checks every certificate of a `certify --json` document
/// ([`read_document`]). A panic while checking a certificate rejects that
/// certificate with its message; the others are still checked.
pub fn verify_document(text: &str) -> Result<Report, String> {
    Ok(read_document(text)?
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let name = |k: &str| c.get(k).and_then(Value::as_str).unwrap_or("?").to_string();
            let label = format!("{}/{} (#{})", name("lemma"), name("instance"), i + 1);
            (label, guarded(|| verify_certificate(c)))
        })
        .collect())
}

/// A check with a panic turned into a rejection that says where the
/// verifier stopped.
fn guarded(
    check: impl FnOnce() -> Result<(), String> + std::panic::UnwindSafe,
) -> Result<(), String> {
    std::panic::catch_unwind(check).unwrap_or_else(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no message".to_string());
        Err(format!(
            "the verifier stopped on this certificate: {message}"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn verdict_of(c: Value) -> Result<(), String> {
        verify_certificate(&c)
    }

    #[test]
    fn printed_numbers_that_contradict_the_verdict_are_rejected() {
        // E exp(eps (|X0| + |X1|)) of a point mass at 0 is 1: below the bound 2
        let c = json!({"check": "exponential-moment", "form": "bound",
            "inputs": {"plan": {"kind": "discrete", "atoms": [{"x0": "0", "x1": "0", "weight": "1"}]},
                       "eps": "1", "bound": "2"},
            "residual": {"lo": "1", "hi": "1"}, "bound": "2",
            "tolerance": "0", "verdict": "certified", "witness": null, "precision": 64});
        assert!(verdict_of(c.clone()).is_ok());
        for (key, value) in [
            ("residual", json!({"lo": "3", "hi": "3"})),
            ("residual", json!({"lo": "1", "hi": "5"})),
            ("residual", json!({"lo": "1", "hi": "-1e-200000"})),
            ("bound", json!("5")),
            ("form", json!("measure")),
            ("form", json!("decision")),
        ] {
            let mut bad = c.clone();
            bad[key] = value;
            assert!(verdict_of(bad).is_err(), "{key} changed");
        }
        // a residual too small for the number reader still compares as positive
        let tiny = json!("5.9e-323228378");
        let q = number::printed_end(&tiny).unwrap();
        assert!(q > 0 && q < number::parse("1e-100000").unwrap());
        assert!(number::printed_end(&json!("5.9e323228378")).is_err());
        // a negative one only where it is compared with a readable number
        assert!(number::printed_end(&json!("-2.6e-641406548")).is_err());
        let negative = number::residual_end(&json!("-2.6e-641406548")).unwrap();
        assert!(negative < 0 && negative > -number::parse("1e-100000").unwrap());
        assert!(number::residual_end(&json!("--2.6e-641406548")).is_err());
        assert!(number::residual_end(&json!("-0e-641406548")).is_err());
        assert!(number::printed_end(&json!("1.5.3.7e-200001")).is_err());
    }

    #[test]
    fn an_absurd_exponent_is_no_number() {
        // 5e-(2^63) once read as 5: a point mass at 0 has E exp(...) = 1
        let c = json!({"check": "exponential-moment",
            "inputs": {"plan": {"kind": "discrete", "atoms": [{"x0": "0", "x1": "0", "weight": "1"}]},
                       "eps": "1", "bound": "5e-9223372036854775808"},
            "form": "bound", "residual": {"lo": "1", "hi": "1"}, "bound": "5e-9223372036854775808",
            "tolerance": "0", "verdict": "certified", "witness": null, "precision": 64});
        assert!(verdict_of(c.clone()).is_err());
        let mut fine = c;
        fine["inputs"]["bound"] = json!("2");
        fine["bound"] = json!("2");
        assert!(verdict_of(fine).is_ok());
    }

    #[test]
    fn a_free_direction_refutes_only_with_a_second_valid_plan() {
        // X1 = T X0, T = diag(2, 1/2): at t = 1/2 the system has rank 3, but
        // every other solution is an invalid plan
        let plan = json!({"m0": ["0", "0"], "m1": ["0", "0"], "s00": [["1", "0"], ["0", "1"]],
                          "s11": [["4", "0"], ["0", "1/4"]], "c": [["2", "0"], ["0", "1/2"]]});
        let c = json!({"check": "gaussian-single-time", "inputs": {"plan": plan, "t": "1/2"},
            "tolerance": "0", "verdict": "refuted", "witness": null, "precision": 64});
        assert!(verdict_of(c).is_err());
        // a plan inside validity: c = 0, D = 1, t* = 1/2 for s00 = s11 = 1;
        // C + 1/2 is valid and has the same field there
        let plan = json!({"m0": ["0"], "m1": ["0"], "s00": [["1"]], "s11": [["1"]], "c": [["0"]]});
        let c = json!({"check": "gaussian-single-time", "inputs": {"plan": plan, "t": "1/2"},
            "form": "decision", "residual": "fails",
            "tolerance": "0", "verdict": "refuted", "witness": {"second_c": [["1/2"]]}, "precision": 64});
        assert_eq!(verdict_of(c.clone()), Ok(()));
        let mut invalid = c;
        invalid["witness"]["second_c"] = json!([["2"]]);
        assert!(verdict_of(invalid).is_err());
    }

    #[test]
    fn decisions_take_no_tolerance() {
        let c = json!({"check": "atlas-kernel",
            "inputs": {"dim": 2, "degree": 4, "kernel_dim": 2, "density_only_kernel_dim": null},
            "form": "decision", "residual": "holds",
            "tolerance": "1", "verdict": "certified", "witness": null, "precision": 64});
        assert!(verdict_of(c.clone()).is_err());
        let mut right = c;
        right["tolerance"] = json!("0");
        right["inputs"]["kernel_dim"] = json!(1);
        assert_eq!(verdict_of(right), Ok(()));
    }

    #[test]
    fn documents_that_prove_nothing_or_say_two_things_are_refused() {
        let one = r#"{"check": "atlas-kernel",
            "inputs": {"dim": 2, "degree": 4, "kernel_dim": 1, "density_only_kernel_dim": null},
            "form": "decision", "residual": "holds",
            "tolerance": "0", "verdict": "certified", "witness": null, "precision": 64}"#;
        let document = format!(r#"{{"schema": 3, "certificates": [{one}]}}"#);
        let report = verify_document(&document).unwrap();
        assert_eq!(report.len(), 1);
        assert!(report[0].1.is_ok());
        let empty = verify_document(r#"{"schema": 3, "certificates": []}"#).unwrap_err();
        assert!(empty.contains("proves nothing"), "{empty}");
        // the same key twice, at any depth, whichever value comes last
        for twice in [
            one.replace(
                r#""verdict": "certified""#,
                r#""verdict": "refuted", "verdict": "certified""#,
            ),
            one.replace(r#""dim": 2"#, r#""dim": 2, "dim": 3"#),
        ] {
            let document = format!(r#"{{"schema": 3, "certificates": [{twice}]}}"#);
            let why = verify_document(&document).unwrap_err();
            assert!(why.contains("appears twice"), "{why}");
        }
        let why = verify_document(r#"{"schema": 3, "schema": 3, "certificates": []}"#).unwrap_err();
        assert!(why.contains("`schema` appears twice"), "{why}");
    }

    #[test]
    fn a_panic_becomes_a_rejection_with_its_message() {
        let why = guarded(|| panic!("boom")).unwrap_err();
        assert_eq!(why, "the verifier stopped on this certificate: boom");
        let why = guarded(|| panic!("{}", String::from("owned"))).unwrap_err();
        assert!(why.ends_with("owned"), "{why}");
        assert_eq!(guarded(|| Ok(())), Ok(()));
    }

    #[test]
    fn a_witness_states_only_what_the_verifier_checks() {
        let c = json!({"check": "atlas-kernel",
            "inputs": {"dim": 2, "degree": 4, "kernel_dim": 1, "density_only_kernel_dim": null},
            "form": "decision", "residual": "holds", "tolerance": "0", "verdict": "certified",
            "witness": {"kernel_dim": 1, "density_only_kernel_dim": 10, "unknowns": 35, "blocks": 5},
            "hints": {"primes": [7]}, "precision": 64});
        assert_eq!(verdict_of(c.clone()), Ok(()));
        // a field no check reads: hints belong under `hints`
        let mut extra = c.clone();
        extra["witness"]["primes"] = json!([7]);
        let why = verdict_of(extra).unwrap_err();
        assert!(why.contains("`primes`"), "{why}");
        // a stated value that is false
        for (key, value) in [
            ("unknowns", json!(36)),
            ("density_only_kernel_dim", json!(9)),
        ] {
            let mut wrong = c.clone();
            wrong["witness"][key] = value;
            assert!(verdict_of(wrong).is_err(), "{key}");
        }
        // hints are never read: anything goes there
        let mut hinted = c;
        hinted["hints"] = json!({"primes": "not even numbers"});
        assert_eq!(verdict_of(hinted), Ok(()));
    }

    /// From an outside audit: a false upper end too small to read, nested
    /// fields nobody reads, and work beyond the budget.
    #[test]
    fn stated_enclosures_are_read_whole_and_exactly() {
        // the standard normal plan against c = 1/2 at t = 1/4, x = 1:
        // p_t(1) is about 0.26, far above 1e-350000
        let plan = |c: &str| json!({"kind": "gaussian", "m0": "0", "m1": "0", "s00": "1", "s11": "1", "c": c});
        let base = json!({"check": "field-separation", "inputs": {"plan": plan("0"), "other": plan("1/2")},
            "form": "decision", "residual": "holds", "tolerance": "0", "verdict": "certified",
            "witness": {"t": "1/4", "x": "1"}, "precision": 64});
        assert_eq!(verdict_of(base.clone()), Ok(()));
        let mut tiny = base.clone();
        tiny["witness"]["p_t"] = json!({"lo": "0", "hi": "1e-350000"});
        assert!(
            verdict_of(tiny).is_err(),
            "a false upper end too small to read"
        );
        let mut nested = base.clone();
        nested["witness"]["p_t"] = json!({"lo": "0", "hi": "1", "mid": "7"});
        assert!(verdict_of(nested).is_err(), "a nested field nobody reads");
        let mut costly = base;
        costly["precision"] = json!(65536);
        let why = verdict_of(costly).unwrap_err();
        assert!(why.contains("budget"), "{why}");
    }
}
