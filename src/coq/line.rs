//! The one-dimensional Gaussian families as Coq data (docs/coq.md), with
//! the definitions of `coq/OneDimension.v` (docs/mathematics.md, section
//! 3): a Gaussian plan is a `plan1`, a mixture a `mixture`. Beside the
//! data, the proof steps the one-dimensional kinds share: validity, and
//! `Var X_t > 0` at listed times or on an interval of times. Each step is
//! checked by Coq on the computed numbers; the exporter also checks the
//! positivity exactly first, so that an instance it cannot prove is left
//! out with the reason instead of written to fail.

use super::real;
use crate::exact::Q;
use crate::onedim::family::GaussianComponent;
use crate::onedim::OneDimPlan;
use num_traits::{Signed, Zero};

/// A plan of the Gaussian families, under its Coq name.
#[derive(Debug, Clone)]
pub struct LinePlan {
    /// The Coq name of its data.
    pub name: String,
    /// `(weight, component)`; one component of weight 1 for a Gaussian plan.
    components: Vec<(Q, GaussianComponent)>,
    /// Whether it is a mixture (a `mixture` in Coq, else a `plan1`).
    mixture: bool,
}

/// Why a plan outside the Gaussian families is not exported.
const NOT_GAUSSIAN: &str =
    "only the Gaussian families are exported: the distribution functions of the others are not defined in OneDimension.v";

impl LinePlan {
    /// The plan named `name`; `Err` outside the Gaussian families.
    pub fn new(name: &str, plan: &OneDimPlan) -> Result<LinePlan, String> {
        let (components, mixture) = match plan {
            OneDimPlan::Gaussian(g) => (vec![(Q::from_integer(1.into()), g.clone())], false),
            OneDimPlan::Mixture(c) => (c.clone(), true),
            _ => return Err(NOT_GAUSSIAN.into()),
        };
        Ok(LinePlan {
            name: name.into(),
            components,
            mixture,
        })
    }

    /// Whether it is a single Gaussian plan.
    pub fn is_gaussian(&self) -> bool {
        self.gaussian().is_some()
    }

    /// The component of a single Gaussian plan.
    pub fn gaussian(&self) -> Option<&GaussianComponent> {
        (!self.mixture).then(|| &self.components[0].1)
    }

    /// `Definition name : plan1 := Plan1 ...` or `... : mixture := [...]`.
    pub fn definition(&self) -> String {
        if self.mixture {
            let items: Vec<String> = self
                .components
                .iter()
                .map(|(w, g)| format!("({}, {})", real(w), component(g)))
                .collect();
            format!(
                "Definition {} : mixture :=\n  [{}].",
                self.name,
                items.join(";\n   ")
            )
        } else {
            format!(
                "Definition {} : plan1 := {}.",
                self.name,
                component(&self.components[0].1)
            )
        }
    }

    /// The Coq function of `(t, x)` named `object` (`cdf`, `pdf` or
    /// `field`) of this plan.
    pub fn of(&self, object: &str) -> String {
        if self.mixture {
            format!("mixture_{object} {}", self.name)
        } else {
            format!("{object}1 {}", self.name)
        }
    }

    /// `valid1 P` or `valid_mixture P`.
    pub fn valid(&self) -> String {
        if self.mixture {
            format!("valid_mixture {}", self.name)
        } else {
            format!("valid1 {}", self.name)
        }
    }

    /// The tactic proving [`LinePlan::valid`].
    pub fn validity_proof(&self) -> String {
        let by = if self.mixture {
            "valid_mixture_by"
        } else {
            "valid1_by"
        };
        format!("unfold {}; {by}", self.name)
    }

    /// The library's theorem `d/dt F_t(x) = -v_t(x) p_t(x)` for this plan:
    /// its hypotheses are `Var X_t > 0` (and validity, for a mixture).
    pub fn flux_theorem(&self) -> &'static str {
        if self.mixture {
            "mixture_flux_identity"
        } else {
            "flux_identity1"
        }
    }

    /// `Err` naming the first component with `Var X_t = 0` at `t`.
    pub fn check_spread_at(&self, t: &Q) -> Result<(), String> {
        match self
            .components
            .iter()
            .position(|(_, g)| !g.variance_at(t).is_positive())
        {
            None => Ok(()),
            Some(k) => Err(format!(
                "Var X_t = 0 at t = {} ({}): F_t has an atom there",
                crate::exact::format_rational(t),
                self.which(k)
            )),
        }
    }

    fn which(&self, k: usize) -> String {
        if self.mixture {
            format!("component {}", k + 1)
        } else {
            "the plan".into()
        }
    }

    /// The tactic proving `Var X_t > 0` (`0 < var1 P t`, or `spread P t`
    /// for a mixture) for each time of the list named `times`, from the
    /// hypothesis `hyp : In t times`; `Err` when a time has `Var X_t = 0`.
    pub fn spread_at_listed(&self, hyp: &str, times: &str, ts: &[Q]) -> Result<String, String> {
        for t in ts {
            self.check_spread_at(t)?;
        }
        Ok(format!(
            "  unfold {}, {times} in *; cbn [In] in {hyp}.\n  repeat (destruct {hyp} as [<- | {hyp}]; [{} | ]); destruct {hyp}.\n",
            self.name,
            self.spread_tactic()
        ))
    }

    fn spread_tactic(&self) -> &'static str {
        if self.mixture {
            "spread_positive"
        } else {
            "variance_positive"
        }
    }

    /// The tactic proving `Var X_t > 0` at the literal time the goal
    /// holds, the plan's name unfolded.
    pub fn spread_at_literal(&self, t: &Q) -> Result<String, String> {
        self.check_spread_at(t)?;
        Ok(self.spread_tactic().into())
    }

    /// The tactic proving `Var X_t > 0` for every `t` with `t0 <= t <= t1`
    /// in the context: `Var X_t` is a convex quadratic in `t`, at least its
    /// value at `h`, the clamp of its vertex to `[t0, t1]`, and
    /// `(t - h)^2 >= 0` is the one fact `lra` needs. `Err` when that value
    /// is not positive.
    pub fn spread_on(&self, t0: &Q, t1: &Q) -> Result<String, String> {
        let mut steps = Vec::new();
        for (k, (_, g)) in self.components.iter().enumerate() {
            let h = lowest_point(g, t0, t1);
            if !g.variance_at(&h).is_positive() {
                return Err(format!(
                    "Var X_t = 0 at t = {} in [{}, {}] ({})",
                    crate::exact::format_rational(&h),
                    crate::exact::format_rational(t0),
                    crate::exact::format_rational(t1),
                    self.which(k)
                ));
            }
            steps.push(format!(
                "pose proof (pow2_ge_0 (t - {})); variance_positive",
                real(&h)
            ));
        }
        Ok(if self.mixture {
            let mut proof = "apply Forall_nil".to_string();
            for step in steps.iter().rev() {
                proof = format!("apply Forall_cons; [{step} | {proof}]");
            }
            format!("unfold {}, spread; {proof}", self.name)
        } else {
            format!("unfold {}; {}", self.name, steps[0])
        })
    }
}

/// The tactic proving `field1 a t x <> field1 b t x` for two Gaussian
/// plans at the literal `(t, x)`: each field's value, checked by `field`,
/// then `lra`. `Err` unless both are Gaussian with `Sigma_t > 0` there and
/// the values differ.
pub fn fields_differ(a: &LinePlan, b: &LinePlan, t: &Q, x: &Q) -> Result<String, String> {
    let (Some(g), Some(h)) = (a.gaussian(), b.gaussian()) else {
        return Err("the fields of mixtures are not rational: their values are not stated".into());
    };
    a.check_spread_at(t)?;
    b.check_spread_at(t)?;
    let (u, v) = (g.field_at(t, x), h.field_at(t, x));
    if u == v {
        return Err("the two fields agree at the point".into());
    }
    let (t, x) = (real(t), real(x));
    Ok(format!(
        "replace (field1 {a} {t} {x}) with {} by (unfold {a}; field1_value);
    replace (field1 {b} {t} {x}) with {} by (unfold {b}; field1_value);
    lra",
        real(&u),
        real(&v),
        a = a.name,
        b = b.name,
    ))
}

/// `Plan1 mu0 mu1 s00 s11 c01`.
fn component(g: &GaussianComponent) -> String {
    format!(
        "Plan1 {} {} {} {} {}",
        real(&g.m0),
        real(&g.m1),
        real(&g.s00),
        real(&g.s11),
        real(&g.c)
    )
}

/// Where `Var X_t` is least on `[t0, t1]`: its vertex, clamped.
fn lowest_point(g: &GaussianComponent, t0: &Q, t1: &Q) -> Q {
    // Var X_t = a + b t + c t^2 with c = Var(X1 - X0) >= 0
    let coefficients = g.variance_poly();
    let (b, c) = (coefficients.coeff(1), coefficients.coeff(2));
    let vertex = if c.is_zero() {
        if b.is_negative() {
            t1.clone()
        } else {
            t0.clone()
        }
    } else {
        -b / (Q::from_integer(2.into()) * c)
    };
    vertex.clamp(t0.clone(), t1.clone())
}

/// `Definition name : list R := [a; b; ...].`
pub fn list_definition(name: &str, values: &[Q]) -> String {
    format!(
        "Definition {name} : list R := [{}].",
        values.iter().map(real).collect::<Vec<_>>().join("; ")
    )
}

/// The tactic proving `In v l` for the `index`-th element `v` of the list
/// named `list`.
pub fn listed(list: &str, index: usize) -> String {
    format!(
        "unfold {list}; cbn [In]; {}left; reflexivity",
        "right; ".repeat(index)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(n: i64, d: i64) -> Q {
        Q::new(n.into(), d.into())
    }

    fn component(s00: i64, s11: i64, c: i64) -> GaussianComponent {
        GaussianComponent::new(q(0, 1), q(0, 1), q(s00, 1), q(s11, 1), q(c, 1)).unwrap()
    }

    #[test]
    fn the_lowest_variance_is_at_the_clamped_vertex() {
        // Sigma_t = (1 - 3t)^2: least (0) at t = 1/3
        let g = component(1, 4, -2);
        assert_eq!(lowest_point(&g, &q(0, 1), &q(1, 1)), q(1, 3));
        assert_eq!(lowest_point(&g, &q(1, 2), &q(1, 1)), q(1, 2));
        assert_eq!(lowest_point(&g, &q(0, 1), &q(1, 4)), q(1, 4));
        let line = LinePlan::new("p", &OneDimPlan::Gaussian(g)).unwrap();
        assert!(line.spread_on(&q(0, 1), &q(1, 1)).is_err());
        assert!(line.spread_on(&q(1, 2), &q(1, 1)).is_ok());
        // Var(X1 - X0) = 0: Sigma_t linear, least at an end
        let flat = component(1, 1, 1);
        assert_eq!(lowest_point(&flat, &q(1, 4), &q(3, 4)), q(1, 4));
    }

    #[test]
    fn listed_elements_are_reached_by_their_index() {
        assert_eq!(listed("l", 0), "unfold l; cbn [In]; left; reflexivity");
        assert_eq!(
            listed("l", 2),
            "unfold l; cbn [In]; right; right; left; reflexivity"
        );
    }
}
