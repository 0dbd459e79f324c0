#include "langevin/forces.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "langevin/potential.hpp"

namespace noneq::langevin {

ForceField::ForceField(const Config& config, const Domain& domain)
    : config_(config), domain_(domain), interacting_(config.interacting()),
      list_range_(config.interacting() ? config.interaction_range() + config.skin : 0.0) {
  if (!interacting_) return;
  // Cells at least one list range wide; in very dilute systems wider, so that a rank never holds
  // many more cells than particles (memory).
  double per_axis_cap = std::pow(std::max(64.0, 4.0 * static_cast<double>(config.particles) / domain.size()),
                                 1.0 / config.dim);
  for (int a = 0; a < config.dim; ++a) {
    const double sub = domain.hi()[a] - domain.lo()[a];
    const int inner = std::max(1, static_cast<int>(std::min(std::floor(sub / list_range_), per_axis_cap)));
    cell_[a] = sub / inner;
    inv_cell_[a] = inner / sub;
    ncell_[a] = inner + 2;
    origin_[a] = domain.lo()[a] - cell_[a];
  }
}

std::size_t ForceField::cell_of(const Particles& p, std::size_t i, bool interior) const {
  std::size_t c = 0;
  for (int a = p.dim - 1; a >= 0; --a) {
    // x - origin >= 0 for owned particles and ghosts (truncation = floor). Owned particles are
    // kept in interior cells even if round-off puts one on the edge of the ghost layer.
    const double u = (p.x[a][i] - origin_[a]) * inv_cell_[a];
    int k = u <= 0 ? 0 : std::min(static_cast<int>(u), ncell_[a] - 1);
    if (interior && ncell_[a] > 1) k = std::clamp(k, 1, ncell_[a] - 2);
    c = c * static_cast<std::size_t>(ncell_[a]) + static_cast<std::size_t>(k);
  }
  return c;
}

void ForceField::bin(const Particles& p, std::size_t first, std::size_t last, bool interior, Cells& cells) const {
  const std::size_t count = static_cast<std::size_t>(ncell_[0]) * ncell_[1] * ncell_[2];
  cells.start.assign(count + 1, 0);
  cells.members.resize(last - first);
  idx_.resize(last - first);
  for (std::size_t i = first; i < last; ++i) {
    const std::size_t c = cell_of(p, i, interior);
    idx_[i - first] = static_cast<std::uint32_t>(c);
    ++cells.start[c + 1];
  }
  for (std::size_t c = 0; c < count; ++c) cells.start[c + 1] += cells.start[c];
  fill_.assign(cells.start.begin(), cells.start.end() - 1);
  for (std::size_t i = first; i < last; ++i) cells.members[fill_[idx_[i - first]]++] = static_cast<std::uint32_t>(i);
}

void ForceField::sort(Particles& p) {
  if (!interacting_ || p.n == 0) return;
  p.ghosts = 0;
  for (int a = 0; a < p.dim; ++a) p.x[a].resize(p.n);
  bin(p, 0, p.n, true, owned_);
  // Within a cell: by id (cells hold a handful of particles: insertion sort).
  std::vector<std::uint32_t> perm(owned_.members.begin(), owned_.members.end());
  const std::size_t cells = owned_.start.size() - 1;
  for (std::size_t c = 0; c < cells; ++c) {
    const std::uint32_t b = owned_.start[c], e = owned_.start[c + 1];
    for (std::uint32_t k = b + 1; k < e; ++k) {
      const std::uint32_t v = perm[k];
      std::uint32_t m = k;
      while (m > b && p.id[perm[m - 1]] > p.id[v]) perm[m] = perm[m - 1], --m;
      perm[m] = v;
    }
  }
  p.permute(perm);
}

void ForceField::build(Particles& p) {
  ++builds_;
  for (int a = 0; a < p.dim; ++a) ref_[a].assign(p.x[a].begin(), p.x[a].begin() + static_cast<long>(p.n));
  if (!interacting_) return;
  // Owned and ghost particles in separate cell grids: owned pairs are found once with a half
  // stencil (same cell with j > i, plus the "forward" half of the neighbouring cells); ghosts,
  // which only live in the outer cell layer, with the full stencil.
  const std::size_t n = p.n;
  bin(p, 0, n, true, owned_);
  bin(p, n, n + p.ghosts, false, ghost_cells_);
  const long nx = ncell_[0], nxy = static_cast<long>(ncell_[0]) * ncell_[1];
  const int zr = p.dim == 3 ? 1 : 0;
  std::vector<long> forward, all;
  for (int dz = -zr; dz <= zr; ++dz)
    for (int dy = -1; dy <= 1; ++dy)
      for (int dx = -1; dx <= 1; ++dx) {
        const long off = dz * nxy + dy * nx + dx;
        all.push_back(off);
        if (dz > 0 || (dz == 0 && (dy > 0 || (dy == 0 && dx > 0)))) forward.push_back(off);
      }
  const double R2 = list_range_ * list_range_;
  half_start_.assign(n + 1, 0);
  ghost_start_.assign(n + 1, 0);
  half_.clear();
  ghost_.clear();
  const double* x = p.x[0].data();
  const double* y = p.x[1].data();
  const double* z = p.dim == 3 ? p.x[2].data() : nullptr;
  auto near = [&](std::size_t i, std::uint32_t j) {
    const double ddx = x[j] - x[i], ddy = y[j] - y[i], ddz = z ? z[j] - z[i] : 0.0;
    return ddx * ddx + ddy * ddy + ddz * ddz < R2;
  };
  for (std::size_t i = 0; i < n; ++i) {
    const long c = static_cast<long>(cell_of(p, i, true));
    for (std::uint32_t k = owned_.start[c]; k < owned_.start[c + 1]; ++k) {
      const std::uint32_t j = owned_.members[k];
      if (j > i && near(i, j)) half_.push_back(j);
    }
    for (long off : forward) {
      const auto c2 = static_cast<std::size_t>(c + off);
      for (std::uint32_t k = owned_.start[c2]; k < owned_.start[c2 + 1]; ++k) {
        const std::uint32_t j = owned_.members[k];
        if (near(i, j)) half_.push_back(j);
      }
    }
    if (p.ghosts)
      for (long off : all) {
        const auto c2 = static_cast<std::size_t>(c + off);
        for (std::uint32_t k = ghost_cells_.start[c2]; k < ghost_cells_.start[c2 + 1]; ++k) {
          const std::uint32_t j = ghost_cells_.members[k];
          if (near(i, j)) ghost_.push_back(j);
        }
      }
    half_start_[i + 1] = static_cast<std::uint32_t>(half_.size());
    ghost_start_[i + 1] = static_cast<std::uint32_t>(ghost_.size());
  }
}

double ForceField::max_displacement2(const Particles& p) const {
  double m = 0;
  for (std::size_t i = 0; i < p.n; ++i) {
    double d2 = 0;
    for (int a = 0; a < p.dim; ++a) {
      const double d = p.x[a][i] - ref_[a][i];
      d2 += d * d;
    }
    if (!(d2 <= m)) m = std::isnan(d2) ? std::numeric_limits<double>::infinity() : d2;
    if (std::isinf(m)) break;
  }
  return m;
}

std::size_t ForceField::argmax_displacement(const Particles& p) const {
  std::size_t best = 0;
  double m = -1;
  for (std::size_t i = 0; i < p.n; ++i) {
    double d2 = 0;
    for (int a = 0; a < p.dim; ++a) {
      const double d = p.x[a][i] - ref_[a][i];
      d2 += d * d;
    }
    if (std::isnan(d2)) return i;
    if (d2 > m) m = d2, best = i;
  }
  return best;
}

template <int D, class Pot>
ForceTotals ForceField::pair_loop(const Pot& pot, Particles& p) const {
  ForceTotals t;
  const std::size_t n = p.n;
  const double rc2 = pot.cutoff2();
  const double* x = p.x[0].data();
  const double* y = p.x[1].data();
  const double* z = D == 3 ? p.x[2].data() : nullptr;
  double* fx = p.f[0].data();
  double* fy = p.f[1].data();
  double* fz = D == 3 ? p.f[2].data() : nullptr;
  double vir = 0, vir_g = 0, en = 0, en_g = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double xi = x[i], yi = y[i], zi = D == 3 ? z[i] : 0.0;
    double fxi = 0, fyi = 0, fzi = 0;
    for (std::uint32_t k = half_start_[i]; k < half_start_[i + 1]; ++k) {
      const std::uint32_t j = half_[k];
      const double dx = x[j] - xi, dy = y[j] - yi, dz = D == 3 ? z[j] - zi : 0.0;
      const double r2 = dx * dx + dy * dy + dz * dz;
      if (r2 >= rc2) continue;
      double u;
      const double ff = pot.evaluate(r2, u);
      fxi -= ff * dx, fyi -= ff * dy;
      fx[j] += ff * dx, fy[j] += ff * dy;
      if constexpr (D == 3) fzi -= ff * dz, fz[j] += ff * dz;
      vir += ff * r2, en += u;
    }
    for (std::uint32_t k = ghost_start_[i]; k < ghost_start_[i + 1]; ++k) {
      const std::uint32_t j = ghost_[k];
      const double dx = x[j] - xi, dy = y[j] - yi, dz = D == 3 ? z[j] - zi : 0.0;
      const double r2 = dx * dx + dy * dy + dz * dz;
      if (r2 >= rc2) continue;
      double u;
      const double ff = pot.evaluate(r2, u);
      fxi -= ff * dx, fyi -= ff * dy;
      if constexpr (D == 3) fzi -= ff * dz;
      vir_g += ff * r2, en_g += u;
    }
    fx[i] += fxi, fy[i] += fyi;
    if constexpr (D == 3) fz[i] += fzi;
  }
  t.virial = vir + 0.5 * vir_g;
  t.potential = en + 0.5 * en_g;
  return t;
}

ForceTotals ForceField::compute(Particles& p, bool include_trap) const {
  for (int a = 0; a < p.dim; ++a) std::fill(p.f[a].begin(), p.f[a].begin() + static_cast<long>(p.n), 0.0);
  ForceTotals t;
  switch (config_.potential) {
    case Potential::Wca:
      t = p.dim == 2 ? pair_loop<2>(Wca(config_.epsilon, config_.sigma), p)
                     : pair_loop<3>(Wca(config_.epsilon, config_.sigma), p);
      break;
    case Potential::None: break;
  }
  if (include_trap && config_.stiffness > 0) {
    // Harmonic trap about the box centre, minimum-image displacement.
    const double k = config_.stiffness;
    for (int a = 0; a < p.dim; ++a) {
      const double L = domain_.box()[a], c = 0.5 * L;
      const double* xa = p.x[a].data();
      double* fa = p.f[a].data();
      double en = 0;
      for (std::size_t i = 0; i < p.n; ++i) {
        double d = xa[i] - c;
        d -= L * std::nearbyint(d / L);
        fa[i] -= k * d;
        en += 0.5 * k * d * d;
      }
      t.potential += en;
    }
  }
  return t;
}

}  // namespace noneq::langevin
