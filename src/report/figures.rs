//! The figures a proof file asks for (`[[figure]]`,
//! [`crate::proof::figure`]), computed by the engine and described as a
//! [`Figure`] ([`super::plot`]):
//!
//! * `field`, `density`, `cdf`, `transport`: `v_t`, `p_t`, `F_t` or `Phi_t`
//!   of one-dimensional plans against `x`, one panel per time: exact where
//!   the family is (a single Gaussian's field, the uniform family, a
//!   discrete plan's atoms), certified enclosures otherwise (a band where
//!   wider than a line); `field` of Gaussian plans and mixtures in `D = 2`
//!   is a quiver of the field, one panel per plan and time, and
//!   `transport` there draws certified trajectories of the flow
//!   ([`crate::gaussian::flow_map`]) over the field at the last time;
//! * `atlas`: the certified `dim Ker_{D,k}` and `dim I(V)_k` against `k`,
//!   with their closed forms (docs/mathematics.md section 4);
//! * `counterexample`: `pi'/pi` along a ray for several `eps`, its least
//!   value `1 - eps/eps*` against `eps` with the bound `eps*` (enclosed),
//!   and the exact moment gap `E_{pi'}[s^2] - E_pi[s^2]` (section 5);
//! * `single-time`: the curve `t* = 1/(1 + sqrt r)`, `r = s11/s00`, where
//!   one time does not determine a plan in `D = 1`, each drawn point a
//!   rational one that the `gaussian-single-time` check refutes, with the
//!   proof file's own instances of that kind marked by their verdict.
//!
//! Floats only place marks: every value drawn is exact or enclosed first.

use super::plot::{
    enclosure_point, Axis, Corner, Dash, Data, Figure, Marker, Panel, Series, Style,
};
use crate::atlas::{certify_degree, closed_form_density_only, closed_form_kernel};
use crate::exact::{QMatrix, Q};
use crate::gaussian::{GaussianMixture, GaussianPlan};
use crate::interval::Interval;
use crate::onedim::transport::transport;
use crate::onedim::{OneDimPlan, Value};
use crate::proof::figure::{FigureSpec, Plans, Plot, Quantity};
use crate::proof::kind::{CheckKind, Context};
use crate::proof::kinds::{CheckSpec, GaussianSingleTime};
use crate::proof::{InstanceResult, ProofFile, Verdict};
use crate::tex;

fn f64_of(q: &Q) -> f64 {
    Interval::from_rational(q, 64).mid().to_f64()
}

fn q(n: i64, d: i64) -> Q {
    Q::new(n.into(), d.into())
}

/// A vertical range around the values drawn, 6 % wider on each side.
fn padded(lo: f64, hi: f64) -> (f64, f64) {
    if !(lo.is_finite() && hi.is_finite()) || hi - lo < 1e-9 {
        return (lo.min(0.0) - 1.0, hi.max(0.0) + 1.0);
    }
    let pad = (hi - lo) * 0.06;
    (lo - pad, hi + pad)
}

fn range_of<'a>(values: impl Iterator<Item = &'a f64>) -> (f64, f64) {
    values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(*v), hi.max(*v))
    })
}

/// The figure of a `[[figure]]` table of `file`, whose instances' results
/// are `results`.
pub fn draw(
    spec: &FigureSpec,
    file: &ProofFile,
    results: &[InstanceResult],
) -> Result<Figure, String> {
    let (panels, columns, caption) = match &spec.plot {
        Plot::Plans {
            quantity,
            plans: Plans::OneDim(plans),
            times,
            xs,
            precision,
        } => one_dimensional(*quantity, plans, times, xs, *precision)?,
        Plot::Plans {
            quantity: Quantity::Transport,
            plans: Plans::Plane(plans),
            times,
            xs,
            precision,
        } => trajectories(plans, times, xs, *precision)?,
        Plot::Plans {
            plans: Plans::Plane(plans),
            times,
            xs,
            precision,
            ..
        } => quiver(plans, times, xs, *precision)?,
        Plot::Atlas(rows) => atlas(rows),
        Plot::Counterexample { base, eps } => counterexample(base, eps)?,
        Plot::SingleTime { lo, hi } => single_time(lo, hi, file, results)?,
    };
    Ok(Figure {
        name: spec.name.clone(),
        caption: spec.caption.clone().unwrap_or(caption),
        columns,
        panels,
    })
}

type Drawn = (Vec<Panel>, usize, String);

/// The values of one plan at `t` over `xs`, as enclosures `(x, lo, hi)`,
/// or as marks (a discrete plan's field at its atoms).
fn one_plan(
    quantity: Quantity,
    plan: &OneDimPlan,
    t: &Q,
    xs: &[Q],
    prec: u32,
) -> Result<Data, String> {
    let point = |x: &Q, v: &Value| match v {
        Value::Exact(e) => (f64_of(x), f64_of(e), f64_of(e)),
        Value::Enclosure(i) => enclosure_point(f64_of(x), i),
    };
    if let (OneDimPlan::Discrete(_), Quantity::Field) = (plan, quantity) {
        let atoms = plan.atoms_at(t).map_err(|e| e.to_string())?;
        return Ok(Data::Marks(
            atoms.iter().map(|a| (f64_of(&a.x), f64_of(&a.v))).collect(),
            Marker::Dot,
        ));
    }
    let values: Vec<(f64, f64, f64)> = if quantity == Quantity::Transport {
        xs.iter()
            .map(|x| {
                transport(plan, t, x, prec)
                    .map(|v| point(x, &v))
                    .map_err(|e| e.to_string())
            })
            .collect::<Result<_, _>>()?
    } else {
        let at = plan
            .values_at_many(t, xs, prec)
            .map_err(|e| e.to_string())?;
        xs.iter()
            .zip(&at)
            .map(|(x, v)| {
                point(
                    x,
                    match quantity {
                        Quantity::Field => &v.v,
                        Quantity::Density => &v.p,
                        _ => &v.f,
                    },
                )
            })
            .collect()
    };
    Ok(Data::Enclosure(values))
}

fn one_dimensional(
    quantity: Quantity,
    plans: &[(String, OneDimPlan)],
    times: &[Q],
    xs: &[Q],
    prec: u32,
) -> Result<Drawn, String> {
    let (symbol, what) = match quantity {
        Quantity::Field => ("v_t(x)", "The fields"),
        Quantity::Density => ("p_t(x)", "The densities"),
        Quantity::Cdf => ("F_t(x)", "The distribution functions"),
        Quantity::Transport => ("\\Phi_t(x)", "The flow maps"),
    };
    let mut drawn = Vec::new();
    for (k, t) in times.iter().enumerate() {
        let mut series = Vec::new();
        for (j, (label, plan)) in plans.iter().enumerate() {
            series.push(Series {
                label: (k == 0).then(|| label.clone()),
                style: Style::nth(j),
                data: one_plan(quantity, plan, t, xs, prec)
                    .map_err(|e| format!("{label}, t = {}: {e}", tex::rational(t)))?,
            });
        }
        drawn.push((t, series));
    }
    // one vertical range for every panel, so that they compare at a glance
    let values: Vec<f64> = drawn
        .iter()
        .flat_map(|(_, series)| series.iter())
        .flat_map(|s| match &s.data {
            Data::Enclosure(p) => p.iter().flat_map(|(_, lo, hi)| [*lo, *hi]).collect(),
            Data::Marks(p, _) => p.iter().map(|(_, y)| *y).collect::<Vec<f64>>(),
            _ => Vec::new(),
        })
        .collect();
    let (lo, hi) = range_of(values.iter());
    let (lo, hi) = padded(lo, hi);
    let panels: Vec<Panel> = drawn
        .into_iter()
        .enumerate()
        .map(|(k, (t, series))| Panel {
            title: format!("$t = {}$", tex::rational(t)),
            x: Axis::linear("$x$", f64_of(&xs[0]), f64_of(&xs[xs.len() - 1])),
            y: Axis::linear(&format!("${symbol}$"), lo, hi),
            series,
            legend: (k == 0).then_some(Corner::NorthWest),
        })
        .collect();
    let columns = if panels.len() == 3 { 3 } else { 2 }.min(panels.len());
    let caption = format!(
        "{what} ${symbol}$ of the plans, computed by ifm-check: exact where the family is, certified enclosures otherwise (drawn as bands where wider than a line)."
    );
    Ok((panels, columns, caption))
}

/// The arrows of the field of `plan` at `t` on the square grid `xs x xs`,
/// scaled so that the longest spans 0.85 of a grid step (the field is
/// enclosed; its midpoint places the arrow).
fn arrows_of(
    plan: &GaussianMixture,
    t: &Q,
    xs: &[Q],
    precision: u32,
) -> Result<Vec<[f64; 4]>, String> {
    let step = (f64_of(&xs[xs.len() - 1]) - f64_of(&xs[0])) / (xs.len() - 1) as f64;
    let at = plan.at(t, precision).map_err(|e| e.to_string())?;
    let mut arrows = Vec::new();
    for a in xs {
        for b in xs {
            let v = at
                .at_point(&[a.clone(), b.clone()])
                .map_err(|e| e.to_string())?
                .velocity;
            arrows.push([
                f64_of(a),
                f64_of(b),
                v[0].mid().to_f64(),
                v[1].mid().to_f64(),
            ]);
        }
    }
    let longest = arrows
        .iter()
        .map(|[_, _, u, v]| (u * u + v * v).sqrt())
        .fold(0.0, f64::max);
    let scale = if longest > 0.0 {
        0.85 * step / longest
    } else {
        1.0
    };
    for arrow in &mut arrows {
        arrow[2] *= scale;
        arrow[3] *= scale;
    }
    Ok(arrows)
}

fn quiver(
    plans: &[(String, GaussianMixture)],
    times: &[Q],
    xs: &[Q],
    precision: u32,
) -> Result<Drawn, String> {
    let (lo, hi) = (f64_of(&xs[0]), f64_of(&xs[xs.len() - 1]));
    let step = (hi - lo) / (xs.len() - 1) as f64;
    let mut panels = Vec::new();
    for (j, (label, plan)) in plans.iter().enumerate() {
        for t in times {
            let arrows = arrows_of(plan, t, xs, precision)
                .map_err(|e| format!("{label}, t = {}: {e}", tex::rational(t)))?;
            panels.push(Panel {
                title: format!("{label}, $t = {}$", tex::rational(t)),
                x: Axis::linear("$x_1$", lo - step * 0.6, hi + step * 0.6),
                y: Axis::linear("$x_2$", lo - step * 0.6, hi + step * 0.6),
                series: vec![Series {
                    label: None,
                    style: Style::solid(j),
                    data: Data::Arrows(arrows),
                }],
                legend: None,
            });
        }
    }
    let columns = panels.len().min(2);
    Ok((
        panels,
        columns,
        "The fields $v_t(x)$ of the plans (exact for a Gaussian plan, enclosed for a mixture), arrows scaled to the grid.".into(),
    ))
}

/// Certified trajectories `s -> Phi_s(x)`, `s` in `[0, t]`, from the points
/// of the grid `xs x xs`, over the field at `t`: one panel per plan and
/// time. The polyline joins the enclosures at the ends of the integration
/// steps; the caption states the widest of them.
fn trajectories(
    plans: &[(String, GaussianMixture)],
    times: &[Q],
    xs: &[Q],
    precision: u32,
) -> Result<Drawn, String> {
    let mut panels = Vec::new();
    let mut widest = 0.0f64;
    let mut extent = (f64_of(&xs[0]), f64_of(&xs[xs.len() - 1]));
    for (label, plan) in plans {
        for t in times {
            let mut flow = plan.flow(precision);
            let mut series = Vec::new();
            for a in xs {
                for b in xs {
                    let map = flow
                        .map(t, &[a.clone(), b.clone()])
                        .map_err(|e| format!("{label}, t = {}: {e}", tex::rational(t)))?;
                    let mut line = vec![(f64_of(a), f64_of(b))];
                    for step in &map.steps {
                        for c in &step.end {
                            widest = widest.max(c.width().to_f64());
                        }
                        let (u, v) = (step.end[0].mid().to_f64(), step.end[1].mid().to_f64());
                        extent = (extent.0.min(u.min(v)), extent.1.max(u.max(v)));
                        line.push((u, v));
                    }
                    series.push(Series {
                        label: None,
                        style: Style::solid(0),
                        data: Data::Line(line),
                    });
                    series.push(Series {
                        label: None,
                        style: Style::solid(0),
                        data: Data::Marks(vec![(f64_of(a), f64_of(b))], Marker::Dot),
                    });
                }
            }
            panels.push((label.clone(), plan, t.clone(), series));
        }
    }
    let pad = 0.05 * (extent.1 - extent.0);
    let (lo, hi) = (extent.0 - pad, extent.1 + pad);
    let grid: Vec<Q> = (0..=10)
        .map(|k| rational_of(lo + (hi - lo) * k as f64 / 10.0))
        .collect();
    let mut drawn = Vec::new();
    for (label, plan, t, mut series) in panels {
        let arrows = arrows_of(plan, &t, &grid, precision)?;
        series.insert(
            0,
            Series {
                label: None,
                style: Style::solid(6),
                data: Data::Arrows(arrows),
            },
        );
        drawn.push(Panel {
            title: format!("{label}, $s \\in [0, {}]$", tex::rational(&t)),
            x: Axis::linear("$x_1$", lo, hi),
            y: Axis::linear("$x_2$", lo, hi),
            series,
            legend: None,
        });
    }
    let columns = drawn.len().min(2);
    Ok((
        drawn,
        columns,
        format!(
            "Certified trajectories $s \\mapsto \\Phi_s(x)$ of the flows from the marked points (validated integration at {precision} bits, every enclosure at most ${}$ wide, far narrower than the line), over the field at the last time.",
            tex::decimal(&format!("{widest:.0e}"))
        ),
    ))
}

fn atlas(rows: &[(usize, u32)]) -> Drawn {
    let mut panels = Vec::new();
    for (k, &(dim, max_degree)) in rows.iter().enumerate() {
        let certified: Vec<_> = (0..=max_degree)
            .map(|d| certify_degree(dim, d, || {}))
            .collect();
        let points = |f: &dyn Fn(&crate::atlas::AtlasRow) -> usize| -> Vec<(f64, f64)> {
            certified
                .iter()
                .map(|r| (f64::from(r.degree), f(r) as f64))
                .collect()
        };
        let closed = |f: fn(usize, u32) -> i64| -> Vec<(f64, f64)> {
            (0..=max_degree)
                .map(|d| (f64::from(d), f(dim, d) as f64))
                .collect()
        };
        let top = certified
            .iter()
            .map(|r| r.density_only_kernel_dim)
            .max()
            .unwrap_or(0) as f64;
        panels.push(Panel {
            title: format!("$D = {dim}$"),
            x: Axis::linear("degree $k$", -0.4, f64::from(max_degree) + 0.4),
            y: Axis::linear("dimension", -top * 0.05 - 0.2, top * 1.08 + 0.4),
            series: vec![
                Series {
                    label: (k == 0).then(|| "$\\dim I(V)_k$, closed form".into()),
                    style: Style {
                        dash: Dash::Dashed,
                        ..Style::solid(1)
                    },
                    data: Data::Line(closed(closed_form_density_only)),
                },
                Series {
                    label: (k == 0).then(|| "$\\dim \\mathrm{Ker}_{D,k}$, closed form".into()),
                    style: Style::solid(0),
                    data: Data::Line(closed(closed_form_kernel)),
                },
                Series {
                    label: (k == 0).then(|| "$\\dim I(V)_k$, certified".into()),
                    style: Style::solid(1),
                    data: Data::Marks(points(&|r| r.density_only_kernel_dim), Marker::Square),
                },
                Series {
                    label: (k == 0).then(|| "$\\dim \\mathrm{Ker}_{D,k}$, certified".into()),
                    style: Style::solid(0),
                    data: Data::Marks(points(&|r| r.kernel_dim), Marker::Dot),
                },
            ],
            legend: (k == 0).then_some(Corner::NorthWest),
        });
    }
    let columns = if panels.len() == 3 {
        3
    } else {
        panels.len().min(2)
    };
    (
        panels,
        columns,
        "The identifiability atlas: $\\dim \\mathrm{Ker}_{D,k}$ (what the densities and the field leave free in the moments of degree $k$) and $\\dim I(V)_k$ (what the densities alone leave free), certified block by block (marks), with their closed forms (lines), `docs/mathematics.md` section 4. For $D = 1$ both vanish: the one-dimensional theorem degree by degree.".into(),
    )
}

fn counterexample(
    base: &crate::atlas::counterexample::Counterexample,
    eps: &[Q],
) -> Result<Drawn, String> {
    let prec = 64;
    let with_eps = |e: &Q| crate::atlas::counterexample::Counterexample {
        eps: e.clone(),
        ..base.clone()
    };
    // eps* = 1 / (the ratio at eps = 1): the ratio is linear in eps
    let critical = Interval::from_i64(1, prec)
        .checked_div(&with_eps(&q(1, 1)).positivity_ratio(prec))
        .map_err(|e| e.to_string())?;
    let (star_lo, star_hi) = (critical.lo().to_f64(), critical.hi().to_f64());
    let top = eps.iter().map(f64_of).fold(star_hi, f64::max) * 1.15;
    // (a) pi'/pi along the ray (a1, 0, ...), for each eps
    // rho* = 2 tau^2 + 1/c, where pi'/pi is least: the ray runs to 1.6 sqrt(rho*)
    let c = (Q::from_integer(1.into()) / &base.tau2 - Q::from_integer(1.into()) / &base.sigma2)
        / q(2, 1);
    let rho_star = f64_of(&(&base.tau2 * q(2, 1) + Q::from_integer(1.into()) / c));
    let reach = rational_of(1.6 * rho_star.sqrt());
    let a1s: Vec<Q> = (0..=80).map(|k| q(k, 80) * &reach).collect();
    let mut profiles = Vec::new();
    let mut lowest = 1.0f64;
    for (j, e) in eps.iter().enumerate() {
        let c = with_eps(e);
        let points: Vec<(f64, f64, f64)> = a1s
            .iter()
            .map(|a| enclosure_point(f64_of(a), &c.ratio_on_ray(a, prec)))
            .collect();
        lowest = points.iter().fold(lowest, |m, p| m.min(p.1));
        profiles.push(Series {
            label: Some(format!("$\\varepsilon = {}$", tex::rational(e))),
            style: Style::nth(j),
            data: Data::Enclosure(points),
        });
    }
    let x_end = f64_of(&a1s[a1s.len() - 1]);
    profiles.push(Series {
        label: None,
        style: Style {
            width: 0.6,
            ..Style::solid(3)
        },
        data: Data::Line(vec![(0.0, 0.0), (x_end, 0.0)]),
    });
    let (lo, hi) = padded(
        lowest.min(0.0),
        profiles
            .iter()
            .filter_map(|s| match &s.data {
                Data::Enclosure(p) => Some(p.iter().fold(f64::NEG_INFINITY, |m, x| m.max(x.2))),
                _ => None,
            })
            .fold(1.0, f64::max),
    );
    let ray = Panel {
        title: "$\\pi'/\\pi$ along the ray $(a_1, 0, \\dots)$".into(),
        x: Axis::linear("$a_1$", 0.0, x_end),
        y: Axis::linear("$\\pi'/\\pi$", lo, hi),
        series: profiles,
        legend: Some(Corner::NorthEast),
    };
    // (b) the least value of pi'/pi against eps, and (c) the moment gap
    let grid: Vec<Q> = (0..=40).map(|k| q(k, 40) * rational_of(top)).collect();
    let margin: Vec<(f64, f64, f64)> = grid
        .iter()
        .map(|e| {
            let m = Interval::from_i64(1, prec) - with_eps(e).positivity_ratio(prec);
            enclosure_point(f64_of(e), &m)
        })
        .collect();
    let gap: Vec<(f64, f64)> = grid
        .iter()
        .map(|e| (f64_of(e), f64_of(&with_eps(e).moment_gap())))
        .collect();
    let gap_top = gap.iter().map(|p| p.1).fold(0.0, f64::max);
    let bound = |lo: f64, hi: f64| Series {
        label: Some("$\\varepsilon^*$".into()),
        style: Style {
            dash: Dash::Dashed,
            width: 1.0,
            ..Style::solid(3)
        },
        data: Data::Line(vec![
            ((star_lo + star_hi) / 2.0, lo),
            ((star_lo + star_hi) / 2.0, hi),
        ]),
    };
    let (mlo, mhi) = padded(margin.last().map_or(0.0, |p| p.1), 1.0);
    let margin_panel = Panel {
        title: "least value of $\\pi'/\\pi$".into(),
        x: Axis::linear("$\\varepsilon$", 0.0, top),
        y: Axis::linear("$\\min \\pi'/\\pi$", mlo, mhi),
        series: vec![
            Series {
                label: None,
                style: Style::solid(0),
                data: Data::Enclosure(margin),
            },
            Series {
                label: None,
                style: Style {
                    width: 0.6,
                    ..Style::solid(3)
                },
                data: Data::Line(vec![(0.0, 0.0), (top, 0.0)]),
            },
            bound(mlo, mhi),
        ],
        legend: Some(Corner::NorthEast),
    };
    let (glo, ghi) = padded(0.0, gap_top);
    let gap_panel = Panel {
        title: "gap in $E[s^2]$".into(),
        x: Axis::linear("$\\varepsilon$", 0.0, top),
        y: Axis::linear("$\\Delta E[s^2]$", glo, ghi),
        series: vec![
            Series {
                label: None,
                style: Style::solid(2),
                data: Data::Line(gap),
            },
            bound(glo, ghi),
        ],
        legend: Some(Corner::NorthWest),
    };
    let (lo_text, hi_text) = critical.to_decimal(6);
    Ok((
        vec![ray, margin_panel, gap_panel],
        3,
        format!(
            "The counterexample of `docs/mathematics.md` section 5 with $D = {}$, $\\sigma^2 = {}$, $\\tau^2 = {}$: $\\pi' = \\pi + \\varepsilon Q^2 g$ has the marginals, densities and field of $\\pi$. Left: $\\pi'/\\pi$ along a ray, certified enclosures. Middle: its least value $1 - \\varepsilon/\\varepsilon^*$, positive up to $\\varepsilon^* \\in [{}, {}]$ (for $D = 2$, $\\sigma^2 = 2$, $\\tau^2 = 1$: $e^{{3/2}}/16$). Right: the exact gap $\\Delta E[s^2] = E_{{\\pi'}}[s^2] - E_\\pi[s^2]$, $s = a_1 b_2 - a_2 b_1$: the two plans differ.",
            base.dim,
            tex::rational(&base.sigma2),
            tex::rational(&base.tau2),
            tex::decimal(&lo_text),
            tex::decimal(&hi_text)
        ),
    ))
}

/// A rational close to a positive float with 3 significant digits (a grid
/// end; the values on the grid are computed exactly from it).
fn rational_of(v: f64) -> Q {
    // three significant digits, in big integers (no i64 to wrap around)
    let exponent = 2 - v.log10().floor() as i32;
    let n = num_bigint::BigInt::from((v * 10f64.powi(exponent)).round() as i64);
    let ten = num_bigint::BigInt::from(10);
    if exponent >= 0 {
        Q::new(n, ten.pow(exponent as u32))
    } else {
        Q::from_integer(n * ten.pow((-exponent) as u32))
    }
}

fn single_time(
    lo: &Q,
    hi: &Q,
    file: &ProofFile,
    results: &[InstanceResult],
) -> Result<Drawn, String> {
    // points u = sqrt(r) rational, evenly spread in log u: t* = 1/(1 + u) exactly
    let (ulo, uhi) = (f64_of(lo).sqrt(), f64_of(hi).sqrt());
    let ctx = Context {
        tolerance: Q::from_integer(0.into()),
        precision: 64,
        max_precision: 64,
    };
    let one = |x: &Q| QMatrix::from_rows(vec![vec![x.clone()]]).expect("a 1 x 1 matrix");
    let mut curve = Vec::new();
    for k in 0..=48 {
        let u_float = ulo * (uhi / ulo).powf(f64::from(k) / 48.0);
        let u = q((u_float * 256.0).round() as i64, 256);
        let (r, t) = (
            &u * &u,
            Q::from_integer(1.into()) / (Q::from_integer(1.into()) + &u),
        );
        let plan = GaussianPlan::new(
            vec![q(0, 1)],
            vec![q(0, 1)],
            one(&q(1, 1)),
            one(&r),
            one(&q(0, 1)),
        )
        .map_err(|e| e.to_string())?;
        let verdict = GaussianSingleTime { plan, t: t.clone() }
            .evidence(&ctx)?
            .verdict(&ctx.tolerance);
        if verdict != Verdict::Refuted {
            return Err(format!(
                "internal error: the single-time check does not refute t* = {} at r = {}",
                tex::rational(&t),
                tex::rational(&r)
            ));
        }
        curve.push((f64_of(&r), f64_of(&t)));
    }
    let mut determined = Vec::new();
    let mut degenerate = Vec::new();
    for r in results.iter().filter(|r| r.instance.file == file.path) {
        let CheckSpec::GaussianSingleTime(k) = &r.instance.spec else {
            continue;
        };
        if k.plan.dim() != 1 {
            continue;
        }
        let ratio = &k.plan.s11().row(0)[0] / &k.plan.s00().row(0)[0];
        let point = (f64_of(&ratio), f64_of(&k.t));
        match r.verdict() {
            Verdict::Certified => determined.push(point),
            Verdict::Refuted => degenerate.push(point),
            _ => {}
        }
    }
    let mut series = vec![Series {
        label: Some("$t^* = 1/(1 + \\sqrt{r})$: one time fails".into()),
        style: Style::solid(0),
        data: Data::Line(curve),
    }];
    if !determined.is_empty() {
        series.push(Series {
            label: Some("instance certified: determined".into()),
            style: Style::solid(2),
            data: Data::Marks(determined, Marker::Dot),
        });
    }
    if !degenerate.is_empty() {
        series.push(Series {
            label: Some("instance refuted: not determined".into()),
            style: Style::solid(1),
            data: Data::Marks(degenerate, Marker::Cross),
        });
    }
    let mut ticks = Vec::new();
    let mut v = Q::from_integer(1.into());
    while v > *lo {
        v /= Q::from_integer(4.into());
    }
    while v <= *hi {
        if v >= *lo {
            ticks.push((f64_of(&v), format!("${}$", tex::rational(&v))));
        }
        v *= Q::from_integer(4.into());
    }
    let panel = Panel {
        title: "one time in $D = 1$".into(),
        x: Axis {
            label: "$r = s_{11}/s_{00}$".into(),
            min: f64_of(lo),
            max: f64_of(hi),
            log: true,
            ticks: Some(ticks),
        },
        y: Axis::linear("$t$", 0.0, 1.0),
        series,
        legend: Some(Corner::NorthEast),
    };
    Ok((
        vec![panel],
        1,
        "The single-time degeneracy in $D = 1$: the field at one time $t$ determines the plan except on the curve $t = t^*(r) = 1/(1 + \\sqrt{r})$, $r = s_{11}/s_{00}$, whatever the correlation (`docs/mathematics.md` section 2, Inverse). Each point of the curve is a rational $(r, t^*)$ that the `gaussian-single-time` check refutes exactly; the marks are this proof file's instances in $D = 1$.".into(),
    ))
}
