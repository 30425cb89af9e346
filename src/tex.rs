//! Typesetting for the appendix: numbers as LaTeX mathematics, and *math
//! text*, the one notation every typeset string is written in.
//!
//! Math text is plain text with two kinds of spans: mathematics between
//! dollars (`$\Sigma_t \succ 0$`, LaTeX, in a subset that GitHub's Markdown
//! renders too) and code between backticks (`` `docs/mathematics.md` ``).
//! One string serves three outputs:
//!
//! * LaTeX ([`to_latex`]): text escaped, mathematics kept, code as
//!   `\texttt`;
//! * Markdown ([`to_markdown`]): kept as written (GitHub renders `$...$`);
//! * SVG ([`to_svg`]): the mathematics turned into Unicode (`\rho` into
//!   `ρ`, `\Phi_1` into `Φ` with a lowered `1`), XML-escaped.
//!
//! Why the proof files' statements are math text rather than a second,
//! LaTeX-only key: a statement written twice drifts apart, and nothing
//! could check that the two say the same; a converter from ASCII formulas
//! (`d/dt Sigma_t`) would have to guess. Math text is still readable as
//! plain text, and a statement without `$` stays valid.
//!
//! [`check`] finds what would break a LaTeX document (an unclosed `$` or
//! backtick, unbalanced braces in mathematics). The captions and labels of
//! `[[figure]]` tables must pass it (an input error naming the field); a
//! proof file's `statement` and `reference` are free text, as they always
//! were, typeset as math text where they pass and as plain text where they
//! do not, so that no proof file is refused for its prose and no document
//! fails to compile.
//!
//! Numbers ([`rational`], [`decimal`]) are typeset exactly as the checker
//! prints them: `\tfrac{1}{3}`, `10^{-25}`, `1.8\times 10^{-38}`.

use crate::exact::Q;
use num_traits::{One, Signed};

/// A rational inside mathematics: `3`, `-\tfrac{1}{2}`, `10^{-25}`,
/// `3\times 10^{-30}`.
pub fn rational(q: &Q) -> String {
    let sign = if q.is_negative() { "-" } else { "" };
    let (n, d) = (q.numer().abs().to_string(), q.denom().to_string());
    if q.denom().is_one() {
        return format!("{sign}{n}");
    }
    let power_of_ten = d.len() > 3 && d.starts_with('1') && d[1..].bytes().all(|b| b == b'0');
    if power_of_ten && n.len() <= 3 {
        let exponent = d.len() - 1;
        return if n == "1" {
            format!("{sign}10^{{-{exponent}}}")
        } else {
            format!("{sign}{n}\\times 10^{{-{exponent}}}")
        };
    }
    format!("{sign}\\tfrac{{{n}}}{{{d}}}")
}

/// Rationals separated by commas.
pub fn rationals(qs: &[Q]) -> String {
    qs.iter().map(rational).collect::<Vec<_>>().join(", ")
}

/// A decimal as the checker prints it (`5.39255`, `1.8e-38`, `inf`),
/// inside mathematics: `1.8\times 10^{-38}`, `\infty`.
pub fn decimal(s: &str) -> String {
    let (sign, body) = match s.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", s),
    };
    if body == "inf" {
        return format!("{sign}\\infty");
    }
    match body.split_once('e') {
        Some(("1", exponent)) => format!("{sign}10^{{{exponent}}}"),
        Some((mantissa, exponent)) => format!("{sign}{mantissa}\\times 10^{{{exponent}}}"),
        None => format!("{sign}{body}"),
    }
}

/// A math-text span: text, mathematics or code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Span<'a> {
    Text(&'a str),
    Math(&'a str),
    Code(&'a str),
}

/// Splits math text into spans; an unclosed `$` or backtick is an error.
fn spans(s: &str) -> Result<Vec<Span<'_>>, String> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find(['$', '`']) {
        if i > 0 {
            out.push(Span::Text(&rest[..i]));
        }
        let delimiter = rest.as_bytes()[i] as char;
        let after = &rest[i + 1..];
        let Some(j) = after.find(delimiter) else {
            return Err(format!(
                "an opening `{delimiter}` is never closed (mathematics goes between two `$`, code between two backticks)"
            ));
        };
        let inner = &after[..j];
        out.push(if delimiter == '$' {
            Span::Math(inner)
        } else {
            Span::Code(inner)
        });
        rest = &after[j + 1..];
    }
    if !rest.is_empty() {
        out.push(Span::Text(rest));
    }
    Ok(out)
}

/// The commands mathematics may use: typesetting only. Anything else
/// (`\input`, `\write`, `\end`, an undefined command) could read or write
/// files while a paper compiles, or break it, so math text that uses it is
/// refused (a figure's caption or labels) or typeset as plain text (a
/// statement).
const MATH_COMMANDS: &[&str] = &[
    "alpha",
    "beta",
    "gamma",
    "delta",
    "epsilon",
    "varepsilon",
    "zeta",
    "eta",
    "theta",
    "vartheta",
    "iota",
    "kappa",
    "lambda",
    "mu",
    "nu",
    "xi",
    "pi",
    "varpi",
    "rho",
    "varrho",
    "sigma",
    "varsigma",
    "tau",
    "upsilon",
    "phi",
    "varphi",
    "chi",
    "psi",
    "omega",
    "Gamma",
    "Delta",
    "Theta",
    "Lambda",
    "Xi",
    "Pi",
    "Sigma",
    "Upsilon",
    "Phi",
    "Psi",
    "Omega",
    "frac",
    "tfrac",
    "dfrac",
    "sqrt",
    "binom",
    "le",
    "leq",
    "ge",
    "geq",
    "ne",
    "neq",
    "approx",
    "sim",
    "simeq",
    "equiv",
    "propto",
    "cdot",
    "times",
    "div",
    "pm",
    "mp",
    "circ",
    "ast",
    "star",
    "bullet",
    "oplus",
    "otimes",
    "in",
    "notin",
    "subset",
    "subseteq",
    "supset",
    "supseteq",
    "cup",
    "cap",
    "setminus",
    "emptyset",
    "to",
    "mapsto",
    "rightarrow",
    "leftarrow",
    "Rightarrow",
    "Leftarrow",
    "Leftrightarrow",
    "iff",
    "implies",
    "infty",
    "partial",
    "nabla",
    "sum",
    "prod",
    "int",
    "lim",
    "sup",
    "inf",
    "max",
    "min",
    "log",
    "ln",
    "exp",
    "sin",
    "cos",
    "tan",
    "det",
    "dim",
    "ker",
    "mathrm",
    "mathbf",
    "mathcal",
    "mathbb",
    "mathit",
    "mathsf",
    "mathtt",
    "boldsymbol",
    "operatorname",
    "text",
    "top",
    "perp",
    "parallel",
    "prime",
    "ldots",
    "cdots",
    "dots",
    "lvert",
    "rvert",
    "lVert",
    "rVert",
    "langle",
    "rangle",
    "lfloor",
    "rfloor",
    "lceil",
    "rceil",
    "bigl",
    "bigr",
    "Bigl",
    "Bigr",
    "mid",
    "succ",
    "succeq",
    "prec",
    "preceq",
    "quad",
    "qquad",
    "hat",
    "bar",
    "tilde",
    "widetilde",
    "widehat",
    "vec",
    "dot",
    "ddot",
    "overline",
    "underline",
    "forall",
    "exists",
    "neg",
    "land",
    "lor",
    "ell",
    "top",
];

/// Checks math text: every `$` and backtick closed, and each piece of
/// mathematics non-empty, on one line, of printable ASCII without `%`, `#`
/// or `&`, braces balanced and at most 16 deep, `^` and `_` followed by
/// something, and every command in `MATH_COMMANDS` (or one of `\,`, `\;`,
/// `\!`, `\{`, `\}`, `\|`).
pub fn check(s: &str) -> Result<(), String> {
    for span in spans(s)? {
        if let Span::Math(m) = span {
            if m.trim().is_empty() {
                return Err("empty mathematics `$$`".into());
            }
            check_commands(m)?;
            let mut depth = 0i32;
            let mut escaped = false;
            for c in m.chars() {
                match c {
                    _ if escaped => escaped = false,
                    '\\' => escaped = true,
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth < 0 {
                            return Err(format!("a `}}` without its `{{` in `${m}$`"));
                        }
                    }
                    _ => {}
                }
            }
            if depth != 0 {
                return Err(format!("a `{{` without its `}}` in `${m}$`"));
            }
            let mut chars = m.chars().peekable();
            let mut deepest = 0i32;
            let mut level = 0i32;
            while let Some(c) = chars.next() {
                match c {
                    '{' => {
                        level += 1;
                        deepest = deepest.max(level);
                    }
                    '}' => level -= 1,
                    '^' | '_'
                        if matches!(chars.peek(), None | Some('}') | Some('^') | Some('_')) =>
                    {
                        return Err(format!("a `{c}` with nothing after it in `${m}$`"));
                    }
                    _ => {}
                }
            }
            if deepest > crate::limits::MAX_BRACE_DEPTH {
                return Err(format!(
                    "braces nested more than {} deep in `${m}$`",
                    crate::limits::MAX_BRACE_DEPTH
                ));
            }
        }
    }
    Ok(())
}

/// The characters and commands of one piece of mathematics (see [`check`]).
fn check_commands(m: &str) -> Result<(), String> {
    if let Some(c) = m
        .chars()
        .find(|c| !(c.is_ascii_graphic() || *c == ' ') || matches!(c, '%' | '#' | '&'))
    {
        return Err(format!(
            "the character {c:?} in the mathematics `${m}$` (printable ASCII only, without %, # and &)"
        ));
    }
    let bytes = m.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            i += 1;
            continue;
        }
        let name: String = m[i + 1..]
            .chars()
            .take_while(char::is_ascii_alphabetic)
            .collect();
        if name.is_empty() {
            match bytes.get(i + 1) {
                Some(b',' | b';' | b'!' | b'{' | b'}' | b'|' | b' ') => i += 2,
                _ => return Err(format!("a `\\` that starts no allowed command in `${m}$`")),
            }
        } else if MATH_COMMANDS.contains(&name.as_str()) {
            i += 1 + name.len();
            let arguments = match name.as_str() {
                "frac" | "tfrac" | "dfrac" | "binom" => 2,
                "sqrt" | "mathrm" | "mathbf" | "mathcal" | "mathbb" | "mathit" | "mathsf"
                | "mathtt" | "boldsymbol" | "operatorname" | "text" | "hat" | "bar" | "tilde"
                | "widetilde" | "widehat" | "vec" | "dot" | "ddot" | "overline" | "underline" => 1,
                _ => 0,
            };
            for _ in 0..arguments {
                i = argument_end(m, i).ok_or_else(|| {
                    format!("the command `\\{name}` without its argument in `${m}$`")
                })?;
            }
        } else {
            return Err(format!(
                "the command `\\{name}` in `${m}$` is not one that mathematics may use (docs/file-formats.md, Math text)"
            ));
        }
    }
    Ok(())
}

/// Where one argument of a command that starts at byte `i` of `m` ends
/// (spaces skipped): a braced group, a letter or digit, or a command.
fn argument_end(m: &str, mut i: usize) -> Option<usize> {
    let bytes = m.as_bytes();
    while bytes.get(i) == Some(&b' ') {
        i += 1;
    }
    match *bytes.get(i)? {
        b'{' => {
            let mut depth = 0;
            for (k, &b) in bytes.iter().enumerate().skip(i) {
                match b {
                    b'{' => depth += 1,
                    b'}' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(k + 1);
                        }
                    }
                    _ => {}
                }
            }
            None
        }
        b'\\' => {
            let name = m[i + 1..]
                .bytes()
                .take_while(u8::is_ascii_alphabetic)
                .count();
            (name > 0).then_some(i + 1 + name)
        }
        b if b.is_ascii_alphanumeric() => Some(i + 1),
        _ => None,
    }
}

/// Plain text escaped for LaTeX.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '\\' => out.push_str("\\textbackslash{}"),
            '&' | '%' | '$' | '#' | '_' | '{' | '}' => {
                out.push('\\');
                out.push(ch);
            }
            '^' => out.push_str("\\^{}"),
            '~' => out.push_str("\\~{}"),
            '<' => out.push_str("\\textless{}"),
            '>' => out.push_str("\\textgreater{}"),
            '|' => out.push_str("\\textbar{}"),
            // a line break or a control character would end a paragraph or
            // break the document: a space
            c if c.is_control() => out.push(' '),
            // Latin-1 letters typeset with the default input encoding
            c if c.is_ascii()
                || ('\u{00C0}'..='\u{00FF}').contains(&c) && c != '\u{00D7}' && c != '\u{00F7}' =>
            {
                out.push(c)
            }
            c => match greek(c) {
                Some(name) => {
                    out.push_str("\\ensuremath{\\");
                    out.push_str(name);
                    out.push('}');
                }
                // anything else the default fonts lack: a visible stand-in
                None => out.push('?'),
            },
        }
    }
    out
}

/// The command of a Greek letter (`ρ` is `rho`).
fn greek(c: char) -> Option<&'static str> {
    const LOWER: [&str; 25] = [
        "alpha",
        "beta",
        "gamma",
        "delta",
        "varepsilon",
        "zeta",
        "eta",
        "theta",
        "iota",
        "kappa",
        "lambda",
        "mu",
        "nu",
        "xi",
        "o",
        "pi",
        "rho",
        "varsigma",
        "sigma",
        "tau",
        "upsilon",
        "varphi",
        "chi",
        "psi",
        "omega",
    ];
    const UPPER: [&str; 25] = [
        "A", "B", "Gamma", "Delta", "E", "Z", "H", "Theta", "I", "K", "Lambda", "M", "N", "Xi",
        "O", "Pi", "P", "", "Sigma", "T", "Upsilon", "Phi", "X", "Psi", "Omega",
    ];
    let name = match c {
        'α'..='ω' => LOWER[c as usize - 'α' as usize],
        'Α'..='Ω' => UPPER[c as usize - 'Α' as usize],
        _ => return None,
    };
    (!name.is_empty() && name.len() > 1).then_some(name)
}

/// A string as a LaTeX label: letters, digits and `-`, anything else `-`.
pub fn label(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

/// Code for LaTeX: escaped, in typewriter type, breakable after `/`, `-`
/// and `.`.
pub fn code(s: &str) -> String {
    let mut out = String::from("\\texttt{");
    for ch in s.chars() {
        out.push_str(&escape(&ch.to_string()));
        if matches!(ch, '/' | '-' | '.' | '_') {
            out.push_str("\\allowbreak{}");
        }
    }
    out.push('}');
    out
}

/// The spans of math text that passes [`check`]; anything else is one
/// span of plain text (a statement written before math text, or with a
/// lone `$`, still typesets: as the text it is).
fn spans_or_text(s: &str) -> Vec<Span<'_>> {
    match check(s) {
        Ok(()) => spans(s).unwrap_or_else(|_| vec![Span::Text(s)]),
        Err(_) => vec![Span::Text(s)],
    }
}

/// Math text as LaTeX: text escaped, mathematics kept, code as
/// `\texttt`; text that is not well-formed math text is escaped whole.
pub fn to_latex(s: &str) -> String {
    let parts = spans_or_text(s);
    parts
        .into_iter()
        .map(|p| match p {
            Span::Text(t) => escape(t),
            Span::Math(m) => format!("${m}$"),
            Span::Code(c) => code(c),
        })
        .collect()
}

/// Math text as plain ASCII text, for terminals and the `claim` of a
/// certificate: mathematics written out (`$\Sigma_t \succ 0$` is
/// `Sigma_t > 0`, `\tfrac{1}{3}` is `1/3`, `\partial_t` is `d/dt`,
/// `A^\top` is `A^T`), code without its backticks, text kept. A kind
/// writes its claim once, in math text; this renders the words.
pub fn to_plain(s: &str) -> String {
    let plain: String = spans_or_text(s)
        .into_iter()
        .map(|p| match p {
            Span::Text(t) | Span::Code(t) => t.to_string(),
            Span::Math(m) => plain_math(m),
        })
        .collect();
    // runs of spaces left by dropped commands
    plain
        .split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        + if plain.ends_with(' ') { " " } else { "" }
}

/// The plain words of a command without arguments; `""` for spacing and
/// sizing commands.
fn plain_command(name: &str) -> &str {
    match name {
        "le" | "leq" => "<=",
        "ge" | "geq" => ">=",
        "ne" | "neq" => "!=",
        "succ" => ">",
        "succeq" => ">=",
        "prec" => "<",
        "preceq" => "<=",
        "lvert" | "rvert" | "mid" | "vert" => "|",
        "top" => "T",
        "times" => "x",
        "cdot" => "*",
        "to" | "rightarrow" => "->",
        "infty" => "inf",
        "partial" => "d/d",
        "ldots" | "dots" | "cdots" => "...",
        "bigl" | "bigr" | "Bigl" | "Bigr" | "left" | "right" | "quad" | "qquad" => "",
        other => other,
    }
}

/// The end of the group `{...}` that opens at byte `i` of `m` (the index
/// after its closing brace), or `None`.
fn group_end(m: &str, i: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (k, c) in m[i..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + k + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// Mathematics (LaTeX, the subset [`check`] allows) as plain text.
fn plain_math(m: &str) -> String {
    let mut out = String::new();
    // a word made from a command joins the previous word with a space
    let push_word = |out: &mut String, word: &str| {
        let joins = out.ends_with(|c: char| c.is_ascii_alphanumeric())
            && word.starts_with(|c: char| c.is_ascii_alphanumeric());
        if joins {
            out.push(' ');
        }
        out.push_str(word);
    };
    let bytes = m.as_bytes();
    let mut i = 0;
    while i < m.len() {
        let c = bytes[i] as char;
        match c {
            '\\' => {
                let name: String = m[i + 1..]
                    .chars()
                    .take_while(char::is_ascii_alphabetic)
                    .collect();
                if name.is_empty() {
                    // `\{`, `\}`, `\,`, `\ `: the character, or a space
                    let next = m[i + 1..].chars().next().unwrap_or(' ');
                    out.push(if matches!(next, '{' | '}' | '|') {
                        next
                    } else {
                        ' '
                    });
                    i += 1 + next.len_utf8();
                    continue;
                }
                i += 1 + name.len();
                let argument = |at: usize| -> Option<(String, usize)> {
                    let end = group_end(m, at).filter(|_| m[at..].starts_with('{'))?;
                    Some((plain_math(&m[at + 1..end - 1]), end))
                };
                match name.as_str() {
                    // `\partial_t` is `d/dt`
                    "partial" if m[i..].starts_with('_') => {
                        let variable: String = m[i + 1..]
                            .chars()
                            .take_while(char::is_ascii_alphanumeric)
                            .collect();
                        push_word(&mut out, &format!("d/d{variable}"));
                        i += 1 + variable.len();
                        continue;
                    }
                    "frac" | "tfrac" | "dfrac" => {
                        if let Some((num, after)) = argument(i) {
                            if let Some((den, end)) = argument(after) {
                                push_word(&mut out, &format!("{num}/{den}"));
                                i = end;
                                continue;
                            }
                        }
                    }
                    "sqrt" => {
                        if let Some((inner, end)) = argument(i) {
                            push_word(&mut out, &format!("sqrt({inner})"));
                            i = end;
                            continue;
                        }
                    }
                    "operatorname" | "mathrm" | "mathbb" | "mathcal" | "mathbf" | "text"
                    | "mathit" => {
                        if let Some((inner, end)) = argument(i) {
                            push_word(&mut out, &inner);
                            i = end;
                            continue;
                        }
                    }
                    _ => {}
                }
                push_word(&mut out, plain_command(&name));
                // an opening delimiter keeps no space after it
                if matches!(name.as_str(), "lvert" | "bigl" | "left") {
                    while m[i..].starts_with(' ') {
                        i += 1;
                    }
                }
            }
            '_' | '^' => {
                out.push(c);
                i += 1;
                if m[i..].starts_with('{') {
                    if let Some(end) = group_end(m, i) {
                        let inner = plain_math(&m[i + 1..end - 1]);
                        let simple = inner
                            .chars()
                            .enumerate()
                            .all(|(k, ch)| ch.is_ascii_alphanumeric() || (k == 0 && ch == '-'));
                        if simple {
                            out.push_str(&inner);
                        } else {
                            out.push_str(&format!("{{{inner}}}"));
                        }
                        i = end;
                        continue;
                    }
                }
            }
            '{' | '}' => i += 1,
            _ => {
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
    out
}

/// Math text as Markdown (GitHub renders `$...$`); a bar, which would end
/// a table cell, is escaped.
pub fn to_markdown(s: &str) -> String {
    s.replace('|', "\\|")
}

/// The Unicode of a LaTeX command in the subset the figures use (Greek
/// letters, relations, named operators); `None` for a command that takes
/// an argument or is unknown.
fn unicode_of(command: &str) -> Option<&'static str> {
    Some(match command {
        "alpha" => "α",
        "beta" => "β",
        "gamma" => "γ",
        "delta" => "δ",
        "varepsilon" | "epsilon" => "ε",
        "lambda" => "λ",
        "mu" => "μ",
        "pi" => "π",
        "rho" => "ρ",
        "sigma" => "σ",
        "tau" => "τ",
        "phi" | "varphi" => "φ",
        "Phi" => "Φ",
        "Sigma" => "Σ",
        "Gamma" => "Γ",
        "Delta" => "Δ",
        "le" | "leq" => "≤",
        "ge" | "geq" => "≥",
        "ne" | "neq" => "≠",
        "in" => "∈",
        "times" => "×",
        "cdot" => "·",
        "infty" => "∞",
        "dots" | "ldots" | "cdots" => "…",
        "circ" => "∘",
        "approx" => "≈",
        "to" => "→",
        "mapsto" => "↦",
        "succ" => "≻",
        "top" => "T",
        "lvert" | "rvert" | "vert" | "mid" => "|",
        "partial" => "∂",
        "dim" => "dim ",
        "ker" => "ker ",
        "exp" => "exp ",
        "min" => "min ",
        "max" => "max ",
        "log" => "log ",
        "tr" => "tr ",
        "," | ";" | " " | "quad" => " ",
        "{" => "{",
        "}" => "}",
        "%" => "%",
        _ => return None,
    })
}

/// One run of SVG text at a vertical shift (0 normal, -1 subscript, 1
/// superscript), possibly italic.
struct Run {
    text: String,
    shift: i8,
}

/// Appends the mathematics `m` to `runs` at `shift`.
fn math_runs(m: &str, shift: i8, runs: &mut Vec<Run>) {
    let chars: Vec<char> = m.chars().collect();
    let mut i = 0;
    let push = |runs: &mut Vec<Run>, text: &str, shift: i8| match runs.last_mut() {
        Some(last) if last.shift == shift => last.text.push_str(text),
        _ => runs.push(Run {
            text: text.to_string(),
            shift,
        }),
    };
    // the argument of a command or a script: a braced group or one character
    let argument = |i: &mut usize| -> String {
        if *i < chars.len() && chars[*i] == '{' {
            let mut depth = 0;
            let start = *i + 1;
            while *i < chars.len() {
                match chars[*i] {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            let inner: String = chars[start..*i].iter().collect();
                            *i += 1;
                            return inner;
                        }
                    }
                    _ => {}
                }
                *i += 1;
            }
            chars[start..].iter().collect()
        } else if *i < chars.len() && chars[*i] == '\\' {
            let start = *i;
            *i += 1;
            while *i < chars.len() && chars[*i].is_ascii_alphabetic() {
                *i += 1;
            }
            chars[start..*i].iter().collect()
        } else {
            let s = chars.get(*i).map(|c| c.to_string()).unwrap_or_default();
            *i += 1;
            s
        }
    };
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => {
                i += 1;
                let start = i;
                while i < chars.len() && chars[i].is_ascii_alphabetic() {
                    i += 1;
                }
                if i == start && i < chars.len() {
                    i += 1;
                }
                let command: String = chars[start..i].iter().collect();
                match command.as_str() {
                    "frac" | "tfrac" | "dfrac" => {
                        let (num, den) = (argument(&mut i), argument(&mut i));
                        math_runs(&num, shift, runs);
                        push(runs, "/", shift);
                        math_runs(&den, shift, runs);
                    }
                    "sqrt" => {
                        let arg = argument(&mut i);
                        push(runs, "√", shift);
                        if arg.chars().count() > 1 {
                            push(runs, "(", shift);
                            math_runs(&arg, shift, runs);
                            push(runs, ")", shift);
                        } else {
                            math_runs(&arg, shift, runs);
                        }
                    }
                    "mathrm" | "operatorname" | "text" | "mathcal" | "mathbb" | "mathit"
                    | "mathbf" | "boldsymbol" => {
                        let arg = argument(&mut i);
                        let mapped = match (command.as_str(), arg.as_str()) {
                            ("mathcal", "N") => "𝒩".to_string(),
                            ("mathbb", "E") => "E".to_string(),
                            ("mathbb", "R") => "ℝ".to_string(),
                            _ => arg,
                        };
                        push(runs, &mapped, shift);
                    }
                    "left" | "right" | "big" | "Big" | "bigl" | "bigr" | "displaystyle" => {}
                    other => {
                        let text = unicode_of(other).unwrap_or(other);
                        // a named operator brings its own space: TeX drops
                        // the spaces after a command name
                        if text.ends_with(' ') {
                            while i < chars.len() && chars[i] == ' ' {
                                i += 1;
                            }
                        }
                        push(runs, text, shift);
                    }
                }
            }
            '_' | '^' => {
                i += 1;
                let arg = argument(&mut i);
                let inner = if c == '_' { shift - 1 } else { shift + 1 };
                math_runs(&arg, inner.clamp(-1, 1), runs);
            }
            '{' | '}' => i += 1,
            '~' => {
                push(runs, " ", shift);
                i += 1;
            }
            _ => {
                push(runs, &c.to_string(), shift);
                i += 1;
            }
        }
    }
}

/// Math text as runs of text at their shifts.
fn runs_of(s: &str) -> Vec<Run> {
    let mut runs = Vec::new();
    for span in spans_or_text(s) {
        match span {
            Span::Text(t) | Span::Code(t) => runs.push(Run {
                text: t.to_string(),
                shift: 0,
            }),
            Span::Math(m) => math_runs(m, 0, &mut runs),
        }
    }
    runs
}

/// XML-escaped text.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // characters XML 1.0 does not allow in a document at all
            '\t' | '\n' | '\r' => out.push(' '),
            c if c.is_control() || matches!(c, '\u{FFFE}' | '\u{FFFF}') => out.push('?'),
            c => out.push(c),
        }
    }
    out
}

/// Math text as the content of an SVG `<text>` element: Unicode, with
/// `<tspan>`s for subscripts and superscripts.
pub fn to_svg(s: &str) -> String {
    let runs = runs_of(s);
    let mut out = String::new();
    let mut current = 0i8;
    for run in runs {
        let text = xml_escape(&run.text);
        if run.shift == 0 && current == 0 {
            out.push_str(&text);
            continue;
        }
        // dy moves the baseline relative to the previous run
        let offset = |s: i8| match s {
            -1 => 0.3,
            1 => -0.45,
            _ => 0.0,
        };
        let dy = offset(run.shift) - offset(current);
        let size = if run.shift == 0 {
            ""
        } else {
            " font-size=\"75%\""
        };
        out.push_str(&format!("<tspan dy=\"{dy:.2}em\"{size}>{text}</tspan>"));
        current = run.shift;
    }
    if current != 0 {
        // back to the baseline for whatever follows the element
        let back = if current < 0 { -0.3 } else { 0.45 };
        out.push_str(&format!("<tspan dy=\"{back:.2}em\"></tspan>"));
    }
    out
}

/// The approximate width of math text in ems (for laying out SVG legends
/// and titles without measuring fonts).
pub fn svg_width_em(s: &str) -> f64 {
    let runs = runs_of(s);
    runs.iter()
        .map(|r| {
            let scale = if r.shift == 0 { 1.0 } else { 0.75 };
            r.text.chars().count() as f64 * 0.55 * scale
        })
        .sum()
}

/// A count with its noun in English: `count(1, "point", "points")` is
/// `1 point`, `count(3, "entry", "entries")` is `3 entries`.
pub fn count(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_of_math_text() {
        let cases = [
            ("$\\Sigma_t \\succ 0$ for every $t \\in [0, 1]$", "Sigma_t > 0 for every t in [0, 1]"),
            ("$\\partial_t F_t(x) + v_t(x)\\, p_t(x) = 0$", "d/dt F_t(x) + v_t(x) p_t(x) = 0"),
            ("$\\frac{d}{dt}\\Phi_t(x) = v_t(\\Phi_t(x))$", "d/dt Phi_t(x) = v_t(Phi_t(x))"),
            ("$A \\Sigma_t + \\Sigma_t A^\\top$ at $t = \\tfrac{1}{3}$", "A Sigma_t + Sigma_t A^T at t = 1/3"),
            (
                "$\\operatorname{tr}\\operatorname{Var}(X_1 \\mid X_0) = \\mathbb{E}\\lvert X_1\\rvert^2$",
                "tr Var(X_1 | X_0) = E|X_1|^2",
            ),
            ("$\\dim \\mathrm{Ker}_{2,3} = 4$", "dim Ker_{2,3} = 4"),
            ("$\\mu_{ij}$, $i + j \\le -\\tfrac{1}{2}$", "mu_ij, i + j <= -1/2"),
            ("$\\min \\{ y : F_t(y) \\ge F_0(x) \\}$", "min { y : F_t(y) >= F_0(x) }"),
            ("$\\mathbb{E} \\exp\\bigl(\\lvert X_0\\rvert\\bigr) \\le 10^{-25}$", "E exp(|X_0|) <= 10^-25"),
            ("see `docs/mathematics.md`", "see docs/mathematics.md"),
        ];
        for (math_text, plain) in cases {
            assert_eq!(to_plain(math_text), plain, "{math_text}");
        }
    }

    fn q(n: i64, d: i64) -> Q {
        Q::new(n.into(), d.into())
    }

    #[test]
    fn numbers_are_typeset_exactly() {
        assert_eq!(rational(&q(3, 1)), "3");
        assert_eq!(rational(&q(-1, 2)), "-\\tfrac{1}{2}");
        assert_eq!(rational(&q(1, 10_i64.pow(9))), "10^{-9}");
        assert_eq!(rational(&q(3, 10_000)), "3\\times 10^{-4}");
        assert_eq!(rational(&q(1, 100)), "\\tfrac{1}{100}");
        assert_eq!(decimal("1.8e-38"), "1.8\\times 10^{-38}");
        assert_eq!(decimal("1e-25"), "10^{-25}");
        assert_eq!(decimal("-5.39"), "-5.39");
        assert_eq!(decimal("inf"), "\\infty");
    }

    #[test]
    fn math_text_keeps_mathematics_and_escapes_text() {
        let s = "For $D \\ge 2$, 50% of `docs/mathematics.md` & more";
        assert_eq!(
            to_latex(s),
            "For $D \\ge 2$, 50\\% of \\texttt{docs/\\allowbreak{}mathematics.\\allowbreak{}md} \\& more"
        );
        assert_eq!(
            to_markdown("$\\lvert x\\rvert$ | y"),
            "$\\lvert x\\rvert$ \\| y"
        );
        assert!(check(s).is_ok());
        assert!(check("an unclosed $x").is_err());
        assert!(check("$x_{1$").is_err());
        assert!(check("$x}$").is_err());
        assert!(check("`code").is_err());
        assert!(check("$$").is_err());
        // only typesetting commands: anything that reads, writes or breaks
        // the document makes the text plain
        assert!(check("$\\frac{1}{2} \\le \\Sigma_t^{\\top}$").is_ok());
        for bad in [
            "$\\input{/etc/hostname}$",
            "$\\immediate\\write9{x}$",
            "$\\end{document}$",
            "$5%$",
            "$#1$",
            "$a & b$",
            "$a^$",
            "$x\\$",
            "$\\undefinedcommand$",
            "$\\frac$",
            "$\\frac{1}$",
            "$\\sqrt$",
            "$\u{03c1}$",
            "$a\nb$",
        ] {
            assert!(check(bad).is_err(), "{bad}");
            assert!(
                !to_latex(bad).contains("\\input{") && !to_latex(bad).contains("\\write9"),
                "{bad}"
            );
        }
        assert!(check(&format!("${}x{}$", "x^{".repeat(20), "}".repeat(20))).is_err());
        assert_eq!(
            escape("\u{03c1} = 1\n\u{4e2d}"),
            "\\ensuremath{\\rho} = 1 ?"
        );
        assert_eq!(label("a}b c%d"), "a-b-c-d");
        assert_eq!(xml_escape("a\u{0}b\u{1}<\u{FFFE}"), "a?b?&lt;?");
        // text that is not well-formed math text typesets as the text it is
        assert_eq!(to_latex("$x_{1$ costs $5"), "\\$x\\_\\{1\\$ costs \\$5");
        assert_eq!(to_latex("a lone ` and Sigma_t"), "a lone ` and Sigma\\_t");
    }

    #[test]
    fn svg_text_is_unicode_with_scripts() {
        assert_eq!(to_svg("$\\rho = -\\tfrac{1}{2}$"), "ρ = -1/2");
        assert_eq!(to_svg("$\\dim I$"), "dim I");
        assert_eq!(
            to_svg("$v_t(x)$"),
            "v<tspan dy=\"0.30em\" font-size=\"75%\">t</tspan><tspan dy=\"-0.30em\">(x)</tspan>"
        );
        assert!(to_svg("$\\Phi_1$ & co").starts_with("Φ<tspan"));
        assert!(to_svg("$\\Phi_1$ & co").ends_with("&amp; co</tspan>"));
        assert_eq!(
            to_svg("$e^{3/2}$"),
            "e<tspan dy=\"-0.45em\" font-size=\"75%\">3/2</tspan><tspan dy=\"0.45em\"></tspan>"
        );
    }
}
