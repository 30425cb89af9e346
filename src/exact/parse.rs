//! Exact reading of numbers from text (docs/file-formats.md, "Numbers in input files").
//!
//! Accepted forms, all read as the rational they denote, exactly:
//! an integer `-7`, a fraction `p/q` (integers, `q > 0`), a decimal `0.125`,
//! `.5` or `5.`, scientific notation `1e-3`, `2.5E+4`. A leading `+` is
//! accepted; surrounding ASCII white space is ignored. Anything else,
//! including `nan`, `inf`, an empty string and `1/0`, is a [`NumberError`]
//! that says what was expected. The caller adds file, line and field.
//!
//! Lengths and exponents are bounded by [`crate::limits`], so no input can
//! make the parser allocate more than a few kilobytes per number.

use super::Q;
use crate::limits::{MAX_DECIMAL_EXPONENT, MAX_NUMBER_CHARS};
use num_bigint::BigInt;
use num_traits::{One, Zero};
use std::fmt;

/// Why a text is not a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberError {
    /// The offending text (cut to 40 characters).
    pub text: String,
    /// What is wrong with it.
    pub reason: String,
}

impl fmt::Display for NumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not an exact number: {} (expected an integer, p/q, a decimal or \
             scientific notation such as 1.5e-3)",
            self.text, self.reason
        )
    }
}

impl std::error::Error for NumberError {}

fn error(text: &str, reason: impl Into<String>) -> NumberError {
    let shown: String = text.chars().take(40).collect();
    let shown = if text.chars().count() > 40 {
        format!("{shown}...")
    } else {
        shown
    };
    NumberError {
        text: shown,
        reason: reason.into(),
    }
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Parses an exact rational from text.
///
/// ```
/// use ifm_check::exact::parse_rational;
/// use ifm_check::exact::Q;
/// assert_eq!(parse_rational("0.1").unwrap(), Q::new(1.into(), 10.into()));
/// assert_eq!(parse_rational("-3/6").unwrap(), Q::new((-1).into(), 2.into()));
/// assert_eq!(parse_rational("2.5E+4").unwrap(), Q::from_integer(25000.into()));
/// assert!(parse_rational("1/0").is_err());
/// assert!(parse_rational("nan").is_err());
/// ```
pub fn parse_rational(text: &str) -> Result<Q, NumberError> {
    let s = text.trim_matches(|c: char| c.is_ascii_whitespace());
    if s.is_empty() {
        return Err(error(text, "it is empty"));
    }
    if s.len() > MAX_NUMBER_CHARS {
        return Err(error(
            text,
            format!(
                "it has {} characters, more than the limit of {MAX_NUMBER_CHARS}",
                s.len()
            ),
        ));
    }
    let (negative, body) = match s.as_bytes()[0] {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let magnitude = if let Some((num, den)) = body.split_once('/') {
        if !all_digits(num) || !all_digits(den) {
            return Err(error(
                text,
                "a fraction p/q needs digits on both sides of `/` (and a sign only in front)",
            ));
        }
        let den: BigInt = den.parse().expect("digits");
        if den.is_zero() {
            return Err(error(text, "its denominator is zero"));
        }
        Q::new(num.parse().expect("digits"), den)
    } else {
        parse_decimal(text, body)?
    };
    Ok(if negative { -magnitude } else { magnitude })
}

/// `digits[.digits][e[+-]digits]`, without sign.
fn parse_decimal(text: &str, body: &str) -> Result<Q, NumberError> {
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let (int_part, frac_part) = match mantissa.split_once('.') {
        Some((i, f)) => (i, f),
        None => (mantissa, ""),
    };
    let digits_ok = (int_part.is_empty() || all_digits(int_part))
        && (frac_part.is_empty() || all_digits(frac_part))
        && !(int_part.is_empty() && frac_part.is_empty());
    if !digits_ok {
        return Err(error(
            text,
            "it is not made of digits, one `.` and an exponent",
        ));
    }
    let exp: i64 = match exponent {
        None => 0,
        Some(e) => {
            let (neg, digits) = match e.as_bytes().first() {
                Some(b'-') => (true, &e[1..]),
                Some(b'+') => (false, &e[1..]),
                _ => (false, e),
            };
            if !all_digits(digits) {
                return Err(error(text, "its exponent is not an integer"));
            }
            let trimmed = digits.trim_start_matches('0');
            let value: u64 = if trimmed.len() > 6 {
                u64::MAX
            } else {
                trimmed.parse().unwrap_or(0)
            };
            if value > u64::from(MAX_DECIMAL_EXPONENT) {
                return Err(error(
                    text,
                    format!("its exponent is beyond the limit of +-{MAX_DECIMAL_EXPONENT}"),
                ));
            }
            let value = value as i64;
            if neg {
                -value
            } else {
                value
            }
        }
    };
    let all: String = format!("{int_part}{frac_part}");
    let numerator: BigInt = if all.is_empty() {
        BigInt::zero()
    } else {
        all.parse().expect("digits")
    };
    // value = numerator * 10^(exp - len(frac))
    let shift = exp - frac_part.len() as i64;
    if shift.unsigned_abs() > 2 * u64::from(MAX_DECIMAL_EXPONENT) + MAX_NUMBER_CHARS as u64 {
        return Err(error(text, "its scale is beyond the limits"));
    }
    let ten_pow = num_traits::pow(BigInt::from(10), shift.unsigned_abs() as usize);
    let value = if shift >= 0 {
        Q::from_integer(numerator * ten_pow)
    } else {
        Q::new(numerator, ten_pow)
    };
    // the exact value obeys the same limit as the text, so that whatever is
    // accepted prints (as p/q) to a text that is accepted again
    if all.len() + shift.unsigned_abs() as usize + 3 > MAX_NUMBER_CHARS {
        let printed = format_rational(&value).len() + 1;
        if printed > MAX_NUMBER_CHARS {
            return Err(error(
                text,
                format!(
                    "its exact value p/q has {printed} characters, more than the limit of {MAX_NUMBER_CHARS}"
                ),
            ));
        }
    }
    Ok(value)
}

/// Prints a rational as docs/file-formats.md's JSON does: `"-3/7"` or `"5"`.
pub fn format_rational(q: &Q) -> String {
    if q.denom().is_one() {
        q.numer().to_string()
    } else {
        format!("{}/{}", q.numer(), q.denom())
    }
}
