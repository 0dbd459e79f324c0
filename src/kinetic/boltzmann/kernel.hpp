#pragma once
// Collision kernels of the homogeneous Boltzmann equation, isotropic scattering:
//   J[f,f] = ∫ dV2 dΩ' B(g) (f1' f2' − f1 f2) / (4π),   B(g) = κ g^γ,
// with total pair-collision rate B(g) (per unit volume). γ = 0: Maxwell molecules, γ = 1: hard
// spheres (exact: hard-sphere scattering is isotropic), other γ: power law ("variable soft sphere"
// with isotropic scattering).
//
// Rates at equilibrium (mass m = 1, g Maxwellian with variance 2T per component):
//   ν_c = n κ <g^γ> = n κ (4T)^{γ/2} Γ((γ+3)/2)/Γ(3/2)           (collisions per particle per time)
//   ν   = p/η_NS = (γ+5)(γ+3)/30 ν_c                              (first Sonine; exact for γ = 0)
// The second follows from d/dt P_xy = (n²κ/4)<g^γ (g²δ/3 − g g)>_xy over Grad's distribution; it
// gives ν = ν_c/2 for Maxwell molecules and p/η = 0.8 ν_c for hard spheres (Chapman–Cowling).
//
// Soft kernels (γ < 0): the rate g^γ is unbounded as g → 0 (the collision frequency stays finite for
// γ > −3). DSMC caps it: B(g) = κ max(g, g_c)^γ with g_c = soft_cutoff·sqrt(T). The cap changes ν
// and ν_c by the amounts returned by cutoff_bias(), printed in the log.
#include "kinetic/boltzmann/config.hpp"

namespace noneq::kinetic::boltzmann {

struct Kernel {
  KernelKind kind = KernelKind::Maxwell;
  double gamma = 0;
  double kappa = 1;        // B(g) = kappa g^gamma
  double soft_cutoff = 0;  // gamma < 0 only (in units of sqrt(T))

  /// κ such that ν(n0 = 1, T0) = nu.
  static Kernel from_config(const Config& c);

  /// ν_c(n, T) and ν(n, T) = p/η_NS.
  double collision_frequency(double n, double T) const;
  double nu(double n, double T) const;
  /// ν/ν_c = (γ+5)(γ+3)/30.
  double nu_over_collision_frequency() const;
  /// B(g) with the soft cap g_c (0: no cap).
  double rate(double g, double g_c) const;
};

/// Relative change of ν (weight g^{γ+6}) and of ν_c (weight g^{γ+2}) caused by capping the kernel
/// below g_c = cutoff sqrt(T), for a Maxwellian at T (independent of T). Both are <= 0.
struct CutoffBias {
  double nu = 0, collision_frequency = 0;
};
CutoffBias cutoff_bias(double gamma, double cutoff);

}  // namespace noneq::kinetic::boltzmann
