//! The registry of check kinds: one module per kind, declared below and
//! named in one line of `registry!`. Each module holds the kind's data, parsing,
//! preconditions, evidence and claim ([`super::kind::CheckKind`]); the
//! macro builds [`CheckSpec`] (the data of any kind) and [`KINDS`] (the
//! table the proof-file parser and the documentation read).

use super::kind::{About, CheckKind, Context, Form};
use super::verdict::Evidence;
use crate::input::{InputError, Table};
use std::path::Path;

/// A registered kind: its name, keys, form and description, and its parser.
#[derive(Clone, Copy)]
pub struct KindInfo {
    /// The name used in proof files.
    pub name: &'static str,
    /// The keys it takes besides the common ones.
    pub keys: &'static [crate::proof::keys::Key],
    /// The form of its evidence.
    pub form: Form,
    /// Its description.
    pub about: About,
    /// The witness fields written under `hints` ([`CheckKind::HINTS`]).
    pub hints: &'static [&'static str],
    /// Whether its measure is an enclosure ([`CheckKind::ENCLOSED`]).
    pub enclosed: bool,
    /// Whether it exports to Coq ([`CheckKind::COQ`]).
    pub coq: bool,
    /// Its parser.
    pub parse: fn(&Table<'_>, &Path) -> Result<CheckSpec, InputError>,
}

fn parse_as<K: CheckKind + Into<CheckSpec>>(
    t: &Table<'_>,
    base: &Path,
) -> Result<CheckSpec, InputError> {
    K::parse(t, base).map(Into::into)
}

macro_rules! registry {
    ($($kind:ident in $module:ident),* $(,)?) => {
        $(pub use $module::$kind;)*

        /// What an instance checks: the data of one check kind.
        #[derive(Debug, Clone)]
        pub enum CheckSpec {
            $(
                #[doc = concat!("`", stringify!($module), "`")]
                $kind($module::$kind),
            )*
        }

        $(impl From<$module::$kind> for CheckSpec {
            fn from(k: $module::$kind) -> CheckSpec {
                CheckSpec::$kind(k)
            }
        })*

        impl CheckSpec {
            /// The kind's name.
            pub fn kind_name(&self) -> &'static str {
                match self { $(CheckSpec::$kind(_) => <$module::$kind as CheckKind>::NAME,)* }
            }

            /// The form of the kind's evidence.
            pub fn form(&self) -> Form {
                match self { $(CheckSpec::$kind(_) => <$module::$kind as CheckKind>::FORM,)* }
            }

            /// The claim, written once in math text (`crate::tex`): typeset
            /// as it is, in words by `crate::tex::to_plain`.
            pub fn claim(&self) -> String {
                match self { $(CheckSpec::$kind(k) => k.claim(),)* }
            }

            /// The instance's data inline, every number exact.
            pub fn inputs(&self) -> serde_json::Value {
                match self { $(CheckSpec::$kind(k) => k.inputs(),)* }
            }

            /// Checks the preconditions, then decides or measures the claim.
            pub fn evidence(&self, ctx: &Context) -> Result<Evidence, String> {
                match self { $(CheckSpec::$kind(k) => k.evidence(ctx),)* }
            }

            /// Whether the kind exports to Coq ([`CheckKind::COQ`]).
            pub fn exports_coq(&self) -> bool {
                match self { $(CheckSpec::$kind(_) => <$module::$kind as CheckKind>::COQ,)* }
            }

            /// The instance as a Coq theorem ([`CheckKind::coq`]).
            pub fn coq(
                &self,
                name: &str,
                verdict: super::verdict::Verdict,
                witness: &serde_json::Value,
            ) -> Result<crate::coq::Theorem, String> {
                match self { $(CheckSpec::$kind(k) => k.coq(name, verdict, witness),)* }
            }

            /// What a refuted decision found instead ([`CheckKind::found`]).
            pub fn found(&self, witness: &serde_json::Value) -> Option<String> {
                match self { $(CheckSpec::$kind(k) => k.found(witness),)* }
            }
        }

        /// Every kind, in the order of the documentation.
        pub const KINDS: &[KindInfo] = &[$(KindInfo {
            name: <$module::$kind as CheckKind>::NAME,
            keys: <$module::$kind as CheckKind>::KEYS,
            form: <$module::$kind as CheckKind>::FORM,
            about: <$module::$kind as CheckKind>::ABOUT,
            hints: <$module::$kind as CheckKind>::HINTS,
            enclosed: <$module::$kind as CheckKind>::ENCLOSED,
            coq: <$module::$kind as CheckKind>::COQ,
            parse: parse_as::<$module::$kind>,
        },)*];
    };
}

// The modules are declared one by one (not by the macro) so that tools
// that walk `mod` items, such as cargo-mutants, see every kind.
pub mod atlas_kernel;
pub mod consistent_plans_box;
pub mod continuity_equation;
pub mod continuity_equation_box;
pub mod density_only_witness;
pub mod deterministic_plan;
pub mod exponential_moment;
pub mod field_separation;
pub mod flow_identity;
pub mod flux_identity;
pub mod flux_identity_box;
pub mod gaussian_flow_transport;
pub mod gaussian_lyapunov;
pub mod gaussian_reflow_optimal;
pub mod gaussian_roundtrip;
pub mod gaussian_single_time;
pub mod gaussian_well_posed;
pub mod mixture_change_of_variables;
pub mod mixture_field_separation;
pub mod moment_recovery;
pub mod multidim_counterexample;
pub mod no_gaussian_plan_within;
pub mod ot_straight_paths;
pub mod same_map_different_fields;
pub mod transport_identity;

registry! {
    GaussianRoundtrip in gaussian_roundtrip,
    GaussianLyapunov in gaussian_lyapunov,
    GaussianWellPosed in gaussian_well_posed,
    GaussianSingleTime in gaussian_single_time,
    DensityOnlyWitness in density_only_witness,
    OtStraightPaths in ot_straight_paths,
    DeterministicPlan in deterministic_plan,
    AtlasKernel in atlas_kernel,
    MultidimCounterexample in multidim_counterexample,
    TransportIdentity in transport_identity,
    FluxIdentity in flux_identity,
    FluxIdentityBox in flux_identity_box,
    FlowIdentity in flow_identity,
    SameMapDifferentFields in same_map_different_fields,
    FieldSeparation in field_separation,
    MomentRecovery in moment_recovery,
    ExponentialMoment in exponential_moment,
    ConsistentPlansBox in consistent_plans_box,
    NoGaussianPlanWithin in no_gaussian_plan_within,
    ContinuityEquation in continuity_equation,
    ContinuityEquationBox in continuity_equation_box,
    MixtureFieldSeparation in mixture_field_separation,
    GaussianFlowTransport in gaussian_flow_transport,
    GaussianReflowOptimal in gaussian_reflow_optimal,
    MixtureChangeOfVariables in mixture_change_of_variables,
}

/// The kind named `name`.
pub fn kind(name: &str) -> Option<&'static KindInfo> {
    KINDS.iter().find(|k| k.name == name)
}

/// The Markdown table of every kind (keys, form, claim, preconditions, what
/// a tolerance means, section, method), as `ifm-check kinds` prints it and
/// `docs/check-kinds.md` shows it.
pub fn markdown_table() -> String {
    let mut out = String::from(
        "| kind | keys | form | claim | preconditions (checked) | tolerance | section | method |\n|---|---|---|---|---|---|---|---|\n",
    );
    for k in KINDS {
        let tolerance = match k.form {
            Form::Measure => "the claim holds within `tol`",
            Form::Decision => "none: a nonzero `tolerance` on the instance is an error",
            Form::Bound => "none: the bound is in the claim; a nonzero `tolerance` is an error",
        };
        let keys: Vec<String> = k.keys.iter().map(|key| format!("`{}`", key.name)).collect();
        // a bar inside a cell (`|x|`) would end it
        let cells = [
            format!("`{}`", k.name),
            keys.join(", "),
            k.form.name().to_string(),
            k.about.claim.to_string(),
            k.about.preconditions.to_string(),
            tolerance.to_string(),
            k.about.section.to_string(),
            k.about.method.to_string(),
        ]
        .map(|c| c.replace('|', "\\|"));
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out
}

/// The key tables of every kind (name, type, required or its default,
/// meaning), as `docs/check-kinds.md` shows them under "Keys".
pub fn markdown_keys() -> String {
    let mut out = String::new();
    for k in KINDS {
        out.push_str(&format!(
            "### `{}`\n\n{}\n",
            k.name,
            crate::proof::keys::markdown(k.keys)
        ));
    }
    out
}
