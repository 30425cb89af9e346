//! A [`Figure`] as SVG for the web: coordinates with two decimals (no
//! whole-pixel staircases), labels as Unicode with raised and lowered
//! scripts ([`crate::tex::to_svg`]), arrow heads, legends, certified
//! bands. Text is laid out by estimated widths, never by measuring a font,
//! so the same bytes come out on every machine.

use super::plot::{Axis, Corner, Dash, Data, Figure, Marker, Panel, Series, PALETTE};
use crate::tex;
use std::fmt::Write;

/// The size of one panel, in pixels.
const PANEL: (f64, f64) = (380.0, 280.0);
/// Plot-area margins inside a panel: left, right, top, bottom.
const MARGIN: (f64, f64, f64, f64) = (58.0, 14.0, 30.0, 44.0);
/// The font size of labels; ticks and legends are smaller.
const FONT: f64 = 14.0;

fn px(v: f64) -> String {
    super::plot::number(v, 2)
}

fn rgb(color: usize) -> String {
    let (r, g, b) = PALETTE[color % PALETTE.len()];
    format!("#{r:02x}{g:02x}{b:02x}")
}

fn dash(d: Dash) -> &'static str {
    match d {
        Dash::Solid => "",
        Dash::Dashed => " stroke-dasharray=\"7 4\"",
        Dash::Dotted => " stroke-dasharray=\"1.5 3\" stroke-linecap=\"round\"",
        Dash::DashDot => " stroke-dasharray=\"8 3 2 3\"",
    }
}

/// The plot area of a panel: left, top, width, height.
struct Area {
    left: f64,
    top: f64,
    width: f64,
    height: f64,
}

impl Area {
    fn x(&self, axis: &Axis, v: f64) -> f64 {
        self.left + axis.fraction(v) * self.width
    }

    fn y(&self, axis: &Axis, v: f64) -> f64 {
        self.top + (1.0 - axis.fraction(v)) * self.height
    }
}

/// The figure as an SVG document.
pub fn figure(fig: &Figure) -> String {
    let columns = fig.columns.max(1);
    let rows = fig.panels.len().div_ceil(columns);
    let (w, h) = (PANEL.0 * columns as f64, PANEL.1 * rows as f64);
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"serif\" font-size=\"{FONT}\" xml:space=\"preserve\">\n<title>{}</title>\n<rect width=\"{w}\" height=\"{h}\" fill=\"white\"/>\n<defs>\n",
        tex::xml_escape(&fig.name)
    );
    for (k, _) in PALETTE.iter().enumerate() {
        let _ = writeln!(
            out,
            "<marker id=\"{}-head-{k}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,1 L10,5 L0,9 z\" fill=\"{}\"/></marker>",
            fig.name,
            rgb(k)
        );
    }
    out.push_str("</defs>\n");
    for (k, panel) in fig.panels.iter().enumerate() {
        let (col, row) = (k % columns, k / columns);
        let area = Area {
            left: col as f64 * PANEL.0 + MARGIN.0,
            top: row as f64 * PANEL.1 + MARGIN.2,
            width: PANEL.0 - MARGIN.0 - MARGIN.1,
            height: PANEL.1 - MARGIN.2 - MARGIN.3,
        };
        draw_panel(&mut out, &fig.name, k, panel, &area);
    }
    out.push_str("</svg>\n");
    out
}

fn draw_panel(out: &mut String, name: &str, k: usize, panel: &Panel, a: &Area) {
    let clip = format!("{name}-clip-{k}");
    let _ = writeln!(
        out,
        "<clipPath id=\"{clip}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/></clipPath>",
        px(a.left),
        px(a.top),
        px(a.width),
        px(a.height)
    );
    // title, axis labels
    let _ = writeln!(
        out,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
        px(a.left + a.width / 2.0),
        px(a.top - 10.0),
        tex::to_svg(&panel.title)
    );
    let _ = writeln!(
        out,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
        px(a.left + a.width / 2.0),
        px(a.top + a.height + 36.0),
        tex::to_svg(&panel.x.label)
    );
    let (lx, ly) = (a.left - 44.0, a.top + a.height / 2.0);
    let _ = writeln!(
        out,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" transform=\"rotate(-90 {} {})\">{}</text>",
        px(lx),
        px(ly),
        px(lx),
        px(ly),
        tex::to_svg(&panel.y.label)
    );
    // ticks and light grid lines
    let small = FONT * 0.8;
    for (v, label) in panel.x.tick_values() {
        let x = a.x(&panel.x, v);
        let _ = writeln!(
            out,
            "<path d=\"M{} {}V{}\" stroke=\"#e4e4e4\"/><path d=\"M{} {}v4\" stroke=\"black\"/><text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"{small}\">{}</text>",
            px(x), px(a.top), px(a.top + a.height),
            px(x), px(a.top + a.height),
            px(x), px(a.top + a.height + 16.0),
            tex::to_svg(&label)
        );
    }
    for (v, label) in panel.y.tick_values() {
        let y = a.y(&panel.y, v);
        let _ = writeln!(
            out,
            "<path d=\"M{} {}H{}\" stroke=\"#e4e4e4\"/><path d=\"M{} {}h-4\" stroke=\"black\"/><text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"{small}\">{}</text>",
            px(a.left), px(y), px(a.left + a.width),
            px(a.left), px(y),
            px(a.left - 6.0), px(y + 4.0),
            tex::to_svg(&label)
        );
    }
    let _ = writeln!(out, "<g clip-path=\"url(#{clip})\">");
    for s in &panel.series {
        draw_series(out, name, panel, s, a);
    }
    out.push_str("</g>\n");
    let _ = writeln!(
        out,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"black\"/>",
        px(a.left),
        px(a.top),
        px(a.width),
        px(a.height)
    );
    if let Some(corner) = panel.legend {
        draw_legend(out, panel, corner, a);
    }
}

fn path_of(points: impl Iterator<Item = (f64, f64)>) -> String {
    let mut d = String::new();
    for (k, (x, y)) in points.enumerate() {
        let _ = write!(d, "{}{} {}", if k == 0 { "M" } else { " L" }, px(x), px(y));
    }
    d
}

fn stroke(s: &Series) -> String {
    format!(
        "fill=\"none\" stroke=\"{}\" stroke-width=\"{}\" stroke-linejoin=\"round\"{}",
        rgb(s.style.color),
        px(s.style.width),
        dash(s.style.dash)
    )
}

fn draw_series(out: &mut String, name: &str, panel: &Panel, s: &Series, a: &Area) {
    let (xa, ya) = (&panel.x, &panel.y);
    match &s.data {
        Data::Line(points) => {
            let d = path_of(points.iter().map(|&(x, y)| (a.x(xa, x), a.y(ya, y))));
            let _ = writeln!(out, "<path d=\"{d}\" {}/>", stroke(s));
        }
        Data::Enclosure(points) => {
            if panel.band_visible(points) {
                let lower = points.iter().map(|&(x, lo, _)| (a.x(xa, x), a.y(ya, lo)));
                let upper = points
                    .iter()
                    .rev()
                    .map(|&(x, _, hi)| (a.x(xa, x), a.y(ya, hi)));
                let d = path_of(lower.chain(upper));
                let _ = writeln!(
                    out,
                    "<path d=\"{d} Z\" fill=\"{}\" fill-opacity=\"0.25\" stroke=\"none\"/>",
                    rgb(s.style.color)
                );
            }
            let d = path_of(
                points
                    .iter()
                    .map(|&(x, lo, hi)| (a.x(xa, x), a.y(ya, (lo + hi) / 2.0))),
            );
            let _ = writeln!(out, "<path d=\"{d}\" {}/>", stroke(s));
        }
        Data::Marks(points, marker) => {
            for &(x, y) in points {
                mark(out, *marker, s.style.color, a.x(xa, x), a.y(ya, y));
            }
        }
        Data::Arrows(arrows) => {
            for &[x, y, dx, dy] in arrows {
                let _ = writeln!(
                    out,
                    "<path d=\"M{} {} L{} {}\" {} marker-end=\"url(#{name}-head-{})\"/>",
                    px(a.x(xa, x)),
                    px(a.y(ya, y)),
                    px(a.x(xa, x + dx)),
                    px(a.y(ya, y + dy)),
                    stroke(s),
                    s.style.color % PALETTE.len()
                );
            }
        }
    }
}

fn mark(out: &mut String, marker: Marker, color: usize, x: f64, y: f64) {
    let c = rgb(color);
    let _ = match marker {
        Marker::Dot => writeln!(
            out,
            "<circle cx=\"{}\" cy=\"{}\" r=\"3\" fill=\"{c}\"/>",
            px(x),
            px(y)
        ),
        Marker::Square => writeln!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"7\" height=\"7\" fill=\"white\" stroke=\"{c}\" stroke-width=\"1.3\"/>",
            px(x - 3.5),
            px(y - 3.5)
        ),
        Marker::Cross => writeln!(
            out,
            "<path d=\"M{} {}l8 8m0 -8l-8 8\" stroke=\"{c}\" stroke-width=\"1.8\"/>",
            px(x - 4.0),
            px(y - 4.0)
        ),
    };
}

fn draw_legend(out: &mut String, panel: &Panel, corner: Corner, a: &Area) {
    let entries: Vec<&Series> = panel.series.iter().filter(|s| s.label.is_some()).collect();
    if entries.is_empty() {
        return;
    }
    let size = FONT * 0.8;
    let line = size * 1.35;
    let text_width = entries
        .iter()
        .map(|s| tex::svg_width_em(s.label.as_deref().unwrap_or("")))
        .fold(0.0, f64::max)
        * size;
    let (w, h) = (text_width + 40.0, line * entries.len() as f64 + 8.0);
    let x0 = match corner {
        Corner::NorthWest | Corner::SouthWest => a.left + 6.0,
        _ => a.left + a.width - w - 6.0,
    };
    let y0 = match corner {
        Corner::NorthWest | Corner::NorthEast => a.top + 6.0,
        _ => a.top + a.height - h - 6.0,
    };
    let _ = writeln!(
        out,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"white\" fill-opacity=\"0.9\" stroke=\"#888\"/>",
        px(x0),
        px(y0),
        px(w),
        px(h)
    );
    for (k, s) in entries.iter().enumerate() {
        let y = y0 + 4.0 + line * (k as f64 + 0.5);
        match &s.data {
            Data::Marks(_, marker) => mark(out, *marker, s.style.color, x0 + 17.0, y),
            _ => {
                let _ = writeln!(
                    out,
                    "<path d=\"M{} {}h24\" {}/>",
                    px(x0 + 5.0),
                    px(y),
                    stroke(s)
                );
            }
        }
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"{size}\">{}</text>",
            px(x0 + 34.0),
            px(y + size * 0.35),
            tex::to_svg(s.label.as_deref().unwrap_or(""))
        );
    }
}
