//! Validated integration of `y' = f(t, y)` from a point: a Taylor method
//! with an a-priori enclosure and the mean-value (Lohner) form
//! (docs/mathematics.md section 9).
//!
//! Contract. [`integrate`] returns boxes `Y_n` containing the solution
//! `y(t_n)` through `(t0, y0)` for every `y0` in the initial box, at exact
//! rational times `t_n`, and an enclosure of the flow's Jacobian
//! `d y(t1) / d y0`. Each step from `t_n` to `t_n + h`:
//!
//! 1. **A-priori box.** A box `B` with `Y_n + [0, h] f([t_n, t_n + h], B)`
//!    inside its interior: by Picard–Lindelöf (Schauder's fixed point) every
//!    solution from `Y_n` stays in `B` over the step. Likewise a box `U` of
//!    Jacobians with `I + [0, h] (D_y f)([t_n, t_n + h], B) U` inside it.
//! 2. **Taylor polynomial at the centre.** The coefficients `y_k` of the
//!    solution from the centre `c` of `Y_n`, `k < K`, and the remainder
//!    `h^K y_K([t_n, t_n + h], B)` (Lagrange's form, componentwise: the
//!    `K`-th coefficient of the solution through any point of the step).
//! 3. **Mean-value form.** `Y_{n+1} = T(c) + J (Y_n - c)` with `J` the
//!    Taylor polynomial of the variational system over `Y_n` plus its
//!    remainder over `(B, U)`: it encloses `d y(t_n + h) / d y(t_n)` over
//!    `Y_n`, so the width grows by the true Jacobian, not by the
//!    overestimation of an interval evaluation over the box (the wrapping of
//!    a direct method, which the posterior weights of a mixture make fatal).
//!
//! The step size is chosen from the centre's coefficients (a float guides
//! it; the enclosures decide), and halved while step 1 fails or while the
//! remainder of step 2 is above the precision relative to the state (or an
//! eighth of the box's width, once that is larger).

use super::taylor::Tape;
use super::{Interval, IntervalError};
use crate::exact::Q;
use num_traits::Zero;
use rug::Float;

/// One step of a validated integration.
#[derive(Debug, Clone)]
pub struct FlowStep {
    /// Its start.
    pub t0: Q,
    /// Its end.
    pub t1: Q,
    /// The a-priori box: every solution from the step's start box stays in
    /// it over `[t0, t1]`.
    pub a_priori: Vec<Interval>,
    /// The enclosure of `y(t1)`.
    pub end: Vec<Interval>,
}

/// The result of [`integrate`].
#[derive(Debug, Clone)]
pub struct Flow {
    /// The enclosure of `y(t1)`.
    pub end: Vec<Interval>,
    /// The enclosure of `d y(t1) / d y0`, by rows.
    pub jacobian: Vec<Vec<Interval>>,
    /// The steps.
    pub steps: Vec<FlowStep>,
}

/// Why an integration failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OdeError {
    /// No a-priori box was found even for a tiny step.
    #[error(
        "no a-priori enclosure at t = {0} even for a step of 2^-40 (the field may blow up there)"
    )]
    NoEnclosure(String),
    /// More steps than allowed.
    #[error("more than {0} steps")]
    TooManySteps(usize),
    /// An enclosure failed.
    #[error("{0}")]
    Interval(#[from] IntervalError),
}

/// The two tapes of a field: `f` and its variational system.
#[derive(Debug, Clone)]
pub struct FieldTapes {
    field: Tape,
    variational: Tape,
}

impl FieldTapes {
    /// The tapes of `field`.
    pub fn new(field: Tape) -> FieldTapes {
        FieldTapes {
            variational: field.variational(),
            field,
        }
    }

    /// The number of state variables.
    pub fn dim(&self) -> usize {
        self.field.vars()
    }
}

/// A right-hand side as [`integrate`] asks for it: the tapes to use for a
/// step, which may depend on where the step starts (a mixture's field is
/// written relative to its leading component there, which keeps the
/// posterior weights narrow over the step's box).
pub trait StepField {
    /// The number of state variables.
    fn dim(&self) -> usize;
    /// The tapes for a step from the box with centre `centre` at `t`.
    fn tapes_at(&mut self, t: &Q, centre: &[Interval]) -> &FieldTapes;
}

impl StepField for FieldTapes {
    fn dim(&self) -> usize {
        self.field.vars()
    }

    fn tapes_at(&mut self, _t: &Q, _centre: &[Interval]) -> &FieldTapes {
        self
    }
}

/// The Taylor order used at `prec` bits: about `prec / 4`, 12 to 60.
pub fn order_for(prec: u32) -> usize {
    (prec as usize / 4).clamp(12, 60)
}

fn widened(x: &Interval, by: &Float) -> Interval {
    let p = x.prec();
    let lo = Float::with_val_round(p, x.lo() - by, rug::float::Round::Down).0;
    let hi = Float::with_val_round(p, x.hi() + by, rug::float::Round::Up).0;
    Interval::from_endpoints(lo, hi).expect("lo <= hi")
}

/// Inflates each component by 5% of its width and a floor relative to its
/// magnitude (so that a point grows into a box).
fn inflated(b: &[Interval]) -> Vec<Interval> {
    b.iter()
        .map(|x| {
            let p = x.prec();
            let floor = Float::with_val(p, x.mag() + 1u32) >> (p as i32 - 8);
            let by = Float::with_val(p, x.width() / 20u32) + floor;
            widened(x, &by)
        })
        .collect()
}

fn axpy(y: &[Interval], h: &Interval, f: &[Interval]) -> Vec<Interval> {
    y.iter().zip(f).map(|(a, b)| a + &(h * b)).collect()
}

fn inside(outer: &[Interval], inner: &[Interval]) -> bool {
    outer
        .iter()
        .zip(inner)
        .all(|(o, i)| o.contains_in_interior(i))
}

/// A box `B` with `start + [0, h] f(T, B)` in its interior, or `None`.
fn a_priori(
    tape: &Tape,
    time: &Interval,
    span: &Interval,
    start: &[Interval],
    tail: Option<&[Interval]>,
) -> Option<Vec<Interval>> {
    let state = |b: &[Interval]| -> Vec<Interval> {
        let mut s = b.to_vec();
        if let Some(t) = tail {
            s.extend_from_slice(t);
        }
        s
    };
    let part = |f: Vec<Interval>| -> Vec<Interval> {
        let skip = f.len() - start.len();
        f.into_iter().skip(skip).collect()
    };
    let f0 = part(tape.eval(time, &state(start)).ok()?);
    let mut b = inflated(&axpy(start, span, &f0));
    for _ in 0..12 {
        let fb = part(tape.eval(time, &state(&b)).ok()?);
        let next = axpy(start, span, &fb);

        if inside(&b, &next) {
            return Some(next);
        }
        b = inflated(
            &b.iter()
                .zip(&next)
                .map(|(x, y)| x.hull(y))
                .collect::<Vec<_>>(),
        );
    }
    None
}

/// `sum_k c_k h^k` for `k < order`, by Horner's rule.
fn horner(coefficients: &[Vec<Interval>], h: &Interval, i: usize, order: usize) -> Interval {
    let mut s = coefficients[order - 1][i].clone();
    for k in (0..order - 1).rev() {
        s = &(&s * h) + &coefficients[k][i];
    }
    s
}

/// A step size from the centre's Taylor coefficients: the radius of
/// convergence they suggest, times `2^(-prec / order) / 2`.
fn guessed_step(coefficients: &[Vec<Interval>], order: usize, prec: u32) -> f64 {
    let mut radius = f64::INFINITY;
    for k in [order - 1, order] {
        let m = coefficients[k]
            .iter()
            .map(|c| c.mag().to_f64())
            .fold(0.0, f64::max);
        if m > 0.0 && m.is_finite() {
            radius = radius.min((1.0 / m).powf(1.0 / k as f64));
        }
    }
    // half of it: the remainder is taken over the whole step's box,
    // where the coefficients are larger than at the centre
    radius * (-(prec as f64) / order as f64).exp2() / 2.0
}

/// The largest dyadic `j / 2^40` at most `h`, at most `left`.
fn dyadic_step(h: f64, left: &Q) -> Q {
    let scale = 1u64 << 40;
    let steps = if h.is_finite() {
        (h * scale as f64).floor().clamp(0.0, 1e18) as u64
    } else {
        u64::MAX
    };
    let q = Q::new(steps.into(), scale.into());
    if &q > left {
        left.clone()
    } else {
        q
    }
}

/// Integrates `y' = f(t, y)` from `y(t0) in y0` to `t1 >= t0` at `prec`
/// bits with Taylor order `order`, in at most `max_steps` steps.
pub fn integrate(
    field: &mut dyn StepField,
    t0: &Q,
    t1: &Q,
    y0: &[Interval],
    prec: u32,
    order: usize,
    max_steps: usize,
) -> Result<Flow, OdeError> {
    let n = field.dim();
    let identity: Vec<Interval> = (0..n * n)
        .map(|k| Interval::from_i64(i64::from(k / n == k % n), prec))
        .collect();
    let mut t = t0.clone();
    let mut y = y0.to_vec();
    let mut jacobian = identity.clone();
    let mut steps = Vec::new();
    while &t < t1 {
        if steps.len() >= max_steps {
            return Err(OdeError::TooManySteps(max_steps));
        }
        let centre: Vec<Interval> = y.iter().map(|x| Interval::point_of(&x.mid())).collect();
        let tapes = field.tapes_at(&t, &centre);
        let start = Interval::from_rational(&t, prec);
        let at_centre = tapes.field.solution_coefficients(&start, &centre, order)?;
        let left = t1 - &t;
        // at most 1/16: where the solution's coefficients vanish (a straight
        // path) the guess is unbounded, but the remainder is taken over the
        // whole step's box and time, where they do not
        let guess = guessed_step(&at_centre, order, prec).min(1.0 / 16.0);
        let mut h = dyadic_step(guess, &left);
        let step = loop {
            if h.is_zero() || h < Q::new(1.into(), (1u64 << 40).into()).min(left.clone()) {
                return Err(OdeError::NoEnclosure(crate::exact::format_rational(&t)));
            }
            match try_step(
                tapes, &t, &h, &y, &centre, &at_centre, &identity, prec, order,
            ) {
                Some(s) => break s,
                None => h /= Q::from_integer(2.into()),
            }
        };
        let (end, step_jacobian, a_priori) = step;
        jacobian = mat_mul(&step_jacobian, &jacobian, n);
        let next = &t + &h;
        steps.push(FlowStep {
            t0: t.clone(),
            t1: next.clone(),
            a_priori,
            end: end.clone(),
        });
        t = next;
        y = end;
    }
    Ok(Flow {
        end: y,
        jacobian: jacobian.chunks(n).map(<[Interval]>::to_vec).collect(),
        steps,
    })
}

/// The product of two `n x n` interval matrices stored by rows.
pub fn mat_mul(a: &[Interval], b: &[Interval], n: usize) -> Vec<Interval> {
    let mut out = Vec::with_capacity(n * n);
    for i in 0..n {
        for j in 0..n {
            let mut s = &a[i * n] * &b[j];
            for l in 1..n {
                s += &(&a[i * n + l] * &b[l * n + j]);
            }
            out.push(s);
        }
    }
    out
}

type StepResult = (Vec<Interval>, Vec<Interval>, Vec<Interval>);

/// One step of size `h` from the box `y` at `t`: the end box, the step's
/// Jacobian (by rows) and the a-priori box, or `None` when an enclosure
/// fails (the step is then halved).
#[allow(clippy::too_many_arguments)]
fn try_step(
    tapes: &FieldTapes,
    t: &Q,
    h: &Q,
    y: &[Interval],
    centre: &[Interval],
    at_centre: &[Vec<Interval>],
    identity: &[Interval],
    prec: u32,
    order: usize,
) -> Option<StepResult> {
    let n = tapes.dim();
    let start = Interval::from_rational(t, prec);
    let hi = Interval::from_rational(h, prec);
    let time = start.hull(&Interval::from_rational(&(t + h), prec));
    let span = Interval::from_i64(0, prec).hull(&hi);
    let b = a_priori(&tapes.field, &time, &span, y, None)?;
    // the Jacobians: J' = (D_y f)(t, y) J with y in B
    let u = {
        let mut with_b = b.clone();
        with_b.extend_from_slice(identity);
        let f = tapes.variational.eval(&time, &with_b).ok()?;
        let first: Vec<Interval> = axpy(identity, &span, &f[n..]);
        let mut u = inflated(&first);
        let mut found = None;
        for _ in 0..12 {
            let mut state = b.clone();
            state.extend_from_slice(&u);
            let f = tapes.variational.eval(&time, &state).ok()?;
            let next = axpy(identity, &span, &f[n..]);
            if inside(&u, &next) {
                found = Some(next);
                break;
            }
            u = inflated(
                &u.iter()
                    .zip(&next)
                    .map(|(x, y)| x.hull(y))
                    .collect::<Vec<_>>(),
            );
        }
        found?
    };
    // remainders over the step
    let mut over = b.clone();
    over.extend_from_slice(&u);
    let tail = tapes
        .variational
        .solution_coefficients(&time, &over, order)
        .ok()?;
    let h_order = hi.pow_u(order as u32);
    // the step is too long when the remainder is not below the precision
    // (relative to the state's size): the coefficients over the step's box
    // and time overestimate faster than h^order shrinks
    let scale = y
        .iter()
        .map(Interval::mag)
        .fold(Float::with_val(prec, 1), |a, b| a.max(&b));
    // (or an eighth of the box's own width, once that is larger: a
    // remainder far below what is already unknown buys nothing)
    let widest = y
        .iter()
        .map(Interval::width)
        .fold(Float::with_val(prec, 0), |a, b| a.max(&b));
    // (and at most 15 K bits below it: at thousands of bits no step of at
    // least 2^-40 reaches 2^-prec with K <= 60, and the enclosures need
    // not be that narrow to decide a claim)
    let bits = (prec as i32 - 16).min(15 * order as i32);
    let allowed = (scale >> bits).max(&(widest >> 3));
    // the step Jacobian's remainder too (its entries are near the identity's,
    // of size 1): at a point the field does not move, such as `m0` of a
    // Gaussian plan with m0 = m1, the state's remainder is 0 at any step
    if (0..n + n * n).any(|i| (&h_order * &tail[order][i]).mag() > allowed) {
        return None;
    }
    // the Jacobian's Taylor polynomial over the box y
    let mut boxed = y.to_vec();
    boxed.extend_from_slice(identity);
    let over_box = tapes
        .variational
        .solution_coefficients(&start, &boxed, order - 1)
        .ok()?;
    let step_jacobian: Vec<Interval> = (0..n * n)
        .map(|k| horner(&over_box, &hi, n + k, order) + &(&h_order * &tail[order][n + k]))
        .collect();
    let end: Vec<Interval> = (0..n)
        .map(|i| {
            let mut s = horner(at_centre, &hi, i, order) + &(&h_order * &tail[order][i]);
            for l in 0..n {
                s += &(&step_jacobian[i * n + l] * &(&y[l] - &centre[l]));
            }
            s
        })
        .collect();
    if !end.iter().chain(&step_jacobian).all(Interval::is_finite) {
        return None;
    }
    Some((end, step_jacobian, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iv(n: i64) -> Interval {
        Interval::from_i64(n, 128)
    }

    #[test]
    fn exponential_growth_and_a_rotation_are_enclosed_narrowly() {
        // y' = y from 1: y(1) = e, dy(1)/dy0 = e
        let mut tape = Tape::new(1, 128);
        let y = tape.var(0);
        tape.set_outputs(vec![y]);
        let flow = integrate(
            &mut FieldTapes::new(tape),
            &Q::from_integer(0.into()),
            &Q::from_integer(1.into()),
            &[iv(1)],
            128,
            order_for(128),
            1000,
        )
        .unwrap();
        let e = iv(1).exp();
        assert!(flow.end[0].intersect(&e).is_some());
        assert!(flow.end[0].width() < Float::with_val(128, 1e-30));
        assert!(flow.jacobian[0][0].intersect(&e).is_some());
        // the rotation (y1, y2)' = (-y2, y1) for t = 1 from (1, 0): (cos 1, sin 1);
        // the wrapping of a direct method would widen it at each step
        let mut tape = Tape::new(2, 128);
        let (a, b) = (tape.var(0), tape.var(1));
        let zero = tape.constant(iv(0));
        let minus_b = tape.sub(zero, b);
        tape.set_outputs(vec![minus_b, a]);
        let flow = integrate(
            &mut FieldTapes::new(tape),
            &Q::from_integer(0.into()),
            &Q::from_integer(1.into()),
            &[iv(1), iv(0)],
            128,
            order_for(128),
            1000,
        )
        .unwrap();
        let cos1 = 1f64.cos();
        assert!((flow.end[0].mid().to_f64() - cos1).abs() < 1e-15);
        assert!(flow.end[0].width() < Float::with_val(128, 1e-30));
        assert!(flow.end[1].width() < Float::with_val(128, 1e-30));
    }

    #[test]
    fn a_blow_up_is_an_error_not_a_wrong_box() {
        // y' = y^2 from 1 blows up at t = 1
        let mut tape = Tape::new(1, 64);
        let y = tape.var(0);
        let f = tape.mul(y, y);
        tape.set_outputs(vec![f]);
        let r = integrate(
            &mut FieldTapes::new(tape),
            &Q::from_integer(0.into()),
            &Q::from_integer(2.into()),
            &[Interval::from_i64(1, 64)],
            64,
            16,
            200,
        );
        assert!(r.is_err());
    }
}
