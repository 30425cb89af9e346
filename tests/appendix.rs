//! `ifm-check appendix`: every file it writes is snapshotted, two runs
//! write the same bytes (no timings, no dates), the standalone document
//! compiles with `pdflatex` without an error or an overfull box wider than
//! 1 pt, a missed expectation is marked and exits 1 (0 with `--draft`,
//! which the documents then say), and a figure of one's own plans is drawn.

mod common;

use common::{run, snapshot};
use std::path::Path;

fn temp(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("ifm-appendix-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The files an `appendix` run printed, by name.
fn written(out: &str) -> Vec<String> {
    out.lines()
        .map(|l| {
            Path::new(l)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

/// A run of `appendix` on one proof file written into a fresh folder.
struct Run {
    dir: std::path::PathBuf,
    out: std::path::PathBuf,
    args: Vec<String>,
    code: i32,
    stdout: String,
    stderr: String,
}

/// Writes `text` as `NAME.toml` (every `PLAN` in it standing for
/// `data/plans/gaussian-1d.toml`) and runs `appendix` on it, with `extra`
/// arguments, into the folder's `out/`.
fn appendix_of(name: &str, text: &str, extra: &[&str]) -> Run {
    let dir = temp(name);
    let plan = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/plans/gaussian-1d.toml");
    let proof = dir.join(format!("{name}.toml"));
    std::fs::write(&proof, text.replace("PLAN", plan.to_str().unwrap())).unwrap();
    let out = dir.join("out");
    let mut args: Vec<String> = [
        "appendix",
        proof.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]
    .iter()
    .map(|a| a.to_string())
    .collect();
    args.extend(extra.iter().map(|a| a.to_string()));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, stdout, stderr) = run(&refs);
    Run {
        dir,
        out,
        args,
        code,
        stdout,
        stderr,
    }
}

/// The documents in `out` compile without a problem (when pdflatex is there).
fn assert_compiles(out: &Path) {
    if pdflatex_present() {
        let problems = compile(out);
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}

/// Whether `pdflatex` can be run ([`common::tool_present`]).
fn pdflatex_present() -> bool {
    common::tool_present(
        "pdflatex",
        "the LaTeX compilation of the appendix",
        "texlive-latex-base texlive-latex-recommended texlive-pictures",
    )
}

/// Runs `pdflatex` twice on `appendix-standalone.tex` in `dir` and returns
/// the problems of the log: errors, overfull boxes wider than 1 pt, and
/// pages built taller than the text (an overfull `\vbox`).
fn compile(dir: &Path) -> Vec<String> {
    compile_document(dir, "appendix-standalone")
}

/// The fragment `\input` into LaTeX's default `article` (narrower text than
/// the standalone document's), figures kept in a subfolder, as
/// docs/appendix.md tells a paper to do: the same problems.
fn compile_in_a_default_article(out: &Path) -> Vec<String> {
    let paper = out.parent().unwrap().join("paper");
    std::fs::create_dir_all(&paper).unwrap();
    let folder = out.file_name().unwrap().to_str().unwrap();
    let _ = std::fs::remove_dir_all(paper.join(folder));
    std::fs::create_dir_all(paper.join(folder)).unwrap();
    for entry in std::fs::read_dir(out).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, paper.join(folder).join(path.file_name().unwrap())).unwrap();
    }
    let text = format!(
        "\\documentclass{{article}}\n\\usepackage{{amsmath,amssymb,array,booktabs,longtable,pgfplots}}\n\
         \\pgfplotsset{{compat=1.18}}\n\\usepgfplotslibrary{{groupplots}}\n\\begin{{document}}\n\
         \\section{{A paper}}\nIts text.\n\\appendix\n\\newcommand{{\\ifmfigdir}}{{{folder}/}}\n\
         \\input{{{folder}/appendix.tex}}\n\\end{{document}}\n"
    );
    std::fs::write(paper.join("paper.tex"), text).unwrap();
    compile_document(&paper, "paper")
}

fn compile_document(dir: &Path, name: &str) -> Vec<String> {
    for _ in 0..2 {
        let status = std::process::Command::new("pdflatex")
            .args([
                "-interaction=nonstopmode",
                "-halt-on-error",
                &format!("{name}.tex"),
            ])
            .current_dir(dir)
            .stdout(std::process::Stdio::null())
            .status()
            .unwrap();
        if !status.success() {
            break;
        }
    }
    let log = std::fs::read(dir.join(format!("{name}.log"))).unwrap();
    let log = String::from_utf8_lossy(&log);
    let mut problems = Vec::new();
    for (i, line) in log.lines().enumerate() {
        if line.starts_with('!') || line.contains("Overfull \\vbox") {
            problems.push(format!("{name}.log line {}: {line}", i + 1));
        }
        if let Some(rest) = line.split("Overfull \\hbox (").nth(1) {
            let points: f64 = rest.split("pt").next().unwrap().parse().unwrap();
            if points > 1.0 {
                problems.push(format!("{name}.log line {}: {line}", i + 1));
            }
        }
    }
    if !dir.join(format!("{name}.pdf")).exists() {
        problems.push(format!("no {name}.pdf was written"));
    }
    problems
}

#[test]
fn appendix_is_deterministic_snapshotted_and_compiles() {
    let base = temp("proofs");
    let (a, b) = (base.join("a"), base.join("b"));
    let mut names = Vec::new();
    for dir in [&a, &b] {
        let (code, out, err) = run(&["appendix", "--out", dir.to_str().unwrap()]);
        assert_eq!(code, 0, "{err}");
        names = written(&out);
    }
    assert_eq!(names.len(), 17, "{names:?}");
    for name in &names {
        let first = std::fs::read_to_string(a.join(name)).unwrap();
        let second = std::fs::read_to_string(b.join(name)).unwrap();
        assert_eq!(first, second, "{name} differs between two runs");
        snapshot(
            &format!("appendix_{}", name.replace(['.', '-'], "_")),
            &first,
        );
    }
    let md = std::fs::read_to_string(a.join("appendix.md")).unwrap();
    assert!(md.contains("## multidim-counterexample"));
    assert!(md.contains("| ✗ |") && !md.contains("| **MISS** |"));
    assert!(md.contains("![fields-1d](fields-1d.svg)"));
    let tex = std::fs::read_to_string(a.join("appendix.tex")).unwrap();
    assert!(tex.contains("\\begin{longtable}") && tex.contains("$\\dim \\mathrm{Ker}_{2,4} = 1$"));
    assert!(tex.starts_with("% Appendix generated by ifm-check"));
    assert!(tex.contains("%   \\usepackage{amsmath,amssymb,array,booktabs,longtable,pgfplots}"));
    assert!(!tex.contains("\\documentclass") && !tex.contains("Not fit to print"));
    // the quiver has arrow heads, the SVG smooth coordinates and typeset labels
    let svg = std::fs::read_to_string(a.join("rotation-fields.svg")).unwrap();
    assert!(svg.contains("marker-end=") && svg.contains("x<tspan"));
    let pgf = std::fs::read_to_string(a.join("rotation-fields.tex")).unwrap();
    assert!(pgf.contains("-stealth, quiver="));
    let fields = std::fs::read_to_string(a.join("fields-1d.svg")).unwrap();
    assert!(fields.contains("ρ = -1/2") && fields.contains(".5"));
    if pdflatex_present() {
        let start = std::time::Instant::now();
        let problems = compile(&a);
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        eprintln!(
            "pdflatex twice on the standalone appendix: {:.1} s",
            start.elapsed().as_secs_f64()
        );
        let problems = compile_in_a_default_article(&a);
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
    std::fs::remove_dir_all(&base).unwrap();
}

const MISSED: &str = "lemma = \"missed\"\n\
statement = 'A plan with $c = 1$ collapses nowhere.'\n\
reference = '`docs/mathematics.md`, section 2, Validity.'\n\
[[instance]]\n\
name = \"well-posed\"\n\
check = \"gaussian-well-posed\"\n\
plan = \"PLAN\"\n\
[[instance]]\n\
name = \"wrongly-expected\"\n\
check = \"gaussian-well-posed\"\n\
plan = \"PLAN\"\n\
expect = \"refuted\"\n";

#[test]
fn a_missed_expectation_is_marked_and_exits_1_unless_draft() {
    let missed = appendix_of("missed", MISSED, &[]);
    let (out, code, stdout, err) = (&missed.out, missed.code, &missed.stdout, &missed.stderr);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("1 of 2 instances missed the expected verdict"),
        "{err}"
    );
    assert_eq!(written(stdout).len(), 3, "{stdout}");
    let md = std::fs::read_to_string(out.join("appendix.md")).unwrap();
    assert!(md.contains("> **Not fit to print."), "{md}");
    assert!(md.contains(
        "| `wrongly-expected` | **MISS: the verdict is *certified*, the proof file expects *refuted*.**"
    ));
    assert!(md.contains("| **MISS** |") && md.contains("| ✓ |"));
    let tex = std::fs::read_to_string(out.join("appendix-standalone.tex")).unwrap();
    assert!(tex.contains("\\textbf{\\footnotesize MISS}"));
    assert!(tex.contains("\\textbf{Not at its expected verdict:} the verdict is \\emph{certified}"));
    assert!(tex.contains("\\bfseries Not fit to print."));

    let draft: Vec<&str> = missed
        .args
        .iter()
        .map(String::as_str)
        .chain(["--draft"])
        .collect();
    let (code, _, err) = run(&draft);
    assert_eq!(code, 0, "{err}");
    let md = std::fs::read_to_string(out.join("appendix.md")).unwrap();
    assert!(md.starts_with(
        "# Appendix: machine-checked instances\n\n> **Draft (written with `--draft`). 1 of 2 instances is not at the expected verdict; its row is marked MISS."
    ));
    let tex = std::fs::read_to_string(out.join("appendix.tex")).unwrap();
    assert!(tex
        .contains("\\bfseries Draft (written with \\texttt{-\\allowbreak{}-\\allowbreak{}draft})"));
    assert_compiles(out);
    std::fs::remove_dir_all(&missed.dir).unwrap();
}

#[test]
fn figures_of_one_s_own_plans_are_drawn_from_the_engine() {
    let dir = temp("figure");
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/plans");
    let proof = format!(
        "lemma = \"mine\"\nstatement = 's'\nreference = 'r'\n\
         [[instance]]\nname = \"a\"\ncheck = \"gaussian-well-posed\"\nplan = \"{g}\"\n\
         [[figure]]\nname = \"my-densities\"\nplot = \"density\"\nplans = [\"{m}\", \"{u}\"]\nlabels = ['mixture', '$U$']\nt = [\"1/2\"]\nx = \"-3:3:13\"\nprecision = 32\n\
         [[figure]]\nname = \"my-swap\"\nplot = \"field\"\nplans = [\"{d}\"]\nt = [\"1/3\", \"2/3\"]\nx = \"0:1:2\"\n",
        g = data.join("gaussian-1d.toml").display(),
        m = data.join("mixture-3.toml").display(),
        u = data.join("uniform.toml").display(),
        d = data.join("discrete-swap.toml").display(),
    );
    let path = dir.join("mine.toml");
    std::fs::write(&path, proof).unwrap();
    let out = dir.join("out");
    let (code, stdout, err) = run(&[
        "appendix",
        path.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        written(&stdout),
        [
            "appendix.md",
            "appendix.tex",
            "appendix-standalone.tex",
            "my-densities.svg",
            "my-densities.tex",
            "my-swap.svg",
            "my-swap.tex"
        ]
    );
    let pgf = std::fs::read_to_string(out.join("my-densities.tex")).unwrap();
    assert!(pgf.contains("\\addlegendentry{mixture}") && pgf.contains("\\addlegendentry{$U$}"));
    // the discrete plan's field is drawn at its atoms, exactly
    let swap = std::fs::read_to_string(out.join("my-swap.tex")).unwrap();
    assert!(swap.contains("only marks"));
    let md = std::fs::read_to_string(out.join("appendix.md")).unwrap();
    assert!(md.contains("![my-densities](my-densities.svg)"));
    assert_compiles(&out);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_statement_that_is_not_math_text_is_accepted_and_typeset_as_text() {
    let prose = appendix_of(
        "prose",
        "lemma = \"prose\"\nstatement = 'It costs $5, x_{1 and a lone ` stay text; 100% & #.'\n\
         reference = 'r $x}$'\n[[instance]]\nname = \"a\"\ncheck = \"gaussian-well-posed\"\nplan = \"PLAN\"\n",
        &[],
    );
    assert_eq!(prose.code, 0, "{}", prose.stderr);
    let tex = std::fs::read_to_string(prose.out.join("appendix.tex")).unwrap();
    assert!(
        tex.contains("It costs \\$5, x\\_\\{1 and a lone ` stay text; 100\\% \\& \\#."),
        "{tex}"
    );
    assert_compiles(&prose.out);
    std::fs::remove_dir_all(&prose.dir).unwrap();
}

#[test]
fn proof_files_cannot_inject_latex_or_crash_a_figure() {
    let hostile = appendix_of(
        "hostile",
        "lemma = 'x}\\input{/etc/hostname}{'\nstatement = '$\\input{/etc/hostname}$ and $\\immediate\\write18{ls}$ ρ'\n\
         reference = 'costs \\$5 and \\$6'\n[[instance]]\nname = 'x`$\\input{/etc/hostname}$'\n\
         check = \"gaussian-well-posed\"\nplan = \"PLAN\"\n",
        &[],
    );
    assert_eq!(hostile.code, 0, "{}", hostile.stderr);
    for name in ["appendix.tex", "appendix-standalone.tex"] {
        let tex = std::fs::read_to_string(hostile.out.join(name)).unwrap();
        assert!(
            !tex.contains("\\input{/etc") && !tex.contains("\\write18"),
            "{name}: {tex}"
        );
    }
    assert_compiles(&hostile.out);
    std::fs::remove_dir_all(&hostile.dir).unwrap();
    // a range floats cannot divide into ticks: a clear error, not a panic
    let tiny = appendix_of(
        "tiny",
        "lemma = 'f'\nstatement = 's'\nreference = 'r'\n[[instance]]\nname = 'a'\ncheck = \"gaussian-well-posed\"\nplan = \"PLAN\"\n\
         [[figure]]\nname = 'tiny'\nplot = 'field'\nplans = [\"PLAN\"]\nt = ['1/2']\nx = '-1e-323:1e-323:2'\n",
        &[],
    );
    assert_eq!(tiny.code, 2, "{}", tiny.stderr);
    assert!(
        tiny.stderr.contains("figure `tiny`") && !tiny.stderr.contains("panicked"),
        "{}",
        tiny.stderr
    );
    std::fs::remove_dir_all(&tiny.dir).unwrap();
}
