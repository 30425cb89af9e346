//! Bad input, case by case: every input path (numbers, plan files, field
//! files, proof files, command-line values) refuses bad input with exit
//! status 2, a message that names the file, the line and the field, nothing
//! on stdout, and never a panic. Hostile sizes are refused by the stated
//! limits of `src/limits.rs` before any large allocation.

mod common;

use std::path::PathBuf;

/// One case: files to write (name, contents), the command line (`{dir}` is
/// the case's folder), and the fragments the error message must contain.
struct Case {
    name: &'static str,
    files: Vec<(&'static str, Vec<u8>)>,
    args: Vec<String>,
    expect: Vec<&'static str>,
}

const GAUSSIAN_1D: &str = "kind = \"gaussian\"\nm0 = [\"0\"]\nm1 = [\"1\"]\ns00 = [[\"1\"]]\ns11 = [[\"2\"]]\nc = [[\"1/2\"]]\n";
const GAUSSIAN_2D: &str = "kind = \"gaussian\"\nm0 = [\"0\", \"0\"]\nm1 = [\"1\", \"0\"]\ns00 = [[\"1\", \"0\"], [\"0\", \"1\"]]\ns11 = [[\"2\", \"0\"], [\"0\", \"1\"]]\nc = [[\"0\", \"0\"], [\"0\", \"0\"]]\n";
const MIXTURE: &str = "kind = \"gaussian-mixture\"\n[[component]]\nweight = \"1/3\"\nm0 = \"0\"\nm1 = \"2\"\ns00 = \"1\"\ns11 = \"1/4\"\nc = \"1/4\"\n[[component]]\nweight = \"2/3\"\nm0 = \"1\"\nm1 = \"-1\"\ns00 = \"1/2\"\ns11 = \"1\"\nc = \"0\"\n";
const MIXTURE_2D: &str = "kind = \"gaussian-mixture\"\n[[component]]\nweight = \"1/2\"\nm0 = [0, 0]\nm1 = [4, 0]\ns00 = [[1, 0], [0, 1]]\ns11 = [[\"1/100\", 0], [0, \"1/100\"]]\nc = [[0, 0], [0, 0]]\n[[component]]\nweight = \"1/2\"\nm0 = [0, 0]\nm1 = [-4, 0]\ns00 = [[1, 0], [0, 1]]\ns11 = [[\"1/100\", 0], [0, \"1/100\"]]\nc = [[0, 0], [0, 0]]\n";
const FIELD_1D: &str = "m0 = [\"0\"]\nm1 = [\"1\"]\ns00 = [[\"1\"]]\ns11 = [[\"2\"]]\n[[sample]]\nt = \"1/3\"\na = [[\"1/5\"]]\nb = [\"1\"]\n";
const ENDS_1D: &str = "m0 = 0\nm1 = 2\ns00 = 1\ns11 = 4\n";
const PROOF_HEAD: &str = "lemma = \"x\"\nstatement = \"s\"\nreference = \"r\"\n";

fn case(
    name: &'static str,
    files: &[(&'static str, &str)],
    args: &[&str],
    expect: &[&'static str],
) -> Case {
    Case {
        name,
        files: files
            .iter()
            .map(|(n, t)| (*n, t.as_bytes().to_vec()))
            .collect(),
        args: args.iter().map(|a| a.to_string()).collect(),
        expect: expect.to_vec(),
    }
}

/// A plan file `p.toml` with one line replaced, passed to `field --t 1/2`.
fn plan_case(
    name: &'static str,
    base: &str,
    from: &str,
    to: &str,
    x: Option<&str>,
    expect: &[&'static str],
) -> Case {
    assert!(
        base.contains(from),
        "{name}: `{from}` is not in the base plan"
    );
    let text = base.replacen(from, to, 1);
    let mut args = vec!["field", "{dir}/p.toml", "--t", "1/2"];
    if let Some(x) = x {
        args.extend(["--x", x]);
    }
    Case {
        name,
        files: vec![("p.toml", text.into_bytes())],
        args: args.iter().map(|a| a.to_string()).collect(),
        expect: expect.to_vec(),
    }
}

/// A proof file `proof.toml` with one instance (after the head).
fn proof_case(name: &'static str, body: &str, expect: &[&'static str]) -> Case {
    Case {
        name,
        files: vec![
            ("proof.toml", format!("{PROOF_HEAD}{body}").into_bytes()),
            ("plan.toml", GAUSSIAN_1D.as_bytes().to_vec()),
        ],
        args: vec!["certify".into(), "{dir}/proof.toml".into()],
        expect: expect.to_vec(),
    }
}

fn cases() -> Vec<Case> {
    let g1 = GAUSSIAN_1D;
    let mx = MIXTURE;
    let p = Some("0");
    let mut cases = vec![
        // numbers in plan files
        plan_case("malformed TOML", g1, "m1 = [\"1\"]", "m1 = [\"1\"", None, &["p.toml:4", "malformed TOML"]),
        plan_case("unknown key", g1, "c = ", "extra = 1\nc = ", None, &["p.toml:6", "`extra`"]),
        plan_case("wrong kind of value", g1, "m0 = [\"0\"]", "m0 = true", None, &["p.toml:2", "`m0`"]),
        plan_case("not a number", g1, "[[\"2\"]]", "[[\"two\"]]", None, &["p.toml:5", "`s11`"]),
        plan_case("division by zero", g1, "[[\"1/2\"]]", "[[\"1/0\"]]", None, &["p.toml:6", "`c`", "zero"]),
        plan_case("nan string", g1, "[\"1\"]", "[\"nan\"]", None, &["p.toml:3", "`m1`"]),
        plan_case("inf string", g1, "[\"1\"]", "[\"inf\"]", None, &["p.toml:3", "`m1`"]),
        plan_case("TOML nan", g1, "[\"1\"]", "[nan]", None, &["p.toml:3", "`m1`"]),
        plan_case("TOML inf", g1, "[\"0\"]", "[-inf]", None, &["p.toml:2", "`m0`"]),
        plan_case("empty string", g1, "[\"0\"]", "[\"\"]", None, &["p.toml:2", "`m0`", "empty"]),
        plan_case("dimension mismatch", g1, "m1 = [\"1\"]", "m1 = [\"1\", \"2\"]", None, &["p.toml:3", "`m1`"]),
        plan_case("ragged matrix", GAUSSIAN_2D, "[[\"1\", \"0\"], [\"0\", \"1\"]]", "[[\"1\", \"0\"], [\"0\"]]", None, &["p.toml:4", "`s00`"]),
        plan_case("non-symmetric covariance", GAUSSIAN_2D, "s00 = [[\"1\", \"0\"]", "s00 = [[\"1\", \"1/2\"]", None, &["p.toml:4", "`s00`", "symmetric"]),
        plan_case("joint covariance not PSD", g1, "[[\"1/2\"]]", "[[\"2\"]]", None, &["p.toml:6", "`c`", "positive semidefinite"]),
        plan_case("unknown plan kind", g1, "\"gaussian\"", "\"gamma\"", None, &["p.toml:1", "`kind`", "gamma"]),
        plan_case("missing kind", g1, "kind = \"gaussian\"\n", "", None, &["p.toml", "`kind`", "missing"]),
        plan_case("missing key", g1, "s11 = [[\"2\"]]\n", "", None, &["p.toml", "`s11`", "missing"]),
        // one-dimensional families
        plan_case("negative weight", mx, "weight = \"1/3\"", "weight = \"-1/3\"", p, &["p.toml:3", "`weight`"]),
        plan_case("zero weight", mx, "weight = \"1/3\"", "weight = 0", p, &["p.toml:3", "`weight`"]),
        plan_case("weights not summing to 1", mx, "weight = \"1/3\"", "weight = \"1/4\"", p, &["p.toml:2", "`component`", "sum"]),
        plan_case("variance not positive", mx, "s00 = \"1\"", "s00 = \"0\"", p, &["p.toml:6", "`s00`"]),
        plan_case("correlation outside [-1, 1]", mx, "c = \"1/4\"", "c = \"2\"", p, &["p.toml:8", "`c`"]),
        plan_case(
            "discrete weights not summing to 1",
            "kind = \"discrete\"\natoms = [\n  { x0 = \"0\", x1 = \"1\", weight = \"1/2\" },\n  { x0 = \"1\", x1 = \"0\", weight = \"1/3\" },\n]\n",
            "1/3", "1/3", p, &["p.toml:2", "`atoms`", "sum"],
        ),
        plan_case(
            "discrete atom without x1",
            "kind = \"discrete\"\natoms = [\n  { x0 = \"0\", x1 = \"1\", weight = \"1/2\" },\n  { x0 = \"1\", weight = \"1/2\" },\n]\n",
            "x0", "x0", p, &["p.toml:4", "`x1`", "missing"],
        ),
        plan_case(
            "uniform with an empty support",
            "kind = \"independent-uniform\"\na0 = \"1\"\nb0 = \"1\"\na1 = \"2\"\nb1 = \"5\"\n",
            "a0", "a0", p, &["p.toml:3", "`b0`"],
        ),
        // hostile sizes
        Case {
            name: "a million-digit rational",
            files: vec![("p.toml", g1.replacen("[\"1\"]", &format!("[\"{}\"]", "7".repeat(1_000_000)), 1).into_bytes())],
            args: vec!["field".into(), "{dir}/p.toml".into(), "--t".into(), "1/2".into()],
            expect: vec!["p.toml:3", "`m1`", "limit"],
        },
        plan_case("a huge decimal exponent", g1, "[\"1\"]", "[\"1e-100000\"]", None, &["p.toml:3", "`m1`", "limit"]),
        Case {
            name: "a file over the size limit",
            files: vec![("p.toml", format!("{g1}# {}\n", "x".repeat(5 << 20)).into_bytes())],
            args: vec!["field".into(), "{dir}/p.toml".into(), "--t".into(), "1/2".into()],
            expect: vec!["p.toml", "limit"],
        },
        Case {
            name: "a file that is not UTF-8",
            files: vec![("p.toml", vec![b'k', 0xff, 0xfe, b'\n'])],
            args: vec!["field".into(), "{dir}/p.toml".into(), "--t".into(), "1/2".into()],
            expect: vec!["p.toml", "UTF-8"],
        },
        Case {
            name: "D above the dimension limit",
            files: vec![("p.toml", gaussian_of_dimension(100).into_bytes())],
            args: vec!["field".into(), "{dir}/p.toml".into(), "--t".into(), "1/2".into()],
            expect: vec!["p.toml:2", "`m0`", "64"],
        },
        Case {
            name: "a mixture above the component limit",
            files: vec![("p.toml", {
                let one = "[[component]]\nweight = \"1/1001\"\nm0 = \"0\"\nm1 = \"0\"\ns00 = \"1\"\ns11 = \"1\"\nc = \"0\"\n";
                format!("kind = \"gaussian-mixture\"\n{}", one.repeat(1001)).into_bytes()
            })],
            args: vec!["field".into(), "{dir}/p.toml".into(), "--t".into(), "1/2".into(), "--x".into(), "0".into()],
            expect: vec!["p.toml", "`component`", "1000"],
        },
        // paths
        case("a plan path that is a folder", &[], &["field", "{dir}", "--t", "1/2"], &["folder"]),
        case("a missing plan path", &[], &["field", "{dir}/nowhere.toml", "--t", "1/2"], &["nowhere.toml", "cannot read"]),
        // command-line values
        case("t outside [0, 1]", &[("p.toml", g1)], &["field", "{dir}/p.toml", "--t", "3/2"], &["`t`", "[0, 1]"]),
        case("t = 1/0", &[("p.toml", g1)], &["field", "{dir}/p.toml", "--t", "1/0"], &["`t`", "zero"]),
        case("t not a number", &[("p.toml", g1)], &["field", "{dir}/p.toml", "--t", "half"], &["`t`"]),
        case("t empty", &[("p.toml", g1)], &["field", "{dir}/p.toml", "--t", ""], &["`t`", "empty"]),
        case("a grid with n = 0", &[("p.toml", mx)], &["field", "{dir}/p.toml", "--t", "1/2", "--x", "0:1:0"], &["`x`"]),
        case("a grid above the size limit", &[("p.toml", mx)], &["field", "{dir}/p.toml", "--t", "1/2", "--x", "0:1:10000001"], &["`x`", "1000000"]),
        case("a grid with two parts", &[("p.toml", mx)], &["field", "{dir}/p.toml", "--t", "1/2", "--x", "0:1"], &["`x`"]),
        case("a precision of 0", &[("p.toml", mx)], &["field", "{dir}/p.toml", "--t", "1/2", "--x", "0", "--prec", "0"], &["`prec`", "16"]),
        case("a precision of 2^31 bits", &[("p.toml", mx)], &["transport", "{dir}/p.toml", "--x", "0", "--prec", "2147483648"], &["`prec`", "65536"]),
        case("a million points at 65,536 bits", &[("p.toml", mx)], &["field", "{dir}/p.toml", "--t", "1/2", "--x", "0:1:1000000", "--prec", "65536"], &["`x`", "134217728"]),
        case("a transport grid at a huge precision", &[("p.toml", mx)], &["transport", "{dir}/p.toml", "--x", "0:1:10000", "--prec", "65536"], &["`x`", "point-bits"]),
        case("a point of the wrong dimension", &[("p.toml", GAUSSIAN_2D)], &["field", "{dir}/p.toml", "--t", "1/2", "--x", "1"], &["`x`", "2"]),
        case("atlas D = 0", &[], &["atlas", "--dim", "0", "--degree", "3"], &["--dim"]),
        case("atlas D = 10^6", &[], &["atlas", "--dim", "1000000", "--degree", "3"], &["--dim", "8"]),
        case("atlas degree 1000", &[], &["atlas", "--dim", "2", "--degree", "1000"], &["--degree", "24"]),
        case("transport across a collapse in D = 2", &[("p.toml", &GAUSSIAN_2D.replace("c = [[\"0\", \"0\"], [\"0\", \"0\"]]", "c = [[\"0\", \"0\"], [\"0\", \"-1\"]]"))], &["transport", "{dir}/p.toml", "--t", "1", "--x", "0,1"], &["p.toml", "not positive definite", "[1/2, 1/2]"]),
        // requests that do not fit the plan (repository plans)
        case("a transport below every atom", &[], &["transport", "data/plans/discrete-swap.toml", "--x", "-1"], &["discrete-swap.toml", "below every atom"]),
        case("a transport outside the uniform support", &[], &["transport", "data/plans/uniform.toml", "--x", "2"], &["uniform.toml", "beyond an end of the support"]),
        case("two numbers for a one-dimensional point", &[], &["field", "data/plans/mixture-3.toml", "--t", "1/2", "--x", "0,1"], &["`x`", "expected one number"]),
        case("a grid for a plan in D = 2", &[], &["field", "data/plans/gaussian-2d.toml", "--t", "0", "--x", "0:1:3"], &["`x`", "a grid a:b:n is for dimension 1"]),
        case("a density asked at an atom of a mixture", &[("p.toml", "kind = \"gaussian-mixture\"\n[[component]]\nweight = \"1/2\"\nm0 = \"0\"\nm1 = \"0\"\ns00 = \"1\"\ns11 = \"1\"\nc = \"-1\"\n[[component]]\nweight = \"1/2\"\nm0 = \"0\"\nm1 = \"1\"\ns00 = \"1\"\ns11 = \"1\"\nc = \"0\"\n")], &["field", "{dir}/p.toml", "--t", "1/2", "--x", "0"], &["p.toml", "p_t has an atom"]),
        case("a million digits", &[], &["field", "data/plans/mixture-3.toml", "--t", "1/2", "--x", "0", "--digits", "1000000"], &["`digits`", "20000"]),
        case("digits beyond the output limit", &[], &["transport", "data/plans/mixture-3.toml", "--x", "-4:4:100000", "--digits", "1000"], &["`x`", "point-bits", "fewer digits"]),
        case("a precision of a million bits", &[], &["field", "data/plans/mixture-3.toml", "--t", "1/2", "--x", "0", "--prec", "1000000"], &["`prec`", "65536"]),
        case("a plan file given to invert", &[], &["invert", "data/plans/gaussian-1d.toml"], &["gaussian-1d.toml:2", "`kind`", "unknown key"]),
        // field files
        case("a sample time outside [0, 1]", &[("f.toml", &FIELD_1D.replace("t = \"1/3\"", "t = \"-1\""))], &["invert", "{dir}/f.toml"], &["f.toml:6", "`t`"]),
        case("a sample without a", &[("f.toml", &FIELD_1D.replace("a = [[\"1/5\"]]\n", ""))], &["invert", "{dir}/f.toml"], &["f.toml", "`a`", "missing"]),
        case("a sample of the wrong dimension", &[("f.toml", &FIELD_1D.replace("[[\"1/5\"]]", "[[\"1\", \"0\"], [\"0\", \"1\"]]"))], &["invert", "{dir}/f.toml"], &["f.toml:7", "`a`"]),
        case("a field file without samples", &[("f.toml", FIELD_1D.split("[[sample]]").next().unwrap())], &["invert", "{dir}/f.toml"], &["f.toml", "`sample`"]),
        // observations of a field (invert --samples)
        case("observations with a wrong header", &[("e.toml", ENDS_1D), ("o.csv", "t,x,u\n0.5,1,2\n")], &["invert", "{dir}/e.toml", "--samples", "{dir}/o.csv", "--tolerance", "0.1"], &["o.csv:1", "t,x,v"]),
        case("an observation that is not a number", &[("e.toml", ENDS_1D), ("o.csv", "t,x,v\n0.5,1,2\n0.5,2,NaN\n")], &["invert", "{dir}/e.toml", "--samples", "{dir}/o.csv", "--tolerance", "0.1"], &["o.csv:3", "`v`"]),
        case("an observation with a cell too many", &[("e.toml", ENDS_1D), ("o.csv", "t,x,v\n0.5,1,2,3\n")], &["invert", "{dir}/e.toml", "--samples", "{dir}/o.csv", "--tolerance", "0.1"], &["o.csv:2", "cells"]),
        case("an observation time outside [0, 1]", &[("e.toml", ENDS_1D), ("o.csv", "t,x,v\n2,1,2\n")], &["invert", "{dir}/e.toml", "--samples", "{dir}/o.csv", "--tolerance", "0.1"], &["o.csv:2", "`t`", "[0, 1]"]),
        case("observations whose points do not span", &[("e.toml", ENDS_1D), ("o.csv", "t,x,v\n1/2,1,2\n")], &["invert", "{dir}/e.toml", "--samples", "{dir}/o.csv", "--tolerance", "0.1"], &["o.csv", "t = 1/2", "span"]),
        case("observations without rows", &[("e.toml", ENDS_1D), ("o.csv", "# nothing\nt,x,v\n")], &["invert", "{dir}/e.toml", "--samples", "{dir}/o.csv", "--tolerance", "0.1"], &["o.csv:2", "no observations"]),
        case("a negative tolerance", &[("e.toml", ENDS_1D), ("o.csv", "t,x,v\n0.5,1,2\n")], &["invert", "{dir}/e.toml", "--samples", "{dir}/o.csv", "--tolerance=-1"], &["tolerance", ">= 0"]),
        case("end laws with a correlation", &[("e.toml", &format!("{ENDS_1D}c = 1\n")), ("o.csv", "t,x,v\n0.5,1,2\n")], &["invert", "{dir}/e.toml", "--samples", "{dir}/o.csv", "--tolerance", "0.1"], &["e.toml:5", "`c`"]),
        case("end laws that are not a covariance", &[("e.toml", &ENDS_1D.replace("s00 = 1", "s00 = -1")), ("o.csv", "t,x,v\n0.5,1,2\n")], &["invert", "{dir}/e.toml", "--samples", "{dir}/o.csv", "--tolerance", "0.1"], &["e.toml:3", "`s00`", "positive semidefinite"]),
        case("an npy file of the wrong shape", &[("e.toml", ENDS_1D), ("o.npy", "\u{93}NUMPY\u{1}\u{0}")], &["invert", "{dir}/e.toml", "--samples", "{dir}/o.npy", "--tolerance", "0.1"], &["o.npy", ".npy"]),
        case("samples without a tolerance", &[("e.toml", ENDS_1D), ("o.csv", "t,x,v\n0.5,1,2\n")], &["invert", "{dir}/e.toml", "--samples", "{dir}/o.csv"], &["--tolerance"]),
        // proof files
        proof_case("an unknown check kind", "[[instance]]\nname = \"a\"\ncheck = \"magic\"\n", &["proof.toml:6", "`check`", "magic"]),
        // the keys a kind declares: its type and meaning in the error
        proof_case("a boolean written as a word", "[[instance]]\nname = \"a\"\ncheck = \"gaussian-roundtrip\"\nplan = \"plan.toml\"\ntimes = [\"1/3\"]\nwith_sigma = \"yes\"\n", &["proof.toml:9", "`with_sigma`", "a boolean, `true` or `false`"]),
        proof_case("one time where a list is read", "[[instance]]\nname = \"a\"\ncheck = \"flux-identity\"\nplan = \"plan.toml\"\nt = \"1/2\"\nx = [\"0\"]\n", &["proof.toml:8", "`t`", "of `flux-identity` must be", "one time is `[\"1/2\"]`"]),
        proof_case("a list where one time is read", "[[instance]]\nname = \"a\"\ncheck = \"transport-identity\"\nplan = \"plan.toml\"\nt = [\"1/2\"]\nx = [\"0\"]\n", &["proof.toml:8", "`t`", "of `transport-identity` must be one time"]),
        proof_case("a missing declared key", "[[instance]]\nname = \"a\"\ncheck = \"gaussian-single-time\"\nplan = \"plan.toml\"\n", &["proof.toml:4", "needs `t`: one time"]),
        proof_case("a straight-paths instance without its plan", "[[instance]]\nname = \"a\"\ncheck = \"ot-straight-paths\"\nmap = [[2]]\nm0 = [0]\n", &["proof.toml:4", "needs `plan`, or `m0`, `m1` and `s00`"]),
        proof_case("an unknown instance key", "[[instance]]\nname = \"a\"\ncheck = \"gaussian-well-posed\"\nplan = \"plan.toml\"\nplna = 1\n", &["proof.toml:8", "`plna`"]),
        proof_case("a missing plan file", "[[instance]]\nname = \"a\"\ncheck = \"gaussian-well-posed\"\nplan = \"nowhere.toml\"\n", &["nowhere.toml"]),
        proof_case("a repeated instance name", "[[instance]]\nname = \"a\"\ncheck = \"gaussian-well-posed\"\nplan = \"plan.toml\"\n[[instance]]\nname = \"a\"\ncheck = \"gaussian-well-posed\"\nplan = \"plan.toml\"\n", &["proof.toml:9", "`name`", "twice"]),
        proof_case("a precision beyond the limit", "[[instance]]\nname = \"a\"\ncheck = \"gaussian-well-posed\"\nplan = \"plan.toml\"\nprecision = 100000\n", &["proof.toml:8", "`precision`"]),
        proof_case("an unknown expected verdict", "[[instance]]\nname = \"a\"\ncheck = \"gaussian-well-posed\"\nplan = \"plan.toml\"\nexpect = \"maybe\"\n", &["proof.toml:8", "`expect`"]),
        proof_case("a negative tolerance", "[[instance]]\nname = \"a\"\ncheck = \"gaussian-well-posed\"\nplan = \"plan.toml\"\ntolerance = \"-1\"\n", &["proof.toml:8", "`tolerance`"]),
        // a tolerance on a kind whose evidence is a decision or a bound
        proof_case("a tolerance on a decision (well-posedness)", "[[instance]]\nname = \"a\"\ncheck = \"gaussian-well-posed\"\nplan = \"plan.toml\"\ntolerance = \"1\"\n", &["proof.toml:8", "`tolerance`", "decision"]),
        proof_case("a tolerance on a decision (single time)", "[[instance]]\nname = \"a\"\ncheck = \"gaussian-single-time\"\nplan = \"plan.toml\"\nt = \"1/3\"\ntolerance = \"1/2\"\n", &["proof.toml:9", "`tolerance`", "decision"]),
        proof_case("an atlas degree out of range shows the value found", "[[instance]]\nname = \"a\"\ncheck = \"atlas-kernel\"\ndim = 1\ndegree = 25\nkernel_dim = 0\n", &["proof.toml:8", "`degree`", "from 0 to 24", "found 25"]),
        proof_case("a tolerance on a decision (atlas)", "[[instance]]\nname = \"a\"\ncheck = \"atlas-kernel\"\ndim = 3\ndegree = 8\nkernel_dim = 442\ntolerance = \"1\"\n", &["proof.toml:10", "`tolerance`", "decision"]),
        proof_case("a tolerance on a decision (counterexample)", "[[instance]]\nname = \"a\"\ncheck = \"multidim-counterexample\"\neps = \"29/100\"\ntolerance = \"1/10\"\n", &["proof.toml:8", "`tolerance`", "decision"]),
        proof_case("a tolerance on a bound", "[[instance]]\nname = \"a\"\ncheck = \"exponential-moment\"\nplan = { kind = \"gaussian\", m0 = \"0\", m1 = \"0\", s00 = \"1\", s11 = \"1\", c = \"0\" }\neps = \"1/100\"\nbound = \"1\"\ntolerance = \"1\"\n", &["proof.toml:10", "`tolerance`", "bound"]),
        plan_case("an end covariance that is not one", g1, "s00 = [[\"1\"]]", "s00 = [[\"-1\"]]", None, &["p.toml:4", "`s00`", "not positive semidefinite"]),
        case("a mixture without points", &[], &["field", "data/plans/mixture-3.toml", "--t", "1/2"], &["`x`", "missing", "evaluated at points"]),
        case("points for a discrete plan", &[], &["field", "data/plans/discrete-swap.toml", "--t", "1/2", "--x", "0"], &["`x`", "discrete", "atoms"]),
        case("a filter that selects nothing", &[], &["certify", "--filter", "zzznomatch"], &["`filter`", "zzznomatch", "no instance"]),
        case("export-coq into a folder that cannot be made", &[("proof.toml", "lemma = \"x\"\nstatement = \"s\"\nreference = \"r\"\n[[instance]]\nname = \"a\"\ncheck = \"gaussian-single-time\"\nplan = { kind = \"gaussian\", m0 = \"0\", m1 = \"0\", s00 = \"1\", s11 = \"1\", c = \"0\" }\nt = \"1/3\"\n")], &["export-coq", "{dir}/proof.toml", "--out", "{dir}/proof.toml/coq"], &["proof.toml/coq", "cannot write"]),
        case("export-coq of a proof file with an unknown key", &[("proof.toml", "lemma = \"x\"\nstatement = \"s\"\nreference = \"r\"\n[[instance]]\nname = \"a\"\ncheck = \"gaussian-single-time\"\nplan = { kind = \"gaussian\", m0 = \"0\", m1 = \"0\", s00 = \"1\", s11 = \"1\", c = \"0\" }\ntime = \"1/3\"\n")], &["export-coq", "{dir}/proof.toml", "--out", "{dir}/coq"], &["proof.toml:8", "`time`"]),
        plan_case("an unquoted fraction", g1, "s11 = [[\"2\"]]", "s11 = [[2, 1/2]]", None, &["p.toml:5", "fractions as strings"]),
        proof_case("a grid that is not a:b:n", "[[instance]]\nname = \"a\"\ncheck = \"transport-identity\"\nplan = \"plan.toml\"\nt = \"1/2\"\nx = \"0:1\"\n", &["proof.toml:9", "`x`", "a:b:n"]),
        case("an error inside a plan file referenced by a proof file", &[
                ("proof.toml", &format!("{PROOF_HEAD}[[instance]]\nname = \"a\"\ncheck = \"transport-identity\"\nplan = \"plan2.toml\"\nt = \"1/2\"\nx = \"0:1:2\"\n")),
                ("plan2.toml", GAUSSIAN_2D),
            ], &["certify", "{dir}/proof.toml"], &["proof.toml:7", "`plan`", "plan2.toml:2", "`m0`"]),
        // figures asked for by a proof file (`[[figure]]`) and typeset text
        proof_case("an unknown plot", "[[instance]]\nname = \"a\"\ncheck = \"gaussian-well-posed\"\nplan = \"plan.toml\"\n[[figure]]\nname = \"f\"\nplot = \"pie\"\n", &["proof.toml:10", "`plot`", "unknown plot"]),
        proof_case("a figure name that is not a file stem", "[[instance]]\nname = \"a\"\ncheck = \"gaussian-well-posed\"\nplan = \"plan.toml\"\n[[figure]]\nname = \"My figure\"\nplot = \"field\"\nplans = [\"plan.toml\"]\nt = [\"1/2\"]\nx = \"0:1:3\"\n", &["proof.toml:9", "`name`", "lowercase"]),
        proof_case("more labels than plans", "[[instance]]\nname = \"a\"\ncheck = \"gaussian-well-posed\"\nplan = \"plan.toml\"\n[[figure]]\nname = \"f\"\nplot = \"field\"\nplans = [\"plan.toml\"]\nlabels = [\"a\", \"b\"]\nt = [\"1/2\"]\nx = \"0:1:3\"\n", &["proof.toml:12", "`labels`", "one per plan"]),
        proof_case("a figure without times", "[[instance]]\nname = \"a\"\ncheck = \"gaussian-well-posed\"\nplan = \"plan.toml\"\n[[figure]]\nname = \"f\"\nplot = \"density\"\nplans = [\"plan.toml\"]\nx = \"0:1:3\"\n", &["proof.toml", "`t`", "missing"]),
        proof_case("a figure grid that is not a:b:n", "[[instance]]\nname = \"a\"\ncheck = \"gaussian-well-posed\"\nplan = \"plan.toml\"\n[[figure]]\nname = \"f\"\nplot = \"cdf\"\nplans = [\"plan.toml\"]\nt = [\"1/2\"]\nx = \"0:1\"\n", &["proof.toml:13", "`x`", "a:b:n"]),
        proof_case("an unknown key in a figure", "[[instance]]\nname = \"a\"\ncheck = \"gaussian-well-posed\"\nplan = \"plan.toml\"\n[[figure]]\nname = \"f\"\nplot = \"atlas\"\ndim = [2]\ndegree = [4]\ncolour = \"red\"\n", &["proof.toml:13", "`colour`", "unknown key"]),
        proof_case("the density of a discrete plan", "[[instance]]\nname = \"a\"\ncheck = \"gaussian-well-posed\"\nplan = \"plan.toml\"\n[[figure]]\nname = \"f\"\nplot = \"density\"\nplans = [{ kind = \"discrete\", atoms = [{ x0 = \"0\", x1 = \"1\", weight = \"1\" }] }]\nt = [\"1/2\"]\nx = \"0:1:3\"\n", &["proof.toml:11", "figure[0].plans[0]", "atoms, not a density"]),
        proof_case("a figure name used twice", "[[instance]]\nname = \"a\"\ncheck = \"gaussian-well-posed\"\nplan = \"plan.toml\"\n[[figure]]\nname = \"f\"\nplot = \"single-time\"\n[[figure]]\nname = \"f\"\nplot = \"single-time\"\n", &["proof.toml:12", "`name`", "used twice"]),
        proof_case("an unclosed $ in a caption", "[[instance]]\nname = \"a\"\ncheck = \"gaussian-well-posed\"\nplan = \"plan.toml\"\n[[figure]]\nname = \"f\"\nplot = \"single-time\"\ncaption = \"the ratio $r\"\n", &["proof.toml:11", "`caption`", "never closed"]),
        // mixtures of Gaussian plans in D >= 2
        plan_case("a mixture component of another dimension", MIXTURE_2D, "m1 = [-4, 0]", "m1 = [-4, 0, 1]", Some("0,0"), &["p.toml:12", "`m1`"]),
        plan_case("mixture weights that do not sum to 1", MIXTURE_2D, "weight = \"1/2\"", "weight = \"1/3\"", Some("0,0"), &["p.toml", "`component`", "sum to 5/6"]),
        plan_case("a mixture component that is not a plan", MIXTURE_2D, "c = [[0, 0], [0, 0]]", "c = [[1, 0], [0, 0]]", Some("0,0"), &["p.toml:8", "`c`", "not positive semidefinite"]),
        plan_case("a mixture point of the wrong dimension", MIXTURE_2D, "weight", "weight", Some("0,0,0"), &["<arguments>", "`x`", "expected 2 coordinates"]),
        plan_case("mixture values without points", MIXTURE_2D, "weight", "weight", None, &["<arguments>", "`x`", "missing"]),
        case("a flow-map point of the wrong dimension", &[("p.toml", MIXTURE_2D)], &["transport", "{dir}/p.toml", "--t", "1/2", "--x", "0"], &["<arguments>", "`x`", "expected 2 coordinates"]),
        case("a flow-map grid in two dimensions", &[("p.toml", MIXTURE_2D)], &["transport", "{dir}/p.toml", "--t", "1/2", "--x", "0:1:3"], &["<arguments>", "`x`", "grid a:b:n is for dimension 1"]),
        proof_case("continuity points of the wrong dimension", "[[instance]]\nname = \"a\"\ncheck = \"continuity-equation\"\nplan = \"plan.toml\"\nt = [\"1/2\"]\nx = [[\"0\", \"1\"]]\ntolerance = \"1e-20\"\n", &["proof.toml:9", "`x`", "expected 1 coordinates"]),
        case("a flow map above the size limit", &[("g.toml", &gaussian_of_dimension(16))], &["transport", "{dir}/g.toml", "--x", "0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0"], &["g.toml", "4352", "limit 4096 of flow maps"]),
        proof_case("separation of plans of two dimensions", "[[instance]]\nname = \"a\"\ncheck = \"mixture-field-separation\"\nplan = \"plan.toml\"\nother = { kind = \"gaussian\", m0 = [0, 0], m1 = [0, 0], s00 = [[1, 0], [0, 1]], s11 = [[1, 0], [0, 1]], c = [[0, 0], [0, 0]] }\n", &["proof.toml:8", "`other`", "dimension 2, the first plan's is 1"]),
        proof_case("a flow of another dimension", "[[instance]]\nname = \"a\"\ncheck = \"gaussian-flow-transport\"\nplan = \"plan.toml\"\nmap_of = { kind = \"gaussian\", m0 = [0, 0], m1 = [0, 0], s00 = [[1, 0], [0, 1]], s11 = [[1, 0], [0, 1]], c = [[0, 0], [0, 0]] }\n", &["proof.toml:8", "`map_of`", "dimension 2, the plan's is 1"]),
        proof_case("a reflow map that is not the optimal map", "[[instance]]\nname = \"a\"\ncheck = \"gaussian-reflow-optimal\"\nplan = \"plan.toml\"\nmap = [[\"2\"]]\n", &["proof.toml:8", "`map`", "not the optimal map"]),
        case("a flow kind above the flow-map limit", &[
                ("proof.toml", &format!("{PROOF_HEAD}[[instance]]\nname = \"a\"\ncheck = \"gaussian-flow-transport\"\nplan = \"g.toml\"\ntolerance = \"1e-20\"\n")),
                ("g.toml", &gaussian_of_dimension(16)),
            ], &["certify", "{dir}/proof.toml"], &["proof.toml:7", "`plan`", "limit 4096 of flow maps"]),
        proof_case("a change of variables of another dimension", "[[instance]]\nname = \"a\"\ncheck = \"mixture-change-of-variables\"\nplan = \"plan.toml\"\nx = [[\"0\"]]\nmap_of = { kind = \"gaussian\", m0 = [0, 0], m1 = [0, 0], s00 = [[1, 0], [0, 1]], s11 = [[1, 0], [0, 1]], c = [[0, 0], [0, 0]] }\n", &["proof.toml:9", "`map_of`", "dimension 2, the plan's is 1"]),
        proof_case("a change of variables at too many points", &format!("[[instance]]\nname = \"a\"\ncheck = \"mixture-change-of-variables\"\nplan = \"plan.toml\"\nx = [{}]\n", vec!["[\"0\"]"; 17].join(", ")), &["proof.toml:8", "`x`", "expected 1 to 16"]),
        case("a mixture flow above the flow-map limit", &[
                ("proof.toml", &format!("{PROOF_HEAD}[[instance]]\nname = \"a\"\ncheck = \"mixture-change-of-variables\"\nplan = \"m.toml\"\nx = [[{}]]\n", vec!["\"0\""; 13].join(", "))),
                ("m.toml", &mixture_of_dimension(13)),
            ], &["certify", "{dir}/proof.toml"], &["proof.toml:7", "`plan`", "2 components in D = 13", "limit 4096 of flow maps"]),
        proof_case("a continuity box upside down", "[[instance]]\nname = \"a\"\ncheck = \"continuity-equation-box\"\nplan = \"plan.toml\"\nt = [0, 1]\nx = [[\"1\"], [\"0\"]]\n", &["proof.toml:9", "`x`", "lo <= hi"]),
        proof_case("a continuity box with too many grid points", "[[instance]]\nname = \"a\"\ncheck = \"continuity-equation-box\"\nplan = { kind = \"gaussian\", m0 = [0, 0, 0], m1 = [0, 0, 0], s00 = [[1, 0, 0], [0, 1, 0], [0, 0, 1]], s11 = [[1, 0, 0], [0, 1, 0], [0, 0, 1]], c = [[0, 0, 0], [0, 0, 0], [0, 0, 0]] }\nt = [0, 1]\nx = [[0, 0, 0], [1, 1, 1]]\npoints = 16\n", &["proof.toml:10", "`points`", "more than 4096 points"]),
        case("a proof file without a lemma", &[("proof.toml", "statement = \"s\"\nreference = \"r\"\n[[instance]]\nname = \"a\"\n")], &["certify", "{dir}/proof.toml"], &["proof.toml", "`lemma`", "missing"]),
    ];
    cases.retain(|c| !c.name.is_empty());
    cases
}

/// A Gaussian plan of dimension `d`: zero means, identity covariances,
/// independent ends.
fn gaussian_of_dimension(d: usize) -> String {
    let vector = format!("[{}]", vec!["0"; d].join(", "));
    let rows: Vec<String> = (0..d)
        .map(|i| {
            let row: Vec<&str> = (0..d).map(|j| if i == j { "1" } else { "0" }).collect();
            format!("[{}]", row.join(", "))
        })
        .collect();
    let identity = format!("[{}]", rows.join(", "));
    let zero = identity.replace('1', "0");
    format!("kind = \"gaussian\"\nm0 = {vector}\nm1 = {vector}\ns00 = {identity}\ns11 = {identity}\nc = {zero}\n")
}

/// A mixture of two copies of [`gaussian_of_dimension`] of weight 1/2.
fn mixture_of_dimension(d: usize) -> String {
    let component = gaussian_of_dimension(d).replace("kind = \"gaussian\"\n", "");
    format!("kind = \"gaussian-mixture\"\n[[component]]\nweight = \"1/2\"\n{component}[[component]]\nweight = \"1/2\"\n{component}")
}

/// Whether the message names the field: a fragment `` `name` `` matches a
/// field path such as `` `component[0].name` `` or `` `m0[1]` ``; other
/// fragments match literally.
fn mentions(message: &str, fragment: &str) -> bool {
    let Some(name) = fragment.strip_prefix('`').and_then(|f| f.strip_suffix('`')) else {
        return message.contains(fragment);
    };
    message.split("field `").skip(1).any(|rest| {
        let path = rest.split('`').next().unwrap_or("");
        let last = path.rsplit('.').next().unwrap_or("");
        last.split('[').next() == Some(name)
    })
}

fn case_dir(index: usize) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ifm-bad-input-{}-{index}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn every_bad_input_is_refused_with_file_line_and_field() {
    let cases = cases();
    assert!(cases.len() >= 40, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for (index, c) in cases.iter().enumerate() {
        let dir = case_dir(index);
        for (name, bytes) in &c.files {
            std::fs::write(dir.join(name), bytes).unwrap();
        }
        let dir_text = dir.display().to_string();
        let args: Vec<String> = c
            .args
            .iter()
            .map(|a| a.replace("{dir}", &dir_text))
            .collect();
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, out, err) = common::run(&refs);
        let missing: Vec<&&str> = c.expect.iter().filter(|e| !mentions(&err, e)).collect();
        if code != 2 || !out.is_empty() || !missing.is_empty() || err.contains("panicked") {
            failures.push(format!(
                "{}: exit {code}, missing {missing:?}\n  stderr: {}\n  stdout: {}",
                c.name,
                err.trim(),
                out.chars().take(200).collect::<String>()
            ));
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
