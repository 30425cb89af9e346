//! Lossless conversions between `num` exact values and `rug` (GMP) values.
//!
//! The exact layer computes with `num-rational`; the interval layer needs the
//! same value as a `rug::Rational` to round it outward into an MPFR float.
//! Both directions are exact (limb by limb), never through text or `f64`.

use super::Q;
use num_bigint::{BigInt, Sign};
use rug::integer::Order;
use rug::{Integer, Rational};

/// The GMP integer equal to `n`.
pub fn bigint_to_integer(n: &BigInt) -> Integer {
    // most values have a few limbs: copied through the stack, not a vector
    let mut small = [0u64; 8];
    let digits = n.iter_u64_digits();
    let magnitude = if digits.len() <= small.len() {
        let len = digits.len();
        for (slot, d) in small.iter_mut().zip(digits) {
            *slot = d;
        }
        Integer::from_digits(&small[..len], Order::Lsf)
    } else {
        Integer::from_digits(&n.to_u64_digits().1, Order::Lsf)
    };
    if n.sign() == Sign::Minus {
        -magnitude
    } else {
        magnitude
    }
}

/// The `num` integer equal to `n`.
pub fn integer_to_bigint(n: &Integer) -> BigInt {
    let digits = n.to_digits::<u32>(Order::Lsf);
    let sign = match n.cmp0() {
        std::cmp::Ordering::Less => Sign::Minus,
        std::cmp::Ordering::Equal => Sign::NoSign,
        std::cmp::Ordering::Greater => Sign::Plus,
    };
    BigInt::from_slice(sign, &digits)
}

/// The GMP rational equal to `q`.
pub fn bigrational_to_rational(q: &Q) -> Rational {
    Rational::from((bigint_to_integer(q.numer()), bigint_to_integer(q.denom())))
}

/// The `num` rational equal to `q`.
pub fn rational_to_bigrational(q: &Rational) -> Q {
    Q::new_raw(integer_to_bigint(q.numer()), integer_to_bigint(q.denom()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_traits::One;

    #[test]
    fn integers_round_trip_at_every_width() {
        // widths around the 8 limbs copied through the stack
        for bits in [0u32, 1, 63, 64, 65, 511, 512, 513, 2000] {
            let power = BigInt::one() << bits;
            for n in [&power - 1, power.clone(), &power + 1] {
                for n in [n.clone(), -n] {
                    let g = bigint_to_integer(&n);
                    assert_eq!(g.to_string(), n.to_string(), "2^{bits}");
                    assert_eq!(integer_to_bigint(&g), n);
                }
            }
        }
    }
}
