#include "kinetic/boltzmann/dsmc.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <optional>

#include "core/collective.hpp"
#include "core/error.hpp"
#include "kinetic/boltzmann/directions.hpp"
#include "kinetic/boltzmann/random.hpp"

namespace noneq::kinetic::boltzmann {

Dsmc::Dsmc(const Config& config, MPI_Comm comm)
    : config_(config), comm_(comm), kernel_(Kernel::from_config(config)), flow_(config.deformation) {
  const SampleLayout layout = sample_layout(config.samples, config.particles, comm, 2, config.deck_name);
  samples_total_ = layout.total;
  rank_dependent_ = layout.rank_dependent;
  samples_.resize(static_cast<std::size_t>(layout.count));
  std::size_t total = 0;
  for (std::int64_t k = 0; k < layout.count; ++k) {
    Sample& s = samples_[k];
    s.index = layout.first + k;
    s.n = layout.size(s.index);
    s.first_id = layout.first_id(s.index);
    total += 3 * static_cast<std::size_t>(s.n);
  }
  velocities_.assign(total, 0.0);
  std::size_t at = 0;
  for (Sample& s : samples_) {
    s.w = std::span<double>(velocities_.data() + at, 3 * static_cast<std::size_t>(s.n));
    at += s.w.size();
  }
}

void Dsmc::initialize() {
  const double T0 = config_.temperature;
  for (Sample& s : samples_) {
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

void Dsmc::advance(std::int64_t steps) {
  core::collectively(comm_, [&] {
    for (Sample& s : samples_)
      for (std::int64_t k = 0; k < steps; ++k) collide(s, step_ + k);
  });
  step_ += steps;
}

namespace {
constexpr std::uint32_t kBatch = 16;  // candidates prepared ahead (a multiple of kDirectionBlock)

// Linear functionals of S for tr(M S Mᵀ) with M = I − τA (A² = 0):
//   tr S − 2τ tr(A S) + τ² tr(A S Aᵀ) = Σ_q S_q (c0_q − 2τ c1_q + τ² c2_q).
struct TraceCoefficients {
  std::array<double, 6> c0{1, 0, 0, 1, 0, 1}, c1{}, c2{};
  explicit TraceCoefficients(const Matrix3& A) {
    c1 = {A[0], A[1] + A[3], A[2] + A[6], A[4], A[5] + A[7], A[8]};
    Matrix3 B{};
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j)
        for (int k = 0; k < 3; ++k) B[3 * j + k] += A[3 * i + j] * A[3 * i + k];
    c2 = {B[0], 2 * B[1], 2 * B[2], B[4], 2 * B[5], B[8]};
  }
  double trace(const Sym3& S, double tau) const {
    double t0 = 0, t1 = 0, t2 = 0;
    for (int q = 0; q < 6; ++q) t0 += c0[q] * S[q], t1 += c1[q] * S[q], t2 += c2[q] * S[q];
    return t0 - 2 * tau * t1 + tau * tau * t2;
  }
};
}  // namespace

struct Dsmc::Batch {
  std::uint32_t i[kBatch], j[kBatch], a[kBatch], b[kBatch], accept[kBatch];
  double nx[kBatch], ny[kBatch], nz[kBatch];
};

void Dsmc::collide(Sample& s, std::int64_t step) {
  const double dt = config_.dt, t0 = static_cast<double>(step) * dt, t1 = t0 + dt;
  const double n = static_cast<double>(s.n);
  const bool maxwell = kernel_.gamma == 0;
  double bmax = kernel_.kappa, g_c = 0;
  if (!maxwell) {
    double sc0, sc1;
    const Matrix3 m0 = transform(s, t0, &sc0), m1 = transform(s, t1, &sc1);
    if (kernel_.gamma > 0) {
      const double gmax = 2 * std::max(sc0 * norm_bound(m0), sc1 * norm_bound(m1)) * s.wmax;
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
                                           step, t0, expected, s.index));
  const auto candidates = static_cast<std::uint32_t>(expected);
  s.remainder = expected - candidates;
  s.candidates += candidates;
  if (candidates == 0) return;
  const double spacing = dt / candidates;
  const bool nilpotent = flow_.nilpotent(), thermostat = config_.thermostat == Thermostat::Gaussian;
  const TraceCoefficients tc(flow_.A());
  const Matrix3& A = flow_.A();
  const Matrix3 ref_inverse = nilpotent ? Matrix3{} : flow_.stretch_inverse(s.t_ref);
  const double target = 3 * n * config_.temperature;
  const auto n32 = static_cast<std::uint64_t>(s.n);
  double* w = s.w.data();

  // Prepares candidates [c0, c0 + count): random words, pair indices (prefetched) and, for Maxwell
  // molecules, the scattering directions.
  auto prepare = [&](std::uint32_t c0, std::uint32_t count, Batch& b) {
    for (std::uint32_t k = 0; k < count; ++k) {
      const auto r = philox(config_.seed, c0 + k, static_cast<std::uint32_t>(s.index), static_cast<std::uint64_t>(step), kCandidate);
      const auto i = static_cast<std::uint32_t>((static_cast<std::uint64_t>(r[0]) * n32) >> 32);
      auto j = static_cast<std::uint32_t>((static_cast<std::uint64_t>(r[1]) * (n32 - 1)) >> 32);
      j += j >= i;
      b.i[k] = i, b.j[k] = j, b.a[k] = r[2], b.b[k] = r[3];
      __builtin_prefetch(w + 3 * static_cast<std::size_t>(i), 1);
      __builtin_prefetch(w + 3 * static_cast<std::size_t>(j), 1);
    }
    if (maxwell) {
      for (std::uint32_t k = count; k < kBatch; ++k) b.a[k] = b.b[k] = 0;
      const std::uint32_t padded = (count + kDirectionBlock - 1) / kDirectionBlock * kDirectionBlock;
      unit_vectors(b.a, b.b, b.nx, b.ny, b.nz, padded);
    }
  };

  Sym3 S = s.s;  // kept in registers: w may alias s.s for the compiler
  Batch batches[2];
  prepare(0, std::min(kBatch, candidates), batches[0]);
  for (std::uint32_t c0 = 0, which = 0; c0 < candidates; c0 += kBatch, which ^= 1) {
    const std::uint32_t count = std::min(kBatch, candidates - c0);
    if (c0 + kBatch < candidates) prepare(c0 + kBatch, std::min(kBatch, candidates - c0 - kBatch), batches[which ^ 1]);
    const Batch& b = batches[which];
    for (std::uint32_t k = 0; k < count; ++k) {
      const std::uint32_t c = c0 + k;
      const double t = t0 + (c + 0.5) * spacing, tau = t - s.t_ref;
      double* wi = w + 3 * static_cast<std::size_t>(b.i[k]);
      double* wj = w + 3 * static_cast<std::size_t>(b.j[k]);
      const double h[3] = {(wi[0] - wj[0]) / 2, (wi[1] - wj[1]) / 2, (wi[2] - wj[2]) / 2};
      double sc, mh[3];
      Matrix3 m;
      if (nilpotent) {  // M = I − τA
        sc = thermostat ? std::sqrt(target / tc.trace(S, tau)) : s.scale;
        mh[0] = h[0] - tau * (A[0] * h[0] + A[1] * h[1] + A[2] * h[2]);
        mh[1] = h[1] - tau * (A[3] * h[0] + A[4] * h[1] + A[5] * h[2]);
        mh[2] = h[2] - tau * (A[6] * h[0] + A[7] * h[1] + A[8] * h[2]);
      } else {
        s.s = S;
        m = transform(s, t, &sc);
        apply(m, h, mh);
      }
      const double g = 2 * sc * std::sqrt(mh[0] * mh[0] + mh[1] * mh[1] + mh[2] * mh[2]);
      double nh[3];
      if (maxwell) {
        nh[0] = b.nx[k], nh[1] = b.ny[k], nh[2] = b.nz[k];
      } else {
        const double rate = kernel_.rate(g, g_c);
        if (rate > bmax) {
          bmax = rate;
          ++majorant_raises_;
        }
        if (uniform(b.a[k]) * bmax >= rate) continue;
        const auto r2 = philox(config_.seed, c, static_cast<std::uint32_t>(s.index), static_cast<std::uint64_t>(step), kDirection);
        direction(r2[0], r2[1], nh);
      }
      // h' = (g/2) K^{-1} n̂,  K^{-1} = M^{-1}/s,  M^{-1} = (I + t_ref A)^{-1} (I + tA).
      double u[3];
      if (nilpotent) {
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
      // S += 2 (h' h'ᵀ − h hᵀ)
      S[0] += 2 * (hp[0] * hp[0] - h[0] * h[0]);
      S[1] += 2 * (hp[0] * hp[1] - h[0] * h[1]);
      S[2] += 2 * (hp[0] * hp[2] - h[0] * h[2]);
      S[3] += 2 * (hp[1] * hp[1] - h[1] * h[1]);
      S[4] += 2 * (hp[1] * hp[2] - h[1] * h[2]);
      S[5] += 2 * (hp[2] * hp[2] - h[2] * h[2]);
      if (kernel_.gamma > 0)
        s.wmax = std::max(s.wmax, std::sqrt(std::max(wi[0] * wi[0] + wi[1] * wi[1] + wi[2] * wi[2],
                                                     wj[0] * wj[0] + wj[1] * wj[1] + wj[2] * wj[2])));
      ++s.collisions;
    }
  }
  s.s = S;
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

VelocitySums Dsmc::measure(Histograms* hist) {
  const double t = time();
  std::vector<VelocitySums> local(samples_.size());
  // A sample that overflowed on one rank must stop every rank before the reduction.
  core::collectively(comm_, [&] { measure_local(t, hist, local); });
  return reduce_samples(local, comm_);
}

void Dsmc::measure_local(double t, Histograms* hist, std::vector<VelocitySums>& local) {
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
    sums.log_scale = std::log(sc / s.scale);
    // Rebase: W = V at t.
    s.s = sums.vv;
    s.t_ref = t;
    s.scale = 1;
    s.wmax = std::sqrt(w2max);
    s.collisions = s.candidates = 0;
  }
}

}  // namespace noneq::kinetic::boltzmann
