#include "kinetic/boltzmann/dsmc.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <optional>

#include "core/error.hpp"
#include "kinetic/boltzmann/random.hpp"

namespace noneq::kinetic::boltzmann {

std::int64_t Dsmc::block_first(std::int64_t S, int P, int r) { return sample_block_first(S, P, r); }

Dsmc::Dsmc(const Config& config, MPI_Comm comm)
    : config_(config), comm_(comm), kernel_(Kernel::from_config(config)), flow_(config.deformation) {
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  samples_total_ = config.samples > 0 ? config.samples : size;
  if (samples_total_ < size)
    throw core::InputError(fmt::format("{}: [dsmc] samples: {} samples cannot be spread over {} ranks (need samples >= "
                                       "ranks, or 0 for one per rank)", config.deck_name, samples_total_, size));
  const std::int64_t N = config.particles, S = samples_total_;
  if (N / S < 2)
    throw core::InputError(fmt::format("{}: [dsmc] particles: {} molecules in {} samples leave fewer than 2 per sample",
                                       config.deck_name, N, S));
  if ((N + S - 1) / S >= (std::int64_t{1} << 32))
    throw core::InputError(fmt::format("{}: [dsmc] samples: more than 2^32 molecules per sample; raise samples",
                                       config.deck_name));
  const std::int64_t first = block_first(S, size, rank), count = block_first(S, size, rank + 1) - first;
  samples_.resize(static_cast<std::size_t>(count));
  for (std::int64_t k = 0; k < count; ++k) {
    Sample& s = samples_[k];
    s.index = first + k;
    s.n = N / S + (s.index < N % S ? 1 : 0);
    s.first_id = s.index * (N / S) + std::min(s.index, N % S);
  }
}

void Dsmc::initialize() {
  const double T0 = config_.temperature;
  for (Sample& s : samples_) {
    s.w.assign(3 * static_cast<std::size_t>(s.n), 0.0);
    for (std::int64_t i = 0; i < s.n; ++i) {
      const std::uint64_t id = static_cast<std::uint64_t>(s.first_id + i);
      const auto r0 = philox(config_.seed, static_cast<std::uint32_t>(id), static_cast<std::uint32_t>(id >> 32), 0, kInit);
      const auto r1 = philox(config_.seed, static_cast<std::uint32_t>(id), static_cast<std::uint32_t>(id >> 32), 1, kInit);
      double g[4];
      normals(r0[0], r0[1], g[0], g[1]);
      normals(r0[2], r0[3], g[2], g[3]);
      double* w = &s.w[3 * i];
      if (config_.initial == InitialDistribution::Maxwellian) {
        for (int a = 0; a < 3; ++a) w[a] = std::sqrt(T0) * g[a];
      } else {
        // BKW at K: mixture of a Maxwellian at K T0 (weight (5K−3)/(2K)) and of |V|²/(K T0) ~ χ²_5
        // with a uniform direction (weight 3(1−K)/(2K)).
        const double K = config_.bkw_k;
        if (uniform(r1[0]) < (5 * K - 3) / (2 * K)) {
          for (int a = 0; a < 3; ++a) w[a] = std::sqrt(K * T0) * g[a];
        } else {
          const auto r2 = philox(config_.seed, static_cast<std::uint32_t>(id), static_cast<std::uint32_t>(id >> 32), 2, kInit);
          double g4, g5;
          normals(r1[1], r1[2], g4, g5);
          const double chi2 = g[0] * g[0] + g[1] * g[1] + g[2] * g[2] + g[3] * g[3] + g4 * g4;
          double n[3];
          direction(r2[0], r2[1], n);
          for (int a = 0; a < 3; ++a) w[a] = std::sqrt(K * T0 * chi2) * n[a];
        }
      }
    }
    // Zero momentum and exactly T0 in each sample.
    double mean[3] = {0, 0, 0};
    for (std::int64_t i = 0; i < s.n; ++i)
      for (int a = 0; a < 3; ++a) mean[a] += s.w[3 * i + a];
    for (double& m : mean) m /= static_cast<double>(s.n);
    double e = 0;
    for (std::int64_t i = 0; i < s.n; ++i)
      for (int a = 0; a < 3; ++a) {
        s.w[3 * i + a] -= mean[a];
        e += s.w[3 * i + a] * s.w[3 * i + a];
      }
    const double f = std::sqrt(3 * static_cast<double>(s.n) * T0 / e);
    s.s = {};
    double w2max = 0;
    for (std::int64_t i = 0; i < s.n; ++i) {
      double* w = &s.w[3 * i];
      for (int a = 0; a < 3; ++a) w[a] *= f;
      s.s[0] += w[0] * w[0], s.s[1] += w[0] * w[1], s.s[2] += w[0] * w[2];
      s.s[3] += w[1] * w[1], s.s[4] += w[1] * w[2], s.s[5] += w[2] * w[2];
      w2max = std::max(w2max, w[0] * w[0] + w[1] * w[1] + w[2] * w[2]);
    }
    s.wmax = std::sqrt(w2max);
    s.t_ref = 0;
    s.scale = 1;
    s.remainder = 0;
  }
  step_ = 0;
}

Matrix3 Dsmc::transform(const Sample& s, double t, double* scale) const {
  const Matrix3 m = flow_.propagator(t, s.t_ref);
  if (config_.thermostat == Thermostat::Gaussian) {
    *scale = std::sqrt(3 * static_cast<double>(s.n) * config_.temperature / trace_congruence(m, s.s));
  } else {
    *scale = s.scale;
  }
  return m;
}

void Dsmc::step() {
  for (Sample& s : samples_) collide(s);
  ++step_;
}

void Dsmc::collide(Sample& s) {
  const double dt = config_.dt, t0 = static_cast<double>(step_) * dt, t1 = t0 + dt;
  const double n = static_cast<double>(s.n);
  const bool maxwell = kernel_.gamma == 0;
  double bmax = kernel_.kappa, g_c = 0;
  if (!maxwell) {
    double sc0, sc1;
    const Matrix3 m0 = transform(s, t0, &sc0), m1 = transform(s, t1, &sc1);
    if (kernel_.gamma > 0) {
      const double gmax = 2 * std::max(sc0 * frobenius(m0), sc1 * frobenius(m1)) * s.wmax;
      bmax = kernel_.kappa * std::pow(std::max(gmax, 1e-300), kernel_.gamma);
    } else {
      const double T = std::min(sc0 * sc0 * trace_congruence(m0, s.s), sc1 * sc1 * trace_congruence(m1, s.s)) / (3 * n);
      g_c = kernel_.soft_cutoff * std::sqrt(T);
      bmax = kernel_.kappa * std::pow(g_c, kernel_.gamma);
    }
  }
  const double density = flow_.density(t0 + dt / 2);
  const double expected = 0.5 * (n - 1) * bmax * dt * density + s.remainder;
  if (!(expected < 4e9))
    throw core::NumericalError(fmt::format("step {}, t = {:g}: {:.3g} candidate pairs in sample {} (more than 2^32): "
                                           "the time step is far too large for the collision rate",
                                           step_, t0, expected, s.index));
  const auto candidates = static_cast<std::uint32_t>(expected);
  s.remainder = expected - candidates;
  s.candidates += candidates;
  if (candidates == 0) return;
  const double spacing = dt / candidates;
  const Matrix3 ref_inverse = flow_.nilpotent() ? Matrix3{} : flow_.stretch_inverse(s.t_ref);
  const auto n32 = static_cast<std::uint64_t>(s.n);
  double* w = s.w.data();
  for (std::uint32_t c = 0; c < candidates; ++c) {
    const double t = t0 + (c + 0.5) * spacing;
    double sc;
    const Matrix3 m = transform(s, t, &sc);
    const auto r = philox(config_.seed, c, static_cast<std::uint32_t>(s.index), static_cast<std::uint64_t>(step_), kCandidate);
    const std::uint64_t i = (static_cast<std::uint64_t>(r[0]) * n32) >> 32;
    std::uint64_t j = (static_cast<std::uint64_t>(r[1]) * (n32 - 1)) >> 32;
    j += j >= i;
    double* wi = w + 3 * i;
    double* wj = w + 3 * j;
    const double h[3] = {(wi[0] - wj[0]) / 2, (wi[1] - wj[1]) / 2, (wi[2] - wj[2]) / 2};
    double g2[3];
    apply(m, h, g2);  // K (W1 − W2) / 2 / s
    const double g = 2 * sc * std::sqrt(g2[0] * g2[0] + g2[1] * g2[1] + g2[2] * g2[2]);
    double nh[3];
    if (maxwell) {
      direction(r[2], r[3], nh);
    } else {
      const double b = kernel_.rate(g, g_c);
      if (b > bmax) {
        bmax = b;
        ++majorant_raises_;
      }
      if (uniform(r[2]) * bmax >= b) continue;
      const auto r2 = philox(config_.seed, c, static_cast<std::uint32_t>(s.index), static_cast<std::uint64_t>(step_), kDirection);
      direction(r2[0], r2[1], nh);
    }
    // h' = (g/2) K^{-1} n̂,  K^{-1} = M^{-1}/s,  M^{-1} = (I + t_ref A)^{-1} (I + tA).
    double u[3];
    if (flow_.nilpotent()) {
      const double tau = t - s.t_ref;
      const Matrix3& A = flow_.A();
      u[0] = nh[0] + tau * (A[0] * nh[0] + A[1] * nh[1] + A[2] * nh[2]);
      u[1] = nh[1] + tau * (A[3] * nh[0] + A[4] * nh[1] + A[5] * nh[2]);
      u[2] = nh[2] + tau * (A[6] * nh[0] + A[7] * nh[1] + A[8] * nh[2]);
    } else {
      apply(mul(ref_inverse, flow_.stretch(t)), nh, u);
    }
    const double f = g / (2 * sc);
    const double hp[3] = {f * u[0], f * u[1], f * u[2]};
    const double G[3] = {(wi[0] + wj[0]) / 2, (wi[1] + wj[1]) / 2, (wi[2] + wj[2]) / 2};
    for (int a = 0; a < 3; ++a) {
      wi[a] = G[a] + hp[a];
      wj[a] = G[a] - hp[a];
    }
    // S += 2 (h' h'^T − h h^T)
    s.s[0] += 2 * (hp[0] * hp[0] - h[0] * h[0]);
    s.s[1] += 2 * (hp[0] * hp[1] - h[0] * h[1]);
    s.s[2] += 2 * (hp[0] * hp[2] - h[0] * h[2]);
    s.s[3] += 2 * (hp[1] * hp[1] - h[1] * h[1]);
    s.s[4] += 2 * (hp[1] * hp[2] - h[1] * h[2]);
    s.s[5] += 2 * (hp[2] * hp[2] - h[2] * h[2]);
    if (kernel_.gamma > 0)
      s.wmax = std::max(s.wmax, std::sqrt(std::max(wi[0] * wi[0] + wi[1] * wi[1] + wi[2] * wi[2],
                                                   wj[0] * wj[0] + wj[1] * wj[1] + wj[2] * wj[2])));
    ++s.collisions;
  }
}

std::vector<double> Dsmc::velocities(const Sample& s) const {
  double sc;
  const Matrix3 m = transform(s, time(), &sc);
  std::vector<double> v(s.w.size());
  for (std::int64_t i = 0; i < s.n; ++i) {
    apply(m, &s.w[3 * i], &v[3 * i]);
    for (int a = 0; a < 3; ++a) v[3 * i + a] *= sc;
  }
  return v;
}

VelocitySums Dsmc::measure(Histograms* hist, bool record) {
  const double t = time();
  std::vector<VelocitySums> local(samples_.size());
  for (std::size_t k = 0; k < samples_.size(); ++k) {
    Sample& s = samples_[k];
    double sc;
    const Matrix3 m = transform(s, t, &sc);
    Matrix3 km = m;
    for (double& x : km) x *= sc;
    const double n = static_cast<double>(s.n);
    const double T = sc * sc * trace_congruence(m, s.s) / (3 * n);
    if (!std::isfinite(T) || !(T > 0))
      throw core::NumericalError(fmt::format("t = {:g}: temperature of sample {} is {} (the gas has heated beyond the "
                                             "range of doubles, or the flow has collapsed)", t, s.index, T));
    VelocitySums& sums = local[k];
    sums.count = n;
    double w2max = 0;
    std::optional<HistogramScale> hs;
    if (hist) hs.emplace(*hist, T);
    for (std::int64_t i = 0; i < s.n; ++i) {
      double* w = &s.w[3 * i];
      double v[3];
      apply(km, w, v);
      w[0] = v[0], w[1] = v[1], w[2] = v[2];
      add_velocity(v, sums);
      w2max = std::max(w2max, v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
      if (hist) add_to_histograms(v, *hs, *hist);
    }
    sums.collisions = static_cast<double>(s.collisions);
    sums.candidates = static_cast<double>(s.candidates);
    sums.log_scale = s.log_scale + std::log(sc / s.scale);
    // Rebase: W = V at t.
    s.s = sums.vv;
    s.t_ref = t;
    s.scale = 1;
    s.wmax = std::sqrt(w2max);
    if (record) {
      s.collisions = s.candidates = 0;
      s.log_scale = 0;
    } else {
      s.log_scale = sums.log_scale;
    }
  }
  return reduce_samples(local, samples_total_, comm_);
}

}  // namespace noneq::kinetic::boltzmann
