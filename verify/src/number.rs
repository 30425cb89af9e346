//! Numbers of a certificate, read exactly: integers, `p/q`, and decimals
//! with an optional exponent (`-1.25e-30`), as JSON strings (or JSON
//! integers).

use rug::ops::Pow;
use rug::{Integer, Rational};
use serde_json::Value;

/// The largest decimal exponent and the longest number accepted.
const MAX_EXPONENT: i64 = 100_000;
const MAX_CHARS: usize = 100_000;

/// A number of a certificate as an exact rational.
pub fn rational(v: &Value) -> Result<Rational, String> {
    match v {
        Value::String(s) => parse(s),
        Value::Number(n) if n.is_i64() || n.is_u64() => parse(&n.to_string()),
        other => Err(format!("`{other}` is not an exact number")),
    }
}

/// Parses `p/q`, an integer or a decimal with an exponent.
pub fn parse(s: &str) -> Result<Rational, String> {
    let bad = || format!("`{s}` is not a number");
    if s.len() > MAX_CHARS {
        return Err(format!("a number of {} characters", s.len()));
    }
    // plain ASCII digits with an optional sign, nothing else (no `_`, no
    // spaces: what the checker writes)
    let integer = |t: &str| -> Result<Integer, String> {
        let digits = t.strip_prefix('-').unwrap_or(t);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        t.parse().map_err(|_| bad())
    };
    if let Some((p, q)) = s.split_once('/') {
        let p = integer(p)?;
        let q = integer(q)?;
        if q == 0 {
            return Err(bad());
        }
        return Ok(Rational::from((p, q)));
    }
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], s[i + 1..].parse::<i64>().map_err(|_| bad())?),
        None => (s, 0),
    };
    let (negative, digits) = match mantissa.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, mantissa.strip_prefix('+').unwrap_or(mantissa)),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() && fraction.is_empty()
        || !whole
            .bytes()
            .chain(fraction.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return Err(bad());
    }
    // bounded before any arithmetic on it (no overflow at i64::MIN)
    if !(-MAX_EXPONENT..=MAX_EXPONENT).contains(&exponent) || fraction.len() as i64 > MAX_EXPONENT {
        return Err(format!("`{s}`: exponent beyond 10^{MAX_EXPONENT}"));
    }
    let exponent = exponent - fraction.len() as i64;
    if exponent.abs() > MAX_EXPONENT {
        return Err(format!("`{s}`: exponent beyond 10^{MAX_EXPONENT}"));
    }
    let all = format!("{whole}{fraction}");
    let n: Integer = if all.is_empty() {
        Integer::new()
    } else {
        all.parse().map_err(|_| bad())?
    };
    let n = if negative { -n } else { n };
    let ten = Integer::from(10).pow(exponent.unsigned_abs() as u32);
    Ok(if exponent >= 0 {
        Rational::from(n * ten)
    } else {
        Rational::from((n, ten))
    })
}

/// A vector of numbers.
pub fn vector(v: &Value) -> Result<Vec<Rational>, String> {
    v.as_array()
        .ok_or_else(|| format!("`{v}` is not an array"))?
        .iter()
        .map(rational)
        .collect()
}

/// A field of an object.
pub fn get<'a>(v: &'a Value, key: &str) -> Result<&'a Value, String> {
    v.get(key).ok_or_else(|| format!("no `{key}`"))
}

/// A small nonnegative integer field.
pub fn count(v: &Value, key: &str, max: u64) -> Result<u64, String> {
    get(v, key)?
        .as_u64()
        .filter(|n| *n <= max)
        .ok_or_else(|| format!("`{key}` is not an integer from 0 to {max}"))
}

/// A printed end of a residual: a number as [`rational`] reads it, or a
/// positive decimal too small for it (`5.9e-323228378`, an upper bound the
/// checker printed for a residual below every representable tolerance),
/// which stands in as `10^-(MAX_EXPONENT + 2 MAX_CHARS)`: positive, and
/// below every number [`rational`] reads but 0, so it compares with any
/// tolerance or bound as the true value does.
pub fn printed_end(v: &Value) -> Result<Rational, String> {
    let read = rational(v);
    let Err(why) = read else { return read };
    let tiny = v.as_str().and_then(|s| {
        let (mantissa, exponent) = s.split_once('e')?;
        let exponent: i64 = exponent.parse().ok()?;
        let digits_ok = !mantissa.is_empty()
            && mantissa.bytes().all(|b| b.is_ascii_digit() || b == b'.')
            && mantissa.bytes().filter(|&b| b == b'.').count() <= 1
            && mantissa.bytes().any(|b| (b'1'..=b'9').contains(&b));
        (digits_ok && exponent < -MAX_EXPONENT && s.len() <= 64).then_some(())
    });
    match tiny {
        Some(()) => {
            let power = Integer::from(10).pow((MAX_EXPONENT as u32) + 2 * MAX_CHARS as u32);
            Ok(Rational::from((Integer::from(1), power)))
        }
        None => Err(why),
    }
}

/// An end of a printed residual, compared only with numbers [`rational`]
/// reads (a tolerance, a bound): [`printed_end`], or the negative of one
/// (`-2.6e-641406548`, the lower end of a residual far in the tails), whose
/// stand-in `-10^-(MAX_EXPONENT + 2 MAX_CHARS)` compares with them as the
/// true value does. Not for containment, where a negative stand-in would
/// be looser than the stated end.
pub fn residual_end(v: &Value) -> Result<Rational, String> {
    printed_end(v).or_else(|why| match v.as_str().and_then(|s| s.strip_prefix('-')) {
        Some(magnitude) if !magnitude.starts_with('-') => {
            printed_end(&Value::String(magnitude.to_string())).map(|q| -q)
        }
        _ => Err(why),
    })
}

/// An object with no key but `keys` (a stated value carries nothing the
/// verifier does not read).
pub fn only_keys(v: &Value, keys: &[&str]) -> Result<(), String> {
    let object = v.as_object().ok_or("an object was expected")?;
    match object.keys().find(|k| !keys.contains(&k.as_str())) {
        Some(k) => Err(format!("`{k}` where only {} are read", keys.join(", "))),
        None => Ok(()),
    }
}

/// The numbers and strings of a JSON value (its leaves, `null` excluded).
pub fn leaves(v: &Value) -> u64 {
    match v {
        Value::Array(items) => items.iter().map(leaves).sum(),
        Value::Object(map) => map.values().map(leaves).sum(),
        Value::Null => 0,
        _ => 1,
    }
}

/// The characters of the numbers in `v` (string leaves by their length,
/// JSON numbers by their printed length): what exact arithmetic on them
/// costs grows with it.
pub fn characters(v: &Value) -> u64 {
    match v {
        Value::Array(items) => items.iter().map(characters).sum(),
        Value::Object(map) => map.values().map(characters).sum(),
        Value::String(s) => s.len() as u64,
        Value::Number(n) => n.to_string().len() as u64,
        _ => 0,
    }
}

/// Two JSON values with the same shape whose numbers are equal as exact
/// rationals (a number is a string such as `"-1/2"` or `"3e-2"`, or a JSON
/// integer); other leaves must be equal as JSON.
pub fn same_numbers(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_numbers(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_numbers(v, w)))
        }
        (Value::String(_) | Value::Number(_), Value::String(_) | Value::Number(_)) => {
            match (rational(a), rational(b)) {
                (Ok(p), Ok(q)) => p == q,
                _ => a == b,
            }
        }
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_exactly() {
        assert_eq!(parse("-3/7").unwrap(), Rational::from((-3, 7)));
        assert_eq!(parse("0.1").unwrap(), Rational::from((1, 10)));
        assert_eq!(parse("-1.25e-3").unwrap(), Rational::from((-125, 100_000)));
        assert_eq!(parse("2E3").unwrap(), Rational::from(2000));
        assert_eq!(parse("17").unwrap(), Rational::from(17));
        for bad in [
            "",
            "-",
            "1/0",
            "1e",
            "x",
            "1.2.3",
            "1e999999",
            "5e-9223372036854775808",
            "1.5e-9223372036854775807",
            "1_0/1",
            " 1/1",
            "1/ 1",
            "+1/2",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
