//! Exact linear algebra over Q (GMP rationals): matrices as rows, products,
//! rank and solution by Gaussian elimination, definiteness by LDL^T, and
//! positivity of a polynomial on an interval by Bernstein coefficients.
//! Every operation is exact; nothing is modular or approximate.

use crate::number;
use rug::Rational;
use serde_json::Value;

/// A matrix of rationals, row by row.
pub type Matrix = Vec<Vec<Rational>>;

/// A matrix from a certificate (an array of rows of numbers), `rows x cols`.
pub fn matrix(v: &Value, rows: usize, cols: usize) -> Result<Matrix, String> {
    let m: Matrix = v
        .as_array()
        .ok_or_else(|| format!("`{v}` is not a matrix"))?
        .iter()
        .map(number::vector)
        .collect::<Result<_, _>>()?;
    if m.len() != rows || m.iter().any(|r| r.len() != cols) {
        return Err(format!("expected a {rows}x{cols} matrix"));
    }
    Ok(m)
}

/// The `n x n` identity.
pub fn identity(n: usize) -> Matrix {
    (0..n)
        .map(|i| (0..n).map(|j| Rational::from(u8::from(i == j))).collect())
        .collect()
}

/// `a + s b`.
pub fn add_scaled(a: &Matrix, s: &Rational, b: &Matrix) -> Matrix {
    a.iter()
        .zip(b)
        .map(|(x, y)| {
            x.iter()
                .zip(y)
                .map(|(p, q)| p + Rational::from(s * q))
                .collect()
        })
        .collect()
}

/// `s a`.
pub fn scale(s: &Rational, a: &Matrix) -> Matrix {
    a.iter()
        .map(|r| r.iter().map(|x| Rational::from(s * x)).collect())
        .collect()
}

/// `a b`.
pub fn mul(a: &Matrix, b: &Matrix) -> Matrix {
    let cols = b.first().map_or(0, Vec::len);
    a.iter()
        .map(|row| {
            (0..cols)
                .map(|j| {
                    row.iter().zip(b).fold(Rational::new(), |acc, (x, brow)| {
                        acc + Rational::from(x * &brow[j])
                    })
                })
                .collect()
        })
        .collect()
}

/// `a^T`.
pub fn transpose(a: &Matrix) -> Matrix {
    let cols = a.first().map_or(0, Vec::len);
    (0..cols)
        .map(|j| a.iter().map(|r| r[j].clone()).collect())
        .collect()
}

/// `a v`.
pub fn mul_vec(a: &Matrix, v: &[Rational]) -> Vec<Rational> {
    a.iter()
        .map(|row| {
            row.iter()
                .zip(v)
                .fold(Rational::new(), |acc, (x, y)| acc + Rational::from(x * y))
        })
        .collect()
}

/// The largest `|entry|`.
pub fn max_abs(a: &Matrix) -> Rational {
    a.iter()
        .flatten()
        .map(|x| Rational::from(x.abs_ref()))
        .fold(Rational::new(), |m, x| if x > m { x } else { m })
}

/// Row `target` minus `f` times row `source`, from column `from` on.
fn subtract_row(m: &mut Matrix, target: usize, source: usize, f: &Rational, from: usize) {
    let src = m[source][from..].to_vec();
    for (x, y) in m[target][from..].iter_mut().zip(&src) {
        *x -= Rational::from(f * y);
    }
}

/// The rank, by Gaussian elimination.
pub fn rank(a: &Matrix) -> usize {
    let mut m = a.clone();
    let cols = m.first().map_or(0, Vec::len);
    let mut r = 0;
    for c in 0..cols {
        let Some(p) = (r..m.len()).find(|&i| m[i][c] != 0) else {
            continue;
        };
        m.swap(r, p);
        let pivot = m[r][c].clone();
        for i in 0..m.len() {
            if i != r && m[i][c] != 0 {
                let f = Rational::from(&m[i][c] / &pivot);
                subtract_row(&mut m, i, r, &f, c);
            }
        }
        r += 1;
    }
    r
}

/// Primes below `2^31` for ranks modulo a prime (products of two residues
/// fit a `u64`); their primality is checked by a test.
#[cfg(test)]
pub const RANK_PRIMES: [u64; 3] = [2_147_483_647, 2_147_483_629, 2_147_483_587];

/// How many candidates [`primes_dividing_none`] examines at most.
const PRIME_CANDIDATES: u32 = 4096;

/// Up to `count` primes below `2^31`, from the largest down, that divide
/// none of `denominators` (so every number with one of them reduces
/// modulo the prime); fewer when the first [`PRIME_CANDIDATES`] odd
/// numbers below `2^31` do not hold enough.
pub fn primes_dividing_none(denominators: &[&rug::Integer], count: usize) -> Vec<u64> {
    let mut found = Vec::new();
    let mut candidate: u64 = (1 << 31) - 1;
    for _ in 0..PRIME_CANDIDATES {
        if found.len() == count {
            break;
        }
        let prime =
            rug::Integer::from(candidate).is_probably_prime(30) != rug::integer::IsPrime::No;
        if prime && denominators.iter().all(|d| d.mod_u(candidate as u32) != 0) {
            found.push(candidate);
        }
        candidate -= 2;
    }
    found
}

/// `x^-1` modulo the prime `p`, for `x` not divisible by `p`: `x^(p-2)`
/// (Fermat).
fn inverse_mod(x: u64, p: u64) -> u64 {
    let (mut inverse, mut base, mut e) = (1u64, x % p, p - 2);
    while e > 0 {
        if e & 1 == 1 {
            inverse = inverse * base % p;
        }
        base = base * base % p;
        e >>= 1;
    }
    inverse
}

/// `x` modulo `p` (`p < 2^31`); `None` when `p` divides its denominator.
fn residue(x: &Rational, p: u64) -> Option<u64> {
    if *x == 0 {
        return Some(0);
    }
    // `mod_u` is the Euclidean remainder: never negative
    let den = u64::from(x.denom().mod_u(p as u32));
    let num = u64::from(x.numer().mod_u(p as u32));
    (den != 0).then(|| num * inverse_mod(den, p) % p)
}

/// The rank of `a` modulo the prime `p` (`None` when `p` divides a
/// denominator): a lower bound on its rank over Q. A nonzero `r x r` minor
/// modulo `p` is a nonzero minor of the integer matrix whose rows are those
/// of `a` times their denominators (`p` divides none of them, so the
/// scaling does not change the rank modulo `p`), hence nonzero over Q.
/// Rows (sparse: `(column, value)` terms, summed) are reduced one at a
/// time against the pivots found so far, and the scan stops at full column
/// rank `cols`.
pub fn rank_mod(
    rows: impl IntoIterator<Item = Vec<(usize, Rational)>>,
    cols: usize,
    p: u64,
) -> Option<usize> {
    // pivot rows, each with its leading column and a leading entry of 1
    let mut pivots: Vec<(usize, Vec<u64>)> = Vec::new();
    for terms in rows {
        if pivots.len() == cols {
            break;
        }
        let mut r = vec![0u64; cols];
        for (col, x) in terms {
            r[col] = (r[col] + residue(&x, p)?) % p;
        }
        for (lead, pivot) in &pivots {
            let f = r[*lead];
            if f != 0 {
                for (x, y) in r.iter_mut().zip(pivot) {
                    *x = (*x + (p - f) * y) % p;
                }
            }
        }
        if let Some(lead) = r.iter().position(|x| *x != 0) {
            let inverse = inverse_mod(r[lead], p);
            let normalized = r.iter().map(|x| x * inverse % p).collect();
            pivots.push((lead, normalized));
        }
    }
    Some(pivots.len())
}

/// The rows of a dense matrix as `(column, value)` terms.
pub fn sparse_rows(a: &Matrix) -> impl Iterator<Item = Vec<(usize, Rational)>> + '_ {
    a.iter()
        .map(|row| row.iter().cloned().enumerate().collect())
}

/// The determinant of a square matrix, by elimination.
pub fn det(a: &Matrix) -> Rational {
    let n = a.len();
    let mut m = a.clone();
    let mut d = Rational::from(1);
    for c in 0..n {
        let Some(p) = (c..n).find(|&i| m[i][c] != 0) else {
            return Rational::new();
        };
        if p != c {
            m.swap(c, p);
            d = -d;
        }
        let pivot = m[c][c].clone();
        d *= &pivot;
        for i in c + 1..n {
            if m[i][c] != 0 {
                let f = Rational::from(&m[i][c] / &pivot);
                subtract_row(&mut m, i, c, &f, c);
            }
        }
    }
    d
}

/// The solution of `a x = b` for a square nonsingular `a`, else `None`.
pub fn solve(a: &Matrix, b: &[Rational]) -> Option<Vec<Rational>> {
    let n = a.len();
    let mut m: Matrix = a
        .iter()
        .zip(b)
        .map(|(row, x)| row.iter().cloned().chain([x.clone()]).collect())
        .collect();
    for c in 0..n {
        let p = (c..n).find(|&i| m[i][c] != 0)?;
        m.swap(c, p);
        let pivot = m[c][c].clone();
        for x in &mut m[c][c..] {
            *x /= &pivot;
        }
        for i in 0..n {
            if i != c && m[i][c] != 0 {
                let f = m[i][c].clone();
                subtract_row(&mut m, i, c, &f, c);
            }
        }
    }
    Some(m.into_iter().map(|r| r[n].clone()).collect())
}

/// The inverse of a square matrix, `None` when singular.
pub fn inverse(a: &Matrix) -> Option<Matrix> {
    let n = a.len();
    let columns: Vec<Vec<Rational>> = identity(n)
        .iter()
        .map(|e| solve(a, e))
        .collect::<Option<_>>()?;
    Some(transpose(&columns))
}

/// The definiteness of a symmetric matrix by LDL^T: `Some(true)` positive
/// definite, `Some(false)` positive semidefinite and singular, `None` not
/// positive semidefinite (or not symmetric).
pub fn definiteness(a: &Matrix) -> Option<bool> {
    let n = a.len();
    if (0..n).any(|i| (0..n).any(|j| a[i][j] != a[j][i])) {
        return None;
    }
    let mut m = a.clone();
    let mut definite = true;
    for k in 0..n {
        let d = m[k][k].clone();
        if d < 0 {
            return None;
        }
        if d == 0 {
            // a zero pivot: its whole remaining row must vanish
            if (k + 1..n).any(|j| m[k][j] != 0) {
                return None;
            }
            definite = false;
            continue;
        }
        for i in k + 1..n {
            let f = Rational::from(&m[i][k] / &d);
            subtract_row(&mut m, i, k, &f, k);
        }
    }
    Some(definite)
}

/// `p(x)` for coefficients `p[0] + p[1] x + ...`.
pub fn eval(p: &[Rational], x: &Rational) -> Rational {
    p.iter().rev().fold(Rational::new(), |acc, c| acc * x + c)
}

/// The coefficients of the polynomial of degree `< values.len()` through
/// `(i, values[i])`, `i = 0, 1, ...` (exact interpolation).
pub fn interpolate(values: &[Rational]) -> Vec<Rational> {
    let n = values.len();
    let vandermonde: Matrix = (0..n)
        .map(|i| {
            let x = Rational::from(i as u64);
            (0..n)
                .map(|j| (0..j).fold(Rational::from(1), |acc, _| acc * &x))
                .collect()
        })
        .collect();
    solve(&vandermonde, values).expect("distinct nodes")
}

/// Whether `p > 0` on all of `[a, b]`: the Bernstein coefficients of `p` on
/// each of `2^k` equal pieces all positive, for some `k <= 12` (positive
/// Bernstein coefficients bound the polynomial from below on the piece).
pub fn positive_on(p: &[Rational], a: &Rational, b: &Rational) -> bool {
    (0..=12).any(|k| {
        let pieces = 1u64 << k;
        (0..pieces).all(|i| {
            let width = Rational::from(b - a);
            let lo: Rational = a + &width * Rational::from((i, pieces));
            let hi: Rational = a + width * Rational::from((i + 1, pieces));
            bernstein(p, &lo, &hi).iter().all(|c| *c > 0)
        })
    })
}

/// The Bernstein coefficients of `p` on `[lo, hi]`.
fn bernstein(p: &[Rational], lo: &Rational, hi: &Rational) -> Vec<Rational> {
    let n = p.len().max(1) - 1;
    // q(s) = p(lo + (hi - lo) s), by Horner in the basis of powers of s
    let w = Rational::from(hi - lo);
    let mut q = vec![Rational::new(); n + 1];
    for c in p.iter().rev() {
        // q <- q * (lo + w s) + c
        let mut next = vec![Rational::new(); n + 1];
        for (j, x) in q.iter().enumerate() {
            next[j] += Rational::from(x * lo);
            if j < n {
                next[j + 1] += Rational::from(x * &w);
            }
        }
        next[0] += c;
        q = next;
    }
    // b_i = sum_{j <= i} binom(i, j) / binom(n, j) q_j
    (0..=n)
        .map(|i| {
            (0..=i).fold(Rational::new(), |acc, j| {
                acc + &q[j] * Rational::from((binom(i, j), binom(n, j)))
            })
        })
        .collect()
}

/// `binom(n, k)` as an integer.
pub fn binom(n: usize, k: usize) -> rug::Integer {
    if k > n {
        return rug::Integer::new();
    }
    rug::Integer::from(rug::Integer::binomial_u(n as u32, k as u32))
}

#[cfg(test)]
mod rank_tests {
    use super::*;

    #[test]
    fn the_rank_primes_are_prime_and_bound_the_rank_from_below() {
        for p in RANK_PRIMES {
            assert!(rug::Integer::from(p).is_probably_prime(40) != rug::integer::IsPrime::No);
            assert!(p < 1 << 31);
        }
        let q = |n: i64, d: i64| Rational::from((n, d));
        let full = vec![vec![q(1, 2), q(1, 3)], vec![q(-1, 5), q(7, 1)]];
        assert_eq!(rank_mod(sparse_rows(&full), 2, RANK_PRIMES[0]), Some(2));
        let singular = vec![vec![q(1, 2), q(1, 3)], vec![q(3, 2), q(1, 1)]];
        assert_eq!(rank_mod(sparse_rows(&singular), 2, RANK_PRIMES[0]), Some(1));
        // rank 2 over Q, 1 modulo 5: the bound is one-sided
        let five = vec![vec![q(1, 1), q(0, 1)], vec![q(0, 1), q(5, 1)]];
        assert_eq!(rank(&five), 2);
        assert_eq!(rank_mod(sparse_rows(&five), 2, 5), Some(1));
        // the primes skip those that divide a denominator
        let both = rug::Integer::from(RANK_PRIMES[0]) * RANK_PRIMES[1];
        assert_eq!(primes_dividing_none(&[&both], 1), vec![RANK_PRIMES[2]]);
        assert_eq!(primes_dividing_none(&[], 3), RANK_PRIMES.to_vec());
        // signs matter: (1, 1) and (-1, 1) are independent
        let signs = vec![vec![q(1, 1), q(1, 1)], vec![q(-1, 1), q(1, 1)]];
        assert_eq!(rank_mod(sparse_rows(&signs), 2, RANK_PRIMES[1]), Some(2));
        assert_eq!(residue(&q(-1, 2), 7), Some(3));
        // a denominator the prime divides: no residue
        assert_eq!(rank_mod(sparse_rows(&vec![vec![q(1, 5)]]), 1, 5), None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(n: i64, d: i64) -> Rational {
        Rational::from((n, d))
    }

    #[test]
    fn linear_algebra_and_positivity() {
        let a = vec![vec![r(2, 1), r(1, 1)], vec![r(1, 1), r(1, 1)]];
        assert_eq!(definiteness(&a), Some(true));
        assert_eq!(
            definiteness(&vec![vec![r(1, 1), r(1, 1)], vec![r(1, 1), r(1, 1)]]),
            Some(false)
        );
        assert_eq!(
            definiteness(&vec![vec![r(1, 1), r(2, 1)], vec![r(2, 1), r(1, 1)]]),
            None
        );
        assert_eq!(mul(&a, &inverse(&a).unwrap()), identity(2));
        assert_eq!(
            rank(&vec![vec![r(1, 1), r(2, 1)], vec![r(2, 1), r(4, 1)]]),
            1
        );
        // (1 - 2t)^2 + 1/100 > 0 on [0, 1]; (1 - 2t)^2 is not
        let p = vec![r(101, 100), r(-4, 1), r(4, 1)];
        assert!(positive_on(&p, &r(0, 1), &r(1, 1)));
        assert!(!positive_on(
            &[r(1, 1), r(-4, 1), r(4, 1)],
            &r(0, 1),
            &r(1, 1)
        ));
        assert_eq!(
            interpolate(&[r(1, 1), r(2, 1), r(5, 1)]),
            vec![r(1, 1), r(0, 1), r(1, 1)]
        );
    }
}
