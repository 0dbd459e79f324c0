#include "langevin/integrator.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace noneq::langevin {

MapGrid::MapGrid(int d, const std::array<double, 3>& box, double cell) : dim(d) {
  for (int a = 0; a < d; ++a) {
    m[a] = std::max(1, static_cast<int>(std::floor(box[a] / cell)));
    h[a] = box[a] / m[a];
    inv_h[a] = m[a] / box[a];
  }
}

void StepSums::clear() {
  steps = 0;
  epr = active_power = e_dot_f = kinetic = virial = potential = 0;
  std::fill(epr_map.begin(), epr_map.end(), 0.0);
  std::fill(count_map.begin(), count_map.end(), 0.0);
}

Integrator::Integrator(const Config& config, const MapGrid& map) : c_(config), map_(map), noise_(config.seed) {}

void Integrator::first(Particles& p, std::uint64_t step, StepSums& sums) {
  switch (c_.model) {
    case Model::Abp: abp(p, step, sums); break;
    case Model::Aoup: aoup(p, step, sums); break;
    case Model::Underdamped: underdamped(p, step, sums); break;
  }
}

void Integrator::rotate(Particles& p, std::uint64_t step) {
  const std::size_t n = p.n;
  const double sr = std::sqrt(2 * c_.rotational_diffusion * c_.dt);
  if (p.dim == 2) {
    // Third normal of the translation draw (one Philox call per particle and step in 2D).
    double* th = p.theta.data();
    const double* xi = normals_.data();
    const double two_pi = 2 * std::numbers::pi;
    for (std::size_t i = 0; i < n; ++i) {
      double t = th[i] + sr * xi[4 * i + 2];
      th[i] = t - two_pi * std::nearbyint(t / two_pi);
    }
    unit_vectors(th, p.e[0].data(), p.e[1].data(), n);
    return;
  }
  noise_.normals(p.id.data(), n, step, Stream::Rotation, 4, rot_normals_);
  const double* xi = rot_normals_.data();
  double* ex = p.e[0].data();
  double* ey = p.e[1].data();
  double* ez = p.e[2].data();
  for (std::size_t i = 0; i < n; ++i) {
    const double a = xi[4 * i], b = xi[4 * i + 1], c = xi[4 * i + 2];
    const double dot = a * ex[i] + b * ey[i] + c * ez[i];
    double nx = ex[i] + sr * (a - dot * ex[i]), ny = ey[i] + sr * (b - dot * ey[i]), nz = ez[i] + sr * (c - dot * ez[i]);
    const double inv = 1.0 / std::sqrt(nx * nx + ny * ny + nz * nz);
    ex[i] = nx * inv, ey[i] = ny * inv, ez[i] = nz * inv;
  }
}

void Integrator::abp(Particles& p, std::uint64_t step, StepSums& sums) {
  if (p.dim == 2) overdamped_steps<2, false>(p, step, sums);
  else overdamped_steps<3, false>(p, step, sums);
}

void Integrator::aoup(Particles& p, std::uint64_t step, StepSums& sums) {
  if (p.dim == 2) overdamped_steps<2, true>(p, step, sums);
  else overdamped_steps<3, true>(p, step, sums);
}

template <int D, bool OU>
void Integrator::overdamped_steps(Particles& p, std::uint64_t step, StepSums& sums) {
  // One pass over the particles (all axes at once): Euler–Maruyama move with the propulsion u_n,
  // the first half of the Stratonovich increment u_n.dx, the OU update of g (aoup), and the
  // displacement since the last neighbour-list build; then the orientation update (abp) and the
  // second half u_{n+1}.dx.
  const std::size_t n = p.n;
  const double dt = c_.dt, mu = c_.mobility, v0 = c_.v0, s = std::sqrt(2 * c_.translational_diffusion * dt);
  const double rho = std::exp(-dt / c_.persistence_time), q = std::sqrt(-std::expm1(-2 * dt / c_.persistence_time));
  noise_.normals(p.id.data(), n, step, Stream::Translation, 4, normals_);
  // aoup 2D: normals 2, 3 of the same draw drive g; 3D: a separate draw.
  if (OU && D == 3) noise_.normals(p.id.data(), n, step, Stream::Propulsion, 4, rot_normals_);
  const double* zeta = D == 2 ? normals_.data() + 2 : rot_normals_.data();
  dx_.resize(static_cast<std::size_t>(D) * n);
  inc_.resize(n);
  double* X[D];
  double* U[D];  // e (abp) or g (aoup)
  const double* F[D];
  const double* R[D];
  double* DX[D];
  for (int a = 0; a < D; ++a) {
    X[a] = p.x[a].data(), F[a] = p.f[a].data();
    U[a] = OU ? p.g[a].data() : p.e[a].data();
    R[a] = ref_ ? (*ref_)[a].data() : nullptr;
    DX[a] = dx_.data() + static_cast<std::size_t>(a) * n;
  }
  const double* xi = normals_.data();
  double ap = 0, ef = 0, mx = 0;
  for (std::size_t i = 0; i < n; ++i) {
    double inc = 0, d2 = 0;
    for (int a = 0; a < D; ++a) {
      const double u = v0 * U[a][i], f = F[a][i];
      const double step_x = (u + mu * f) * dt + s * xi[4 * i + a];
      ap += u * (u + mu * f);
      if (!OU) ef += U[a][i] * f;
      const double x = X[a][i] + step_x;
      X[a][i] = x, DX[a][i] = step_x;
      inc += u * step_x;
      if (OU) {
        const double gn = rho * U[a][i] + q * zeta[4 * i + a];
        inc += v0 * gn * step_x;
        U[a][i] = gn;
      }
      if (ref_) {
        const double d = x - R[a][i];
        d2 += d * d;
      }
    }
    inc_[i] = inc;
    mx = (d2 > mx || d2 != d2) ? d2 : mx;  // NaN sticks
  }
  max_move2_ = std::isnan(mx) ? std::numeric_limits<double>::infinity() : mx;
  const double half_over_d = 0.5 / c_.translational_diffusion;
  double epr = 0;
  if (!OU) {
    rotate(p, step);
    for (std::size_t i = 0; i < n; ++i) {
      double second = 0;
      for (int a = 0; a < D; ++a) second += p.e[a][i] * DX[a][i];
      inc_[i] = half_over_d * (inc_[i] + v0 * second);
      epr += inc_[i];
    }
  } else {
    for (std::size_t i = 0; i < n; ++i) {
      inc_[i] *= half_over_d;
      epr += inc_[i];
    }
  }
  sums.epr += epr, sums.active_power += ap, sums.e_dot_f += ef;
  bin_entropy(p, sums, true);
}

void Integrator::underdamped(Particles& p, std::uint64_t step, StepSums& sums) {
  if (p.dim == 2) underdamped_steps<2>(p, step, sums);
  else underdamped_steps<3>(p, step, sums);
}

template <int D>
void Integrator::underdamped_steps(Particles& p, std::uint64_t step, StepSums& sums) {
  // One pass over the particles (all axes at once): B A O A, the heat of the O step, and the
  // displacement since the last neighbour-list build.
  const std::size_t n = p.n;
  const double dt = c_.dt, m = c_.mass, kT = c_.kT();
  const double c1 = std::exp(-c_.friction * dt / m), c2 = std::sqrt(-std::expm1(-2 * c_.friction * dt / m) * kT / m);
  const double half = 0.5 * dt / m, fa = c_.friction * c_.v0, hdt = 0.5 * dt, inv_kT = 1.0 / kT;
  const bool active = c_.v0 != 0;
  // 2D passive: two normals per particle and step. One Philox call gives four, so steps 2k and
  // 2k+1 share the draw for counter k (first and second pair): the second pair is kept for the
  // next step unless the particles were reordered in between (then it is drawn again — the
  // numbers depend only on (seed, id, step) either way). Otherwise four per step (rotation: third).
  std::size_t per = 4;
  if (D == 2 && !active) {
    per = 2;
    if (step % 2 == 1 && pair_valid_ && pair_step_ == step - 1 && pair_.size() >= 2 * n) {
      normals_.swap(pair_);
    } else {
      noise_.normals(p.id.data(), n, step / 2, Stream::Translation, 4, pair_);
      normals_.resize(2 * n);
      const std::size_t first = step % 2 == 0 ? 0 : 2;
      for (std::size_t i = 0; i < n; ++i) normals_[2 * i] = pair_[4 * i + first], normals_[2 * i + 1] = pair_[4 * i + first + 1];
      if (step % 2 == 0) {  // keep the second pair for step + 1
        for (std::size_t i = 0; i < n; ++i) pair_[2 * i] = pair_[4 * i + 2], pair_[2 * i + 1] = pair_[4 * i + 3];
        pair_valid_ = true, pair_step_ = step;
      } else {
        pair_valid_ = false;
      }
    }
    if (step % 2 == 1) pair_valid_ = false;
  } else {
    noise_.normals(p.id.data(), n, step, Stream::Translation, 4, normals_);
  }
  inc_.resize(n);
  double* X[D];
  double* V[D];
  const double* F[D];
  const double* E[D];
  const double* R[D];
  for (int a = 0; a < D; ++a) {
    X[a] = p.x[a].data(), V[a] = p.v[a].data(), F[a] = p.f[a].data();
    E[a] = active ? p.e[a].data() : nullptr;
    R[a] = ref_ ? (*ref_)[a].data() : nullptr;
  }
  const double* xi = normals_.data();
  double ef = 0, epr = 0, mx = 0;
  for (std::size_t i = 0; i < n; ++i) {
    double heat = 0, d2 = 0;
    for (int a = 0; a < D; ++a) {
      const double fi = F[a][i] + (active ? fa * E[a][i] : 0.0);
      const double vi = V[a][i] + half * fi;          // B
      double x = X[a][i] + hdt * vi;                  // A
      const double vn = c1 * vi + c2 * xi[per * i + a];  // O (exact)
      heat += vn * vn - vi * vi;
      x += hdt * vn;                                  // A
      X[a][i] = x, V[a][i] = vn;
      if (active) ef += E[a][i] * F[a][i];
      if (ref_) {
        const double d = x - R[a][i];
        d2 += d * d;
      }
    }
    const double ent = -0.5 * m * heat * inv_kT;  // heat from the bath / kT, with a minus sign
    inc_[i] = ent;
    epr += ent;
    mx = (d2 > mx || d2 != d2) ? d2 : mx;  // NaN sticks
  }
  max_move2_ = std::isnan(mx) ? std::numeric_limits<double>::infinity() : mx;
  sums.epr += epr, sums.e_dot_f += ef;
  if (active) rotate(p, step);
  bin_entropy(p, sums, false);
}

void Integrator::second(Particles& p, StepSums& sums) {
  ++sums.steps;
  if (c_.model != Model::Underdamped) return;
  const std::size_t n = p.n;
  const double half = 0.5 * c_.dt / c_.mass, fa = c_.friction * c_.v0, m = c_.mass;
  const bool active = c_.v0 != 0;
  double kin = 0;
  for (int a = 0; a < p.dim; ++a) {
    double* v = p.v[a].data();
    const double* f = p.f[a].data();
    const double* e = active ? p.e[a].data() : nullptr;
    for (std::size_t i = 0; i < n; ++i) {
      v[i] += half * (f[i] + (e ? fa * e[i] : 0.0));
      kin += m * v[i] * v[i];
    }
  }
  sums.kinetic += kin;
}

void Integrator::particles_reordered() { pair_valid_ = false; }

void Integrator::cache_cells(const Particles& p) {
  particles_reordered();
  cells_.resize(p.n);
  const bool three = p.dim == 3;
  for (std::size_t i = 0; i < p.n; ++i)
    cells_[i] = static_cast<std::uint32_t>(map_.index(p.x[0][i], p.x[1][i], three ? p.x[2][i] : 0.0));
  cells_cached_ = true;
}

void Integrator::bin_entropy(const Particles& p, StepSums& sums, bool start_positions) {
  if (sums.count_map.empty()) return;
  const std::size_t n = p.n;
  if (cells_cached_ && cells_.size() == n) {
    // Interacting systems: the map cell of each particle is taken at the last neighbour-list build
    // (positions within skin/2 of the current ones), refreshed by cache_cells().
    double* em = sums.epr_map.data();
    double* cm = sums.count_map.data();
    for (std::size_t i = 0; i < n; ++i) em[cells_[i]] += inc_[i], cm[cells_[i]] += 1;
    return;
  }
  const bool three = p.dim == 3;
  for (std::size_t i = 0; i < n; ++i) {
    double x = p.x[0][i], y = p.x[1][i], z = three ? p.x[2][i] : 0.0;
    if (start_positions) {
      x -= dx_[i], y -= dx_[n + i];
      if (three) z -= dx_[2 * n + i];
    }
    const std::size_t c = map_.index(x, y, z);
    sums.epr_map[c] += inc_[i];
    sums.count_map[c] += 1;
  }
}

}  // namespace noneq::langevin
