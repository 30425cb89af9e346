//! Taylor models of ODE right-hand sides: a straight-line program (a
//! [`Tape`]) of `f(t, y)`, evaluated on truncated Taylor series in the time
//! offset `tau` with interval coefficients (docs/mathematics.md section 9).
//!
//! Contract. [`Tape::solution_coefficients`] returns, for the solution of
//! `y' = f(t, y)` through `(t0, y0)`, enclosures of its Taylor coefficients
//! `y_k = y^(k)(t0) / k!`, `k = 0..=order`, valid for every `t0` in the
//! interval given and every `y0` in the box given (interval evaluation of
//! the exact recurrences: each node's `k`-th coefficient from the lower
//! ones, "online" in the order of the tape). [`Tape::variational`] builds
//! the tape of `(y, J)' = (f(t, y), D_y f(t, y) J)` by differentiating each
//! node, for the Jacobian of the flow.
//!
//! The operations are those the fields of Gaussian plans and their mixtures
//! need: `+ - *`, division, `exp` and `ln` (the recurrences of Moore, and
//! of Griewank and Walther's "Evaluating Derivatives", chapter 13).

use super::{Interval, IntervalError};

/// A node of a tape, by its index.
pub type Node = usize;

#[derive(Debug, Clone)]
enum Op {
    /// The state variable `y_i`.
    Var(usize),
    /// The time `t = t0 + tau`.
    Time,
    Const(Interval),
    Add(Node, Node),
    Sub(Node, Node),
    Mul(Node, Node),
    Div(Node, Node),
    Exp(Node),
    Ln(Node),
}

/// A straight-line program of `f(t, y)`: nodes in order, each using only
/// earlier ones, and one output node per state variable.
#[derive(Debug, Clone)]
pub struct Tape {
    ops: Vec<Op>,
    vars: usize,
    outputs: Vec<Node>,
    prec: u32,
}

impl Tape {
    /// An empty tape in `vars` state variables, constants at `prec` bits.
    pub fn new(vars: usize, prec: u32) -> Tape {
        let mut tape = Tape {
            ops: Vec::new(),
            vars,
            outputs: Vec::new(),
            prec,
        };
        for i in 0..vars {
            tape.ops.push(Op::Var(i));
        }
        tape
    }

    fn push(&mut self, op: Op) -> Node {
        self.ops.push(op);
        self.ops.len() - 1
    }

    /// The state variable `y_i`.
    pub fn var(&self, i: usize) -> Node {
        assert!(i < self.vars, "no state variable {i}");
        i
    }

    /// The time.
    pub fn time(&mut self) -> Node {
        self.push(Op::Time)
    }

    /// A constant.
    pub fn constant(&mut self, c: Interval) -> Node {
        self.push(Op::Const(c))
    }

    /// A rational constant at the tape's precision.
    pub fn rational(&mut self, q: &crate::exact::Q) -> Node {
        let c = Interval::from_rational(q, self.prec);
        self.constant(c)
    }

    /// `a + b`.
    pub fn add(&mut self, a: Node, b: Node) -> Node {
        self.push(Op::Add(a, b))
    }

    /// `a - b`.
    pub fn sub(&mut self, a: Node, b: Node) -> Node {
        self.push(Op::Sub(a, b))
    }

    /// `a b`.
    pub fn mul(&mut self, a: Node, b: Node) -> Node {
        self.push(Op::Mul(a, b))
    }

    /// `a / b`.
    pub fn div(&mut self, a: Node, b: Node) -> Node {
        self.push(Op::Div(a, b))
    }

    /// `exp a`.
    pub fn exp(&mut self, a: Node) -> Node {
        self.push(Op::Exp(a))
    }

    /// `ln a`.
    pub fn ln(&mut self, a: Node) -> Node {
        self.push(Op::Ln(a))
    }

    /// The sum of `nodes` (at least one).
    pub fn sum(&mut self, nodes: &[Node]) -> Node {
        let mut s = nodes[0];
        for &n in &nodes[1..] {
            s = self.add(s, n);
        }
        s
    }

    /// Declares `f_i` for each state variable, in order.
    pub fn set_outputs(&mut self, outputs: Vec<Node>) {
        assert_eq!(outputs.len(), self.vars, "one output per state variable");
        self.outputs = outputs;
    }

    /// The number of state variables.
    pub fn vars(&self) -> usize {
        self.vars
    }

    /// The number of nodes (the cost of one coefficient is about this
    /// times the order).
    pub fn len(&self) -> usize {
        self.ops.len()
    }

    /// Whether the tape has no node (it has one per state variable).
    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }

    /// The tape of the variational system in `vars + vars^2` variables:
    /// `y` then `J` by rows, `y' = f(t, y)`, `J' = (D_y f) J`.
    pub fn variational(&self) -> Tape {
        let n = self.vars;
        let mut out = Tape::new(n + n * n, self.prec);
        // the original nodes, then their partial derivatives by y_l (None: 0)
        let mut map: Vec<Node> = Vec::with_capacity(self.ops.len());
        let mut grads: Vec<Vec<Option<Node>>> = Vec::with_capacity(self.ops.len());
        let zero_grad = || vec![None; n];
        for op in &self.ops {
            let (node, g) = match op {
                Op::Var(i) => {
                    let mut g = zero_grad();
                    g[*i] = Some(out.constant(Interval::from_i64(1, self.prec)));
                    (out.var(*i), g)
                }
                Op::Time => (out.time(), zero_grad()),
                Op::Const(c) => (out.constant(c.clone()), zero_grad()),
                Op::Add(a, b) | Op::Sub(a, b) => {
                    let sub = matches!(op, Op::Sub(..));
                    let node = if sub {
                        out.sub(map[*a], map[*b])
                    } else {
                        out.add(map[*a], map[*b])
                    };
                    let g = (0..n)
                        .map(|l| match (grads[*a][l], grads[*b][l]) {
                            (None, None) => None,
                            (Some(x), None) => Some(x),
                            (None, Some(y)) if sub => {
                                let z = out.constant(Interval::from_i64(0, self.prec));
                                Some(out.sub(z, y))
                            }
                            (None, Some(y)) => Some(y),
                            (Some(x), Some(y)) if sub => Some(out.sub(x, y)),
                            (Some(x), Some(y)) => Some(out.add(x, y)),
                        })
                        .collect();
                    (node, g)
                }
                Op::Mul(a, b) => {
                    let node = out.mul(map[*a], map[*b]);
                    let g = (0..n)
                        .map(|l| {
                            let left = grads[*a][l].map(|x| out.mul(x, map[*b]));
                            let right = grads[*b][l].map(|y| out.mul(map[*a], y));
                            match (left, right) {
                                (Some(x), Some(y)) => Some(out.add(x, y)),
                                (x, y) => x.or(y),
                            }
                        })
                        .collect();
                    (node, g)
                }
                Op::Div(a, b) => {
                    // (a / b)' = (a' - (a / b) b') / b
                    let node = out.div(map[*a], map[*b]);
                    let g = (0..n)
                        .map(|l| {
                            let num = match (grads[*a][l], grads[*b][l]) {
                                (None, None) => return None,
                                (Some(x), None) => x,
                                (da, Some(y)) => {
                                    let cy = out.mul(node, y);
                                    match da {
                                        Some(x) => out.sub(x, cy),
                                        None => {
                                            let z = out.constant(Interval::from_i64(0, self.prec));
                                            out.sub(z, cy)
                                        }
                                    }
                                }
                            };
                            Some(out.div(num, map[*b]))
                        })
                        .collect();
                    (node, g)
                }
                Op::Exp(a) => {
                    let node = out.exp(map[*a]);
                    let g = (0..n)
                        .map(|l| grads[*a][l].map(|x| out.mul(node, x)))
                        .collect();
                    (node, g)
                }
                Op::Ln(a) => {
                    let node = out.ln(map[*a]);
                    let g = (0..n)
                        .map(|l| grads[*a][l].map(|x| out.div(x, map[*a])))
                        .collect();
                    (node, g)
                }
            };
            map.push(node);
            grads.push(g);
        }
        let mut outputs: Vec<Node> = self.outputs.iter().map(|&o| map[o]).collect();
        // J'_ij = sum_l (d f_i / d y_l) J_lj
        for i in 0..n {
            for j in 0..n {
                let terms: Vec<Node> = (0..n)
                    .filter_map(|l| {
                        grads[self.outputs[i]][l].map(|d| {
                            let jl = out.var(n + l * n + j);
                            out.mul(d, jl)
                        })
                    })
                    .collect();
                outputs.push(if terms.is_empty() {
                    out.constant(Interval::from_i64(0, self.prec))
                } else {
                    out.sum(&terms)
                });
            }
        }
        out.set_outputs(outputs);
        out
    }

    /// `f(t, y)` enclosed over the interval `t` and the box `y`.
    pub fn eval(&self, t: &Interval, y: &[Interval]) -> Result<Vec<Interval>, IntervalError> {
        let coeffs = self.solution_coefficients(t, y, 1)?;
        Ok(coeffs[1].clone())
    }

    /// Enclosures of the Taylor coefficients `y_0 .. y_order` of the
    /// solution through `(t0, y0)`, for every `t0` in `t0` and `y0` in the
    /// box `y0` (`y_1` is `f(t0, y0)`): `coefficients[k][i]`.
    pub fn solution_coefficients(
        &self,
        t0: &Interval,
        y0: &[Interval],
        order: usize,
    ) -> Result<Vec<Vec<Interval>>, IntervalError> {
        assert_eq!(y0.len(), self.vars, "one initial value per state variable");
        let p = self.prec.max(t0.prec());
        let zero = Interval::from_i64(0, p);
        // series[node][k]
        let mut series: Vec<Vec<Interval>> = vec![Vec::with_capacity(order + 1); self.ops.len()];
        let mut solution: Vec<Vec<Interval>> = vec![y0.to_vec()];
        for k in 0..=order {
            if k > 0 {
                // y_k = f_{k-1} / k
                let kq = Interval::from_i64(k as i64, p);
                let next = self
                    .outputs
                    .iter()
                    .map(|&o| series[o][k - 1].checked_div(&kq))
                    .collect::<Result<Vec<_>, _>>()?;
                solution.push(next);
            }
            if k == order {
                break;
            }
            for (id, op) in self.ops.iter().enumerate() {
                let c = match op {
                    Op::Var(i) => solution[k][*i].clone(),
                    Op::Time => match k {
                        0 => t0.clone(),
                        1 => Interval::from_i64(1, p),
                        _ => zero.clone(),
                    },
                    Op::Const(c) => {
                        if k == 0 {
                            c.clone()
                        } else {
                            zero.clone()
                        }
                    }
                    Op::Add(a, b) => &series[*a][k] + &series[*b][k],
                    Op::Sub(a, b) => &series[*a][k] - &series[*b][k],
                    Op::Mul(a, b) => cauchy(&series[*a], &series[*b], k, &zero),
                    Op::Div(a, b) => {
                        // c_k = (a_k - sum_{j=1..k} b_j c_{k-j}) / b_0
                        let mut s = series[*a][k].clone();
                        for j in 1..=k {
                            s = &s - &(&series[*b][j] * &series[id][k - j]);
                        }
                        s.checked_div(&series[*b][0])?
                    }
                    Op::Exp(a) => {
                        if k == 0 {
                            series[*a][0].exp()
                        } else {
                            // c_k = (1/k) sum_{j=1..k} j a_j c_{k-j}
                            let mut s = zero.clone();
                            for j in 1..=k {
                                let term = &series[*a][j] * &series[id][k - j];
                                s += &(&term * &Interval::from_i64(j as i64, p));
                            }
                            s.checked_div(&Interval::from_i64(k as i64, p))?
                        }
                    }
                    Op::Ln(a) => {
                        if k == 0 {
                            series[*a][0].ln()?
                        } else {
                            // c_k = (a_k - (1/k) sum_{j=1..k-1} j c_j a_{k-j}) / a_0
                            let mut s = zero.clone();
                            for j in 1..k {
                                let term = &series[id][j] * &series[*a][k - j];
                                s += &(&term * &Interval::from_i64(j as i64, p));
                            }
                            let s = s.checked_div(&Interval::from_i64(k as i64, p))?;
                            (&series[*a][k] - &s).checked_div(&series[*a][0])?
                        }
                    }
                };
                series[id].push(c);
            }
        }
        Ok(solution)
    }
}

/// The `k`-th coefficient of a product of series.
fn cauchy(a: &[Interval], b: &[Interval], k: usize, zero: &Interval) -> Interval {
    let mut s = zero.clone();
    for j in 0..=k {
        s += &(&a[j] * &b[k - j]);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iv(n: i64) -> Interval {
        Interval::from_i64(n, 128)
    }

    #[test]
    fn the_coefficients_of_exponential_growth_and_of_a_rational_field() {
        // y' = y through (0, 1): y_k = 1/k!
        let mut tape = Tape::new(1, 128);
        let y = tape.var(0);
        tape.set_outputs(vec![y]);
        let c = tape.solution_coefficients(&iv(0), &[iv(1)], 6).unwrap();
        let mut factorial = 1i64;
        for (k, ck) in c.iter().enumerate() {
            factorial *= (k as i64).max(1);
            assert!(ck[0].contains_rational(&crate::exact::Q::new(1.into(), factorial.into())));
        }
        // every operation: y' = y^2 / (1 + t) - exp(ln y) through (0, 1):
        // y_1 = f(0, 1) = 1 - 1 = 0
        let mut tape = Tape::new(1, 128);
        let y = tape.var(0);
        let t = tape.time();
        let one = tape.constant(iv(1));
        let yy = tape.mul(y, y);
        let den = tape.add(one, t);
        let q = tape.div(yy, den);
        let l = tape.ln(y);
        let e = tape.exp(l);
        let f = tape.sub(q, e);
        tape.set_outputs(vec![f]);
        let c = tape.solution_coefficients(&iv(0), &[iv(1)], 3).unwrap();
        assert!(c[1][0].contains_zero());
        // y_2 = f'(0)/2 with f' = f_t + f_y f = -y^2/(1+t)^2 + 0 = -1: y_2 = -1/2
        assert!(c[2][0].contains_rational(&crate::exact::Q::new((-1).into(), 2.into())));
    }

    #[test]
    fn the_variational_tape_carries_the_jacobian() {
        // y' = y^2: J' = 2 y J; through (0, 1): y = 1/(1-t), J = 1/(1-t)^2
        let mut tape = Tape::new(1, 128);
        let y = tape.var(0);
        let f = tape.mul(y, y);
        tape.set_outputs(vec![f]);
        let v = tape.variational();
        let c = v.solution_coefficients(&iv(0), &[iv(1), iv(1)], 4).unwrap();
        // 1/(1-t)^2 = sum (k+1) t^k
        for (k, ck) in c.iter().enumerate() {
            assert!(ck[0].contains_rational(&crate::exact::Q::from_integer(1.into())));
            assert!(ck[1].contains_rational(&crate::exact::Q::from_integer((k as i64 + 1).into())));
        }
    }
}
