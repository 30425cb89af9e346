//! The appendix figures (SVG, plotters without system fonts: the same bytes
//! on every machine).
//!
//! * `fields-1d.svg`: the fields `v_t(x)` at `t = 1/4, 1/2, 3/4` of the
//!   Gaussian plans from `N(0, 1)` to `N(2, 4)` with correlations
//!   `-1/2, 0, 1/2, 1` (`c = -1, 0, 1, 2`), computed exactly (their
//!   certified band has width 0), beside their common monotone map
//!   `T(x) = Phi_1(x) = 2 + 2x`, enclosed for each correlation: the map
//!   cannot tell the plans apart, the field can.
//! * `rotation-fields.svg`: `v_{1/2}(x) = 2 R x` and `2 R^T x` for
//!   `X1 = R X0` and `X1 = R^T X0` with `p0 = p1 = N(0, I_2)`: the same
//!   densities, opposite fields.
//!
//! Floats here only place marks on the page; no verdict reads them.

use crate::exact::{QMatrix, Q};
use crate::gaussian::flow::flow_1d;
use crate::gaussian::GaussianPlan;
use crate::interval::Interval;
use plotters::prelude::*;

fn to_f64(q: &Q) -> f64 {
    Interval::from_rational(q, 64).mid().to_f64()
}

fn r(n: i64, d: i64) -> Q {
    Q::new(n.into(), d.into())
}

const COLORS: [RGBColor; 4] = [
    RGBColor(200, 30, 30),
    RGBColor(30, 90, 200),
    RGBColor(20, 140, 60),
    RGBColor(0, 0, 0),
];

type Failure = Box<dyn std::error::Error>;

/// The one-dimensional plans of the figure: `(label, plan)`.
fn correlation_plans() -> Vec<(&'static str, GaussianPlan)> {
    let one = |x: i64| QMatrix::from_i64(&[&[x]]);
    [
        ("rho = -1/2", -1),
        ("rho = 0", 0),
        ("rho = 1/2", 1),
        ("rho = 1", 2),
    ]
    .into_iter()
    .map(|(label, c)| {
        let plan = GaussianPlan::new(vec![r(0, 1)], vec![r(2, 1)], one(1), one(4), one(c))
            .expect("|rho| <= 1");
        (label, plan)
    })
    .collect()
}

/// One panel of `fields-1d.svg`: a title, a vertical range, one curve per plan.
struct Panel {
    title: String,
    y_range: std::ops::Range<f64>,
    curves: Vec<Vec<(f64, f64)>>,
}

/// `fields-1d.svg`.
pub fn fields_1d() -> Result<String, Failure> {
    let plans = correlation_plans();
    let xs: Vec<Q> = (0..=80).map(|i| r(-30 + i, 10)).collect();
    let mut panels_data = Vec::new();
    for t in [r(1, 4), r(1, 2), r(3, 4)] {
        let mut curves = Vec::new();
        for (_, plan) in &plans {
            let field = plan.field_at(&t)?;
            let mut points = Vec::with_capacity(xs.len());
            for x in &xs {
                points.push((
                    to_f64(x),
                    to_f64(&field.velocity(std::slice::from_ref(x))?[0]),
                ));
            }
            curves.push(points);
        }
        panels_data.push(Panel {
            title: format!("v_t(x), t = {t}"),
            y_range: -6.0..10.0,
            curves,
        });
    }
    let mut curves = Vec::new();
    for (_, plan) in &plans {
        let mut points = Vec::with_capacity(xs.len());
        for x in &xs {
            points.push((to_f64(x), flow_1d(plan, &r(1, 1), x, 128)?.mid().to_f64()));
        }
        curves.push(points);
    }
    panels_data.push(Panel {
        title: "T(x) = Phi_1(x), every rho".into(),
        y_range: -6.0..14.0,
        curves,
    });

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (1000, 760)).into_drawing_area();
        root.fill(&WHITE)?;
        for (area, panel) in root.split_evenly((2, 2)).iter().zip(panels_data) {
            let mut chart = ChartBuilder::on(area)
                .caption(panel.title, ("sans-serif", 18))
                .margin(12)
                .x_label_area_size(30)
                .y_label_area_size(40)
                .build_cartesian_2d(-3f64..5f64, panel.y_range)?;
            chart
                .configure_mesh()
                .x_desc("x")
                .light_line_style(WHITE)
                .draw()?;
            for (j, points) in panel.curves.into_iter().enumerate() {
                let color = COLORS[j];
                // decreasing widths, so that coinciding curves all show
                chart
                    .draw_series(LineSeries::new(points, color.stroke_width(4 - j as u32)))?
                    .label(plans[j].0)
                    .legend(move |(x, y)| {
                        PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(2))
                    });
            }
            chart
                .configure_series_labels()
                .position(SeriesLabelPosition::UpperLeft)
                .background_style(WHITE.mix(0.8))
                .border_style(BLACK)
                .draw()?;
        }
        root.present()?;
    }
    Ok(svg)
}

/// `rotation-fields.svg`.
pub fn rotation_fields() -> Result<String, Failure> {
    let plan = |sign: i64| {
        GaussianPlan::new(
            vec![r(0, 1); 2],
            vec![r(0, 1); 2],
            QMatrix::identity(2),
            QMatrix::identity(2),
            QMatrix::from_i64(&[&[0, sign], &[-sign, 0]]),
        )
        .expect("a rotation is a valid plan")
    };
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (900, 460)).into_drawing_area();
        root.fill(&WHITE)?;
        let panels = root.split_evenly((1, 2));
        for (k, (title, sign)) in [
            ("X1 = R X0: v_1/2(x) = 2 R x", 1),
            ("X1 = R^T X0: v_1/2(x) = 2 R^T x", -1),
        ]
        .into_iter()
        .enumerate()
        {
            let field = plan(sign).field_at(&r(1, 2))?;
            let mut chart = ChartBuilder::on(&panels[k])
                .caption(title, ("sans-serif", 18))
                .margin(12)
                .x_label_area_size(30)
                .y_label_area_size(40)
                .build_cartesian_2d(-2f64..2f64, -2f64..2f64)?;
            chart.configure_mesh().light_line_style(WHITE).draw()?;
            let color = COLORS[k];
            for i in -3..=3 {
                for j in -3..=3 {
                    let x = vec![r(i, 2), r(j, 2)];
                    let v = field.velocity(&x)?;
                    let (x0, y0) = (to_f64(&x[0]), to_f64(&x[1]));
                    let (x1, y1) = (x0 + 0.12 * to_f64(&v[0]), y0 + 0.12 * to_f64(&v[1]));
                    chart.draw_series(std::iter::once(PathElement::new(
                        vec![(x0, y0), (x1, y1)],
                        color.stroke_width(2),
                    )))?;
                    chart.draw_series(std::iter::once(Circle::new((x1, y1), 2, color.filled())))?;
                }
            }
        }
        root.present()?;
    }
    Ok(svg)
}
