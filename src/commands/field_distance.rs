//! The certified distance of a given velocity field (a trained model's
//! output, say) from the exact field of a plan at one time, over finitely
//! many points: an enclosure of `max_i |u_i - v_t(x_i)|`, where `u_i` are
//! the model's values taken exactly (a binary float is the rational it
//! denotes) and `v_t` is the plan's field (docs/mathematics.md, sections 2
//! and 3).
//!
//! Contract:
//! * a Gaussian plan, any dimension `D`: `v_t(x) = A_t x + b_t` exactly,
//!   `|.|` the Euclidean norm, enclosed by one outward-rounded square root
//!   of an exact rational per point (exact in `D = 1`); `Sigma_t` must be
//!   invertible (else an error: the field is not defined);
//! * a one-dimensional family: `v_t(x)` exact (uniform) or enclosed, and
//!   each point must lie where the field is defined, `p_t(x) > 0` certified
//!   (else an error naming the point); a discrete plan has its field on
//!   atoms only and is refused;
//! * the result holds the true maximum; `worst` is the point whose upper
//!   bound is largest (the point that may be worst; when enclosures
//!   overlap, another point may attain the true maximum).

use super::plan_file::PlanFile;
use crate::exact::{format_rational, Q};
use crate::interval::Interval;
use crate::onedim::{OneDimPlan, Value};
use num_traits::{Signed, Zero};

/// The distance and where it is attained.
#[derive(Debug, Clone)]
pub struct FieldDistance {
    /// An enclosure of `max_i |u_i - v_t(x_i)|`.
    pub largest: Interval,
    /// An enclosure of `|u_i - v_t(x_i)|` at each point.
    pub per_point: Vec<Interval>,
    /// The index of the point with the largest upper bound.
    pub worst: usize,
    /// `v_t` at that point, per coordinate (an enclosure, a point interval
    /// when exact).
    pub field_at_worst: Vec<Interval>,
}

/// See the module documentation; `points[i]` and `model[i]` have `D`
/// entries each, and there is at least one point.
pub fn field_distance(
    plan: &PlanFile,
    t: &Q,
    points: &[Vec<Q>],
    model: &[Vec<Q>],
    prec: u32,
) -> Result<FieldDistance, String> {
    let d = plan.dim();
    if points.is_empty() {
        return Err("no points: give at least one".into());
    }
    if points.len() != model.len() {
        return Err(format!(
            "{} points but {} model values",
            points.len(),
            model.len()
        ));
    }
    for (i, (x, u)) in points.iter().zip(model).enumerate() {
        if x.len() != d || u.len() != d {
            return Err(format!(
                "point {i}: expected {d} coordinates for the point and the model value, found {} and {}",
                x.len(),
                u.len()
            ));
        }
    }
    let per_point: Vec<(Interval, Vec<Interval>)> = match (&plan.gaussian, &plan.onedim) {
        (Some(g), _) => {
            let field = g.field_at(t).map_err(|e| e.to_string())?;
            points
                .iter()
                .zip(model)
                .map(|(x, u)| {
                    let v = field.velocity(x).map_err(|e| e.to_string())?;
                    let squared: Q = u
                        .iter()
                        .zip(&v)
                        .map(|(a, b)| (a - b) * (a - b))
                        .fold(Q::zero(), |s, q| s + q);
                    let norm = if d == 1 {
                        Interval::from_rational(&(&u[0] - &v[0]).abs(), prec)
                    } else {
                        Interval::from_rational(&squared, prec)
                            .sqrt()
                            .map_err(|e| e.to_string())?
                    };
                    let v = v.iter().map(|q| Interval::from_rational(q, prec)).collect();
                    Ok((norm, v))
                })
                .collect::<Result<_, String>>()?
        }
        (None, Some(OneDimPlan::Discrete(_))) => {
            return Err(
                "a discrete plan has its field on its atoms only, not at points with a density"
                    .into(),
            )
        }
        (None, Some(p)) => {
            let xs: Vec<Q> = points.iter().map(|x| x[0].clone()).collect();
            let values = p.values_at_many(t, &xs, prec).map_err(|e| e.to_string())?;
            xs.iter()
                .zip(model)
                .zip(values)
                .map(|((x, u), value)| {
                    let positive = match &value.p {
                        Value::Exact(q) => q.is_positive(),
                        Value::Enclosure(e) => e.lo().is_sign_positive() && !e.lo().is_zero(),
                    };
                    if !positive {
                        return Err(format!(
                            "x = {}: p_t(x) > 0 is not certified, so v_t(x) is not defined there",
                            format_rational(x)
                        ));
                    }
                    let v = value.v.to_interval(prec);
                    let gap = &Interval::from_rational(&u[0], prec) - &v;
                    Ok((gap.abs(), vec![v]))
                })
                .collect::<Result<_, String>>()?
        }
        (None, None) => return Err("the plan has no field".into()),
    };
    Ok(summary(per_point))
}

/// The largest of the per-point enclosures and where its upper end is.
fn summary(per_point: Vec<(Interval, Vec<Interval>)>) -> FieldDistance {
    let mut worst = 0;
    let mut largest = per_point[0].0.clone();
    for (i, (e, _)) in per_point.iter().enumerate().skip(1) {
        if e.hi() > per_point[worst].0.hi() {
            worst = i;
        }
        largest = largest.max_of(e);
    }
    let field_at_worst = per_point[worst].1.clone();
    FieldDistance {
        largest,
        per_point: per_point.into_iter().map(|(e, _)| e).collect(),
        worst,
        field_at_worst,
    }
}

/// Points in a block of the parallel evaluation of a Gaussian field.
const FLOAT_BLOCK: usize = 4096;

/// [`field_distance`] of points and model values given as binary floats
/// (`D` per point, row after row), each the rational it is. A Gaussian
/// field is enclosed once (`A_t`, `b_t` at `prec` bits) and evaluated in
/// interval arithmetic at each point, in blocks on all cores: no rational
/// per point. The other families go through [`field_distance`].
pub fn field_distance_of_floats(
    plan: &PlanFile,
    t: &Q,
    xs: &[f64],
    us: &[f64],
    prec: u32,
) -> Result<FieldDistance, String> {
    use rayon::prelude::*;
    let d = plan.dim();
    if xs.is_empty() || !xs.len().is_multiple_of(d) || us.len() != xs.len() {
        return Err(format!(
            "{} point coordinates and {} model values: expected the same positive multiple of D = {d}",
            xs.len(),
            us.len()
        ));
    }
    if let Some(i) = xs.iter().position(|v| !v.is_finite()) {
        return Err(format!("point {}: a coordinate is not finite", i / d));
    }
    if let Some(i) = us.iter().position(|v| !v.is_finite()) {
        return Err(format!("point {}: a model value is not finite", i / d));
    }
    let Some(g) = &plan.gaussian else {
        let exact = |v: &[f64]| -> Vec<Vec<Q>> {
            v.chunks(d)
                .map(|c| {
                    c.iter()
                        .map(|x| Q::from_float(*x).expect("finite"))
                        .collect()
                })
                .collect()
        };
        return field_distance(plan, t, &exact(xs), &exact(us), prec);
    };
    let field = g.field_at(t).map_err(|e| e.to_string())?;
    let a: Vec<Interval> = field
        .a_t
        .entries()
        .iter()
        .map(|q| Interval::from_rational(q, prec))
        .collect();
    let b: Vec<Interval> = field
        .b_t
        .iter()
        .map(|q| Interval::from_rational(q, prec))
        .collect();
    let float = |x: f64| Interval::from_f64(x, prec.max(53)).expect("finite");
    let per_point: Vec<(Interval, Vec<Interval>)> = xs
        .par_chunks(d * FLOAT_BLOCK)
        .zip(us.par_chunks(d * FLOAT_BLOCK))
        .flat_map_iter(|(xb, ub)| {
            xb.chunks(d)
                .zip(ub.chunks(d))
                .map(|(x, u)| {
                    let x: Vec<Interval> = x.iter().map(|v| float(*v)).collect();
                    let v: Vec<Interval> = (0..d)
                        .map(|k| (0..d).fold(b[k].clone(), |s, p| &s + &(&a[k * d + p] * &x[p])))
                        .collect();
                    let gaps = u.iter().zip(&v).map(|(ui, vi)| &float(*ui) - vi);
                    let norm = if d == 1 {
                        gaps.map(|g| g.abs()).next().expect("one coordinate")
                    } else {
                        let squared = gaps.fold(Interval::from_i64(0, prec), |s, g| &s + &g.sqr());
                        squared.sqrt().expect("a sum of squares is not negative")
                    };
                    (norm, v)
                })
                .collect::<Vec<_>>()
        })
        .collect();
    Ok(summary(per_point))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exact::parse_rational;

    fn q(s: &str) -> Q {
        parse_rational(s).unwrap()
    }

    fn plan(text: &str) -> PlanFile {
        PlanFile::parse("test", text.into()).unwrap()
    }

    #[test]
    fn gaussian_distance_is_exact_in_one_dimension() {
        // X0 ~ N(0, 1), X1 ~ N(2, 4), c = 1 at t = 1/2: a model exact at
        // x = 0 and off by 1/8 at x = 1
        let p = plan("kind = \"gaussian\"\nm0 = 0\nm1 = 2\ns00 = 1\ns11 = 4\nc = 1\n");
        let field = p.gaussian.as_ref().unwrap().field_at(&q("1/2")).unwrap();
        let points = vec![vec![q("0")], vec![q("1")]];
        let model: Vec<Vec<Q>> = points
            .iter()
            .enumerate()
            .map(|(i, x)| {
                let v = &field.velocity(x).unwrap()[0];
                vec![if i == 1 { v + q("1/8") } else { v.clone() }]
            })
            .collect();
        let d = field_distance(&p, &q("1/2"), &points, &model, 64).unwrap();
        assert!(d.largest.is_point());
        assert_eq!(d.largest.to_rationals().unwrap().0, q("1/8"));
        assert_eq!(d.worst, 1);
    }

    #[test]
    fn euclidean_norm_in_two_dimensions() {
        let p = plan(
            "kind = \"gaussian\"\nm0 = [0, 0]\nm1 = [0, 0]\ns00 = [[1, 0], [0, 1]]\ns11 = [[1, 0], [0, 1]]\nc = [[0, 0], [0, 0]]\n",
        );
        let field = p.gaussian.as_ref().unwrap().field_at(&q("1/2")).unwrap();
        let x = vec![q("1"), q("2")];
        let v = field.velocity(&x).unwrap();
        let u = vec![&v[0] + q("3"), &v[1] - q("4")];
        let d = field_distance(&p, &q("1/2"), &[x], &[u], 128).unwrap();
        assert!(d.largest.contains_rational(&q("5")));
        assert!(d.largest.width() < rug::Float::with_val(128, 1e-30));
    }

    #[test]
    fn points_outside_the_support_and_discrete_plans_are_refused() {
        let uniform = plan("kind = \"independent-uniform\"\na0 = 0\nb0 = 1\na1 = 2\nb1 = 5\n");
        let err = field_distance(&uniform, &q("1/2"), &[vec![q("10")]], &[vec![q("0")]], 64);
        assert!(err.unwrap_err().contains("x = 10"));
        let discrete = plan("kind = \"discrete\"\natoms = [{ x0 = 0, x1 = 1, weight = 1 }]\n");
        assert!(
            field_distance(&discrete, &q("1/2"), &[vec![q("0")]], &[vec![q("0")]], 64).is_err()
        );
        let singular = plan("kind = \"gaussian\"\nm0 = 0\nm1 = 0\ns00 = 1\ns11 = 1\nc = -1\n");
        assert!(
            field_distance(&singular, &q("1/2"), &[vec![q("0")]], &[vec![q("0")]], 64).is_err()
        );
        assert!(field_distance(&uniform, &q("1/2"), &[], &[], 64).is_err());
    }

    #[test]
    fn floats_give_the_exact_route_s_distance_within_its_width() {
        let p = plan(
            "kind = \"gaussian\"\nm0 = [0, 1]\nm1 = [2, 0]\ns00 = [[2, 1], [1, 1]]\ns11 = [[1, 0], [0, 3]]\nc = [[\"1/2\", 0], [\"1/4\", \"1/3\"]]\n",
        );
        let xs = [0.1, -2.5, 3.25, 1e-3, -7.0, 0.0];
        let us = [1.0, 0.5, -0.3, 2.0, 1e3, -1e-9];
        let fast = field_distance_of_floats(&p, &q("1/3"), &xs, &us, 128).unwrap();
        let exact = |v: &[f64]| -> Vec<Vec<Q>> {
            v.chunks(2)
                .map(|c| c.iter().map(|x| Q::from_float(*x).unwrap()).collect())
                .collect()
        };
        let slow = field_distance(&p, &q("1/3"), &exact(&xs), &exact(&us), 128).unwrap();
        assert_eq!(fast.worst, slow.worst);
        for (f, s) in fast.per_point.iter().zip(&slow.per_point) {
            // both enclose the same exact distance
            assert!(!f.is_disjoint_from(s));
            assert!(f.width() < rug::Float::with_val(128, 1e-30));
        }
        let (lo, hi) = fast.largest.to_f64_outward();
        assert!(lo <= hi && hi - lo < 1e-12);
        assert!(
            field_distance_of_floats(&p, &q("1/3"), &[f64::NAN, 0.0], &[0.0, 0.0], 64).is_err()
        );
        assert!(field_distance_of_floats(&p, &q("1/3"), &[0.0], &[0.0], 64).is_err());
    }
}
