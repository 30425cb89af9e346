//! Univariate polynomials over Q and Sturm sequences.
//!
//! Contract: arithmetic is exact; [`Poly::count_roots_in`] returns the exact
//! number of distinct real roots in a closed interval `[lo, hi]`, ends
//! included; [`Poly::prove_positive_on`] either proves `p > 0` on `[lo, hi]`
//! or returns a rational subinterval, as narrow as asked, that contains a
//! point where `p <= 0`. Used by docs/mathematics.md section 2 (well-posedness of
//! `Sigma_t` on `[0, 1]` through its leading principal minors).

use super::parse::format_rational;
use super::Q;
use num_traits::{One, Signed, Zero};
use std::fmt;

/// A polynomial `sum c[i] x^i` over Q with no trailing zero coefficient.
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Poly {
    coeffs: Vec<Q>,
}

/// The outcome of [`Poly::prove_positive_on`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Positivity {
    /// `p(x) > 0` for every `x` in the interval: proven.
    Positive,
    /// `p` is `<= 0` somewhere in `[lo, hi]` (a rational interval that
    /// contains a root of `p` or a point where `p <= 0`).
    FailsIn {
        /// Lower end.
        lo: Q,
        /// Upper end.
        hi: Q,
    },
}

impl Poly {
    /// The polynomial with these coefficients, constant term first.
    pub fn new(mut coeffs: Vec<Q>) -> Self {
        while coeffs.last().is_some_and(Zero::is_zero) {
            coeffs.pop();
        }
        Poly { coeffs }
    }

    /// From integer coefficients, constant term first.
    pub fn from_i64(coeffs: &[i64]) -> Self {
        Self::new(coeffs.iter().map(|&c| Q::from_integer(c.into())).collect())
    }

    /// The constant polynomial `c`.
    pub fn constant(c: Q) -> Self {
        Self::new(vec![c])
    }

    /// The polynomial `x`.
    pub fn x() -> Self {
        Self::new(vec![Q::zero(), Q::one()])
    }

    /// The coefficients, constant term first (empty for zero).
    pub fn coeffs(&self) -> &[Q] {
        &self.coeffs
    }

    /// Whether this is the zero polynomial.
    pub fn is_zero(&self) -> bool {
        self.coeffs.is_empty()
    }

    /// The degree (`None` for the zero polynomial).
    pub fn degree(&self) -> Option<usize> {
        self.coeffs.len().checked_sub(1)
    }

    /// The leading coefficient (0 for the zero polynomial).
    pub fn leading(&self) -> Q {
        self.coeffs.last().cloned().unwrap_or_else(Q::zero)
    }

    /// `p(x)` by Horner's rule.
    pub fn eval(&self, x: &Q) -> Q {
        self.coeffs
            .iter()
            .rev()
            .fold(Q::zero(), |acc, c| acc * x + c)
    }

    /// `p + q`.
    pub fn add(&self, q: &Poly) -> Poly {
        let n = self.coeffs.len().max(q.coeffs.len());
        Poly::new((0..n).map(|i| self.coeff(i) + q.coeff(i)).collect())
    }

    /// `p - q`.
    pub fn sub(&self, q: &Poly) -> Poly {
        self.add(&q.scale(&-Q::one()))
    }

    /// `p * q`.
    pub fn mul(&self, q: &Poly) -> Poly {
        if self.is_zero() || q.is_zero() {
            return Poly::default();
        }
        let mut c = vec![Q::zero(); self.coeffs.len() + q.coeffs.len() - 1];
        for (i, a) in self.coeffs.iter().enumerate() {
            for (j, b) in q.coeffs.iter().enumerate() {
                c[i + j] += a * b;
            }
        }
        Poly::new(c)
    }

    /// `c * p`.
    pub fn scale(&self, c: &Q) -> Poly {
        Poly::new(self.coeffs.iter().map(|a| a * c).collect())
    }

    /// The coefficient of `x^i`.
    pub fn coeff(&self, i: usize) -> Q {
        self.coeffs.get(i).cloned().unwrap_or_else(Q::zero)
    }

    /// The derivative.
    pub fn derivative(&self) -> Poly {
        Poly::new(
            self.coeffs
                .iter()
                .enumerate()
                .skip(1)
                .map(|(i, c)| c * Q::from_integer(i.into()))
                .collect(),
        )
    }

    /// Quotient and remainder of the division by a nonzero `d`.
    pub fn div_rem(&self, d: &Poly) -> (Poly, Poly) {
        assert!(!d.is_zero(), "division by the zero polynomial");
        let dd = d.coeffs.len() - 1;
        let lead = d.leading();
        let mut r = self.coeffs.clone();
        if r.len() <= dd {
            return (Poly::default(), self.clone());
        }
        let mut q = vec![Q::zero(); r.len() - dd];
        for k in (0..q.len()).rev() {
            let c = &r[k + dd] / &lead;
            if !c.is_zero() {
                for (j, dc) in d.coeffs.iter().enumerate() {
                    r[k + j] -= &c * dc;
                }
            }
            q[k] = c;
        }
        r.truncate(dd);
        (Poly::new(q), Poly::new(r))
    }

    /// The monic greatest common divisor (zero if both are zero).
    pub fn gcd(&self, other: &Poly) -> Poly {
        let (mut a, mut b) = (self.clone(), other.clone());
        while !b.is_zero() {
            let r = a.div_rem(&b).1;
            a = b;
            b = r;
        }
        if a.is_zero() {
            a
        } else {
            let l = a.leading();
            a.scale(&(Q::one() / l))
        }
    }

    /// The squarefree part `p / gcd(p, p')`, monic; same distinct roots.
    pub fn squarefree(&self) -> Poly {
        if self.degree().unwrap_or(0) == 0 {
            return self.clone();
        }
        let g = self.gcd(&self.derivative());
        let q = self.div_rem(&g).0;
        let l = q.leading();
        q.scale(&(Q::one() / l))
    }

    /// The Sturm sequence `p, p', -rem(p, p'), ...` of a nonzero `p`.
    pub fn sturm_sequence(&self) -> Vec<Poly> {
        let mut seq = vec![self.clone()];
        let mut next = self.derivative();
        while !next.is_zero() {
            let r = seq.last().expect("nonempty").div_rem(&next).1;
            seq.push(next);
            next = r.scale(&-Q::one());
        }
        seq
    }

    /// Distinct real roots in the closed interval `[lo, hi]` (`lo <= hi`),
    /// counted exactly. The zero polynomial has no isolated roots: `None`.
    ///
    /// ```
    /// use ifm_check::exact::Poly;
    /// use ifm_check::exact::Q;
    /// // (x - 1)^2 (x + 2): roots 1 (double) and -2
    /// let p = Poly::from_i64(&[2, -3, 0, 1]);
    /// let q = |n: i64| Q::from_integer(n.into());
    /// assert_eq!(p.count_roots_in(&q(-2), &q(1)), Some(2));
    /// assert_eq!(p.count_roots_in(&q(0), &q(5)), Some(1));
    /// ```
    pub fn count_roots_in(&self, lo: &Q, hi: &Q) -> Option<usize> {
        if self.is_zero() {
            return None;
        }
        assert!(lo <= hi, "count_roots_in needs lo <= hi");
        let mut q = self.squarefree();
        let mut at_ends = 0;
        for end in [lo, hi] {
            if q.eval(end).is_zero() {
                at_ends += 1;
                let linear = Poly::new(vec![-end.clone(), Q::one()]);
                q = q.div_rem(&linear).0;
            }
            if lo == hi {
                break;
            }
        }
        if lo == hi {
            return Some(at_ends);
        }
        let seq = q.sturm_sequence();
        let v = |x: &Q| sign_changes(seq.iter().map(|p| p.eval(x)));
        Some(at_ends + v(lo) - v(hi))
    }

    /// Proves `p > 0` on `[lo, hi]`, or finds where it fails: a rational
    /// interval of width at most `width` (or a point) inside `[lo, hi]`
    /// containing a point where `p <= 0`.
    pub fn prove_positive_on(&self, lo: &Q, hi: &Q, width: &Q) -> Positivity {
        let fails = |a: Q, b: Q| Positivity::FailsIn { lo: a, hi: b };
        if !self.eval(lo).is_positive() {
            return fails(lo.clone(), lo.clone());
        }
        match self.count_roots_in(lo, hi) {
            None => fails(lo.clone(), lo.clone()),
            Some(0) => Positivity::Positive,
            Some(_) => {
                // p(lo) > 0 and a root lies in (lo, hi]: bisect on the root
                // count, keeping an interval that holds a root.
                let (mut a, mut b) = (lo.clone(), hi.clone());
                let two = Q::from_integer(2.into());
                while &b - &a > *width {
                    let m = (&a + &b) / &two;
                    if self.eval(&m).is_zero() {
                        return fails(m.clone(), m);
                    }
                    if self.count_roots_in(&a, &m).unwrap_or(0) > 0 {
                        b = m;
                    } else {
                        a = m;
                    }
                }
                fails(a, b)
            }
        }
    }
}

fn sign_changes(values: impl Iterator<Item = Q>) -> usize {
    let mut last = 0i8;
    let mut changes = 0;
    for v in values {
        let s = if v.is_positive() {
            1
        } else if v.is_negative() {
            -1
        } else {
            0
        };
        if s != 0 {
            if last != 0 && s != last {
                changes += 1;
            }
            last = s;
        }
    }
    changes
}

impl fmt::Debug for Poly {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self}")
    }
}

impl fmt::Display for Poly {
    /// `3/2 - x + 2 x^3`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_zero() {
            return write!(f, "0");
        }
        let mut first = true;
        for (i, c) in self.coeffs.iter().enumerate() {
            if c.is_zero() {
                continue;
            }
            let (sign, mag) = if c.is_negative() {
                ("-", -c)
            } else {
                ("+", c.clone())
            };
            if first {
                if sign == "-" {
                    write!(f, "-")?;
                }
            } else {
                write!(f, " {sign} ")?;
            }
            first = false;
            let var = match i {
                0 => String::new(),
                1 => "x".into(),
                _ => format!("x^{i}"),
            };
            if i == 0 {
                write!(f, "{}", format_rational(&mag))?;
            } else if mag.is_one() {
                write!(f, "{var}")?;
            } else {
                write!(f, "{} {var}", format_rational(&mag))?;
            }
        }
        Ok(())
    }
}
