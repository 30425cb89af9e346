//! One section per lemma: its statement, where it stands, the check kinds
//! it uses, the table of its instances and its figures, in Markdown and in
//! LaTeX. Every string comes from math text ([`crate::tex`]), so the two
//! renderings say the same thing.
//!
//! The LaTeX table is a `longtable` with booktabs rules whose columns are
//! fractions of `\linewidth` (the claim's column takes what the others
//! leave), so it fits the text width of any document and breaks across
//! pages. Each row ends with a compact mark ([`Mark`]); a row not at its
//! expected verdict is marked `MISS` and followed by a full-width line that
//! says what came out and what was expected.

use super::FigureRef;
use crate::proof::check::latex_claim;
use crate::proof::{InstanceResult, ProofFile, Verdict};
use crate::tex;

/// The mark of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Certified, as expected.
    Certified,
    /// Refuted, as expected: a negative control caught.
    Refuted,
    /// Inconclusive, as expected.
    Inconclusive,
    /// Not at the expected verdict (or the check could not run).
    Miss,
}

impl Mark {
    /// The mark of a result.
    pub fn of(r: &InstanceResult) -> Mark {
        if !r.as_expected() {
            return Mark::Miss;
        }
        match r.verdict() {
            Verdict::Certified => Mark::Certified,
            Verdict::Refuted => Mark::Refuted,
            _ => Mark::Inconclusive,
        }
    }

    /// The mark in LaTeX (`amssymb`).
    pub fn latex(self) -> &'static str {
        match self {
            Mark::Certified => "$\\checkmark$",
            Mark::Refuted => "$\\times$",
            Mark::Inconclusive => "?",
            Mark::Miss => "\\textbf{\\footnotesize MISS}",
        }
    }

    /// The mark in Markdown.
    pub fn markdown(self) -> &'static str {
        match self {
            Mark::Certified => "✓",
            Mark::Refuted => "✗",
            Mark::Inconclusive => "?",
            Mark::Miss => "**MISS**",
        }
    }

    /// What the mark means, in math text.
    pub fn meaning(self) -> &'static str {
        match self {
            Mark::Certified => "certified, as expected",
            Mark::Refuted => "refuted, as expected: a negative control, a false claim the checker must catch",
            Mark::Inconclusive => "inconclusive, as expected",
            Mark::Miss => "not at the verdict its proof file expects: a failed check, never to be printed as a result",
        }
    }
}

/// A row's cells in math text: instance, claim, method, residual.
fn cells(r: &InstanceResult) -> [String; 4] {
    let (method, residual) = match &r.outcome {
        Ok(o) => (
            match o.precision_bits() {
                Some(bits) => format!("interval, {bits} bits"),
                None => o.method().to_string(),
            },
            o.evidence.residual_latex(),
        ),
        Err(_) => ("-".into(), "-".into()),
    };
    [
        // a backtick would end the code span early
        format!("`{}`", r.instance.name.replace('`', "'")),
        latex_claim(&r.instance),
        method,
        residual,
    ]
}

/// What a missed row came out as: in Markdown and in LaTeX (an error
/// message is plain text, escaped, never read as math text).
fn miss_text(r: &InstanceResult) -> (String, String) {
    let expect = r.instance.expect;
    match &r.outcome {
        Ok(o) => (
            format!(
                "the verdict is *{}*, the proof file expects *{expect}*",
                o.verdict
            ),
            format!(
                "the verdict is \\emph{{{}}}, the proof file expects \\emph{{{expect}}}",
                o.verdict
            ),
        ),
        Err(e) => (
            format!(
                "the check could not run ({}); the proof file expects *{expect}*",
                e.replace('|', "\\|")
            ),
            format!(
                "the check could not run ({}); the proof file expects \\emph{{{expect}}}",
                tex::escape(e)
            ),
        ),
    }
}

fn results_of<'a>(file: &ProofFile, results: &'a [InstanceResult]) -> Vec<&'a InstanceResult> {
    results
        .iter()
        .filter(|r| r.instance.file == file.path)
        .collect()
}

/// The check kinds a file uses, in order of first use, as code spans.
fn kinds_of(file: &ProofFile) -> String {
    let mut kinds: Vec<&str> = Vec::new();
    for i in &file.instances {
        if !kinds.contains(&i.check.as_str()) {
            kinds.push(&i.check);
        }
    }
    let spans: Vec<String> = kinds.iter().map(|k| format!("`{k}`")).collect();
    spans.join(", ")
}

/// A lemma's section in Markdown.
pub fn markdown_section(
    file: &ProofFile,
    results: &[InstanceResult],
    figures: &[FigureRef],
) -> String {
    let mut out = format!(
        "\n## {}\n\n**Statement.** {}\n\n**Where it stands.** {}\n\n**Check kinds.** {}.\n\n",
        file.lemma,
        tex::to_markdown(&file.statement),
        tex::to_markdown(&file.reference),
        kinds_of(file)
    );
    out.push_str("| instance | claim | method | residual | |\n|---|---|---|---|:-:|\n");
    for r in results_of(file, results) {
        let mut cells = cells(r).map(|c| tex::to_markdown(&c));
        let mark = Mark::of(r);
        if mark == Mark::Miss {
            cells[1] = format!("**MISS: {}.** {}", miss_text(r).0, cells[1]);
        }
        out.push_str(&format!(
            "| {} | {} |\n",
            cells.join(" | "),
            mark.markdown()
        ));
    }
    for fig in figures {
        out.push_str(&format!(
            "\n![{}]({}.svg)\n\n*Figure `{}`.* {}\n",
            fig.name,
            fig.name,
            fig.name,
            tex::to_markdown(&fig.caption)
        ));
    }
    out
}

/// The column specification of the LaTeX table: instance, claim, method,
/// residual as fractions of `\linewidth`, the mark a fixed width; the
/// claim's width is what the others leave, so the total is `\linewidth`.
const COLUMNS: &str =
    "@{}>{\\raggedright\\arraybackslash\\footnotesize}p{\\dimexpr 0.22\\linewidth-2\\tabcolsep\\relax}\
>{\\raggedright\\arraybackslash}p{\\dimexpr 0.48\\linewidth-2.6em-4\\tabcolsep\\relax}\
>{\\raggedright\\arraybackslash}p{\\dimexpr 0.12\\linewidth-2\\tabcolsep\\relax}\
>{\\raggedright\\arraybackslash}p{\\dimexpr 0.18\\linewidth-2\\tabcolsep\\relax}\
>{\\centering\\arraybackslash}p{2.6em}@{}";

/// A lemma's section in LaTeX (`\subsection`, a `longtable`, figures).
pub fn latex_section(
    file: &ProofFile,
    results: &[InstanceResult],
    figures: &[FigureRef],
) -> String {
    let mut out = format!(
        "\n\\subsection{{\\texttt{{{}}}}}\\label{{ifm:{}}}\n\n\\noindent\\textbf{{Statement.}} {}\n\n{{\\raggedright\\noindent\\textbf{{Where it stands.}} {}\\par\n\\noindent\\textbf{{Check kinds.}} {}.\\par}}\n\n",
        tex::escape(&file.lemma),
        tex::label(&file.lemma),
        tex::to_latex(&file.statement),
        tex::to_latex(&file.reference),
        tex::to_latex(&kinds_of(file))
    );
    out.push_str("{\\small\\setlength{\\tabcolsep}{4pt}\n");
    out.push_str(&format!("\\begin{{longtable}}{{{COLUMNS}}}\n"));
    out.push_str("\\toprule\ninstance & claim & method & residual & \\\\\n\\midrule\n\\endhead\n\\bottomrule\n\\endfoot\n");
    for r in results_of(file, results) {
        let row: Vec<String> = cells(r).iter().map(|c| tex::to_latex(c)).collect();
        let mark = Mark::of(r);
        out.push_str(&format!("{} & {} \\\\\n", row.join(" & "), mark.latex()));
        if mark == Mark::Miss {
            out.push_str(&format!(
                "\\multicolumn{{5}}{{@{{}}p{{\\linewidth}}@{{}}}}{{$\\blacktriangleright$ \\textbf{{Not at its expected verdict:}} {}.}} \\\\\n",
                miss_text(r).1
            ));
        }
    }
    out.push_str("\\end{longtable}}\n");
    for fig in figures {
        out.push_str(&format!(
            "\n\\begin{{figure}}[bp]\n\\centering\n\\input{{\\ifmfigdir {}.tex}}\n\\caption{{{}}}\\label{{ifm:fig:{}}}\n\\end{{figure}}\n",
            fig.name,
            tex::to_latex(&fig.caption),
            fig.name
        ));
    }
    out
}
