//! Decimal output rounded outward: the lower end is printed rounded toward
//! `-inf`, the upper end toward `+inf`, so the printed interval, read back
//! exactly, still encloses the value.

use super::Interval;
use rug::float::Round;
use rug::Float;

/// Prints a float with `digits` significant decimal digits, rounded in
/// direction `round`. Plain notation for moderate exponents, scientific
/// (`1.25e-30`) otherwise; `inf`, `-inf` for infinities.
pub fn float_to_decimal(x: &Float, digits: usize, round: Round) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x.is_sign_negative() { "-inf" } else { "inf" }.into();
    }
    if x.is_zero() {
        return "0".into();
    }
    let (negative, mantissa, exp) = x.to_sign_string_exp_round(10, Some(digits.max(2)), round);
    let exp = exp.expect("finite nonzero float has an exponent");
    // value = 0.mantissa * 10^exp
    let mantissa = mantissa.trim_end_matches('0');
    let mantissa = if mantissa.is_empty() { "0" } else { mantissa };
    let sign = if negative { "-" } else { "" };
    let point = i64::from(exp);
    let n = mantissa.len() as i64;
    let body = if (-5..=0).contains(&point) {
        format!("0.{}{mantissa}", "0".repeat((-point) as usize))
    } else if point > 0 && point <= 21 {
        if point >= n {
            format!("{mantissa}{}", "0".repeat((point - n) as usize))
        } else {
            let (a, b) = mantissa.split_at(point as usize);
            format!("{a}.{b}")
        }
    } else {
        let (a, b) = mantissa.split_at(1);
        let e = point - 1;
        if b.is_empty() {
            format!("{a}e{e}")
        } else {
            format!("{a}.{b}e{e}")
        }
    };
    format!("{sign}{body}")
}

/// Significant decimal digits carried by a float of `prec` bits:
/// `ceil(prec log10 2) + 1`.
pub fn digits_of_precision(prec: u32) -> usize {
    (f64::from(prec) * std::f64::consts::LOG10_2).ceil() as usize + 1
}

/// Digits beyond the first one that tells the ends apart: the rounding of
/// each printed end then widens the interval by at most about one percent
/// of its width.
const DIGITS_BEYOND_WIDTH: usize = 3;

impl Interval {
    /// The significant digits this enclosure supports: those its precision
    /// carries ([`digits_of_precision`]), but no more than its width
    /// justifies (the digits that tell `lo` from `hi`, plus
    /// `DIGITS_BEYOND_WIDTH`), and at least 3. A point interval, or one
    /// with an infinite end, gets the digits of its precision.
    ///
    /// ```
    /// use ifm_check::interval::Interval;
    /// use ifm_check::exact::Q;
    /// let third = Interval::from_rational(&Q::new(1.into(), 3.into()), 256);
    /// assert_eq!(third.supported_digits(), 79);
    /// let wide = third.hull(&Interval::from_rational(&Q::new(334.into(), 1000.into()), 256));
    /// assert_eq!(wide.supported_digits(), 7);
    /// ```
    pub fn supported_digits(&self) -> usize {
        let by_precision = digits_of_precision(self.prec());
        if self.is_point() || !self.is_finite() {
            return by_precision;
        }
        let magnitude = self.mag();
        let width = self.width();
        // binary exponents: magnitude / width lies in (2^(em - ew - 1), 2^(em - ew + 1))
        let (Some(em), Some(ew)) = (magnitude.get_exp(), width.get_exp()) else {
            return by_precision;
        };
        let bits = (i64::from(em) - i64::from(ew) + 1).max(0) as f64;
        let by_width = (bits * std::f64::consts::LOG10_2).ceil() as usize + DIGITS_BEYOND_WIDTH;
        by_width.clamp(3, by_precision.max(3))
    }

    /// The ends as decimal strings with `digits` significant digits, the
    /// lower rounded down and the upper rounded up.
    ///
    /// ```
    /// use ifm_check::interval::Interval;
    /// use ifm_check::exact::Q;
    /// let x = Interval::from_rational(&Q::new(2.into(), 3.into()), 128);
    /// assert_eq!(x.to_decimal(5), ("0.66666".to_string(), "0.66667".to_string()));
    /// ```
    pub fn to_decimal(&self, digits: usize) -> (String, String) {
        (
            float_to_decimal(&self.lo, digits, Round::Down),
            float_to_decimal(&self.hi, digits, Round::Up),
        )
    }
}
