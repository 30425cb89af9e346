//! The IEEE 1788 unit test vectors of the ITF1788 suite (Apache-2.0 part,
//! see `tests/itf1788/README.md`), run against [`Interval`] at 53 bits the
//! way IntervalArithmetic.jl runs them: one check per `.itl` line.
//!
//! # What a vector means
//!
//! `op args = expected;` where `expected` is the tightest binary64 result.
//! Every number literal is a binary64 number: the suite's plugins paste the
//! literal into a C++, Julia or Octave double, so a decimal such as `13.1`
//! means the binary64 number nearest to 13.1 (the expected result of
//! `pown [13.1,13.1] 2` is two ulps wide, which only this reading gives).
//! Literals are read exactly (hex and decimal, into `rug::Rational`) and
//! then rounded to binary64 with IEEE subnormals and overflow, never
//! through an `f64` parse.
//!
//! # What is asserted
//!
//! * **containment** (soundness) for every vector: our result, rounded
//!   outward to binary64, contains the expected interval. Our endpoints are
//!   53-bit MPFR floats with a far wider exponent range than binary64, so
//!   the result is first brought into binary64 (subnormals, overflow to
//!   infinity); a sound result always survives this, and an unsound one
//!   that misses part of the true range fails it unless the miss is inside
//!   the last binary64 ulp.
//! * the same containment with each input literal rounded **outward** to
//!   binary64 instead of to nearest (inputs can only grow, so the expected
//!   interval must still be contained); run for the vectors whose literals
//!   are not binary64 numbers.
//! * **tightness** (our binary64-rounded result equals the expected one)
//!   where `Interval` promises it, for bounded inputs: `+ - * /`, `recip`,
//!   `sqr`, `pow_u`, `sqrt`, `ln` are one correctly rounded MPFR call per
//!   end (`sqrt` and `ln` are `[f(lo) down, f(hi) up]`, and a point
//!   argument uses the ternary value), `neg`, `abs`, `hull`, `intersect`,
//!   `max_of` are exact. `exp` is not promised tight: a narrow argument is
//!   enclosed from `exp(lo)` by the slope bound `exp(lo)(1 + 2d)`
//!   (`src/interval/elementary.rs`), so its tightness is only counted.
//!   With an infinite input endpoint tightness is not promised either
//!   (`0 * inf` gives the whole line, `Interval::checked`); it is counted.
//! * **refusals**: `checked_div`, `recip`, `sqrt` and `ln` return an error
//!   exactly when the argument leaves the domain (divisor contains 0,
//!   `lo < 0`, `lo <= 0`). A refusal is sound; each is classed as
//!   consistent with the vector (expected empty or unbounded) or as
//!   conservative (IEEE 1788 restricts to the domain and gets a bounded
//!   result, for example `sqrt [-1, 1] = [0, 1]`).
//! * predicates and numeric functions: equality with the expected value
//!   (`wid`, `mag`: ours is at least the expected value, and equal).
//!
//! `cargo test --test itf1788 -- --nocapture` prints the counts per
//! operation and the skipped vectors with their reasons. Further `.itl`
//! files (for instance the LGPL-licensed `c-xsc.itl`, `fi_lib.itl`,
//! `mpfi.itl` of the suite, not stored here) can be added for one run with
//! `ITF1788_EXTRA=path/a.itl:path/b.itl`.

use ifm_check::exact::convert::rational_to_bigrational;
use ifm_check::interval::{Interval, Tri};
use rug::float::{Round, Special};
use rug::ops::Pow;
use rug::{Float, Integer, Rational};
use std::cmp::Ordering;
use std::collections::BTreeMap;

const PREC: u32 = 53;

/// The suite's files used here, unmodified.
const FILES: [(&str, &str); 5] = [
    (
        "libieeep1788_elem.itl",
        include_str!("itf1788/libieeep1788_elem.itl"),
    ),
    (
        "libieeep1788_set.itl",
        include_str!("itf1788/libieeep1788_set.itl"),
    ),
    (
        "libieeep1788_bool.itl",
        include_str!("itf1788/libieeep1788_bool.itl"),
    ),
    (
        "libieeep1788_num.itl",
        include_str!("itf1788/libieeep1788_num.itl"),
    ),
    (
        "libieeep1788_rec_bool.itl",
        include_str!("itf1788/libieeep1788_rec_bool.itl"),
    ),
];

// ---------------------------------------------------------------- literals

/// A number literal, exactly.
#[derive(Clone, Debug)]
enum Num {
    /// A finite value; the flag records a written minus sign (for `-0.0`).
    Finite(Rational, bool),
    Inf(bool),
    NaN,
}

fn scaled(m: Integer, base: u32, e: i64) -> Rational {
    let p = Integer::from(base).pow(u32::try_from(e.unsigned_abs()).expect("exponent range"));
    if e >= 0 {
        Rational::from(m * p)
    } else {
        Rational::from((m, p))
    }
}

/// Digits `int[.frac]` of `radix` with exponent `exp` of `base`, exactly.
fn mantissa(
    int: &str,
    frac: &str,
    radix: i32,
    base: u32,
    exp: i64,
    per_digit: i64,
) -> Option<Rational> {
    let digits = format!("{int}{frac}");
    let radix_digit = |c: char| c.is_digit(radix as u32);
    if digits.is_empty() || !digits.chars().all(radix_digit) {
        return None;
    }
    let m = Integer::from_str_radix(&digits, radix).ok()?;
    Some(scaled(m, base, exp - per_digit * frac.len() as i64))
}

/// Reads a C99 floating or integer constant (hex or decimal), `infinity`
/// or `NaN`, exactly.
fn parse_num(s: &str) -> Option<Num> {
    let (neg, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    match body {
        "infinity" => return Some(Num::Inf(neg)),
        "NaN" => return Some(Num::NaN),
        _ => {}
    }
    let q = if let Some(hex) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
        let (mant, exp) = match hex.find(['p', 'P']) {
            Some(i) => (&hex[..i], hex[i + 1..].parse::<i64>().ok()?),
            None => (hex, 0),
        };
        let (int, frac) = mant.split_once('.').unwrap_or((mant, ""));
        mantissa(int, frac, 16, 2, exp, 4)?
    } else {
        let (mant, exp) = match body.find(['e', 'E']) {
            Some(i) => (&body[..i], body[i + 1..].parse::<i64>().ok()?),
            None => (body, 0),
        };
        let (int, frac) = mant.split_once('.').unwrap_or((mant, ""));
        mantissa(int, frac, 10, 10, exp, 1)?
    };
    Some(Num::Finite(if neg { -q } else { q }, neg))
}

fn largest64() -> Float {
    Float::with_val(PREC, (Integer::from(1) << 53u32) - 1u32) << 971i32
}

fn infinity(negative: bool) -> Float {
    Float::with_val(
        PREC,
        if negative {
            Special::NegInfinity
        } else {
            Special::Infinity
        },
    )
}

/// A 53-bit float `y`, rounded in direction `r` from an exact value with
/// ternary `o`, brought into binary64: subnormal range and overflow.
fn finish64(mut y: Float, o: Ordering, r: Round) -> Float {
    if !y.is_finite() {
        return y;
    }
    y.subnormalize_ieee_round(o, r);
    let max = largest64();
    if y > max {
        return if r == Round::Down || r == Round::Zero {
            max
        } else {
            infinity(false)
        };
    }
    if y < -max.clone() {
        return if r == Round::Up || r == Round::Zero {
            -max
        } else {
            infinity(true)
        };
    }
    y
}

/// The binary64 number of a literal, rounded in direction `r`
/// (`Nearest` is the literal's meaning; `None` for NaN).
fn num64(n: &Num, r: Round) -> Option<Float> {
    match n {
        Num::Finite(q, neg) if q.cmp0() == Ordering::Equal => {
            let zero = Float::with_val(PREC, 0);
            Some(if *neg { -zero } else { zero })
        }
        Num::Finite(q, _) => {
            let (y, o) = Float::with_val_round(PREC, q, r);
            Some(finish64(y, o, r))
        }
        Num::Inf(neg) => Some(infinity(*neg)),
        Num::NaN => None,
    }
}

/// A float of ours rounded to binary64 in direction `r`.
fn float64(x: &Float, r: Round) -> Float {
    let (y, o) = Float::with_val_round(PREC, x, r);
    finish64(y, o, r)
}

/// Whether a literal is a binary64 number as written.
fn is_binary64(n: &Num) -> bool {
    match n {
        Num::Finite(q, _) => num64(n, Round::Nearest).is_some_and(|f| f.is_finite() && f == *q),
        _ => true,
    }
}

/// An operand or result of a vector.
#[derive(Clone, Debug)]
enum Lit {
    Empty,
    Entire,
    Iv(Num, Num),
    Num(Num),
    Bool(bool),
}

#[derive(Debug)]
struct Vector {
    file: String,
    line: usize,
    text: String,
    op: String,
    args: Vec<Lit>,
    expected: Vec<Lit>,
    /// An interval literal carries a decoration, or `[nai]` appears.
    decorated: bool,
    /// `... signal Exception` or the `tight <= accurate` form.
    other_form: bool,
}

#[derive(Debug, PartialEq)]
enum Tok {
    Interval(String, bool),
    Word(String),
    Punct(char),
    Le,
}

fn tokenize(src: &str) -> Vec<(Tok, usize)> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c == '/' && next == Some('*') {
            i += 2;
            while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                line += usize::from(chars[i] == '\n');
                i += 1;
            }
            i += 2;
        } else if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '[' {
            let start = i + 1;
            while chars[i] != ']' {
                i += 1;
            }
            let body: String = chars[start..i].iter().collect();
            i += 1;
            let decorated = chars.get(i) == Some(&'_');
            if decorated {
                while i < chars.len() && (chars[i] == '_' || chars[i].is_ascii_alphabetic()) {
                    i += 1;
                }
            }
            out.push((Tok::Interval(body, decorated), line));
        } else if c == '<' && next == Some('=') {
            out.push((Tok::Le, line));
            i += 2;
        } else if "{};=".contains(c) {
            out.push((Tok::Punct(c), line));
            i += 1;
        } else {
            let start = i;
            while i < chars.len() && !chars[i].is_whitespace() && !"[]{};=".contains(chars[i]) {
                i += 1;
            }
            out.push((Tok::Word(chars[start..i].iter().collect()), line));
        }
    }
    out
}

fn interval_lit(body: &str) -> Option<Lit> {
    match body.trim() {
        "empty" => return Some(Lit::Empty),
        "entire" => return Some(Lit::Entire),
        _ => {}
    }
    let (a, b) = body.split_once(',')?;
    Some(Lit::Iv(parse_num(a.trim())?, parse_num(b.trim())?))
}

fn word_lit(w: &str) -> Option<Lit> {
    match w {
        "true" => Some(Lit::Bool(true)),
        "false" => Some(Lit::Bool(false)),
        _ => parse_num(w).map(Lit::Num),
    }
}

/// Every vector of a file; panics on text it cannot read, so that no
/// vector is dropped silently.
fn parse_file(file: &str, src: &str) -> Vec<Vector> {
    let toks = tokenize(src);
    let lines: Vec<&str> = src.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        assert_eq!(
            toks[i].0,
            Tok::Word("testcase".into()),
            "{file}:{}",
            toks[i].1
        );
        assert_eq!(toks[i + 2].0, Tok::Punct('{'), "{file}:{}", toks[i].1);
        i += 3;
        while toks[i].0 != Tok::Punct('}') {
            let line = toks[i].1;
            let here = || format!("{file}:{line}: {}", lines[line - 1].trim());
            let Tok::Word(op) = &toks[i].0 else {
                panic!("no operation at {}", here());
            };
            let mut v = Vector {
                file: file.into(),
                line,
                text: lines[line - 1].trim().into(),
                op: op.clone(),
                args: Vec::new(),
                expected: Vec::new(),
                decorated: false,
                other_form: false,
            };
            let mut after_eq = false;
            i += 1;
            while toks[i].0 != Tok::Punct(';') {
                let lit = match &toks[i].0 {
                    Tok::Punct('=') => {
                        after_eq = true;
                        None
                    }
                    Tok::Le => {
                        v.other_form = true;
                        None
                    }
                    Tok::Interval(body, dec) if body.trim() == "nai" || *dec => {
                        v.decorated = true;
                        None
                    }
                    Tok::Interval(body, _) => {
                        Some(interval_lit(body).unwrap_or_else(|| panic!("{}", here())))
                    }
                    Tok::Word(w) if w == "signal" => {
                        v.other_form = true;
                        None
                    }
                    Tok::Word(_) if v.other_form => None,
                    Tok::Word(w) => Some(word_lit(w).unwrap_or_else(|| panic!("{}", here()))),
                    Tok::Punct(_) => panic!("unexpected token at {}", here()),
                };
                if let Some(lit) = lit {
                    if after_eq {
                        v.expected.push(lit);
                    } else {
                        v.args.push(lit);
                    }
                }
                i += 1;
            }
            i += 1;
            out.push(v);
        }
        i += 1;
    }
    out
}

// --------------------------------------------------------------- checking

/// How the literals are turned into binary64 inputs.
#[derive(Clone, Copy, PartialEq)]
enum Inputs {
    /// The suite's meaning: nearest binary64.
    Nearest,
    /// Each end rounded outward.
    Outward,
}

fn interval_of(l: &Lit, how: Inputs) -> Interval {
    let (down, up) = match how {
        Inputs::Nearest => (Round::Nearest, Round::Nearest),
        Inputs::Outward => (Round::Down, Round::Up),
    };
    match l {
        Lit::Entire => Interval::entire(PREC),
        Lit::Iv(a, b) => Interval::from_endpoints(
            num64(a, down).expect("NaN end"),
            num64(b, up).expect("NaN end"),
        )
        .expect("an interval literal"),
        other => panic!("not an interval: {other:?}"),
    }
}

/// The expected interval (`None`: empty).
fn expected_interval(l: &Lit) -> Option<(Float, Float)> {
    match l {
        Lit::Empty => None,
        Lit::Entire => Some((infinity(true), infinity(false))),
        Lit::Iv(a, b) => Some((
            num64(a, Round::Nearest).expect("NaN end"),
            num64(b, Round::Nearest).expect("NaN end"),
        )),
        other => panic!("not an interval: {other:?}"),
    }
}

/// Our result rounded outward to binary64.
fn outward64(x: &Interval) -> (Float, Float) {
    (float64(x.lo(), Round::Down), float64(x.hi(), Round::Up))
}

/// Exact hexadecimal text of a float: `0x<integer>p<exponent>`.
fn hex(x: &Float) -> String {
    match x.to_integer_exp() {
        Some((m, e)) if m != 0 => {
            let sign = if m < 0 { "-" } else { "" };
            format!("{sign}0x{:x}p{e}", m.abs())
        }
        _ => x.to_string(),
    }
}

fn show(e: &(Float, Float)) -> String {
    format!("[{}, {}]", hex(&e.0), hex(&e.1))
}

/// The result of one of our interval-valued operations.
enum Got {
    Value(Interval),
    /// An `IntervalError` (division by an interval containing 0, or an
    /// argument outside the domain).
    Refused,
    /// `intersect` found the intervals disjoint.
    Empty,
}

const INTERVAL_OPS: [&str; 15] = [
    "neg",
    "add",
    "sub",
    "mul",
    "div",
    "recip",
    "sqr",
    "pown",
    "sqrt",
    "exp",
    "log",
    "abs",
    "max",
    "convexHull",
    "intersection",
];
const OTHER_OPS: [&str; 13] = [
    "inf",
    "sup",
    "wid",
    "mag",
    "mid",
    "equal",
    "subset",
    "interior",
    "disjoint",
    "precedes",
    "strictPrecedes",
    "isCommonInterval",
    "isSingleton",
];

/// Tight result promised for bounded inputs.
fn tight_promised(op: &str) -> bool {
    op != "exp"
}

fn natural_exponent(l: &Lit) -> Option<u32> {
    match l {
        Lit::Num(Num::Finite(q, _)) if *q.denom() == 1 => q.numer().to_u32(),
        _ => None,
    }
}

/// Runs an interval-valued operation; also says whether the arguments
/// leave the operation's domain (where our type refuses).
fn run_op(op: &str, x: &[Interval], n: Option<u32>) -> (Got, bool) {
    let value = |r: Result<Interval, _>| r.map_or(Got::Refused, Got::Value);
    let a = &x[0];
    match op {
        "neg" => (Got::Value(-a), false),
        "add" => (Got::Value(a + &x[1]), false),
        "sub" => (Got::Value(a - &x[1]), false),
        "mul" => (Got::Value(a * &x[1]), false),
        "div" => (value(a.checked_div(&x[1])), x[1].contains_zero()),
        "recip" => (value(a.recip()), a.contains_zero()),
        "sqr" => (Got::Value(a.sqr()), false),
        "pown" => (Got::Value(a.pow_u(n.expect("exponent"))), false),
        "sqrt" => (value(a.sqrt()), a.lo().cmp0() == Some(Ordering::Less)),
        "exp" => (Got::Value(a.exp()), false),
        "log" => (value(a.ln()), a.lo().cmp0() != Some(Ordering::Greater)),
        "abs" => (Got::Value(a.abs()), false),
        "max" => (Got::Value(a.max_of(&x[1])), false),
        "convexHull" => (Got::Value(a.hull(&x[1])), false),
        "intersection" => (a.intersect(&x[1]).map_or(Got::Empty, Got::Value), false),
        _ => unreachable!("{op}"),
    }
}

#[derive(Default)]
struct OpStats {
    used: usize,
    bounded_tight: usize,
    bounded_loose: usize,
    unbounded_tight: usize,
    unbounded_loose: usize,
    refused_consistent: usize,
    refused_conservative: usize,
    outward: usize,
}

#[derive(Default)]
struct Run {
    ops: BTreeMap<String, OpStats>,
    skipped: BTreeMap<String, BTreeMap<String, usize>>,
    failures: Vec<String>,
    loose: Vec<String>,
    conservative: Vec<String>,
    vectors: usize,
}

impl Run {
    fn skip(&mut self, v: &Vector, reason: &str) {
        *self
            .skipped
            .entry(reason.to_string())
            .or_default()
            .entry(v.op.clone())
            .or_default() += 1;
    }

    fn fail(&mut self, v: &Vector, what: String) {
        self.failures
            .push(format!("{}:{}: {}\n    {what}", v.file, v.line, v.text));
    }

    fn stats(&mut self, v: &Vector) -> &mut OpStats {
        self.ops.entry(v.op.clone()).or_default()
    }
}

/// Why a vector is not expressible for our type, if it is not.
fn skip_reason(v: &Vector) -> Option<&'static str> {
    if v.decorated {
        return Some("decorated interval or NaI (our type has no decorations)");
    }
    if v.other_form {
        return Some("`signal` or `tight <= accurate` form");
    }
    let known = INTERVAL_OPS.contains(&v.op.as_str())
        || OTHER_OPS.contains(&v.op.as_str())
        || v.op == "isMember";
    if !known {
        return Some("no such operation on Interval");
    }
    if v.args.iter().any(|a| matches!(a, Lit::Empty)) {
        return Some("empty interval operand (our type has no empty interval)");
    }
    if v.op == "pown" && natural_exponent(&v.args[1]).is_none() {
        return Some("pown with a negative exponent (pow_u takes natural exponents)");
    }
    if v.op == "isMember" && !matches!(&v.args[0], Lit::Num(Num::Finite(..))) {
        return Some("isMember of infinity or NaN (contains_rational takes a rational)");
    }
    if v.op == "interior" {
        let (a, b) = (
            interval_of(&v.args[0], Inputs::Nearest),
            interval_of(&v.args[1], Inputs::Nearest),
        );
        let shared = |x: &Float, y: &Float| x.is_infinite() && x == y;
        if shared(a.lo(), b.lo()) || shared(a.hi(), b.hi()) {
            return Some(
                "interior with a shared infinite end (IEEE 1788 counts it interior; \
                 contains_in_interior is strict there, which is conservative)",
            );
        }
    }
    None
}

fn check_interval_op(run: &mut Run, v: &Vector) {
    let intervals: Vec<Lit> = v
        .args
        .iter()
        .filter(|a| !matches!(a, Lit::Num(_)))
        .cloned()
        .collect();
    let n = if v.op == "pown" {
        natural_exponent(&v.args[1])
    } else {
        None
    };
    let x: Vec<Interval> = intervals
        .iter()
        .map(|l| interval_of(l, Inputs::Nearest))
        .collect();
    let bounded = x.iter().all(Interval::is_finite);
    let expected = expected_interval(&v.expected[0]);
    let (got, outside) = run_op(&v.op, &x, n);
    run.stats(v).used += 1;
    match (got, &expected) {
        (Got::Refused, e) => {
            if !outside {
                run.fail(
                    v,
                    "refused although the argument is inside the domain".into(),
                );
            } else if e
                .as_ref()
                .is_none_or(|(lo, hi)| lo.is_infinite() || hi.is_infinite())
            {
                run.stats(v).refused_consistent += 1;
            } else {
                run.stats(v).refused_conservative += 1;
                run.conservative
                    .push(format!("{}:{}: {}", v.file, v.line, v.text));
            }
            return;
        }
        (_, _) if outside => {
            run.fail(
                v,
                "no refusal although the argument leaves the domain".into(),
            );
            return;
        }
        (Got::Empty, None) => {
            let s = run.stats(v);
            s.bounded_tight += usize::from(bounded);
            s.unbounded_tight += usize::from(!bounded);
        }
        (Got::Empty, Some(e)) => {
            run.fail(
                v,
                format!("CONTAINMENT: ours is empty, expected {}", show(e)),
            );
            return;
        }
        (Got::Value(o), None) => {
            run.fail(v, format!("ours is {o:?}, expected empty"));
            return;
        }
        (Got::Value(o), Some(e)) => {
            let o64 = outward64(&o);
            if !(o64.0 <= e.0 && e.1 <= o64.1) {
                run.fail(
                    v,
                    format!(
                        "CONTAINMENT: ours {} (binary64 {}) does not contain expected {}",
                        show(&(o.lo().clone(), o.hi().clone())),
                        show(&o64),
                        show(e)
                    ),
                );
                return;
            }
            let tight = o64.0 == e.0 && o64.1 == e.1;
            let s = run.stats(v);
            match (bounded, tight) {
                (true, true) => s.bounded_tight += 1,
                (true, false) => s.bounded_loose += 1,
                (false, true) => s.unbounded_tight += 1,
                (false, false) => s.unbounded_loose += 1,
            }
            if !tight {
                let note = format!(
                    "{}:{}: {}\n    ours {} (binary64 {}), expected {}",
                    v.file,
                    v.line,
                    v.text,
                    show(&(o.lo().clone(), o.hi().clone())),
                    show(&o64),
                    show(e)
                );
                if bounded && tight_promised(&v.op) {
                    run.fail(v, format!("TIGHTNESS: {note}"));
                } else {
                    run.loose.push(note);
                }
            }
        }
    }
    // The same vector with the literals rounded outward (only where that
    // changes an input): the inputs grow, so containment must still hold.
    let mut literal_ends = intervals.iter().flat_map(|l| match l {
        Lit::Iv(a, b) => vec![a, b],
        _ => vec![],
    });
    if literal_ends.all(is_binary64) {
        return;
    }
    let wide: Vec<Interval> = intervals
        .iter()
        .map(|l| interval_of(l, Inputs::Outward))
        .collect();
    run.stats(v).outward += 1;
    if let ((Got::Value(o), _), Some(e)) = (run_op(&v.op, &wide, n), &expected) {
        let o64 = outward64(&o);
        if !(o64.0 <= e.0 && e.1 <= o64.1) {
            run.fail(
                v,
                format!(
                    "CONTAINMENT (outward inputs): ours {} does not contain expected {}",
                    show(&o64),
                    show(e)
                ),
            );
        }
    }
}

fn check_other_op(run: &mut Run, v: &Vector) {
    let iv = |i: usize| interval_of(&v.args[i], Inputs::Nearest);
    let want_bool = |run: &mut Run, ours: bool| {
        let Lit::Bool(b) = v.expected[0] else {
            panic!("{}:{}: expected a boolean", v.file, v.line);
        };
        if ours != b {
            run.fail(v, format!("ours is {ours}, expected {b}"));
        }
    };
    let want_num = || match &v.expected[0] {
        Lit::Num(n) => num64(n, Round::Nearest).expect("a number"),
        other => panic!("{}:{}: expected a number, not {other:?}", v.file, v.line),
    };
    run.stats(v).used += 1;
    match v.op.as_str() {
        "equal" => want_bool(run, iv(0) == iv(1)),
        "subset" => want_bool(run, iv(1).contains(&iv(0))),
        "interior" => want_bool(run, iv(1).contains_in_interior(&iv(0))),
        "disjoint" => want_bool(run, iv(0).is_disjoint_from(&iv(1))),
        "precedes" => want_bool(run, iv(0).le(&iv(1)) == Tri::True),
        "strictPrecedes" => want_bool(run, iv(0).lt(&iv(1)) == Tri::True),
        "isCommonInterval" => want_bool(run, iv(0).is_finite()),
        "isSingleton" => want_bool(run, iv(0).is_point()),
        "isMember" => {
            let Lit::Num(n) = &v.args[0] else {
                unreachable!()
            };
            let x = num64(n, Round::Nearest).expect("finite");
            let q = rational_to_bigrational(&x.to_rational().expect("finite"));
            want_bool(run, iv(1).contains_rational(&q));
        }
        "inf" | "sup" => {
            let x = iv(0);
            let ours = if v.op == "inf" { x.lo() } else { x.hi() };
            if *ours != want_num() {
                run.fail(v, format!("ours is {}", hex(ours)));
            }
        }
        "wid" | "mag" => {
            let ours = if v.op == "wid" {
                iv(0).width()
            } else {
                iv(0).mag()
            };
            let (ours64, want) = (float64(&ours, Round::Up), want_num());
            if ours64 < want {
                run.fail(
                    v,
                    format!("CONTAINMENT: ours {} is below {}", hex(&ours), hex(&want)),
                );
            } else if ours64 != want {
                run.fail(
                    v,
                    format!("TIGHTNESS: ours {}, expected {}", hex(&ours), hex(&want)),
                );
            }
        }
        "mid" => {
            // A guide only ("a float inside the interval when both ends are
            // finite"): asserted inside, equality with IEEE 1788 counted.
            let x = iv(0);
            let ours = x.mid();
            if x.is_finite() && !(x.lo() <= &ours && &ours <= x.hi()) {
                run.fail(v, format!("ours {} is outside the interval", hex(&ours)));
            }
            let same = float64(&ours, Round::Nearest) == want_num();
            let s = run.stats(v);
            match (x.is_finite(), same) {
                (true, true) => s.bounded_tight += 1,
                (true, false) => s.bounded_loose += 1,
                (false, true) => s.unbounded_tight += 1,
                (false, false) => s.unbounded_loose += 1,
            }
            if !same {
                run.loose.push(format!(
                    "{}:{}: {}\n    ours {}",
                    v.file,
                    v.line,
                    v.text,
                    hex(&ours)
                ));
            }
            return;
        }
        _ => unreachable!("{}", v.op),
    }
    let bounded = v.args.iter().all(|a| match a {
        Lit::Iv(lo, hi) => !matches!(lo, Num::Inf(_)) && !matches!(hi, Num::Inf(_)),
        Lit::Entire => false,
        _ => true,
    });
    let s = run.stats(v);
    s.bounded_tight += usize::from(bounded);
    s.unbounded_tight += usize::from(!bounded);
}

fn check(run: &mut Run, v: &Vector) {
    run.vectors += 1;
    if let Some(reason) = skip_reason(v) {
        run.skip(v, reason);
        return;
    }
    if INTERVAL_OPS.contains(&v.op.as_str()) {
        check_interval_op(run, v);
    } else {
        check_other_op(run, v);
    }
}

fn report(run: &Run) {
    println!("ITF1788 vectors: {} read", run.vectors);
    println!(
        "{:<17} {:>5} {:>13} {:>15} {:>15} {:>8}",
        "operation", "used", "bounded t/l", "unbounded t/l", "refused c/cons", "outward"
    );
    let mut used = 0;
    for (op, s) in &run.ops {
        used += s.used;
        println!(
            "{:<17} {:>5} {:>13} {:>15} {:>15} {:>8}",
            op,
            s.used,
            format!("{}/{}", s.bounded_tight, s.bounded_loose),
            format!("{}/{}", s.unbounded_tight, s.unbounded_loose),
            format!("{}/{}", s.refused_consistent, s.refused_conservative),
            s.outward
        );
    }
    println!("used: {used}");
    println!("(t/l: result equal to / strictly wider than the expected one; refused c/cons:");
    println!(" error with an expected result that is empty or unbounded / bounded;");
    println!(" outward: also checked with the literals rounded outward)");
    let mut skipped = 0;
    for (reason, ops) in &run.skipped {
        let n: usize = ops.values().sum();
        skipped += n;
        let list: Vec<String> = ops.iter().map(|(op, k)| format!("{op} {k}")).collect();
        println!("skipped {n}: {reason}\n    {}", list.join(", "));
    }
    println!("skipped: {skipped}");
    if !run.conservative.is_empty() {
        println!(
            "refused where IEEE 1788 restricts to the domain and has a bounded result ({}):",
            run.conservative.len()
        );
        for l in &run.conservative {
            println!("  {l}");
        }
    }
    if !run.loose.is_empty() {
        println!(
            "not tight where tightness is not promised ({}):",
            run.loose.len()
        );
        for l in &run.loose {
            println!("  {l}");
        }
    }
}

#[test]
fn itf1788_vectors() {
    let mut sources: Vec<(String, String)> = FILES
        .iter()
        .map(|(f, s)| (f.to_string(), s.to_string()))
        .collect();
    if let Ok(extra) = std::env::var("ITF1788_EXTRA") {
        for path in extra.split(':').filter(|p| !p.is_empty()) {
            let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
            sources.push((path.to_string(), text));
        }
    }
    let mut run = Run::default();
    for (file, src) in &sources {
        for v in parse_file(file, src) {
            check(&mut run, &v);
        }
    }
    report(&run);
    assert!(
        run.failures.is_empty(),
        "{} failures:\n{}",
        run.failures.len(),
        run.failures.join("\n")
    );
}

/// The literal reader: exact decimals and hex floats, binary64 rounding
/// with subnormals and overflow.
#[test]
fn literals_are_read_exactly() {
    let exact = |s: &str| match parse_num(s) {
        Some(Num::Finite(q, _)) => q,
        other => panic!("{s}: {other:?}"),
    };
    assert_eq!(exact("0.1"), Rational::from((1, 10)));
    assert_eq!(exact("-.25"), Rational::from((-1, 4)));
    assert_eq!(
        exact("3e300"),
        Rational::from(Integer::from(3) * Integer::from(10).pow(300))
    );
    assert_eq!(exact("0X1.8P+1"), Rational::from(3));
    assert_eq!(
        exact("0xF.FFFFFFFFFFFF8P+1020"),
        Rational::from(largest64().to_integer().unwrap())
    );
    assert_eq!(
        exact("0x123456789p-16"),
        Rational::from((0x1_2345_6789i64, 1 << 16))
    );
    assert_eq!(exact("+8"), Rational::from(8));
    let near = |s: &str| num64(&parse_num(s).unwrap(), Round::Nearest).unwrap();
    let down = |s: &str| num64(&parse_num(s).unwrap(), Round::Down).unwrap();
    let up = |s: &str| num64(&parse_num(s).unwrap(), Round::Up).unwrap();
    // 0.1 lies between two binary64 neighbours, nearest is the upper one
    assert_eq!(near("0.1"), near("0X1.999999999999AP-4"));
    assert_eq!(down("0.1"), near("0X1.9999999999999P-4"));
    assert_eq!(up("0.1"), near("0X1.999999999999AP-4"));
    assert!(is_binary64(&parse_num("0X0.0000000000001P-1022").unwrap()));
    assert!(!is_binary64(&parse_num("0.1").unwrap()));
    // subnormals: 2^-1075 is a tie between 0 and 2^-1074 (even: 0);
    // 3 * 2^-1076 rounds to 2^-1074
    assert_eq!(near("0x1p-1075"), 0);
    assert_eq!(up("0x1p-1075"), near("0x1p-1074"));
    assert_eq!(near("0x3p-1076"), near("0x1p-1074"));
    assert!(!is_binary64(&parse_num("0x1p-1075").unwrap()));
    assert!(!is_binary64(&parse_num("0x1.0000000000001p-1070").unwrap()));
    // overflow: MAX + half an ulp is a tie (even: infinity)
    assert_eq!(near("0x1.FFFFFFFFFFFFF8p1023"), infinity(false));
    assert_eq!(near("0x1.FFFFFFFFFFFFF7p1023"), largest64());
    assert_eq!(down("1e400"), largest64());
    assert_eq!(up("-1e400"), -largest64());
    assert_eq!(near("-1e400"), infinity(true));
    assert!(near("-0.0").is_sign_negative());
}
