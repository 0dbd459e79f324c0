#pragma once
// Scharfetter–Gummel finite-volume fluxes and the generator matrix L (dp/dt = L p).
//
// Edge from cell centre P to Q = P + ℓ e (ℓ = h, or h/2 to an absorbing wall), edge work
//   w = ∫_P^Q (b·e)/D ds = ∫_P^Q (a·e)/D ds − ln(D(Q)/D(P))        (b = a − ∂D, exact in D)
// with 2-point Gauss–Legendre for ∫ a/D (exact for cubic drifts over constant D), and flux density
//   J·e = (D_e/ℓ) [B(−w) p_P − B(w) p_Q],   B(z) = z/(e^z − 1),   D_e = mean of D at the GL points
// (Scharfetter & Gummel 1969; for b = −D∇U the flux vanishes exactly at p ∝ e^{−U}).
// Columns of L sum to zero (mass), off-diagonals are ≥ 0 (positivity under backward Euler).
#include <petscdm.h>
#include <petscmat.h>

#include "fokker_planck/grid.hpp"
#include "fokker_planck/model.hpp"

namespace noneq::fokker_planck {

/// B(z) = z/(e^z − 1), with its Taylor branch near 0 and the right limits for large |z|.
double bernoulli(double z);

struct EdgeFlux {
  double fwd = 0, bwd = 0;  // J·e = fwd p_P − bwd p_Q
  double work = 0;          // w (so that ln(fwd/bwd) = w)
  double d_edge = 0;        // D_e
};

class Fluxes {
 public:
  Fluxes(const Grid& grid, const Model& model) : grid_(grid), model_(model) {}
  /// Edge from the centre of cell `lo` (integer index per axis) to its +axis neighbour (wrapped on
  /// periodic axes). Always evaluated from the lower cell so both sides see identical numbers.
  EdgeFlux interior(int axis, const std::int64_t lo[3], double t) const;
  /// Half edge from the centre of cell `c` to the wall on `side` (−1 lower, +1 upper);
  /// outward flux density = fwd * p_c (the wall holds p = 0).
  EdgeFlux to_wall(int axis, int side, const std::int64_t c[3], double t) const;
  const Grid& grid() const { return grid_; }
  const Model& model() const { return model_; }

 private:
  EdgeFlux edge(int axis, const double P[3], double sign, double length, double t) const;
  double diff(int axis, const double* x, double t) const;
  const Grid& grid_;
  const Model& model_;
};

/// Assembles L at time t into `A` (created by DMCreateMatrix on a DMDA over `grid`), zeroing it
/// first. Each edge is computed once, by the rank owning its lower cell (ADD_VALUES).
void assemble_generator(DM da, Mat A, const Fluxes& fluxes, double t);

}  // namespace noneq::fokker_planck
