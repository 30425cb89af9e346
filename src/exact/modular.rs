//! Rank of an integer matrix modulo a word-size prime.
//!
//! Contract: [`rank_mod_p`] returns the rank of the reduction of the matrix
//! modulo the prime `p` (`2 < p < 2^63`, checked by a deterministic
//! Miller-Rabin test). The rank modulo `p` never exceeds the rank over Q, so
//! it is a certified lower bound on the rank over Q (and a certified upper
//! bound on the kernel dimension): docs/mathematics.md section 4, the atlas certificate.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive};

/// The Mersenne prime `2^61 - 1`.
pub const MERSENNE_61: u64 = (1 << 61) - 1;

/// A prime modulus below `2^63` with its arithmetic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PrimeField {
    p: u64,
}

/// The modulus is not a prime in the supported range.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0} is not a prime between 3 and 2^63")]
pub struct NotAPrime(pub u64);

impl PrimeField {
    /// The field Z/pZ; `p` must be a prime with `2 < p < 2^63`.
    pub fn new(p: u64) -> Result<Self, NotAPrime> {
        // 2^61 - 1, the atlas's prime, is a known (Mersenne) prime: no need to
        // test it again for every block
        if p != MERSENNE_61 && (!(3..1 << 63).contains(&p) || !is_prime(p)) {
            return Err(NotAPrime(p));
        }
        Ok(PrimeField { p })
    }

    /// The modulus.
    pub fn modulus(&self) -> u64 {
        self.p
    }

    /// `a * b mod p`.
    pub fn mul(&self, a: u64, b: u64) -> u64 {
        let product = u128::from(a) * u128::from(b);
        if self.p == MERSENNE_61 {
            // 2^61 = 1 mod p: fold the high bits onto the low ones (no division)
            let p = u128::from(MERSENNE_61);
            let folded = (product & p) + (product >> 61);
            let folded = (folded & p) + (folded >> 61);
            return (if folded >= p { folded - p } else { folded }) as u64;
        }
        (product % u128::from(self.p)) as u64
    }

    /// `a - b mod p` for reduced `a`, `b`.
    pub fn sub(&self, a: u64, b: u64) -> u64 {
        if a >= b {
            a - b
        } else {
            a + (self.p - b)
        }
    }

    /// The inverse of a nonzero reduced `a`.
    pub fn inv(&self, a: u64) -> u64 {
        power(a % self.p, self.p - 2, |x, y| self.mul(x, y))
    }

    /// The residue of a signed integer.
    pub fn reduce_i64(&self, a: i64) -> u64 {
        (i128::from(a).rem_euclid(i128::from(self.p))) as u64
    }

    /// The residue of a big integer.
    pub fn reduce(&self, a: &BigInt) -> u64 {
        if let Some(small) = a.to_i128() {
            // rem_euclid: the residue in [0, p)
            return small.rem_euclid(i128::from(self.p)) as u64;
        }
        let m = BigInt::from(self.p);
        let r = a.mod_floor(&m);
        debug_assert!(!r.is_negative());
        r.to_u64().expect("residue below p")
    }
}

/// `base^exp` by squaring with the modular multiplication `mul`.
pub(crate) fn power(mut base: u64, mut exp: u64, mul: impl Fn(u64, u64) -> u64) -> u64 {
    let mut acc = 1;
    while exp > 0 {
        if exp & 1 == 1 {
            acc = mul(acc, base);
        }
        base = mul(base, base);
        exp >>= 1;
    }
    acc
}

fn pow_mod(base: u64, exp: u64, p: u64) -> u64 {
    let mul = |a: u64, b: u64| ((u128::from(a) * u128::from(b)) % u128::from(p)) as u64;
    power(base % p, exp, mul)
}

/// Deterministic Miller-Rabin for 64-bit integers.
pub fn is_prime(n: u64) -> bool {
    if n < 2 {
        return false;
    }
    const WITNESSES: [u64; 12] = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37];
    for &w in &WITNESSES {
        if n.is_multiple_of(w) {
            return n == w;
        }
    }
    let mut d = n - 1;
    let mut s = 0;
    while d.is_multiple_of(2) {
        d /= 2;
        s += 1;
    }
    'witness: for &a in &WITNESSES {
        let mut x = pow_mod(a, d, n);
        if x == 1 || x == n - 1 {
            continue;
        }
        for _ in 1..s {
            x = ((u128::from(x) * u128::from(x)) % u128::from(n)) as u64;
            if x == n - 1 {
                continue 'witness;
            }
        }
        return false;
    }
    true
}

/// The rank of `rows` (reduced residues, all of length `cols`) over Z/pZ,
/// by Gaussian elimination. The rows are consumed.
pub fn rank_mod_p(field: &PrimeField, mut rows: Vec<Vec<u64>>, cols: usize) -> usize {
    let n_rows = rows.len();
    let mut r = 0;
    for c in 0..cols {
        if r == n_rows {
            break;
        }
        let Some(p) = (r..n_rows).find(|&i| rows[i][c] != 0) else {
            continue;
        };
        rows.swap(p, r);
        let inv = field.inv(rows[r][c]);
        let pivot_row: Vec<u64> = rows[r].iter().map(|&x| field.mul(x, inv)).collect();
        for row in rows.iter_mut().skip(r + 1) {
            let f = row[c];
            if f == 0 {
                continue;
            }
            for j in c..cols {
                if pivot_row[j] != 0 {
                    row[j] = field.sub(row[j], field.mul(f, pivot_row[j]));
                }
            }
        }
        rows[r] = pivot_row;
        r += 1;
    }
    r
}

/// The rank modulo `p` of an integer matrix.
///
/// ```
/// use ifm_check::exact::{rank_mod_p_of_integers, PrimeField};
/// use num_bigint::BigInt;
/// let f = PrimeField::new(7).unwrap();
/// // [[1, 2], [3, 13]] has determinant 7: rank 2 over Q, 1 modulo 7
/// let m: Vec<Vec<BigInt>> = vec![vec![1.into(), 2.into()], vec![3.into(), 13.into()]];
/// assert_eq!(rank_mod_p_of_integers(&f, &m), 1);
/// ```
pub fn rank_mod_p_of_integers(field: &PrimeField, m: &[Vec<BigInt>]) -> usize {
    let cols = m.first().map_or(0, Vec::len);
    let rows = m
        .iter()
        .map(|r| r.iter().map(|a| field.reduce(a)).collect())
        .collect();
    rank_mod_p(field, rows, cols)
}

/// The rank profile of an integer matrix modulo `p`: the rank, and rows and
/// columns whose square submatrix is nonzero modulo `p` (so the rank over Q
/// is at least this rank).
pub fn rank_profile_mod_p(field: &PrimeField, m: &[Vec<i64>]) -> (Vec<usize>, Vec<usize>) {
    let cols = m.first().map_or(0, Vec::len);
    let mut rows: Vec<(usize, Vec<u64>)> = m
        .iter()
        .enumerate()
        .map(|(i, r)| (i, r.iter().map(|&a| field.reduce_i64(a)).collect()))
        .collect();
    let (mut pivot_rows, mut pivot_cols) = (Vec::new(), Vec::new());
    let mut r = 0;
    for c in 0..cols {
        let Some(p) = (r..rows.len()).find(|&i| rows[i].1[c] != 0) else {
            continue;
        };
        rows.swap(p, r);
        let inv = field.inv(rows[r].1[c]);
        let pivot: Vec<u64> = rows[r].1.iter().map(|&x| field.mul(x, inv)).collect();
        for (_, row) in rows.iter_mut().skip(r + 1) {
            let f = row[c];
            if f != 0 {
                for j in c..cols {
                    if pivot[j] != 0 {
                        row[j] = field.sub(row[j], field.mul(f, pivot[j]));
                    }
                }
            }
        }
        pivot_rows.push(rows[r].0);
        pivot_cols.push(c);
        rows[r].1 = pivot;
        r += 1;
    }
    (pivot_rows, pivot_cols)
}

/// The determinant modulo `p` of a square matrix of residues.
pub fn det_mod_p(field: &PrimeField, mut a: Vec<Vec<u64>>) -> u64 {
    let n = a.len();
    let mut det = 1u64;
    for c in 0..n {
        let Some(p) = (c..n).find(|&i| a[i][c] != 0) else {
            return 0;
        };
        if p != c {
            a.swap(p, c);
            det = field.sub(0, det);
        }
        det = field.mul(det, a[c][c]);
        let inv = field.inv(a[c][c]);
        let pivot = a[c].clone();
        for row in a.iter_mut().skip(c + 1) {
            let f = field.mul(row[c], inv);
            if f != 0 {
                for j in c..n {
                    row[j] = field.sub(row[j], field.mul(f, pivot[j]));
                }
            }
        }
    }
    det
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mersenne_products_equal_the_remainder() {
        let field = PrimeField::new(MERSENNE_61).unwrap();
        let p = u128::from(MERSENNE_61);
        let mut x = 0x2545_f491_4f6c_dd1d_u64;
        let mut values = vec![
            0,
            1,
            2,
            MERSENNE_61 - 1,
            MERSENNE_61,
            MERSENNE_61 + 1,
            u64::MAX,
            u64::MAX - 1,
        ];
        for _ in 0..2000 {
            crate::exact::xorshift(&mut x);
            values.push(x);
        }
        for (i, &a) in values.iter().enumerate() {
            for &b in values.iter().skip(i).take(40) {
                let expected = ((u128::from(a) * u128::from(b)) % p) as u64;
                assert_eq!(field.mul(a, b), expected, "{a} * {b}");
            }
            if a % MERSENNE_61 != 0 {
                assert_eq!(field.mul(field.inv(a), a % MERSENNE_61), 1, "1/{a}");
            }
        }
    }
}
