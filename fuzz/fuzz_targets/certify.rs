//! `certify` on a fuzzed proof file: every instance that parses runs to a
//! verdict or an error; never a panic. The harness skips instances whose
//! honest cost is large (high precision, big dimensions, long grids): they
//! are slow by design, not hangs, and would only slow the fuzzer.
#![no_main]
use ifm_check::onedim::OneDimPlan;
use ifm_check::proof::spec::CheckSpec;
use ifm_check::proof::{parse_proof_file, Instance};
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fn small_onedim(p: &OneDimPlan) -> bool {
    match p {
        OneDimPlan::Mixture(c) => c.len() <= 4,
        OneDimPlan::Discrete(a) => a.len() <= 16,
        _ => true,
    }
}

fn affordable(i: &Instance) -> bool {
    if i.max_precision > 512 {
        return false;
    }
    match &i.spec {
        CheckSpec::GaussianRoundtrip { plan, .. }
        | CheckSpec::GaussianLyapunov { plan, .. }
        | CheckSpec::GaussianWellPosed { plan }
        | CheckSpec::GaussianSingleTime { plan, .. }
        | CheckSpec::DensityOnlyWitness { plan, .. }
        | CheckSpec::OtStraightPaths { plan, .. }
        | CheckSpec::DeterministicPlan { plan } => plan.dim() <= 4,
        CheckSpec::AtlasKernel { dim, degree, .. } => *dim <= 3 && *degree <= 6,
        CheckSpec::MultidimCounterexample(c) => c.dim <= 3 && c.moment_degree <= 4,
        CheckSpec::TransportIdentity { plan, map_of, xs, .. } => {
            xs.len() <= 8 && small_onedim(plan) && map_of.as_ref().is_none_or(small_onedim)
        }
        CheckSpec::FluxIdentity { plan, field_of, ts, xs } => {
            ts.len() * xs.len() <= 8
                && small_onedim(plan)
                && field_of.as_ref().is_none_or(small_onedim)
        }
        CheckSpec::FluxIdentityBox {
            plan,
            field_of,
            points,
            ..
        } => *points <= 4 && small_onedim(plan) && field_of.as_ref().is_none_or(small_onedim),
        CheckSpec::FlowIdentity {
            plan,
            field_of,
            ts,
            xs,
        } => {
            ts.len() * xs.len() <= 8
                && small_onedim(plan)
                && field_of.as_ref().is_none_or(small_onedim)
        }
        CheckSpec::SameMapDifferentFields { plan, other, xs } => {
            xs.len() <= 8 && small_onedim(plan) && small_onedim(other)
        }
        CheckSpec::FieldSeparation { plan, other } => small_onedim(plan) && small_onedim(other),
        CheckSpec::MomentRecovery { plan, source, degree } => {
            *degree <= 6 && small_onedim(plan) && source.as_ref().is_none_or(small_onedim)
        }
        CheckSpec::ExponentialMoment { plan, .. } => small_onedim(plan),
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../proofs/fuzz.toml"));
    let Ok(file) = parse_proof_file(path, text.to_string()) else {
        return;
    };
    for instance in file.instances.iter().filter(|i| affordable(i)) {
        // run directly (not through the runner's catch_unwind): a panic here
        // is a finding
        let _ = ifm_check::proof::check::run(instance);
    }
});
