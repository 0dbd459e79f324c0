#include "fokker_planck/observables.hpp"

#include <petscdmda.h>

#include <cmath>

#include "core/runtime.hpp"

namespace noneq::fokker_planck {

Observer::Observer(DM da, const Fluxes& fluxes) : da_(da), fluxes_(fluxes) {
  NONEQ_PETSC(DMCreateLocalVector(da_, &local_));
}
Observer::~Observer() {
  if (local_) VecDestroy(&local_);
}

namespace {
// Ghosted local array access by global (i, j, k), dimension-independent.
struct LocalView {
  const PetscScalar* data;
  PetscInt gxs, gys, gzs, gxm, gym;
  double operator()(std::int64_t i, std::int64_t j, std::int64_t k) const {
    return data[((k - gzs) * gym + (j - gys)) * gxm + (i - gxs)];
  }
};
}  // namespace

Monitors Observer::compute(Vec p, double t, double mass0, std::vector<double>* current) {
  const Grid& g = fluxes_.grid();
  NONEQ_PETSC(DMGlobalToLocalBegin(da_, p, INSERT_VALUES, local_));
  NONEQ_PETSC(DMGlobalToLocalEnd(da_, p, INSERT_VALUES, local_));
  PetscInt xs, ys, zs, xm, ym, zm, gxs, gys, gzs, gxm, gym, gzm;
  NONEQ_PETSC(DMDAGetCorners(da_, &xs, &ys, &zs, &xm, &ym, &zm));
  NONEQ_PETSC(DMDAGetGhostCorners(da_, &gxs, &gys, &gzs, &gxm, &gym, &gzm));
  const PetscScalar* arr = nullptr;
  NONEQ_PETSC(VecGetArrayRead(local_, &arr));
  const LocalView P{arr, gxs, gys, gzs, gxm, gym};
  const double V = g.cell_volume();
  const int dim = g.dim;
  if (current) current->assign(static_cast<std::size_t>(xm) * ym * zm * dim, 0.0);

  // Sums: mass, first moments, second moments, entropy, epr, outflow.
  double s[16] = {0};
  double pmin = INFINITY, pmax = -INFINITY;
  const bool periodic[3] = {g.boundary[0] == Boundary::Periodic, g.boundary[1] == Boundary::Periodic,
                            g.boundary[2] == Boundary::Periodic};
  std::size_t cell = 0;
  for (PetscInt k = zs; k < zs + zm; ++k)
    for (PetscInt j = ys; j < ys + ym; ++j)
      for (PetscInt i = xs; i < xs + xm; ++i, ++cell) {
        const std::int64_t c[3] = {i, j, k};
        const double pc = P(i, j, k);
        pmin = std::min(pmin, pc), pmax = std::max(pmax, pc);
        const double x[3] = {g.center(0, i), g.center(1, j), g.center(2, k)};
        const double m = pc * V;
        s[0] += m;
        for (int a = 0; a < 3; ++a) s[1 + a] += m * x[a];
        for (int a = 0; a < 3; ++a)
          for (int b = 0; b < 3; ++b) s[4 + 3 * a + b] += m * x[a] * x[b];
        if (pc > 0) s[13] -= m * std::log(pc);
        for (int a = 0; a < dim; ++a) {
          const double area = V / g.h[a];
          double f_minus = 0, f_plus = 0;
          std::int64_t q[3] = {i, j, k};
          if (c[a] + 1 < g.n[a] || periodic[a]) {
            q[a] = c[a] + 1;  // ghost index (DMDA ghosts wrap periodic axes)
            const double pq = P(q[0], q[1], q[2]);
            const EdgeFlux e = fluxes_.interior(a, c, t);
            f_plus = e.fwd * pc - e.bwd * pq;
            if (pc > 1e-300 && pq > 1e-300 && f_plus != 0.0)
              s[14] += f_plus * area * (e.work + std::log(pc / pq));
          } else if (g.boundary[a] == Boundary::Absorbing) {
            f_plus = fluxes_.to_wall(a, +1, c, t).fwd * pc;
            s[15] += f_plus * area;
          }
          if (current) {
            if (c[a] > 0 || periodic[a]) {
              std::int64_t lo[3] = {i, j, k};
              lo[a] = c[a] > 0 ? c[a] - 1 : g.n[a] - 1;
              std::int64_t lg[3] = {i, j, k};
              lg[a] = c[a] - 1;  // ghost index of the lower neighbour
              const EdgeFlux e = fluxes_.interior(a, lo, t);
              f_minus = e.fwd * P(lg[0], lg[1], lg[2]) - e.bwd * pc;
            } else if (g.boundary[a] == Boundary::Absorbing) {
              f_minus = -fluxes_.to_wall(a, -1, c, t).fwd * pc;
            }
          } else if (c[a] == 0 && g.boundary[a] == Boundary::Absorbing) {
            f_minus = -fluxes_.to_wall(a, -1, c, t).fwd * pc;
          }
          if (c[a] == 0 && g.boundary[a] == Boundary::Absorbing) s[15] += -f_minus * area;
          if (current) (*current)[cell * dim + a] = 0.5 * (f_minus + f_plus);
        }
      }
  NONEQ_PETSC(VecRestoreArrayRead(local_, &arr));

  double tot[16];
  MPI_Comm comm;
  NONEQ_PETSC(PetscObjectGetComm(reinterpret_cast<PetscObject>(da_), &comm));
  MPI_Allreduce(s, tot, 16, MPI_DOUBLE, MPI_SUM, comm);
  double mm[2] = {-pmin, pmax}, mmg[2];
  MPI_Allreduce(mm, mmg, 2, MPI_DOUBLE, MPI_MAX, comm);

  Monitors mon;
  mon.time = t;
  mon.mass = tot[0];
  mon.min_p = -mmg[0], mon.max_p = mmg[1];
  const double inv = tot[0] != 0 ? 1.0 / tot[0] : 0.0;
  for (int a = 0; a < 3; ++a) mon.mean[a] = a < dim ? tot[1 + a] * inv : 0.0;
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b)
      mon.covariance[3 * a + b] =
          (a < dim && b < dim) ? tot[4 + 3 * a + b] * inv - mon.mean[a] * mon.mean[b] : 0.0;
  mon.entropy = tot[13];
  mon.epr = tot[14];
  mon.outflow = tot[15];
  mon.survival = mass0 > 0 ? tot[0] / mass0 : 1.0;
  return mon;
}

std::vector<double> Observer::diffusion(double t) const {
  const Grid& g = fluxes_.grid();
  PetscInt xs, ys, zs, xm, ym, zm;
  NONEQ_PETSC(DMDAGetCorners(da_, &xs, &ys, &zs, &xm, &ym, &zm));
  std::vector<double> out(static_cast<std::size_t>(xm) * ym * zm * g.dim);
  std::size_t n = 0;
  for (PetscInt k = zs; k < zs + zm; ++k)
    for (PetscInt j = ys; j < ys + ym; ++j)
      for (PetscInt i = xs; i < xs + xm; ++i) {
        const double x[3] = {g.center(0, i), g.center(1, j), g.center(2, k)};
        for (int a = 0; a < g.dim; ++a) out[n++] = fluxes_.model().diffusion(a, x, t);
      }
  return out;
}

}  // namespace noneq::fokker_planck
