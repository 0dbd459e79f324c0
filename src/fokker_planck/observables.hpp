#pragma once
// Monitors computed from the distributed density and the scheme's own face fluxes.
//   mass      Σ p V                     mean, covariance   moments of p/mass
//   entropy   −Σ p ln p V  (Shannon, differential)
//   epr       Σ_edges F A ln[(k_PQ p_P)/(k_QP p_Q)]   (Schnakenberg; F = J·e the SG flux density,
//             A the face area; ln(k_PQ/k_QP) = w, so each term is ≥ 0 and the sum → ∫ J·D⁻¹J/p dx
//             as h → 0). Half edges into absorbing walls carry no finite entropy and are left out.
//   survival  mass / initial mass;  outflow  rate of probability leaving through absorbing walls.
#include <petscdm.h>
#include <petscvec.h>

#include <array>
#include <vector>

#include "fokker_planck/operator.hpp"

namespace noneq::fokker_planck {

struct Monitors {
  double time = 0, mass = 0, entropy = 0, epr = 0, survival = 1, outflow = 0;
  double min_p = 0, max_p = 0;
  std::array<double, 3> mean{0, 0, 0};
  std::array<double, 9> covariance{};  // row-major 3x3; the dim×dim block is meaningful
};

class Observer {
 public:
  Observer(DM da, const Fluxes& fluxes);
  /// Collective. If `current` is non-null it receives the cell-centred current, this rank's block
  /// in C order with the component last: [zm][ym][xm][dim].
  Monitors compute(Vec p, double t, double mass0, std::vector<double>* current = nullptr);
  /// Diagonal diffusion at the cell centres of this rank's block: [zm][ym][xm][dim].
  std::vector<double> diffusion(double t) const;

 private:
  DM da_;
  const Fluxes& fluxes_;
  Vec local_ = nullptr;  // ghosted work vector (owned)
 public:
  ~Observer();
  Observer(const Observer&) = delete;
  Observer& operator=(const Observer&) = delete;
};

}  // namespace noneq::fokker_planck
