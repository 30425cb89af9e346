//! What a figure is, independent of how it is drawn: panels with axes and
//! series. Each figure is written twice from this one description, as
//! SVG for the web ([`super::svg`]) and as PGFPlots code that LaTeX
//! includes directly ([`super::pgf`]), so the two never disagree.
//!
//! Coordinates here are `f64`: they only place marks on a page. Every value
//! a figure shows was computed by the engine, exactly or as a certified
//! enclosure ([`Data::Enclosure`] keeps both ends; the writers draw the band
//! between them wherever it is wider than a line, [`Panel::band_visible`]).
//! Labels are math text ([`crate::tex`]).

use crate::interval::Interval;

/// A figure: panels laid out in rows of `columns`.
#[derive(Debug, Clone)]
pub struct Figure {
    /// The file stem (`NAME.svg`, `NAME.tex`).
    pub name: String,
    /// The caption (math text).
    pub caption: String,
    /// Panels per row.
    pub columns: usize,
    /// The panels, row by row.
    pub panels: Vec<Panel>,
}

impl Figure {
    /// Every number to be drawn is a finite float and every axis a range
    /// of positive width (an end beyond the float range, or a range that
    /// floats cannot tell apart, would write `inf` or `NaN` into the SVG
    /// and the PGFPlots code, and break the document).
    pub fn check_drawable(&self) -> Result<(), String> {
        for (i, panel) in self.panels.iter().enumerate() {
            for (name, axis) in [("x", &panel.x), ("y", &panel.y)] {
                let width = axis.max - axis.min;
                let tiny = width < 1e-300 || width <= axis.min.abs().max(axis.max.abs()) * 1e-9;
                if !(axis.min.is_finite()
                    && axis.max.is_finite()
                    && width.is_finite()
                    && width > 0.0)
                    || tiny
                {
                    return Err(format!(
                        "panel {}: the {name} range [{}, {}] cannot be drawn with floats (too wide, too narrow or beyond their range)",
                        i + 1,
                        axis.min,
                        axis.max
                    ));
                }
            }
            let finite = panel.series.iter().all(|s| match &s.data {
                Data::Line(p) | Data::Marks(p, _) => {
                    p.iter().all(|(a, b)| a.is_finite() && b.is_finite())
                }
                Data::Enclosure(p) => p
                    .iter()
                    .all(|(a, b, c)| a.is_finite() && b.is_finite() && c.is_finite()),
                Data::Arrows(p) => p.iter().flatten().all(|v| v.is_finite()),
            });
            if !finite {
                return Err(format!("panel {}: a value beyond the float range", i + 1));
            }
        }
        Ok(())
    }
}

/// One set of axes.
#[derive(Debug, Clone)]
pub struct Panel {
    /// The title (math text).
    pub title: String,
    /// The horizontal axis.
    pub x: Axis,
    /// The vertical axis.
    pub y: Axis,
    /// What is drawn, in order.
    pub series: Vec<Series>,
    /// Where the legend goes (the labelled series); `None`: no legend.
    pub legend: Option<Corner>,
}

/// A corner of a panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Corner {
    /// Top left.
    NorthWest,
    /// Top right.
    NorthEast,
    /// Bottom right.
    SouthEast,
    /// Bottom left.
    SouthWest,
}

/// An axis: its label, its range, its scale and ticks.
#[derive(Debug, Clone)]
pub struct Axis {
    /// The label (math text).
    pub label: String,
    /// The lower end.
    pub min: f64,
    /// The upper end.
    pub max: f64,
    /// Logarithmic (base 2) instead of linear.
    pub log: bool,
    /// Ticks given with their labels (math text); `None`: evenly spaced
    /// round numbers.
    pub ticks: Option<Vec<(f64, String)>>,
}

impl Axis {
    /// A linear axis with round ticks.
    pub fn linear(label: &str, min: f64, max: f64) -> Axis {
        Axis {
            label: label.into(),
            min,
            max,
            log: false,
            ticks: None,
        }
    }

    /// The ticks: given, or multiples of 1, 2 or 5 times a power of ten,
    /// about five of them.
    pub fn tick_values(&self) -> Vec<(f64, String)> {
        if let Some(t) = &self.ticks {
            return t.clone();
        }
        let range = self.max - self.min;
        let raw = range / 5.0;
        let power = 10f64.powf(raw.log10().floor());
        let step = [1.0, 2.0, 5.0, 10.0]
            .iter()
            .map(|m| m * power)
            .find(|s| *s >= raw * 0.99)
            .unwrap_or(10.0 * power);
        let first = (self.min / step - 1e-9).ceil();
        let last = (self.max / step + 1e-9).floor();
        // a range that floats cannot divide into steps (a width that
        // underflows, an end beyond the float range) gets no ticks rather
        // than billions of them
        if !(step.is_finite() && step > 0.0 && first.is_finite() && last.is_finite())
            || last - first > 100.0
        {
            return Vec::new();
        }
        (first as i64..=last as i64)
            .map(|k| {
                let v = k as f64 * step;
                (v, format!("${}$", number(v, 4)))
            })
            .collect()
    }

    /// Where `v` sits along the axis, from 0 (min) to 1 (max).
    pub fn fraction(&self, v: f64) -> f64 {
        if self.log {
            (v.log2() - self.min.log2()) / (self.max.log2() - self.min.log2())
        } else {
            (v - self.min) / (self.max - self.min)
        }
    }
}

/// A series: what is drawn and how, with an optional legend label.
#[derive(Debug, Clone)]
pub struct Series {
    /// The legend label (math text); `None`: not in the legend.
    pub label: Option<String>,
    /// Colour, dash and width.
    pub style: Style,
    /// The data.
    pub data: Data,
}

/// The data of a series.
#[derive(Debug, Clone)]
pub enum Data {
    /// A polyline.
    Line(Vec<(f64, f64)>),
    /// Certified enclosures `(x, lo, hi)`: a band where wider than a line,
    /// and the line through the midpoints.
    Enclosure(Vec<(f64, f64, f64)>),
    /// Marks at points.
    Marks(Vec<(f64, f64)>, Marker),
    /// Arrows `(x, y, dx, dy)` from `(x, y)` to `(x + dx, y + dy)`.
    Arrows(Vec<[f64; 4]>),
}

/// A mark's shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    /// A filled disc.
    Dot,
    /// An open square.
    Square,
    /// A cross.
    Cross,
}

/// How a series is stroked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    /// An index into [`PALETTE`].
    pub color: usize,
    /// The dash pattern.
    pub dash: Dash,
    /// The line width in points.
    pub width: f64,
}

impl Style {
    /// A solid line of the given colour, 1.2 pt wide.
    pub fn solid(color: usize) -> Style {
        Style {
            color,
            dash: Dash::Solid,
            width: 1.2,
        }
    }

    /// The `k`-th of a series of curves: its own colour and dash, so that
    /// the curves stay apart in black and white, and a width that decreases
    /// so that coinciding curves all show.
    pub fn nth(k: usize) -> Style {
        Style {
            color: k % PALETTE.len(),
            dash: [Dash::Solid, Dash::Dashed, Dash::DashDot, Dash::Dotted][k % 4],
            width: 2.4 - 0.4 * (k % 4) as f64,
        }
    }
}

/// A dash pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dash {
    /// Solid.
    Solid,
    /// Dashed.
    Dashed,
    /// Dotted.
    Dotted,
    /// Dash-dotted.
    DashDot,
}

/// The colours (Okabe and Ito's, distinct for colour-blind readers), RGB.
pub const PALETTE: [(u8, u8, u8); 7] = [
    (0, 114, 178),
    (213, 94, 0),
    (0, 158, 115),
    (0, 0, 0),
    (204, 121, 167),
    (230, 159, 0),
    (86, 180, 233),
];

impl Panel {
    /// Whether the band of an enclosure is drawn: some enclosure is wider
    /// than 1/250 of the vertical range (about a line's width).
    pub fn band_visible(&self, points: &[(f64, f64, f64)]) -> bool {
        let line = (self.y.max - self.y.min) / 250.0;
        points.iter().any(|(_, lo, hi)| hi - lo > line)
    }
}

/// An enclosure as `(x, lo, hi)` for a figure: its ends as floats, the
/// lower rounded down and the upper up (the band contains the value).
pub fn enclosure_point(x: f64, v: &Interval) -> (f64, f64, f64) {
    use rug::float::Round;
    (
        x,
        v.lo().to_f64_round(Round::Down),
        v.hi().to_f64_round(Round::Up),
    )
}

/// A number for a figure file: at most `decimals` decimals, trailing zeros
/// and a negative zero dropped (the same text on every machine).
pub fn number(v: f64, decimals: usize) -> String {
    let s = format!("{v:.decimals$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" {
        "0".into()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_numbers_inside_the_range() {
        let ticks: Vec<f64> = Axis::linear("", -3.0, 5.0)
            .tick_values()
            .into_iter()
            .map(|t| t.0)
            .collect();
        assert_eq!(ticks, vec![-2.0, 0.0, 2.0, 4.0]);
        let ticks = Axis::linear("", 0.0, 0.4).tick_values();
        assert_eq!(ticks[1], (0.1, "$0.1$".to_string()));
        assert_eq!(number(-0.0, 3), "0");
        assert_eq!(number(2.50, 3), "2.5");
        assert_eq!(number(-1.23456, 2), "-1.23");
    }

    #[test]
    fn a_band_shows_only_when_wider_than_a_line() {
        let panel = Panel {
            title: String::new(),
            x: Axis::linear("", 0.0, 1.0),
            y: Axis::linear("", 0.0, 10.0),
            series: Vec::new(),
            legend: None,
        };
        assert!(!panel.band_visible(&[(0.0, 1.0, 1.0 + 1e-30)]));
        assert!(panel.band_visible(&[(0.0, 1.0, 1.2)]));
    }

    #[test]
    fn both_writers_draw_a_wide_enclosure_as_a_band_and_a_narrow_one_as_a_line() {
        let figure = |width: f64| Figure {
            name: "band".into(),
            caption: String::new(),
            columns: 1,
            panels: vec![Panel {
                title: "$v_t(x)$".into(),
                x: Axis::linear("$x$", 0.0, 1.0),
                y: Axis::linear("$y$", 0.0, 10.0),
                series: vec![Series {
                    label: Some("$\\rho = 0$".into()),
                    style: Style::solid(0),
                    data: Data::Enclosure(vec![(0.0, 1.0, 1.0 + width), (1.0, 2.0, 2.0 + width)]),
                }],
                legend: Some(Corner::NorthWest),
            }],
        };
        let (wide, narrow) = (figure(0.5), figure(1e-20));
        assert!(super::super::svg::figure(&wide).contains("fill-opacity=\"0.25\""));
        assert!(!super::super::svg::figure(&narrow).contains("fill-opacity=\"0.25\""));
        assert!(super::super::pgf::figure(&wide).contains("-- cycle;"));
        assert!(!super::super::pgf::figure(&narrow).contains("-- cycle;"));
        assert!(super::super::svg::figure(&wide).contains("ρ = 0"));
    }
}
