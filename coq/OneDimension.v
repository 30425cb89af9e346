(* The one-dimensional definitions behind the exported theorems of
   docs/mathematics.md, section 3: Gaussian plans on the line and their
   mixtures, with the law of X_t = (1 - t) X0 + t X1 through its
   distribution function F_t and its density p_t, and the field
   v_t(x) = E[X1 - X0 | X_t = x].

   The normal distribution function is an integral: Coquelicot's [RInt]
   of exp(-s^2/2). Only [RInt] and its derivative theorem are used, and
   only inside this file; `Print Assumptions` on the exported theorems
   still lists only the axioms of Coq's real numbers. The rest is the
   standard library and IFM.v. *)

From Coq Require Import Reals Lra List.
From Coquelicot Require Coquelicot.
Local Set Warnings "-ambiguous-paths".
From IFM Require Import IFM.
Import ListNotations.
Open Scope R_scope.

(* ----- The standard normal law ----- *)

Definition gaussian_kernel (s : R) : R := exp (- (s * s) / 2).

(* phi(z) = exp(-z^2/2) / sqrt(2 pi). *)
Definition normal_pdf (z : R) : R := / sqrt (2 * PI) * gaussian_kernel z.

(* Phi(z) = 1/2 + integral from 0 to z of phi, with Coquelicot's RInt
   (imported in this section only). *)
Section NormalLaw.
Import Coquelicot.Coquelicot.
Definition normal_cdf (z : R) : R := / 2 + / sqrt (2 * PI) * RInt gaussian_kernel 0 z.
End NormalLaw.

(* ----- A Gaussian plan on the line ----- *)

(* The law N((mu0, mu1), [[s00, c01], [c01, s11]]) of (X0, X1). *)
Record plan1 := Plan1 { mu0 : R; mu1 : R; s00 : R; s11 : R; c01 : R }.

(* The covariance is positive semidefinite. *)
Definition valid1 (P : plan1) : Prop :=
  0 <= s00 P /\ 0 <= s11 P /\ c01 P * c01 P <= s00 P * s11 P.

(* E X_t, Var X_t and Cov(X1 - X0, X_t). *)
Definition mean1 (P : plan1) (t : R) : R := (1 - t) * mu0 P + t * mu1 P.
Definition var1 (P : plan1) (t : R) : R :=
  (1 - t) ^ 2 * s00 P + 2 * t * (1 - t) * c01 P + t ^ 2 * s11 P.
Definition gap1 (P : plan1) (t : R) : R :=
  (1 - t) * (c01 P - s00 P) + t * (s11 P - c01 P).

(* F_t, p_t and v_t = E[X1 - X0 | X_t = x] of the plan (Var X_t > 0). *)
Definition cdf1 (P : plan1) (t x : R) : R :=
  normal_cdf ((x - mean1 P t) / sqrt (var1 P t)).
Definition pdf1 (P : plan1) (t x : R) : R :=
  normal_pdf ((x - mean1 P t) / sqrt (var1 P t)) / sqrt (var1 P t).
Definition field1 (P : plan1) (t x : R) : R :=
  (mu1 P - mu0 P) + gap1 P t / var1 P t * (x - mean1 P t).

(* Phi_t(x) = F_t^-1(F_0(x)), the monotone map from X_0 to X_t. *)
Definition flow1 (P : plan1) (t x : R) : R :=
  mean1 P t + sqrt (var1 P t / var1 P 0) * (x - mean1 P 0).

(* ----- Mixtures: (weight, component) ----- *)

Definition mixture := list (R * plan1).

(* Positive weights summing to 1, valid components. *)
Definition valid_mixture (M : mixture) : Prop :=
  Forall (fun wc => 0 < fst wc /\ valid1 (snd wc)) M /\
  fold_right (fun wc acc => fst wc + acc) 0 M = 1.

(* sum_k w_k f(component k). *)
Definition msum (M : mixture) (f : plan1 -> R) : R :=
  fold_right (fun wc acc => fst wc * f (snd wc) + acc) 0 M.

Definition mixture_cdf (M : mixture) (t x : R) : R := msum M (fun P => cdf1 P t x).
Definition mixture_pdf (M : mixture) (t x : R) : R := msum M (fun P => pdf1 P t x).
(* v_t = sum_k w_k p_k v_k / p_t: the conditional mean over the components. *)
Definition mixture_field (M : mixture) (t x : R) : R :=
  msum M (fun P => field1 P t x * pdf1 P t x) / mixture_pdf M t x.

(* ----- The derivative of Phi ----- *)

Section NormalCalculus.
Import Coquelicot.Coquelicot.

Lemma kernel_continuous (x : R) : continuous gaussian_kernel x.
Proof.
  apply continuity_pt_filterlim. apply derivable_continuous_pt.
  unfold gaussian_kernel. reg.
Qed.

Definition primitive_kernel (x : R) : R := RInt gaussian_kernel 0 x.

Lemma kernel_primitive (z : R) :
  derivable_pt_lim primitive_kernel z (gaussian_kernel z).
Proof.
  apply is_derive_Reals. unfold primitive_kernel.
  apply (is_derive_RInt gaussian_kernel (RInt gaussian_kernel 0) 0).
  - apply filter_forall. intro u. apply (@RInt_correct R_CompleteNormedModule).
    apply (@ex_RInt_continuous R_CompleteNormedModule). intros. apply kernel_continuous.
  - apply kernel_continuous.
Qed.

(* Phi is strictly increasing: Phi(y) - Phi(x) is the integral of a
   positive continuous function over [x, y]. *)
Lemma normal_cdf_increasing (x y : R) : x < y -> normal_cdf x < normal_cdf y.
Proof.
  intro Hxy. unfold normal_cdf.
  assert (Ex : forall a b, ex_RInt gaussian_kernel a b).
  { intros a b. apply (@ex_RInt_continuous R_CompleteNormedModule).
    intros; apply kernel_continuous. }
  assert (C := RInt_Chasles gaussian_kernel 0 x y (Ex 0 x) (Ex x y)).
  assert (Pos : 0 < RInt gaussian_kernel x y).
  { apply RInt_gt_0; [exact Hxy | | intros; apply kernel_continuous].
    intros; unfold gaussian_kernel; apply exp_pos. }
  assert (Hs : 0 < / sqrt (2 * PI)).
  { apply Rinv_0_lt_compat, sqrt_lt_R0. generalize PI_RGT_0; lra. }
  rewrite <- C. unfold plus; simpl. nra.
Qed.

End NormalCalculus.

Lemma normal_cdf_derivative (z : R) : derivable_pt_lim normal_cdf z (normal_pdf z).
Proof.
  assert (H := derivable_pt_lim_plus (fct_cte (/ 2))
    (mult_real_fct (/ sqrt (2 * PI)) (fun x => primitive_kernel x)) z _ _
    (derivable_pt_lim_const (/ 2) z)
    (derivable_pt_lim_scal _ (/ sqrt (2 * PI)) z _ (kernel_primitive z))).
  unfold normal_pdf. replace (/ sqrt (2 * PI) * gaussian_kernel z)
    with (0 + / sqrt (2 * PI) * gaussian_kernel z) by ring.
  exact H.
Qed.

Lemma normal_pdf_pos (z : R) : 0 < normal_pdf z.
Proof.
  unfold normal_pdf, gaussian_kernel. apply Rmult_lt_0_compat; [|apply exp_pos].
  apply Rinv_0_lt_compat, sqrt_lt_R0. generalize PI_RGT_0; lra.
Qed.

(* ----- The flux identity: d/dt F_t(x) = -v_t(x) p_t(x) ----- *)

Lemma affine_derivative (p q t : R) : derivable_pt_lim (fun s => p + q * s) t q.
Proof.
  apply (derivable_pt_lim_pointwise _ (fun s => p + q * s + 0 * s ^ 2)).
  { intro s; ring. }
  assert (H := quadratic_derivative p q 0 t).
  replace (q + 2 * 0 * t) with q in H by ring. exact H.
Qed.

Lemma var1_derivative (P : plan1) (t : R) :
  derivable_pt_lim (var1 P) t (2 * gap1 P t).
Proof.
  apply (derivable_pt_lim_pointwise _ (fun s =>
    s00 P + (2 * c01 P - 2 * s00 P) * s + (s00 P - 2 * c01 P + s11 P) * s ^ 2)).
  { intro s; unfold var1; ring. }
  replace (2 * gap1 P t) with
    ((2 * c01 P - 2 * s00 P) + 2 * (s00 P - 2 * c01 P + s11 P) * t)
    by (unfold gap1; ring).
  apply quadratic_derivative.
Qed.

Lemma sd1_derivative (P : plan1) (t : R) : 0 < var1 P t ->
  derivable_pt_lim (fun s => sqrt (var1 P s)) t (gap1 P t / sqrt (var1 P t)).
Proof.
  intro Hv. assert (Hs := sqrt_lt_R0 _ Hv).
  replace (gap1 P t / sqrt (var1 P t)) with (/ (2 * sqrt (var1 P t)) * (2 * gap1 P t))
    by (field; lra).
  apply (derivable_pt_lim_comp (var1 P) sqrt).
  - apply var1_derivative.
  - apply derivable_pt_lim_sqrt; exact Hv.
Qed.

Lemma standardized_derivative (P : plan1) (t x : R) : 0 < var1 P t ->
  derivable_pt_lim (fun s => (x - mean1 P s) / sqrt (var1 P s)) t
    (- field1 P t x / sqrt (var1 P t)).
Proof.
  intro Hv. assert (Hs := sqrt_lt_R0 _ Hv).
  assert (Hq : sqrt (var1 P t) * sqrt (var1 P t) = var1 P t) by (apply sqrt_sqrt; lra).
  assert (Hm : derivable_pt_lim (fun s => x - mean1 P s) t (- (mu1 P - mu0 P))).
  { apply (derivable_pt_lim_pointwise _ (fun s => (x - mu0 P) + (- (mu1 P - mu0 P)) * s)).
    { intro s; unfold mean1; ring. }
    apply affine_derivative. }
  assert (H := derivable_pt_lim_div _ _ t _ _ Hm (sd1_derivative P t Hv) (Rgt_not_eq _ _ Hs)).
  replace (- field1 P t x / sqrt (var1 P t)) with
    ((- (mu1 P - mu0 P) * sqrt (var1 P t) - gap1 P t / sqrt (var1 P t) * (x - mean1 P t))
      / (sqrt (var1 P t))²).
  - exact H.
  - unfold field1, Rsqr. set (sd := sqrt (var1 P t)) in *. rewrite <- Hq. field. lra.
Qed.

Theorem flux_identity1 (P : plan1) (t x : R) : 0 < var1 P t ->
  derivable_pt_lim (fun s => cdf1 P s x) t (- field1 P t x * pdf1 P t x).
Proof.
  intro Hv. assert (Hs := sqrt_lt_R0 _ Hv).
  assert (H := derivable_pt_lim_comp _ normal_cdf t _ _ (standardized_derivative P t x Hv)
    (normal_cdf_derivative ((x - mean1 P t) / sqrt (var1 P t)))).
  replace (- field1 P t x * pdf1 P t x) with
    (normal_pdf ((x - mean1 P t) / sqrt (var1 P t)) * (- field1 P t x / sqrt (var1 P t))).
  - exact H.
  - unfold pdf1. field. lra.
Qed.

(* Every component's Var X_t is positive at t. *)
Definition spread (M : mixture) (t : R) : Prop := Forall (fun wc => 0 < var1 (snd wc) t) M.

Lemma mixture_flux (M : mixture) (t x : R) : spread M t ->
  derivable_pt_lim (fun s => mixture_cdf M s x) t
    (- msum M (fun P => field1 P t x * pdf1 P t x)).
Proof.
  induction M as [|[w P] M IH]; intro Hs.
  - unfold mixture_cdf, msum; simpl. replace (- 0) with 0 by ring.
    apply derivable_pt_lim_const.
  - inversion Hs as [|? ? Hv HM]; subst. simpl in Hv.
    unfold mixture_cdf, msum in *; simpl.
    replace (- (w * (field1 P t x * pdf1 P t x) +
               fold_right (fun wc acc => fst wc * (field1 (snd wc) t x * pdf1 (snd wc) t x) + acc) 0 M))
      with (w * (- field1 P t x * pdf1 P t x) +
            - fold_right (fun wc acc => fst wc * (field1 (snd wc) t x * pdf1 (snd wc) t x) + acc) 0 M)
      by ring.
    apply (derivable_pt_lim_plus (mult_real_fct w (fun s => cdf1 P s x))).
    + apply derivable_pt_lim_scal, flux_identity1; exact Hv.
    + apply IH; exact HM.
Qed.

Lemma pdf1_pos (P : plan1) (t x : R) : 0 < var1 P t -> 0 < pdf1 P t x.
Proof.
  intro Hv. unfold pdf1.
  apply Rdiv_lt_0_compat; [apply normal_pdf_pos | apply sqrt_lt_R0; exact Hv].
Qed.

Lemma msum_pos (M : mixture) (f : plan1 -> R) : M <> [] ->
  Forall (fun wc => 0 < fst wc /\ 0 < f (snd wc)) M -> 0 < msum M f.
Proof.
  induction M as [|[w P] M IH]; intros Hne H; [congruence|].
  inversion H as [|? ? [Hw Hf] HM]; subst. unfold msum; simpl. simpl in Hw, Hf.
  destruct M as [|c M].
  - simpl. rewrite Rplus_0_r. apply Rmult_lt_0_compat; assumption.
  - assert (Ht : 0 < msum (c :: M) f) by (apply IH; [discriminate | exact HM]).
    unfold msum in Ht. apply Rplus_lt_0_compat; [apply Rmult_lt_0_compat|]; assumption.
Qed.

Lemma mixture_pdf_pos (M : mixture) (t x : R) :
  valid_mixture M -> spread M t -> 0 < mixture_pdf M t x.
Proof.
  intros [Hw Hsum] Hs. unfold spread in Hs. apply msum_pos.
  - intro E; subst; simpl in Hsum; lra.
  - rewrite Forall_forall in *. intros wc Hin. split.
    + apply (Hw wc Hin).
    + apply pdf1_pos, (Hs wc Hin).
Qed.

Theorem mixture_flux_identity (M : mixture) (t x : R) :
  valid_mixture M -> spread M t ->
  derivable_pt_lim (fun s => mixture_cdf M s x) t
    (- mixture_field M t x * mixture_pdf M t x).
Proof.
  intros HM Hs. assert (Hp := mixture_pdf_pos M t x HM Hs).
  replace (- mixture_field M t x * mixture_pdf M t x)
    with (- msum M (fun P => field1 P t x * pdf1 P t x))
    by (unfold mixture_field; field; lra).
  apply mixture_flux; exact Hs.
Qed.

(* The derivative is unique: a claimed rate other than -v_t(x) p_t(x) is
   refuted by a point where it differs. *)
Lemma flux_refuted (P : plan1) (t x r : R) : 0 < var1 P t ->
  r <> field1 P t x ->
  ~ derivable_pt_lim (fun s => cdf1 P s x) t (- r * pdf1 P t x).
Proof.
  intros Hv Hr H. apply Hr.
  assert (E := uniqueness_limite _ _ _ _ H (flux_identity1 P t x Hv)).
  assert (Hp := pdf1_pos P t x Hv).
  apply (Rmult_eq_reg_r (pdf1 P t x)); [lra | apply Rgt_not_eq; lra].
Qed.

(* ----- The transport identity: the flow keeps F ----- *)

(* F_t(Phi_t(x)) = F_0(x): Phi_t moves x to the point of X_t with the same
   rank. *)
Theorem transport_identity1 (P : plan1) (t x : R) :
  0 < var1 P 0 -> 0 < var1 P t -> cdf1 P t (flow1 P t x) = cdf1 P 0 x.
Proof.
  intros H0 Ht. unfold cdf1, flow1. f_equal.
  assert (Hs0 := sqrt_lt_R0 _ H0). assert (Hst := sqrt_lt_R0 _ Ht).
  rewrite sqrt_div_alt by lra. field. split; lra.
Qed.

(* F_t is strictly increasing, so flow1 is the only point of X_t with the
   rank of x: Phi_t = F_t^-1 o F_0. *)
Lemma cdf1_increasing (P : plan1) (t y y' : R) : 0 < var1 P t -> y < y' ->
  cdf1 P t y < cdf1 P t y'.
Proof.
  intros Hv Hy. unfold cdf1. apply normal_cdf_increasing.
  assert (Hs := sqrt_lt_R0 _ Hv). unfold Rdiv.
  apply Rmult_lt_compat_r; [apply Rinv_0_lt_compat; exact Hs | lra].
Qed.

Theorem transport_unique1 (P : plan1) (t x y : R) :
  0 < var1 P 0 -> 0 < var1 P t -> (cdf1 P t y = cdf1 P 0 x <-> y = flow1 P t x).
Proof.
  intros H0 Ht. rewrite <- (transport_identity1 P t x H0 Ht). split.
  - intro E. destruct (Rtotal_order y (flow1 P t x)) as [L | [Q | G]].
    + assert (H := cdf1_increasing P t _ _ Ht L). lra.
    + exact Q.
    + assert (H := cdf1_increasing P t _ _ Ht G). lra.
  - intros ->. reflexivity.
Qed.

(* Phi_0(x) = x and d/dt Phi_t(x) = v_t(Phi_t(x)): Phi is the flow of v. *)
Lemma flow1_start (P : plan1) (x : R) : 0 < var1 P 0 -> flow1 P 0 x = x.
Proof.
  intro H0. unfold flow1. replace (var1 P 0 / var1 P 0) with 1 by (field; lra).
  rewrite sqrt_1. ring.
Qed.

Theorem flow_identity1 (P : plan1) (t x : R) : 0 < var1 P 0 -> 0 < var1 P t ->
  derivable_pt_lim (fun s => flow1 P s x) t (field1 P t (flow1 P t x)).
Proof.
  intros H0 Ht. assert (Hs0 := sqrt_lt_R0 _ H0). assert (Hst := sqrt_lt_R0 _ Ht).
  assert (Hq : sqrt (var1 P t) * sqrt (var1 P t) = var1 P t) by (apply sqrt_sqrt; lra).
  apply (derivable_pt_lim_pointwise _ (fun s =>
    ((1 - s) * mu0 P + s * mu1 P) + / sqrt (var1 P 0) * (x - mean1 P 0) * sqrt (var1 P s))).
  { intro s. unfold flow1. rewrite sqrt_div_alt by lra. unfold mean1. field. lra. }
  assert (Hm : derivable_pt_lim (fun s => (1 - s) * mu0 P + s * mu1 P) t (mu1 P - mu0 P)).
  { apply (derivable_pt_lim_pointwise _ (fun s => mu0 P + (mu1 P - mu0 P) * s)).
    { intro s; ring. }
    apply affine_derivative. }
  assert (H := derivable_pt_lim_plus _ _ t _ _ Hm
    (derivable_pt_lim_scal _ (/ sqrt (var1 P 0) * (x - mean1 P 0)) t _ (sd1_derivative P t Ht))).
  replace (field1 P t (flow1 P t x)) with
    (mu1 P - mu0 P + / sqrt (var1 P 0) * (x - mean1 P 0) * (gap1 P t / sqrt (var1 P t))).
  - exact H.
  - unfold field1, flow1. rewrite sqrt_div_alt by lra.
    set (sd := sqrt (var1 P t)) in *. rewrite <- Hq. field. lra.
Qed.

(* The flow of P does not follow the field of a plan Q with the same means
   whose slope G_t / Sigma_t differs at t, from any x other than the mean
   of X0: there Phi_t(x) is not m_t, where the two fields differ. *)
Lemma flow_refuted (P Q : plan1) (t x : R) : 0 < var1 P 0 -> 0 < var1 P t ->
  mu0 Q = mu0 P -> mu1 Q = mu1 P -> x <> mu0 P ->
  gap1 Q t / var1 Q t <> gap1 P t / var1 P t ->
  ~ derivable_pt_lim (fun s => flow1 P s x) t (field1 Q t (flow1 P t x)).
Proof.
  intros H0 Ht E0 E1 Hx Hk H.
  assert (E := uniqueness_limite _ _ _ _ H (flow_identity1 P t x H0 Ht)).
  assert (Hm : mean1 Q t = mean1 P t) by (unfold mean1; rewrite E0, E1; ring).
  assert (Hr : 0 < sqrt (var1 P t / var1 P 0)).
  { apply sqrt_lt_R0. apply Rdiv_lt_0_compat; assumption. }
  assert (Hy : flow1 P t x - mean1 P t <> 0).
  { unfold flow1. replace (mean1 P 0) with (mu0 P) by (unfold mean1; ring).
    intro Z. apply Hx.
    assert (Z' : sqrt (var1 P t / var1 P 0) * (x - mu0 P) = 0) by lra.
    destruct (Rmult_integral _ _ Z') as [A | A]; lra. }
  unfold field1 in E. rewrite Hm, E0, E1 in E.
  apply Hk. apply (Rmult_eq_reg_r (flow1 P t x - mean1 P t)); [lra | exact Hy].
Qed.

(* ----- Two plans with the same end laws ----- *)

(* X0 and X1 have the same laws under both plans. *)
Definition same_marginals1 (P Q : plan1) : Prop :=
  mu0 P = mu0 Q /\ mu1 P = mu1 Q /\ s00 P = s00 Q /\ s11 P = s11 Q.

(* The fields differ at (t, x), a time of the interpolation and a point
   inside both supports. *)
Definition separated_at (P Q : plan1) (t x : R) : Prop :=
  0 <= t <= 1 /\ 0 < pdf1 P t x /\ 0 < pdf1 Q t x /\ field1 P t x <> field1 Q t x.

(* The monotone map Phi_1 = F_1^-1 o F_0 depends on the end laws only. *)
Lemma same_map1 (P Q : plan1) (x : R) :
  same_marginals1 P Q -> flow1 P 1 x = flow1 Q 1 x.
Proof.
  intros [E0 [E1 [E00 E11]]]. unfold flow1, mean1.
  replace (var1 P 1) with (s11 P) by (unfold var1; ring).
  replace (var1 P 0) with (s00 P) by (unfold var1; ring).
  replace (var1 Q 1) with (s11 Q) by (unfold var1; ring).
  replace (var1 Q 0) with (s00 Q) by (unfold var1; ring).
  rewrite E0, E1, E00, E11. reflexivity.
Qed.

(* Hence the same monotone map T = F_1^-1 o F_0: y has the rank of x under
   one plan if and only if under the other. *)
Lemma same_ranks1 (P Q : plan1) : 0 < s00 P -> 0 < s11 P -> same_marginals1 P Q ->
  forall x y, cdf1 P 1 y = cdf1 P 0 x <-> cdf1 Q 1 y = cdf1 Q 0 x.
Proof.
  intros H0 H1 M x y. pose proof M as [_ [_ [E00 E11]]].
  assert (V : forall R, var1 R 0 = s00 R /\ var1 R 1 = s11 R) by (intro; unfold var1; split; ring).
  destruct (V P) as [P0 P1]; destruct (V Q) as [Q0 Q1].
  rewrite (transport_unique1 P 1 x y), (transport_unique1 Q 1 x y) by lra.
  rewrite (same_map1 P Q x M). tauto.
Qed.

(* ----- Proof steps of the exported theorems ----- *)

(* The goals below are about concrete data (rational literals), once the
   plan's name is unfolded: each step computes and `lra` checks. *)
Ltac variance_positive := unfold var1; cbn [s00 s11 c01 fst snd]; lra.
Ltac spread_positive :=
  unfold spread; repeat (apply Forall_cons; [variance_positive | ]); apply Forall_nil.
Ltac valid1_by := unfold valid1; cbn [s00 s11 c01]; repeat split; lra.
Ltac valid_mixture_by :=
  split; [repeat (apply Forall_cons; [cbn [fst snd]; split; [lra | valid1_by] | ]);
          apply Forall_nil
         | cbn [fold_right fst]; lra].
Ltac field1_value := unfold field1, gap1, var1, mean1; cbn [mu0 mu1 s00 s11 c01]; field.
Ltac marginals_by := unfold same_marginals1; cbn [mu0 mu1 s00 s11]; repeat split; lra.
Ltac slope_value := unfold gap1, var1; cbn [s00 s11 c01]; field.
