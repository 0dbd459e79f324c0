#pragma once
// Helpers of the noneq-boltzmann-shear tests: configurations from deck text, and runs of the
// solvers through the library that return the derived record rows (observables.hpp layout).
#include <mpi.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/deck.hpp"
#include "kinetic/boltzmann/config.hpp"
#include "kinetic/boltzmann/dsmc.hpp"
#include "kinetic/boltzmann/observables.hpp"
#include "kinetic/boltzmann/test_particle.hpp"

namespace noneq::test {

inline kinetic::boltzmann::Config boltzmann_config(const std::string& text) {
  static const core::Schema schema = kinetic::boltzmann::Config::schema();
  return kinetic::boltzmann::Config::from_deck(core::Deck::from_string(text, "test.ini", schema));
}

/// Offset of a series in a derived row.
inline std::size_t series_offset(const std::string& name) {
  std::size_t at = 0;
  for (const auto& s : kinetic::boltzmann::series_specs()) {
    if (s.name == name) return at;
    std::size_t w = 1;
    for (auto d : s.shape) w *= d;
    at += w;
  }
  throw std::logic_error("no series " + name);
}

/// The State of a DSMC record, as run.cpp builds it (m = 1, two molecules per collision).
inline kinetic::boltzmann::State dsmc_state(const kinetic::boltzmann::VelocitySums& v, double t, double density,
                                            const kinetic::boltzmann::Config& c, std::int64_t samples) {
  kinetic::boltzmann::State st;
  st.time = t;
  st.density = density;
  for (int k = 0; k < 6; ++k) st.pressure[k] = density * v.vv[k] / v.count;
  st.v4 = v.v4 / v.count;
  st.v6 = v.v6 / v.count;
  for (int a = 0; a < 3; ++a) st.vi4[a] = v.vi4[a] / v.count, st.mean_velocity[a] = v.v[a] / v.count;
  if (t > 0) {
    if (c.thermostat == kinetic::boltzmann::Thermostat::Gaussian)
      st.zeta = -v.log_scale / static_cast<double>(samples) / c.interval;
    st.collision_rate = 2 * v.collisions / v.count / c.interval;
  }
  return st;
}

/// Runs DSMC to config.end and returns every record row (t = 0 included).
inline std::vector<std::vector<double>> dsmc_records(const kinetic::boltzmann::Config& c, MPI_Comm comm) {
  using namespace kinetic::boltzmann;
  Dsmc d(c, comm);
  d.initialize();
  const Kernel k = Kernel::from_config(c);
  const Flow f(c.deformation);
  std::vector<std::vector<double>> rows;
  const auto windows = std::llround(c.end / c.interval);
  for (long w = 0; w <= windows; ++w) {
    if (w > 0) d.advance(c.steps_per_record());
    const auto v = d.measure();
    rows.push_back(derive(dsmc_state(v, d.time(), f.density(d.time()), c, d.samples()), c, k, f));
  }
  return rows;
}

struct Estimate {
  double mean = 0, error = 0;
};

/// Batch means of column `q` over rows with time >= from: `batches` batches.
inline Estimate batch_estimate(const std::vector<std::vector<double>>& rows, std::size_t q, double from, int batches) {
  std::vector<double> v;
  for (const auto& r : rows)
    if (r[0] >= from - 1e-9) v.push_back(r[q]);
  const std::size_t per = v.size() / batches;
  std::vector<double> b(batches, 0.0);
  for (int k = 0; k < batches; ++k) {
    for (std::size_t j = 0; j < per; ++j) b[k] += v[v.size() - per * batches + k * per + j];
    b[k] /= static_cast<double>(per);
  }
  Estimate e;
  for (double x : b) e.mean += x / batches;
  double var = 0;
  for (double x : b) var += (x - e.mean) * (x - e.mean) / (batches - 1);
  e.error = std::sqrt(var / batches);
  return e;
}

}  // namespace noneq::test
