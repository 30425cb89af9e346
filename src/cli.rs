//! The command line: parses arguments, calls the library, prints. Exit
//! status (docs/file-formats.md): 0 success, 1 a claim refuted (for `invert`: no
//! Gaussian plan has the field), 2 bad usage or bad input.

use clap::{Parser, Subcommand};
use ifm_check::atlas;
use ifm_check::gaussian::{GaussianFieldData, GaussianPlan, InversionError};
use ifm_check::input::{cli_values, Document, InputError};
use ifm_check::onedim::OneDimPlan;
use ifm_check::output;
use ifm_check::plan_file::PlanFile;
use ifm_check::proof;
use ifm_check::proof::wire;
use std::path::{Path, PathBuf};

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
        /// A point: D numbers separated by commas; in dimension 1 also a
        /// grid a:b:n (n points from a to b, both included)
        #[arg(long = "x", value_name = "X", allow_hyphen_values = true)]
        x: Option<String>,
        /// Working precision of the enclosures, in bits
        #[arg(long, value_name = "BITS", default_value_t = 128)]
        prec: u32,
        /// Significant digits of printed interval ends (default: as many as
        /// each enclosure supports, from its precision and width)
        #[arg(long, value_name = "N")]
        digits: Option<usize>,
        /// Print one JSON document instead of text
        #[arg(long)]
        json: bool,
    },
    /// One-dimensional plans: an enclosure of Phi_t(X) = F_t^{-1}(F_0(X))
    /// (T = 1 by default: the monotone rearrangement)
    Transport {
        /// The plan file (TOML, docs/file-formats.md)
        plan: PathBuf,
        /// A number, or a grid a:b:n
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
        /// Significant digits of printed interval ends (default: as many as
        /// each enclosure supports, from its precision and width)
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
    /// plan, exactly
    Invert {
        /// The field file (TOML, docs/file-formats.md)
        field: PathBuf,
        /// Print one JSON document instead of text
        #[arg(long)]
        json: bool,
    },
}

/// A failure and its exit status.
pub struct Failure {
    /// 1 (refuted) or 2 (bad input).
    pub status: i32,
    /// The message for stderr.
    pub message: String,
}

impl From<InputError> for Failure {
    fn from(e: InputError) -> Failure {
        Failure {
            status: 2,
            message: e.to_string(),
        }
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
            eprintln!("ifm-check: cannot write to stdout: {e}");
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

/// `i/n` with `1 <= i <= n`.
fn parse_shard(text: &str) -> Result<(usize, usize), Failure> {
    let bad = || Failure {
        status: 2,
        message: format!("<command line>: field `--shard`: `{text}` is not i/n with 1 <= i <= n"),
    };
    let (i, n) = text.split_once('/').ok_or_else(bad)?;
    let (i, n): (usize, usize) = (i.parse().map_err(|_| bad())?, n.parse().map_err(|_| bad())?);
    if i == 0 || i > n {
        return Err(bad());
    }
    Ok((i, n))
}

/// The warnings of the proof files, on stderr.
fn warn(files: &[proof::ProofFile]) {
    for warning in files.iter().flat_map(|f| &f.warnings) {
        eprintln!("ifm-check: {warning}");
    }
}

/// A progress bar on stderr, drawn only when stderr is a terminal.
fn progress_bar(total: u64, what: &str) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(total);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg} {bar:40} {pos}/{len} [{elapsed}]")
            .expect("a valid template"),
    );
    bar.set_message(what.to_string());
    bar
}

/// A precision within the stated limits.
fn check_precision(prec: u32) -> Result<u32, Failure> {
    use ifm_check::limits::{MAX_PRECISION_BITS, MIN_PRECISION_BITS};
    if !(MIN_PRECISION_BITS..=MAX_PRECISION_BITS).contains(&prec) {
        return Err(Failure {
            status: 2,
            message: format!(
                "<command line>: field `--prec`: {prec} bits is outside {MIN_PRECISION_BITS} to {MAX_PRECISION_BITS}"
            ),
        });
    }
    Ok(prec)
}

/// A `--digits` override within the stated limits; without one, JSON
/// gives every digit an enclosure supports and text tables
/// [`output::TEXT_DIGITS`].
fn check_digits(digits: Option<usize>, json: bool) -> Result<wire::Digits, Failure> {
    use ifm_check::limits::{MAX_PRINTED_DIGITS, MIN_PRINTED_DIGITS};
    match digits {
        None if json => Ok(wire::Digits::Supported),
        None => Ok(wire::Digits::Exactly(output::TEXT_DIGITS)),
        Some(n) if (MIN_PRINTED_DIGITS..=MAX_PRINTED_DIGITS).contains(&n) => {
            Ok(wire::Digits::Exactly(n))
        }
        Some(n) => Err(Failure {
            status: 2,
            message: format!(
                "<command line>: field `--digits`: {n} is outside {MIN_PRINTED_DIGITS} to {MAX_PRINTED_DIGITS}"
            ),
        }),
    }
}

/// The points times the precision, within [`MAX_POINT_BITS`]; a `--digits`
/// override counts as the bits it prints (4 per digit, rounded up from
/// log2 10), so that the output stays as bounded as the work.
fn check_point_bits(points: usize, prec: u32, digits: wire::Digits) -> Result<(), Failure> {
    use ifm_check::limits::MAX_POINT_BITS;
    let printed_bits = match digits {
        wire::Digits::Supported => 0,
        wire::Digits::Exactly(n) => 4 * n as u64,
    };
    let bits = u64::from(prec).max(printed_bits);
    let product = points as u64 * bits;
    if product > MAX_POINT_BITS {
        return Err(Failure {
            status: 2,
            message: format!(
                "<command line>: field `--x`: {points} points at {bits} bits ({product} point-bits) exceed the limit of {MAX_POINT_BITS}; use fewer points{}",
                if printed_bits > u64::from(prec) {
                    " or fewer --digits"
                } else {
                    " or a lower --prec"
                }
            ),
        });
    }
    Ok(())
}

/// A plan and a request that do not fit (an atom where a density is asked,
/// a point outside the support): exit 2 with the reason.
fn refused(path: &Path, e: ifm_check::onedim::family::OneDimError) -> Failure {
    Failure {
        status: 2,
        message: format!("{}: {e}", path.display()),
    }
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::Field {
            plan,
            t,
            x,
            prec,
            digits,
            json,
        } => {
            let prec = check_precision(prec)?;
            let digits = check_digits(digits, json)?;
            let t = cli_values::time("--t", &t)?;
            let PlanFile { gaussian, onedim } = PlanFile::read(&plan)?;
            let dim = gaussian.as_ref().map_or(1, GaussianPlan::dim);
            let points = match &x {
                Some(text) => {
                    check_point_bits(cli_values::point_count(text).unwrap_or(0), prec, digits)?;
                    cli_values::points("--x", text, dim)?
                }
                None => Vec::new(),
            };
            // the one-dimensional families other than Gaussian are evaluated at
            // points; a discrete plan has atoms, not a density at points
            match (&onedim, &gaussian, &x) {
                (Some(OneDimPlan::Discrete(_)), _, Some(_)) => {
                    return Err(Failure {
                        status: 2,
                        message: format!(
                            "<command line>: field `--x`: {} is a discrete plan: `field` prints the atoms of p_t with their field, drop --x",
                            plan.display()
                        ),
                    })
                }
                (Some(p), None, None) if !matches!(p, OneDimPlan::Discrete(_)) => {
                    return Err(Failure {
                        status: 2,
                        message: format!(
                            "<command line>: field `--x`: missing: p_t, F_t, v_t of the {} plan {} are evaluated at points (for example --x 0 or --x -4:4:9)",
                            p.kind(),
                            plan.display()
                        ),
                    })
                }
                _ => {}
            }
            let gaussian_field = gaussian.as_ref().map(|g| (g, g.field_at(&t)));
            // a singular Sigma_t is an answer, not an error, in every dimension:
            // the document says `singular`, and p_t (a point mass) is not
            // evaluated at points
            let singular = matches!(gaussian_field, Some((_, Err(_))));
            let mut doc = match &gaussian_field {
                Some((g, field)) => output::gaussian_field(g, &t, field.as_ref(), &points),
                None => {
                    let mut m = serde_json::Map::new();
                    let kind = onedim.as_ref().map_or("gaussian", |p| p.kind());
                    m.insert("kind".into(), serde_json::json!(kind));
                    m.insert("t".into(), wire::rational(&t));
                    m
                }
            };
            if let (Some(p), false) = (&onedim, singular) {
                let xs: Vec<_> = points.iter().map(|v| v[0].clone()).collect();
                if !xs.is_empty() || matches!(p, OneDimPlan::Discrete(_)) {
                    let bar = progress_bar(xs.len() as u64, "points");
                    let done =
                        output::onedim_points(&mut doc, p, &t, &xs, prec, digits, &|n| bar.inc(n));
                    bar.finish_and_clear();
                    done.map_err(|e| refused(&plan, e))?;
                }
            }
            print(&serde_json::Value::Object(doc), json);
            Ok(())
        }
        Command::Transport {
            plan: path,
            x,
            t,
            prec,
            digits,
            json,
        } => {
            let prec = check_precision(prec)?;
            let digits = check_digits(digits, json)?;
            let t = cli_values::time("--t", &t)?;
            check_point_bits(cli_values::point_count(&x).unwrap_or(0), prec, digits)?;
            let xs: Vec<_> = cli_values::points("--x", &x, 1)?
                .into_iter()
                .map(|v| v[0].clone())
                .collect();
            let file = PlanFile::read(&path)?;
            let plan = file.onedim_or_reason().map_err(|why| Failure {
                status: 2,
                message: format!("{}: {why}", path.display()),
            })?;
            let bar = progress_bar(xs.len() as u64, "transport");
            let doc = output::transport(plan, &t, &xs, prec, digits, &|n| bar.inc(n));
            bar.finish_and_clear();
            let doc = doc.map_err(|e| refused(&path, e))?;
            print(&doc, json);
            Ok(())
        }
        Command::Certify {
            paths,
            json,
            filter,
            shard,
        } => {
            let shard = shard.map(|s| parse_shard(&s)).transpose()?;
            let files = proof::load(&paths)?;
            warn(&files);
            let instances = proof::select(&files, filter.as_deref(), shard);
            if instances.is_empty() {
                return Err(Failure {
                    status: 2,
                    message: format!(
                        "<command line>: no instance selected{}",
                        filter.map_or(String::new(), |f| format!(" by --filter `{f}`"))
                    ),
                });
            }
            let bar = progress_bar(instances.len() as u64, "certify");
            let results = proof::run_all(&instances, || bar.inc(1));
            bar.finish_and_clear();
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
                    message: "some instances are not at their expected verdict (see the table)"
                        .into(),
                }),
            }
        }
        Command::Kinds => {
            emit(&format!(
                "{}\n## Keys\n\n{}",
                proof::kinds::markdown_table(),
                proof::kinds::markdown_keys()
            ));
            Ok(())
        }
        Command::Appendix { paths, out, draft } => {
            let files = proof::load(&paths)?;
            warn(&files);
            let instances = proof::select(&files, None, None);
            let bar = progress_bar(instances.len() as u64, "appendix");
            let results = proof::run_all(&instances, || bar.inc(1));
            bar.finish_and_clear();
            let written = ifm_check::report::write_appendix(&files, &results, &out, draft)
                .map_err(|e| Failure {
                    status: 2,
                    message: format!("{}: cannot write the appendix: {e}", out.display()),
                })?;
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
        Command::Atlas { dim, degree, json } => {
            atlas::check_request(dim, degree).map_err(|e| Failure {
                status: 2,
                message: format!("<command line>: {e}"),
            })?;
            let total: usize = (0..=degree)
                .map(|k| atlas::table::block_count(dim, k))
                .sum();
            let bar = progress_bar(total as u64, "atlas blocks");
            let rows: Vec<atlas::AtlasRow> = (0..=degree)
                .map(|k| atlas::certify_degree(dim, k, || bar.inc(1)))
                .collect();
            bar.finish_and_clear();
            if json {
                print(&output::atlas(dim, &rows), true);
            } else {
                emit(&output::atlas_table(dim, &rows));
            }
            Ok(())
        }
        Command::Invert { field, json } => {
            let doc = Document::read(&field)?;
            let data = GaussianFieldData::from_table(&doc.root())?;
            match data.invert() {
                Ok(result) => {
                    let (m0, m1, s00, s11) = data.end_laws();
                    print(&output::inversion(&result, m0, m1, s00, s11), json);
                    Ok(())
                }
                Err(e @ InversionError::TooLarge { .. }) => Err(Failure {
                    status: 2,
                    message: format!("{}: {e}", doc.name()),
                }),
                Err(e) => {
                    if json {
                        print(
                            &serde_json::json!({"status": "no-gaussian-plan", "reason": e.to_string()}),
                            true,
                        );
                    }
                    Err(Failure {
                        status: 1,
                        message: format!("{}: {e}", doc.name()),
                    })
                }
            }
        }
    }
}
