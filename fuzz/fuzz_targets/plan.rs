//! The plan-file parser: any text, read as a Gaussian plan and as a
//! one-dimensional family, gives a plan or an error naming the file; never a
//! panic. Accepted Gaussian plans have a positive semidefinite joint
//! covariance, which is checked again here by the exact LDL^T.
#![no_main]
use ifm_check::exact::definiteness;
use ifm_check::gaussian::GaussianPlan;
use ifm_check::input::Document;
use ifm_check::onedim::OneDimPlan;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(doc) = Document::parse("fuzz.toml", text.to_string()) else {
        return;
    };
    let root = doc.root();
    if let Ok(plan) = GaussianPlan::from_table(&root) {
        let d = definiteness(&plan.joint_covariance()).expect("a square matrix");
        assert!(d.is_semidefinite());
    }
    if let Err(e) = OneDimPlan::from_table(&root) {
        assert!(e.to_string().starts_with("fuzz.toml"), "{e}");
    }
});
