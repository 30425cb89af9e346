//! Plans consistent with a perturbed field (docs/mathematics.md section 7):
//! time and width of the proven box, and the certified distance, for
//! `D = 1, 2, 4, 8`. The observations are the exact field of a fixed plan at
//! three times and `4D + 4` points, each coordinate moved by at most `eps`
//! (a fixed pseudo-random stream), and the tolerance is `eps`. Prints a
//! Markdown table (BENCHMARKS.md, L1): `cargo bench --bench consistent_plans`.

use ifm_check::exact::{QMatrix, Q};
use ifm_check::gaussian::consistent::{distance, enclose, Observations, ObservedTime};
use ifm_check::gaussian::GaussianPlan;
use num_traits::ToPrimitive;
use std::time::Instant;

fn r(n: i64, d: i64) -> Q {
    Q::new(n.into(), d.into())
}

/// `S00 = 3/2 I + 1/4` off the diagonal, `S11 = 2 I`, `C = 1/2 I + 1/5` above it.
fn plan(d: usize) -> GaussianPlan {
    let mut s00 = QMatrix::identity(d).scale(&r(3, 2));
    let mut c = QMatrix::identity(d).scale(&r(1, 2));
    for i in 0..d.saturating_sub(1) {
        s00[(i, i + 1)] = r(1, 4);
        s00[(i + 1, i)] = r(1, 4);
        c[(i, i + 1)] = r(1, 5);
    }
    let s11 = QMatrix::identity(d).scale(&r(2, 1));
    GaussianPlan::new(vec![r(0, 1); d], vec![r(1, 1); d], s00, s11, c).expect("valid")
}

fn observations(plan: &GaussianPlan, eps: &Q) -> Observations {
    let d = plan.dim();
    let mut state = 0x2545f4914f6cdd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % 2001) as i64 - 1000
    };
    let times = [r(1, 4), r(1, 2), r(3, 4)]
        .into_iter()
        .map(|t| {
            let field = plan.field_at(&t).expect("defined");
            let mut points = Vec::new();
            let mut values = Vec::new();
            for _ in 0..4 * d + 4 {
                let x: Vec<Q> = (0..d).map(|_| r(next(), 250)).collect();
                let v = field.velocity(&x).expect("dimension");
                values.push(v.into_iter().map(|vi| vi + eps * r(next(), 1000)).collect());
                points.push(x);
            }
            ObservedTime { t, points, values }
        })
        .collect();
    Observations::new(
        plan.m0().to_vec(),
        plan.m1().to_vec(),
        plan.s00().clone(),
        plan.s11().clone(),
        times,
    )
    .expect("valid")
}

fn main() {
    println!("| D | eps | rounds | box, time | largest half-width / eps | C inside | distance / eps | distance, time |");
    println!("|---|---|---|---|---|---|---|---|");
    for d in [1usize, 2, 4, 8] {
        let plan = plan(d);
        for k in [2u32, 4, 6] {
            let eps = Q::new(1.into(), num_bigint::BigInt::from(10).pow(k));
            let obs = observations(&plan, &eps);
            let start = Instant::now();
            let e = enclose(&obs, &eps).expect("spanning points");
            let t_box = start.elapsed();
            let (lo, hi) = e.bounds();
            let half = hi
                .iter()
                .zip(&lo)
                .map(|(h, l)| (h - l) / Q::from_integer(2.into()))
                .max()
                .expect("entries");
            let inside = plan
                .c()
                .entries()
                .iter()
                .zip(lo.iter().zip(&hi))
                .all(|(x, (l, h))| l <= x && x <= h);
            let start = Instant::now();
            let dist = distance(&obs).expect("spanning points");
            let t_dist = start.elapsed();
            let ratio = |x: &Q| (x / &eps).to_f64().unwrap_or(f64::NAN);
            println!(
                "| {d} | 1e-{k} | {} | {:.3} s | {:.2} | {} | [{:.2}, {:.2}] | {:.2} s |",
                e.rounds.len(),
                t_box.as_secs_f64(),
                ratio(&half),
                if inside { "yes" } else { "NO" },
                ratio(&dist.lower_bound()),
                ratio(&dist.estimate.residual),
                t_dist.as_secs_f64(),
            );
        }
    }
}
