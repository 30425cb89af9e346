//! The command line: parses arguments into requests of the front door
//! ([`ifm_check::commands`]) and prints their results. Exit status
//! (docs/file-formats.md): 0 success, 1 a claim refuted (for `invert`: no
//! Gaussian plan has the field), 2 bad usage or bad input.

use clap::{Parser, Subcommand};
use ifm_check::commands::{self, plan_file::PlanFile, CommandError, Progress};
use ifm_check::gaussian::GaussianFieldData;
use ifm_check::input::{Document, InputError};
use ifm_check::output;
use ifm_check::proof;
use ifm_check::proof::wire;
use std::path::PathBuf;

/// Symbolic-numeric proof checker for the inverse flow matching problem.
#[derive(Parser)]
#[command(name = "ifm-check", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Certify every proof file under the paths (default `proofs/`): a table
    /// on stdout; exit 0 when every instance has its expected verdict
    Certify {
        /// Proof files or folders (searched for *.toml)
        #[arg(default_value = "proofs")]
        paths: Vec<PathBuf>,
        /// Write all certificates to this JSON file
        #[arg(long = "json", value_name = "FILE")]
        json: Option<PathBuf>,
        /// Only instances whose lemma or name contains this text
        #[arg(long)]
        filter: Option<String>,
        /// Only shard i of n (1-based), to split a suite across CI jobs
        #[arg(long, value_name = "i/n")]
        shard: Option<String>,
    },
    /// The FM objects of a plan at time T: for a Gaussian plan, exact m_t,
    /// Sigma_t, A_t, b_t (and v_t at X); for a one-dimensional plan,
    /// enclosures of p_t(X), F_t(X), v_t(X) (exact where the family is)
    Field {
        /// The plan file (TOML, docs/file-formats.md)
        plan: PathBuf,
        /// The time, an exact number in [0, 1] (`1/3`, `0.25`)
        #[arg(long = "t", value_name = "T", allow_hyphen_values = true)]
        t: String,
        /// A point: D numbers separated by commas, several points separated
        /// by semicolons ("0,0; 4,0"); in dimension 1 also a grid a:b:n
        /// (n points from a to b, both included)
        #[arg(long = "x", value_name = "X", allow_hyphen_values = true)]
        x: Option<String>,
        /// Working precision of the enclosures, in bits
        #[arg(long, value_name = "BITS", default_value_t = 128)]
        prec: u32,
        /// Significant digits of printed interval ends, rounded outward
        /// (default: 16 in the text table; with --json, as many as each
        /// enclosure supports, from its precision and width)
        #[arg(long, value_name = "N")]
        digits: Option<usize>,
        /// Print one JSON document instead of text
        #[arg(long)]
        json: bool,
    },
    /// The flow map Phi_t(X): one-dimensional plans by F_t^{-1}(F_0(X))
    /// (T = 1 by default: the monotone rearrangement); Gaussian plans and
    /// mixtures of them in D >= 2 by validated integration, with D Phi_t
    Transport {
        /// The plan file (TOML, docs/file-formats.md)
        plan: PathBuf,
        /// A number, or a grid a:b:n; in D >= 2 points "x1,...,xD"
        /// separated by semicolons
        #[arg(long = "x", value_name = "X", allow_hyphen_values = true)]
        x: String,
        /// The time, an exact number in [0, 1]
        #[arg(
            long = "t",
            value_name = "T",
            default_value = "1",
            allow_hyphen_values = true
        )]
        t: String,
        /// Working precision of the enclosures, in bits
        #[arg(long, value_name = "BITS", default_value_t = 128)]
        prec: u32,
        /// Significant digits of printed interval ends, rounded outward
        /// (default: 16 in the text table; with --json, as many as each
        /// enclosure supports, from its precision and width)
        #[arg(long, value_name = "N")]
        digits: Option<usize>,
        /// Print one JSON document instead of text
        #[arg(long)]
        json: bool,
    },
    /// Regenerate the paper's appendix (Markdown, a LaTeX fragment and a
    /// standalone LaTeX document, figures as PGFPlots and SVG) from the
    /// proof files; exit as `certify` when an instance misses its verdict
    Appendix {
        /// Proof files or folders (searched for *.toml)
        #[arg(default_value = "proofs")]
        paths: Vec<PathBuf>,
        /// The folder to write into
        #[arg(long, value_name = "DIR", default_value = "appendix")]
        out: PathBuf,
        /// Exit 0 even when some instance is not at its expected verdict;
        /// the documents then say at their top that they are a draft
        #[arg(long)]
        draft: bool,
    },
    /// Write the instances of the exported kinds as Coq theorems, one .v
    /// file per proof file, beside the definitions files IFM.v and
    /// OneDimension.v and a _CoqProject (docs/coq.md); check them with coqc
    ExportCoq {
        /// Proof files or folders (searched for *.toml)
        #[arg(default_value = "proofs")]
        paths: Vec<PathBuf>,
        /// The folder to write into
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Certified dim Ker_{D,k} (field and densities) and dim I(V)_k
    /// (densities only) for every degree k <= K (docs/mathematics.md section 4)
    Atlas {
        /// The dimension D
        #[arg(long = "dim", value_name = "D")]
        dim: usize,
        /// The largest degree K
        #[arg(long = "degree", value_name = "K")]
        degree: u32,
        /// Print one JSON document instead of text
        #[arg(long)]
        json: bool,
    },
    /// The check kinds of proof files: keys, form of evidence (decision,
    /// measure or bound), claim, preconditions, what a tolerance means
    /// (a Markdown table, as in docs/check-kinds.md)
    Kinds,
    /// A Gaussian field file (p0, p1 and samples of the field) back to the
    /// plan, exactly; or, with --samples, the plans whose field is within
    /// --tolerance of observations (a trained model's outputs): an estimate,
    /// a proven box of C and the distance to the Gaussian family
    Invert {
        /// The field file (TOML, docs/file-formats.md); with --samples, a
        /// file of the end laws alone (m0, m1, s00, s11)
        field: PathBuf,
        /// Observations of the field: a CSV (t,x1..xD,v1..vD) or .npy file
        #[arg(long, value_name = "FILE", requires = "tolerance")]
        samples: Option<PathBuf>,
        /// The tolerance delta on |u - v_t(x)|_inf at every observation
        #[arg(long, value_name = "DELTA", requires = "samples")]
        tolerance: Option<String>,
        /// Print one JSON document instead of text
        #[arg(long)]
        json: bool,
    },
}

/// Writes a line to stderr; a closed stderr is not an error (the exit
/// status still says what happened), never a panic.
pub fn to_stderr(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// A failure and its exit status.
pub struct Failure {
    /// 1 (refuted) or 2 (bad input).
    pub status: i32,
    /// The message for stderr.
    pub message: String,
}

impl From<CommandError> for Failure {
    fn from(e: CommandError) -> Failure {
        Failure {
            status: e.status(),
            message: e.to_string(),
        }
    }
}

impl From<InputError> for Failure {
    fn from(e: InputError) -> Failure {
        CommandError::from(e).into()
    }
}

/// Writes to stdout. A reader that closed the pipe early (`| head`) is not
/// an error: the rest is dropped quietly, as Unix tools do, and the exit
/// status still says how the run went.
fn emit(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            to_stderr(&format!("ifm-check: cannot write to stdout: {e}"));
        }
    }
}

fn print(doc: &serde_json::Value, json: bool) {
    if json {
        emit(&format!(
            "{}\n",
            serde_json::to_string_pretty(doc).expect("serializable")
        ));
    } else {
        emit(&output::text(doc));
    }
}

/// The warnings of the proof files, on stderr.
fn warn(files: &[proof::ProofFile]) {
    for warning in files.iter().flat_map(|f| &f.warnings) {
        to_stderr(&format!("ifm-check: {warning}"));
    }
}

/// A progress bar on stderr, drawn only when stderr is a terminal, and
/// the listener that moves it.
fn progress_bar(what: &str) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg} {bar:40} {pos}/{len} [{elapsed}]")
            .expect("a valid template"),
    );
    bar.set_message(what.to_string());
    bar
}

/// Moves `bar` as a command reports its progress.
fn follow(bar: &indicatif::ProgressBar) -> impl Fn(Progress) + Sync + '_ {
    move |p| match p {
        Progress::Total(n) => bar.set_length(n),
        Progress::Done(n) => bar.inc(n),
    }
}

/// The digits of printed interval ends: a `--digits` override, or every
/// digit an enclosure supports in JSON and [`output::TEXT_DIGITS`] in text.
fn digits_for(digits: Option<usize>, json: bool) -> Result<wire::Digits, CommandError> {
    let default = if json {
        wire::Digits::Supported
    } else {
        wire::Digits::Exactly(output::TEXT_DIGITS)
    };
    commands::digits(digits, default)
}

/// The precision, the digits and the time of a `field` or `transport`
/// request, checked by the front door.
fn numbers_of(
    prec: u32,
    digits: Option<usize>,
    json: bool,
    t: &str,
) -> Result<(u32, wire::Digits, ifm_check::exact::Q), CommandError> {
    Ok((
        commands::precision(prec)?,
        digits_for(digits, json)?,
        commands::time(t)?,
    ))
}

/// Runs a parsed command line: reads the options into a request of the
/// front door ([`commands`]), prints its result.
pub fn run(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::Field {
            plan,
            t,
            x,
            prec,
            digits,
            json,
        } => field_command(plan, t, x, prec, digits, json),
        Command::Transport {
            plan,
            x,
            t,
            prec,
            digits,
            json,
        } => transport_command(plan, x, t, prec, digits, json),
        Command::Certify {
            paths,
            json,
            filter,
            shard,
        } => certify_command(paths, json, filter, shard),
        Command::Kinds => kinds_command(),
        Command::Appendix { paths, out, draft } => appendix_command(paths, out, draft),
        Command::ExportCoq { paths, out } => export_coq_command(paths, out),
        Command::Atlas { dim, degree, json } => atlas_command(dim, degree, json),
        Command::Invert {
            field,
            samples: Some(samples),
            tolerance: Some(tolerance),
            json,
        } => consistent_command(field, samples, tolerance, json),
        Command::Invert { field, json, .. } => invert_command(field, json),
    }
}

/// `field`: the exact Gaussian field, or `p_t`, `F_t`, `v_t` at points.
fn field_command(
    plan: PathBuf,
    t: String,
    x: Option<String>,
    prec: u32,
    digits: Option<usize>,
    json: bool,
) -> Result<(), Failure> {
    let (prec, digits, t) = numbers_of(prec, digits, json, &t)?;
    let plan = PlanFile::read(&plan)?;
    let points = match &x {
        Some(text) => {
            commands::point_budget(commands::point_count(text), prec, digits)?;
            commands::points(text, plan.dim())?
        }
        None => Vec::new(),
    };
    let (mut doc, singular) = match &plan.gaussian {
        Some(_) => {
            let at = commands::gaussian_field(&plan, &t, &points)?;
            let doc = output::gaussian_field(at.plan, &t, at.field.as_ref(), &points);
            (doc, at.field.is_err())
        }
        None => {
            let mut m = serde_json::Map::new();
            m.insert("kind".into(), serde_json::json!(plan.kind()));
            m.insert("t".into(), wire::rational(&t));
            (m, false)
        }
    };
    // p_t, F_t, v_t of a one-dimensional family: always for the families
    // other than Gaussian, at the points for a Gaussian plan in D = 1 (not
    // where Sigma_t is singular: a point mass, which its document says)
    let evaluated = plan.gaussian.is_none() || x.is_some();
    if plan.onedim.is_none() && plan.gaussian.is_none() {
        // a mixture in D >= 2: p_t, its derivatives, v_t, div v_t at points
        if x.is_none() {
            return Err(commands::bad_value(
                "x",
                format!(
                    "missing: p_t and v_t of the mixture {} are evaluated at points of {} coordinates (for example {})",
                    plan.name,
                    plan.dim(),
                    vec!["0"; plan.dim()].join(",")
                ),
            )
            .into());
        }
        let bar = progress_bar("points");
        let values = commands::mixture_field(&plan, &t, &points, prec, &follow(&bar));
        bar.finish_and_clear();
        output::mixture_field(&mut doc, &points, &values?, digits);
    } else if plan.onedim.is_some() && !singular && evaluated {
        let xs: Vec<_> = points.iter().map(|v| v[0].clone()).collect();
        let bar = progress_bar("points");
        let asked = x.is_some().then_some(xs.as_slice());
        let field = commands::onedim_field(&plan, &t, asked, prec, &follow(&bar));
        bar.finish_and_clear();
        output::onedim_field(&mut doc, &xs, &field?, digits);
    }
    print(&serde_json::Value::Object(doc), json);
    Ok(())
}

/// `transport`: `Phi_t` at points.
fn transport_command(
    plan: PathBuf,
    x: String,
    t: String,
    prec: u32,
    digits: Option<usize>,
    json: bool,
) -> Result<(), Failure> {
    let (prec, digits, t) = numbers_of(prec, digits, json, &t)?;
    commands::point_budget(commands::point_count(&x), prec, digits)?;
    let plan_path = plan;
    let plan = PlanFile::read(&plan_path)?;
    if plan.onedim.is_none() && plan.mixture.is_some() {
        // D >= 2: the flow map by validated integration, with its Jacobian
        let points = commands::points(&x, plan.dim())?;
        let bar = progress_bar("transport");
        let flows = commands::flow_maps(&plan, &t, &points, prec, &follow(&bar));
        bar.finish_and_clear();
        print(
            &output::flow_maps(plan.kind(), &t, &points, &flows?, digits),
            json,
        );
        return Ok(());
    }
    let xs: Vec<_> = commands::points(&x, 1)?
        .into_iter()
        .map(|v| v[0].clone())
        .collect();
    let bar = progress_bar("transport");
    let phis = commands::transport(&plan, &t, &xs, prec, &follow(&bar));
    bar.finish_and_clear();
    print(
        &output::transport(plan.kind(), &t, &xs, &phis?, prec, digits),
        json,
    );
    Ok(())
}

/// `certify`: the table, the certificates, the exit status.
fn certify_command(
    paths: Vec<PathBuf>,
    json: Option<PathBuf>,
    filter: Option<String>,
    shard: Option<String>,
) -> Result<(), Failure> {
    let shard = shard.map(|s| commands::shard(&s)).transpose()?;
    let bar = progress_bar("certify");
    let done = commands::certify(&paths, filter.as_deref(), shard, &follow(&bar));
    bar.finish_and_clear();
    let commands::Certified { files, results } = done?;
    warn(&files);
    emit(&proof::table(&results, true));
    if let Some(path) = json {
        let doc = serde_json::to_string_pretty(&proof::certificates(&results, true))
            .expect("serializable");
        std::fs::write(&path, doc + "\n").map_err(|e| Failure {
            status: 2,
            message: format!("{}: cannot write the certificates: {e}", path.display()),
        })?;
    }
    match proof::exit_status(&results) {
        0 => Ok(()),
        status => Err(Failure {
            status,
            message: "some instances are not at their expected verdict (see the table)".into(),
        }),
    }
}

/// `kinds`: the table of check kinds and their keys.
fn kinds_command() -> Result<(), Failure> {
    emit(&format!(
        "{}\n## Keys\n\n{}",
        proof::kinds::markdown_table(),
        proof::kinds::markdown_keys()
    ));
    Ok(())
}

/// `appendix`: the documents written, the exit status.
fn appendix_command(paths: Vec<PathBuf>, out: PathBuf, draft: bool) -> Result<(), Failure> {
    let bar = progress_bar("appendix");
    let done = commands::appendix(&paths, &out, draft, &follow(&bar));
    bar.finish_and_clear();
    let (commands::Certified { files, results }, written) = done?;
    warn(&files);
    for path in written {
        emit(&format!("{}\n", path.display()));
    }
    match (draft, proof::exit_status(&results)) {
        (true, _) | (_, 0) => Ok(()),
        (false, status) => Err(Failure {
            status,
            message: format!(
                "the appendix is written, but {} of {} missed the expected verdict (rows marked MISS); use --draft to write a draft without this error",
                results.iter().filter(|r| !r.as_expected()).count(),
                ifm_check::tex::count(results.len(), "instance", "instances")
            ),
        }),
    }
}

/// `export-coq`: each file written, with its theorems, the instances left
/// out and the missed expectations; each proof file with nothing to export.
fn export_coq_command(paths: Vec<PathBuf>, out: PathBuf) -> Result<(), Failure> {
    let bar = progress_bar("export");
    let done = commands::export_coq::export_coq(&paths, &out, &follow(&bar));
    bar.finish_and_clear();
    let (files, written) = done?;
    warn(&files);
    for f in &written {
        emit(&format!(
            "{}: {} from {}\n",
            f.path.display(),
            ifm_check::tex::count(f.theorems.len(), "theorem", "theorems"),
            f.source.display()
        ));
        for (name, reason) in &f.omitted {
            emit(&format!("  not exported: {name}: {reason}\n"));
        }
        for (name, found, expected) in &f.misses {
            emit(&format!(
                "  warning: {name} is {}, expected {}: exported as found\n",
                found.as_str(),
                expected.as_str()
            ));
        }
    }
    for file in files
        .iter()
        .filter(|file| written.iter().all(|w| w.source != file.path))
    {
        emit(&format!(
            "{}: not exported: no instance of an exported kind (docs/coq.md)\n",
            file.path.display()
        ));
    }
    Ok(())
}

/// `atlas`: the certified rows.
fn atlas_command(dim: usize, degree: u32, json: bool) -> Result<(), Failure> {
    let bar = progress_bar("atlas blocks");
    let rows = commands::atlas(dim, degree, &follow(&bar));
    bar.finish_and_clear();
    let rows = rows?;
    if json {
        print(&output::atlas(dim, &rows), true);
    } else {
        emit(&output::atlas_table(dim, &rows));
    }
    Ok(())
}

/// `invert --samples`: the estimate, the proven box and the distance; exit
/// status 1 when no Gaussian plan is within the tolerance.
fn consistent_command(
    ends: PathBuf,
    samples: PathBuf,
    tolerance: String,
    json: bool,
) -> Result<(), Failure> {
    let tolerance = commands::consistent::tolerance(&tolerance)?;
    let ends = commands::consistent::end_laws(&ends)?;
    let obs = commands::consistent::read_observations(ends, &samples)?;
    let name = samples.display().to_string();
    let result = commands::consistent::consistent_plans(&obs, &tolerance, &name)?;
    let mut doc = output::consistent_plans(&result);
    if !json {
        // exact rationals on a 2^-160 grid are for programs
        doc.as_object_mut().map(|m| m.remove("exact"));
    }
    print(&doc, json);
    if result.enclosure.empty.is_some() {
        return Err(Failure {
            status: 1,
            message: format!(
                "{name}: no Gaussian plan with these end laws is within {} of the observations",
                ifm_check::exact::format_rational(&tolerance)
            ),
        });
    }
    Ok(())
}

/// `invert`: the plan of a field file, or why there is none.
fn invert_command(field: PathBuf, json: bool) -> Result<(), Failure> {
    let doc = Document::read(&field)?;
    let data = GaussianFieldData::from_table(&doc.root())?;
    match commands::invert(&data, doc.name()) {
        Ok(result) => {
            let (m0, m1, s00, s11) = data.end_laws();
            print(&output::inversion(&result, m0, m1, s00, s11), json);
            Ok(())
        }
        Err(e @ CommandError::NoGaussianPlan(_)) => {
            if json {
                let reason = e.to_string();
                let reason = reason
                    .strip_prefix(&format!("{}: ", doc.name()))
                    .unwrap_or(&reason);
                print(
                    &serde_json::json!({"status": "no-gaussian-plan", "reason": reason}),
                    true,
                );
            }
            Err(e.into())
        }
        Err(e) => Err(e.into()),
    }
}
