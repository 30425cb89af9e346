(* The definitions behind every theorem `ifm-check export-coq` writes.

   This file is the part of a Coq-checked certificate a reader must trust:
   each exported theorem states a lemma instance in terms of the objects
   below, over Coq's standard real numbers, and Coq's kernel checks its
   proof. Read it against docs/mathematics.md: section 2 (Gaussian plans),
   4 (the atlas), 5 (the counterexample) and 6 (deterministic plans); the
   one-dimensional families of section 3 are in OneDimension.v.

   Conventions. A vector is a function from indices to reals and a matrix a
   function of two indices; a statement about dimension n reads only the
   indices below n. Concrete data are written with [vec_of] and [mat_of]
   (lists of rows). No axiom is added here: `Print Assumptions` on an
   exported theorem lists only the axioms of Coq's real numbers. *)

From Coq Require Import Reals Lra Lia List.
Import ListNotations.
Open Scope R_scope.

(* ----- Vectors and matrices ----- *)

Definition vec := nat -> R.
Definition mat := nat -> nat -> R.

(* [sum n f] is f 0 + ... + f (n - 1). *)
Fixpoint sum (n : nat) (f : nat -> R) : R :=
  match n with O => 0 | S k => sum k f + f k end.

Definition vec_of (l : list R) : vec := fun i => nth i l 0.
Definition mat_of (rows : list (list R)) : mat := fun i j => nth j (nth i rows nil) 0.

Definition ident : mat := fun i j => if Nat.eqb i j then 1 else 0.
Definition transpose (A : mat) : mat := fun i j => A j i.
Definition mmul (n : nat) (A B : mat) : mat := fun i j => sum n (fun k => A i k * B k j).
Definition mapply (n : nat) (A : mat) (x : vec) : vec := fun i => sum n (fun k => A i k * x k).

(* Equality in dimension n. *)
Definition veq (n : nat) (x y : vec) : Prop := forall i, (i < n)%nat -> x i = y i.
Definition meq (n : nat) (A B : mat) : Prop :=
  forall i j, (i < n)%nat -> (j < n)%nat -> A i j = B i j.

(* x^T M y in dimension n. *)
Definition bilinear (n : nat) (M : mat) (x y : vec) : R :=
  sum n (fun i => x i * sum n (fun j => M i j * y j)).

Definition invertible (n : nat) (M : mat) : Prop :=
  exists W : mat, meq n (mmul n M W) ident /\ meq n (mmul n W M) ident.

(* ----- Gaussian plans (docs/mathematics.md, section 2) ----- *)

(* The law N((m0, m1), [[S00, C], [C^T, S11]]) of (X0, X1):
   m0 = E X0, m1 = E X1, S00 = Cov X0, S11 = Cov X1, C = Cov(X0, X1). *)
Record plan := Plan { m0 : vec; m1 : vec; S00 : mat; S11 : mat; C : mat }.

(* The plan with the same end laws and the cross-covariance C'. *)
Definition with_C (P : plan) (C' : mat) : plan := Plan (m0 P) (m1 P) (S00 P) (S11 P) C'.

(* A valid plan: S00 and S11 symmetric and the joint covariance positive
   semidefinite, (x, y)^T [[S00, C], [C^T, S11]] (x, y) >= 0. *)
Definition valid (n : nat) (P : plan) : Prop :=
  meq n (S00 P) (transpose (S00 P)) /\ meq n (S11 P) (transpose (S11 P)) /\
  forall x y : vec,
    0 <= bilinear n (S00 P) x x + 2 * bilinear n (C P) x y + bilinear n (S11 P) y y.

(* The law of X_t = (1 - t) X0 + t X1: its mean m_t and covariance Sigma_t. *)
Definition mean (P : plan) (t : R) : vec := fun i => (1 - t) * m0 P i + t * m1 P i.
Definition Sigma (P : plan) (t : R) : mat :=
  fun i j => (1 - t) ^ 2 * S00 P i j + t * (1 - t) * (C P i j + C P j i) + t ^ 2 * S11 P i j.

(* G_t = Cov(X1 - X0, X_t) = (1 - t) C^T + t S11 - (1 - t) S00 - t C. *)
Definition G (P : plan) (t : R) : mat :=
  fun i j => (1 - t) * C P j i + t * S11 P i j - (1 - t) * S00 P i j - t * C P i j.

(* The field of a Gaussian plan at t is v_t(x) = E[X1 - X0 | X_t = x] =
   A x + b, by Gaussian regression: A Sigma_t = G_t and b = (m1 - m0) - A m_t,
   defined where Sigma_t is invertible (then A and b are unique). *)
Definition field (n : nat) (P : plan) (t : R) (A : mat) (b : vec) : Prop :=
  invertible n (Sigma P t) /\ meq n (mmul n A (Sigma P t)) (G P t) /\
  veq n b (fun i => m1 P i - m0 P i - mapply n A (mean P t) i).

(* Two plans have the same field at t. *)
Definition same_field (n : nat) (P P' : plan) (t : R) : Prop :=
  exists A b, field n P t A b /\ field n P' t A b.

(* The same field and the same law of X_t at t (a sample with Sigma_t). *)
Definition same_field_and_law (n : nat) (P P' : plan) (t : R) : Prop :=
  same_field n P P' t /\ meq n (Sigma P t) (Sigma P' t).

(* The same law of X_t for every t: P and P' have the same densities p_t. *)
Definition same_densities (n : nat) (P P' : plan) : Prop :=
  forall t : R, veq n (mean P t) (mean P' t) /\ meq n (Sigma P t) (Sigma P' t).

(* The fields of P and P' at t are both defined, and they differ. *)
Definition different_fields (n : nat) (P P' : plan) (t : R) : Prop :=
  exists A b A' b', field n P t A b /\ field n P' t A' b' /\ ~ (meq n A A' /\ veq n b b').

(* ----- The continuity equation in Lyapunov form (section 2) ----- *)

(* d/dt Sigma_t = A Sigma_t + Sigma_t A^T at t, entry by entry, with the
   derivative of the standard library ([derivable_pt_lim]: the limit of the
   difference quotient of s -> Sigma_s at s = t). *)
Definition lyapunov (n : nat) (P : plan) (t : R) (A : mat) : Prop :=
  forall i j, (i < n)%nat -> (j < n)%nat ->
    derivable_pt_lim (fun s => Sigma P s i j) t
      (mmul n A (Sigma P t) i j + mmul n (Sigma P t) (transpose A) i j).

(* ----- Straight paths of the optimal plan (section 2, "Straight paths") ----- *)

Definition sumsq (n : nat) (x : vec) : R := sum n (fun i => x i ^ 2).
Definition msub (A B : mat) : mat := fun i j => A i j - B i j.

(* M symmetric positive definite: x^T M x >= c |x|^2 for some c > 0. *)
Definition posdef (n : nat) (M : mat) : Prop :=
  meq n M (transpose M) /\
  exists c, 0 < c /\ forall x : vec, c * sumsq n x <= bilinear n M x x.

(* M_t = (1 - t) I + t T, the linear part of x -> (1 - t) x + t (m1 + T (x - m0)). *)
Definition interpolation (T : mat) (t : R) : mat := fun i j => (1 - t) * ident i j + t * T i j.

(* For every t, Sigma_t = M_t S00 M_t^T and G_t = (T - I) S00 M_t^T: the law
   of X_t is that of the straight-line point m_t + M_t (X0 - m0), and the
   field at the point m_t + M_t (x - m0) is (m1 - m0) + (T - I)(x - m0),
   the constant velocity of the particle that started at x: every particle
   moves on the straight line of the map x -> m1 + T (x - m0). *)
Definition straight_paths (n : nat) (P : plan) (T : mat) : Prop :=
  forall t : R,
    meq n (Sigma P t) (mmul n (mmul n (interpolation T t) (S00 P)) (transpose (interpolation T t))) /\
    meq n (G P t) (mmul n (mmul n (msub T ident) (S00 P)) (transpose (interpolation T t))).

(* ----- The identifiability atlas (section 4) ----- *)

(* A polynomial on R^n: a list of terms (coefficient, exponents of z 0,
   z 1, ...). [mono e z i] is z i ^ e_0 * z (i+1) ^ e_1 * ... *)
Definition poly := list (R * list nat).
Fixpoint mono (e : list nat) (z : vec) (i : nat) : R :=
  match e with nil => 1 | k :: e' => z i ^ k * mono e' z (S i) end.
Definition peval (p : poly) (z : vec) : R :=
  fold_right (fun ce acc => fst ce * mono (snd ce) z 0 + acc) 0 p.

(* The partial derivative in z j, term by term: d/dz_j of z_j^k is k z_j^(k-1). *)
Fixpoint dmono (j : nat) (e : list nat) : R * list nat :=
  match e, j with
  | nil, _ => (0, nil)
  | k :: e', O => (INR k, Nat.pred k :: e')
  | k :: e', S j' => (fst (dmono j' e'), k :: snd (dmono j' e'))
  end.
Definition pderiv (j : nat) (p : poly) : poly :=
  map (fun ce => (fst ce * fst (dmono j (snd ce)), snd (dmono j (snd ce)))) p.

(* Every exponent vector of length n and total degree k, once each: the
   monomials of the homogeneous polynomials of degree k in n variables. *)
Fixpoint exps (n k : nat) : list (list nat) :=
  match n with
  | O => if Nat.eqb k 0 then [nil] else nil
  | S n' => flat_map (fun i => map (cons i) (exps n' (k - i))) (seq 0 (S k))
  end.

(* The polynomial with coefficient c m on the m-th monomial of ms. *)
Definition of_coeffs (ms : list (list nat)) (c : vec) : poly :=
  combine (map c (seq 0 (length ms))) ms.

(* The point (a, b) = ((1-t) u, t u) of R^(2D): a = (z 0, ..., z (D-1)),
   b = (z D, ..., z (2D-1)). Moments of X_t live on this cone. *)
Definition cone (D : nat) (u : vec) (t : R) : vec :=
  fun i => if Nat.ltb i D then (1 - t) * u i else t * u (i - D)%nat.

(* I(V): P = 0 on the cone (what the densities p_t see). *)
Definition vanishes_on_cone (D : nat) (p : poly) : Prop :=
  forall (u : vec) (t : R), peval p (cone D u t) = 0.

(* Ker_{D,k}: P = 0 and (grad_b - grad_a) P = 0 on the cone (what the
   densities and the field see). *)
Definition in_kernel (D : nat) (p : poly) : Prop :=
  forall (u : vec) (t : R), peval p (cone D u t) = 0 /\
    forall i, (i < D)%nat -> peval (pderiv (D + i) p) (cone D u t) = peval (pderiv i p) (cone D u t).

(* The subspace S of R^M has dimension N: N vectors of S, linearly
   independent, whose combinations give every vector of S. *)
Definition dimension (M : nat) (S : vec -> Prop) (N : nat) : Prop :=
  exists B : list vec, length B = N /\ Forall S B /\
    (forall lam : vec,
       (forall m, (m < M)%nat -> sum N (fun j => lam j * nth j B (fun _ => 0) m) = 0) ->
       forall j, (j < N)%nat -> lam j = 0) /\
    (forall c : vec, S c -> exists lam : vec,
       forall m, (m < M)%nat -> c m = sum N (fun j => lam j * nth j B (fun _ => 0) m)).

(* The space of homogeneous polynomials with monomials ms that satisfy S,
   as coefficient vectors, has dimension N (M = length ms, fixed by ms). *)
Definition poly_dimension (ms : list (list nat)) (S : poly -> Prop) (N : nat) : Prop :=
  dimension (length ms) (fun c => S (of_coeffs ms c)) N.

(* ----- Deterministic plans (section 6) ----- *)

(* Cov(X1 - T X0) = S11 - C^T T^T - T C + T S00 T^T. *)
Definition residual_cov (n : nat) (P : plan) (T : mat) : mat :=
  fun i j => S11 P i j - mmul n (transpose (C P)) (transpose T) i j - mmul n T (C P) i j
             + mmul n (mmul n T (S00 P)) (transpose T) i j.

(* X1 = T X0 + d almost surely: X1 - T X0 - d is Gaussian with mean 0
   (m1 = T m0 + d) and covariance 0. *)
Definition deterministic (n : nat) (P : plan) (T : mat) (d : vec) : Prop :=
  veq n (m1 P) (fun i => mapply n T (m0 P) i + d i) /\ meq n (residual_cov n P T) (fun _ _ => 0).

(* ----- The counterexample of section 5 (D >= 2) ----- *)

(* A point z of R^(2D) is (x0, x1): x0 = (z 0, ..., z (D-1)), x1 = (z D, ...,
   z (2D-1)). [gauss D v z] is the density at z of N(0, v I), the law of
   (X0, X1) of the plan pi = N(0, sigma2 I) and of g = N(0, tau2 I). *)
Definition gauss (D : nat) (v : R) (z : vec) : R :=
  exp (- sumsq (2 * D) z / (2 * v)) / (2 * PI * v) ^ D.

(* rho = a1^2 + a2^2 + b1^2 + b2^2 and s = a1 b2 - a2 b1, for a = x0 and b = x1. *)
Definition rho (D : nat) (z : vec) : R := z 0%nat ^ 2 + z 1%nat ^ 2 + z D ^ 2 + z (S D) ^ 2.
Definition cross (D : nat) (z : vec) : R := z 0%nat * z (S D) - z 1%nat * z D.

(* h = Q^2 g with Q = d_{a1} d_{b2} - d_{a2} d_{b1} and g = N(0, tau2 I):
   h / g = tau2^-2 (2 - rho / tau2 + s^2 / tau2^2), the closed form of
   docs/mathematics.md, section 5 (the definition here; that it is Q^2 g
   is a computation of derivatives, not proven in Coq). The perturbed
   plan is pi' = pi + eps h: [gauss D sigma2 z + eps * perturbation D tau2 z]
   is its density. *)
Definition perturbation (D : nat) (tau2 : R) (z : vec) : R :=
  gauss D tau2 z / tau2 ^ 2 * (2 - rho D z / tau2 + cross D z ^ 2 / tau2 ^ 2).

(* ----- Proof tools used by the exported proofs ----- *)

Lemma nonneg_by (a b : R) : a = b -> 0 <= b -> 0 <= a.
Proof. intros ->; trivial. Qed.

Lemma le_by (a b s : R) : b - a = s -> 0 <= s -> a <= b.
Proof. intros H Hs; lra. Qed.

(* Unfolds the definitions (those that name others first) and computes the finite sums and list lookups of
   concrete data, leaving polynomial expressions in the unknowns. *)
Ltac expand :=
  unfold deterministic, residual_cov, meq, veq, interpolation, msub, sumsq, Sigma, G, mean, with_C, mmul, mapply,
    bilinear, transpose, ident, vec_of, mat_of in *;
  cbn [sum nth m0 m1 S00 S11 C Nat.eqb] in *.

(* Splits a goal over the index i < n into its n concrete cases. *)
Ltac enum_lt i Hi :=
  match type of Hi with
  | (i < 0)%nat => exfalso; lia
  | (i < S _)%nat => destruct i as [|i]; [clear Hi | apply Nat.succ_lt_mono in Hi; enum_lt i Hi]
  end.

(* A vector or matrix identity between concrete data, entry by entry: each
   entry by lra, or by field where it is a polynomial identity in a
   variable (a time t). *)
Ltac entrywise :=
  first
    [ let i := fresh "i" in let j := fresh "j" in let Hi := fresh "Hi" in let Hj := fresh "Hj" in
      intros i j Hi Hj; enum_lt i Hi; enum_lt j Hj
    | let i := fresh "i" in let Hi := fresh "Hi" in intros i Hi; enum_lt i Hi ];
  expand; first [lra | field].

(* 0 <= c1 * l1 ^ 2 + ... + ck * lk ^ 2 with positive numbers ci. *)
Ltac sum_of_squares :=
  repeat apply Rplus_le_le_0_compat;
  try (apply Rmult_le_pos; [lra | apply pow2_ge_0]); try lra.

(* An equation l = r read as a = 0 for a form a equal to l - r. *)
Lemma equation_as (l r a : R) : l = r -> a = l - r -> a = 0.
Proof. intros -> ->; ring. Qed.

(* A trace that is 0 and also a positive number plus a nonnegative one. *)
Lemma trace_contradiction (s r q : R) : s = 0 -> s = r + q -> 0 <= q -> 0 < r -> False.
Proof. intros; lra. Qed.

(* A linear consequence of equations, with its coefficients given:
   if l_k = r_k for each k, then x = c follows from the identity
   x - c = sum_k lambda_k (l_k - r_k). *)
Lemma combination_add (s l r lambda : R) : s = 0 -> l = r -> s + lambda * (l - r) = 0.
Proof. intros -> ->; ring. Qed.

Lemma combination_close (x c s : R) : s = 0 -> x - c = s -> x = c.
Proof. intros -> H; lra. Qed.

(* A goal that must hold as an identity: proven by lra with every equation
   of the context cleared, so that the coefficients written in the proof,
   not a search over the hypotheses, carry it. *)
Ltac identity := repeat match goal with H : _ = _ |- _ => clear H end; lra.

(* ----- Derivatives in t, for the Lyapunov form ----- *)

Lemma sum_ext (n : nat) (f g : nat -> R) :
  (forall k, (k < n)%nat -> f k = g k) -> sum n f = sum n g.
Proof.
  induction n as [|n IH]; intros H; cbn [sum]; [reflexivity|].
  rewrite IH by (intros k Hk; apply H; lia). rewrite (H n) by lia. reflexivity.
Qed.

(* A derivative depends on the function's values only. *)
Lemma derivable_pt_lim_pointwise (f g : R -> R) (x l : R) :
  (forall s, f s = g s) -> derivable_pt_lim g x l -> derivable_pt_lim f x l.
Proof.
  intros E H eps Heps. destruct (H eps Heps) as [d Hd]. exists d.
  intros h Hh0 Hh. rewrite !E. apply Hd; assumption.
Qed.

Lemma quadratic_derivative (p q r t : R) :
  derivable_pt_lim (fun s => p + q * s + r * s ^ 2) t (q + 2 * r * t).
Proof.
  apply (derivable_pt_lim_pointwise _
    (plus_fct (plus_fct (fct_cte p) (mult_fct (fct_cte q) id)) (mult_fct (fct_cte r) (fun s => s ^ 2)))).
  { intros s; unfold plus_fct, mult_fct, fct_cte, id; reflexivity. }
  replace (q + 2 * r * t) with
    (0 + (0 * id t + fct_cte q t * 1) + (0 * t ^ 2 + fct_cte r t * (INR 2 * t ^ (2 - 1))))
    by (unfold fct_cte, id; simpl; ring).
  apply derivable_pt_lim_plus; [apply derivable_pt_lim_plus|].
  - apply derivable_pt_lim_const.
  - apply derivable_pt_lim_mult; [apply derivable_pt_lim_const | apply derivable_pt_lim_id].
  - apply derivable_pt_lim_mult; [apply derivable_pt_lim_const | apply derivable_pt_lim_pow].
Qed.

(* Each entry of Sigma_s is a quadratic in s: its derivative, with C + C^T
   for the cross terms. *)
Lemma sigma_derivative (P : plan) (i j : nat) (t : R) :
  derivable_pt_lim (fun s => Sigma P s i j) t
    (2 * t * S11 P i j - 2 * (1 - t) * S00 P i j + (1 - 2 * t) * (C P i j + C P j i)).
Proof.
  set (a := S00 P i j); set (b := C P i j + C P j i); set (c := S11 P i j).
  apply (derivable_pt_lim_pointwise _ (fun s => a + (b - 2 * a) * s + (a - b + c) * s ^ 2)).
  { intros s; unfold Sigma; fold a c; fold b; ring. }
  replace (2 * t * c - 2 * (1 - t) * a + (1 - 2 * t) * b) with ((b - 2 * a) + 2 * (a - b + c) * t)
    by ring.
  apply quadratic_derivative.
Qed.

(* The Lyapunov form of a valid plan's field, for every plan and every t
   where the field is defined: A Sigma_t = G_t and Sigma_t symmetric give
   A Sigma_t + Sigma_t A^T = G_t + G_t^T, which is d/dt Sigma_t. *)
Lemma field_lyapunov (n : nat) (P : plan) (t : R) (A : mat) (b : vec) :
  valid n P -> field n P t A b -> lyapunov n P t A.
Proof.
  intros [H0 [H1 _]] [_ [HA _]] i j Hi Hj.
  assert (Hsym : forall k l, (k < n)%nat -> (l < n)%nat -> Sigma P t k l = Sigma P t l k).
  { intros k l Hk Hl. unfold Sigma. rewrite (H0 k l Hk Hl), (H1 k l Hk Hl). unfold transpose. ring. }
  assert (Ht : mmul n (Sigma P t) (transpose A) i j = G P t j i).
  { rewrite <- (HA j i Hj Hi). unfold mmul, transpose. apply sum_ext. intros k Hk.
    rewrite (Hsym i k Hi Hk). ring. }
  rewrite Ht, (HA i j Hi Hj).
  replace (G P t i j + G P t j i) with
    (2 * t * S11 P i j - 2 * (1 - t) * S00 P i j + (1 - 2 * t) * (C P i j + C P j i)).
  - apply sigma_derivative.
  - unfold G. rewrite (H0 j i Hj Hi), (H1 j i Hj Hi). unfold transpose. ring.
Qed.

Lemma valid_lyapunov (n : nat) (P : plan) :
  valid n P -> valid n P /\ (forall t A b, field n P t A b -> lyapunov n P t A).
Proof. intros H; split; [exact H | intros t A b; apply field_lyapunov; exact H]. Qed.

(* A given A at t, entry by entry: the identity with the derivative's
   value proves lyapunov, and lyapunov gives the identity back (the
   derivative is unique), which is how a wrong A is refuted. *)
Lemma lyapunov_by (n : nat) (P : plan) (t : R) (A : mat) :
  (forall i j, (i < n)%nat -> (j < n)%nat ->
    mmul n A (Sigma P t) i j + mmul n (Sigma P t) (transpose A) i j =
    2 * t * S11 P i j - 2 * (1 - t) * S00 P i j + (1 - 2 * t) * (C P i j + C P j i)) ->
  lyapunov n P t A.
Proof. intros H i j Hi Hj. rewrite (H i j Hi Hj). apply sigma_derivative. Qed.

Lemma lyapunov_entry (n : nat) (P : plan) (t : R) (A : mat) (i j : nat) :
  lyapunov n P t A -> (i < n)%nat -> (j < n)%nat ->
    mmul n A (Sigma P t) i j + mmul n (Sigma P t) (transpose A) i j =
    2 * t * S11 P i j - 2 * (1 - t) * S00 P i j + (1 - 2 * t) * (C P i j + C P j i).
Proof. intros H Hi Hj. exact (uniqueness_limite _ _ _ _ (H i j Hi Hj) (sigma_derivative P i j t)). Qed.

(* ----- Bounds on exp from its series (no lemma of the standard library
   on exp that rests on excluded middle is used), for section 5 ----- *)

(* exp is the sum of its series (its definition in the standard library). *)
Lemma exp_series (x : R) : Un_cv (fun n => sum_f_R0 (fun i => / INR (fact i) * x ^ i) n) (exp x).
Proof. unfold exp. destruct (exist_exp x) as [l Hl]. exact Hl. Qed.

(* 1 + x <= exp x for x >= 0: the first two terms of a series of
   nonnegative terms. *)
Lemma exp_lower (x : R) : 0 <= x -> 1 + x <= exp x.
Proof.
  intros H.
  assert (S : sum_f_R0 (fun i => / INR (fact i) * x ^ i) 1 <= exp x).
  { apply sum_incr; [apply exp_series | intros n].
    apply Rmult_le_pos; [left; apply Rinv_0_lt_compat, INR_fact_lt_0 | apply pow_le; exact H]. }
  simpl in S. rewrite Rinv_1 in S. lra.
Qed.

Lemma cv_const (a : R) : Un_cv (fun _ => a) a.
Proof. intros eps He. exists O. intros n _. unfold R_dist. replace (a - a) with 0 by ring. rewrite Rabs_R0. lra. Qed.

(* exp x <= 1 / (1 - x) for 0 <= x < 1: term by term below the geometric
   series. *)
Lemma exp_upper (x : R) : 0 <= x < 1 -> exp x <= / (1 - x).
Proof.
  intros [H0 H1].
  apply (Rle_cv_lim (Un := fun n => sum_f_R0 (fun i => / INR (fact i) * x ^ i) n) (Vn := fun _ => / (1 - x)));
    [ | apply exp_series | apply cv_const].
  intros n.
  apply (Rle_trans _ (sum_f_R0 (fun i => x ^ i) n)).
  - apply sum_Rle. intros i _.
    rewrite <- (Rmult_1_l (x ^ i)) at 2. apply Rmult_le_compat_r; [apply pow_le; exact H0 | ].
    rewrite <- Rinv_1. apply Rinv_le_contravar; [lra | ].
    replace 1 with (INR 1) by reflexivity. apply le_INR. apply lt_O_fact.
  - rewrite tech3 by lra.
    unfold Rdiv. rewrite <- (Rmult_1_l (/ (1 - x))) at 2.
    apply Rmult_le_compat_r; [left; apply Rinv_0_lt_compat; lra | ].
    pose proof (pow_le x (S n) H0). lra.
Qed.

Lemma exp_pow (x : R) (N : nat) : exp (INR N * x) = exp x ^ N.
Proof.
  induction N as [|N IH]; [simpl; rewrite Rmult_0_l; apply exp_0 | ].
  rewrite S_INR. replace ((INR N + 1) * x) with (INR N * x + x) by ring.
  rewrite exp_plus, IH. simpl. ring.
Qed.

(* exp q = exp (q / N)^N, bounded from below and above with the two bounds
   above: for an exported instance, rational bounds of exp at a rational. *)
Lemma exp_lower_pow (q k : R) (N : nat) : INR N = k -> 0 < k -> 0 <= q -> (1 + q / k) ^ N <= exp q.
Proof.
  intros Hk Hk0 Hq.
  replace q with (INR N * (q / k)) at 2 by (rewrite Hk; field; lra).
  rewrite exp_pow. apply pow_incr. split.
  - apply Rplus_le_le_0_compat; [lra | apply Rmult_le_pos; [lra | left; apply Rinv_0_lt_compat; lra]].
  - apply exp_lower. apply Rmult_le_pos; [lra | left; apply Rinv_0_lt_compat; lra].
Qed.

Lemma exp_upper_pow (q k : R) (N : nat) : INR N = k -> 0 <= q < k -> exp q <= (k / (k - q)) ^ N.
Proof.
  intros Hk [Hq Hqk].
  replace q with (INR N * (q / k)) at 1 by (rewrite Hk; field; lra).
  rewrite exp_pow. apply pow_incr. split; [left; apply exp_pos | ].
  replace (k / (k - q)) with (/ (1 - q / k)) by (field; lra).
  apply exp_upper. split.
  - apply Rmult_le_pos; [lra | left; apply Rinv_0_lt_compat; lra].
  - apply (Rmult_lt_reg_r k); [lra | ]. unfold Rdiv. rewrite Rmult_assoc, Rinv_l; lra.
Qed.

Lemma exp_monotone (x y : R) : x <= y -> exp x <= exp y.
Proof.
  intros H. replace (exp y) with (exp x * exp (y - x)) by (rewrite <- exp_plus; f_equal; ring).
  pose proof (exp_lower (y - x) ltac:(lra)). pose proof (exp_pos x). nra.
Qed.

(* The same with a shorter rational q' on the safe side of q, so that the
   bound stays small when q has long digits. *)
Lemma exp_lower_below (q' q k : R) (N : nat) :
  q' <= q -> INR N = k -> 0 < k -> 0 <= q' -> (1 + q' / k) ^ N <= exp q.
Proof.
  intros H Hk Hk0 Hq. apply (Rle_trans _ (exp q')); [apply exp_lower_pow; assumption | ].
  apply exp_monotone; exact H.
Qed.

Lemma exp_upper_above (q' q k : R) (N : nat) :
  q <= q' -> INR N = k -> 0 <= q -> q' < k -> exp q <= (k / (k - q')) ^ N.
Proof.
  intros H Hk Hq Hqk. apply (Rle_trans _ (exp q')); [apply exp_monotone; exact H | ].
  apply exp_upper_pow; [assumption | lra].
Qed.

(* e v <= exp v, the tangent at v = 1. *)
Lemma exp_ge_e_times (v : R) : exp 1 * v <= exp v.
Proof.
  pose proof (exp_pos 1) as He1. pose proof (exp_pos v) as Hev.
  destruct (Rle_or_lt v 0) as [H0 | H0]; [nra | ].
  destruct (Rle_or_lt 1 v) as [H1 | H1].
  - replace (exp v) with (exp 1 * exp (v - 1)) by (rewrite <- exp_plus; f_equal; ring).
    apply Rmult_le_compat_l; [lra | ]. pose proof (exp_lower (v - 1)). lra.
  - assert (E : exp v * exp (1 - v) = exp 1) by (rewrite <- exp_plus; f_equal; ring).
    pose proof (exp_upper (1 - v) ltac:(lra)) as U. pose proof (exp_pos (1 - v)).
    replace (/ (1 - (1 - v))) with (/ v) in U by (f_equal; ring).
    (* exp (1 - v) <= / v, so v * exp (1 - v) <= 1 and exp 1 * v = exp v * exp(1-v) * v <= exp v *)
    assert (W : v * exp (1 - v) <= 1).
    { apply (Rmult_le_compat_l v) in U; [ | lra]. rewrite Rinv_r in U; lra. }
    rewrite <- E. nra.
Qed.
(* pi' = pi + eps h >= 0 everywhere when exp (2 c tau2 + 1) c tau2 >= eps K,
   K = sigma2^D / tau2^(D+2), c = 1/(2 tau2) - 1/(2 sigma2): on rho <= 2 tau2
   both terms are >= 0; beyond, exp (c R) >= exp (c rho) >= e^(2 c tau2 + 1)
   c (rho - 2 tau2) (exp v >= e v), which outweighs eps K (rho/tau2 - 2). A
   lower bound L of the exponential is given (by [exp_lower_pow]). *)
Lemma perturbed_nonneg (D : nat) (sigma2 tau2 eps c L : R) (z : vec) :
  0 < tau2 < sigma2 -> 0 <= eps -> c = / (2 * tau2) - / (2 * sigma2) ->
  L <= exp (2 * c * tau2 + 1) -> eps * sigma2 ^ D / tau2 ^ (D + 2) <= L * (c * tau2) ->
  rho D z <= sumsq (2 * D) z ->
  0 <= gauss D sigma2 z + eps * perturbation D tau2 z.
Proof.
  intros [Ht Hts] He Hc_def HL Hexp Hr.
  assert (Hc : 0 < c).
  { rewrite Hc_def. apply Rlt_Rminus. apply Rinv_lt_contravar; nra. }
  unfold perturbation, gauss.
  set (Rr := sumsq (2 * D) z) in *. set (r := rho D z) in *. set (s := cross D z).
  assert (Es : exp (- Rr / (2 * sigma2)) = exp (- Rr / (2 * tau2)) * exp (c * Rr)).
  { rewrite <- exp_plus. f_equal. rewrite Hc_def. field. lra. }
  rewrite Es, (Rpow_mult_distr (2 * PI) sigma2 D), (Rpow_mult_distr (2 * PI) tau2 D).
  set (Et := exp (- Rr / (2 * tau2))). assert (HEt : 0 < Et) by apply exp_pos.
  assert (HP : 0 < (2 * PI) ^ D) by (apply pow_lt; pose proof PI_RGT_0; lra).
  assert (Hu : 0 < sigma2 ^ D) by (apply pow_lt; lra).
  assert (Hw : 0 < tau2 ^ D) by (apply pow_lt; lra).
  set (u := sigma2 ^ D) in *. set (w := tau2 ^ D) in *. set (P := (2 * PI) ^ D) in *.
  replace (tau2 ^ (D + 2)) with (w * tau2 ^ 2) in Hexp by (unfold w; rewrite pow_add; ring).
  set (X := exp (c * Rr)). set (Y := exp (2 * c * tau2 + 1)) in *.
  assert (HX : 0 < X) by apply exp_pos.
  replace (Et * X / (P * u) + eps * (Et / (P * w) / tau2 ^ 2 * (2 - r / tau2 + s ^ 2 / tau2 ^ 2)))
    with (Et / P / (u * w * tau2 ^ 4) *
          (X * w * tau2 ^ 4 + eps * u * (tau2 ^ 2 * (2 * tau2 - r) / tau2 + s ^ 2)))
    by (field; repeat split; lra).
  apply Rmult_le_pos.
  { apply Rlt_le, Rdiv_lt_0_compat; [apply Rdiv_lt_0_compat; lra | ].
    apply Rmult_lt_0_compat; [nra | apply pow_lt; lra]. }
  assert (Hs : 0 <= s ^ 2) by apply pow2_ge_0.
  assert (Hq : 0 <= eps * u * s ^ 2) by (apply Rmult_le_pos; [apply Rmult_le_pos; lra | exact Hs]).
  assert (Hw4 : 0 < w * tau2 ^ 4) by (apply Rmult_lt_0_compat; [lra | apply pow_lt; lra]).
  destruct (Rle_or_lt r (2 * tau2)) as [Hle | Hgt].
  - assert (0 <= X * w * tau2 ^ 4) by (rewrite Rmult_assoc; apply Rmult_le_pos; lra).
    assert (0 <= eps * u * (tau2 ^ 2 * (2 * tau2 - r) / tau2)).
    { apply Rmult_le_pos; [nra | ]. apply Rmult_le_pos; [ | left; apply Rinv_0_lt_compat; lra].
      apply Rmult_le_pos; [apply pow_le | ]; lra. }
    nra.
  - (* X >= exp (c r) = exp (2 c tau2) exp (c (r - 2 tau2)) >= Y c (r - 2 tau2) *)
    assert (HXY : Y * (c * (r - 2 * tau2)) <= X).
    { apply (Rle_trans _ (exp (c * r))); [ | apply exp_monotone; nra].
      replace (exp (c * r)) with (exp (2 * c * tau2) * exp (c * (r - 2 * tau2)))
        by (rewrite <- exp_plus; f_equal; ring).
      unfold Y. replace (2 * c * tau2 + 1) with (2 * c * tau2 + 1) by ring.
      rewrite exp_plus, Rmult_assoc. apply Rmult_le_compat_l; [left; apply exp_pos | ].
      apply exp_ge_e_times. }
    assert (H1 : eps * u <= L * c * tau2 * (w * tau2 ^ 2)).
    { assert (Hwt : 0 < w * tau2 ^ 2) by (apply Rmult_lt_0_compat; [lra | apply pow_lt; lra]).
      apply (Rmult_le_reg_r (/ (w * tau2 ^ 2))); [apply Rinv_0_lt_compat; lra | ].
      replace (L * c * tau2 * (w * tau2 ^ 2) * / (w * tau2 ^ 2)) with (L * (c * tau2)) by (field; lra).
      exact Hexp. }
    assert (H2 : eps * u * (r - 2 * tau2) * tau2 <= X * w * tau2 ^ 4).
    { apply (Rle_trans _ (L * c * tau2 * (w * tau2 ^ 2) * (r - 2 * tau2) * tau2)).
      - apply Rmult_le_compat_r; [lra | ]. apply Rmult_le_compat_r; [lra | exact H1].
      - apply (Rle_trans _ (Y * (c * (r - 2 * tau2)) * (w * tau2 ^ 4))).
        + replace (L * c * tau2 * (w * tau2 ^ 2) * (r - 2 * tau2) * tau2)
            with (L * (c * (r - 2 * tau2)) * (w * tau2 ^ 4)) by ring.
          apply Rmult_le_compat_r; [lra | ]. apply Rmult_le_compat_r; nra.
        + replace (X * w * tau2 ^ 4) with (X * (w * tau2 ^ 4)) by ring.
          apply Rmult_le_compat_r; [lra | exact HXY]. }
    replace (eps * u * (tau2 ^ 2 * (2 * tau2 - r) / tau2 + s ^ 2))
      with (- (eps * u * (r - 2 * tau2) * tau2) + eps * u * s ^ 2) by (field; lra).
    lra.
Qed.

(* pi' < 0 at a point z with rho = |z|^2 = a^2 and s = 0, when an upper
   bound U of exp (c a^2) is below eps K (a^2 - 2 tau2) / tau2. *)
Lemma perturbed_negative (D : nat) (sigma2 tau2 eps c U a : R) (z : vec) :
  0 < tau2 < sigma2 -> c = / (2 * tau2) - / (2 * sigma2) ->
  exp (c * a ^ 2) <= U -> U * tau2 ^ (D + 3) < eps * sigma2 ^ D * (a ^ 2 - 2 * tau2) ->
  sumsq (2 * D) z = a ^ 2 -> rho D z = a ^ 2 -> cross D z = 0 ->
  gauss D sigma2 z + eps * perturbation D tau2 z < 0.
Proof.
  intros [Ht Hts] Hc_def HU Hneg HR Hr Hs.
  unfold perturbation, gauss. rewrite HR, Hr, Hs.
  assert (Es : exp (- a ^ 2 / (2 * sigma2)) = exp (- a ^ 2 / (2 * tau2)) * exp (c * a ^ 2)).
  { rewrite <- exp_plus. f_equal. rewrite Hc_def. field. lra. }
  rewrite Es, (Rpow_mult_distr (2 * PI) sigma2 D), (Rpow_mult_distr (2 * PI) tau2 D).
  set (Et := exp (- a ^ 2 / (2 * tau2))). assert (HEt : 0 < Et) by apply exp_pos.
  assert (HP : 0 < (2 * PI) ^ D) by (apply pow_lt; pose proof PI_RGT_0; lra).
  assert (Hu : 0 < sigma2 ^ D) by (apply pow_lt; lra).
  assert (Hw : 0 < tau2 ^ D) by (apply pow_lt; lra).
  replace (tau2 ^ (D + 3)) with (tau2 ^ D * tau2 ^ 3) in Hneg by (rewrite pow_add; ring).
  set (u := sigma2 ^ D) in *. set (w := tau2 ^ D) in *. set (P := (2 * PI) ^ D) in *.
  set (X := exp (c * a ^ 2)) in *. assert (HX : 0 < X) by apply exp_pos.
  replace (Et * X / (P * u) + eps * (Et / (P * w) / tau2 ^ 2 * (2 - a ^ 2 / tau2 + 0 ^ 2 / tau2 ^ 2)))
    with (Et / P / (u * w * tau2 ^ 4) * (tau2 * (X * (w * tau2 ^ 3) - eps * u * (a ^ 2 - 2 * tau2))))
    by (field; repeat split; lra).
  assert (Hpos : 0 < Et / P / (u * w * tau2 ^ 4)).
  { apply Rdiv_lt_0_compat; [apply Rdiv_lt_0_compat; lra | ].
    apply Rmult_lt_0_compat; [nra | apply pow_lt; lra]. }
  assert (Hw3 : 0 < w * tau2 ^ 3) by (apply Rmult_lt_0_compat; [lra | apply pow_lt; lra]).
  assert (X * (w * tau2 ^ 3) <= U * (w * tau2 ^ 3)) by (apply Rmult_le_compat_r; lra).
  assert (Hin : tau2 * (X * (w * tau2 ^ 3) - eps * u * (a ^ 2 - 2 * tau2)) < 0).
  { assert (X * (w * tau2 ^ 3) - eps * u * (a ^ 2 - 2 * tau2) < 0) by nra. nra. }
  nra.
Qed.
