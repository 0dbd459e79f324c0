#pragma once
// Local entropy production of a Fokker–Planck state on a grid.
//
// For dp/dt = -div J with J = b p - D grad p and diagonal D, the entropy production rate is
//   Σ = ∫ σ dx,   σ(x) = J·D⁻¹·J / p = Σ_a J_a² / (D_aa p)        (Seifert, Rep. Prog. Phys. 75, 126001 (2012))
// which is what the solver's Schnakenberg sum over face fluxes converges to as h -> 0.
//
// Guard: where p underflows, J²/p is 0/0 and amplifies round-off. Cells with p <= floor_rel · max(p)
// (default 1e-14, i.e. about 60 ulps of the largest density) get σ = 0; they carry a fraction of
// the mass of order floor_rel · (cells with tiny p), reported as masked_mass.
#include <cstdint>
#include <span>

#include "analysis/grid_spec.hpp"

namespace noneq::analysis {

inline constexpr double kDefaultFloor = 1e-14;

/// floor_rel · max(p) (0 if p is empty or max p <= 0).
double density_floor(std::span<const double> p, double floor_rel);

struct EprFrame {
  double integral = 0;             // Σ_cells σ V (midpoint rule)
  double threshold = 0;            // absolute density floor floor_rel · max p
  std::int64_t masked_cells = 0;   // cells with p <= threshold (σ set to 0)
  double masked_mass = 0;          // Σ_masked p V (negative round-off densities included)
};

/// Fills `sigma` (grid.cells() values) with σ = Σ_a J_a² / (D_a p) and returns its integral.
/// `p`: cells; `J`, `D`: cells · dim, component fastest. Throws core::InputError when p, J or D is
/// not finite at a cell used, or when D_a <= 0 at a cell with J_a != 0 (σ undefined).
EprFrame local_epr(const GridSpec& grid, std::span<const double> p, std::span<const double> J,
                   std::span<const double> D, double floor_rel, std::span<double> sigma);

}  // namespace noneq::analysis
