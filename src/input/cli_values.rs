//! Values of a request (command-line options, Python call arguments):
//! exact numbers, points and grids.
//!
//! Errors are [`InputError`]s with the origin [`ARGUMENTS`] as their file
//! and the value's name (`t`, `x`) as the field, whichever front door the
//! request came through.

use super::InputError;
use crate::exact::parse_rational;
use crate::exact::Q;
use crate::limits::MAX_GRID_POINTS;

/// The origin of errors in request values.
pub const ARGUMENTS: &str = "<arguments>";

fn error(option: &str, message: impl Into<String>) -> InputError {
    InputError {
        file: ARGUMENTS.into(),
        line: None,
        field: Some(option.into()),
        message: message.into(),
    }
}

/// An exact number given to `option`.
pub fn number(option: &str, text: &str) -> Result<Q, InputError> {
    parse_rational(text).map_err(|e| error(option, e.to_string()))
}

/// A time in `[0, 1]`.
pub fn time(option: &str, text: &str) -> Result<Q, InputError> {
    let t = number(option, text)?;
    if t < Q::from_integer(0.into()) || t > Q::from_integer(1.into()) {
        return Err(error(option, format!("t = {text} is outside [0, 1]")));
    }
    Ok(t)
}

/// Points in dimension `dim`: `D` numbers separated by commas, several
/// points separated by semicolons (`0,0; 1,1/2`), or, in dimension 1, a
/// grid `a:b:n` of `n` exactly spaced points from `a` to `b`, both
/// included.
pub fn points(option: &str, text: &str, dim: usize) -> Result<Vec<Vec<Q>>, InputError> {
    if text.contains(':') {
        if dim != 1 {
            return Err(error(
                option,
                format!("a grid a:b:n is for dimension 1; this plan has dimension {dim}"),
            ));
        }
        return Ok(grid(option, text)?.into_iter().map(|x| vec![x]).collect());
    }
    let several = text.contains(';');
    text.split(';')
        .enumerate()
        .map(|(i, point)| {
            let coords: Vec<Q> = point
                .split(',')
                .map(|s| number(option, s))
                .collect::<Result<_, _>>()?;
            if coords.len() == dim {
                return Ok(coords);
            }
            Err(error(
                option,
                if dim == 1 && !several {
                    format!("expected one number, found {}", coords.len())
                } else {
                    // as the front door words a point of the wrong dimension
                    format!(
                        "point {i}: expected {dim} coordinates, found {}",
                        coords.len()
                    )
                },
            ))
        })
        .collect()
}

/// How many points a `--x` text asks for, read without building them: the
/// `n` of a grid `a:b:n` (`None` if it does not parse), else the number of
/// points separated by semicolons.
pub fn point_count(text: &str) -> Option<usize> {
    match text.split(':').collect::<Vec<_>>()[..] {
        [_, _, n] => n.trim().parse().ok(),
        [_] => Some(text.split(';').count()),
        _ => None,
    }
}

/// The grid `a:b:n`.
pub fn grid(option: &str, text: &str) -> Result<Vec<Q>, InputError> {
    let parts: Vec<&str> = text.split(':').collect();
    let [a, b, n] = parts[..] else {
        return Err(error(
            option,
            "a grid is written a:b:n (from a to b, n points)",
        ));
    };
    let (a, b) = (number(option, a)?, number(option, b)?);
    let n: usize = n.trim().parse().map_err(|_| {
        error(
            option,
            format!("the point count `{n}` is not a positive integer"),
        )
    })?;
    if n == 0 || n > MAX_GRID_POINTS {
        return Err(error(
            option,
            format!("the point count must be 1 to {MAX_GRID_POINTS}, found {n}"),
        ));
    }
    if a > b {
        return Err(error(option, "a grid a:b:n needs a <= b"));
    }
    if n == 1 {
        return Ok(vec![a]);
    }
    let step = (&b - &a) / Q::from_integer((n - 1).into());
    Ok((0..n)
        .map(|i| &a + &step * Q::from_integer(i.into()))
        .collect())
}
