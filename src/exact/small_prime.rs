//! The field Z/pZ for a prime `p` below 2^26, with lazy reduction.
//!
//! Contract: residues are integers in `[0, p)`, stored in 32 bits; every
//! function returns a residue. A product of two residues is below 2^52, so
//! a `u64` holds a residue plus [`SmallPrimeField::lazy_terms`] such
//! products without overflow: sums of products are reduced once, not once
//! per term, and the loops that form them vectorize. Reduction is Barrett's
//! (two multiplications), exact for every `u64`.

use super::modular::{is_prime, power};

/// The primes between 2^25 and 2^26 the modular solver uses, largest first
/// (checked by a test).
pub(crate) const SMALL_PRIMES: [u64; 3] = [67_108_859, 67_108_837, 67_108_819];

/// How many primes chosen from the system a solver tries after the table.
pub(crate) const SEEDED_PRIMES: u64 = 8;

/// Z/pZ for a prime `2^25 < p < 2^26`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SmallPrimeField {
    p: u64,
    /// `floor(2^64 / p)`, the Barrett multiplier.
    barrett: u64,
    /// How many products of two residues a residue may be added to in a `u64`.
    lazy_terms: usize,
}

impl SmallPrimeField {
    /// A lower bound on the bits of the modulus (what one step of p-adic
    /// lifting gains).
    pub(crate) const BITS: u64 = 25;

    /// Z/pZ for a prime `2^25 < p < 2^26`.
    fn of(p: u64) -> SmallPrimeField {
        let largest_product = (p - 1) * (p - 1);
        SmallPrimeField {
            p,
            barrett: u64::MAX / p,
            lazy_terms: ((u64::MAX - (p - 1)) / largest_product) as usize,
        }
    }

    /// The fields of [`SMALL_PRIMES`], in order.
    pub(crate) fn table() -> impl Iterator<Item = SmallPrimeField> {
        SMALL_PRIMES.iter().map(|&p| SmallPrimeField::of(p))
    }

    /// The fields a solver tries: [`SMALL_PRIMES`], then
    /// [`SEEDED_PRIMES`] primes between 2^25 and 2^26 chosen from `seed` (a
    /// hash of the system). A system can be made singular modulo fixed
    /// primes (a time whose denominator is their product does it to the
    /// Gaussian field equations); primes that depend on the system itself
    /// cannot be aimed at that way.
    pub(crate) fn candidates(seed: u64) -> impl Iterator<Item = SmallPrimeField> {
        let seeded = (0..SEEDED_PRIMES).map(move |i| {
            // splitmix64 of the seed and the index: a start in (2^25, 2^26)
            let mut z = seed.wrapping_add((i + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            let mut candidate = ((1 << 25) + (z % (1 << 25))) | 1;
            while !is_prime(candidate) {
                candidate += 2;
                if candidate >= 1 << 26 {
                    candidate = (1 << 25) + 1;
                }
            }
            SmallPrimeField::of(candidate)
        });
        SmallPrimeField::table().chain(seeded)
    }

    /// The same field, reducing sums after `terms` products (tests of the
    /// reduction schedule).
    #[cfg(test)]
    pub(crate) fn with_lazy_terms(self, terms: usize) -> SmallPrimeField {
        assert!(terms <= self.lazy_terms);
        SmallPrimeField {
            lazy_terms: terms,
            ..self
        }
    }

    /// The modulus.
    pub(crate) fn modulus(&self) -> u64 {
        self.p
    }

    /// How many products of two residues can be added to one residue
    /// before a `u64` could overflow (at least 4096).
    pub(crate) fn lazy_terms(&self) -> usize {
        self.lazy_terms
    }

    /// `x mod p` for any `u64`.
    #[inline]
    pub(crate) fn reduce(&self, x: u64) -> u32 {
        // q is floor(x / p) or one less, so x - q p < 2p
        let q = ((u128::from(x) * u128::from(self.barrett)) >> 64) as u64;
        let r = x - q * self.p;
        (if r >= self.p { r - self.p } else { r }) as u32
    }

    /// `a * b mod p`.
    #[inline]
    pub(crate) fn mul(&self, a: u32, b: u32) -> u32 {
        self.reduce(u64::from(a) * u64::from(b))
    }

    /// `a - b mod p`.
    #[inline]
    pub(crate) fn sub(&self, a: u32, b: u32) -> u32 {
        if a >= b {
            a - b
        } else {
            (u64::from(a) + self.p - u64::from(b)) as u32
        }
    }

    /// The inverse of a nonzero residue.
    pub(crate) fn inv(&self, a: u32) -> u32 {
        power(u64::from(a), self.p - 2, |x, y| {
            u64::from(self.mul(x as u32, y as u32))
        }) as u32
    }

    /// `sum a_i b_i mod p`, reducing once per [`Self::lazy_terms`] terms.
    pub(crate) fn dot(&self, a: &[u32], b: &[u32]) -> u32 {
        a.chunks(self.lazy_terms)
            .zip(b.chunks(self.lazy_terms))
            .fold(0, |acc, (x, y)| {
                let partial: u64 = x
                    .iter()
                    .zip(y)
                    .map(|(&u, &v)| u64::from(u) * u64::from(v))
                    .sum();
                // acc < p, and the partial sum leaves room for one residue
                self.reduce(partial + u64::from(acc))
            })
    }
}

/// `acc += f * row`, entrywise, without reduction: the caller keeps count
/// against [`SmallPrimeField::lazy_terms`]. The factor and the row are
/// residues below 2^32, so each product is one 32 x 32 -> 64-bit
/// multiplication, which the compiler vectorizes.
#[inline]
pub(crate) fn add_multiple(acc: &mut [u64], f: u32, row: &[u32]) {
    let f = u64::from(f);
    for (a, &e) in acc.iter_mut().zip(row) {
        *a += f * u64::from(e);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(i: usize) -> SmallPrimeField {
        SmallPrimeField::table()
            .nth(i)
            .expect("a prime of the table")
    }

    #[test]
    fn the_table_holds_primes_in_range() {
        for f in SmallPrimeField::table() {
            let p = f.modulus();
            assert!((1 << SmallPrimeField::BITS..1 << 26).contains(&p));
            assert!(crate::exact::modular::is_prime(p), "{p}");
            assert!(f.lazy_terms() >= 4096);
        }
    }

    #[test]
    fn barrett_reduction_equals_the_remainder() {
        let f = field(0);
        let p = f.modulus();
        let mut x = 0x2545_f491_4f6c_dd1d_u64;
        let mut values = vec![
            0,
            1,
            p - 1,
            p,
            p + 1,
            2 * p - 1,
            2 * p,
            u64::MAX,
            u64::MAX - 1,
        ];
        for _ in 0..10_000 {
            crate::exact::xorshift(&mut x);
            values.push(x);
            values.push(x >> 20);
        }
        for &v in &values {
            assert_eq!(u64::from(f.reduce(v)), v % p, "{v}");
        }
    }

    #[test]
    fn inverses() {
        let f = field(1);
        for a in [1u32, 2, 12_345, (f.modulus() - 1) as u32] {
            assert_eq!(f.mul(a, f.inv(a)), 1);
        }
    }

    #[test]
    fn lazy_sums_do_not_overflow() {
        let f = field(0);
        let top = (f.modulus() - 1) as u32;
        let n = 3 * f.lazy_terms() + 5;
        let a = vec![top; n];
        // (p-1)^2 = 1, n times
        assert_eq!(u64::from(f.dot(&a, &a)), n as u64 % f.modulus());
        let mut acc = vec![u64::from(top); 3];
        for _ in 0..f.lazy_terms() {
            add_multiple(&mut acc, top, &[top, top, top]);
        }
        let expected = (f.lazy_terms() as u64 + u64::from(top)) % f.modulus();
        assert!(acc.iter().all(|&v| u64::from(f.reduce(v)) == expected));
    }

    #[test]
    fn candidates_are_the_table_then_primes_of_the_seed() {
        use super::super::modular::is_prime;
        for seed in [0u64, 1, u64::MAX, 0x1234_5678_9abc_def0] {
            let fields: Vec<u64> = SmallPrimeField::candidates(seed)
                .map(|f| f.modulus())
                .collect();
            assert_eq!(fields.len(), SMALL_PRIMES.len() + SEEDED_PRIMES as usize);
            assert_eq!(&fields[..SMALL_PRIMES.len()], &SMALL_PRIMES);
            assert!(fields
                .iter()
                .all(|&p| (1 << 25) < p && p < (1 << 26) && is_prime(p)));
            // the same seed, the same primes
            let again: Vec<u64> = SmallPrimeField::candidates(seed)
                .map(|f| f.modulus())
                .collect();
            assert_eq!(fields, again);
        }
    }
}
