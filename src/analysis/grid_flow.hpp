#pragma once
// Probability flow of a Fokker–Planck state on a grid: the local mean velocity v = J/p and, in 2D,
// the Helmholtz–Hodge split of the current
//   J = ∇φ + ∇⊥ψ + H,   ∇⊥ψ = (∂_y ψ, −∂_x ψ),   Δψ = −ω,   ω = ∂_x J_y − ∂_y J_x
// (Bhatia et al., IEEE TVCG 19, 1386 (2013)). ψ = 0 on non-periodic walls (reflecting or
// absorbing): then J_rot = ∇⊥ψ is tangential there and any flux through an absorbing wall is in
// the gradient part; on periodic axes ψ is periodic. H is the harmonic part: the mean of J_a along
// each periodic axis a (a net current around the torus/channel, which neither ∇φ nor ∇⊥ψ with
// periodic φ, ψ can carry); H = 0 in a box. A stationary current is divergence-free, so in a
// closed box J_grad = J − J_rot − H vanishes up to the O(h²) discretisation error.
//
// Discretisation on the cell-centred grid: ω by central differences (one-sided second order in the
// cells next to a wall); the 5-point Laplacian with ψ = 0 on the wall faces (ghost ψ_{-1} = −ψ_0)
// is diagonalised by FFTW's sine transforms RODFT10/RODFT01 (DST-II/III: the cell-centred siblings
// of RODFT00, whose sample points sit half a cell from a Dirichlet wall) on wall axes and the
// real DFT R2HC/HC2R on periodic axes; ∇⊥ψ by central differences with the same ghosts. J_rot
// converges to ∇⊥ψ at O(h²) (tests/analysis/test_grid_flow.cpp). The stream function is 2D only.
#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "analysis/grid_spec.hpp"

namespace noneq::analysis {

struct VelocityFrame {
  double threshold = 0;           // floor_rel · max p
  std::int64_t valid_cells = 0;   // cells with p > threshold
};

/// v = J/p where p > floor_rel · max p (valid = 1), v = 0 elsewhere (valid = 0).
/// `J`, `v`: cells · dim; `p`, `valid`: cells. Throws core::InputError on non-finite p or J.
VelocityFrame flow_velocity(const GridSpec& grid, std::span<const double> p, std::span<const double> J,
                            double floor_rel, std::span<double> v, std::span<std::uint8_t> valid);

/// (Σ_cells |J|² V)^{1/2} for a cells · dim vector field.
double field_norm(const GridSpec& grid, std::span<const double> J);

struct HodgeParts {
  std::vector<double> psi;      // cells
  std::vector<double> J_rot;    // cells · 2: ∇⊥ψ
  std::vector<double> J_grad;   // cells · 2: J − J_rot − H
  std::array<double, 2> harmonic{0, 0};  // H
  double divergent_fraction = 0;         // ‖J_grad‖ / ‖J‖ (NaN when J = 0)
};

/// Helmholtz–Hodge decomposition on one 2D grid; plans its FFTW transforms once (FFTW_ESTIMATE:
/// deterministic, so results do not depend on the machine load or the rank that computes them).
class HodgeDecomposition {
 public:
  /// Throws core::InputError unless grid.dim == 2 and every wall axis has at least 3 cells.
  explicit HodgeDecomposition(const GridSpec& grid);
  ~HodgeDecomposition();
  HodgeDecomposition(const HodgeDecomposition&) = delete;
  HodgeDecomposition& operator=(const HodgeDecomposition&) = delete;

  /// ω = ∂_x J_y − ∂_y J_x at every cell.
  void vorticity(std::span<const double> J, std::span<double> omega) const;
  /// Solves Δ_h ψ = rhs (5-point, ψ = 0 on wall faces, periodic on periodic axes). On a doubly
  /// periodic grid the mean of rhs is dropped and ψ has zero mean.
  void solve_poisson(std::span<const double> rhs, std::span<double> psi);
  /// J_rot = ∇⊥ψ = (∂_y ψ, −∂_x ψ) with the boundary ghosts of solve_poisson.
  void rotational(std::span<const double> psi, std::span<double> J_rot) const;
  /// All of the above plus the harmonic and gradient parts.
  HodgeParts decompose(std::span<const double> J);

  const GridSpec& grid() const { return grid_; }

 private:
  struct Fft;
  GridSpec grid_;
  std::unique_ptr<Fft> fft_;
};

}  // namespace noneq::analysis
