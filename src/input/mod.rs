//! Reading TOML input files with exact numbers and located errors.
//!
//! Contract: every value read through this module is exact (numbers follow
//! docs/file-formats.md "Numbers in input files": a TOML float is read from its decimal
//! text, never through a binary double), and every error names the file,
//! the line and the field, and says what was expected. Files larger than
//! [`crate::limits::MAX_FILE_BYTES`] are refused before they are read.

pub mod cli_values;
pub mod observations;

use crate::exact::parse_rational;
use crate::exact::Q;
use crate::limits::MAX_FILE_BYTES;
use std::fmt;
use std::ops::Range;
use std::path::Path;
use toml_edit::{Item, TableLike, Value};

/// A bad input: where it is and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The file (or `<arguments>`, the values of a request).
    pub file: String,
    /// The 1-based line, when known.
    pub line: Option<usize>,
    /// The field, as a path such as `component[2].weight` or `s00[1][0]`.
    pub field: Option<String>,
    /// What is wrong and what was expected.
    pub message: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ": field `{field}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for InputError {}

/// The bytes of the file at `path` (`what` it should be, for the error
/// when it is a folder); refuses missing files and files over `limit` bytes
/// before reading them. Errors name the file.
pub fn read_file(path: &Path, what: &str, limit: u64) -> Result<Vec<u8>, InputError> {
    let fail = |message: String| InputError {
        file: path.display().to_string(),
        line: None,
        field: None,
        message,
    };
    let meta = std::fs::metadata(path).map_err(|e| fail(format!("cannot read the file: {e}")))?;
    if meta.is_dir() {
        return Err(fail(format!("is a folder, expected {what}")));
    }
    if meta.len() > limit {
        return Err(fail(format!(
            "the file has {} bytes, more than the limit of {limit}",
            meta.len()
        )));
    }
    std::fs::read(path).map_err(|e| fail(format!("cannot read the file: {e}")))
}

/// A parsed TOML document with its name, for located errors.
pub struct Document {
    name: String,
    doc: toml_edit::Document<String>,
}

impl Document {
    /// Reads and parses a file; refuses folders, missing files, files over
    /// the size limit and text that is not UTF-8 TOML.
    pub fn read(path: &Path) -> Result<Document, InputError> {
        let name = path.display().to_string();
        let bytes = read_file(path, "a TOML file", MAX_FILE_BYTES)?;
        let fail = |message: String| InputError {
            file: name.clone(),
            line: None,
            field: None,
            message,
        };
        let text =
            String::from_utf8(bytes).map_err(|_| fail("the file is not UTF-8 text".into()))?;
        Document::parse(&name, text)
    }

    /// Parses TOML text under a display name.
    pub fn parse(name: &str, text: String) -> Result<Document, InputError> {
        if text.len() as u64 > MAX_FILE_BYTES {
            return Err(InputError {
                file: name.into(),
                line: None,
                field: None,
                message: format!("the text is longer than the limit of {MAX_FILE_BYTES} bytes"),
            });
        }
        match toml_edit::Document::parse(text.clone()) {
            Ok(doc) => Ok(Document {
                name: name.into(),
                doc,
            }),
            Err(e) => {
                let line = e.span().map(|s| line_of(&text, s.start));
                // an unquoted fraction (`1/2`) is the usual cause of this one
                let fraction = line
                    .and_then(|l| text.lines().nth(l.saturating_sub(1)))
                    .is_some_and(|l| l.split('=').nth(1).is_some_and(|v| v.contains('/')));
                let hint = if fraction {
                    ": write fractions as strings, for example \"1/2\""
                } else {
                    ""
                };
                Err(InputError {
                    file: name.into(),
                    line,
                    field: None,
                    message: format!("malformed TOML: {}{hint}", e.message().trim()),
                })
            }
        }
    }

    /// The file name used in errors.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The top-level table.
    pub fn root(&self) -> Table<'_> {
        Table {
            doc: self,
            table: self.doc.as_table(),
            path: String::new(),
            span: Some(0..0),
        }
    }

    fn line(&self, span: &Option<Range<usize>>) -> Option<usize> {
        span.as_ref().map(|s| line_of(self.doc.raw(), s.start))
    }

    /// An error located at `span`, about `field`.
    pub fn error(
        &self,
        span: &Option<Range<usize>>,
        field: &str,
        message: impl Into<String>,
    ) -> InputError {
        InputError {
            file: self.name.clone(),
            line: self.line(span),
            field: (!field.is_empty()).then(|| field.to_string()),
            message: message.into(),
        }
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// A table (standard or inline) inside a document.
#[derive(Clone)]
pub struct Table<'a> {
    doc: &'a Document,
    table: &'a dyn TableLike,
    path: String,
    span: Option<Range<usize>>,
}

/// A value inside a document, with its field path.
#[derive(Clone)]
pub struct Field<'a> {
    doc: &'a Document,
    item: FieldItem<'a>,
    path: String,
    span: Option<Range<usize>>,
}

#[derive(Clone, Copy)]
enum FieldItem<'a> {
    Item(&'a Item),
    Value(&'a Value),
}

impl<'a> Table<'a> {
    /// The field path of this table (empty for the root).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// An error about this table.
    pub fn error(&self, message: impl Into<String>) -> InputError {
        self.doc.error(&self.span, &self.path, message)
    }

    /// Refuses any key not in `allowed`, naming the key and its line.
    pub fn deny_unknown_keys(&self, allowed: &[&str]) -> Result<(), InputError> {
        for (key, _) in self.table.iter() {
            if !allowed.contains(&key) {
                let span = self.table.key(key).and_then(|k| k.span());
                return Err(self.doc.error(
                    &span,
                    &join(&self.path, key),
                    format!("unknown key; expected one of: {}", allowed.join(", ")),
                ));
            }
        }
        Ok(())
    }

    /// The field `key`, if present.
    pub fn get(&self, key: &str) -> Option<Field<'a>> {
        let item = self.table.get(key)?;
        let span = item
            .span()
            .or_else(|| self.table.key(key).and_then(|k| k.span()));
        Some(Field {
            doc: self.doc,
            item: FieldItem::Item(item),
            path: join(&self.path, key),
            span,
        })
    }

    /// The field `key`; an error naming it when it is missing.
    pub fn require(&self, key: &str) -> Result<Field<'a>, InputError> {
        self.get(key).ok_or_else(|| {
            self.doc
                .error(&self.span, &join(&self.path, key), "missing required field")
        })
    }
}

impl<'a> Field<'a> {
    /// The field path, such as `component[2].weight`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The 1-based line of the field, when known.
    pub fn line(&self) -> Option<usize> {
        self.doc.line(&self.span)
    }

    /// An error about this field.
    pub fn error(&self, message: impl Into<String>) -> InputError {
        self.doc.error(&self.span, &self.path, message)
    }

    fn value(&self) -> Option<&'a Value> {
        match self.item {
            FieldItem::Item(i) => i.as_value(),
            FieldItem::Value(v) => Some(v),
        }
    }

    /// What the field holds, in TOML's words (`string`, `boolean`,
    /// `array`, ...), for messages that say what was found.
    pub fn found(&self) -> &'static str {
        self.kind()
    }

    fn kind(&self) -> &'static str {
        match self.item {
            FieldItem::Item(i) => i.type_name(),
            FieldItem::Value(v) => v.type_name(),
        }
    }

    /// The exact number in this field: a TOML integer, a string such as
    /// `"1/3"` or `"2.5e-3"`, or a TOML float read from its decimal text.
    pub fn number(&self) -> Result<Q, InputError> {
        let text = match self.value() {
            Some(Value::Integer(i)) => return Ok(Q::from_integer((*i.value()).into())),
            Some(Value::String(s)) => s.value().clone(),
            Some(Value::Float(f)) => match f.span() {
                // TOML allows `1_000.5`; the underscores carry no value
                Some(span) => self.doc.doc.raw()[span].replace('_', ""),
                None => return Err(self.error("a float without source text")),
            },
            _ => {
                return Err(self.error(format!(
                "expected a number (an integer, or a string such as \"1/3\" or \"0.25\"), found {}",
                self.kind()
            )))
            }
        };
        parse_rational(&text).map_err(|e| self.error(e.to_string()))
    }

    /// A string field.
    pub fn string(&self) -> Result<&'a str, InputError> {
        match self.value() {
            Some(Value::String(s)) => Ok(s.value().as_str()),
            _ => Err(self.error(format!("expected a string, found {}", self.kind()))),
        }
    }

    /// A boolean field: `true` or `false`.
    pub fn boolean(&self) -> Result<bool, InputError> {
        match self.value() {
            Some(Value::Boolean(b)) => Ok(*b.value()),
            _ => Err(self.error(format!(
                "expected a boolean (`true` or `false`, without quotes), found {}",
                self.kind()
            ))),
        }
    }

    /// Whether the field holds an array.
    pub fn is_array(&self) -> bool {
        matches!(self.value(), Some(Value::Array(_)))
    }

    /// The elements of an array field.
    pub fn array(&self) -> Result<Vec<Field<'a>>, InputError> {
        match self.value() {
            Some(Value::Array(a)) => Ok(a
                .iter()
                .enumerate()
                .map(|(i, v)| Field {
                    doc: self.doc,
                    item: FieldItem::Value(v),
                    path: format!("{}[{i}]", self.path),
                    span: v.span().or_else(|| self.span.clone()),
                })
                .collect()),
            _ => Err(self.error(format!("expected an array, found {}", self.kind()))),
        }
    }

    /// A vector of exact numbers.
    pub fn vector(&self) -> Result<Vec<Q>, InputError> {
        self.array()?.iter().map(Field::number).collect()
    }

    /// A matrix of exact numbers (an array of rows of equal length).
    pub fn matrix(&self) -> Result<Vec<Vec<Q>>, InputError> {
        let rows: Vec<Vec<Q>> = self
            .array()?
            .iter()
            .map(Field::vector)
            .collect::<Result<_, _>>()?;
        if let Some(first) = rows.first() {
            if let Some(i) = rows.iter().position(|r| r.len() != first.len()) {
                return Err(self.error(format!(
                    "rows of different lengths: row 0 has {} entries, row {i} has {}",
                    first.len(),
                    rows[i].len()
                )));
            }
        }
        Ok(rows)
    }

    /// A table field (a `[section]` or an inline `{ ... }`).
    pub fn table(&self) -> Result<Table<'a>, InputError> {
        let t: Option<&'a dyn TableLike> = match self.item {
            FieldItem::Item(i) => i.as_table_like(),
            FieldItem::Value(Value::InlineTable(t)) => Some(t),
            FieldItem::Value(_) => None,
        };
        t.map(|table| Table {
            doc: self.doc,
            table,
            path: self.path.clone(),
            span: self.span.clone(),
        })
        .ok_or_else(|| self.error(format!("expected a table, found {}", self.kind())))
    }

    /// The tables of an array of tables (`[[component]]`) or of an array of
    /// inline tables.
    pub fn tables(&self) -> Result<Vec<Table<'a>>, InputError> {
        if let FieldItem::Item(Item::ArrayOfTables(a)) = self.item {
            return Ok(a
                .iter()
                .enumerate()
                .map(|(i, t)| Table {
                    doc: self.doc,
                    table: t,
                    path: format!("{}[{i}]", self.path),
                    span: t.span().or_else(|| self.span.clone()),
                })
                .collect());
        }
        self.array()
            .map_err(|_| {
                self.error(format!(
                    "expected an array of tables, found {}",
                    self.kind()
                ))
            })?
            .into_iter()
            .map(|f| f.table())
            .collect()
    }
}
