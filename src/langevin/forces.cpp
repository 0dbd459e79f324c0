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
  for (int a = 0; a < config.dim; ++a) {
    const double sub = domain.hi()[a] - domain.lo()[a];
    const int inner = std::max(1, static_cast<int>(std::floor(sub / list_range_)));
    cell_[a] = sub / inner;
    inv_cell_[a] = inner / sub;
    ncell_[a] = inner + 2;
    origin_[a] = domain.lo()[a] - cell_[a];
  }
}

void ForceField::bin(const Particles& p) {
  const std::size_t total = p.n + p.ghosts;
  const std::size_t cells = static_cast<std::size_t>(ncell_[0]) * ncell_[1] * ncell_[2];
  cell_start_.assign(cells + 1, 0);
  std::vector<std::uint32_t> idx(total);
  for (std::size_t i = 0; i < total; ++i) {
    std::size_t c = 0;
    for (int a = p.dim - 1; a >= 0; --a) {
      // x - origin >= 0 for owned particles and ghosts (truncation = floor; clamped for safety).
      const double u = (p.x[a][i] - origin_[a]) * inv_cell_[a];
      const int k = u <= 0 ? 0 : std::min(static_cast<int>(u), ncell_[a] - 1);
      c = c * ncell_[a] + k;
    }
    idx[i] = static_cast<std::uint32_t>(c);
    ++cell_start_[c + 1];
  }
  for (std::size_t c = 0; c < cells; ++c) cell_start_[c + 1] += cell_start_[c];
  cell_members_.resize(total);
  std::vector<std::uint32_t> fill(cell_start_.begin(), cell_start_.end() - 1);
  for (std::size_t i = 0; i < total; ++i) cell_members_[fill[idx[i]]++] = static_cast<std::uint32_t>(i);
}

void ForceField::sort(Particles& p) {
  if (!interacting_ || p.n == 0) return;
  p.ghosts = 0;
  for (int a = 0; a < p.dim; ++a) p.x[a].resize(p.n);
  bin(p);
  // Within a cell: by id (cells hold a handful of particles: insertion sort).
  std::vector<std::uint32_t> perm(cell_members_.begin(), cell_members_.end());
  const std::size_t cells = cell_start_.size() - 1;
  for (std::size_t c = 0; c < cells; ++c) {
    const std::uint32_t b = cell_start_[c], e = cell_start_[c + 1];
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
  bin(p);
  const double R2 = list_range_ * list_range_;
  const std::size_t n = p.n;
  half_start_.assign(n + 1, 0);
  ghost_start_.assign(n + 1, 0);
  half_.clear();
  ghost_.clear();
  const double* x = p.x[0].data();
  const double* y = p.x[1].data();
  const double* z = p.dim == 3 ? p.x[2].data() : nullptr;
  const int zr = p.dim == 3 ? 1 : 0;
  for (std::size_t i = 0; i < n; ++i) {
    int ci[3] = {0, 0, 0};
    for (int a = 0; a < p.dim; ++a)
      ci[a] = std::clamp(static_cast<int>((p.x[a][i] - origin_[a]) * inv_cell_[a]), 1, ncell_[a] - 2);
    const double xi = x[i], yi = y[i], zi = z ? z[i] : 0.0;
    for (int dz = -zr; dz <= zr; ++dz)
      for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx) {
          const std::size_t c =
              (static_cast<std::size_t>(ci[2] + dz) * ncell_[1] + static_cast<std::size_t>(ci[1] + dy)) * ncell_[0] +
              static_cast<std::size_t>(ci[0] + dx);
          for (std::uint32_t k = cell_start_[c]; k < cell_start_[c + 1]; ++k) {
            const std::uint32_t j = cell_members_[k];
            if (j <= i && j < n) continue;
            const double ddx = x[j] - xi, ddy = y[j] - yi, ddz = z ? z[j] - zi : 0.0;
            if (ddx * ddx + ddy * ddy + ddz * ddz >= R2) continue;
            (j < n ? half_ : ghost_).push_back(j);
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
