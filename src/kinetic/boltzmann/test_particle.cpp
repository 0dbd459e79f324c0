#include "kinetic/boltzmann/test_particle.hpp"

#include <fmt/core.h>

#include <cmath>
#include <optional>

#include "core/error.hpp"
#include "kinetic/boltzmann/random.hpp"

namespace noneq::kinetic::boltzmann {

TestParticles::TestParticles(const Config& config, MPI_Comm comm)
    : config_(config), comm_(comm), kernel_(Kernel::from_config(config)), flow_(config.deformation) {
  if (config.particles >= (std::int64_t{1} << 32))
    throw core::InputError(fmt::format("{}: [test_particle] particles: must be < 2^32, got {}", config.deck_name,
                                       config.particles));
  // Samples are only reduction blocks here (the molecules are independent).
  const SampleLayout layout = sample_layout(config.samples, config.particles, comm, 1, config.deck_name);
  samples_total_ = layout.total;
  rank_dependent_ = layout.rank_dependent;
  block0_ = layout.first;
  first_ = layout.first_id(layout.first);
  for (std::int64_t k = layout.first; k <= layout.first + layout.count; ++k) bounds_.push_back(layout.first_id(k) - first_);
  count_ = bounds_.back();
}

void TestParticles::initialize() {
  // Maxwellian at gas.temperature for mass m: V ~ N(0, T/m); shifted and scaled per block.
  const double s2 = config_.temperature / config_.mass_ratio;
  v_.assign(3 * static_cast<std::size_t>(count_), 0.0);
  for (std::int64_t i = 0; i < count_; ++i) {
    const auto id = static_cast<std::uint64_t>(first_ + i);
    const auto r = philox(config_.seed, static_cast<std::uint32_t>(id), static_cast<std::uint32_t>(id >> 32), 0, kInit);
    double g[4];
    normals(r[0], r[1], g[0], g[1]);
    normals(r[2], r[3], g[2], g[3]);
    for (int a = 0; a < 3; ++a) v_[3 * i + a] = std::sqrt(s2) * g[a];
  }
  for (std::size_t b = 0; b + 1 < bounds_.size(); ++b) {
    const std::int64_t i0 = bounds_[b], i1 = bounds_[b + 1];
    if (i1 - i0 < 2) continue;
    double mean[3] = {0, 0, 0}, e = 0;
    for (std::int64_t i = i0; i < i1; ++i)
      for (int a = 0; a < 3; ++a) mean[a] += v_[3 * i + a] / static_cast<double>(i1 - i0);
    for (std::int64_t i = i0; i < i1; ++i)
      for (int a = 0; a < 3; ++a) {
        v_[3 * i + a] -= mean[a];
        e += v_[3 * i + a] * v_[3 * i + a];
      }
    const double f = std::sqrt(3 * static_cast<double>(i1 - i0) * s2 / e);
    for (std::int64_t i = i0; i < i1; ++i)
      for (int a = 0; a < 3; ++a) v_[3 * i + a] *= f;
  }
  window_ = 0;
}

void TestParticles::advance_window() {
  const double ta = time(), tb = ta + config_.interval;
  const double m = config_.mass_ratio, Tb = config_.background_temperature;
  const double sb = std::sqrt(Tb);  // background molecules have unit mass
  const double gamma = kernel_.gamma;
  const double g_c = gamma < 0 ? config_.soft_cutoff * sb : 0.0;
  // Horizon of one majorant (γ != 0): a tenth of a mean free time of the background.
  // Horizon of one majorant: the whole window for Maxwell molecules in a flow of constant density,
  // otherwise a tenth of a background mean free time.
  const double horizon =
      gamma == 0 && flow_.nilpotent() ? config_.interval : std::min(config_.interval, 0.1 / kernel_.collision_frequency(1, Tb));
  const auto window = static_cast<std::uint64_t>(window_);
  for (std::int64_t i = 0; i < count_; ++i) {
    const auto id = static_cast<std::uint32_t>(first_ + i);
    double* V = &v_[3 * i];
    double tau = ta;
    std::uint32_t event = 0;
    while (tau < tb) {
      const bool last = tb - tau <= horizon;
      const double h = last ? tb - tau : horizon;
      double bmax = kernel_.kappa;
      if (gamma > 0) {
        const double grow = std::max({1.0, norm_bound(flow_.propagator(tau + h, tau)),
                                      norm_bound(flow_.propagator(tau + h / 2, tau))});
        const double vb = grow * std::sqrt(V[0] * V[0] + V[1] * V[1] + V[2] * V[2]);
        bmax = kernel_.kappa * std::pow(vb + 8 * sb, gamma);
      } else if (gamma < 0) {
        bmax = kernel_.kappa * std::pow(g_c, gamma);
      }
      const double rate = std::max(flow_.density(tau), flow_.density(tau + h)) * bmax;
      const auto r = philox(config_.seed, id, event, window, kEvent);
      const auto rb = philox(config_.seed, id, event, window, kBackground);
      ++event;
      const double wait = -std::log(uniform(r[0])) / rate;
      double U[3];
      if (wait >= h) {
        apply(flow_.propagator(tau + h, tau), V, U);
        V[0] = U[0], V[1] = U[1], V[2] = U[2];
        tau = last ? tb : tau + h;
        continue;
      }
      apply(flow_.propagator(tau + wait, tau), V, U);
      V[0] = U[0], V[1] = U[1], V[2] = U[2];
      tau += wait;
      double W[3], spare;
      normals(rb[0], rb[1], W[0], W[1]);
      normals(rb[2], rb[3], W[2], spare);
      for (double& w : W) w *= sb;
      const double g = std::sqrt((V[0] - W[0]) * (V[0] - W[0]) + (V[1] - W[1]) * (V[1] - W[1]) + (V[2] - W[2]) * (V[2] - W[2]));
      const double b = flow_.density(tau) * kernel_.rate(g, g_c);
      if (b > rate) ++raises_;
      if ((gamma != 0 || !flow_.nilpotent()) && uniform(r[1]) * rate >= b) continue;
      double nh[3];
      direction(r[2], r[3], nh);
      for (int a = 0; a < 3; ++a) V[a] = (m * V[a] + W[a]) / (m + 1) + g * nh[a] / (m + 1);
      ++collisions_;
    }
  }
  ++window_;
}

VelocitySums TestParticles::measure(Histograms* hist) {
  std::vector<VelocitySums> local(bounds_.size() - 1);
  for (std::size_t b = 0; b + 1 < bounds_.size(); ++b) {
    const std::int64_t i0 = bounds_[b], i1 = bounds_[b + 1];
    VelocitySums& s = local[b];
    s.count = static_cast<double>(i1 - i0);
    for (std::int64_t i = i0; i < i1; ++i) add_velocity(&v_[3 * i], s);
    if (hist && i1 > i0) {
      const HistogramScale hs(*hist, (s.vv[0] + s.vv[3] + s.vv[5]) / (3 * s.count));
      for (std::int64_t i = i0; i < i1; ++i) add_to_histograms(&v_[3 * i], hs, *hist);
    }
  }
  if (!local.empty()) local.front().collisions = static_cast<double>(collisions_);
  collisions_ = 0;
  const VelocitySums total = reduce_samples(local, comm_);
  if (!(total.vv[0] + total.vv[3] + total.vv[5] < 1e300))
    throw core::NumericalError(fmt::format("t = {:g}: the tagged molecules' temperature has left the range of doubles "
                                           "(above the critical shear rate there is no stationary state)", time()));
  return total;
}

}  // namespace noneq::kinetic::boltzmann
