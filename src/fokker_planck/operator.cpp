#include "fokker_planck/operator.hpp"

#include <fmt/core.h>
#include <petscdmda.h>

#include <cmath>

#include "core/collective.hpp"
#include "core/error.hpp"
#include "core/runtime.hpp"

namespace noneq::fokker_planck {

double bernoulli(double z) {
  const double az = std::fabs(z);
  if (az < 1e-3) return 1.0 - z / 2.0 + z * z / 12.0 - z * z * z * z / 720.0;
  if (z > 700.0) return z * std::exp(-z);  // e^z − 1 ≈ e^z
  if (z < -700.0) return -z;                // e^z → 0
  return z / std::expm1(z);
}

double Fluxes::diff(int axis, const double* x, double t) const {
  const double d = model_.diffusion(axis, x, t);
  if (!(d > 0) || !std::isfinite(d))
    throw core::InputError(fmt::format(
        "[model] diffusion (axis {}) must be positive and finite, got {} at x = ({:g}, {:g}, {:g}), t = {:g}",
        axis + 1, d, x[0], x[1], x[2], t));
  return d;
}

EdgeFlux Fluxes::edge(int axis, const double P[3], double sign, double length, double t) const {
  static const double g = 0.5 / std::sqrt(3.0);
  double x[3] = {P[0], P[1], P[2]};
  // D independent of x (e.g. constant): evaluated once per edge instead of four times.
  const bool constant_d = model_.constant_diffusion(axis);
  const double DP = diff(axis, x, t);
  double integral = 0, dsum = 0;
  for (double s : {0.5 - g, 0.5 + g}) {
    x[axis] = grid_.wrap(axis, P[axis] + sign * s * length);
    const double D = constant_d ? DP : diff(axis, x, t);
    integral += sign * model_.drift(axis, x, t) / D;
    dsum += D;
  }
  x[axis] = grid_.wrap(axis, P[axis] + sign * length);
  const double DQ = constant_d ? DP : diff(axis, x, t);
  EdgeFlux e;
  e.work = 0.5 * length * integral - std::log(DQ / DP);
  e.d_edge = 0.5 * dsum;
  e.fwd = e.d_edge * bernoulli(-e.work) / length;
  e.bwd = e.d_edge * bernoulli(e.work) / length;
  if (!std::isfinite(e.fwd) || !std::isfinite(e.bwd))
    throw core::NumericalError(fmt::format(
        "non-finite edge flux on axis {} at x = ({:g}, {:g}, {:g}), t = {:g} (drift not finite there?)",
        axis + 1, P[0], P[1], P[2], t));
  return e;
}

EdgeFlux Fluxes::interior(int axis, const std::int64_t lo[3], double t) const {
  const double P[3] = {grid_.center(0, lo[0]), grid_.center(1, lo[1]), grid_.center(2, lo[2])};
  return edge(axis, P, +1.0, grid_.h[axis], t);
}

EdgeFlux Fluxes::to_wall(int axis, int side, const std::int64_t c[3], double t) const {
  const double P[3] = {grid_.center(0, c[0]), grid_.center(1, c[1]), grid_.center(2, c[2])};
  return edge(axis, P, side < 0 ? -1.0 : 1.0, 0.5 * grid_.h[axis], t);
}

void assemble_generator(DM da, Mat A, const Fluxes& fluxes, double t) {
  const Grid& g = fluxes.grid();
  PetscInt xs, ys, zs, xm, ym, zm;
  NONEQ_PETSC(DMDAGetCorners(da, &xs, &ys, &zs, &xm, &ym, &zm));
  NONEQ_PETSC(MatZeroEntries(A));
  const bool periodic[3] = {g.boundary[0] == Boundary::Periodic, g.boundary[1] == Boundary::Periodic,
                            g.boundary[2] == Boundary::Periodic};
  // Coefficients are evaluated rank by rank: a bad value (non-positive D, non-finite drift,
  // e.g. only at a later time t) on one rank must stop every rank, not leave them waiting in
  // the assembly below.
  MPI_Comm comm = PetscObjectComm(reinterpret_cast<PetscObject>(A));
  const std::string prefix = fluxes.model().deck_name().empty() ? "" : fluxes.model().deck_name() + ": ";
  core::collectively(comm, [&] {
    for (PetscInt k = zs; k < zs + zm; ++k)
      for (PetscInt j = ys; j < ys + ym; ++j)
        for (PetscInt i = xs; i < xs + xm; ++i) {
          const std::int64_t c[3] = {i, j, k};
          MatStencil row{};
          row.i = i, row.j = j, row.k = k;
          for (int a = 0; a < g.dim; ++a) {
            const double inv_h = 1.0 / g.h[a];
            // + face: edge to the next cell (or the wall).
            if (c[a] + 1 < g.n[a] || periodic[a]) {
              const EdgeFlux e = fluxes.interior(a, c, t);
              MatStencil nb = row;
              PetscInt* idx = a == 0 ? &nb.i : a == 1 ? &nb.j : &nb.k;
              // Unwrapped index: DMDA maps n (periodic seam) through its ghost region; a wrapped 0
              // would lie outside the ghost box of every rank but the first.
              *idx = static_cast<PetscInt>(c[a] + 1);
              MatStencil rows[2] = {row, nb};
              // Row P: −fwd p_P + bwd p_Q; row Q: +fwd p_P − bwd p_Q.
              const PetscScalar vals_p[2] = {-e.fwd * inv_h, e.bwd * inv_h};
              const PetscScalar vals_q[2] = {e.fwd * inv_h, -e.bwd * inv_h};
              NONEQ_PETSC(MatSetValuesStencil(A, 1, &rows[0], 2, rows, vals_p, ADD_VALUES));
              NONEQ_PETSC(MatSetValuesStencil(A, 1, &rows[1], 2, rows, vals_q, ADD_VALUES));
            } else if (g.boundary[a] == Boundary::Absorbing) {
              const EdgeFlux e = fluxes.to_wall(a, +1, c, t);
              const PetscScalar v = -e.fwd * inv_h;
              NONEQ_PETSC(MatSetValuesStencil(A, 1, &row, 1, &row, &v, ADD_VALUES));
            }
            // − wall (the interior − face belongs to the lower neighbour's + face).
            if (c[a] == 0 && g.boundary[a] == Boundary::Absorbing) {
              const EdgeFlux e = fluxes.to_wall(a, -1, c, t);
              const PetscScalar v = -e.fwd * inv_h;
              NONEQ_PETSC(MatSetValuesStencil(A, 1, &row, 1, &row, &v, ADD_VALUES));
            }
          }
        }
  }, prefix);
  NONEQ_PETSC(MatAssemblyBegin(A, MAT_FINAL_ASSEMBLY));
  NONEQ_PETSC(MatAssemblyEnd(A, MAT_FINAL_ASSEMBLY));
}

}  // namespace noneq::fokker_planck
