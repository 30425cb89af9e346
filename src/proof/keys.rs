//! The keys of a check kind, declared once: name, type, whether required
//! (and the default when not), and meaning. The proof-file reader checks
//! each present key against its type and each required key's presence
//! before the kind reads its values, so that every kind words the same
//! mistake the same way; `docs/check-kinds.md` lists them from here
//! ([`markdown`]).

use crate::input::{Field, InputError, Table};

/// What a key holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyType {
    /// A one-dimensional plan: a plan file's path or an inline table.
    OneDimPlan,
    /// A Gaussian plan in any dimension: a plan file's path or an inline
    /// table.
    GaussianPlan,
    /// A Gaussian plan or a mixture of Gaussian plans in any dimension: a
    /// plan file's path or an inline table.
    MixturePlan,
    /// Points of `D` coordinates: a list of lists of numbers.
    PointList,

    /// One time, a number in `[0, 1]`.
    Time,
    /// A list of times in `[0, 1]`.
    Times,
    /// Times: a list of times in `[0, 1]`, or a grid `"a:b:n"`.
    TimeGrid,
    /// Points: a list of numbers, or a grid `"a:b:n"`.
    Points,
    /// A range `[lo, hi]`.
    Range,
    /// An integer from `lo` to `hi`.
    Integer(u64, u64),
    /// A nonnegative integer.
    Count,
    /// An exact number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// A list of numbers (one number for `D = 1`).
    Vector,
    /// A matrix: a list of rows (one number for `D = 1`).
    Matrix,
    /// End laws: a file's path or an inline table with `m0`, `m1`, `s00`, `s11`.
    EndLaws,
    /// A file's path, relative to the proof file.
    Path,
}

impl KeyType {
    /// The type in words, with its article, for errors and the
    /// documentation.
    pub fn words(self) -> String {
        match self {
            KeyType::OneDimPlan => "a one-dimensional plan (a plan file's path, or an inline table)".into(),
            KeyType::GaussianPlan => "a Gaussian plan (a plan file's path, or an inline table)".into(),
            KeyType::MixturePlan => "a Gaussian plan or a mixture of Gaussian plans, any dimension (a plan file's path, or an inline table)".into(),
            KeyType::PointList => "a list of points, each a list of `D` numbers (`[[\"0\", \"1/2\"], [1, 1]]`)".into(),
            KeyType::Time => "one time, a number in [0, 1] (`t = \"1/2\"`)".into(),
            KeyType::Times => "a list of times in [0, 1] (`[\"1/3\", \"2/3\"]`)".into(),
            KeyType::TimeGrid => "a list of times in [0, 1] (`[\"1/4\", \"1/2\"]`; one time is `[\"1/2\"]`), or a grid `\"a:b:n\"` (n times from a to b)".into(),
            KeyType::Points => "a list of numbers (`[\"-1\", \"1/2\"]`), or a grid `\"a:b:n\"` (n points from a to b)".into(),
            KeyType::Range => "a range `[lo, hi]` with lo <= hi".into(),
            KeyType::Integer(lo, hi) => format!("an integer from {lo} to {hi}"),
            KeyType::Count => "a nonnegative integer".into(),
            KeyType::Number => "a number (an integer, or a string such as `\"1/3\"` or `\"2.5e-3\"`)".into(),
            KeyType::Boolean => "a boolean, `true` or `false` (no quotes)".into(),
            KeyType::Vector => "a list of numbers (one number when `D = 1`)".into(),
            KeyType::Matrix => "a matrix, a list of rows of numbers (one number when `D = 1`)".into(),
            KeyType::EndLaws => "end laws (a file's path, or an inline table with `m0`, `m1`, `s00`, `s11`)".into(),
            KeyType::Path => "a file's path, relative to the proof file".into(),
        }
    }

    /// Whether the field has the shape of this type (its values are read,
    /// and checked further, by the kind).
    fn fits(self, f: &Field<'_>) -> bool {
        let number = |f: &Field<'_>| f.number().is_ok();
        match self {
            KeyType::OneDimPlan
            | KeyType::GaussianPlan
            | KeyType::MixturePlan
            | KeyType::EndLaws => f.string().is_ok() || f.table().is_ok(),
            KeyType::Path => f.string().is_ok(),
            KeyType::Time | KeyType::Number => !f.is_array() && number(f),
            KeyType::Integer(lo, hi) => f.number().is_ok_and(|q| {
                q.is_integer()
                    && q >= crate::exact::Q::from_integer(lo.into())
                    && q <= crate::exact::Q::from_integer(hi.into())
            }),
            KeyType::Times => f.array().is_ok_and(|a| a.iter().all(number)),
            KeyType::Vector => number(f) || f.array().is_ok_and(|a| a.iter().all(number)),
            KeyType::Count => f
                .number()
                .is_ok_and(|q| q.is_integer() && q >= crate::exact::Q::from_integer(0.into())),
            KeyType::TimeGrid | KeyType::Points => {
                f.string().is_ok_and(|s| s.split(':').count() == 3)
                    || f.array().is_ok_and(|a| a.iter().all(number))
            }
            KeyType::Range => f
                .array()
                .is_ok_and(|a| a.len() == 2 && a.iter().all(number)),
            KeyType::Boolean => f.boolean().is_ok(),
            KeyType::PointList => f.array().is_ok_and(|a| {
                a.iter()
                    .all(|p| p.array().is_ok_and(|c| c.iter().all(number)))
            }),
            KeyType::Matrix => {
                number(f)
                    || f.array().is_ok_and(|rows| {
                        rows.iter()
                            .all(|r| r.array().is_ok_and(|a| a.iter().all(number)))
                    })
            }
        }
    }
}

/// Whether a key must be given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// It must be given.
    Required,
    /// It may be left out; the text says what that means.
    Optional(&'static str),
}

/// A key of a check kind.
#[derive(Debug, Clone, Copy)]
pub struct Key {
    /// Its name in the instance table.
    pub name: &'static str,
    /// What it holds.
    pub ty: KeyType,
    /// Whether it is required.
    pub need: Need,
    /// What it means.
    pub meaning: &'static str,
}

impl Key {
    /// A required key.
    pub const fn required(name: &'static str, ty: KeyType, meaning: &'static str) -> Key {
        Key {
            name,
            ty,
            need: Need::Required,
            meaning,
        }
    }

    /// An optional key; `default` says what leaving it out means.
    pub const fn optional(
        name: &'static str,
        ty: KeyType,
        default: &'static str,
        meaning: &'static str,
    ) -> Key {
        Key {
            name,
            ty,
            need: Need::Optional(default),
            meaning,
        }
    }
}

/// The first of two one-dimensional plans compared (`field-separation`,
/// `same-map-different-fields`).
pub const FIRST_PLAN: Key = Key::required("plan", KeyType::OneDimPlan, "the first plan");

/// The second of two one-dimensional plans compared.
pub const SECOND_PLAN: Key = Key::required(
    "other",
    KeyType::OneDimPlan,
    "the second plan, with the same marginals",
);

/// The plan of the identities that need a Gaussian family.
pub const GAUSSIAN_FAMILY: Key =
    Key::required("plan", KeyType::OneDimPlan, "the plan (a Gaussian family)");

/// Another plan's field in place of the plan's own (a negative control).
pub const FIELD_OF: Key = Key::optional(
    "field_of",
    KeyType::OneDimPlan,
    "the plan's own field",
    "another plan whose field is used (a negative control)",
);

/// Checks an instance table against a kind's keys: every required key
/// present, every present key of its type. The errors name the file, line
/// and key, and say what the key holds.
pub fn check(kind: &str, keys: &[Key], t: &Table<'_>) -> Result<(), InputError> {
    for key in keys {
        match t.get(key.name) {
            None if key.need == Need::Required => {
                return Err(t.error(format!(
                    "`{kind}` needs `{}`: {} ({})",
                    key.name,
                    key.ty.words(),
                    key.meaning
                )));
            }
            None => {}
            Some(f) if !key.ty.fits(&f) => {
                return Err(f.error(format!(
                    "`{}` of `{kind}` must be {} ({}); found {}",
                    key.name,
                    key.ty.words(),
                    key.meaning,
                    what_is(&f)
                )));
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// What a field holds, in words: its TOML type, or for a string its text
/// (a number that does not parse, a grid without its count).
fn what_is(f: &Field<'_>) -> String {
    match f.string() {
        Ok(text) => {
            let shown: String = text.chars().take(40).collect();
            format!("the string \"{shown}\"")
        }
        Err(_) => match f.array() {
            Ok(items) => match items.iter().position(|i| i.number().is_err()) {
                Some(i) => format!("an array whose entry {i} is not a number"),
                None => format!(
                    "an array of {}",
                    crate::tex::count(items.len(), "number", "numbers")
                ),
            },
            // a number out of range is shown; another value by its type
            Err(_) => match f.number() {
                Ok(q) => crate::exact::format_rational(&q),
                Err(_) => {
                    let found = f.found();
                    let article = if found.starts_with(['a', 'e', 'i', 'o', 'u']) {
                        "an"
                    } else {
                        "a"
                    };
                    format!("{article} {found}")
                }
            },
        },
    }
}

/// The key table of one kind, in Markdown: key, type, required or its
/// default, meaning.
pub fn markdown(keys: &[Key]) -> String {
    let mut out = String::from("| key | type | required | meaning |\n|---|---|---|---|\n");
    for key in keys {
        let need = match key.need {
            Need::Required => "yes".to_string(),
            Need::Optional(default) => format!("no: {default}"),
        };
        let cells = [
            format!("`{}`", key.name),
            key.ty.words(),
            need,
            key.meaning.to_string(),
        ]
        .map(|c| c.replace('|', "\\|"));
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out
}
