//! Running one instance: its kind's evidence, and the verdict derived from
//! it ([`super::verdict`]). Every kind lives in its own module under
//! [`super::kinds`]; `docs/check-kinds.md` tabulates them (their claims,
//! forms, preconditions and what a tolerance means for each).

use super::kind::{Context, Form};
use super::spec::Instance;
use super::verdict::{Evidence, Verdict};
use crate::exact::format_rational;

/// The result of one check.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The claim, in words (a measure's claim says "within tol" when the
    /// tolerance is not zero).
    pub claim: String,
    /// What the check found.
    pub evidence: Evidence,
    /// The verdict, derived from the evidence.
    pub verdict: Verdict,
}

impl Outcome {
    /// `exact` or `interval`.
    pub fn method(&self) -> &'static str {
        self.evidence.method().name()
    }

    /// The precision of the deciding enclosures (interval evidence).
    pub fn precision_bits(&self) -> Option<u32> {
        self.evidence.method().bits()
    }
}

/// The tolerance a measure's claim states (none when zero, and none for
/// decisions and bounds).
fn stated_tolerance(instance: &Instance) -> Option<&crate::exact::Q> {
    (instance.spec.form() == Form::Measure && !num_traits::Zero::is_zero(&instance.tolerance))
        .then_some(&instance.tolerance)
}

/// The claim of an instance in words: its kind's, and ", within tol" for a
/// measure with a nonzero tolerance.
pub fn claim(instance: &Instance) -> String {
    let mut claim = crate::tex::to_plain(&instance.spec.claim());
    if let Some(tol) = stated_tolerance(instance) {
        claim.push_str(&format!(", within {}", exact_tolerance_text(tol)));
    }
    claim
}

/// A tolerance for tables: `0`, a short rational, a power of ten (`1e-25`,
/// `1e9990`), or scientific notation with three significant digits rounded
/// up, so a huge or tiny tolerance never widens a column.
pub fn tolerance_text(tol: &crate::exact::Q) -> String {
    use num_traits::{One, Zero};
    if tol.is_zero() {
        return "0".into();
    }
    let d = tol.denom().to_string();
    if tol.numer().is_one()
        && d.len() > 1
        && d.starts_with('1')
        && d[1..].bytes().all(|b| b == b'0')
    {
        return format!("1e-{}", d.len() - 1);
    }
    let plain = format_rational(tol);
    if plain.len() <= 12 {
        return plain;
    }
    if plain.starts_with('1') && plain[1..].bytes().all(|b| b == b'0') {
        return format!("1e{}", plain.len() - 1);
    }
    crate::interval::Interval::from_rational(tol, 64)
        .to_decimal(3)
        .1
}

/// A tolerance as a claim states it, exactly: `1e-20` for a power of ten
/// (as the table prints it), the rational otherwise (`1/3`, never a
/// rounded decimal).
fn exact_tolerance_text(tol: &crate::exact::Q) -> String {
    let short = tolerance_text(tol);
    match crate::exact::parse_rational(&short) {
        Ok(q) if q == *tol => short,
        _ => format_rational(tol),
    }
}

/// The same claim typeset (math text, [`crate::tex`]).
pub fn latex_claim(instance: &Instance) -> String {
    let mut claim = instance.spec.claim();
    if let Some(tol) = stated_tolerance(instance) {
        claim.push_str(&format!(", within ${}$", crate::tex::rational(tol)));
    }
    claim
}

/// Runs one instance.
pub fn run(instance: &Instance) -> Result<Outcome, String> {
    let ctx = Context {
        tolerance: instance.tolerance.clone(),
        precision: instance.precision,
        max_precision: instance.max_precision,
    };
    let evidence = instance.spec.evidence(&ctx)?;
    Ok(Outcome {
        claim: claim(instance),
        verdict: evidence.verdict(&ctx.tolerance),
        evidence,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exact::Q;
    use crate::onedim::{GaussianComponent, OneDimPlan};
    use crate::proof::kinds::{CheckSpec, ExponentialMoment, GaussianLyapunov, GaussianWellPosed};

    fn instance(spec: CheckSpec, tolerance: Q) -> Instance {
        Instance {
            lemma: "unit".into(),
            name: "unit".into(),
            check: spec.kind_name().into(),
            spec,
            expect: Verdict::Certified,
            tolerance,
            precision: 64,
            max_precision: 256,
            file: "unit.toml".into(),
        }
    }

    fn q(n: i64, d: i64) -> Q {
        Q::new(n.into(), d.into())
    }

    fn plan(c: i64) -> crate::gaussian::GaussianPlan {
        let m = |x: i64| crate::exact::QMatrix::from_i64(&[&[x]]);
        crate::gaussian::GaussianPlan::new(vec![q(0, 1)], vec![q(0, 1)], m(1), m(1), m(c)).unwrap()
    }

    #[test]
    fn a_decision_ignores_the_tolerance_and_a_measure_names_it() {
        // X1 = -X0 collapses at t = 1/2, whatever tolerance the instance carries
        let collapse = CheckSpec::GaussianWellPosed(GaussianWellPosed { plan: plan(-1) });
        let o = run(&instance(collapse, q(1000, 1))).unwrap();
        assert_eq!(
            (o.verdict, o.evidence.form()),
            (Verdict::Refuted, "decision")
        );
        assert!(!o.claim.contains("within"));
        let lyapunov = CheckSpec::GaussianLyapunov(GaussianLyapunov {
            plan: plan(0),
            claimed: None,
        });
        let o = run(&instance(lyapunov, q(1, 1000))).unwrap();
        assert_eq!(o.verdict, Verdict::Certified);
        assert!(o.claim.ends_with(", within 1e-3"), "{}", o.claim);
        assert_eq!((o.method(), o.precision_bits()), ("exact", None));
        // a tolerance that is not a power of ten is stated exactly
        assert_eq!(exact_tolerance_text(&q(1, 3)), "1/3");
        assert_eq!(
            exact_tolerance_text(&q(3, 10_000_000_000_000)),
            "3/10000000000000"
        );
    }

    #[test]
    fn a_bound_is_refuted_only_by_its_lower_end() {
        // E exp(eps (|X0| + |X1|)) of N(0,1) x N(0,1) at
        // eps = 1/100 is 1.0161...: 1.02 certifies, 1.01 refutes
        let g = GaussianComponent::new(q(0, 1), q(0, 1), q(1, 1), q(1, 1), q(0, 1)).unwrap();
        let claim = |bound: Q| {
            CheckSpec::ExponentialMoment(ExponentialMoment {
                plan: OneDimPlan::Gaussian(g.clone()),
                eps: q(1, 100),
                bound,
            })
        };
        let verdict = |bound| run(&instance(claim(bound), Q::from_integer(0.into()))).unwrap();
        assert_eq!(verdict(q(102, 100)).verdict, Verdict::Certified);
        assert_eq!(verdict(q(101, 100)).verdict, Verdict::Refuted);
        assert_eq!(verdict(q(102, 100)).method(), "interval");
    }
}
