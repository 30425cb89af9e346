//! Lossless conversions between `num` exact values and `rug` (GMP) values.
//!
//! The exact layer computes with `num-rational`; the interval layer needs the
//! same value as a `rug::Rational` to round it outward into an MPFR float.
//! Both directions are exact (limb by limb), never through text or `f64`.

use num_bigint::{BigInt, Sign};
use num_rational::BigRational;
use rug::integer::Order;
use rug::{Integer, Rational};

/// The GMP integer equal to `n`.
pub fn bigint_to_integer(n: &BigInt) -> Integer {
    let (sign, digits) = n.to_u32_digits();
    let magnitude = Integer::from_digits(&digits, Order::Lsf);
    if sign == Sign::Minus {
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
pub fn bigrational_to_rational(q: &BigRational) -> Rational {
    Rational::from((bigint_to_integer(q.numer()), bigint_to_integer(q.denom())))
}

/// The `num` rational equal to `q`.
pub fn rational_to_bigrational(q: &Rational) -> BigRational {
    BigRational::new_raw(integer_to_bigint(q.numer()), integer_to_bigint(q.denom()))
}
