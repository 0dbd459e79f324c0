#pragma once
// Closed moment equations of the homoenergetic Boltzmann equation (solver = moments), integrated
// with Boost.Odeint's adaptive Dormand–Prince 5(4) stepper:
//
//   dP/dt = −(L P + P Lᵀ) − tr(L) P − 2ζP + C[P],   ζ = −tr(L P)/(3p) (gaussian) or 0,
//   dn/dt = −tr(L) n.
//
// Collision term C:
//   maxwell, bgk:  C = −ν(n, T) (P − p I)                                    (exact)
//   hard-spheres, power-law (Grad's 13-moment closure, nonlinear in Π = P − p I):
//                  C = −ν(n, T) [Π + (γ/14) (Π·Π − ⅓ I tr Π·Π)/p]
// with ν the kernel's first-Sonine p/η_NS ∝ n T^{γ/2}. The quadratic term follows from the
// collisional production of V_iV_j over Grad's distribution f_M (1 + Π:VV/(2pT)) with isotropic
// scattering; it vanishes for Maxwell molecules (γ = 0), where the equation is exact.
//
// Maxwell molecules and BGK also carry the fourth-degree moments M_ijkl = ∫ V_iV_jV_kV_l f (integrated
// as M/p², which stays O(1) while P may grow by hundreds of decades without thermostat), which
// close exactly on (M, P):
//   dM_ijkl/dt = −(L_im M_mjkl + L_jm M_imkl + L_km M_ijml + L_lm M_ijkm) − tr(L) M − 4ζM + C4,
//   BGK:     C4 = −ν (M − n T² (δ_ij δ_kl + δ_ik δ_jl + δ_il δ_jk));
//   Maxwell: C4 = (ν_c/2) n E[Δ_ijkl], the mean change of V1⊗4 + V2⊗4 in a collision of two
//            independent molecules (isotropic scattering), in terms of the per-molecule moments
//            m = M/n and q = P/n (maxwell_fourth_production(); derivation there).
// Grad's closure freezes <V⁴> at 15 T² (its distribution's fourth moment).
#include <mpi.h>

#include <array>
#include <vector>

#include "kinetic/boltzmann/config.hpp"
#include "kinetic/boltzmann/flow.hpp"
#include "kinetic/boltzmann/kernel.hpp"
#include "kinetic/boltzmann/observables.hpp"

namespace noneq::kinetic::boltzmann {

/// Maxwell molecules with isotropic scattering: the mean change E[Δ] of V1⊗4 + V2⊗4 in one
/// collision of two independent molecules with per-molecule moments q_ab = <V_aV_b>, m_abcd =
/// <V_aV_bV_cV_d> (zero mean), as 81 components. dm/dt|coll = (ν_c/2) E[Δ].
void maxwell_fourth_production(const double q[9], const double m[81], double out[81]);

/// Steady fourth moments of thermostatted simple shear (maxwell or bgk kernel): <V⁴>/(T/m)² and the
/// per-axis kurtosis <V_i⁴>/<V_i²>², from the exact moment equations integrated until they change by
/// less than 1e-11 (relative) over 10/ν. False if they do not settle by t = 5000/ν (fourth moments
/// diverge above a critical shear rate).
bool steady_fourth_moments(const Config& c, double& v4, std::array<double, 3>& kurtosis);

class MomentEquations {
 public:
  explicit MomentEquations(const Config& config);
  /// Initial state: isotropic, P = n0 T0 I, fourth moments of the initial distribution.
  void initialize();
  /// Integrates to time t (adaptive steps); throws NumericalError if the state stops being finite.
  void advance_to(double t);
  State state() const;
  double time() const { return t_; }
  std::size_t steps_taken() const { return steps_; }
  /// True once the fourth moments outgrew p² by 1e200 (above their critical shear rate): they are
  /// reported as NaN from fourth_moments_lost_at() on.
  bool fourth_moments_lost() const { return fourth_lost_; }
  double fourth_moments_lost_at() const { return fourth_lost_at_; }
  /// The right-hand side (tests): y = [n, P (9), M/p² (81, maxwell and bgk)].
  void rhs(const std::vector<double>& y, std::vector<double>& dydt, double t) const;
  const std::vector<double>& vector() const { return y_; }
  /// Restart: state vector, time, and the time the fourth moments were dropped (< 0: not dropped).
  void set(const std::vector<double>& y, double t, double lost_at) {
    y_ = y, t_ = t;
    fourth_lost_ = lost_at >= 0;
    fourth_lost_at_ = lost_at;
  }

 private:
  double zeta(const std::vector<double>& y, const Matrix3& L) const;
  Config config_;
  Kernel kernel_;
  Flow flow_;
  bool fourth_ = false, fourth_lost_ = false;
  double fourth_lost_at_ = 0;
  std::vector<double> y_;
  double t_ = 0, dt_guess_ = 1e-3;
  std::size_t steps_ = 0;
};

}  // namespace noneq::kinetic::boltzmann
