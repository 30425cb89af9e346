//! The `[[figure]]` tables of a proof file (docs/file-formats.md,
//! "Figures"): what a figure of the appendix shows, read and checked with
//! the rest of the file, so that a bad figure is an input error naming the
//! file, the line and the field before anything runs. Drawing them is
//! [`crate::report::figures`]'s work.
//!
//! ```toml
//! [[figure]]
//! name = "my-fields"                 # the files my-fields.svg and my-fields.tex
//! plot = "field"                     # field, density, cdf, transport, atlas, counterexample, single-time
//! plans = ["my-plan.toml", "other.toml"]
//! labels = ['$c = 1$', 'mixture']    # optional, math text
//! t = ["1/4", "1/2"]                 # one panel per time
//! x = "-3:5:81"                      # the grid of x (a square grid for D = 2)
//! caption = 'The fields $v_t$.'      # optional, math text
//! ```

use super::fields::{math_text, plan_from, points, small_integer, times};
use crate::atlas::counterexample::Counterexample;
use crate::exact::Q;
use crate::gaussian::GaussianMixture;
use crate::input::{Field, InputError, Table};
use crate::onedim::OneDimPlan;
use std::path::Path;

/// What a one-dimensional figure shows against `x`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantity {
    /// The field `v_t(x)`.
    Field,
    /// The density `p_t(x)`.
    Density,
    /// The distribution function `F_t(x)`.
    Cdf,
    /// The flow map `Phi_t(x)`.
    Transport,
}

/// The plans of a figure: one-dimensional, or Gaussian plans and mixtures
/// of them in `D = 2`.
#[derive(Debug, Clone)]
pub enum Plans {
    /// One-dimensional plans, with their labels.
    OneDim(Vec<(String, OneDimPlan)>),
    /// Gaussian plans and mixtures in `D = 2`, with their labels (a quiver
    /// of the field, or certified trajectories of the flow).
    Plane(Vec<(String, GaussianMixture)>),
}

/// What a figure shows.
#[derive(Debug, Clone)]
pub enum Plot {
    /// A quantity of plans at times over a grid (`field`, `density`,
    /// `cdf`, `transport`; in `D = 2` `field` is a quiver and `transport`
    /// certified trajectories).
    Plans {
        /// The quantity.
        quantity: Quantity,
        /// The plans.
        plans: Plans,
        /// One panel per time (per plan and time for a quiver).
        times: Vec<Q>,
        /// The grid of `x` (of each coordinate for a quiver).
        xs: Vec<Q>,
        /// The precision of enclosures.
        precision: u32,
    },
    /// `dim Ker_{D,k}` and `dim I(V)_k` against `k`, certified, with the
    /// closed forms: `(D, largest k)` per panel.
    Atlas(Vec<(usize, u32)>),
    /// The counterexample of section 5: the ratio `pi'/pi` along a ray for
    /// each `eps`, the positivity margin and the moment gap against `eps`.
    Counterexample {
        /// The parameters (its `eps` is the largest drawn).
        base: Counterexample,
        /// The values of `eps` whose profiles are drawn.
        eps: Vec<Q>,
    },
    /// The single-time degeneracy in `D = 1`: the curve of `(s11/s00, t*)`
    /// over the ratios from `lo` to `hi`, with the file's
    /// `gaussian-single-time` instances in `D = 1`.
    SingleTime {
        /// The smallest ratio drawn.
        lo: Q,
        /// The largest ratio drawn.
        hi: Q,
    },
}

/// One `[[figure]]` table.
#[derive(Debug, Clone)]
pub struct FigureSpec {
    /// The file stem: lowercase letters, digits and `-`.
    pub name: String,
    /// The caption (math text); a default is written when absent.
    pub caption: Option<String>,
    /// What it shows.
    pub plot: Plot,
}

const PLOTS: &[&str] = &[
    "field",
    "density",
    "cdf",
    "transport",
    "atlas",
    "counterexample",
    "single-time",
];

fn keys_of(plot: &str) -> &'static [&'static str] {
    match plot {
        "atlas" => &["name", "plot", "caption", "dim", "degree"],
        "counterexample" => &["name", "plot", "caption", "dim", "sigma2", "tau2", "eps"],
        "single-time" => &["name", "plot", "caption", "ratio"],
        _ => &[
            "name",
            "plot",
            "caption",
            "plans",
            "labels",
            "t",
            "x",
            "precision",
        ],
    }
}

/// A plan of a figure: one-dimensional, or a Gaussian plan or mixture in
/// `D = 2`.
enum AnyPlan {
    OneDim(Box<OneDimPlan>),
    Plane(GaussianMixture),
}

fn any_plan(t: &Table<'_>) -> Result<AnyPlan, InputError> {
    if matches!(
        t.require("kind")?.string()?,
        "gaussian" | "gaussian-mixture"
    ) {
        let dim = match OneDimPlan::from_table(t) {
            Ok(p) => return Ok(AnyPlan::OneDim(Box::new(p))),
            Err(e) => match GaussianMixture::from_plan_table(t) {
                Ok(m) if m.dim() == 2 => return Ok(AnyPlan::Plane(m)),
                Ok(m) if m.dim() == 1 => return Err(e),
                Ok(m) => m.dim(),
                Err(e) => return Err(e),
            },
        };
        return Err(t.error(format!(
            "a figure draws plans in D = 1 or D = 2; this one has D = {dim}"
        )));
    }
    Ok(AnyPlan::OneDim(Box::new(OneDimPlan::from_table(t)?)))
}

/// The default label of the `k`-th plan: its file's stem, or `plan k`.
fn default_label(f: &Field<'_>, k: usize) -> String {
    f.string()
        .ok()
        .and_then(|s| Path::new(s).file_stem())
        .map_or(format!("plan {}", k + 1), |s| {
            format!("`{}`", s.to_string_lossy())
        })
}

fn read_plans(t: &Table<'_>, base: &Path, quantity: Quantity) -> Result<Plans, InputError> {
    let field = t.require("plans")?;
    let items = field.array()?;
    if items.is_empty() || items.len() > 7 {
        return Err(field.error("expected 1 to 7 plans"));
    }
    let labels = match t.get("labels") {
        Some(l) => {
            let list = l.array()?;
            if list.len() != items.len() {
                return Err(l.error(format!(
                    "expected {} labels, one per plan; found {}",
                    items.len(),
                    list.len()
                )));
            }
            list.iter().map(math_text).collect::<Result<Vec<_>, _>>()?
        }
        None => (0..items.len())
            .map(|k| default_label(&items[k], k))
            .collect(),
    };
    let mut one = Vec::new();
    let mut plane = Vec::new();
    for (item, label) in items.iter().zip(labels) {
        match plan_from(item, base, any_plan)? {
            AnyPlan::OneDim(p)
                if matches!(*p, OneDimPlan::Discrete(_))
                    && matches!(quantity, Quantity::Density | Quantity::Cdf) =>
            {
                return Err(item.error(
                    "a discrete plan has atoms, not a density: draw its field or its transport",
                ))
            }
            AnyPlan::OneDim(p) => one.push((label, *p)),
            AnyPlan::Plane(p) => plane.push((label, p)),
        }
    }
    match (one.is_empty(), plane.is_empty()) {
        (false, true) => Ok(Plans::OneDim(one)),
        (true, false) if matches!(quantity, Quantity::Field | Quantity::Transport) => {
            Ok(Plans::Plane(plane))
        }
        (true, false) => Err(field.error(
            "plans in D = 2 are drawn as the quiver of their field (plot = \"field\") or their flow (plot = \"transport\")",
        )),
        _ => Err(field.error("one figure draws plans of one dimension: all D = 1 or all D = 2")),
    }
}

fn read_plot(t: &Table<'_>, base: &Path, plot: &str) -> Result<Plot, InputError> {
    Ok(match plot {
        "atlas" => {
            let (dims, degrees) = (t.require("dim")?, t.require("degree")?);
            let d: Vec<usize> = dims
                .array()?
                .iter()
                .map(|f| small_integer(f, 1, 4).map(|v| v as usize))
                .collect::<Result<_, _>>()?;
            let k: Vec<u32> = degrees
                .array()?
                .iter()
                .map(|f| small_integer(f, 1, 12).map(|v| v as u32))
                .collect::<Result<_, _>>()?;
            if d.is_empty() || d.len() != k.len() || d.len() > 6 {
                return Err(degrees.error(
                    "expected 1 to 6 dimensions `dim` and as many largest degrees `degree`",
                ));
            }
            for (&dim, &degree) in d.iter().zip(&k) {
                crate::atlas::check_request(dim, degree)
                    .map_err(|e| degrees.error(e.to_string()))?;
            }
            Plot::Atlas(d.into_iter().zip(k).collect())
        }
        "counterexample" => {
            let eps_field = t.require("eps")?;
            let eps = eps_field.vector()?;
            let zero = Q::from_integer(0.into());
            if eps.is_empty() || eps.len() > 6 || eps.iter().any(|e| *e <= zero) {
                return Err(eps_field.error("expected 1 to 6 positive values of eps"));
            }
            let largest = eps.iter().max().cloned().expect("not empty");
            let base = Counterexample {
                dim: small_integer(&t.require("dim")?, 2, 4)? as usize,
                sigma2: t.require("sigma2")?.number()?,
                tau2: t.require("tau2")?.number()?,
                eps: largest,
                ..Counterexample::paper_instance()
            };
            base.validate().map_err(|e| t.error(e.0))?;
            Plot::Counterexample { base, eps }
        }
        "single-time" => {
            let (lo, hi) = match t.get("ratio") {
                None => (Q::new(1.into(), 16.into()), Q::from_integer(16.into())),
                Some(f) => match &f.vector()?[..] {
                    [lo, hi] if *lo > Q::from_integer(0.into()) && lo < hi => {
                        (lo.clone(), hi.clone())
                    }
                    _ => return Err(f.error("expected [lo, hi] with 0 < lo < hi")),
                },
            };
            Plot::SingleTime { lo, hi }
        }
        _ => {
            let quantity = match plot {
                "field" => Quantity::Field,
                "density" => Quantity::Density,
                "cdf" => Quantity::Cdf,
                _ => Quantity::Transport,
            };
            let plans = read_plans(t, base, quantity)?;
            let time_field = t.require("t")?;
            let ts = times(&time_field)?;
            if ts.len() > 6 {
                return Err(time_field.error("expected 1 to 6 times (one panel each)"));
            }
            let x_field = t.require("x")?;
            let xs = points(&x_field)?;
            let most = if matches!(plans, Plans::Plane(_)) {
                15
            } else {
                400
            };
            if xs.len() < 2 || xs.len() > most {
                return Err(x_field.error(format!("expected 2 to {most} points")));
            }
            if let Plans::Plane(p) = &plans {
                if p.len() * ts.len() > 6 {
                    return Err(
                        time_field.error("a quiver draws at most 6 panels (plans times times)")
                    );
                }
            }
            let precision = match t.get("precision") {
                None => 64,
                Some(f) => small_integer(&f, 16, 1024)? as u32,
            };
            Plot::Plans {
                quantity,
                plans,
                times: ts,
                xs,
                precision,
            }
        }
    })
}

/// Reads one `[[figure]]` table; plan paths are relative to `base`.
pub fn read_figure(t: &Table<'_>, base: &Path) -> Result<FigureSpec, InputError> {
    let plot_field = t.require("plot")?;
    let plot = plot_field.string()?;
    if !PLOTS.contains(&plot) {
        return Err(plot_field.error(format!(
            "unknown plot `{plot}`; expected one of: {}",
            PLOTS.join(", ")
        )));
    }
    t.deny_unknown_keys(keys_of(plot))?;
    let name_field = t.require("name")?;
    let name = name_field.string()?.to_string();
    let well_formed = !name.is_empty()
        && name.len() <= 40
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !name.starts_with("appendix");
    if !well_formed {
        return Err(name_field.error(
            "a figure name is 1 to 40 lowercase letters, digits and `-` (it names the files NAME.svg and NAME.tex), not starting with `appendix`",
        ));
    }
    let caption = t.get("caption").map(|f| math_text(&f)).transpose()?;
    Ok(FigureSpec {
        name,
        caption,
        plot: read_plot(t, base, plot)?,
    })
}
