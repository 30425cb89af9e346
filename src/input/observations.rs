//! Observations of a field, as a user writes them from NumPy: a CSV file or
//! a `.npy` array with one row per observation, columns `t`, the point `x`
//! (`D` columns) and the observed field value `v` (`D` columns)
//! (docs/file-formats.md, "Observations of a field").
//!
//! Contract: every number is exact. A CSV cell is read from its decimal
//! text (`0.1` is one tenth); a `.npy` entry (`float64` or `float32`, C
//! order, shape `(N, 1 + 2D)`) is the binary rational it stores (`0.1`
//! there is `3602879701896397 / 2^55`). Errors name the file, the line
//! (CSV) or row, and the column; non-finite entries are refused.

use super::InputError;
use crate::exact::{parse_rational, Q};
use crate::limits::{MAX_OBSERVATIONS, MAX_OBSERVATION_FILE_BYTES};
use std::path::Path;

/// One observation: at time `t` and point `x`, the value `v` of the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observation {
    /// The time.
    pub t: Q,
    /// The point.
    pub x: Vec<Q>,
    /// The observed value.
    pub v: Vec<Q>,
}

/// Reads a CSV or `.npy` file of observations (by its extension) in
/// dimension `dim`.
pub fn read(path: &Path, dim: usize) -> Result<Vec<Observation>, InputError> {
    let name = path.display().to_string();
    let fail = |message: String| InputError {
        file: name.clone(),
        line: None,
        field: None,
        message,
    };
    let bytes = super::read_file(path, "a CSV or .npy file", MAX_OBSERVATION_FILE_BYTES)?;
    if path.extension().is_some_and(|e| e == "npy") {
        npy(&name, &bytes, dim)
    } else {
        let text =
            String::from_utf8(bytes).map_err(|_| fail("the file is not UTF-8 text".into()))?;
        csv(&name, &text, dim)
    }
}

/// The column names of dimension `dim`: `t, x1..xD, v1..vD` (`t, x, v` when `D = 1`).
pub fn columns(dim: usize) -> Vec<String> {
    let named = |p: &str| -> Vec<String> {
        if dim == 1 {
            vec![p.to_string()]
        } else {
            (1..=dim).map(|i| format!("{p}{i}")).collect()
        }
    };
    std::iter::once("t".to_string())
        .chain(named("x"))
        .chain(named("v"))
        .collect()
}

fn in_unit_interval(t: &Q) -> bool {
    *t >= Q::from_integer(0.into()) && *t <= Q::from_integer(1.into())
}

fn row_of(values: Vec<Q>, dim: usize) -> Observation {
    Observation {
        t: values[0].clone(),
        x: values[1..=dim].to_vec(),
        v: values[dim + 1..].to_vec(),
    }
}

/// Parses CSV text: `#` comments and blank lines skipped, a header naming
/// the columns, then one observation per line.
pub fn csv(name: &str, text: &str, dim: usize) -> Result<Vec<Observation>, InputError> {
    let expected = columns(dim);
    let at = |line: usize, field: Option<&str>, message: String| InputError {
        file: name.into(),
        line: Some(line),
        field: field.map(String::from),
        message,
    };
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'));
    let Some((header_line, header)) = lines.next() else {
        return Err(InputError {
            file: name.into(),
            line: None,
            field: None,
            message: format!("no header: expected the columns {}", expected.join(",")),
        });
    };
    let names: Vec<&str> = header.split(',').map(str::trim).collect();
    if names != expected {
        return Err(at(
            header_line,
            None,
            format!(
                "the header is `{header}`; for D = {dim} the columns are {}",
                expected.join(",")
            ),
        ));
    }
    let mut out = Vec::new();
    for (line, text) in lines {
        if out.len() >= MAX_OBSERVATIONS {
            return Err(at(
                line,
                None,
                format!("more than {MAX_OBSERVATIONS} observations"),
            ));
        }
        let cells: Vec<&str> = text.split(',').collect();
        if cells.len() != expected.len() {
            return Err(at(
                line,
                None,
                format!(
                    "{} cells, expected {} ({})",
                    cells.len(),
                    expected.len(),
                    expected.join(",")
                ),
            ));
        }
        let values = cells
            .iter()
            .zip(&expected)
            .map(|(cell, column)| {
                parse_rational(cell).map_err(|e| at(line, Some(column), e.to_string()))
            })
            .collect::<Result<Vec<Q>, _>>()?;
        if !in_unit_interval(&values[0]) {
            return Err(at(line, Some("t"), "t must lie in [0, 1]".into()));
        }
        out.push(row_of(values, dim));
    }
    if out.is_empty() {
        return Err(at(
            header_line,
            None,
            "no observations after the header".into(),
        ));
    }
    Ok(out)
}

/// Parses a `.npy` array: format 1.0 to 3.0, `<f8` or `<f4`, C order, shape `(N, 1 + 2D)`.
pub fn npy(name: &str, bytes: &[u8], dim: usize) -> Result<Vec<Observation>, InputError> {
    let fail = |field: Option<String>, message: String| InputError {
        file: name.into(),
        line: None,
        field,
        message,
    };
    let bad = |m: &str| fail(None, format!("not a .npy array this reader takes: {m}"));
    if bytes.len() < 10 || &bytes[..6] != b"\x93NUMPY" {
        return Err(bad("the magic string \\x93NUMPY is missing"));
    }
    let (header_len, start) = match bytes[6] {
        1 => (u16::from_le_bytes([bytes[8], bytes[9]]) as usize, 10usize),
        2 | 3 if bytes.len() >= 12 => (
            u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]) as usize,
            12,
        ),
        _ => return Err(bad("unknown format version")),
    };
    let header = bytes
        .get(start..start.saturating_add(header_len))
        .and_then(|h| std::str::from_utf8(h).ok())
        .ok_or_else(|| bad("the header is cut short or not text"))?;
    let squeezed: String = header.chars().filter(|c| !c.is_whitespace()).collect();
    let width = if squeezed.contains("'descr':'<f8'") {
        8
    } else if squeezed.contains("'descr':'<f4'") {
        4
    } else {
        return Err(bad(
            "the dtype must be little-endian float64 or float32 ('<f8', '<f4')",
        ));
    };
    if !squeezed.contains("'fortran_order':False") {
        return Err(bad("the array must be in C order"));
    }
    let shape = squeezed
        .split("'shape':(")
        .nth(1)
        .and_then(|s| s.split(')').next())
        .ok_or_else(|| bad("no shape"))?;
    let dims: Vec<usize> = shape
        .split(',')
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<usize>())
        .collect::<Result<_, _>>()
        .map_err(|_| bad("the shape is not a tuple of integers"))?;
    let cols = columns(dim);
    if dims.len() != 2 || dims[1] != cols.len() {
        return Err(bad(&format!(
            "the shape is ({shape}); for D = {dim} it must be (N, {}) with the columns {}",
            cols.len(),
            cols.join(",")
        )));
    }
    let rows = dims[0];
    if rows == 0 || rows > MAX_OBSERVATIONS {
        return Err(bad(&format!(
            "expected 1 to {MAX_OBSERVATIONS} rows, found {rows}"
        )));
    }
    let data = &bytes[start + header_len..];
    if data.len() != rows * cols.len() * width {
        return Err(bad(&format!(
            "the data have {} bytes, the shape needs {}",
            data.len(),
            rows * cols.len() * width
        )));
    }
    let mut out = Vec::with_capacity(rows);
    for (r, chunk) in data.chunks(cols.len() * width).enumerate() {
        let values = chunk
            .chunks(width)
            .zip(&cols)
            .map(|(b, column)| {
                let x = if width == 8 {
                    f64::from_le_bytes(b.try_into().expect("8 bytes"))
                } else {
                    f32::from_le_bytes(b.try_into().expect("4 bytes")) as f64
                };
                Q::from_float(x).ok_or_else(|| {
                    fail(
                        Some(format!("[{r}].{column}")),
                        format!("{x} is not a finite number"),
                    )
                })
            })
            .collect::<Result<Vec<Q>, _>>()?;
        if !in_unit_interval(&values[0]) {
            return Err(fail(
                Some(format!("[{r}].t")),
                "t must lie in [0, 1]".into(),
            ));
        }
        out.push(row_of(values, dim));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_reads_decimals_exactly_and_names_line_and_column() {
        let rows = csv("s.csv", "# a comment\nt,x,v\n0.1,1/3,-2\n", 1).unwrap();
        assert_eq!(rows[0].t, Q::new(1.into(), 10.into()));
        assert_eq!(rows[0].x[0], Q::new(1.into(), 3.into()));
        let e = csv("s.csv", "t,x1,x2,v1,v2\n0,1,2,3,nan\n", 2).unwrap_err();
        assert_eq!(e.line, Some(2));
        assert_eq!(e.field.as_deref(), Some("v2"));
        let e = csv("s.csv", "t,x,v\n", 2).unwrap_err();
        assert!(e.message.contains("t,x1,x2,v1,v2"), "{e}");
        let e = csv("s.csv", "t,x,v\n1/2,0,0\n2,1,1\n", 1).unwrap_err();
        assert_eq!((e.line, e.field.as_deref()), (Some(3), Some("t")));
    }

    fn npy_bytes(descr: &str, shape: &str, data: &[u8]) -> Vec<u8> {
        let mut header =
            format!("{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}");
        while (10 + header.len() + 1) % 64 != 0 {
            header.push(' ');
        }
        header.push('\n');
        let mut out = b"\x93NUMPY\x01\x00".to_vec();
        out.extend((header.len() as u16).to_le_bytes());
        out.extend(header.as_bytes());
        out.extend(data);
        out
    }

    #[test]
    fn npy_reads_the_binary_rationals_and_refuses_what_it_cannot_read() {
        let data: Vec<u8> = [0.1f64, 2.0, -0.5]
            .iter()
            .flat_map(|x| x.to_le_bytes())
            .collect();
        let rows = npy("a.npy", &npy_bytes("<f8", "(1, 3)", &data), 1).unwrap();
        assert_eq!(rows[0].t, Q::from_float(0.1).unwrap());
        assert_ne!(rows[0].t, Q::new(1.into(), 10.into()));
        let bad: Vec<u8> = [0.5f64, f64::NAN, 1.0]
            .iter()
            .flat_map(|x| x.to_le_bytes())
            .collect();
        let e = npy("a.npy", &npy_bytes("<f8", "(1, 3)", &bad), 1).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("[0].x"));
        assert!(npy("a.npy", &npy_bytes("<f8", "(1, 5)", &data), 1).is_err());
        assert!(npy("a.npy", &npy_bytes(">f8", "(1, 3)", &data), 1).is_err());
        assert!(npy("a.npy", &data, 1).is_err());
        let cut = npy_bytes("<f8", "(2, 3)", &data);
        assert!(npy("a.npy", &cut, 1).unwrap_err().message.contains("bytes"));
    }
}
