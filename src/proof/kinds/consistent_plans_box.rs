//! `consistent-plans-box`: every Gaussian plan whose field is within
//! `delta` of observations of a field has its cross-covariance `C` in a
//! stated box (mathematics section 7). Its readers, inputs and witness are
//! shared with `no-gaussian-plan-within`.

use crate::exact::{QMatrix, Q};
use crate::gaussian::consistent::{
    enclose, end_laws_from_table, estimate, Emptiness, Enclosure, Observations,
};
use crate::input::{observations, Field, InputError, Table};
use crate::limits::MAX_CERTIFIED_RELAXATION;
use crate::proof::fields::plan_from;
use crate::proof::keys::{Key, KeyType};
use crate::proof::kind::{About, CheckKind, Context, Form};
use crate::proof::verdict::Evidence;
use crate::proof::wire;
use crate::tex;
use num_traits::Zero;
use serde_json::{json, Value};
use std::path::Path;

/// The keys every consistent-plans kind takes.
pub(crate) const OBSERVATION_KEYS: [Key; 3] = [
    Key::required(
        "ends",
        KeyType::EndLaws,
        "the end laws `N(m0, S00)`, `N(m1, S11)`",
    ),
    Key::required(
        "samples",
        KeyType::Path,
        "the observations: a CSV or `.npy` file with the columns `t`, `x`, `v` (docs/file-formats.md)",
    ),
    Key::required(
        "within",
        KeyType::Number,
        "the tolerance `delta >= 0` on `|u - v_t(x)|_inf` at every observation",
    ),
];

/// Reads `ends`, `samples` and `within`.
pub(crate) fn observed(t: &Table<'_>, base: &Path) -> Result<(Observations, Q), InputError> {
    let ends = plan_from(&t.require("ends")?, base, end_laws_from_table)?;
    let sf = t.require("samples")?;
    let path = base.join(sf.string()?);
    let rows = observations::read(&path, ends.0.len()).map_err(|e| sf.error(e.to_string()))?;
    let obs = Observations::from_rows(ends, rows).map_err(|e| sf.error(e.to_string()))?;
    let entries = obs.times().len() as u64 * (obs.dim() as u64).pow(4);
    if entries > MAX_CERTIFIED_RELAXATION {
        return Err(sf.error(format!(
            "D = {} and {} times: a certificate would carry up to 8 x {entries} multipliers \
             (times x D^4 per round), beyond what the verifier checks ({MAX_CERTIFIED_RELAXATION} \
             per round); use fewer times, or `invert --samples` for the proven box without a certificate",
            obs.dim(),
            obs.times().len()
        )));
    }
    let wf = t.require("within")?;
    let within = wf.number()?;
    if within < Q::zero() {
        return Err(wf.error("the tolerance `within` must be >= 0"));
    }
    Ok((obs, within))
}

/// The observations inline: end laws and, per time, points and values.
pub(crate) fn observations_json(obs: &Observations, within: &Q) -> Value {
    let (m0, m1, s00, s11) = obs.end_laws();
    let times: Vec<Value> = obs
        .times()
        .iter()
        .map(|o| {
            let rows = |v: &[Vec<Q>]| Value::Array(v.iter().map(|r| wire::vector(r)).collect());
            json!({"t": wire::rational(&o.t), "x": rows(&o.points), "v": rows(&o.values)})
        })
        .collect();
    json!({
        "ends": {"m0": wire::vector(m0), "m1": wire::vector(m1),
                 "s00": wire::matrix(s00), "s11": wire::matrix(s11)},
        "observations": times,
        "within": wire::rational(within),
    })
}

fn square(v: &[Q], d: usize) -> QMatrix {
    QMatrix::from_rows(v.chunks(d).map(<[Q]>::to_vec).collect()).expect("d x d")
}

/// The proof of [`enclose`] as a witness: the affine centres, the prior
/// box, the rounds and, when there is one, the proof of emptiness.
pub(crate) fn enclosure_witness(e: &Enclosure, d: usize) -> Value {
    let affine: Vec<Value> = e
        .affine
        .iter()
        .map(|a| json!({"basis": a.basis, "center": wire::matrix(&a.center)}))
        .collect();
    let rounds: Vec<Value> = e
        .rounds
        .iter()
        .map(|r| {
            let y: Vec<Value> = r.multipliers.iter().map(|y| wire::vector(y)).collect();
            json!({"multipliers": y, "lo": wire::matrix(&square(&r.lo, d)),
                   "hi": wire::matrix(&square(&r.hi, d))})
        })
        .collect();
    match &e.empty {
        // a covariance that is singular whatever C is needs nothing else
        Some(Emptiness::Singular { time }) => json!({"empty": {"singular": {"time": time}}}),
        // a point off the affine field needs no box
        Some(Emptiness::Affine {
            time,
            point,
            component,
        }) => json!({"affine": affine,
            "empty": {"affine": {"time": time, "point": point, "component": component}}}),
        Some(Emptiness::Relaxation { multipliers }) => json!({"affine": affine,
            "prior": wire::matrix(&square(&e.prior, d)), "rounds": rounds,
            "empty": {"relaxation": wire::vector(multipliers)}}),
        None => json!({"affine": affine, "prior": wire::matrix(&square(&e.prior, d)),
                       "rounds": rounds}),
    }
}

/// A valid plan within `delta` of the observations, if the estimate is one.
pub(crate) fn plan_within(obs: &Observations, within: &Q) -> Result<Option<QMatrix>, String> {
    let est = estimate(obs).map_err(|e| e.to_string())?;
    Ok((est.residual <= *within).then(|| est.plan.c().clone()))
}

/// The data of a `consistent-plans-box` instance.
#[derive(Debug, Clone)]
pub struct ConsistentPlansBox {
    /// The end laws and observations.
    pub observations: Observations,
    /// The tolerance `delta`.
    pub within: Q,
    /// The claimed box.
    pub lo: QMatrix,
    /// Its upper ends.
    pub hi: QMatrix,
}

fn matrix_of(f: &Field<'_>, d: usize) -> Result<QMatrix, InputError> {
    let m = crate::gaussian::plan::read_matrix(f)?;
    if m.rows() != d || m.cols() != d {
        return Err(f.error(format!("expected a {d}x{d} matrix")));
    }
    Ok(m)
}

impl CheckKind for ConsistentPlansBox {
    const NAME: &'static str = "consistent-plans-box";
    const KEYS: &'static [Key] = &[
        OBSERVATION_KEYS[0],
        OBSERVATION_KEYS[1],
        OBSERVATION_KEYS[2],
        Key::required("lo", KeyType::Matrix, "the lower ends of the box of `C`"),
        Key::required("hi", KeyType::Matrix, "the upper ends of the box of `C`"),
    ];
    const FORM: Form = Form::Decision;
    const ABOUT: About = About {
        claim: "every valid plan with these end laws whose field is defined at the observed times and within `delta` of every observation has `lo <= C <= hi`",
        preconditions: "valid end laws; at each time `D` points whose offsets from `m_t` span `R^D` (else an error)",
        section: "7",
        method: "exact: the affine box of `A_t` at each time, then bounds on `C` from the linear relaxation with multipliers (any multipliers are sound); refuted by a valid plan within `delta` outside the box",
    };
    const HINTS: &'static [&'static str] = &["reason"];

    fn parse(t: &Table<'_>, base: &Path) -> Result<Self, InputError> {
        let (observations, within) = observed(t, base)?;
        let d = observations.dim();
        let lo = matrix_of(&t.require("lo")?, d)?;
        let hf = t.require("hi")?;
        let hi = matrix_of(&hf, d)?;
        if lo.entries().iter().zip(hi.entries()).any(|(l, h)| l > h) {
            return Err(hf.error("the box is empty: an entry of `lo` is above `hi`"));
        }
        Ok(ConsistentPlansBox {
            observations,
            within,
            lo,
            hi,
        })
    }

    fn claim(&self) -> String {
        let count = self.observations.count();
        let d = self.observations.dim();
        // the box itself while it is short enough to read
        let bounds = if d <= 2 {
            let entry = |i: usize, j: usize| {
                let sub = if d == 1 {
                    String::new()
                } else {
                    format!("_{{{}{}}}", i + 1, j + 1)
                };
                format!(
                    "$C{sub} \\in [{}, {}]$",
                    tex::rational(&self.lo[(i, j)]),
                    tex::rational(&self.hi[(i, j)])
                )
            };
            let all: Vec<String> = (0..d * d).map(|q| entry(q / d, q % d)).collect();
            all.join(", ")
        } else {
            "$\\mathrm{lo} \\le C \\le \\mathrm{hi}$ entrywise".to_string()
        };
        format!(
            "every valid plan with these end laws whose field is within $\\delta = {}$ of the {} has {bounds}",
            tex::rational(&self.within),
            tex::count(count, "observation", "observations"),
        )
    }

    fn inputs(&self) -> Value {
        let mut v = observations_json(&self.observations, &self.within);
        v["lo"] = wire::matrix(&self.lo);
        v["hi"] = wire::matrix(&self.hi);
        v
    }

    fn evidence(&self, _: &Context) -> Result<Evidence, String> {
        let d = self.observations.dim();
        let e = enclose(&self.observations, &self.within).map_err(|e| e.to_string())?;
        let (lo, hi) = e.bounds();
        let inside = e.empty.is_some()
            || lo
                .iter()
                .zip(&hi)
                .zip(self.lo.entries().iter().zip(self.hi.entries()))
                .all(|((l, h), (cl, ch))| cl <= l && h <= ch);
        if inside {
            let mut w = enclosure_witness(&e, d);
            if e.empty.is_some() {
                w["reason"] = json!("no plan is within delta: the claim holds for none");
            }
            return Ok(Evidence::exact(true, w));
        }
        if let Some(c) = plan_within(&self.observations, &self.within)? {
            let outside = c
                .entries()
                .iter()
                .zip(self.lo.entries().iter().zip(self.hi.entries()))
                .any(|(x, (l, h))| x < l || x > h);
            if outside {
                return Ok(Evidence::exact(false, json!({"c": wire::matrix(&c)})));
            }
        }
        Ok(Evidence::Undecided {
            method: crate::proof::verdict::Method::Exact,
            witness: json!({"reason": "the proven box is not inside the claimed one, and no valid plan within delta outside it was found"}),
        })
    }
}
