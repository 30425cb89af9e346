//! The independent verifier (`verify/`) against the certificates of
//! `proofs/`: every one is verified, and every tampered copy whose
//! statement is now false, or whose witness no longer proves it, is
//! rejected. Each tampering below is one meaningful change whose effect is
//! known by construction (the reason stands beside its generator).

use ifm_check::exact::parse_rational;
use ifm_check::proof::{certificates, load, run_all, select};
use ifm_verify::verify_certificate;
use num_rational::BigRational;
use num_traits::{Signed, Zero};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::PathBuf;

fn proof_certificates() -> Vec<Value> {
    let proofs = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/proofs"));
    let files = load(&[proofs]).unwrap();
    let results = run_all(&select(&files, None, None), || {});
    certificates(&results, false)["certificates"]
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn every_certificate_of_the_proofs_is_verified_independently() {
    let certs = proof_certificates();
    assert!(certs.len() >= 90);
    for c in &certs {
        if let Err(why) = verify_certificate(c) {
            panic!("{}/{} rejected: {why}", c["lemma"], c["instance"]);
        }
    }
}

fn q(text: &str) -> BigRational {
    parse_rational(text).unwrap()
}

fn s(x: &BigRational) -> Value {
    Value::String(ifm_check::exact::format_rational(x))
}

/// The tampered copies of one certificate that must be rejected, each with
/// the name of its tampering.
fn tampered(c: &Value) -> Vec<(&'static str, Value)> {
    let mut out: Vec<(&'static str, Value)> = Vec::new();
    let mut with = |name: &'static str, change: &dyn Fn(&mut Value)| {
        let mut t = c.clone();
        change(&mut t);
        out.push((name, t));
    };
    let verdict = c["verdict"].as_str().unwrap().to_string();
    let certified = verdict == "certified";
    // the verdict is the statement itself: the other one is false
    with("verdict flipped", &|t| {
        t["verdict"] = json!(if certified { "refuted" } else { "certified" })
    });
    // inconclusive and error prove nothing
    with("verdict inconclusive", &|t| {
        t["verdict"] = json!("inconclusive")
    });
    // a negative tolerance is no tolerance; a precision outside the limits
    with("tolerance negative", &|t| t["tolerance"] = json!("-1"));
    with("precision out of range", &|t| {
        t["precision"] = json!(3);
        t["precision_bits"] = json!(3)
    });
    // without its inputs a certificate states nothing checkable
    with("inputs removed", &|t| t["inputs"] = json!({}));
    let form = c["form"].as_str().unwrap();
    // a measure refuted by its residual: under a huge tolerance it holds
    if form == "measure" && !certified {
        with("tolerance raised above the residual", &|t| {
            t["tolerance"] = json!("1e1000")
        });
    }
    let kind = c["check"].as_str().unwrap();
    match kind {
        // the claim is the inputs' box and tolerance: a box narrower than the
        // one proven, a tolerance far above the one proven, a box around the
        // refuting plan, a tolerance below the refuting plan's residual
        "consistent-plans-box" | "no-gaussian-plan-within" => {
            // a singular end covariance leaves no plan at any tolerance
            let any_tolerance = c["witness"].pointer("/empty/singular").is_some();
            if certified && any_tolerance {
                with("the singular end covariance made regular", &|t| {
                    t["inputs"]["ends"]["s00"] = t["inputs"]["ends"]["s11"].clone();
                });
            } else if certified {
                with("tolerance raised a thousandfold", &|t| {
                    let w = q(t["inputs"]["within"].as_str().unwrap());
                    t["inputs"]["within"] = s(&(w * q("1000")));
                });
                if kind == "consistent-plans-box" && c["witness"].get("rounds").is_some() {
                    with("claimed box narrower than the proven one", &|t| {
                        let last = t["witness"]["rounds"]
                            .as_array()
                            .unwrap()
                            .last()
                            .unwrap()
                            .clone();
                        t["inputs"]["lo"][0][0] = last["hi"][0][0].clone();
                    });
                }
            } else if kind == "consistent-plans-box" {
                with("claimed box around the refuting plan", &|t| {
                    let c = t["witness"]["c"].clone();
                    t["inputs"]["lo"] = c.clone();
                    t["inputs"]["hi"] = c;
                });
            } else {
                with("tolerance below the refuting plan's residual", &|t| {
                    t["inputs"]["within"] = json!("0");
                });
            }
        }
        // a dimension changed: the claim and the dimensions disagree
        "atlas-kernel" => {
            for d in [1i64, 2, 3] {
                if certified {
                    with("kernel dimension changed", &|t| {
                        let k = t["inputs"]["kernel_dim"].as_i64().unwrap();
                        t["inputs"]["kernel_dim"] = json!(k + d);
                    });
                } else {
                    // the refuted claim corrected to the true dimensions holds
                    with("claim set to the true dimensions", &|t| {
                        t["inputs"]["kernel_dim"] = t["witness"]["kernel_dim"].clone();
                        t["inputs"]["density_only_kernel_dim"] =
                            t["witness"]["density_only_kernel_dim"].clone();
                    });
                }
            }
        }
        // the bound moved across the certified enclosure of the moment
        "exponential-moment" => {
            let lo = q(c["residual"]["lo"].as_str().unwrap());
            let hi = q(c["residual"]["hi"].as_str().unwrap());
            for f in ["1/10", "1/2", "9/10", "99/100", "999/1000"] {
                let f = q(f);
                if certified {
                    with("bound below the moment", &|t| {
                        t["inputs"]["bound"] = s(&(&lo * &f))
                    });
                } else {
                    with("bound above the moment", &|t| {
                        t["inputs"]["bound"] = s(&(&hi / &f))
                    });
                }
            }
        }
        // a refuting time moved to t = 0, where Sigma_0 = S00 is definite
        "gaussian-well-posed" if !certified => with("refuting time moved to 0", &|t| {
            t["witness"]["t"] = json!("0")
        }),
        // a positive trace: X1 given noise is no longer a function of X0
        "deterministic-plan" if certified => with("noise added to X1", &|t| {
            let v = q(t["inputs"]["plan"]["s11"][0][0].as_str().unwrap());
            t["inputs"]["plan"]["s11"][0][0] = s(&(v + q("1")));
        }),
        // the second plan replaced by the plan itself
        "density-only-witness" if certified && c["inputs"]["other"].is_null() => {
            with("witness plan is the plan itself", &|t| {
                t["witness"]["c"] = t["inputs"]["plan"]["c"].clone()
            })
        }
        // eps = 1 is far above e^(3/2)/16: pi' < 0 somewhere; without its
        // point a refutation proves nothing
        "multidim-counterexample" => {
            if certified && c["inputs"]["power"] == 2 {
                with("eps above the positivity threshold", &|t| {
                    t["inputs"]["eps"] = json!("1")
                });
            }
            if !certified && c["witness"].get("negative_at_a1").is_some() {
                with("negative point moved to 0", &|t| {
                    t["witness"]["negative_at_a1"] = json!("0")
                });
                with("negative point removed", &|t| {
                    t["witness"]
                        .as_object_mut()
                        .unwrap()
                        .remove("negative_at_a1");
                });
            }
        }
        // a refuting point moved outside the box, or the control given back
        // its own field (the claim then holds on the box)
        "continuity-equation-box" if !certified => {
            with("refuting point outside the box", &|t| {
                let hi = q(t["inputs"]["x"][1][0].as_str().unwrap());
                t["witness"]["x"][0] = s(&(hi + q("1")));
            });
            with("control given its own field", &|t| {
                t["inputs"]["field_of"] = Value::Null
            });
        }
        // another plan's field on the box: the claim fails at some point
        "continuity-equation-box" if certified => with("field of the plan with X1 moved", &|t| {
            let plan = t["inputs"]["plan"].clone();
            t["inputs"]["field_of"] = shifted(&plan, true);
        }),
        // a refuting point moved outside the box
        "flux-identity-box" if !certified => with("refuting point outside the box", &|t| {
            let x1 = q(t["inputs"]["x"][1].as_str().unwrap());
            t["witness"]["x"] = s(&(x1 + q("1")));
        }),
        // a common atom moved off the atoms
        "field-separation" if certified && c["witness"].get("reason").is_some() => {
            with("separating atom moved", &|t| {
                let x = q(t["witness"]["x"].as_str().unwrap());
                t["witness"]["x"] = s(&(x + q("1/7")));
            })
        }
        // a changed map: C = S00 T no longer, so the identities fail
        "ot-straight-paths" if certified => with("map changed", &|t| {
            let v = q(t["inputs"]["map"][0][0].as_str().unwrap());
            t["inputs"]["map"][0][0] = s(&(v + q("1")));
        }),
        // a claimed A with one entry changed: A Sigma + Sigma A^T moves by
        // E Sigma + Sigma E^T != 0
        "gaussian-lyapunov" if certified && !c["inputs"]["a"].is_null() => {
            with("claimed A changed", &|t| {
                let v = q(t["inputs"]["a"][0][0].as_str().unwrap());
                t["inputs"]["a"][0][0] = s(&(v + q("1")));
            })
        }
        // the source's X0 moved: mu_10 recovered from it is off by 1
        "moment-recovery" if certified => with("source's X0 moved", &|t| {
            let plan = t["inputs"]["plan"].clone();
            t["inputs"]["source"] = shifted(&plan, false);
        }),
        // the field of the plan with X1 moved: v changes by (1 - t a_t), and
        // the flow identity compares v itself (the flux identity weighs it
        // by p_t, which may underflow far below any tolerance)
        "flow-identity" if certified => with("field of the plan with X1 moved", &|t| {
            let plan = t["inputs"]["plan"].clone();
            t["inputs"]["field_of"] = shifted(&plan, true);
        }),
        // the map of the plan with X1 moved: Phi' = Phi + t, outside the
        // witness enclosures
        "transport-identity" if certified => with("map of the plan with X1 moved", &|t| {
            let plan = t["inputs"]["plan"].clone();
            t["inputs"]["map_of"] = shifted(&plan, true);
        }),
        // the second plan replaced by the first (the same field), or with
        // its X1 moved (other marginals)
        "field-separation" | "same-map-different-fields" | "mixture-field-separation"
            if certified =>
        {
            with("second plan is the first", &|t| {
                t["inputs"]["other"] = t["inputs"]["plan"].clone()
            });
            with("second plan's X1 moved", &|t| {
                let other = t["inputs"]["other"].clone();
                t["inputs"]["other"] = shifted(&other, true);
            });
        }
        // a negative control given back its own field, map or moments:
        // the claim then holds
        "flux-identity" | "flow-identity" | "flux-identity-box" if !certified => {
            with("control given its own field", &|t| {
                t["inputs"]["field_of"] = Value::Null
            })
        }
        // the stated fields widened until they overlap: each still holds its
        // value, but the witness no longer shows a separation
        "mixture-field-separation" if certified => with("stated fields overlap", &|t| {
            let wide = json!({"lo": "-1e9", "hi": "1e9"});
            for key in ["v_t", "other_v_t"] {
                for v in t["witness"][key].as_array_mut().unwrap() {
                    *v = wide.clone();
                }
            }
        }),
        // a map that is not the optimal one between the marginals
        "gaussian-reflow-optimal" => with("map changed", &|t| {
            let v = q(t["inputs"]["map"][0][0].as_str().unwrap());
            t["inputs"]["map"][0][0] = s(&(v + q("1")));
        }),
        // the flow of the plan with X1 moved: Phi_t(m0) moves by t
        "gaussian-flow-transport" if certified => with("flow of the plan with X1 moved", &|t| {
            let plan = t["inputs"]["plan"].clone();
            t["inputs"]["map_of"] = shifted(&plan, true);
        }),
        "gaussian-flow-transport" if !certified => with("control given its own flow", &|t| {
            t["inputs"]["map_of"] = Value::Null
        }),
        // the flow of the plan with X1 moved: Phi_t moves by t (the plan's
        // first component's way), off the density's level
        "mixture-change-of-variables" if certified => {
            with("flow of the plan with X1 moved", &|t| {
                let plan = t["inputs"]["plan"].clone();
                t["inputs"]["map_of"] = shifted(&plan, true);
            })
        }
        "mixture-change-of-variables" if !certified => with("control given its own flow", &|t| {
            t["inputs"]["map_of"] = Value::Null
        }),
        "moment-recovery" if !certified => with("control given its own moments", &|t| {
            t["inputs"]["source"] = Value::Null
        }),
        _ => {}
    }
    // a plan that is no plan: a covariance beyond the variances (Gaussian),
    // weights that do not sum to 1 (one-dimensional families)
    if let Some(plan) = c["inputs"].get("plan") {
        let broken = match plan.get("kind").and_then(Value::as_str) {
            None => Some(("plan made invalid", "/inputs/plan/c/0/0", "1000")),
            Some("gaussian") => Some(("plan made invalid", "/inputs/plan/c", "1000")),
            Some("gaussian-mixture") => {
                Some(("plan made invalid", "/inputs/plan/component/0/weight", "2"))
            }
            Some("discrete") => Some(("plan made invalid", "/inputs/plan/atoms/0/weight", "2")),
            Some(_) => Some(("plan made invalid", "/inputs/plan/b0", "-1000")),
        };
        if let Some((name, pointer, value)) = broken {
            with(name, &|t| *t.pointer_mut(pointer).unwrap() = json!(value));
        }
    }
    // enclosures of Phi_t(x): each moved past the root (above and below),
    // turned upside down, or given to another point; or the input point
    // moved under its enclosure
    for (list, n) in phi_paths(c) {
        for i in 0..n {
            let pointer = format!("{list}/{i}/phi");
            let end = |k: &str| {
                q(c.pointer(&format!("{pointer}/{k}"))
                    .unwrap()
                    .as_str()
                    .unwrap())
            };
            let (lo, hi) = (end("lo"), end("hi"));
            let w = (&hi - &lo).max(q("1e-6") * (hi.clone().abs() + q("1")));
            let set = |t: &mut Value, new_lo: &BigRational, new_hi: &BigRational| {
                *t.pointer_mut(&pointer).unwrap() = json!({"lo": s(new_lo), "hi": s(new_hi)});
            };
            // each tampered copy keeps the changed point and its neighbours
            // (the points of a long list verify independently of each other)
            let set = |t: &mut Value, new_lo: &BigRational, new_hi: &BigRational| {
                set(t, new_lo, new_hi);
                restrict(t, &list, i, n);
            };
            with("Phi enclosure moved above the root", &|t| {
                set(t, &(&hi + &w), &(&hi + q("2") * &w))
            });
            with("Phi enclosure moved below the root", &|t| {
                set(t, &(&lo - q("2") * &w), &(&lo - &w))
            });
            with("Phi enclosure upside down", &|t| set(t, &(&hi + &w), &lo));
            // (at t = 0 the map is the identity and needs no witness)
            let at_t0 = list
                .strip_suffix("/phi")
                .and_then(|at| c.pointer(&format!("{at}/t")))
                == Some(&json!("0"));
            if certified && !at_t0 && near_a_component(c, &lo) {
                // still holding the root, but F_t over it spans far more
                // than the tolerance: it no longer proves the identity
                with("Phi enclosure widened by 1", &|t| {
                    set(t, &(&lo - q("1/2")), &(&hi + q("1/2")))
                });
            }
            // the map is strictly increasing: another point's root is
            // another, outside this narrow enclosure
            for (name, j) in [
                ("Phi enclosure of the next point", i + 1),
                ("Phi enclosure of the previous point", i.wrapping_sub(1)),
            ] {
                if j < n {
                    let other = c.pointer(&format!("{list}/{j}/phi")).unwrap().clone();
                    with(name, &|t| {
                        *t.pointer_mut(&pointer).unwrap() = other.clone();
                        restrict(t, &list, i, n);
                    });
                }
            }
        }
    }
    out
}

/// Keeps, of a transport certificate's `n` points, the `i`-th and up to four
/// on each side, in the inputs and in the witness alike: a smaller
/// certificate of the same kind, true exactly when the points kept are.
fn restrict(t: &mut Value, list: &str, i: usize, n: usize) {
    if list != "/witness/phi" || n <= 9 {
        return;
    }
    let (from, to) = (i.saturating_sub(4), (i + 5).min(n));
    for pointer in ["/inputs/x", "/witness/phi"] {
        let items = t.pointer_mut(pointer).unwrap().as_array_mut().unwrap();
        *items = items[from..to].to_vec();
    }
}

/// A plan (as a certificate writes it) with `X1` (`end`) or `X0` moved by
/// 1 (in each coordinate of a `D`-dimensional mean).
fn shifted(plan: &Value, end: bool) -> Value {
    let mut p = plan.clone();
    let one = q("1");
    let add = |v: &mut Value| match v.as_array_mut() {
        Some(coordinates) => {
            for c in coordinates {
                *c = s(&(q(c.as_str().unwrap()) + &one));
            }
        }
        None => *v = s(&(q(v.as_str().unwrap()) + &one)),
    };
    // a Gaussian plan of any dimension is written without `kind`
    match p.get("kind").and_then(Value::as_str).unwrap_or("gaussian") {
        "gaussian" => add(&mut p[if end { "m1" } else { "m0" }]),
        "gaussian-mixture" => {
            for c in p["component"].as_array_mut().unwrap() {
                add(&mut c[if end { "m1" } else { "m0" }]);
            }
        }
        "discrete" => {
            for a in p["atoms"].as_array_mut().unwrap() {
                add(&mut a[if end { "x1" } else { "x0" }]);
            }
        }
        _ => {
            let (a, b) = if end { ("a1", "b1") } else { ("a0", "b0") };
            add(&mut p[a]);
            add(&mut p[b]);
        }
    }
    p
}

/// The JSON pointers of the lists of `{"x", "phi"}` witness entries in a
/// certificate, with their lengths.
fn phi_paths(c: &Value) -> Vec<(String, usize)> {
    let w = &c["witness"];
    let len = |v: &Value| v.as_array().map_or(0, Vec::len);
    match c["check"].as_str().unwrap() {
        "transport-identity" => vec![("/witness/phi".into(), len(&w["phi"]))],
        "flow-identity" => (0..len(&w["phi"]))
            .map(|k| (format!("/witness/phi/{k}/phi"), len(&w["phi"][k]["phi"])))
            .collect(),
        "same-map-different-fields" if w.get("phi").is_some() => vec![
            ("/witness/phi/phi".into(), len(&w["phi"]["phi"])),
            ("/witness/other_phi/phi".into(), len(&w["other_phi"]["phi"])),
        ],
        _ => vec![],
    }
}

/// Whether `y` lies within 8 standard deviations of a component of the
/// (Gaussian mixture) plan of `c` at its time, judged in floats (it only
/// chooses a tampering): there `p_t(y)` is large enough that widening an
/// enclosure of `Phi_t(x)` by 1 moves `F_t` by far more than any tolerance.
/// Far between components `F_t` is flat to within `10^-100000000` over such
/// a widening, and the widened enclosure still proves the claim.
fn near_a_component(c: &Value, y: &BigRational) -> bool {
    let f = |v: &Value| -> f64 {
        use num_traits::ToPrimitive;
        q(v.as_str().unwrap()).to_f64().unwrap()
    };
    let (Some(components), Some(t)) = (
        c["inputs"]["plan"]["component"].as_array(),
        c["witness"].get("t"),
    ) else {
        return true;
    };
    let t = f(t);
    let y = num_traits::ToPrimitive::to_f64(y).unwrap();
    components.iter().any(|g| {
        let mean = (1.0 - t) * f(&g["m0"]) + t * f(&g["m1"]);
        let var = (1.0 - t).powi(2) * f(&g["s00"])
            + 2.0 * t * (1.0 - t) * f(&g["c"])
            + t * t * f(&g["s11"]);
        (y - mean).abs() < 8.0 * var.sqrt()
    })
}

#[test]
fn tampered_certificates_are_rejected() {
    let certs = proof_certificates();
    let mut tally: BTreeMap<(String, &'static str), [usize; 2]> = BTreeMap::new();
    let mut accepted = Vec::new();
    for c in &certs {
        for (name, t) in tampered(c) {
            let kind = c["check"].as_str().unwrap().to_string();
            let entry = tally.entry((kind, name)).or_default();
            entry[0] += 1;
            match verify_certificate(&t) {
                Err(_) => entry[1] += 1,
                Ok(()) => accepted.push(format!("{}/{}: {name}", c["lemma"], c["instance"])),
            }
        }
    }
    let total: usize = tally.values().map(|v| v[0]).sum();
    println!(
        "{:<28} {:<42} {:>7} {:>9}",
        "kind", "tampering", "made", "rejected"
    );
    for ((kind, name), [made, rejected]) in &tally {
        println!("{kind:<28} {name:<42} {made:>7} {rejected:>9}");
    }
    println!("{total} tampered certificates, {} accepted", accepted.len());
    assert!(accepted.is_empty(), "accepted:\n{}", accepted.join("\n"));
    assert!(total >= 2000, "only {total} tampered certificates");
}

/// Witness fields that are a choice of the prover (a time, a point, a
/// second plan, one solution among many, one basis among many): the
/// verifier checks that they are what they claim to be, and a changed
/// choice may still be one, so a change is not a false statement. Every
/// other witness field is a stated value (`kind`, then a JSON pointer below
/// the witness).
fn is_choice(kind: &str, refuted: bool, pointer: &str) -> bool {
    let choices: &[&str] = match kind {
        "density-only-witness" => &["/t", "/c"],
        // refuted: a particular solution, a basis of the free directions and
        // a second valid plan; certified: `c`, the unique solution, is stated
        "gaussian-roundtrip" | "gaussian-single-time" if refuted => &["/second_c", "/basis", "/c"],
        "gaussian-well-posed" => &["/t"],
        "multidim-counterexample" => &["/negative_at_a1"],
        "field-separation"
        | "mixture-field-separation"
        | "flux-identity-box"
        | "continuity-equation-box" => &["/t", "/x"],
        "same-map-different-fields" => &["/separation/t", "/separation/x"],
        // every step of these proofs is a choice that any value makes sound
        // (a centre, multipliers, a box wider than the bounds, a bound above
        // Cauchy-Schwarz's, a refuting point or plan): the claim is the
        // inputs' box or tolerance (`consistent_claims_cannot_be_forged`)
        "consistent-plans-box" | "no-gaussian-plan-within" => {
            &["/affine", "/prior", "/rounds", "/empty", "/c"]
        }
        _ => &[],
    };
    choices
        .iter()
        .any(|c| pointer == *c || pointer.starts_with(&format!("{c}/")))
}

/// Every leaf of the witness as a JSON pointer below it; an enclosure
/// `{lo, hi}` is one leaf.
fn leaves(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) if m.len() == 2 && m.contains_key("lo") && m.contains_key("hi") => {
            out.push(at)
        }
        Value::Object(m) => m
            .iter()
            .for_each(|(k, x)| leaves(x, format!("{at}/{k}"), out)),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, x)| leaves(x, format!("{at}/{i}"), out)),
        Value::Null => {}
        _ => out.push(at),
    }
}

/// Changes of one stated leaf that make it false, each named: an exact
/// number moved by 1/7, negated, or its last digit changed; an integer
/// moved by 1; a polynomial given another constant term; an enclosure
/// moved past itself either way (disjoint from the true one, which holds
/// the value) or turned upside down.
fn falsified(leaf: &Value) -> Vec<(&'static str, Value)> {
    match leaf {
        Value::Object(e) => {
            let (lo, hi) = (q(e["lo"].as_str().unwrap()), q(e["hi"].as_str().unwrap()));
            let step = &hi - &lo + q("1/7");
            vec![
                (
                    "enclosure moved up",
                    json!({"lo": s(&(&lo + &step)), "hi": s(&(&hi + &step))}),
                ),
                (
                    "enclosure moved down",
                    json!({"lo": s(&(&lo - &step)), "hi": s(&(&hi - &step))}),
                ),
                (
                    "enclosure upside down",
                    json!({"lo": s(&(&hi + q("1/7"))), "hi": s(&lo)}),
                ),
            ]
        }
        Value::Number(n) => vec![("integer + 1", json!(n.as_u64().unwrap() + 1))],
        Value::String(text) => match parse_rational(text) {
            Ok(x) => {
                let mut out = vec![("+1/7", s(&(&x + q("1/7"))))];
                if !x.is_zero() {
                    out.push(("sign", s(&-x.clone())));
                }
                let mut digits = text.clone();
                let last = digits.pop().unwrap();
                if let Some(d) = last.to_digit(10) {
                    digits.push(char::from_digit((d + 1) % 10, 10).unwrap());
                    if parse_rational(&digits).is_ok_and(|y| y != x) {
                        out.push(("last digit", json!(digits)));
                    }
                }
                out
            }
            // a polynomial in t
            Err(_) => vec![("constant term + 1/7", json!(format!("{text} + 1/7")))],
        },
        _ => vec![],
    }
}

/// Whether a leaf is changed in this run: every leaf, except that of a
/// list of more than nine points (`Phi_t(x)` of transport, flow and
/// same-map certificates) every fourth point and the last are changed;
/// `IFM_TAMPER_ALL=1` changes them all (`TESTING.md`).
fn sampled(c: &Value, pointer: &str) -> bool {
    if std::env::var("IFM_TAMPER_ALL").is_ok_and(|v| v == "1") {
        return true;
    }
    let full = format!("/witness{pointer}");
    phi_paths(c).iter().all(|(list, n)| {
        let Some(rest) = full.strip_prefix(&format!("{list}/")) else {
            return true;
        };
        let i: usize = rest.split('/').next().unwrap().parse().unwrap();
        *n <= 9 || i.is_multiple_of(4) || i + 1 == *n
    })
}

#[test]
fn every_stated_value_of_a_witness_is_checked() {
    let certs = proof_certificates();
    let mut tally: BTreeMap<(String, String), [usize; 3]> = BTreeMap::new();
    let mut accepted = Vec::new();
    let mut choices = 0;
    let mut skipped = 0;
    for c in &certs {
        let kind = c["check"].as_str().unwrap().to_string();
        let mut at = Vec::new();
        leaves(&c["witness"], String::new(), &mut at);
        for pointer in at {
            if is_choice(&kind, c["verdict"] == "refuted", &pointer) {
                choices += 1;
                continue;
            }
            if !sampled(c, &pointer) {
                skipped += 1;
                continue;
            }
            let leaf = c["witness"].pointer(&pointer).unwrap().clone();
            // the field's name without list indices, for the tally
            let field: String = pointer
                .split('/')
                .filter(|p| !p.is_empty() && p.parse::<usize>().is_err())
                .collect::<Vec<_>>()
                .join(".");
            for (name, value) in falsified(&leaf) {
                let mut t = c.clone();
                *t.pointer_mut(&format!("/witness{pointer}")).unwrap() = value;
                // a flow certificate keeps the time of the change only; a long
                // list of points keeps the changed one and its neighbours:
                // smaller certificates of the same kind, true exactly when
                // the parts kept are
                if kind == "flow-identity" {
                    let k: usize = pointer.split('/').nth(2).unwrap().parse().unwrap();
                    t["inputs"]["t"] = json!([c["inputs"]["t"][k].clone()]);
                    t["witness"]["phi"] = json!([t["witness"]["phi"][k].clone()]);
                }
                for (list, n) in phi_paths(c) {
                    let prefix = format!("{list}/");
                    if let Some(rest) = format!("/witness{pointer}").strip_prefix(&prefix) {
                        let i: usize = rest.split('/').next().unwrap().parse().unwrap();
                        restrict(&mut t, &list, i, n);
                    }
                }
                let entry = tally.entry((kind.clone(), field.clone())).or_default();
                entry[0] += 1;
                let start = std::time::Instant::now();
                match verify_certificate(&t) {
                    Err(_) => entry[1] += 1,
                    Ok(()) => accepted.push(format!(
                        "{}/{}: {pointer} {name}",
                        c["lemma"], c["instance"]
                    )),
                }
                entry[2] += start.elapsed().as_millis() as usize;
            }
        }
    }
    let total: usize = tally.values().map(|v| v[0]).sum();
    println!(
        "{:<28} {:<36} {:>7} {:>9} {:>6}",
        "kind", "field", "changed", "rejected", "ms"
    );
    for ((kind, field), [made, rejected, ms]) in &tally {
        println!("{kind:<28} {field:<36} {made:>7} {rejected:>9} {ms:>6}");
    }
    println!(
        "{total} stated values falsified, {} accepted; {choices} witness choices left alone; {skipped} leaves of long point lists not sampled",
        accepted.len()
    );
    assert!(accepted.is_empty(), "accepted:\n{}", accepted.join("\n"));
    assert!(total >= 700, "only {total} changes");
}

/// Completeness: exponential moments the engine decides only at 512 and
/// 1,024 bits (bounds just above and below the value 7.8466...) are
/// re-checked by the verifier.
#[test]
fn the_verifier_goes_as_far_as_the_engine_went() {
    let proof = |bound: &str| {
        format!(
            "lemma = \"em\"\nstatement = \"s\"\nreference = \"3\"\nmax_precision = 1024\n\n\
             [[instance]]\nname = \"close\"\ncheck = \"exponential-moment\"\neps = \"1/2\"\nbound = \"{bound}\"\n\
             [instance.plan]\nkind = \"gaussian\"\nm0 = \"0\"\nm1 = \"2\"\ns00 = \"1\"\ns11 = \"4\"\nc = \"1\"\n"
        )
    };
    let path = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/proofs/close.toml"));
    for (bound, verdict, bits) in [("7.8468", "certified", 512), ("7.8465", "refuted", 1024)] {
        let file = ifm_check::proof::parse_proof_file(&path, proof(bound)).unwrap();
        let results = run_all(&select(&[file], None, None), || {});
        let c = certificates(&results, false)["certificates"][0].clone();
        assert_eq!(c["verdict"], verdict, "{bound}");
        assert_eq!(c["precision_bits"], bits, "{bound}");
        assert_eq!(verify_certificate(&c), Ok(()), "{bound}");
    }
}
