//! Exact solution of an overdetermined linear system over Q by modular
//! arithmetic, rational reconstruction, and an exact check.
//!
//! Contract: [`solve_modular`] never returns a wrong answer. It returns
//!
//! * `Solved(x)`: `x` is *the* unique solution: `x` satisfies every equation
//!   exactly (checked over Q), and the matrix has full column rank
//!   (certified by a nonzero `n x n` minor modulo a prime, since the rank
//!   modulo `p` is at most the rank over Q);
//! * `Inconsistent`: `x` satisfies `n` equations whose minor is nonzero
//!   modulo `p` (so `x` is their only solution over Q) and violates another
//!   equation exactly;
//! * `GiveUp`: no certificate was found (the matrix looks rank deficient
//!   modulo the first prime, or the solution needs more digits than the
//!   primes tried); the caller falls back to exact elimination.
//!
//! The modular work costs `O(n^3)` word operations per prime (Montgomery
//! multiplication), whatever the size of the entries, and the number of
//! primes grows with the size of the *solution*: this is what makes exact
//! inversion of a Gaussian field with huge coefficients and a small answer
//! fast.

use super::modular::{is_prime, power};
use num_bigint::{BigInt, Sign};
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{One, Signed, Zero};

/// The answer of [`solve_modular`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModularOutcome {
    /// The unique solution, verified exactly.
    Solved(Vec<BigRational>),
    /// No solution, certified.
    Inconsistent,
    /// No certificate; use exact elimination.
    GiveUp,
}

/// Montgomery arithmetic modulo an odd prime `p < 2^62`.
#[derive(Clone, Copy)]
struct Montgomery {
    p: u64,
    /// `-p^{-1} mod 2^64`.
    p_neg_inv: u64,
    /// `2^128 mod p`.
    r2: u64,
}

impl Montgomery {
    fn new(p: u64) -> Montgomery {
        let mut inv: u64 = 1;
        for _ in 0..6 {
            inv = inv.wrapping_mul(2u64.wrapping_sub(p.wrapping_mul(inv)));
        }
        let r = (u128::from(u64::MAX) + 1) % u128::from(p);
        let r2 = ((r * r) % u128::from(p)) as u64;
        Montgomery {
            p,
            p_neg_inv: inv.wrapping_neg(),
            r2,
        }
    }

    #[inline]
    fn reduce(&self, t: u128) -> u64 {
        let m = (t as u64).wrapping_mul(self.p_neg_inv);
        let u = ((t + u128::from(m) * u128::from(self.p)) >> 64) as u64;
        if u >= self.p {
            u - self.p
        } else {
            u
        }
    }

    #[inline]
    fn mul(&self, a: u64, b: u64) -> u64 {
        self.reduce(u128::from(a) * u128::from(b))
    }

    #[inline]
    fn sub(&self, a: u64, b: u64) -> u64 {
        if a >= b {
            a - b
        } else {
            a + self.p - b
        }
    }

    fn enter(&self, a: u64) -> u64 {
        self.mul(a % self.p, self.r2)
    }

    fn leave(&self, a: u64) -> u64 {
        self.reduce(u128::from(a))
    }

    fn inv(&self, a: u64) -> u64 {
        // a^(p-2) in Montgomery form
        power(self.enter(1), a, self.p - 2, |x, y| self.mul(x, y))
    }

    /// The residue of a big integer, in Montgomery form.
    fn reduce_big(&self, a: &BigInt) -> u64 {
        let (sign, digits) = a.to_u64_digits();
        let mut acc: u128 = 0;
        let pp = u128::from(self.p);
        for &d in digits.iter().rev() {
            acc = ((acc << 64) | u128::from(d)) % pp;
        }
        let r = acc as u64;
        let r = if sign == Sign::Minus && r != 0 {
            self.p - r
        } else {
            r
        };
        self.enter(r)
    }
}

/// Primes just below `2^62`, in decreasing order.
fn primes() -> impl Iterator<Item = u64> {
    ((1u64 << 61)..(1u64 << 62))
        .rev()
        .filter(|&n| n % 2 == 1 && is_prime(n))
}

/// Most primes tried before giving up (about 62,000 bits of solution).
const MAX_PRIMES: usize = 1000;

/// Rows (in the given order) whose `n x n` minor is nonzero modulo `p`,
/// found by incremental elimination; `None` if the rank modulo `p` is below `n`.
fn independent_rows(m: &Montgomery, rows: &[Vec<BigInt>], n: usize) -> Option<Vec<usize>> {
    // echelon: list of (pivot column, normalized row) in Montgomery form
    let mut echelon: Vec<(usize, Vec<u64>)> = Vec::with_capacity(n);
    let mut chosen = Vec::with_capacity(n);
    for (index, row) in rows.iter().enumerate() {
        let mut v: Vec<u64> = row.iter().map(|a| m.reduce_big(a)).collect();
        for (c, e) in &echelon {
            let f = v[*c];
            if f != 0 {
                for j in *c..n {
                    if e[j] != 0 {
                        v[j] = m.sub(v[j], m.mul(f, e[j]));
                    }
                }
            }
        }
        if let Some(c) = (0..n).find(|&j| v[j] != 0) {
            let inv = m.inv(v[c]);
            for x in v.iter_mut().skip(c) {
                *x = m.mul(*x, inv);
            }
            echelon.push((c, v));
            chosen.push(index);
            if chosen.len() == n {
                return Some(chosen);
            }
        }
    }
    None
}

/// Solves the square system of the chosen rows modulo `p` (standard form
/// residues), or `None` if its minor vanishes modulo `p`.
fn solve_square_mod(
    m: &Montgomery,
    rows: &[Vec<BigInt>],
    rhs: &[BigInt],
    chosen: &[usize],
    n: usize,
) -> Option<Vec<u64>> {
    let mut a: Vec<Vec<u64>> = chosen
        .iter()
        .map(|&i| {
            let mut v: Vec<u64> = rows[i].iter().map(|x| m.reduce_big(x)).collect();
            v.push(m.reduce_big(&rhs[i]));
            v
        })
        .collect();
    for c in 0..n {
        let p = (c..n).find(|&i| a[i][c] != 0)?;
        a.swap(p, c);
        let inv = m.inv(a[c][c]);
        for x in a[c].iter_mut().skip(c) {
            *x = m.mul(*x, inv);
        }
        let pivot = a[c].clone();
        for (i, row) in a.iter_mut().enumerate() {
            if i == c {
                continue;
            }
            let f = row[c];
            if f != 0 {
                for j in c..=n {
                    if pivot[j] != 0 {
                        row[j] = m.sub(row[j], m.mul(f, pivot[j]));
                    }
                }
            }
        }
    }
    Some(a.iter().map(|row| m.leave(row[n])).collect())
}

/// Rational reconstruction: `a / b` with `a = b x mod modulus`,
/// `|a|, b <= sqrt(modulus / 2)`, if it exists.
fn reconstruct(x: &BigInt, modulus: &BigInt) -> Option<BigRational> {
    let bound = (modulus / 2u32).sqrt();
    let (mut r0, mut r1) = (modulus.clone(), x.mod_floor(modulus));
    let (mut t0, mut t1) = (BigInt::zero(), BigInt::one());
    while r1 > bound {
        let q = &r0 / &r1;
        let r2 = &r0 - &q * &r1;
        let t2 = &t0 - &q * &t1;
        r0 = std::mem::replace(&mut r1, r2);
        t0 = std::mem::replace(&mut t1, t2);
    }
    if t1.is_zero() || t1.abs() > bound {
        return None;
    }
    // r1 = t1 x (mod M) by the invariant of the extended Euclid; whether
    // the fraction is the solution is decided by the exact check
    Some(BigRational::new(r1, t1))
}

/// Reconstructs every entry, sharing denominators: the entries of a
/// solution have a common denominator (a divisor of the minor), so once one
/// entry gives `d`, the next is tried as `(x d mod M) / d` (one product and
/// one remainder) before a full extended Euclid; the result is the same
/// fractions [`reconstruct`] accepts, and the exact check decides anyway.
fn reconstruct_all(residues: &[BigInt], modulus: &BigInt) -> Option<Vec<BigRational>> {
    let bound = (modulus / 2u32).sqrt();
    let mut common = BigInt::one();
    residues
        .iter()
        .map(|x| {
            let y = (x * &common).mod_floor(modulus);
            let y = if y > modulus / 2u32 { y - modulus } else { y };
            if y.abs() <= bound && common <= bound {
                return Some(BigRational::new(y, common.clone()));
            }
            let q = reconstruct(x, modulus)?;
            common = common.lcm(q.denom());
            Some(q)
        })
        .collect()
}

/// Whether `row . x == b` exactly, with `x = y / l` (`y` integers).
fn satisfies(row: &[BigInt], b: &BigInt, y: &[BigInt], l: &BigInt) -> bool {
    let mut acc = BigInt::zero();
    for (a, v) in row.iter().zip(y) {
        if !a.is_zero() && !v.is_zero() {
            acc += a * v;
        }
    }
    acc == b * l
}

/// Solves `rows . x = rhs` (integer rows of length `n`, at least `n` rows).
pub fn solve_modular(rows: &[Vec<BigInt>], rhs: &[BigInt], n: usize) -> ModularOutcome {
    if n == 0 || rows.len() < n {
        return ModularOutcome::GiveUp;
    }
    let mut prime_list = primes();
    let first = Montgomery::new(prime_list.next().expect("a prime"));
    let Some(chosen) = independent_rows(&first, rows, n) else {
        return ModularOutcome::GiveUp;
    };
    let mut residues: Vec<BigInt> = vec![BigInt::zero(); n];
    let mut modulus = BigInt::one();
    let mut previous: Option<Vec<BigRational>> = None;
    for p in std::iter::once(first.p).chain(prime_list).take(MAX_PRIMES) {
        let m = Montgomery::new(p);
        let Some(xp) = solve_square_mod(&m, rows, rhs, &chosen, n) else {
            continue; // an unlucky prime divides the minor
        };
        // CRT: X' = X + M * ((x_p - X) M^{-1} mod p)
        let pb = BigInt::from(p);
        let m_inv = m.leave(m.inv(m.reduce_big(&modulus)));
        for (x, &r) in residues.iter_mut().zip(&xp) {
            let xm = x.mod_floor(&pb);
            let diff = (BigInt::from(r) - xm).mod_floor(&pb);
            let k = (diff * BigInt::from(m_inv)).mod_floor(&pb);
            *x += &modulus * k;
        }
        modulus *= &pb;
        let candidate = reconstruct_all(&residues, &modulus);
        let Some(candidate) = candidate else {
            previous = None;
            continue;
        };
        if previous.as_ref() != Some(&candidate) {
            previous = Some(candidate);
            continue;
        }
        // stable: check exactly
        let l = candidate
            .iter()
            .fold(BigInt::one(), |acc, q| acc.lcm(q.denom()));
        let y: Vec<BigInt> = candidate
            .iter()
            .map(|q| q.numer() * (&l / q.denom()))
            .collect();
        if !chosen.iter().all(|&i| satisfies(&rows[i], &rhs[i], &y, &l)) {
            continue;
        }
        // x solves the n independent rows: it is their only solution
        let consistent = (0..rows.len()).all(|i| satisfies(&rows[i], &rhs[i], &y, &l));
        return if consistent {
            ModularOutcome::Solved(candidate)
        } else {
            ModularOutcome::Inconsistent
        };
    }
    ModularOutcome::GiveUp
}
