//! First-order jets over intervals: a value and its partial derivatives,
//! each an enclosure, propagated by the chain rule.
//!
//! Contract: if the inputs enclose the values and gradients of smooth
//! functions at every point of a box, so does every result. Used for
//! derivative identities such as `d/dt F_t(x) = -v_t(x) p_t(x)`
//! (docs/mathematics.md section 3), where the time derivative is not in closed form.

use super::{Interval, IntervalError};

/// A value with its gradient with respect to `n` variables.
#[derive(Debug, Clone, PartialEq)]
pub struct Jet {
    /// Enclosure of the value.
    pub value: Interval,
    /// Enclosures of the partial derivatives.
    pub grad: Vec<Interval>,
}

impl Jet {
    /// The variable number `index` of `n`, over the interval `x`.
    ///
    /// ```
    /// use ifm_check::exact::Q;
    /// use ifm_check::interval::{Interval, Jet};
    /// // d/dx (x * x) at x = 3 is 6
    /// let x = Jet::variable(Interval::from_i64(3, 64), 0, 1);
    /// let y = x.mul(&x);
    /// assert!(y.grad[0].contains_rational(&Q::from_integer(6.into())));
    /// ```
    pub fn variable(x: Interval, index: usize, n: usize) -> Jet {
        let p = x.prec();
        let grad = (0..n)
            .map(|i| Interval::from_i64(i64::from(i == index), p))
            .collect();
        Jet { value: x, grad }
    }

    /// A constant (zero gradient) in `n` variables.
    pub fn constant(x: Interval, n: usize) -> Jet {
        let p = x.prec();
        Jet {
            value: x,
            grad: vec![Interval::from_i64(0, p); n],
        }
    }

    /// Applies `f` with derivative enclosure `df = f'(value)`.
    fn chain(&self, value: Interval, df: &Interval) -> Jet {
        Jet {
            value,
            grad: self.grad.iter().map(|g| g * df).collect(),
        }
    }

    fn zip(&self, o: &Jet, f: impl Fn(&Interval, &Interval) -> Interval) -> Vec<Interval> {
        assert_eq!(self.grad.len(), o.grad.len(), "jets in different variables");
        self.grad
            .iter()
            .zip(&o.grad)
            .map(|(a, b)| f(a, b))
            .collect()
    }

    /// `self + o`.
    pub fn add(&self, o: &Jet) -> Jet {
        Jet {
            value: &self.value + &o.value,
            grad: self.zip(o, |a, b| a + b),
        }
    }

    /// `self - o`.
    pub fn sub(&self, o: &Jet) -> Jet {
        Jet {
            value: &self.value - &o.value,
            grad: self.zip(o, |a, b| a - b),
        }
    }

    /// `-self`.
    pub fn neg(&self) -> Jet {
        Jet {
            value: -&self.value,
            grad: self.grad.iter().map(|g| -g).collect(),
        }
    }

    /// `self * o` (product rule).
    pub fn mul(&self, o: &Jet) -> Jet {
        Jet {
            value: &self.value * &o.value,
            grad: self.zip(o, |a, b| a * &o.value + &self.value * b),
        }
    }

    /// `c * self` for an interval constant `c`.
    pub fn scale(&self, c: &Interval) -> Jet {
        Jet {
            value: &self.value * c,
            grad: self.grad.iter().map(|g| g * c).collect(),
        }
    }

    /// `self / o`; an error when `o` may vanish.
    pub fn checked_div(&self, o: &Jet) -> Result<Jet, IntervalError> {
        let value = self.value.checked_div(&o.value)?;
        let o_sq = o.value.sqr();
        let grad = self
            .grad
            .iter()
            .zip(&o.grad)
            .map(|(a, b)| (a * &o.value - &self.value * b).checked_div(&o_sq))
            .collect::<Result<_, _>>()?;
        Ok(Jet { value, grad })
    }

    /// `self^2`.
    pub fn sqr(&self) -> Jet {
        self.chain(self.value.sqr(), &self.value.mul_pow2(1))
    }

    /// `sqrt(self)`; an error unless the value is positive.
    pub fn sqrt(&self) -> Result<Jet, IntervalError> {
        let s = self.value.sqrt()?;
        let d = s.mul_pow2(1).recip()?;
        Ok(self.chain(s, &d))
    }

    /// `exp(self)`.
    pub fn exp(&self) -> Jet {
        let e = self.value.exp();
        self.chain(e.clone(), &e)
    }

    /// `erf(self)`: derivative `2 / sqrt(pi) exp(-x^2)`.
    pub fn erf(&self) -> Jet {
        let d = self.erf_slope();
        self.chain(self.value.erf(), &d)
    }

    /// `erfc(self)`: derivative `-2 / sqrt(pi) exp(-x^2)`.
    pub fn erfc(&self) -> Jet {
        let d = -self.erf_slope();
        self.chain(self.value.erfc(), &d)
    }

    fn erf_slope(&self) -> Interval {
        let p = self.value.prec();
        let two_over_sqrt_pi = Interval::pi(p)
            .sqrt()
            .and_then(|s| s.recip())
            .expect("pi is positive")
            .mul_pow2(1);
        (-self.value.sqr()).exp() * two_over_sqrt_pi
    }

    /// The standard normal density: derivative `-x phi(x)`.
    pub fn normal_pdf(&self) -> Jet {
        let phi = self.value.normal_pdf();
        let d = -(&self.value * &phi);
        self.chain(phi, &d)
    }

    /// The standard normal distribution function: derivative `phi(x)`.
    pub fn normal_cdf(&self) -> Jet {
        let d = self.value.normal_pdf();
        self.chain(self.value.normal_cdf(), &d)
    }
}
